package views

import (
	"html/template"

	"github.com/rolebook/rolebook/generator/handbook"
)

// RoleView is what a role page shows.
type RoleView struct {
	*RoleRef
	Summary string
	// Body is the role's description as HTML; the renderer fills it in (Views leave it
	// empty: rendering Markdown is not theirs).
	Body       template.HTML
	ReportsTo  *RoleRef
	Reports    []*RoleRef
	Next       []*RoleRef
	Onboarding []string
	Skills     []SkillView
	Preferred  []SkillView
	// Stage is the title of the first stage the role exists at.
	Stage string
	// Duties by letter at the current stage (after covers): the duties of the role
	// itself and of the absent roles it covers. For a role the current stage does not
	// have, the duties as written, with AsWritten set: what it will do when it exists.
	A, R, C, I []*DutyRef
	AsWritten  bool
}

// SkillView is a skill with a level.
type SkillView struct {
	ID, Name, Description string
	Level                 int
	// LevelText says what the level means for this skill, when the skill defines it.
	LevelText string
}

// PersonView is a person's "my responsibilities" page.
type PersonView struct {
	*PersonRef
	Roles []*RoleRef
	// Groups are the duties the person touches at the current stage, by their
	// strongest letter (A, R, C, I).
	Groups []TouchGroup
	// Skills are the person's levels ([privacy] skill_levels); Interests what they
	// want to grow in ([privacy] interests). Both empty unless published.
	Skills    []SkillView
	Interests []SkillView
	// Bio is the person's text as HTML; the renderer fills it in.
	Bio template.HTML
	// Growth are the roles the person's held roles lead to.
	Growth []GrowthView
	// ShowReadiness and ShowGaps say whether Growth carries the person's readiness and
	// skill gaps ([privacy] readiness, skill_gaps).
	ShowReadiness, ShowGaps bool
}

// TouchGroup is the duties a person touches with one letter.
type TouchGroup struct {
	Letter string
	Title  string
	Items  []TouchItem
}

// TouchItem is one duty a person touches, with the one person to go to.
type TouchItem struct {
	Duty *DutyRef
	// Letters are the person's letters on the duty ("AR").
	Letters string
	// Via are the person's roles the duty names.
	Via []*RoleRef
}

// DutyView is a duty's page.
type DutyView struct {
	*DutyRef
	Notes  string
	Effort float64
	// A, R, C and I are the roles at the current stage (after covers); A holds the
	// owner alone.
	A, R, C, I []*RoleRef
	// Written are the roles as the duty's file names them, set when covers change
	// them at the current stage.
	Written *WrittenRoles
	// Stages are the duty's owner at every stage, in order (none without stages).
	Stages []StageOwner
}

// WrittenRoles are a duty's roles as written.
type WrittenRoles struct {
	A, R, C, I []*RoleRef
}

// StageOwner is a duty's owner at one stage.
type StageOwner struct {
	Stage *StageRef
	Owner *RoleRef
	// Covering says Owner covers for the absent accountable role.
	Covering bool
}

// GrowthView is a role a person can grow into: what it needs, and, when published,
// how ready the person is and what they would learn.
type GrowthView struct {
	Role *RoleRef
	From []*RoleRef
	// Needs are the role's required skills and levels: a fact about the role.
	Needs []SkillView
	// Readiness is the person's fit for the role, 0-100 ([privacy] readiness).
	Readiness float64
	// Grow are the skills the person would learn ([privacy] skill_gaps).
	Grow []GrowView
	// Interests names the person's interests the role needs ([privacy] interests).
	Interests []string
}

// GrowView is a skill to grow for a next role.
type GrowView struct {
	GapView
	Levels   int
	Interest bool
}

// GapView is a skill below the level a role needs.
type GapView struct {
	Name       string
	Have, Need int
	Required   bool
}

func (v *Views) skills(levels []handbook.SkillLevel) []SkillView {
	out := make([]SkillView, 0, len(levels))
	for _, l := range levels {
		sv := SkillView{ID: l.Skill, Name: l.Skill, Level: l.Level}
		if s := v.hb.Skill(l.Skill); s != nil {
			sv.Name, sv.Description = v.text(s.Name), v.text(s.Description)
			if l.Level >= 0 && l.Level < len(s.Levels) {
				sv.LevelText = v.text(s.Levels[l.Level])
			}
		}
		out = append(out, sv)
	}
	return out
}

