package fit

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// Options tune Assign.
type Options struct {
	// MaxRolesPerPerson is how many slots (of different roles) one person
	// may take; 0 or less means 1.
	MaxRolesPerPerson int
	// KeepCurrent fixes the current holders in the roles they hold and
	// optimises only the remaining slots and capacity.
	KeepCurrent bool
	// Pinned lists people who keep exactly the roles they hold: they are
	// fixed there, and take no other slot.
	Pinned []string
	// MinScore is the score below which a pair is never made (unless it is
	// fixed): the slot is left to hire instead. A score of 0 is never made
	// whatever MinScore says.
	MinScore float64
	// AllowTraining lets a person take a role although they have one of its
	// required skills at level 0; without it, such a pair is never made
	// (unless it is fixed).
	AllowTraining bool
	// InterestWeight is the points a pair counts in the optimisation, beside
	// its score, when the role lists a skill that the person wants to grow.
	InterestWeight float64
	// HoursPerWeek is the hours of a full week: a person's capacity in hours
	// is Capacity times it. 0 or less means DefaultHoursPerWeek.
	HoursPerWeek float64
	// MaxPairs bounds the size of the problem: the role slots times the
	// people. Above it Assign returns a *SizeError. 0 means no bound.
	MaxPairs int
}

// SizeError is an assignment too large to solve under Options.MaxPairs.
type SizeError struct {
	Slots, People, Limit int
}

func (e *SizeError) Error() string {
	return fmt.Sprintf("the assignment of %d people to %d role slots is too large: %d pairs, more than the limit of %d",
		e.People, e.Slots, e.Slots*e.People, e.Limit)
}

// Slot is one filled role slot.
type Slot struct {
	Role, Person string
	Score        float64
}

// Assignment is an assignment of people to role slots.
type Assignment struct {
	// Slots are the filled slots, sorted by role, then person.
	Slots []Slot
	// Total is the sum of the slots' scores.
	Total float64
	// Unfilled lists the id of a role once for each of its empty slots,
	// sorted.
	Unfilled []string
	// Inexact is true when the search for the best assignment under the hours
	// of people stopped at its limit of work (see the package documentation):
	// the assignment keeps every rule but is not proven the best.
	Inexact bool
}

// searchWork bounds the branch and bound of Assign: no new subproblem is
// solved once the sum, over those solved, of slots × (roles + people) × people
// (the bound on the cost of one flow) exceeds it. A team of 100 slots and 100
// people gets about 500 subproblems; one of 1,000 by 1,000 gets the first one
// and its repair only.
const searchWork = 1e9

// maxNodes bounds the number of subproblems whatever their size.
const maxNodes = 20000

// Assign returns the assignment of people to the roles' slots with the
// highest total weight; see the package documentation for the rules, the
// weights and how ties are settled.
//
// With Options.KeepCurrent, every current holder of a role keeps a slot
// of it, even when the role has more holders than Headcount, and their
// held roles count against MaxRolesPerPerson and their hours; pinned
// people are fixed the same way.
func Assign(roles []Role, people []Person, opts Options) (Assignment, error) {
	roles = uniqueRoles(roles)
	people = uniquePeople(people)
	slotCount := 0
	for _, r := range roles {
		slotCount += max(r.Headcount, 1)
	}
	if opts.MaxPairs > 0 && slotCount*len(people) > opts.MaxPairs {
		return Assignment{}, &SizeError{Slots: slotCount, People: len(people), Limit: opts.MaxPairs}
	}
	s := newSearch(roles, people, opts)
	pairs, inexact := s.run()

	a := Assignment{Inexact: inexact}
	for _, p := range pairs {
		a.Slots = append(a.Slots, Slot{roles[p.i].ID, people[p.j].ID, s.m.score(p.i, p.j)})
	}
	slices.SortFunc(a.Slots, func(x, y Slot) int {
		if c := cmp.Compare(x.Role, y.Role); c != 0 {
			return c
		}
		return cmp.Compare(x.Person, y.Person)
	})
	filled := make(map[string]int, len(roles))
	for _, sl := range a.Slots {
		a.Total += sl.Score
		filled[sl.Role]++
	}
	for _, r := range roles {
		for range max(r.Headcount, 1) - filled[r.ID] {
			a.Unfilled = append(a.Unfilled, r.ID)
		}
	}
	return a, nil
}

