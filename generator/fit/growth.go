package fit

import (
	"cmp"
	"slices"
)

// Step is a role a person can grow into next.
type Step struct {
	// Role is the id of the next role.
	Role string
	// From lists the held roles whose growth path names Role, sorted.
	From []string
	// Readiness is the person's score for Role.
	Readiness float64
	// Grow lists the skills to grow, sorted by skill id.
	Grow []SkillStep
	// Interests lists the skills of Role, required or preferred, that the
	// person wants to grow, sorted; empty when the step matches none of
	// their interests.
	Interests []string
}

// SkillStep is a skill to grow for a next role.
type SkillStep struct {
	Gap
	// Levels is how many levels to grow: Need minus Have.
	Levels int
	// Interest is true when the skill is one of the person's interests.
	Interest bool
}

// Growth returns the roles p can grow into: every role named in the Next
// list of a role p holds, except the roles p already holds, keyed by id
// in roles. Roles missing from roles are left out. The steps are sorted
// by readiness, highest first, then by role id.
func Growth(p Person, roles map[string]Role) []Step {
	from := map[string][]string{}
	for _, held := range p.Roles {
		r, ok := roles[held]
		if !ok {
			continue
		}
		for _, next := range r.Next {
			if _, ok := roles[next]; !ok || slices.Contains(p.Roles, next) || slices.Contains(from[next], held) {
				continue
			}
			from[next] = append(from[next], held)
		}
	}
	steps := make([]Step, 0, len(from))
	for id, held := range from {
		r := roles[id]
		f := Score(r, p)
		s := Step{Role: id, From: held, Readiness: f.Score}
		slices.Sort(s.From)
		for _, g := range f.Gaps {
			s.Grow = append(s.Grow, SkillStep{Gap: g, Levels: g.Need - g.Have, Interest: slices.Contains(p.Interests, g.Skill)})
		}
		for _, n := range needs(r) {
			if slices.Contains(p.Interests, n.skill) {
				s.Interests = append(s.Interests, n.skill)
			}
		}
		steps = append(steps, s)
	}
	slices.SortFunc(steps, func(a, b Step) int {
		if c := cmp.Compare(b.Readiness, a.Readiness); c != 0 {
			return c
		}
		return cmp.Compare(a.Role, b.Role)
	})
	return steps
}
