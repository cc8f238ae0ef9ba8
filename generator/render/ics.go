package render

import (
	"bytes"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rolebook/rolebook/generator/handbook"
)

// CalendarAnchor returns the first day of a duty's recurrence in a calendar feed when
// the person's started date is missing or not a date, 2024-01-01: feeds are made from
// the handbook alone, never from the clock, so that builds are reproducible.
func CalendarAnchor() time.Time { return time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC) }

// writeCalendars writes people/<id>/duties.ics beside each person page of each
// language: an iCalendar feed (RFC 5545) of the recurring duties the person is
// accountable or responsible for at the current stage.
func (r *renderer) writeCalendars() {
	host := "rolebook.invalid"
	if u, err := url.Parse(r.in.Config.BaseURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	for _, s := range r.in.Sites.Sites {
		lc := r.langs[s.Lang]
		v := lc.hb
		for _, ref := range v.People {
			pg := s.Page("people/" + ref.ID)
			if pg == nil {
				continue
			}
			cal := &calendar{}
			cal.begin("VCALENDAR")
			cal.prop("VERSION", "2.0")
			cal.prop("PRODID", "-//Rolebook//Rolebook "+s.Lang+"//EN")
			cal.prop("CALSCALE", "GREGORIAN")
			cal.prop("METHOD", "PUBLISH")
			cal.text("X-WR-CALNAME", ref.Name+" · "+lc.info.Title)
			anchor := CalendarAnchor()
			if t, err := time.Parse("2006-01-02", ref.Person.Started); err == nil {
				anchor = t
			}
			for _, t := range v.touches(ref.Person) {
				if !strings.ContainsAny(t.Letters, "AR") {
					continue
				}
				d := t.Duty
				rule, start, ok := recurrence(d.Duty.Cadence, anchor)
				if !ok {
					continue
				}
				cal.begin("VEVENT")
				cal.prop("UID", d.ID+"."+ref.ID+"@"+host)
				cal.prop("DTSTAMP", anchor.Format("20060102")+"T000000Z")
				cal.prop("DTSTART;VALUE=DATE", start.Format("20060102"))
				cal.prop("DURATION", "P1D")
				cal.prop("RRULE", rule)
				cal.text("SUMMARY", d.Title)
				desc := t.Letters + " · " + d.Cadence
				if d.Owner != nil {
					desc += "\n" + v.t("owner") + ": " + d.Owner.Title
				}
				if notes := v.text(d.Duty.Notes); notes != "" {
					desc += "\n\n" + notes
				}
				cal.text("DESCRIPTION", desc)
				if d.URL != "" {
					cal.prop("URL", absURL(r.in.Config.BaseURL, r.in.Sites.BasePath, d.URL))
				}
				cal.text("CATEGORIES", d.Area)
				cal.prop("TRANSP", "TRANSPARENT")
				cal.end("VEVENT")
			}
			cal.end("VCALENDAR")
			r.write(strings.TrimSuffix(pg.Out, "index.html")+"duties.ics", cal.b.Bytes())
		}
	}
}

// recurrence returns the RRULE of a cadence and its first occurrence on or after
// anchor (RFC 5545 leaves a DTSTART that the rule does not produce undefined).
// Free-text cadences have none.
func recurrence(c handbook.Cadence, anchor time.Time) (rule string, start time.Time, ok bool) {
	day := anchor
	switch c.Kind {
	case "daily":
		return "FREQ=DAILY", day, true
	case "weekly":
		if c.Day < 1 || c.Day > 7 {
			return "FREQ=WEEKLY", day, true
		}
		want := time.Weekday(c.Day % 7) // 7 = Sunday
		for day.Weekday() != want {
			day = day.AddDate(0, 0, 1)
		}
		return "FREQ=WEEKLY;BYDAY=" + [...]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}[want], day, true
	case "monthly", "quarterly":
		n := c.Day
		if n < 1 || n > 31 {
			n = 1
		}
		days := strconv.Itoa(n)
		if n > 28 {
			// Months shorter than the day would have no event; the latest existing
			// day of 28..n stands for it (February 28 for "monthly:31").
			days = "28"
			for d := 29; d <= n; d++ {
				days += "," + strconv.Itoa(d)
			}
			days += ";BYSETPOS=-1"
		}
		rule := "FREQ=MONTHLY;BYMONTHDAY=" + days
		if c.Kind == "quarterly" {
			rule = "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=" + days
		}
		// The first month at or after the anchor's (for a quarter, a quarter's first
		// month) whose day (or last day, when shorter) is not before the anchor.
		m := time.Date(day.Year(), day.Month(), 1, 0, 0, 0, 0, time.UTC)
		for {
			last := m.AddDate(0, 1, -1).Day()
			d := m.AddDate(0, 0, min(n, last)-1)
			if !d.Before(day) && (c.Kind == "monthly" || (m.Month()-1)%3 == 0) {
				return rule, d, true
			}
			m = m.AddDate(0, 1, 0)
		}
	}
	return "", time.Time{}, false
}

// calendar writes iCalendar content lines: CRLF endings, folded at 75 octets without
// splitting a UTF-8 character.
type calendar struct {
	b bytes.Buffer
}

func (c *calendar) begin(name string) { c.line("BEGIN:" + name) }
func (c *calendar) end(name string)   { c.line("END:" + name) }

// prop writes a property whose value is already in iCalendar form (name may carry
// parameters: "DTSTART;VALUE=DATE").
func (c *calendar) prop(name, value string) { c.line(name + ":" + value) }

// text writes a TEXT property, escaped.
func (c *calendar) text(name, value string) { c.line(name + ":" + escapeText(value)) }

// line writes one content line, folded.
func (c *calendar) line(s string) {
	const max = 75
	limit := max
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		c.b.WriteString(s[:cut])
		c.b.WriteString("\r\n ")
		s = s[cut:]
		limit = max - 1 // the leading space of a continuation line counts
	}
	c.b.WriteString(s)
	c.b.WriteString("\r\n")
}

// escapeText escapes a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and
// newlines; other control characters, which TEXT does not allow, are dropped.
func escapeText(s string) string {
	var b strings.Builder
	s = strings.ReplaceAll(s, "\r\n", "\n")
	for _, r := range s {
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == ';':
			b.WriteString(`\;`)
		case r == ',':
			b.WriteString(`\,`)
		case r == '\n':
			b.WriteString(`\n`)
		case r < 0x20 && r != '\t', r == 0x7f:
		case r == utf8.RuneError:
			b.WriteRune('\uFFFD')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
