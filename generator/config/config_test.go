package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rolebook/rolebook/generator/diag"
	"github.com/spf13/pflag"
)

func writeConfig(t *testing.T, text string) string {
	t.Helper()
	dir := t.TempDir()
	if text != "" {
		if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

// TestPrecedence checks that a flag beats the environment, which beats config.toml.
func TestPrecedence(t *testing.T) {
	dir := writeConfig(t, "title = \"File\"\nbaseURL = \"https://file.example/\"\nstage = \"start\"\n[rules]\nstrict = false\nmax_accountable = 3\n")
	flags := pflag.NewFlagSet("build", pflag.ContinueOnError)
	flags.String("baseURL", "", "")
	flags.Bool("drafts", false, "")
	if err := flags.Parse([]string{"--baseURL", "https://flag.example/", "--drafts"}); err != nil {
		t.Fatal(err)
	}
	cfg, err := Load(Options{Source: dir, Flags: flags, Env: env(map[string]string{
		"ROLEBOOK_BASEURL":      "https://env.example/",
		"ROLEBOOK_STAGE":        "growth",
		"ROLEBOOK_RULES_STRICT": "true",
	})})
	if err != nil {
		t.Fatal(err)
	}
	got := []any{cfg.Title, cfg.BaseURL, cfg.Stage, cfg.Rules.Strict, cfg.Rules.MaxAccountable, cfg.Drafts}
	want := []any{"File", "https://flag.example/", "growth", true, 3, true}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("settings (-want +got):\n%s", diff)
	}
	if cfg.Destination != filepath.Join(dir, "public") {
		t.Errorf("Destination = %q, want public inside the source", cfg.Destination)
	}
}

func TestDefaults(t *testing.T) {
	cfg, err := Load(Options{Source: writeConfig(t, ""), Env: env(nil)})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Title != "Handbook" || cfg.BaseURL != "/" || cfg.DefaultLanguage != "en" || cfg.Limits.MaxFileSize != DefaultMaxFileSize {
		t.Errorf("defaults = %+v", cfg)
	}
	if diff := cmp.Diff([]string{"en"}, cfg.LanguageCodes()); diff != "" {
		t.Errorf("languages (-want +got):\n%s", diff)
	}
}

func TestLanguages(t *testing.T) {
	cfg, err := Load(Options{Source: writeConfig(t, `defaultLanguage = "zh"
[languages.en]
languageName = "English"
weight = 1
[languages.zh]
languageName = "中文"
weight = 2
title = "手册"
`), Env: env(nil)})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"zh", "en"}, cfg.LanguageCodes()); diff != "" {
		t.Errorf("the default language comes first (-want +got):\n%s", diff)
	}
	if l := cfg.Language("zh"); l == nil || l.Name != "中文" || l.Title != "手册" {
		t.Errorf("Language(zh) = %+v", l)
	}
}

// TestErrors checks that every problem in config.toml is a diagnostic at its key.
func TestErrors(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"unknown key", "title = \"T\"\nbaseurl = \"x\"\n", []string{`config.toml:2:1: error: unknown key "baseurl"`, `did you mean "baseURL"?`}},
		{"unknown key in table", "[rules]\nstrickt = true\n", []string{`config.toml:2:1: error: unknown key "strickt" in [rules]`, `did you mean "strict"?`}},
		{"unknown language key", "[languages.en]\nlanguagename = \"English\"\n", []string{`config.toml:2:1: error: unknown key "languagename" in [languages.en]`, `did you mean "languageName"?`}},
		{"syntax", "title = \"T\n", []string{"config.toml:1:"}},
		{"default language missing", "defaultLanguage = \"fr\"\n[languages.en]\n", []string{`config.toml:1:1: error: defaultLanguage "fr" is not among the configured languages`}},
		{"table expected", "rules = 3\n", []string{`config.toml:1:1: error: rules must be a table`}},
		{"bad code", "[languages.\"EN_us\"]\n", []string{`is not a language code`}},
		{"wrong types", "title = 3\n[rules]\nmax_accountable = \"ten\"\nstrict = \"yes\"\n[markup]\nunsafe = 1\n", []string{
			`config.toml:1:1: error: title must be text in quotes, not 3`,
			`config.toml:3:1: error: rules.max_accountable must be a whole number, not ten`,
			`config.toml:4:1: error: rules.strict must be true or false, not yes`,
			`config.toml:6:1: error: markup.unsafe must be true or false, not 1`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Load(Options{Source: writeConfig(t, tt.text), Env: env(nil)})
			var list *diag.List
			if !errors.As(err, &list) {
				t.Fatalf("Load() error = %v, want diagnostics", err)
			}
			got := list.Error()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("diagnostics lack %q:\n%s", w, got)
				}
			}
		})
	}
}

func TestMissingFiles(t *testing.T) {
	if _, err := Load(Options{Source: filepath.Join(t.TempDir(), "nope"), Env: env(nil)}); err == nil {
		t.Error("a missing source folder must be an error")
	}
	if _, err := Load(Options{Source: t.TempDir(), ConfigFile: filepath.Join(t.TempDir(), "other.toml"), Env: env(nil)}); err == nil {
		t.Error("a missing --config file must be an error")
	}
}

func TestBasePath(t *testing.T) {
	tests := []struct{ baseURL, want string }{
		{"https://handbook.example.com/", "/"},
		{"https://example.github.io/handbook", "/handbook/"},
		{"https://example.github.io/a/b/", "/a/b/"},
		{"/", "/"},
		{"", "/"},
	}
	for _, tt := range tests {
		if got := (&Config{BaseURL: tt.baseURL}).BasePath(); got != tt.want {
			t.Errorf("BasePath(%q) = %q, want %q", tt.baseURL, got, tt.want)
		}
	}
}

func TestLanguageCodeCase(t *testing.T) {
	cfg, err := Load(Options{Source: writeConfig(t, "defaultLanguage = \"zh-TW\"\n[languages.zh-TW]\nlanguageName = \"繁體中文\"\n[languages.en]\n"), Env: env(nil)})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"zh-tw", "en"}, cfg.LanguageCodes()); diff != "" {
		t.Errorf("languages (-want +got):\n%s", diff)
	}
}

func TestBadEnvironment(t *testing.T) {
	_, err := Load(Options{Source: writeConfig(t, ""), Env: env(map[string]string{
		"ROLEBOOK_RULES_MAX_ACCOUNTABLE": "abc", "ROLEBOOK_RULES_STRICT": "yes please"})})
	got := ""
	if err != nil {
		got = err.Error()
	}
	for _, want := range []string{`ROLEBOOK_RULES_MAX_ACCOUNTABLE: error: ROLEBOOK_RULES_MAX_ACCOUNTABLE="abc" is not a whole number`, `ROLEBOOK_RULES_STRICT: error: ROLEBOOK_RULES_STRICT="yes please" is not true or false`} {
		if !strings.Contains(got, want) {
			t.Errorf("errors lack %q:\n%s", want, got)
		}
	}
}
