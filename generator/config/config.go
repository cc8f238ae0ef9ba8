package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/load"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// Config is every setting of a build, resolved and typed.
type Config struct {
	// Source is the handbook folder (absolute); Destination the output folder (absolute).
	Source      string
	Destination string
	// File is the config file that was read, relative to Source when inside it; "" if none.
	File string

	Title           string
	BaseURL         string
	DefaultLanguage string
	// Stage is the team's current stage id ("" means the last stage); StageFrom is
	// where it was set: its key in config.toml, or the flag or variable as File.
	Stage     string
	StageFrom diag.Pos
	Languages []Language
	// EditURL, when set, gives each page an "edit this page" link: the page's source path
	// relative to the handbook folder is appended to it.
	EditURL string

	Rules   Rules
	Markup  Markup
	Privacy Privacy
	Limits  Limits

	// Drafts includes pages marked draft = true.
	Drafts bool
	// Quiet and Verbose set how much the command line prints.
	Quiet, Verbose bool
	// Params are the free [params] of config.toml, for templates.
	Params map[string]any
}

// Language is one configured language of the handbook.
type Language struct {
	Code   string
	Title  string // the site title in this language ("" = Config.Title)
	Name   string // the language's own name, for the switcher ("中文", "English")
	Weight int
}

// Rules are the settings of `rolebook check`.
type Rules struct {
	MaxAccountable int
	Strict         bool
}

// Markup are the settings of Markdown rendering.
type Markup struct {
	// Unsafe lets raw HTML and every link scheme through. Off by default.
	Unsafe bool
}

// Privacy says what judgements of named people the staff site publishes: each is off
// (private) unless config.toml's [privacy] opts in. Retention risks are never
// published; the owner's report has them.
type Privacy struct {
	// SkillLevels publishes people's skill levels (person pages, /skills/).
	SkillLevels bool
	// Interests publishes the skills people want to grow in (person pages).
	Interests bool
	// Readiness publishes how ready a person is for their next roles (person pages).
	Readiness bool
	// SkillGaps publishes a named person's skill gaps (person pages' growth paths).
	SkillGaps bool
	// FitScores publishes the assignment guide: fit scores, ranked candidates, the
	// recommended assignment and holders' gaps (/assignments/).
	FitScores bool
	// Load publishes hours and load per person, overload and the next hire (/stages/).
	Load bool
	// NoIndex asks search engines to stay away: a robots meta tag on every page, a
	// robots.txt that disallows everything, and no sitemap.xml.
	NoIndex bool
}

// Limits bound what a build accepts, so that a huge or hostile file cannot stall it.
type Limits struct {
	// MaxFileSize is the largest content file accepted, in bytes.
	MaxFileSize int64
}

// Options are what the command line passes in.
type Options struct {
	// Source is the handbook folder; "" means the current folder.
	Source string
	// ConfigFile is an explicit config file; "" means config.toml in Source if present.
	ConfigFile string
	// Flags are the command's flags; only those the user set override other settings.
	// Flag names map to keys: "baseURL" -> baseURL, "destination" -> destination...
	Flags *pflag.FlagSet
	// Env looks up environment variables; nil means os.LookupEnv.
	Env func(string) (string, bool)
}

// DefaultMaxFileSize is the default Limits.MaxFileSize: 20 MiB.
const DefaultMaxFileSize = 20 << 20

// known lists the keys config.toml accepts, for unknown-key errors. Tables list their keys
// as "table.key"; "languages.*" and "params" take any sub-key.
var known = []string{
	"title", "baseURL", "defaultLanguage", "stage", "editURL", "destination",
	"languages", "rules", "rules.max_accountable", "rules.strict",
	"markup", "markup.unsafe", "privacy", "privacy.skill_levels",
	"privacy.interests", "privacy.readiness", "privacy.skill_gaps", "privacy.fit_scores", "privacy.load",
	"privacy.noindex",
	"limits", "limits.max_file_size", "params",
}

var languageKeys = []string{"title", "languageName", "weight"}

// kinds are the types of the keys that hold one value: "string", "int" or "bool".
var kinds = map[string]string{
	"title": "string", "baseURL": "string", "defaultLanguage": "string", "stage": "string",
	"editURL": "string", "destination": "string",
	"rules.max_accountable": "int", "rules.strict": "bool", "markup.unsafe": "bool",
	"privacy.skill_levels": "bool", "privacy.interests": "bool", "privacy.readiness": "bool",
	"privacy.skill_gaps": "bool", "privacy.fit_scores": "bool", "privacy.load": "bool", "privacy.noindex": "bool",
	"limits.max_file_size": "int",
}

