package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rolebook/rolebook/generator/diag"
	"github.com/spf13/pflag"
)

// writeConfig writes config.toml (when text is not empty) into a new handbook folder
// and returns the folder.
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

// env is an environment that holds m only.
func env(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

// commandFlags returns the flags of command cmd as the command line defines them
// (AddFlags with NormalizeFlag), parsed from args.
func commandFlags(t *testing.T, cmd string, args ...string) *pflag.FlagSet {
	t.Helper()
	fs := pflag.NewFlagSet(cmd, pflag.ContinueOnError)
	fs.SetNormalizeFunc(NormalizeFlag)
	AddFlags(fs, "")
	if cmd != "" {
		AddFlags(fs, cmd)
	}
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return fs
}

// lines returns the diagnostics of a failed Load, one string each, and fails the test
// when Load did not fail with diagnostics.
func lines(t *testing.T, diags *diag.List, err error) []string {
	t.Helper()
	if !errors.Is(err, ErrFailed) {
		t.Fatalf("Load() error = %v, want ErrFailed", err)
	}
	var out []string
	for _, d := range diags.Items() {
		out = append(out, d.String())
	}
	return out
}

// TestDefaults checks that without config.toml, variables or flags every key of the
// table takes its default, and what the defaults imply.
func TestDefaults(t *testing.T) {
	dir := writeConfig(t, "")
	cfg, _, err := Load(Options{Source: dir, Env: env(nil)})
	if err != nil {
		t.Fatal(err)
	}
	for i := range siteKeys {
		k := &siteKeys[i]
		got := fieldValue(cfg, k)
		want := k.defaultValue()
		switch k.Name {
		case "destination":
			want = filepath.Join(dir, "public")
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", k.Name, diff)
		}
	}
	if diff := cmp.Diff([]Language{{Code: "en", Name: "en", Weight: 1}}, cfg.Languages); diff != "" {
		t.Errorf("languages (-want +got):\n%s", diff)
	}
	if cfg.File != "" || cfg.Menu != nil || cfg.Params != nil || cfg.Warnings != nil {
		t.Errorf("File, Menu, Params, Warnings = %q, %v, %v, %v; want none", cfg.File, cfg.Menu, cfg.Params, cfg.Warnings)
	}
}

// fieldValue returns the value of k's field in cfg.
func fieldValue(cfg *Config, k *key[Config]) any {
	switch p := k.Field(cfg).(type) {
	case *string:
		return *p
	case *bool:
		return *p
	case *int:
		return *p
	case *int64:
		return *p
	case *float64:
		return *p
	case *[]string:
		return *p
	}
	panic("unreachable")
}

// samples gives three values of each kind of key (for config.toml, a variable and a
// flag), and of the keys whose values must have a form.
var samples = map[string][3]any{
	"string":          {"from-file", "from-env", "from-flag"},
	"bool":            {true, false, true},
	"int":             {3, 4, 5},
	"int64":           {int64(3000), int64(4000), int64(5000)},
	"float64":         {1.5, 2.5, 3.5},
	"[]string":        {[]string{"a", "b"}, []string{"c"}, []string{"d", "e"}},
	"baseURL":         {"https://file.example/", "https://env.example/", "/flag/"},
	"defaultLanguage": {"zh", "fr", "de"},
	"languageCode":    {"zh-CN", "en-US", "de-DE"},
	"editURL":         {"https://file.example/edit/", "https://env.example/edit/", "https://flag.example/edit/"},
	"repoURL":         {"https://file.example/blob/", "https://env.example/blob/", "https://flag.example/blob/"},
	"destination":     {"out-file", "out-env", "out-flag"},
	// A share is from 0 to 1.
	"report.accountable_share": {0.25, 0.5, 0.75},
}

// tomlValue writes v as a TOML value, envValue as a variable's text, flagValue as
// a flag's.
func tomlValue(v any) string {
	switch x := v.(type) {
	case string:
		return strconv.Quote(x)
	case []string:
		q := make([]string, len(x))
		for i, s := range x {
			q[i] = strconv.Quote(s)
		}
		return "[" + strings.Join(q, ", ") + "]"
	}
	return fmt.Sprint(v)
}

func envValue(v any) string {
	if x, ok := v.([]string); ok {
		return strings.Join(x, ",")
	}
	return fmt.Sprint(v)
}

// TestLayers checks, for every key of the table, that config.toml sets it, that its
// ROLEBOOK_* variable beats the file and that its flag beats both; a key that a
// place may not set is not set from there.
func TestLayers(t *testing.T) {
	for i := range siteKeys {
		k := &siteKeys[i]
		t.Run(k.Name, func(t *testing.T) {
			vals, ok := samples[k.Name]
			if !ok {
				vals = samples[k.kind()]
			}
			dir := writeConfig(t, "")
			cwd, err := os.Getwd()
			if err != nil {
				t.Fatal(err)
			}
			// want is what the field holds when the value v came from place i.
			want := func(v any, i int) any {
				switch k.Name {
				case "destination":
					if i == 2 {
						return filepath.Join(cwd, v.(string))
					}
					return filepath.Join(dir, v.(string))
				}
				return v
			}
			file := ""
			if k.from()&fromFile != 0 {
				file = k.Name + " = " + tomlValue(vals[0]) + "\n"
			}
			if k.Name == "defaultLanguage" {
				// Each default language must be configured.
				file += "[languages.zh]\n[languages.fr]\n[languages.de]\n"
			}
			if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(file), 0o644); err != nil {
				t.Fatal(err)
			}
			vars := map[string]string{}
			if name := k.envName(); name != "" {
				vars[name] = envValue(vals[1])
			}
			var args []string
			if k.Flag != "" {
				args = []string{"--" + k.Flag + "=" + envValue(vals[2])}
			}
			cmd := strings.Fields(k.Cmds + " ")
			cmdName := ""
			if len(cmd) > 0 {
				cmdName = cmd[0]
			}

			steps := []struct {
				name  string
				vars  map[string]string
				args  []string
				place int // where the value comes from: 0 file, 1 env, 2 flag, -1 default
			}{
				{"file", nil, nil, 0},
				{"file and env", vars, nil, 1},
				{"file, env and flag", vars, args, 2},
			}
			for _, s := range steps {
				place := s.place
				switch {
				case place == 2 && len(args) == 0:
					place = 1
				}
				if place == 1 && len(vars) == 0 {
					place = 0
				}
				if place == 0 && k.from()&fromFile == 0 {
					place = -1
				}
				cfg, _, err := Load(Options{Source: dir, Env: env(s.vars), Flags: commandFlags(t, cmdName, s.args...)})
				if err != nil {
					t.Fatalf("%s: %v", s.name, err)
				}
				w := k.defaultValue()
				if k.Name == "destination" {
					w = filepath.Join(dir, "public")
				}
				if place >= 0 {
					w = want(vals[place], place)
				}
				if diff := cmp.Diff(w, fieldValue(cfg, k)); diff != "" {
					t.Errorf("%s (-want +got):\n%s", s.name, diff)
				}
			}
		})
	}
}

