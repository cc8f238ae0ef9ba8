package views_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/rolebook/rolebook/generator/build"
	"github.com/rolebook/rolebook/generator/config"
	"github.com/rolebook/rolebook/internal/synthetic"
)

// matrixJSON is what the test reads of matrix.json.
type matrixJSON struct {
	Stage   string `json:"stage"`
	Current bool   `json:"current"`
	Roles   []struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	} `json:"roles"`
	Duties []struct {
		ID       string            `json:"id"`
		Title    string            `json:"title"`
		Owner    string            `json:"owner"`
		Person   string            `json:"person"`
		Holders  []string          `json:"holders"`
		Letters  map[string]string `json:"letters"`
		Covering bool              `json:"covering"`
	} `json:"duties"`
}

// who is whom a page says to ask about a duty: the person's id (or "" when it names no
// one person) and the owning role's id.
type who struct{ Person, Role string }

// TestViewsAgree builds the example handbook and a generated one at every stage and
// reads every view of the output: each duty's page, /owners/, each person's page (the
// person to ask, and the duties they answer for), the role pages, the matrix page,
// matrix.csv, matrix.json, the calendar feeds, the role print packets and the search
// index must all say the same thing duty by duty, and at the handbook's own stage
// every duty of the example has exactly one person to ask.
func TestViewsAgree(t *testing.T) {
	gen := t.TempDir()
	if err := synthetic.WriteTeam(gen, 30); err != nil {
		t.Fatal(err)
	}
	for _, hb := range []struct {
		name, src string
		stages    []string
		oneEach   string // the stage at which every duty must have one person to ask
	}{
		{"example", filepath.Join("..", ".."), []string{"start", "growth", "scale"}, "growth"},
		{"generated", gen, synthetic.TeamStages, ""},
	} {
		for _, stage := range hb.stages {
			t.Run(hb.name+"/"+stage, func(t *testing.T) {
				t.Parallel()
				pub, folded := buildAt(t, hb.src, stage)
				checkAgreement(t, pub, folded, stage == hb.oneEach)
			})
		}
	}
}

