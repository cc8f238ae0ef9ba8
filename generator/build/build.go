package build

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/rolebook/rolebook/generator/check"
	"github.com/rolebook/rolebook/generator/config"
	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/handbook"
	"github.com/rolebook/rolebook/generator/load"
	"github.com/rolebook/rolebook/generator/markdown"
	"github.com/rolebook/rolebook/generator/publish"
	"github.com/rolebook/rolebook/generator/render"
	"github.com/rolebook/rolebook/generator/site"
	"github.com/rolebook/rolebook/generator/theme"
	"github.com/rolebook/rolebook/generator/views"
)

// Timing is how long one stage took.
type Timing struct {
	Stage    string
	Duration time.Duration
}

// Result is what a build or check did.
type Result struct {
	Pages, Files int
	// NativePages counts the pages written by the fast page writer rather than
	// html/template (see package render).
	NativePages int
	// Published says what the build did to the destination: files written, left
	// unchanged and removed.
	Published publish.Stats
	// Reused is how many pages were not rendered again because nothing they show
	// changed since the previous build (see the build cache); Pages counts them too.
	Reused int
	// Layouts says how the content pages, sections and tag pages were rendered: written
	// natively or through the templates (render.LayoutPaths), for --verbose.
	Layouts []string
	// Notes are remarks about the build that are not problems with the handbook (the
	// build cache could not be written...), for --verbose.
	Notes   []string
	Timings []Timing
	// Diags holds every problem found, warnings included.
	Diags *diag.List
	// Handbook is the decoded model (nil when loading failed).
	Handbook *handbook.Handbook
}

// Options tune a build beyond the config.
type Options struct {
	// LiveReload is injected into every page (serve mode).
	LiveReload template.HTML
	// Workers bounds parallel rendering; 0 means one per core.
	Workers int
	// Progress, when not nil, is updated as pages render, for a progress line.
	Progress *Progress
	// Clean makes a full build that trusts nothing kept from earlier builds: every
	// file it writes is compared with the one in the destination by its bytes, and
	// files of the destination it does not write are removed (.git excepted).
	Clean bool
	// HeapProfile, when not nil, receives a heap profile (for go tool pprof) taken
	// once every page has rendered, after a garbage collection, while the loaded
	// handbook and its arranged pages are still referenced: what it shows in use is
	// what the build keeps for the whole site, not what one page needs while it renders.
	HeapProfile io.Writer
}

// ErrInterrupted is returned (wrapped) when the build's context ended it (Ctrl-C): what
// was staged is removed and the destination is left as it was.
var ErrInterrupted = errors.New("the build was interrupted")

// Progress counts rendered pages while a build runs; read it from another goroutine.
type Progress struct {
	Done, Total atomic.Int64
}

// ErrFailed is returned (wrapped) when the handbook has errors; the diagnostics are in
// Result.Diags.
var ErrFailed = errors.New("the handbook has errors")

type timer struct {
	res   *Result
	start time.Time
}

func (t *timer) lap(stage string) {
	now := time.Now()
	t.res.Timings = append(t.res.Timings, Timing{stage, now.Sub(t.start)})
	t.start = now
}

// Model is a loaded and checked handbook: what both check and build need.
type Model struct {
	Content  *load.Content
	Handbook *handbook.Handbook
	Sites    *site.Set
	Theme    theme.Overlay
	// Words are the theme's words of each language; Views the handbook's views of each
	// language, built once the pages are arranged.
	Words map[string]theme.Words
	Views map[string]*views.Views
	// Static are the files copied as they are, by output path: those of content/ and
	// of static/ (fromStatic), sorted.
	Static     []string
	fromStatic map[string]bool
	fsys       fs.FS
	// prev is the previous build's cache (nil for none); pending the next one, which
	// holds this build's pages of content/ already.
	prev    *cache
	pending *pendingCache
}

// readStatic reads a file of Static, from static/ or content/.
func (m *Model) readStatic(name string) ([]byte, error) {
	if m.fromStatic[name] {
		return fs.ReadFile(m.fsys, path.Join("static", name))
	}
	return fs.ReadFile(m.fsys, path.Join("content", name))
}

