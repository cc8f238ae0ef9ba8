package handbook

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/rolebook/rolebook/generator/diag"
)

// The staffing keys: what a duty costs in hours (coverage, peaks, the accountable
// role's share), who stands in for its owner (backup), how a role's holders split its
// work (a person's share), when a person's skills were last assessed, and a role's
// headcount at one stage.

// Coverage is a duty staffed in shifts, such as a chat rota: its weekly effort is the
// hours of the shifts times the days a week times the people on each shift.
type Coverage struct {
	// Shifts are the shifts of one day, in file order.
	Shifts []Shift
	// Days is how many days a week the shifts run, 1-7 (default 7).
	Days int
	// People is how many people work each shift (default 1).
	People int
	Pos    diag.Pos
}

// Shift is one daily shift, "09:00-17:30". A shift that ends before it starts runs past
// midnight.
type Shift struct {
	// Start and End are minutes since midnight.
	Start, End int
	Text       string
}

// Hours is the length of the shift in hours.
func (s Shift) Hours() float64 {
	m := s.End - s.Start
	if m <= 0 {
		m += 24 * 60
	}
	return float64(m) / 60
}

// Hours returns the weekly hours of the coverage with the given number of people on
// each shift.
func (c *Coverage) Hours(people int) float64 {
	day := 0.0
	for _, s := range c.Shifts {
		day += s.Hours()
	}
	return day * float64(c.Days) * float64(people)
}

// Peak is a set of weeks of the year in which a duty takes a different effort: a sale
// season, year-end closing.
type Peak struct {
	// Weeks are ISO week numbers, 1-52, in file order.
	Weeks []int
	// Effort is the duty's hours a week in these weeks; for a coverage duty it is
	// computed from People.
	Effort float64
	// People is, for a coverage duty, how many people work each shift in these weeks;
	// 0 for other duties.
	People int
	Pos    diag.Pos
}

// EffortInWeek returns the duty's hours in the ISO week w: the effort of the peak that
// lists w, else Effort.
func (d *Duty) EffortInWeek(w int) float64 {
	for _, p := range d.Peaks {
		for _, x := range p.Weeks {
			if x == w {
				return p.Effort
			}
		}
	}
	return d.Effort
}

// RoleShare is the part of a role's work one holder does, when holders do not split it
// equally.
type RoleShare struct {
	Role string
	// Share is from 0 (exclusive) to 1.
	Share float64
	Pos   diag.Pos
}

// Assessment is when a person's level in a skill was last assessed.
type Assessment struct {
	// Skill is the skill id, or "" for every skill of the person.
	Skill string
	Date  time.Time
	Pos   diag.Pos
}

// AssessedOn returns when the person's level in the skill was last assessed: the date
// given for the skill, else the date given for all skills, and false when neither.
func (p *Person) AssessedOn(skill string) (time.Time, diag.Pos, bool) {
	if a := p.AssessmentOf(skill); a != nil {
		return a.Date, a.Pos, true
	}
	return time.Time{}, diag.Pos{}, false
}

// AssessmentOf returns the assessment the person's level in the skill goes by: the
// skill's own, else the one of all skills, else nil.
func (p *Person) AssessmentOf(skill string) *Assessment {
	var all *Assessment
	for i := range p.Assessed {
		a := &p.Assessed[i]
		if a.Skill == skill {
			return a
		}
		if a.Skill == "" {
			all = a
		}
	}
	return all
}

// RoleCount is a role's headcount at one stage.
type RoleCount struct {
	Role  string
	Count int
	Pos   diag.Pos
}

// HeadcountAt returns how many holders the role should have at the stage: the stage's
// headcount for it when given, else the role's own headcount (0 for an unknown role).
func (h *Handbook) HeadcountAt(roleID, stageID string) int {
	n, _, _ := h.HeadcountSource(roleID, stageID)
	return n
}

// HeadcountSource is HeadcountAt with where the number is written: the stage's
// headcount table (fromStage) or the role's headcount key (its front matter's start
// when the key is left out, meaning 1).
func (h *Handbook) HeadcountSource(roleID, stageID string) (n int, pos diag.Pos, fromStage bool) {
	if s := h.stages[stageID]; s != nil {
		for _, c := range s.Headcount {
			if c.Role == roleID {
				return c.Count, c.Pos, true
			}
		}
	}
	if r := h.roles[roleID]; r != nil {
		return r.Headcount, r.Src.Pos("headcount"), false
	}
	return 0, diag.Pos{}, false
}

