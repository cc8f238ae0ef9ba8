package load

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rolebook/rolebook/generator/diag"
)

// handbook is a small content folder with a file of every kind Read tells apart.
func handbook() fstest.MapFS {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	return fstest.MapFS{
		"config.toml":                       file("title = \"Shop handbook\"\n"),
		"content/_index.md":                 file("+++\ntitle = \"Handbook\"\n+++\nWelcome.\n"),
		"content/roles/after-sales.md":      file("+++\ntitle = { zh = \"售后客服\", en = \"After-sales service\" }\narea = \"service\"\n[skills]\ncustomer-care = 3\n+++\nHandles refunds.\n"),
		"content/roles/after-sales.en.md":   file("---\ntitle: After-sales service\n---\n"),
		"content/team/a-b.md":               file("No front matter.\n"),
		"content/team/a/b.md":               file("{\"title\": \"B\"}\nBody\n"),
		"content/duties/service.toml":       file("[refund-requests]\ntitle = { zh = \"处理退款申请\", en = \"Handle refund requests\" }\naccountable = \"after-sales\"\nresponsible = [\"after-sales\"]\n"),
		"content/skills.toml":               file("[customer-care]\nname = \"Customer care\"\n"),
		"content/img/org.png":               file("\x89PNG"),
		"content/files/refund-policy.pdf":   file("%PDF"),
		"content/.DS_Store":                 file("x"),
		"content/.git/config":               file("x"),
		"content/roles/after-sales.md~":     file("x"),
		"content/roles/.#after-sales.md":    file("x"),
		"content/roles/.after-sales.md.swp": file("x"),
		"content/roles/notes.swp":           file("x"),
		"content/#draft.md#":                file("x"),
	}
}

func TestRead(t *testing.T) {
	c, diags := Read(context.Background(), handbook(), "content", Options{})
	if diags.Len() > 0 {
		t.Fatalf("Read() diagnostics:\n%v", diags)
	}
	type page struct {
		Path, File, Body string
		BodyLine         int
		Format           string
	}
	var pages []page
	for _, p := range c.Pages {
		format := "none"
		if p.Front != nil {
			format = p.Front.Format.String()
		}
		pages = append(pages, page{p.Path, p.File, string(p.Body), p.BodyLine, format})
	}
	wantPages := []page{
		{"_index.md", "content/_index.md", "Welcome.\n", 4, "toml"},
		{"roles/after-sales.en.md", "content/roles/after-sales.en.md", "", 4, "yaml"},
		{"roles/after-sales.md", "content/roles/after-sales.md", "Handles refunds.\n", 7, "toml"},
		{"team/a-b.md", "content/team/a-b.md", "No front matter.\n", 1, "none"},
		{"team/a/b.md", "content/team/a/b.md", "Body\n", 2, "json"},
	}
	if diff := cmp.Diff(pages, wantPages); diff != "" {
		t.Errorf("pages (-got +want):\n%s", diff)
	}
	var data []string
	for _, d := range c.Data {
		data = append(data, d.File)
	}
	if diff := cmp.Diff(data, []string{"content/duties/service.toml", "content/skills.toml"}); diff != "" {
		t.Errorf("data files (-got +want):\n%s", diff)
	}
	if diff := cmp.Diff(c.Static, []string{"files/refund-policy.pdf", "img/org.png"}); diff != "" {
		t.Errorf("static files (-got +want):\n%s", diff)
	}
	if got, want := c.Data[0].Pos("refund-requests", "responsible", "0"), (diag.Pos{File: "content/duties/service.toml", Line: 4, Col: 16}); got != want {
		t.Errorf("Pos(responsible.0) = %v, want %v", got, want)
	}
	if got, want := c.Pages[2].Front.Pos("skills", "customer-care"), (diag.Pos{File: "content/roles/after-sales.md", Line: 5, Col: 1}); got != want {
		t.Errorf("Pos(skills.customer-care) = %v, want %v", got, want)
	}
}

func TestReadCollectsEveryProblem(t *testing.T) {
	fsys := fstest.MapFS{
		"content/big.md":         {Data: []byte(strings.Repeat("x", 200))},
		"content/bad-body.md":    {Data: []byte("+++\ntitle = \"x\"\n+++\nok\nsee \xe8\xbf here\n")},
		"content/bad-front.md":   {Data: []byte("+++\ntitle = x\n+++\nBody\n")},
		"content/duties/a.toml":  {Data: []byte("[d]\naccountable = \"a\"\naccountable = \"b\"\n")},
		"content/duties/ok.toml": {Data: []byte("[d]\naccountable = \"a\"\n")},
		"content/unclosed.md":    {Data: []byte("---\ntitle: x\n")},
	}
	c, diags := Read(context.Background(), fsys, "content", Options{MaxFileSize: 100, Workers: 3})
	var got []string
	for _, d := range diags.Items() {
		got = append(got, fmt.Sprintf("%v %s: %s", d.Pos, d.Rule, d.Message))
	}
	want := []string{
		"content/bad-body.md:5:5 encoding: the file is not valid UTF-8: byte 0xE8 cannot start or continue a character",
		`content/bad-front.md:2:9 syntax: invalid TOML: expected value but found "x" instead`,
		"content/big.md file-size: the file is 200 B, more than the limit of 100 B",
		`content/duties/a.toml:3:1 duplicate-key: key "accountable" is already defined on line 2`,
		"content/unclosed.md:1:1 front-matter: the front matter that starts with --- here is never closed",
	}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("diagnostics (-got +want):\n%s", diff)
	}
	var paths []string
	for _, p := range c.Pages {
		paths = append(paths, p.Path)
	}
	// A page with an error is still listed; a file that could not be read is not.
	if diff := cmp.Diff(paths, []string{"bad-body.md", "bad-front.md", "unclosed.md"}); diff != "" {
		t.Errorf("pages (-got +want):\n%s", diff)
	}
	if len(c.Data) != 1 || c.Data[0].File != "content/duties/ok.toml" {
		t.Errorf("data = %v, want only content/duties/ok.toml", c.Data)
	}
}

