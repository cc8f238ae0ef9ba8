package render

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/rolebook/rolebook/generator/fit"
	"github.com/rolebook/rolebook/generator/handbook"
	"github.com/rolebook/rolebook/generator/report"
	"github.com/rolebook/rolebook/generator/site"
)

// The kinds of the team pages: the assignment guide, the skills heat map, the team
// stages and the org chart.
const (
	KindAssignments site.Kind = "assignments"
	KindSkills      site.Kind = "skills"
	KindStages      site.Kind = "stages"
	KindOrg         site.Kind = "org"
)

// topCandidates is how many candidates a role lists besides its holders, so that the
// guide stays readable with a hundred people.
const topCandidates = 5

// addTeamPages adds the team pages of one language to the set.
func addTeamPages(hb *handbook.Handbook, add func(kind site.Kind, key, title string, data any), t func(string, ...any) string) {
	if len(hb.Roles) > 0 && len(hb.People) > 0 {
		add(KindAssignments, "assignments", t("assignments"), string(KindAssignments))
	}
	if len(hb.Skills) > 0 {
		add(KindSkills, "skills", t("skills"), string(KindSkills))
	}
	if len(hb.Stages) > 0 {
		add(KindStages, "stages", t("stages"), string(KindStages))
	}
	if len(hb.Roles) > 0 {
		add(KindOrg, "org", t("org"), string(KindOrg))
	}
}

// lazyTeam builds a language's TeamView once, when the first page needs it.
type lazyTeam struct {
	once, fitOnce sync.Once
	view          *TeamView
	fit           *report.Team
}

