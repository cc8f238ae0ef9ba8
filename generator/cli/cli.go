package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/rolebook/rolebook/generator/build"
	"github.com/rolebook/rolebook/generator/config"
	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/handbook"
	"github.com/rolebook/rolebook/generator/publish"
	"github.com/spf13/cobra"
)

// Version is Rolebook's version, set at release time with -ldflags.
var Version = "0.1.0-dev"

// Exit statuses.
const (
	ExitOK    = 0
	ExitError = 1 // the handbook has errors, or the build could not be written
	ExitUsage = 2 // wrong flags or arguments
)

// Main runs the command line with args (without the program name) and returns the exit
// status. It is Run without options: `rolebook new site` is unavailable.
func Main(args []string, stdout, stderr io.Writer) int {
	return Run(args, stdout, stderr, Options{})
}

// Run runs the command line with args (without the program name) and the program's
// options, and returns the exit status.
func Run(args []string, stdout, stderr io.Writer, opts Options) int {
	root := newRoot(stdout, stderr, opts)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if err == nil {
		return ExitOK
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(stderr, "rolebook: %s\nRun 'rolebook --help' for usage.\n", diag.Escape(err.Error()))
		return ExitUsage
	}
	if errors.Is(err, errReportedUsage) {
		return ExitUsage
	}
	if !errors.Is(err, errReported) {
		// Errors name files and folders, which may hold control characters.
		fmt.Fprintf(stderr, "rolebook: %s\n", diag.Escape(err.Error()))
	}
	return ExitError
}

// errReported means the problem was already printed (as diagnostics); errReportedUsage
// too, and the problem is in the command line (a flag's value the handbook does not
// know, such as --stage).
var (
	errReported      = errors.New("reported")
	errReportedUsage = errors.New("reported, in the command line")
)

// flagError reports whether one of the errors in ds is about a flag's value: its
// position names the flag ("--stage").
func flagError(ds []diag.Diagnostic) bool {
	for _, d := range ds {
		if d.Severity == diag.Error && strings.HasPrefix(d.Pos.File, "--") {
			return true
		}
	}
	return false
}

type app struct {
	stdout, stderr io.Writer
	source, cfg    string
	opts           Options
}

