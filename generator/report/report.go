package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/rolebook/rolebook/generator/fit"
	"github.com/rolebook/rolebook/generator/handbook"
)

// The kinds of retention risk, in the order a report lists them.
const (
	RiskPoorFit         = "poor-fit"         // a holder's fit for their role is below PoorFit
	RiskMissingSkill    = "missing-skill"    // accountable for duties without the role's required skills
	RiskOverAccountable = "over-accountable" // owns more duties than max_accountable
	RiskOverCapacity    = "over-capacity"    // more hours a week than their capacity
	RiskNoGrowth        = "no-growth"        // no role to grow into
	RiskGrowthMismatch  = "growth-mismatch"  // growth paths that match none of their interests
	RiskBusFactor       = "bus-factor"       // a duty only one person can do
	RiskVacantRole      = "vacant-role"      // a role of the stage with fewer holders than headcount
)

var riskOrder = []string{RiskPoorFit, RiskMissingSkill, RiskOverAccountable, RiskOverCapacity,
	RiskNoGrowth, RiskGrowthMismatch, RiskBusFactor, RiskVacantRole}

// Risk is one retention risk. Person, Role and Duty are ids, empty when they do not
// apply; Detail says what is wrong in a line of English.
type Risk struct {
	Kind   string `json:"kind"`
	Person string `json:"person"`
	Role   string `json:"role"`
	Duty   string `json:"duty"`
	Detail string `json:"detail"`
}

// Load is a person's weekly hours against their capacity at the current stage.
type Load struct {
	Person   string  `json:"person"`
	Hours    float64 `json:"hours"`
	Capacity float64 `json:"capacity"`
	Over     bool    `json:"over"`
}

// Hire is the next-hire hint: the role whose new holder relieves the most overload.
type Hire struct {
	Role   string  `json:"role"`
	Relief float64 `json:"relief"`
}

// Report is the owner's report on a team. Its JSON keys are stable.
type Report struct {
	Stage string `json:"stage"`
	// MaxRolesPerPerson is the limit the recommendation was made under.
	MaxRolesPerPerson int `json:"max_roles_per_person"`
	// Assignment is the recommended assignment; Current the assignment as it is.
	Assignment []Slot `json:"assignment"`
	Current    []Slot `json:"current"`
	// Unfilled lists a role once per slot the recommendation leaves empty.
	Unfilled []string `json:"unfilled"`
	// Changes are the roles whose holders the recommendation changes.
	Changes  []RoleChange `json:"changes"`
	Risks    []Risk       `json:"risks"`
	Load     []Load       `json:"load"`
	NextHire *Hire        `json:"next_hire"`
}

// Analyze returns the report on hb's team at the stage opts names.
func Analyze(hb *handbook.Handbook, opts Options) *Report {
	return NewTeam(hb, opts).Report()
}