// pair is role i given to person j.
type pair struct{ i, j int }

// search is the branch and bound of Assign over min-cost flows.
//
// A subproblem fixes some pairs (forced) and rules others out (forbidden). Its
// relaxation drops the hours of people and keeps a bound on how many slots each
// person can take (the most slots whose hours could fit): a min-cost flow solves
// it exactly, and its weight bounds every assignment of the subproblem. When the
// flow gives someone several roles whose hours do not fit, the subproblem is split
// on that person's roles r1..rm (by weight, highest first): child k rules out rk
// and forces r1..rk-1. Every assignment of the parent that keeps the hours is in
// exactly one child, since it cannot hold all of r1..rm.
type search struct {
	roles  []Role
	people []Person
	m      *matrix
	opts   Options
	P      int
	limit  int
	// weight[i*P+j] is the weight of the pair when made, 0 when it may not be
	// (ineligible, or fixed).
	weight []int64
	// fixed pairs, with the slots and hours they use.
	fixed  []pair
	supply []int     // free slots per role once fixed pairs are placed
	usedN  []int     // fixed slots per person
	usedH  []float64 // fixed hours per person
	capH   []float64 // capacity in hours per person
	closed []bool    // people who take no slot beyond their fixed ones
	work   float64   // subproblem cost so far
	nodes  int
}

func newSearch(roles []Role, people []Person, opts Options) *search {
	P := len(people)
	s := &search{roles: roles, people: people, m: compile(roles, people), opts: opts, P: P,
		limit: max(opts.MaxRolesPerPerson, 1)}
	roleIndex := make(map[string]int, len(roles))
	for i, r := range roles {
		roleIndex[r.ID] = i
	}
	holds := make([]bool, len(roles)*P)
	heldPairs := 0
	for j, p := range people {
		for _, id := range p.Roles {
			if i, ok := roleIndex[id]; ok && !holds[i*P+j] {
				holds[i*P+j] = true
				heldPairs++
			}
		}
	}
	s.supply = make([]int, len(roles))
	for i, r := range roles {
		s.supply[i] = max(r.Headcount, 1)
	}
	s.usedN, s.usedH, s.capH, s.closed = make([]int, P), make([]float64, P), make([]float64, P), make([]bool, P)
	week := opts.HoursPerWeek
	if week <= 0 {
		week = DefaultHoursPerWeek
	}
	isFixed := make([]bool, len(roles)*P)
	for j, p := range people {
		s.capH[j] = capacityHours(p, week)
		pinned := slices.Contains(opts.Pinned, p.ID)
		s.closed[j] = pinned
		for i := range roles {
			if holds[i*P+j] && (opts.KeepCurrent || pinned) {
				isFixed[i*P+j] = true
				s.fixed = append(s.fixed, pair{i, j})
				s.supply[i] = max(s.supply[i]-1, 0)
				s.usedN[j]++
				s.usedH[j] += max(roles[i].Hours, 0)
			}
		}
	}

	// Weights are integers, so that ties are exact: the score (plus the
	// interest weight) rounded to 1/scale of a point, times k, plus a bonus
	// of 1 for a current holder. Since k exceeds the number of holders, the
	// bonuses only ever decide between assignments with the same rounded
	// total. Potentials stay within about (slots + nodes) times the largest
	// weight, which must stay well below the int64 range: scale drops for
	// huge inputs.
	bonus := int64(0)
	if !opts.KeepCurrent && heldPairs > 0 {
		bonus = 1
	}
	k := bonus*int64(heldPairs) + 1
	units := float64(len(roles) + P + 2)
	for _, n := range s.supply {
		units += float64(n)
	}
	top := 100 + max(opts.InterestWeight, 0)
	scale := 1e6
	for scale > 1 && units*(top*scale*float64(k)+1) > 1e17 {
		scale /= 10
	}
	s.weight = make([]int64, len(roles)*P)
	for i := range roles {
		for j := range people {
			if isFixed[i*P+j] || s.closed[j] {
				continue
			}
			score := s.m.score(i, j)
			if score <= 0 || score < opts.MinScore || !opts.AllowTraining && s.m.missing(i, j) {
				continue
			}
			if opts.InterestWeight > 0 && s.m.interested(i, j) {
				score += opts.InterestWeight
			}
			w := int64(math.Round(score*scale)) * k
			if holds[i*P+j] {
				w += bonus
			}
			s.weight[i*P+j] = max(w, 1)
		}
	}
	return s
}