// buildAt builds the handbook at src at the stage, and returns the output folder and
// each duty's owner and person as handbook.Folding gives them: the one answer every
// view must show.
func buildAt(t *testing.T, src, stage string) (string, map[string]who) {
	t.Helper()
	cfg, _, err := config.Load(config.Options{Source: src, Env: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	cfg.Stage, cfg.Quiet = stage, true
	cfg.Rules.Strict = false // other stages than the handbook's own warn about vacancies
	cfg.Destination = filepath.Join(t.TempDir(), "public")
	res, err := build.Build(context.Background(), cfg, build.Options{})
	if err != nil {
		t.Fatalf("build: %v\n%v", err, res.Diags)
	}
	folded := map[string]who{}
	for _, l := range res.Handbook.Fold(stage).Lines() {
		var w who
		if l.Owner != nil {
			w.Role = l.Owner.ID
		}
		if l.Person != nil {
			w.Person = l.Person.ID
		}
		folded[l.Duty.ID] = w
	}
	return cfg.Destination, folded
}

func checkAgreement(t *testing.T, pub string, folded map[string]who, oneEach bool) {
	var m matrixJSON
	b, err := os.ReadFile(filepath.Join(pub, "matrix", "matrix.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if !m.Current || len(m.Duties) == 0 {
		t.Fatalf("matrix.json: current %v, %d duties", m.Current, len(m.Duties))
	}
	want := map[string]who{}
	titles := map[string]string{} // role id -> title
	for _, r := range m.Roles {
		titles[r.ID] = r.Title
	}
	if len(m.Duties) != len(folded) {
		t.Errorf("matrix.json has %d duties, the handbook %d", len(m.Duties), len(folded))
	}
	for _, d := range m.Duties {
		want[d.ID] = who{d.Person, d.Owner}
		if folded[d.ID] != want[d.ID] {
			t.Errorf("matrix.json: duty %s asks %+v, handbook.Fold %+v", d.ID, want[d.ID], folded[d.ID])
		}
		if oneEach && d.Person == "" {
			t.Errorf("duty %s has no one person to ask at the handbook's stage (owner %q, holders %v)", d.ID, d.Owner, d.Holders)
		}
		if d.Owner != "" && !strings.Contains(d.Letters[d.Owner], "A") {
			t.Errorf("matrix.json: duty %s: owner %s has letters %q", d.ID, d.Owner, d.Letters[d.Owner])
		}
		for role, l := range d.Letters {
			if strings.Contains(l, "A") && role != d.Owner {
				t.Errorf("matrix.json: duty %s: %s has A, the owner is %s", d.ID, role, d.Owner)
			}
		}
	}

	// Each duty's page and /owners/.
	for id, w := range want {
		if got := askOn(t, filepath.Join(pub, "duties", id, "index.html"), "dd", "ask"); got != w {
			t.Errorf("duties/%s: asks %+v, matrix.json %+v", id, got, w)
		}
	}
	owners := rowsByID(t, filepath.Join(pub, "owners", "index.html"))
	for id, w := range want {
		if got := owners[id]; got != w {
			t.Errorf("owners: %s asks %+v, matrix.json %+v", id, got, w)
		}
	}
	// The matrix page: the ask column and the letters.
	rows := matrixPage(t, filepath.Join(pub, "matrix", "index.html"))
	if len(rows) != len(want) {
		t.Errorf("the matrix page has %d rows with a person to ask, matrix.json %d duties", len(rows), len(want))
	}
	for id, w := range rows {
		if want[id] != w {
			t.Errorf("matrix page: %s asks %+v, matrix.json %+v", id, w, want[id])
		}
	}
	// People's names, as their pages title them.
	people, _ := filepath.Glob(filepath.Join(pub, "people", "*", "index.html"))
	names := map[string]string{}
	for _, page := range people {
		pid := filepath.Base(filepath.Dir(page))
		if names[pid] = title(t, page); names[pid] == "" {
			t.Fatalf("people/%s has no title", pid)
		}
	}
	// matrix.csv: the owner's title and whom to ask.
	checkCSV(t, pub, m, titles, names)

	// Each person's page: the person to ask for every duty they touch, and the A
	// group holds exactly the duties they are the person to ask for.
	personRows := 0
	answers := map[string][]string{} // person -> duties they answer for, by matrix.json
	for _, d := range m.Duties {
		if d.Person != "" {
			answers[d.Person] = append(answers[d.Person], d.ID)
		}
	}
	for _, page := range people {
		pid := filepath.Base(filepath.Dir(page))
		groups := personPage(t, page)
		personRows += len(groups)
		var a []string
		for _, row := range groups {
			if row.w != want[row.duty] {
				t.Errorf("people/%s: %s asks %+v, matrix.json %+v", pid, row.duty, row.w, want[row.duty])
			}
			if row.letter == "A" {
				a = append(a, row.duty)
			}
		}
		slices.Sort(a)
		slices.Sort(answers[pid])
		if !slices.Equal(a, answers[pid]) {
			t.Errorf("people/%s: accountable for %v, matrix.json says %v", pid, a, answers[pid])
		}
		// The calendar feed holds the duties with A or R that have a recurrence.
		ics, err := os.ReadFile(filepath.Join(filepath.Dir(page), "duties.ics"))
		if err != nil {
			t.Error(err)
			continue
		}
		for _, id := range answers[pid] {
			if !bytes.Contains(ics, []byte("UID:"+id+"."+pid+"@")) && !freeText(t, pub, id) {
				t.Errorf("people/%s/duties.ics lacks %s, which the person answers for", pid, id)
			}
		}
	}

	if len(m.Duties) > 0 && personRows == 0 {
		t.Error("no person's page lists a duty: the pages' markup changed and nothing was compared")
	}

	// Role pages: a present role's A list is the duties it owns.
	owned := map[string][]string{}
	for _, d := range m.Duties {
		if d.Owner != "" {
			owned[d.Owner] = append(owned[d.Owner], d.ID)
		}
	}
	for _, r := range m.Roles {
		got := roleDuties(t, filepath.Join(pub, "roles", r.ID, "index.html"), "duties-a")
		slices.Sort(got)
		slices.Sort(owned[r.ID])
		if !slices.Equal(got, owned[r.ID]) {
			t.Errorf("roles/%s: accountable for %v, matrix.json says %v", r.ID, got, owned[r.ID])
		}
		// The role's onboarding packet asks the same people, for every duty it owns
		// at least.
		packet := printPacket(t, filepath.Join(pub, "roles", r.ID, "print", "index.html"))
		for _, id := range owned[r.ID] {
			if _, ok := packet[id]; !ok {
				t.Errorf("roles/%s/print: no row for %s, which the role owns", r.ID, id)
			}
		}
		for id, w := range packet {
			if want[id] != w {
				t.Errorf("roles/%s/print: %s asks %+v, matrix.json %+v", r.ID, id, w, want[id])
			}
		}
	}

	// Search: a duty's excerpt names the person to ask.
	excerpts := searchDuties(t, pub)
	if len(excerpts) != len(m.Duties) {
		t.Errorf("the search index has %d duties, matrix.json %d", len(excerpts), len(m.Duties))
	}
	for id, excerpt := range excerpts {
		if p := want[id].Person; p != "" && !strings.Contains(excerpt, names[p]) {
			t.Errorf("search: duty %s's excerpt %q does not name %s", id, excerpt, names[p])
		}
	}
}

func parse(t *testing.T, file string) *html.Node {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	n, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, class string) bool {
	return slices.Contains(strings.Fields(attr(n, "class")), class)
}

// walk calls f on n and every node below it, in document order.
func walk(n *html.Node, f func(*html.Node)) {
	f(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

func text(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	})
	return strings.TrimSpace(b.String())
}

// lastSegment returns "x" of "/people/x/" or "/en/roles/x/".
func lastSegment(u string) string {
	parts := strings.Split(strings.Trim(u, "/"), "/")
	return parts[len(parts)-1]
}

// whoIn reads the owner partial's output under n.
func whoIn(n *html.Node) who {
	var w who
	walk(n, func(c *html.Node) {
		if c.Type != html.ElementNode || c.Data != "a" {
			return
		}
		switch {
		case hasClass(c, "person"):
			w.Person = lastSegment(attr(c, "href"))
		case hasClass(c, "owner"):
			w.Role = lastSegment(attr(c, "href"))
		}
	})
	return w
}

// askOn returns whom the element tag.class of the page asks.
func askOn(t *testing.T, file, tag, class string) who {
	var w who
	found := false
	walk(parse(t, file), func(n *html.Node) {
		if !found && n.Type == html.ElementNode && n.Data == tag && hasClass(n, class) {
			w, found = whoIn(n), true
		}
	})
	if !found {
		t.Errorf("%s has no %s.%s", file, tag, class)
	}
	return w
}

// rowsByID reads /owners/: each row's id is a duty id.
func rowsByID(t *testing.T, file string) map[string]who {
	out := map[string]who{}
	walk(parse(t, file), func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "tr" && attr(n, "id") != "" {
			out[attr(n, "id")] = whoIn(n)
		}
	})
	return out
}

// dutyOf returns the duty id of the first link to a duty page under n.
func dutyOf(n *html.Node) string {
	id := ""
	walk(n, func(c *html.Node) {
		if id == "" && c.Type == html.ElementNode && c.Data == "a" && strings.Contains(attr(c, "href"), "/duties/") {
			id = lastSegment(attr(c, "href"))
		}
	})
	return id
}

// matrixPage reads whom the matrix page asks, by duty.
func matrixPage(t *testing.T, file string) map[string]who {
	out := map[string]who{}
	walk(parse(t, file), func(n *html.Node) {
		if n.Type != html.ElementNode || n.Data != "tr" {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && c.Data == "td" && hasClass(c, "ask") {
				out[dutyOf(n)] = whoIn(c)
			}
		}
	})
	return out
}

type personRow struct {
	letter, duty string
	w            who
}

// personPage reads a person's duties: the letter group, the duty and whom to ask.
func personPage(t *testing.T, file string) []personRow {
	var out []personRow
	letter := ""
	walk(parse(t, file), func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		if n.Data == "h3" && strings.HasPrefix(attr(n, "id"), "letter-") {
			letter = strings.ToUpper(strings.TrimPrefix(attr(n, "id"), "letter-"))
		}
		if n.Data == "h2" && letter != "" {
			letter = "" // the growth and skills sections follow the duties
		}
		if n.Data == "tr" && letter != "" {
			var last *html.Node
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode && c.Data == "td" {
					last = c
				}
			}
			if id := dutyOf(n); id != "" && last != nil {
				out = append(out, personRow{letter, id, whoIn(last)})
			}
		}
	})
	return out
}

