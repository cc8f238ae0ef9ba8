package cli

import (
	"archive/tar"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/rolebook/rolebook/generator/build"
	"github.com/rolebook/rolebook/generator/config"
	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/fit"
	"github.com/rolebook/rolebook/generator/handbook"
	"github.com/rolebook/rolebook/generator/load"
	"github.com/rolebook/rolebook/generator/publish"
	"github.com/rolebook/rolebook/generator/report"
	"github.com/spf13/cobra"
)

func (a *app) reportCmd() *cobra.Command {
	var format, whatIf, dir, asOf string
	c := &cobra.Command{
		Use:   "report",
		Short: "The owner's report: load, staffing plan, retention risks and the recommended assignment (never published)",
		Long: `The owner's report on the team at the current stage: each person's load in hours
(average and busiest week) against their capacity, the staffing plan of every stage and
its next hire, each person's retention risk (ranked), the duties only one person can do
and whom to train for them, and the recommended assignment beside the current one.
Settings are under [report] in config.toml. As text, JSON or CSV it goes to the
terminal; as HTML it is a small site with the handbook's theme, written to its own
folder outside the staff site, every page marked owner-only and kept from search
engines. Nothing of it is published with the staff handbook.

  rolebook report
  rolebook report --format json
  rolebook report --pin lin-xiao --as-of 2026-01-31
  rolebook report --what-if people/wang-fang.md=leave
  rolebook report --format html -d ../owner-report`,
		Args: noArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if format != "text" && format != "json" && format != "csv" && format != "html" {
				return usageError{fmt.Errorf("--format must be text, json, csv or html, not %q", format)}
			}
			if (format == "html") != (dir != "") {
				return usageError{errors.New("the owner's site needs both --format html and -d DIR, a folder outside the staff site (for example -d ../owner-report)")}
			}
			today := time.Now().UTC()
			if asOf != "" {
				d, err := time.Parse(time.DateOnly, asOf)
				if err != nil {
					return usageError{fmt.Errorf("--as-of %q is not a date: write it as 2026-01-31", asOf)}
				}
				today = d
			}
			cfg, err := a.loadConfig(c)
			if err != nil {
				return err
			}
			hb, err := a.checkedHandbook(c.Context(), cfg, "")
			if err != nil {
				return err
			}
			// --pin adds to the pinned people of config.toml rather than replacing them.
			pins, _ := c.Flags().GetStringSlice("pin")
			if err := a.checkPeople(hb, cfg, pins); err != nil {
				return err
			}
			for _, p := range pins {
				if !slices.Contains(cfg.Report.Pinned, p) {
					cfg.Report.Pinned = append(cfg.Report.Pinned, p)
				}
			}
			settings := report.SettingsOf(cfg.Report)
			t := report.NewTeam(hb, report.Options{Stage: cfg.Stage, MaxAccountable: cfg.Rules.MaxAccountable,
				Settings: &settings, Today: today})
			if err := t.TooLarge(); err != nil {
				return a.sizeError(err)
			}
			if format == "html" {
				return a.ownerSite(cfg, dir, whatIf, today)
			}
			if whatIf != "" {
				leave, err := report.ParseWhatIf(hb, whatIf)
				if err != nil {
					return usageError{err}
				}
				return a.printWhatIf(t.WhatIfLeave(leave.Person), format)
			}
			r := t.Report()
			if format == "text" {
				a.printDiags(r.Warnings, cfg.Quiet)
			}
			return a.printOwnerReport(r, format)
		},
	}
	c.Flags().StringVar(&format, "format", "text", "output format: text, json, csv or html (with -d)")
	c.Flags().StringVarP(&dir, "dir", "d", "", "with --format html: the folder to write the owner's site to, outside the staff site")
	c.Flags().StringVar(&whatIf, "what-if", "", "what happens if someone leaves: people/<id>.md=leave")
	config.AddFlags(c.Flags(), "report")
	c.Flags().StringSlice("pin", nil, "a person whose roles the recommendation keeps, besides [report] pinned (repeatable)")
	c.Flags().StringVar(&asOf, "as-of", "", "the date of the report, for tenure and the age of skill assessments (default: today)")
	return c
}

