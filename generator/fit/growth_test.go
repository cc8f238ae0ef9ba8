package fit

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestGrowth(t *testing.T) {
	roles := map[string]Role{
		"service":     {ID: "service", Next: []string{"after-sales", "service-lead", "missing"}},
		"after-sales": afterSales,
		"pre-sales": {ID: "pre-sales", Next: []string{"service-lead", "after-sales"},
			Required: map[string]int{"customer-care": 2}},
		"service-lead": {ID: "service-lead", Required: map[string]int{"customer-care": 3, "leadership": 2},
			Preferred: map[string]int{"writing": 1}},
		"designer": {ID: "designer"},
	}
	tests := []struct {
		name   string
		person Person
		want   []Step
	}{
		{name: "no roles", person: liNa, want: []Step{}},
		{name: "no growth path", person: Person{ID: "x", Roles: []string{"designer", "unknown"}}, want: []Step{}},
		{
			name: "two next roles",
			person: Person{
				ID:        "li-na",
				Skills:    liNa.Skills,
				Roles:     []string{"service"},
				Interests: []string{"english", "leadership", "photography"},
			},
			want: []Step{
				{
					Role: "after-sales", From: []string{"service"}, Readiness: 65,
					Grow: []SkillStep{
						{Gap: Gap{"bookkeeping", 0, 2, false}, Levels: 2},
						{Gap: Gap{"english", 1, 3, false}, Levels: 2, Interest: true},
						{Gap: Gap{"product-knowledge", 1, 2, true}, Levels: 1},
					},
					Interests: []string{"english"},
				},
				{
					// 3×3 of 3×3 + 3×2 + 1×1 = 16 points.
					Role: "service-lead", From: []string{"service"}, Readiness: 100 * 9.0 / 16,
					Grow: []SkillStep{
						{Gap: Gap{"leadership", 0, 2, true}, Levels: 2, Interest: true},
						{Gap: Gap{"writing", 0, 1, false}, Levels: 1},
					},
					Interests: []string{"leadership"},
				},
			},
		},
		{
			name: "ready now, paths merged",
			person: Person{
				ID:     "amy",
				Skills: map[string]int{"customer-care": 3, "product-knowledge": 2, "bookkeeping": 2, "english": 3},
				Roles:  []string{"service", "pre-sales", "service"},
			},
			want: []Step{
				{Role: "after-sales", From: []string{"pre-sales", "service"}, Readiness: 100},
				{
					Role: "service-lead", From: []string{"pre-sales", "service"}, Readiness: 100 * 9.0 / 16,
					Grow: []SkillStep{
						{Gap: Gap{"leadership", 0, 2, true}, Levels: 2},
						{Gap: Gap{"writing", 0, 1, false}, Levels: 1},
					},
				},
			},
		},
		{
			name:   "held roles left out",
			person: Person{ID: "bo", Roles: []string{"service", "service-lead"}},
			want: []Step{{
				Role: "after-sales", From: []string{"service"}, Readiness: 0,
				Grow: []SkillStep{
					{Gap: Gap{"bookkeeping", 0, 2, false}, Levels: 2},
					{Gap: Gap{"customer-care", 0, 3, true}, Levels: 3},
					{Gap: Gap{"english", 0, 3, false}, Levels: 3},
					{Gap: Gap{"product-knowledge", 0, 2, true}, Levels: 2},
				},
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, Growth(tt.person, roles)); diff != "" {
				t.Errorf("Growth mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