// node is a subproblem: pairs forced and pairs ruled out, beyond the fixed ones.
type node struct {
	forced, forbidden []pair
}

// solution is a relaxation's answer: the pairs it makes (forced ones included)
// and their weight.
type solution struct {
	pairs  []pair
	weight int64
}

// run returns the best assignment's pairs (fixed ones included), and whether the
// search stopped before it could prove it the best.
func (s *search) run() ([]pair, bool) {
	root := s.relax(node{})
	best := s.repair(root)
	inexact := false
	stack := []struct {
		n   node
		sol solution
	}{{node{}, root}}
	for len(stack) > 0 {
		top := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		sol := top.sol
		if sol.weight <= best.weight {
			continue
		}
		j, over := s.violation(sol.pairs)
		if !over {
			best = sol
			continue
		}
		// Split on person j's roles, highest weight first. With none left to
		// split on, the forced ones alone exceed the hours: no assignment.
		var roles []pair
		for _, p := range sol.pairs {
			if p.j == j && !slices.Contains(top.n.forced, p) {
				roles = append(roles, p)
			}
		}
		if len(roles) == 0 {
			continue
		}
		slices.SortStableFunc(roles, func(a, b pair) int {
			return cmp.Compare(s.weight[b.i*s.P+b.j], s.weight[a.i*s.P+a.j])
		})
		var children []node
		for k, p := range roles {
			c := node{
				forced:    append(slices.Clone(top.n.forced), roles[:k]...),
				forbidden: append(slices.Clone(top.n.forbidden), p),
			}
			children = append(children, c)
		}
		// Depth first; the child that rules out the lowest weight is tried
		// first, so it goes on the stack last.
		for k := range children {
			if s.nodes >= maxNodes || s.work > searchWork {
				inexact = true
				break
			}
			c := children[k]
			stack = append(stack, struct {
				n   node
				sol solution
			}{c, s.relax(c)})
		}
		if inexact {
			break
		}
	}
	out := append(slices.Clone(s.fixed), best.pairs...)
	return out, inexact
}

// violation returns the person whose slots exceed their hours the most (the
// first by index on ties), and whether there is one. Only people with a slot in
// pairs count (fixed slots alone may exceed the hours), and a person may always
// take one slot, whatever its hours.
func (s *search) violation(pairs []pair) (int, bool) {
	n := slices.Clone(s.usedN)
	h := slices.Clone(s.usedH)
	added := make([]bool, len(n))
	for _, p := range pairs {
		n[p.j]++
		h[p.j] += max(s.roles[p.i].Hours, 0)
		added[p.j] = true
	}
	worst, found, excess := -1, false, 0.0
	for j := range n {
		if added[j] && n[j] >= 2 && h[j] > s.capH[j]+tolerance && h[j]-s.capH[j] > excess {
			worst, found, excess = j, true, h[j]-s.capH[j]
		}
	}
	return worst, found
}