// TestFlagsOfOtherCommands checks that a key whose flag a command lacks still comes
// from the environment and the file there.
func TestFlagsOfOtherCommands(t *testing.T) {
	dir := writeConfig(t, "stage = \"start\"\n")
	cfg, _, err := Load(Options{Source: dir, Env: env(map[string]string{"ROLEBOOK_STAGE": "growth"}), Flags: commandFlags(t, "build")})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Stage != "growth" || cfg.StageFrom != diag.Env("ROLEBOOK_STAGE") {
		t.Errorf("Stage, StageFrom = %q, %v; want growth from ROLEBOOK_STAGE", cfg.Stage, cfg.StageFrom)
	}
}

// TestStageFrom checks where the stage is said to come from, for diagnostics about it.
func TestStageFrom(t *testing.T) {
	dir := writeConfig(t, "title = \"T\"\n  stage = \"start\"\n")
	tests := []struct {
		name string
		vars map[string]string
		args []string
		want diag.Pos
	}{
		{"file", nil, nil, diag.Pos{File: "config.toml", Line: 2, Col: 3}},
		{"env", map[string]string{"ROLEBOOK_STAGE": "x"}, nil, diag.Env("ROLEBOOK_STAGE")},
		{"flag", map[string]string{"ROLEBOOK_STAGE": "x"}, []string{"--stage", "y"}, diag.Flag("--stage")},
	}
	for _, tt := range tests {
		cfg, _, err := Load(Options{Source: dir, Env: env(tt.vars), Flags: commandFlags(t, "check", tt.args...)})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tt.want, cfg.StageFrom); diff != "" {
			t.Errorf("%s: StageFrom (-want +got):\n%s", tt.name, diff)
		}
	}
}

