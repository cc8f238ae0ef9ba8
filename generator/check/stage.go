package check

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/handbook"
)

// stageOwners: at every stage every duty has exactly one owner once covering roles take
// the duties of absent ones. Problems are reported where they can be fixed: a cover
// whose covering role is itself absent and uncovered, a loop of covers, a cover of a
// role that is present, an absent role that owns duties and has no cover, and a role
// whose stage key is not the first stage that lists it. Unknown ids are left to the
// reference rule.
func stageOwners(h *handbook.Handbook) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, s := range h.Stages {
		if s.Roles == nil && s.Src.Has("roles") {
			continue // roles had the wrong type, already reported
		}
		for _, c := range s.Covers {
			if h.Role(c.Absent) == nil || h.Role(c.By) == nil {
				continue
			}
			if s.Has(c.Absent) {
				out = append(out, diag.Errorf(c.Pos, diag.RuleStageOwner,
					fmt.Sprintf("remove the cover, or remove %q from the roles of stage %q", c.Absent, s.ID),
					"role %q is in stage %q and also covered by %q", c.Absent, s.ID, c.By))
				continue
			}
			if _, covered := s.CoveredBy(c.By); !s.Has(c.By) && !covered {
				out = append(out, diag.Errorf(c.Pos, diag.RuleStageOwner,
					fmt.Sprintf("add %q to the roles of stage %q, or cover %q by a role of the stage", c.By, s.ID, c.By),
					"at stage %q, %q is covered by %q, which is not in the stage and not covered", s.ID, c.Absent, c.By))
			}
		}
		out = append(out, coverLoops(h, s)...)
		for _, r := range h.Roles {
			if s.Has(r.ID) {
				continue
			}
			if _, covered := s.CoveredBy(r.ID); covered {
				continue
			}
			owned := h.DutiesOf(r.ID).Accountable
			if len(owned) == 0 {
				continue
			}
			out = append(out, diag.Errorf(s.Src.Pos("covers"), diag.RuleStageOwner,
				fmt.Sprintf("add %s = \"role-id\" under [%s.covers], or add %q to the roles of stage %q", r.ID, s.ID, r.ID, s.ID),
				"at stage %q, role %q is absent and not covered: %s no owner", s.ID, r.ID, dutyList(owned)))
		}
	}
	out = append(out, firstStages(h)...)
	return out
}

// coverLoops finds the loops among a stage's covers; each cover is walked once.
func coverLoops(h *handbook.Handbook, s *handbook.Stage) []diag.Diagnostic {
	state := map[string]int{} // 1: on the current walk, 2: done
	var out []diag.Diagnostic
	var path []string
	for _, c := range s.Covers {
		path = path[:0]
		cur := c.Absent
		for state[cur] == 0 && !s.Has(cur) {
			by, ok := s.CoveredBy(cur)
			if !ok {
				break
			}
			state[cur] = 1
			path = append(path, cur)
			cur = by
		}
		if state[cur] == 1 {
			loop := rotateToMin(path[indexOf(path, cur):])
			pos := diag.Pos{}
			var related []diag.Pos
			for _, cv := range s.Covers {
				if cv.Absent == loop[0] {
					pos = cv.Pos
				} else if contains(loop, cv.Absent) {
					related = append(related, cv.Pos)
				}
			}
			e := diag.Errorf(pos, diag.RuleStageOwner,
				fmt.Sprintf("let one of these roles be covered by a role of stage %q", s.ID),
				"at stage %q, covers loop: %s", s.ID, strings.Join(append(loop, loop[0]), " -> "))
			e.Related = related
			out = append(out, e)
		}
		for _, id := range path {
			state[id] = 2
		}
	}
	return out
}

// firstStages: a role's own stage key names the first stage that lists it.
func firstStages(h *handbook.Handbook) []diag.Diagnostic {
	first := map[string]string{}
	for _, s := range h.Stages {
		for _, r := range s.Roles {
			if _, ok := first[r]; !ok {
				first[r] = s.ID
			}
		}
	}
	var out []diag.Diagnostic
	for _, r := range h.Roles {
		if r.Stage == "" || h.Stage(r.Stage) == nil {
			continue
		}
		switch f, ok := first[r.ID]; {
		case !ok:
			out = append(out, diag.Errorf(r.Src.Pos("stage"), diag.RuleStageOwner,
				fmt.Sprintf("add %q to the roles of stage %q", r.ID, r.Stage),
				"role %q has stage %q, but no stage lists it", r.ID, r.Stage))
		case f != r.Stage:
			out = append(out, diag.Errorf(r.Src.Pos("stage"), diag.RuleStageOwner,
				fmt.Sprintf("write stage = %q, or move the role in content/stages.toml", f),
				"role %q has stage %q, but the first stage that lists it is %q", r.ID, r.Stage, f))
		}
	}
	return out
}

