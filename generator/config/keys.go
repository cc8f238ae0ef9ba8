package config

import (
	"fmt"
	"strings"
)

// siteKeys is the key table: every setting of a build that has one value. Each row
// gives the key's documented spelling, the field of Config it fills (whose Go type is
// the key's type), its default, its meaning, where it may be set and, when it has one,
// its command-line flag. Everything else follows from the row: viper's defaults, the
// ROLEBOOK_* variable, the flag and its help, the type check and unknown-key hint in
// config.toml, and the table in the README (TestREADME keeps it equal).
//
// Adding a key is one row here and its field in Config; a value that needs more than
// a type (a range, a form) gets a check function.
var siteKeys = []key[Config]{
	{Name: "title", Field: func(c *Config) any { return &c.Title }, Default: "Handbook", Doc: "the site title"},
	{Name: "baseURL", Field: func(c *Config) any { return &c.BaseURL }, Default: "/", Doc: "the site's address (`https://handbook.example.com/`) or a path (`/handbook/`); its path prefixes every URL", Flag: "baseURL", Short: "b", Cmds: "build serve", Check: checkBaseURL},
	{Name: "defaultLanguage", Field: func(c *Config) any { return &c.DefaultLanguage }, Default: "en", Doc: "the language published at the root", Aliases: []string{"defaultContentLanguage"}, Check: checkCode},
	{Name: "languageCode", Field: func(c *Config) any { return &c.LanguageCode }, Shown: "the language's code", Doc: "the default language's tag for `<html lang>` (`zh-CN`, `en-US`), unless its `[languages]` table sets one", Check: checkTag},
	{Name: "stage", Field: func(c *Config) any { return &c.Stage }, Shown: "the last stage", Doc: "the team's current stage: roles of later stages are plans, not vacancies", Flag: "stage", Cmds: "check report diff"},
	{Name: "editURL", Field: func(c *Config) any { return &c.EditURL }, Shown: "none", Doc: "gives each page an \"edit this page\" link: the page's source path is appended", Check: checkEditURL},
	{Name: "repoURL", Field: func(c *Config) any { return &c.RepoURL }, Shown: "none", Doc: "where the repository's web host shows its files (`https://github.com/org/handbook/blob/main/`): links from pages to files outside `content/` lead there", Check: checkRepoURL},
	{Name: "destination", Field: func(c *Config) any { return &c.Destination }, Default: "public", Doc: "the output folder, relative to the handbook (to the current folder on the command line); outside the handbook only with `-d`", Flag: "destination", Short: "d", Cmds: "build", Aliases: []string{"publishDir"}},
	{Name: "drafts", Field: func(c *Config) any { return &c.Drafts }, Default: false, Doc: "publish pages marked `draft = true`", Flag: "drafts", Short: "D", Cmds: "build serve", Aliases: []string{"buildDrafts"}},
	{Name: "quiet", Field: func(c *Config) any { return &c.Quiet }, Default: false, Doc: "print only errors", Flag: "quiet", From: fromEnv | fromFlag},
	{Name: "verbose", Field: func(c *Config) any { return &c.Verbose }, Default: false, Doc: "print more: the time of each stage", Flag: "verbose", From: fromEnv | fromFlag},
	{Name: "rules.max_accountable", Field: func(c *Config) any { return &c.Rules.MaxAccountable }, Default: 0, Shown: "`0` (no limit)", Doc: "the most duties one person may be accountable for", Check: nonNegative},
	{Name: "rules.strict", Field: func(c *Config) any { return &c.Rules.Strict }, Default: false, Doc: "warnings are errors", Flag: "strict", Cmds: "check"},
	{Name: "markup.unsafe", Field: func(c *Config) any { return &c.Markup.Unsafe }, Default: false, Doc: "raw HTML and every link scheme pass through Markdown, and files a browser runs (HTML, SVG, XML...) are copied from `content/`", Aliases: []string{"markup.goldmark.renderer.unsafe"}},
	{Name: "privacy.skill_levels", Field: func(c *Config) any { return &c.Privacy.SkillLevels }, Default: false, Doc: "publish people's skill levels (person pages, `/skills/`)"},
	{Name: "privacy.interests", Field: func(c *Config) any { return &c.Privacy.Interests }, Default: false, Doc: "publish the skills people want to grow in (person pages)"},
	{Name: "privacy.readiness", Field: func(c *Config) any { return &c.Privacy.Readiness }, Default: false, Doc: "publish how ready a person is for their next roles (person pages)"},
	{Name: "privacy.skill_gaps", Field: func(c *Config) any { return &c.Privacy.SkillGaps }, Default: false, Doc: "publish a named person's skill gaps (person pages' growth paths)"},
	{Name: "privacy.fit_scores", Field: func(c *Config) any { return &c.Privacy.FitScores }, Default: false, Doc: "publish the assignment guide: fit scores, ranked candidates, the recommended assignment (`/assignments/`)"},
	{Name: "privacy.load", Field: func(c *Config) any { return &c.Privacy.Load }, Default: false, Doc: "publish hours and load per person, overload and the next hire (`/stages/`)"},
	{Name: "privacy.noindex", Field: func(c *Config) any { return &c.Privacy.NoIndex }, Default: false, Doc: "ask search engines to stay away: a robots meta tag on every page, a robots.txt that disallows everything, no sitemap.xml"},
	{Name: "limits.max_file_size", Field: func(c *Config) any { return &c.Limits.MaxFileSize }, Default: int64(DefaultMaxFileSize), Shown: "`20971520` (20 MiB)", Doc: "the largest content file accepted, in bytes", Check: positive},
	{Name: "limits.max_nesting", Field: func(c *Config) any { return &c.Limits.MaxNesting }, Default: DefaultMaxNesting, Doc: "the deepest nesting of values in front matter and data files (tables, inline tables, arrays, dotted keys) and of lists and quotes in Markdown", Check: positive},
	{Name: "limits.max_folder_depth", Field: func(c *Config) any { return &c.Limits.MaxFolderDepth }, Default: DefaultMaxFolderDepth, Doc: "the most folders a page may be in under `content/`", Check: positive},
	{Name: "limits.max_headcount", Field: func(c *Config) any { return &c.Limits.MaxHeadcount }, Default: DefaultMaxHeadcount, Doc: "the largest `headcount` of a role and `max_people` of a stage", Check: positive},
	{Name: "limits.max_table_columns", Field: func(c *Config) any { return &c.Limits.MaxTableColumns }, Default: DefaultMaxTableColumns, Doc: "the most columns a Markdown table may have", Check: positive},
	{Name: "limits.max_table_cells", Field: func(c *Config) any { return &c.Limits.MaxTableCells }, Default: DefaultMaxTableCells, Doc: "the most cells (rows times columns) the tables of one page may have", Check: positive},
	{Name: "limits.max_link_definitions", Field: func(c *Config) any { return &c.Limits.MaxLinkDefinitions }, Default: DefaultMaxLinkDefinitions, Doc: "the most link reference definitions (`[id]: url`) one page may have", Check: positive},
	{Name: "report.hours_per_week", Field: func(c *Config) any { return &c.Report.HoursPerWeek }, Default: float64(DefaultHoursPerWeek), Doc: "the hours of a full week: a person's `capacity` 1.0", Check: between(0, 168, false, "a full week is usually 40 hours")},
	{Name: "report.load_threshold", Field: func(c *Config) any { return &c.Report.LoadThreshold }, Default: float64(DefaultLoadThreshold), Doc: "the percentage of capacity above which an average load is a risk", Check: between(0, 1000, false, "give a percentage of capacity, such as 85")},
	{Name: "report.min_fit", Field: func(c *Config) any { return &c.Report.MinFit }, Default: float64(DefaultMinFit), Doc: "the fit below which the recommendation leaves a slot to hire rather than fill it, and a holder's fit is a risk", Check: between(0, 100, true, "fit scores run from 0 to 100")},
	{Name: "report.pinned", Field: func(c *Config) any { return &c.Report.Pinned }, Shown: "`[]`", Doc: "people (ids) whose roles the recommendation keeps as they are; `rolebook report --pin ID` adds one"},
	{Name: "report.owner", Field: func(c *Config) any { return &c.Report.Owner }, Shown: "none", Doc: "the owner or founder (a person id): never flagged for growth"},
	{Name: "report.interest_weight", Field: func(c *Config) any { return &c.Report.InterestWeight }, Default: 0.0, Doc: "points a pair counts in the recommendation when the role uses a skill the person wants to grow", Check: between(0, 100, true, "0 ignores interests; 10 weighs a matching interest like 10 points of fit")},
	{Name: "report.allow_training", Field: func(c *Config) any { return &c.Report.AllowTraining }, Default: false, Doc: "let the recommendation place someone who has a required skill of the role at level 0"},
	{Name: "report.accountable_share", Field: func(c *Config) any { return &c.Report.AccountableShare }, Default: DefaultAccountableShare, Doc: "the share of a duty's hours that its accountable role spends on it when not responsible (a duty's `accountable_share` overrides it)", Check: between(0, 1, true, "give a share such as 0.1, a tenth of the duty's hours")},
	{Name: "report.assessed_max_age", Field: func(c *Config) any { return &c.Report.AssessedMaxAge }, Default: DefaultAssessedMaxAge, Doc: "months after which a skill assessment is stale (0: never)", Check: nonNegative},
	{Name: "report.max_roles", Field: func(c *Config) any { return &c.Report.MaxRoles }, Default: 0, Shown: "`0` (as many as anyone holds now)", Doc: "the most roles the recommendation gives one person", Check: nonNegative},
	{Name: "report.max_assignment", Field: func(c *Config) any { return &c.Report.MaxAssignment }, Default: DefaultMaxAssignment, Shown: "`4000000`", Doc: "the largest recommendation, in role slots × people (2,000 × 2,000 takes a few seconds; the time grows with the cube)", Check: positive},
}

