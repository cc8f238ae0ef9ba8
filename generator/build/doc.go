// Package build is the one place that chains Rolebook's stages: load content/, decode
// and check the handbook data, arrange the pages, render them and publish the result.
//
// Input: a config.Config. Output: a Result with counts, per-stage timings and every
// diagnostic, and what publishing did (files written, unchanged, removed); on success the
// destination holds the new site, updated in place, on failure it is exactly as it was
// before (publish stages the changed files and moves them into place only at the end;
// see the publish package for the guarantee when a build is killed).
//
// Incremental builds. After a build is published, Build writes the build cache beside
// the destination (".public.rolebook-cache" for public/; cache.go): the pages of
// content/ as loaded, with their files' Stamps; for each page rendered, the fingerprint
// of everything it was rendered from (render.Fingerprints), the links its Markdown
// resolved and its warnings; and the search index as written. The next build reads
// again only the Markdown files whose Stamp changed, checks and arranges the whole
// handbook as always, then renders only the pages whose fingerprint changed: the
// others keep their files (publish.Dir.Keep) and their search documents. When nothing
// the pages share changed (render.Fingerprints.Site), a page whose own file did not
// change is kept without computing its fingerprint (Fingerprints.Same). The cache
// belongs to the commit in place (it records the journal's identity) and is ignored
// when Rolebook, the config or templates/ changed; --clean
// (Options.Clean) ignores it, and deleting it is always safe. A build that cannot write
// it succeeds and says so in Result.Notes. TestIncrementalMatchesClean applies random
// edits of every kind and checks that each incremental build is byte-identical to a
// clean one.
//
// A one-page rebuild spends most of its time on work every build does whatever
// changed: reading the cache and the journal, looking at every source file and every
// published file, arranging the pages. Build overlaps what it can: the destination is
// opened (publish.Begin) while the cache is read, and before the handbook loads; the
// cache's records and search index are decoded while the handbook loads; the published
// files are looked at while the pages are arranged; the fingerprints are prepared while
// the render parses its templates; the cache's records are written while the site is
// committed. BenchmarkRebuildOnePage measures it.
//
// It prints nothing (the cli package does), and keeps no state between builds but the
// cache on disk: a build is a value that can run twice in one test.
//
// Size: about 1,900 lines, over the 1,500 a package aims for, because the build cache
// (cache.go, incremental builds) is part of running the stages: it decides what load and
// render may skip and must see the same Model they do.
package build
