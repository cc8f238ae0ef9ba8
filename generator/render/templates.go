package render

import (
	"errors"
	"html/template"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/theme"
)

// templates holds one parsed template set per kind, for one language.
type templates map[string]*template.Template

// partialsKey names the set of templates that holds the partials alone.
const partialsKey = " partials"

// parseTemplates parses baseof.html, the partials and each kind's layout with funcs.
func parseTemplates(th theme.Overlay, funcs template.FuncMap) (templates, []diag.Diagnostic) {
	var diags []diag.Diagnostic
	fail := func(name string, err error) {
		diags = append(diags, templateDiag(th, name, err))
	}
	read := func(name string) (string, bool) {
		b, err := fs.ReadFile(th, name)
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
	partials, _ := fs.Glob(th, "layouts/partials/*.html")
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
	layouts, _ := fs.Glob(th, "layouts/*.html")
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
func templateDiag(th theme.Overlay, file string, err error) diag.Diagnostic {
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
	return diag.Diagnostic{Pos: diag.Pos{File: th.Origin(file), Line: line}, Severity: diag.Error, Rule: diag.RuleTemplate,
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
