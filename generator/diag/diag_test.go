package diag

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestSuggest(t *testing.T) {
	known := []string{"title", "weight", "draft", "date", "description", "slug", "aliases", "tags", "accountable", "responsible"}
	tests := []struct{ name, want string }{
		{"titel", "title"},
		{"wieght", "weight"},
		{"acountable", "accountable"},
		{"responsable", "responsible"},
		{"author", ""},
		{"title", ""},
		{"x", ""},
		{"tag", "tags"},
	}
	for _, tt := range tests {
		if got := Suggest(tt.name, known); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestDiagnosticString(t *testing.T) {
	d := Errorf(Pos{File: "content/duties/shop.toml", Line: 4, Col: 1}, RuleSingleOwner, "keep one", "duty %q has two accountable roles", "x")
	d.Related = []Pos{{File: "content/duties/other.toml", Line: 2, Col: 1}}
	got := d.String()
	want := "content/duties/shop.toml:4:1: error: duty \"x\" has two accountable roles\n\tcontent/duties/other.toml:2:1: see also\n\thint: keep one"
	if got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	wantJSON := `{"file":"content/duties/shop.toml","line":4,"col":1,"severity":"error","rule":"single-owner","message":"duty \"x\" has two accountable roles","hint":"keep one","related":[{"file":"content/duties/other.toml","line":2,"col":1}]}`
	if string(b) != wantJSON {
		t.Errorf("json = %s, want %s", b, wantJSON)
	}
}

// TestOrigins checks how positions outside files print and encode.
func TestOrigins(t *testing.T) {
	for _, tt := range []struct {
		pos        Pos
		str, json_ string
	}{
		{Pos{File: "config.toml", Line: 3, Col: 1}, "config.toml:3:1", `{"file":"config.toml","line":3,"col":1}`},
		{Flag("--stage"), "--stage", `{"file":"--stage","line":0,"col":0,"origin":"flag"}`},
		{Env("ROLEBOOK_STAGE"), "ROLEBOOK_STAGE", `{"file":"ROLEBOOK_STAGE","line":0,"col":0,"origin":"env"}`},
		{Generated("/roles/"), "(generated page /roles/)", `{"file":"/roles/","line":0,"col":0,"origin":"generated"}`},
	} {
		if got := tt.pos.String(); got != tt.str {
			t.Errorf("%#v.String() = %q, want %q", tt.pos, got, tt.str)
		}
		b, err := json.Marshal(tt.pos)
		if err != nil || string(b) != tt.json_ {
			t.Errorf("json of %#v = %s, %v; want %s", tt.pos, b, err, tt.json_)
		}
	}
	d, _ := json.Marshal(Errorf(Flag("--stage"), RuleReference, "", "unknown stage"))
	if !strings.Contains(string(d), `"origin":"flag"`) {
		t.Errorf("a diagnostic at a flag encodes as %s, without its origin", d)
	}
}

func TestListSortsAndDedups(t *testing.T) {
	var l List
	l.Add(Errorf(Pos{File: "b.md", Line: 1, Col: 1}, RuleSyntax, "", "m"), Warnf(Pos{File: "a.md", Line: 2, Col: 1}, RuleSyntax, "", "w"), Errorf(Pos{File: "b.md", Line: 1, Col: 1}, RuleSyntax, "", "m"))
	items := l.Items()
	if len(items) != 2 || items[0].Pos.File != "a.md" {
		t.Fatalf("Items() = %v", items)
	}
	if !l.HasErrors() {
		t.Error("HasErrors() = false, want true")
	}
	var w List
	w.Add(Warnf(Pos{File: "a.md", Line: 1, Col: 1}, RuleSyntax, "", "w"))
	if w.HasErrors() {
		t.Error("warnings alone must not be errors")
	}
	w.Promote()
	if !w.HasErrors() {
		t.Error("Promote() left no error")
	}
}

// TestNilList checks that a nil *List reads as an empty one, as functions called once
// per file return it when the file is fine.
func TestNilList(t *testing.T) {
	var l *List
	if l.Items() != nil || l.Len() != 0 || l.HasErrors() || l.Count(Warning) != 0 {
		t.Error("a nil List is not empty")
	}
	l.Promote()
	if From(nil) != nil {
		t.Error("From(nil) is not nil")
	}
	var all List
	all.Merge(l)
	all.Merge(From([]Diagnostic{Warnf(Pos{File: "a.md"}, RuleSyntax, "", "w")}))
	if all.Len() != 1 || all.HasErrors() {
		t.Errorf("merged %v, want the one warning", all.Items())
	}
}

func FuzzDistance(f *testing.F) {
	f.Add("acountable", "accountable")
	f.Fuzz(func(t *testing.T, a, b string) {
		if Distance(a, b) != Distance(b, a) {
			t.Errorf("Distance not symmetric for %q %q", a, b)
		}
	})
}

// TestTerminalSafe prints diagnostics whose file names and messages hold escape
// sequences, bidirectional overrides, line breaks and invalid UTF-8: nothing of them
// reaches the terminal raw.
func TestTerminalSafe(t *testing.T) {
	tests := []struct {
		d    Diagnostic
		want string
	}{
		{Errorf(Pos{File: "content/\x1b[31mred.md", Line: 2, Col: 3}, RuleSyntax, "rename \x1b]0;title\x07 it", "title \x9b2J of %s", "content/\x1b[31mred.md"),
			`"content/\x1b[31mred.md":2:3: error: title \x9b2J of content/\x1b[31mred.md` + "\n\thint: rename \\x1b]0;title\\a it"},
		{Errorf(Pos{File: "content/a\nb.md"}, RuleSyntax, "", "line\nbreak\tand tab kept; \u202egnp.exe"),
			`"content/a\nb.md": error: line` + "\nbreak\tand tab kept; \\u202egnp.exe"},
		{Errorf(Pos{File: "content/\xff.md", Line: 1}, RuleSyntax, "", "bad \xff byte"),
			`"content/\xff.md":1: error: bad \xff byte`},
		{Errorf(Pos{File: "content/运营.md", Line: 1, Col: 1}, RuleSyntax, "", "plain 运营 text"),
			"content/运营.md:1:1: error: plain 运营 text"},
	}
	for _, tt := range tests {
		if got := tt.d.String(); got != tt.want {
			t.Errorf("String() =\n%s\nwant\n%s", got, tt.want)
		}
	}
}