// ownerSite writes the owner's site into dir (build.Owner) and says where it is.
func (a *app) ownerSite(cfg *config.Config, dir, whatIf string, today time.Time) error {
	cfg.Rules.Strict = false // the report is where warnings are weighed
	if !filepath.IsAbs(dir) {
		if abs, err := filepath.Abs(dir); err == nil {
			dir = abs
		}
	}
	ctx, stopSignals := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stopSignals()
	res, err := build.Owner(ctx, cfg, dir, build.OwnerOptions{StaffDestination: cfg.Destination, WhatIf: whatIf, Today: today})
	a.printDiags(res.Diags.Items(), true)
	var argErr *report.ArgError
	var refused *publish.RefusedError
	var size *fit.SizeError
	switch {
	case err == nil:
	case errors.As(err, &size):
		return a.sizeError(err)
	case errors.As(err, &argErr):
		return usageError{err}
	case errors.Is(err, build.ErrOwnerInsideStaff):
		return usageError{err}
	case errors.Is(err, build.ErrFailed):
		fmt.Fprintf(a.stderr, "the handbook has errors: %s; fix them first (rolebook check); %s was left as it was\n", counts(res.Diags), dir)
		return errReported
	case errors.Is(err, build.ErrInterrupted):
		fmt.Fprintf(a.stderr, "interrupted; %s was left as it was\n", dir)
		return errReported
	case errors.As(err, &refused):
		return fmt.Errorf("%s\nhint: %s", refused.Why, refused.Hint)
	default:
		return err
	}
	if !cfg.Quiet {
		fmt.Fprintf(a.stderr, "wrote the owner's report (%d pages) into %s: for the owner only, do not publish it\n", res.Pages, dir)
	}
	return nil
}

// checkPeople reports pinned people and an owner that the handbook does not have: from
// --pin a usage error; from config.toml an error at the entry, from a ROLEBOOK_*
// variable an error naming it.
func (a *app) checkPeople(hb *handbook.Handbook, cfg *config.Config, pins []string) error {
	var ids []string
	for _, p := range hb.People {
		ids = append(ids, p.ID)
	}
	hint := func(id string) string {
		if h := diag.DidYouMean(id, ids); h != "" {
			return h
		}
		return "name a file of content/people/ without .md"
	}
	// Where the ids stand in config.toml, when they come from it.
	var doc *load.Doc
	if cfg.File != "" {
		file := cfg.File
		if !filepath.IsAbs(file) {
			file = filepath.Join(cfg.Source, file)
		}
		if data, err := os.ReadFile(file); err == nil {
			doc, _ = load.DecodeTOML(cfg.File, data, 1)
		}
	}
	inFile := func(key, id string) (diag.Pos, bool) {
		if doc == nil {
			return diag.Pos{}, false
		}
		m, _ := doc.Data["report"].(map[string]any)
		switch v := m[key].(type) {
		case string:
			if v == id {
				return doc.Pos("report", key), true
			}
		case []any:
			for i, x := range v {
				if x == id {
					return doc.Pos("report", key, strconv.Itoa(i)), true
				}
			}
		}
		return diag.Pos{}, false
	}
	for _, id := range pins {
		if hb.Person(id) == nil {
			return usageError{fmt.Errorf("--pin %s: no person %q (%s)", id, id, hint(id))}
		}
	}
	var diags []diag.Diagnostic
	check := func(key, id string) {
		if id == "" || hb.Person(id) != nil {
			return
		}
		pos := cfg.KeyPos("report." + key)
		if at, ok := inFile(key, id); ok && pos.Origin == diag.InFile {
			pos = at // the entry itself, not only its key
		}
		diags = append(diags, diag.Errorf(pos, diag.RuleReference, hint(id), "unknown person %q in [report] %s", id, key))
	}
	for _, id := range cfg.Report.Pinned {
		check("pinned", id)
	}
	check("owner", cfg.Report.Owner)
	if len(diags) == 0 {
		return nil
	}
	a.printDiags(diags, false)
	return errReported
}

