package views

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/rolebook/rolebook/generator/config"
	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/handbook"
	"github.com/rolebook/rolebook/generator/report"
	"github.com/rolebook/rolebook/generator/site"
	"github.com/rolebook/rolebook/generator/theme"
)

// Views are the handbook as one language's pages show it. They are built once per
// language, before any page renders, and only read afterwards.
type Views struct {
	hb    *handbook.Handbook
	lang  string
	def   string
	site  *site.Site
	words theme.Words
	opts  Options
	fold  *handbook.Folding
	team  *report.Team // the analysis the opted-in team views read; nil without data

	roles  map[string]*RoleRef
	people map[string]*PersonRef
	duties map[string]*DutyRef

	// Roles are all roles, by id; People everyone, by id; Areas the roles and duties
	// grouped by area.
	Roles  []*RoleRef
	People []*PersonRef
	Areas  []*Area
	// Stage is the current stage (nil when the handbook has no stages); Stages every
	// stage in order.
	Stage  *StageRef
	Stages []*StageRef
	// Matrix is the accountability matrix of the current stage; Matrices holds it and
	// the matrix of every other stage, in stage order.
	Matrix   *Matrix
	Matrices []*Matrix
	// Links are the handbook's main pages, for the home page.
	Links []Card
	// Team is what the team pages show.
	Team *TeamView
}

// Card is a link with a line of text.
type Card struct {
	Title, URL, Text string
}

// StageRef is a stage with its matrix page.
type StageRef struct {
	ID, Title string
	Stage     *handbook.Stage
	Current   bool
	// MatrixURL is the address of the stage's matrix page.
	MatrixURL string
}