// wrongKind describes v when it is not of the kind, or returns "".
func wrongKind(kind string, v any) string {
	switch kind {
	case "string":
		if _, ok := v.(string); ok {
			return ""
		}
	case "int":
		if _, ok := v.(int64); ok {
			return ""
		}
	case "bool":
		if _, ok := v.(bool); ok {
			return ""
		}
	}
	return fmt.Sprintf("%v", v)
}

var kindWords = map[string]string{"string": "text in quotes", "int": "a whole number", "bool": "true or false"}

// flagKeys maps command-line flag names to configuration keys.
var flagKeys = map[string]string{
	"baseURL":     "baseurl",
	"destination": "destination",
	"drafts":      "drafts",
	"quiet":       "quiet",
	"verbose":     "verbose",
	"strict":      "rules.strict",
	"stage":       "stage",
}

// Load resolves the configuration. The error is a *diag.List when config.toml has
// problems, or a plain error for a missing folder or unreadable file.
func Load(opts Options) (*Config, error) {
	src := opts.Source
	if src == "" {
		src = "."
	}
	abs, err := filepath.Abs(src)
	if err != nil {
		return nil, fmt.Errorf("source folder %s: %w", src, err)
	}
	if st, err := os.Stat(abs); err != nil {
		return nil, fmt.Errorf("source folder: %w", err)
	} else if !st.IsDir() {
		return nil, fmt.Errorf("source %s is not a folder", src)
	}

	v := viper.New()
	v.SetConfigType("toml")
	v.SetDefault("title", "Handbook")
	v.SetDefault("baseurl", "/")
	v.SetDefault("defaultlanguage", "en")
	v.SetDefault("stage", "")
	v.SetDefault("editurl", "")
	v.SetDefault("destination", "public")
	v.SetDefault("rules.max_accountable", 0)
	v.SetDefault("rules.strict", false)
	v.SetDefault("markup.unsafe", false)
	for _, k := range []string{"skill_levels", "interests", "readiness", "skill_gaps", "fit_scores", "load", "noindex"} {
		v.SetDefault("privacy."+k, false)
	}
	v.SetDefault("limits.max_file_size", DefaultMaxFileSize)
	v.SetDefault("drafts", false)
	v.SetDefault("quiet", false)
	v.SetDefault("verbose", false)

	cfg := &Config{Source: abs}
	file := opts.ConfigFile
	explicit := file != ""
	if !explicit {
		file = filepath.Join(abs, "config.toml")
	} else if !filepath.IsAbs(file) {
		// An explicit --config is relative to the current folder, like any path argument.
		if file, err = filepath.Abs(file); err != nil {
			return nil, err
		}
	}
	var doc *load.Doc
	data, err := os.ReadFile(file)
	switch {
	case err == nil:
		cfg.File = display(abs, file)
		var diags []diag.Diagnostic
		doc, diags = load.DecodeTOML(cfg.File, data, 1)
		var list diag.List
		list.Add(diags...)
		if doc != nil {
			list.Add(checkKeys(doc)...)
		}
		if list.HasErrors() {
			return nil, &list
		}
		if err := v.ReadConfig(bytes.NewReader(data)); err != nil {
			return nil, fmt.Errorf("%s: %w", cfg.File, err)
		}
	case errors.Is(err, fs.ErrNotExist) && !explicit:
		// No config.toml: every setting takes its default.
	default:
		return nil, fmt.Errorf("config file: %w", err)
	}

	env := opts.Env
	if env == nil {
		env = os.LookupEnv
	}
	var envErrs []diag.Diagnostic
	for _, key := range v.AllKeys() {
		if strings.HasPrefix(key, "languages.") || strings.HasPrefix(key, "params.") {
			continue
		}
		name := "ROLEBOOK_" + strings.ToUpper(strings.NewReplacer(".", "_").Replace(key))
		if val, ok := env(name); ok {
			if msg := badEnv(key, val); msg != "" {
				envErrs = append(envErrs, diag.Errorf(diag.Pos{File: name}, "type", "set "+name+" to "+msg, "%s=%q is not %s", name, val, msg))
				continue
			}
			v.Set(key, val)
		}
	}
	if opts.Flags != nil {
		opts.Flags.Visit(func(f *pflag.Flag) {
			if key, ok := flagKeys[f.Name]; ok {
				v.Set(key, f.Value.String())
			}
		})
	}

	var list diag.List
	list.Add(envErrs...)
	pos := func(path ...string) diag.Pos {
		if doc != nil {
			return doc.Pos(path...)
		}
		return diag.Pos{File: "config"}
	}
	cfg.Title = v.GetString("title")
	cfg.BaseURL = v.GetString("baseurl")
	if !strings.HasSuffix(cfg.BaseURL, "/") {
		cfg.BaseURL += "/"
	}
	// Language codes are case-insensitive ("zh-TW" and "zh-tw"); URLs use lower case.
	cfg.DefaultLanguage = strings.ToLower(v.GetString("defaultlanguage"))
	cfg.Stage = v.GetString("stage")
	switch {
	case opts.Flags != nil && opts.Flags.Changed("stage"):
		cfg.StageFrom = diag.Pos{File: "--stage"}
	case envSet(env, "ROLEBOOK_STAGE"):
		cfg.StageFrom = diag.Pos{File: "ROLEBOOK_STAGE"}
	default:
		cfg.StageFrom = pos("stage")
	}
	cfg.EditURL = v.GetString("editurl")
	cfg.Drafts = v.GetBool("drafts")
	cfg.Quiet = v.GetBool("quiet")
	cfg.Verbose = v.GetBool("verbose")
	cfg.Rules.MaxAccountable = v.GetInt("rules.max_accountable")
	cfg.Rules.Strict = v.GetBool("rules.strict")
	cfg.Markup.Unsafe = v.GetBool("markup.unsafe")
	cfg.Privacy = Privacy{
		SkillLevels: v.GetBool("privacy.skill_levels"),
		Interests:   v.GetBool("privacy.interests"),
		Readiness:   v.GetBool("privacy.readiness"),
		SkillGaps:   v.GetBool("privacy.skill_gaps"),
		FitScores:   v.GetBool("privacy.fit_scores"),
		Load:        v.GetBool("privacy.load"),
		NoIndex:     v.GetBool("privacy.noindex"),
	}
	cfg.Limits.MaxFileSize = v.GetInt64("limits.max_file_size")
	if cfg.Limits.MaxFileSize <= 0 {
		list.Add(diag.Errorf(pos("limits", "max_file_size"), "config", "give a size in bytes, such as 20971520 for 20 MiB", "limits.max_file_size must be a positive number of bytes"))
	}
	if cfg.Rules.MaxAccountable < 0 {
		list.Add(diag.Errorf(pos("rules", "max_accountable"), "config", "use 0 for no limit", "rules.max_accountable must not be negative"))
	}
	if p, ok := v.Get("params").(map[string]any); ok {
		cfg.Params = p
	}

	dest := v.GetString("destination")
	if !filepath.IsAbs(dest) {
		if opts.Flags != nil && opts.Flags.Changed("destination") {
			// A --destination flag is relative to the current folder.
			dest, _ = filepath.Abs(dest)
		} else {
			dest = filepath.Join(abs, dest)
		}
	}
	cfg.Destination = filepath.Clean(dest)

	langs, _ := v.Get("languages").(map[string]any)
	for code, raw := range langs {
		l := Language{Code: code, Weight: 0}
		if m, ok := raw.(map[string]any); ok {
			l.Title, _ = m["title"].(string)
			l.Name, _ = m["languagename"].(string)
			switch w := m["weight"].(type) {
			case int64:
				l.Weight = int(w)
			case int:
				l.Weight = w
			}
		}
		if !validCode(code) {
			list.Add(diag.Errorf(pos("languages", code), "config", `use a language code such as "zh", "en" or "zh-tw"`, "%q is not a language code", code))
		}
		cfg.Languages = append(cfg.Languages, l)
	}
	if len(cfg.Languages) == 0 {
		cfg.Languages = []Language{{Code: cfg.DefaultLanguage, Weight: 1}}
	}
	sort.Slice(cfg.Languages, func(i, j int) bool {
		a, b := cfg.Languages[i], cfg.Languages[j]
		if (a.Code == cfg.DefaultLanguage) != (b.Code == cfg.DefaultLanguage) {
			return a.Code == cfg.DefaultLanguage
		}
		if a.Weight != b.Weight {
			return a.Weight < b.Weight
		}
		return a.Code < b.Code
	})
	if cfg.Languages[0].Code != cfg.DefaultLanguage {
		codes := make([]string, len(cfg.Languages))
		for i, l := range cfg.Languages {
			codes[i] = l.Code
		}
		list.Add(diag.Errorf(pos("defaultLanguage"), "config", fmt.Sprintf("add [languages.%s] or set defaultLanguage to one of %s", cfg.DefaultLanguage, strings.Join(codes, ", ")), "defaultLanguage %q is not among the configured languages", cfg.DefaultLanguage))
	}
	for i := range cfg.Languages {
		if cfg.Languages[i].Name == "" {
			cfg.Languages[i].Name = cfg.Languages[i].Code
		}
	}
	if err := list.Err(); err != nil {
		return nil, err
	}
	return cfg, nil
}

