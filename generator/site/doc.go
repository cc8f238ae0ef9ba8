// Package site arranges the handbook's Markdown pages into a site per language: it reads
// each page's front matter (title, weight, draft, date, description, slug, aliases, tags),
// places pages in sections, gives them pretty URLs and output paths, orders them for
// reading (navigation, breadcrumbs, previous/next), gathers tags, and resolves links
// between pages.
//
// Input: the load.Content of content/ and the configured languages. Output: a Set of
// Sites whose Pages know their URL and place, and diagnostics with file:line:col for bad
// front matter, unsafe slugs and aliases, and two sources that map to one output path.
//
// This package sits between load and render, a stage the usual layout does not name:
// keeping URL assignment and ordering apart from rendering lets the renderer resolve any
// link before it renders a single page. It renders nothing and writes nothing; every
// structure is built in one pass over the pages (no work quadratic in their number).
package site
