package fit

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAssign(t *testing.T) {
	// buyer: 100 for ana, 600/7 for ben; designer: 600/7 for ana, 0 for ben.
	buyer := Role{ID: "buyer", Required: map[string]int{"sourcing": 2}, Preferred: map[string]int{"negotiation": 1}}
	designer := Role{ID: "designer", Required: map[string]int{"photo": 2}, Preferred: map[string]int{"layout": 1}}
	ana := Person{ID: "ana", Skills: map[string]int{"sourcing": 2, "negotiation": 1, "photo": 2}}
	ben := Person{ID: "ben", Skills: map[string]int{"sourcing": 2}}
	const sixSevenths = 600.0 / 7
	pair := Role{ID: "pair", Headcount: 2}
	blank := Role{ID: "blank", Required: map[string]int{"photo": 4}}
	both := Role{ID: "both", Required: map[string]int{"sourcing": 2, "photo": 2}, Preferred: map[string]int{"layout": 1}}
	cai := Person{ID: "cai", Skills: map[string]int{"sourcing": 4}}
	withHours := func(r Role, h float64) Role { r.Hours = h; return r }

	tests := []struct {
		name   string
		roles  []Role
		people []Person
		opts   Options
		want   Assignment
	}{
		{
			name: "empty",
			want: Assignment{},
		},
		{
			name:  "no people",
			roles: []Role{buyer, pair},
			want:  Assignment{Unfilled: []string{"buyer", "pair", "pair"}},
		},
		{
			name:   "no roles",
			people: []Person{ana, ben},
			want:   Assignment{},
		},
		{
			// Greedy gives ana (100) to buyer and leaves designer to ben
			// (0): 100 in all. Moving ana to designer is worth more.
			name:   "better than greedy",
			roles:  []Role{designer, buyer},
			people: []Person{ben, ana},
			want: Assignment{
				Slots: []Slot{{"buyer", "ben", sixSevenths}, {"designer", "ana", sixSevenths}},
				Total: 2 * sixSevenths,
			},
		},
		{
			name:   "more slots than people",
			roles:  []Role{buyer, designer, pair},
			people: []Person{ana},
			want: Assignment{
				Slots:    []Slot{{"buyer", "ana", 100}},
				Total:    100,
				Unfilled: []string{"designer", "pair", "pair"},
			},
		},
		{
			name:   "more people than slots",
			roles:  []Role{buyer},
			people: []Person{ana, ben, {ID: "cai"}},
			want:   Assignment{Slots: []Slot{{"buyer", "ana", 100}}, Total: 100},
		},
		{
			name:   "a person takes several roles",
			roles:  []Role{buyer, designer},
			people: []Person{ana},
			opts:   Options{MaxRolesPerPerson: 2},
			want: Assignment{
				Slots: []Slot{{"buyer", "ana", 100}, {"designer", "ana", sixSevenths}},
				Total: 100 + sixSevenths,
			},
		},
		{
			name:   "never two slots of one role",
			roles:  []Role{pair},
			people: []Person{ana},
			opts:   Options{MaxRolesPerPerson: 3},
			want: Assignment{
				Slots:    []Slot{{"pair", "ana", 100}},
				Total:    100,
				Unfilled: []string{"pair"},
			},
		},
		{
			name:   "a score of 0 fills no slot",
			roles:  []Role{blank},
			people: []Person{ben},
			want:   Assignment{Unfilled: []string{"blank"}},
		},
		{
			name:   "a current holder with a score of 0 is not kept",
			roles:  []Role{blank},
			people: []Person{{ID: "ben", Roles: []string{"blank"}}},
			want:   Assignment{Unfilled: []string{"blank"}},
		},
		{
			name:   "a pinned holder is kept whatever the score",
			roles:  []Role{blank},
			people: []Person{{ID: "ben", Roles: []string{"blank"}}},
			opts:   Options{Pinned: []string{"ben"}},
			want:   Assignment{Slots: []Slot{{"blank", "ben", 0}}},
		},
		{
			name:  "ties keep current holders",
			roles: []Role{pair},
			people: []Person{
				{ID: "a"}, {ID: "b"}, {ID: "c", Roles: []string{"pair"}}, {ID: "d"},
			},
			want: Assignment{Slots: []Slot{{"pair", "a", 100}, {"pair", "c", 100}}, Total: 200},
		},
		{
			name:   "without KeepCurrent holders move",
			roles:  []Role{buyer, designer},
			people: []Person{{ID: "ana", Skills: ana.Skills, Roles: []string{"buyer"}}, ben},
			want: Assignment{
				Slots: []Slot{{"buyer", "ben", sixSevenths}, {"designer", "ana", sixSevenths}},
				Total: 2 * sixSevenths,
			},
		},
		{
			name:   "KeepCurrent",
			roles:  []Role{buyer, designer},
			people: []Person{{ID: "ana", Skills: ana.Skills, Roles: []string{"buyer", "gone"}}, ben},
			opts:   Options{KeepCurrent: true},
			want: Assignment{
				Slots:    []Slot{{"buyer", "ana", 100}},
				Total:    100,
				Unfilled: []string{"designer"},
			},
		},
		{
			name:  "KeepCurrent with spare capacity and an overfull role",
			roles: []Role{buyer, designer},
			people: []Person{
				{ID: "ana", Skills: ana.Skills, Roles: []string{"buyer"}},
				{ID: "ben", Skills: ben.Skills, Roles: []string{"buyer"}},
			},
			opts: Options{KeepCurrent: true, MaxRolesPerPerson: 2},
			want: Assignment{
				Slots: []Slot{{"buyer", "ana", 100}, {"buyer", "ben", sixSevenths}, {"designer", "ana", sixSevenths}},
				Total: 100 + 2*sixSevenths,
			},
		},
		{
			// ana fits both (100 and 600/7) but is half-time: 20 hours,
			// and each slot takes 15. She takes the better one; the other
			// stays open.
			name:   "hours keep a half-time person to one role",
			roles:  []Role{withHours(buyer, 15), withHours(designer, 15)},
			people: []Person{{ID: "ana", Skills: ana.Skills, Capacity: 0.5}},
			opts:   Options{MaxRolesPerPerson: 2},
			want: Assignment{
				Slots:    []Slot{{"buyer", "ana", 100}},
				Total:    100,
				Unfilled: []string{"designer"},
			},
		},
		{
			// The same slots of 10 hours fit in her 20.
			name:   "two roles whose hours fit",
			roles:  []Role{withHours(buyer, 10), withHours(designer, 10)},
			people: []Person{{ID: "ana", Skills: ana.Skills, Capacity: 0.5}},
			opts:   Options{MaxRolesPerPerson: 2},
			want: Assignment{
				Slots: []Slot{{"buyer", "ana", 100}, {"designer", "ana", sixSevenths}},
				Total: 100 + sixSevenths,
			},
		},
		{
			// One slot is always allowed, however many hours it takes.
			name:   "one role over the hours",
			roles:  []Role{withHours(buyer, 60)},
			people: []Person{ana},
			want:   Assignment{Slots: []Slot{{"buyer", "ana", 100}}, Total: 100},
		},
		{
			// ben's 600/7 = 85.7 as buyer is below 90: the slot is left
			// to hire.
			name:   "a minimum score",
			roles:  []Role{buyer},
			people: []Person{ben},
			opts:   Options{MinScore: 90},
			want:   Assignment{Unfilled: []string{"buyer"}},
		},
		{
			// cai has sourcing 4 but photo 0: 3×2 of 3×(2+2)+1 = 6/13 of
			// the points of "both" (46.2), and a required skill at 0: not
			// without training.
			name:   "a required skill at 0",
			roles:  []Role{both},
			people: []Person{cai},
			want:   Assignment{Unfilled: []string{"both"}},
		},
		{
			name:   "a required skill at 0 with training",
			roles:  []Role{both},
			people: []Person{cai},
			opts:   Options{AllowTraining: true},
			want:   Assignment{Slots: []Slot{{"both", "cai", 600.0 / 13}}, Total: 600.0 / 13},
		},
		{
			// ana scores 100 and ben 600/7 = 85.7 as buyer; ben wants to
			// grow negotiation, which the role prefers: with a weight of 20
			// he counts 105.7 and takes it.
			name:   "an interest weight",
			roles:  []Role{buyer},
			people: []Person{ana, {ID: "ben", Skills: ben.Skills, Interests: []string{"negotiation"}}},
			opts:   Options{InterestWeight: 20},
			want:   Assignment{Slots: []Slot{{"buyer", "ben", sixSevenths}}, Total: sixSevenths},
		},
		{
			// ben is pinned to designer (score 0): he stays, takes nothing
			// else, and ana takes buyer.
			name:   "a pinned person keeps exactly their roles",
			roles:  []Role{buyer, designer},
			people: []Person{ana, {ID: "ben", Skills: ben.Skills, Roles: []string{"designer"}}},
			opts:   Options{Pinned: []string{"ben"}, MaxRolesPerPerson: 2},
			want: Assignment{
				Slots: []Slot{{"buyer", "ana", 100}, {"designer", "ben", 0}},
				Total: 100,
			},
		},
		{
			name:   "repeated ids count once",
			roles:  []Role{buyer, {ID: "buyer", Headcount: 5}},
			people: []Person{ana, {ID: "ana"}},
			want:   Assignment{Slots: []Slot{{"buyer", "ana", 100}}, Total: 100},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Assign(tt.roles, tt.people, tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Assign mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestAssignSize checks the bound on the size of the problem.
func TestAssignSize(t *testing.T) {
	roles := []Role{{ID: "a", Headcount: 3}, {ID: "b"}}
	people := []Person{{ID: "x"}, {ID: "y"}, {ID: "z"}}
	if _, err := Assign(roles, people, Options{MaxPairs: 12}); err != nil {
		t.Errorf("4 slots × 3 people within 12 pairs: %v", err)
	}
	_, err := Assign(roles, people, Options{MaxPairs: 11})
	var size *SizeError
	if !errors.As(err, &size) || *size != (SizeError{Slots: 4, People: 3, Limit: 11}) {
		t.Errorf("Assign over the bound: error %v, want a SizeError of 4 slots, 3 people, limit 11", err)
	}
}

// greedy fills slots by taking the best remaining pair first, the obvious
// method Assign must beat.
func greedy(roles []Role, people []Person) float64 {
	type pair struct {
		r, p  int
		score float64
	}
	var pairs []pair
	for i, r := range roles {
		for j, p := range people {
			pairs = append(pairs, pair{i, j, Score(r, p).Score})
		}
	}
	slices.SortStableFunc(pairs, func(a, b pair) int { return -cmpFloat(a.score, b.score) })
	usedR, usedP := map[int]bool{}, map[int]bool{}
	total := 0.0
	for _, x := range pairs {
		if !usedR[x.r] && !usedP[x.p] {
			usedR[x.r], usedP[x.p] = true, true
			total += x.score
		}
	}
	return total
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestAssignBeatsGreedy(t *testing.T) {
	roles := []Role{
		{ID: "buyer", Required: map[string]int{"sourcing": 2}, Preferred: map[string]int{"negotiation": 1}},
		{ID: "designer", Required: map[string]int{"photo": 2}, Preferred: map[string]int{"layout": 1}},
	}
	people := []Person{
		{ID: "ana", Skills: map[string]int{"sourcing": 2, "negotiation": 1, "photo": 2}},
		{ID: "ben", Skills: map[string]int{"sourcing": 2}},
	}
	g := greedy(roles, people)
	a, _ := Assign(roles, people, Options{})
	if g != 100 || a.Total != 1200.0/7 {
		t.Errorf("greedy total %v, Assign total %v; want 100 and %v", g, a.Total, 1200.0/7)
	}
}

func TestAssignIgnoresInputOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for n := range 50 {
		roles, people := randomTeam(rng, 6, 4, 3)
		opts := Options{MaxRolesPerPerson: 1 + n%3, KeepCurrent: n%2 == 1}
		want, _ := Assign(roles, people, opts)
		rng.Shuffle(len(roles), func(i, j int) { roles[i], roles[j] = roles[j], roles[i] })
		rng.Shuffle(len(people), func(i, j int) { people[i], people[j] = people[j], people[i] })
		if got, _ := Assign(roles, people, opts); !cmp.Equal(want, got) {
			diff := cmp.Diff(want, got)
			t.Fatalf("case %d: shuffled input changed the result (-before +after):\n%s", n, diff)
		}
	}
}

// randomTeam makes a team whose scores tie often: few skills, low levels.
func randomTeam(rng *rand.Rand, nskills, nroles, npeople int) ([]Role, []Person) {
	skill := func() string { return fmt.Sprintf("s%d", rng.IntN(nskills)) }
	roles := make([]Role, nroles)
	for i := range roles {
		r := Role{ID: fmt.Sprintf("r%d", i), Headcount: rng.IntN(3), Required: map[string]int{}, Preferred: map[string]int{},
			Hours: []float64{0, 10, 20, 30, 45}[rng.IntN(5)]}
		for range rng.IntN(3) {
			r.Required[skill()] = 1 + rng.IntN(3)
		}
		for range rng.IntN(2) {
			r.Preferred[skill()] = 1 + rng.IntN(2)
		}
		roles[i] = r
	}
	people := make([]Person, npeople)
	for j := range people {
		p := Person{ID: fmt.Sprintf("p%d", j), Skills: map[string]int{}, Capacity: []float64{0, 0.5, 1}[rng.IntN(3)]}
		for range rng.IntN(4) {
			p.Skills[skill()] = rng.IntN(4)
		}
		if rng.IntN(2) == 0 {
			p.Interests = []string{skill()}
		}
		for i := range roles {
			if rng.IntN(3) == 0 {
				p.Roles = append(p.Roles, roles[i].ID)
			}
		}
		people[j] = p
	}
	return roles, people
}

// objective is what Assign maximises: the total weight of the pairs made
// beyond the fixed ones (score plus the interest weight, rounded to a
// millionth), then the number of current holders kept among them.
type objective struct {
	rounded int64
	kept    int
}

func (o objective) less(p objective) bool {
	return o.rounded < p.rounded || o.rounded == p.rounded && o.kept < p.kept
}

// rules restates the rules of Assign pair by pair, for the brute force and for
// checking an answer: which pairs are fixed, which may be made and their weight.
type rules struct {
	roles  []Role
	people []Person
	opts   Options
}

func (u rules) holds(j, i int) bool { return slices.Contains(u.people[j].Roles, u.roles[i].ID) }

func (u rules) pinned(j int) bool { return slices.Contains(u.opts.Pinned, u.people[j].ID) }

func (u rules) fixed(i, j int) bool { return u.holds(j, i) && (u.opts.KeepCurrent || u.pinned(j)) }

func (u rules) capacity(j int) float64 {
	c := u.people[j].Capacity
	if c == 0 {
		c = 1
	}
	return c * 40
}

// allowed reports whether a pair that is not fixed may be made.
func (u rules) allowed(i, j int) bool {
	if u.fixed(i, j) || u.pinned(j) {
		return false
	}
	f := Score(u.roles[i], u.people[j])
	if f.Score <= 0 || f.Score < u.opts.MinScore {
		return false
	}
	if !u.opts.AllowTraining {
		for _, g := range f.Gaps {
			if g.Required && g.Have == 0 {
				return false
			}
		}
	}
	return true
}

func (u rules) weight(i, j int) int64 {
	s := Score(u.roles[i], u.people[j]).Score
	if u.opts.InterestWeight > 0 {
		for _, n := range needs(u.roles[i]) {
			if slices.Contains(u.people[j].Interests, n.skill) {
				s += u.opts.InterestWeight
				break
			}
		}
	}
	return int64(math.Round(s * 1e6))
}

// feasible reports whether person j may take the slots added beyond their fixed
// ones: no more than the role limit, and when they have two slots or more, no
// more hours than their capacity.
func (u rules) feasible(j int, added []int) bool {
	if len(added) == 0 {
		return true
	}
	n, h := len(added), 0.0
	for _, i := range added {
		h += u.roles[i].Hours
	}
	for i := range u.roles {
		if u.fixed(i, j) {
			n++
			h += u.roles[i].Hours
		}
	}
	if n > max(u.opts.MaxRolesPerPerson, 1) {
		return false
	}
	return n < 2 || h <= u.capacity(j)+1e-9
}

// bruteForce tries every assignment that Assign may return and gives the
// best objective and the best float total among those.
func bruteForce(roles []Role, people []Person, opts Options) (objective, float64) {
	u := rules{roles, people, opts}
	supply := make([]int, len(roles))
	baseTotal := 0.0
	for i, r := range roles {
		supply[i] = max(r.Headcount, 1)
		for j := range people {
			if u.fixed(i, j) {
				supply[i]--
				baseTotal += Score(r, people[j]).Score
			}
		}
	}
	added := make([][]int, len(people))
	var best objective
	bestTotal := math.Inf(-1)
	var walk func(i int, o objective, total float64)
	walk = func(i int, o objective, total float64) {
		if i == len(roles) {
			for j := range people {
				if !u.feasible(j, added[j]) {
					return
				}
			}
			if best.less(o) || bestTotal == math.Inf(-1) {
				best, bestTotal = o, total
			} else if best == o {
				bestTotal = max(bestTotal, total)
			}
			return
		}
		for mask := uint(0); mask < 1<<len(people); mask++ {
			if bits.OnesCount(mask) > max(supply[i], 0) {
				continue
			}
			next, nextTotal, ok := o, total, true
			for j := range people {
				if mask&(1<<j) == 0 {
					continue
				}
				if !u.allowed(i, j) {
					ok = false
					break
				}
				next.rounded += u.weight(i, j)
				nextTotal += Score(roles[i], people[j]).Score
				if u.holds(j, i) && !opts.KeepCurrent {
					next.kept++
				}
			}
			if !ok {
				continue
			}
			for j := range people {
				if mask&(1<<j) != 0 {
					added[j] = append(added[j], i)
				}
			}
			walk(i+1, next, nextTotal)
			for j := range people {
				if mask&(1<<j) != 0 {
					added[j] = added[j][:len(added[j])-1]
				}
			}
		}
	}
	walk(0, objective{}, baseTotal)
	return best, bestTotal
}

// checkAssignment reports the ways a breaks the rules of Assign, and
// returns its objective.
func checkAssignment(t *testing.T, roles []Role, people []Person, opts Options, a Assignment) objective {
	t.Helper()
	u := rules{roles, people, opts}
	roleIndex, personIndex := map[string]int{}, map[string]int{}
	for i, r := range roles {
		roleIndex[r.ID] = i
	}
	for j, p := range people {
		personIndex[p.ID] = j
	}
	var o objective
	total := 0.0
	perRole := map[string]int{}
	added := make([][]int, len(people))
	made := map[pair]bool{}
	for k, s := range a.Slots {
		if k > 0 {
			prev := a.Slots[k-1]
			if prev.Role > s.Role || prev.Role == s.Role && prev.Person >= s.Person {
				t.Errorf("slots out of order or repeated: %v then %v", prev, s)
			}
		}
		i, j := roleIndex[s.Role], personIndex[s.Person]
		made[pair{i, j}] = true
		if want := Score(roles[i], people[j]).Score; s.Score != want {
			t.Errorf("slot %v: score %v, want %v", s, s.Score, want)
		}
		perRole[s.Role]++
		total += s.Score
		if u.fixed(i, j) {
			continue
		}
		if !u.allowed(i, j) {
			t.Errorf("slot %v: a pair that may not be made", s)
		}
		added[j] = append(added[j], i)
		o.rounded += u.weight(i, j)
		if u.holds(j, i) && !opts.KeepCurrent {
			o.kept++
		}
	}
	if total != a.Total {
		t.Errorf("Total %v, sum of slots %v", a.Total, total)
	}
	fixedPerRole := map[string]int{}
	for i, r := range roles {
		for j, p := range people {
			if u.fixed(i, j) {
				fixedPerRole[r.ID]++
				if !made[pair{i, j}] {
					t.Errorf("%s lost the fixed role %s", p.ID, r.ID)
				}
			}
		}
	}
	for j, p := range people {
		if !u.feasible(j, added[j]) {
			t.Errorf("%s takes %v beyond their fixed roles: more roles or hours than allowed", p.ID, added[j])
		}
	}
	var unfilled []string
	for _, r := range roles {
		n := max(r.Headcount, 1)
		if perRole[r.ID] > max(n, fixedPerRole[r.ID]) {
			t.Errorf("%s has %d slots filled, headcount %d", r.ID, perRole[r.ID], n)
		}
		for range n - perRole[r.ID] {
			unfilled = append(unfilled, r.ID)
		}
	}
	if diff := cmp.Diff(unfilled, a.Unfilled); diff != "" {
		t.Errorf("Unfilled mismatch (-want +got):\n%s", diff)
	}
	return o
}

// TestAssignBruteForce checks Assign against every possible assignment on all
// team shapes up to 5 people and 4 roles, with headcounts 1-2, one to three roles
// per person, roles that take hours and people of different capacity, with and
// without KeepCurrent, a minimum score, training, pinned people and an interest
// weight.
func TestAssignBruteForce(t *testing.T) {
	seeds := 12
	if testing.Short() {
		seeds = 2
	}
	rng := rand.New(rand.NewPCG(1, 2))
	cases, split := 0, 0
	for npeople := range 6 {
		for nroles := range 5 {
			for limit := 1; limit <= 3; limit++ {
				for variant := range 8 {
					for range seeds {
						roles, people := randomTeam(rng, 3, nroles, npeople)
						opts := Options{MaxRolesPerPerson: limit, KeepCurrent: variant&1 != 0}
						if variant&2 != 0 {
							opts.MinScore = 50
							opts.InterestWeight = 10
						}
						if variant&4 != 0 {
							opts.AllowTraining = true
							for _, p := range people {
								if rng.IntN(3) == 0 {
									opts.Pinned = append(opts.Pinned, p.ID)
								}
							}
						}
						name := fmt.Sprintf("%dx%d/limit=%d/%+v/%d", npeople, nroles, limit, opts, cases)
						cases++
						got, err := Assign(roles, people, opts)
						if err != nil {
							t.Fatal(err)
						}
						if got.Inexact {
							t.Fatalf("%s: a small case left inexact", name)
						}
						gotObj := checkAssignment(t, roles, people, opts, got)
						want, wantTotal := bruteForce(roles, people, opts)
						if gotObj != want {
							t.Errorf("%s: objective %+v, brute force %+v\nroles %+v\npeople %+v\ngot %+v",
								name, gotObj, want, roles, people, got)
						}
						if opts.InterestWeight == 0 && math.Abs(got.Total-wantTotal) > 1e-6 {
							t.Errorf("%s: Total %v, brute force %v", name, got.Total, wantTotal)
						}
						s := newSearch(uniqueRoles(roles), uniquePeople(people), opts)
						s.run()
						if s.nodes > 1 {
							split++
						}
					}
				}
			}
		}
	}
	if split == 0 {
		t.Error("no case needed the hours split: the brute force does not test it")
	}
	t.Logf("%d cases, %d split on hours", cases, split)
}

// TestAssignInexact checks a team too large for the search to finish: the answer
// still keeps every rule, and says it is not proven the best.
func TestAssignInexact(t *testing.T) {
	if testing.Short() {
		t.Skip("a large team")
	}
	roles, people := benchTeam(5, 200, 1, 200)
	withHours(roles, people)
	opts := Options{MaxRolesPerPerson: 3, MinScore: 60, AllowTraining: true}
	got, err := Assign(roles, people, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Inexact {
		t.Error("Inexact is false: the search finished (make the team larger for this test)")
	}
	checkAssignment(t, roles, people, opts, got)
}