// roleDuties returns the duties listed under the role page's heading with the id.
func roleDuties(t *testing.T, file, heading string) []string {
	var out []string
	in := false
	walk(parse(t, file), func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		if n.Data == "h3" || n.Data == "h2" {
			in = attr(n, "id") == heading
		}
		if in && n.Data == "li" {
			if id := dutyOf(n); id != "" {
				out = append(out, id)
			}
		}
	})
	return out
}

// printPacket reads whom a role's onboarding packet asks, by duty: its rows carry the
// duty's id in data-duty.
func printPacket(t *testing.T, file string) map[string]who {
	out := map[string]who{}
	walk(parse(t, file), func(n *html.Node) {
		if n.Type != html.ElementNode || n.Data != "table" || !hasClass(n, "print-duties") {
			return
		}
		walk(n, func(r *html.Node) {
			if r.Type != html.ElementNode || r.Data != "tr" {
				return
			}
			var last *html.Node
			for c := r.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode && c.Data == "td" {
					last = c
				}
			}
			if id := attr(r, "data-duty"); last != nil && id != "" {
				out[id] = whoIn(last)
			}
		})
	})
	return out
}

func title(t *testing.T, file string) string {
	s := ""
	walk(parse(t, file), func(n *html.Node) {
		if s == "" && n.Type == html.ElementNode && n.Data == "h1" {
			s = text(n)
		}
	})
	return s
}

