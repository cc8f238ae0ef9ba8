package config

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/load"
)

// node is a key config.toml may hold, as the key tables describe it. Children are
// found by their name in lower case: keys match in any letter case, as in Hugo.
type node struct {
	name     string // the documented spelling
	children map[string]*node
	site     *key[Config]   // a leaf that sets a site key (for an alias too)
	lang     *key[Language] // a leaf that sets a language key
	// hugo marks a setting of Hugo's that Rolebook does not have; keys below it that
	// are not children are reported with it.
	hugo *hugoKey
	// special names the tables decoded by their own code: "languages", "params",
	// "menu".
	special string
	// alias marks a leaf that is another name of a key (Hugo's).
	alias bool
}

func (n *node) child(name string) *node {
	if n.children == nil {
		n.children = map[string]*node{}
	}
	c := n.children[strings.ToLower(name)]
	if c == nil {
		c = &node{name: name}
		n.children[strings.ToLower(name)] = c
	}
	return c
}

// at returns the node at a dotted path, made as needed.
func (n *node) at(path string) *node {
	for _, part := range strings.Split(path, ".") {
		n = n.child(part)
	}
	return n
}

// names returns the names of the children of n that Rolebook supports, for "did you
// mean" (Hugo's settings that it does not have are left out); withAliases adds Hugo's
// names of Rolebook's keys, else a child that only holds one is left out too.
func (n *node) names(withAliases bool) []string {
	out := make([]string, 0, len(n.children))
	for _, c := range n.children {
		if c.supported(withAliases) {
			out = append(out, c.name)
		}
	}
	sort.Strings(out)
	return out
}

// supported reports whether n, or a key below it, is one Rolebook has.
func (n *node) supported(withAliases bool) bool {
	if (n.site != nil || n.lang != nil) && (withAliases || !n.alias) || n.special != "" {
		return true
	}
	for _, c := range n.children {
		if c.supported(withAliases) {
			return true
		}
	}
	return false
}

// schema returns the tree of what config.toml may hold at its top, and in a
// [languages.<code>] table.
func schema() (site, lang *node) {
	site, lang = &node{}, &node{}
	for i := range siteKeys {
		k := &siteKeys[i]
		if k.from()&fromFile == 0 {
			continue
		}
		site.at(k.Name).site = k
		for _, name := range k.Aliases {
			n := site.at(name)
			n.site, n.alias = k, true
		}
	}
	for i := range languageKeys {
		k := &languageKeys[i]
		lang.at(k.Name).lang = k
	}
	site.child("languages").special = "languages"
	site.child("params").special = "params"
	site.child("menu").special = "menu"
	site.child("menus").special = "menu"
	lang.child("menu").special = "menu"
	lang.child("menus").special = "menu"
	for i := range hugoKeys {
		h := &hugoKeys[i]
		if rest, ok := strings.CutPrefix(h.Path, "languages.*."); ok {
			lang.at(rest).hugo = h
		} else {
			site.at(h.Path).hugo = h
		}
	}
	return site, lang
}

// fileSettings is what config.toml holds, checked against the key tables.
type fileSettings struct {
	doc *load.Doc
	// values holds the file's site keys by their documented name, with the field's
	// type; pos where each was set.
	values map[string]any
	pos    map[string]diag.Pos
	// languages are the [languages.<code>] tables, codes in lower case, in the
	// order of the file's keys.
	languages []fileLanguage
	params    map[string]any
	// menu is the [[menu.main]] array as decoded, at path menuPath; nil if none.
	menu     any
	menuPath []string
	diags    []diag.Diagnostic
}

// fileLanguage is one [languages.<code>] table.
type fileLanguage struct {
	lang     Language
	pos      diag.Pos
	menu     any
	menuPath []string
}

// readFile checks the decoded config.toml against the key tables: unknown keys (with
// "did you mean"), wrong types, a key set twice under two spellings, Hugo's settings
// that Rolebook does not have.
func readFile(doc *load.Doc) *fileSettings {
	fs := &fileSettings{doc: doc, values: map[string]any{}, pos: map[string]diag.Pos{}}
	site, lang := schema()
	r := &fileReader{fs: fs, lang: lang, seen: map[string][]string{}}
	r.table(site, doc.Data, nil, nil)
	return fs
}

// fileReader walks config.toml.
type fileReader struct {
	fs   *fileSettings
	lang *node
	// seen holds, by what a key sets ("title", "params", "languages.en"...), the
	// path it was first set at: a second spelling of the same key is an error.
	seen map[string][]string
}

