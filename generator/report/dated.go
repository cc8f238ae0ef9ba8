package report

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/handbook"
)

// The risks that depend on the date of the report (Options.Today): how long people
// have been in the team, and how old the assessments of their skills are. A report
// without a date leaves them out, so that the same handbook always gives the same
// report in tests.

// monthsBetween is the number of whole months from a to b.
func monthsBetween(a, b time.Time) int {
	m := (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
	if b.Day() < a.Day() {
		m--
	}
	return m
}

// stale reports whether an assessment made on d is older than the age limit.
func (t *Team) stale(d time.Time) bool {
	age := t.Settings.AssessedMaxAge
	return age > 0 && !t.opts.Today.IsZero() && d.Before(t.opts.Today.AddDate(0, -age, 0))
}

// usesAssessments reports whether any person of the handbook has an assessed date:
// only then is a person without one worth a warning.
func (t *Team) usesAssessments() bool {
	return slices.ContainsFunc(t.hb.People, func(p *handbook.Person) bool { return len(p.Assessed) > 0 })
}

// staleSkill is a skill of a person whose level is not assessed (a nil assessment)
// or was assessed longer ago than Settings.AssessedMaxAge.
type staleSkill struct {
	skill string
	a     *handbook.Assessment
}

// staleSkills returns the stale skills of p, in the order of p's skills, and whether
// p has skills and no assessed date at all while others have one (then the skills are
// not listed). The warnings and the risks both come from it.
func (t *Team) staleSkills(p *handbook.Person, uses bool) (unassessed bool, out []staleSkill) {
	if len(p.Skills) == 0 {
		return false, nil
	}
	if len(p.Assessed) == 0 {
		return uses, nil
	}
	for _, s := range p.Skills {
		a := p.AssessmentOf(s.Skill)
		if a == nil || t.stale(a.Date) {
			out = append(out, staleSkill{s.Skill, a})
		}
	}
	return false, out
}

// StaleAssessments returns a warning for each skill whose level was assessed longer
// ago than Settings.AssessedMaxAge months on Options.Today, at the position of the
// date it goes by (one warning for a date of all skills), for each skill with no date
// when the person has dates for others, and for each person with skills but no
// assessed date when others have one; none without a date or with an age of 0.
// People are in id order.
func (t *Team) StaleAssessments() *diag.List {
	if t.opts.Today.IsZero() || t.Settings.AssessedMaxAge <= 0 {
		return nil
	}
	var out []diag.Diagnostic
	hint := fmt.Sprintf("assess the levels again and update assessed, or raise [report] assessed_max_age (now %d months)", t.Settings.AssessedMaxAge)
	uses := t.usesAssessments()
	for _, p := range t.hb.People {
		if _, ok := t.Person(p.ID); !ok {
			continue // gone, in a what-if
		}
		unassessed, stale := t.staleSkills(p, uses)
		if unassessed {
			out = append(out, diag.Warnf(p.Src.Pos("skills"), diag.RuleStaleAssessment,
				`add assessed = 2025-01-31 (the date the levels were assessed), or a table of skill = date`,
				"the skill levels of person %q have no assessed date", p.ID))
			continue
		}
		warned := map[*handbook.Assessment]bool{}
		for _, s := range stale {
			switch {
			case s.a == nil:
				out = append(out, diag.Warnf(p.Src.Pos("assessed"), diag.RuleStaleAssessment,
					fmt.Sprintf("add %s = 2025-01-31 to assessed, or a date for all skills", s.skill),
					"skill %q of person %q has no assessed date", s.skill, p.ID))
			case !warned[s.a]:
				warned[s.a] = true
				what := fmt.Sprintf("the skill levels of person %q were", p.ID)
				if s.a.Skill != "" {
					what = fmt.Sprintf("skill %q of person %q was", s.a.Skill, p.ID)
				}
				out = append(out, diag.Warnf(s.a.Pos, diag.RuleStaleAssessment, hint, "%s last assessed on %s, %d months ago (more than %d)",
					what, s.a.Date.Format(time.DateOnly), monthsBetween(s.a.Date, t.opts.Today), t.Settings.AssessedMaxAge))
			}
		}
	}
	return diag.From(out)
}

// dated returns the new-starter and stale-assessment risks.
func (t *Team) dated() []Risk {
	if t.opts.Today.IsZero() {
		return nil
	}
	var out []Risk
	uses := t.usesAssessments()
	for _, p := range t.hb.People {
		if _, ok := t.Person(p.ID); !ok {
			continue
		}
		if started, err := time.Parse(time.DateOnly, p.Started); err == nil && started.After(t.opts.Today.AddDate(-1, 0, 0)) {
			out = append(out, Risk{Kind: RiskNewStarter, Person: p.ID,
				Detail: fmt.Sprintf("started on %s, %d months ago", p.Started, max(monthsBetween(started, t.opts.Today), 0))})
		}
		if t.Settings.AssessedMaxAge <= 0 {
			continue
		}
		unassessed, stale := t.staleSkills(p, uses)
		if unassessed {
			out = append(out, Risk{Kind: RiskStaleAssessment, Person: p.ID, Detail: "skill levels never assessed"})
			continue
		}
		var old []string
		for _, s := range stale {
			if s.a == nil {
				old = append(old, s.skill+" never")
			} else {
				old = append(old, fmt.Sprintf("%s %s", s.skill, s.a.Date.Format(time.DateOnly)))
			}
		}
		if len(old) > 0 {
			out = append(out, Risk{Kind: RiskStaleAssessment, Person: p.ID,
				Detail: fmt.Sprintf("assessed more than %d months ago: %s", t.Settings.AssessedMaxAge, strings.Join(old, ", "))})
		}
	}
	return out
}