// Load reads, decodes and checks the handbook, and arranges its pages. Diagnostics go
// to res.Diags; the returned Model is nil when a stage could not go on.
//
// Once the pages are arranged, the front matter of the handbook's chapters keeps only
// where it starts (see load.Doc.Release): its values live on in the arranged pages,
// and nothing later reports a position inside it.
func Load(ctx context.Context, cfg *config.Config, res *Result) *Model {
	return loadModel(ctx, cfg, res, false)
}

// loadModel is Load; with dropBodies, loading keeps only the bodies needed before the
// pages are arranged (see load.Options.DropBodies), the chapters drop those too once
// arranged, and rendering reads each body again (load.Page.Markdown). When ctx is
// done it stops, inside loading or between two stages, and returns nil: the caller
// checks ctx.Err().
func loadModel(ctx context.Context, cfg *config.Config, res *Result, dropBodies bool) *Model {
	return loadCached(ctx, cfg, res, dropBodies, nil, nil)
}

// loadCached is loadModel with the previous build's cache, prev (nil for none): the
// Markdown files whose Stamp did not change since are not read again (see
// knownPages), and the next cache starts with the pages loaded (Model.pending).
func loadCached(ctx context.Context, cfg *config.Config, res *Result, dropBodies bool, prev *cache, out *publish.Dir) *Model {
	if res.Diags == nil {
		res.Diags = &diag.List{}
	}
	// The config's warnings (a Hugo setting with no effect...) are the build's too.
	res.Diags.Add(cfg.Warnings...)
	t := &timer{res: res, start: time.Now()}
	fsys := os.DirFS(cfg.Source)
	if st, err := os.Stat(filepath.Join(cfg.Source, "content")); err != nil || !st.IsDir() {
		res.Diags.Add(diag.Errorf(diag.Pos{File: "content"}, diag.RuleRead,
			"run rolebook in the handbook's folder or pass it with -s; rolebook new site DIR starts a new one",
			"%s has no content/ folder: it is not a handbook", cfg.Source))
	}
	lopts := load.Options{Root: cfg.Source, Exclude: []string{cfg.Destination},
		MaxFileSize: cfg.Limits.MaxFileSize, MaxNesting: cfg.Limits.MaxNesting, DropBodies: dropBodies, KeepBody: handbook.IsDataPage}
	var known *knownPages
	if prev != nil {
		known = newKnownPages(prev, t.start)
		lopts.Known = known.page
	}
	content, diags := load.Read(ctx, fsys, "content", lopts)
	res.Diags.Merge(diags)
	var pending *pendingCache
	if known != nil && ctx.Err() == nil {
		pending = startCache(CachePath(cfg.Destination), known.self, known.sources(content, diags))
		prev.loaded = nil // written: let the previous pages go
	}
	t.lap("load")
	if ctx.Err() != nil {
		pending.abort()
		return nil
	}
	// Arranging the pages keeps one core busy: the files in place are checked on
	// the others meanwhile.
	if out != nil {
		out.CheckAhead()
	}

	hb, diags := handbook.Decode(content.Data, content.Pages, handbook.Options{DefaultLanguage: cfg.DefaultLanguage,
		Languages: cfg.LanguageCodes(), MaxHeadcount: cfg.Limits.MaxHeadcount})
	res.Diags.Merge(diags)
	res.Handbook = hb
	if hb != nil {
		res.Diags.Merge(check.Run(hb, check.Options{Stage: cfg.Stage, StageFrom: cfg.StageFrom, MaxAccountable: cfg.Rules.MaxAccountable, Strict: cfg.Rules.Strict}))
	}
	t.lap("check")
	if ctx.Err() != nil {
		pending.abort()
		return nil
	}

	sites, _ := site.Build(content, siteOptions(cfg))
	th := theme.Overlay{Lower: theme.Default(), UpperName: "templates"}
	if st, err := os.Stat(filepath.Join(cfg.Source, "templates")); err == nil && st.IsDir() {
		th.Upper = os.DirFS(filepath.Join(cfg.Source, "templates"))
	}
	words := make(map[string]theme.Words, len(sites.Sites))
	for _, s := range sites.Sites {
		w, ds := theme.LoadWords(th, s.Lang, sites.Default)
		res.Diags.Merge(ds)
		words[s.Lang] = w
	}
	vopts := views.NewOptions(cfg)
	views.AddPages(sites, hb, words, vopts)
	res.Diags.Merge(sites.Finish()) // Build's and Add's diagnostics included
	res.Diags.Merge(sites.Reserve(render.Outputs(cfg, sites, th)))
	res.Diags.Merge(sites.ClaimFiles(content.Static))
	rootFiles, staticDiags := rootStatic(fsys)
	res.Diags.Add(staticDiags...)
	static, staticDiags := mergeStatic(content.Static, rootFiles)
	res.Diags.Add(staticDiags...)
	fromStatic := make(map[string]bool, len(rootFiles))
	for _, f := range rootFiles {
		if _, clash := slices.BinarySearch(content.Static, f); !clash {
			fromStatic[f] = true
		}
	}
	if len(fromStatic) > 0 {
		res.Diags.Merge(sites.ClaimStaticFiles("static", slices.Sorted(maps.Keys(fromStatic))))
	}
	res.Diags.Add(checkHugoFolders(fsys)...)
	release(sites, dropBodies)
	if cfg.Rules.Strict {
		res.Diags.Promote()
	}
	m := &Model{Content: content, Handbook: hb, Sites: sites, Theme: th, Words: words, Static: static, fromStatic: fromStatic, fsys: fsys, prev: prev, pending: pending}
	if !res.Diags.HasErrors() {
		m.Views = views.Build(hb, sites, words, vopts)
	}
	t.lap("arrange")
	return m
}