// TestAnyLetterCase checks that keys match in any letter case, as in Hugo, Hugo's
// names for Rolebook's keys included, and that what templates see keeps the file's
// spelling.
func TestAnyLetterCase(t *testing.T) {
	text := `BASEURL = "https://example.org/docs"
Title = "T"
defaultcontentlanguage = "ZH"
PublishDir = "site"
BuildDrafts = true
[RULES]
Max_Accountable = 4
[Markup.Goldmark.Renderer]
UNSAFE = true
[Languages.ZH]
LanguageName = "中文"
LANGUAGECODE = "zh-CN"
[languages.en]
languagename = "English"
Weight = 2
[Params]
ContactEmail = "hr@example.org"
`
	dir := writeConfig(t, text)
	cfg, _, err := Load(Options{Source: dir, Env: env(nil)})
	if err != nil {
		t.Fatal(err)
	}
	got := []any{cfg.BaseURL, cfg.Title, cfg.DefaultLanguage, cfg.Destination, cfg.Drafts, cfg.Rules.MaxAccountable, cfg.Markup.Unsafe, cfg.Params}
	want := []any{"https://example.org/docs/", "T", "zh", filepath.Join(dir, "site"), true, 4, true, map[string]any{"ContactEmail": "hr@example.org"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("settings (-want +got):\n%s", diff)
	}
	wantLangs := []Language{
		{Code: "zh", Name: "中文", LanguageCode: "zh-CN"},
		{Code: "en", Name: "English", Weight: 2},
	}
	if diff := cmp.Diff(wantLangs, cfg.Languages); diff != "" {
		t.Errorf("languages (-want +got):\n%s", diff)
	}
}

// TestLanguages checks the order of languages, their settings and languageCode.
func TestLanguages(t *testing.T) {
	tests := []struct {
		name, text string
		want       []Language
	}{
		{"default first, then by weight", `defaultLanguage = "zh"
[languages.en]
languageName = "English"
weight = 1
[languages.zh]
languageName = "中文"
weight = 2
title = "手册"
[languages.de]
weight = 1
`, []Language{{Code: "zh", Name: "中文", Title: "手册", Weight: 2}, {Code: "de", Name: "de", Weight: 1}, {Code: "en", Name: "English", Weight: 1}}},
		{"codes in any case", "defaultLanguage = \"zh-TW\"\n[languages.zh-TW]\nlanguageName = \"繁體中文\"\n[languages.en]\n",
			[]Language{{Code: "zh-tw", Name: "繁體中文"}, {Code: "en", Name: "en"}}},
		{"languageCode of the site goes to the default language", "languageCode = \"en-GB\"\n",
			[]Language{{Code: "en", Name: "en", Weight: 1, LanguageCode: "en-GB"}}},
		{"a language's own languageCode wins", "languageCode = \"zh-CN\"\ndefaultLanguage = \"zh\"\n[languages.zh]\nlanguageCode = \"zh-Hans-CN\"\n[languages.en]\nlanguageCode = \"en-US\"\n",
			[]Language{{Code: "zh", Name: "zh", LanguageCode: "zh-Hans-CN"}, {Code: "en", Name: "en", LanguageCode: "en-US"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, _, err := Load(Options{Source: writeConfig(t, tt.text), Env: env(nil)})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, cfg.Languages); diff != "" {
				t.Errorf("languages (-want +got):\n%s", diff)
			}
		})
	}
	l := Language{Code: "zh"}
	if got := l.Tag(); got != "zh" {
		t.Errorf("Tag() without languageCode = %q, want the code", got)
	}
	l.LanguageCode = "zh-CN"
	if got := l.Tag(); got != "zh-CN" {
		t.Errorf("Tag() = %q, want zh-CN", got)
	}
}

// TestFileErrors checks that every problem in config.toml is a diagnostic at its key,
// with what is wrong and how to fix it.
func TestFileErrors(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"unknown key", "title = \"T\"\ntitel = \"x\"\n", []string{
			"config.toml:2:1: error: unknown key \"titel\"\n\thint: did you mean \"title\"?"}},
		{"unknown key, nothing near", "title = \"T\"\nfavouriteColour = \"x\"\n", []string{
			"config.toml:2:1: error: unknown key \"favouriteColour\"\n\thint: remove it, or put free settings for templates under [params]"}},
		{"unknown key in a table", "[rules]\n  strickt = true\n", []string{
			"config.toml:2:3: error: unknown key \"strickt\" in [rules]\n\thint: did you mean \"strict\"?"}},
		{"unknown key in a table, nothing near", "[markup]\nfootnotes = true\n", []string{
			"config.toml:2:1: error: unknown key \"footnotes\" in [markup]\n\thint: remove it; this table has \"unsafe\""}},
		{"unknown dotted key", "title = \"T\"\nrules.strikt = true\n", []string{
			"config.toml:2:7: error: unknown key \"strikt\" in [rules]\n\thint: did you mean \"strict\"?"}},
		{"unknown key in an inline table", "rules = { strict = true, max_acountable = 3 }\n", []string{
			"config.toml:1:26: error: unknown key \"max_acountable\" in [rules]\n\thint: did you mean \"max_accountable\"?"}},
		{"unknown quoted key", "\"titel\" = \"x\"\n", []string{
			"config.toml:1:1: error: unknown key \"titel\"\n\thint: did you mean \"title\"?"}},
		{"unknown language key", "[languages.en]\nlanguageNmae = \"English\"\n", []string{
			"config.toml:2:1: error: unknown key \"languageNmae\" in [languages.en]\n\thint: did you mean \"languageName\"?"}},
		{"a key only flags and variables set", "quiet = true\n", []string{
			"config.toml:1:1: error: unknown key \"quiet\"\n\thint: quiet is set on the command line (--quiet) or with ROLEBOOK_QUIET, not in config.toml"}},
		{"syntax", "title = \"T\n", []string{"config.toml:1:11: error: "}},
		{"wrong types", "title = 3\n[rules]\nmax_accountable = \"ten\"\nstrict = \"yes\"\n[markup]\nunsafe = 1\n[limits]\nmax_file_size = 1.5\n", []string{
			"config.toml:1:1: error: title must be text in quotes, not 3\n\thint: write text in quotes",
			"config.toml:3:1: error: rules.max_accountable must be a whole number, not \"ten\"\n\thint: write a whole number",
			"config.toml:4:1: error: rules.strict must be true or false, not \"yes\"\n\thint: write true or false",
			"config.toml:6:1: error: markup.unsafe must be true or false, not 1\n\thint: write true or false",
			"config.toml:8:1: error: limits.max_file_size must be a whole number, not 1.5\n\thint: write a whole number"}},
		{"an int out of range", "[rules]\nmax_accountable = 9999999999\n", []string{
			"config.toml:2:1: error: rules.max_accountable must be a whole number, not 9999999999\n\thint: write a whole number"}},
		{"table expected", "rules = 3\n", []string{
			"config.toml:1:1: error: rules must be a table\n\thint: write it as a table: [rules]"}},
		{"languages not a table", "languages = \"en\"\n", []string{
			"config.toml:1:1: error: languages must be a table\n\thint: write it as a table: [languages.zh], [languages.en]..."}},
		{"a language not a table", "[languages]\nen = \"English\"\n", []string{
			"config.toml:2:1: error: languages.en must be a table\n\thint: write [languages.en] with title, languageName and weight"}},
		{"bad language code", "[languages.\"EN_us\"]\n", []string{
			"config.toml:1:1: error: \"EN_us\" is not a language code\n\thint: use a language code such as \"zh\", \"en\" or \"zh-tw\""}},
		{"default language missing", "defaultLanguage = \"fr\"\n[languages.en]\n", []string{
			"config.toml:1:1: error: defaultLanguage \"fr\" is not among the configured languages\n\thint: add [languages.fr] or set defaultLanguage to one of en"}},
		{"default language not a code", "defaultLanguage = \"中文\"\n", []string{
			"config.toml:1:1: error: defaultLanguage = \"中文\": it is not a language code\n\thint: use a code such as \"zh\", \"en\" or \"zh-tw\""}},
		{"languageCode not a tag", "languageCode = \"en_US\"\n[languages.en]\nlanguageCode = \"english!\"\n", []string{
			"config.toml:1:1: error: languageCode = \"en_US\": it is not a language tag\n\thint: use a tag such as \"zh-CN\", \"en-US\" or \"en\"",
			"config.toml:3:1: error: languageCode = \"english!\": it is not a language tag\n\thint: use a tag such as \"zh-CN\", \"en-US\" or \"en\""}},
		{"negative and zero limits", "[rules]\nmax_accountable = -1\n[limits]\nmax_file_size = 0\n", []string{
			"config.toml:2:1: error: rules.max_accountable = -1: it must not be negative\n\thint: use 0 for no limit",
			"config.toml:4:1: error: limits.max_file_size = 0: it must be more than 0\n\thint: use a number above 0, or leave the key out for its default"}},
		{"limits of cost not positive", "[limits]\nmax_nesting = 0\nmax_table_cells = -5\n", []string{
			"config.toml:2:1: error: limits.max_nesting = 0: it must be more than 0\n\thint: use a number above 0, or leave the key out for its default",
			"config.toml:3:1: error: limits.max_table_cells = -5: it must be more than 0\n\thint: use a number above 0, or leave the key out for its default"}},
		{"a key in two spellings", "title = \"A\"\nTitle = \"B\"\n", []string{
			"config.toml:2:1: error: title is set twice: as title and as Title\n\tconfig.toml:1:1: see also\n\thint: keep one of them (keys match in any letter case, and Hugo's names are the same keys)"}},
		{"a key and its Hugo name", "destination = \"a\"\npublishDir = \"b\"\n", []string{
			"config.toml:2:1: error: destination is set twice: as destination and as publishDir\n\tconfig.toml:1:1: see also\n\thint: keep one of them (keys match in any letter case, and Hugo's names are the same keys)"}},
		{"a language in two spellings", "[languages.en]\n[languages.EN]\n", []string{
			"config.toml:2:1: error: languages.en is set twice: as languages.en and as languages.EN\n\tconfig.toml:1:1: see also\n\thint: keep one of them (keys match in any letter case, and Hugo's names are the same keys)"}},
		{"editURL not an address", "editURL = \"github.com/x/edit/\"\n", []string{
			"config.toml:1:1: error: editURL = \"github.com/x/edit/\": it must start with https:// or http://\n\thint: write the address of the repository's edit view, such as \"https://github.com/owner/repo/edit/main/\""}},
		{"repoURL not an address", "repoURL = \"github.com/x/blob/\"\n", []string{
			"config.toml:1:1: error: repoURL = \"github.com/x/blob/\": it must start with https:// or http://\n\thint: write the address at which the repository's files are shown, such as \"https://github.com/owner/repo/blob/main/\""}},
		// 40 KB of inline tables and an array 4,000,000 deep (8 MB), which TOML
		// decoders without a limit recurse on until the memory or the stack runs out.
		{"nested 10,000 deep", "title = \"T\"\n[params]\nx = " + strings.Repeat("{a=", 10000) + "1" + strings.Repeat("}", 10000) + "\n", []string{
			"config.toml:3:300: error: values nested 101 levels deep, more than the limit of 100\n\thint: flatten the data: no handbook needs more than a few levels of tables and lists (the limit is [limits] max_nesting)"}},
		{"an array 4,000,000 deep", "x = " + strings.Repeat("[", 4000000) + strings.Repeat("]", 4000000) + "\n", []string{
			"config.toml:1:105: error: values nested 101 levels deep, more than the limit of 100\n\thint: flatten the data: no handbook needs more than a few levels of tables and lists (the limit is [limits] max_nesting)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags, err := Load(Options{Source: writeConfig(t, tt.text), Env: env(nil)})
			got := lines(t, diags, err)
			if tt.name == "syntax" {
				// The wording of a syntax error is the TOML decoder's; its place is ours.
				if len(got) != 1 || !strings.HasPrefix(got[0], tt.want[0]) {
					t.Errorf("got %q, want one error starting with %q", got, tt.want[0])
				}
				return
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
		})
	}
}

