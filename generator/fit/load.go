package fit

import (
	"cmp"
	"slices"
)

// Duty is what the load computation needs to know about a duty.
type Duty struct {
	ID string
	// Responsible lists the ids of the roles that do the duty.
	Responsible []string
	// Effort is the duty's work in hours per week; 0 or less counts none.
	Effort float64
}

// PersonLoad is a person's weekly load against their capacity.
type PersonLoad struct {
	Person string
	// Hours is the weekly effort of the duties the person shares.
	Hours float64
	// Capacity is the person's share of full time times the hours of a
	// full week.
	Capacity float64
	// Over is true when Hours exceeds Capacity.
	Over bool
}

// Hire is a suggestion to add one holder to a role.
type Hire struct {
	Role string
	// Relief is the hours per week of overload the new holder removes.
	Relief float64
}

// DefaultHoursPerWeek is the full week Load and NextHire use when given
// none.
const DefaultHoursPerWeek = 40

// tolerance absorbs rounding in sums of hours, so that three duties of
// 40/3 hours do not overload a 40-hour week.
const tolerance = 1e-9

// team is the load model shared by Load and NextHire.
type team struct {
	people []Person
	hours  []float64 // per person
	limit  []float64 // capacity in hours, per person
	// effort[r] is the weekly effort of role r's duties, and holders[r]
	// the indexes of its holders.
	effort  map[string]float64
	holders map[string][]int
	week    float64
}

func newTeam(people []Person, roles []Role, duties []Duty, hoursPerWeek float64) *team {
	t := &team{
		people:  uniquePeople(people),
		effort:  map[string]float64{},
		holders: map[string][]int{},
		week:    hoursPerWeek,
	}
	if t.week <= 0 {
		t.week = DefaultHoursPerWeek
	}
	known := map[string]bool{}
	for _, r := range roles {
		known[r.ID] = true
	}
	for _, d := range duties {
		if d.Effort <= 0 {
			continue
		}
		var rs []string
		for _, id := range d.Responsible {
			if known[id] && !slices.Contains(rs, id) {
				rs = append(rs, id)
			}
		}
		for _, id := range rs {
			t.effort[id] += d.Effort / float64(len(rs))
		}
	}
	t.hours = make([]float64, len(t.people))
	t.limit = make([]float64, len(t.people))
	for j, p := range t.people {
		t.limit[j] = capacityHours(p, t.week)
		seen := map[string]bool{}
		for _, id := range p.Roles {
			if known[id] && !seen[id] {
				seen[id] = true
				t.holders[id] = append(t.holders[id], j)
			}
		}
	}
	for id, hs := range t.holders {
		for _, j := range hs {
			t.hours[j] += t.effort[id] / float64(len(hs))
		}
	}
	return t
}

func capacityHours(p Person, week float64) float64 {
	if p.Capacity == 0 {
		return week
	}
	return max(p.Capacity, 0) * week
}

// overload is the hours beyond capacity, 0 when within it.
func overload(hours, limit float64) float64 {
	if hours > limit+tolerance {
		return hours - limit
	}
	return 0
}

// Load returns each person's weekly load, sorted by person id.
//
// roles are the roles that exist (for example at one stage of the team):
// a duty's Effort is split equally among those of its Responsible roles
// that are in roles, then each role's share equally among its holders. A
// role without holders passes its share to no one. A person's capacity is
// Capacity (0 meaning 1) times hoursPerWeek (0 or less meaning
// DefaultHoursPerWeek), and Over is set when the hours exceed it.
func Load(people []Person, roles []Role, duties []Duty, hoursPerWeek float64) []PersonLoad {
	t := newTeam(people, roles, duties, hoursPerWeek)
	out := make([]PersonLoad, len(t.people))
	for j, p := range t.people {
		out[j] = PersonLoad{
			Person:   p.ID,
			Hours:    t.hours[j],
			Capacity: t.limit[j],
			Over:     overload(t.hours[j], t.limit[j]) > 0,
		}
	}
	return out
}

// NextHire returns the role to which one more holder would remove the
// most overload, with the same model and arguments as Load.
//
// The team's overload is the sum over people of the hours beyond their
// capacity. One new full-time holder of role r, with no other role, takes
// an equal share of r's effort E: each of r's n holders then carries
// E/(n+1) of it instead of E/n, and the newcomer carries E/(n+1) against
// a full week. The relief of r is the team's overload before minus after,
// newcomer included. NextHire returns the role with the largest relief,
// the smallest role id among equal ones (within a billionth of an hour),
// and false when no role brings any relief, in particular when no one is
// overloaded. A role without holders brings none: no one carries its
// effort today.
func NextHire(people []Person, roles []Role, duties []Duty, hoursPerWeek float64) (Hire, bool) {
	t := newTeam(people, roles, duties, hoursPerWeek)
	ids := make([]string, 0, len(t.holders))
	for id := range t.holders {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, cmp.Compare)
	var best Hire
	for _, id := range ids {
		hs := t.holders[id]
		e, n := t.effort[id], float64(len(hs))
		if e == 0 {
			continue
		}
		relief := -overload(e/(n+1), t.week)
		for _, j := range hs {
			after := t.hours[j] - e/n + e/(n+1)
			relief += overload(t.hours[j], t.limit[j]) - overload(after, t.limit[j])
		}
		if relief > best.Relief+tolerance {
			best = Hire{Role: id, Relief: relief}
		}
	}
	return best, best.Role != ""
}
