package load

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rolebook/rolebook/generator/diag"
)

func TestSplit(t *testing.T) {
	const file = "content/roles/after-sales.md"
	at := func(line, col int) diag.Pos { return diag.Pos{File: file, Line: line, Col: col} }
	type front struct {
		Format    Format
		Start     diag.Pos
		Data      map[string]any
		Positions map[string]string
	}
	longTitle := strings.Repeat("x", 3000)
	tests := []struct {
		name      string
		src       string
		front     *front
		body      string
		bodyLine  int
		diags     []diag.Diagnostic
		wantNoDoc bool
	}{{
		name: "TOML",
		src:  "+++\ntitle = { zh = \"售后客服\", en = \"After-sales service\" }\nnext = [\"service-lead\"]\n[skills]\ncustomer-care = 3\n+++\n# After-sales\n",
		front: &front{TOML, at(1, 1),
			map[string]any{"title": map[string]any{"zh": "售后客服", "en": "After-sales service"}, "next": []any{"service-lead"}, "skills": map[string]any{"customer-care": int64(3)}},
			map[string]string{"title": "2:1", "title.zh": "2:11", "title.en": "2:24", "next": "3:1", "next.0": "3:9", "skills": "4:1", "skills.customer-care": "5:1"}},
		body: "# After-sales\n", bodyLine: 7,
	}, {
		name: "YAML",
		src:  "---\ntitle: 售后客服\nheadcount: 2\nweight: 1.5\ndraft: false\ndate: 2024-03-01\ntags:\n  - service\n  - 退款\nsummary:\nskills:\n  customer-care: 3\n---\nBody\n",
		front: &front{YAML, at(1, 1),
			map[string]any{"title": "售后客服", "headcount": int64(2), "weight": 1.5, "draft": false,
				"date": time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), "tags": []any{"service", "退款"}, "summary": nil,
				"skills": map[string]any{"customer-care": int64(3)}},
			map[string]string{"title": "2:1", "headcount": "3:1", "weight": "4:1", "draft": "5:1", "date": "6:1",
				"tags": "7:1", "tags.0": "8:5", "tags.1": "9:5", "summary": "10:1", "skills": "11:1", "skills.customer-care": "12:3"}},
		body: "Body\n", bodyLine: 14,
	}, {
		name: "YAML closed with dots, anchors and merge keys",
		src:  "---\nbase: &b {area: service, headcount: 1}\nrole:\n  <<: *b\n  headcount: 2\n...\n",
		front: &front{YAML, at(1, 1),
			map[string]any{"base": map[string]any{"area": "service", "headcount": int64(1)}, "role": map[string]any{"area": "service", "headcount": int64(2)}},
			map[string]string{"base": "2:1", "base.area": "2:11", "base.headcount": "2:26", "role": "3:1", "role.headcount": "5:3"}},
		body: "", bodyLine: 7,
	}, {
		name: "JSON",
		src:  "{\n  \"title\": \"售后客服\",\n  \"headcount\": 2, \"weight\": 1.5,\n  \"next\": [\"service-lead\", {\"x\": null}],\n  \"draft\": true\n}\n\nBody {not front matter}\n",
		front: &front{JSON, at(1, 1),
			map[string]any{"title": "售后客服", "headcount": int64(2), "weight": 1.5, "next": []any{"service-lead", map[string]any{"x": nil}}, "draft": true},
			map[string]string{"title": "2:3", "headcount": "3:3", "weight": "3:19", "next": "4:3", "next.0": "4:12", "next.1": "4:28", "next.1.x": "4:29", "draft": "5:3"}},
		body: "\nBody {not front matter}\n", bodyLine: 7,
	}, {
		name:  "JSON with braces in strings, on one line",
		src:   "{\"title\": \"a } b {\"}\nBody",
		front: &front{JSON, at(1, 1), map[string]any{"title": "a } b {"}, map[string]string{"title": "1:2"}},
		body:  "Body", bodyLine: 2,
	}, {
		name: "no front matter", src: "# Title\n+++\n", body: "# Title\n+++\n", bodyLine: 1, wantNoDoc: true,
	}, {
		name: "empty file", src: "", body: "", bodyLine: 1, wantNoDoc: true,
	}, {
		name:  "empty front matter",
		src:   "+++\n+++\n",
		front: &front{TOML, at(1, 1), map[string]any{}, map[string]string{}},
		body:  "", bodyLine: 3,
	}, {
		name:  "closing delimiter without newline",
		src:   "+++\nweight = 1\n+++",
		front: &front{TOML, at(1, 1), map[string]any{"weight": int64(1)}, map[string]string{"weight": "2:1"}},
		body:  "", bodyLine: 4,
	}, {
		name:  "byte order mark, CRLF and trailing spaces on delimiters",
		src:   "\uFEFF+++ \r\ntitle = \"运营\"\r\n[skills]\r\nbookkeeping = 1\r\n+++\t\r\nBody\r\n",
		front: &front{TOML, at(1, 1), map[string]any{"title": "运营", "skills": map[string]any{"bookkeeping": int64(1)}}, map[string]string{"title": "2:1", "skills": "3:1", "skills.bookkeeping": "4:1"}},
		body:  "Body\r\n", bodyLine: 6,
	}, {
		name:  "mixed line endings",
		src:   "---\r\ntitle: a\nweight: 2\r\n---\nBody\r\nmore\n",
		front: &front{YAML, at(1, 1), map[string]any{"title": "a", "weight": int64(2)}, map[string]string{"title": "2:1", "weight": "3:1"}},
		body:  "Body\r\nmore\n", bodyLine: 5,
	}, {
		name:  "closing delimiter far from the start",
		src:   "+++\ntitle = \"" + longTitle + "\"\n\n\n+++\nBody\n",
		front: &front{TOML, at(1, 1), map[string]any{"title": longTitle}, map[string]string{"title": "2:1"}},
		body:  "Body\n", bodyLine: 6,
	}, {
		name:     "TOML syntax error at a file line",
		src:      "+++\ntitle = \"ok\"\narea = service\n+++\nBody\n",
		body:     "Body\n",
		bodyLine: 5,
		diags: []diag.Diagnostic{{Pos: at(3, 8), Severity: diag.Error, Rule: "syntax",
			Message: `invalid TOML: expected value but found "service" instead`, Hint: `put text in double quotes: key = "service"`}},
		wantNoDoc: true,
	}, {
		name:     "unclosed TOML",
		src:      "+++\ntitle = \"ok\"\n\nBody\n",
		body:     "+++\ntitle = \"ok\"\n\nBody\n",
		bodyLine: 1,
		diags: []diag.Diagnostic{{Pos: at(1, 1), Severity: diag.Error, Rule: "front-matter",
			Message: "the front matter that starts with +++ here is never closed", Hint: "add a line with +++ alone after the last line of the front matter"}},
		wantNoDoc: true,
	}, {
		name:     "unclosed JSON",
		src:      "{\n\"title\": \"x\"\n",
		body:     "{\n\"title\": \"x\"\n",
		bodyLine: 1,
		diags: []diag.Diagnostic{{Pos: at(1, 1), Severity: diag.Error, Rule: "front-matter",
			Message: "the JSON front matter that starts here is never closed",
			Hint:    "close the JSON front matter with a } that matches this {, or start the page with something other than {"}},
		wantNoDoc: true,
	}, {
		name:     "JSON syntax error",
		src:      "{\n  \"title\": \"x\",\n  \"area\" \"shop\"\n}\n",
		body:     "",
		bodyLine: 5,
		diags: []diag.Diagnostic{{Pos: at(3, 10), Severity: diag.Error, Rule: "syntax",
			Message: "invalid JSON: invalid character '\"' after object key",
			Hint:    "check the commas between entries and the quotes around keys and text; JSON allows no trailing comma or comment"}},
		wantNoDoc: true,
	}, {
		name:     "JSON duplicate key",
		src:      "{\n  \"title\": \"x\",\n  \"title\": \"y\"\n}\n",
		body:     "",
		bodyLine: 5,
		diags: []diag.Diagnostic{{Pos: at(3, 3), Severity: diag.Error, Rule: "duplicate-key",
			Message: `key "title" is already defined on line 2`, Hint: "keep one of the two definitions, or rename one of them", Related: []diag.Pos{at(2, 3)}}},
		wantNoDoc: true,
	}, {
		name:     "YAML syntax error",
		src:      "---\ntitle: a\narea: [shop\nweight: 1\n---\n",
		body:     "",
		bodyLine: 6,
		diags: []diag.Diagnostic{{Pos: diag.Pos{File: file, Line: 3}, Severity: diag.Error, Rule: "syntax",
			Message: "invalid YAML: did not find expected ',' or ']'",
			Hint:    "check the indentation and that every key is followed by \": \"; quote text that contains \": \" or starts with a special character"}},
		wantNoDoc: true,
	}, {
		name:     "YAML indentation error, with no line in the parser's message",
		src:      "---\nx:\n  - a\n b: 1\n---\n",
		body:     "",
		bodyLine: 6,
		diags: []diag.Diagnostic{{Pos: diag.Pos{File: file, Line: 4}, Severity: diag.Error, Rule: "syntax",
			Message: "invalid YAML: did not find expected key",
			Hint:    "check the indentation and that every key is followed by \": \"; quote text that contains \": \" or starts with a special character"}},
		wantNoDoc: true,
	}, {
		name:     "YAML error on the first line",
		src:      "---\ntitle: a: b\n---\n",
		body:     "",
		bodyLine: 4,
		diags: []diag.Diagnostic{{Pos: diag.Pos{File: file, Line: 2}, Severity: diag.Error, Rule: "syntax",
			Message: "invalid YAML: mapping values are not allowed in this context",
			Hint:    "check the indentation and that every key is followed by \": \"; quote text that contains \": \" or starts with a special character"}},
		wantNoDoc: true,
	}, {
		name:     "YAML duplicate key",
		src:      "---\ntitle: a\ntitle: b\n---\n",
		body:     "",
		bodyLine: 5,
		diags: []diag.Diagnostic{{Pos: at(3, 1), Severity: diag.Error, Rule: "duplicate-key",
			Message: `key "title" is already defined on line 2`, Hint: "keep one of the two definitions, or rename one of them", Related: []diag.Pos{at(2, 1)}}},
		wantNoDoc: true,
	}, {
		name:     "YAML that is not a mapping",
		src:      "---\n- a\n---\n",
		body:     "",
		bodyLine: 4,
		diags: []diag.Diagnostic{{Pos: at(2, 1), Severity: diag.Error, Rule: "syntax",
			Message: "the YAML front matter must be a mapping of keys to values, not a list", Hint: "write the front matter as key: value lines"}},
		wantNoDoc: true,
	}, {
		name:     "invalid UTF-8 in front matter",
		src:      "---\ntitle: \"\xc3\"\n---\n",
		body:     "",
		bodyLine: 4,
		diags: []diag.Diagnostic{{Pos: at(2, 9), Severity: diag.Error, Rule: "encoding",
			Message: "the file is not valid UTF-8: byte 0xC3 cannot start or continue a character",
			Hint:    "save the file as UTF-8 (most editors offer it in \"Save with encoding\")"}},
		wantNoDoc: true,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, body, bodyLine, diags := Split(file, []byte(tt.src))
			if diff := cmp.Diff(diags.Items(), tt.diags); diff != "" {
				t.Errorf("diagnostics (-got +want):\n%s", diff)
			}
			if string(body) != tt.body || bodyLine != tt.bodyLine {
				t.Errorf("body = %q at line %d, want %q at line %d", body, bodyLine, tt.body, tt.bodyLine)
			}
			if tt.wantNoDoc || tt.front == nil {
				if doc != nil {
					t.Errorf("front = %v, want nil", doc.Data)
				}
				return
			}
			if doc == nil {
				t.Fatal("front = nil, want a Doc")
			}
			got := &front{doc.Format, doc.Start, doc.Data, positions(doc)}
			if diff := cmp.Diff(got, tt.front); diff != "" {
				t.Errorf("front (-got +want):\n%s", diff)
			}
		})
	}
}

// TestSplitBodySharesSource checks that the body is not copied: pages are most of a
// handbook's bytes.
func TestSplitBodySharesSource(t *testing.T) {
	src := []byte("+++\ntitle = \"x\"\n+++\nBody text\n")
	_, body, _, _ := Split("a.md", src)
	if len(body) == 0 || &body[0] != &src[len(src)-len(body)] {
		t.Error("body is a copy, want a slice of the source")
	}
}

// TestFirstControl puts each byte at each offset of texts of a few lengths and compares
// firstControl with a byte-by-byte check.
func TestFirstControl(t *testing.T) {
	want := func(src []byte) int {
		for i, c := range src {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7f {
				return i
			}
		}
		return -1
	}
	for _, n := range []int{1, 7, 8, 9, 17, 24} {
		for at := range n {
			for c := range 256 {
				src := bytes.Repeat([]byte("a\n \x80"), n)[:n]
				src[at] = byte(c)
				if got, want := firstControl(src), want(src); got != want {
					t.Fatalf("firstControl(%q) = %d, want %d", src, got, want)
				}
			}
		}
	}
}