// repair makes a relaxation's answer keep the hours: each person over their hours
// gives up their lowest-weight slots until the rest fit, then each slot given up
// goes to the person with the highest weight for it who has room. It gives the
// search a first assignment to beat, and the answer when the search stops early.
func (s *search) repair(sol solution) solution {
	sol.pairs = slices.Clone(sol.pairs)
	var freed []int
	for {
		j, over := s.violation(sol.pairs)
		if !over {
			break
		}
		low := -1
		for k, p := range sol.pairs {
			if p.j == j && (low < 0 || s.weight[p.i*s.P+p.j] < s.weight[sol.pairs[low].i*s.P+sol.pairs[low].j]) {
				low = k
			}
		}
		freed = append(freed, sol.pairs[low].i)
		sol.weight -= s.weight[sol.pairs[low].i*s.P+j]
		sol.pairs = slices.Delete(sol.pairs, low, low+1)
	}
	if len(freed) == 0 {
		return sol
	}
	n, h := slices.Clone(s.usedN), slices.Clone(s.usedH)
	has := map[pair]bool{}
	for _, p := range sol.pairs {
		n[p.j]++
		h[p.j] += max(s.roles[p.i].Hours, 0)
		has[p] = true
	}
	for _, i := range freed {
		best := -1
		for j := range s.people {
			w := s.weight[i*s.P+j]
			if w == 0 || has[pair{i, j}] || n[j]+1 > s.limit {
				continue
			}
			if n[j] >= 1 && h[j]+max(s.roles[i].Hours, 0) > s.capH[j]+tolerance {
				continue
			}
			if best < 0 || w > s.weight[i*s.P+best] {
				best = j
			}
		}
		if best >= 0 {
			p := pair{i, best}
			sol.pairs = append(sol.pairs, p)
			sol.weight += s.weight[i*s.P+best]
			has[p] = true
			n[best]++
			h[best] += max(s.roles[i].Hours, 0)
		}
	}
	return sol
}

// relax solves a subproblem without the hours of people, with a bound on the
// slots each person can take.
func (s *search) relax(n node) solution {
	s.nodes++
	supply := slices.Clone(s.supply)
	usedN, usedH := slices.Clone(s.usedN), slices.Clone(s.usedH)
	var sol solution
	for _, p := range n.forced {
		supply[p.i]--
		usedN[p.j]++
		usedH[p.j] += max(s.roles[p.i].Hours, 0)
		sol.pairs = append(sol.pairs, p)
		sol.weight += s.weight[p.i*s.P+p.j]
	}
	banned := make(map[pair]bool, len(n.forbidden)+len(n.forced))
	for _, p := range n.forbidden {
		banned[p] = true
	}
	for _, p := range n.forced {
		banned[p] = true // taken already: never a second slot of one role
	}

	var rows, cols []int
	for i := range s.roles {
		if supply[i] > 0 {
			rows = append(rows, i)
		}
	}
	slotsOf := make([]int, s.P)
	for j := range s.people {
		if s.closed[j] {
			continue
		}
		slotsOf[j] = s.slotBound(j, rows, usedN[j], usedH[j], banned)
		if slotsOf[j] > 0 {
			cols = append(cols, j)
		}
	}
	units := 0
	for _, i := range rows {
		units += supply[i]
	}
	s.work += float64(units) * float64(len(rows)+len(cols)) * float64(len(cols))

	f := newFlow(len(rows), len(cols))
	for r, i := range rows {
		for c, j := range cols {
			if !banned[pair{i, j}] {
				f.w[r*f.nc+c] = s.weight[i*s.P+j]
			}
		}
	}
	for c, j := range cols {
		f.capacity[c] = slotsOf[j]
	}
	f.initPotentials()
	for r, i := range rows {
		for range supply[i] {
			f.addUnit(r)
		}
	}
	for c, j := range cols {
		for _, r := range f.assigned[c] {
			p := pair{rows[r], j}
			sol.pairs = append(sol.pairs, p)
			sol.weight += s.weight[p.i*s.P+p.j]
		}
	}
	return sol
}

