package calendar

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/rolebook/rolebook/generator/handbook"
)

func TestRecurrence(t *testing.T) {
	anchor := time.Date(2024, 1, 3, 0, 0, 0, 0, time.UTC) // a Wednesday
	tests := []struct {
		c     handbook.Cadence
		rule  string
		start string
	}{
		{handbook.Cadence{Kind: "daily"}, "FREQ=DAILY", "2024-01-03"},
		{handbook.Cadence{Kind: "weekly"}, "FREQ=WEEKLY", "2024-01-03"},
		{handbook.Cadence{Kind: "weekly", Day: 1}, "FREQ=WEEKLY;BYDAY=MO", "2024-01-08"},
		{handbook.Cadence{Kind: "weekly", Day: 7}, "FREQ=WEEKLY;BYDAY=SU", "2024-01-07"},
		{handbook.Cadence{Kind: "monthly", Day: 15}, "FREQ=MONTHLY;BYMONTHDAY=15", "2024-01-15"},
		{handbook.Cadence{Kind: "monthly", Day: 2}, "FREQ=MONTHLY;BYMONTHDAY=2", "2024-02-02"},
		{handbook.Cadence{Kind: "monthly", Day: 31}, "FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1", "2024-01-31"},
		{handbook.Cadence{Kind: "monthly", Day: 30}, "FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1", "2024-01-30"},
		{handbook.Cadence{Kind: "quarterly", Day: 31}, "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=28,29,30,31;BYSETPOS=-1", "2024-01-31"},
		{handbook.Cadence{Kind: "monthly"}, "FREQ=MONTHLY;BYMONTHDAY=1", "2024-02-01"},
		{handbook.Cadence{Kind: "quarterly", Day: 1}, "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1", "2024-04-01"},
		{handbook.Cadence{Kind: "quarterly", Day: 10}, "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=10", "2024-01-10"},
	}
	for _, tt := range tests {
		rule, start, ok := recurrence(tt.c, anchor)
		if !ok || rule != tt.rule || start.Format("2006-01-02") != tt.start {
			t.Errorf("recurrence(%+v) = %q, %s, %v; want %q, %s", tt.c, rule, start.Format("2006-01-02"), ok, tt.rule, tt.start)
		}
	}
	if _, _, ok := recurrence(handbook.Cadence{Text: "before each sale"}, anchor); ok {
		t.Error("a free-text cadence has a recurrence")
	}
}

