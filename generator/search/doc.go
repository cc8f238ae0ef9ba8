// Package search builds the search index of a built site and holds the client that
// queries it in the browser: the index is a set of static files, and
// search.js (Client) reads them without any server.
//
// Input: plain Documents (a kind, URL, title, body text and the text its excerpt is cut
// from), added by position from any number of goroutines while pages render. Output:
// the files of each language's index, handed to a write function.
//
// What a page gives: while a worker renders a page it folds the page's text (NFKC, lower
// case), splits it into terms and appends one posting per distinct term to an
// accumulator that only that worker holds at that moment; it also keeps the page's
// title, URL, kind and a short excerpt. Nothing else of the page is kept, and no lock is
// held while tokenising. Accumulators are merged term by term when every page is done.
//
// Postings are most of what the index keeps while pages render (about 200 per page), so
// an accumulator keeps a term's postings as bytes, a page in one byte or two as a rule:
// see appendPosting.
//
// Terms: a run of letters, digits and marks outside CJK scripts is one term when it has
// at least two characters (prefix queries make it findable while typing); in Han, kana
// and Hangul text every character is a term and so is every pair of neighbouring
// characters, so that "运营" is found as one bigram and "运" as one unigram without a
// dictionary. search.js splits a query the same way.
//
// The files, per language, under search/ of that language's folder ("search/",
// "en/search/"):
//
//	manifest.json  {"version","lang","docs","perChunk","docChunks":[file...],
//	               "terms":[[first term, file]...]}
//	t-<hash>.gz    a term chunk: gzip of [[term, [doc id deltas], "weights"]...], terms
//	               sorted as JavaScript compares strings (UTF-16 code units); a chunk
//	               holds the terms from its first term up to the next chunk's first
//	               term, so an exact term or a prefix needs one chunk (or a few)
//	d-<hash>.gz    a document chunk: gzip of [[url, title, kind, excerpt]...] for
//	               perChunk consecutive doc ids
//
// A weight is one hexadecimal digit per posting: the term's count on the page (1-7,
// capped) plus 8 when the term is in the title. File names carry a hash of their
// content so browsers may cache them forever; the manifest is fetched with revalidation.
// A term chunk closes after a term whose hash ends in two zero bits once it holds 24
// KiB of JSON, and at 64 KiB whatever the term: where chunks end depends on the terms
// around, so that an edit changes the chunks that hold the terms it touches and not
// the ones after them.
//
// Incremental builds. Snapshot is the index as a build wrote it; a build that starts
// from the previous one's (Index.From) gives a page that did not change what it gave
// before (Index.Keep: its title, excerpt and postings, without indexing its text
// again), and keeps the previous files of the chunks whose content did not change. The
// files are the same bytes with or without a snapshot.
// Every string is written by encoding/json, which escapes <, > and &; search.js only
// ever inserts them as text.
//
// Two things are written twice, on purpose. Folding text has a fast path (searchFoldTo:
// ASCII eight bytes at a time, other text normalised in place) and the plain
// definition it must equal (searchFoldString, used where the fast path cannot fold in
// place); BenchmarkSearchAdd indexes a page in about 25 µs with the fast path and about
// 65 µs with the plain one, so the pair earns its place, and FuzzSearchFold keeps the two
// equal. The tests split queries as search.js does (ParseSearchQuery), to measure what a
// query downloads without a browser (TestSearchBudget); the browser tests run the real
// search.js on the same index, so the copy cannot drift unseen.
//
// It knows nothing of pages, templates or handbooks: what a page contributes is the
// caller's choice (package render makes Documents of its pages). It writes no file itself
// and keeps no package-level mutable state.
//
// Size: about 1,600 lines, slightly over the 1,500 a package aims for: the index, its
// compressed files and the snapshot an incremental build starts from share the postings'
// format, which must not drift between them.
package search
