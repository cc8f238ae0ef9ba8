package report

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/fit"
	"github.com/rolebook/rolebook/generator/handbook"
)

// The kinds of retention risk, in the order a report lists them. They are stable
// JSON values.
const (
	RiskPoorFit         = "poor-fit"         // a holder's fit for their role is below the minimum fit
	RiskMissingSkill    = "missing-skill"    // accountable for duties without the role's required skills
	RiskOverAccountable = "over-accountable" // owns more duties than max_accountable
	RiskOverCapacity    = "over-capacity"    // average hours above the load threshold of capacity
	RiskPeakOverload    = "peak-overload"    // the busiest week above capacity
	RiskNoGrowth        = "no-growth"        // no role to grow into
	RiskGrowthMismatch  = "growth-mismatch"  // growth paths that match none of their interests
	RiskOverQualified   = "over-qualified"   // two levels or more above a held role's need
	RiskBusFactor       = "bus-factor"       // a duty only one person can do
	RiskNoBackup        = "no-backup"        // an owner with no one who can stand in
	RiskNewStarter      = "new-starter"      // started less than a year ago
	RiskStaleAssessment = "stale-assessment" // skill levels not assessed for too long
	RiskVacantRole      = "vacant-role"      // a role of the stage with fewer holders than headcount
)

var riskOrder = []string{RiskPoorFit, RiskMissingSkill, RiskOverAccountable, RiskOverCapacity, RiskPeakOverload,
	RiskNoGrowth, RiskGrowthMismatch, RiskOverQualified, RiskBusFactor, RiskNoBackup, RiskNewStarter,
	RiskStaleAssessment, RiskVacantRole}

// Points returns what a risk of the kind adds to a person's retention score, and
// the most that kind adds up to for one person (0 for no cap): single-point duties
// and duties without a backup count per duty, up to the cap. See Report.People.
func Points(kind string) (points, limit int) {
	switch kind {
	case RiskOverCapacity:
		return 20, 0
	case RiskPoorFit, RiskNoGrowth:
		return 15, 0
	case RiskMissingSkill, RiskOverAccountable, RiskPeakOverload, RiskGrowthMismatch, RiskOverQualified:
		return 10, 0
	case RiskBusFactor:
		return 5, 25
	case RiskNoBackup:
		return 2, 10
	case RiskNewStarter, RiskStaleAssessment:
		return 5, 0
	}
	return 0, 0
}

// Risk is one retention risk. Person, Role and Duty are ids, empty when they do not
// apply; Detail says what is wrong in a line of English; Points is what it adds to
// the person's retention score (0 past the cap of its kind, or without a person).
type Risk struct {
	Kind   string `json:"kind"`
	Person string `json:"person"`
	Role   string `json:"role"`
	Duty   string `json:"duty"`
	Detail string `json:"detail"`
	Points int    `json:"points"`
}

// Card is one person's retention risk: their score and the risks behind it.
type Card struct {
	Person string `json:"person"`
	// Score is the sum of the points of Risks.
	Score int `json:"score"`
	// Risks are the person's risks, in the order of the kinds.
	Risks []Risk `json:"risks"`
}

// Load is a person's weekly hours against their capacity at the current stage.
type Load struct {
	Person string `json:"person"`
	// Hours is the average over the year; Percent is Hours of Capacity.
	Hours    float64 `json:"hours"`
	Capacity float64 `json:"capacity"`
	Percent  int     `json:"percent"`
	// PeakHours is the busiest week's hours (ISO week PeakWeek, 0 when every week
	// is the same), PeakPercent its share of Capacity.
	PeakHours   float64 `json:"peak_hours"`
	PeakWeek    int     `json:"peak_week"`
	PeakPercent int     `json:"peak_percent"`
	// Top are the (at most three) duties that give the person the most hours.
	Top []DutyLoad `json:"top"`
	// High is true above the load threshold (a risk), Over above the capacity
	// itself; PeakOver when the busiest week is above capacity.
	High     bool `json:"high"`
	Over     bool `json:"over"`
	PeakOver bool `json:"peak_over"`
}

// DutyLoad is the average hours a week a duty gives a person.
type DutyLoad struct {
	Duty  string  `json:"duty"`
	Hours float64 `json:"hours"`
}

