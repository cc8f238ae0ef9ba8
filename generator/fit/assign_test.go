package fit

import (
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
			name:   "a current holder stays on a tie",
			roles:  []Role{blank},
			people: []Person{{ID: "ben", Roles: []string{"blank"}}},
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
			name:   "repeated ids count once",
			roles:  []Role{buyer, {ID: "buyer", Headcount: 5}},
			people: []Person{ana, {ID: "ana"}},
			want:   Assignment{Slots: []Slot{{"buyer", "ana", 100}}, Total: 100},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Assign(tt.roles, tt.people, tt.opts)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Assign mismatch (-want +got):\n%s", diff)
			}
		})
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
	a := Assign(roles, people, Options{})
	if g != 100 || a.Total != 1200.0/7 {
		t.Errorf("greedy total %v, Assign total %v; want 100 and %v", g, a.Total, 1200.0/7)
	}
}

func TestAssignIgnoresInputOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	for n := range 50 {
		roles, people := randomTeam(rng, 6, 4, 3)
		opts := Options{MaxRolesPerPerson: 1 + n%3, KeepCurrent: n%2 == 1}
		want := Assign(roles, people, opts)
		rng.Shuffle(len(roles), func(i, j int) { roles[i], roles[j] = roles[j], roles[i] })
		rng.Shuffle(len(people), func(i, j int) { people[i], people[j] = people[j], people[i] })
		if diff := cmp.Diff(want, Assign(roles, people, opts)); diff != "" {
			t.Fatalf("case %d: shuffled input changed the result (-before +after):\n%s", n, diff)
		}
	}
}

