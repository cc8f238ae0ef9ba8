package check

import (
	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/handbook"
)

// unusedAreas: a table of content/areas.toml names an area, that is a duty file's name
// or a role's area; any other is most likely a typo, and its title would be shown
// nowhere.
func unusedAreas(h *handbook.Handbook) []diag.Diagnostic {
	if len(h.AreaTables) == 0 {
		return nil
	}
	known := map[string]bool{}
	var names []string
	add := func(a string) {
		if a != "" && !known[a] {
			known[a] = true
			names = append(names, a)
		}
	}
	for _, a := range h.Areas() {
		add(a)
	}
	for _, r := range h.Roles {
		add(r.Area)
	}
	var out []diag.Diagnostic
	for _, a := range h.AreaTables {
		if known[a.ID] {
			continue
		}
		hint := diag.DidYouMean(a.ID, names)
		if hint == "" {
			hint = "an area is the name of a file of content/duties/ or a role's area: rename the table or remove it"
		}
		out = append(out, diag.Warnf(a.Pos, diag.RuleUnknownArea, hint, "area %q has no duty file and no role", a.ID))
	}
	return out
}
