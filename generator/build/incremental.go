package build

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing/fstest"
	"time"

	"github.com/rolebook/rolebook/generator/config"
	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/load"
	"github.com/rolebook/rolebook/generator/markdown"
	"github.com/rolebook/rolebook/generator/print"
	"github.com/rolebook/rolebook/generator/render"
	"github.com/rolebook/rolebook/generator/site"
	"github.com/rolebook/rolebook/generator/views"
)

// Session keeps a loaded handbook between builds, so that the dev server can re-render
// only what a change touches: an edit of a page's body re-renders that page alone;
// anything else (its front matter's arranged fields, data, templates, config, a new or
// removed file) reloads and re-renders the whole handbook, in memory.
//
// A Session renders into the render.Writer it is given and never publishes. It is not
// safe for concurrent use: one goroutine drives it.
type Session struct {
	cfg    *config.Config
	opts   Options
	reload func() (*config.Config, *diag.List, error)
	model  *Model
	md     *markdown.Renderer
	// good is true when the last build succeeded, so that the Model matches the files
	// being served and a body edit can be applied on top of them.
	good bool
}

// Update is what one build of a Session did.
type Update struct {
	*Result
	// Full is true when the whole site was rendered: the files written are the whole
	// site. Otherwise they replace only themselves and every other file stays as it was.
	Full bool
	// Reason says why a build was full ("templates/layouts/page.html changed").
	Reason string
	// URLs are the pages an incremental build re-rendered.
	URLs []string
	// Duration is how long the build took.
	Duration time.Duration
}

// NewSession returns a Session for cfg. reload, when not nil, reads the config again
// before a full build that follows a change outside content/ (config.toml among them),
// as config.Load does.
func NewSession(cfg *config.Config, opts Options, reload func() (*config.Config, *diag.List, error)) *Session {
	return &Session{cfg: cfg, opts: opts, reload: reload}
}

// Config returns the config of the last build.
func (s *Session) Config() *config.Config { return s.cfg }

// Build loads the handbook and renders all of it into w. On error (ErrFailed when the
// handbook has errors, ErrInterrupted when ctx ended it) what was written to w must be
// discarded.
func (s *Session) Build(ctx context.Context, w render.Writer) (*Update, error) {
	return s.full(ctx, w, "first build", false)
}

// Update brings the site up to date after the files changed were created, written,
// renamed or removed; they are slash paths relative to the source folder. Files that
// no longer exist and were never part of the handbook (an editor's temporary file) are
// ignored. On error what was written to w must be discarded and the previous site kept;
// the next Update then builds in full.
func (s *Session) Update(ctx context.Context, changed []string, w render.Writer) (*Update, error) {
	start := time.Now()
	if s.model == nil || !s.good {
		return s.full(ctx, w, "the last build failed", true)
	}
	var edits []*load.Page
	for _, name := range changed {
		name = path.Clean(filepath.ToSlash(name))
		if ignored(name) {
			continue
		}
		rel, inContent := strings.CutPrefix(name, "content/")
		if !inContent {
			return s.full(ctx, w, name+" changed", true)
		}
		np, reason, diags := s.bodyEdit(rel)
		switch {
		case len(diags) > 0:
			// The file itself is broken: report it now, without a full build.
			s.good = false
			res := &Result{Diags: &diag.List{}}
			res.Diags.Add(diags...)
			return &Update{Result: res, Duration: time.Since(start)}, ErrFailed
		case reason != "":
			return s.full(ctx, w, reason, true)
		case np != nil:
			edits = append(edits, np)
		}
	}
	return s.rerender(ctx, edits, w, start)
}