// sizeError prints a team too large to assign as an error with a hint.
func (a *app) sizeError(err error) error {
	var size *fit.SizeError
	if !errors.As(err, &size) {
		return err
	}
	fmt.Fprintf(a.stderr, "error: %v\n\thint: raise [report] max_assignment in config.toml (the time grows with the cube of the team's size: the default, %d pairs, takes a few seconds), or look at an earlier stage with --stage\n",
		err, config.DefaultMaxAssignment)
	return errReported
}

// checkedHandbook loads and checks the handbook of cfg. Warnings do not stop a report
// (strict is off: the report is where those problems are weighed); errors do. label
// names the version in messages ("" for the working handbook).
func (a *app) checkedHandbook(ctx context.Context, cfg *config.Config, label string) (*handbook.Handbook, error) {
	cfg.Rules.Strict = false
	res, err := build.Check(ctx, cfg)
	if err != nil || res.Handbook == nil {
		a.printDiags(res.Diags.Items(), true)
		where := "the handbook"
		if label != "" {
			where = "the handbook at " + label
		}
		fmt.Fprintf(a.stderr, "%s has errors: %s; fix them first (rolebook check)\n", where, counts(res.Diags))
		return nil, errReported
	}
	return res.Handbook, nil
}

func (a *app) encodeJSON(v any) error {
	enc := json.NewEncoder(a.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

var riskHeader = []string{"kind", "person", "role", "duty", "detail", "points"}

func riskRecord(r report.Risk) []string {
	return []string{r.Kind, r.Person, r.Role, r.Duty, r.Detail, strconv.Itoa(r.Points)}
}

func (a *app) writeCSV(rows [][]string) error {
	w := csv.NewWriter(a.stdout)
	for _, row := range rows {
		rec := make([]string, len(row))
		for i, s := range row {
			rec[i] = report.CSVCell(s)
		}
		if err := w.Write(rec); err != nil {
			return err
		}
	}
	w.Flush()
	return w.Error()
}

// table prints rows under a header, aligned; empty cells print as "-".
func (a *app) table(header []string, rows [][]string) {
	tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.ToUpper(strings.Join(header, "\t")))
	for _, row := range rows {
		rec := slices.Clone(row)
		for i, s := range rec {
			if s == "" {
				rec[i] = "-"
			}
		}
		fmt.Fprintln(tw, strings.Join(rec, "\t"))
	}
	_ = tw.Flush()
}

func (a *app) riskTable(risks []report.Risk) {
	if len(risks) == 0 {
		fmt.Fprintln(a.stdout, "No retention risks found.")
		return
	}
	rows := make([][]string, 0, len(risks))
	for _, r := range risks {
		rows = append(rows, riskRecord(r))
	}
	a.table(riskHeader, rows)
}

func slotText(ss []report.Slot) string {
	if len(ss) == 0 {
		return "nobody"
	}
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = fmt.Sprintf("%s (%v)", s.Person, s.Score)
	}
	return strings.Join(parts, ", ")
}

// number prints hours or a score with at most one decimal.
func number(x float64) string {
	return strings.TrimSuffix(strconv.FormatFloat(report.Round(x), 'f', 1, 64), ".0")
}

func (a *app) loadTable(r *report.Report) {
	fmt.Fprintf(a.stdout, "Load at stage %s (hours a week; capacity is a share of %s hours; high above %s%% on average; a busiest week over capacity is a risk too)\n",
		stageName(r.Stage), number(r.Settings.HoursPerWeek), number(r.Settings.LoadThreshold))
	rows := make([][]string, 0, len(r.Load))
	for _, l := range r.Load {
		var flags []string
		switch {
		case l.Over:
			flags = append(flags, "over capacity")
		case l.High:
			flags = append(flags, "high")
		}
		if l.PeakOver {
			flags = append(flags, "peak over capacity")
		}
		flag := strings.Join(flags, ", ")
		week := ""
		if l.PeakWeek > 0 {
			week = strconv.Itoa(l.PeakWeek)
		}
		var most []string
		for _, d := range l.Top {
			most = append(most, fmt.Sprintf("%s %s", d.Duty, number(d.Hours)))
		}
		rows = append(rows, []string{l.Person, number(l.Hours), number(l.Capacity), fmt.Sprintf("%d%%", l.Percent),
			number(l.PeakHours), week, fmt.Sprintf("%d%%", l.PeakPercent), flag, strings.Join(most, ", ")})
	}
	a.table([]string{"person", "hours", "capacity", "load", "peak", "week", "peak load", "risk", "most hours from"}, rows)
	a.nextHire(r.NextHire)
}

