package handbook

import (
	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/load"
)

// Text is a translatable text: language code -> text. A plain TOML string decodes as
// the default language's text.
type Text map[string]string

// Get returns the text in lang, falling back to the default language.
func (t Text) Get(lang, defaultLang string) string {
	if s, ok := t[lang]; ok {
		return s
	}
	return t[defaultLang]
}

// Source locates the keys of one skill, role, duty, person or stage in its own file.
type Source struct {
	doc   *load.Doc
	table []string // the path of the entity's table in doc: [id] in a data file, none in front matter
}

// File returns the path of the source file, as printed in diagnostics.
func (s Source) File() string {
	if s.doc == nil {
		return ""
	}
	return s.doc.File
}

// Pos returns the position of the key at path inside the entity's table (array
// entries by index: Pos("responsible", "1")), or of the nearest enclosing table that
// is in the file when the key is missing.
func (s Source) Pos(path ...string) diag.Pos {
	if s.doc == nil {
		return diag.Pos{}
	}
	if len(s.table) == 0 {
		return s.doc.Pos(path...)
	}
	full := make([]string, 0, len(s.table)+len(path))
	full = append(append(full, s.table...), path...)
	return s.doc.Pos(full...)
}

// Has reports whether the key at path is written in the file.
func (s Source) Has(path ...string) bool {
	if s.doc == nil {
		return false
	}
	full := make([]string, 0, len(s.table)+len(path))
	full = append(append(full, s.table...), path...)
	_, ok := s.doc.KeyPos(full...)
	return ok
}

// SkillLevel is a skill id with a level, as in a role's [skills] or a person's [skills].
type SkillLevel struct {
	Skill string
	Level int
	Pos   diag.Pos // the position of the "skill = level" key
}

// Skill is one table of content/skills.toml.
type Skill struct {
	ID          string
	Name        Text
	Description Text
	// Levels says what levels 0-4 mean for this skill; nil means the site-wide default.
	Levels []Text
	Pos    diag.Pos // the table header
	Src    Source
}

// Markdown is the body of a page: its source and where it starts in its file.
type Markdown struct {
	File   string
	Line   int // line of the body's first line in File
	Source []byte
}

// Role is one page content/roles/<id>.md and its translations <id>.<lang>.md.
type Role struct {
	ID        string
	Area      string
	Stage     string // the first stage at which the role exists, as written ("" = not given)
	ReportsTo string
	Title     Text
	Summary   Text
	Headcount int // 1 unless given
	// Lead is the person who answers for the role's duties when several people hold
	// it ("" = not given); the check requires it then, and that the lead holds the role.
	Lead string
	Next []string
	// Onboarding is the checklist for new holders, one Text per item.
	Onboarding []Text
	Skills     []SkillLevel // required, levels 1-4
	Preferred  []SkillLevel // nice to have, levels 1-4
	// Body holds the role's description per language: the default language's comes
	// from <id>.md, the others from the translation files.
	Body map[string]Markdown
	File string
	Pos  diag.Pos // the start of the front matter (or of the file)
	Src  Source
}

// Cadence is how often a duty recurs.
type Cadence struct {
	// Kind is "daily", "weekly", "monthly", "quarterly", or "" for free text.
	Kind string
	// Day is the weekday for weekly (1 = Monday ... 7 = Sunday), the day of the month
	// for monthly and quarterly (of the quarter's first month); 0 when not given.
	Day int
	// Text is the cadence as written.
	Text string
}

// Duty is one table of content/duties/<area>.toml.
type Duty struct {
	ID    string
	Area  string // the file name without .toml
	Title Text
	Notes Text
	// Cadence is the zero Cadence when not given.
	Cadence Cadence
	// Accountable is a list only so that a duty with two owners can be reported; a valid
	// duty has exactly one.
	Accountable []string
	// Responsible and the other lists are nil when the key is missing or its value has
	// the wrong type (already reported), and empty but not nil for an empty list.
	Responsible []string
	Consulted   []string
	Informed    []string
	// Effort is the hours a week of the responsible roles in an ordinary week: as
	// written, or computed from Coverage; 0 when not given.
	Effort float64
	// Coverage is set for a duty staffed in shifts (its Effort is computed from it).
	Coverage *Coverage
	// Peaks are the weeks with a different effort, in file order.
	Peaks []Peak
	// AccountableShare is the share of Effort that the accountable role spends on the
	// duty when it is not one of the responsible roles; nil when not given (the
	// [report] default applies).
	AccountableShare *float64
	// Backup is the id of the person or role that stands in for the owner, "" when
	// not given.
	Backup string
	Pos    diag.Pos
	// Src gives the position of each key: Src.Pos("accountable"), Src.Pos("consulted", "2").
	Src Source

	order int // index in Handbook.Duties
}

