package report

import (
	"cmp"
	"math"
	"slices"

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
	// person; 0 means the most roles any person holds now at the stage, at least 1.
	MaxRolesPerPerson int
	// HoursPerWeek is the hours of a full week; 0 means fit.DefaultHoursPerWeek.
	HoursPerWeek float64
}

// PoorFit is the score below which a holder's fit for their role is a retention risk.
const PoorFit = 60

// Team is the handbook as package fit sees it at one stage.
type Team struct {
	// Stage is the stage id the team is looked at ("" when the handbook has none).
	Stage string
	// Roles are the roles that exist at the stage, by id.
	Roles []fit.Role
	// All holds every role, by id, for growth paths.
	All map[string]fit.Role
	// People are everyone, by id, with the roles they hold now.
	People []fit.Person
	// MaxRolesPerPerson and HoursPerWeek are resolved from Options.
	MaxRolesPerPerson int
	HoursPerWeek      float64

	hb   *handbook.Handbook
	opts Options
}

// NewTeam returns the team of hb at the stage opts names.
func NewTeam(hb *handbook.Handbook, opts Options) *Team {
	t := &Team{Stage: stageID(hb, opts.Stage), All: map[string]fit.Role{}, hb: hb, opts: opts,
		HoursPerWeek: opts.HoursPerWeek}
	if t.HoursPerWeek <= 0 {
		t.HoursPerWeek = fit.DefaultHoursPerWeek
	}
	for _, r := range hb.Roles {
		fr := FitRole(r)
		t.All[r.ID] = fr
		if t.present(r.ID) {
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
		t.MaxRolesPerPerson = most
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
	return fit.Person{ID: p.ID, Skills: levels(p.Skills), Roles: p.Roles, Capacity: p.Capacity, Interests: p.Interests}
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

// Recommend returns the best overall assignment of the stage's roles, from scratch:
// current holders are kept only where that costs no score.
func (t *Team) Recommend() fit.Assignment {
	return fit.Assign(t.Roles, t.People, fit.Options{MaxRolesPerPerson: t.MaxRolesPerPerson})
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
	// Hire is the role whose new holder relieves the most overload; nil when no
	// role brings any relief.
	Hire *fit.Hire
}

// Loads returns the load of the current team at every stage, in stage order. At a
// stage, the duties and the held roles of absent roles go to the roles covering them.
func (t *Team) Loads() []StageLoad {
	ids := []string{""}
	if len(t.hb.Stages) > 0 {
		ids = ids[:0]
		for _, s := range t.hb.Stages {
			ids = append(ids, s.ID)
		}
	}
	out := make([]StageLoad, 0, len(ids))
	for _, id := range ids {
		st := *t
		st.Stage = id
		out = append(out, st.load())
	}
	return out
}

// CurrentLoad returns the load at the team's own stage.
func (t *Team) CurrentLoad() StageLoad { return t.load() }

func (t *Team) load() StageLoad {
	var roles []fit.Role
	for _, r := range t.hb.Roles {
		if t.present(r.ID) {
			roles = append(roles, t.All[r.ID])
		}
	}
	duties := make([]fit.Duty, 0, len(t.hb.Duties))
	for _, d := range t.hb.Duties {
		duties = append(duties, fit.Duty{ID: d.ID, Responsible: t.folded(d.Responsible), Effort: d.Effort})
	}
	people := make([]fit.Person, len(t.People))
	for i, p := range t.People {
		p.Roles = t.folded(p.Roles)
		people[i] = p
	}
	sl := StageLoad{Stage: t.Stage, Loads: fit.Load(people, roles, duties, t.HoursPerWeek)}
	if h, ok := fit.NextHire(people, roles, duties, t.HoursPerWeek); ok {
		sl.Hire = &h
	}
	return sl
}

// folded maps role ids to the roles that take their work at the team's stage.
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