// Check loads and validates the handbook without writing anything. Besides the rules,
// it renders the pages written in Markdown (chapters, roles, people) to nowhere, so that
// what only rendering finds (a broken link, a template error) fails the check as it
// would fail the build.
func Check(ctx context.Context, cfg *config.Config) (*Result, error) {
	res := &Result{Diags: &diag.List{}}
	m := Load(ctx, cfg, res)
	if err := ctx.Err(); err != nil {
		return res, fmt.Errorf("%w: %v", ErrInterrupted, err)
	}
	m.checkPages(ctx, cfg, res)
	if res.Diags.HasErrors() {
		return res, ErrFailed
	}
	return res, nil
}

// checkPages renders the pages written in Markdown (chapters, roles, people) to
// nowhere, adding what only rendering finds (broken links, template errors) to res. It
// runs even when loading found errors, so that one run reports every problem, not one
// stage's at a time.
func (m *Model) checkPages(ctx context.Context, cfg *config.Config, res *Result) {
	t := &timer{res: res, start: time.Now()}
	if m.Views == nil && m.Handbook != nil {
		// Loading found errors: the views are built for the links alone, so that
		// role:, duty: and person: links resolve against what was decoded.
		m.Views = tryViews(m, cfg)
	}
	md := markdown.New(markdownOptions(cfg))
	_, diags := render.Render(ctx, render.Input{
		Config: cfg, Sites: m.Sites, Views: m.Views, Words: m.Words, Markdown: md, Theme: m.Theme,
		Static: m.Static, ReadStatic: func(string) ([]byte, error) { return nil, nil },
		// The pages with Markdown of their own: where links are. The generated
		// pages (a hundred thousand duties...) add nothing to check and much time.
		Only: func(p *site.Page) bool {
			return p.Source != nil || p.Kind == views.KindRole || p.Kind == views.KindPerson
		},
	}, discard{})
	if cfg.Rules.Strict {
		diags.Promote()
	}
	res.Diags.Merge(diags)
	t.lap("render")
}

