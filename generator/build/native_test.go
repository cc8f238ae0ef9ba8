package build

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolebook/rolebook/generator/config"
	"github.com/rolebook/rolebook/generator/publish"
	"github.com/rolebook/rolebook/generator/theme"
	"github.com/rolebook/rolebook/internal/synthetic"
	"golang.org/x/tools/txtar"
)

// TestNativePagesMatchTemplates builds handbooks twice, once as they are (content pages
// written by the render package's Go code for the default theme) and once with a copy
// of the default layouts/page.html, section.html and tag.html in templates/ (every page
// through html/template),
// and requires every output file to be identical.
func TestNativePagesMatchTemplates(t *testing.T) {
	layouts := map[string]string{}
	for _, name := range []string{"page.html", "section.html", "tag.html"} {
		b, err := fs.ReadFile(theme.Default(), "layouts/"+name)
		if err != nil {
			t.Fatal(err)
		}
		layouts["templates/layouts/"+name] = string(b)
	}
	tests := []struct {
		name  string
		setup func(t *testing.T, dir string)
		edit  func(cfg *config.Config)
		opts  Options
	}{
		{name: "example", setup: func(t *testing.T, dir string) {
			// The example handbook overrides the footer; without that file its pages
			// take the native path.
			copyTree(t, "../..", dir, "config.toml", "content", "templates")
			if err := os.Remove(filepath.Join(dir, "templates/layouts/partials/footer.html")); err != nil {
				t.Fatal(err)
			}
			gitCommit(t, dir)
		}, edit: func(cfg *config.Config) {
			cfg.EditURL = "https://git.example.com/shop/edit/main/?a=1&b='x'+<y>"
		}, opts: Options{LiveReload: "<script src=\"/_live.js\"></script>"}},
		{name: "synthetic", setup: func(t *testing.T, dir string) {
			if err := synthetic.Write(dir, 300); err != nil {
				t.Fatal(err)
			}
		}},
		// The example as it is: its own footer runs through its template, the rest of
		// each content page is written natively.
		{name: "example with its footer", setup: func(t *testing.T, dir string) {
			copyTree(t, "../..", dir, "config.toml", "content", "templates")
			gitCommit(t, dir)
		}},
		// Every partial the fast writer stands for, overridden by a copy of the default
		// theme's: each runs through its template in the place the writer keeps for it.
		{name: "every partial overridden", setup: func(t *testing.T, dir string) {
			if err := synthetic.Write(dir, 60); err != nil {
				t.Fatal(err)
			}
			files := map[string]string{}
			for _, name := range []string{"list", "header", "breadcrumbs", "meta", "toc", "pager", "footer"} {
				b, err := fs.ReadFile(theme.Default(), "layouts/partials/"+name+".html")
				if err != nil {
					t.Fatal(err)
				}
				files["templates/layouts/partials/"+name+".html"] = string(b)
			}
			if err := synthetic.WriteFiles(dir, files); err != nil {
				t.Fatal(err)
			}
		}, opts: Options{LiveReload: "<script src=\"/_live.js\"></script>"}},
		// Partials of the handbook's own, unlike the default theme's.
		{name: "partials of its own", setup: func(t *testing.T, dir string) {
			extract(t, "testdata/site/languages.txtar", dir)
			err := synthetic.WriteFiles(dir, map[string]string{
				"templates/layouts/partials/list.html":   "{{ range . }}<p>{{ .Title }} <{{ .URL }}></p>{{ end }}",
				"templates/layouts/partials/footer.html": "<footer>{{ .Site.Title }} & {{ .Title }}</footer>",
				"templates/layouts/partials/pager.html":  "{{ with .Next }}<a href=\"{{ .URL }}\">next: {{ .Title }}</a>{{ end }}",
				"templates/layouts/partials/meta.html":   "{{ range .TagRefs }}[{{ .Name }}]{{ end }}",
			})
			if err != nil {
				t.Fatal(err)
			}
		}},
		{name: "hostile", setup: func(t *testing.T, dir string) {
			extract(t, "testdata/hostile/handbook.txtar", dir)
			err := synthetic.WriteFiles(dir, map[string]string{
				"content/guide/_index.md": "+++\ntitle = \"Guide <&>\"\n+++\n",
				"content/guide/tom & jerry's <page>.md": "+++\n" +
					"title = \"Tom & \\\"Jerry\\\" <b>'s</b> +1 \\u00a0 ©\"\n" +
					"description = \"A \\\"quoted\\\" <description> & 'more' + less\"\n" +
					"date = 2024-02-29\n" +
					"tags = [\"c++\", \"<x>\", \"运营 & co\"]\n+++\n" +
					"## 运营 & <b>Ops</b> {#ops:1.x}\n\n## Second 'one'\n\n### Third \"3\"\n\n#### Fourth?\n\nText.\n",
				"content/guide/untitled.md":   "# A heading as title <&>\n\n## Only one\n\nBody.\n",
				"content/guide/ünïcode 页面.md": "+++\ntitle = \"页面\"\n+++\n## 一 二\n## 三\n## 四\n",
			})
			if err != nil {
				t.Fatal(err)
			}
		}},
		{name: "languages", setup: func(t *testing.T, dir string) { extract(t, "testdata/site/languages.txtar", dir) }},
		{name: "markdown", setup: func(t *testing.T, dir string) { extract(t, "testdata/site/markdown.txtar", dir) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := t.TempDir()
			tt.setup(t, src)
			build := func(wantNative bool) map[string][]byte {
				cfg, _, err := config.Load(config.Options{Source: src, Env: func(string) (string, bool) { return "", false }})
				if err != nil {
					t.Fatal(err)
				}
				cfg.Destination = filepath.Join(t.TempDir(), "public")
				if tt.edit != nil {
					tt.edit(cfg)
				}
				res, err := Build(context.Background(), cfg, tt.opts)
				if err != nil {
					t.Fatalf("build: %v\n%v", err, res.Diags)
				}
				if got := res.NativePages > 0; got != wantNative {
					t.Fatalf("%d pages took the fast writer, want them to %v", res.NativePages, map[bool]string{true: "take it", false: "take the templates"}[wantNative])
				}
				return readTree(t, cfg.Destination)
			}
			native := build(true)
			if err := synthetic.WriteFiles(src, layouts); err != nil {
				t.Fatal(err)
			}
			templated := build(false)
			pages := map[string]int{}
			for name, want := range templated {
				got, ok := native[name]
				if !ok {
					t.Errorf("%s: written through the templates only", name)
					continue
				}
				for _, kind := range []string{"page", "section", "tag"} {
					if bytes.Contains(want, []byte(`<body class="kind-`+kind+`">`)) {
						pages[kind]++
					}
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s differs from the templates' output at byte %d:\nnative:    %q\ntemplates: %q",
						name, firstDiff(got, want), around(got, firstDiff(got, want)), around(want, firstDiff(got, want)))
				}
			}
			for name := range native {
				if _, ok := templated[name]; !ok {
					t.Errorf("%s: written natively only", name)
				}
			}
			if pages["page"] == 0 {
				t.Error("no content page was compared")
			}
			t.Logf("compared pages of each kind: %v", pages)
		})
	}
}

