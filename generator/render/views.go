package render

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html/template"
	"sort"
	"strconv"
	"strings"

	"github.com/rolebook/rolebook/generator/config"
	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/handbook"
	"github.com/rolebook/rolebook/generator/markdown"
	"github.com/rolebook/rolebook/generator/site"
)

// The kinds of the generated handbook pages.
const (
	KindRoles  site.Kind = "roles"
	KindRole   site.Kind = "role"
	KindPeople site.Kind = "people"
	KindPerson site.Kind = "person"
	KindDuty   site.Kind = "duty"
	KindMatrix site.Kind = "matrix"
	KindOwners site.Kind = "owners"
)

// AddPages adds the handbook's generated pages (roles, people, duties, matrix, owners)
// to every language of set, titled in that language. Call it before set.Finish.
func AddPages(set *site.Set, hb *handbook.Handbook, theme Overlay) []diag.Diagnostic {
	var diags []diag.Diagnostic
	if hb == nil {
		return nil
	}
	for _, s := range set.Sites {
		words, ds := loadI18n(theme, s.Lang)
		diags = append(diags, ds...)
		def, _ := loadI18n(theme, set.Default)
		t := i18n{words, def}.T
		text := func(x handbook.Text) string { return x.Get(s.Lang, set.Default) }
		add := func(kind site.Kind, key, title string, data any) {
			set.Add(&site.Page{Kind: kind, Lang: s.Lang, Key: key, Title: title, Data: data})
		}
		if len(hb.Roles) > 0 {
			add(KindRoles, "roles", t("roles"), nil)
			for _, r := range hb.Roles {
				add(KindRole, "roles/"+r.ID, text(r.Title), r.ID)
			}
		}
		if len(hb.People) > 0 {
			add(KindPeople, "people", t("people"), nil)
			for _, p := range hb.People {
				add(KindPerson, "people/"+p.ID, text(p.Name), p.ID)
			}
		}
		if len(hb.Duties) > 0 {
			for _, d := range hb.Duties {
				add(KindDuty, "duties/"+d.ID, text(d.Title), d.ID)
			}
			add(KindMatrix, "matrix", t("matrix"), nil)
			add(KindOwners, "owners", t("owners"), nil)
		}
		addTeamPages(hb, add, t)
		for _, p := range printPages(s.Lang, hb, t, text) {
			set.Add(p)
		}
	}
	return diags
}

// Views are the handbook as one language's pages show it. They are built once per
// language, before any page renders, and only read afterwards.
type Views struct {
	hb    *handbook.Handbook
	lang  string
	def   string
	stage string
	site  *site.Site
	t     func(string, ...any) string

	roles  map[string]*RoleRef
	people map[string]*PersonRef
	duties map[string]*DutyRef
	order  map[string]int // duty id -> index in file order
	lazy   lazyTeam       // the team pages' view, built on first use

	// Roles are all roles, by id; Areas the roles and duties grouped by area.
	Roles  []*RoleRef
	People []*PersonRef
	Areas  []*Area
	// Matrix is the duty-by-role table.
	Matrix *Matrix
	// CurrentStage is the stage owners are computed at.
	CurrentStage string
	// Links are the handbook's main pages, for the home page.
	Links []Card
}

// Card is a link with a line of text.
type Card struct {
	Title, URL, Text string
}

// RoleRef is a role with its page and holders.
type RoleRef struct {
	ID, Title, URL string
	Role           *handbook.Role
	Holders        []*PersonRef
	// Present says whether the role exists at the current stage.
	Present bool
	// CoveredBy is, for a role absent at the current stage, the role doing its duties.
	CoveredBy *RoleRef
	// Covers are the absent roles whose duties this role takes at the current stage.
	Covers []*RoleRef
}

// Vacant reports whether a role that exists at the current stage has nobody in it.
func (r *RoleRef) Vacant() bool { return r.Present && len(r.Holders) == 0 }

// PersonRef is a person with their page.
type PersonRef struct {
	ID, Name, URL string
	Person        *handbook.Person
}

// DutyRef is a duty with its page and its owner at the current stage.
type DutyRef struct {
	ID, Title, URL, Area string
	Duty                 *handbook.Duty
	Cadence              string
	// Owner is the role that owns the duty at the current stage (its accountable role,
	// or the role covering for it); nil when it has none.
	Owner *RoleRef
}

// Area groups the roles and duties of one area.
type Area struct {
	ID     string
	Roles  []*RoleRef
	Duties []*DutyRef
}

// Matrix is the accountability matrix: duties (rows, by area) by roles (columns).
type Matrix struct {
	Columns []*RoleRef
	Groups  []MatrixGroup
}

