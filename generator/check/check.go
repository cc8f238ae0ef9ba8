package check

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/handbook"
)

// Options are the rules' settings from config.toml.
type Options struct {
	// Stage is the team's current stage id; "" means the last stage. Roles of later
	// stages are plans, not vacancies.
	Stage string
	// StageFrom says where Stage was set, for the error about an unknown stage: the
	// position of the key in config.toml, or a flag or variable name as the File.
	StageFrom diag.Pos
	// MaxAccountable is the most duties one person may own; 0 means no limit.
	MaxAccountable int
	// Strict turns every warning into an error.
	Strict bool
}

// Run applies every rule to h and returns what they found. Diagnostics of
// handbook.Decode are not repeated: merge both lists to get the whole check.
func Run(h *handbook.Handbook, opts Options) *diag.List {
	c := newChecker(h)
	var list diag.List
	list.Add(singleOwner(h)...)
	list.Add(responsible(h)...)
	list.Add(c.references()...)
	list.Add(c.staffingRefs()...)
	list.Add(shares(h)...)
	list.Add(reportingCycles(h)...)
	list.Add(raciConflicts(h)...)
	list.Add(stageOwners(h)...)
	list.Add(leads(h)...)
	list.Add(unusedAreas(h)...)
	cur, diags := c.currentStage(opts.Stage, opts.StageFrom)
	list.Add(diags...)
	if len(diags) > 0 {
		// Without a known current stage, the warnings about it would all be wrong.
		list.Add(noRole(h)...)
		if opts.Strict {
			list.Promote()
		}
		return &list
	}
	f := h.Fold(stageID(cur))
	list.Add(vacantRoles(h, cur)...)
	list.Add(overHeadcount(h, f)...)
	list.Add(maxAccountable(h, f, opts.MaxAccountable)...)
	list.Add(unownedDuties(f)...)
	list.Add(onePerson(h, f)...)
	list.Add(noRole(h)...)
	list.Add(absentRoles(h, cur)...)
	list.Add(maxPeople(h, cur)...)
	list.Add(busFactor(h, cur)...)
	if opts.Strict {
		list.Promote()
	}
	return &list
}

// checker holds the sorted ids that "did you mean" hints choose from.
type checker struct {
	h                             *handbook.Handbook
	roles, skills, stages, people []string
}

func newChecker(h *handbook.Handbook) *checker {
	c := &checker{h: h}
	for _, r := range h.Roles {
		c.roles = append(c.roles, r.ID)
	}
	for _, s := range h.Skills {
		c.skills = append(c.skills, s.ID)
	}
	for _, s := range h.Stages {
		c.stages = append(c.stages, s.ID)
	}
	for _, p := range h.People {
		c.people = append(c.people, p.ID)
	}
	return c
}

// singleOwner: every duty has exactly one accountable role.
func singleOwner(h *handbook.Handbook) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, d := range h.Duties {
		switch n := len(d.Accountable); {
		case n == 0 && d.Accountable == nil && d.Src.Has("accountable"):
			// the value had the wrong type, already reported
		case n == 0:
			out = append(out, diag.Errorf(d.Src.Pos("accountable"), diag.RuleSingleOwner,
				`add accountable = "role-id": the one role that owns the duty`,
				"duty %q has no accountable role", d.ID))
		case n > 1:
			e := diag.Errorf(d.Src.Pos("accountable"), diag.RuleSingleOwner,
				"keep one accountable role; the others can be responsible or consulted",
				"duty %q has %d accountable roles: %s", d.ID, n, quoteList(d.Accountable))
			for i := range d.Accountable {
				if p := d.Src.Pos("accountable", strconv.Itoa(i)); p != e.Pos {
					e.Related = append(e.Related, p)
				}
			}
			out = append(out, e)
		}
	}
	return out
}

// responsible: every duty has at least one responsible role.
func responsible(h *handbook.Handbook) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, d := range h.Duties {
		// nil with the key present: the value had the wrong type, already reported.
		if len(d.Responsible) == 0 && (d.Responsible != nil || !d.Src.Has("responsible")) {
			out = append(out, diag.Errorf(d.Src.Pos("responsible"), diag.RuleResponsible,
				`add responsible = ["role-id"]: the roles that do the work`,
				"duty %q has no responsible role", d.ID))
		}
	}
	return out
}

