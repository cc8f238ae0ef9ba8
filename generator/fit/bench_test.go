package fit

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// benchTeam makes a team the size of a large company: nroles roles with
// the given headcount, listing 3 to 5 of nskills skills each, and npeople
// people with up to 6 to 11 skills each; one person in three holds a role.
// The fewer the skills, the more people compete for the same roles.
func benchTeam(nskills, nroles, headcount, npeople int) ([]Role, []Person) {
	rng := rand.New(rand.NewPCG(42, 42))
	skill := func() string { return fmt.Sprintf("skill-%02d", rng.IntN(nskills)) }
	roles := make([]Role, nroles)
	for i := range roles {
		r := Role{ID: fmt.Sprintf("role-%04d", i), Headcount: headcount, Required: map[string]int{}, Preferred: map[string]int{}}
		for range 2 + rng.IntN(2) {
			r.Required[skill()] = 1 + rng.IntN(4)
		}
		for range 1 + rng.IntN(2) {
			r.Preferred[skill()] = 1 + rng.IntN(4)
		}
		roles[i] = r
	}
	people := make([]Person, npeople)
	for j := range people {
		p := Person{ID: fmt.Sprintf("person-%05d", j), Skills: map[string]int{}}
		for range 6 + rng.IntN(6) {
			p.Skills[skill()] = rng.IntN(5)
		}
		if j%3 == 0 {
			p.Roles = []string{roles[rng.IntN(nroles)].ID}
		}
		people[j] = p
	}
	return roles, people
}

// BenchmarkAssign finds the optimal assignment of 1,000 people to 1,000
// role slots.
func BenchmarkAssign(b *testing.B) {
	for _, bc := range []struct {
		name                     string
		skills, roles, headcount int
		limit                    int
	}{
		{"1000roles", 40, 1000, 1, 1},
		{"1000roles/contested", 5, 1000, 1, 1},
		{"250rolesx4", 40, 250, 4, 1},
		{"1000roles/limit=2", 40, 1000, 1, 2},
	} {
		roles, people := benchTeam(bc.skills, bc.roles, bc.headcount, 1000)
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Assign(roles, people, Options{MaxRolesPerPerson: bc.limit})
			}
		})
	}
}

// BenchmarkScoreAll scores 5,000 people for 1,000 roles.
func BenchmarkScoreAll(b *testing.B) {
	roles, people := benchTeam(40, 1000, 1, 5000)
	b.ReportAllocs()
	for b.Loop() {
		ScoreAll(roles, people)
	}
}
