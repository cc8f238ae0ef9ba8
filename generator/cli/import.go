package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/rolebook/rolebook/generator/build"
	"github.com/rolebook/rolebook/generator/config"
	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/handbook"
	"github.com/rolebook/rolebook/generator/importer"
	"github.com/spf13/cobra"
)

func (a *app) importCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "import",
		Short: "Import handbook data from other formats (raci: a RACI spreadsheet saved as CSV)",
		Args: func(c *cobra.Command, args []string) error {
			return usageError{fmt.Errorf("import needs what to import: rolebook import raci FILE.csv")}
		},
		RunE: func(c *cobra.Command, args []string) error { return nil },
	}
	var out, area string
	var force, prune bool
	raci := &cobra.Command{
		Use:   "raci FILE.csv",
		Short: "Turn a RACI spreadsheet (duties as rows, roles as columns) into content/duties/<area>.toml",
		Long: `Turn a RACI spreadsheet saved as CSV (UTF-8 or GBK, as Excel and WPS save it) into
content/duties/<area>.toml files; the site's own matrix.csv reads back unchanged. The
duty's title is the column named duty (or 职责), else the first; optional columns named
id, area, cadence, effort and notes give those keys; owner and ask columns, as
matrix.csv has them, are read and not imported; every other column is a role, with R,
A, C or I in its cells ("A/R" or "AR" for both). Every row that breaks a rule (no A,
two A, no R, an unknown letter, two rows with one title) is reported with its row number
and column, and then nothing is written.

Existing duty files are merged into only with --force: the duties of the spreadsheet are
updated where they differ (other keys and comments stay) or added; duties the
spreadsheet does not have are kept, unless --prune removes them.`,
		Args: exactArgs(1, "import raci FILE.csv"),
		RunE: func(c *cobra.Command, args []string) error {
			data, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			hb := a.importHandbook()
			opts := importer.Options{File: args[0], Area: area, Roles: hb.roles, Headers: hb.headers, Accountable: hb.accountable}
			res := importer.Import(data, opts)
			a.printDiags(res.Problems, false)
			if len(res.Problems) > 0 {
				fmt.Fprintf(a.stderr, "import failed: %d %s in %s; nothing was written\n", len(res.Problems), plural(len(res.Problems), "problem", "problems"), diag.Quote(args[0]))
				return errReported
			}
			dir := out
			if dir == "" {
				dir = filepath.Join(a.source, "content", "duties")
			}
			existing, err := existingDuties(dir)
			if err != nil {
				return err
			}
			files := res.Files
			var merged *importer.Merged
			if force || prune {
				merged = importer.Merge(res, existing, importer.MergeOptions{Prune: prune, DefaultLanguage: hb.defaultLanguage,
					SameLetters: hb.sameLetters(res.Columns)})
				a.printDiags(merged.Problems, false)
				if len(merged.Problems) > 0 {
					fmt.Fprintf(a.stderr, "import failed: %d %s in the duty files of %s; nothing was written\n", len(merged.Problems), plural(len(merged.Problems), "problem", "problems"), dir)
					return errReported
				}
				files = merged.Files
			} else {
				for _, f := range res.Files {
					p := filepath.Join(dir, f.Area+".toml")
					if _, err := os.Stat(p); err == nil {
						return fmt.Errorf("%s exists; nothing was written\nhint: give --force to merge the spreadsheet into the duty files (nothing is removed without --prune), or -o another folder", p)
					}
				}
			}
			if err := writeDutyFiles(dir, files); err != nil {
				return err
			}
			for _, col := range res.Columns {
				if !col.Known && len(opts.Roles) > 0 {
					fmt.Fprintf(a.stderr, "note: column %q is role %q, which the handbook does not have yet: rolebook new role %s\n", col.Header, col.Role, col.Role)
				}
			}
			if merged == nil {
				a.say(c, "imported %d %s of %d %s into %d %s in %s\n", res.Duties, plural(res.Duties, "duty", "duties"),
					len(res.Columns), plural(len(res.Columns), "role", "roles"), len(files), plural(len(files), "file", "files"), dir)
				return nil
			}
			a.say(c, "merged %d %s of %d %s into %s: %d added, %d updated, %d unchanged", res.Duties, plural(res.Duties, "duty", "duties"),
				len(res.Columns), plural(len(res.Columns), "role", "roles"), dir, len(merged.Added), len(merged.Updated), len(merged.Unchanged))
			switch {
			case len(merged.Removed) > 0:
				a.say(c, ", %d removed (%s)", len(merged.Removed), strings.Join(merged.Removed, ", "))
			case len(merged.Kept) > 0:
				a.say(c, "; %d not in the spreadsheet kept (%s; --prune removes them)", len(merged.Kept), strings.Join(merged.Kept, ", "))
			}
			a.say(c, "\n")
			return nil
		},
	}
	f := raci.Flags()
	f.StringVarP(&out, "output", "o", "", "the folder of the duty files, relative to the current folder (default: content/duties of the handbook given by -s)")
	f.StringVar(&area, "area", "", "the area of rows without an area column or cell")
	f.BoolVar(&force, "force", false, "merge into existing duty files: update and add duties, remove none")
	f.BoolVar(&prune, "prune", false, "merge, and remove the duties the spreadsheet does not have")
	c.AddCommand(raci)
	return c
}

