package config

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
)

// checkBaseURL accepts an absolute http or https address or a path that starts with
// "/". Anything else would publish broken or foreign links in the sitemap, the
// canonical links and the calendars: "//evil.example/" (scheme-relative) leads to
// another site, "handbook/" changes meaning from page to page.
func checkBaseURL(v any) (string, string) {
	const hint = `write an address such as "https://handbook.example.com/" or a path such as "/handbook/"`
	s := v.(string)
	if s == "" {
		return "", ""
	}
	if hasControl(s) || strings.ContainsAny(s, " \\") {
		return "it has spaces, backslashes or control characters", hint
	}
	if strings.HasPrefix(s, "//") {
		return "a scheme-relative address leads to whatever site it names", `write the scheme, "https:` + s + `", or a path that starts with one slash`
	}
	if strings.HasPrefix(s, "/") {
		if strings.ContainsAny(s, "?#") {
			return "a path with ? or # cannot prefix the site's addresses", hint
		}
		return "", ""
	}
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" {
		return "it is neither an address with http:// or https:// nor a path starting with /", hint
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return "the scheme must be http or https, not " + u.Scheme, hint
	case u.Host == "" || u.Opaque != "":
		return "the address has no host", hint
	case u.User != nil:
		return "the address holds a user name or password, which every page would publish", "remove the part before @"
	case u.RawQuery != "" || u.Fragment != "" || strings.ContainsAny(s, "?#"):
		return "an address with ? or # cannot prefix the site's addresses", hint
	}
	return "", ""
}

// checkEditURL accepts "" or an absolute http or https address.
func checkEditURL(v any) (string, string) {
	return checkAddress(v, `write the address of the repository's edit view, such as "https://github.com/owner/repo/edit/main/"`)
}

// checkRepoURL accepts "" or an absolute http or https address.
func checkRepoURL(v any) (string, string) {
	return checkAddress(v, `write the address at which the repository's files are shown, such as "https://github.com/owner/repo/blob/main/"`)
}

// checkAddress accepts "" or an absolute http or https address; hint says what to write.
func checkAddress(v any, hint string) (string, string) {
	s := v.(string)
	if s == "" {
		return "", ""
	}
	u, err := url.Parse(s)
	switch {
	case err != nil || hasControl(s) || strings.ContainsAny(s, " \\"):
		return "it is not an address", hint
	case u.Scheme != "http" && u.Scheme != "https":
		return "it must start with https:// or http://", hint
	case u.Host == "":
		return "the address has no host", hint
	}
	return "", ""
}

// checkCode accepts a language code in any letter case ("zh", "en", "zh-TW").
func checkCode(v any) (string, string) {
	if !validCode(strings.ToLower(v.(string))) {
		return "it is not a language code", `use a code such as "zh", "en" or "zh-tw"`
	}
	return "", ""
}

// checkTag accepts "" or a language tag as HTML's lang attribute takes it: a language
// of 2 or 3 letters and subtags of letters and digits, separated by hyphens
// ("zh-CN", "en-US", "zh-Hant-TW").
func checkTag(v any) (string, string) {
	s := v.(string)
	if s == "" || validTag(s) {
		return "", ""
	}
	return "it is not a language tag", `use a tag such as "zh-CN", "en-US" or "en"`
}

func validTag(s string) bool {
	for i, part := range strings.Split(s, "-") {
		if len(part) == 0 || len(part) > 8 || i == 0 && (len(part) < 2 || len(part) > 3) {
			return false
		}
		for _, r := range part {
			letter := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
			if !letter && (i == 0 || r < '0' || r > '9') {
				return false
			}
		}
	}
	return true
}

func positive(v any) (string, string) {
	if toInt64(v) <= 0 {
		return "it must be more than 0", "use a number above 0, or leave the key out for its default"
	}
	return "", ""
}

func nonNegative(v any) (string, string) {
	if toInt64(v) < 0 {
		return "it must not be negative", "use 0 for no limit"
	}
	return "", ""
}

// between checks that a number is above lo (or lo itself, when closed) and at most hi.
func between(lo, hi float64, closed bool, hint string) func(any) (string, string) {
	return func(v any) (string, string) {
		x := toFloat64(v)
		if x < lo || x == lo && !closed || x > hi {
			op := "above"
			if closed {
				op = "from"
			}
			return fmt.Sprintf("it must be %s %v and at most %v", op, lo, hi), hint
		}
		return "", ""
	}
}

func toFloat64(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case int:
		return float64(x)
	case int64:
		return float64(x)
	}
	return 0
}

func toInt64(v any) int64 {
	switch x := v.(type) {
	case int:
		return int64(x)
	case int64:
		return x
	}
	return 0
}

// validCode reports whether code is a language code as URLs use it: lower-case
// letters, digits and hyphens, at most 12.
func validCode(code string) bool {
	if code == "" || len(code) > 12 {
		return false
	}
	for _, r := range code {
		if !(r >= 'a' && r <= 'z' || r == '-' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// inside reports whether path p is root or inside it, both absolute and clean.
func inside(root, p string) bool {
	rel, err := filepath.Rel(root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}