// languageKeys is the key table of a [languages.<code>] table, as siteKeys is of the
// whole file. Language settings come from config.toml alone.
var languageKeys = []key[Language]{
	{Name: "title", Field: func(l *Language) any { return &l.Title }, Shown: "`title`", Doc: "the site title in this language"},
	{Name: "languageName", Field: func(l *Language) any { return &l.Name }, Shown: "the code", Doc: "the language's own name, for the language switcher (`中文`, `English`)"},
	{Name: "weight", Field: func(l *Language) any { return &l.Weight }, Default: 0, Doc: "the order of languages in the switcher, after the default language"},
	{Name: "languageCode", Field: func(l *Language) any { return &l.LanguageCode }, Shown: "the code", Doc: "the language's tag for `<html lang>` and `hreflang` (`zh-CN`, `en-US`); addresses keep the code", Check: checkTag},
}

// key is one row of a key table: a setting of T.
type key[T any] struct {
	// Name is the key's documented spelling; a key of a table is "table.key".
	Name string
	// Field returns a pointer to the field of T that the key fills: *string, *bool,
	// *int, *int64, *float64 or *[]string. Its type is the key's type.
	Field func(*T) any
	// Default is the value when nothing sets the key, of the field's type; nil is the
	// type's zero value. Shown, when set, is how the README shows the default.
	Default any
	Shown   string
	// Doc says what the key means, in Markdown, for the README and the flag's help.
	Doc string
	// Flag is the command-line flag that sets the key ("" for none), Short its
	// one-letter form, Cmds the commands that have it, separated by spaces ("" for
	// every command).
	Flag, Short, Cmds string
	// Aliases are other names config.toml accepts for the key (Hugo's); the flag
	// accepts them too, as --name.
	Aliases []string
	// From says where the key may be set; zero means config.toml, the environment and
	// the flag (when it has one).
	From source
	// Check, when not nil, says what is wrong with a value of the right type, and how
	// to fix it; "" when it is fine.
	Check func(v any) (problem, hint string)
}