// TeamView is what the team pages show: the assignment guide, the skills matrix, the
// stages and the org chart of one language.
type TeamView struct {
	// Stage is the current stage (nil when the handbook has no stages).
	Stage *StageView
	// ShowLevels is [privacy] skill_levels: people's levels may be shown.
	ShowLevels bool
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

// GapView is a skill below the level a role needs.
type GapView struct {
	Name       string
	Have, Need int
	Required   bool
}

// SlotView is a person in a role slot, with their score.
type SlotView struct {
	Person *PersonRef
	Score  float64
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
	Roles     []*RoleRef
	Covers    []CoverView
	// Duties are every duty with its owner at this stage.
	Duties []StageDuty
	Load   []LoadView
	// Hire is the next-hire hint; nil when no hire relieves any overload.
	Hire   *RoleRef
	Relief float64
}

// CoverView is an absent role and the role that takes its duties.
type CoverView struct {
	Absent, By *RoleRef
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

// GrowthView is a role a person can grow into.
type GrowthView struct {
	Role      *RoleRef
	From      []*RoleRef
	Readiness float64
	Grow      []GrowView
	// Interests names the person's interests the role needs.
	Interests []string
}

// GrowView is a skill to grow for a next role.
type GrowView struct {
	GapView
	Levels   int
	Interest bool
}

// team returns the TeamView of the language, building it on first use.
func (v *Views) team(r *renderer) *TeamView {
	v.lazy.once.Do(func() { v.lazy.view = v.buildTeam(r) })
	return v.lazy.view
}

// reportTeam returns the team as package report sees it, built once per language.
func (v *Views) reportTeam(r *renderer) *report.Team {
	v.lazy.fitOnce.Do(func() {
		v.lazy.fit = report.NewTeam(v.hb, report.Options{Stage: v.stage, MaxAccountable: r.in.Config.Rules.MaxAccountable})
	})
	return v.lazy.fit
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

func (v *Views) buildTeam(r *renderer) *TeamView {
	tv := &TeamView{ShowLevels: r.in.Config.Privacy.SkillLevels}
	if v.hb == nil {
		return tv
	}
	t := v.reportTeam(r)
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
	tv.Skills = v.skillMatrix()
	tv.Stages = v.stageViews(t)
	for _, s := range tv.Stages {
		if s.Current {
			tv.Stage = s
		}
	}
	tv.Org = v.org()
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
	for _, l := range t.Loads() {
		loads[l.Stage] = l
	}
	var out []*StageView
	for _, s := range v.hb.Stages {
		sv := &StageView{ID: s.ID, Title: v.text(s.Title), MaxPeople: s.MaxPeople, Current: s.ID == v.stage, Roles: v.refs(s.Roles)}
		for _, c := range s.Covers {
			if a, b := v.roles[c.Absent], v.roles[c.By]; a != nil && b != nil {
				sv.Covers = append(sv.Covers, CoverView{a, b})
			}
		}
		for _, d := range v.hb.Duties {
			sd := StageDuty{Duty: v.duties[d.ID]}
			if o := v.hb.OwnerAt(d.ID, s.ID); o != nil {
				sd.Owner = v.roles[o.ID]
				sd.Covered = len(d.Accountable) == 1 && o.ID != d.Accountable[0]
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
func (v *Views) growth(id string, r *renderer) []GrowthView {
	if v.hb == nil {
		return nil
	}
	var out []GrowthView
	for _, s := range v.reportTeam(r).Growth(id) {
		g := GrowthView{Role: v.roles[s.Role], From: v.refs(s.From), Readiness: report.Round(s.Readiness)}
		for _, k := range s.Grow {
			g.Grow = append(g.Grow, GrowView{GapView: GapView{Name: v.skillName(k.Skill), Have: k.Have, Need: k.Need, Required: k.Required}, Levels: k.Levels, Interest: k.Interest})
		}
		for _, k := range s.Interests {
			g.Interests = append(g.Interests, v.skillName(k))
		}
		out = append(out, g)
	}
	return out
}

// OrgView is the org chart: an indented tree drawn as SVG, and the same tree as a
// nested list for readers without images.
type OrgView struct {
	Width, Height int
	Nodes         []OrgNode
	// Edges are SVG path data, one elbow per reporting line.
	Edges []string
	Tree  []*OrgItem
}

// OrgNode is one role's box in the chart.
type OrgNode struct {
	Role       *RoleRef
	X, Y, W, H int
	// Line is the second line of the box: holders' names, or why there are none.
	Line    string
	Vacant  bool
	Planned bool
}

// OrgItem is one role in the nested list, with its direct reports.
type OrgItem struct {
	Node     *OrgNode
	Children []*OrgItem
}

// The chart's geometry, in pixels: an indented tree keeps every box on its own row,
// so a hundred roles stay readable at any depth; only the height grows.
const (
	orgPad    = 8
	orgIndent = 28
	orgBoxH   = 46
	orgGap    = 10
	orgMinW   = 160
	orgFont   = 14
)

func (v *Views) org() *OrgView {
	o := &OrgView{}
	children := map[string][]*RoleRef{}
	var roots []*RoleRef
	for _, r := range v.Roles {
		if p := v.roles[r.Role.ReportsTo]; p != nil && p != r {
			children[p.ID] = append(children[p.ID], r)
		} else {
			roots = append(roots, r)
		}
	}
	slices.SortFunc(roots, func(a, b *RoleRef) int { return cmp.Compare(a.ID, b.ID) })
	seen := map[string]bool{}
	var walk func(r *RoleRef, depth int, parent *OrgNode) *OrgItem
	walk = func(r *RoleRef, depth int, parent *OrgNode) *OrgItem {
		seen[r.ID] = true
		n := v.orgNode(r, depth, len(o.Nodes))
		o.Nodes = append(o.Nodes, n)
		item := &OrgItem{Node: &o.Nodes[len(o.Nodes)-1]}
		if parent != nil {
			x := parent.X + orgIndent/2
			o.Edges = append(o.Edges, pathElbow(x, parent.Y+parent.H, n.Y+n.H/2, n.X))
		}
		for _, c := range children[r.ID] {
			if !seen[c.ID] {
				item.Children = append(item.Children, walk(c, depth+1, &n))
			}
		}
		return item
	}
	for _, r := range roots {
		o.Tree = append(o.Tree, walk(r, 0, nil))
	}
	// Roles in a reporting cycle (an error check reports) hang from no root: draw them
	// as roots so that none is lost.
	for _, r := range v.Roles {
		if !seen[r.ID] {
			o.Tree = append(o.Tree, walk(r, 0, nil))
		}
	}
	// Items point into o.Nodes, which appends may have moved: point them again.
	var fix func(items []*OrgItem)
	i := 0
	fix = func(items []*OrgItem) {
		for _, it := range items {
			it.Node = &o.Nodes[i]
			i++
			fix(it.Children)
		}
	}
	fix(o.Tree)
	for _, n := range o.Nodes {
		o.Width = max(o.Width, n.X+n.W+orgPad)
	}
	o.Height = orgPad*2 + len(o.Nodes)*(orgBoxH+orgGap) - orgGap
	return o
}

func (v *Views) orgNode(r *RoleRef, depth, row int) OrgNode {
	n := OrgNode{Role: r, X: orgPad + depth*orgIndent, Y: orgPad + row*(orgBoxH+orgGap), H: orgBoxH, Vacant: r.Vacant(), Planned: !r.Present}
	var names []string
	for _, p := range r.Holders {
		names = append(names, p.Name)
	}
	switch {
	case len(names) > 0:
		n.Line = strings.Join(names, v.t("list_sep"))
	case n.Planned && r.CoveredBy != nil:
		n.Line = v.t("org_covered_by", r.CoveredBy.Title)
	case n.Planned:
		n.Line = v.t("org_planned")
	default:
		n.Line = v.t("vacant")
	}
	n.W = max(orgMinW, textWidth(r.Title)+24, textWidth(n.Line)+24)
	return n
}

// textWidth estimates the width of s in pixels at the chart's font size: wide (CJK)
// characters take a full em, others a little over half.
func textWidth(s string) int {
	w := 0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hangul, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || (r >= 0xFF00 && r <= 0xFFEF) || (r >= 0x3000 && r <= 0x303F) {
			w += orgFont
		} else {
			w += orgFont * 62 / 100
		}
	}
	return w
}

// pathElbow draws a reporting line down from (x, top) and across to (toX, y).
func pathElbow(x, top, y, toX int) string {
	return "M" + strconv.Itoa(x) + " " + strconv.Itoa(top) + "V" + strconv.Itoa(y) + "H" + strconv.Itoa(toX)
}
