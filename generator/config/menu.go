package config

import (
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/load"
)

// MenuEntry is one link of the main menu, written as in Hugo:
//
//	[[menu.main]]
//	name = { zh = "入职", en = "Onboarding" }
//	pageRef = "guide/onboarding.md"
//	weight = 10
//
// [[languages.<code>.menu.main]] entries replace the site's menu in that language.
type MenuEntry struct {
	// Name is the link's text. Empty when PageRef is set: the page's title is shown.
	Name Text
	// Title is the link's tooltip (its title attribute); it may be empty.
	Title Text
	// URL is an address (http, https, mailto or tel) or a path of the site that starts
	// with "/" and lies under baseURL's path; "" when PageRef is set.
	URL string
	// PageRef is a page or section of the handbook: its path under content/, without
	// a leading slash ("guide/onboarding.md", "guide/onboarding", "guide/").
	PageRef string
	// Weight orders the menu: lower first, 0 (no weight) after every weighted entry.
	Weight     int
	Identifier string
	// Pos is where the entry stands in config.toml, for diagnostics about it (a
	// PageRef that names no page).
	Pos diag.Pos
}

// Text is a translatable text by language code. A plain string in config.toml is the
// default language's text, which every language without its own falls back to.
type Text map[string]string

// In returns the text in lang, else in the default language def.
func (t Text) In(lang, def string) string {
	if s, ok := t[lang]; ok {
		return s
	}
	return t[def]
}

// MenuLink is a menu entry in one language, ready to show.
type MenuLink struct {
	// Name is the text of the link; "" with PageRef means the page's title.
	Name, Title string
	// URL is where the link goes: an address, or a path of the site with the base
	// path of baseURL in front ("/handbook/contact/"); "" when PageRef is set.
	URL string
	// PageRef is the entry's page, to be found among the pages of language lang (the
	// translation when there is one) and linked to; reported at Pos when missing.
	PageRef string
	Pos     diag.Pos
}

// MainMenu returns the main menu in language lang: the language's own entries, or the
// site's, sorted as Hugo sorts them (by weight, entries without weight last, then by
// name), with names and URLs resolved.
func (c *Config) MainMenu(lang string) []MenuLink {
	entries := c.Menu
	if l := c.Language(lang); l != nil && l.Menu != nil {
		entries = l.Menu
	}
	out := make([]MenuLink, len(entries))
	weights := make([]int, len(entries))
	for i, e := range entries {
		u := e.URL
		if strings.HasPrefix(u, "/") {
			u = c.BasePath() + strings.TrimPrefix(u, "/")
		}
		out[i] = MenuLink{Name: e.Name.In(lang, c.DefaultLanguage), Title: e.Title.In(lang, c.DefaultLanguage), URL: u, PageRef: e.PageRef, Pos: e.Pos}
		weights[i] = e.Weight
	}
	idx := make([]int, len(out))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		wa, wb := weights[idx[a]], weights[idx[b]]
		if wa != wb {
			return wb == 0 || wa != 0 && wa < wb
		}
		return out[idx[a]].Name < out[idx[b]].Name
	})
	sorted := make([]MenuLink, len(out))
	for i, j := range idx {
		sorted[i] = out[j]
	}
	return sorted
}

// menuKeys are the keys of a menu entry; hugoMenuKeys those of Hugo's that Rolebook's
// menu does not have.
var (
	menuKeys     = []string{"name", "url", "pageRef", "weight", "identifier", "title"}
	hugoMenuKeys = map[string]string{
		"parent": "Rolebook's menu has one level: the entry is shown at the top",
		"pre":    "HTML before the link is not shown",
		"post":   "HTML after the link is not shown",
		"params": "menu entries have no params in Rolebook's templates",
	}
)

// menuDecoder decodes menus once the languages are known.
type menuDecoder struct {
	doc   *load.Doc
	codes []string // the configured language codes
	def   string   // the default language
	diags []diag.Diagnostic
}

func (d *menuDecoder) pos(path []string) diag.Pos { return d.doc.Pos(path...) }

