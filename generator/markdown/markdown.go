package markdown

import (
	"bytes"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/rolebook/rolebook/generator/diag"
)

// DefaultMaxBytes is the largest page Render accepts when Options.MaxBytes is zero.
// A handbook page is rarely over 50 KB. The bound keeps goldmark's worst cases from
// stalling a build: see BenchmarkPathological, where time is linear in the size except
// for one long line of "[a](" repeated, which is quadratic in the length of that line.
const DefaultMaxBytes = 512 << 10

// Options are the site-wide Markdown settings, from the [markup] table of config.toml.
type Options struct {
	// Unsafe lets raw HTML through and stops filtering link schemes
	// ([markup] unsafe = true). Only for handbooks whose every writer is trusted.
	Unsafe bool
	// MaxBytes is the largest page source Render accepts; 0 means DefaultMaxBytes and
	// a negative value means no limit.
	MaxBytes int
	// TableLabel is the accessible name of the scrolling region around each table
	// (aria-label); "table" when empty. Set it to the word in the page's language.
	TableLabel string
	// Limits on what one page may hold, so that no page costs time or memory out of
	// proportion to its size ([limits] in config.toml); 0 means the default:
	// MaxNesting levels of lists and quotes, by markers or indentation;
	// DefaultMaxTableColumns columns in a table; DefaultMaxTableCells cells in the
	// tables of a page; DefaultMaxLinkDefinitions link reference definitions.
	MaxNesting, MaxTableColumns, MaxTableCells, MaxLinkDefinitions int
}

// Resolver maps the in-handbook link destinations of a page to the URLs to publish.
// The build implements it over the loaded handbook; Render calls it for links only.
type Resolver interface {
	// Resolve maps a link destination written in a page, without its #fragment
	// (a relative "../team/how-we-work.md", "role:operations", "duty:promo-campaigns",
	// "person:wang-fang", "skill:copywriting"), to the URL to publish; Render puts the
	// fragment back; a site-absolute path ("/guide/x/") is passed too. ok=false means
	// the target does not exist; msg and hint explain (`no role "operaions"`, `did you
	// mean "operations"?`), and the link is an error. ok=true with a msg publishes url
	// with a warning (a link to a file that the site does not publish).
	Resolve(dest string) (url string, ok bool, msg, hint string)
}

// Context is what Render needs to know about the page beyond its source.
type Context struct {
	// File is the page's path as printed in diagnostics: "content/guide/ownership.md".
	File string
	// FirstLine is the file line where the Markdown source starts (after the front
	// matter), from 1; 0 counts as 1.
	FirstLine int
	// Resolver resolves in-handbook links; when nil they are left as written.
	Resolver Resolver
	// DropTitle leaves out a level-1 heading that opens the page: the layout shows the
	// page's title, taken from it, as the page's one h1.
	DropTitle bool
	// AlertTitles are the titles of GitHub alerts in the page's language, by kind (see
	// AlertKinds); a missing one is the English word ("Note").
	AlertTitles map[string]string
}

// Heading is one entry of a page's table of contents.
type Heading struct {
	Level int    // 2 to 4
	ID    string // the id attribute of the heading, for "#" links
	Text  string // the heading as plain text
}

// Result is a rendered page.
type Result struct {
	HTML []byte
	// TOC lists the h2, h3 and h4 headings in page order.
	TOC []Heading
	// Title is the text of the first h1, "" if none; a page without a front matter
	// title takes it.
	Title string
	// Text is the plain text of the page with whitespace collapsed, for the search
	// index and summaries. Raw HTML is left out.
	Text string
	// IDs are the ids on the page that a link's "#fragment" may name: every heading's,
	// and the names of <a name="..."> anchors in raw HTML, in page order.
	IDs []string
	// Fragments are the page's links to parts of other pages, for the caller to check
	// against the targets' IDs (links to parts of the page itself are checked by Render).
	Fragments []Fragment
}

// Renderer renders pages with one set of Options. It is made once per build and is safe
// for concurrent use: goldmark's parser and renderer set themselves up once (sync.Once)
// and keep no state between documents, and every Render call parses with a context of
// its own and gathers text in scratch space of its own, taken from a pool and emptied
// before it goes back.
type Renderer struct {
	md     goldmark.Markdown
	opts   Options
	limits limits
	// policy sanitizes raw HTML (nil with Options.Unsafe); see html.go.
	policy *bluemonday.Policy
	// walks keeps *pageWalk scratch space between Render calls. Nothing Render returns
	// points into it.
	walks sync.Pool
}