// references: every role, skill and stage id that is named exists. Positions and
// messages are made only for the ids that are missing.
func (c *checker) references() []diag.Diagnostic {
	h := c.h
	var out []diag.Diagnostic
	exists := func(kind, id string) bool {
		switch kind {
		case "role":
			return h.Role(id) != nil
		case "skill":
			return h.Skill(id) != nil
		case "person":
			return h.Person(id) != nil
		}
		return h.Stage(id) != nil
	}
	report := func(kind, id string, pos diag.Pos, key, whatKind, whatID string) {
		known, hint := c.stages, fmt.Sprintf("add [%s] to content/stages.toml or fix the id", id)
		switch kind {
		case "role":
			known, hint = c.roles, fmt.Sprintf("add content/roles/%s.md or fix the id", id)
		case "skill":
			known, hint = c.skills, fmt.Sprintf("add [%s] to content/skills.toml or fix the id", id)
		case "person":
			known, hint = c.people, fmt.Sprintf("add content/people/%s.md or fix the id", id)
		}
		if s := diag.DidYouMean(id, known); s != "" {
			hint = s
		}
		out = append(out, diag.Errorf(pos, diag.RuleReference, hint, "unknown %s %q in %s of %s %q", kind, id, key, whatKind, whatID))
	}
	one := func(kind, id string, src handbook.Source, key, whatKind, whatID string) {
		if id != "" && !exists(kind, id) {
			report(kind, id, src.Pos(key), key, whatKind, whatID)
		}
	}
	list := func(kind string, ids []string, src handbook.Source, key, whatKind, whatID string) {
		for i, id := range ids {
			if !exists(kind, id) {
				report(kind, id, src.Pos(key, strconv.Itoa(i)), key, whatKind, whatID)
			}
		}
	}
	levels := func(ls []handbook.SkillLevel, key, whatKind, whatID string) {
		for _, l := range ls {
			if !exists("skill", l.Skill) {
				report("skill", l.Skill, l.Pos, key, whatKind, whatID)
			}
		}
	}
	for _, r := range h.Roles {
		one("role", r.ReportsTo, r.Src, "reports_to", "role", r.ID)
		one("stage", r.Stage, r.Src, "stage", "role", r.ID)
		one("person", r.Lead, r.Src, "lead", "role", r.ID)
		list("role", r.Next, r.Src, "next", "role", r.ID)
		levels(r.Skills, "skills", "role", r.ID)
		levels(r.Preferred, "preferred", "role", r.ID)
	}
	for _, d := range h.Duties {
		list("role", d.Accountable, d.Src, "accountable", "duty", d.ID)
		list("role", d.Responsible, d.Src, "responsible", "duty", d.ID)
		list("role", d.Consulted, d.Src, "consulted", "duty", d.ID)
		list("role", d.Informed, d.Src, "informed", "duty", d.ID)
	}
	for _, p := range h.People {
		list("role", p.Roles, p.Src, "roles", "person", p.ID)
		levels(p.Skills, "skills", "person", p.ID)
		list("skill", p.Interests, p.Src, "interests", "person", p.ID)
	}
	for _, s := range h.Stages {
		list("role", s.Roles, s.Src, "roles", "stage", s.ID)
		for _, cv := range s.Covers {
			for _, id := range []string{cv.Absent, cv.By} {
				if !exists("role", id) {
					report("role", id, cv.Pos, "covers", "stage", s.ID)
				}
			}
			if cv.Lead != "" && !exists("person", cv.Lead) {
				report("person", cv.Lead, cv.LeadPos, "covers", "stage", s.ID)
			}
		}
	}
	return out
}

// reportingCycles: reports_to lines have no cycle. Each role has at most one manager,
// so a walk that meets a role of its own path has found a cycle; every role is walked
// once.
func reportingCycles(h *handbook.Handbook) []diag.Diagnostic {
	const (
		unseen = iota
		onPath
		done
	)
	state := make(map[string]int, len(h.Roles))
	var out []diag.Diagnostic
	var path []string
	for _, start := range h.Roles {
		path = path[:0]
		cur := start
		for cur != nil && state[cur.ID] == unseen {
			state[cur.ID] = onPath
			path = append(path, cur.ID)
			cur = h.Role(cur.ReportsTo)
		}
		if cur != nil && state[cur.ID] == onPath {
			i := indexOf(path, cur.ID)
			out = append(out, cycleDiag(h, path[i:]))
		}
		for _, id := range path {
			state[id] = done
		}
	}
	return out
}

func cycleDiag(h *handbook.Handbook, cycle []string) diag.Diagnostic {
	cycle = rotateToMin(cycle)
	first := h.Role(cycle[0])
	e := diag.Errorf(first.Src.Pos("reports_to"), diag.RuleReportingCycle,
		"change reports_to of one of these roles so that the line ends at the top",
		"reporting lines form a cycle: %s", strings.Join(append(cycle, cycle[0]), " -> "))
	for _, id := range cycle[1:] {
		e.Related = append(e.Related, h.Role(id).Src.Pos("reports_to"))
	}
	return e
}

// raciConflicts: a role that is accountable or responsible for a duty is not also
// consulted or informed on it.
func raciConflicts(h *handbook.Handbook) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, d := range h.Duties {
		letter := func(role string) string {
			if contains(d.Accountable, role) {
				return "accountable"
			}
			if contains(d.Responsible, role) {
				return "responsible"
			}
			return ""
		}
		if len(d.Accountable)+len(d.Responsible) > 8 { // keep long lists linear
			set := map[string]string{}
			for _, r := range d.Responsible {
				set[r] = "responsible"
			}
			for _, r := range d.Accountable {
				set[r] = "accountable"
			}
			letter = func(role string) string { return set[role] }
		}
		for _, key := range []string{"consulted", "informed"} {
			list := d.Consulted
			if key == "informed" {
				list = d.Informed
			}
			for i, r := range list {
				if l := letter(r); l != "" {
					out = append(out, diag.Errorf(d.Src.Pos(key, strconv.Itoa(i)), diag.RuleRaciConflict,
						fmt.Sprintf("remove %q from %s: a role that %s the duty is already in the loop", r, key, doesVerb(l)),
						"role %q is both %s and %s on duty %q", r, l, key, d.ID))
				}
			}
		}
	}
	return out
}

func doesVerb(letter string) string {
	if letter == "accountable" {
		return "owns"
	}
	return "does"
}

func quoteList(ids []string) string {
	q := make([]string, len(ids))
	for i, id := range ids {
		q[i] = strconv.Quote(id)
	}
	return strings.Join(q, ", ")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// rotateToMin rotates a cycle to start at its smallest id, so that it prints the same
// whichever role the walk met first.
func rotateToMin(cycle []string) []string {
	m := 0
	for i, id := range cycle {
		if id < cycle[m] {
			m = i
		}
	}
	return append(append([]string(nil), cycle[m:]...), cycle[:m]...)
}
