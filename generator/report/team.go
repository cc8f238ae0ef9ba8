package report

import (
	"cmp"
	"math"
	"slices"
	"time"

	"github.com/rolebook/rolebook/generator/config"
	"github.com/rolebook/rolebook/generator/fit"
	"github.com/rolebook/rolebook/generator/handbook"
)

// Options tune the analysis.
type Options struct {
	// Stage is the team's current stage id; "" or an unknown id means the last stage.
	Stage string
	// MaxAccountable is [rules] max_accountable: the most duties one person should
	// own; 0 means no limit.
	MaxAccountable int
	// MaxRolesPerPerson is how many roles the recommended assignment may give one
	// person; 0 means Settings.MaxRoles, and when that is 0 too, the most roles any
	// person holds now at the stage, at least 1.
	MaxRolesPerPerson int
	// HoursPerWeek, when above 0, overrides Settings.HoursPerWeek.
	HoursPerWeek float64
	// Settings are the owner's settings ([report] of config.toml); nil means
	// DefaultSettings().
	Settings *Settings
	// Today is the date the report is made on, for tenure and the age of skill
	// assessments; the zero time leaves both out.
	Today time.Time
}

// Settings are the owner's settings of the analysis: [report] in config.toml. The
// JSON names are those of the config keys.
type Settings struct {
	// HoursPerWeek is the hours of a full week: capacity 1.0.
	HoursPerWeek float64 `json:"hours_per_week"`
	// LoadThreshold is the percentage of capacity above which an average load is a
	// risk.
	LoadThreshold float64 `json:"load_threshold"`
	// MinFit is the fit below which the recommendation leaves a slot to hire.
	MinFit float64 `json:"min_fit"`
	// Pinned are the people whose roles the recommendation never changes.
	Pinned []string `json:"pinned"`
	// Owner is the owner or founder, never flagged for growth.
	Owner string `json:"owner"`
	// InterestWeight is the points a pair counts in the recommendation when the
	// role uses a skill the person wants to grow.
	InterestWeight float64 `json:"interest_weight"`
	// AllowTraining lets the recommendation place people with a required skill at 0.
	AllowTraining bool `json:"allow_training"`
	// AccountableShare is the share of a duty's effort its accountable role spends
	// when not responsible, unless the duty gives its own.
	AccountableShare float64 `json:"accountable_share"`
	// AssessedMaxAge is the age in months after which a skill assessment is stale;
	// 0 never calls one stale.
	AssessedMaxAge int `json:"assessed_max_age"`
	// MaxRoles is the most roles the recommendation gives one person; 0 means the
	// most anyone holds now.
	MaxRoles int `json:"max_roles"`
	// MaxAssignment bounds the recommendation: role slots times people.
	MaxAssignment int `json:"max_assignment"`
}

// SettingsOf returns the settings of config.toml's [report].
func SettingsOf(r config.Report) Settings {
	return Settings{HoursPerWeek: r.HoursPerWeek, LoadThreshold: r.LoadThreshold, MinFit: r.MinFit,
		Pinned: nonNil(slices.Clone(r.Pinned)), Owner: r.Owner, InterestWeight: r.InterestWeight,
		AllowTraining: r.AllowTraining, AccountableShare: r.AccountableShare, AssessedMaxAge: r.AssessedMaxAge,
		MaxRoles: r.MaxRoles, MaxAssignment: r.MaxAssignment}
}

// DefaultSettings returns the defaults of [report].
func DefaultSettings() Settings {
	return Settings{HoursPerWeek: config.DefaultHoursPerWeek, LoadThreshold: config.DefaultLoadThreshold,
		MinFit: config.DefaultMinFit, Pinned: []string{}, AccountableShare: config.DefaultAccountableShare,
		AssessedMaxAge: config.DefaultAssessedMaxAge, MaxAssignment: config.DefaultMaxAssignment}
}

