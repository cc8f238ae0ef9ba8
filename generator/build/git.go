package build

import (
	"bufio"
	"bytes"
	"context"
	"os/exec"
	"strconv"
	"strings"
	"time"

	"github.com/rolebook/rolebook/generator/site"
	"github.com/rolebook/rolebook/generator/views"
)

// gitDates returns, for each file under content/ of the handbook folder dir, the time of
// the last commit that touched it, keyed by its slash path relative to dir
// ("content/guide/x.md"). It runs git once over the history (newest commit first, so
// a file's first appearance is its last change) and returns nil when git is not
// installed or dir is not in a git repository. The dates come from commits, never from
// the clock, so builds stay reproducible.
func gitDates(ctx context.Context, dir string) map[string]time.Time {
	if _, err := exec.LookPath("git"); err != nil {
		return nil
	}
	cmd := exec.CommandContext(ctx, "git", "-c", "core.quotepath=off", "-c", "log.showSignature=false",
		"log", "--name-only", "--relative", "--no-renames", "--format=%x00%ct", "--", "content")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return nil
	}
	return parseGitLog(out)
}

// parseGitLog reads the output of git log --name-only --format=%x00%ct: a NUL and the
// commit time in Unix seconds, then the files the commit touched, one a line.
func parseGitLog(out []byte) map[string]time.Time {
	dates := map[string]time.Time{}
	var current time.Time
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "\x00") {
			sec, err := strconv.ParseInt(strings.TrimSpace(line[1:]), 10, 64)
			if err != nil {
				current = time.Time{}
				continue
			}
			current = time.Unix(sec, 0).UTC()
			continue
		}
		if line == "" || current.IsZero() {
			continue
		}
		if _, seen := dates[line]; !seen {
			dates[line] = current
		}
	}
	return dates
}

// setLastMod gives each page made from a file the date of the file's last commit:
// content pages their Markdown file, role pages their file and translation, person
// pages their file.
func setLastMod(m *Model, dates map[string]time.Time) {
	if len(dates) == 0 {
		return
	}
	latest := func(files ...string) time.Time {
		var t time.Time
		for _, f := range files {
			if d, ok := dates[f]; ok && d.After(t) {
				t = d
			}
		}
		return t
	}
	for _, s := range m.Sites.Sites {
		for _, p := range s.Pages {
			switch {
			case p.Source != nil:
				p.LastMod = latest(p.Source.File)
			case m.Handbook == nil:
			case p.Kind == views.KindRole:
				if r := m.Handbook.Role(dataID(p)); r != nil {
					p.LastMod = latest(r.File, strings.TrimSuffix(r.File, ".md")+"."+p.Lang+".md")
				}
			case p.Kind == views.KindPerson:
				if pe := m.Handbook.Person(dataID(p)); pe != nil {
					p.LastMod = latest(pe.File)
				}
			}
		}
	}
}

func dataID(p *site.Page) string {
	id, _ := p.Data.(string)
	return id
}
