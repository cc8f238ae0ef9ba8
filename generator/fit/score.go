package fit

import (
	"cmp"
	"slices"
)

// Role is what the fit algorithms need to know about a role.
type Role struct {
	ID string
	// Required and Preferred map a skill id to the level needed, 1-4.
	Required, Preferred map[string]int
	// Headcount is the number of slots of the role; 0 or less means 1.
	Headcount int
	// Next lists the role ids of the role's growth path.
	Next []string
	// Hours is the weekly hours of one slot of the role (the role's work divided
	// by its headcount): what a person takes on with the role in Assign.
	Hours float64
}

// Person is what the fit algorithms need to know about a person.
type Person struct {
	ID string
	// Skills maps a skill id to the person's level, 0-4.
	Skills map[string]int
	// Roles lists the ids of the roles the person holds now.
	Roles []string
	// Capacity is the person's share of full time; 0 means 1.
	Capacity float64
	// Interests lists the skill ids the person wants to grow.
	Interests []string
	// Shares maps a held role id to the part of the role's work the person does
	// when its holders do not split it equally (above 0, at most 1).
	Shares map[string]float64
}

// Fit is how well a person fits a role.
type Fit struct {
	// Score is from 0 to 100; see the package documentation.
	Score float64
	// Gaps lists the role's skills the person has below the needed level,
	// sorted by skill id.
	Gaps []Gap
}

// Gap is a skill a person has below the level a role needs.
type Gap struct {
	Skill      string
	Have, Need int
	// Required tells a required skill from a preferred one.
	Required bool
}

// Candidate is a person ranked for a role.
type Candidate struct {
	Person string
	Fit
}

// Weights per level of a required and of a preferred skill.
const (
	requiredWeight  = 3
	preferredWeight = 1
)

// need is one skill a role counts, with its weight per level.
type need struct {
	skill    string
	level    int
	weight   int
	required bool
}

// needs lists the skills a role counts, sorted by skill id: required ones
// with weight 3, preferred ones not also required with weight 1, needs
// below 1 left out.
func needs(r Role) []need {
	ns := make([]need, 0, len(r.Required)+len(r.Preferred))
	for s, l := range r.Required {
		if l >= 1 {
			ns = append(ns, need{s, l, requiredWeight, true})
		}
	}
	for s, l := range r.Preferred {
		if _, ok := r.Required[s]; !ok && l >= 1 {
			ns = append(ns, need{s, l, preferredWeight, false})
		}
	}
	slices.SortFunc(ns, func(a, b need) int { return cmp.Compare(a.skill, b.skill) })
	return ns
}

// level is a person's level in a skill, negative levels counted as 0.
func level(p Person, skill string) int {
	return max(p.Skills[skill], 0)
}

// ratio turns earned and possible points into a score; both Score and
// ScoreAll go through it so that they agree to the last bit.
func ratio(earned, possible int) float64 {
	if possible == 0 {
		return 100
	}
	return 100 * float64(earned) / float64(possible)
}

// Score returns how well p fits r, and p's gaps for r.
func Score(r Role, p Person) Fit {
	var f Fit
	earned, possible := 0, 0
	for _, n := range needs(r) {
		have := level(p, n.skill)
		earned += n.weight * min(have, n.level)
		possible += n.weight * n.level
		if have < n.level {
			f.Gaps = append(f.Gaps, Gap{Skill: n.skill, Have: have, Need: n.level, Required: n.required})
		}
	}
	f.Score = ratio(earned, possible)
	return f
}

// Rank returns every person's fit for r, best first; equal scores are in
// person id order.
func Rank(r Role, people []Person) []Candidate {
	people = uniquePeople(people)
	cs := make([]Candidate, len(people))
	for i, p := range people {
		cs[i] = Candidate{Person: p.ID, Fit: Score(r, p)}
	}
	slices.SortStableFunc(cs, func(a, b Candidate) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.Person, b.Person)
	})
	return cs
}