func (d *menuDecoder) errorf(path []string, hint, format string, args ...any) {
	d.diags = append(d.diags, diag.Errorf(d.pos(path), diag.RuleMenu, hint, format, args...))
}

// menus decodes the value of a menu table at path: the main menu's entries. Other
// menus are reported: Rolebook's theme shows only the main one. The result is not nil.
func (d *menuDecoder) menus(v any, path []string) []MenuEntry {
	out := []MenuEntry{}
	m, ok := v.(map[string]any)
	if !ok {
		d.errorf(path, "write each entry of the main menu as [[menu.main]] with name and url or pageRef", "%s must be a table of menus", strings.Join(path, "."))
		return out
	}
	main := false
	for _, name := range sortedKeys(m) {
		p := append(path[:len(path):len(path)], name)
		if !strings.EqualFold(name, "main") {
			d.diags = append(d.diags, diag.Warnf(d.pos(p), diag.RuleMenu, "move its entries to [[menu.main]], or remove it",
				"the menu %q has no effect: Rolebook's theme shows the main menu only", name))
			continue
		}
		if main {
			d.errorf(p, "keep one of them (keys match in any letter case)", "the main menu is set twice")
			continue
		}
		main = true
		list, ok := m[name].([]any)
		if !ok {
			d.errorf(p, "write each entry as [[menu.main]] (two brackets) with name and url or pageRef", "%s must be a list of entries", strings.Join(p, "."))
			continue
		}
		for i, raw := range list {
			if e, ok := d.entry(raw, append(p[:len(p):len(p)], fmt.Sprint(i))); ok {
				out = append(out, e)
			}
		}
	}
	return out
}

// entry decodes one menu entry at path.
func (d *menuDecoder) entry(v any, path []string) (MenuEntry, bool) {
	e := MenuEntry{Pos: d.pos(path)}
	m, ok := v.(map[string]any)
	if !ok {
		d.errorf(path, "write each entry as [[menu.main]] with name and url or pageRef", "a menu entry must be a table")
		return e, false
	}
	okAll := true
	seen := map[string]bool{}
	var urlPath, refPath []string
	for _, name := range sortedKeys(m) {
		p := append(path[:len(path):len(path)], name)
		key := ""
		for _, k := range menuKeys {
			if strings.EqualFold(k, name) {
				key = k
			}
		}
		if hint, ok := hugoMenuKeys[strings.ToLower(name)]; ok {
			d.diags = append(d.diags, diag.Warnf(d.pos(p), diag.RuleHugoKey, hint+"; remove the setting to silence this warning",
				"%s of a menu entry is a Hugo setting that Rolebook does not have: it has no effect", name))
			continue
		}
		if key == "" {
			hint := diag.DidYouMean(name, menuKeys)
			if hint == "" {
				hint = "a menu entry has " + strings.Join(quoteAll(menuKeys), ", ")
			}
			d.errorf(p, hint, "unknown key %q in a menu entry", name)
			okAll = false
			continue
		}
		if seen[key] {
			d.errorf(p, "keep one of them (keys match in any letter case)", "%s is set twice in this menu entry", key)
			okAll = false
			continue
		}
		seen[key] = true
		val := m[name]
		switch key {
		case "name", "title":
			t, ok := d.text(key, val, p)
			okAll = okAll && ok
			if key == "name" {
				e.Name = t
			} else {
				e.Title = t
			}
		case "weight":
			w, ok := convert("int", val)
			if !ok {
				d.errorf(p, "write a whole number: weight = 10", "weight must be a whole number, not %s", describe(val))
				okAll = false
				continue
			}
			e.Weight = w.(int)
		case "url", "pageRef", "identifier":
			s, ok := val.(string)
			if !ok {
				d.errorf(p, "write text in quotes", "%s must be text in quotes, not %s", key, describe(val))
				okAll = false
				continue
			}
			switch key {
			case "url":
				e.URL, urlPath = s, p
			case "pageRef":
				e.PageRef, refPath = s, p
			default:
				e.Identifier = s
			}
		}
	}
	switch {
	case urlPath != nil && refPath != nil:
		d.errorf(refPath, "keep url for an address, or pageRef for a page of the handbook", "a menu entry has both url and pageRef")
		return e, false
	case urlPath == nil && refPath == nil:
		if okAll {
			d.errorf(path, `add url = "https://..." for an address, or pageRef = "guide/page.md" for a page of the handbook`, "a menu entry needs url or pageRef")
		}
		return e, false
	case urlPath != nil:
		if problem := checkLink(e.URL); problem != "" {
			d.errorf(urlPath, `write an address such as "https://example.com/" or "mailto:team@example.com", or a path of the site such as "/roles/"; for a page of the handbook use pageRef = "guide/page.md"`, "url %q %s", e.URL, problem)
			return e, false
		}
		if !seen["name"] {
			d.errorf(path, `add name = "..." (the link's text)`, "a menu entry with url needs a name")
			return e, false
		}
	default:
		ref, problem := cleanPageRef(e.PageRef)
		if problem != "" {
			d.errorf(refPath, `name the page by its path under content/, such as "guide/onboarding.md" or "guide/"`, "pageRef %q %s", e.PageRef, problem)
			return e, false
		}
		e.PageRef = ref
	}
	return e, okAll
}

