// Package site arranges the handbook's Markdown pages into a site per language: it reads
// each page's front matter (title, weight, draft, date, description, slug, url, aliases,
// tags), places pages in sections, gives them pretty URLs and output paths, orders them
// for reading (navigation, breadcrumbs, previous/next), gathers tags, and finds pages for
// the links between them (by source file, by key, by published URL with Set.PageAt).
//
// A folder is a section. Its landing page is _index.md (Hugo's), else index.md (MkDocs',
// Docusaurus' and most static hosts'), else README.md (git hosts'), index and README in
// any letter case; the section takes the landing page's title (its front matter's, else
// its first heading). Links to a landing file that lost lead to the one that won; an
// index.md that loses to an _index.md is a warning, since its text is not published. A
// page's front-matter url is its whole path in the site, in every language.
//
// Input: the load.Content of content/ and the configured languages. Output: a Set of
// Sites whose Pages know their URL and place, and diagnostics with file:line:col for bad
// front matter, unsafe slugs and aliases, pages nested in too many folders, and two
// sources that map to one output path.
//
// Every output path has exactly one source. Pages and aliases claim theirs in Finish;
// Reserve records the files the generator writes besides pages (theme assets, data
// files, calendar feeds, the search index, the sitemap), exact paths or path.Match
// patterns; ClaimFiles then claims the files of content/ copied as they are, and
// refuses those a browser runs as web documents (HTML, XML, SVG...: see Active) unless
// Options.AllowActive. A second claimant of a path, in any letter case or Unicode
// normalisation, is an error naming both; an alias that is its page's own address is
// an error too. Claims are made one at a time, in that order, so the outcome never
// depends on timing.
//
// This package sits between load and render, a stage the usual layout does not name:
// keeping URL assignment and ordering apart from rendering lets the renderer resolve any
// link before it renders a single page. It renders nothing and writes nothing; every
// structure is built in one pass over the pages (no work quadratic in their number).
package site