// existingDuties reads the duty files of dir (none when it does not exist).
func existingDuties(dir string) ([]importer.Existing, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []importer.Existing
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || filepath.Ext(name) != ".toml" || strings.HasPrefix(name, ".") {
			continue
		}
		p := filepath.Join(dir, name)
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		out = append(out, importer.Existing{Area: strings.TrimSuffix(name, ".toml"), File: filepath.ToSlash(p), Data: b})
	}
	return out, nil
}

// writeDutyFiles writes the files into dir; a file with no data is removed. Each file
// is written to a temporary name first and renamed, so that a failure leaves no half
// file.
func writeDutyFiles(dir string, files []importer.File) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, f := range files {
		p := filepath.Join(dir, f.Area+".toml")
		if f.Data == nil {
			if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
			continue
		}
		tmp := p + ".rolebook-import"
		if err := os.WriteFile(tmp, f.Data, 0o644); err != nil {
			return err
		}
		if err := os.Rename(tmp, p); err != nil {
			_ = os.Remove(tmp)
			return err
		}
	}
	return nil
}

// importHandbook is what an import needs of the handbook given by -s.
type importHandbook struct {
	roles           []importer.Role
	headers         map[string]map[string][]string
	defaultLanguage string
	hb              *handbook.Handbook
}

// stageOf returns the stage whose roles are exactly the role columns' (a stage's
// matrix.csv has those columns), or "" for none.
func (ih importHandbook) stageOf(columns []string) string {
	if ih.hb == nil {
		return ""
	}
	for _, st := range ih.hb.Stages {
		if len(st.Roles) != len(columns) {
			continue
		}
		all := true
		for _, c := range columns {
			all = all && st.Has(c)
		}
		if all {
			return st.ID
		}
	}
	return ""
}

// accountable implements importer.Options.Accountable: among role and the absent roles
// it covers at the columns' stage, the one whose person to ask has the name ask.
func (ih importHandbook) accountable(columns []string, role, ask string) string {
	stage := ih.stageOf(columns)
	if ask == "" || stage == "" {
		return role
	}
	named := func(p *handbook.Person) bool {
		if p == nil {
			return false
		}
		for _, n := range p.Name {
			if n == ask {
				return true
			}
		}
		return false
	}
	if named(ih.hb.AskFor(role, stage)) {
		return role
	}
	st := ih.hb.Stage(stage)
	for _, r := range ih.hb.Roles {
		if r.ID != role && !st.Has(r.ID) && ih.hb.OwnerRoleAt(r.ID, stage) == role && named(ih.hb.AskFor(r.ID, stage)) {
			return r.ID
		}
	}
	return role
}

// sameLetters implements importer.MergeOptions.SameLetters for a spreadsheet with the
// role columns: the handbook's duty, folded at the columns' stage, has the row's letters.
func (ih importHandbook) sameLetters(columns []importer.Column) func(importer.Duty) bool {
	if ih.hb == nil {
		return nil
	}
	ids := make([]string, len(columns))
	for i, c := range columns {
		ids[i] = c.Role
	}
	fold := ih.hb.Fold(ih.stageOf(ids))
	return func(d importer.Duty) bool {
		l := fold.Line(d.ID)
		if l == nil {
			return false
		}
		for _, r := range ids {
			if l.Letters(r) != d.Cells[r] {
				return false
			}
		}
		return true
	}
}

// importHandbook reads the roles of the handbook given by -s, for matching column
// headers with role titles, and the words its theme writes matrix.csv's header with;
// nothing when -s is not a handbook or it cannot be read.
func (a *app) importHandbook() importHandbook {
	var out importHandbook
	if _, err := a.handbookDir(); err != nil {
		return out
	}
	cfg, _, err := config.Load(config.Options{Source: a.source, ConfigFile: a.cfg})
	if err != nil {
		return out
	}
	out.defaultLanguage = cfg.DefaultLanguage
	// The handbook may have errors (perhaps the very duties being imported); its
	// roles are still known.
	res := &build.Result{}
	m := build.Load(context.Background(), cfg, res)
	if res.Handbook == nil {
		return out
	}
	out.hb = res.Handbook
	for _, r := range res.Handbook.Roles {
		role := importer.Role{ID: r.ID}
		for _, t := range r.Title {
			role.Titles = append(role.Titles, t)
		}
		sort.Strings(role.Titles)
		out.roles = append(out.roles, role)
	}
	out.headers = map[string]map[string][]string{}
	for lang, w := range m.Words {
		for kind, key := range map[string]string{"area": "area", "title": "duty", "owner": "owner", "ask": "ask"} {
			if out.headers[kind] == nil {
				out.headers[kind] = map[string][]string{}
			}
			out.headers[kind][lang] = append(out.headers[kind][lang], w.T(key))
		}
	}
	return out
}
