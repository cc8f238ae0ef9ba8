package handbook

import (
	"bytes"
	"cmp"
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/load"
)

// Options are the site settings that decoding needs.
type Options struct {
	// DefaultLanguage is the language of plain strings and of <id>.md pages ("en" if empty).
	DefaultLanguage string
	// Languages are every configured language code, the default included.
	Languages []string
	// MaxHeadcount bounds a role's headcount and a stage's max_people; 0 means
	// DefaultMaxHeadcount.
	MaxHeadcount int
}

// DefaultMaxHeadcount is the MaxHeadcount used when Options leaves it zero.
const DefaultMaxHeadcount = 10000

// The keys each kind of table accepts. They are functions, not variables, so that no
// package-level state can be changed; TestSchemasMatchDecoder compares them with the schemas.
func skillKeys() []string { return []string{"name", "description", "levels"} }
func stageKeys() []string { return []string{"title", "max_people", "roles", "covers", "headcount"} }
func dutyKeys() []string {
	return []string{"title", "cadence", "accountable", "responsible", "consulted", "informed", "effort", "notes",
		"coverage", "peak", "accountable_share", "backup"}
}
func roleKeys() []string {
	return []string{"title", "area", "summary", "stage", "reports_to", "headcount", "lead", "next", "onboarding", "skills", "preferred"}
}
func translationKeys() []string { return []string{"title", "summary", "onboarding"} }
func coverKeys() []string       { return []string{"role", "lead"} }
func personKeys() []string {
	return []string{"name", "roles", "skills", "interests", "capacity", "started", "share", "assessed"}
}

type decoder struct {
	def     string
	langs   []string
	langSet map[string]bool
	diags   []diag.Diagnostic
	h       *Handbook
	// maxCount bounds headcount and max_people (Options.MaxHeadcount).
	maxCount int
}

// Decode builds the Handbook from the data Docs of content/ (skills.toml, stages.toml,
// duties/<area>.toml; other files are left alone) and the pages under roles/ and
// people/ (other pages are left alone). It reports every problem it finds and returns
// a Handbook of everything that could be decoded, even when there are errors.
func Decode(data []*load.Doc, pages []*load.Page, opts Options) (*Handbook, *diag.List) {
	d := &decoder{def: opts.DefaultLanguage, langSet: map[string]bool{}, maxCount: cmp.Or(opts.MaxHeadcount, DefaultMaxHeadcount)}
	if d.def == "" {
		d.def = "en"
	}
	for _, l := range append([]string{d.def}, opts.Languages...) {
		if !d.langSet[l] {
			d.langSet[l] = true
			d.langs = append(d.langs, l)
		}
	}
	h := &Handbook{
		DefaultLanguage: d.def,
		Languages:       d.langs,
		skills:          map[string]*Skill{},
		roles:           map[string]*Role{},
		duties:          map[string]*Duty{},
		people:          map[string]*Person{},
		stages:          map[string]*Stage{},
		areaTables:      map[string]*Area{},
	}
	d.h = h

	docs := append([]*load.Doc(nil), data...)
	sort.SliceStable(docs, func(i, j int) bool { return docs[i].File < docs[j].File })
	areas := map[string]bool{}
	for _, doc := range docs {
		rel := strings.TrimPrefix(doc.File, "content/")
		switch {
		case rel == "skills.toml":
			d.tables(doc, "skill", d.skill)
		case rel == "stages.toml":
			d.tables(doc, "stage", d.stage)
		case rel == "areas.toml":
			d.tables(doc, "area", d.area)
		case strings.HasPrefix(rel, "duties/") && path.Ext(rel) == ".toml" && !strings.Contains(rel[len("duties/"):], "/"):
			area := strings.TrimSuffix(rel[len("duties/"):], ".toml")
			if !d.checkID("area", area, diag.Pos{File: doc.File}) {
				continue
			}
			if !areas[area] {
				areas[area] = true
				h.areas = append(h.areas, area)
			}
			d.tables(doc, "duty", func(doc *load.Doc, id string, m map[string]any) { d.duty(doc, area, id, m) })
		default:
			// A TOML file Rolebook does not read is most likely a misnamed data file.
			hint := "handbook data lives in content/skills.toml, content/stages.toml, content/areas.toml and content/duties/<area>.toml"
			if s := diag.Suggest(rel, []string{"skills.toml", "stages.toml", "areas.toml"}); s != "" {
				hint = fmt.Sprintf("did you mean content/%s?", s)
			}
			d.add(diag.Errorf(diag.Pos{File: doc.File}, diag.RuleUnknownFile, hint, "%s is not a data file Rolebook reads", doc.File))
		}
	}
	sort.Strings(h.areas)

	d.pages(pages)
	h.index()
	var list diag.List
	list.Add(d.diags...)
	return h, &list
}

