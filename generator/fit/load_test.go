package fit

import (
	"testing"

	"github.com/google/go-cmp/cmp"
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
				{Person: "chen", Hours: 20, Capacity: 20},
				{Person: "liu", Hours: 8, Capacity: 10},
				{Person: "wang", Hours: 48, Capacity: 40, Over: true},
				{Person: "zhao", Hours: 20, Capacity: 40},
			},
		},
		{
			name:   "a shorter week",
			people: shopPeople[:1],
			roles:  shopRoles,
			duties: shopDuties,
			week:   50,
			want:   []PersonLoad{{Person: "wang", Hours: 48, Capacity: 50}},
		},
		{
			name:   "a vacant role passes its share to no one",
			people: []Person{{ID: "wang", Roles: []string{"operations"}}},
			roles:  []Role{{ID: "operations"}, {ID: "service"}},
			duties: []Duty{{ID: "orders", Responsible: []string{"operations", "service"}, Effort: 20}},
			want:   []PersonLoad{{Person: "wang", Hours: 10, Capacity: 40}},
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
			want: []PersonLoad{{Person: "a", Hours: 40.0/3 + 40.0/3 + 40.0/3, Capacity: 40}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Load(tt.people, tt.roles, tt.duties, tt.week)
			if diff := cmp.Diff(tt.want, got); diff != "" {
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
			name:   "no one is overloaded",
			people: shopPeople[1:],
			roles:  shopRoles,
			duties: shopDuties,
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
			name:   "a vacant role relieves no one",
			people: []Person{{ID: "a", Roles: []string{"ops"}}},
			roles:  []Role{{ID: "ops"}, {ID: "ship"}},
			duties: []Duty{
				{ID: "x", Responsible: []string{"ops"}, Effort: 41},
				{ID: "y", Responsible: []string{"ship"}, Effort: 100},
			},
			want: Hire{Role: "ops", Relief: 1},
			ok:   true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := NextHire(tt.people, tt.roles, tt.duties, 0)
			if diff := cmp.Diff(tt.want, got); diff != "" || ok != tt.ok {
				t.Errorf("NextHire = %v, %v; want %v, %v\n%s", got, ok, tt.want, tt.ok, diff)
			}
		})
	}
}
