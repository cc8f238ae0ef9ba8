package markdown

import (
	"bytes"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// FuzzRender renders arbitrary input, seeded from the testdata cases. It checks that
// Render does not panic and, in safe mode, that the HTML has no script element, no
// event-handler attribute and no href or src a browser would run as script.
func FuzzRender(f *testing.F) {
	for _, c := range loadCases(f) {
		f.Add(c.input, false)
	}
	f.Add([]byte(strings.Repeat("> ", 100)+"x"), false)
	f.Add([]byte(strings.Repeat("[", 100)+strings.Repeat("*", 100)), false)
	f.Add([]byte("<!--\n<!--\n<!--"), true)
	safe, unsafe := New(Options{}), New(Options{Unsafe: true})
	f.Fuzz(func(t *testing.T, src []byte, isUnsafe bool) {
		r := safe
		if isUnsafe {
			r = unsafe
		}
		res, _ := r.Render(src, Context{File: "content/fuzz.md", FirstLine: 3, Resolver: testHandbook()})
		if isUnsafe {
			return
		}
		if bad := unsafeHTML(res.HTML); bad != "" {
			t.Errorf("safe mode output has %s\ninput: %q\noutput: %s", bad, src, res.HTML)
		}
	})
}

// unsafeHTML returns what in out could run script, or "".
func unsafeHTML(out []byte) string {
	if bytes.Contains(bytes.ToLower(out), []byte("<script")) {
		return "<script"
	}
	z := html.NewTokenizer(bytes.NewReader(out))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if string(name) == "script" || string(name) == "iframe" {
				return "<" + string(name)
			}
			for hasAttr {
				var key, val []byte
				key, val, hasAttr = z.TagAttr()
				k := string(key)
				if strings.HasPrefix(k, "on") {
					return "attribute " + k
				}
				if k == "href" || k == "src" {
					if s := schemeOf(string(val)); s == "javascript" || s == "vbscript" {
						return k + "=" + string(val)
					}
				}
			}
		}
	}
}

// schemeOf returns the scheme a browser would see in an attribute value (already
// entity-decoded by the tokenizer): spaces and controls dropped, lower-cased.
func schemeOf(v string) string {
	var b strings.Builder
	for _, r := range v {
		switch {
		case r <= 0x20 || r == 0x7f:
			continue
		case r == ':':
			return b.String()
		case r == '/' || r == '?' || r == '#':
			return ""
		}
		b.WriteRune(r | 0x20)
	}
	return ""
}

func TestUnsafeHTMLCheck(t *testing.T) {
	for _, s := range []string{
		`<a href="javascript:x">`, `<a href=" JavaScript:x">`, `<a href="java&#x09;script:x">`,
		`<img src=x onerror=y>`, `<SCRIPT>`, `<iframe src=x>`,
	} {
		if unsafeHTML([]byte(s)) == "" {
			t.Errorf("unsafeHTML(%q) found nothing", s)
		}
	}
	if got := unsafeHTML([]byte(`<p>onclick=x javascript:y</p><a href="/roles/#javascript:x">`)); got != "" {
		t.Errorf("unsafeHTML of harmless text = %q, want \"\"", got)
	}
}
