// Package render turns the arranged site into files: every page through its layout,
// plus sitemap.xml, alias redirects, the theme's assets, matrix.csv and matrix.json.
//
// Input: the config, the site.Set with URLs assigned, the handbook model, a Markdown
// renderer and the theme (the handbook's templates/ over the default theme embedded in
// this package). Output: files handed to a Writer as soon as each is rendered, and
// diagnostics for broken links and template errors, with file and line.
//
// Pages are rendered in parallel by a fixed pool of workers, each with its own buffer,
// and streamed to the Writer instead of being collected in memory first (the usual
// layout collects an in-memory set; streaming keeps memory flat on 50,000 pages). It
// never writes to disk itself: the publish package owns the destination.
//
// Templates are trusted; data is not. No value from content or data is ever converted
// to template.HTML here except the Markdown renderer's output, which is sanitised there.
package render