// RoleRef is a role with its page and holders.
type RoleRef struct {
	ID, Title, URL string
	Role           *handbook.Role
	Holders        []*PersonRef
	// Lead is the holder the role's lead key names, when it is one of the holders.
	Lead *PersonRef
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

// DutyRef is a duty with its page and who answers for it at the current stage.
type DutyRef struct {
	ID, Title, URL, Area string
	Duty                 *handbook.Duty
	Cadence              string
	// Line is the duty at the current stage: the one folding every view shows.
	Line *handbook.Line
	// Owner is the role accountable at the current stage (its accountable role, or the
	// role covering for it); nil when it has none.
	Owner *RoleRef
	// Covering says Owner covers for the absent accountable role.
	Covering bool
	// Person is the one person to ask; nil when the owner has no holder, or several
	// and no lead (Holders then lists them).
	Person *PersonRef
	// Holders are the people who hold Owner.
	Holders []*PersonRef
}

// Shared reports whether the owner has several holders and none is named the lead:
// the duty has no single person to ask (check warns about it).
func (d *DutyRef) Shared() bool { return d.Person == nil && len(d.Holders) > 1 }

// Area groups the roles and duties of one area.
type Area struct {
	ID     string
	Roles  []*RoleRef
	Duties []*DutyRef
}

// Build returns the views of every language of set, by language code. Call it after
// set.Finish, with the words of each language.
func Build(hb *handbook.Handbook, set *site.Set, words map[string]theme.Words, opts Options) map[string]*Views {
	out := make(map[string]*Views, len(set.Sites))
	var team *report.Team
	if hb != nil {
		team = report.NewTeam(hb, report.Options{Stage: currentID(hb, opts.Stage), MaxAccountable: opts.MaxAccountable, Settings: opts.Report})
	}
	for _, s := range set.Sites {
		out[s.Lang] = newViews(hb, set, s, words[s.Lang], opts, team)
	}
	return out
}

func currentID(hb *handbook.Handbook, id string) string {
	if st := currentStage(hb, id); st != nil {
		return st.ID
	}
	return ""
}

func newViews(hb *handbook.Handbook, set *site.Set, s *site.Site, words theme.Words, opts Options, team *report.Team) *Views {
	v := &Views{hb: hb, lang: s.Lang, def: set.Default, site: s, words: words, opts: opts, team: team,
		roles: map[string]*RoleRef{}, people: map[string]*PersonRef{}, duties: map[string]*DutyRef{}}
	for _, key := range NavKeys() {
		// Only the generated pages: a content page of that name is in the nav already.
		if p := s.Page(key); p != nil && string(p.Kind) == key {
			v.Links = append(v.Links, Card{Title: p.Title, URL: p.URL, Text: words.T(key + "_intro")})
		}
	}
	if hb == nil {
		v.Team = &TeamView{}
		return v
	}
	cur := currentStage(hb, opts.Stage)
	v.fold = hb.Fold(currentID(hb, opts.Stage))
	for _, st := range hb.Stages {
		ref := &StageRef{ID: st.ID, Title: v.text(st.Title), Stage: st, Current: st == cur}
		key := "matrix/" + st.ID
		if ref.Current {
			key = "matrix"
		}
		ref.MatrixURL = v.url(key)
		v.Stages = append(v.Stages, ref)
		if ref.Current {
			v.Stage = ref
		}
	}
	for _, p := range hb.People {
		ref := &PersonRef{ID: p.ID, Name: v.text(p.Name), URL: v.url("people/" + p.ID), Person: p}
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
		v.Areas = append(v.Areas, a)
		return a
	}
	for _, id := range hb.Areas() {
		area(id)
	}
	for _, r := range hb.Roles {
		ref := &RoleRef{ID: r.ID, Title: v.text(r.Title), URL: v.url("roles/" + r.ID), Role: r, Present: v.fold.Present(r.ID)}
		for _, p := range hb.HoldersOf(r.ID) {
			ref.Holders = append(ref.Holders, v.people[p.ID])
			if p.ID == r.Lead {
				ref.Lead = v.people[p.ID]
			}
		}
		v.roles[r.ID] = ref
		v.Roles = append(v.Roles, ref)
		a := area(r.Area)
		a.Roles = append(a.Roles, ref)
	}
	if cur != nil {
		for _, ref := range v.Roles {
			if ref.Present {
				continue
			}
			if by := v.roles[hb.OwnerRoleAt(ref.ID, cur.ID)]; by != nil && by != ref {
				ref.CoveredBy = by
				by.Covers = append(by.Covers, ref)
			}
		}
	}
	for i, d := range hb.Duties {
		l := &v.fold.Lines()[i]
		ref := &DutyRef{ID: d.ID, Title: v.text(d.Title), URL: v.url("duties/" + d.ID), Area: d.Area, Duty: d,
			Cadence: v.cadence(d.Cadence), Line: l, Covering: l.Covering, Holders: v.personRefs(l.Holders)}
		if l.Owner != nil {
			ref.Owner = v.roles[l.Owner.ID]
		}
		if l.Person != nil {
			ref.Person = v.people[l.Person.ID]
		}
		v.duties[d.ID] = ref
		a := area(d.Area)
		a.Duties = append(a.Duties, ref)
	}
	for _, st := range v.Stages {
		m := v.matrix(st)
		v.Matrices = append(v.Matrices, m)
		if st.Current {
			v.Matrix = m
		}
	}
	if v.Matrix == nil {
		// No stages: every role exists; the one matrix is the current one.
		v.Matrix = v.matrix(nil)
		v.Matrices = []*Matrix{v.Matrix}
	}
	v.Team = v.buildTeam()
	return v
}

// url returns the URL of the page with key in this language, "" without one. For
// views outside the staff site (Options.External) it is absolute, or "" when the
// baseURL has no host.
func (v *Views) url(key string) string {
	p := v.site.Page(key)
	if p == nil {
		return ""
	}
	if v.opts.External {
		if o := config.Origin(v.opts.BaseURL); o != "" {
			return o + p.URL
		}
		return ""
	}
	return p.URL
}

// Lang returns the language of the views.
func (v *Views) Lang() string { return v.lang }

// Words returns the theme's words of the views' language.
func (v *Views) Words() theme.Words { return v.words }

// Handbook returns the handbook the views show (nil without handbook data).
func (v *Views) Handbook() *handbook.Handbook { return v.hb }

// Folding returns the handbook folded at the current stage (nil without data).
func (v *Views) Folding() *handbook.Folding { return v.fold }

// Text returns t in the views' language.
func (v *Views) Text(t handbook.Text) string { return t.Get(v.lang, v.def) }

func (v *Views) text(t handbook.Text) string { return v.Text(t) }

func (v *Views) t(key string, args ...any) string { return v.words.T(key, args...) }

// AreaName names a duty area: its title in content/areas.toml, else the theme's word
// for it, else the id itself.
func (v *Views) AreaName(id string) string {
	if v.hb != nil {
		if t := v.hb.AreaTitle(id, v.lang); t != "" {
			return t
		}
	}
	if v.words.Has("area_" + id) {
		return v.words.T("area_" + id)
	}
	return id
}

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

// StageRef returns the stage with the id, or nil.
func (v *Views) StageRef(id string) *StageRef {
	for _, s := range v.Stages {
		if s.ID == id {
			return s
		}
	}
	return nil
}

// FirstStage returns the first stage whose roles list the role, or nil.
func (v *Views) FirstStage(roleID string) *StageRef {
	for _, s := range v.Stages {
		if s.Stage != nil && s.Stage.Has(roleID) {
			return s
		}
	}
	return nil
}

// Role returns the role with the id, or nil.
func (v *Views) Role(id string) *RoleRef { return v.roles[id] }

// Person returns the person with the id, or nil.
func (v *Views) Person(id string) *PersonRef { return v.people[id] }

// Duty returns the duty with the id, or nil.
func (v *Views) Duty(id string) *DutyRef { return v.duties[id] }

// PrintURL returns the address of the whole-handbook print page, "" without one.
func (v *Views) PrintURL() string { return v.url("print") }

// RolePrintURL returns the address of a role's onboarding packet, "" without one.
func (v *Views) RolePrintURL(id string) string { return v.url("roles/" + id + "/print") }

func (v *Views) refs(ids []string) []*RoleRef {
	out := make([]*RoleRef, 0, len(ids))
	for _, id := range ids {
		if r := v.roles[id]; r != nil {
			out = append(out, r)
		}
	}
	return out
}

func (v *Views) roleRefs(rs []*handbook.Role) []*RoleRef {
	out := make([]*RoleRef, 0, len(rs))
	for _, r := range rs {
		if ref := v.roles[r.ID]; ref != nil {
			out = append(out, ref)
		}
	}
	return out
}

func (v *Views) personRefs(ps []*handbook.Person) []*PersonRef {
	if len(ps) == 0 {
		return nil
	}
	out := make([]*PersonRef, 0, len(ps))
	for _, p := range ps {
		if ref := v.people[p.ID]; ref != nil {
			out = append(out, ref)
		}
	}
	return out
}

func (v *Views) dutyRefs(ls []*handbook.Line) []*DutyRef {
	out := make([]*DutyRef, 0, len(ls))
	for _, l := range ls {
		out = append(out, v.duties[l.Duty.ID])
	}
	return out
}

// Resolve maps role:, duty:, person: and skill: links to the pages of this language:
// the URL, or why the link is broken and a hint.
func (v *Views) Resolve(scheme, id string) (u string, ok bool, msg, hint string) {
	id, frag, _ := strings.Cut(id, "#")
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
	case "skill":
		// A skill has no page of its own: it is an entry of the skills catalogue.
		if v.hb != nil && v.hb.Skill(id) != nil {
			if u = v.url("skills"); u != "" {
				u += "#skill-" + url.PathEscape(id)
				frag = ""
			}
		}
		if v.hb != nil {
			for _, s := range v.hb.Skills {
				known = append(known, s.ID)
			}
		}
	default:
		return "", false, fmt.Sprintf("unknown link scheme %q", scheme+":"), "use role:, duty:, person: or skill: followed by an id, or a relative link to a .md file"
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