// bodyEdit reads the page at rel (relative to content/) again. It returns the new page
// when only its body changed, a reason when the change needs a full build, diagnostics
// when the file has errors, or nothing when the change can be ignored.
func (s *Session) bodyEdit(rel string) (*load.Page, string, []diag.Diagnostic) {
	file := "content/" + rel
	old := s.pagesFrom(rel)
	src, err := os.ReadFile(filepath.Join(s.cfg.Source, filepath.FromSlash(file)))
	if errors.Is(err, fs.ErrNotExist) {
		if len(old) == 0 && !slices.Contains(s.model.Content.Static, rel) && !s.isData(file) && !s.hasUnder(rel) {
			return nil, "", nil // a temporary file that came and went
		}
		return nil, file + " was removed", nil
	}
	if err != nil || path.Ext(rel) != ".md" {
		return nil, file + " changed", nil
	}
	if top, _, _ := strings.Cut(rel, "/"); slices.Contains(views.Generated(), top) {
		return nil, file + " is handbook data", nil
	}
	if len(old) == 0 {
		return nil, file + " is a new page", nil
	}
	// Read the one file exactly as a full load would, with the same checks.
	content, diags := load.Read(context.Background(), fstest.MapFS{file: &fstest.MapFile{Data: src, Mode: 0o644}}, "content",
		load.Options{MaxFileSize: s.cfg.Limits.MaxFileSize, MaxNesting: s.cfg.Limits.MaxNesting, Workers: 1})
	if diags.HasErrors() {
		return nil, "", diags.Items()
	}
	if len(content.Pages) != 1 {
		return nil, file + " changed", nil
	}
	np := content.Pages[0]
	set, sdiags := site.Build(content, s.siteOptions())
	if sdiags.Len() > 0 {
		return nil, file + " has front matter problems", nil
	}
	var arranged *site.Page
	for _, st := range set.Sites {
		if p := st.BySource(rel); p != nil {
			arranged = p
		}
	}
	if arranged == nil || len(old) != 1 || !sameArrangement(old[0], arranged) {
		return nil, file + ": front matter changed", nil
	}
	return np, "", nil
}

// sameArrangement reports whether a page read again would take the same place, title
// and links in the site: then only its own output changes.
func sameArrangement(old, now *site.Page) bool {
	return old.Kind == now.Kind && old.Lang == now.Lang && old.Key == now.Key && old.Title == now.Title &&
		old.Description == now.Description && old.Weight == now.Weight && old.Date.Equal(now.Date) &&
		old.Draft == now.Draft && slices.Equal(old.Tags, now.Tags) && slices.Equal(old.Aliases, now.Aliases) &&
		reflect.DeepEqual(old.Params, now.Params)
}

// rerender renders the pages built from the edited files, and nothing else.
func (s *Session) rerender(ctx context.Context, edits []*load.Page, w render.Writer, start time.Time) (*Update, error) {
	up := &Update{Result: &Result{Diags: &diag.List{}}}
	if len(edits) == 0 {
		up.Duration = time.Since(start)
		return up, nil
	}
	only := map[*site.Page]bool{}
	for _, np := range edits {
		for _, p := range s.pagesFrom(np.Path) {
			p.Source = np
			only[p] = true
			up.URLs = append(up.URLs, p.URL)
		}
		pages := s.model.Content.Pages
		if i, ok := slices.BinarySearchFunc(pages, np.Path, func(p *load.Page, name string) int { return strings.Compare(p.Path, name) }); ok {
			pages[i] = np
		}
	}
	// The print views that hold an edited chapter are rendered again too.
	for p := range only {
		for _, q := range print.PagesOf(s.model.Sites.Site(p.Lang), p, views.NewOptions(s.cfg).OnboardingSection) {
			only[q] = true
		}
	}
	in := s.renderInput()
	in.Only = func(p *site.Page) bool { return only[p] }
	stats, diags := render.Render(ctx, in, w)
	up.Diags.Merge(diags)
	up.Pages, up.Files = stats.Pages, stats.Files
	up.Duration = time.Since(start)
	if err := ctx.Err(); err != nil {
		s.good = false
		return up, fmt.Errorf("%w: %v", ErrInterrupted, err)
	}
	if up.Diags.HasErrors() {
		s.good = false
		return up, ErrFailed
	}
	return up, nil
}

// Rebuild reads the config again, loads the handbook and renders all of it into w, as
// after a change that cannot be followed file by file (the watcher lost events).
func (s *Session) Rebuild(ctx context.Context, w render.Writer, reason string) (*Update, error) {
	return s.full(ctx, w, reason, true)
}