// top returns the first three duties of a person's load, rounded.
func top(ds []fit.DutyHours) []DutyLoad {
	out := make([]DutyLoad, 0, min(len(ds), 3))
	for _, d := range ds[:min(len(ds), 3)] {
		out = append(out, DutyLoad{d.Duty, Round(d.Hours)})
	}
	return out
}

// Hire is the next-hire hint: the role whose new holder relieves the most unmet
// work (overload, and hours no one carries).
type Hire struct {
	Role   string  `json:"role"`
	Relief float64 `json:"relief"`
	// Vacant is true when no one holds the role today.
	Vacant bool `json:"vacant"`
}

// Report is the owner's report on a team. Its JSON keys are stable.
type Report struct {
	Stage string `json:"stage"`
	// Settings are those the report was made with.
	Settings Settings `json:"settings"`
	// MaxRolesPerPerson is the role limit the recommendation was made under.
	MaxRolesPerPerson int `json:"max_roles_per_person"`
	// Assignment is the recommended assignment; Current the assignment as it is.
	Assignment []Slot `json:"assignment"`
	Current    []Slot `json:"current"`
	// Unfilled lists a role once per slot the recommendation leaves empty: to hire.
	Unfilled []string `json:"unfilled"`
	// Optimal is false when the search for the recommendation stopped at its limit
	// of work: the recommendation keeps every rule, but is not proven the best.
	Optimal bool `json:"optimal"`
	// Changes are the roles whose holders the recommendation changes.
	Changes []RoleChange `json:"changes"`
	Risks   []Risk       `json:"risks"`
	// People are one card per person, the highest retention score first.
	People []Card `json:"people"`
	// Load is per person at the stage, by id; NextHire the stage's next hire.
	Load     []Load `json:"load"`
	NextHire *Hire  `json:"next_hire"`
	// Plans are the staffing plans of every stage.
	Plans []StagePlan `json:"plans"`
	// Training is the cross-training plan.
	Training []Training `json:"training"`
	// Warnings are the skill assessments older than the age limit, at the position
	// of their date.
	Warnings []diag.Diagnostic `json:"warnings"`
}

// Analyze returns the report on hb's team at the stage opts names.
func Analyze(hb *handbook.Handbook, opts Options) *Report {
	return NewTeam(hb, opts).Report()
}

// Report returns the report on the team. A team too large to assign (see
// TooLarge) gets no recommendation: every slot is left open.
func (t *Team) Report() *Report {
	rec := t.Recommend()
	cur := t.Current()
	r := &Report{Stage: t.Stage, Settings: t.Settings, MaxRolesPerPerson: t.MaxRolesPerPerson,
		Assignment: slots(rec.Slots), Current: slots(cur.Slots), Unfilled: nonNil(rec.Unfilled), Optimal: !rec.Inexact,
		Changes: nonNil(Changes(cur, rec))}
	sl := t.CurrentLoad()
	r.Load = loads(sl.Loads)
	if sl.Hire != nil {
		r.NextHire = &Hire{sl.Hire.Role, Round(sl.Hire.Relief), sl.Hire.Vacant}
	}
	a := t.ability()
	r.Risks = t.risks(a, sl.Loads)
	r.People = cards(t, r.Risks)
	r.Plans = t.Plans()
	r.Training = nonNil(t.training(a, sl.Loads))
	r.Warnings = nonNil(t.StaleAssessments().Items())
	return r
}

func loads(ls []fit.PersonLoad) []Load {
	out := make([]Load, 0, len(ls))
	for _, l := range ls {
		out = append(out, Load{Person: l.Person, Hours: Round(l.Hours), Capacity: Round(l.Capacity),
			Percent: percent(l.Hours, l.Capacity), PeakHours: Round(l.PeakHours), PeakWeek: l.PeakWeek,
			PeakPercent: percent(l.PeakHours, l.Capacity), Top: top(l.Duties), High: l.High, Over: l.Over, PeakOver: l.PeakOver})
	}
	return out
}