// source is a set of places a key may be set.
type source uint8

const (
	fromFile source = 1 << iota
	fromEnv
	fromFlag
)

// from returns where k may be set.
func (k *key[T]) from() source {
	if k.From == 0 {
		return fromFile | fromEnv | fromFlag
	}
	return k.From
}

// kind returns the key's type: "string", "bool", "int", "int64", "float64" or
// "[]string".
func (k *key[T]) kind() string {
	var zero T
	return kindOf(k.Field(&zero))
}

// kindOf names the type that the field pointer p points to.
func kindOf(p any) string {
	switch p.(type) {
	case *string:
		return "string"
	case *bool:
		return "bool"
	case *int:
		return "int"
	case *int64:
		return "int64"
	case *float64:
		return "float64"
	case *[]string:
		return "[]string"
	}
	panic(fmt.Sprintf("config: a key's field is %T; use string, bool, int, int64, float64 or []string", p))
}

// envName returns the key's ROLEBOOK_* variable: the name in upper case with dots as
// underscores, or "" when the environment cannot set it.
func (k *key[T]) envName() string {
	if k.from()&fromEnv == 0 {
		return ""
	}
	return "ROLEBOOK_" + strings.ToUpper(strings.ReplaceAll(k.Name, ".", "_"))
}

// onCommand reports whether the key's flag belongs to the command named cmd ("" for
// the flags every command has).
func (k *key[T]) onCommand(cmd string) bool {
	if k.Flag == "" || k.from()&fromFlag == 0 {
		return false
	}
	if k.Cmds == "" {
		return cmd == ""
	}
	for _, c := range strings.Fields(k.Cmds) {
		if c == cmd {
			return true
		}
	}
	return false
}