// RoleGaps returns the required skills of r that no one in people has at
// the needed level, sorted.
func RoleGaps(r Role, people []Person) []string {
	var gaps []string
	for _, n := range needs(r) {
		if !n.required {
			continue
		}
		covered := false
		for _, p := range people {
			if level(p, n.skill) >= n.level {
				covered = true
				break
			}
		}
		if !covered {
			gaps = append(gaps, n.skill)
		}
	}
	return gaps
}

// ScoreAll returns the score of every person for every role:
// ScoreAll(roles, people)[i][j] is Score(roles[i], people[j]).Score. It is
// much faster than calling Score for each pair, as it looks skills up by
// index rather than by name and does not collect gaps.
func ScoreAll(roles []Role, people []Person) [][]float64 {
	m := compile(roles, people)
	flat := make([]float64, len(roles)*len(people))
	out := make([][]float64, len(roles))
	for i := range roles {
		row := flat[i*len(people) : (i+1)*len(people) : (i+1)*len(people)]
		for j := range people {
			row[j] = m.score(i, j)
		}
		out[i] = row
	}
	return out
}

// matrix holds roles and people with skills replaced by dense indexes, so
// that scoring a pair reads a few small slices and no maps.
type matrix struct {
	nskills int
	// needs[i] are role i's needs, with the skill as an index.
	needs [][]indexedNeed
	// possible[i] is the most a person can earn for role i.
	possible []int
	// levels[j*nskills+s] is person j's level in skill s.
	levels []int
	// interests[j] are the indexes of person j's interests that some role lists.
	interests [][]int
}

type indexedNeed struct {
	skill, level, weight int
}

// missing reports whether person j has a required skill of role i at level 0.
func (m *matrix) missing(i, j int) bool {
	row := m.levels[j*m.nskills : (j+1)*m.nskills]
	for _, n := range m.needs[i] {
		if n.weight == requiredWeight && row[n.skill] == 0 {
			return true
		}
	}
	return false
}

// interested reports whether role i lists a skill person j wants to grow.
func (m *matrix) interested(i, j int) bool {
	for _, s := range m.interests[j] {
		for _, n := range m.needs[i] {
			if n.skill == s {
				return true
			}
		}
	}
	return false
}

func compile(roles []Role, people []Person) *matrix {
	index := map[string]int{}
	m := &matrix{needs: make([][]indexedNeed, len(roles)), possible: make([]int, len(roles))}
	for i, r := range roles {
		for _, n := range needs(r) {
			s, ok := index[n.skill]
			if !ok {
				s = len(index)
				index[n.skill] = s
			}
			m.needs[i] = append(m.needs[i], indexedNeed{s, n.level, n.weight})
			m.possible[i] += n.weight * n.level
		}
	}
	m.nskills = len(index)
	m.levels = make([]int, len(people)*m.nskills)
	m.interests = make([][]int, len(people))
	for j, p := range people {
		for _, s := range p.Interests {
			if k, ok := index[s]; ok && !slices.Contains(m.interests[j], k) {
				m.interests[j] = append(m.interests[j], k)
			}
		}
		row := m.levels[j*m.nskills : (j+1)*m.nskills]
		for s, l := range p.Skills {
			if k, ok := index[s]; ok {
				row[k] = max(l, 0)
			}
		}
	}
	return m
}

func (m *matrix) score(i, j int) float64 {
	row := m.levels[j*m.nskills : (j+1)*m.nskills]
	earned := 0
	for _, n := range m.needs[i] {
		earned += n.weight * min(row[n.skill], n.level)
	}
	return ratio(earned, m.possible[i])
}

// uniquePeople returns people sorted by id, keeping the first of repeated
// ids.
func uniquePeople(people []Person) []Person {
	out := slices.Clone(people)
	slices.SortStableFunc(out, func(a, b Person) int { return cmp.Compare(a.ID, b.ID) })
	return slices.CompactFunc(out, func(a, b Person) bool { return a.ID == b.ID })
}

// uniqueRoles returns roles sorted by id, keeping the first of repeated ids.
func uniqueRoles(roles []Role) []Role {
	out := slices.Clone(roles)
	slices.SortStableFunc(out, func(a, b Role) int { return cmp.Compare(a.ID, b.ID) })
	return slices.CompactFunc(out, func(a, b Role) bool { return a.ID == b.ID })
}
