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
	// Effort is the hours a week of the responsible roles in an ordinary week; 0
	// or less counts none.
	Effort float64
	// Peaks gives the effort of the weeks that differ from an ordinary one: ISO
	// week number (1-52) to hours in that week.
	Peaks map[int]float64
	// Accountable is the id of the role that owns the duty. When it is not one of
	// the responsible roles, it spends AccountableShare times the duty's hours
	// (in every week) on top of them.
	Accountable      string
	AccountableShare float64
}

// Weeks is the number of weeks of the year over which loads are averaged: ISO weeks
// 1 to 52 (the 53rd week of some years is left out).
const Weeks = 52

// LoadOptions are the settings of the load computation.
type LoadOptions struct {
	// HoursPerWeek is the hours of a full week; 0 or less means
	// DefaultHoursPerWeek.
	HoursPerWeek float64
	// Threshold is the share of capacity above which an average load is High;
	// 0 or less means 1 (the whole capacity).
	Threshold float64
}

func (o LoadOptions) week() float64 {
	if o.HoursPerWeek <= 0 {
		return DefaultHoursPerWeek
	}
	return o.HoursPerWeek
}

func (o LoadOptions) threshold() float64 {
	if o.Threshold <= 0 {
		return 1
	}
	return o.Threshold
}

// PersonLoad is a person's weekly load against their capacity.
type PersonLoad struct {
	Person string
	// Hours is the average hours a week over the year, peaks included.
	Hours float64
	// PeakHours is the hours of the person's busiest week, and PeakWeek its ISO
	// week number (the first of equal ones); PeakWeek is 0 when every week is the
	// same.
	PeakHours float64
	PeakWeek  int
	// Capacity is the person's share of full time times the hours of a full
	// week.
	Capacity float64
	// Duties are the duties the person's hours come from, the most hours first
	// (then by duty id), with their average hours.
	Duties []DutyHours
	// Over is true when Hours exceeds Capacity; High when it exceeds the
	// threshold's share of Capacity; PeakOver when the weeks differ and
	// PeakHours exceeds Capacity.
	Over, High, PeakOver bool
}

// DutyHours is the average hours a week one duty gives a person.
type DutyHours struct {
	Duty  string
	Hours float64
}

// RoleLoad is the weekly work of a role and who carries it.
type RoleLoad struct {
	Role string
	// Hours is the role's average hours a week, PeakHours those of its busiest
	// week (ISO week PeakWeek, 0 when every week is the same).
	Hours, PeakHours float64
	PeakWeek         int
	// Holders are the ids of the people who carry the role's work, by id; none
	// means the hours are carried by no one.
	Holders []string
}

// Hire is a suggestion to add one holder to a role.
type Hire struct {
	Role string
	// Relief is the hours a week of unmet work the new holder removes: overload
	// beyond people's capacity, and hours of roles that no one holds.
	Relief float64
	// Vacant is true when the role has no holder today.
	Vacant bool
}

// DefaultHoursPerWeek is the full week the load computation uses when given none.
const DefaultHoursPerWeek = 40

// tolerance absorbs rounding in sums of hours, so that three duties of
// 40/3 hours do not overload a 40-hour week.
const tolerance = 1e-9

// weekly is a number of hours in each week of the year: base, plus delta[w] in
// ISO week w when delta is not nil.
type weekly struct {
	base  float64
	delta []float64 // nil, or Weeks+1 entries (index 0 unused)
}

func (h *weekly) add(x weekly, f float64) {
	h.base += f * x.base
	if x.delta == nil {
		return
	}
	if h.delta == nil {
		h.delta = make([]float64, Weeks+1)
	}
	for w := 1; w <= Weeks; w++ {
		h.delta[w] += f * x.delta[w]
	}
}

func (h weekly) average() float64 {
	sum := 0.0
	for _, d := range h.delta {
		sum += d
	}
	return h.base + sum/Weeks
}

// peak returns the busiest week's hours and its number (the first of equal
// ones), and week 0 when every week is the same.
func (h weekly) peak() (float64, int) {
	if h.delta == nil {
		return h.base, 0
	}
	best, week, differs := h.base+h.delta[1], 1, false
	for w := 1; w <= Weeks; w++ {
		v := h.base + h.delta[w]
		differs = differs || h.delta[w] < -tolerance || h.delta[w] > tolerance
		if v > best+tolerance {
			best, week = v, w
		}
	}
	if !differs {
		return h.base, 0
	}
	return best, week
}

