package config

import (
	"errors"
	"fmt"
	"io"
	"math"
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
	// LanguageCode is the top-level languageCode: the default language's tag when its
	// [languages] table sets none (see Language.Tag).
	LanguageCode string
	// Stage is the team's current stage id ("" means the last stage); StageFrom is
	// where it was set: its key in config.toml, or the flag or variable as File.
	Stage     string
	StageFrom diag.Pos
	// keyPos is where each key of the table was set (see KeyPos).
	keyPos map[string]diag.Pos
	// Languages are the configured languages, the default language first, then by
	// weight and code.
	Languages []Language
	// EditURL, when set, gives each page an "edit this page" link: the page's source path
	// relative to the handbook folder is appended to it.
	EditURL string
	// RepoURL, when set, is the address at which the repository's web host shows its
	// files ("https://github.com/org/handbook/blob/main/"): a link from a page to a file
	// of the repository outside content/ (its README.md, docs/) leads there, the file's
	// path relative to the handbook folder appended.
	RepoURL string
	// Menu is the main menu of every language that has none of its own (see MainMenu).
	Menu []MenuEntry

	Rules   Rules
	Markup  Markup
	Privacy Privacy
	Limits  Limits
	Report  Report

	// Drafts includes pages marked draft = true.
	Drafts bool
	// Quiet and Verbose set how much the command line prints.
	Quiet, Verbose bool
	// Params are the free [params] of config.toml, for templates, their keys spelled
	// as in the file.
	Params map[string]any
	// Warnings are the problems of the configuration that do not stop a build (a Hugo
	// setting that has no effect...). Under rules.strict they are errors instead.
	Warnings []diag.Diagnostic
}

// Language is one configured language of the handbook.
type Language struct {
	Code   string // the code in addresses ("zh", "en"), lower case
	Title  string // the site title in this language ("" = Config.Title)
	Name   string // the language's own name, for the switcher ("中文", "English")
	Weight int
	// LanguageCode is the language's tag from config.toml ("zh-CN"); "" if none.
	LanguageCode string
	// Menu is the language's own main menu; nil means the site's (Config.Menu).
	Menu []MenuEntry
}