// MatrixGroup is one area's rows.
type MatrixGroup struct {
	Area string
	Rows []MatrixRow
}

// MatrixRow is one duty with a cell per column: "A", "R", "C", "I" or "".
type MatrixRow struct {
	Duty  *DutyRef
	Cells []string
}

func newViews(hb *handbook.Handbook, set *site.Set, s *site.Site, cfg *config.Config, t func(string, ...any) string) *Views {
	v := &Views{hb: hb, lang: s.Lang, def: set.Default, site: s, t: t,
		roles: map[string]*RoleRef{}, people: map[string]*PersonRef{}, duties: map[string]*DutyRef{}, order: map[string]int{}}
	if hb == nil {
		return v
	}
	v.stage = cfg.Stage
	if v.stage == "" && len(hb.Stages) > 0 {
		v.stage = hb.Stages[len(hb.Stages)-1].ID
	}
	v.CurrentStage = v.stage
	stage := hb.Stage(v.stage)
	url := func(key string) string {
		if p := s.Page(key); p != nil {
			return p.URL
		}
		return ""
	}
	for _, p := range hb.People {
		ref := &PersonRef{ID: p.ID, Name: v.text(p.Name), URL: url("people/" + p.ID), Person: p}
		v.people[p.ID] = ref
		v.People = append(v.People, ref)
	}
	areas := map[string]*Area{}
	area := func(id string) *Area {
		if a := areas[id]; a != nil {
			return a
		}
		a := &Area{ID: id}
		areas[id] = a
		return a
	}
	for _, id := range hb.Areas() {
		v.Areas = append(v.Areas, area(id))
	}
	for _, r := range hb.Roles {
		ref := &RoleRef{ID: r.ID, Title: v.text(r.Title), URL: url("roles/" + r.ID), Role: r, Present: stage == nil || stage.Has(r.ID)}
		for _, p := range hb.HoldersOf(r.ID) {
			ref.Holders = append(ref.Holders, v.people[p.ID])
		}
		v.roles[r.ID] = ref
		v.Roles = append(v.Roles, ref)
		a := areas[r.Area]
		if a == nil {
			a = area(r.Area)
			v.Areas = append(v.Areas, a)
		}
		a.Roles = append(a.Roles, ref)
	}
	for _, ref := range v.Roles {
		if ref.Present || stage == nil {
			continue
		}
		if by := v.roles[hb.OwnerRoleAt(ref.ID, v.stage)]; by != nil && by != ref {
			ref.CoveredBy = by
			by.Covers = append(by.Covers, ref)
		}
	}
	for i, d := range hb.Duties {
		v.order[d.ID] = i
		ref := &DutyRef{ID: d.ID, Title: v.text(d.Title), URL: url("duties/" + d.ID), Area: d.Area, Duty: d, Cadence: v.cadence(d.Cadence)}
		if o := hb.OwnerAt(d.ID, v.stage); o != nil {
			ref.Owner = v.roles[o.ID]
		} else if len(d.Accountable) == 1 {
			ref.Owner = v.roles[d.Accountable[0]]
		}
		v.duties[d.ID] = ref
		area(d.Area).Duties = append(area(d.Area).Duties, ref)
	}
	m := &Matrix{Columns: v.Roles}
	col := make(map[string]int, len(v.Roles))
	for i, r := range v.Roles {
		col[r.ID] = i
	}
	for _, a := range v.Areas {
		if len(a.Duties) == 0 {
			continue
		}
		g := MatrixGroup{Area: a.ID}
		for _, d := range a.Duties {
			row := MatrixRow{Duty: d, Cells: make([]string, len(v.Roles))}
			set := func(ids []string, l string) {
				for _, id := range ids {
					if i, ok := col[id]; ok && row.Cells[i] == "" {
						row.Cells[i] = l
					}
				}
			}
			set(d.Duty.Accountable, "A")
			set(d.Duty.Responsible, "R")
			set(d.Duty.Consulted, "C")
			set(d.Duty.Informed, "I")
			g.Rows = append(g.Rows, row)
		}
		m.Groups = append(m.Groups, g)
	}
	v.Matrix = m
	return v
}

func (v *Views) text(t handbook.Text) string { return t.Get(v.lang, v.def) }

func (v *Views) cadence(c handbook.Cadence) string {
	if c.Kind == "" {
		return c.Text
	}
	s := v.t("cadence_" + c.Kind)
	switch {
	case c.Day == 0:
	case c.Kind == "weekly":
		s += " · " + v.t("weekday_"+strconv.Itoa(c.Day))
	default:
		s += " · " + v.t("day_of_month", c.Day)
	}
	return s
}