// Person is one page content/people/<id>.md.
type Person struct {
	ID        string
	Name      Text
	Roles     []string
	Skills    []SkillLevel // levels 0-4
	Interests []string     // skill ids the person wants to grow in
	Capacity  float64      // share of full time, 1 unless given
	Started   string       // as written, or a TOML date as 2006-01-02
	// Shares are the parts of their roles' work the person does when the holders do
	// not split it equally, in file order.
	Shares []RoleShare
	// Assessed says when the person's skill levels were last assessed, in file order.
	Assessed []Assessment
	Body     Markdown
	File     string
	Pos      diag.Pos
	Src      Source
}

// Cover says that at a stage the role By takes the duties of the absent role Absent;
// Lead, when given, is the holder of By who answers for them.
type Cover struct {
	Absent, By string
	Lead       string
	Pos        diag.Pos // the "absent = ..." key
	LeadPos    diag.Pos // the lead key, when given
}

// Stage is one table of content/stages.toml: a size of the team and its roles.
type Stage struct {
	ID        string
	Title     Text
	MaxPeople int
	Roles     []string
	Covers    []Cover // in file order
	// Headcount overrides roles' headcount at this stage, in file order.
	Headcount []RoleCount
	Pos       diag.Pos
	Src       Source

	has     map[string]bool
	covered map[string]string
	covers  map[string]*Cover
}

// coverOf returns the cover of the absent role at this stage, or nil.
func (s *Stage) coverOf(role string) *Cover { return s.covers[role] }

// Has reports whether role is one of the stage's roles.
func (s *Stage) Has(role string) bool { return s.has[role] }

// CoveredBy returns the role that covers the absent role at this stage, if any.
func (s *Stage) CoveredBy(role string) (string, bool) {
	by, ok := s.covered[role]
	return by, ok
}

// Letter is a duty's RACI letter for a role.
type Letter byte

// The RACI letters.
const (
	Accountable Letter = 'A'
	Responsible Letter = 'R'
	Consulted   Letter = 'C'
	Informed    Letter = 'I'
)

// RoleDuties are the duties that name one role, grouped by letter, in duty order.
type RoleDuties struct {
	Accountable, Responsible, Consulted, Informed []*Duty
}

// Handbook is the decoded model. Slices are in a stable order: skills, duties and stages
// in file order (duty files by path), roles and people by id.
type Handbook struct {
	DefaultLanguage string
	Languages       []string

	Skills []*Skill
	Roles  []*Role
	Duties []*Duty
	People []*Person
	Stages []*Stage
	// AreaTables are the tables of content/areas.toml, in file order.
	AreaTables []*Area

	skills map[string]*Skill
	roles  map[string]*Role
	duties map[string]*Duty
	people map[string]*Person
	stages map[string]*Stage
	areas  []string
	// areaTables are the tables of content/areas.toml by id.
	areaTables map[string]*Area
	holders    map[string][]*Person
	reports    map[string][]*Role
	byRole     map[string]*RoleDuties
	// owners[stage][role] is the role that owns role's duties at the stage after
	// covers, "" when the cover chain ends nowhere or loops.
	owners map[string]map[string]string
}

// Skill returns the skill with the id, or nil.
func (h *Handbook) Skill(id string) *Skill { return h.skills[id] }

// Role returns the role with the id, or nil.
func (h *Handbook) Role(id string) *Role { return h.roles[id] }

// Duty returns the duty with the id, or nil.
func (h *Handbook) Duty(id string) *Duty { return h.duties[id] }

// Person returns the person with the id, or nil.
func (h *Handbook) Person(id string) *Person { return h.people[id] }

// Stage returns the stage with the id, or nil.
func (h *Handbook) Stage(id string) *Stage { return h.stages[id] }

// Areas returns the duty areas (the duty file names), sorted.
func (h *Handbook) Areas() []string { return append([]string(nil), h.areas...) }

// HoldersOf returns the people who hold the role, by id.
func (h *Handbook) HoldersOf(roleID string) []*Person { return h.holders[roleID] }

// DirectReports returns the roles whose reports_to is roleID, by id.
func (h *Handbook) DirectReports(roleID string) []*Role { return h.reports[roleID] }

// DutiesOf returns the duties that name the role, grouped by letter.
func (h *Handbook) DutiesOf(roleID string) RoleDuties {
	if d := h.byRole[roleID]; d != nil {
		return *d
	}
	return RoleDuties{}
}

// OwnerRoleAt returns the id of the role that takes roleID's duties at the stage after
// covers (roleID itself when the stage has it), or "" when there is none.
func (h *Handbook) OwnerRoleAt(roleID, stageID string) string {
	return h.owners[stageID][roleID]
}