// tables decodes each top-level table of a data file, in file order.
func (d *decoder) tables(doc *load.Doc, kind string, decode func(doc *load.Doc, id string, m map[string]any)) {
	for _, id := range orderedKeys(doc, nil, doc.Data) {
		pos := doc.Pos(id)
		m, ok := doc.Data[id].(map[string]any)
		if !ok {
			d.add(diag.Errorf(pos, diag.RuleType, fmt.Sprintf("put the %s's keys under a [%s] header", kind, id),
				"%s %q must be a table, not %s", kind, id, describe(doc.Data[id])))
			continue
		}
		if !d.checkID(kind, id, pos) {
			continue
		}
		decode(doc, id, m)
	}
}

func (d *decoder) duplicate(kind, id string, pos, first diag.Pos) {
	e := diag.Errorf(pos, diag.RuleDuplicateId, "rename one of them or remove the copy", "%s %q is defined twice", kind, id)
	e.Related = []diag.Pos{first}
	d.add(e)
}

func (d *decoder) skill(doc *load.Doc, id string, m map[string]any) {
	src := Source{doc: doc, table: []string{id}}
	s := &Skill{ID: id, Pos: doc.Pos(id), Src: src}
	what := entity{"skill", id}
	for k, v := range m {
		f := field{src: src, what: what, key: k, v: v}
		switch k {
		case "name":
			s.Name = d.text(f)
		case "description":
			s.Description = d.text(f)
		case "levels":
			s.Levels = d.texts(f)
			if len(s.Levels) != 5 && s.Levels != nil {
				d.add(diag.Errorf(f.pos(), diag.RuleType, "describe levels 0, 1, 2, 3 and 4, in that order",
					"levels of %s must list 5 texts (levels 0 to 4), not %d", what, len(s.Levels)))
			}
		default:
			d.unknownKey(f, skillKeys())
		}
	}
	d.require(src, what, "name", m)
	if first, ok := d.h.skills[id]; ok {
		d.duplicate("skill", id, s.Pos, first.Pos)
		return
	}
	d.h.skills[id] = s
	d.h.Skills = append(d.h.Skills, s)
}

// require reports a missing key at the header of the entity's table.
func (d *decoder) require(src Source, what entity, key string, m map[string]any) {
	if _, ok := m[key]; !ok {
		d.add(diag.Errorf(src.Pos(key), diag.RuleMissingKey, fmt.Sprintf("add %s = \"...\"", key), "%s has no %s", what, key))
	}
}