// TestBaseURL checks which baseURLs are accepted, from each place that sets one.
func TestBaseURL(t *testing.T) {
	const hint = `write an address such as "https://handbook.example.com/" or a path such as "/handbook/"`
	tests := []struct {
		value   string
		problem string // "" when accepted
		hint    string
	}{
		{"https://handbook.example.com/", "", ""},
		{"http://localhost:1313/docs", "", ""},
		{"/", "", ""},
		{"/handbook/", "", ""},
		{"//evil.example/", "a scheme-relative address leads to whatever site it names", `write the scheme, "https://evil.example/", or a path that starts with one slash`},
		{"handbook/", "it is neither an address with http:// or https:// nor a path starting with /", hint},
		{"ftp://example.com/", "the scheme must be http or https, not ftp", hint},
		{"javascript:alert(1)//", "the scheme must be http or https, not javascript", hint},
		{"https:///path", "the address has no host", hint},
		{"https://user:secret@example.com/", "the address holds a user name or password, which every page would publish", "remove the part before @"},
		{"https://example.com/?x=1", "an address with ? or # cannot prefix the site's addresses", hint},
		{"/docs/#top", "a path with ? or # cannot prefix the site's addresses", hint},
		{"https://example.com/a b/", "it has spaces, backslashes or control characters", hint},
		{"/\\evil.example/", "it has spaces, backslashes or control characters", hint},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			places := []struct {
				name   string
				opts   func(dir string) Options
				prefix string
			}{
				{"file", func(dir string) Options { return Options{Source: dir, Env: env(nil)} },
					fmt.Sprintf("config.toml:2:1: error: baseURL = %q: ", tt.value)},
				{"env", func(dir string) Options {
					return Options{Source: dir, Env: env(map[string]string{"ROLEBOOK_BASEURL": tt.value})}
				}, fmt.Sprintf("ROLEBOOK_BASEURL: error: ROLEBOOK_BASEURL=%q: ", tt.value)},
				{"flag", func(dir string) Options {
					return Options{Source: dir, Env: env(nil), Flags: commandFlags(t, "build", "-b", tt.value)}
				}, fmt.Sprintf("--baseURL: error: --baseURL %q: ", tt.value)},
			}
			for _, p := range places {
				text := "title = \"T\"\n"
				if p.name == "file" {
					text += "baseURL = " + strconv.Quote(tt.value) + "\n"
				}
				cfg, diags, err := Load(p.opts(writeConfig(t, text)))
				if tt.problem == "" {
					if err != nil {
						t.Errorf("%s: %v", p.name, err)
					} else if !strings.HasPrefix(cfg.BaseURL, tt.value) {
						t.Errorf("%s: BaseURL = %q, want %q", p.name, cfg.BaseURL, tt.value)
					}
					continue
				}
				want := []string{p.prefix + tt.problem + "\n\thint: " + tt.hint}
				if diff := cmp.Diff(want, lines(t, diags, err)); diff != "" {
					t.Errorf("%s (-want +got):\n%s", p.name, diff)
				}
			}
		})
	}
}

