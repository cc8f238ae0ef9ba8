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
		opts                     Options
		hours                    bool
	}{
		{"1000roles", 40, 1000, 1, Options{MaxRolesPerPerson: 1}, false},
		{"1000roles/contested", 5, 1000, 1, Options{MaxRolesPerPerson: 1}, false},
		{"250rolesx4", 40, 250, 4, Options{MaxRolesPerPerson: 1}, false},
		{"1000roles/limit=2", 40, 1000, 1, Options{MaxRolesPerPerson: 2}, false},
		// The owner's rules: hours per slot and part-time people, a minimum
		// fit, no placement without a required skill, interests.
		{"1000roles/hours", 40, 1000, 1, Options{MaxRolesPerPerson: 2, MinScore: 60, InterestWeight: 10}, true},
		{"1000roles/contested/hours", 5, 1000, 1, Options{MaxRolesPerPerson: 3, MinScore: 60, InterestWeight: 10, AllowTraining: true}, true},
	} {
		roles, people := benchTeam(bc.skills, bc.roles, bc.headcount, 1000)
		if bc.hours {
			withHours(roles, people)
		}
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Assign(roles, people, bc.opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// withHours gives every role slot 8 to 32 hours a week and one person in four
// half of a full week, with an interest.
func withHours(roles []Role, people []Person) {
	rng := rand.New(rand.NewPCG(7, 7))
	for i := range roles {
		roles[i].Hours = float64(8 + rng.IntN(25))
	}
	for j := range people {
		if j%4 == 0 {
			people[j].Capacity = 0.5
		}
		people[j].Interests = []string{fmt.Sprintf("skill-%02d", rng.IntN(40))}
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