func TestCalendarLines(t *testing.T) {
	tests := []struct {
		name, prop, value string
		text              bool
		want              string
	}{
		{"escapes", "SUMMARY", "a,b;c\\d\ne", true, "SUMMARY:a\\,b\\;c\\\\d\\ne\r\n"},
		{"CRLF in text", "DESCRIPTION", "x\r\ny", true, "DESCRIPTION:x\\ny\r\n"},
		{"control characters dropped", "SUMMARY", "a\x01b\tc", true, "SUMMARY:ab\tc\r\n"},
		{"fold ASCII", "SUMMARY", strings.Repeat("x", 80), true,
			"SUMMARY:" + strings.Repeat("x", 67) + "\r\n " + strings.Repeat("x", 13) + "\r\n"},
		// 8 octets of name, then 3-octet characters: 22 fit (74 octets), the 23rd would
		// cross 75 and moves to the next line whole.
		{"fold UTF-8", "SUMMARY", strings.Repeat("设", 30), true,
			"SUMMARY:" + strings.Repeat("设", 22) + "\r\n " + strings.Repeat("设", 8) + "\r\n"},
		{"no escape for values", "RRULE", "FREQ=WEEKLY;BYDAY=MO", false, "RRULE:FREQ=WEEKLY;BYDAY=MO\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &calendar{}
			if tt.text {
				c.text(tt.prop, tt.value)
			} else {
				c.prop(tt.prop, tt.value)
			}
			if got := c.b.String(); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

var (
	nameRE     = regexp.MustCompile(`^(?i:[a-z0-9-]+)$`)
	paramRE    = regexp.MustCompile(`^(?i:[a-z0-9-]+)=("[^"\x00-\x08\x0a-\x1f\x7f]*"|[^";:,\x00-\x08\x0a-\x1f\x7f]*)(,("[^"\x00-\x08\x0a-\x1f\x7f]*"|[^";:,\x00-\x08\x0a-\x1f\x7f]*))*$`)
	dateRE     = regexp.MustCompile(`^\d{8}$`)
	dateTimeRE = regexp.MustCompile(`^\d{8}T\d{6}Z$`)
	textRE     = regexp.MustCompile(`^([^\\;,]|\\[\\;,nN])*$`)
	byDayRE    = regexp.MustCompile(`^(SU|MO|TU|WE|TH|FR|SA)$`)
)

// ValidateICS checks a calendar against RFC 5545 strictly: CRLF line ends, lines of at
// most 75 octets, valid UTF-8 on every physical line (a fold never splits a character),
// the content-line grammar, matched BEGIN/END, required and unique properties, escaped
// TEXT, DATE and DATE-TIME forms, and RRULE parts. It returns every problem found.
func ValidateICS(data []byte) []string {
	var problems []string
	bad := func(line int, format string, args ...any) {
		problems = append(problems, fmt.Sprintf("line %d: ", line)+fmt.Sprintf(format, args...))
	}
	s := string(data)
	if !strings.HasSuffix(s, "\r\n") {
		bad(0, "does not end with CRLF")
	}
	phys := strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n")
	type logical struct {
		n    int
		text string
	}
	var lines []logical
	for i, l := range phys {
		if strings.ContainsAny(l, "\r\n") {
			bad(i+1, "bare CR or LF")
		}
		if len(l) > 75 {
			bad(i+1, "%d octets, more than 75", len(l))
		}
		if !utf8.ValidString(l) {
			bad(i+1, "not valid UTF-8 (a fold split a character?)")
		}
		if strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") {
			if len(lines) == 0 {
				bad(i+1, "continuation of nothing")
				continue
			}
			lines[len(lines)-1].text += l[1:]
			continue
		}
		lines = append(lines, logical{i + 1, l})
	}
	var stack []string
	var propStack []map[string]int
	props := map[string]int{}
	uids := map[string]bool{}
	for _, l := range lines {
		head, value, ok := cutUnquoted(l.text)
		if !ok {
			bad(l.n, "no colon: %q", l.text)
			continue
		}
		parts := strings.Split(head, ";")
		name := strings.ToUpper(parts[0])
		if !nameRE.MatchString(name) {
			bad(l.n, "bad property name %q", parts[0])
		}
		for _, p := range parts[1:] {
			if !paramRE.MatchString(p) {
				bad(l.n, "bad parameter %q", p)
			}
		}
		for _, r := range value {
			if (r < 0x20 && r != '\t') || r == 0x7f {
				bad(l.n, "control character in value")
			}
		}
		switch name {
		case "BEGIN":
			stack = append(stack, value)
			propStack = append(propStack, props)
			props = map[string]int{}
			continue
		case "END":
			if len(stack) == 0 || stack[len(stack)-1] != value {
				bad(l.n, "END:%s does not match %v", value, stack)
				continue
			}
			var required []string
			switch value {
			case "VCALENDAR":
				required = []string{"VERSION", "PRODID"}
			case "VEVENT":
				required = []string{"UID", "DTSTAMP", "DTSTART"}
			}
			for _, r := range required {
				if props[r] != 1 {
					bad(l.n, "%s has %d %s, want 1", value, props[r], r)
				}
			}
			stack = stack[:len(stack)-1]
			props = propStack[len(propStack)-1]
			propStack = propStack[:len(propStack)-1]
			continue
		}
		if len(stack) == 0 {
			bad(l.n, "property outside a component")
		}
		props[name]++
		if props[name] > 1 && name != "CATEGORIES" {
			bad(l.n, "%s given twice", name)
		}
		switch name {
		case "VERSION":
			if value != "2.0" {
				bad(l.n, "VERSION %q", value)
			}
		case "SUMMARY", "DESCRIPTION", "X-WR-CALNAME", "CATEGORIES":
			items := []string{value}
			if name == "CATEGORIES" {
				items = splitUnescaped(value, ',')
			}
			for _, it := range items {
				if !textRE.MatchString(it) {
					bad(l.n, "%s is not escaped TEXT: %q", name, it)
				}
			}
		case "UID":
			if uids[value] {
				bad(l.n, "UID %q used twice", value)
			}
			uids[value] = true
		case "DTSTAMP":
			if !dateTimeRE.MatchString(value) {
				bad(l.n, "DTSTAMP %q is not a UTC DATE-TIME", value)
			}
		case "DTSTART":
			if strings.Contains(strings.ToUpper(head), "VALUE=DATE") && !strings.Contains(strings.ToUpper(head), "DATE-TIME") {
				if _, err := time.Parse("20060102", value); err != nil || !dateRE.MatchString(value) {
					bad(l.n, "DTSTART %q is not a DATE", value)
				}
			} else if !dateTimeRE.MatchString(value) {
				bad(l.n, "DTSTART %q is not a DATE-TIME", value)
			}
		case "RRULE":
			problems = append(problems, checkRRule(l.n, value)...)
		}
	}
	if len(stack) != 0 {
		bad(len(phys), "unclosed %v", stack)
	}
	return problems
}

func checkRRule(n int, value string) []string {
	var out []string
	seen := map[string]bool{}
	for _, part := range strings.Split(value, ";") {
		k, v, ok := strings.Cut(part, "=")
		if !ok || seen[k] {
			out = append(out, fmt.Sprintf("line %d: RRULE part %q", n, part))
			continue
		}
		seen[k] = true
		switch k {
		case "FREQ":
			if !strings.Contains(" DAILY WEEKLY MONTHLY YEARLY ", " "+v+" ") {
				out = append(out, fmt.Sprintf("line %d: FREQ %q", n, v))
			}
		case "INTERVAL":
			if i, err := fmt.Sscanf(v, "%d", new(int)); err != nil || i != 1 || strings.HasPrefix(v, "0") {
				out = append(out, fmt.Sprintf("line %d: INTERVAL %q", n, v))
			}
		case "BYDAY":
			for _, d := range strings.Split(v, ",") {
				if !byDayRE.MatchString(d) {
					out = append(out, fmt.Sprintf("line %d: BYDAY %q", n, d))
				}
			}
		case "BYMONTHDAY":
			var d int
			if _, err := fmt.Sscanf(v, "%d", &d); err != nil || d < 1 || d > 31 {
				out = append(out, fmt.Sprintf("line %d: BYMONTHDAY %q", n, v))
			}
		default:
			out = append(out, fmt.Sprintf("line %d: RRULE part %q not expected", n, k))
		}
	}
	if !seen["FREQ"] {
		out = append(out, fmt.Sprintf("line %d: RRULE without FREQ", n))
	}
	return out
}

// cutUnquoted splits a content line at its first colon outside a quoted parameter value.
func cutUnquoted(s string) (string, string, bool) {
	q := false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			q = !q
		case ':':
			if !q {
				return s[:i], s[i+1:], true
			}
		}
	}
	return "", "", false
}

