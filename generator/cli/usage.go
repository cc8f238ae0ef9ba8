package cli

import (
	"errors"
	"fmt"

	"github.com/rolebook/rolebook/generator/diag"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// usageError marks errors of the command line itself: exit status 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// usageArgs makes every argument check of c and its subcommands return a usageError,
// so that the exit status of a wrong command line never depends on the text of an
// error: cobra's own checks (cobra.MaximumNArgs...) return plain errors. A command
// without a check takes any argument unless it has subcommands: then an argument is
// an unknown subcommand.
func usageArgs(c *cobra.Command) {
	check := c.Args
	if check == nil {
		check = func(c *cobra.Command, args []string) error {
			if c.HasSubCommands() && len(args) > 0 {
				return unknownCommand(c, args[0])
			}
			return nil
		}
	}
	c.Args = func(c *cobra.Command, args []string) error {
		err := check(c, args)
		var ue usageError
		if err == nil || errors.As(err, &ue) {
			return err
		}
		return usageError{err}
	}
	for _, sub := range c.Commands() {
		usageArgs(sub)
	}
}

// unknownCommand is the error for an argument of c that names none of its commands.
func unknownCommand(c *cobra.Command, name string) error {
	var names []string
	for _, sub := range c.Commands() {
		if sub.IsAvailableCommand() {
			names = append(names, sub.Name())
		}
	}
	msg := fmt.Sprintf("unknown command %q for %q", name, c.CommandPath())
	if hint, ok := hugoCommands[name]; ok && !c.HasParent() {
		msg += "; " + hint
	} else if hint := diag.DidYouMean(name, names); hint != "" {
		msg += "; " + hint
	}
	return usageError{errors.New(msg)}
}

// helpCommand is `rolebook help [command]`: cobra's own prints "Unknown help topic"
// and succeeds; this one makes an unknown command a usage error.
func helpCommand(root *cobra.Command) *cobra.Command {
	return &cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command",
		Long:  "Help provides help for any command of rolebook.",
		RunE: func(c *cobra.Command, args []string) error {
			cmd, rest, err := root.Find(args)
			if err != nil {
				return usageError{err}
			}
			if len(rest) > 0 {
				return unknownCommand(cmd, rest[0])
			}
			return cmd.Help()
		},
	}
}

// flagParseError turns an error of parsing the flags into a usageError, with a hint
// for Hugo's flags that Rolebook does not have.
func flagParseError(_ *cobra.Command, err error) error {
	var missing *pflag.NotExistError
	if errors.As(err, &missing) {
		name := missing.GetSpecifiedName()
		shown := "--" + name
		if missing.GetSpecifiedShortnames() != "" {
			shown = "-" + name
		}
		if hint, ok := hugoFlags[name]; ok {
			return usageError{fmt.Errorf("%w\nhint: %s is Hugo's; %s", err, shown, hint)}
		}
	}
	return usageError{err}
}

// hugoFlags are flags of Hugo's build and server commands that Rolebook does not
// have, by name without dashes ("F" for -F), and what to do instead.
var hugoFlags = map[string]string{
	"minify":              "Rolebook writes compact HTML always",
	"gc":                  "the build cache beside the destination may be deleted at any time; --clean builds without it",
	"cleanDestinationDir": "use --clean, which also removes files Rolebook did not make (every build removes the files it no longer makes)",
	"buildFuture":         "Rolebook publishes pages whatever their date",
	"F":                   "Rolebook publishes pages whatever their date",
	"buildExpired":        "Rolebook publishes pages whatever their date",
	"E":                   "Rolebook publishes pages whatever their date",
	"environment":         "Rolebook has one configuration: use ROLEBOOK_* variables or flags to vary it",
	"e":                   "Rolebook has one configuration: use ROLEBOOK_* variables or flags to vary it",
	"theme":               "Rolebook has its own theme; copy a theme file into templates/ to change it",
	"t":                   "Rolebook has its own theme; copy a theme file into templates/ to change it",
	"watch":               "rolebook serve watches the handbook; rolebook build builds once",
	"w":                   "rolebook serve watches the handbook; rolebook build builds once",
	"renderToMemory":      "rolebook serve builds in memory always",
	"disableFastRender":   "rolebook serve rebuilds the whole site when data, templates or config change",
	"navigateToChanged":   "open pages reload in place",
	"disableLiveReload":   "every page of rolebook serve reloads on change",
	"liveReloadPort":      "live reload uses the server's own port",
	"appendPort":          "rolebook serve's links use the server's address",
	"contentDir":          "Rolebook reads the handbook from content/",
	"c":                   "Rolebook reads the handbook from content/",
	"layoutDir":           "template overrides go in templates/",
	"l":                   "template overrides go in templates/",
	"cacheDir":            "Rolebook keeps its build cache beside the destination (.public.rolebook-cache for public/)",
	"noHTTPCache":         "rolebook serve sends no caching headers for the site's pages",
	"logLevel":            "use --quiet or --verbose",
	"templateMetrics":     "use --verbose for the time of each stage, or --cpuprofile",
}

// hugoCommands are Hugo's commands that Rolebook spells differently.
var hugoCommands = map[string]string{
	"server": `Rolebook's is "serve"`,
	"config": `rolebook check reads config.toml and reports every problem in it`,
	"env":    `rolebook version prints the version, the system and Go's version`,
	"mod":    "Rolebook has no modules",
}
