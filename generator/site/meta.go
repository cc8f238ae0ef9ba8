package site

import (
	"bufio"
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/load"
)

// KnownKeys are the front-matter keys of a handbook page. Other keys are free params,
// but a near miss of one of these ("titel") is an error.
var KnownKeys = []string{"title", "weight", "draft", "date", "description", "slug", "aliases", "tags", "url"}

type meta struct {
	title, description, slug, url string
	weight                        int
	draft                         bool
	date                          time.Time
	aliases, tags                 []string
	params                        map[string]any
}

// nearMisses remembers, for each free key met in the pages of a site, the known key it
// is a near miss of ("" for none): thousands of pages share a few free keys, and the
// edit distance to every known key is the costly part of reading front matter.
type nearMisses map[string]string

func (n nearMisses) of(key string) string {
	s, ok := n[key]
	if !ok {
		s = diag.Suggest(key, KnownKeys)
		n[key] = s
	}
	return s
}

// decodeMeta reads the known keys of a page's front matter, checking types and paths.
// The keys are read in the order of the map: the diagnostics are sorted by position
// when they are listed.
func decodeMeta(p *load.Page, near nearMisses) (meta, []diag.Diagnostic) {
	var m meta
	if p.Front == nil {
		return m, nil
	}
	doc := p.Front
	var out []diag.Diagnostic
	bad := func(key, want, hint string) {
		out = append(out, diag.Errorf(doc.Pos(key), diag.RuleType, hint, "%s must be %s, not %s", key, want, typeName(doc.Data[key])))
	}
	for k, v := range doc.Data {
		switch k {
		case "title", "description", "slug", "url":
			if v == nil {
				continue // an empty YAML value ("description:"), as Jekyll handbooks have
			}
			s, ok := v.(string)
			if !ok {
				bad(k, "a string", fmt.Sprintf(`write %s = "..."`, k))
				continue
			}
			if r, ok := load.Control(s); ok {
				out = append(out, diag.Errorf(doc.Pos(k), diag.RuleEncoding, "delete the invisible character (it is often pasted from another program)",
					"%s holds the control character U+%04X", k, r))
				continue
			}
			switch k {
			case "title":
				m.title = s
			case "description":
				m.description = s
			case "slug":
				if msg := checkSegment(s); msg != "" {
					out = append(out, diag.Errorf(doc.Pos(k), diag.RuleUnsafePath, "a slug is one URL segment of letters, digits and dashes, such as \"first-week\"", "slug %q %s", s, msg))
					continue
				}
				m.slug = s
			case "url":
				if msg := checkAlias(s); msg != "" {
					out = append(out, diag.Errorf(doc.Pos(k), diag.RuleUnsafePath, `url is the page's whole path inside the site, such as "/about-us/"`, "url %q %s", s, msg))
					continue
				}
				m.url = s
			}
		case "weight":
			n, ok := v.(int64)
			if !ok {
				bad(k, "a whole number", "write weight = 10; lower weights come first")
				continue
			}
			m.weight = int(n)
		case "draft":
			b, ok := v.(bool)
			if !ok {
				bad(k, "true or false", "write draft = true")
				continue
			}
			m.draft = b
		case "date":
			switch d := v.(type) {
			case time.Time:
				m.date = d
			case string:
				t, err := parseDate(d)
				if err != nil {
					out = append(out, diag.Errorf(doc.Pos(k), diag.RuleType, `write a date such as 2024-03-01 or 2024-03-01T09:00:00+08:00`, "date %q is not a date", d))
					continue
				}
				m.date = t
			default:
				bad(k, "a date", "write date = 2024-03-01")
			}
		case "aliases", "tags":
			list, ok := stringList(v)
			if !ok {
				bad(k, "a list of strings", fmt.Sprintf(`write %s = ["...", "..."]`, k))
				continue
			}
			if k == "tags" {
				m.tags = list
				continue
			}
			for i, a := range list {
				if msg := checkAlias(a); msg != "" {
					out = append(out, diag.Errorf(doc.Pos(k, fmt.Sprint(i)), diag.RuleUnsafePath, `an alias is a path inside the site, such as "/old/page/"`, "alias %q %s", a, msg))
					continue
				}
				m.aliases = append(m.aliases, a)
			}
		default:
			if s := near.of(k); s != "" {
				out = append(out, diag.Errorf(doc.Pos(k), diag.RuleUnknownKey, fmt.Sprintf("did you mean %q? (rename the key; other keys are free params for templates, but not near misses of known ones)", s), "unknown front-matter key %q", k))
				continue
			}
			if m.params == nil {
				m.params = map[string]any{}
			}
			m.params[k] = v
		}
	}
	return m, out
}