// Tag returns the language's tag for HTML's lang and hreflang attributes: its
// languageCode, else its code.
func (l *Language) Tag() string {
	if l.LanguageCode != "" {
		return l.LanguageCode
	}
	return l.Code
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
// Each is a positive number; SECURITY.md says what each one stops.
type Limits struct {
	// MaxFileSize is the largest content file accepted, in bytes.
	MaxFileSize int64
	// MaxNesting is the deepest nesting of values in front matter and data files
	// (tables, arrays) and of lists and quotes in Markdown.
	MaxNesting int
	// MaxFolderDepth is the most folders a page may be in under content/.
	MaxFolderDepth int
	// MaxHeadcount bounds a role's headcount and a stage's max_people.
	MaxHeadcount int
	// MaxTableColumns bounds the columns of a Markdown table; MaxTableCells the
	// cells (rows times columns) of the tables of a page.
	MaxTableColumns, MaxTableCells int
	// MaxLinkDefinitions bounds the link reference definitions of a page.
	MaxLinkDefinitions int
}

// Report are the settings of the owner's analysis: rolebook report, the owner's site
// and the staff site's opt-in team views.
type Report struct {
	// HoursPerWeek is the hours of a full week: a person's capacity 1.0.
	HoursPerWeek float64
	// LoadThreshold is the percentage of capacity above which an average load is a
	// risk.
	LoadThreshold float64
	// MinFit is the fit score below which the recommended assignment leaves a slot to
	// hire rather than fill it.
	MinFit float64
	// Pinned are the ids of people whose roles the recommendation never changes.
	Pinned []string
	// Owner is the id of the owner or founder: never flagged for growth.
	Owner string
	// InterestWeight is the points a pair earns in the assignment when the role uses a
	// skill the person wants to grow.
	InterestWeight float64
	// AllowTraining lets the recommendation place a person who has a required skill of
	// the role at level 0.
	AllowTraining bool
	// AccountableShare is the share of a duty's effort that its accountable role
	// spends when it is not responsible, unless the duty says otherwise.
	AccountableShare float64
	// AssessedMaxAge is the age in months after which a skill assessment is stale.
	AssessedMaxAge int
	// MaxRoles is the most roles the recommendation gives one person; 0 means as many
	// as anyone holds now.
	MaxRoles int
	// MaxAssignment bounds the recommended assignment: role slots times people.
	MaxAssignment int
}

// The defaults of [report].
const (
	DefaultHoursPerWeek     = 40
	DefaultLoadThreshold    = 85
	DefaultMinFit           = 60
	DefaultAccountableShare = 0.1
	DefaultAssessedMaxAge   = 12
	// DefaultMaxAssignment allows 2,000 role slots by 2,000 people (a few seconds).
	DefaultMaxAssignment = 4_000_000
)

// Options are what the command line passes in.
type Options struct {
	// Source is the handbook folder; "" means the current folder.
	Source string
	// ConfigFile is an explicit config file; "" means config.toml in Source if present.
	ConfigFile string
	// Flags are the command's flags (see AddFlags); only those the user set override
	// other settings.
	Flags *pflag.FlagSet
	// Env looks up environment variables; nil means os.LookupEnv.
	Env func(string) (string, bool)
}

// The defaults of Limits.
const (
	DefaultMaxFileSize        = 20 << 20 // 20 MiB
	DefaultMaxNesting         = 100
	DefaultMaxFolderDepth     = 32
	DefaultMaxHeadcount       = 10000
	DefaultMaxTableColumns    = 100
	DefaultMaxTableCells      = 50000
	DefaultMaxLinkDefinitions = 5000
)

// ErrFailed is returned by Load when the configuration has errors; they are in the
// diagnostics Load returns.
var ErrFailed = errors.New("the configuration has errors")

// Load resolves the configuration. The diagnostics hold every problem of the settings,
// warnings included (which the Config keeps as Warnings); the error is ErrFailed when
// some are errors, or a plain error for a missing folder or an unreadable file. The
// Config is nil whenever the error is not.
func Load(opts Options) (*Config, *diag.List, error) {
	list := &diag.List{}
	src := opts.Source
	if src == "" {
		src = "."
	}
	abs, err := filepath.Abs(src)
	if err != nil {
		return nil, list, fmt.Errorf("source folder %s: %w", src, err)
	}
	if st, err := os.Stat(abs); err != nil {
		return nil, list, fmt.Errorf("source folder: %w", err)
	} else if !st.IsDir() {
		return nil, list, fmt.Errorf("source %s is not a folder", src)
	}
	env := opts.Env
	if env == nil {
		env = os.LookupEnv
	}
	file := opts.ConfigFile
	if file == "" {
		var found []diag.Diagnostic
		file, found = findConfig(abs)
		list.Add(found...)
	} else if file, err = filepath.Abs(file); err != nil {
		// An explicit --config is relative to the current folder, like any path argument.
		return nil, list, err
	}
	var data []byte
	if file != "" {
		if data, err = readConfig(file); err != nil {
			return nil, list, err
		}
		file = display(abs, file)
	}
	cfg, err := resolve(abs, file, data, opts.Flags, env, list)
	if err != nil {
		return nil, list, err
	}
	if list.HasErrors() {
		return nil, list, ErrFailed
	}
	cfg.Warnings = list.Items()
	return cfg, list, nil
}

// otherConfigFiles are the names of Hugo's config file that Rolebook does not read, in
// the handbook folder; hugo.toml is read when there is no config.toml.
var otherConfigFiles = []string{"hugo.yaml", "hugo.yml", "hugo.json", "config.yaml", "config.yml", "config.json"}

// findConfig returns the config file of the handbook in src: config.toml, else Hugo's
// hugo.toml, else "" (every setting takes its default). Hugo's other config files are
// reported, never ignored silently: an error when none is read (the site would be built
// without its settings), else a warning.
func findConfig(src string) (string, []diag.Diagnostic) {
	exists := func(name string) bool {
		st, err := os.Stat(filepath.Join(src, filepath.FromSlash(name)))
		return err == nil && (st.Mode().IsRegular() || st.IsDir())
	}
	read := ""
	for _, name := range []string{"config.toml", "hugo.toml"} {
		if exists(name) {
			read = name
			break
		}
	}
	var out []diag.Diagnostic
	report := func(name, what string) {
		if read == "" {
			out = append(out, diag.Errorf(diag.Pos{File: name}, diag.RuleConfigFile, "write the settings as TOML in config.toml",
				"%s is not read: Rolebook reads its settings from config.toml (or hugo.toml) only, and found neither", what))
			return
		}
		out = append(out, diag.Warnf(diag.Pos{File: name}, diag.RuleConfigFile, "move its settings into "+read+" and remove it",
			"%s is not read: Rolebook reads its settings from %s only", what, read))
	}
	for _, name := range append([]string{"hugo.toml"}, otherConfigFiles...) {
		if name != read && exists(name) {
			report(name, name)
		}
	}
	if exists("config/_default") {
		report("config/_default", "config/_default/ (Hugo's configuration folder)")
	}
	if read == "" {
		return "", out
	}
	return filepath.Join(src, read), out
}

// readConfig reads the config file at path, refusing one larger than any config file
// needs to be (the size limit of [limits] cannot apply to the file that sets it).
func readConfig(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("config file: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, DefaultMaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("config file: %w", err)
	}
	if len(data) > DefaultMaxFileSize {
		return nil, fmt.Errorf("config file %s is larger than %d bytes", path, DefaultMaxFileSize)
	}
	return data, nil
}

// resolve makes the Config of the handbook in src from the config file's bytes (nil
// when there is none), the flags and the environment, adding its problems to list
// (which holds those of finding the file); under rules.strict it promotes them all.
//
// The file is decoded once, by load.DecodeTOML, which keeps the position of every
// key; its site keys, checked and typed, are viper's config layer. The ROLEBOOK_*
// variables of the key table, read through env and typed, are merged over them (viper
// reads variables only from the process, which would make a Config depend on global
// state), and the flags are bound as viper's flag layer; viper resolves every key from
// its layers and defaults. Tables that only config.toml sets (languages, menus,
// params) are decoded from the file with their positions and spelling.
func resolve(src, file string, data []byte, flags *pflag.FlagSet, env func(string) (string, bool), list *diag.List) (*Config, error) {
	cfg := &Config{Source: src, File: file}
	fsets := &fileSettings{values: map[string]any{}, pos: map[string]diag.Pos{}}
	if data != nil {
		// Every TOML parser recurses on nested values: the nesting is bounded before
		// any of them reads the file (DecodeTOML checks it first too).
		ds := load.CheckTOMLNesting(file, data, 1, load.DefaultMaxNesting)
		var doc *load.Doc
		if ds == nil {
			doc, ds = load.DecodeTOML(file, data, 1)
		}
		list.Merge(ds)
		if doc != nil {
			fsets = readFile(doc)
			list.Add(fsets.diags...)
		}
	}
	envVals, ds := readEnv(env)
	list.Add(ds...)
	for _, layer := range []struct {
		value any
		pos   diag.Pos
		ok    bool
	}{
		{fsets.values["destination"], fsets.pos["destination"], fsets.values["destination"] != nil},
		{envVals["destination"], diag.Pos{File: envName("destination")}, envVals["destination"] != nil},
	} {
		if layer.ok {
			list.Add(checkDestination(src, layer.value.(string), layer.pos)...)
		}
	}

	v := viper.New()
	for i := range siteKeys {
		v.SetDefault(siteKeys[i].Name, siteKeys[i].defaultValue())
	}
	if err := v.MergeConfigMap(nest(fsets.values)); err != nil {
		return nil, err
	}
	if err := v.MergeConfigMap(nest(envVals)); err != nil {
		return nil, err
	}
	bound := map[string]*pflag.Flag{}
	if flags != nil {
		for i := range siteKeys {
			k := &siteKeys[i]
			if k.Flag == "" || k.from()&fromFlag == 0 {
				continue
			}
			if f := flags.Lookup(k.Flag); f != nil {
				if err := v.BindPFlag(k.Name, f); err != nil {
					return nil, err
				}
				bound[k.Name] = f
			}
		}
	}
	// origin is where the value of a key comes from, for diagnostics about it.
	origin := func(name string) diag.Pos {
		if f := bound[name]; f != nil && f.Changed {
			return diag.Flag("--" + f.Name)
		}
		if _, ok := envVals[name]; ok {
			return diag.Env(envName(name))
		}
		if p, ok := fsets.pos[name]; ok {
			return p
		}
		if fsets.doc != nil {
			return fsets.doc.Start
		}
		return diag.Pos{File: "config"}
	}
	cfg.keyPos = make(map[string]diag.Pos, len(siteKeys))
	for i := range siteKeys {
		k := &siteKeys[i]
		val := get(v, k.Name, k.kind())
		k.set(cfg, val)
		cfg.keyPos[k.Name] = origin(k.Name)
		if f := bound[k.Name]; f != nil && f.Changed && k.Check != nil {
			if problem, hint := k.Check(val); problem != "" {
				list.Add(diag.Errorf(origin(k.Name), diag.RuleConfig, hint, "--%s %s: %s", f.Name, describe(val), problem))
			}
		}
	}

	if cfg.BaseURL == "" {
		cfg.BaseURL = "/"
	}
	if !strings.HasSuffix(cfg.BaseURL, "/") {
		cfg.BaseURL += "/"
	}
	// Language codes are case-insensitive ("zh-TW" and "zh-tw"); URLs use lower case.
	cfg.DefaultLanguage = strings.ToLower(cfg.DefaultLanguage)
	cfg.StageFrom = origin("stage")
	if f := bound["destination"]; f != nil && f.Changed {
		// A --destination flag is relative to the current folder.
		if d, err := filepath.Abs(cfg.Destination); err == nil {
			cfg.Destination = d
		}
	} else if !filepath.IsAbs(cfg.Destination) {
		cfg.Destination = filepath.Join(src, cfg.Destination)
	}
	cfg.Destination = filepath.Clean(cfg.Destination)
	cfg.Params = fsets.params

	for _, fl := range fsets.languages {
		cfg.Languages = append(cfg.Languages, fl.lang)
	}
	if len(cfg.Languages) == 0 {
		cfg.Languages = []Language{{Code: cfg.DefaultLanguage, Weight: 1}}
	}
	sort.SliceStable(cfg.Languages, func(i, j int) bool {
		a, b := cfg.Languages[i], cfg.Languages[j]
		if (a.Code == cfg.DefaultLanguage) != (b.Code == cfg.DefaultLanguage) {
			return a.Code == cfg.DefaultLanguage
		}
		if a.Weight != b.Weight {
			return a.Weight < b.Weight
		}
		return a.Code < b.Code
	})
	codes := cfg.LanguageCodes()
	if codes[0] != cfg.DefaultLanguage {
		list.Add(diag.Errorf(origin("defaultLanguage"), diag.RuleConfig, fmt.Sprintf("add [languages.%s] or set defaultLanguage to one of %s", cfg.DefaultLanguage, strings.Join(codes, ", ")), "defaultLanguage %q is not among the configured languages", cfg.DefaultLanguage))
	}
	for i := range cfg.Languages {
		l := &cfg.Languages[i]
		if l.Name == "" {
			l.Name = l.Code
		}
		if i == 0 && l.LanguageCode == "" {
			l.LanguageCode = cfg.LanguageCode
		}
	}
	if fsets.doc != nil {
		md := &menuDecoder{doc: fsets.doc, codes: codes, def: cfg.DefaultLanguage}
		if fsets.menu != nil {
			cfg.Menu = md.menus(fsets.menu, fsets.menuPath)
		}
		for _, fl := range fsets.languages {
			if l := cfg.Language(fl.lang.Code); l != nil && fl.menu != nil {
				md.def = l.Code
				l.Menu = md.menus(fl.menu, fl.menuPath)
			}
		}
		list.Add(md.diags...)
	}

	if cfg.Rules.Strict {
		list.Promote()
	}
	return cfg, nil
}

// get returns the value viper resolved for the key name, as the Go type of kind.
func get(v *viper.Viper, name, kind string) any {
	switch kind {
	case "string":
		return v.GetString(name)
	case "bool":
		return v.GetBool(name)
	case "int":
		return v.GetInt(name)
	case "int64":
		return v.GetInt64(name)
	case "float64":
		return v.GetFloat64(name)
	}
	return v.GetStringSlice(name)
}

// readEnv returns the values of the ROLEBOOK_* variables that are set (and not
// empty), typed, by key name.
func readEnv(env func(string) (string, bool)) (map[string]any, []diag.Diagnostic) {
	vals := map[string]any{}
	var diags []diag.Diagnostic
	for i := range siteKeys {
		k := &siteKeys[i]
		name := k.envName()
		if name == "" {
			continue
		}
		s, ok := env(name)
		if !ok || s == "" {
			continue
		}
		pos := diag.Env(name)
		kind := k.kind()
		val, ok := parseEnv(kind, s)
		if !ok {
			diags = append(diags, diag.Errorf(pos, diag.RuleType, "set "+name+" to "+kindWords[kind], "%s=%q is not %s", name, s, kindWords[kind]))
			continue
		}
		if k.Check != nil {
			if problem, hint := k.Check(val); problem != "" {
				diags = append(diags, diag.Errorf(pos, diag.RuleConfig, hint, "%s=%q: %s", name, s, problem))
				continue
			}
		}
		vals[k.Name] = val
	}
	return vals, diags
}

// parseEnv returns the text of a variable as the Go type of kind.
func parseEnv(kind, s string) (any, bool) {
	switch kind {
	case "string":
		return s, true
	case "bool":
		b, err := strconv.ParseBool(s)
		return b, err == nil
	case "int":
		i, err := strconv.ParseInt(s, 10, 32)
		return int(i), err == nil
	case "int64":
		i, err := strconv.ParseInt(s, 10, 64)
		return i, err == nil
	case "float64":
		f, err := strconv.ParseFloat(s, 64)
		return f, err == nil && !math.IsNaN(f) && !math.IsInf(f, 0)
	}
	var out []string
	for _, part := range strings.Split(s, ",") {
		if part = strings.TrimSpace(part); part != "" {
			out = append(out, part)
		}
	}
	return out, true
}

// envName returns the variable of the site key called name.
func envName(name string) string {
	for i := range siteKeys {
		if siteKeys[i].Name == name {
			return siteKeys[i].envName()
		}
	}
	return ""
}

// checkDestination refuses a destination outside the handbook folder src unless it
// comes from the command line: a config.toml or a variable set by someone else must
// not make a build write anywhere on the machine.
func checkDestination(src, dest string, pos diag.Pos) []diag.Diagnostic {
	p := dest
	if !filepath.IsAbs(p) {
		p = filepath.Join(src, p)
	}
	if inside(realPath(src), realPath(filepath.Clean(p))) {
		return nil
	}
	return []diag.Diagnostic{diag.Errorf(pos, diag.RuleConfig,
		"choose a folder inside the handbook, such as \"public\", or give this one on the command line: rolebook build -d "+dest,
		"destination %q is outside the handbook folder; only the -d flag may publish there", dest)}
}

// realPath returns p with the symbolic links of its longest existing prefix
// resolved, so that a link inside the handbook to a folder outside counts as outside.
func realPath(p string) string {
	rest := ""
	for dir := p; ; {
		if r, err := filepath.EvalSymlinks(dir); err == nil {
			return filepath.Join(r, rest)
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return p
		}
		rest = filepath.Join(filepath.Base(dir), rest)
		dir = parent
	}
}

// nest turns {"rules.strict": true} into {"rules": {"strict": true}}, as viper reads
// a config map.
func nest(flat map[string]any) map[string]any {
	out := map[string]any{}
	for name, v := range flat {
		m := out
		parts := strings.Split(name, ".")
		for _, p := range parts[:len(parts)-1] {
			sub, ok := m[p].(map[string]any)
			if !ok {
				sub = map[string]any{}
				m[p] = sub
			}
			m = sub
		}
		m[parts[len(parts)-1]] = v
	}
	return out
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

// KeyPos returns where the value of a key of the table (by its documented name,
// "report.owner") was set: the flag (Origin InFlag), the ROLEBOOK_* variable (InEnv),
// or its place in the config file; the file's start, or "config", when the default
// applies.
func (c *Config) KeyPos(name string) diag.Pos {
	if p, ok := c.keyPos[name]; ok {
		return p
	}
	return diag.Pos{File: "config"}
}

// Origin returns "scheme://host" of a baseURL, or "" when it has no host (the
// default "/"): what absolute links and calendar feeds start with.
func Origin(baseURL string) string {
	u, err := url.Parse(baseURL)
	if err != nil || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// LanguageCodes lists the configured language codes, the default language first.
func (c *Config) LanguageCodes() []string {
	out := make([]string, len(c.Languages))
	for i, l := range c.Languages {
		out[i] = l.Code
	}
	return out
}

func display(root, file string) string {
	if rel, err := filepath.Rel(root, file); err == nil && !strings.HasPrefix(rel, "..") {
		return filepath.ToSlash(rel)
	}
	return file
}