// slotBound is the most slots person j can take beyond used ones: MaxRolesPerPerson
// less used, and no more than the slots whose hours could fit together (the
// smallest ones first); one slot always, when the person has none yet.
func (s *search) slotBound(j int, rows []int, usedN int, usedH float64, banned map[pair]bool) int {
	room := s.limit - usedN
	if room <= 0 {
		return 0
	}
	// The room smallest hours of the slots the person may take, in order.
	small := make([]float64, 0, room)
	eligible := 0
	for _, i := range rows {
		if s.weight[i*s.P+j] == 0 || banned[pair{i, j}] {
			continue
		}
		eligible++
		h := max(s.roles[i].Hours, 0)
		if len(small) == room && h >= small[room-1] {
			continue
		}
		k, _ := slices.BinarySearch(small, h)
		if len(small) < room {
			small = append(small, 0)
		}
		copy(small[k+1:], small[k:])
		small[k] = h
	}
	if eligible == 0 {
		return 0
	}
	fit, sum := 0, usedH
	for _, h := range small {
		if sum+h > s.capH[j]+tolerance {
			break
		}
		sum += h
		fit++
	}
	if usedN == 0 {
		fit = max(fit, 1)
	}
	return min(room, fit, eligible)
}

// flow is a min-cost flow from rows (roles, a unit of supply per free
// slot) to columns (people, who take up to their capacity) with unit
// capacity per pair, solved by successive shortest paths, one unit of
// supply at a time, with Dijkstra on reduced costs. The cost of a pair is
// minus its weight. Every row can also send a unit to an empty-slot sink
// of its own at cost 0, so every unit is placed and no placement raises
// the cost.
//
// Invariants between calls of addUnit: reduced costs of residual edges
// are non-negative, and every column with free capacity and every empty
// slot sink has potential equal to pt, the sink's, so a search can stop at
// the first such column it reaches.
type flow struct {
	nr, nc int
	// w[r*nc+c] is the weight of pair (r, c): 0 when the pair may not be
	// made, positive when it is not made, negated when it is made.
	w        []int64
	capacity []int
	// assigned[c] lists the rows that column c takes.
	assigned [][]int
	// Potentials of rows, columns and the sink.
	pr, pc []int64
	pt     int64

	// Scratch space for one search.
	dr, dc           []int64
	doneR, doneC     []bool
	prevRow, prevCol []int
	pending          []queued // a heap of rows to visit
}

func newFlow(nr, nc int) *flow {
	f := &flow{
		nr: nr, nc: nc,
		w:        make([]int64, nr*nc),
		capacity: make([]int, nc),
		assigned: make([][]int, nc),
		pr:       make([]int64, nr),
		pc:       make([]int64, nc),
		dr:       make([]int64, nr),
		dc:       make([]int64, nc),
		doneR:    make([]bool, nr),
		doneC:    make([]bool, nc),
		prevRow:  make([]int, nc),
		prevCol:  make([]int, nr),
	}
	return f
}

// initPotentials makes every reduced cost non-negative for the empty flow:
// rows at 0, columns and the sink at minus the largest weight.
func (f *flow) initPotentials() {
	top := int64(0)
	for _, w := range f.w {
		top = max(top, w)
	}
	f.pt = -top
	for c := range f.pc {
		f.pc[c] = -top
	}
}