// New returns a Renderer for opts.
func New(opts Options) *Renderer {
	if opts.MaxBytes == 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.TableLabel == "" {
		opts.TableLabel = "table"
	}
	rendererOpts := []renderer.Option{
		renderer.WithNodeRenderers(util.Prioritized(&wrapRenderer{label: opts.TableLabel}, 500)),
		// Below the task list extension's 500, so that this box renderer is the one used.
		renderer.WithNodeRenderers(util.Prioritized(taskRenderer{}, 100)),
		renderer.WithNodeRenderers(util.Prioritized(alertRenderer{}, 500)),
		renderer.WithNodeRenderers(util.Prioritized(shortcodeRenderer{}, 500)),
		renderer.WithNodeRenderers(util.Prioritized(safeHTMLRenderer{}, 500)),
	}
	if opts.Unsafe {
		rendererOpts = append(rendererOpts, html.WithUnsafe())
	}
	md := goldmark.New(
		goldmark.WithExtensions(
			extension.Table,
			extension.Strikethrough,
			extension.TaskList,
			extension.NewLinkify(extension.WithLinkifyAllowedProtocols([]string{"http:", "https:"})),
			extension.NewFootnote(),
			extension.DefinitionList,
		),
		// Heading ids are made by Render itself (see headings.go) so that an explicit
		// id further down the page is never taken by an earlier generated one.
		goldmark.WithParserOptions(parser.WithAttribute(),
			// Before the paragraph parser (1000) and the others that a "{" cannot open.
			parser.WithBlockParsers(util.Prioritized(shortcodeBlockParser{}, 150)),
			parser.WithInlineParsers(util.Prioritized(shortcodeInlineParser{}, 150)),
			parser.WithASTTransformers(util.Prioritized(alertTransformer{}, 100)),
		),
		goldmark.WithRendererOptions(rendererOpts...),
	)
	r := &Renderer{md: md, opts: opts, limits: opts.limits()}
	if !opts.Unsafe {
		r.policy = newHTMLPolicy()
	}
	r.walks.New = func() any { return new(pageWalk) }
	return r
}

// Render converts the Markdown source of one page. The diagnostics are about the page
// (broken links, duplicate ids, a page too large); the Result is usable even when there
// are some, except for a page over MaxBytes or over a limit of its cost (see Options),
// which is not rendered.
func (r *Renderer) Render(src []byte, ctx Context) (Result, *diag.List) {
	p := &page{src: src, ctx: ctx, unsafe: r.opts.Unsafe, policy: r.policy}
	if !p.checkLimits(r.opts.MaxBytes, r.limits.nesting) || !p.checkCost(r.limits) {
		return Result{}, diag.From(p.diags)
	}
	pc := parser.NewContext()
	if expanded, edits, literal := p.expandShortcodes(src); edits != nil {
		p.orig, p.src, p.edits = src, expanded, edits
		src = expanded
		pc.Set(literalKey, literal)
	}
	doc := r.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	if ctx.DropTitle {
		if h, ok := doc.FirstChild().(*ast.Heading); ok && h.Level == 1 {
			doc.RemoveChild(doc, h)
		}
	}
	res := Result{}
	w := r.walks.Get().(*pageWalk)
	p.transform(doc, w, &res)
	p.unclosedHighlights(pc)
	w.reset()
	r.walks.Put(w)
	var buf htmlBuffer
	buf.Grow(len(src) + len(src)/2)
	if err := r.md.Renderer().Render(&buf, src, doc); err != nil {
		// goldmark's HTML renderers never fail and a bytes.Buffer does not either;
		// report it rather than hide it should that change.
		p.errorf(-1, diag.RuleMarkdown, "", "rendering failed: %v", err)
	}
	res.HTML = buf.Bytes()
	return res, diag.From(p.diags)
}

// htmlBuffer is a bytes.Buffer that goldmark's renderer writes to directly: given a
// plain io.Writer it would put a bufio.Writer of its own in between.
type htmlBuffer struct {
	bytes.Buffer
}

var _ util.BufWriter = (*htmlBuffer)(nil)

// Buffered implements util.BufWriter.
func (b *htmlBuffer) Buffered() int { return b.Len() }

// Flush implements util.BufWriter: the bytes are already in the buffer.
func (b *htmlBuffer) Flush() error { return nil }
