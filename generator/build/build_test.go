package build

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rolebook/rolebook/generator/config"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the want-errors sections of testdata/site/*.txtar")

// TestSites builds each handbook of testdata/site and checks its output. An archive
// holds the handbook's files and expectations:
//
//	-- want/PATH --          every non-empty line must occur in the output file PATH
//	-- want-not/PATH --      no non-empty line may occur in PATH
//	-- want-missing --       each line is an output path that must not exist
//	-- want-errors --        the build must fail with exactly these diagnostics
//	-- flags --              settings: "drafts", "strict"
func TestSites(t *testing.T) {
	files, err := filepath.Glob("testdata/site/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no test archives: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			t.Parallel()
			runSite(t, file)
		})
	}
}

func runSite(t *testing.T, file string) {
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "site")
	var wantErrors *string
	flags := map[string]bool{}
	for _, f := range ar.Files {
		switch {
		case strings.HasPrefix(f.Name, "want"):
			if f.Name == "want-errors" {
				s := string(f.Data)
				wantErrors = &s
			}
			continue
		case f.Name == "flags":
			for _, fl := range strings.Fields(string(f.Data)) {
				flags[fl] = true
			}
			continue
		}
		p := filepath.Join(src, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.MkdirAll(src, 0o755); err != nil {
		t.Fatal(err)
	}
	cfg, _, err := config.Load(config.Options{Source: src, Env: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	cfg.Destination = filepath.Join(dir, "public")
	cfg.Drafts = flags["drafts"]
	if flags["strict"] {
		cfg.Rules.Strict = true
	}
	res, err := Build(context.Background(), cfg, Options{})
	var got strings.Builder
	for _, d := range res.Diags.Items() {
		got.WriteString(d.String() + "\n")
	}
	if wantErrors != nil {
		if err == nil {
			t.Fatalf("build succeeded, want errors:\n%s", *wantErrors)
		}
		if *update {
			rewrite(t, file, ar, got.String())
			return
		}
		if diff := cmp.Diff(*wantErrors, got.String()); diff != "" {
			t.Errorf("diagnostics (-want +got):\n%s", diff)
		}
		if _, err := os.Stat(cfg.Destination); !os.IsNotExist(err) {
			t.Errorf("failed build left %s behind (err %v)", cfg.Destination, err)
		}
		return
	}
	if err != nil {
		t.Fatalf("build: %v\n%s", err, got.String())
	}
	for _, f := range ar.Files {
		name, neg := "", false
		switch {
		case strings.HasPrefix(f.Name, "want/"):
			name = strings.TrimPrefix(f.Name, "want/")
		case strings.HasPrefix(f.Name, "want-not/"):
			name, neg = strings.TrimPrefix(f.Name, "want-not/"), true
		case f.Name == "want-missing":
			for _, line := range lines(f.Data) {
				if _, err := os.Stat(filepath.Join(cfg.Destination, line)); err == nil {
					t.Errorf("%s exists, want it missing", line)
				}
			}
			continue
		default:
			continue
		}
		out, err := os.ReadFile(filepath.Join(cfg.Destination, filepath.FromSlash(name)))
		if err != nil {
			t.Errorf("output: %v", err)
			continue
		}
		for _, line := range lines(f.Data) {
			if strings.Contains(string(out), line) == neg {
				if neg {
					t.Errorf("%s contains %q", name, line)
				} else {
					t.Errorf("%s lacks %q; it is:\n%s", name, line, out)
				}
			}
		}
	}
}

func lines(b []byte) []string {
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func rewrite(t *testing.T, file string, ar *txtar.Archive, errs string) {
	for i := range ar.Files {
		if ar.Files[i].Name == "want-errors" {
			ar.Files[i].Data = []byte(errs)
		}
	}
	if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
		t.Fatal(err)
	}
}
