package render

import (
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/load"
)

//go:embed all:theme
var embedded embed.FS

// DefaultTheme returns the theme built into Rolebook: layouts/, assets/ and i18n/.
func DefaultTheme() fs.FS {
	sub, err := fs.Sub(embedded, "theme")
	if err != nil {
		panic(err) // the embedded folder is part of the binary
	}
	return sub
}

// Overlay is a file system in which the files of Upper hide those of Lower with the same
// name: the handbook's templates/ over the default theme.
type Overlay struct {
	Upper, Lower fs.FS
	// UpperName is how Upper's files are named in diagnostics ("templates").
	UpperName string
}

// Open opens name from Upper when it is there, else from Lower.
func (o Overlay) Open(name string) (fs.File, error) {
	if o.Upper != nil {
		f, err := o.Upper.Open(name)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return o.Lower.Open(name)
}

// ReadDir lists the union of both folders, sorted.
func (o Overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	seen := map[string]fs.DirEntry{}
	var firstErr error
	found := false
	for _, f := range []fs.FS{o.Lower, o.Upper} {
		if f == nil {
			continue
		}
		ents, err := fs.ReadDir(f, name)
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) && firstErr == nil {
				firstErr = err
			}
			continue
		}
		found = true
		for _, e := range ents {
			seen[e.Name()] = e
		}
	}
	if !found {
		if firstErr != nil {
			return nil, firstErr
		}
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	out := make([]fs.DirEntry, 0, len(seen))
	for _, e := range seen {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

// origin names the file a theme file comes from, for diagnostics.
func (o Overlay) origin(name string) string {
	if o.Upper != nil {
		if _, err := fs.Stat(o.Upper, name); err == nil {
			return path.Join(o.UpperName, name)
		}
	}
	return "(default theme) " + name
}

// templates holds one parsed template set per kind, for one language.
type templates map[string]*template.Template

// partialsKey names the set of templates that holds the partials alone.
const partialsKey = " partials"

// parseTemplates parses baseof.html, the partials and each kind's layout with funcs.
func parseTemplates(theme Overlay, funcs template.FuncMap) (templates, []diag.Diagnostic) {
	var diags []diag.Diagnostic
	fail := func(name string, err error) {
		diags = append(diags, templateDiag(theme, name, err))
	}
	read := func(name string) (string, bool) {
		b, err := fs.ReadFile(theme, name)
		if err != nil {
			fail(name, err)
			return "", false
		}
		return string(b), true
	}
	base := template.New("baseof.html").Funcs(funcs)
	src, ok := read("layouts/baseof.html")
	if !ok {
		return nil, diags
	}
	if _, err := base.Parse(src); err != nil {
		fail("layouts/baseof.html", err)
		return nil, diags
	}
	partials, _ := fs.Glob(theme, "layouts/partials/*.html")
	for _, name := range partials {
		src, ok := read(name)
		if !ok {
			continue
		}
		short := strings.TrimPrefix(name, "layouts/")
		if _, err := base.New(short).Parse(src); err != nil {
			fail(name, err)
		}
	}
	if len(diags) > 0 {
		return nil, diags
	}
	out := templates{}
	// A clone holding only the partials, for partialCached: a template set may not be
	// cloned once it has run, so it is made before any page renders.
	if partialSet, err := base.Clone(); err == nil {
		out[partialsKey] = partialSet
	}
	// Every layouts/<kind>.html but baseof.html is the layout of the pages of that kind.
	layouts, _ := fs.Glob(theme, "layouts/*.html")
	for _, name := range layouts {
		kind := strings.TrimSuffix(path.Base(name), ".html")
		if kind == "baseof" {
			continue
		}
		src, ok := read(name)
		if !ok {
			continue
		}
		t, err := base.Clone()
		if err == nil {
			_, err = t.New(kind + ".html").Parse(src)
		}
		if err != nil {
			fail(name, err)
			continue
		}
		out[kind] = t
	}
	return out, diags
}

// templateDiag turns a template error into a diagnostic naming the template file and
// line. Go's template parser reports positions only inside its error text
// ("template: NAME:LINE: ..."), so this is the one place that reads them from text.
func templateDiag(theme Overlay, file string, err error) diag.Diagnostic {
	msg := err.Error()
	line := 0
	var terr *template.Error
	if errors.As(err, &terr) && terr.Line > 0 {
		line, msg = terr.Line, terr.Description
		if terr.Name != "" {
			file = layoutFile(terr.Name)
		}
	} else if rest, ok := strings.CutPrefix(msg, "template: "); ok {
		if name, after, ok := strings.Cut(rest, ":"); ok {
			num, tail, _ := strings.Cut(after, ":")
			if n, err := strconv.Atoi(num); err == nil {
				line, file = n, layoutFile(name)
				if _, t, ok := strings.Cut(tail, ": "); ok && isNumber(strings.TrimSpace(strings.SplitN(tail, ":", 2)[0])) {
					tail = t
				}
				msg = strings.TrimSpace(tail)
			}
		}
	}
	return diag.Diagnostic{Pos: diag.Pos{File: theme.origin(file), Line: line}, Severity: diag.Error, Rule: "template",
		Message: msg, Hint: "fix the template; Go html/template syntax is described at pkg.go.dev/html/template"}
}

func layoutFile(name string) string {
	if strings.HasPrefix(name, "layouts/") {
		return name
	}
	return "layouts/" + name
}

func isNumber(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil
}

// i18n is the theme's own words in one language, with the default language beneath.
type i18n struct {
	words, fallback map[string]string
}

// Has reports whether key has a word in this language or the fallback.
func (t i18n) Has(key string) bool {
	_, ok := t.words[key]
	if !ok {
		_, ok = t.fallback[key]
	}
	return ok
}

// T returns the word for key, falling back to the default language, then English, then
// the key itself. Extra arguments fill %v verbs.
func (t i18n) T(key string, args ...any) string {
	s, ok := t.words[key]
	if !ok {
		s, ok = t.fallback[key]
	}
	if !ok {
		s = key
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// loadI18n reads i18n/<lang>.toml from the theme (both layers: the handbook's keys
// override the default theme's).
func loadI18n(theme Overlay, lang string) (map[string]string, []diag.Diagnostic) {
	words := map[string]string{}
	var diags []diag.Diagnostic
	for _, layer := range []struct {
		fsys fs.FS
		name string
	}{{theme.Lower, "(default theme) "}, {theme.Upper, theme.UpperName + "/"}} {
		if layer.fsys == nil {
			continue
		}
		file := "i18n/" + lang + ".toml"
		b, err := fs.ReadFile(layer.fsys, file)
		if err != nil {
			continue
		}
		doc, ds := load.DecodeTOML(layer.name+file, b, 1)
		diags = append(diags, ds...)
		if doc == nil {
			continue
		}
		for k, v := range doc.Data {
			s, ok := v.(string)
			if !ok {
				diags = append(diags, diag.Errorf(doc.Pos(k), "type", `write key = "text"`, "i18n key %q must be a string", k))
				continue
			}
			words[k] = s
		}
	}
	return words, diags
}