func splitUnescaped(s string, sep byte) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' {
			i++
			continue
		}
		if s[i] == sep {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

func TestValidateICS(t *testing.T) {
	c := &calendar{}
	c.begin("VCALENDAR")
	c.prop("VERSION", "2.0")
	c.prop("PRODID", "-//x//y//EN")
	c.begin("VEVENT")
	c.prop("UID", "a@b")
	c.prop("DTSTAMP", "20240101T000000Z")
	c.prop("DTSTART;VALUE=DATE", "20240101")
	c.prop("RRULE", "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1")
	c.text("SUMMARY", strings.Repeat("退款, 换货; \\ ", 20))
	c.end("VEVENT")
	c.end("VCALENDAR")
	if p := ValidateICS(c.b.Bytes()); len(p) > 0 {
		t.Errorf("a good calendar has problems: %v", p)
	}
	for name, bad := range map[string]string{
		"LF endings":   "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:x\nEND:VCALENDAR\n",
		"long line":    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:" + strings.Repeat("x", 80) + "\r\nEND:VCALENDAR\r\n",
		"split rune":   "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:\xe9\r\n \x80\x80\r\nEND:VCALENDAR\r\n",
		"comma":        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nX-WR-CALNAME:a,b\r\nEND:VCALENDAR\r\n",
		"no UID":       "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nDTSTAMP:20240101T000000Z\r\nDTSTART;VALUE=DATE:20240101\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
		"bad BYDAY":    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nRRULE:FREQ=WEEKLY;BYDAY=XX\r\nEND:VCALENDAR\r\n",
		"unclosed":     "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n",
		"bad DTSTAMP":  "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:2024\r\nDTSTART;VALUE=DATE:20240101\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
		"END mismatch": "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nEND:VEVENT\r\n",
	} {
		if p := ValidateICS([]byte(bad)); len(p) == 0 {
			t.Errorf("%s: no problem found", name)
		}
	}
}
