package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolebook/rolebook/generator/diag"
)

// FuzzConfig decodes arbitrary config.toml files, seeded from the example handbook's:
// Load never panics; it returns diagnostics in the file, or a Config that keeps the
// promises of the package (a checked baseURL, the default language first, a destination
// inside the handbook, menu entries with a url or a pageRef).
func FuzzConfig(f *testing.F) {
	example, err := os.ReadFile(filepath.Join("..", "..", "config.toml"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(example)
	for _, s := range []string{
		"",
		"BaseURL = \"//evil.example/\"\nPUBLISHDIR = \"../x\"\n",
		"defaultContentLanguage = \"zh\"\nlanguageCode = \"zh-CN\"\n[languages.zh]\n[languages.EN]\nweight = 2\n[[languages.en.menu.main]]\nname = \"Home\"\nurl = \"/\"\n",
		"[[menu.main]]\nname = { en = \"Guide\" }\npageRef = \"guide/\"\nweight = 1\nparent = \"x\"\n[menu.footer]\n",
		"theme = \"x\"\n[permalinks]\nposts = \"/:year/\"\n[markup.goldmark.renderer]\nunsafe = true\nhardWraps = true\n",
		"rules.strict = true\nrules = { max_accountable = 3 }\n[params]\nX = [1, 2]\n",
		"title = \"a\"\nTitle = \"b\"\n[limits]\nmax_file_size = -1\n",
	} {
		f.Add([]byte(s))
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		var list diag.List
		cfg, err := resolve(dir, "config.toml", data, nil, env(nil), &list)
		if err != nil {
			t.Fatalf("error %v is not a diagnostic", err)
		}
		if list.HasErrors() {
			for _, d := range list.Items() {
				if d.Pos.File != "config.toml" || d.Pos.Line < 1 || d.Message == "" {
					t.Errorf("diagnostic without a place in the file or a message: %+v", d)
				}
			}
			return
		}
		if problem, _ := checkBaseURL(cfg.BaseURL); problem != "" || !strings.HasSuffix(cfg.BaseURL, "/") {
			t.Errorf("BaseURL %q: %s", cfg.BaseURL, problem)
		}
		if len(cfg.Languages) == 0 || cfg.Languages[0].Code != cfg.DefaultLanguage {
			t.Errorf("languages %v do not start with the default %q", cfg.LanguageCodes(), cfg.DefaultLanguage)
		}
		seen := map[string]bool{}
		for _, l := range cfg.Languages {
			if !validCode(l.Code) || seen[l.Code] || l.Name == "" {
				t.Errorf("language %+v: invalid, unnamed or twice", l)
			}
			seen[l.Code] = true
			for _, link := range cfg.MainMenu(l.Code) {
				if (link.URL == "") == (link.PageRef == "") {
					t.Errorf("menu link %+v: needs url or pageRef, not both", link)
				}
			}
		}
		if !inside(dir, cfg.Destination) {
			t.Errorf("Destination %q is outside the handbook %q", cfg.Destination, dir)
		}
		if cfg.Limits.MaxFileSize <= 0 || cfg.Rules.MaxAccountable < 0 {
			t.Errorf("limits %+v, rules %+v out of range", cfg.Limits, cfg.Rules)
		}
	})
}