// dutyHours is a duty's hours in each week.
func dutyHours(d Duty) weekly {
	h := weekly{base: max(d.Effort, 0)}
	for w, e := range d.Peaks {
		if w < 1 || w > Weeks {
			continue
		}
		if h.delta == nil {
			h.delta = make([]float64, Weeks+1)
		}
		h.delta[w] = max(e, 0) - h.base
	}
	return h
}

// team is the load model shared by Load, RoleLoads and NextHire.
type team struct {
	people []Person
	roles  []string // known role ids, sorted
	// work[r] is the hours of role r's duties, holders[r] the indexes of its
	// holders and share[r] the part each of them carries, in the same order.
	work map[string]*weekly
	// parts[r] are the average hours each duty gives role r, in duty order.
	parts   map[string][]DutyHours
	holders map[string][]int
	share   map[string][]float64
	hours   []weekly  // per person
	limit   []float64 // capacity in hours, per person
	opts    LoadOptions
}

func newTeam(people []Person, roles []Role, duties []Duty, opts LoadOptions) *team {
	t := &team{
		people:  uniquePeople(people),
		work:    map[string]*weekly{},
		parts:   map[string][]DutyHours{},
		holders: map[string][]int{},
		share:   map[string][]float64{},
		opts:    opts,
	}
	for _, r := range uniqueRoles(roles) {
		t.roles = append(t.roles, r.ID)
		t.work[r.ID] = &weekly{}
	}
	for _, d := range duties {
		h := dutyHours(d)
		if h.base == 0 && h.delta == nil {
			continue
		}
		var rs []string
		for _, id := range d.Responsible {
			if t.work[id] != nil && !slices.Contains(rs, id) {
				rs = append(rs, id)
			}
		}
		avg := h.average()
		for _, id := range rs {
			t.work[id].add(h, 1/float64(len(rs)))
			t.parts[id] = append(t.parts[id], DutyHours{d.ID, avg / float64(len(rs))})
		}
		if a := t.work[d.Accountable]; a != nil && d.AccountableShare > 0 && !slices.Contains(rs, d.Accountable) {
			a.add(h, d.AccountableShare)
			t.parts[d.Accountable] = append(t.parts[d.Accountable], DutyHours{d.ID, avg * d.AccountableShare})
		}
	}
	t.hours = make([]weekly, len(t.people))
	t.limit = make([]float64, len(t.people))
	for j, p := range t.people {
		t.limit[j] = capacityHours(p, opts.week())
		for i, id := range p.Roles {
			if t.work[id] != nil && !slices.Contains(p.Roles[:i], id) {
				t.holders[id] = append(t.holders[id], j)
			}
		}
	}
	for id, hs := range t.holders {
		t.share[id] = t.split(id, hs, false)
		for k, j := range hs {
			t.hours[j].add(*t.work[id], t.share[id][k])
		}
	}
	return t
}

