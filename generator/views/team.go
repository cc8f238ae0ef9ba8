package views

import (
	"slices"

	"github.com/rolebook/rolebook/generator/fit"
	"github.com/rolebook/rolebook/generator/handbook"
	"github.com/rolebook/rolebook/generator/report"
)

// topCandidates is how many candidates a role lists besides its holders, so that the
// guide stays readable with a hundred people.
const topCandidates = 5

// TeamView is what the team pages show: the assignment guide, the skills matrix, the
// stages and the org chart of one language.
type TeamView struct {
	// Stage is the current stage (nil when the handbook has no stages).
	Stage *StageView
	// ShowLevels is [privacy] skill_levels: people's levels may be shown.
	ShowLevels bool
	// ShowFit is [privacy] fit_scores: the assignment guide below is filled.
	ShowFit bool
	// ShowLoad is [privacy] load: the stages' loads and next hires are filled.
	ShowLoad bool
	// MaxRoles is how many roles the recommendation may give one person.
	MaxRoles int
	// Roles are the roles of the current stage with their candidates.
	Roles []*RoleFit
	// Assignment compares the current holders with the recommendation, role by role.
	Assignment []AssignRow
	// CurrentTotal and RecommendedTotal are the sums of the slots' scores.
	CurrentTotal, RecommendedTotal float64
	// Changes are the roles whose holders the recommendation changes.
	Changes []AssignRow
	// HolderGaps are the required skills each holder lacks for a role they hold.
	HolderGaps []HolderGapView
	Skills     *SkillMatrix
	Stages     []*StageView
	Org        *OrgView
}

// RoleFit is a role of the current stage and who fits it.
type RoleFit struct {
	*RoleRef
	// Candidates are the best candidates and every holder, best first.
	Candidates []CandidateView
	// More is how many candidates are not listed.
	More int
	// Uncovered are the role's required skills no one has at the needed level.
	Uncovered []string
}

// CandidateView is a person ranked for a role.
type CandidateView struct {
	Person *PersonRef
	Score  float64
	Holder bool
	Gaps   []GapView
}

// SlotView is a person in a role slot, with their score.
type SlotView struct {
	Person *PersonRef
	Score  float64
	// Role is the slot's role, where a list mixes roles.
	Role *RoleRef
}

// AssignRow is one role's current and recommended holders.
type AssignRow struct {
	Role                 *RoleRef
	Current, Recommended []SlotView
	// OpenNow and OpenAfter count the empty slots.
	OpenNow, OpenAfter int
	Changed            bool
	// Delta is the recommended total score of the role minus the current one.
	Delta float64
}

// HolderGapView is a holder's required skills below the level of their role.
type HolderGapView struct {
	Person *PersonRef
	Role   *RoleRef
	Score  float64
	Gaps   []GapView
}

// SkillMatrix is people (rows) by skills (columns).
type SkillMatrix struct {
	Skills []SkillColumn
	Rows   []SkillRow
	// Nobody are the skills no one has at any level.
	Nobody []SkillColumn
	// Levels are the levels 0-4, for the heat map's legend.
	Levels []int
}

// SkillColumn is a skill, whether anyone has it, and the roles that require it.
type SkillColumn struct {
	ID, Name, Description string
	Nobody                bool
	RequiredBy            []*RoleRef
}

// SkillRow is a person's levels, one per column.
type SkillRow struct {
	Person *PersonRef
	Levels []int
}

// StageView is one stage of the team.
type StageView struct {
	ID, Title string
	MaxPeople int
	Current   bool
	// MatrixURL is the address of the stage's matrix page.
	MatrixURL string
	Roles     []*RoleRef
	Covers    []CoverView
	// Duties are every duty with its owner at this stage.
	Duties []StageDuty
	Load   []LoadView
	// Hire is the next-hire hint; nil when no hire relieves any overload.
	Hire   *RoleRef
	Relief float64
}

// CoverView is an absent role and the role that takes its duties, with the holder who
// leads them when the cover names one.
type CoverView struct {
	Absent, By *RoleRef
	Lead       *PersonRef
}

