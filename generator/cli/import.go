package cli

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/rolebook/rolebook/generator/build"
	"github.com/rolebook/rolebook/generator/config"
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
	var force bool
	raci := &cobra.Command{
		Use:   "raci FILE.csv",
		Short: "Turn a RACI spreadsheet (duties as rows, roles as columns) into content/duties/<area>.toml",
		Long: `Turn a RACI spreadsheet saved as CSV (UTF-8 or GBK, as Excel and WPS save it) into
content/duties/<area>.toml files. The first column is the duty's title; optional
columns named id, area, cadence, effort and notes give those keys; every other column
is a role, with R, A, C or I in its cells ("A/R" or "AR" for both). Every row that
breaks a rule (no A, two A, no R, an unknown letter) is reported with its row number
and column, and then nothing is written. Existing files are replaced only with --force.`,
		Args: exactArgs(1, "import raci FILE.csv"),
		RunE: func(c *cobra.Command, args []string) error {
			data, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			opts := importer.Options{File: args[0], Area: area, Roles: a.handbookRoles(c)}
			res, err := importer.Import(data, opts)
			if err != nil {
				return err
			}
			a.printDiags(res.Problems, false)
			if len(res.Problems) > 0 {
				fmt.Fprintf(a.stderr, "import failed: %d %s in %s; nothing was written\n", len(res.Problems), plural(len(res.Problems), "problem", "problems"), args[0])
				return errReported
			}
			dir := out
			if !c.Flags().Changed("output") {
				dir = filepath.Join(a.source, "content", "duties")
			}
			var targets []string
			for _, f := range res.Files {
				p := filepath.Join(dir, f.Area+".toml")
				if _, err := os.Stat(p); err == nil && !force {
					return fmt.Errorf("%s exists; nothing was written\nhint: give --force to replace it, or -o another folder", p)
				}
				targets = append(targets, p)
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return err
			}
			for i, f := range res.Files {
				if err := os.WriteFile(targets[i], f.Data, 0o644); err != nil {
					return err
				}
			}
			for _, col := range res.Columns {
				if !col.Known && len(opts.Roles) > 0 {
					fmt.Fprintf(a.stderr, "note: column %q is role %q, which the handbook does not have yet: rolebook new role %s\n", col.Header, col.Role, col.Role)
				}
			}
			a.say(c, "imported %d duties of %d roles into %d %s in %s\n", res.Duties, len(res.Columns), len(targets), plural(len(targets), "file", "files"), dir)
			return nil
		},
	}
	f := raci.Flags()
	f.StringVarP(&out, "output", "o", "content/duties", "the folder of the duty files (default: content/duties of the handbook given by -s)")
	f.StringVar(&area, "area", "", "the area of rows without an area column or cell")
	f.BoolVar(&force, "force", false, "replace existing duty files")
	c.AddCommand(raci)
	return c
}

// handbookRoles returns the roles of the handbook given by -s, for matching column
// headers with role titles; none when -s is not a handbook or it cannot be read.
func (a *app) handbookRoles(c *cobra.Command) []importer.Role {
	if _, err := a.handbookDir(); err != nil {
		return nil
	}
	cfg, err := config.Load(config.Options{Source: a.source, ConfigFile: a.cfg})
	if err != nil {
		return nil
	}
	// The handbook may have errors (perhaps the very duties being imported); its
	// roles are still known.
	res, _ := build.Check(cfg)
	if res == nil || res.Handbook == nil {
		return nil
	}
	var out []importer.Role
	for _, r := range res.Handbook.Roles {
		role := importer.Role{ID: r.ID}
		for _, t := range r.Title {
			role.Titles = append(role.Titles, t)
		}
		out = append(out, role)
	}
	return out
}
