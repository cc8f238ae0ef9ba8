package render

import (
	"html/template"
	"strings"

	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/handbook"
	"github.com/rolebook/rolebook/generator/markdown"
	"github.com/rolebook/rolebook/generator/print"
	"github.com/rolebook/rolebook/generator/site"
	"github.com/rolebook/rolebook/generator/views"
)

// prepare fills the handbook part of a generated page's data from the views, and
// renders the Markdown those pages show (a role's description, a person's bio).
func (r *renderer) prepare(lc *langCtx, p *site.Page, d *PageData, run *pageRun) {
	v := lc.hb
	if v == nil {
		return
	}
	id, _ := p.Data.(string)
	switch p.Kind {
	case views.KindRole:
		if rv := v.RoleView(id); rv != nil {
			rv.Body = r.roleBody(lc, rv, d, run)
			d.Role = rv
		}
	case views.KindPerson:
		if pv := v.PersonView(id); pv != nil {
			if b := pv.Person.Body; len(b.Source) > 0 {
				pv.Bio = r.markdown(lc, b, nil, run, true)
			}
			d.Person = pv
		}
	case views.KindDuty:
		d.Duty = v.DutyView(id)
	case views.KindMatrix:
		d.Matrix = v.MatrixOf(id)
	case views.KindAssignments, views.KindSkills, views.KindStages, views.KindOrg,
		views.KindOwner, views.KindOwnerLoad, views.KindOwnerRisks, views.KindOwnerWhatIf:
		d.Team = v.Team
		d.Owner = r.in.Owner[lc.lang]
	case views.KindPrint, views.KindRolePrint:
		d.Print = print.Build(print.Input{Views: v, Site: lc.site, OnboardingSection: views.NewOptions(r.in.Config).OnboardingSection,
			Markdown: func(pg *site.Page) (template.HTML, bool) { return r.chapterHTML(lc, pg, run) },
			RoleBody: func(rv *views.RoleView) template.HTML { return r.roleBody(lc, rv, nil, run) }}, p)
	}
}

// roleBody renders a role's description in the page's language (the default
// language's when it has no translation); with d, its table of contents is the page's.
func (r *renderer) roleBody(lc *langCtx, rv *views.RoleView, d *PageData, run *pageRun) template.HTML {
	body, ok := rv.Role.Body[lc.lang]
	if !ok {
		body = rv.Role.Body[r.in.Sites.Default]
	}
	if len(body.Source) == 0 {
		return ""
	}
	return r.markdown(lc, body, d, run, d != nil)
}

// markdown renders a role's or person's Markdown body with link resolution; its links
// are recorded for the page (Record.Links), whose output depends on where they lead.
// With own, the text is the page's own (not a part of a print page) and its links to
// parts of pages are checked as the page's.
func (r *renderer) markdown(lc *langCtx, m handbook.Markdown, d *PageData, run *pageRun, own bool) template.HTML {
	rs := &resolver{r: r, lc: lc, from: strings.TrimPrefix(m.File, "content/")}
	if r.in.Remember != nil {
		rs.links = &run.links
	}
	res, diags := r.in.Markdown.Render(m.Source, markdown.Context{File: m.File, FirstLine: m.Line, Resolver: rs, AlertTitles: lc.alerts})
	run.diags = append(run.diags, diags.Items()...)
	// A role's or person's page has ids of its layout besides the body's: only its links
	// to other pages' parts are checked.
	r.anchors.page("", m.File, res)
	if own {
		run.fragments = append(run.fragments, res.Fragments...)
	}
	if d != nil && len(res.TOC) > 0 {
		d.TOC = res.TOC
	}
	return template.HTML(res.HTML) // sanitised by the markdown package
}

// chapterHTML renders the Markdown of a page with a source for a print page; the
// diagnostics are the page's own render's (the list drops duplicates). Its links are
// recorded for the print page, as the print page shows where they lead and warns
// about those that lead nowhere.
func (r *renderer) chapterHTML(lc *langCtx, p *site.Page, run *pageRun) (template.HTML, bool) {
	body, ok := r.markdownOf(p.Source, nil, run)
	if !ok {
		return "", false
	}
	rs := &resolver{r: r, lc: lc, from: p.Source.Path}
	if r.in.Remember != nil {
		rs.links = &run.links
	}
	res, diags := r.in.Markdown.Render(body, markdown.Context{File: p.Source.File, FirstLine: p.Source.BodyLine,
		Resolver: rs, AlertTitles: lc.alerts})
	run.diags = append(run.diags, diags.Items()...)
	return template.HTML(res.HTML), true // sanitised by the markdown package
}

// writeData writes matrix.csv and matrix.json beside each matrix page of each language.
func (r *renderer) writeData() {
	for _, s := range r.in.Sites.Sites {
		v := r.langs[s.Lang].hb
		if v == nil {
			continue
		}
		for _, p := range s.Pages {
			if p.Kind != views.KindMatrix {
				continue
			}
			id, _ := p.Data.(string)
			m := v.MatrixOf(id)
			if m == nil {
				continue
			}
			csvFile, jsonFile := matrixFiles(p)
			r.write(csvFile, v.CSV(m))
			b, err := v.JSON(m)
			if err != nil {
				r.diags.Add(diag.Errorf(diag.Pos{File: jsonFile}, diag.RuleWrite, "", "cannot encode: %v", err))
				continue
			}
			r.write(jsonFile, b)
		}
	}
}

// writeCalendars writes people/<id>/duties.ics beside each person page of each
// language: the person's recurring duties (views.Views.Feed).
func (r *renderer) writeCalendars() {
	for _, s := range r.in.Sites.Sites {
		v := r.langs[s.Lang].hb
		if v == nil {
			continue
		}
		for _, ref := range v.People {
			pg := s.Page("people/" + ref.ID)
			if pg == nil {
				continue
			}
			if f, ok := v.Feed(ref.ID); ok {
				r.write(calendarFile(pg), f.Bytes())
			}
		}
	}
}
