package fit

import (
	"cmp"
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
}

// Assign returns the assignment of people to the roles' slots with the
// highest total score; see the package documentation for the rules and
// how ties are settled.
//
// With Options.KeepCurrent, every current holder of a role keeps a slot
// of it, even when the role has more holders than Headcount, and their
// held roles count against MaxRolesPerPerson.
func Assign(roles []Role, people []Person, opts Options) Assignment {
	roles = uniqueRoles(roles)
	people = uniquePeople(people)
	limit := max(opts.MaxRolesPerPerson, 1)
	m := compile(roles, people)

	roleIndex := make(map[string]int, len(roles))
	for i, r := range roles {
		roleIndex[r.ID] = i
	}
	// holds[i*P+j]: person j holds role i now.
	P := len(people)
	holds := make([]bool, len(roles)*P)
	heldPairs := 0
	supply := make([]int, len(roles))
	for i, r := range roles {
		supply[i] = max(r.Headcount, 1)
	}
	capacity := make([]int, P)
	for j, p := range people {
		capacity[j] = limit
		for _, id := range p.Roles {
			i, ok := roleIndex[id]
			if !ok || holds[i*P+j] {
				continue
			}
			holds[i*P+j] = true
			heldPairs++
		}
	}

	var a Assignment
	bonus := int64(0) // the weight that keeps a holder in place on a tie
	if opts.KeepCurrent {
		for i, r := range roles {
			for j, p := range people {
				if holds[i*P+j] {
					a.Slots = append(a.Slots, Slot{r.ID, p.ID, m.score(i, j)})
					supply[i]--
					capacity[j]--
				}
			}
		}
	} else if heldPairs > 0 {
		bonus = 1
	}

	// The problem only involves roles with free slots and people with free
	// capacity: rows and columns of the flow.
	var rows, cols []int
	for i := range roles {
		if supply[i] > 0 {
			rows = append(rows, i)
		}
	}
	for j := range people {
		if capacity[j] > 0 {
			cols = append(cols, j)
		}
	}

	// Weights are integers, so that ties are exact: the score rounded to
	// 1/scale of a point, times k, plus the bonus for a current holder.
	// Since k exceeds the number of holders, the bonuses only ever decide
	// between assignments with the same rounded total. Potentials stay
	// within about (slots + nodes) times the largest weight, which must
	// stay well below the int64 range: scale drops for huge inputs.
	k := bonus*int64(heldPairs) + 1
	units := float64(len(rows) + len(cols) + 2)
	for _, i := range rows {
		units += float64(supply[i])
	}
	scale := 1e6
	for scale > 1 && units*(100*scale*float64(k)+1) > 1e17 {
		scale /= 10
	}
	f := newFlow(len(rows), len(cols))
	for r, i := range rows {
		for c, j := range cols {
			if opts.KeepCurrent && holds[i*P+j] {
				continue
			}
			w := int64(math.Round(m.score(i, j)*scale)) * k
			if holds[i*P+j] {
				w += bonus
			}
			f.w[r*f.nc+c] = w
		}
	}
	for c, j := range cols {
		f.capacity[c] = capacity[j]
	}
	f.initPotentials()
	for r, i := range rows {
		for range supply[i] {
			f.addUnit(r)
		}
	}

	for c, j := range cols {
		for _, r := range f.assigned[c] {
			i := rows[r]
			a.Slots = append(a.Slots, Slot{roles[i].ID, people[j].ID, m.score(i, j)})
		}
	}
	slices.SortFunc(a.Slots, func(x, y Slot) int {
		if c := cmp.Compare(x.Role, y.Role); c != 0 {
			return c
		}
		return cmp.Compare(x.Person, y.Person)
	})
	filled := make(map[string]int, len(roles))
	for _, s := range a.Slots {
		a.Total += s.Score
		filled[s.Role]++
	}
	for _, r := range roles {
		for range max(r.Headcount, 1) - filled[r.ID] {
			a.Unfilled = append(a.Unfilled, r.ID)
		}
	}
	return a
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
