package report

import (
	"slices"

	"github.com/rolebook/rolebook/generator/fit"
)

// StagePlan is the staffing plan of one stage: the hours its roles need, what
// that takes in people, and the slots still to fill with today's team.
type StagePlan struct {
	Stage string `json:"stage"`
	// Current is true for the team's current stage.
	Current bool `json:"current"`
	// MaxPeople is the stage's max_people, 0 when not given.
	MaxPeople int `json:"max_people"`
	// Headcount is the slots of the stage's roles: the sum of their headcounts at
	// the stage.
	Headcount int `json:"headcount"`
	// People is how many of today's people hold a role of the stage.
	People int `json:"people"`
	// Hours is the average hours a week the stage's roles need, roles that no one
	// holds included; PeakHours those of the busiest week, PeakWeek its ISO number
	// (0 when every week is the same).
	Hours     float64 `json:"hours"`
	PeakHours float64 `json:"peak_hours"`
	PeakWeek  int     `json:"peak_week"`
	// FullTime is Hours in people at full time (Hours over the hours of a full
	// week), PeakFullTime the same for the busiest week.
	FullTime     float64 `json:"full_time"`
	PeakFullTime float64 `json:"peak_full_time"`
	// Vacant is the slots that no one of today's team holds.
	Vacant int `json:"vacant"`
	// UnstaffedHours is the hours of the roles that no one carries.
	UnstaffedHours float64 `json:"unstaffed_hours"`
	// Roles are the stage's roles, by id.
	Roles []RolePlan `json:"roles"`
	// NextHire is the role whose new holder relieves the most overload or carries
	// the most unstaffed hours; nil when none brings relief.
	NextHire *Hire `json:"next_hire"`
}

// RolePlan is one role in a stage's staffing plan.
type RolePlan struct {
	Role string `json:"role"`
	// Hours, PeakHours and PeakWeek are the role's weekly hours at the stage.
	Hours     float64 `json:"hours"`
	PeakHours float64 `json:"peak_hours"`
	PeakWeek  int     `json:"peak_week"`
	// Headcount is the role's headcount at the stage; PerSlot its hours over it.
	Headcount int     `json:"headcount"`
	PerSlot   float64 `json:"per_slot"`
	// Holders are today's people who hold the role, by id: they carry its hours at
	// the stage (a person's roles the stage lacks are left out, not given to the
	// roles that cover them: today's people are not re-sliced into a stage's roles).
	Holders []string `json:"holders"`
	// Vacant is the slots no holder fills: headcount less holders, at least 0.
	Vacant int `json:"vacant"`
}

// Plans returns the staffing plan of every stage, in stage order (one plan for the
// whole team when the handbook has no stages).
func (t *Team) Plans() []StagePlan {
	var out []StagePlan
	for _, st := range t.stages() {
		out = append(out, st.plan(st.Stage == t.Stage))
	}
	return out
}

func (t *Team) plan(current bool) StagePlan {
	p := StagePlan{Stage: t.Stage, Current: current, Roles: []RolePlan{}}
	if s := t.hb.Stage(t.Stage); s != nil {
		p.MaxPeople = s.MaxPeople
	}
	roles, duties, people := t.loadModel()
	opts := t.loadOptions()
	for _, rl := range fit.RoleLoads(people, roles, duties, opts) {
		rp := RolePlan{Role: rl.Role, Hours: Round(rl.Hours), PeakHours: Round(rl.PeakHours), PeakWeek: rl.PeakWeek,
			Headcount: t.headcount(rl.Role), Holders: []string{}}
		rp.PerSlot = Round(rl.Hours / float64(rp.Headcount))
		for _, q := range t.People {
			if slices.Contains(q.Roles, rl.Role) {
				rp.Holders = append(rp.Holders, q.ID)
			}
		}
		rp.Vacant = max(rp.Headcount-len(rp.Holders), 0)
		p.Headcount += rp.Headcount
		p.Vacant += rp.Vacant
		if len(rl.Holders) == 0 {
			p.UnstaffedHours += rl.Hours
		}
		p.Roles = append(p.Roles, rp)
	}
	avg, peak, week := fit.TotalHours(roles, duties)
	p.Hours, p.PeakHours, p.PeakWeek = Round(avg), Round(peak), week
	p.FullTime = Round(avg / t.HoursPerWeek)
	p.PeakFullTime = Round(peak / t.HoursPerWeek)
	p.UnstaffedHours = Round(p.UnstaffedHours)
	for _, q := range people {
		if len(q.Roles) > 0 {
			p.People++
		}
	}
	if h, ok := fit.NextHire(people, roles, duties, opts); ok {
		p.NextHire = &Hire{Role: h.Role, Relief: Round(h.Relief), Vacant: h.Vacant}
	}
	return p
}