// defaultValue returns the key's default as the field's type.
func (k *key[T]) defaultValue() any {
	if k.Default != nil {
		return k.Default
	}
	switch k.kind() {
	case "string":
		return ""
	case "bool":
		return false
	case "int":
		return 0
	case "int64":
		return int64(0)
	case "float64":
		return 0.0
	}
	return []string(nil)
}

// set stores v, a value of the key's type, into the key's field of t.
func (k *key[T]) set(t *T, v any) {
	switch p := k.Field(t).(type) {
	case *string:
		*p = v.(string)
	case *bool:
		*p = v.(bool)
	case *int:
		*p = v.(int)
	case *int64:
		*p = v.(int64)
	case *float64:
		*p = v.(float64)
	case *[]string:
		*p = v.([]string)
	}
}

// kindWords says in words what a value of kind looks like, for error messages.
var kindWords = map[string]string{
	"string":   "text in quotes",
	"bool":     "true or false",
	"int":      "a whole number",
	"int64":    "a whole number",
	"float64":  "a number",
	"[]string": "a list of texts in quotes",
}

// hugoKeys are Hugo's settings that Rolebook does not have, by path as Hugo spells it
// (matched in any letter case; "*" matches any one key). A Hugo site's config.toml
// builds unchanged: each is reported, never silently ignored. A warning says that the
// setting has no effect; an error says that ignoring it would publish something else
// than what the setting asks for.
var hugoKeys = []hugoKey{
	{"theme", false, "Rolebook has its own theme; copy a theme file into templates/ to change it"},
	{"themesDir", false, "Rolebook has its own theme; copy a theme file into templates/ to change it"},
	{"paginate", false, "Rolebook lists a section's pages on one page"},
	{"pagination", false, "Rolebook lists a section's pages on one page"},
	{"summaryLength", false, "a page's summary is its description, or its first paragraph"},
	{"enableRobotsTXT", false, "put a robots.txt in content/ to publish one"},
	{"enableGitInfo", false, "Rolebook always takes a page's last-updated date from git when the handbook is a git repository"},
	{"enableEmoji", false, "write emoji as characters"},
	{"hasCJKLanguage", false, "Rolebook's search and word counts handle Chinese, Japanese and Korean text always"},
	{"googleAnalytics", false, "Rolebook adds no tracking; add a script in a template override if you must"},
	{"disqusShortname", false, "Rolebook has no comments"},
	{"copyright", false, "write it in a template override (templates/layouts/) or on the home page"},
	{"author", false, "write it in a template override or on the home page"},
	{"timeZone", false, "dates in front matter are read as written"},
	{"timeout", false, "Rolebook's limits are under [limits]"},
	{"enableInlineShortcodes", false, "Rolebook has no inline shortcodes"},
	{"pluralizeListTitles", false, "a section's title is its landing page's title, or its folder's name"},
	{"titleCaseStyle", false, "a section's title is its landing page's title, or its folder's name"},
	{"removePathAccents", false, "page addresses keep the file names as written"},
	{"cleanDestinationDir", false, "a build removes the files it no longer makes; rolebook build --clean also removes files Rolebook did not make"},
	{"ignoreFiles", false, "Rolebook skips dot files and editor back-ups; move other files out of content/"},
	{"taxonomies", false, "tags are Rolebook's only taxonomy, at /tags/"},
	{"permalinks", true, "a page's address is its path under content/, or its slug; set slug or aliases in front matter"},
	{"uglyURLs", true, "Rolebook's page addresses end with a slash (/guide/page/)"},
	{"relativeURLs", false, "Rolebook's links are relative to baseURL's path"},
	{"canonifyURLs", false, "Rolebook's links are relative to baseURL's path"},
	{"defaultContentLanguageInSubdir", true, "the default language is published at the root, the others under /<code>/"},
	{"disableLanguages", true, "remove the language's [languages] table"},
	{"disableKinds", false, "Rolebook writes the pages of its handbook views always"},
	{"contentDir", true, "Rolebook reads the handbook from content/"},
	{"dataDir", true, "Rolebook's data files are under content/"},
	{"staticDir", false, "files under content/ that are not pages are published as they are"},
	{"layoutDir", true, "template overrides go in templates/"},
	{"archetypeDir", false, "rolebook new role, person or page writes the starter files"},
	{"assetDir", false, "template overrides go in templates/"},
	{"i18nDir", false, "translations of the theme's words go in templates/i18n/"},
	{"resourceDir", false, "Rolebook keeps no resource cache"},
	{"cacheDir", false, "Rolebook keeps its build cache beside the destination (.public.rolebook-cache for public/)"},
	{"workingDir", false, "give the handbook folder with -s"},
	{"outputs", false, "Rolebook writes HTML pages and its own data files"},
	{"outputFormats", false, "Rolebook writes HTML pages and its own data files"},
	{"mediaTypes", false, "Rolebook writes HTML pages and its own data files"},
	{"module", false, "Rolebook has no modules; copy theme files into templates/"},
	{"build", false, "Rolebook has no asset pipeline"},
	{"caches", false, "Rolebook keeps one build cache, beside the destination (.public.rolebook-cache for public/)"},
	{"imaging", false, "images are published as they are"},
	{"minify", false, "Rolebook writes compact HTML"},
	{"related", false, "Rolebook links pages through roles, duties and tags"},
	{"security", false, "Rolebook runs no external programs; [markup] unsafe lets raw HTML through"},
	{"services", false, "Rolebook adds no third-party services"},
	{"sitemap", false, "Rolebook writes sitemap.xml always"},
	{"frontmatter", false, "Rolebook reads date, draft and the other keys as documented"},
	{"markup.goldmark", false, "Markdown is rendered with GitHub's extensions; [markup] unsafe lets raw HTML through"},
	{"markup.highlight", false, "code blocks are not colored"},
	{"markup.tableOfContents", false, "a page's table of contents lists its headings"},
	{"markup.defaultMarkdownHandler", false, "Markdown is rendered by goldmark"},
	{"markup.asciidocExt", false, "Rolebook renders Markdown only"},
	{"markup.pandoc", false, "Rolebook renders Markdown only"},
	{"markup.rst", false, "Rolebook renders Markdown only"},
	{"privacy.disqus", false, "Rolebook embeds no third-party services"},
	{"privacy.googleAnalytics", false, "Rolebook embeds no third-party services"},
	{"privacy.instagram", false, "Rolebook embeds no third-party services"},
	{"privacy.twitter", false, "Rolebook embeds no third-party services"},
	{"privacy.x", false, "Rolebook embeds no third-party services"},
	{"privacy.vimeo", false, "Rolebook embeds no third-party services"},
	{"privacy.youtube", false, "Rolebook embeds no third-party services"},
	{"languages.*.contentDir", true, "a translation lives beside its page as name.<code>.md"},
	{"languages.*.disabled", true, "remove the language's [languages] table to leave it out"},
	{"languages.*.baseURL", true, "every language is published under the one baseURL, those other than the default under /<code>/"},
	{"languages.*.languageDirection", false, "pages are written left to right"},
	{"languages.*.params", false, "[params] applies to every language"},
	{"languages.*.copyright", false, "write it in a template override"},
	{"languages.*.timeZone", false, "dates in front matter are read as written"},
}

// hugoKey is a setting of Hugo that Rolebook does not have.
type hugoKey struct {
	Path string
	// Error says that the setting changes what is published; else it is a warning.
	Error bool
	Hint  string
}
