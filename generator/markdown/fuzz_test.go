package markdown

import (
	"bytes"
	"github.com/rolebook/rolebook/generator/diag"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
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

// FuzzReference renders arbitrary input with Render and with the reference
// implementation of reference_test.go, and checks that every part of the results is the
// same: HTML, table of contents, title, plain text and diagnostics. It also checks the
// text Render gathers before it changes the tree against a walk of the final tree, the
// label of each task list item, and the helpers that exist in two versions (slug,
// destination, resolvable) on the input itself.
func FuzzReference(f *testing.F) {
	for _, c := range loadCases(f) {
		f.Add(c.input, false, false)
	}
	f.Add([]byte(samplePage), false, true)
	f.Add([]byte(generatedPage), true, false)
	f.Add([]byte("中\n[](javascript:x)文\n\n中\n![文](javascript:x)\n\n<role:operations>\n中\n<https://例子.com>"), false, false)
	f.Add([]byte("标题\n第二行\n===\n\n- [ ] 任务\n  文本 <b>x</b>\n\n\xe3\x80*\x80* a&#12288;b\u3000c\u00a0d\u0085e"), false, true)
	f.Add([]byte("Role:operations#a"), false, false)
	f.Add([]byte("a  \nb\\\nc\n<!--\nx\n-->\n\n<div>\n中\n文\n</div>\n\n[^1]\n\n[^1]: 注\n  释"), true, false)
	// Lines at the edge of the too-complex bound: 5792 and 5793 "](" in a row.
	f.Add([]byte("x\n"+strings.Repeat("](", 5792)+"\n"), false, false)
	f.Add([]byte("x\n"+strings.Repeat("](", 5793)), false, false)
	// At the edges of the limits of checkCost.
	f.Add([]byte(indented(MaxNesting+1)), false, false)
	f.Add([]byte(table(DefaultMaxTableColumns+1, 2)), false, false)
	f.Add([]byte(definitions(DefaultMaxLinkDefinitions+1)), false, false)
	f.Add([]byte(strings.Repeat("*a**a\n", 2501)), false, false)
	opts := []Options{{}, {Unsafe: true}}
	var renderers [2]*Renderer
	var refs [2]*refRenderer
	for i, o := range opts {
		renderers[i], refs[i] = New(o), newRef(o)
	}
	f.Fuzz(func(t *testing.T, src []byte, isUnsafe, dropTitle bool) {
		i := 0
		if isUnsafe {
			i = 1
		}
		ctx := Context{File: "content/fuzz.md", FirstLine: 3, Resolver: testHandbook(), DropTitle: dropTitle}
		got, gotDiags := renderers[i].Render(src, ctx)
		want, wantDiags := refs[i].render(src, ctx)
		if diff := cmp.Diff(got, want); diff != "" {
			t.Errorf("input %q: result differs from the reference (-got +want):\n%s", src, diff)
		}
		if diff := cmp.Diff(formatDiags(gotDiags.Items()), formatDiags(diag.From(wantDiags).Items())); diff != "" {
			t.Errorf("input %q: diagnostics differ from the reference (-got +want):\n%s", src, diff)
		}

		if got, want := slug(string(src)), refSlug(string(src)); got != want {
			t.Errorf("slug(%q) = %q, reference %q", src, got, want)
		}
		if got, want := destination(src), refDestination(src); got != want {
			t.Errorf("destination(%q) = %q, reference %q", src, got, want)
		}
		target, fragment, ok := resolvable(string(src))
		if wt, wf, wok := refResolvable(string(src)); target != wt || fragment != wf || ok != wok {
			t.Errorf("resolvable(%q) = %q, %q, %v, reference %q, %q, %v", src, target, fragment, ok, wt, wf, wok)
		}

		// The text gathered before the tree changes, against a walk of the final tree;
		// the labels of task list items, against the reference's walk. (Headings are
		// compared through the TOC and title above.)
		r := renderers[i]
		p := &page{src: src, ctx: ctx, unsafe: r.opts.Unsafe, policy: r.policy}
		if !p.checkLimits(r.opts.MaxBytes, r.limits.nesting) || !p.checkCost(r.limits) {
			return
		}
		pc := parser.NewContext()
		if expanded, edits, literal := p.expandShortcodes(src); edits != nil {
			p.orig, p.src, p.edits = src, expanded, edits
			src = expanded
			pc.Set(literalKey, literal)
		}
		doc := r.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
		var res Result
		p.transform(doc, new(pageWalk), &res)
		if want := refPlainText(doc, src); res.Text != want {
			t.Errorf("input %q: text %q, reference %q", src, res.Text, want)
		}
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if box, ok := n.(*east.TaskCheckBox); ok && entering {
				if got, want := taskLabel(box, src), refTaskLabel(box, src); got != want {
					t.Errorf("input %q: task label %q, reference %q", src, got, want)
				}
			}
			return ast.WalkContinue, nil
		})
	})
}
