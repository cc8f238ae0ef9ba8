package site

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rolebook/rolebook/generator/load"
)

func TestUrlize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Team Work", "team-work"},
		{"  HR / Leave  ", "hr-leave"},
		{"入职", "入职"},
		{"C++", "c"},
		{"!!!", "tag"},
		{"CON", "con-"},
	}
	for _, tt := range tests {
		if got := Urlize(tt.in); got != tt.want {
			t.Errorf("Urlize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCheckSegment(t *testing.T) {
	bad := []string{"", ".", "..", "a/b", `a\b`, "a\x00b", ".hidden", "%2e%2e", "x%2Fy", "CON", "aux.html", "com1", "LPT9.txt", "a\x7fb"}
	for _, s := range bad {
		if checkSegment(s) == "" {
			t.Errorf("checkSegment(%q) accepted an unsafe segment", s)
		}
	}
	for _, s := range []string{"first-week", "入职", "a.b", "console", "com10"} {
		if msg := checkSegment(s); msg != "" {
			t.Errorf("checkSegment(%q) = %q, want ok", s, msg)
		}
	}
}

func TestFirstHeading(t *testing.T) {
	tests := []struct{ body, want string }{
		{"# Title\ntext", "Title"},
		{"intro\n\n## Sub\n# **Bold** title #\n", "Bold title"},
		{"```\n# not a heading\n```\n# Real", "Real"},
		{"Setext\n======\n", "Setext"},
		{"no heading", ""},
		{"# Who owns what {#owners .big}", "Who owns what"},
		{"# [Link](https://e.x) and _em_ and snake_case", "Link and em and snake_case"},
	}
	for _, tt := range tests {
		if got := firstHeading([]byte(tt.body)); got != tt.want {
			t.Errorf("firstHeading(%q) = %q, want %q", tt.body, got, tt.want)
		}
	}
}

func page(path, body string) *load.Page {
	front, rest, line, _ := load.Split("content/"+path, []byte(body))
	return &load.Page{Path: path, File: "content/" + path, Front: front, Body: rest, BodyLine: line}
}

// TestArrange checks URLs, output paths, sections, order, prev/next and translations.
func TestArrange(t *testing.T) {
	c := &load.Content{Pages: []*load.Page{
		page("_index.md", "# Home"),
		page("_index.en.md", "# Home"),
		page("guide/_index.md", "+++\ntitle = \"Guide\"\nweight = 1\n+++\n"),
		page("guide/b.md", "+++\ntitle = \"B\"\nweight = 2\n+++\n"),
		page("guide/a.md", "+++\ntitle = \"A\"\nweight = 1\n+++\n"),
		page("guide/a.en.md", "+++\ntitle = \"A en\"\n+++\n"),
		page("guide/README.md", "# Ignored readme"),
		page("notes/x.md", "# X"),
		page("roles/_index.md", "+++\ntitle = \"Roles intro\"\n+++\n"),
		page("roles/operations.md", "+++\ntitle = \"Operations\"\n+++\n"),
	}}
	set, diags := Build(c, Options{Languages: []string{"zh", "en"}, Generated: []string{"roles"}, BasePath: "/hb/"})
	set.Add(&Page{Kind: "roles", Lang: "zh", Key: "roles", Title: "岗位"})
	if d := set.Finish(); d.HasErrors() || diags.HasErrors() {
		t.Fatalf("diagnostics: %v", d)
	}
	zh := set.Site("zh")
	var got []string
	for _, p := range zh.Pages {
		got = append(got, string(p.Kind)+" "+p.URL+" "+p.Out)
	}
	want := []string{
		"home /hb/ index.html",
		"section /hb/guide/ guide/index.html",
		"page /hb/guide/a/ guide/a/index.html",
		"page /hb/guide/b/ guide/b/index.html",
		"section /hb/notes/ notes/index.html",
		"page /hb/notes/x/ notes/x/index.html",
		"roles /hb/roles/ roles/index.html",
		"404 /hb/404.html 404.html",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("pages (-want +got):\n%s", diff)
	}
	a := zh.Page("guide/a")
	if a.Prev.Key != "guide" || a.Next.Key != "guide/b" {
		t.Errorf("a: prev %q next %q", a.Prev.Key, a.Next.Key)
	}
	if en := a.Translation("en"); en == nil || en.URL != "/hb/en/guide/a/" || en.Title != "A en" {
		t.Errorf("translation of a = %+v", en)
	}
	if r := zh.Page("roles"); r.Title != "Roles intro" || r.Source == nil {
		t.Errorf("roles/_index.md must give the generated page its title and text, got %+v", r)
	}
	if zh.BySource("guide/README.md") != zh.Page("guide") {
		t.Error("README.md must map to the section of its folder when _index.md exists")
	}
}

func TestUnsafeFileNames(t *testing.T) {
	c := &load.Content{Pages: []*load.Page{page("con.md", "# x"), page("a/%2e%2e/b.md", "# y"), page("ok.md", "# z")}}
	set, diags := Build(c, Options{Languages: []string{"en"}})
	set.Finish()
	got := diags.String()
	for _, want := range []string{"content/con.md: error: the path of content/con.md is a name Windows reserves", "content/a/%2e%2e/b.md: error: the path of content/a/%2e%2e/b.md contains an encoded dot or slash"} {
		if !strings.Contains(got, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, got)
		}
	}
	if set.Site("en").Page("ok") == nil {
		t.Error("the safe page is missing")
	}
}

func TestClashes(t *testing.T) {
	c := &load.Content{Pages: []*load.Page{
		page("a.md", "+++\nslug = \"b\"\n+++\n"),
		page("b.md", "# B"),
		page("Guide.md", "# G"),
		page("guide/_index.md", "# g"),
		page("c.md", "+++\naliases = [\"/b/\"]\n+++\n"),
		page("caf\u00e9.md", "# composed"),
		page("cafe\u0301.md", "# decomposed"),
	}}
	set, _ := Build(c, Options{Languages: []string{"en"}})
	set.Finish()
	set.AliasTargets()
	var msgs []string
	for _, d := range set.diags.Items() {
		msgs = append(msgs, d.Message)
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{"content/cafe\u0301.md and content/caf\u00e9.md would both be published", "content/b.md and content/a.md would both be published", "content/guide/_index.md and content/Guide.md would both be published at guide/index.html", "content/c.md and content/a.md would both be published at b/index.html"} {
		if !strings.Contains(all, want) {
			t.Errorf("clashes lack %q:\n%s", want, all)
		}
	}
}

// FuzzPaths checks the path rules on any input: a segment that checkSegment accepts
// stays one folder inside the site, and Urlize always makes an accepted segment.
func FuzzPaths(f *testing.F) {
	for _, s := range []string{"first-week", "..", "a/b", `a\b`, "%2e%2e", "con", "入职", "a\x00b", " . ", "COM1.txt", "tags"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if msg := checkSegment(s); msg == "" {
			if s == "" || s == "." || s == ".." || strings.ContainsAny(s, "/\\\x00") || strings.HasPrefix(s, ".") {
				t.Errorf("checkSegment(%q) accepted an unsafe segment", s)
			}
		}
		if u := Urlize(s); checkSegment(u) != "" || u == "" {
			t.Errorf("Urlize(%q) = %q, which checkSegment refuses: %s", s, u, checkSegment(u))
		}
		if msg := checkAlias(s); msg == "" {
			for _, seg := range strings.Split(strings.Trim(s, "/"), "/") {
				if seg == ".." || seg == "." || seg == "" {
					t.Errorf("checkAlias(%q) accepted a segment %q", s, seg)
				}
			}
		}
	})
}

func TestPagesUnderGeneratedFolders(t *testing.T) {
	c := &load.Content{Pages: []*load.Page{page("owners/foo.md", "# Foo"), page("duties/notes.md", "# Notes")}}
	set, _ := Build(c, Options{Languages: []string{"en"}, Generated: []string{"roles", "people", "duties"}})
	set.Add(&Page{Kind: "owners", Lang: "en", Key: "owners", Title: "Owners"})
	got := set.Finish().String()
	for _, want := range []string{"content/owners/foo.md is inside content/owners/, but /owners/ is the generated owners page", "content/duties/notes.md is a page inside content/duties/"} {
		if !strings.Contains(got, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, got)
		}
	}
}