// Team is the handbook as package fit sees it at one stage.
type Team struct {
	// Stage is the stage id the team is looked at ("" when the handbook has none).
	Stage string
	// Roles are the roles that exist at the stage, by id, with the stage's headcount
	// and the hours of one slot.
	Roles []fit.Role
	// All holds every role, by id, for growth paths.
	All map[string]fit.Role
	// People are everyone, by id, with the roles they hold now.
	People []fit.Person
	// MaxRolesPerPerson and HoursPerWeek are resolved from Options.
	MaxRolesPerPerson int
	HoursPerWeek      float64
	// Settings are resolved from Options.
	Settings Settings

	hb   *handbook.Handbook
	opts Options
}

// NewTeam returns the team of hb at the stage opts names.
func NewTeam(hb *handbook.Handbook, opts Options) *Team {
	t := &Team{Stage: stageID(hb, opts.Stage), All: map[string]fit.Role{}, hb: hb, opts: opts,
		Settings: DefaultSettings()}
	if opts.Settings != nil {
		t.Settings = *opts.Settings
		if t.Settings.Pinned == nil {
			t.Settings.Pinned = []string{}
		}
	}
	if opts.HoursPerWeek > 0 {
		t.Settings.HoursPerWeek = opts.HoursPerWeek
	}
	if t.Settings.HoursPerWeek <= 0 {
		t.Settings.HoursPerWeek = fit.DefaultHoursPerWeek
	}
	t.HoursPerWeek = t.Settings.HoursPerWeek
	for _, r := range hb.Roles {
		fr := FitRole(r)
		t.All[r.ID] = fr
		if t.present(r.ID) {
			fr.Headcount = t.headcount(r.ID)
			t.Roles = append(t.Roles, fr)
		}
	}
	most := 1
	for _, p := range hb.People {
		fp := FitPerson(p)
		t.People = append(t.People, fp)
		n := 0
		for i, r := range fp.Roles {
			if t.present(r) && t.All[r].ID != "" && !slices.Contains(fp.Roles[:i], r) {
				n++
			}
		}
		most = max(most, n)
	}
	t.MaxRolesPerPerson = opts.MaxRolesPerPerson
	if t.MaxRolesPerPerson <= 0 {
		t.MaxRolesPerPerson = t.Settings.MaxRoles
	}
	if t.MaxRolesPerPerson <= 0 {
		t.MaxRolesPerPerson = most
	}
	// The hours of one slot: the role's hours at the stage over its headcount.
	hours := map[string]float64{}
	for _, rl := range t.roleLoads() {
		hours[rl.Role] = rl.Hours
	}
	for i, r := range t.Roles {
		t.Roles[i].Hours = hours[r.ID] / float64(max(r.Headcount, 1))
	}
	return t
}

// stageID resolves the stage to look at: the given one when it exists, else the last.
func stageID(hb *handbook.Handbook, id string) string {
	if hb.Stage(id) != nil {
		return id
	}
	if len(hb.Stages) == 0 {
		return ""
	}
	return hb.Stages[len(hb.Stages)-1].ID
}

// FitRole converts a handbook role for package fit.
func FitRole(r *handbook.Role) fit.Role {
	fr := fit.Role{ID: r.ID, Required: levels(r.Skills), Preferred: levels(r.Preferred), Headcount: r.Headcount, Next: r.Next}
	return fr
}

// FitPerson converts a handbook person for package fit.
func FitPerson(p *handbook.Person) fit.Person {
	fp := fit.Person{ID: p.ID, Skills: levels(p.Skills), Roles: p.Roles, Capacity: p.Capacity, Interests: p.Interests}
	for _, s := range p.Shares {
		if fp.Shares == nil {
			fp.Shares = map[string]float64{}
		}
		fp.Shares[s.Role] = s.Share
	}
	return fp
}

func levels(ls []handbook.SkillLevel) map[string]int {
	m := make(map[string]int, len(ls))
	for _, l := range ls {
		if _, ok := m[l.Skill]; !ok {
			m[l.Skill] = l.Level
		}
	}
	return m
}

func (t *Team) present(role string) bool {
	s := t.hb.Stage(t.Stage)
	return s == nil || s.Has(role)
}

