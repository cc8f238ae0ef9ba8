// Package synthetic writes handbooks for benchmarks and tests: generated ones of n pages
// of about 2 KB of Markdown each in 20 sections (headings, lists, a GFM table, links to
// other pages, Chinese text, a code block), where the same n gives the same files; team
// handbooks with data (WriteTeam); and small ones given file by file. It is used by
// tests and benchmarks only.
package synthetic

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
)

var words = strings.Fields("policy employee manager team leave onboarding payroll benefits review security laptop expense travel holiday remote office contract training mentor feedback goal quarter budget approval request process handbook")

var cjk = []string{"员工手册适用于全体正式员工和实习生。", "请在入职第一周内完成安全培训。", "年假需提前两周通过系统提交申请。", "报销单据须在三十天内提交给财务部门。"}

// WriteFiles writes each file of files (slash path relative to dir -> content) under
// dir, creating folders as needed.
func WriteFiles(dir string, files map[string]string) error {
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Sections is the number of sections the pages are spread over.
const Sections = 20

// PagePath returns the path, relative to content/, of the page numbered i (from 0)
// that Write writes.
func PagePath(i int) string { return fmt.Sprintf("sec-%02d/page-%06d.md", i%Sections, i) }

// Write writes config.toml and content/ of a handbook of n pages under dir.
func Write(dir string, n int) error {
	rng := rand.New(rand.NewSource(42))
	sentence := func() string {
		w := make([]string, 6+rng.Intn(8))
		for i := range w {
			w[i] = words[rng.Intn(len(words))]
		}
		w[rng.Intn(len(w))] = "**" + w[0] + "**"
		return strings.Join(w, " ") + "."
	}
	para := func(k int) string {
		s := make([]string, k)
		for i := range s {
			s[i] = sentence()
		}
		return strings.Join(s, " ")
	}
	write := func(name, text string) error { return WriteFiles(dir, map[string]string{name: text}) }
	if err := write("config.toml", "title = \"Synthetic handbook\"\nbaseURL = \"https://handbook.example.com/\"\n"); err != nil {
		return err
	}
	for s := 0; s < Sections; s++ {
		if err := write(fmt.Sprintf("content/sec-%02d/_index.md", s), fmt.Sprintf("+++\ntitle = \"Section %d\"\nweight = %d\n+++\n\nPolicies.\n", s, s+1)); err != nil {
			return err
		}
	}
	for i := 0; i < n; i++ {
		other := rng.Intn(n)
		var b strings.Builder
		fmt.Fprintf(&b, "+++\ntitle = \"Page %06d\"\nweight = %d\ntags = [\"hr\"]\nrole = \"R-%04d\"\n+++\n\n", i, rng.Intn(1000), rng.Intn(200))
		fmt.Fprintf(&b, "%s\n\n%s %s\n\n## Scope and purpose\n\n%s\n\n- %s\n- %s\n  - %s\n\n## Details\n\n", para(3), cjk[rng.Intn(4)], sentence(), para(3), sentence(), sentence(), sentence())
		fmt.Fprintf(&b, "See [another page](../sec-%02d/page-%06d.md) and [the portal](https://intranet.example.com/p/%d).\n\n", other%Sections, other, i)
		b.WriteString("| Request | Approver | Days |\n|---|---|---:|\n")
		for r := 0; r < 4; r++ {
			fmt.Fprintf(&b, "| %s | %s | %d |\n", words[rng.Intn(len(words))], words[rng.Intn(len(words))], rng.Intn(30))
		}
		fmt.Fprintf(&b, "\n%s\n\n```text\nstep: %d\n```\n\n> **Note:** %s\n\n## Contacts\n\n%s\n", para(2), rng.Intn(10), sentence(), para(2))
		if err := write("content/"+PagePath(i), b.String()); err != nil {
			return err
		}
	}
	return nil
}