func (d *decoder) stage(doc *load.Doc, id string, m map[string]any) {
	src := Source{doc: doc, table: []string{id}}
	s := &Stage{ID: id, Pos: doc.Pos(id), Src: src, has: map[string]bool{}, covered: map[string]string{}}
	what := entity{"stage", id}
	for k, v := range m {
		f := field{src: src, what: what, key: k, v: v}
		switch k {
		case "title":
			s.Title = d.text(f)
		case "max_people":
			s.MaxPeople, _ = d.count(f, "3")
		case "roles":
			s.Roles = d.ids(f, false, `["operations", "service"]`)
		case "covers":
			cm, ok := v.(map[string]any)
			if !ok {
				d.typeErr(f, f.pos(), v, "a table of absent role = covering role", `{ finance = "operations" }`)
				continue
			}
			for _, absent := range orderedKeys(doc, []string{id, "covers"}, cm) {
				if c, ok := d.cover(f.sub(absent, cm[absent]), absent); ok {
					s.Covers = append(s.Covers, c)
				}
			}
		case "headcount":
			s.Headcount = d.stageHeadcount(f)
		default:
			d.unknownKey(f, stageKeys())
		}
	}
	d.require(src, what, "title", m)
	for _, r := range s.Roles {
		s.has[r] = true
	}
	s.covers = make(map[string]*Cover, len(s.Covers))
	for i, c := range s.Covers {
		s.covered[c.Absent] = c.By
		s.covers[c.Absent] = &s.Covers[i]
	}
	if first, ok := d.h.stages[id]; ok {
		d.duplicate("stage", id, s.Pos, first.Pos)
		return
	}
	d.h.stages[id] = s
	d.h.Stages = append(d.h.Stages, s)
}

// cover decodes one entry of a stage's [covers]: absent = "role-id", or
// absent = { role = "role-id", lead = "person-id" } to name which holder of the
// covering role answers for the absent role's duties.
func (d *decoder) cover(f field, absent string) (Cover, bool) {
	c := Cover{Absent: absent, Pos: f.pos()}
	switch v := f.v.(type) {
	case string:
		c.By = v
		return c, true
	case map[string]any:
		for _, k := range orderedKeys(f.src.doc, appendPath(f.src.table, absent), v) {
			g := f.sub(k, v[k])
			switch k {
			case "role":
				c.By, _ = d.str(g)
			case "lead":
				if lead, ok := d.str(g); ok && d.checkID("person", lead, g.pos()) {
					c.Lead, c.LeadPos = lead, g.pos()
				}
			default:
				d.unknownKey(g, coverKeys())
			}
		}
		if c.By == "" {
			d.add(diag.Errorf(c.Pos, diag.RuleMissingKey, fmt.Sprintf(`write %s = { role = "role-id", lead = "person-id" }`, absent),
				"cover of %q in %s has no role", absent, f.what))
			return c, false
		}
		return c, true
	default:
		d.add(diag.Errorf(c.Pos, diag.RuleType, fmt.Sprintf(`write %s = "role-id", or %s = { role = "role-id", lead = "person-id" }`, absent, absent),
			"cover of %q in %s must be a role id, not %s", absent, f.what, describe(f.v)))
		return c, false
	}
}

func (d *decoder) duty(doc *load.Doc, area, id string, m map[string]any) {
	src := Source{doc: doc, table: []string{id}}
	du := &Duty{ID: id, Area: area, Pos: doc.Pos(id), Src: src}
	what := entity{"duty", id}
	for k, v := range m {
		f := field{src: src, what: what, key: k, v: v}
		switch k {
		case "title":
			du.Title = d.text(f)
		case "notes":
			du.Notes = d.text(f)
		case "cadence":
			if s, ok := d.str(f); ok {
				c, err := ParseCadence(s)
				if err != nil {
					e := err.(*cadenceError)
					d.add(diag.Errorf(f.pos(), diag.RuleCadence, e.hint, "cadence of %s: %s", what, e.msg))
				}
				du.Cadence = c
			}
		case "accountable":
			du.Accountable = d.ids(f, true, `"role-id"`)
		case "responsible":
			du.Responsible = d.ids(f, false, `["role-id"]`)
		case "consulted":
			du.Consulted = d.ids(f, false, `["role-id"]`)
		case "informed":
			du.Informed = d.ids(f, false, `["role-id"]`)
		case "effort":
			du.Effort, _ = d.number(f, "4")
		case "coverage":
			du.Coverage = d.coverage(f)
		case "accountable_share":
			if x, ok := d.share(f, "0.2"); ok {
				du.AccountableShare = &x
			}
		case "backup":
			du.Backup, _ = d.str(f)
		case "peak":
			// decoded below: a peak gives effort or people depending on coverage
		default:
			d.unknownKey(f, dutyKeys())
		}
	}
	if du.Coverage != nil {
		if _, ok := m["effort"]; ok {
			d.add(diag.Errorf(src.Pos("effort"), diag.RuleType, "remove effort: the hours come from coverage",
				"%s has both effort and coverage", what))
		}
		du.Effort = du.Coverage.Hours(du.Coverage.People)
	}
	_, hasCoverage := m["coverage"]
	if v, ok := m["peak"]; ok && (du.Coverage != nil || !hasCoverage) {
		// A peak is read against the duty's coverage: with a coverage that has
		// errors (reported), it is not read, rather than reported as the wrong kind.
		du.Peaks = d.peaks(field{src: src, what: what, key: "peak", v: v}, du.Coverage)
	}
	d.require(src, what, "title", m)
	if first, ok := d.h.duties[id]; ok {
		d.duplicate("duty", id, du.Pos, first.Pos)
		return
	}
	du.order = len(d.h.Duties)
	d.h.duties[id] = du
	d.h.Duties = append(d.h.Duties, du)
}

