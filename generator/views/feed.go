package views

import (
	"net/url"
	"strings"
	"time"

	"github.com/rolebook/rolebook/generator/calendar"
	"github.com/rolebook/rolebook/generator/config"
)

// Feed returns the calendar of the recurring duties the person is accountable or
// responsible for at the current stage (the person's page links it as duties.ics),
// or false for an unknown person. Events start at the person's started date when it
// is a date, else at calendar.Anchor().
func (v *Views) Feed(personID string) (calendar.Feed, bool) {
	ref := v.people[personID]
	if ref == nil {
		return calendar.Feed{}, false
	}
	title := ""
	if v.opts.Title != nil {
		title = v.opts.Title(v.lang)
	}
	f := calendar.Feed{Name: ref.Name + " · " + title, Lang: v.lang, Host: "rolebook.invalid"}
	origin := config.Origin(v.opts.BaseURL)
	if u, err := url.Parse(v.opts.BaseURL); err == nil && u.Hostname() != "" {
		f.Host = u.Hostname()
	}
	if t, err := time.Parse("2006-01-02", ref.Person.Started); err == nil {
		f.Anchor = t
	}
	for _, t := range v.Touches(personID) {
		if !strings.ContainsAny(t.Letters, "AR") {
			continue
		}
		d := t.Duty
		desc := t.Letters + " · " + d.Cadence
		if ask := v.askText(d); ask != "" {
			desc += "\n" + v.t("ask") + ": " + ask
			if d.Owner != nil {
				desc += " (" + d.Owner.Title + ")"
			}
		} else if d.Owner != nil {
			desc += "\n" + v.t("owner") + ": " + d.Owner.Title
		}
		if notes := v.text(d.Duty.Notes); notes != "" {
			desc += "\n\n" + notes
		}
		e := calendar.Event{ID: d.ID + "." + ref.ID, Summary: d.Title, Description: desc, Category: d.Area, Cadence: d.Duty.Cadence}
		if d.URL != "" {
			e.URL = origin + d.URL
		}
		f.Events = append(f.Events, e)
	}
	return f, true
}
