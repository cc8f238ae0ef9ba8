package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/scaffold"
	"github.com/spf13/cobra"
)

// Options are what the program gives the command line besides its arguments.
type Options struct {
	// Example is the handbook `rolebook new site` starts from: a file system with
	// config.toml, content/ and, optionally, templates/ at its root. The rolebook
	// command embeds the repository's own example handbook; nil makes new site fail
	// with an explanation.
	Example fs.FS
}

func (a *app) newCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "new",
		Short: "Write a starter handbook, or a new role, person or page with every key explained",
		Long: `Write new files, never over an existing one:

  rolebook new site DIR [--lang zh|en]   a small blank handbook, with CI files that publish it
  rolebook new site DIR --example        the example handbook of an online shop instead
  rolebook new role ID                   content/roles/ID.md of the handbook given by -s
  rolebook new person ID [--role ROLE]   content/people/ID.md
  rolebook new page PATH                 content/PATH, such as guide/holidays.md`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{errors.New("new needs what to make: site, role, person or page")}
			}
			return usageError{fmt.Errorf("new: unknown kind %q (there are: site, role, person, page) %s", args[0], diag.DidYouMean(args[0], []string{"site", "role", "person", "page"}))}
		},
		RunE: func(c *cobra.Command, args []string) error { return nil },
	}
	var lang string
	var example bool
	site := &cobra.Command{
		Use:   "site DIR",
		Short: "Write a starter handbook into DIR, which must be empty or missing",
		Args:  exactArgs(1, "new site DIR"),
		RunE: func(c *cobra.Command, args []string) error {
			if !slices.Contains(scaffold.Languages, lang) {
				return usageError{fmt.Errorf("--lang: no starter handbook in language %q (there are: %s)", lang, strings.Join(scaffold.Languages, ", "))}
			}
			var files []scaffold.File
			var err error
			switch {
			case !example:
				files, err = scaffold.Blank(lang, Version)
			case a.opts.Example == nil:
				return errors.New("this rolebook has no example handbook built in; build it from the repository (go build .)")
			default:
				files, err = scaffold.Example(a.opts.Example, lang)
			}
			if err != nil {
				return err
			}
			dir := args[0]
			if err := emptyDir(dir); err != nil {
				return err
			}
			for _, f := range files {
				if err := writeNew(filepath.Join(dir, filepath.FromSlash(f.Path)), f.Data); err != nil {
					return err
				}
			}
			kind := "a handbook"
			if example {
				kind = "the example handbook"
			}
			a.say(c, "created %s in %s (%d files, default language %s)\nnext: cd %s; rolebook serve to see it as you write; rolebook check --strict; rolebook build\n", kind, dir, len(files), lang, dir)
			return nil
		},
	}
	site.Flags().StringVar(&lang, "lang", "zh", "the starter's default language: zh or en")
	site.Flags().BoolVar(&example, "example", false, "write the example handbook of an online shop instead of a blank one")

	role := &cobra.Command{
		Use:   "role ID",
		Short: "Write content/roles/ID.md with every key explained",
		Args:  exactArgs(1, "new role ID"),
		RunE: func(c *cobra.Command, args []string) error {
			b, err := scaffold.Role(args[0])
			if err != nil {
				return usageError{err}
			}
			return a.writeInHandbook(c, "roles/"+args[0]+".md", b)
		},
	}
	var roles []string
	person := &cobra.Command{
		Use:   "person ID",
		Short: "Write content/people/ID.md with every key explained",
		Args:  exactArgs(1, "new person ID"),
		RunE: func(c *cobra.Command, args []string) error {
			b, err := scaffold.Person(args[0], roles, time.Now())
			if err != nil {
				return usageError{err}
			}
			if err := a.knownRoles(roles); err != nil {
				return err
			}
			return a.writeInHandbook(c, "people/"+args[0]+".md", b)
		},
	}
	person.Flags().StringSliceVar(&roles, "role", nil, "a role the person holds (repeat or separate with commas)")
	page := &cobra.Command{
		Use:   "page PATH",
		Short: "Write a handbook page content/PATH (such as guide/holidays.md) with every key explained",
		Args:  exactArgs(1, "new page PATH"),
		RunE: func(c *cobra.Command, args []string) error {
			p, err := scaffold.PagePath(args[0])
			if err != nil {
				return usageError{err}
			}
			return a.writeInHandbook(c, p, scaffold.Page(p))
		},
	}
	c.AddCommand(site, role, person, page)
	return c
}

func exactArgs(n int, usage string) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) != n {
			return usageError{fmt.Errorf("usage: rolebook %s (got %d arguments)", usage, len(args))}
		}
		return nil
	}
}

// say prints a message on stderr unless --quiet.
func (a *app) say(c *cobra.Command, format string, args ...any) {
	if q, _ := c.Flags().GetBool("quiet"); q {
		return
	}
	fmt.Fprintf(a.stderr, format, args...)
}

// handbookDir returns the handbook folder given by -s, after making sure it is one.
func (a *app) handbookDir() (string, error) {
	dir := a.source
	for _, name := range []string{"config.toml", "content"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return dir, nil
		}
	}
	return "", fmt.Errorf("%s is not a handbook folder (it has no config.toml or content/)\nhint: give the handbook with -s DIR, or make one with rolebook new site DIR", dir)
}

// writeInHandbook writes content/rel in the handbook folder, never over an existing file.
func (a *app) writeInHandbook(c *cobra.Command, rel string, data []byte) error {
	dir, err := a.handbookDir()
	if err != nil {
		return err
	}
	p := filepath.Join(dir, "content", filepath.FromSlash(rel))
	if err := writeNew(p, data); err != nil {
		return err
	}
	a.say(c, "created %s\n", filepath.ToSlash(filepath.Join("content", rel)))
	return nil
}

// knownRoles makes sure each role id has a page in the handbook, so that a new person
// does not bring an unknown reference into it.
func (a *app) knownRoles(ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	dir, err := a.handbookDir()
	if err != nil {
		return err
	}
	var known []string
	entries, _ := os.ReadDir(filepath.Join(dir, "content", "roles"))
	for _, e := range entries {
		name := e.Name()
		if base := strings.TrimSuffix(name, ".md"); base != name && !strings.Contains(base, ".") && base != "_index" {
			known = append(known, base)
		}
	}
	for _, id := range ids {
		if _, err := os.Stat(filepath.Join(dir, "content", "roles", id+".md")); err != nil {
			hint := diag.DidYouMean(id, known)
			if hint == "" {
				hint = "make the role first: rolebook new role " + id
			}
			return fmt.Errorf("no role %q in %s\nhint: %s", id, path.Join(filepath.ToSlash(dir), "content/roles"), hint)
		}
	}
	return nil
}

// emptyDir makes sure dir is missing or an empty folder.
func emptyDir(dir string) error {
	f, err := os.Open(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if !st.IsDir() {
		return fmt.Errorf("%s is a file, not a folder", dir)
	}
	if _, err := f.Readdirnames(1); err != io.EOF {
		if err != nil {
			return err
		}
		return fmt.Errorf("%s is not empty: a new handbook goes into a new or empty folder", dir)
	}
	return nil
}

// writeNew writes a new file, making its folder; it never replaces an existing file.
func writeNew(p string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s exists; rolebook new never overwrites a file\nhint: choose another name, or remove the file first", p)
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
