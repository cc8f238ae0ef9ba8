package build

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/rolebook/rolebook/generator/config"
	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/load"
	"github.com/rolebook/rolebook/generator/markdown"
	"github.com/rolebook/rolebook/generator/publish"
	"github.com/rolebook/rolebook/generator/render"
	"github.com/rolebook/rolebook/generator/report"
	"github.com/rolebook/rolebook/generator/site"
	"github.com/rolebook/rolebook/generator/views"
)

// OwnerOptions tune the owner's site.
type OwnerOptions struct {
	// StaffDestination is the staff site's folder: the owner's site may not be inside
	// it, be it, or contain it.
	StaffDestination string
	// WhatIf, when not empty, adds a page on what happens with this change, as
	// `rolebook report --what-if` takes it ("people/<id>.md=leave"). A change that
	// cannot be used is a *report.ArgError.
	WhatIf string
	// Today is the date of the report (tenure, the age of skill assessments); the zero
	// time leaves out what depends on it.
	Today time.Time
}

// ErrOwnerInsideStaff is returned (wrapped) when the owner's site would be published
// inside the staff site, or over it.
var ErrOwnerInsideStaff = errors.New("the owner's report must be written outside the staff site")

// Owner writes the owner's site into dir: the assignment guide, load per person and
// stage, the retention risks and, when asked, a what-if, in every language of the
// handbook and with its theme, each page marked owner-only and asking search engines
// to stay away. Warnings do not stop it; errors of the handbook do (ErrFailed), and as
// with Build a failed write leaves dir as it was.
func Owner(ctx context.Context, cfg *config.Config, dir string, opts OwnerOptions) (*Result, error) {
	res := &Result{Diags: &diag.List{}}
	if err := outside(dir, opts.StaffDestination); err != nil {
		return res, err
	}
	m := loadModel(ctx, cfg, res, false)
	if res.Diags.HasErrors() || m == nil || m.Handbook == nil {
		return res, ErrFailed
	}
	t := &timer{res: res, start: time.Now()}
	hb := m.Handbook
	settings := report.SettingsOf(cfg.Report)
	team := report.NewTeam(hb, report.Options{Stage: cfg.Stage, MaxAccountable: cfg.Rules.MaxAccountable, Settings: &settings, Today: opts.Today})
	if err := team.TooLarge(); err != nil {
		return res, err
	}
	var whatIf *report.WhatIf
	if opts.WhatIf != "" {
		leave, err := report.ParseWhatIf(hb, opts.WhatIf)
		if err != nil {
			return res, err
		}
		whatIf = team.WhatIfLeave(leave.Person)
	}
	rep := team.Report()

	vs := views.Build(hb, m.Sites, m.Words, views.OwnerOptions(views.NewOptions(cfg)))
	set, diags := site.Build(&load.Content{}, site.Options{Languages: cfg.LanguageCodes(), BasePath: "/"})
	res.Diags.Merge(diags)
	views.AddOwnerPages(set, m.Words, whatIf)
	res.Diags.Merge(set.Finish())
	owner := make(map[string]*views.OwnerView, len(set.Sites))
	for _, s := range set.Sites {
		owner[s.Lang] = vs[s.Lang].Owner(rep, whatIf)
	}
	if res.Diags.HasErrors() {
		return res, ErrFailed
	}
	if err := ctx.Err(); err != nil {
		return res, fmt.Errorf("%w: %v", ErrInterrupted, err)
	}
	out, err := publish.Begin(dir, publish.Options{Source: cfg.Source})
	if err != nil {
		return res, err
	}
	ocfg := *cfg
	ocfg.Privacy.NoIndex = true
	ocfg.EditURL = ""
	md := markdown.New(markdownOptions(cfg))
	stats, diags2 := render.Render(ctx, render.Input{Config: &ocfg, Sites: set, Views: vs, Words: m.Words, Markdown: md,
		Theme: m.Theme, Owner: owner, ReadStatic: func(string) ([]byte, error) { return nil, nil }}, out)
	res.Diags.Merge(diags2)
	if res.Diags.HasErrors() || ctx.Err() != nil {
		_ = out.Abort()
		if err := ctx.Err(); err != nil {
			return res, fmt.Errorf("%w: %v", ErrInterrupted, err)
		}
		return res, ErrFailed
	}
	if err := out.Commit(); err != nil {
		_ = out.Abort()
		return res, err
	}
	t.lap("write")
	res.Pages, res.Files = stats.Pages, stats.Files
	return res, nil
}

// outside reports an error when dir is staff, inside it, or contains it.
func outside(dir, staff string) error {
	if staff == "" {
		return nil
	}
	d, err1 := filepath.Abs(dir)
	s, err2 := filepath.Abs(staff)
	if err := errors.Join(err1, err2); err != nil {
		return err
	}
	for _, p := range []*string{&d, &s} {
		if real, err := filepath.EvalSymlinks(*p); err == nil {
			*p = real
		}
	}
	inside := func(a, b string) bool { // a is b or below it
		rel, err := filepath.Rel(b, a)
		return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
	}
	switch {
	case inside(d, s):
		return fmt.Errorf("%w: %s is inside the staff site %s; write it elsewhere, e.g. -d ../owner-report", ErrOwnerInsideStaff, dir, staff)
	case inside(s, d):
		return fmt.Errorf("%w: %s holds the staff site %s; write it elsewhere, e.g. -d ../owner-report", ErrOwnerInsideStaff, dir, staff)
	}
	return nil
}
