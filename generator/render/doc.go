// Package render turns the arranged site into files: every page through its layout,
// plus sitemap.xml (or robots.txt with [privacy] noindex), alias redirects, the theme's
// assets, each matrix page's matrix.csv and matrix.json, each person's calendar feed
// and the search index.
//
// Input: the config, the site.Set with URLs assigned, the views of each language
// (package views: what every generated page shows, built before any page renders),
// the theme's words, a Markdown renderer and the theme (the handbook's templates/ over
// the default theme, package theme). Output: files handed to a Writer as soon as each
// is rendered, and diagnostics for broken links and template errors, with file and line.
//
// What it holds: the templates and the page loop. Pages are rendered in parallel by a
// fixed pool of workers, each with its own buffer, and streamed to the Writer instead
// of being collected in memory first. What a page shows comes from package views; the
// print pages from package print; the calendar feeds' format from package calendar; the
// index's format from package search. It decides nothing about the handbook itself.
//
// The fast page writer (native.go) writes the default theme's content, section and tag
// pages without html/template, which spends most of its time on those pages in
// reflection; a handbook's own partials run through their templates in their places.
// It earns its place: a quarter of a build's CPU went to html/template's reflection on
// those pages (BenchmarkBuild, docs/performance.md). The templates stay the definition
// of the markup (a handbook overrides them, and every other page kind uses them), and
// TestNativePagesMatchTemplates and FuzzNativeEscaping keep the writer byte-identical
// to them; `rolebook build --verbose` says which path each layout takes.
//
// Incremental builds (reuse.go): Fingerprints says, for each page, a sum of everything
// its output depends on; Input.Reuse lets a caller skip a page whose sum did not change
// since the previous build (its file is kept through Input.Keep, its search document
// comes from the previous index, Input.Search), and Input.Remember receives what the
// next build needs to do the same. What a page depends on is written down in one
// place, Fingerprints, next to the layouts it follows.
//
// Size: the fast page writer is about a quarter of the package; the rest is the page loop,
// the template functions and the site-wide files.
//
// It never writes to disk itself: the publish package owns the destination. Templates
// are trusted; data is not. No value from content or data is ever converted to
// template.HTML here except the Markdown renderer's output, which is sanitised there.
package render