// Role returns the role with the id, or nil.
func (v *Views) Role(id string) *RoleRef { return v.roles[id] }

// Person returns the person with the id, or nil.
func (v *Views) Person(id string) *PersonRef { return v.people[id] }

// Duty returns the duty with the id, or nil.
func (v *Views) Duty(id string) *DutyRef { return v.duties[id] }

// RoleView is what a role page shows.
type RoleView struct {
	*RoleRef
	Summary    string
	Body       template.HTML
	ReportsTo  *RoleRef
	Reports    []*RoleRef
	Next       []*RoleRef
	Onboarding []string
	Skills     []SkillView
	Preferred  []SkillView
	Stage      string
	// Duties by letter.
	A, R, C, I []*DutyRef
}

// SkillView is a skill with a level.
type SkillView struct {
	ID, Name, Description string
	Level                 int
	// LevelText says what the level means for this skill, when the skill defines it.
	LevelText string
}

// PersonView is a person's "my responsibilities" page.
type PersonView struct {
	*PersonRef
	Roles     []*RoleRef
	Groups    []TouchGroup
	Skills    []SkillView
	Interests []SkillView
	Bio       template.HTML
	// Growth are the roles the person can grow into, readiest first.
	Growth []GrowthView
}

// TouchGroup is the duties a person touches with one letter.
type TouchGroup struct {
	Letter string
	Title  string
	Items  []TouchItem
}

// TouchItem is one duty a person touches, with the one owner to go to.
type TouchItem struct {
	Duty    *DutyRef
	Letters string
	Via     []*RoleRef
}

// DutyView is a duty's page.
type DutyView struct {
	*DutyRef
	Notes      string
	Effort     float64
	A, R, C, I []*RoleRef
}

// prepare fills the handbook part of a generated page's data.
func (v *Views) prepare(p *site.Page, d *PageData, r *renderer) {
	id, _ := p.Data.(string)
	switch p.Kind {
	case KindRole:
		d.Role = v.roleView(id, d, r)
	case KindPerson:
		d.Person = v.personView(id, r)
	case KindDuty:
		d.Duty = v.dutyView(id)
	case KindAssignments, KindSkills, KindStages, KindOrg:
		d.Team = v.team(r)
	case KindPrint, KindRolePrint:
		d.Print = v.printView(p, r)
	}
}

func (v *Views) refs(ids []string) []*RoleRef {
	out := make([]*RoleRef, 0, len(ids))
	for _, id := range ids {
		if r := v.roles[id]; r != nil {
			out = append(out, r)
		}
	}
	return out
}

func (v *Views) skills(levels []handbook.SkillLevel) []SkillView {
	out := make([]SkillView, 0, len(levels))
	for _, l := range levels {
		sv := SkillView{ID: l.Skill, Name: l.Skill, Level: l.Level}
		if s := v.hb.Skill(l.Skill); s != nil {
			sv.Name, sv.Description = v.text(s.Name), v.text(s.Description)
			if l.Level >= 0 && l.Level < len(s.Levels) {
				sv.LevelText = v.text(s.Levels[l.Level])
			}
		}
		out = append(out, sv)
	}
	return out
}

func (v *Views) roleView(id string, d *PageData, r *renderer) *RoleView {
	ref := v.roles[id]
	if ref == nil {
		return nil
	}
	role := ref.Role
	rv := &RoleView{RoleRef: ref, Summary: v.text(role.Summary), ReportsTo: v.roles[role.ReportsTo],
		Next: v.refs(role.Next), Skills: v.skills(role.Skills), Preferred: v.skills(role.Preferred)}
	for _, rep := range v.hb.DirectReports(id) {
		rv.Reports = append(rv.Reports, v.roles[rep.ID])
	}
	for _, o := range role.Onboarding {
		rv.Onboarding = append(rv.Onboarding, v.text(o))
	}
	if st := v.hb.Stage(role.Stage); st != nil {
		rv.Stage = v.text(st.Title)
	}
	rd := v.hb.DutiesOf(id)
	conv := func(ds []*handbook.Duty) []*DutyRef {
		out := make([]*DutyRef, 0, len(ds))
		for _, x := range ds {
			out = append(out, v.duties[x.ID])
		}
		return out
	}
	rv.A, rv.R, rv.C, rv.I = conv(rd.Accountable), conv(rd.Responsible), conv(rd.Consulted), conv(rd.Informed)
	body, ok := role.Body[v.lang]
	if !ok {
		body = role.Body[v.def]
	}
	if len(body.Source) > 0 {
		rv.Body = r.markdown(v, body, d)
	}
	return rv
}