// headcount is the role's headcount at the team's stage, at least 1.
func (t *Team) headcount(role string) int {
	return max(t.hb.HeadcountAt(role, t.Stage), 1)
}

// owner returns the role that takes role's duties at the team's stage, "" when none.
func (t *Team) owner(role string) string {
	if t.Stage == "" {
		return role
	}
	return t.hb.OwnerRoleAt(role, t.Stage)
}

// Person returns the person with the id, and whether the team has them.
func (t *Team) Person(id string) (fit.Person, bool) {
	i := slices.IndexFunc(t.People, func(p fit.Person) bool { return p.ID == id })
	if i < 0 {
		return fit.Person{}, false
	}
	return t.People[i], true
}

// Holders returns the ids of the people who hold the role, by id.
func (t *Team) Holders(role string) []string {
	var out []string
	for _, p := range t.People {
		if slices.Contains(p.Roles, role) {
			out = append(out, p.ID)
		}
	}
	return out
}

// assignOptions are the rules of the recommendation.
func (t *Team) assignOptions() fit.Options {
	return fit.Options{
		MaxRolesPerPerson: t.MaxRolesPerPerson,
		MinScore:          t.Settings.MinFit,
		AllowTraining:     t.Settings.AllowTraining,
		Pinned:            t.Settings.Pinned,
		InterestWeight:    t.Settings.InterestWeight,
		HoursPerWeek:      t.HoursPerWeek,
		MaxPairs:          t.Settings.MaxAssignment,
	}
}

// Assignment returns the best overall assignment of the stage's roles, from
// scratch: pinned people keep their roles, no slot goes to a fit below the
// minimum or to someone without a required skill (unless training is allowed), a
// person takes a second role only when the hours fit, and current holders are
// kept only where that costs no score. The error is a *fit.SizeError when the team
// is larger than Settings.MaxAssignment allows.
func (t *Team) Assignment() (fit.Assignment, error) {
	return fit.Assign(t.Roles, t.People, t.assignOptions())
}

// TooLarge returns a *fit.SizeError when the team is too large to assign under
// Settings.MaxAssignment (role slots times people), nil otherwise. Callers that must
// not give a report without its recommendation ask it first.
func (t *Team) TooLarge() error {
	slots := 0
	for _, r := range t.Roles {
		slots += max(r.Headcount, 1)
	}
	if limit := t.Settings.MaxAssignment; limit > 0 && slots*len(t.People) > limit {
		return &fit.SizeError{Slots: slots, People: len(t.People), Limit: limit}
	}
	return nil
}

// Recommend returns Assignment without its error: a team too large to assign gets
// every slot unfilled.
func (t *Team) Recommend() fit.Assignment {
	a, err := t.Assignment()
	if err != nil {
		for _, r := range t.Roles {
			for range max(r.Headcount, 1) {
				a.Unfilled = append(a.Unfilled, r.ID)
			}
		}
	}
	return a
}

// Current returns the assignment as it is: every holder of a role of the stage, with
// their score, and the empty slots.
func (t *Team) Current() fit.Assignment {
	var a fit.Assignment
	for _, r := range t.Roles {
		hs := t.Holders(r.ID)
		for _, id := range hs {
			p, _ := t.Person(id)
			s := fit.Score(r, p).Score
			a.Slots = append(a.Slots, fit.Slot{Role: r.ID, Person: id, Score: s})
			a.Total += s
		}
		for range max(r.Headcount, 1) - len(hs) {
			a.Unfilled = append(a.Unfilled, r.ID)
		}
	}
	return a
}

// RoleChange is a role whose holders the recommendation changes.
type RoleChange struct {
	Role string `json:"role"`
	// Before and After are the role's slots now and as recommended.
	Before []Slot `json:"before"`
	After  []Slot `json:"after"`
	// Delta is the recommended total score of the role minus the current one.
	Delta float64 `json:"delta"`
}

