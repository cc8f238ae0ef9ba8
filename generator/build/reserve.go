package build

import (
	"io/fs"
	"strings"

	"github.com/rolebook/rolebook/generator/config"
	"github.com/rolebook/rolebook/generator/handbook"
	"github.com/rolebook/rolebook/generator/site"
	"github.com/rolebook/rolebook/generator/theme"
	"github.com/rolebook/rolebook/generator/views"
)

// reservedOutputs lists every file a build writes besides the pages and their aliases
// (which the site claims itself): the theme's assets and the search client, the
// sitemap (robots.txt under [privacy] noindex), matrix.csv and matrix.json beside each
// matrix page, each person's calendar feed, and each language's search index.
// site.Set.Reserve then makes a content file, page or alias that would write one of
// them an error naming both.
//
// It mirrors where the render package writes these files; the code that generates
// them is the place this list belongs to, and should own it when it can. It reserves
// a file even when the renderer may skip it (a matrix with no duty, a person with no
// recurring duty): a content file there would be lost the day it is written.
func reservedOutputs(cfg *config.Config, sites *site.Set, hb *handbook.Handbook, th theme.Overlay) []site.Reserved {
	var out []site.Reserved
	if cfg.Privacy.NoIndex {
		out = append(out, site.Reserved{Path: "robots.txt", What: "the generated robots.txt ([privacy] noindex)"})
	} else {
		out = append(out, site.Reserved{Path: "sitemap.xml", What: "the generated sitemap"})
	}
	// The theme's assets (both layers) are copied to assets/, dotfiles left out, and
	// the search client is written there unless the handbook's templates/ has one.
	if !th.Overrides("assets/search.js") {
		out = append(out, site.Reserved{Path: "assets/search.js", What: "the built-in theme's assets/search.js"})
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
			if p.Kind == views.KindMatrix {
				dir := strings.TrimSuffix(p.Out, "index.html")
				out = append(out,
					site.Reserved{Path: dir + "matrix.csv", What: "the generated " + dir + "matrix.csv"},
					site.Reserved{Path: dir + "matrix.json", What: "the generated " + dir + "matrix.json"})
			}
		}
		if hb != nil {
			for _, p := range hb.People {
				if pg := s.Page("people/" + p.ID); pg != nil {
					ics := strings.TrimSuffix(pg.Out, "index.html") + "duties.ics"
					out = append(out, site.Reserved{Path: ics, What: "the generated calendar " + ics})
				}
			}
		}
		dir := "search/"
		if s.Home != nil {
			dir = strings.TrimSuffix(s.Home.Out, "index.html") + "search/"
		}
		out = append(out,
			site.Reserved{Path: dir + "manifest.json", What: "the generated search index " + dir + "manifest.json"},
			site.Reserved{Path: dir + "[dt]-*.gz", What: "the generated search index " + dir})
	}
	return out
}