func TestTitles(t *testing.T) {
	c := &load.Content{Pages: []*load.Page{page("指南/新人.md", "no heading"), page("a/b.md", "")}}
	set, _ := Build(c, Options{Languages: []string{"zh"}})
	set.Finish()
	s := set.Site("zh")
	for key, want := range map[string]string{"指南": "指南", "指南/新人": "新人", "a/b": "B"} {
		if got := s.Page(key).Title; got != want {
			t.Errorf("title of %s = %q, want %q", key, got, want)
		}
	}
}

func TestTagsOfOneURL(t *testing.T) {
	c := &load.Content{Pages: []*load.Page{page("a.md", "+++\ntags = [\"Foo\"]\n+++\n"), page("b.md", "+++\ntags = [\"foo\", \"C++\", \"C#\"]\n+++\n")}}
	set, _ := Build(c, Options{Languages: []string{"en"}})
	if d := set.Finish(); d.HasErrors() {
		t.Fatal(d)
	}
	s := set.Site("en")
	if got := strings.Join(s.TagNames, ","); got != "C++,Foo" {
		t.Errorf("tags = %q, want C++,Foo", got)
	}
	if n := len(s.TagPages["Foo"].Children); n != 2 {
		t.Errorf("tag Foo has %d pages, want 2", n)
	}
}