func percent(hours, capacity float64) int {
	if capacity <= 0 {
		return 0
	}
	return int(math.Round(100 * hours / capacity))
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// Risks returns the team's retention risks, by kind, then person, role and duty,
// with their points.
func (t *Team) Risks() []Risk {
	return t.risks(t.ability(), t.CurrentLoad().Loads)
}

func (t *Team) risks(a *fit.Ability, loads []fit.PersonLoad) []Risk {
	out := []Risk{}
	add := func(kind, person, role, duty, format string, args ...any) {
		out = append(out, Risk{Kind: kind, Person: person, Role: role, Duty: duty, Detail: fmt.Sprintf(format, args...)})
	}
	minFit := t.Settings.MinFit
	owned := t.accountable()
	for _, p := range t.People {
		for i, id := range p.Roles {
			r, ok := t.All[id]
			if !ok || slices.Contains(p.Roles[:i], id) || !t.present(id) {
				continue
			}
			if f := fit.Score(r, p); f.Score < minFit {
				add(RiskPoorFit, p.ID, id, "", "fit %s of 100 (below %s)", num(f.Score), num(minFit))
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
	for _, l := range loads {
		if l.High {
			most := ""
			if len(l.Duties) > 0 {
				most = fmt.Sprintf("; the most from %s (%s hours)", l.Duties[0].Duty, num(l.Duties[0].Hours))
			}
			add(RiskOverCapacity, l.Person, "", "", "%s hours a week on average, %d%% of a capacity of %s (above %s%%)%s",
				num(l.Hours), percent(l.Hours, l.Capacity), num(l.Capacity), num(t.Settings.LoadThreshold), most)
		}
		if l.PeakOver {
			add(RiskPeakOverload, l.Person, "", "", "%s hours in week %d, %d%% of a capacity of %s",
				num(l.PeakHours), l.PeakWeek, percent(l.PeakHours, l.Capacity), num(l.Capacity))
		}
	}
	for _, p := range t.People {
		if len(p.Roles) == 0 || p.ID == t.Settings.Owner {
			continue // the owner is never flagged for growth
		}
		if r, over := t.overQualified(p); over != nil {
			add(RiskOverQualified, p.ID, r, "", "%s %d where the role needs %d", over.Skill, over.Have, over.Need)
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
	out = append(out, t.busFactor(a)...)
	out = append(out, t.noBackup(a)...)
	out = append(out, t.dated()...)
	for _, r := range t.Roles {
		if n, want := len(t.Holders(r.ID)), max(r.Headcount, 1); n < want {
			add(RiskVacantRole, "", r.ID, "", "%d of %d holders", n, want)
		}
	}
	sortRisks(out)
	// Points, with the caps of the kinds counted per duty.
	sum := map[[2]string]int{}
	for i := range out {
		r := &out[i]
		if r.Person == "" {
			continue
		}
		k := [2]string{r.Kind, r.Person}
		pts, limit := Points(r.Kind)
		if limit > 0 {
			pts = max(min(pts, limit-sum[k]), 0)
		}
		r.Points = pts
		sum[k] += pts
	}
	return out
}

// overQualified returns a role the person holds at the stage with every need met
// and a required skill two levels or more above the need, and that skill.
func (t *Team) overQualified(p fit.Person) (string, *fit.Gap) {
	for i, id := range p.Roles {
		r, ok := t.All[id]
		if !ok || slices.Contains(p.Roles[:i], id) || !t.present(id) || fit.Score(r, p).Score < 100 {
			continue
		}
		for _, s := range sortedKeys(r.Required) {
			if have := p.Skills[s]; have >= r.Required[s]+2 {
				return id, &fit.Gap{Skill: s, Have: have, Need: r.Required[s], Required: true}
			}
		}
	}
	return "", nil
}

// cards groups the risks by person, the highest score first, then by id; everyone
// has a card, with a score of 0 when no risk names them.
func cards(t *Team, risks []Risk) []Card {
	out := make([]Card, 0, len(t.People))
	for _, p := range t.People {
		out = append(out, Card{Person: p.ID, Risks: []Risk{}})
	}
	by := make(map[string]*Card, len(out))
	for i := range out {
		by[out[i].Person] = &out[i]
	}
	for _, r := range risks {
		if c := by[r.Person]; c != nil {
			c.Risks = append(c.Risks, r)
			c.Score += r.Points
		}
	}
	slices.SortStableFunc(out, func(a, b Card) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.Person, b.Person)
	})
	return out
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