// pages decodes roles/ and people/: base pages first, then translations.
func (d *decoder) pages(pages []*load.Page) {
	// Only the pages of roles/ and people/ are sorted: a handbook has many more
	// chapters, which are left alone.
	var sorted []*load.Page
	for _, p := range pages {
		if _, _, _, ok := pageKind(p.Path); ok {
			sorted = append(sorted, p)
		}
	}
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Path < sorted[j].Path })
	var translations []*load.Page
	for _, p := range sorted {
		kind, id, lang, _ := pageKind(p.Path)
		if lang != "" {
			translations = append(translations, p)
			continue
		}
		front := p.Front
		// Front matter that load could not decode (and reported): the page still
		// defines its id, so that references to it hold, but its keys are not
		// reported missing.
		broken := front == nil && (p.BodyLine > 1 || startsFrontMatter(p.Body))
		if front == nil {
			front = load.NewDoc(p.File, load.TOML, diag.Pos{File: p.File, Line: 1, Col: 1})
		}
		if !d.checkID(kind, id, diag.Pos{File: p.File}) {
			continue
		}
		body := Markdown{File: p.File, Line: p.BodyLine, Source: p.Body}
		if kind == "role" {
			d.role(p, front, id, body, broken)
		} else {
			d.person(p, front, id, body, broken)
		}
	}
	for _, p := range translations {
		d.translation(p)
	}
}

// startsFrontMatter reports whether a page without front matter still opens with a
// delimiter (front matter never closed). Such a page, or one whose body starts after
// the front matter although Front is nil, had front matter that load could not decode
// and has reported: its keys are not reported missing a second time.
func startsFrontMatter(body []byte) bool {
	return bytes.HasPrefix(body, []byte("+++")) || bytes.HasPrefix(body, []byte("---")) || bytes.HasPrefix(body, []byte("{"))
}

// DataFolders are the folders of content/ that hold handbook data rather than chapters:
// the roles and people pages and the duty files. Their _index.md, if any, is the
// landing text of the generated list page.
func DataFolders() []string { return []string{"roles", "people", "duties"} }

// IsDataPage reports whether the page at the path (relative to content/) is a role, a
// role's translation or a person: a page this package decodes.
func IsDataPage(p string) bool {
	_, _, _, ok := pageKind(p)
	return ok
}

// DataPage tells a role's or person's page by its path relative to content/
// ("roles/after-sales.en.md"): kind "role" or "person" and the id; ok is false for any
// other page.
func DataPage(p string) (kind, id string, ok bool) {
	kind, id, _, ok = pageKind(p)
	return kind, id, ok
}

