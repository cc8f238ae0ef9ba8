// Package markdown turns the Markdown body of one handbook page into HTML, and is the
// only package of Rolebook that imports goldmark.
//
// Input: the Markdown source of a page (front matter already cut off), the file name and
// the file line where that source starts, and a Resolver that maps in-handbook links
// ("../team/how-we-work.md#anchor", "role:operations", "duty:promo-campaigns",
// "person:wang-fang", "skill:copywriting") to the URLs the site publishes.
//
// Output: a Result with the HTML, the table of contents (h2 to h4), the title (text of
// the first h1), the plain text of the page for search and summaries, the ids a link's
// fragment may name and the page's links to parts of other pages (Fragments, which the
// caller checks once every page is rendered), plus one diagnostic per problem a writer
// can fix: a broken link ("broken-link", at the line and column of its "[" in the file;
// a "#part" of the page itself that no heading or anchor has is one), a shortcode it
// does not know or that is misplaced ("shortcode"), raw HTML it leaves out ("raw-html",
// a warning), a duplicate explicit heading id ("duplicate-id", a
// warning), a page over Options.MaxBytes ("page-too-large") or over one of the limits
// of its cost below ("too-deep", "too-complex"); the last ones are not rendered.
//
// The dialect is CommonMark with GitHub's tables, strikethrough, task lists, footnotes,
// alerts ("> [!NOTE]", see alerts.go) and autolinks of bare http and https URLs, plus
// definition lists ("Term" then ": definition") and Hugo's ref, relref, figure, details
// and highlight shortcodes (see shortcode.go); no typographer. Soft line breaks between two
// East Asian wide characters are dropped, so a Chinese paragraph wrapped in the source
// does not get stray spaces. Headings take an explicit id and classes with
// "## Title {#id .class}"; every other attribute is dropped. Other headings get an id
// made from their text: letters and digits of every script (so Chinese stays Chinese),
// ASCII lower-cased, runs of spaces turned into one "-", punctuation dropped, made unique
// on the page with "-1", "-2" suffixes; a heading without letters gets "heading". Tables
// are wrapped in a focusable, labelled region (<div class="table-wrap" tabindex="0"
// role="region" aria-label="...">) that the theme lets scroll sideways on narrow
// screens; keyboard users can then scroll it too.
//
// Safety, unless Options.Unsafe is set ([markup] unsafe = true in config.toml): raw HTML
// keeps only the elements and attributes GitHub's sanitizer allows (details, summary,
// kbd, sub, sup, img with src, alt, width...), filtered by bluemonday and balanced so
// that no page can break the layout around it, its relative href and src resolved like
// Markdown links (see html.go); link schemes are an allowlist: a link or image whose
// destination has a scheme other than http, https, mailto, tel or the handbook's role:,
// duty:, person: and skill: (images also data:image/png, gif, jpeg or webp) loses the
// link (the text, or the image's alt text, stays). The scheme is checked after what a
// browser would undo: any letter case, character references, percent-encoding, and
// spaces, tabs, newlines or control characters anywhere; a destination whose "/", "?"
// or "#" comes before its first ":", or whose prefix cannot be a scheme, is a relative
// path. Attribute values, link titles and code-fence info strings are escaped.
//
// Cost: parsing and rendering are linear in the size of the page, with exceptions in
// goldmark that Render bounds before it parses, each refused with a diagnostic at the
// line that goes over ("too-deep", "too-complex"): time grows with the square of the
// nesting depth of quotes and lists, by markers or by indentation (Options.MaxNesting,
// 100 levels), with the length of a line times the links on it (about 50 ms of work;
// no real line comes close), and with the square of the emphasis marks and links of a
// paragraph (5,000 between two blank lines) or of the link reference definitions
// (Options.MaxLinkDefinitions, 5,000 a page); the cells of a table are its rows times
// the columns of its header, however short its rows (Options.MaxTableColumns, 100;
// Options.MaxTableCells, 50,000 a page). Options.MaxBytes (512 KB by default) bounds
// the rest. BenchmarkPathological shows how each hostile input grows.
//
// Columns in diagnostics count characters (runes), not bytes, from 1.
//
// One implementation: reference_test.go keeps, as test code only, the first plain
// version of the link, id and text pass (a walk per job), which FuzzReference and the
// golden pages compare Render with; the production pass does the same in one walk with
// pooled buffers, half of its former share of the build (BenchmarkRender).
//
// Shortcodes ref and relref are replaced in the source before parsing (they may stand
// in a link's destination); positions in diagnostics are mapped back to the file.
//
// It must not read files, print, or keep state between calls: a Renderer is built once
// per build from Options and is safe for concurrent use; each Render call parses into its
// own goldmark context, and the scratch buffers it reuses hold nothing of a page once
// Render returns. It knows nothing of templates, roles or URLs: deciding where a
// link points is the Resolver's job.
//
// Size: about 3,000 lines, over the 1,500 a package aims for, because each part is
// one of the jobs above and they share goldmark's tree and the page's state: the
// shortcodes (shortcode.go, a quarter), the one walk that rewrites links, ids and text
// (transform.go), the cost limits checked before parsing (limits.go) and the HTML
// allowlist (html.go). Split, each would need the page's positions and diagnostics
// passed across a package line, and goldmark would be imported by several packages.
package markdown
