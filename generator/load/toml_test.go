package load

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rolebook/rolebook/generator/diag"
)

func TestDecodeTOMLPositions(t *testing.T) {
	tests := []struct {
		name      string
		src       string
		firstLine int
		want      map[string]string
	}{{
		name: "plain keys and a table",
		src:  "title = \"Operations\"\narea = \"shop\"\n\n[skills]\ncustomer-care = 3\n",
		want: map[string]string{"title": "1:1", "area": "2:1", "skills": "4:1", "skills.customer-care": "5:1"},
	}, {
		name: "dotted keys",
		src:  "a.b.c = 1\na.d = 2\n",
		want: map[string]string{"a": "1:1", "a.b": "1:3", "a.b.c": "1:5", "a.d": "2:3"},
	}, {
		name: "quoted keys",
		src:  "\"my key\" = 1\n'lit'.x = 2\n\"運營\".\"負責\" = 3\n",
		want: map[string]string{"my key": "1:1", "lit": "2:1", "lit.x": "2:7", "運營": "3:1", "運營.負責": "3:6"},
	}, {
		name: "inline table keys, columns in characters",
		src:  "title = { zh = \"售后客服\", en = \"After-sales service\" }\n",
		want: map[string]string{"title": "1:1", "title.zh": "1:11", "title.en": "1:24"},
	}, {
		name: "inline table over several lines",
		src:  "title = {\n  zh = \"运营\",\n  en = \"Operations\",\n}\nnext = 1\n",
		want: map[string]string{"title": "1:1", "title.zh": "2:3", "title.en": "3:3", "next": "5:1"},
	}, {
		name: "multi-line strings",
		src:  "notes = \"\"\"\nfirst = 1\n[not-a-table]\n\"\"\"\nraw = '''\nx = 2\n'''\nafter = 3\n",
		want: map[string]string{"notes": "1:1", "raw": "5:1", "after": "8:1"},
	}, {
		name: "array over several lines with comments",
		src:  "accountable = [\n  \"after-sales\", # the owner\n  # a comment line\n  \"finance\",\n]\nx = 1\n",
		want: map[string]string{"accountable": "1:1", "accountable.0": "2:3", "accountable.1": "4:3", "x": "6:1"},
	}, {
		name: "nested arrays and arrays of inline tables",
		src:  "m = [[1, 2], [], [{k = \"v\"}]]\n",
		want: map[string]string{"m": "1:1", "m.0": "1:6", "m.0.0": "1:7", "m.0.1": "1:10", "m.2": "1:18", "m.2.0": "1:19", "m.2.0.k": "1:20"},
	}, {
		name: "arrays of tables",
		src:  "[[duties]]\ntitle = \"x\"\n\n[[duties]]\ntitle = \"y\"\n[duties.meta]\nk = 1\n[[duties.steps]]\ns = 1\n",
		want: map[string]string{
			"duties": "1:1", "duties.0": "1:1", "duties.0.title": "2:1",
			"duties.1": "4:1", "duties.1.title": "5:1", "duties.1.meta": "6:1", "duties.1.meta.k": "7:1",
			"duties.1.steps": "8:1", "duties.1.steps.0": "8:1", "duties.1.steps.0.s": "9:1",
		},
	}, {
		name: "headers with spaces and indentation",
		src:  "  [ team . \"lead\" ]\n  x = 1\n",
		want: map[string]string{"team": "1:3", "team.lead": "1:3", "team.lead.x": "2:3"},
	}, {
		name: "a table defined after its sub-table moves to its own header",
		src:  "[a.b]\nx = 1\n[a]\ny = 2\n",
		want: map[string]string{"a": "3:1", "a.b": "1:1", "a.b.x": "2:1", "a.y": "4:1"},
	}, {
		name: "CRLF line endings",
		src:  "a = 1\r\nb = [\r\n  2,\r\n]\r\n[t]\r\nc = \"\"\"\r\nx\r\n\"\"\"\r\nd = 4\r\n",
		want: map[string]string{"a": "1:1", "b": "2:1", "b.0": "3:3", "t": "5:1", "t.c": "6:1", "t.d": "9:1"},
	}, {
		name:      "nonzero first line",
		src:       "title = { zh = \"运营\", en = \"Operations\" }\n[skills]\nbookkeeping = 2\n",
		firstLine: 10,
		want:      map[string]string{"title": "10:1", "title.zh": "10:11", "title.en": "10:22", "skills": "11:1", "skills.bookkeeping": "12:1"},
	}, {
		name: "byte order mark",
		src:  "\uFEFFa = 1\n",
		want: map[string]string{"a": "1:1"},
	}, {
		name: "empty document",
		src:  "# only a comment\n",
		want: map[string]string{},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			first := max(tt.firstLine, 1)
			doc, diags := DecodeTOML("content/x.toml", []byte(tt.src), tt.firstLine)
			if diags.Len() > 0 {
				t.Fatalf("DecodeTOML() diagnostics: %v", diags)
			}
			if diff := cmp.Diff(positions(doc), tt.want); diff != "" {
				t.Errorf("positions (-got +want):\n%s", diff)
			}
			if got := unlocated(doc); len(got) > 0 {
				t.Errorf("keys without a position: %q", got)
			}
			if want := (diag.Pos{File: "content/x.toml", Line: first, Col: 1}); doc.Start != want {
				t.Errorf("Start = %v, want %v", doc.Start, want)
			}
		})
	}
}

