package render

import (
	"bytes"
	"html/template"
	"testing"
	"testing/fstest"

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

func TestNativeTheme(t *testing.T) {
	page := "{{ define \"main\" }}{{ end }}"
	tests := []struct {
		name  string
		upper fstest.MapFS
		want  bool
	}{
		{"no templates folder", nil, true},
		{"empty", fstest.MapFS{}, true},
		{"other kinds", fstest.MapFS{"layouts/role.html": {Data: []byte(page)}, "i18n/en.toml": {Data: []byte(`home = "Start"`)}}, true},
		{"a partial that defines nothing", fstest.MapFS{"layouts/partials/extra.html": {Data: []byte("<p>{{ .Title }}</p>")}}, true},
		{"navigation", fstest.MapFS{"layouts/partials/nav.html": {Data: []byte("<nav></nav>")}}, true},
		{"page layout", fstest.MapFS{"layouts/page.html": {Data: []byte(page)}}, false},
		{"base", fstest.MapFS{"layouts/baseof.html": {Data: []byte("x")}}, false},
		{"footer", fstest.MapFS{"layouts/partials/footer.html": {Data: []byte("x")}}, false},
		{"a partial that redefines", fstest.MapFS{"layouts/partials/extra.html": {Data: []byte(`{{ define "title" }}x{{ end }}`)}}, false},
		{"a partial with a block", fstest.MapFS{"layouts/partials/nav.html": {Data: []byte(`{{ block "partials/toc.html" . }}{{ end }}`)}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := theme.Overlay{Lower: theme.Default(), UpperName: "templates"}
			if tt.upper != nil {
				o.Upper = tt.upper
			}
			if got := nativeTheme(o); got != tt.want {
				t.Errorf("nativeTheme = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestNativeFilesExist keeps nativeFiles in step with the default theme.
func TestNativeFilesExist(t *testing.T) {
	for _, name := range nativeFiles {
		if _, err := theme.Default().Open(name); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