// coverage decodes a duty's coverage table.
func (d *decoder) coverage(f field) *Coverage {
	m, ok := f.v.(map[string]any)
	if !ok {
		d.typeErr(f, f.pos(), f.v, "a table", `{ shifts = ["09:00-17:30"], days = 7 }`)
		return nil
	}
	c := &Coverage{Days: 7, People: 1, Pos: f.pos()}
	for _, k := range orderedKeys(f.src.doc, appendPath(f.src.table, f.key), m) {
		g := f.sub(k, m[k])
		g.label = "coverage." + k
		switch k {
		case "shifts":
			list, ok := g.v.([]any)
			if !ok || len(list) == 0 {
				d.typeErr(g, g.src.Pos(k), g.v, "a list of shifts", `["09:00-17:30", "13:30-22:00"]`)
				continue
			}
			for i, item := range list {
				s, ok := item.(string)
				sh, err := parseShift(s)
				if !ok || err != nil {
					d.add(diag.Errorf(g.src.Pos(k, strconv.Itoa(i)), diag.RuleType, `write each shift as "HH:MM-HH:MM", such as "09:00-17:30"`,
						"shift %d of %s must be a time range \"HH:MM-HH:MM\", not %s", i+1, f.what, describe(item)))
					continue
				}
				c.Shifts = append(c.Shifts, sh)
			}
		case "days":
			n, ok := integer(g, g.v)
			if !ok || n < 1 || n > 7 {
				d.typeErr(g, g.src.Pos(k), g.v, "a whole number of days a week, 1 to 7", "7")
				continue
			}
			c.Days = int(n)
		case "people":
			c.People, _ = d.count(g, "2")
			c.People = max(c.People, 1)
		default:
			hint := diag.DidYouMean(k, []string{"shifts", "days", "people"})
			if hint == "" {
				hint = "known keys: shifts, days, people"
			}
			d.add(diag.Errorf(g.src.Pos(k), diag.RuleUnknownKey, hint, "unknown key %q in coverage of %s", k, f.what))
		}
	}
	if _, ok := m["shifts"]; !ok {
		d.add(diag.Errorf(c.Pos, diag.RuleMissingKey, `add shifts = ["09:00-17:30"]`, "coverage of %s has no shifts", f.what))
	}
	return c
}

// parseShift parses "9:00-17:30".
func parseShift(s string) (Shift, error) {
	a, b, ok := strings.Cut(strings.ReplaceAll(s, " ", ""), "-")
	if !ok {
		return Shift{}, fmt.Errorf("no range")
	}
	start, err1 := parseClock(a)
	end, err2 := parseClock(b)
	// 24:00 ends a day; it starts none ("24:00-08:00" would count as no hours).
	if err1 != nil || err2 != nil || start == end || start == 24*60 {
		return Shift{}, fmt.Errorf("bad range")
	}
	return Shift{Start: start, End: end, Text: s}, nil
}