func (a *app) nextHire(h *report.Hire) {
	switch {
	case h == nil:
		fmt.Fprintln(a.stdout, "Next hire: none needed (no one is over capacity and every role is carried)")
	case h.Vacant:
		fmt.Fprintf(a.stdout, "Next hire: %s (no one holds it: carries %s hours a week of its work)\n", h.Role, number(h.Relief))
	default:
		fmt.Fprintf(a.stdout, "Next hire: %s (relieves %s hours a week of overload)\n", h.Role, number(h.Relief))
	}
}

func stageName(s string) string {
	if s == "" {
		return "(no stages)"
	}
	return s
}

func (a *app) planTable(plans []report.StagePlan, hoursPerWeek float64) {
	fmt.Fprintf(a.stdout, "Staffing plan per stage (hours a week of the stage's roles, vacant roles included; full time = %s hours)\n", number(hoursPerWeek))
	rows := make([][]string, 0, len(plans))
	for _, p := range plans {
		name := p.Stage
		if p.Current {
			name += " (now)"
		}
		peak := number(p.PeakHours)
		if p.PeakWeek > 0 {
			peak += fmt.Sprintf(" (week %d)", p.PeakWeek)
		}
		maxPeople := ""
		if p.MaxPeople > 0 {
			maxPeople = strconv.Itoa(p.MaxPeople)
		}
		hire := ""
		if p.NextHire != nil {
			hire = p.NextHire.Role
		}
		rows = append(rows, []string{stageName(name), number(p.Hours), peak, number(p.FullTime), strconv.Itoa(p.Headcount),
			maxPeople, strconv.Itoa(p.People), strconv.Itoa(p.Vacant), number(p.UnstaffedHours), hire})
	}
	a.table([]string{"stage", "hours", "peak", "full-time people", "headcount", "max people", "people now", "vacant slots", "unstaffed hours", "next hire"}, rows)
	for _, p := range plans {
		var notes []string
		if p.MaxPeople > 0 && p.Headcount > p.MaxPeople {
			notes = append(notes, fmt.Sprintf("its roles' headcount %d is more than max_people %d", p.Headcount, p.MaxPeople))
		}
		if p.MaxPeople > 0 && p.FullTime > float64(p.MaxPeople) {
			notes = append(notes, fmt.Sprintf("its hours take %s people at full time, more than max_people %d", number(p.FullTime), p.MaxPeople))
		}
		var vacant []string
		for _, r := range p.Roles {
			if r.Vacant > 0 {
				vacant = append(vacant, fmt.Sprintf("%s %d", r.Role, r.Vacant))
			}
		}
		if len(vacant) > 0 {
			notes = append(notes, "vacant: "+strings.Join(vacant, ", "))
		}
		if len(notes) > 0 {
			fmt.Fprintf(a.stdout, "  %s: %s\n", stageName(p.Stage), strings.Join(notes, "; "))
		}
	}
}

func (a *app) peopleTable(cards []report.Card) {
	fmt.Fprintln(a.stdout, "Retention risk per person, highest first (points per kind in the README)")
	rows := make([][]string, 0, len(cards))
	for _, c := range cards {
		var kinds []string
		count := map[string]int{}
		for _, r := range c.Risks {
			if count[r.Kind] == 0 {
				kinds = append(kinds, r.Kind)
			}
			count[r.Kind]++
		}
		for i, k := range kinds {
			if n := count[k]; n > 1 {
				kinds[i] = fmt.Sprintf("%s ×%d", k, n)
			}
		}
		rows = append(rows, []string{strconv.Itoa(c.Score), c.Person, strings.Join(kinds, ", ")})
	}
	a.table([]string{"score", "person", "risks"}, rows)
}