func (v *Views) personView(id string, r *renderer) *PersonView {
	ref := v.people[id]
	if ref == nil {
		return nil
	}
	p := ref.Person
	pv := &PersonView{PersonRef: ref, Roles: v.refs(p.Roles), Interests: v.skills(interests(p.Interests)), Growth: v.growth(id, r)}
	if r.in.Config.Privacy.SkillLevels {
		pv.Skills = v.skills(p.Skills)
	}
	groups := map[byte]*TouchGroup{}
	order := []byte("ARCI")
	titles := map[byte]string{'A': v.t("accountable"), 'R': v.t("responsible"), 'C': v.t("consulted"), 'I': v.t("informed")}
	for _, l := range order {
		groups[l] = &TouchGroup{Letter: string(l), Title: titles[l]}
	}
	for _, t := range v.touches(p) {
		// A duty is listed once, under the strongest letter the person has on it.
		g := groups[t.Letters[0]]
		g.Items = append(g.Items, t)
	}
	for _, l := range order {
		if len(groups[l].Items) > 0 {
			pv.Groups = append(pv.Groups, *groups[l])
		}
	}
	if len(p.Body.Source) > 0 {
		pv.Bio = r.markdown(v, p.Body, nil)
	}
	return pv
}

// touches lists every duty a person touches at the current stage: through the roles
// they hold and through the absent roles those roles cover, in duty order.
func (v *Views) touches(p *handbook.Person) []TouchItem {
	var out []TouchItem
	index := map[string]int{}
	add := func(ds []*handbook.Duty, letter byte, via *RoleRef) {
		for _, d := range ds {
			i, ok := index[d.ID]
			if !ok {
				i = len(out)
				index[d.ID] = i
				out = append(out, TouchItem{Duty: v.duties[d.ID]})
			}
			t := &out[i]
			if !strings.ContainsRune(t.Letters, rune(letter)) {
				t.Letters += string(letter)
			}
			if len(t.Via) == 0 || t.Via[len(t.Via)-1] != via {
				t.Via = append(t.Via, via)
			}
		}
	}
	for _, held := range p.Roles {
		ref := v.roles[held]
		if ref == nil {
			continue
		}
		// A held role the current stage does not have does nothing yet: the role
		// covering it does its duties (check warns about it).
		roles := ref.Covers
		if ref.Present {
			roles = append([]*RoleRef{ref}, ref.Covers...)
		}
		for _, r := range roles {
			rd := v.hb.DutiesOf(r.ID)
			add(rd.Accountable, 'A', ref)
			add(rd.Responsible, 'R', ref)
			add(rd.Consulted, 'C', ref)
			add(rd.Informed, 'I', ref)
		}
	}
	for i := range out {
		var b []byte
		for _, l := range "ARCI" {
			if strings.ContainsRune(out[i].Letters, l) {
				b = append(b, byte(l))
			}
		}
		out[i].Letters = string(b)
	}
	sort.SliceStable(out, func(i, j int) bool { return v.order[out[i].Duty.ID] < v.order[out[j].Duty.ID] })
	return out
}

func interests(ids []string) []handbook.SkillLevel {
	out := make([]handbook.SkillLevel, len(ids))
	for i, id := range ids {
		out[i] = handbook.SkillLevel{Skill: id, Level: -1}
	}
	return out
}

func (v *Views) dutyView(id string) *DutyView {
	ref := v.duties[id]
	if ref == nil {
		return nil
	}
	d := ref.Duty
	return &DutyView{DutyRef: ref, Notes: v.text(d.Notes), Effort: d.Effort,
		A: v.refs(d.Accountable), R: v.refs(d.Responsible), C: v.refs(d.Consulted), I: v.refs(d.Informed)}
}

// resolve maps role:, duty:, person: and skill: links to pages of this language.
func (v *Views) resolve(scheme, id string) (string, bool, string, string) {
	id, frag, _ := strings.Cut(id, "#")
	var u string
	var known []string
	switch scheme {
	case "role":
		if r := v.roles[id]; r != nil {
			u = r.URL
		}
		for k := range v.roles {
			known = append(known, k)
		}
	case "duty":
		if d := v.duties[id]; d != nil {
			u = d.URL
		}
		for k := range v.duties {
			known = append(known, k)
		}
	case "person":
		if p := v.people[id]; p != nil {
			u = p.URL
		}
		for k := range v.people {
			known = append(known, k)
		}
	default:
		return "", false, fmt.Sprintf("unknown link scheme %q", scheme+":"), "use role:, duty: or person: followed by an id, or a relative link to a .md file"
	}
	if u == "" {
		hint := diag.DidYouMean(id, known)
		if hint == "" {
			hint = fmt.Sprintf("link to an existing %s id", scheme)
		}
		return "", false, fmt.Sprintf("no %s %q", scheme, id), hint
	}
	if frag != "" {
		u += "#" + frag
	}
	return u, true, "", ""
}

