package sitecheck_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/rolebook/rolebook/generator/build"
	"github.com/rolebook/rolebook/generator/config"
	"github.com/rolebook/rolebook/generator/sitecheck"
)

// page wraps a body in a valid page frame; the body starts on line 2.
func page(body string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte("<!doctype html><html lang=\"en\"><head><title>t</title></head><body>\n" + body + "\n</body></html>\n")}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name    string
		base    string
		site    fstest.MapFS
		want    []string
		links   int
		noLinks bool
	}{
		{
			name: "valid site",
			site: fstest.MapFS{
				"index.html":          page(`<h1 id="top">Home</h1><h2>a</h2><h3>b</h3><h2>c</h2><a href="roles/">roles</a> <a href="/roles/#ops">ops</a> <a href="#top">top</a>`),
				"roles/index.html":    page(`<h1>Roles</h1><p id="ops">x</p><img src="../assets/logo.svg" alt=""><img srcset="/assets/logo.svg 1x, /assets/logo.svg 2x" alt="logo"><a href="/roles">folder without slash</a>`),
				"assets/logo.svg":     {Data: []byte("<svg/>")},
				"matrix/index.html":   page(`<h1>M</h1><a href="matrix.csv">csv</a><a href="https://handbook.example.com/matrix/">self</a><a href="https://elsewhere.example.org/x">out</a><a href="mailto:a@b.c">mail</a>`),
				"matrix/matrix.csv":   {Data: []byte("a,b\n")},
				"old/index.html":      {Data: []byte(`<!doctype html><html lang="en"><head><meta http-equiv="refresh" content="0; url=/roles/"></head><body></body></html>`)},
				"404.html":            page(`<h1>Not found</h1><a href="/">home</a>`),
				"assets/style.css":    {Data: []byte("body{}")},
				"assets/site.js":      {Data: []byte("")},
				"head/index.html":     page(`<h1>x</h1><link rel="stylesheet" href="/assets/style.css"><script src="/assets/site.js"></script><svg><h3>not a heading</h3></svg>`),
				"fragment/index.html": page(`<h1>x</h1><a name="legacy"></a><a href="#legacy">legacy anchor</a>`),
			},
			links: 14,
		},
		{
			name: "broken links and fragments",
			site: fstest.MapFS{
				"index.html":       page(`<h1>Home</h1><a href="/missing/">a</a>` + "\n" + `<img src="/assets/none.png" alt="x"><a href="/roles/#nope">b</a><a href="#here">c</a><script src="/assets/site.js"></script>`),
				"roles/index.html": page(`<h1>Roles</h1><p id="ops">x</p>`),
				"old/index.html":   {Data: []byte(`<!doctype html><html lang="en"><head><meta http-equiv="refresh" content="0; url=/gone/"></head><body></body></html>`)},
			},
			want: []string{
				`index.html:2: link: href "/missing/": no file missing/index.html in the site`,
				`index.html:3: link: src "/assets/none.png": no file assets/none.png in the site`,
				`index.html:3: fragment: href "/roles/#nope": roles/index.html has no element with id "nope"`,
				`index.html:3: fragment: href "#here": index.html has no element with id "here"`,
				`index.html:3: link: src "/assets/site.js": no file assets/site.js in the site`,
				`old/index.html:1: link: meta refresh "/gone/": no file gone/index.html in the site`,
			},
		},
		{
			name: "base path",
			base: "https://example.com/handbook/",
			site: fstest.MapFS{
				"index.html":       page(`<h1>Home</h1><a href="/handbook/roles/">ok</a><a href="/roles/">outside</a><a href="https://example.com/handbook/nope/">abs</a>`),
				"roles/index.html": page(`<h1>Roles</h1>`),
			},
			want: []string{
				`index.html:2: link: href "/roles/" leaves the site's path /handbook/`,
				`index.html:2: link: href "https://example.com/handbook/nope/": no file nope/index.html in the site`,
			},
		},
		{
			name: "page structure",
			site: fstest.MapFS{
				"index.html": {Data: []byte("<html>\n<body>\n<h1 id=\"a\">x</h1>\n<h3 id=\"a\">y</h3>\n<img src=\"data:image/png;base64,AA==\">\n<h1>again</h1>\n<div><span></div>\n</section>\n<p class=\"a\" class=\"b\">\n</body></html>")},
				"empty.html": {Data: []byte("<!doctype html><html lang=\"\"><body><h2>no h1</h2></body></html>")},
			},
			want: []string{
				`empty.html: h1: the page has no <h1>`,
				`empty.html:1: lang: <html> has no lang attribute`,
				`index.html:1: lang: <html> has no lang attribute`,
				`index.html:1: html: no <!doctype html> before the first element`,
				`index.html:4: duplicate-id: id "a" is already used on line 3`,
				`index.html:4: heading-order: <h3> follows <h1>: a heading level is skipped`,
				`index.html:5: img-alt: <img src="data:image/png;base64,AA=="> has no alt text`,
				`index.html:6: h1: the page has 2 <h1> elements (lines 3, 6); keep exactly one`,
				`index.html:7: html: <span> is not closed before </div> on line 7`,
				`index.html:8: html: </section> closes no open element`,
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			base := tc.base
			if base == "" {
				base = "https://handbook.example.com/"
			}
			rep, err := sitecheck.Check(tc.site, sitecheck.Options{BaseURL: base})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, p := range rep.Problems {
				got = append(got, p.Pos.String()+": "+string(p.Rule)+": "+p.Message)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if tc.links > 0 && rep.Links != tc.links {
				t.Errorf("checked %d links, want %d", rep.Links, tc.links)
			}
		})
	}
}

// TestExample builds the example handbook of this repository and checks the result:
// the example must stay free of broken links and structural problems.
func TestExample(t *testing.T) {
	cfg, _, err := config.Load(config.Options{Source: filepath.Join("..", ".."), Env: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	cfg.Destination = filepath.Join(t.TempDir(), "public")
	res, err := build.Build(context.Background(), cfg, build.Options{})
	if err != nil {
		t.Fatalf("build: %v\n%v", err, res.Diags)
	}
	rep, err := sitecheck.Check(os.DirFS(cfg.Destination), sitecheck.Options{BaseURL: cfg.BaseURL})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Problems {
		t.Error(p)
	}
	if rep.Pages < 100 || rep.Links < 1000 {
		t.Errorf("checked %d pages and %d links; the example has more: is the walk broken?", rep.Pages, rep.Links)
	}
	t.Logf("%d pages, %d links checked", rep.Pages, rep.Links)
}
