package views

import (
	"github.com/rolebook/rolebook/generator/report"
	"github.com/rolebook/rolebook/generator/site"
	"github.com/rolebook/rolebook/generator/theme"
)

// The kinds of the owner's pages: the owner's site that `rolebook report --format html`
// writes outside the staff site. KindAssignments is among them.
const (
	// KindOwner is the owner site's home: the stage, the counts and what to act on.
	KindOwner site.Kind = "owner"
	// KindOwnerLoad is the load per person and per stage, with the next hire.
	KindOwnerLoad site.Kind = "owner-load"
	// KindOwnerRisks is the retention risks.
	KindOwnerRisks site.Kind = "owner-risks"
	// KindOwnerWhatIf is what happens when someone leaves (with --what-if).
	KindOwnerWhatIf site.Kind = "owner-whatif"
)

// OwnerNavKeys are the keys of the owner's pages that its navigation lists, in order.
func OwnerNavKeys() []string { return []string{"assignments", "load", "risks", "what-if"} }

// OwnerOptions returns opts for the owner's views: every judgement shown, links to the
// staff site absolute.
func OwnerOptions(opts Options) Options {
	opts.External = true
	opts.Privacy.SkillLevels, opts.Privacy.Interests, opts.Privacy.Readiness = true, true, true
	opts.Privacy.SkillGaps, opts.Privacy.FitScores, opts.Privacy.Load = true, true, true
	opts.Privacy.NoIndex = true
	return opts
}

// AddOwnerPages makes set, a site without content pages, the owner's site: its home
// becomes the owner's summary, and the assignment guide, the load and the risks pages
// (and, when whatIf is not nil, what happens when that person leaves) are added in
// every language. Call it before set.Finish.
func AddOwnerPages(set *site.Set, words map[string]theme.Words, whatIf *report.WhatIf) {
	for _, s := range set.Sites {
		t := words[s.Lang].T
		if s.Home != nil {
			s.Home.Kind, s.Home.Title, s.Home.Data = KindOwner, t("owner_title"), string(KindOwner)
		}
		add := func(kind site.Kind, key, title string) {
			set.Add(&site.Page{Kind: kind, Lang: s.Lang, Key: key, Title: title, Data: string(kind)})
		}
		add(KindAssignments, "assignments", t("assignments"))
		add(KindOwnerLoad, "load", t("owner_load"))
		add(KindOwnerRisks, "risks", t("owner_risks"))
		if whatIf != nil {
			add(KindOwnerWhatIf, "what-if", t("owner_whatif"))
		}
	}
}

// OwnerView is what the owner's pages show besides the TeamView: the owner's report
// (package report) with its ids turned into references.
type OwnerView struct {
	// Stage is the current stage (nil without stages).
	Stage *StageRef
	// Risks are the retention risks, ranked; People each person's risks as a card,
	// the highest score first.
	Risks  []RiskView
	People []CardView
	// Load is each person's load at the current stage; Plans the staffing plan of
	// every stage; Training the cross-training plan.
	Load     []LoadRow
	Plans    []PlanView
	Training []TrainingView
	// Optimal is false when the recommended assignment was cut short (a large team):
	// it keeps every rule but may not be the best.
	Optimal bool
	// Warnings are what the report found wrong in the data (stale skill assessments).
	Warnings []string
	// Hire is the next hire at the current stage; nil when none is needed.
	Hire *HireView
	// Roles, Staff and Duties count the handbook.
	Roles, Staff, Duties int
	// Shared are the duties whose owner has several holders and no lead; Unowned those
	// whose owner has no holder.
	Shared, Unowned []*DutyRef
	// WhatIf is what happens when a person leaves; nil unless asked.
	WhatIf *WhatIfView
}

// RiskView is one retention risk.
type RiskView struct {
	Kind   string
	Person *PersonRef
	Role   *RoleRef
	Duty   *DutyRef
	Detail string
	Points int
}

// CardView is one person's retention risk: the score and the risks behind it.
type CardView struct {
	Person *PersonRef
	Score  int
	Risks  []RiskView
}

// LoadRow is a person's weekly hours at the current stage, on average and in the
// busiest week, against their capacity, with the duties that give the most hours.
type LoadRow struct {
	Person                     *PersonRef
	Hours, Capacity, PeakHours float64
	Percent, PeakPercent       int
	PeakWeek                   int
	High, Over, PeakOver       bool
	Top                        []DutyHours
}

// DutyHours is the hours a week a duty gives a person.
type DutyHours struct {
	Duty  *DutyRef
	Hours float64
}

// PlanView is the staffing plan of one stage.
type PlanView struct {
	Stage                        *StageRef
	Current                      bool
	MaxPeople, Headcount, People int
	Hours, PeakHours             float64
	PeakWeek                     int
	FullTime, PeakFullTime       float64
	Vacant                       int
	UnstaffedHours               float64
	Roles                        []RolePlanView
	Hire                         *HireView
}

// RolePlanView is one role of a stage's plan.
type RolePlanView struct {
	Role                      *RoleRef
	Hours, PeakHours, PerSlot float64
	Headcount, Vacant         int
	Holders                   []*PersonRef
}

// TrainingView is one pair of the cross-training plan: the only person who can do
// some duties, and the colleague to train for them.
type TrainingView struct {
	Role      *RoleRef
	Duties    []*DutyRef
	Only      *PersonRef
	Learner   *PersonRef
	Gaps      []GapView
	Interest  bool
	FreeHours float64
}