func TestDecodeTOMLData(t *testing.T) {
	src := `# content/duties/service.toml
[refund-requests]
title = { zh = "处理退款申请", en = "Handle refund requests" }
cadence = "daily"
effort = 6
share = 0.5
urgent = true
accountable = "after-sales"
responsible = ["after-sales"]
since = 2024-03-01
at = 09:30:00
local = 2024-03-01T09:30:00
stamp = 2024-03-01T09:30:00+08:00

[[refund-requests.steps]]
do = "check the order"
[[refund-requests.steps]]
do = "refund"
`
	doc, diags := DecodeTOML("content/duties/service.toml", []byte(src), 1)
	if diags.Len() > 0 {
		t.Fatalf("DecodeTOML() diagnostics: %v", diags)
	}
	want := map[string]any{
		"refund-requests": map[string]any{
			"title":       map[string]any{"zh": "处理退款申请", "en": "Handle refund requests"},
			"cadence":     "daily",
			"effort":      int64(6),
			"share":       0.5,
			"urgent":      true,
			"accountable": "after-sales",
			"responsible": []any{"after-sales"},
			"since":       time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC),
			"at":          time.Date(0, 1, 1, 9, 30, 0, 0, time.UTC),
			"local":       time.Date(2024, 3, 1, 9, 30, 0, 0, time.UTC),
			"stamp":       time.Date(2024, 3, 1, 1, 30, 0, 0, time.UTC),
			"steps":       []any{map[string]any{"do": "check the order"}, map[string]any{"do": "refund"}},
		},
	}
	if diff := cmp.Diff(doc.Data, want); diff != "" {
		t.Errorf("Data (-got +want):\n%s", diff)
	}
	// Local times must not depend on the zone of the machine.
	if loc := doc.Data["refund-requests"].(map[string]any)["since"].(time.Time).Location(); loc != time.UTC {
		t.Errorf("local date location = %v, want UTC", loc)
	}
	if got := unlocated(doc); len(got) > 0 {
		t.Errorf("keys without a position: %q", got)
	}
	if got, want := doc.Pos("refund-requests", "steps", "1", "do"), (diag.Pos{File: "content/duties/service.toml", Line: 18, Col: 1}); got != want {
		t.Errorf("Pos(steps.1.do) = %v, want %v", got, want)
	}
	if got, want := doc.Pos("refund-requests", "consulted"), (diag.Pos{File: "content/duties/service.toml", Line: 2, Col: 1}); got != want {
		t.Errorf("Pos of a missing key = %v, want its table %v", got, want)
	}
}