// addUnit places one more unit of supply at row r0 along a shortest path.
func (f *flow) addUnit(r0 int) {
	const inf = int64(math.MaxInt64)
	for r := range f.dr {
		f.dr[r], f.doneR[r] = inf, false
	}
	for c := range f.dc {
		f.dc[c], f.doneC[c] = inf, false
	}
	f.dr[r0] = 0
	f.pending = append(f.pending[:0], queued{0, r0})
	bestCol, vacRow, vac := -1, -1, inf
	// When stale, bestCol is unknown, but no unvisited column is nearer
	// than low: a row at most that far can be visited without a scan.
	stale, low := false, int64(0)

	var d int64  // the distance of the end of the path
	endCol := -1 // the column the path ends at, or
	endRow := -1 // the row whose slot stays empty
search:
	for {
		// The nearest of: a pending row, an unvisited column, an empty
		// slot; rows first on ties, then columns.
		for len(f.pending) > 0 && (f.doneR[f.pending[0].r] || f.pending[0].d != f.dr[f.pending[0].r]) {
			f.pop()
		}
		pd := inf
		if len(f.pending) > 0 {
			pd = f.pending[0].d
		}
		if stale && (pd > low || pd > vac) {
			bestCol, stale = -1, false
			cd := inf
			for c, dist := range f.dc {
				if dist < cd && !f.doneC[c] {
					bestCol, cd = c, dist
				}
			}
		}
		cd := inf
		if bestCol >= 0 && !stale {
			cd = f.dc[bestCol]
		}
		switch {
		case pd < inf && pd <= cd && pd <= vac:
			r := f.pop().r
			f.doneR[r] = true
			if v := pd + f.pr[r] - f.pt; v < vac {
				vac, vacRow = v, r
			}
			base := pd + f.pr[r]
			row := f.w[r*f.nc : (r+1)*f.nc]
			dc, pc, done := f.dc[:len(row)], f.pc[:len(row)], f.doneC[:len(row)]
			bestCol, cd, stale = -1, inf, false
			for c, w := range row {
				if done[c] {
					continue
				}
				if w > 0 {
					if nd := base - w - pc[c]; nd < dc[c] {
						dc[c] = nd
						f.prevRow[c] = r
					}
				}
				if dc[c] < cd {
					bestCol, cd = c, dc[c]
				}
			}
		case cd < inf && cd <= vac:
			c := bestCol
			f.doneC[c] = true
			if len(f.assigned[c]) < f.capacity[c] {
				d, endCol = cd, c
				break search
			}
			// A full column: the path may go on by taking it from one of
			// the rows it serves.
			for _, r := range f.assigned[c] {
				if f.doneR[r] {
					continue
				}
				if nd := cd - f.w[r*f.nc+c] + f.pc[c] - f.pr[r]; nd < f.dr[r] {
					f.dr[r] = nd
					f.prevCol[r] = c
					f.push(queued{nd, r})
				}
			}
			bestCol, stale, low = -1, true, cd
		default:
			d, endRow = vac, vacRow
			break search
		}
	}

	// Move the potentials so that the path's edges get reduced cost 0 and
	// no reduced cost turns negative.
	for r := range f.pr {
		if f.doneR[r] {
			f.pr[r] += f.dr[r]
		} else {
			f.pr[r] += d
		}
	}
	for c := range f.pc {
		if f.doneC[c] {
			f.pc[c] += f.dc[c]
		} else {
			f.pc[c] += d
		}
	}
	f.pt += d

	// Walk the path back from its end: each row on it takes the next
	// column and gives up the column it came through.
	r := endRow
	if endCol >= 0 {
		r = f.prevRow[endCol]
		f.take(r, endCol)
	}
	for r != r0 {
		c := f.prevCol[r]
		f.release(r, c)
		r = f.prevRow[c]
		f.take(r, c)
	}
}

func (f *flow) take(r, c int) {
	f.w[r*f.nc+c] = -f.w[r*f.nc+c]
	f.assigned[c] = append(f.assigned[c], r)
}

func (f *flow) release(r, c int) {
	f.w[r*f.nc+c] = -f.w[r*f.nc+c]
	k := slices.Index(f.assigned[c], r)
	f.assigned[c] = slices.Delete(f.assigned[c], k, k+1)
}

// queued is a row to visit at distance d.
type queued struct {
	d int64
	r int
}

func (q queued) less(p queued) bool { return q.d < p.d || q.d == p.d && q.r < p.r }

func (f *flow) push(q queued) {
	h := append(f.pending, q)
	for i := len(h) - 1; i > 0; {
		parent := (i - 1) / 2
		if !h[i].less(h[parent]) {
			break
		}
		h[i], h[parent] = h[parent], h[i]
		i = parent
	}
	f.pending = h
}

func (f *flow) pop() queued {
	h := f.pending
	top := h[0]
	n := len(h) - 1
	h[0] = h[n]
	h = h[:n]
	for i := 0; ; {
		small, l, r := i, 2*i+1, 2*i+2
		if l < n && h[l].less(h[small]) {
			small = l
		}
		if r < n && h[r].less(h[small]) {
			small = r
		}
		if small == i {
			break
		}
		h[i], h[small] = h[small], h[i]
		i = small
	}
	f.pending = h
	return top
}