// Language returns the configured language with the given code, or nil.
func (c *Config) Language(code string) *Language {
	for i := range c.Languages {
		if c.Languages[i].Code == code {
			return &c.Languages[i]
		}
	}
	return nil
}

// BasePath returns the path part of BaseURL with a slash at both ends ("/" or
// "/handbook/"): every URL of the site starts with it.
func (c *Config) BasePath() string {
	u, err := url.Parse(c.BaseURL)
	if err != nil || u.Path == "" {
		return "/"
	}
	p := path.Clean("/" + u.Path)
	if p != "/" {
		p += "/"
	}
	return p
}

// LanguageCodes lists the configured language codes, the default language first.
func (c *Config) LanguageCodes() []string {
	out := make([]string, len(c.Languages))
	for i, l := range c.Languages {
		out[i] = l.Code
	}
	return out
}

// checkKeys reports keys config.toml does not know, with a "did you mean" hint.
func checkKeys(doc *load.Doc) []diag.Diagnostic {
	var out []diag.Diagnostic
	report := func(name, table string, candidates []string, path ...string) {
		hint := diag.DidYouMean(name, candidates)
		if hint == "" {
			hint = "remove it, or put free settings for templates under [params]"
		}
		where := ""
		if table != "" {
			where = " in [" + table + "]"
		}
		out = append(out, diag.Errorf(doc.Pos(path...), "unknown-key", hint, "unknown key %q%s", name, where))
	}
	top, sub := []string{}, map[string][]string{}
	for _, k := range known {
		if t, key, ok := strings.Cut(k, "."); ok {
			sub[t] = append(sub[t], key)
		} else {
			top = append(top, k)
		}
	}
	typeErr := func(name string, v any, path ...string) {
		kind := kinds[name]
		if kind == "" || wrongKind(kind, v) == "" {
			return
		}
		out = append(out, diag.Errorf(doc.Pos(path...), "type", "write "+kindWords[kind], "%s must be %s, not %v", name, kindWords[kind], v))
	}
	for _, key := range sortedKeys(doc.Data) {
		if !contains(top, key) {
			report(key, "", top, key)
			continue
		}
		typeErr(key, doc.Data[key], key)
		m, isTable := doc.Data[key].(map[string]any)
		switch key {
		case "params":
			continue
		case "languages":
			if !isTable {
				out = append(out, diag.Errorf(doc.Pos(key), "type", "write [languages.zh], [languages.en]... tables", "languages must be a table of languages"))
				continue
			}
			for _, code := range sortedKeys(m) {
				lm, ok := m[code].(map[string]any)
				if !ok {
					out = append(out, diag.Errorf(doc.Pos(key, code), "type", "write [languages."+code+"] with title, languageName and weight", "languages.%s must be a table", code))
					continue
				}
				for _, lk := range sortedKeys(lm) {
					if !contains(languageKeys, lk) {
						report(lk, "languages."+code, languageKeys, key, code, lk)
					}
				}
			}
		default:
			keys, hasSub := sub[key]
			if !hasSub {
				continue
			}
			if !isTable {
				out = append(out, diag.Errorf(doc.Pos(key), "type", "write it as a table: ["+key+"]", "%s must be a table", key))
				continue
			}
			for _, k := range sortedKeys(m) {
				if !contains(keys, k) {
					report(k, key, keys, key, k)
					continue
				}
				typeErr(key+"."+k, m[k], key, k)
			}
		}
	}
	return out
}

// badEnv says what an environment value for key should be, or "" when it is fine.
func badEnv(key, val string) string {
	for name, kind := range kinds {
		if strings.ToLower(name) != key {
			continue
		}
		switch kind {
		case "int":
			if _, err := strconv.Atoi(val); err != nil {
				return "a whole number"
			}
		case "bool":
			if _, err := strconv.ParseBool(val); err != nil {
				return "true or false"
			}
		}
	}
	return ""
}

func envSet(env func(string) (string, bool), name string) bool {
	_, ok := env(name)
	return ok
}

func validCode(code string) bool {
	if code == "" || len(code) > 12 {
		return false
	}
	for _, r := range code {
		if !(r >= 'a' && r <= 'z' || r == '-' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

func display(root, file string) string {
	if rel, err := filepath.Rel(root, file); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return file
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
