package diag

import (
	"encoding/json"
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
	d := Errorf(Pos{"content/duties/shop.toml", 4, 1}, "single-owner", "keep one", "duty %q has two accountable roles", "x")
	d.Related = []Pos{{"content/duties/other.toml", 2, 1}}
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

func TestListSortsAndDedups(t *testing.T) {
	var l List
	l.Add(Errorf(Pos{"b.md", 1, 1}, "r", "", "m"), Warnf(Pos{"a.md", 2, 1}, "r", "", "w"), Errorf(Pos{"b.md", 1, 1}, "r", "", "m"))
	items := l.Items()
	if len(items) != 2 || items[0].Pos.File != "a.md" {
		t.Fatalf("Items() = %v", items)
	}
	if !l.HasErrors() || l.Err() == nil {
		t.Error("HasErrors() = false, want true")
	}
	var w List
	w.Add(Warnf(Pos{"a.md", 1, 1}, "r", "", "w"))
	if w.Err() != nil {
		t.Error("warnings alone must not be an error")
	}
	w.Promote()
	if w.Err() == nil {
		t.Error("Promote() left no error")
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
		{Errorf(Pos{File: "content/\x1b[31mred.md", Line: 2, Col: 3}, "r", "rename \x1b]0;title\x07 it", "title \x9b2J of %s", "content/\x1b[31mred.md"),
			`"content/\x1b[31mred.md":2:3: error: title \x9b2J of content/\x1b[31mred.md` + "\n\thint: rename \\x1b]0;title\\a it"},
		{Errorf(Pos{File: "content/a\nb.md"}, "r", "", "line\nbreak\tand tab kept; \u202egnp.exe"),
			`"content/a\nb.md": error: line` + "\nbreak\tand tab kept; \\u202egnp.exe"},
		{Errorf(Pos{File: "content/\xff.md", Line: 1}, "r", "", "bad \xff byte"),
			`"content/\xff.md":1: error: bad \xff byte`},
		{Errorf(Pos{File: "content/运营.md", Line: 1, Col: 1}, "r", "", "plain 运营 text"),
			"content/运营.md:1:1: error: plain 运营 text"},
	}
	for _, tt := range tests {
		if got := tt.d.String(); got != tt.want {
			t.Errorf("String() =\n%s\nwant\n%s", got, tt.want)
		}
	}
}
