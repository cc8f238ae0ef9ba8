package render

import (
	"bytes"
	"html/template"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rolebook/rolebook/generator/site"
	"github.com/rolebook/rolebook/generator/theme"
)

// escapeContexts are the places nativePage writes a value, each as an html/template
// source with the value between "{{" and "}}" and the writer that stands for it.
var escapeContexts = []struct {
	name, before, after string
	write               func(w htmlWriter, s string)
}{
	{"text", "<p>", "</p>", htmlWriter.text},
	{"attribute", `<p title="`, `">`, htmlWriter.text},
	{"title", "<title>", "</title>", htmlWriter.text},
	{"url", `<a href="`, `">`, htmlWriter.url},
	{"fragment", `<a href="#`, `">`, htmlWriter.urlPart},
}

// checkEscaping compares htmlWriter with html/template on s in every context.
func checkEscaping(t *testing.T, s string) {
	t.Helper()
	for _, c := range escapeContexts {
		tpl := template.Must(template.New("").Parse(c.before + "{{ . }}" + c.after))
		var want bytes.Buffer
		if err := tpl.Execute(&want, s); err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		got.WriteString(c.before)
		c.write(htmlWriter{&got}, s)
		got.WriteString(c.after)
		if got.String() != want.String() {
			t.Errorf("%s %q:\n got %q\nwant %q", c.name, s, got.String(), want.String())
		}
	}
}

var escapeSeeds = []string{
	"", "plain", `<b>"Tom" & 'Jerry'</b> +1`, "\x00nul", "运营 & 设计", "\xff\xfe broken \xc3",
	"/sec-03/page-000003/", "https://example.com/a b?c=d&e=f#g", "javascript:alert(1)", "JavaScript:x",
	"mailto:a@b.c", "HTTP://x", "/a:b", "a/b:c", "%41%zz%4", "%", "!#$&*+,/:;=?@[]", "-._~", "'()\"<>\\^`{|}",
	"\ufdd0\uffff\ufffd", "ops:1.x", "\t\n\r ",
}

func TestNativeEscaping(t *testing.T) {
	for _, s := range escapeSeeds {
		checkEscaping(t, s)
	}
}

func FuzzNativeEscaping(f *testing.F) {
	for _, s := range escapeSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) { checkEscaping(t, s) })
}

func TestPlanNative(t *testing.T) {
	page := "{{ define \"main\" }}{{ end }}"
	all := []site.Kind{site.Single, site.Section, site.Tag} // sorted: "page", "section", "tag"
	tests := []struct {
		name      string
		upper     fstest.MapFS
		kinds     []site.Kind // written natively
		templated []string    // partials through their templates
	}{
		{"no templates folder", nil, all, nil},
		{"empty", fstest.MapFS{}, all, nil},
		{"other kinds", fstest.MapFS{"layouts/role.html": {Data: []byte(page)}, "i18n/en.toml": {Data: []byte(`home = "Start"`)}}, all, nil},
		{"a partial that defines nothing", fstest.MapFS{"layouts/partials/extra.html": {Data: []byte("<p>{{ .Title }}</p>")}}, all, nil},
		{"navigation", fstest.MapFS{"layouts/partials/nav.html": {Data: []byte("<nav></nav>")}}, all, nil},
		{"page layout", fstest.MapFS{"layouts/page.html": {Data: []byte(page)}}, []site.Kind{site.Section, site.Tag}, nil},
		{"section and tag layouts", fstest.MapFS{"layouts/section.html": {Data: []byte(page)}, "layouts/tag.html": {Data: []byte(page)}}, []site.Kind{site.Single}, nil},
		{"base", fstest.MapFS{"layouts/baseof.html": {Data: []byte("x")}}, nil, nil},
		{"footer", fstest.MapFS{"layouts/partials/footer.html": {Data: []byte("x")}}, all, []string{"partials/footer.html"}},
		{"footer and list", fstest.MapFS{"layouts/partials/footer.html": {Data: []byte("x")}, "layouts/partials/list.html": {Data: []byte("y")}},
			all, []string{"partials/footer.html", "partials/list.html"}},
		{"a partial that redefines", fstest.MapFS{"layouts/partials/extra.html": {Data: []byte(`{{ define "title" }}x{{ end }}`)}}, nil, nil},
		{"a partial with a block", fstest.MapFS{"layouts/partials/nav.html": {Data: []byte(`{{ block "partials/toc.html" . }}{{ end }}`)}}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := theme.Overlay{Lower: theme.Default(), UpperName: "templates"}
			if tt.upper != nil {
				o.Upper = tt.upper
			}
			plan := planNative(o)
			var kinds []site.Kind
			for k := range plan.kinds {
				kinds = append(kinds, k)
			}
			var templated []string
			for name := range plan.templated {
				templated = append(templated, name)
			}
			slices.Sort(kinds)
			slices.Sort(templated)
			if diff := cmp.Diff(tt.kinds, kinds, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("kinds written natively (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.templated, templated, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("partials through their templates (-want +got):\n%s", diff)
			}
		})
	}
}

// TestNativeFilesExist keeps nativeLayouts and nativePartials in step with the default
// theme.
func TestNativeFilesExist(t *testing.T) {
	for name := range nativeLayouts {
		if _, err := theme.Default().Open(name); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	for _, name := range nativePartials {
		if _, err := theme.Default().Open("layouts/" + name); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