// RoleView returns what the role's page shows, or nil for an unknown role.
func (v *Views) RoleView(id string) *RoleView {
	ref := v.roles[id]
	if ref == nil {
		return nil
	}
	role := ref.Role
	rv := &RoleView{RoleRef: ref, Summary: v.text(role.Summary), ReportsTo: v.roles[role.ReportsTo],
		Next: v.refs(role.Next), Skills: v.skills(role.Skills), Preferred: v.skills(role.Preferred)}
	for _, rep := range v.hb.DirectReports(id) {
		rv.Reports = append(rv.Reports, v.roles[rep.ID])
	}
	for _, o := range role.Onboarding {
		rv.Onboarding = append(rv.Onboarding, v.text(o))
	}
	if st := v.hb.Stage(role.Stage); st != nil {
		rv.Stage = v.text(st.Title)
	}
	if ref.Present {
		fd := v.fold.DutiesOf(id)
		rv.A, rv.R, rv.C, rv.I = v.dutyRefs(fd.Accountable), v.dutyRefs(fd.Responsible), v.dutyRefs(fd.Consulted), v.dutyRefs(fd.Informed)
		return rv
	}
	rv.AsWritten = true
	conv := func(ds []*handbook.Duty) []*DutyRef {
		out := make([]*DutyRef, 0, len(ds))
		for _, d := range ds {
			out = append(out, v.duties[d.ID])
		}
		return out
	}
	rd := v.hb.DutiesOf(id)
	rv.A, rv.R, rv.C, rv.I = conv(rd.Accountable), conv(rd.Responsible), conv(rd.Consulted), conv(rd.Informed)
	return rv
}

// Touches returns every duty the person touches at the current stage, with their
// letters, in duty order (handbook.Folding.PersonDuties).
func (v *Views) Touches(id string) []TouchItem {
	if v.fold == nil {
		return nil
	}
	pls := v.fold.PersonDuties(id)
	out := make([]TouchItem, 0, len(pls))
	for _, pl := range pls {
		out = append(out, TouchItem{Duty: v.duties[pl.Duty.ID], Letters: pl.Letters, Via: v.roleRefs(pl.Via)})
	}
	return out
}

// PersonView returns what the person's page shows, or nil for an unknown person.
func (v *Views) PersonView(id string) *PersonView {
	ref := v.people[id]
	if ref == nil {
		return nil
	}
	p := ref.Person
	priv := v.opts.Privacy
	pv := &PersonView{PersonRef: ref, Roles: v.refs(p.Roles), Growth: v.growth(id),
		ShowReadiness: priv.Readiness, ShowGaps: priv.SkillGaps}
	if priv.SkillLevels {
		pv.Skills = v.skills(p.Skills)
	}
	if priv.Interests {
		pv.Interests = v.skills(interests(p.Interests))
	}
	groups := map[byte]*TouchGroup{}
	order := []byte("ARCI")
	titles := map[byte]string{'A': v.t("accountable"), 'R': v.t("responsible"), 'C': v.t("consulted"), 'I': v.t("informed")}
	for _, l := range order {
		groups[l] = &TouchGroup{Letter: string(l), Title: titles[l]}
	}
	for _, t := range v.Touches(id) {
		// A duty is listed once, under the strongest letter the person has on it.
		g := groups[t.Letters[0]]
		g.Items = append(g.Items, t)
	}
	for _, l := range order {
		if len(groups[l].Items) > 0 {
			pv.Groups = append(pv.Groups, *groups[l])
		}
	}
	return pv
}

func interests(ids []string) []handbook.SkillLevel {
	out := make([]handbook.SkillLevel, len(ids))
	for i, id := range ids {
		out[i] = handbook.SkillLevel{Skill: id, Level: -1}
	}
	return out
}

// DutyView returns what the duty's page shows, or nil for an unknown duty.
func (v *Views) DutyView(id string) *DutyView {
	ref := v.duties[id]
	if ref == nil {
		return nil
	}
	d, l := ref.Duty, ref.Line
	dv := &DutyView{DutyRef: ref, Notes: v.text(d.Notes), Effort: d.Effort,
		R: v.roleRefs(l.Responsible), C: v.roleRefs(l.Consulted), I: v.roleRefs(l.Informed)}
	if ref.Owner != nil {
		dv.A = []*RoleRef{ref.Owner}
	}
	w := &WrittenRoles{A: v.refs(d.Accountable), R: v.refs(d.Responsible), C: v.refs(d.Consulted), I: v.refs(d.Informed)}
	if !sameRefs(w.A, dv.A) || !sameRefs(w.R, dv.R) || !sameRefs(w.C, dv.C) || !sameRefs(w.I, dv.I) {
		dv.Written = w
	}
	if len(v.Stages) > 1 {
		for _, m := range v.Matrices {
			so := StageOwner{Stage: m.Stage}
			if l := m.Line(id); l != nil && l.Owner != nil {
				so.Owner, so.Covering = v.roles[l.Owner.ID], l.Covering
			}
			dv.Stages = append(dv.Stages, so)
		}
	}
	return dv
}

func sameRefs(a, b []*RoleRef) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
