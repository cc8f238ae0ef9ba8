package render

import (
	"strings"

	"github.com/rolebook/rolebook/generator/search"
	"github.com/rolebook/rolebook/generator/site"
	"github.com/rolebook/rolebook/generator/views"
)

// newSearch returns an empty search index for the sites and each page's position in its
// site: documents are numbered in site order, whatever order pages render in.
func newSearch(set *site.Set) (*search.Index, map[*site.Page]int) {
	pos := map[*site.Page]int{}
	langs := make([]search.Lang, 0, len(set.Sites))
	for _, s := range set.Sites {
		for i, p := range s.Pages {
			pos[p] = i
		}
		langs = append(langs, search.Lang{Code: s.Lang, Dir: searchDir(s), Docs: len(s.Pages)})
	}
	return search.NewIndex(langs), pos
}

// index adds a rendered page to the search index and returns what it added (nil for a
// page search leaves out); text is the plain text of its Markdown body, if any. It is
// safe to call from many workers at once.
func (r *renderer) index(lc *langCtx, p *site.Page, d *PageData, text string) *search.Document {
	if r.search == nil || p.Hidden {
		return nil
	}
	pos, ok := r.searchPos[p]
	if !ok {
		return nil
	}
	kind, body, lead, ok := searchText(lc, p, d, text)
	if !ok {
		return nil
	}
	doc := search.Document{Kind: kind, URL: p.URL, Title: p.Title, Body: body, Lead: lead}
	r.search.Add(lc.lang, pos, doc)
	return &doc
}

// searchText returns what is indexed of a page (body, besides the title) and the text
// its excerpt is cut from (lead); ok is false for pages search leaves out. What a
// generated page gives is what the page shows: its views, so that search finds what
// the reader sees and nothing the page does not publish.
func searchText(lc *langCtx, p *site.Page, d *PageData, text string) (kind search.Kind, body, lead string, ok bool) {
	var b strings.Builder
	add := func(parts ...string) {
		for _, s := range parts {
			if s == "" {
				continue
			}
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(s)
		}
	}
	roles := func(refs []*views.RoleRef) {
		for _, r := range refs {
			add(r.Title)
		}
	}
	duties := func(refs []*views.DutyRef) {
		for _, r := range refs {
			add(r.Title)
		}
	}
	skills := func(sv []views.SkillView) {
		for _, s := range sv {
			add(s.Name)
		}
	}
	switch p.Kind {
	case site.Home, site.Section, site.Single:
		if p.Description == "" {
			return search.Page, text, text, true // most pages: their text, not copied
		}
		add(p.Description, text)
		return search.Page, b.String(), b.String(), true
	case views.KindRoles, views.KindPeople, views.KindMatrix, views.KindOwners, views.KindAssignments,
		views.KindSkills, views.KindStages, views.KindOrg:
		// The team's overview pages are found by their title and introduction; what
		// they list is found on the pages of its own.
		add(p.Description, text)
		if b.Len() == 0 {
			add(lc.words.T(string(p.Kind) + "_intro"))
		}
		return search.Page, b.String(), b.String(), true
	case views.KindRole:
		rv := d.Role
		if rv == nil {
			return 0, "", "", false
		}
		add(rv.Summary, search.HTMLText(string(rv.Body)))
		lead = b.String()
		if a := rv.Role.Area; a != "" && lc.hb.AreaName(a) != a {
			add(lc.hb.AreaName(a))
		}
		add(rv.Onboarding...)
		duties(rv.A)
		duties(rv.R)
		skills(rv.Skills)
		skills(rv.Preferred)
		for _, h := range rv.Holders {
			add(h.Name)
		}
		return search.Role, b.String(), lead, true
	case views.KindDuty:
		dv := d.Duty
		if dv == nil {
			return 0, "", "", false
		}
		// Whom to ask comes first, so that the result's excerpt shows it.
		if dv.Owner != nil {
			owner := dv.Owner.Title
			if dv.Person != nil {
				owner = dv.Person.Name + " (" + owner + ")"
			}
			add(lc.words.T("owner") + ": " + owner)
		}
		add(dv.Cadence, dv.Notes)
		lead = b.String()
		if lc.hb.AreaName(dv.Area) != dv.Area {
			add(lc.hb.AreaName(dv.Area))
		}
		roles(dv.A)
		roles(dv.R)
		roles(dv.C)
		roles(dv.I)
		return search.Duty, b.String(), lead, true
	case views.KindPerson:
		pv := d.Person
		if pv == nil {
			return 0, "", "", false
		}
		roles(pv.Roles)
		add(search.HTMLText(string(pv.Bio)))
		lead = b.String()
		skills(pv.Skills)
		skills(pv.Interests)
		for _, g := range pv.Groups {
			for _, it := range g.Items {
				add(it.Duty.Title)
			}
		}
		return search.Person, b.String(), lead, true
	}
	return 0, "", "", false // 404, tag lists, print views: nothing of their own to find
}
