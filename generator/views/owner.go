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

// OwnerView is what the owner's pages show besides the TeamView.
type OwnerView struct {
	// Stage is the current stage (nil without stages).
	Stage *StageRef
	// Risks are the retention risks, ranked.
	Risks []RiskView
	// Hire is the next hire at the current stage; nil when none is needed.
	Hire *HireView
	// Roles, People and Duties count the handbook.
	Roles, People, Duties int
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
	o := &OwnerView{Stage: v.Stage, Risks: v.risks(r.Risks)}
	if v.hb == nil {
		return o
	}
	o.Roles, o.People, o.Duties = len(v.hb.Roles), len(v.hb.People), len(v.hb.Duties)
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
		out = append(out, RiskView{Kind: r.Kind, Person: v.people[r.Person], Role: v.roles[r.Role], Duty: v.duties[r.Duty], Detail: r.Detail})
	}
	return out
}