func extract(t *testing.T, file, dir string) {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range ar.Files {
		if !strings.HasPrefix(f.Name, "want") && f.Name != "flags" {
			files[f.Name] = string(f.Data)
		}
	}
	if err := synthetic.WriteFiles(dir, files); err != nil {
		t.Fatal(err)
	}
}

// copyTree copies the named files and folders of from into to.
func copyTree(t *testing.T, from, to string, names ...string) {
	t.Helper()
	for _, name := range names {
		err := filepath.WalkDir(filepath.Join(from, name), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(from, p)
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return synthetic.WriteFiles(to, map[string]string{filepath.ToSlash(rel): string(b)})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// gitCommit commits dir's files, so that pages get a "last updated" date; without git
// it does nothing.
func gitCommit(t *testing.T, dir string) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		return
	}
	for _, args := range [][]string{{"init", "-q"}, {"add", "."}, {"commit", "-q", "-m", "handbook"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_DATE=2025-04-01T10:00:00Z", "GIT_COMMITTER_DATE=2025-04-01T10:00:00Z",
			"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com",
			"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
}

// readTree returns the files of a built site (but publish's marker and journal) by
// slash path.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(dir, p)
		if err == nil && filepath.Dir(rel) == "." && strings.HasPrefix(d.Name(), publish.Marker) {
			if d.IsDir() {
				return fs.SkipDir // publish's stage
			}
			return nil // publish's marker and journal
		}
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func firstDiff(a, b []byte) int {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return i
}

func around(b []byte, i int) string {
	lo, hi := max(0, i-60), min(len(b), i+60)
	return string(b[lo:hi])
}