// split returns the part of role's work each of the holders hs carries, with one
// more full-time holder (without a share of their own) at the end when extra is set.
// A holder's Shares[role] is their part; the holders without one split what the
// others leave equally. Parts that add up to more than 1, or to less than 1 when
// every holder gives one, are scaled to add up to 1.
func (t *team) split(role string, hs []int, extra bool) []float64 {
	n := len(hs)
	if extra {
		n++
	}
	out := make([]float64, n)
	given, rest := 0.0, 0
	for k := range n {
		s := 0.0
		if k < len(hs) {
			s = t.people[hs[k]].Shares[role]
		}
		if s > 0 {
			out[k] = s
			given += s
		} else {
			rest++
		}
	}
	left := 1 - given
	if rest == 0 || left < 0 {
		for k := range out {
			if given > 0 {
				out[k] /= given
			}
		}
		return out
	}
	for k := range out {
		if out[k] == 0 {
			out[k] = left / float64(rest)
		}
	}
	return out
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
// roles are the roles that exist (for example at one stage of the team). A
// duty's hours (Effort, or its peak effort in a peak week) are split equally
// among those of its Responsible roles that are in roles; its accountable role,
// when in roles and not responsible, adds AccountableShare of the hours. Each
// role's hours are split among its holders by their Shares (equally when none
// is given). A role without holders passes its hours to no one. A person's
// capacity is Capacity (0 meaning 1) times opts.HoursPerWeek; Over compares the
// average with it, High with opts.Threshold of it, PeakOver the busiest week
// with all of it.
func Load(people []Person, roles []Role, duties []Duty, opts LoadOptions) []PersonLoad {
	t := newTeam(people, roles, duties, opts)
	out := make([]PersonLoad, len(t.people))
	parts := t.personDuties()
	for j, p := range t.people {
		avg := t.hours[j].average()
		peak, week := t.hours[j].peak()
		out[j] = PersonLoad{
			Duties:    parts[j],
			Person:    p.ID,
			Hours:     avg,
			PeakHours: peak,
			PeakWeek:  week,
			Capacity:  t.limit[j],
			Over:      overload(avg, t.limit[j]) > 0,
			High:      overload(avg, t.limit[j]*opts.threshold()) > 0,
			PeakOver:  week > 0 && overload(peak, t.limit[j]) > 0,
		}
	}
	return out
}

// personDuties returns, per person, the hours each duty gives them through their
// roles, the most first.
func (t *team) personDuties() [][]DutyHours {
	out := make([][]DutyHours, len(t.people))
	for id, hs := range t.holders {
		for k, j := range hs {
			for _, p := range t.parts[id] {
				if x := p.Hours * t.share[id][k]; x > tolerance {
					out[j] = append(out[j], DutyHours{p.Duty, x})
				}
			}
		}
	}
	for j, ds := range out {
		// The same duty through two roles counts once, summed.
		slices.SortFunc(ds, func(a, b DutyHours) int { return cmp.Compare(a.Duty, b.Duty) })
		merged := ds[:0]
		for _, d := range ds {
			if n := len(merged); n > 0 && merged[n-1].Duty == d.Duty {
				merged[n-1].Hours += d.Hours
				continue
			}
			merged = append(merged, d)
		}
		slices.SortStableFunc(merged, func(a, b DutyHours) int { return cmp.Compare(b.Hours, a.Hours) })
		out[j] = merged
	}
	return out
}

// RoleLoads returns the hours of each role in roles, sorted by role id, with the
// same model and arguments as Load.
func RoleLoads(people []Person, roles []Role, duties []Duty, opts LoadOptions) []RoleLoad {
	t := newTeam(people, roles, duties, opts)
	out := make([]RoleLoad, 0, len(t.roles))
	for _, id := range t.roles {
		w := t.work[id]
		peak, week := w.peak()
		rl := RoleLoad{Role: id, Hours: w.average(), PeakHours: peak, PeakWeek: week}
		for _, j := range t.holders[id] {
			rl.Holders = append(rl.Holders, t.people[j].ID)
		}
		out = append(out, rl)
	}
	return out
}

// TotalHours returns the hours a week of the roles' work together, whoever
// carries it, with the same model as Load: the average, and the busiest week's
// hours and ISO number (0 when every week is the same).
func TotalHours(roles []Role, duties []Duty) (average, peak float64, week int) {
	t := newTeam(nil, roles, duties, LoadOptions{})
	var sum weekly
	for _, id := range t.roles {
		sum.add(*t.work[id], 1)
	}
	peak, week = sum.peak()
	return sum.average(), peak, week
}

// NextHire returns the role to which one more holder would remove the most unmet
// work, with the same model and arguments as Load, on average hours.
//
// The team's unmet work is the hours beyond people's capacity, summed over people,
// plus the hours of the roles that no one holds. One new full-time holder of role
// r, with no other role and no share of their own, takes their part of r's hours
// H: with n holders splitting equally, each carries H/(n+1) instead of H/n, and
// the newcomer H/(n+1) against a full week; a role no one held is carried by the
// newcomer alone. The relief of r is the unmet work before minus after, the
// newcomer's own overload included. NextHire returns the role with the largest
// relief, the smallest role id among equal ones (within a billionth of an hour),
// and false when no role brings any relief.
func NextHire(people []Person, roles []Role, duties []Duty, opts LoadOptions) (Hire, bool) {
	t := newTeam(people, roles, duties, opts)
	avg := make([]float64, len(t.people))
	for j := range t.people {
		avg[j] = t.hours[j].average()
	}
	var best Hire
	for _, id := range t.roles {
		h := t.work[id].average()
		if h <= tolerance {
			continue
		}
		hs := t.holders[id]
		before, after := t.share[id], t.split(id, hs, true)
		relief := -overload(h*after[len(hs)], opts.week())
		if len(hs) == 0 {
			relief += h
		}
		for k, j := range hs {
			moved := avg[j] + h*(after[k]-before[k])
			relief += overload(avg[j], t.limit[j]) - overload(moved, t.limit[j])
		}
		if relief > best.Relief+tolerance {
			best = Hire{Role: id, Relief: relief, Vacant: len(hs) == 0}
		}
	}
	return best, best.Role != ""
}