// TestLandingPages: _index.md, index.md and README.md (in any letter case for the last
// two) are a folder's landing page, in that order of precedence; the section takes its
// title, and links to the files that lose lead to the one that wins.
func TestLandingPages(t *testing.T) {
	c := &load.Content{Pages: []*load.Page{
		page("index.md", "# Company handbook"),
		page("benefits/index.md", "# Benefits, Pay, and Perks\n\ntext"),
		page("benefits/README.md", "# Benefits (for the git host)"),
		page("benefits/leave.md", "# Leave"),
		page("hugo/_index.md", "+++\ntitle = \"Hugo section\"\n+++\n"),
		page("hugo/index.md", "# Loses to _index"),
		page("guides/Readme.md", "# Guides"),
		page("guides/INDEX.md", "# Guides index"),
		page("tools/README.md", "# Tools"),
		page("tools/index.en.md", "# Tools in English"),
	}}
	set, _ := Build(c, Options{Languages: []string{"zh", "en"}, BasePath: "/"})
	diags := set.Finish()
	var got []string
	for _, d := range diags.Items() {
		got = append(got, d.String())
	}
	want := []string{"content/hugo/index.md:1:1: warning: content/hugo/index.md is not published: content/hugo/_index.md is the landing page of its folder\n\thint: merge its text into content/hugo/_index.md and delete it, or rename it to make it a page of its own"}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("diagnostics (-got +want):\n%s", diff)
	}
	zh := set.Site("zh")
	tests := []struct{ key, kind, title, source, url string }{
		{"", "home", "Company handbook", "index.md", "/"},
		{"benefits", "section", "Benefits, Pay, and Perks", "benefits/index.md", "/benefits/"},
		{"benefits/leave", "page", "Leave", "benefits/leave.md", "/benefits/leave/"},
		{"hugo", "section", "Hugo section", "hugo/_index.md", "/hugo/"},
		{"guides", "section", "Guides index", "guides/INDEX.md", "/guides/"},
		{"tools", "section", "Tools", "tools/README.md", "/tools/"},
	}
	for _, tt := range tests {
		p := zh.Page(tt.key)
		if p == nil {
			t.Errorf("no page %q", tt.key)
			continue
		}
		if string(p.Kind) != tt.kind || p.Title != tt.title || p.Source == nil || p.Source.Path != tt.source || p.URL != tt.url {
			t.Errorf("page %q: %s %q from %v at %s, want %s %q from %s at %s", tt.key, p.Kind, p.Title, p.Source, p.URL, tt.kind, tt.title, tt.source, tt.url)
		}
	}
	for from, to := range map[string]string{"benefits/README.md": "benefits", "hugo/index.md": "hugo", "guides/Readme.md": "guides"} {
		if p := zh.BySource(from); p == nil || p.Key != to {
			t.Errorf("BySource(%q) = %v, want the page %q", from, p, to)
		}
	}
	if en := set.Site("en").Page("tools"); en == nil || en.Title != "Tools in English" {
		t.Errorf("the English landing page of tools/ is %v, want tools/index.en.md", en)
	}
}