func (a *app) trainingTable(ts []report.Training) {
	if len(ts) == 0 {
		fmt.Fprintln(a.stdout, "Cross-training: every duty can be done by two people or more")
		return
	}
	fmt.Fprintln(a.stdout, "Cross-training (duties only one person can do, and the best colleague to learn them)")
	rows := make([][]string, 0, len(ts))
	for _, t := range ts {
		gaps := make([]string, len(t.Gaps))
		for i, g := range t.Gaps {
			gaps[i] = fmt.Sprintf("%s %d→%d", g.Skill, g.Have, g.Need)
		}
		interest := "no"
		if t.Interest {
			interest = "yes"
		}
		rows = append(rows, []string{t.Role, t.Only, t.Learner, strings.Join(gaps, ", "), interest, number(t.FreeHours),
			countText(t.Duties)})
	}
	a.table([]string{"role", "only", "learner", "to learn", "wants to", "free hours", "duties"}, rows)
}

func countText(ids []string) string {
	if len(ids) <= 3 {
		return strings.Join(ids, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(ids[:3], ", "), len(ids)-3)
}

func (a *app) assignmentText(r *report.Report) {
	var cur, rec float64
	for _, s := range r.Current {
		cur += s.Score
	}
	for _, s := range r.Assignment {
		rec += s.Score
	}
	rules := fmt.Sprintf("fit at least %s, at most %d %s a person, a second role only within their hours",
		number(r.Settings.MinFit), r.MaxRolesPerPerson, plural(r.MaxRolesPerPerson, "role", "roles"))
	if len(r.Settings.Pinned) > 0 {
		rules += "; pinned: " + strings.Join(r.Settings.Pinned, ", ")
	}
	fmt.Fprintf(a.stdout, "Recommended assignment (%s): total score %v, now %v\n", rules, report.Round(rec), report.Round(cur))
	if len(r.Changes) == 0 {
		fmt.Fprintln(a.stdout, "  no changes: the current holders are the best assignment")
	}
	for _, c := range r.Changes {
		fmt.Fprintf(a.stdout, "  %s: %s -> %s (%s)\n", c.Role, slotText(c.Before), slotText(c.After), signed(c.Delta))
	}
	if len(r.Unfilled) > 0 {
		fmt.Fprintf(a.stdout, "  to hire (no one fits well enough, or has the hours): %s\n", strings.Join(r.Unfilled, ", "))
	}
	if !r.Optimal {
		fmt.Fprintln(a.stdout, "  (the team is too large to prove this the best assignment: it keeps every rule and is the best found)")
	}
}

func (a *app) printOwnerReport(r *report.Report, format string) error {
	switch format {
	case "json":
		return a.encodeJSON(r)
	case "csv":
		rows := [][]string{riskHeader}
		for _, k := range r.Risks {
			rows = append(rows, riskRecord(k))
		}
		return a.writeCSV(rows)
	}
	a.loadTable(r)
	fmt.Fprintln(a.stdout)
	a.planTable(r.Plans, r.Settings.HoursPerWeek)
	fmt.Fprintln(a.stdout)
	a.peopleTable(r.People)
	fmt.Fprintln(a.stdout)
	a.trainingTable(r.Training)
	fmt.Fprintln(a.stdout)
	fmt.Fprintf(a.stdout, "Retention risks at stage %s: %d\n", stageName(r.Stage), len(r.Risks))
	a.riskTable(r.Risks)
	fmt.Fprintln(a.stdout)
	a.assignmentText(r)
	return nil
}

func (a *app) printWhatIf(w *report.WhatIf, format string) error {
	switch format {
	case "json":
		return a.encodeJSON(w)
	case "csv":
		rows := [][]string{riskHeader}
		for _, o := range w.Orphaned {
			rows = append(rows, []string{"orphaned-duty", w.Leave, o.Role, o.Duty, "no one holds the owning role any more", "0"})
		}
		for _, s := range w.Reassignment {
			rows = append(rows, []string{"reassignment", s.Person, s.Role, "", fmt.Sprintf("takes the open slot, fit %v", s.Score), "0"})
		}
		for _, k := range w.Report.Risks {
			rows = append(rows, riskRecord(k))
		}
		return a.writeCSV(rows)
	}
	fmt.Fprintf(a.stdout, "If %s leaves (roles: %s):\n", w.Leave, strings.Join(w.Roles, ", "))
	if len(w.Orphaned) == 0 {
		fmt.Fprintln(a.stdout, "  no duty is left without an owner")
	} else {
		fmt.Fprintf(a.stdout, "  %d %s left without an owner:\n", len(w.Orphaned), plural(len(w.Orphaned), "duty is", "duties are"))
		for _, o := range w.Orphaned {
			fmt.Fprintf(a.stdout, "    %s (owned by role %s)\n", o.Duty, o.Role)
		}
	}
	if len(w.Reassignment) == 0 {
		fmt.Fprintln(a.stdout, "  best reassignment: no one else can take the open slots")
	} else {
		fmt.Fprintln(a.stdout, "  best reassignment, everyone else keeping their roles:")
		for _, s := range w.Reassignment {
			fmt.Fprintf(a.stdout, "    %s <- %s (fit %v)\n", s.Role, s.Person, s.Score)
		}
	}
	if len(w.Unfilled) > 0 {
		fmt.Fprintf(a.stdout, "  still open, to hire: %s\n", strings.Join(w.Unfilled, ", "))
	}
	fmt.Fprintln(a.stdout, "\nAfterwards, with the reassignment:")
	a.loadTable(w.Report)
	fmt.Fprintln(a.stdout)
	a.peopleTable(w.Report.People)
	fmt.Fprintf(a.stdout, "\nRetention risks afterwards: %d\n", len(w.Report.Risks))
	a.riskTable(w.Report.Risks)
	return nil
}

func (a *app) diffCmd() *cobra.Command {
	var format string
	c := &cobra.Command{
		Use:   "diff OLD_REV | diff OLD_DIR NEW_DIR",
		Short: "Show who gained or lost accountability for what between two versions of the handbook",
		Long: `Compare who owns each duty at the current stage in two versions of the handbook: the
handbook folder against a git revision of it (rolebook diff HEAD~1), or two handbook
folders (rolebook diff old/ new/). Each line says that a person gained or lost a duty,
or that a duty moved to another role, was added or was removed.`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) < 1 || len(args) > 2 {
				return usageError{fmt.Errorf("diff takes a git revision, or two handbook folders; got %d arguments", len(args))}
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return usageError{fmt.Errorf("--format must be text or json, not %q", format)}
			}
			var oldHB, newHB *handbook.Handbook
			var stage string
			if len(args) == 2 {
				for i, dir := range args {
					if st, err := os.Stat(dir); err != nil || !st.IsDir() {
						return usageError{fmt.Errorf("%s is not a folder", dir)}
					}
					cfg, diags, err := config.Load(config.Options{Source: dir, Flags: c.Flags()})
					if err != nil {
						return a.configError(diags, err)
					}
					hb, err := a.checkedHandbook(c.Context(), cfg, dir)
					if err != nil {
						return err
					}
					if i == 0 {
						oldHB = hb
					} else {
						newHB, stage = hb, cfg.Stage
					}
				}
			} else {
				cfg, err := a.loadConfig(c)
				if err != nil {
					return err
				}
				if newHB, err = a.checkedHandbook(c.Context(), cfg, ""); err != nil {
					return err
				}
				stage = cfg.Stage
				dir, cleanup, err := checkoutRevision(cfg.Source, args[0])
				if err != nil {
					return err
				}
				defer cleanup()
				old, diags, err := config.Load(config.Options{Source: dir, Flags: c.Flags()})
				if err != nil {
					return a.configError(diags, err)
				}
				if oldHB, err = a.checkedHandbook(c.Context(), old, args[0]); err != nil {
					return err
				}
			}
			changes := report.Diff(oldHB, newHB, stage)
			if format == "json" {
				return a.encodeJSON(changes)
			}
			if len(changes) == 0 {
				fmt.Fprintln(a.stdout, "No changes in ownership.")
				return nil
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "DUTY\tCHANGE\tPERSON\tROLE\tDETAIL")
			for _, ch := range changes {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", ch.Duty, ch.Kind, dash(ch.Person), dash(ch.Role), ch.Detail)
			}
			return tw.Flush()
		},
	}
	c.Flags().StringVar(&format, "format", "text", "output format: text or json")
	config.AddFlags(c.Flags(), "diff")
	return c
}

