// Package print makes the print pages of a handbook: the whole handbook at /print/
// (the home page's text, every chapter in reading order, every role with its duties,
// and the accountability matrix) and each role's onboarding packet at
// /roles/<id>/print/ (the role and the chapters of the onboarding section), each one
// HTML document that a browser prints.
//
// Input: one language's views (views.Views), the site, the page to build, and a
// function that renders a chapter's Markdown to HTML (package render passes its own,
// with the chapter's links resolved). Output: a View for the print layout. Each part's
// HTML is rewritten so that the document stays valid as one page: headings go one
// level down (a chapter's title is an h2), every id gets the part's anchor as prefix,
// and links to pages that are part of the same document point to their part.
// Rewriting goes through an HTML tokenizer (golang.org/x/net/html), so raw HTML that
// [markup] unsafe lets through is rewritten as safely as the renderer's own.
//
// A document holds at most MaxChapters chapters: beyond it, the remaining chapters are
// listed by title and address. It renders no template and writes no file.
package print