// dutyList names up to three duties: `duty "a" has`, `duties "a", "b" and 3 more have`.
func dutyList(ds []*handbook.Duty) string {
	if len(ds) == 1 {
		return fmt.Sprintf("duty %q has", ds[0].ID)
	}
	ids := make([]string, 0, 3)
	for _, d := range ds[:min(3, len(ds))] {
		ids = append(ids, d.ID)
	}
	s := "duties " + quoteList(ids)
	if len(ds) > 3 {
		s += fmt.Sprintf(" and %d more", len(ds)-3)
	}
	return s + " have"
}

// currentStage returns the stage the warnings look at: the configured one, else the
// last; nil when the handbook has no stages (then every role exists).
func (c *checker) currentStage(id string, from diag.Pos) (*handbook.Stage, []diag.Diagnostic) {
	h := c.h
	if id == "" {
		if len(h.Stages) == 0 {
			return nil, nil
		}
		return h.Stages[len(h.Stages)-1], nil
	}
	if s := h.Stage(id); s != nil {
		return s, nil
	}
	hint := diag.DidYouMean(id, c.stages)
	if hint == "" {
		hint = "stage names a table of content/stages.toml"
	}
	if from.File == "" {
		from.File = "config.toml"
	}
	return nil, []diag.Diagnostic{diag.Errorf(from, diag.RuleReference, hint,
		"unknown stage %q (the team's current stage)", id)}
}

// stageID returns the id of s, "" for no stage.
func stageID(s *handbook.Stage) string {
	if s == nil {
		return ""
	}
	return s.ID
}

// vacantRoles warns about roles of the current stage with fewer holders than their
// headcount at the stage.
func vacantRoles(h *handbook.Handbook, cur *handbook.Stage) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, r := range h.Roles {
		if cur != nil && !cur.Has(r.ID) {
			continue
		}
		want, pos, fromStage := r.Headcount, r.Src.Pos("headcount"), false
		if cur != nil {
			want, pos, fromStage = h.HeadcountSource(r.ID, cur.ID)
		}
		if n := len(h.HoldersOf(r.ID)); n < want {
			hint := fmt.Sprintf("add %q to the roles of a person in content/people/, or lower headcount", r.ID)
			switch {
			case fromStage:
				hint = fmt.Sprintf("add %q to the roles of a person in content/people/, or lower the stage's headcount of it", r.ID)
			case want == 1:
				hint = fmt.Sprintf("add %q to the roles of a person in content/people/, or leave the role out of this stage in content/stages.toml", r.ID)
			}
			out = append(out, diag.Warnf(pos, diag.RuleVacantRole,
				hint,
				"role %q has %d of %d holders", r.ID, n, want))
		}
	}
	return out
}

// noRole warns about people who hold no role.
func noRole(h *handbook.Handbook) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, p := range h.People {
		if len(p.Roles) == 0 && (p.Roles != nil || !p.Src.Has("roles")) {
			out = append(out, diag.Warnf(p.Src.Pos("roles"), diag.RuleNoRole,
				`add roles = ["role-id"] with the roles the person holds`,
				"person %q has no role", p.ID))
		}
	}
	return out
}

// absentRoles warns about a person who holds a role the current stage does not have:
// the role's duties go to the role that covers it, so holding it means nothing yet.
func absentRoles(h *handbook.Handbook, cur *handbook.Stage) []diag.Diagnostic {
	if cur == nil {
		return nil
	}
	var out []diag.Diagnostic
	for _, p := range h.People {
		for i, r := range p.Roles {
			if h.Role(r) == nil || cur.Has(r) {
				continue
			}
			by := h.OwnerRoleAt(r, cur.ID)
			msg := fmt.Sprintf("person %q holds role %q, which stage %q does not have", p.ID, r, cur.ID)
			if by != "" {
				msg += fmt.Sprintf(" (role %q does its duties)", by)
			}
			out = append(out, diag.Warnf(p.Src.Pos("roles", strconv.Itoa(i)), diag.RuleAbsentRole,
				fmt.Sprintf("add %q to the roles of stage %q in content/stages.toml, or give the person a role the stage has", r, cur.ID), "%s", msg))
		}
	}
	return out
}