// pageKind tells a role or person page by its path: roles/<id>.md, roles/<id>.<lang>.md,
// people/<id>.md (in subfolders too). Section pages (_index.md) are not roles.
func pageKind(p string) (kind, id, lang string, ok bool) {
	top, _, found := strings.Cut(p, "/")
	if !found || path.Ext(p) != ".md" {
		return "", "", "", false
	}
	switch top {
	case "roles":
		kind = "role"
	case "people":
		kind = "person"
	default:
		return "", "", "", false
	}
	name := strings.TrimSuffix(path.Base(p), ".md")
	if name == "_index" || name == "index" {
		return "", "", "", false
	}
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return kind, name[:i], name[i+1:], true
	}
	return kind, name, "", true
}

func (d *decoder) role(p *load.Page, front *load.Doc, id string, body Markdown, broken bool) {
	src := Source{doc: front}
	r := &Role{ID: id, File: p.File, Pos: front.Start, Src: src, Headcount: 1, Body: map[string]Markdown{d.def: body}}
	what := entity{"role", id}
	for k, v := range front.Data {
		f := field{src: src, what: what, key: k, v: v}
		switch k {
		case "title":
			r.Title = d.text(f)
		case "summary":
			r.Summary = d.text(f)
		case "area":
			if area, ok := d.str(f); ok && (area == "" || d.checkID("area", area, f.pos())) {
				r.Area = area
			}
		case "stage":
			r.Stage, _ = d.str(f)
		case "reports_to":
			r.ReportsTo, _ = d.str(f)
		case "headcount":
			// A wrong headcount is reported; the role keeps the default of 1, so that
			// its holders are not also reported as too many.
			if n, ok := d.count(f, "2"); ok {
				r.Headcount = n
			}
		case "lead":
			if lead, ok := d.str(f); ok && d.checkID("person", lead, f.pos()) {
				r.Lead = lead
			}
		case "next":
			r.Next = d.ids(f, false, `["role-id"]`)
		case "onboarding":
			r.Onboarding = d.texts(f)
		case "skills":
			r.Skills = d.levels(f, 1, 4)
		case "preferred":
			r.Preferred = d.levels(f, 1, 4)
		default:
			d.unknownKey(f, roleKeys())
		}
	}
	if !broken {
		d.require(src, what, "title", front.Data)
	}
	if first, ok := d.h.roles[id]; ok {
		d.duplicate("role", id, r.Pos, first.Pos)
		return
	}
	d.h.roles[id] = r
}

// translation merges roles/<id>.<lang>.md into its role: title, summary, onboarding
// and the body, in that language.
func (d *decoder) translation(p *load.Page) {
	kind, id, lang, _ := pageKind(p.Path)
	file := diag.Pos{File: p.File}
	if kind != "role" {
		d.add(diag.Errorf(file, diag.RuleLanguage, fmt.Sprintf("give the name as a table: name = { %s = \"...\" }", d.def),
			"person pages are not translated: %s", p.Path))
		return
	}
	for _, l := range d.langs { // file names are matched as pages' are: in any case
		if strings.EqualFold(l, lang) {
			lang = l
			break
		}
	}
	if !d.langSet[lang] || lang == d.def {
		hint := diag.DidYouMean(lang, d.langs)
		if hint == "" {
			hint = "configured languages: " + strings.Join(d.langs, ", ")
		}
		msg := "unknown language %q in the file name of role %q"
		if lang == d.def {
			msg, hint = "language %q of the translation of role %q is the default language", fmt.Sprintf("write it in roles/%s.md", id)
		}
		d.add(diag.Errorf(file, diag.RuleLanguage, hint, msg, lang, id))
		return
	}
	r := d.h.roles[id]
	if r == nil {
		d.add(diag.Errorf(file, diag.RuleReference, fmt.Sprintf("add roles/%s.md or rename this file", id),
			"translation of role %q has no page roles/%s.md", id, id))
		return
	}
	r.Body[lang] = Markdown{File: p.File, Line: p.BodyLine, Source: p.Body}
	if p.Front == nil {
		return
	}
	src := Source{doc: p.Front}
	what := entity{"the " + lang + " translation of role", id}
	for k, v := range p.Front.Data {
		f := field{src: src, what: what, key: k, v: v}
		switch k {
		case "title", "summary":
			s, ok := d.str(f)
			if !ok {
				continue
			}
			t := &r.Title
			if k == "summary" {
				t = &r.Summary
			}
			if *t == nil {
				*t = Text{}
			}
			(*t)[lang] = s
		case "onboarding":
			items := d.texts(f)
			if len(items) != len(r.Onboarding) {
				d.add(diag.Errorf(f.pos(), diag.RuleType, fmt.Sprintf("translate each of the %d items of roles/%s.md, in order", len(r.Onboarding), id),
					"onboarding of %s has %d items, not %d", what, len(items), len(r.Onboarding)))
				continue
			}
			for i, t := range items {
				if s, ok := t[d.def]; ok && r.Onboarding[i] != nil {
					r.Onboarding[i][lang] = s
				}
			}
		default:
			hint := diag.DidYouMean(k, translationKeys())
			if hint == "" {
				hint = fmt.Sprintf("only title, summary and onboarding are translated; set %s in roles/%s.md", k, id)
			}
			d.add(diag.Errorf(f.pos(), diag.RuleUnknownKey, hint, "unknown key %q in %s", k, what))
		}
	}
}

