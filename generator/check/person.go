package check

import (
	"fmt"

	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/handbook"
)

// The rules of this file look at people: at the current stage every duty resolves to
// exactly one person to ask (handbook.Folding), and the leads that make it so hold the
// roles they lead.

// leads: a role's lead, and a cover's lead, hold the role they lead. Unknown person ids
// are the reference rule's.
func leads(h *handbook.Handbook) []diag.Diagnostic {
	var out []diag.Diagnostic
	holds := func(person, role string) bool {
		p := h.Person(person)
		return p == nil || contains(p.Roles, role)
	}
	for _, r := range h.Roles {
		if r.Lead != "" && !holds(r.Lead, r.ID) {
			out = append(out, diag.Errorf(r.Src.Pos("lead"), diag.RuleLead,
				leadHint(h, r.ID, r.Lead),
				"lead %q of role %q does not hold the role", r.Lead, r.ID))
		}
	}
	for _, s := range h.Stages {
		for _, c := range s.Covers {
			if c.Lead != "" && h.Role(c.By) != nil && !holds(c.Lead, c.By) {
				out = append(out, diag.Errorf(c.LeadPos, diag.RuleLead,
					leadHint(h, c.By, c.Lead),
					"at stage %q, lead %q of the cover of %q does not hold the covering role %q", s.ID, c.Lead, c.Absent, c.By))
			}
		}
	}
	return out
}

func leadHint(h *handbook.Handbook, role, lead string) string {
	holders := personIDs(h.HoldersOf(role))
	if len(holders) == 0 {
		return fmt.Sprintf("add %q to the roles of content/people/%s.md, or remove the lead", role, lead)
	}
	return fmt.Sprintf("name one of the holders (%s), or add %q to the roles of content/people/%s.md", quoteList(holders), role, lead)
}

// onePerson warns when, at the current stage, the owner of duties resolves to several
// people: their accountable role (after covers) has more than one holder and no lead.
// One diagnostic per role, at its lead key (or the start of its front matter), naming
// the duties.
func onePerson(h *handbook.Handbook, f *handbook.Folding) []diag.Diagnostic {
	type group struct {
		role   *handbook.Role
		duties []*handbook.Duty
		covers []diag.Pos
	}
	var order []*group
	groups := map[*handbook.Role]*group{}
	for i := range f.Lines() {
		l := &f.Lines()[i]
		if l.Owner == nil || l.Person != nil || len(l.Holders) < 2 {
			continue
		}
		g := groups[l.Owner]
		if g == nil {
			g = &group{role: l.Owner}
			groups[l.Owner] = g
			order = append(order, g)
		}
		g.duties = append(g.duties, l.Duty)
		if l.Covering && f.Stage != nil {
			for _, c := range f.Stage.Covers {
				if c.Absent == l.Duty.Accountable[0] && !containsPos(g.covers, c.Pos) {
					g.covers = append(g.covers, c.Pos)
				}
			}
		}
	}
	var out []diag.Diagnostic
	for _, g := range order {
		holders := personIDs(h.HoldersOf(g.role.ID))
		at := ""
		if f.Stage != nil {
			at = fmt.Sprintf("at stage %q, ", f.Stage.ID)
		}
		hint := fmt.Sprintf("add lead = %q (or another holder) to the front matter of %s", holders[0], g.role.Src.File())
		if len(g.covers) > 0 {
			hint += fmt.Sprintf(`; a cover can name its own lead: absent = { role = %q, lead = "person-id" }`, g.role.ID)
		}
		d := diag.Warnf(g.role.Src.Pos("lead"), diag.RuleOnePerson, hint,
			"%s%s %d people: role %q has holders %s and no lead", at, dutyVerb(g.duties, "resolves", "resolve"), len(holders), g.role.ID, quoteList(holders))
		d.Related = g.covers
		out = append(out, d)
	}
	return out
}

// dutyVerb names up to three duties with a verb: `duty "a" resolves to`, `duties "a",
// "b" and 3 more resolve to`.
func dutyVerb(ds []*handbook.Duty, one, many string) string {
	if len(ds) == 1 {
		return fmt.Sprintf("duty %q %s to", ds[0].ID, one)
	}
	ids := make([]string, 0, 3)
	for _, d := range ds[:min(3, len(ds))] {
		ids = append(ids, d.ID)
	}
	s := "duties " + quoteList(ids)
	if len(ds) > 3 {
		s += fmt.Sprintf(" and %d more", len(ds)-3)
	}
	return s + " " + many + " to"
}

// unownedDuties warns about duties whose owner at the current stage has no holder:
// nobody to ask.
func unownedDuties(f *handbook.Folding) []diag.Diagnostic {
	var out []diag.Diagnostic
	for i := range f.Lines() {
		l := &f.Lines()[i]
		if l.Owner == nil || len(l.Holders) > 0 {
			continue
		}
		o := l.Owner.ID
		out = append(out, diag.Warnf(l.Duty.Src.Pos("accountable"), diag.RuleUnownedDuty,
			fmt.Sprintf("give role %q a holder, or make a held role accountable", o),
			"duty %q has no one to do it: its owner, role %q, has no holder", l.Duty.ID, o))
	}
	return out
}

// overHeadcount warns about roles of the current stage with more holders than their
// headcount.
func overHeadcount(h *handbook.Handbook, f *handbook.Folding) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, r := range h.Roles {
		if !f.Present(r.ID) {
			continue
		}
		// The role's headcount at the stage: the stage's own when it gives one.
		want, pos := r.Headcount, r.Src.Pos("headcount")
		if f.Stage != nil {
			want, pos, _ = h.HeadcountSource(r.ID, f.Stage.ID)
		}
		if n := len(h.HoldersOf(r.ID)); n > want {
			out = append(out, diag.Warnf(pos, diag.RuleOverHeadcount,
				fmt.Sprintf("raise headcount to %d, or take %q from the roles of one of %s", n, r.ID, quoteList(personIDs(h.HoldersOf(r.ID)))),
				"role %q has %d holders, more than its headcount of %d", r.ID, n, want))
		}
	}
	return out
}

// maxAccountable warns about people who answer for more duties than the limit at the
// current stage: the duties whose one person to ask they are.
func maxAccountable(h *handbook.Handbook, f *handbook.Folding, limit int) []diag.Diagnostic {
	if limit <= 0 {
		return nil
	}
	owned := map[*handbook.Person]int{}
	for i := range f.Lines() {
		if p := f.Lines()[i].Person; p != nil {
			owned[p]++
		}
	}
	var out []diag.Diagnostic
	for _, p := range h.People {
		if n := owned[p]; n > limit {
			out = append(out, diag.Warnf(p.Src.Pos("roles"), diag.RuleMaxAccountable,
				"share the duties with another role or person, or raise [rules] max_accountable",
				"person %q is accountable for %d duties, more than max_accountable = %d", p.ID, n, limit))
		}
	}
	return out
}

func personIDs(ps []*handbook.Person) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.ID
	}
	return out
}

func containsPos(list []diag.Pos, p diag.Pos) bool {
	for _, x := range list {
		if x == p {
			return true
		}
	}
	return false
}