// freeText reports whether a duty's cadence is free text (no calendar event).
func freeText(t *testing.T, pub, id string) bool {
	b, err := os.ReadFile(filepath.Join(pub, "duties", id, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range []string{"每天", "每周", "每月", "每季度", "daily", "weekly", "monthly", "quarterly"} {
		if bytes.Contains(b, []byte("<dd>"+kind)) {
			return false
		}
	}
	return true
}

// checkCSV compares matrix.csv with matrix.json: the owner column holds the owner's
// title, the ask column the person's name (or, with no one person, every holder's),
// and each role's letters. names are the people's names by id.
func checkCSV(t *testing.T, pub string, m matrixJSON, titles, names map[string]string) {
	f, err := os.ReadFile(filepath.Join(pub, "matrix", "matrix.csv"))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(f, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs)-1 != len(m.Duties) {
		t.Fatalf("matrix.csv has %d rows, matrix.json %d duties", len(recs)-1, len(m.Duties))
	}
	head := recs[0]
	for i, d := range m.Duties {
		rec := recs[i+1]
		if rec[1] != d.ID {
			t.Errorf("matrix.csv row %d is %s, matrix.json %s", i+2, rec[1], d.ID)
			continue
		}
		if rec[3] != titles[d.Owner] {
			t.Errorf("matrix.csv: %s owner %q, matrix.json %q", d.ID, rec[3], titles[d.Owner])
		}
		switch {
		case d.Person != "":
			if rec[4] != names[d.Person] {
				t.Errorf("matrix.csv: %s asks %q, matrix.json person %q (%q)", d.ID, rec[4], d.Person, names[d.Person])
			}
		case len(d.Holders) > 0:
			for _, h := range d.Holders {
				if !strings.Contains(rec[4], names[h]) {
					t.Errorf("matrix.csv: %s asks %q, without holder %s (%q)", d.ID, rec[4], h, names[h])
				}
			}
		case rec[4] != "":
			t.Errorf("matrix.csv: %s asks %q, matrix.json no one", d.ID, rec[4])
		}
		for j, r := range m.Roles {
			if rec[5+j] != d.Letters[r.ID] {
				t.Errorf("matrix.csv: %s, %s (%s): %q, matrix.json %q", d.ID, r.ID, head[5+j], rec[5+j], d.Letters[r.ID])
			}
		}
	}
}

// searchDuties returns the excerpt of every duty in the default language's index.
func searchDuties(t *testing.T, pub string) map[string]string {
	var manifest struct {
		DocChunks []string `json:"docChunks"`
	}
	b, err := os.ReadFile(filepath.Join(pub, "search", "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &manifest); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, name := range manifest.DocChunks {
		f, err := os.Open(filepath.Join(pub, "search", name))
		if err != nil {
			t.Fatal(err)
		}
		z, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(z)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		var docs [][]any
		if err := json.Unmarshal(data, &docs); err != nil {
			t.Fatal(err)
		}
		for _, d := range docs {
			u, _ := d[0].(string)
			if strings.HasPrefix(u, "/duties/") {
				out[lastSegment(u)], _ = d[3].(string)
			}
		}
	}
	return out
}
