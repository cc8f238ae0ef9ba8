package check_test

import (
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"

	"github.com/rolebook/rolebook/generator/check"
	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/handbook"
	"github.com/rolebook/rolebook/generator/load"
)

var update = flag.Bool("update", false, "rewrite the want sections of testdata/*.txtar")

// TestRules runs every case of testdata/: the files under content/ are decoded as
// load would, then handbook.Decode and Run; the diagnostics, printed as the cli prints
// them, must equal the "want" section. A case named after a rule (<rule>.txtar or
// <rule>_<what>.txtar) must report that rule. An "options" section sets
// stage=, max_accountable=, strict=, languages= (the first is the default).
func TestRules(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test cases: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".txtar")
		t.Run(name, func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			items := runCase(t, ar)
			var got strings.Builder
			for _, d := range items {
				got.WriteString(d.String())
				got.WriteByte('\n')
			}
			if *update {
				setSection(ar, "want", got.String())
				if err := os.WriteFile(file, txtar.Format(ar), 0o666); err != nil {
					t.Fatal(err)
				}
				return
			}
			if diff := cmp.Diff(section(ar, "want"), got.String()); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
			rule, _, _ := strings.Cut(name, "_")
			if rule == "valid" {
				return
			}
			found := false
			for _, d := range items {
				found = found || string(d.Rule) == rule
			}
			if !found {
				t.Errorf("no diagnostic of rule %q", rule)
			}
		})
	}
}

func runCase(t *testing.T, ar *txtar.Archive) []diag.Diagnostic {
	t.Helper()
	var all diag.List
	var data []*load.Doc
	var pages []*load.Page
	for _, f := range ar.Files {
		if !strings.HasPrefix(f.Name, "content/") {
			continue
		}
		switch filepath.Ext(f.Name) {
		case ".toml":
			doc, ds := load.DecodeTOML(f.Name, f.Data, 1)
			all.Merge(ds)
			if doc != nil {
				data = append(data, doc)
			}
		case ".md":
			front, body, line, ds := load.Split(f.Name, f.Data)
			all.Merge(ds)
			pages = append(pages, &load.Page{Path: strings.TrimPrefix(f.Name, "content/"), File: f.Name, Front: front, Body: body, BodyLine: line})
		}
	}
	hopts, copts := options(t, section(ar, "options"))
	h, ds := handbook.Decode(data, pages, hopts)
	all.Merge(ds)
	all.Merge(check.Run(h, copts))
	return all.Items()
}

func options(t *testing.T, text string) (handbook.Options, check.Options) {
	var h handbook.Options
	var c check.Options
	for _, line := range strings.Split(text, "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), "=")
		if !ok {
			continue
		}
		switch k {
		case "stage":
			c.Stage = v
		case "max_accountable":
			n, err := strconv.Atoi(v)
			if err != nil {
				t.Fatal(err)
			}
			c.MaxAccountable = n
		case "strict":
			c.Strict = v == "true"
		case "languages":
			h.Languages = strings.Fields(v)
			h.DefaultLanguage = h.Languages[0]
		default:
			t.Fatalf("unknown option %q", k)
		}
	}
	return h, c
}

func section(ar *txtar.Archive, name string) string {
	for _, f := range ar.Files {
		if f.Name == name {
			return string(f.Data)
		}
	}
	return ""
}

func setSection(ar *txtar.Archive, name, text string) {
	for i, f := range ar.Files {
		if f.Name == name {
			ar.Files[i].Data = []byte(text)
			return
		}
	}
	ar.Files = append([]txtar.File{{Name: name, Data: []byte(text)}}, ar.Files...)
}

// TestRunTwice checks that Run has no hidden state: two runs give the same result.
// TestRunTwice runs every case twice (in one process, so no package-level state may
// carry over) and compares the diagnostics.
func TestRunTwice(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txtar")
	if err != nil {
		t.Fatal(err)
	}
	compared := 0
	for _, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		a, b := runCase(t, ar), runCase(t, ar)
		if !cmp.Equal(a, b) {
			t.Errorf("%s: two runs differ:\n%v\n%v", file, a, b)
		}
		if len(a) > 0 {
			compared++
		}
	}
	if compared < 10 {
		t.Errorf("only %d cases report anything: the runs compared say little", compared)
	}
}

// TestStrict checks that Strict turns exactly the warnings into errors.
func TestStrict(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/vacant-role.txtar")
	if err != nil {
		t.Fatal(err)
	}
	items := runCase(t, ar)
	if len(items) == 0 || items[0].Severity != diag.Warning {
		t.Fatalf("want a warning first, got %v", items)
	}
	setSection(ar, "options", section(ar, "options")+"strict=true\n")
	for _, d := range runCase(t, ar) {
		if d.Severity != diag.Error {
			t.Errorf("strict: %v is not an error", d)
		}
	}
}