func newRoot(stdout, stderr io.Writer, opts Options) *cobra.Command {
	a := &app{stdout: stdout, stderr: stderr, opts: opts}
	root := &cobra.Command{
		Use:   "rolebook",
		Short: "Rolebook builds staff handbooks: roles, duties with one owner each, and who does what",
		Long: `Rolebook turns a handbook folder (config.toml, content/, templates/) into a static
website: handbook chapters from Markdown, role pages, "my responsibilities" pages, the
accountability matrix, and a check that every duty has exactly one owner.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		// Without a command, the help; an unknown command is a usage error.
		Args: func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				return unknownCommand(c, args[0])
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error { return c.Help() },
		// --quiet and --verbose ask for opposite things: refuse rather than pick one.
		PersistentPreRunE: func(c *cobra.Command, args []string) error {
			if q, v := c.Flags().Lookup("quiet"), c.Flags().Lookup("verbose"); q != nil && v != nil &&
				q.Changed && v.Changed && q.Value.String() == "true" && v.Value.String() == "true" {
				return usageError{errors.New("--quiet and --verbose cannot be used together: --quiet prints only errors, --verbose prints more; pass one of them")}
			}
			return nil
		},
	}
	root.SetFlagErrorFunc(flagParseError)
	// The flags of settings take their key's aliases (Hugo's --buildDrafts) and any
	// letter case, as config.toml does.
	root.SetGlobalNormalizationFunc(config.NormalizeFlag)
	pf := root.PersistentFlags()
	pf.StringVarP(&a.source, "source", "s", ".", "the handbook folder")
	pf.StringVar(&a.cfg, "config", "", "the config file (default: config.toml in the handbook folder, else hugo.toml)")
	config.AddFlags(pf, "")
	root.AddCommand(a.buildCmd(), a.checkCmd(), a.versionCmd(), a.schemaCmd(), a.newCmd(), a.importCmd(), a.serveCmd(), a.reportCmd(), a.diffCmd())
	root.SetHelpCommand(helpCommand(root))
	root.InitDefaultCompletionCmd()
	usageArgs(root)
	return root
}

func (a *app) loadConfig(c *cobra.Command) (*config.Config, error) {
	cfg, diags, err := config.Load(config.Options{Source: a.source, ConfigFile: a.cfg, Flags: c.Flags()})
	if err != nil {
		return nil, a.configError(diags, err)
	}
	return cfg, nil
}

func (a *app) buildCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "build",
		Short: "Build the handbook into the destination folder (public/ by default)",
		Args:  noArgs,
		RunE: func(c *cobra.Command, args []string) error {
			cfg, err := a.loadConfig(c)
			if err != nil {
				return err
			}
			start := time.Now()
			tuneGC()
			if prof, _ := c.Flags().GetString("cpuprofile"); prof != "" {
				f, err := os.Create(prof)
				if err != nil {
					return usageError{fmt.Errorf("--cpuprofile: %w", err)}
				}
				defer f.Close()
				if err := pprof.StartCPUProfile(f); err != nil {
					return err
				}
				defer pprof.StopCPUProfile()
			}
			var heap io.Writer
			if prof, _ := c.Flags().GetString("memprofile"); prof != "" {
				f, err := os.Create(prof)
				if err != nil {
					return usageError{fmt.Errorf("--memprofile: %w", err)}
				}
				defer f.Close()
				heap = f
			}
			progress, stop := a.startProgress(cfg)
			// Ctrl-C (or SIGTERM) stops the build cleanly: the stage is removed
			// and the destination keeps the previous site.
			ctx, stopSignals := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stopSignals()
			clean, _ := c.Flags().GetBool("clean")
			res, err := build.Build(ctx, cfg, build.Options{Progress: progress, HeapProfile: heap, Clean: clean})
			stop()
			a.printDiags(res.Diags.Items(), cfg.Quiet)
			if err != nil {
				if errors.Is(err, build.ErrInterrupted) {
					fmt.Fprintf(a.stderr, "build interrupted; %s was left as it was\n", diag.Quote(cfg.Destination))
					return errReported
				}
				if errors.Is(err, build.ErrFailed) {
					fmt.Fprintf(a.stderr, "build failed: %s; %s was left as it was\n", counts(res.Diags), diag.Quote(cfg.Destination))
					return errReported
				}
				var refused *publish.RefusedError
				if errors.As(err, &refused) {
					return fmt.Errorf("%s\nhint: %s", refused.Why, refused.Hint)
				}
				return err
			}
			if !cfg.Quiet {
				fmt.Fprintf(a.stderr, "built %d pages, %d files in %s into %s\n", res.Pages, res.Files, round(time.Since(start)), diag.Quote(cfg.Destination))
			}
			if cfg.Verbose {
				a.printTimings(res)
				fmt.Fprintf(a.stderr, "  %d %s rendered, %d reused from the previous build\n", res.Pages-res.Reused, plural(res.Pages-res.Reused, "page", "pages"), res.Reused)
				p := res.Published
				fmt.Fprintf(a.stderr, "  %d %s written, %d unchanged, %d removed\n", p.Written, plural(p.Written, "file", "files"), p.Unchanged, p.Removed)
				for _, l := range res.Layouts {
					fmt.Fprintf(a.stderr, "  %s\n", l)
				}
				for _, n := range res.Notes {
					fmt.Fprintf(a.stderr, "  %s\n", n)
				}
			}
			return nil
		},
	}
	f := c.Flags()
	config.AddFlags(f, "build")
	f.Bool("clean", false, "a full build that trusts nothing kept from earlier builds: compare every file by its bytes and remove files Rolebook did not write")
	f.String("cpuprofile", "", "write a CPU profile of the build to this file (for go tool pprof)")
	f.String("memprofile", "", "write a heap profile of what the build keeps in memory to this file (for go tool pprof)")
	return c
}

func (a *app) checkCmd() *cobra.Command {
	var format string
	c := &cobra.Command{
		Use:   "check",
		Short: "Check the handbook (every duty has exactly one owner...) without writing anything",
		Args:  noArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if format != "text" && format != "json" {
				return usageError{fmt.Errorf("--format must be text or json, not %q", format)}
			}
			if format == "json" {
				// Problems in config.toml come as JSON too, for the tools that read it.
				if _, diags, err := config.Load(config.Options{Source: a.source, ConfigFile: a.cfg, Flags: c.Flags()}); errors.Is(err, config.ErrFailed) {
					enc := json.NewEncoder(a.stdout)
					enc.SetIndent("", "  ")
					if err := enc.Encode(diags.Items()); err != nil {
						return err
					}
					return errReported
				}
			}
			cfg, err := a.loadConfig(c)
			if err != nil {
				return err
			}
			// check writes nothing: Ctrl-C may stop it where it is.
			res, err := build.Check(c.Context(), cfg)
			items := res.Diags.Items()
			if format == "json" {
				if items == nil {
					items = []diag.Diagnostic{}
				}
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				if err := enc.Encode(items); err != nil {
					return err
				}
			} else {
				a.printDiags(items, cfg.Quiet)
				if !cfg.Quiet {
					hb := res.Handbook
					if err == nil && hb != nil {
						fmt.Fprintf(a.stderr, "checked %d %s, %d %s, %d %s, %d %s: %s\n",
							len(hb.Roles), plural(len(hb.Roles), "role", "roles"), len(hb.Duties), plural(len(hb.Duties), "duty", "duties"),
							len(hb.People), plural(len(hb.People), "person", "people"), len(hb.Stages), plural(len(hb.Stages), "stage", "stages"), counts(res.Diags))
					} else {
						fmt.Fprintf(a.stderr, "check failed: %s\n", counts(res.Diags))
					}
				}
				if cfg.Verbose {
					a.printTimings(res)
				}
			}
			if err != nil {
				if flagError(items) {
					return errReportedUsage
				}
				return errReported
			}
			return nil
		},
	}
	config.AddFlags(c.Flags(), "check")
	c.Flags().StringVar(&format, "format", "text", "output format: text or json")
	return c
}

func (a *app) versionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print Rolebook's version",
		Args:  noArgs,
		RunE: func(c *cobra.Command, args []string) error {
			rev := ""
			if bi, ok := debug.ReadBuildInfo(); ok {
				for _, s := range bi.Settings {
					if s.Key == "vcs.revision" && len(s.Value) >= 12 {
						rev = " " + s.Value[:12]
					}
				}
			}
			fmt.Fprintf(a.stdout, "rolebook %s%s %s/%s %s\n", Version, rev, runtime.GOOS, runtime.GOARCH, runtime.Version())
			return nil
		},
	}
}

func (a *app) schemaCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "schema [NAME]",
		Short: "Print the JSON Schema of a data file (skills, stages, duties, role, person), or list them",
		Long: `Print the JSON Schema of one of the handbook's data files, for editors that complete
and check TOML as you type (for example with Taplo or Even Better TOML):

  rolebook schema duties > .schemas/duties.json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			schemas := handbook.Schemas()
			names := make([]string, 0, len(schemas))
			for n := range schemas {
				names = append(names, strings.TrimSuffix(n, ".json"))
			}
			sort.Strings(names)
			if len(args) == 0 {
				for _, n := range names {
					fmt.Fprintln(a.stdout, n)
				}
				return nil
			}
			b, ok := schemas[args[0]]
			if !ok {
				b, ok = schemas[strings.TrimSuffix(args[0], ".json")] // as an editor names the file
			}
			if !ok {
				hint := diag.DidYouMean(args[0], names)
				return usageError{fmt.Errorf("no schema %q (there are: %s) %s", args[0], strings.Join(names, ", "), hint)}
			}
			_, err := a.stdout.Write(b)
			return err
		},
	}
}

func noArgs(c *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageError{fmt.Errorf("%s takes no arguments, got %q", c.CommandPath(), strings.Join(args, " "))}
	}
	return nil
}

func (a *app) printDiags(items []diag.Diagnostic, quiet bool) {
	for _, d := range items {
		if quiet && d.Severity != diag.Error {
			continue
		}
		fmt.Fprintln(a.stderr, d.String())
	}
}

func (a *app) printTimings(res *build.Result) {
	for _, t := range res.Timings {
		fmt.Fprintf(a.stderr, "  %-8s %s\n", t.Stage, round(t.Duration))
	}
}

func counts(l *diag.List) string {
	e, w := l.Count(diag.Error), l.Count(diag.Warning)
	return fmt.Sprintf("%d %s, %d %s", e, plural(e, "error", "errors"), w, plural(w, "warning", "warnings"))
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func round(d time.Duration) time.Duration {
	if d > time.Second {
		return d.Round(10 * time.Millisecond)
	}
	return d.Round(100 * time.Microsecond)
}
