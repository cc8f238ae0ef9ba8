package report

import (
	"fmt"
	"slices"

	"github.com/rolebook/rolebook/generator/handbook"
)

// The kinds of ownership change, in the order a diff lists them for a duty.
const (
	ChangeAdded   = "added"   // a new duty
	ChangeRemoved = "removed" // a duty that is gone
	ChangeMoved   = "moved"   // a duty whose owning role changed
	ChangeLost    = "lost"    // a person no longer accountable for a duty
	ChangeGained  = "gained"  // a person newly accountable for a duty
)

// Change is one change in ownership between two versions of a handbook. Its JSON keys
// are stable.
type Change struct {
	Kind   string `json:"change"`
	Duty   string `json:"duty"`
	Person string `json:"person"`
	// Role is the owning role: the new one, or the old one for lost and removed.
	Role   string `json:"role"`
	Detail string `json:"detail"`
}

// owners is who owns each duty in one version: the owning role at the stage and its
// holders.
type owners map[string]struct {
	role   string
	people []string
}

func ownersOf(hb *handbook.Handbook, stage string) owners {
	t := NewTeam(hb, Options{Stage: stage})
	out := owners{}
	for _, d := range hb.Duties {
		e := out[d.ID]
		if len(d.Accountable) == 1 {
			e.role = t.owner(d.Accountable[0])
			if e.role != "" {
				e.people = t.Holders(e.role)
			}
		}
		out[d.ID] = e
	}
	return out
}

// Diff returns who gained or lost accountability for what between the old and the new
// version of a handbook, both at the stage named (each falling back to its own last
// stage), by duty id, then kind and person.
func Diff(old, new *handbook.Handbook, stage string) []Change {
	a, b := ownersOf(old, stage), ownersOf(new, stage)
	ids := sortedKeys(a)
	for _, id := range sortedKeys(b) {
		if _, ok := a[id]; !ok {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	out := []Change{}
	for _, id := range ids {
		was, inOld := a[id]
		now, inNew := b[id]
		switch {
		case !inOld:
			out = append(out, Change{ChangeAdded, id, "", now.role, "new duty"})
		case !inNew:
			out = append(out, Change{ChangeRemoved, id, "", was.role, "duty removed"})
		case was.role != now.role:
			out = append(out, Change{ChangeMoved, id, "", now.role, fmt.Sprintf("owner role %s -> %s", orNone(was.role), orNone(now.role))})
		}
		var lost, gained []Change
		for _, p := range was.people {
			if !slices.Contains(now.people, p) {
				lost = append(lost, Change{ChangeLost, id, p, was.role, "no longer accountable"})
			}
		}
		for _, p := range now.people {
			if !slices.Contains(was.people, p) {
				gained = append(gained, Change{ChangeGained, id, p, now.role, "now accountable"})
			}
		}
		out = append(append(out, lost...), gained...)
	}
	return out
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