// HireView is the next-hire hint.
type HireView struct {
	Role   *RoleRef
	Relief float64
}

// WhatIfView is what happens when a person leaves.
type WhatIfView struct {
	Person       *PersonRef
	Roles        []*RoleRef
	Orphaned     []*DutyRef
	Reassignment []SlotView
	Unfilled     []*RoleRef
	Risks        []RiskView
}

// Owner returns the owner's view, from the owner's report r on the team (and, when not
// nil, a what-if).
func (v *Views) Owner(r *report.Report, whatIf *report.WhatIf) *OwnerView {
	o := &OwnerView{Stage: v.Stage, Risks: v.risks(r.Risks), Optimal: r.Optimal}
	if v.hb == nil {
		return o
	}
	for _, w := range r.Warnings {
		o.Warnings = append(o.Warnings, w.String())
	}
	for _, c := range r.People {
		o.People = append(o.People, CardView{Person: v.people[c.Person], Score: c.Score, Risks: v.risks(c.Risks)})
	}
	for _, l := range r.Load {
		row := LoadRow{Person: v.people[l.Person], Hours: l.Hours, Capacity: l.Capacity, PeakHours: l.PeakHours,
			Percent: l.Percent, PeakPercent: l.PeakPercent, PeakWeek: l.PeakWeek, High: l.High, Over: l.Over, PeakOver: l.PeakOver}
		for _, d := range l.Top {
			if ref := v.duties[d.Duty]; ref != nil {
				row.Top = append(row.Top, DutyHours{Duty: ref, Hours: d.Hours})
			}
		}
		o.Load = append(o.Load, row)
	}
	for _, pl := range r.Plans {
		pv := PlanView{Stage: v.StageRef(pl.Stage), Current: pl.Current, MaxPeople: pl.MaxPeople, Headcount: pl.Headcount,
			People: pl.People, Hours: pl.Hours, PeakHours: pl.PeakHours, PeakWeek: pl.PeakWeek, FullTime: pl.FullTime,
			PeakFullTime: pl.PeakFullTime, Vacant: pl.Vacant, UnstaffedHours: pl.UnstaffedHours}
		for _, rp := range pl.Roles {
			pv.Roles = append(pv.Roles, RolePlanView{Role: v.roles[rp.Role], Hours: rp.Hours, PeakHours: rp.PeakHours,
				PerSlot: rp.PerSlot, Headcount: rp.Headcount, Vacant: rp.Vacant, Holders: v.refsOfPeople(rp.Holders)})
		}
		if pl.NextHire != nil {
			pv.Hire = &HireView{Role: v.roles[pl.NextHire.Role], Relief: pl.NextHire.Relief}
		}
		o.Plans = append(o.Plans, pv)
	}
	for _, tr := range r.Training {
		tv := TrainingView{Role: v.roles[tr.Role], Only: v.people[tr.Only], Learner: v.people[tr.Learner],
			Interest: tr.Interest, FreeHours: tr.FreeHours}
		for _, d := range tr.Duties {
			if ref := v.duties[d]; ref != nil {
				tv.Duties = append(tv.Duties, ref)
			}
		}
		for _, g := range tr.Gaps {
			tv.Gaps = append(tv.Gaps, GapView{Name: v.skillName(g.Skill), Have: g.Have, Need: g.Need, Required: true})
		}
		o.Training = append(o.Training, tv)
	}
	o.Roles, o.Staff, o.Duties = len(v.hb.Roles), len(v.hb.People), len(v.hb.Duties)
	if r.NextHire != nil {
		o.Hire = &HireView{Role: v.roles[r.NextHire.Role], Relief: r.NextHire.Relief}
	}
	for _, a := range v.Areas {
		for _, d := range a.Duties {
			switch {
			case d.Shared():
				o.Shared = append(o.Shared, d)
			case d.Owner != nil && len(d.Holders) == 0:
				o.Unowned = append(o.Unowned, d)
			}
		}
	}
	if whatIf != nil {
		w := &WhatIfView{Person: v.people[whatIf.Leave], Roles: v.refs(whatIf.Roles)}
		for _, d := range whatIf.Orphaned {
			if ref := v.duties[d.Duty]; ref != nil {
				w.Orphaned = append(w.Orphaned, ref)
			}
		}
		for _, s := range whatIf.Reassignment {
			w.Reassignment = append(w.Reassignment, SlotView{Person: v.people[s.Person], Score: s.Score, Role: v.roles[s.Role]})
		}
		w.Unfilled = v.refs(whatIf.Unfilled)
		if whatIf.Report != nil {
			w.Risks = v.risks(whatIf.Report.Risks)
		}
		o.WhatIf = w
	}
	return o
}

func (v *Views) risks(rs []report.Risk) []RiskView {
	out := make([]RiskView, 0, len(rs))
	for _, r := range rs {
		out = append(out, RiskView{Kind: r.Kind, Person: v.people[r.Person], Role: v.roles[r.Role], Duty: v.duties[r.Duty], Detail: r.Detail, Points: r.Points})
	}
	return out
}

// refsOfPeople returns the references of the people with the ids, skipping unknown ids.
func (v *Views) refsOfPeople(ids []string) []*PersonRef {
	out := make([]*PersonRef, 0, len(ids))
	for _, id := range ids {
		if p := v.people[id]; p != nil {
			out = append(out, p)
		}
	}
	return out
}