func (d *decoder) person(p *load.Page, front *load.Doc, id string, body Markdown, broken bool) {
	src := Source{doc: front}
	pe := &Person{ID: id, File: p.File, Pos: front.Start, Src: src, Capacity: 1, Body: body}
	what := entity{"person", id}
	for k, v := range front.Data {
		f := field{src: src, what: what, key: k, v: v}
		switch k {
		case "name":
			pe.Name = d.text(f)
		case "roles":
			pe.Roles = d.ids(f, false, `["role-id"]`)
		case "skills":
			pe.Skills = d.levels(f, 0, 4)
		case "interests":
			pe.Interests = d.ids(f, false, `["skill-id"]`)
		case "capacity":
			pe.Capacity, _ = d.number(f, "0.5")
		case "started":
			pe.Started = d.date(f)
		case "share":
			pe.Shares = d.roleShares(f)
		case "assessed":
			pe.Assessed = d.assessed(f)
		default:
			d.unknownKey(f, personKeys())
		}
	}
	if !broken {
		d.require(src, what, "name", front.Data)
	}
	if first, ok := d.h.people[id]; ok {
		d.duplicate("person", id, pe.Pos, first.Pos)
		return
	}
	d.h.people[id] = pe
}

// cadenceError is a cadence that looks like a known kind but is not valid.
type cadenceError struct{ msg, hint string }

func (e *cadenceError) Error() string { return e.msg }

func cadenceKinds() []string { return []string{"daily", "weekly", "monthly", "quarterly"} }