// Slot is a filled role slot, its score rounded to a tenth.
type Slot struct {
	Role   string  `json:"role"`
	Person string  `json:"person"`
	Score  float64 `json:"score"`
}

// Round rounds a score to a tenth of a point, as every output shows it.
func Round(x float64) float64 { return math.Round(x*10) / 10 }

func slots(ss []fit.Slot) []Slot {
	out := make([]Slot, 0, len(ss))
	for _, s := range ss {
		out = append(out, Slot{s.Role, s.Person, Round(s.Score)})
	}
	return out
}

// Changes compares two assignments role by role, in role id order.
func Changes(before, after fit.Assignment) []RoleChange {
	by := func(a fit.Assignment) map[string][]fit.Slot {
		m := map[string][]fit.Slot{}
		for _, s := range a.Slots {
			m[s.Role] = append(m[s.Role], s)
		}
		return m
	}
	b, a := by(before), by(after)
	var ids []string
	for id := range b {
		ids = append(ids, id)
	}
	for id := range a {
		if _, ok := b[id]; !ok {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	var out []RoleChange
	for _, id := range ids {
		if samePeople(b[id], a[id]) {
			continue
		}
		c := RoleChange{Role: id, Before: slots(b[id]), After: slots(a[id])}
		for _, s := range a[id] {
			c.Delta += s.Score
		}
		for _, s := range b[id] {
			c.Delta -= s.Score
		}
		c.Delta = Round(c.Delta)
		out = append(out, c)
	}
	return out
}

func samePeople(a, b []fit.Slot) bool {
	if len(a) != len(b) {
		return false
	}
	for _, s := range a {
		if !slices.ContainsFunc(b, func(x fit.Slot) bool { return x.Person == s.Person }) {
			return false
		}
	}
	return true
}

// HolderGap is a person's required skills below the level of a role they hold.
type HolderGap struct {
	Person string
	Role   string
	Score  float64
	Gaps   []fit.Gap
}

// HolderGaps returns, for each person and each role they hold, the required skills
// they have below the needed level, by person then role (in the person's order).
// Pairs without a required gap are left out.
func (t *Team) HolderGaps() []HolderGap {
	var out []HolderGap
	for _, p := range t.People {
		for i, id := range p.Roles {
			r, ok := t.All[id]
			if !ok || slices.Contains(p.Roles[:i], id) {
				continue
			}
			f := fit.Score(r, p)
			var req []fit.Gap
			for _, g := range f.Gaps {
				if g.Required {
					req = append(req, g)
				}
			}
			if len(req) > 0 {
				out = append(out, HolderGap{Person: p.ID, Role: id, Score: f.Score, Gaps: req})
			}
		}
	}
	return out
}

// Uncovered returns, for each role of the stage, the required skills no one in the
// team has at the needed level; roles without such skills are left out.
func (t *Team) Uncovered() map[string][]string {
	out := map[string][]string{}
	for _, r := range t.Roles {
		if g := fit.RoleGaps(r, t.People); len(g) > 0 {
			out[r.ID] = g
		}
	}
	return out
}

// Growth returns the roles the person can grow into, readiest first.
func (t *Team) Growth(person string) []fit.Step {
	p, ok := t.Person(person)
	if !ok {
		return nil
	}
	return fit.Growth(p, t.All)
}

// StageLoad is the team's weekly load at one stage.
type StageLoad struct {
	// Stage is the stage id ("" when the handbook has no stages).
	Stage string
	// Loads are per person, by id.
	Loads []fit.PersonLoad
	// Hire is the role whose new holder relieves the most unmet work; nil when no
	// role brings any relief.
	Hire *fit.Hire
}

// Loads returns the load of the current team at every stage, in stage order. At a
// stage, the duties of absent roles go to the roles covering them; a person's roles
// the stage lacks are left out (today's people are not re-sliced into its roles).
func (t *Team) Loads() []StageLoad {
	out := make([]StageLoad, 0, max(len(t.hb.Stages), 1))
	for _, st := range t.stages() {
		out = append(out, st.load())
	}
	return out
}

// stages returns the team at every stage, in order ("" when there are none).
func (t *Team) stages() []*Team {
	if len(t.hb.Stages) == 0 {
		return []*Team{t}
	}
	out := make([]*Team, 0, len(t.hb.Stages))
	for _, s := range t.hb.Stages {
		st := *t
		st.Stage = s.ID
		out = append(out, &st)
	}
	return out
}

// CurrentLoad returns the load at the team's own stage.
func (t *Team) CurrentLoad() StageLoad { return t.load() }

func (t *Team) load() StageLoad {
	roles, duties, people := t.loadModel()
	opts := t.loadOptions()
	sl := StageLoad{Stage: t.Stage, Loads: fit.Load(people, roles, duties, opts)}
	if h, ok := fit.NextHire(people, roles, duties, opts); ok {
		sl.Hire = &h
	}
	return sl
}

func (t *Team) loadOptions() fit.LoadOptions {
	return fit.LoadOptions{HoursPerWeek: t.HoursPerWeek, Threshold: t.Settings.LoadThreshold / 100}
}

// roleLoads returns the hours of the stage's roles.
func (t *Team) roleLoads() []fit.RoleLoad {
	roles, duties, people := t.loadModel()
	return fit.RoleLoads(people, roles, duties, t.loadOptions())
}

// loadModel returns the fit inputs of the load at the team's stage: the roles that
// exist, the duties with their roles folded, and the people with the held roles the
// stage has.
func (t *Team) loadModel() ([]fit.Role, []fit.Duty, []fit.Person) {
	var roles []fit.Role
	for _, r := range t.hb.Roles {
		if t.present(r.ID) {
			roles = append(roles, t.All[r.ID])
		}
	}
	duties := make([]fit.Duty, 0, len(t.hb.Duties))
	for _, d := range t.hb.Duties {
		fd := fit.Duty{ID: d.ID, Responsible: t.folded(d.Responsible), Effort: d.Effort,
			AccountableShare: t.Settings.AccountableShare}
		if len(d.Accountable) == 1 {
			fd.Accountable = t.owner(d.Accountable[0])
		}
		if d.AccountableShare != nil {
			fd.AccountableShare = *d.AccountableShare
		}
		for _, p := range d.Peaks {
			if fd.Peaks == nil {
				fd.Peaks = map[int]float64{}
			}
			for _, w := range p.Weeks {
				fd.Peaks[w] = p.Effort
			}
		}
		duties = append(duties, fd)
	}
	people := make([]fit.Person, len(t.People))
	for i, p := range t.People {
		p.Roles = t.held(p.Roles)
		people[i] = p
	}
	return roles, duties, people
}

// held returns the roles of a person's list that exist at the team's stage, each
// once: as handbook.Folding has it, a held role the stage does not have touches
// nothing (the role covering it does its duties).
func (t *Team) held(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if t.All[id].ID != "" && t.present(id) && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// folded maps a duty's role ids to the roles that take their work at the team's
// stage (handbook.Handbook.OwnerRoleAt, as handbook.Folding folds them).
func (t *Team) folded(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if o := t.owner(id); o != "" && !slices.Contains(out, o) {
			out = append(out, o)
		}
	}
	return out
}

// accountable returns, per person id, the duties they own at the team's stage: the
// duties whose accountable role (after covers) they hold, in duty order.
func (t *Team) accountable() map[string][]*handbook.Duty {
	out := map[string][]*handbook.Duty{}
	for _, d := range t.hb.Duties {
		if len(d.Accountable) != 1 {
			continue
		}
		o := t.owner(d.Accountable[0])
		if o == "" {
			continue
		}
		for _, id := range t.Holders(o) {
			out[id] = append(out[id], d)
		}
	}
	return out
}

// without returns the team with the person gone.
func (t *Team) without(person string) *Team {
	c := *t
	c.People = slices.DeleteFunc(slices.Clone(t.People), func(p fit.Person) bool { return p.ID == person })
	return &c
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, cmp.Compare)
	return keys
}