func (r *fileReader) pos(path []string) diag.Pos { return r.fs.doc.Pos(path...) }

func (r *fileReader) add(d diag.Diagnostic) { r.fs.diags = append(r.fs.diags, d) }

// once records that path sets what, and reports whether it is the first to.
func (r *fileReader) once(what string, path []string) bool {
	if first, ok := r.seen[what]; ok {
		r.add(diag.Diagnostic{Pos: r.pos(path), Severity: diag.Error, Rule: diag.RuleDuplicateKey,
			Message: fmt.Sprintf("%s is set twice: as %s and as %s", what, strings.Join(first, "."), strings.Join(path, ".")),
			Hint:    "keep one of them (keys match in any letter case, and Hugo's names are the same keys)", Related: []diag.Pos{r.pos(first)}})
		return false
	}
	r.seen[what] = append([]string(nil), path...)
	return true
}

// table checks the keys of m, a table at path described by n. hugo is the Hugo
// setting that n is part of, if any.
func (r *fileReader) table(n *node, m map[string]any, path []string, hugo *hugoKey) {
	for _, name := range r.keys(m, path) {
		p := append(path[:len(path):len(path)], name)
		r.value(n, name, m[name], p, hugo)
	}
}

// keys returns the keys of m, the table at path, in the order they stand in the file:
// of two spellings of one key, the second is the one reported.
func (r *fileReader) keys(m map[string]any, path []string) []string {
	keys := sortedKeys(m)
	p := append(path[:len(path):len(path)], "")
	sort.SliceStable(keys, func(i, j int) bool {
		p[len(p)-1] = keys[i]
		a := r.pos(p)
		p[len(p)-1] = keys[j]
		return a.Less(r.pos(p))
	})
	return keys
}

func (r *fileReader) value(parent *node, name string, v any, path []string, hugo *hugoKey) {
	c := parent.children[strings.ToLower(name)]
	if c == nil {
		if hugo != nil {
			r.hugoSetting(hugo, path)
			return
		}
		r.unknown(parent, name, path)
		return
	}
	switch {
	case c.site != nil:
		if r.once(c.site.Name, path) {
			if val, ok := r.typed(c.site.Name, c.site.kind(), v, path); ok {
				r.fs.values[c.site.Name], r.fs.pos[c.site.Name] = val, r.pos(path)
				if c.site.Check != nil {
					r.check(c.site.Name, c.site.Check, val, path)
				}
			}
		}
		return
	case c.special == "params":
		if !r.once("params", path) {
			return
		}
		m, ok := v.(map[string]any)
		if !ok {
			r.notTable(name, "[params]", path)
			return
		}
		r.fs.params = m
		return
	case c.special == "languages":
		m, ok := v.(map[string]any)
		if !ok {
			r.notTable(name, "[languages.zh], [languages.en]...", path)
			return
		}
		for _, code := range r.keys(m, path) {
			r.language(code, m[code], append(path[:len(path):len(path)], code))
		}
		return
	case c.special == "menu":
		if !r.once("menu", path) {
			return
		}
		r.fs.menu, r.fs.menuPath = v, path
		return
	case c.hugo != nil && c.children == nil:
		r.hugoSetting(c.hugo, path)
		return
	}
	if c.hugo != nil {
		hugo = c.hugo
	}
	m, ok := v.(map[string]any)
	if !ok {
		if hugo != nil {
			r.hugoSetting(hugo, path)
			return
		}
		r.notTable(name, "["+strings.Join(path, ".")+"]", path)
		return
	}
	r.table(c, m, path, hugo)
}

// language reads the [languages.<code>] table at path.
func (r *fileReader) language(code string, v any, path []string) {
	lower := strings.ToLower(code)
	if !validCode(lower) {
		r.add(diag.Errorf(r.pos(path), diag.RuleConfig, `use a language code such as "zh", "en" or "zh-tw"`, "%q is not a language code", code))
		return
	}
	if !r.once("languages."+lower, path) {
		return
	}
	m, ok := v.(map[string]any)
	if !ok {
		r.add(diag.Errorf(r.pos(path), diag.RuleType, "write [languages."+code+"] with title, languageName and weight", "languages.%s must be a table", code))
		return
	}
	fl := fileLanguage{lang: Language{Code: lower}, pos: r.pos(path)}
	for _, name := range r.keys(m, path) {
		p := append(path[:len(path):len(path)], name)
		c := r.lang.children[strings.ToLower(name)]
		switch {
		case c == nil:
			r.unknown(r.lang, name, p)
		case c.lang != nil:
			if !r.once("languages."+lower+"."+c.lang.Name, p) {
				continue
			}
			if val, ok := r.typed(c.lang.Name, c.lang.kind(), m[name], p); ok {
				if c.lang.Check != nil && !r.check(c.lang.Name, c.lang.Check, val, p) {
					continue
				}
				c.lang.set(&fl.lang, val)
			}
		case c.special == "menu":
			if r.once("languages."+lower+".menu", p) {
				fl.menu, fl.menuPath = m[name], p
			}
		case c.hugo != nil:
			r.hugoSetting(c.hugo, p)
		}
	}
	r.fs.languages = append(r.fs.languages, fl)
}