// parseClock parses "9:00", "09:30" or "24:00" into minutes since midnight.
func parseClock(s string) (int, error) {
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(h) < 1 || len(h) > 2 || len(m) != 2 {
		return 0, fmt.Errorf("not a time")
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh > 24 || hh == 24 && mm != 0 {
		return 0, fmt.Errorf("not a time")
	}
	return hh*60 + mm, nil
}

// peaks decodes a duty's peak: one table, or a list of tables. coverage tells which
// of effort and people a peak gives.
func (d *decoder) peaks(f field, coverage *Coverage) []Peak {
	var entries []field
	switch v := f.v.(type) {
	case map[string]any:
		entries = []field{f}
	case []any:
		for i, item := range v {
			e := f.sub(strconv.Itoa(i), item)
			e.label = fmt.Sprintf("peak %d", i+1)
			entries = append(entries, e)
		}
	default:
		d.typeErr(f, f.pos(), f.v, "a table or a list of tables", "{ weeks = [45, 46], effort = 20 }")
		return nil
	}
	var out []Peak
	seen := map[int]int{} // week -> the peak that lists it, from 1
	for pi, e := range entries {
		m, ok := e.v.(map[string]any)
		if !ok {
			d.typeErr(e, e.src.Pos(e.key), e.v, "a table", "{ weeks = [45, 46], effort = 20 }")
			continue
		}
		p := Peak{Pos: e.src.Pos(e.key)}
		table := appendPath(e.src.table, e.key)
		valid := true
		for _, k := range orderedKeys(e.src.doc, table, m) {
			g := e.sub(k, m[k])
			g.label = e.name() + " " + k
			pos := g.src.Pos(k)
			switch k {
			case "weeks":
				list, ok := g.v.([]any)
				if !ok || len(list) == 0 {
					d.typeErr(g, pos, g.v, "a list of week numbers", "[45, 46]")
					valid = false
					continue
				}
				for i, item := range list {
					n, ok := integer(g, item)
					ipos := g.src.Pos(k, strconv.Itoa(i))
					if !ok || n < 1 || n > 52 {
						d.add(diag.Errorf(ipos, diag.RuleType, "weeks are ISO week numbers from 1 to 52 (week 53 exists only in some years: use 52)",
							"week %s in the peak of %s is not a week number from 1 to 52", describe(item), f.what))
						valid = false
						continue
					}
					switch seen[int(n)] {
					case 0:
					case pi + 1:
						d.add(diag.Errorf(ipos, diag.RuleType, "list each week once",
							"week %d is listed twice in the peak of %s", n, f.what))
						valid = false
						continue
					default:
						d.add(diag.Errorf(ipos, diag.RuleType, "list each week in one peak only",
							"week %d is in two peaks of %s", n, f.what))
						valid = false
						continue
					}
					seen[int(n)] = pi + 1
					p.Weeks = append(p.Weeks, int(n))
				}
			case "effort":
				if coverage != nil {
					d.add(diag.Errorf(pos, diag.RuleType, "a coverage duty's peak gives people = N on each shift",
						"the peak of %s gives effort, but the duty's hours come from its coverage", f.what))
					valid = false
					continue
				}
				x, ok := d.number(g, "20")
				valid = valid && ok
				p.Effort = x
			case "people":
				if coverage == nil {
					d.add(diag.Errorf(pos, diag.RuleType, "give effort = hours a week in these weeks (people is for duties with coverage)",
						"the peak of %s gives people, but the duty has no coverage", f.what))
					valid = false
					continue
				}
				n, ok := d.count(g, "2")
				valid = valid && ok
				p.People = n
				p.Effort = coverage.Hours(n)
			default:
				hint := diag.DidYouMean(k, []string{"weeks", "effort", "people"})
				if hint == "" {
					hint = "known keys: weeks, effort (or people, for a duty with coverage)"
				}
				d.add(diag.Errorf(pos, diag.RuleUnknownKey, hint, "unknown key %q in the peak of %s", k, f.what))
				valid = false
			}
		}
		want := "effort"
		if coverage != nil {
			want = "people"
		}
		if _, ok := m["weeks"]; !ok {
			d.add(diag.Errorf(p.Pos, diag.RuleMissingKey, "add weeks = [45, 46]", "the peak of %s has no weeks", f.what))
			valid = false
		}
		if _, ok := m[want]; !ok && valid {
			d.add(diag.Errorf(p.Pos, diag.RuleMissingKey, fmt.Sprintf("add %s = N", want), "the peak of %s has no %s", f.what, want))
			valid = false
		}
		if valid {
			out = append(out, p)
		}
	}
	return out
}

// share decodes an accountable_share: a number from 0 to 1.
func (d *decoder) share(f field, example string) (float64, bool) {
	x, ok := d.number(f, example)
	if ok && x > 1 {
		d.typeErr(f, f.pos(), f.v, "a share from 0 to 1", example)
		return 0, false
	}
	return x, ok
}

// roleShares decodes a person's [share] table: role id = share of its work.
func (d *decoder) roleShares(f field) []RoleShare {
	m, ok := f.v.(map[string]any)
	if !ok {
		d.typeErr(f, f.pos(), f.v, "a table of role id = share", "{ designer = 0.5 }")
		return nil
	}
	var out []RoleShare
	for _, role := range orderedKeys(f.src.doc, appendPath(f.src.table, f.key), m) {
		g := f.sub(role, m[role])
		g.label = "share of " + strconv.Quote(role)
		x, ok := d.number(g, "0.5")
		if !ok {
			continue
		}
		if x <= 0 || x > 1 {
			d.typeErr(g, g.src.Pos(role), g.v, "a share above 0 and at most 1", "0.5")
			continue
		}
		out = append(out, RoleShare{Role: role, Share: x, Pos: g.src.Pos(role)})
	}
	return out
}

// assessed decodes a person's assessed key: one date for every skill, or a table of
// skill id = date.
func (d *decoder) assessed(f field) []Assessment {
	if m, ok := f.v.(map[string]any); ok {
		var out []Assessment
		for _, skill := range orderedKeys(f.src.doc, appendPath(f.src.table, f.key), m) {
			g := f.sub(skill, m[skill])
			g.label = "assessed date of " + strconv.Quote(skill)
			if t, ok := d.day(g, g.src.Pos(skill)); ok {
				out = append(out, Assessment{Skill: skill, Date: t, Pos: g.src.Pos(skill)})
			}
		}
		return out
	}
	if t, ok := d.day(f, f.pos()); ok {
		return []Assessment{{Date: t, Pos: f.pos()}}
	}
	return nil
}

// day decodes a calendar date: a TOML date, or a string "2006-01-02".
func (d *decoder) day(f field, pos diag.Pos) (time.Time, bool) {
	switch v := f.v.(type) {
	case time.Time:
		y, m, dd := v.Date()
		return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC), true
	case string:
		if t, err := time.Parse(time.DateOnly, v); err == nil {
			return t, true
		}
	}
	d.typeErr(f, pos, f.v, "a date", "2025-03-01")
	return time.Time{}, false
}

// stageHeadcount decodes a stage's [headcount] table: role id = holders at the stage.
func (d *decoder) stageHeadcount(f field) []RoleCount {
	m, ok := f.v.(map[string]any)
	if !ok {
		d.typeErr(f, f.pos(), f.v, "a table of role id = headcount", "{ designer = 1 }")
		return nil
	}
	var out []RoleCount
	for _, role := range orderedKeys(f.src.doc, appendPath(f.src.table, f.key), m) {
		g := f.sub(role, m[role])
		g.label = "headcount of " + strconv.Quote(role)
		if n, ok := d.count(g, "1"); ok {
			out = append(out, RoleCount{Role: role, Count: n, Pos: g.src.Pos(role)})
		}
	}
	return out
}