// StageDuty is a duty and its owner at a stage: nil when it has none.
type StageDuty struct {
	Duty    *DutyRef
	Owner   *RoleRef
	Covered bool
}

// LoadView is a person's weekly hours at a stage.
type LoadView struct {
	Person          *PersonRef
	Hours, Capacity float64
	Over            bool
	// Percent is Hours of Capacity, for the bar beside the numbers.
	Percent int
}

func (v *Views) skillName(id string) string {
	if s := v.hb.Skill(id); s != nil {
		return v.text(s.Name)
	}
	return id
}

func (v *Views) gaps(gs []fit.Gap) []GapView {
	out := make([]GapView, 0, len(gs))
	for _, g := range gs {
		out = append(out, GapView{Name: v.skillName(g.Skill), Have: g.Have, Need: g.Need, Required: g.Required})
	}
	return out
}

func (v *Views) slotViews(ss []fit.Slot) []SlotView {
	out := make([]SlotView, 0, len(ss))
	for _, s := range ss {
		out = append(out, SlotView{Person: v.people[s.Person], Score: report.Round(s.Score)})
	}
	return out
}

// buildTeam builds the team pages' view. The judgements of named people (the
// assignment guide, loads) are computed only when [privacy] publishes them.
func (v *Views) buildTeam() *TeamView {
	priv := v.opts.Privacy
	tv := &TeamView{ShowLevels: priv.SkillLevels, ShowFit: priv.FitScores, ShowLoad: priv.Load}
	t := v.team
	tv.Skills = v.skillMatrix()
	tv.Stages = v.stageViews(t)
	for _, s := range tv.Stages {
		if s.Current {
			tv.Stage = s
		}
	}
	tv.Org = v.org()
	if !priv.FitScores {
		return tv
	}
	tv.MaxRoles = t.MaxRolesPerPerson
	for _, fr := range t.Roles {
		rf := &RoleFit{RoleRef: v.roles[fr.ID]}
		holders := t.Holders(fr.ID)
		for i, c := range fit.Rank(fr, t.People) {
			held := slices.Contains(holders, c.Person)
			if i >= topCandidates && !held {
				rf.More++
				continue
			}
			rf.Candidates = append(rf.Candidates, CandidateView{Person: v.people[c.Person], Score: report.Round(c.Score), Holder: held, Gaps: v.gaps(c.Gaps)})
		}
		for _, s := range fit.RoleGaps(fr, t.People) {
			rf.Uncovered = append(rf.Uncovered, v.skillName(s))
		}
		tv.Roles = append(tv.Roles, rf)
	}

	cur, rec := t.Current(), t.Recommend()
	tv.CurrentTotal, tv.RecommendedTotal = report.Round(cur.Total), report.Round(rec.Total)
	changed := map[string]report.RoleChange{}
	for _, c := range report.Changes(cur, rec) {
		changed[c.Role] = c
	}
	bySlots := func(a fit.Assignment, role string) []fit.Slot {
		var out []fit.Slot
		for _, s := range a.Slots {
			if s.Role == role {
				out = append(out, s)
			}
		}
		return out
	}
	for _, fr := range t.Roles {
		row := AssignRow{Role: v.roles[fr.ID], Current: v.slotViews(bySlots(cur, fr.ID)), Recommended: v.slotViews(bySlots(rec, fr.ID))}
		for _, id := range cur.Unfilled {
			if id == fr.ID {
				row.OpenNow++
			}
		}
		for _, id := range rec.Unfilled {
			if id == fr.ID {
				row.OpenAfter++
			}
		}
		if c, ok := changed[fr.ID]; ok {
			row.Changed, row.Delta = true, c.Delta
			tv.Changes = append(tv.Changes, row)
		}
		tv.Assignment = append(tv.Assignment, row)
	}
	for _, g := range t.HolderGaps() {
		tv.HolderGaps = append(tv.HolderGaps, HolderGapView{Person: v.people[g.Person], Role: v.roles[g.Role], Score: report.Round(g.Score), Gaps: v.gaps(g.Gaps)})
	}
	return tv
}

