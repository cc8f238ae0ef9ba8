package fit

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// shop is a small shop team: operations is stretched thin.
var (
	shopRoles  = []Role{{ID: "operations"}, {ID: "service"}, {ID: "shipping"}, {ID: "design"}}
	shopDuties = []Duty{
		{ID: "listings", Responsible: []string{"operations"}, Effort: 30},
		{ID: "orders", Responsible: []string{"operations", "service"}, Effort: 20},
		{ID: "packing", Responsible: []string{"shipping", "operations"}, Effort: 16},
		{ID: "chat", Responsible: []string{"service", "service"}, Effort: 30},
		{ID: "photos", Responsible: []string{"design"}, Effort: 0},
		{ID: "retired", Responsible: []string{"gone"}, Effort: 50},
	}
	shopPeople = []Person{
		{ID: "wang", Roles: []string{"operations"}},
		{ID: "chen", Roles: []string{"service"}, Capacity: 0.5},
		{ID: "zhao", Roles: []string{"service", "service", "design"}},
		{ID: "liu", Roles: []string{"shipping", "gone"}, Capacity: 0.25},
	}
)

func TestLoad(t *testing.T) {
	tests := []struct {
		name   string
		people []Person
		roles  []Role
		duties []Duty
		week   float64
		want   []PersonLoad
	}{
		{name: "empty", want: []PersonLoad{}},
		{
			// operations: 30 + 20/2 + 16/2 = 48 hours, held by wang alone.
			// service: 20/2 + 30 = 40 hours, shared by chen and zhao.
			// shipping: 16/2 = 8 hours for liu, a quarter of 40.
			name:   "shop",
			people: shopPeople,
			roles:  shopRoles,
			duties: shopDuties,
			want: []PersonLoad{
				{Person: "chen", Hours: 20, PeakHours: 20, Capacity: 20},
				{Person: "liu", Hours: 8, PeakHours: 8, Capacity: 10},
				{Person: "wang", Hours: 48, PeakHours: 48, Capacity: 40, Over: true, High: true},
				{Person: "zhao", Hours: 20, PeakHours: 20, Capacity: 40},
			},
		},
		{
			name:   "a shorter week",
			people: shopPeople[:1],
			roles:  shopRoles,
			duties: shopDuties,
			week:   50,
			want:   []PersonLoad{{Person: "wang", Hours: 48, PeakHours: 48, Capacity: 50}},
		},
		{
			name:   "a vacant role passes its share to no one",
			people: []Person{{ID: "wang", Roles: []string{"operations"}}},
			roles:  []Role{{ID: "operations"}, {ID: "service"}},
			duties: []Duty{{ID: "orders", Responsible: []string{"operations", "service"}, Effort: 20}},
			want:   []PersonLoad{{Person: "wang", Hours: 10, PeakHours: 10, Capacity: 40}},
		},
		{
			name:   "rounding does not overload",
			people: []Person{{ID: "a", Roles: []string{"r"}}},
			roles:  []Role{{ID: "r"}},
			duties: []Duty{
				{ID: "d1", Responsible: []string{"r"}, Effort: 40.0 / 3},
				{ID: "d2", Responsible: []string{"r"}, Effort: 40.0 / 3},
				{ID: "d3", Responsible: []string{"r"}, Effort: 40.0 / 3},
			},
			want: []PersonLoad{{Person: "a", Hours: 40.0/3 + 40.0/3 + 40.0/3, PeakHours: 40.0/3 + 40.0/3 + 40.0/3, Capacity: 40}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Load(tt.people, tt.roles, tt.duties, LoadOptions{HoursPerWeek: tt.week})
			if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreFields(PersonLoad{}, "Duties")); diff != "" {
				t.Errorf("Load mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestNextHire(t *testing.T) {
	tests := []struct {
		name   string
		people []Person
		roles  []Role
		duties []Duty
		want   Hire
		ok     bool
	}{
		{name: "empty"},
		{
			// A second operations holder takes wang from 48 to 24 hours and
			// carries 24 hours of a 40-hour week: 8 hours of relief.
			name:   "shop",
			people: shopPeople,
			roles:  shopRoles,
			duties: shopDuties,
			want:   Hire{Role: "operations", Relief: 8},
			ok:     true,
		},
		{
			// Without wang no one holds operations: its 48 hours are unmet,
			// and a full-time holder would carry 40 of them.
			name:   "no one holds operations",
			people: shopPeople[1:],
			roles:  shopRoles,
			duties: shopDuties,
			want:   Hire{Role: "operations", Relief: 40, Vacant: true},
			ok:     true,
		},
		{
			name:   "no one is overloaded",
			people: []Person{{ID: "a", Roles: []string{"ops"}}},
			roles:  []Role{{ID: "ops"}},
			duties: []Duty{{ID: "x", Responsible: []string{"ops"}, Effort: 40}},
		},
		{
			// Both roles would remove all 10 hours of overload: the first
			// id wins.
			name: "ties go to the first role id",
			people: []Person{
				{ID: "a", Roles: []string{"beta"}},
				{ID: "b", Roles: []string{"alpha"}},
			},
			roles: []Role{{ID: "beta"}, {ID: "alpha"}},
			duties: []Duty{
				{ID: "x", Responsible: []string{"alpha"}, Effort: 50},
				{ID: "y", Responsible: []string{"beta"}, Effort: 50},
			},
			want: Hire{Role: "alpha", Relief: 10},
			ok:   true,
		},
		{
			// a and b carry 50 hours each, c 90: 70 hours of overload. A
			// third holder of big brings a and b and the newcomer to 33.3
			// hours: 20 hours of relief. A second holder of small brings c
			// and the newcomer to 45 hours: 50 - 5 - 5 = 40 hours of relief.
			name: "the most relief wins",
			people: []Person{
				{ID: "a", Roles: []string{"big"}},
				{ID: "b", Roles: []string{"big"}},
				{ID: "c", Roles: []string{"small"}},
			},
			roles: []Role{{ID: "big"}, {ID: "small"}},
			duties: []Duty{
				{ID: "x", Responsible: []string{"big"}, Effort: 100},
				{ID: "y", Responsible: []string{"small"}, Effort: 90},
			},
			want: Hire{Role: "small", Relief: 40},
			ok:   true,
		},
		{
			// ship's 100 hours are carried by no one: a holder takes 40 of
			// them (100 unmet hours before, 60 of the newcomer's overload
			// after). A second ops holder relieves a's 1 hour.
			name:   "a vacant role's hours are unmet work",
			people: []Person{{ID: "a", Roles: []string{"ops"}}},
			roles:  []Role{{ID: "ops"}, {ID: "ship"}},
			duties: []Duty{
				{ID: "x", Responsible: []string{"ops"}, Effort: 41},
				{ID: "y", Responsible: []string{"ship"}, Effort: 100},
			},
			want: Hire{Role: "ship", Relief: 40, Vacant: true},
			ok:   true,
		},
		{
			// a carries 60% of 60 hours: 36 of 40, no overload; b 40% of
			// 60, 24 of a half week of 20: 4 over. A newcomer without a
			// share splits what a leaves with b: b and the newcomer carry 12
			// each: 4 hours of relief.
			name: "shares stay with their holders",
			people: []Person{
				{ID: "a", Roles: []string{"ops"}, Shares: map[string]float64{"ops": 0.6}},
				{ID: "b", Roles: []string{"ops"}, Capacity: 0.5},
			},
			roles:  []Role{{ID: "ops"}},
			duties: []Duty{{ID: "x", Responsible: []string{"ops"}, Effort: 60}},
			want:   Hire{Role: "ops", Relief: 4},
			ok:     true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := NextHire(tt.people, tt.roles, tt.duties, LoadOptions{})
			if diff := cmp.Diff(tt.want, got); diff != "" || ok != tt.ok {
				t.Errorf("NextHire = %v, %v; want %v, %v\n%s", got, ok, tt.want, tt.ok, diff)
			}
		})
	}
}

// TestLoadModel checks each part of the hours model on its own; every expected
// number is worked out in the case's comment.
func TestLoadModel(t *testing.T) {
	one := []Person{{ID: "a", Roles: []string{"ops", "boss"}}}
	tests := []struct {
		name   string
		people []Person
		roles  []Role
		duties []Duty
		opts   LoadOptions
		want   []PersonLoad
	}{
		{
			// 10 hours in 50 weeks and 45 in weeks 45 and 46: (50×10 +
			// 2×45)/52 = 590/52 on average, well within 40; the busiest
			// week is 45, over capacity.
			name:   "peaks",
			people: one,
			roles:  []Role{{ID: "ops"}},
			duties: []Duty{{ID: "x", Responsible: []string{"ops"}, Effort: 10, Peaks: map[int]float64{46: 45, 45: 45}}},
			want:   []PersonLoad{{Person: "a", Hours: 590.0 / 52, PeakHours: 45, PeakWeek: 45, Capacity: 40, PeakOver: true}},
		},
		{
			// A quiet week only: the busiest week is an ordinary one, the
			// first of them.
			name:   "a quiet week",
			people: one,
			roles:  []Role{{ID: "ops"}},
			duties: []Duty{{ID: "x", Responsible: []string{"ops"}, Effort: 10, Peaks: map[int]float64{1: 0}}},
			want:   []PersonLoad{{Person: "a", Hours: 510.0 / 52, PeakHours: 10, PeakWeek: 2, Capacity: 40}},
		},
		{
			// boss owns x, which ops does: 20 hours for ops, 0.25 × 20 = 5
			// for boss. boss owns and does y: no share on top of its 4.
			name:   "the accountable role's share",
			people: []Person{{ID: "a", Roles: []string{"ops"}}, {ID: "b", Roles: []string{"boss"}}},
			roles:  []Role{{ID: "ops"}, {ID: "boss"}},
			duties: []Duty{
				{ID: "x", Responsible: []string{"ops"}, Accountable: "boss", AccountableShare: 0.25, Effort: 20},
				{ID: "y", Responsible: []string{"boss"}, Accountable: "boss", AccountableShare: 0.25, Effort: 4},
			},
			want: []PersonLoad{
				{Person: "a", Hours: 20, PeakHours: 20, Capacity: 40},
				{Person: "b", Hours: 9, PeakHours: 9, Capacity: 40},
			},
		},
		{
			// 40 hours: a does 0.75 of them (30), b and c split the rest (5
			// each).
			name: "a share and an equal rest",
			people: []Person{
				{ID: "a", Roles: []string{"ops"}, Shares: map[string]float64{"ops": 0.75}},
				{ID: "b", Roles: []string{"ops"}}, {ID: "c", Roles: []string{"ops"}},
			},
			roles:  []Role{{ID: "ops"}},
			duties: []Duty{{ID: "x", Responsible: []string{"ops"}, Effort: 40}},
			want: []PersonLoad{
				{Person: "a", Hours: 30, PeakHours: 30, Capacity: 40},
				{Person: "b", Hours: 5, PeakHours: 5, Capacity: 40},
				{Person: "c", Hours: 5, PeakHours: 5, Capacity: 40},
			},
		},
		{
			// Shares of 0.5 and 0.25 from every holder are scaled to 2/3 and
			// 1/3 of 30 hours.
			name: "shares that leave work undone are scaled up",
			people: []Person{
				{ID: "a", Roles: []string{"ops"}, Shares: map[string]float64{"ops": 0.5}},
				{ID: "b", Roles: []string{"ops"}, Shares: map[string]float64{"ops": 0.25}},
			},
			roles:  []Role{{ID: "ops"}},
			duties: []Duty{{ID: "x", Responsible: []string{"ops"}, Effort: 30}},
			want: []PersonLoad{
				{Person: "a", Hours: 20, PeakHours: 20, Capacity: 40},
				{Person: "b", Hours: 10, PeakHours: 10, Capacity: 40},
			},
		},
		{
			// 0.8 + 0.6 = 1.4: scaled to 8/14 and 6/14 of 28 hours (16 and
			// 12); c, without a share, gets none.
			name: "shares over the whole are scaled down",
			people: []Person{
				{ID: "a", Roles: []string{"ops"}, Shares: map[string]float64{"ops": 0.8}},
				{ID: "b", Roles: []string{"ops"}, Shares: map[string]float64{"ops": 0.6}},
				{ID: "c", Roles: []string{"ops"}},
			},
			roles:  []Role{{ID: "ops"}},
			duties: []Duty{{ID: "x", Responsible: []string{"ops"}, Effort: 28}},
			want: []PersonLoad{
				{Person: "a", Hours: 16, PeakHours: 16, Capacity: 40},
				{Person: "b", Hours: 12, PeakHours: 12, Capacity: 40},
				{Person: "c", Hours: 0, PeakHours: 0, Capacity: 40},
			},
		},
		{
			// 35 hours of a 40-hour week is 87.5%: over a threshold of 85%,
			// within the whole capacity.
			name:   "the threshold",
			people: one,
			roles:  []Role{{ID: "ops"}},
			duties: []Duty{{ID: "x", Responsible: []string{"ops"}, Effort: 35}},
			opts:   LoadOptions{Threshold: 0.85},
			want:   []PersonLoad{{Person: "a", Hours: 35, PeakHours: 35, Capacity: 40, High: true}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Load(tt.people, tt.roles, tt.duties, tt.opts)
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateApprox(0, 1e-9), cmpopts.IgnoreFields(PersonLoad{}, "Duties")); diff != "" {
				t.Errorf("Load mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestRoleLoads: the shop's roles, by id, with the hours worked out in TestLoad;
// design has no hours and shipping's are carried by liu.
func TestRoleLoads(t *testing.T) {
	got := RoleLoads(shopPeople, shopRoles, shopDuties, LoadOptions{})
	want := []RoleLoad{
		{Role: "design", Holders: []string{"zhao"}},
		{Role: "operations", Hours: 48, PeakHours: 48, Holders: []string{"wang"}},
		{Role: "service", Hours: 40, PeakHours: 40, Holders: []string{"chen", "zhao"}},
		{Role: "shipping", Hours: 8, PeakHours: 8, Holders: []string{"liu"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("RoleLoads mismatch (-want +got):\n%s", diff)
	}
}

// TestLoadDuties checks where each person's hours come from, on the shop of TestLoad:
// wang alone holds operations (listings 30, half of orders' 20, half of packing's 16);
// chen and zhao split service's 40 hours (orders 10, chat 30): 5 and 15 each; liu has
// half of packing. Design's photos take no hours.
func TestLoadDuties(t *testing.T) {
	got := map[string][]DutyHours{}
	for _, l := range Load(shopPeople, shopRoles, shopDuties, LoadOptions{}) {
		got[l.Person] = l.Duties
	}
	want := map[string][]DutyHours{
		"wang": {{"listings", 30}, {"orders", 10}, {"packing", 8}},
		"chen": {{"chat", 15}, {"orders", 5}},
		"zhao": {{"chat", 15}, {"orders", 5}},
		"liu":  {{"packing", 8}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("duties per person (-want +got):\n%s", diff)
	}
}

// TestLoadInvariants checks, on random teams with shares and peaks, that the hours
// of a role's holders add up to the role's hours (shares lose or make up nothing),
// and that the roles' hours and TotalHours both equal the yearly average worked out
// from the duties alone.
func TestLoadInvariants(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for n := range 200 {
		roles := []Role{{ID: "a"}, {ID: "b"}, {ID: "c"}}
		var duties []Duty
		for i := range 1 + rng.IntN(6) {
			d := Duty{ID: fmt.Sprintf("d%d", i), Effort: float64(rng.IntN(20)), Accountable: roles[rng.IntN(3)].ID,
				AccountableShare: 0.1 * float64(rng.IntN(3))}
			for _, r := range roles {
				if rng.IntN(2) == 0 {
					d.Responsible = append(d.Responsible, r.ID)
				}
			}
			if rng.IntN(2) == 0 {
				d.Peaks = map[int]float64{1 + rng.IntN(52): float64(rng.IntN(40))}
			}
			duties = append(duties, d)
		}
		var people []Person
		for j := range rng.IntN(5) {
			p := Person{ID: fmt.Sprintf("p%d", j), Roles: []string{roles[rng.IntN(3)].ID}}
			if rng.IntN(2) == 0 {
				p.Shares = map[string]float64{p.Roles[0]: 0.1 + 0.3*float64(rng.IntN(4))}
			}
			people = append(people, p)
		}
		perPerson := 0.0
		for _, l := range Load(people, roles, duties, LoadOptions{}) {
			perPerson += l.Hours
		}
		held, all := 0.0, 0.0
		for _, rl := range RoleLoads(people, roles, duties, LoadOptions{}) {
			all += rl.Hours
			if len(rl.Holders) > 0 {
				held += rl.Hours
			}
		}
		// The year's hours worked out from the duties alone: an ordinary week's
		// effort, a peak week's own, averaged over the year; the responsible roles
		// share it, and an accountable role that is not one of them adds its share.
		expected := 0.0
		for _, d := range duties {
			sum := d.Effort * float64(Weeks-len(d.Peaks))
			for _, e := range d.Peaks {
				sum += e
			}
			avg := sum / Weeks
			if len(d.Responsible) > 0 {
				expected += avg
			}
			if !slices.Contains(d.Responsible, d.Accountable) {
				expected += avg * d.AccountableShare
			}
		}
		total, _, _ := TotalHours(roles, duties)
		if math.Abs(perPerson-held) > 1e-6 || math.Abs(all-expected) > 1e-6 || math.Abs(total-expected) > 1e-6 {
			t.Fatalf("case %d: people carry %v of the held roles' %v hours; roles %v, TotalHours %v, from the duties %v\nduties %+v\npeople %+v",
				n, perPerson, held, all, total, expected, duties, people)
		}
	}
}