// Report returns the report on the team.
func (t *Team) Report() *Report {
	rec, cur := t.Recommend(), t.Current()
	r := &Report{Stage: t.Stage, MaxRolesPerPerson: t.MaxRolesPerPerson,
		Assignment: slots(rec.Slots), Current: slots(cur.Slots), Unfilled: nonNil(rec.Unfilled),
		Changes: Changes(cur, rec), Risks: t.Risks()}
	if r.Changes == nil {
		r.Changes = []RoleChange{}
	}
	sl := t.CurrentLoad()
	r.Load = make([]Load, 0, len(sl.Loads))
	for _, l := range sl.Loads {
		r.Load = append(r.Load, Load{l.Person, Round(l.Hours), Round(l.Capacity), l.Over})
	}
	if sl.Hire != nil {
		r.NextHire = &Hire{sl.Hire.Role, Round(sl.Hire.Relief)}
	}
	return r
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Risks returns the team's retention risks, by kind, then person, role and duty.
func (t *Team) Risks() []Risk {
	out := []Risk{}
	add := func(kind, person, role, duty, format string, args ...any) {
		out = append(out, Risk{kind, person, role, duty, fmt.Sprintf(format, args...)})
	}
	owned := t.accountable()
	for _, p := range t.People {
		for i, id := range p.Roles {
			r, ok := t.All[id]
			if !ok || slices.Contains(p.Roles[:i], id) || !t.present(id) {
				continue
			}
			if f := fit.Score(r, p); f.Score < PoorFit {
				add(RiskPoorFit, p.ID, id, "", "fit %s of 100 (below %d)", num(f.Score), PoorFit)
			}
		}
	}
	for _, g := range t.HolderGaps() {
		var duties []string
		for _, d := range owned[g.Person] {
			if t.owner(d.Accountable[0]) == t.owner(g.Role) {
				duties = append(duties, d.ID)
			}
		}
		if len(duties) == 0 {
			continue
		}
		duty := ""
		if len(duties) == 1 {
			duty = duties[0]
		}
		add(RiskMissingSkill, g.Person, g.Role, duty, "accountable for %s without %s", countList(duties, "duty", "duties"), gapList(g.Gaps))
	}
	if t.opts.MaxAccountable > 0 {
		for _, p := range t.People {
			if n := len(owned[p.ID]); n > t.opts.MaxAccountable {
				add(RiskOverAccountable, p.ID, "", "", "accountable for %d duties, more than max_accountable = %d", n, t.opts.MaxAccountable)
			}
		}
	}
	for _, l := range t.CurrentLoad().Loads {
		if l.Over {
			add(RiskOverCapacity, l.Person, "", "", "%s hours a week against a capacity of %s", num(l.Hours), num(l.Capacity))
		}
	}
	for _, p := range t.People {
		if len(p.Roles) == 0 {
			continue
		}
		steps := fit.Growth(p, t.All)
		if len(steps) == 0 {
			add(RiskNoGrowth, p.ID, "", "", "no role to grow into: the roles held name no next role")
			continue
		}
		if len(p.Interests) == 0 {
			continue
		}
		if !slices.ContainsFunc(steps, func(s fit.Step) bool { return len(s.Interests) > 0 }) {
			var next []string
			for _, s := range steps {
				next = append(next, s.Role)
			}
			add(RiskGrowthMismatch, p.ID, "", "", "next roles %s need none of the interests %s", strings.Join(next, ", "), strings.Join(p.Interests, ", "))
		}
	}
	out = append(out, t.busFactor()...)
	for _, r := range t.Roles {
		if n, want := len(t.Holders(r.ID)), max(r.Headcount, 1); n < want {
			add(RiskVacantRole, "", r.ID, "", "%d of %d holders", n, want)
		}
	}
	sortRisks(out)
	return out
}

// busFactor finds the duties only one person can do at the stage: among the holders
// of the duty's responsible roles (after covers) and the people who have every
// required skill of one of those roles, there is exactly one.
func (t *Team) busFactor() []Risk {
	var out []Risk
	for _, d := range t.hb.Duties {
		roles := t.folded(d.Responsible)
		var can []string
		for _, p := range t.People {
			for _, id := range roles {
				r, ok := t.All[id]
				if !ok {
					continue
				}
				if slices.Contains(t.folded(p.Roles), id) || requiredMet(r, p) {
					can = append(can, p.ID)
					break
				}
			}
		}
		if len(can) != 1 {
			continue
		}
		role := ""
		if p, _ := t.Person(can[0]); len(roles) > 0 {
			role = roles[0]
			for _, id := range roles {
				if slices.Contains(t.folded(p.Roles), id) {
					role = id
					break
				}
			}
		}
		out = append(out, Risk{RiskBusFactor, can[0], role, d.ID, "the only person who can do this duty"})
	}
	return out
}

// requiredMet reports whether p has every required skill of r at the needed level.
// A role that requires nothing is not taken as something anyone can do.
func requiredMet(r fit.Role, p fit.Person) bool {
	if len(r.Required) == 0 {
		return false
	}
	for s, need := range r.Required {
		if p.Skills[s] < need {
			return false
		}
	}
	return true
}

func sortRisks(rs []Risk) {
	slices.SortStableFunc(rs, func(a, b Risk) int {
		if c := cmp.Compare(slices.Index(riskOrder, a.Kind), slices.Index(riskOrder, b.Kind)); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Person, b.Person); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Role, b.Role); c != 0 {
			return c
		}
		return cmp.Compare(a.Duty, b.Duty)
	})
}

// num prints a number with at most one decimal.
func num(x float64) string {
	return strings.TrimSuffix(fmt.Sprintf("%.1f", Round(x)), ".0")
}

func countList(ids []string, one, many string) string {
	if len(ids) == 1 {
		return one + " " + ids[0]
	}
	shown := ids[:min(3, len(ids))]
	s := fmt.Sprintf("%d %s (%s", len(ids), many, strings.Join(shown, ", "))
	if len(ids) > 3 {
		s += ", …"
	}
	return s + ")"
}

func gapList(gs []fit.Gap) string {
	parts := make([]string, len(gs))
	for i, g := range gs {
		parts[i] = fmt.Sprintf("%s %d of %d", g.Skill, g.Have, g.Need)
	}
	return strings.Join(parts, ", ")
}

// CSVCell neutralises a spreadsheet cell against formula injection: a cell that starts
// with =, +, -, @, a tab or a carriage return, after any spaces, gets a leading
// apostrophe.
func CSVCell(s string) string {
	t := strings.TrimLeft(s, " ")
	if t != "" && strings.ContainsRune("=+-@\t\r", rune(t[0])) {
		return "'" + s
	}
	return s
}