// typed returns v as the Go type of kind, or reports that it is not of that kind.
func (r *fileReader) typed(name, kind string, v any, path []string) (any, bool) {
	if out, ok := convert(kind, v); ok {
		return out, true
	}
	r.add(diag.Errorf(r.pos(path), diag.RuleType, "write "+kindWords[kind], "%s must be %s, not %s", name, kindWords[kind], describe(v)))
	return nil, false
}

// check runs a key's check on its value and reports the problem at path.
func (r *fileReader) check(name string, check func(any) (string, string), v any, path []string) bool {
	if problem, hint := check(v); problem != "" {
		r.add(diag.Errorf(r.pos(path), diag.RuleConfig, hint, "%s = %s: %s", name, describe(v), problem))
		return false
	}
	return true
}

func (r *fileReader) unknown(parent *node, name string, path []string) {
	hint := diag.DidYouMean(name, parent.names(true))
	if hint == "" {
		if len(path) == 1 {
			hint = "remove it, or put free settings for templates under [params]"
		} else {
			hint = "remove it; this table has " + strings.Join(quoteAll(parent.names(false)), ", ")
		}
	}
	for _, k := range siteKeys {
		if strings.EqualFold(k.Name, strings.Join(path, ".")) && k.from()&fromFile == 0 {
			hint = fmt.Sprintf("%s is set on the command line (--%s) or with %s, not in config.toml", k.Name, k.Flag, k.envName())
		}
	}
	where := ""
	if len(path) > 1 {
		where = " in [" + strings.Join(path[:len(path)-1], ".") + "]"
	}
	r.add(diag.Errorf(r.pos(path), diag.RuleUnknownKey, hint, "unknown key %q%s", name, where))
}

func (r *fileReader) notTable(name, how string, path []string) {
	r.add(diag.Errorf(r.pos(path), diag.RuleType, "write it as a table: "+how, "%s must be a table", name))
}

// hugoSetting reports a setting of Hugo's that Rolebook does not have.
func (r *fileReader) hugoSetting(h *hugoKey, path []string) {
	name := strings.Join(path, ".")
	if h.Error {
		r.add(diag.Errorf(r.pos(path), diag.RuleHugoKey, h.Hint, "%s is a Hugo setting that Rolebook does not have; remove it", name))
		return
	}
	r.add(diag.Warnf(r.pos(path), diag.RuleHugoKey, h.Hint+"; remove the setting to silence this warning", "%s is a Hugo setting that Rolebook does not have: it has no effect", name))
}

// convert returns v, a decoded TOML value, as the Go type of kind.
func convert(kind string, v any) (any, bool) {
	switch kind {
	case "string":
		s, ok := v.(string)
		return s, ok
	case "bool":
		b, ok := v.(bool)
		return b, ok
	case "int":
		if i, ok := v.(int64); ok && i >= math.MinInt32 && i <= math.MaxInt32 {
			return int(i), true
		}
	case "int64":
		i, ok := v.(int64)
		return i, ok
	case "float64":
		switch x := v.(type) {
		case float64:
			return x, !math.IsNaN(x) && !math.IsInf(x, 0)
		case int64:
			return float64(x), true
		}
	case "[]string":
		list, ok := v.([]any)
		if !ok {
			return nil, false
		}
		out := make([]string, len(list))
		for i, e := range list {
			if out[i], ok = e.(string); !ok {
				return nil, false
			}
		}
		return out, true
	}
	return nil, false
}

// describe shows a decoded value in an error message.
func describe(v any) string {
	switch x := v.(type) {
	case string:
		return fmt.Sprintf("%q", x)
	case map[string]any:
		return "a table"
	case []any:
		return "a list"
	}
	return fmt.Sprintf("%v", v)
}

func quoteAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = fmt.Sprintf("%q", n)
	}
	return out
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
