package fit

import "slices"

// Ability answers who can do a duty: the one definition behind the bus factor,
// the continuity of duties and the cross-training plan.
//
// A person can do a duty when they hold one of its responsible roles, or have
// every required skill of one of them at the needed level. A role that requires
// no skill is not taken as something anyone can do: only its holders can.
type Ability struct {
	people  []Person
	roles   map[string]Role
	holders map[string][]int // role id -> indexes of its holders
	// bySkill[s] lists the people with skill s at level 1 or more, with the level.
	bySkill map[string][]personLevel
	// cache of Able by role id
	able map[string][]int
}

type personLevel struct{ person, level int }

// NewAbility prepares the question for the roles and people given, both as they are
// at one stage (duties' responsible roles folded to the roles that take their work,
// people with the roles they hold there).
// People are taken in id order; repeated ids count once.
func NewAbility(roles []Role, people []Person) *Ability {
	a := &Ability{people: uniquePeople(people), roles: map[string]Role{}, holders: map[string][]int{},
		bySkill: map[string][]personLevel{}, able: map[string][]int{}}
	for _, r := range uniqueRoles(roles) {
		a.roles[r.ID] = r
	}
	for j, p := range a.people {
		for i, id := range p.Roles {
			if !slices.Contains(p.Roles[:i], id) {
				a.holders[id] = append(a.holders[id], j)
			}
		}
		for s, l := range p.Skills {
			if l >= 1 {
				a.bySkill[s] = append(a.bySkill[s], personLevel{j, l})
			}
		}
	}
	return a
}

// ableFor returns the indexes of the people who can do role id's work, sorted.
func (a *Ability) ableFor(id string) []int {
	if out, ok := a.able[id]; ok {
		return out
	}
	out := slices.Clone(a.holders[id])
	r, ok := a.roles[id]
	var req []need
	if ok {
		for _, n := range needs(r) {
			if n.required {
				req = append(req, n)
			}
		}
	}
	if len(req) > 0 {
		// Walk the people who have the rarest required skill at all.
		rare := req[0]
		for _, n := range req[1:] {
			if len(a.bySkill[n.skill]) < len(a.bySkill[rare.skill]) {
				rare = n
			}
		}
		held := make(map[int]bool, len(out))
		for _, j := range out {
			held[j] = true
		}
		for _, pl := range a.bySkill[rare.skill] {
			if pl.level < rare.level || held[pl.person] {
				continue
			}
			p := a.people[pl.person]
			if !slices.ContainsFunc(req, func(n need) bool { return level(p, n.skill) < n.level }) {
				out = append(out, pl.person)
			}
		}
	}
	slices.Sort(out)
	a.able[id] = out
	return out
}

// Capable returns the ids of the people who can do a duty whose responsible roles
// are responsible, sorted by id. With limit above 0 it stops once it has found
// limit people, which is enough to tell a duty only one person can do from the
// others.
func (a *Ability) Capable(responsible []string, limit int) []string {
	var idx []int
	seen := map[int]bool{}
search:
	for _, id := range responsible {
		for _, j := range a.ableFor(id) {
			if seen[j] {
				continue
			}
			seen[j] = true
			idx = append(idx, j)
			if limit > 0 && len(idx) >= limit {
				break search
			}
		}
	}
	slices.Sort(idx)
	out := make([]string, len(idx))
	for k, j := range idx {
		out[k] = a.people[j].ID
	}
	return out
}

// CanDo reports whether the person can do a duty whose responsible roles are
// responsible.
func (a *Ability) CanDo(person string, responsible []string) bool {
	for _, id := range responsible {
		for _, j := range a.ableFor(id) {
			if a.people[j].ID == person {
				return true
			}
		}
	}
	return false
}