// text decodes a translatable text: a string, or a table keyed by language code that
// has the default language.
func (d *menuDecoder) text(key string, v any, path []string) (Text, bool) {
	switch x := v.(type) {
	case string:
		return Text{d.def: x}, true
	case map[string]any:
		t := Text{}
		ok := true
		for _, code := range sortedKeys(x) {
			p := append(path[:len(path):len(path)], code)
			lower := strings.ToLower(code)
			if !contains(d.codes, lower) {
				hint := diag.DidYouMean(lower, d.codes)
				if hint == "" {
					hint = "the configured languages are " + strings.Join(d.codes, ", ")
				}
				d.errorf(p, hint, "%q is not a configured language", code)
				ok = false
				continue
			}
			s, isString := x[code].(string)
			if !isString {
				d.errorf(p, "write text in quotes", "%s.%s must be text in quotes, not %s", key, code, describe(x[code]))
				ok = false
				continue
			}
			t[lower] = s
		}
		if _, has := t[d.def]; ok && !has {
			d.errorf(path, fmt.Sprintf("add %s = \"...\": the other languages fall back to it", d.def), "%s has no text in the default language %q", key, d.def)
			ok = false
		}
		return t, ok
	}
	d.errorf(path, `write text in quotes, or a table by language: { zh = "...", en = "..." }`, "%s must be text, not %s", key, describe(v))
	return nil, false
}

// checkLink says what is wrong with a menu entry's url, or "".
func checkLink(s string) string {
	if hasControl(s) || strings.ContainsAny(s, " \\") {
		return "has spaces, backslashes or control characters"
	}
	if strings.HasPrefix(s, "/") {
		if strings.HasPrefix(s, "//") {
			return "has no scheme: it would lead to another site"
		}
		return ""
	}
	u, err := url.Parse(s)
	if err != nil {
		return "is not an address"
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Host == "" {
			return "has no host"
		}
		return ""
	case "mailto", "tel":
		if u.Opaque == "" {
			return "is empty"
		}
		return ""
	case "":
		return "is relative: it would change from page to page"
	}
	return fmt.Sprintf("uses the scheme %q", u.Scheme)
}

// cleanPageRef returns a pageRef as a path under content/, or what is wrong with it.
func cleanPageRef(s string) (string, string) {
	ref := strings.TrimPrefix(s, "/")
	switch {
	case ref == "":
		return "", "is empty"
	case hasControl(ref) || strings.ContainsAny(ref, "\\?#"):
		return "", "has a backslash, ?, # or control characters"
	case strings.Contains(ref, ":"):
		return "", "is an address, not a page: use url for it"
	}
	for _, part := range strings.Split(strings.TrimSuffix(ref, "/"), "/") {
		if part == "" || part == "." || part == ".." {
			return "", "is not a clean path"
		}
	}
	return ref, ""
}

func hasControl(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