func weekdays() []string { return []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"} }

// ParseCadence parses a duty's cadence (see the package comment). Free text gives Kind
// "", and an error only when it looks like a misspelt kind or a bad day of a known kind.
func ParseCadence(s string) (Cadence, error) {
	c := Cadence{Text: s}
	head, day, hasDay := strings.Cut(strings.TrimSpace(s), ":")
	kind := strings.ToLower(head)
	switch kind {
	case "daily":
		if hasDay {
			return c, &cadenceError{fmt.Sprintf("%q takes no day", "daily"), `write "daily"`}
		}
		c.Kind = kind
		return c, nil
	case "weekly":
		c.Kind = kind
		if !hasDay {
			return c, nil
		}
		for i, w := range weekdays() {
			if strings.EqualFold(day, w) {
				c.Day = i + 1
				return c, nil
			}
		}
		hint := diag.DidYouMean(strings.ToLower(day), weekdays())
		if hint == "" {
			hint = "days are " + strings.Join(weekdays(), ", ")
		}
		return Cadence{Text: s}, &cadenceError{fmt.Sprintf("unknown weekday %q", day), hint}
	case "monthly", "quarterly":
		c.Kind = kind
		if !hasDay {
			return c, nil
		}
		n, err := strconv.Atoi(day)
		if err != nil || n < 1 || n > 31 {
			return Cadence{Text: s}, &cadenceError{fmt.Sprintf("day %q is not a day of the month (1-31)", day), fmt.Sprintf(`write "%s:15"`, kind)}
		}
		c.Day = n
		return c, nil
	}
	if strings.ContainsAny(s, " \t") {
		return c, nil // free text
	}
	if sug := diag.Suggest(kind, cadenceKinds()); sug != "" {
		return c, &cadenceError{fmt.Sprintf("unknown cadence %q", s), fmt.Sprintf("did you mean %q?", sug)}
	}
	return c, nil
}

// index builds the lookups of the queries, in time linear in the size of the handbook.
func (h *Handbook) index() {
	h.Roles = sortedValues(h.roles)
	h.People = sortedValues(h.people)
	h.holders = map[string][]*Person{}
	for _, p := range h.People {
		for i, r := range p.Roles {
			if !contains(p.Roles[:i], r) {
				h.holders[r] = append(h.holders[r], p)
			}
		}
	}
	h.reports = map[string][]*Role{}
	for _, r := range h.Roles {
		if r.ReportsTo != "" {
			h.reports[r.ReportsTo] = append(h.reports[r.ReportsTo], r)
		}
	}
	h.byRole = map[string]*RoleDuties{}
	for _, du := range h.Duties {
		h.file(du, du.Accountable, func(rd *RoleDuties) *[]*Duty { return &rd.Accountable })
		h.file(du, du.Responsible, func(rd *RoleDuties) *[]*Duty { return &rd.Responsible })
		h.file(du, du.Consulted, func(rd *RoleDuties) *[]*Duty { return &rd.Consulted })
		h.file(du, du.Informed, func(rd *RoleDuties) *[]*Duty { return &rd.Informed })
	}
	h.owners = make(map[string]map[string]string, len(h.Stages))
	for _, s := range h.Stages {
		h.owners[s.ID] = h.fold(s)
	}
}

func (h *Handbook) file(du *Duty, roles []string, list func(*RoleDuties) *[]*Duty) {
	for _, r := range roles {
		rd := h.byRole[r]
		if rd == nil {
			rd = &RoleDuties{}
			h.byRole[r] = rd
		}
		l := list(rd)
		if n := len(*l); n > 0 && (*l)[n-1] == du {
			continue // the same role twice in one list
		}
		*l = append(*l, du)
	}
}

// fold maps every role that is known, in the stage, or covered at the stage to the
// role that owns its duties there: itself when present, else the end of its cover
// chain, or "" when the chain ends at an absent, uncovered role or loops. Each role is
// walked once.
func (h *Handbook) fold(s *Stage) map[string]string {
	out := make(map[string]string, len(h.Roles)+len(s.Covers))
	const walking = "\x00"
	var chain []string
	resolve := func(r string) {
		chain = chain[:0]
		cur, owner := r, ""
		for {
			if v, ok := out[cur]; ok {
				if v != walking {
					owner = v
				}
				break
			}
			if s.has[cur] {
				owner = cur
				out[cur] = cur
				break
			}
			by, ok := s.covered[cur]
			if !ok {
				break
			}
			out[cur] = walking
			chain = append(chain, cur)
			cur = by
		}
		for _, c := range chain {
			out[c] = owner
		}
		if _, ok := out[r]; !ok {
			out[r] = owner
		}
	}
	for _, r := range h.Roles {
		resolve(r.ID)
	}
	for _, r := range s.Roles {
		resolve(r)
	}
	for _, c := range s.Covers {
		resolve(c.Absent)
	}
	return out
}

func sortedValues[T any](m map[string]*T) []*T {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]*T, len(keys))
	for i, k := range keys {
		out[i] = m[k]
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