func parseDate(s string) (time.Time, error) {
	// RFC 3339 and the forms Hugo and Jekyll write ("2024-03-01 10:00:00 +0800").
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("not a date: %q", s)
}

func stringList(v any) ([]string, bool) {
	switch l := v.(type) {
	case string:
		return []string{l}, true
	case []any:
		out := make([]string, 0, len(l))
		for _, x := range l {
			s, ok := x.(string)
			if !ok {
				return nil, false
			}
			out = append(out, s)
		}
		return out, true
	}
	return nil, false
}

func typeName(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64, int:
		return "a number"
	case float64:
		return "a decimal number"
	case bool:
		return "true/false"
	case []any:
		return "a list"
	case map[string]any:
		return "a table"
	case time.Time:
		return "a date"
	}
	return fmt.Sprintf("%T", v)
}

// checkSegment says what makes s unfit as one URL path segment, or "".
func checkSegment(s string) string {
	switch {
	case s == "..":
		return "climbs out of its folder (..)"
	case s == "" || s == ".":
		return "has an empty path segment"
	case strings.ContainsAny(s, "/\\"):
		return "contains a slash"
	case strings.ContainsRune(s, 0) || strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f }):
		return "contains a control character"
	case strings.HasPrefix(s, "."):
		return "starts with a dot"
	case strings.Contains(s, "%") && containsAny(strings.ToLower(s), "%2e", "%2f", "%5c"):
		return "contains an encoded dot or slash"
	case reserved(s):
		return "is a name Windows reserves"
	}
	return ""
}

// checkAlias says what makes an alias path unsafe, or "".
func checkAlias(a string) string {
	t := strings.Trim(a, "/")
	if t == "" {
		return "points at the home page"
	}
	for _, seg := range strings.Split(t, "/") {
		if msg := checkSegment(seg); msg != "" {
			return msg
		}
	}
	return ""
}

// checkPath says what makes a content path (without extension) unfit for URLs, or "".
func checkPath(p string) string {
	for seg := range strings.SplitSeq(p, "/") {
		if seg == "_index" {
			continue
		}
		if msg := checkSegment(seg); msg != "" && !strings.HasPrefix(msg, "starts with a dot") {
			return msg
		}
	}
	return ""
}

// containsAny reports whether s contains any of subs.
func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func reserved(s string) bool {
	base, _, _ := strings.Cut(s, ".")
	if len(base) != 3 && len(base) != 4 {
		// The reserved names are three or four ASCII characters, and no other
		// character is one of them in upper case.
		return false
	}
	base = strings.ToUpper(base)
	switch base {
	case "CON", "PRN", "AUX", "NUL":
		return true
	}
	if len(base) == 4 && (strings.HasPrefix(base, "COM") || strings.HasPrefix(base, "LPT")) && base[3] >= '1' && base[3] <= '9' {
		return true
	}
	return false
}

// firstHeading returns the text of the first level-1 heading of a Markdown body (ATX or
// setext, outside fenced code), or "". Inline markup characters are dropped.
func firstHeading(body []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(body))
	sc.Buffer(nil, 1<<20)
	fence := ""
	prev := ""
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), " \t\r")
		trim := strings.TrimLeft(line, " ")
		if len(line)-len(trim) <= 3 {
			if f := fenceOf(trim); f != "" {
				if fence == "" {
					fence = f
				} else if strings.HasPrefix(trim, fence) {
					fence = ""
				}
				prev = ""
				continue
			}
		}
		if fence != "" {
			continue
		}
		if strings.HasPrefix(trim, "# ") || trim == "#" {
			return clean(strings.TrimRight(strings.TrimSpace(trim[1:]), "#"))
		}
		if prev != "" && len(trim) > 0 && strings.Trim(trim, "=") == "" {
			return clean(prev)
		}
		prev = strings.TrimSpace(line)
	}
	return ""
}

func fenceOf(s string) string {
	for _, f := range []string{"```", "~~~"} {
		if strings.HasPrefix(s, f) {
			return f
		}
	}
	return ""
}

// clean turns a heading's Markdown into text: attribute syntax, link targets and
// emphasis marks go.
func clean(s string) string {
	s = reAttributes.ReplaceAllString(s, "")
	s = reLink.ReplaceAllString(s, "$1")
	s = strings.NewReplacer("**", "", "__", "", "`", "", "*", "").Replace(s)
	s = reUnderscore.ReplaceAllString(s, "$1$2$3")
	return strings.TrimSpace(s)
}

var (
	reAttributes = regexp.MustCompile(`\s*\{[^{}]*\}\s*$`)
	reLink       = regexp.MustCompile(`!?\[([^\]]*)\]\([^)]*\)`)
	reUnderscore = regexp.MustCompile(`(^|\W)_([^_]+)_(\W|$)`)
)
