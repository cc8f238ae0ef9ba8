package views_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/rolebook/rolebook/generator/build"
	"github.com/rolebook/rolebook/generator/config"
	"github.com/rolebook/rolebook/generator/fit"
	"github.com/rolebook/rolebook/generator/handbook"
	"github.com/rolebook/rolebook/generator/report"
	"github.com/rolebook/rolebook/internal/synthetic"
)

// TestStaffSitePrivate builds the example handbook and a generated one with the default
// [privacy] and reads every file of the output (HTML, JSON, CSV, calendar feeds, the
// search index decompressed, the sitemap): no fit score, readiness, load or overload of
// a named person may be there. The judgements are computed here as the owner's report
// computes them, and each is looked for beside the person's name. The same build with
// every [privacy] key opted in must show them, so the test can fail.
func TestStaffSitePrivate(t *testing.T) {
	gen := t.TempDir()
	if err := synthetic.WriteTeam(gen, 20); err != nil {
		t.Fatal(err)
	}
	for _, hb := range []struct{ name, src string }{{"example", filepath.Join("..", "..")}, {"generated", gen}} {
		t.Run(hb.name, func(t *testing.T) {
			t.Parallel()
			priv, hbook := buildPrivacy(t, hb.src, config.Privacy{})
			if leaks := judgements(t, priv, hbook); len(leaks) > 0 {
				t.Errorf("the staff site publishes judgements of named people:\n%s", strings.Join(leaks[:min(len(leaks), 20)], "\n"))
			}
			open, _ := buildPrivacy(t, hb.src, config.Privacy{SkillLevels: true, Interests: true, Readiness: true, SkillGaps: true, FitScores: true, Load: true})
			leaks := strings.Join(judgements(t, open, hbook), "\n")
			for _, kind := range []string{"'s fit for ", "'s readiness for ", "'s load at "} {
				if !strings.Contains(leaks, kind) {
					t.Errorf("with every [privacy] key opted in, no %q was found: the test cannot tell", kind)
				}
			}
		})
	}
}

func buildPrivacy(t *testing.T, src string, p config.Privacy) (string, *handbook.Handbook) {
	t.Helper()
	cfg, _, err := config.Load(config.Options{Source: src, Env: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	cfg.Privacy, cfg.Quiet = p, true
	cfg.Destination = filepath.Join(t.TempDir(), "public")
	res, err := build.Build(context.Background(), cfg, build.Options{})
	if err != nil {
		t.Fatalf("build: %v\n%v", err, res.Diags)
	}
	return cfg.Destination, res.Handbook
}

// judgement is a computed number about a named person, as the pages would write it.
type judgement struct {
	person, what string
	marks        []string // any of these beside the person's name is a leak
}

// judgements returns every judgement of a named person found in the output at pub.
func judgements(t *testing.T, pub string, hb *handbook.Handbook) []string {
	var js []judgement
	team := report.NewTeam(hb, report.Options{})
	num := func(x float64) []string {
		r := report.Round(x)
		s := strconv.FormatFloat(r, 'f', -1, 64)
		// Whole numbers are too common in text to count alone: only as the theme
		// marks a score ("<span class="score">50</span>") or a share ("50%").
		if r == float64(int(r)) {
			return []string{`class="score">` + s + `<`}
		}
		return []string{s}
	}
	for _, p := range team.People {
		for _, r := range team.Roles {
			js = append(js, judgement{p.ID, "fit for " + r.ID, num(fit.Score(r, p).Score)})
		}
		for _, s := range team.Growth(p.ID) {
			js = append(js, judgement{p.ID, "readiness for " + s.Role, num(s.Readiness)})
		}
	}
	for _, sl := range team.Loads() {
		for _, l := range sl.Loads {
			if l.Capacity > 0 {
				// A share as text: "85%" before a tag or a space (a URL's "%E5" is not one).
				pct := " " + strconv.Itoa(int(100*l.Hours/l.Capacity+0.5)) + "%"
				js = append(js, judgement{l.Person, "load at " + sl.Stage, append(num(l.Hours), pct+"<", pct+" ", pct+"\n")})
			}
		}
	}
	names := map[string][]string{}
	for _, p := range hb.People {
		for _, n := range p.Name {
			names[p.ID] = append(names[p.ID], html.EscapeString(n))
		}
	}
	var leaks []string
	err := filepath.WalkDir(pub, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if strings.HasSuffix(path, ".gz") {
			z, err := gzip.NewReader(bytes.NewReader(b))
			if err != nil {
				return err
			}
			if b, err = io.ReadAll(z); err != nil {
				return err
			}
		}
		rel, _ := filepath.Rel(pub, path)
		for _, part := range parts(b) {
			for _, j := range js {
				if !containsAny(part, names[j.person]) {
					continue
				}
				for _, m := range j.marks {
					if bytes.Contains(part, []byte(m)) {
						leaks = append(leaks, fmt.Sprintf("%s: %s's %s (%s)", rel, j.person, j.what, m))
					}
				}
			}
		}
		// The theme's marks of a judgement, and the report's JSON keys.
		marks := []string{`class="score"`, `class="load"`, `class="over"`}
		if strings.HasSuffix(path, ".json") {
			marks = []string{`"readiness":`, `"score":`, `"load":`, `"loads":`, `"risks":`, `"hours":`}
		}
		for _, word := range marks {
			if bytes.Contains(b, []byte(word)) {
				leaks = append(leaks, fmt.Sprintf("%s: %s", rel, word))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return leaks
}

// parts splits a file where a person's name and a number could be read together: an
// HTML file by table row, list item and paragraph; any other file by line (CSV rows,
// JSON and calendar lines) or, for one-line files (the search index), by entry.
func parts(b []byte) [][]byte {
	var out [][]byte
	for _, sep := range [][]byte{[]byte("</tr>"), []byte("</li>"), []byte("</p>"), []byte("\n"), []byte("],[")} {
		if bytes.Contains(b, sep) {
			out = append(out, bytes.Split(b, sep)...)
		}
	}
	if out == nil {
		out = [][]byte{b}
	}
	return out
}

func containsAny(b []byte, names []string) bool {
	for _, n := range names {
		if n != "" && bytes.Contains(b, []byte(n)) {
			return true
		}
	}
	return false
}