// randomTeam makes a team whose scores tie often: few skills, low levels.
func randomTeam(rng *rand.Rand, nskills, nroles, npeople int) ([]Role, []Person) {
	skill := func() string { return fmt.Sprintf("s%d", rng.IntN(nskills)) }
	roles := make([]Role, nroles)
	for i := range roles {
		r := Role{ID: fmt.Sprintf("r%d", i), Headcount: rng.IntN(3), Required: map[string]int{}, Preferred: map[string]int{}}
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
		p := Person{ID: fmt.Sprintf("p%d", j), Skills: map[string]int{}}
		for range rng.IntN(4) {
			p.Skills[skill()] = rng.IntN(4)
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

// objective is what Assign maximises: the total of the scores rounded to
// a millionth, then the number of current holders kept.
type objective struct {
	rounded int64
	kept    int
}

func (o objective) less(p objective) bool {
	return o.rounded < p.rounded || o.rounded == p.rounded && o.kept < p.kept
}

// bruteForce tries every assignment that Assign may return and gives the
// best objective and the best float total among those.
func bruteForce(roles []Role, people []Person, opts Options) (objective, float64) {
	limit := max(opts.MaxRolesPerPerson, 1)
	holds := func(p Person, r Role) bool { return slices.Contains(p.Roles, r.ID) }
	supply := make([]int, len(roles))
	load := make([]int, len(people))
	var base objective
	baseTotal := 0.0
	for i, r := range roles {
		supply[i] = max(r.Headcount, 1)
		for j, p := range people {
			if opts.KeepCurrent && holds(p, r) {
				supply[i]--
				load[j]++
				base.rounded += int64(math.Round(Score(r, p).Score * 1e6))
				baseTotal += Score(r, p).Score
			}
		}
	}
	for i := range supply {
		supply[i] = max(supply[i], 0)
	}
	best, bestTotal := base, baseTotal
	var walk func(i int, o objective, total float64)
	walk = func(i int, o objective, total float64) {
		if i == len(roles) {
			if best.less(o) {
				best = o
			}
			if best == o {
				bestTotal = max(bestTotal, total)
			}
			return
		}
		for mask := uint(0); mask < 1<<len(people); mask++ {
			if bits.OnesCount(mask) > supply[i] {
				continue
			}
			next, nextTotal, ok := o, total, true
			for j, p := range people {
				if mask&(1<<j) == 0 {
					continue
				}
				s := Score(roles[i], p).Score
				q := int64(math.Round(s * 1e6))
				held := holds(p, roles[i])
				if load[j] >= limit || opts.KeepCurrent && held || q == 0 && !held {
					ok = false
				}
				next.rounded += q
				nextTotal += s
				if held && !opts.KeepCurrent {
					next.kept++
				}
			}
			if !ok {
				continue
			}
			for j := range people {
				if mask&(1<<j) != 0 {
					load[j]++
				}
			}
			walk(i+1, next, nextTotal)
			for j := range people {
				if mask&(1<<j) != 0 {
					load[j]--
				}
			}
		}
	}
	walk(0, base, baseTotal)
	return best, bestTotal
}

// checkAssignment reports the ways a breaks the rules of Assign, and
// returns its objective.
func checkAssignment(t *testing.T, roles []Role, people []Person, opts Options, a Assignment) objective {
	t.Helper()
	byRole := map[string]Role{}
	for _, r := range roles {
		byRole[r.ID] = r
	}
	byPerson := map[string]Person{}
	for _, p := range people {
		byPerson[p.ID] = p
	}
	var o objective
	total := 0.0
	perRole, perPerson := map[string]int{}, map[string]int{}
	for k, s := range a.Slots {
		if k > 0 {
			prev := a.Slots[k-1]
			if prev.Role > s.Role || prev.Role == s.Role && prev.Person >= s.Person {
				t.Errorf("slots out of order or repeated: %v then %v", prev, s)
			}
		}
		r, p := byRole[s.Role], byPerson[s.Person]
		if want := Score(r, p).Score; s.Score != want {
			t.Errorf("slot %v: score %v, want %v", s, s.Score, want)
		}
		held := slices.Contains(p.Roles, r.ID)
		if s.Score == 0 && !held {
			t.Errorf("slot %v: a score of 0 for a non-holder", s)
		}
		perRole[s.Role]++
		perPerson[s.Person]++
		o.rounded += int64(math.Round(s.Score * 1e6))
		if held && !opts.KeepCurrent {
			o.kept++
		}
		total += s.Score
	}
	if total != a.Total {
		t.Errorf("Total %v, sum of slots %v", a.Total, total)
	}
	limit := max(opts.MaxRolesPerPerson, 1)
	for _, p := range people {
		held := 0
		for _, id := range p.Roles {
			if _, ok := byRole[id]; ok {
				held++
				if opts.KeepCurrent && !slices.Contains(a.Slots, Slot{id, p.ID, Score(byRole[id], p).Score}) {
					t.Errorf("KeepCurrent: %s lost %s", p.ID, id)
				}
			}
		}
		if n := perPerson[p.ID]; n > limit && !(opts.KeepCurrent && n == held) {
			t.Errorf("%s takes %d slots, limit %d", p.ID, n, limit)
		}
	}
	var unfilled []string
	for _, r := range roles {
		n := max(r.Headcount, 1)
		if perRole[r.ID] > n && !opts.KeepCurrent {
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

// TestAssignBruteForce checks Assign against every possible assignment on
// all team shapes up to 5 people and 4 roles, with headcounts 1-2, one or
// two roles per person, and with and without KeepCurrent.
func TestAssignBruteForce(t *testing.T) {
	seeds := 40
	if testing.Short() {
		seeds = 3
	}
	rng := rand.New(rand.NewPCG(1, 2))
	cases := 0
	for npeople := range 6 {
		for nroles := range 5 {
			for limit := 1; limit <= 2; limit++ {
				for _, keep := range []bool{false, true} {
					for range seeds {
						roles, people := randomTeam(rng, 3, nroles, npeople)
						opts := Options{MaxRolesPerPerson: limit, KeepCurrent: keep}
						name := fmt.Sprintf("%dx%d/limit=%d/keep=%v/%d", npeople, nroles, limit, keep, cases)
						cases++
						got := Assign(roles, people, opts)
						gotObj := checkAssignment(t, roles, people, opts, got)
						want, wantTotal := bruteForce(roles, people, opts)
						if gotObj != want {
							t.Errorf("%s: objective %+v, brute force %+v\nroles %+v\npeople %+v\ngot %+v",
								name, gotObj, want, roles, people, got)
						}
						if math.Abs(got.Total-wantTotal) > 1e-6 {
							t.Errorf("%s: Total %v, brute force %v", name, got.Total, wantTotal)
						}
					}
				}
			}
		}
	}
	t.Logf("%d cases", cases)
}
