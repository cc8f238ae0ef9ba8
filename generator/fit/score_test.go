package fit

import (
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// afterSales and liNa are the worked example of the package documentation.
var (
	afterSales = Role{
		ID:        "after-sales",
		Required:  map[string]int{"customer-care": 3, "product-knowledge": 2},
		Preferred: map[string]int{"bookkeeping": 2, "english": 3},
	}
	liNa = Person{ID: "li-na", Skills: map[string]int{"customer-care": 4, "product-knowledge": 1, "english": 1}}
)

func TestScoreWorkedExample(t *testing.T) {
	got := Score(afterSales, liNa)
	want := Fit{
		Score: 65,
		Gaps: []Gap{
			{Skill: "bookkeeping", Have: 0, Need: 2},
			{Skill: "english", Have: 1, Need: 3},
			{Skill: "product-knowledge", Have: 1, Need: 2, Required: true},
		},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Score(after-sales, li-na) mismatch (-want +got):\n%s", diff)
	}
}

func TestScore(t *testing.T) {
	tests := []struct {
		name string
		role Role
		have map[string]int
		want Fit
	}{
		{
			name: "a role with no skills fits everyone",
			role: Role{},
			want: Fit{Score: 100},
		},
		{
			name: "a role with no skills, a skilled person",
			role: Role{Required: map[string]int{}},
			have: map[string]int{"x": 4},
			want: Fit{Score: 100},
		},
		{
			name: "all needs met",
			role: afterSales,
			have: map[string]int{"customer-care": 3, "product-knowledge": 2, "bookkeeping": 2, "english": 3},
			want: Fit{Score: 100},
		},
		{
			name: "a missing required level costs more than a preferred one",
			role: afterSales,
			have: map[string]int{"customer-care": 3, "product-knowledge": 1, "bookkeeping": 2, "english": 3},
			want: Fit{Score: 85, Gaps: []Gap{{"product-knowledge", 1, 2, true}}},
		},
		{
			name: "a missing preferred level",
			role: afterSales,
			have: map[string]int{"customer-care": 3, "product-knowledge": 2, "bookkeeping": 2, "english": 2},
			want: Fit{Score: 95, Gaps: []Gap{{"english", 2, 3, false}}},
		},
		{
			name: "exceeding a level does not make up for a gap",
			role: afterSales,
			have: map[string]int{"customer-care": 4, "product-knowledge": 1, "bookkeeping": 4, "english": 4},
			want: Fit{Score: 85, Gaps: []Gap{{"product-knowledge", 1, 2, true}}},
		},
		{
			name: "nothing",
			role: afterSales,
			want: Fit{Score: 0, Gaps: []Gap{
				{"bookkeeping", 0, 2, false},
				{"customer-care", 0, 3, true},
				{"english", 0, 3, false},
				{"product-knowledge", 0, 2, true},
			}},
		},
		{
			name: "a skill both required and preferred counts as required",
			role: Role{Required: map[string]int{"x": 2}, Preferred: map[string]int{"x": 4, "y": 1}},
			have: map[string]int{"x": 1, "y": 1},
			want: Fit{Score: 100 * 4.0 / 7, Gaps: []Gap{{"x", 1, 2, true}}},
		},
		{
			name: "needs below 1 are ignored, negative levels count as 0",
			role: Role{Required: map[string]int{"x": 0, "y": -1, "z": 1}},
			have: map[string]int{"z": -3},
			want: Fit{Score: 0, Gaps: []Gap{{"z", 0, 1, true}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Score(tt.role, Person{ID: "p", Skills: tt.have})
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Score mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestScoreAllMatchesScore(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	roles, people := randomTeam(rng, 6, 20, 30)
	roles = append(roles, Role{ID: "empty"})
	people = append(people, Person{ID: "nobody"})
	got := ScoreAll(roles, people)
	if len(got) != len(roles) {
		t.Fatalf("ScoreAll returned %d rows, want %d", len(got), len(roles))
	}
	for i, r := range roles {
		for j, p := range people {
			if want := Score(r, p).Score; got[i][j] != want {
				t.Errorf("ScoreAll[%s][%s] = %v, want %v", r.ID, p.ID, got[i][j], want)
			}
		}
	}
	if got := ScoreAll(nil, nil); len(got) != 0 {
		t.Errorf("ScoreAll(nil, nil) = %v, want empty", got)
	}
}

func TestRank(t *testing.T) {
	people := []Person{
		{ID: "zoe", Skills: map[string]int{"customer-care": 3, "product-knowledge": 2}},
		liNa,
		{ID: "amy", Skills: map[string]int{"customer-care": 3, "product-knowledge": 2}},
		{ID: "li-na"}, // a repeated id: the first one counts
	}
	got := Rank(afterSales, people)
	want := []Candidate{
		{Person: "amy", Fit: Score(afterSales, people[2])},
		{Person: "zoe", Fit: Score(afterSales, people[0])},
		{Person: "li-na", Fit: Score(afterSales, liNa)},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Rank mismatch (-want +got):\n%s", diff)
	}
}

func TestRoleGaps(t *testing.T) {
	tests := []struct {
		name   string
		role   Role
		people []Person
		want   []string
	}{
		{"no people", afterSales, nil, []string{"customer-care", "product-knowledge"}},
		{"covered by different people", afterSales, []Person{
			{ID: "a", Skills: map[string]int{"customer-care": 3}},
			{ID: "b", Skills: map[string]int{"product-knowledge": 4}},
		}, nil},
		{"below the level, preferred skills ignored", afterSales, []Person{liNa}, []string{"product-knowledge"}},
		{"no skills", Role{}, []Person{liNa}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, RoleGaps(tt.role, tt.people)); diff != "" {
				t.Errorf("RoleGaps mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
