package calendar

import (
	"bytes"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/rolebook/rolebook/generator/handbook"
)

// Anchor returns the first day of a duty's recurrence in a calendar feed when the
// person's started date is missing or not a date, 2024-01-01: feeds are made from the
// handbook alone, never from the clock, so that builds are reproducible.
func Anchor() time.Time { return time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC) }

// Feed is one calendar: a person's recurring duties.
type Feed struct {
	// Name is the calendar's display name (X-WR-CALNAME).
	Name string
	// Lang names the language in the product id.
	Lang string
	// Anchor is the first day any event may start on; the zero time means Anchor().
	Anchor time.Time
	// Host makes event ids unique worldwide ("handbook.example.com").
	Host   string
	Events []Event
}

// Event is one recurring duty.
type Event struct {
	// ID is unique within the feed (a duty id and a person id); the UID is ID@Host.
	ID                   string
	Summary, Description string
	// URL is the duty's page, absolute; "" for none.
	URL      string
	Category string
	Cadence  handbook.Cadence
}

// Bytes returns the feed as an iCalendar file (RFC 5545). Events whose cadence is free
// text have no recurrence and are left out.
func (f Feed) Bytes() []byte {
	anchor := f.Anchor
	if anchor.IsZero() {
		anchor = Anchor()
	}
	host := f.Host
	if host == "" {
		host = "rolebook.invalid"
	}
	cal := &calendar{}
	cal.begin("VCALENDAR")
	cal.prop("VERSION", "2.0")
	cal.prop("PRODID", "-//Rolebook//Rolebook "+f.Lang+"//EN")
	cal.prop("CALSCALE", "GREGORIAN")
	cal.prop("METHOD", "PUBLISH")
	cal.text("X-WR-CALNAME", f.Name)
	for _, e := range f.Events {
		rule, start, ok := recurrence(e.Cadence, anchor)
		if !ok {
			continue
		}
		cal.begin("VEVENT")
		cal.prop("UID", e.ID+"@"+host)
		cal.prop("DTSTAMP", anchor.Format("20060102")+"T000000Z")
		cal.prop("DTSTART;VALUE=DATE", start.Format("20060102"))
		cal.prop("DURATION", "P1D")
		cal.prop("RRULE", rule)
		cal.text("SUMMARY", e.Summary)
		cal.text("DESCRIPTION", e.Description)
		if e.URL != "" {
			cal.prop("URL", e.URL)
		}
		cal.text("CATEGORIES", e.Category)
		cal.prop("TRANSP", "TRANSPARENT")
		cal.end("VEVENT")
	}
	cal.end("VCALENDAR")
	return cal.b.Bytes()
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