// full loads and renders the whole handbook.
func (s *Session) full(ctx context.Context, w render.Writer, reason string, reload bool) (*Update, error) {
	start := time.Now()
	s.good = false
	s.model = nil
	up := &Update{Result: &Result{Diags: &diag.List{}}, Full: true, Reason: reason}
	done := func(err error) (*Update, error) {
		up.Duration = time.Since(start)
		return up, err
	}
	if reload && s.reload != nil {
		cfg, diags, err := s.reload()
		up.Diags.Merge(diags)
		switch {
		case errors.Is(err, config.ErrFailed):
			return done(ErrFailed)
		case err != nil:
			return done(fmt.Errorf("reading the config again: %w", err))
		}
		s.cfg = cfg
	}
	m := Load(ctx, s.cfg, up.Result)
	if err := ctx.Err(); err != nil {
		return done(fmt.Errorf("%w: %v", ErrInterrupted, err))
	}
	if up.Diags.HasErrors() || m == nil {
		return done(ErrFailed)
	}
	s.model = m
	s.md = markdown.New(markdownOptions(s.cfg))
	stats, diags := render.Render(ctx, s.renderInput(), w)
	up.Diags.Merge(diags)
	up.Pages, up.Files = stats.Pages, stats.Files
	if err := ctx.Err(); err != nil {
		return done(fmt.Errorf("%w: %v", ErrInterrupted, err))
	}
	if up.Diags.HasErrors() {
		return done(ErrFailed)
	}
	s.good = true
	return done(nil)
}

func (s *Session) renderInput() render.Input {
	m := s.model
	return render.Input{
		Config: s.cfg, Sites: m.Sites, Views: m.Views, Words: m.Words, Markdown: s.md, Theme: m.Theme,
		Static: m.Static, ReadStatic: m.readStatic,
		LiveReload: s.opts.LiveReload, Workers: s.opts.Workers,
	}
}

// siteOptions are the options Load arranges pages with.
func (s *Session) siteOptions() site.Options { return siteOptions(s.cfg) }

// siteOptions are the options pages are arranged with under cfg.
func siteOptions(cfg *config.Config) site.Options {
	return site.Options{Languages: cfg.LanguageCodes(), Drafts: cfg.Drafts, Generated: views.Generated(),
		BasePath: cfg.BasePath(), AllowActive: cfg.Markup.Unsafe, MaxDepth: cfg.Limits.MaxFolderDepth}
}

// markdownOptions are the options pages are rendered with under cfg.
func markdownOptions(cfg *config.Config) markdown.Options {
	return markdown.Options{Unsafe: cfg.Markup.Unsafe, MaxBytes: int(cfg.Limits.MaxFileSize),
		MaxNesting: cfg.Limits.MaxNesting, MaxTableColumns: cfg.Limits.MaxTableColumns,
		MaxTableCells: cfg.Limits.MaxTableCells, MaxLinkDefinitions: cfg.Limits.MaxLinkDefinitions}
}

// pagesFrom returns every page of every language built from the content file rel.
func (s *Session) pagesFrom(rel string) []*site.Page {
	var out []*site.Page
	for _, st := range s.model.Sites.Sites {
		for _, p := range st.Pages {
			if p.Source != nil && p.Source.Path == rel {
				out = append(out, p)
			}
		}
	}
	return out
}

// hasUnder reports whether the handbook has files in the folder dir of content/ (a
// folder moved away is one event, for the folder alone).
func (s *Session) hasUnder(dir string) bool {
	prefix := dir + "/"
	for _, p := range s.model.Content.Pages {
		if strings.HasPrefix(p.Path, prefix) {
			return true
		}
	}
	for _, name := range s.model.Content.Static {
		if strings.HasPrefix(name, prefix) {
			return true
		}
	}
	return s.isData("content/" + prefix)
}

func (s *Session) isData(file string) bool {
	for _, d := range s.model.Content.Data {
		if d.File == file || strings.HasSuffix(file, "/") && strings.HasPrefix(d.File, file) {
			return true
		}
	}
	return false
}

// ignored reports whether a changed file cannot affect the site (load.SkippedPath).
func ignored(name string) bool { return load.SkippedPath(name) }