func (v *Views) skillMatrix() *SkillMatrix {
	m := &SkillMatrix{Levels: []int{0, 1, 2, 3, 4}}
	for _, s := range v.hb.Skills {
		col := SkillColumn{ID: s.ID, Name: v.text(s.Name), Description: v.text(s.Description), Nobody: true}
		for _, p := range v.hb.People {
			for _, l := range p.Skills {
				if l.Skill == s.ID && l.Level > 0 {
					col.Nobody = false
				}
			}
		}
		for _, r := range v.Roles {
			if slices.ContainsFunc(r.Role.Skills, func(l handbook.SkillLevel) bool { return l.Skill == s.ID }) {
				col.RequiredBy = append(col.RequiredBy, r)
			}
		}
		m.Skills = append(m.Skills, col)
		if col.Nobody {
			m.Nobody = append(m.Nobody, col)
		}
	}
	for _, p := range v.People {
		row := SkillRow{Person: p, Levels: make([]int, len(m.Skills))}
		for i, c := range m.Skills {
			for _, l := range p.Person.Skills {
				if l.Skill == c.ID {
					row.Levels[i] = max(l.Level, 0)
					break
				}
			}
		}
		m.Rows = append(m.Rows, row)
	}
	return m
}

func (v *Views) stageViews(t *report.Team) []*StageView {
	loads := map[string]report.StageLoad{}
	if v.opts.Privacy.Load {
		for _, l := range t.Loads() {
			loads[l.Stage] = l
		}
	}
	var out []*StageView
	for _, s := range v.hb.Stages {
		sv := &StageView{ID: s.ID, Title: v.text(s.Title), MaxPeople: s.MaxPeople, Current: v.Stage != nil && s.ID == v.Stage.ID, Roles: v.refs(s.Roles)}
		for _, c := range s.Covers {
			if a, b := v.roles[c.Absent], v.roles[c.By]; a != nil && b != nil {
				sv.Covers = append(sv.Covers, CoverView{Absent: a, By: b, Lead: v.people[c.Lead]})
			}
		}
		m := v.MatrixOf(s.ID)
		if sv.Current {
			m = v.Matrix
		}
		sv.MatrixURL = v.url("matrix/" + s.ID)
		if sv.Current {
			sv.MatrixURL = v.url("matrix")
		}
		for _, d := range v.hb.Duties {
			sd := StageDuty{Duty: v.duties[d.ID]}
			if l := m.Line(d.ID); l != nil && l.Owner != nil {
				sd.Owner, sd.Covered = v.roles[l.Owner.ID], l.Covering
			}
			sv.Duties = append(sv.Duties, sd)
		}
		sl := loads[s.ID]
		for _, l := range sl.Loads {
			lv := LoadView{Person: v.people[l.Person], Hours: report.Round(l.Hours), Capacity: report.Round(l.Capacity), Over: l.Over}
			if l.Capacity > 0 {
				lv.Percent = int(100*l.Hours/l.Capacity + 0.5)
			}
			sv.Load = append(sv.Load, lv)
		}
		if sl.Hire != nil {
			sv.Hire, sv.Relief = v.roles[sl.Hire.Role], report.Round(sl.Hire.Relief)
		}
		out = append(out, sv)
	}
	return out
}

// growth returns the roles a person can grow into.
func (v *Views) growth(id string) []GrowthView {
	if v.hb == nil {
		return nil
	}
	priv := v.opts.Privacy
	var out []GrowthView
	for _, s := range v.team.Growth(id) {
		g := GrowthView{Role: v.roles[s.Role], From: v.refs(s.From)}
		if g.Role == nil {
			continue
		}
		g.Needs = v.skills(g.Role.Role.Skills)
		if priv.Readiness {
			g.Readiness = report.Round(s.Readiness)
		}
		if priv.SkillGaps {
			for _, k := range s.Grow {
				g.Grow = append(g.Grow, GrowView{GapView: GapView{Name: v.skillName(k.Skill), Have: k.Have, Need: k.Need, Required: k.Required}, Levels: k.Levels, Interest: k.Interest && priv.Interests})
			}
		}
		if priv.Interests {
			for _, k := range s.Interests {
				g.Interests = append(g.Interests, v.skillName(k))
			}
		}
		out = append(out, g)
	}
	return out
}