// TestURLFrontMatter: url sets a page's whole path; a bad one is an error.
func TestURLFrontMatter(t *testing.T) {
	c := &load.Content{Pages: []*load.Page{
		page("_index.md", "# Home"),
		page("company/about.md", "+++\ntitle = \"About\"\nurl = \"/about-us/\"\n+++\n"),
		page("company/legacy.md", "+++\ntitle = \"Legacy\"\nurl = \"old/legacy.html\"\n+++\n"),
		page("company/bad.md", "+++\ntitle = \"Bad\"\nurl = \"/../x/\"\n+++\n"),
	}}
	set, _ := Build(c, Options{Languages: []string{"en"}, BasePath: "/hb/"})
	diags := set.Finish()
	if got, want := diags.String(), `content/company/bad.md:3:1: error: url "/../x/" climbs out of its folder (..)`; !strings.Contains(got, want) {
		t.Errorf("diagnostics = %q, want %q", got, want)
	}
	for key, want := range map[string][2]string{
		"company/about":  {"/hb/about-us/", "about-us/index.html"},
		"company/legacy": {"/hb/old/legacy.html", "old/legacy.html"},
	} {
		p := set.Site("en").Page(key)
		if p == nil || p.URL != want[0] || p.Out != want[1] {
			t.Errorf("page %s: %+v, want URL %s and output %s", key, p, want[0], want[1])
		}
	}
}

// TestPageAt finds pages by the URL a link writes, with or without the base path.
func TestPageAt(t *testing.T) {
	c := &load.Content{Pages: []*load.Page{
		page("_index.md", "# Home"),
		page("_index.en.md", "# Home"),
		page("guide/x.md", "# X"),
		page("指南/流程.md", "# 流程"),
	}}
	set, _ := Build(c, Options{Languages: []string{"zh", "en"}, BasePath: "/hb/"})
	if d := set.Finish(); d.HasErrors() {
		t.Fatal(d)
	}
	for u, want := range map[string]string{
		"/hb/guide/x/":            "/hb/guide/x/",
		"/guide/x/":               "/hb/guide/x/",
		"/guide/x":                "/hb/guide/x/",
		"/guide/x/index.html":     "/hb/guide/x/",
		"/en/":                    "/hb/en/",
		"/指南/流程/":                 "/hb/%E6%8C%87%E5%8D%97/%E6%B5%81%E7%A8%8B/",
		"/%E6%8C%87%E5%8D%97/":    "/hb/%E6%8C%87%E5%8D%97/",
		"/guide/nothere/":         "",
		"guide/x/":                "",
		"/hb/guide/x/index.html#": "",
	} {
		got := ""
		if p := set.PageAt(u); p != nil {
			got = p.URL
		}
		if got != want {
			t.Errorf("PageAt(%q) = %q, want %q", u, got, want)
		}
	}
}

// TestReserve checks that a reserved path or pattern clashes with the pages, aliases
// and content files that would write it, whichever was claimed first, and with
// nothing else (an alias is a folder's index.html; a pattern covers its folder only);
// and that files a browser runs are refused.
func TestReserve(t *testing.T) {
	c := &load.Content{Pages: []*load.Page{
		page("search/d-000000000000.gz/_index.md", "# Not a clash: a folder\n"),
		page("a.md", "+++\ntitle = \"A\"\naliases = [\"/feed/t-abc.gz\", \"/x.html\"]\n+++\n"),
	}}
	set, diags := Build(c, Options{Languages: []string{"en"}})
	diags.Merge(set.Finish())
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	res := set.Reserve([]Reserved{
		{Path: "feed/[dt]-*.gz", What: "the feed"},
		{Path: "X.html", What: "the x file", File: "templates/assets/x.html"},
		{Path: "x.html", What: "the x file again"},
	})
	res.Merge(set.ClaimFiles([]string{"feed/d-1.gz", "feed/readme.txt", "feed/sub/t-1.gz", "page.xhtml", "img.SVG.gz", "ok.png"}))
	var got []string
	for _, d := range res.Items() {
		got = append(got, d.Pos.String()+": "+d.Message)
	}
	want := []string{
		`content/a.md:3:30: the alias "/x.html" of content/a.md and the x file would both be published at X.html`,
		"content/feed/d-1.gz:1:1: content/feed/d-1.gz and the feed would both be published at feed/d-1.gz",
		"content/img.SVG.gz:1:1: content/img.SVG.gz is a .svg file, which a browser runs as part of the site: its scripts would run for every reader",
		"content/page.xhtml:1:1: content/page.xhtml is a .xhtml file, which a browser runs as part of the site: its scripts would run for every reader",
	}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("diagnostics (-got +want):\n%s", diff)
	}
}