// tryViews builds the views of a handbook that has errors. Their data may break what
// the views expect: a panic gives no views (and render's views of an empty handbook,
// against which links to roles, duties and people are reported broken). No case of
// check's tests makes it panic.
func tryViews(m *Model, cfg *config.Config) (v map[string]*views.Views) {
	defer func() {
		if recover() != nil {
			v = nil
		}
	}()
	opts := views.NewOptions(cfg)
	if opts.Stage != "" && m.Handbook.Stage(opts.Stage) == nil {
		// An unknown stage is reported already; links resolve against the last stage
		// rather than failing as if every role and duty were missing.
		opts.Stage = ""
	}
	return views.Build(m.Handbook, m.Sites, m.Words, opts)
}

// discard is a render.Writer that keeps nothing.
type discard struct{}

func (discard) WriteFile(string, []byte) error { return nil }

// Build builds the site into cfg.Destination, in place (see the publish package). On
// error the destination is untouched.
//
// Memory holds the body of a page only from when the page renders, reading its file
// again: a file that changed since it was loaded fails the build.
func Build(ctx context.Context, cfg *config.Config, opts Options) (*Result, error) {
	res := &Result{Diags: &diag.List{}}
	// The destination is opened before the handbook loads (and while the cache is
	// read), so that an interrupted commit is completed or rolled back first and the
	// files in place can be checked while the pages are arranged (publish.Dir checks
	// them in the background). If it cannot be opened, it is opened again after
	// loading, which reports why in its place: after the handbook's own errors. (The
	// cache names the journal its records belong to, and Model.incremental compares it
	// with the journal in place once it is opened, so a recovery here cannot mislead
	// it.) git's history of content/ (the pages' last changes) is read meanwhile too.
	dates := make(chan map[string]time.Time, 1)
	go func() { dates <- gitDates(ctx, cfg.Source) }()
	opened := make(chan *publish.Dir, 1)
	go func() {
		out, err := publish.Begin(cfg.Destination, publish.Options{Source: cfg.Source, Clean: opts.Clean})
		if err != nil {
			out = nil
		}
		opened <- out
	}()
	var prev *cache
	if !opts.Clean {
		prev = readCache(CachePath(cfg.Destination), cfg.Destination)
		// Last, once the next cache is written or dropped (the defers below run
		// first).
		defer prev.close()
	}
	if prev == nil {
		prev = &cache{} // no pages known, but the pages loaded are kept for the next build
	}
	out := <-opened
	abort := func() {
		if out != nil {
			_ = out.Abort()
		}
	}
	m := loadCached(ctx, cfg, res, true, prev, out)
	if err := ctx.Err(); err != nil {
		abort()
		if m != nil {
			m.pending.abort()
		}
		return res, fmt.Errorf("%w: %v", ErrInterrupted, err)
	}
	defer m.pending.abort() // unless the site was published and the cache finished
	if res.Diags.HasErrors() {
		// Nothing is written; the pages are still checked, to report every problem.
		abort()
		m.checkPages(ctx, cfg, res)
		return res, ErrFailed
	}
	return res, m.write(ctx, cfg, opts, res, out, dates)
}

