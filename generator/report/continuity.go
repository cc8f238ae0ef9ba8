package report

import (
	"cmp"
	"slices"

	"github.com/rolebook/rolebook/generator/fit"
)

// Continuity: who can do each duty at the team's stage (the one definition is
// fit.Ability), the duties only one person can do, the owners without a backup who
// can stand in, and whom to train.

// ability returns who can do what at the team's stage: duties' responsible roles
// folded to the roles that take their work, and people's roles the stage has.
func (t *Team) ability() *fit.Ability {
	var roles []fit.Role
	for _, r := range t.hb.Roles {
		if t.present(r.ID) {
			roles = append(roles, t.All[r.ID])
		}
	}
	people := make([]fit.Person, len(t.People))
	for i, p := range t.People {
		p.Roles = t.held(p.Roles)
		people[i] = p
	}
	return fit.NewAbility(roles, people)
}

// Capable returns the ids of the people who can do the duty at the team's stage,
// by id: those who hold one of its responsible roles (after covers), and those who
// have every required skill of one of them.
func (t *Team) Capable(duty string) []string {
	d := t.hb.Duty(duty)
	if d == nil {
		return nil
	}
	return t.ability().Capable(t.folded(d.Responsible), 0)
}

// busFactor finds the duties only one person can do at the stage. A team of one has
// none, as rolebook check has none: every duty is theirs alone, and there is no one to
// name or train.
func (t *Team) busFactor(a *fit.Ability) []Risk {
	team := 0
	for _, p := range t.People {
		if len(t.held(p.Roles)) > 0 {
			team++
		}
	}
	if team < 2 {
		return nil
	}
	var out []Risk
	for _, d := range t.hb.Duties {
		roles := t.folded(d.Responsible)
		can := a.Capable(roles, 2)
		if len(can) != 1 {
			continue
		}
		role := ""
		if p, _ := t.Person(can[0]); len(roles) > 0 {
			role = roles[0]
			for _, id := range roles {
				if slices.Contains(t.held(p.Roles), id) {
					role = id
					break
				}
			}
		}
		out = append(out, Risk{Kind: RiskBusFactor, Person: can[0], Role: role, Duty: d.ID,
			Detail: "the only person who can do this duty"})
	}
	return out
}

// backups returns the people a duty's backup names at the stage: the person, or
// the holders of the role that takes the backup role's duties; named is false when
// the duty names no backup.
func (t *Team) backups(backup string) (people []string, named bool) {
	if backup == "" {
		return nil, false
	}
	if _, ok := t.Person(backup); ok {
		return []string{backup}, true
	}
	if t.hb.Role(backup) != nil {
		if o := t.owner(backup); o != "" {
			return t.carriers(o), true
		}
	}
	return nil, true
}

// carriers returns the people who hold role at the stage, by id.
func (t *Team) carriers(role string) []string {
	var out []string
	for _, p := range t.People {
		if slices.Contains(t.held(p.Roles), role) {
			out = append(out, p.ID)
		}
	}
	return out
}

// noBackup finds, for each duty with an owner at the stage, whether the person to
// ask (handbook.Folding's; every holder of the owning role in the team when there is
// no one person, or when that person has left in a what-if) has someone to stand in
// for them: among the duty's named backup (a person, or the holders of a role), or
// when none is named among everyone, someone else who can do the duty. Each owner
// without one is a risk.
func (t *Team) noBackup(a *fit.Ability) []Risk {
	var out []Risk
	for _, l := range t.hb.Fold(t.Stage).Lines() {
		if l.Owner == nil {
			continue
		}
		d := l.Duty
		var owners []string
		if l.Person != nil {
			if _, ok := t.Person(l.Person.ID); ok {
				owners = []string{l.Person.ID}
			}
		}
		if owners == nil {
			// No one person, or the lead has left: whoever holds the owning role
			// in the team now answers for the duty.
			owners = t.carriers(l.Owner.ID)
		}
		capable := a.Capable(t.folded(d.Responsible), 0)
		named, isNamed := t.backups(d.Backup)
		for _, owner := range owners {
			pool := capable
			if isNamed {
				pool = nil
				for _, b := range named {
					if slices.Contains(capable, b) {
						pool = append(pool, b)
					}
				}
			}
			if slices.ContainsFunc(pool, func(p string) bool { return p != owner }) {
				continue
			}
			detail := "no one else can do it: name a backup who can, or train one"
			switch {
			case isNamed && len(named) == 0:
				detail = "the backup " + d.Backup + " has no one at this stage: name someone who is"
			case isNamed && !slices.ContainsFunc(named, func(p string) bool { return p != owner }):
				detail = "the backup " + d.Backup + " is no one but the person to ask: name someone else"
			case isNamed:
				detail = "the backup " + d.Backup + " cannot do it: train them, or name another"
			}
			out = append(out, Risk{Kind: RiskNoBackup, Person: owner, Role: l.Owner.ID, Duty: d.ID, Detail: detail})
		}
	}
	return out
}