func TestDecodeTOMLErrors(t *testing.T) {
	const file = "content/duties/service.toml"
	at := func(line, col int) diag.Pos { return diag.Pos{File: file, Line: line, Col: col} }
	dup := func(pos, first diag.Pos, msg string) diag.Diagnostic {
		return diag.Diagnostic{Pos: pos, Severity: diag.Error, Rule: diag.RuleDuplicateKey, Message: msg,
			Hint: "keep one of the two definitions, or rename one of them", Related: []diag.Pos{first}}
	}
	syntax := func(pos diag.Pos, msg, hint string) diag.Diagnostic {
		return diag.Diagnostic{Pos: pos, Severity: diag.Error, Rule: diag.RuleSyntax, Message: msg, Hint: hint}
	}
	tests := []struct {
		name      string
		src       string
		firstLine int
		want      []diag.Diagnostic
	}{{
		name: "bare text value",
		src:  "[ops]\ntitle = 运营\n",
		want: []diag.Diagnostic{syntax(at(2, 9), `invalid TOML: expected value but found "运营" instead`, `put text in double quotes: key = "运营"`)},
	}, {
		name:      "line numbers of the file",
		src:       "title = \"x\"\n\nname = \"unclosed\n",
		firstLine: 2,
		want: []diag.Diagnostic{syntax(at(4, 17), "invalid TOML: strings cannot contain newlines",
			"end the string with the quote it started with, on the same line; use \"\"\" for text over several lines and \\\" for a quote inside")},
	}, {
		name: "unclosed table header",
		src:  "[ops\nx = 1\n",
		want: []diag.Diagnostic{syntax(at(1, 5), `invalid TOML: expected '.' or ']' to end table name, but got '\n' instead`,
			"close the table name with ] (or ]] for an array of tables)")},
	}, {
		name: "duplicate key",
		src:  "[ops]\naccountable = \"a\"\ntitle = \"x\"\naccountable = \"b\"\n",
		want: []diag.Diagnostic{dup(at(4, 1), at(2, 1), `key "accountable" is already defined on line 2`)},
	}, {
		name:      "every duplicate, at file lines",
		src:       "[ops]\na = 1\na = 2\n[ops]\n",
		firstLine: 3,
		want: []diag.Diagnostic{
			dup(at(5, 1), at(4, 1), `key "a" is already defined on line 4`),
			dup(at(6, 1), at(3, 1), `table [ops] is already defined on line 3`),
		},
	}, {
		name: "value over a dotted table",
		src:  "title.zh = \"运营\"\ntitle = \"Operations\"\n",
		want: []diag.Diagnostic{dup(at(2, 1), at(1, 1), `key "title" is already defined on line 1`)},
	}, {
		name: "inline table key twice",
		src:  "title = { zh = \"a\", zh = \"b\" }\n",
		want: []diag.Diagnostic{dup(at(1, 21), at(1, 11), `key "zh" is already defined on line 1`)},
	}, {
		name: "array of tables over a value",
		src:  "steps = []\n[[steps]]\n",
		want: []diag.Diagnostic{dup(at(2, 1), at(1, 1), `[[steps]] is already defined on line 1`)},
	}, {
		name: "table over a dotted table",
		src:  "[fruit]\napple.color = \"red\"\n[fruit.apple]\n",
		want: []diag.Diagnostic{dup(at(3, 1), at(2, 1), `table [fruit.apple] is already defined on line 2`)},
	}, {
		name:      "invalid UTF-8",
		src:       "title = \"运\xff\"\n",
		firstLine: 7,
		want: []diag.Diagnostic{{Pos: at(7, 11), Severity: diag.Error, Rule: "encoding",
			Message: "the file is not valid UTF-8: byte 0xFF cannot start or continue a character",
			Hint:    "save the file as UTF-8 (most editors offer it in \"Save with encoding\")"}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, got := DecodeTOML(file, []byte(tt.src), tt.firstLine)
			if doc != nil {
				t.Errorf("DecodeTOML() doc = %v, want nil", doc.Data)
			}
			if diff := cmp.Diff(got.Items(), tt.want); diff != "" {
				t.Errorf("diagnostics (-got +want):\n%s", diff)
			}
		})
	}
}

func TestDecodeTOMLValid(t *testing.T) {
	// Redefinitions that TOML allows must not be reported as duplicates.
	for _, src := range []string{
		"[a.b]\nx = 1\n[a]\ny = 2\n",
		"[[a]]\n[a.b]\nx = 1\n[[a]]\n[a.b]\nx = 2\n",
		"[fruit]\napple.color = \"red\"\napple.taste.sweet = true\n[fruit.apple.texture]\nsmooth = true\n",
		"a.b = 1\na.c = 2\n",
		"[[x.y]]\n[[x.y]]\n[x]\nz = 1\n",
	} {
		if _, diags := DecodeTOML("f.toml", []byte(src), 1); diags.Len() > 0 {
			t.Errorf("DecodeTOML(%q) = %v, want no diagnostics", src, diags)
		}
	}
}

// TestSimpleTOML lists which documents decodeTOML reads without BurntSushi/toml
// (FuzzSimpleTOML checks that the values are the same either way).
func TestSimpleTOML(t *testing.T) {
	for _, tt := range simpleSeeds {
		var dec decoder
		doc, _ := dec.decodeTOML("x.toml", []byte(tt.src), 1)
		if got := doc != nil && dec.simple; got != tt.simple {
			t.Errorf("decodeTOML(%q) without BurntSushi/toml: got %v, want %v", tt.src, got, tt.simple)
		}
	}
}