// TestDestination checks that a destination outside the handbook folder is accepted
// from the -d flag only.
func TestDestination(t *testing.T) {
	outside := t.TempDir()
	dir := writeConfig(t, "")
	if err := os.Symlink(outside, filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	hint := func(d string) string {
		return `choose a folder inside the handbook, such as "public", or give this one on the command line: rolebook build -d ` + d
	}
	tests := []struct {
		name string
		file string
		vars map[string]string
		args []string
		want string // the destination, or the diagnostic
	}{
		{"inside, from the file", `destination = "site/out"`, nil, nil, filepath.Join(dir, "site", "out")},
		{"inside, absolute, from the file", `destination = ` + strconv.Quote(filepath.Join(dir, "out")), nil, nil, filepath.Join(dir, "out")},
		{"outside, from the flag", "", nil, []string{"-d", outside}, outside},
		{"outside, from the flag over the environment's inside", "", map[string]string{"ROLEBOOK_DESTINATION": "pub"}, []string{"--destination", outside}, outside},
		{"outside, from the file", `destination = ` + strconv.Quote(outside), nil, nil,
			fmt.Sprintf("config.toml:1:1: error: destination %q is outside the handbook folder; only the -d flag may publish there\n\thint: %s", outside, hint(outside))},
		{"above, from the file", `publishDir = "../site"`, nil, nil,
			"config.toml:1:1: error: destination \"../site\" is outside the handbook folder; only the -d flag may publish there\n\thint: " + hint("../site")},
		{"through a link, from the file", `destination = "link/site"`, nil, nil,
			"config.toml:1:1: error: destination \"link/site\" is outside the handbook folder; only the -d flag may publish there\n\thint: " + hint("link/site")},
		{"outside, from the environment", "", map[string]string{"ROLEBOOK_DESTINATION": outside}, nil,
			fmt.Sprintf("ROLEBOOK_DESTINATION: error: destination %q is outside the handbook folder; only the -d flag may publish there\n\thint: %s", outside, hint(outside))},
		{"outside, from the file, even with the flag", `destination = "/"`, nil, []string{"-d", outside},
			"config.toml:1:1: error: destination \"/\" is outside the handbook folder; only the -d flag may publish there\n\thint: " + hint("/")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := os.WriteFile(filepath.Join(dir, "config.toml"), []byte(tt.file+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			cfg, diags, err := Load(Options{Source: dir, Env: env(tt.vars), Flags: commandFlags(t, "build", tt.args...)})
			if strings.Contains(tt.want, "error:") {
				if diff := cmp.Diff([]string{tt.want}, lines(t, diags, err)); diff != "" {
					t.Errorf("diagnostics (-want +got):\n%s", diff)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Destination != tt.want {
				t.Errorf("Destination = %q, want %q", cfg.Destination, tt.want)
			}
		})
	}
}

// TestEnvironmentErrors checks that a variable that is not of its key's type, or not
// a valid value, is an error naming the variable.
func TestEnvironmentErrors(t *testing.T) {
	_, diags, err := Load(Options{Source: writeConfig(t, ""), Env: env(map[string]string{
		"ROLEBOOK_RULES_MAX_ACCOUNTABLE": "abc",
		"ROLEBOOK_RULES_STRICT":          "yes please",
		"ROLEBOOK_LIMITS_MAX_FILE_SIZE":  "-5",
		"ROLEBOOK_DEFAULTLANGUAGE":       "English!",
		"ROLEBOOK_TITLE":                 "", // empty is unset
	})})
	want := []string{
		"ROLEBOOK_DEFAULTLANGUAGE: error: ROLEBOOK_DEFAULTLANGUAGE=\"English!\": it is not a language code\n\thint: use a code such as \"zh\", \"en\" or \"zh-tw\"",
		"ROLEBOOK_LIMITS_MAX_FILE_SIZE: error: ROLEBOOK_LIMITS_MAX_FILE_SIZE=\"-5\": it must be more than 0\n\thint: use a number above 0, or leave the key out for its default",
		"ROLEBOOK_RULES_MAX_ACCOUNTABLE: error: ROLEBOOK_RULES_MAX_ACCOUNTABLE=\"abc\" is not a whole number\n\thint: set ROLEBOOK_RULES_MAX_ACCOUNTABLE to a whole number",
		"ROLEBOOK_RULES_STRICT: error: ROLEBOOK_RULES_STRICT=\"yes please\" is not true or false\n\thint: set ROLEBOOK_RULES_STRICT to true or false",
	}
	if diff := cmp.Diff(want, lines(t, diags, err)); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
}

// TestFlagErrors checks that a flag's value that its key refuses is an error at the
// flag, which the command line reports as wrong usage.
func TestFlagErrors(t *testing.T) {
	_, diags, err := Load(Options{Source: writeConfig(t, ""), Env: env(nil), Flags: commandFlags(t, "build", "--baseURL", "ftp://x/")})
	want := []string{"--baseURL: error: --baseURL \"ftp://x/\": the scheme must be http or https, not ftp\n\thint: write an address such as \"https://handbook.example.com/\" or a path such as \"/handbook/\""}
	if diff := cmp.Diff(want, lines(t, diags, err)); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}
}

// TestHugoSettings checks that Hugo's settings that Rolebook does not have are
// reported at their place: a warning when ignoring them publishes the same site, an
// error when it would not; rules.strict makes the warnings errors.
func TestHugoSettings(t *testing.T) {
	text := `title = "T"
theme = "ananke"
uglyURLs = true
[permalinks]
posts = "/:year/"
[markup.goldmark.renderer]
unsafe = true
hardWraps = true
[markup.highlight]
style = "monokai"
[languages.en]
languageDirection = "ltr"
contentDir = "content/en"
`
	_, diags, err := Load(Options{Source: writeConfig(t, text), Env: env(nil)})
	want := []string{
		"config.toml:2:1: warning: theme is a Hugo setting that Rolebook does not have: it has no effect\n\thint: Rolebook has its own theme; copy a theme file into templates/ to change it; remove the setting to silence this warning",
		"config.toml:3:1: error: uglyURLs is a Hugo setting that Rolebook does not have; remove it\n\thint: Rolebook's page addresses end with a slash (/guide/page/)",
		"config.toml:4:1: error: permalinks is a Hugo setting that Rolebook does not have; remove it\n\thint: a page's address is its path under content/, or its slug; set slug or aliases in front matter",
		"config.toml:8:1: warning: markup.goldmark.renderer.hardWraps is a Hugo setting that Rolebook does not have: it has no effect\n\thint: Markdown is rendered with GitHub's extensions; [markup] unsafe lets raw HTML through; remove the setting to silence this warning",
		"config.toml:9:1: warning: markup.highlight is a Hugo setting that Rolebook does not have: it has no effect\n\thint: code blocks are not colored; remove the setting to silence this warning",
		"config.toml:12:1: warning: languages.en.languageDirection is a Hugo setting that Rolebook does not have: it has no effect\n\thint: pages are written left to right; remove the setting to silence this warning",
		"config.toml:13:1: error: languages.en.contentDir is a Hugo setting that Rolebook does not have; remove it\n\thint: a translation lives beside its page as name.<code>.md",
	}
	if diff := cmp.Diff(want, lines(t, diags, err)); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
	}

	// Warnings alone do not stop a build; they come with the Config.
	dir := writeConfig(t, "Theme = \"ananke\"\n[markup.goldmark.renderer]\nunsafe = true\n")
	cfg, diags, err := Load(Options{Source: dir, Env: env(nil)})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range cfg.Warnings {
		got = append(got, d.Pos.String()+" "+d.Severity.String()+" "+string(d.Rule))
	}
	if diff := cmp.Diff([]string{"config.toml:1:1 warning hugo-key"}, got); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	if diags.Len() != len(cfg.Warnings) {
		t.Errorf("Load returned %v, the Config keeps %v: want the same warnings", diags.Items(), cfg.Warnings)
	}
	if !cfg.Markup.Unsafe {
		t.Error("markup.goldmark.renderer.unsafe, Hugo's name of markup.unsafe, was not read")
	}
	// Under strict rules they are errors.
	_, diags, err = Load(Options{Source: dir, Env: env(map[string]string{"ROLEBOOK_RULES_STRICT": "true"})})
	if got := lines(t, diags, err); len(got) != 1 || !strings.HasPrefix(got[0], "config.toml:1:1: error: Theme is a Hugo setting") {
		t.Errorf("under strict rules: %q, want the warning as an error", got)
	}
}

func TestMissingFiles(t *testing.T) {
	if _, _, err := Load(Options{Source: filepath.Join(t.TempDir(), "nope"), Env: env(nil)}); err == nil {
		t.Error("a missing source folder must be an error")
	}
	if _, _, err := Load(Options{Source: t.TempDir(), ConfigFile: filepath.Join(t.TempDir(), "other.toml"), Env: env(nil)}); err == nil {
		t.Error("a missing --config file must be an error")
	}
}

// TestConfigFile checks that an explicit config file is read, and named by its path
// relative to the handbook when it is inside it.
func TestConfigFile(t *testing.T) {
	dir := writeConfig(t, "title = \"Default\"\n")
	other := filepath.Join(dir, "ci.toml")
	if err := os.WriteFile(other, []byte("title = \"CI\"\ntitel = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, diags, err := Load(Options{Source: dir, ConfigFile: other, Env: env(nil)})
	want := []string{"ci.toml:2:1: error: unknown key \"titel\"\n\thint: did you mean \"title\"?"}
	if diff := cmp.Diff(want, lines(t, diags, err)); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s", diff)
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

// TestExample loads the example handbook's config.toml: no problem, and the values
// its build depends on.
func TestExample(t *testing.T) {
	cfg, _, err := Load(Options{Source: filepath.Join("..", ".."), Env: env(nil)})
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Warnings) > 0 || cfg.File != "config.toml" || len(cfg.Languages) < 2 {
		t.Errorf("example: warnings %v, file %q, languages %v", cfg.Warnings, cfg.File, cfg.LanguageCodes())
	}
}

// TestConfigFiles checks which file is read, and that Hugo's other config files are
// reported: a warning beside the file that is read, an error when none is.
func TestConfigFiles(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		title string // the title read; "" when Load fails
		want  []string
	}{
		{"config.toml", map[string]string{"config.toml": "title = \"C\"\n"}, "C", nil},
		{"hugo.toml alone", map[string]string{"hugo.toml": "title = \"H\"\nbaseurl = \"/docs/\"\n"}, "H", nil},
		{"both", map[string]string{"config.toml": "title = \"C\"\n", "hugo.toml": "title = \"H\"\n"}, "C", []string{
			"hugo.toml: warning: hugo.toml is not read: Rolebook reads its settings from config.toml only\n\thint: move its settings into config.toml and remove it"}},
		{"YAML beside TOML", map[string]string{"hugo.toml": "title = \"H\"\n", "config.yaml": "title: Y\n"}, "H", []string{
			"config.yaml: warning: config.yaml is not read: Rolebook reads its settings from hugo.toml only\n\thint: move its settings into hugo.toml and remove it"}},
		{"YAML alone", map[string]string{"hugo.yaml": "title: Y\n"}, "", []string{
			"hugo.yaml: error: hugo.yaml is not read: Rolebook reads its settings from config.toml (or hugo.toml) only, and found neither\n\thint: write the settings as TOML in config.toml"}},
		{"Hugo's config folder alone", map[string]string{"config/_default/hugo.toml": "title = \"D\"\n"}, "", []string{
			"config/_default: error: config/_default/ (Hugo's configuration folder) is not read: Rolebook reads its settings from config.toml (or hugo.toml) only, and found neither\n\thint: write the settings as TOML in config.toml"}},
		{"none", map[string]string{}, "Handbook", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, text := range tt.files {
				p := filepath.Join(dir, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			cfg, diags, err := Load(Options{Source: dir, Env: env(nil)})
			var got []string
			if tt.title == "" {
				got = lines(t, diags, err)
			} else {
				if err != nil {
					t.Fatal(err)
				}
				if cfg.Title != tt.title {
					t.Errorf("Title = %q, want %q", cfg.Title, tt.title)
				}
				for _, d := range cfg.Warnings {
					got = append(got, d.String())
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
		})
	}
	// A config file larger than any needs to be is refused before it is read whole.
	dir := writeConfig(t, "title = \"T\"\n# "+strings.Repeat("x", DefaultMaxFileSize)+"\n")
	if _, _, err := Load(Options{Source: dir, Env: env(nil)}); err == nil || !strings.Contains(err.Error(), "is larger than") {
		t.Errorf("a 20 MiB config.toml: error %v, want it refused", err)
	}
}

// TestLimits sets every [limits] key in config.toml, one of them from the environment
// over the file.
func TestLimits(t *testing.T) {
	dir := writeConfig(t, "[limits]\nmax_file_size = 1000\nmax_nesting = 10\nmax_folder_depth = 4\nmax_headcount = 50\n"+
		"max_table_columns = 20\nmax_table_cells = 400\nmax_link_definitions = 30\n")
	cfg, _, err := Load(Options{Source: dir, Env: env(map[string]string{"ROLEBOOK_LIMITS_MAX_NESTING": "12"})})
	if err != nil {
		t.Fatal(err)
	}
	want := Limits{MaxFileSize: 1000, MaxNesting: 12, MaxFolderDepth: 4, MaxHeadcount: 50,
		MaxTableColumns: 20, MaxTableCells: 400, MaxLinkDefinitions: 30}
	if diff := cmp.Diff(want, cfg.Limits); diff != "" {
		t.Errorf("limits (-want +got):\n%s", diff)
	}
}