// Training is a cross-training pair: the duties only one person can do, and the
// best colleague to learn them.
type Training struct {
	// Role is the role whose required skills the learner would grow.
	Role string `json:"role"`
	// Duties are the duties only Only can do today, in duty order.
	Duties []string `json:"duties"`
	// Only is the one person who can do them today.
	Only string `json:"only"`
	// Learner is the colleague to train.
	Learner string `json:"learner"`
	// Gaps are the learner's required skills below the role's level, by skill.
	Gaps []Gap `json:"gaps"`
	// Interest is true when the role uses a skill the learner wants to grow.
	Interest bool `json:"interest"`
	// FreeHours is the learner's capacity less their average load, in hours a week
	// (negative when overloaded).
	FreeHours float64 `json:"free_hours"`
}

// Gap is a skill a person has below the level a role needs.
type Gap struct {
	Skill string `json:"skill"`
	Have  int    `json:"have"`
	Need  int    `json:"need"`
}

// Training returns the cross-training plan at the team's stage: for each duty only
// one person can do, the best learner among the others, ranked by interest (the
// role uses a skill they want to grow), then the smallest gap (the levels of
// required skills they lack), then the most free hours, then id. The learner
// grows into one of the duty's responsible roles that requires skills (the one
// with the smallest gap). Duties with the same role, only person and learner are
// one entry, in the order of their first duty.
func (t *Team) Training() []Training {
	return t.training(t.ability(), t.load().Loads)
}

func (t *Team) training(a *fit.Ability, loads []fit.PersonLoad) []Training {
	free := map[string]float64{}
	for _, l := range loads {
		free[l.Person] = l.Capacity - l.Hours
	}
	var out []Training
	for _, d := range t.hb.Duties {
		roles := t.folded(d.Responsible)
		can := a.Capable(roles, 2)
		if len(can) != 1 {
			continue
		}
		var best *Training
		var bestLevels int
		for _, p := range t.People {
			if p.ID == can[0] {
				continue
			}
			for _, id := range roles {
				r := t.All[id]
				if len(r.Required) == 0 {
					continue
				}
				c := Training{Role: id, Only: can[0], Learner: p.ID, FreeHours: Round(free[p.ID])}
				levels := 0
				for _, g := range fit.Score(r, p).Gaps {
					if g.Required {
						c.Gaps = append(c.Gaps, Gap{g.Skill, g.Have, g.Need})
						levels += g.Need - g.Have
					}
				}
				c.Interest = slices.ContainsFunc(p.Interests, func(s string) bool {
					_, req := r.Required[s]
					_, pref := r.Preferred[s]
					return req || pref
				})
				if best == nil || better(c, levels, *best, bestLevels) {
					cc := c
					best, bestLevels = &cc, levels
				}
			}
		}
		if best == nil {
			continue
		}
		i := slices.IndexFunc(out, func(x Training) bool {
			return x.Role == best.Role && x.Only == best.Only && x.Learner == best.Learner
		})
		if i < 0 {
			out = append(out, *best)
			i = len(out) - 1
		}
		out[i].Duties = append(out[i].Duties, d.ID)
	}
	return out
}

// better ranks two learners: interest, then fewer levels to learn, then more free
// hours, then person id and role id.
func better(a Training, al int, b Training, bl int) bool {
	if a.Interest != b.Interest {
		return a.Interest
	}
	if al != bl {
		return al < bl
	}
	if a.FreeHours != b.FreeHours {
		return a.FreeHours > b.FreeHours
	}
	if c := cmp.Compare(a.Learner, b.Learner); c != 0 {
		return c < 0
	}
	return a.Role < b.Role
}