func TestReadFolders(t *testing.T) {
	tests := []struct {
		name  string
		fsys  fstest.MapFS
		dir   string
		pages []string
		diags []string
	}{
		{name: "missing folder", fsys: fstest.MapFS{"config.toml": {}}, dir: "content"},
		{name: "empty source", fsys: fstest.MapFS{}, dir: "content"},
		{name: "folder is a file", fsys: fstest.MapFS{"content": {Data: []byte("x")}}, dir: "content",
			diags: []string{"content: content is a file, not a folder"}},
		{name: "source root", fsys: fstest.MapFS{"a.md": {}, "b/c.md": {}}, dir: ".", pages: []string{"a.md", "b/c.md"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, diags := Read(context.Background(), tt.fsys, tt.dir, Options{})
			var got []string
			for _, d := range diags.Items() {
				got = append(got, fmt.Sprintf("%v: %s", d.Pos, d.Message))
			}
			if diff := cmp.Diff(got, tt.diags); diff != "" {
				t.Errorf("diagnostics (-got +want):\n%s", diff)
			}
			var pages []string
			for _, p := range c.Pages {
				pages = append(pages, p.Path)
			}
			if diff := cmp.Diff(pages, tt.pages); diff != "" {
				t.Errorf("pages (-got +want):\n%s", diff)
			}
		})
	}
}

// TestReadDeterministic checks that the result does not depend on the number of
// workers or on their timing.
func TestReadDeterministic(t *testing.T) {
	fsys := generated(300)
	fsys["content/broken.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \n+++\n")}
	one, d1 := Read(context.Background(), fsys, "content", Options{Workers: 1})
	// One worker decodes every file with the same decoder: nothing of a file may
	// leak into the next.
	for _, p := range one.Pages {
		if p.Front != nil {
			if got := unlocated(p.Front); len(got) > 0 {
				t.Errorf("%s: keys without a position: %q", p.File, got)
			}
		}
	}
	for _, d := range one.Data {
		if got := unlocated(d); len(got) > 0 {
			t.Errorf("%s: keys without a position: %q", d.File, got)
		}
	}
	for _, workers := range []int{2, 7, 64} {
		many, d2 := Read(context.Background(), fsys, "content", Options{Workers: workers})
		// A Page remembers how to read its file again with a hash whose seed is new
		// for each Read.
		if diff := cmp.Diff(many, one, cmp.AllowUnexported(Doc{}), cmpopts.IgnoreUnexported(Page{})); diff != "" {
			t.Errorf("Workers: %d gives other content (-got +want):\n%s", workers, diff)
		}
		if diff := cmp.Diff(d2.Items(), d1.Items()); diff != "" {
			t.Errorf("Workers: %d gives other diagnostics (-got +want):\n%s", workers, diff)
		}
	}
}

// generated returns a content folder of n role pages of about 2 KB each, with TOML
// front matter, plus a duties file per ten pages.
func generated(n int) fstest.MapFS {
	fsys := fstest.MapFS{}
	para := strings.Repeat("Answer refund requests within a day and log each one in the order system. ", 4) + "\n\n"
	for i := range n {
		front := fmt.Sprintf(`+++
title = { zh = "售后客服 %d", en = "After-sales service %d" }
area = "service"
stage = "scale"
reports_to = "service-lead"
headcount = 2
next = ["service-lead", "operations"]
onboarding = ["Read the refund policy", "Shadow a senior colleague for two days"]
[skills]
customer-care = 3
bookkeeping = 1
[preferred]
writing = 2
+++
`, i, i)
		body := "# Role\n\n" + strings.Repeat(para, 5)
		fsys[fmt.Sprintf("content/roles/%03d/role-%d.md", i%100, i)] = &fstest.MapFile{Data: []byte(front + body)}
		if i%10 == 0 {
			fsys[fmt.Sprintf("content/duties/area-%d.toml", i)] = &fstest.MapFile{Data: []byte(fmt.Sprintf(
				"[duty-%d]\ntitle = \"Duty\"\ncadence = \"weekly\"\naccountable = \"role-%d\"\nresponsible = [\"role-%d\"]\n", i, i, i))}
		}
	}
	return fsys
}

func BenchmarkRead(b *testing.B) {
	fsys := generated(1000)
	b.ReportAllocs()
	for b.Loop() {
		c, diags := Read(context.Background(), fsys, "content", Options{})
		if diags.Len() > 0 || len(c.Pages) != 1000 {
			b.Fatalf("Read() = %d pages, diagnostics:\n%v", len(c.Pages), diags)
		}
	}
}

func TestSkipped(t *testing.T) {
	for _, tt := range []struct {
		path string
		want bool
	}{
		{"guide/a.md", false},
		{".git/config", true},
		{"guide/.draft.md", true},
		{"guide/a.md~", true},
		{"guide/#a.md#", true},
		{"guide/.a.md.swp", true},
		{"guide/a.md.swx", true},
		{"guide/4913", true},   // vim's test that it may write in the folder
		{"guide/49131", false}, // not vim's
		{"#", false},
		{"./guide/a.md", false},
		{"../guide/a.md", false},
	} {
		if got := SkippedPath(tt.path); got != tt.want {
			t.Errorf("SkippedPath(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
}
