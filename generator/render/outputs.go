package render

import (
	"io/fs"
	"strings"

	"github.com/rolebook/rolebook/generator/config"
	"github.com/rolebook/rolebook/generator/site"
	"github.com/rolebook/rolebook/generator/theme"
	"github.com/rolebook/rolebook/generator/views"
)

// Outputs lists every file a render writes besides the pages and their aliases (which
// the site claims itself), for site.Set.Reserve: the theme's assets and the search
// client, the sitemap (robots.txt under [privacy] noindex), matrix.csv and matrix.json
// beside each matrix page, each person's calendar feed, and each language's search
// index. The writers below use the same paths, so the list cannot drift from them. A
// file is reserved even when the render may skip it (a matrix with no duty, a person
// with no recurring duty): a content file there would be lost the day it is written.
func Outputs(cfg *config.Config, sites *site.Set, th theme.Overlay) []site.Reserved {
	var out []site.Reserved
	if cfg.Privacy.NoIndex {
		out = append(out, site.Reserved{Path: "robots.txt", What: "the generated robots.txt ([privacy] noindex)"})
	} else {
		out = append(out, site.Reserved{Path: "sitemap.xml", What: "the generated sitemap"})
	}
	if !th.Overrides(searchClient) {
		out = append(out, site.Reserved{Path: searchClient, What: "the built-in theme's " + searchClient})
	}
	_ = fs.WalkDir(th, "assets", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		r := site.Reserved{Path: name, What: "the built-in theme's " + name}
		if th.Overrides(name) {
			r.What = "the theme's " + th.Origin(name)
			r.File = th.Origin(name)
		}
		out = append(out, r)
		return nil
	})
	for _, s := range sites.Sites {
		for _, p := range s.Pages {
			switch p.Kind {
			case views.KindMatrix:
				csv, json := matrixFiles(p)
				out = append(out,
					site.Reserved{Path: csv, What: "the generated " + csv},
					site.Reserved{Path: json, What: "the generated " + json})
			case views.KindPerson:
				ics := calendarFile(p)
				out = append(out, site.Reserved{Path: ics, What: "the generated calendar " + ics})
			}
		}
		dir := searchDir(s)
		out = append(out,
			site.Reserved{Path: dir + "manifest.json", What: "the generated search index " + dir + "manifest.json"},
			site.Reserved{Path: dir + "[dt]-*.gz", What: "the generated search index " + dir})
	}
	return out
}

// searchClient is where the search client is published.
const searchClient = "assets/search.js"

// matrixFiles are the data files beside a matrix page.
func matrixFiles(p *site.Page) (csv, json string) {
	dir := strings.TrimSuffix(p.Out, "index.html")
	return dir + "matrix.csv", dir + "matrix.json"
}

// calendarFile is the calendar feed beside a person's page.
func calendarFile(p *site.Page) string {
	return strings.TrimSuffix(p.Out, "index.html") + "duties.ics"
}

// searchDir is the folder of a language's search index: "search/" or "en/search/".
func searchDir(s *site.Site) string {
	if s.Home != nil {
		return strings.TrimSuffix(s.Home.Out, "index.html") + "search/"
	}
	return "search/"
}