// signed prints a score difference with its sign and at most one decimal.
func signed(x float64) string {
	return strings.TrimSuffix(fmt.Sprintf("%+.1f", x), ".0")
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// configError prints the diagnostics of a config that has errors (config.ErrFailed),
// or returns the plain error of config.Load.
func (a *app) configError(diags *diag.List, err error) error {
	if errors.Is(err, config.ErrFailed) {
		a.printDiags(diags.Items(), false)
		if flagError(diags.Items()) {
			// A flag's value is wrong (--baseURL //x/): the command line is.
			return errReportedUsage
		}
		return errReported
	}
	return err
}

// checkoutRevision writes the handbook folder src as it was at the git revision rev
// into a temporary folder, and returns the folder and a function that removes it.
func checkoutRevision(src, rev string) (string, func(), error) {
	if strings.HasPrefix(rev, "-") {
		return "", nil, usageError{fmt.Errorf("%q is not a revision", rev)}
	}
	gitPath, err := exec.LookPath("git")
	if err != nil {
		return "", nil, errors.New("rolebook diff OLD_REV needs git, which was not found; install git, or compare two folders: rolebook diff OLD_DIR NEW_DIR")
	}
	git := func(dir string, args ...string) ([]byte, error) {
		cmd := exec.Command(gitPath, append([]string{"-C", dir}, args...)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return nil, fmt.Errorf("git %s: %v: %s", args[0], err, strings.TrimSpace(stderr.String()))
		}
		return out, nil
	}
	prefix, err := git(src, "rev-parse", "--show-prefix")
	if err != nil {
		return "", nil, fmt.Errorf("%s is not in a git repository; compare two folders instead: rolebook diff OLD_DIR NEW_DIR", src)
	}
	if _, err := git(src, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}"); err != nil {
		return "", nil, usageError{fmt.Errorf("unknown revision %q in the git repository of %s", rev, src)}
	}
	tree := rev + ":" + strings.TrimSuffix(strings.TrimSpace(string(prefix)), "/")
	top, err := git(src, "rev-parse", "--show-toplevel")
	if err != nil {
		return "", nil, err
	}
	// From the top of the repository: in a subfolder, git archive keeps only that
	// subfolder of the tree it is given.
	archive, err := git(strings.TrimSpace(string(top)), "archive", "--format=tar", tree)
	if err != nil {
		return "", nil, fmt.Errorf("the handbook folder does not exist at revision %s: %w", rev, err)
	}
	dir, err := os.MkdirTemp("", "rolebook-diff-")
	if err != nil {
		return "", nil, err
	}
	cleanup := func() { _ = os.RemoveAll(dir) }
	if err := untar(archive, dir); err != nil {
		cleanup()
		return "", nil, fmt.Errorf("reading revision %s: %w", rev, err)
	}
	return dir, cleanup, nil
}

// untar writes the regular files and folders of a tar archive under dir; any other
// entry (links, devices) is skipped, and no entry may leave dir.
func untar(b []byte, dir string) error {
	tr := tar.NewReader(bytes.NewReader(b))
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		name := path.Clean(h.Name)
		if path.IsAbs(name) || name == ".." || strings.HasPrefix(name, "../") {
			return fmt.Errorf("unsafe path %q in the archive", h.Name)
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		switch h.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(p, 0o755); err != nil {
				return err
			}
		case tar.TypeReg:
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			f, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
			if err != nil {
				return err
			}
			_, err = io.Copy(f, tr)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return err
			}
		}
	}
}