// markdown renders a role's or person's Markdown body with link resolution.
func (r *renderer) markdown(v *Views, m handbook.Markdown, d *PageData) template.HTML {
	res, diags := r.in.Markdown.Render(m.Source, markdown.Context{File: m.File, FirstLine: m.Line,
		Resolver: &resolver{r: r, lc: r.langs[v.lang], from: strings.TrimPrefix(m.File, "content/")}})
	r.diags.Add(diags...)
	if d != nil && len(res.TOC) > 0 {
		d.TOC = res.TOC
	}
	return template.HTML(res.HTML) // sanitised by the markdown package
}

// writeData writes matrix.csv and matrix.json beside each language's matrix page.
func (r *renderer) writeData() {
	for _, s := range r.in.Sites.Sites {
		mp := s.Page("matrix")
		if mp == nil {
			continue
		}
		v := r.langs[s.Lang].hb
		dir := strings.TrimSuffix(mp.Out, "index.html")
		r.write(dir+"matrix.csv", v.matrixCSV())
		b, err := v.matrixJSON()
		if err != nil {
			r.diags.Add(diag.Errorf(diag.Pos{File: dir + "matrix.json"}, "write", "", "cannot encode: %v", err))
			continue
		}
		r.write(dir+"matrix.json", b)
	}
}

// CSVCell neutralises a spreadsheet cell against formula injection: a cell that starts
// with =, +, -, @, a tab or a carriage return gets a leading apostrophe.
func CSVCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func (v *Views) matrixCSV() []byte {
	var b bytes.Buffer
	b.WriteString("\ufeff") // Excel and WPS read UTF-8 CSV with a byte order mark
	w := csv.NewWriter(&b)
	head := []string{v.t("area"), "id", v.t("duty"), v.t("owner")}
	for _, c := range v.Matrix.Columns {
		head = append(head, CSVCell(c.Title))
	}
	_ = w.Write(head)
	for _, g := range v.Matrix.Groups {
		for _, row := range g.Rows {
			owner := ""
			if row.Duty.Owner != nil {
				owner = row.Duty.Owner.Title
			}
			rec := []string{CSVCell(g.Area), CSVCell(row.Duty.ID), CSVCell(row.Duty.Title), CSVCell(owner)}
			rec = append(rec, row.Cells...)
			_ = w.Write(rec)
		}
	}
	w.Flush()
	return b.Bytes()
}

type jsonRole struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Area  string `json:"area"`
	URL   string `json:"url"`
}

type jsonDuty struct {
	ID          string   `json:"id"`
	Area        string   `json:"area"`
	Title       string   `json:"title"`
	Cadence     string   `json:"cadence"`
	Effort      float64  `json:"effort"`
	Owner       string   `json:"owner"`
	Accountable []string `json:"accountable"`
	Responsible []string `json:"responsible"`
	Consulted   []string `json:"consulted"`
	Informed    []string `json:"informed"`
	URL         string   `json:"url"`
}

func (v *Views) matrixJSON() ([]byte, error) {
	out := struct {
		Language string     `json:"language"`
		Stage    string     `json:"stage"`
		Roles    []jsonRole `json:"roles"`
		Duties   []jsonDuty `json:"duties"`
	}{Language: v.lang, Stage: v.stage, Roles: []jsonRole{}, Duties: []jsonDuty{}}
	for _, r := range v.Roles {
		out.Roles = append(out.Roles, jsonRole{r.ID, r.Title, r.Role.Area, r.URL})
	}
	nz := func(s []string) []string {
		if s == nil {
			return []string{}
		}
		return s
	}
	for _, g := range v.Matrix.Groups {
		for _, row := range g.Rows {
			d := row.Duty.Duty
			owner := ""
			if row.Duty.Owner != nil {
				owner = row.Duty.Owner.ID
			}
			out.Duties = append(out.Duties, jsonDuty{d.ID, d.Area, row.Duty.Title, d.Cadence.Text, d.Effort, owner,
				nz(d.Accountable), nz(d.Responsible), nz(d.Consulted), nz(d.Informed), row.Duty.URL})
		}
	}
	// json.Marshal escapes <, > and & as \u003c..., so the file is safe to inline too.
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
