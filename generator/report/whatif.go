package report

import (
	"fmt"
	"slices"
	"strings"

	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/fit"
	"github.com/rolebook/rolebook/generator/handbook"
)

// Leave is a parsed --what-if argument: the person who leaves.
type Leave struct {
	Person string
}

// ArgError is a --what-if argument that cannot be used; the command line reports it
// as wrong usage.
type ArgError struct {
	Arg, Why, Hint string
}

func (e *ArgError) Error() string {
	s := fmt.Sprintf("--what-if %q: %s", e.Arg, e.Why)
	if e.Hint != "" {
		s += " (" + e.Hint + ")"
	}
	return s
}

// ParseWhatIf parses people/<id>.md=leave (content/ in front is allowed) against hb.
func ParseWhatIf(hb *handbook.Handbook, arg string) (Leave, error) {
	file, action, ok := strings.Cut(arg, "=")
	if !ok {
		return Leave{}, &ArgError{arg, "no change given", "write people/<id>.md=leave"}
	}
	if action != "leave" {
		return Leave{}, &ArgError{arg, fmt.Sprintf("unknown change %q", action), "the only change is leave: people/<id>.md=leave"}
	}
	file = strings.TrimPrefix(strings.TrimPrefix(file, "./"), "content/")
	id, ok := strings.CutPrefix(file, "people/")
	if !ok || !strings.HasSuffix(id, ".md") || strings.Contains(id, "/") {
		return Leave{}, &ArgError{arg, "not a person's file", "write people/<id>.md=leave"}
	}
	id = strings.TrimSuffix(id, ".md")
	if hb.Person(id) == nil {
		var ids []string
		for _, p := range hb.People {
			ids = append(ids, p.ID)
		}
		hint := diag.DidYouMean(id, ids)
		if hint == "" {
			hint = "name a file of content/people/"
		}
		return Leave{}, &ArgError{arg, fmt.Sprintf("no person %q", id), hint}
	}
	return Leave{Person: id}, nil
}

// Orphan is a duty left without an owner to do it.
type Orphan struct {
	Duty string `json:"duty"`
	// Role is the duty's owner at the stage, which no one holds any more.
	Role string `json:"role"`
}

// WhatIf is what happens when a person leaves. Its JSON keys are stable.
type WhatIf struct {
	Leave string `json:"leave"`
	// Roles are the roles the person held.
	Roles []string `json:"roles"`
	// Orphaned are the duties whose owner at the stage no one holds once they leave.
	Orphaned []Orphan `json:"orphaned"`
	// Reassignment is the best way to fill the slots left open, everyone else keeping
	// their roles, under the rules of the recommendation; Unfilled lists the slots
	// that stay open: to hire.
	Reassignment []Slot   `json:"reassignment"`
	Unfilled     []string `json:"unfilled"`
	// Report is the report on the team without them, the reassignment applied: its
	// load, next hire, plans and risks are those of the team that stays.
	Report *Report `json:"report"`
}

// WhatIfLeave returns what happens to the team when the person leaves. A team too
// large to assign (see TooLarge) gets no reassignment.
func (t *Team) WhatIfLeave(person string) *WhatIf {
	p, _ := t.Person(person)
	after := t.without(person)
	w := &WhatIf{Leave: person, Roles: nonNil(slices.Clone(p.Roles)), Orphaned: []Orphan{}, Reassignment: []Slot{}}
	for _, d := range t.hb.Duties {
		if len(d.Accountable) != 1 {
			continue
		}
		o := t.owner(d.Accountable[0])
		if o != "" && slices.Contains(t.Holders(o), person) && len(after.Holders(o)) == 0 {
			w.Orphaned = append(w.Orphaned, Orphan{d.ID, o})
		}
	}
	opts := after.assignOptions()
	opts.KeepCurrent = true
	kept, err := fit.Assign(after.Roles, after.People, opts)
	if err != nil {
		kept = after.Current() // too large: no one moves
	}
	given := map[string][]string{}
	for _, s := range kept.Slots {
		q, _ := after.Person(s.Person)
		if !slices.Contains(q.Roles, s.Role) {
			w.Reassignment = append(w.Reassignment, Slot{s.Role, s.Person, Round(s.Score)})
			given[s.Person] = append(given[s.Person], s.Role)
		}
	}
	w.Unfilled = nonNil(kept.Unfilled)
	// The team afterwards: everyone keeps their roles and takes the ones given.
	for i, q := range after.People {
		if rs := given[q.ID]; len(rs) > 0 {
			after.People[i].Roles = append(slices.Clone(q.Roles), rs...)
		}
	}
	w.Report = after.Report()
	return w
}