// write renders the loaded model m and publishes it to cfg.Destination, adding to res;
// out, when not nil, is the destination already opened, and dates, when not nil, gives
// gitDates.
func (m *Model) write(ctx context.Context, cfg *config.Config, opts Options, res *Result, out *publish.Dir, dates <-chan map[string]time.Time) error {
	t := &timer{res: res, start: time.Now()}
	if dates == nil {
		setLastMod(m, gitDates(ctx, cfg.Source))
	} else {
		setLastMod(m, <-dates)
	}
	var rendered *atomic.Int64
	if p := opts.Progress; p != nil {
		for _, st := range m.Sites.Sites {
			p.Total.Add(int64(len(st.Pages)))
		}
		rendered = &p.Done
	}
	if err := ctx.Err(); err != nil {
		if out != nil {
			_ = out.Abort()
		}
		return fmt.Errorf("%w: %v", ErrInterrupted, err)
	}
	if out == nil {
		var err error
		if out, err = publish.Begin(cfg.Destination, publish.Options{Source: cfg.Source, Clean: opts.Clean}); err != nil {
			return err
		}
		out.CheckAhead()
	}
	md := markdown.New(markdownOptions(cfg))
	in := render.Input{
		Config: cfg, Sites: m.Sites, Views: m.Views, Words: m.Words, Markdown: md, Theme: m.Theme,
		Static: m.Static, ReadStatic: m.readStatic,
		LiveReload: opts.LiveReload, Workers: opts.Workers, Rendered: rendered,
	}
	cachePath := CachePath(cfg.Destination)
	inc, err := m.incremental(cfg, opts, in)
	if err != nil {
		res.Notes = append(res.Notes, fmt.Sprintf("building without the build cache: %v", err))
	} else {
		in.Reuse, in.Remember, in.Keep = inc.reuse, inc.remember, out.Keep
		if inc.prev != nil {
			in.Search = inc.prev.index
		}
	}
	res.Layouts = render.LayoutPaths(m.Theme)
	stats, diags := render.Render(ctx, in, out)
	if cfg.Rules.Strict {
		diags.Promote()
	}
	res.Diags.Merge(diags)
	t.lap("render")
	if res.Diags.HasErrors() {
		if err := out.Abort(); err != nil {
			return fmt.Errorf("%w (and removing the stage failed: %v)", ErrFailed, err)
		}
		return ErrFailed
	}
	if err := ctx.Err(); err != nil {
		if aerr := out.Abort(); aerr != nil {
			return fmt.Errorf("%w (and removing the stage failed: %v)", ErrInterrupted, aerr)
		}
		return fmt.Errorf("%w: %v", ErrInterrupted, err)
	}
	if opts.HeapProfile != nil {
		runtime.GC()
		err := pprof.WriteHeapProfile(opts.HeapProfile)
		runtime.KeepAlive(m)
		if err != nil {
			_ = out.Abort()
			return fmt.Errorf("writing the heap profile: %w", err)
		}
	}
	if inc != nil {
		// The cache's records and search index are written while the site is
		// committed; the journal they belong to, once it is.
		inc.next.snap = stats.Search
		<-inc.ready
		inc.next.site = inc.fp.Site()
		m.pending.prepare(inc.next)
	}
	if err := out.Commit(); err != nil {
		_ = out.Abort()
		return err
	}
	if inc != nil {
		res.Reused = stats.Reused
		inc.next.journal = journalID(cfg.Destination)
		if err := m.pending.finish(inc.next); err != nil {
			res.Notes = append(res.Notes, cacheNote(cachePath, err))
		}
	}
	t.lap("write")
	res.Pages, res.Files, res.NativePages, res.Published = stats.Pages, stats.Files, stats.Native, out.Stats()
	return nil
}

// incremental prepares the reuse of the previous build's pages: their fingerprints now,
// and the cache of the previous build unless opts.Clean.
func (m *Model) incremental(cfg *config.Config, opts Options, in render.Input) (*incremental, error) {
	global, err := globalSum(cfg, opts, m)
	if err != nil {
		return nil, err
	}
	n := 0
	for _, st := range m.Sites.Sites {
		n += len(st.Pages)
	}
	inc := &incremental{ready: make(chan struct{}), next: &cache{global: global, pages: make(map[string]*cached, n)}}
	data := dataSum(m)
	go func() {
		// While the render parses its templates: Reuse and Remember wait for it.
		defer close(inc.ready)
		inc.fp = render.NewFingerprints(in, global, data)
	}()
	m.prev.wait()
	if p := m.prev; !opts.Clean && p != nil && p.global == global && p.journal != "" && p.journal == journalID(cfg.Destination) {
		inc.prev = p
	}
	return inc, nil
}

// release drops the values and key positions of the front matter of every arranged
// page outside the sections the handbook data is read from (roles/, people/), whose
// pages the handbook's checks and views still read; with dropBodies, their Markdown
// bodies too (a page whose title is its first heading kept its body until now).
func release(sites *site.Set, dropBodies bool) {
	data := views.Generated()
	for _, st := range sites.Sites {
		for _, p := range st.Pages {
			src := p.Source
			if src == nil {
				continue
			}
			if top, _, _ := strings.Cut(src.Path, "/"); slices.Contains(data, top) {
				continue
			}
			if src.Front != nil {
				src.Front.Release()
			}
			if dropBodies {
				src.Body = nil
			}
		}
	}
}
