package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/rolebook/rolebook/generator/config"
	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/serve"
	"github.com/spf13/cobra"
)

func (a *app) serveCmd() *cobra.Command {
	var bind string
	var port int
	c := &cobra.Command{
		Use:   "serve",
		Short: "Build the handbook in memory, serve it on 127.0.0.1:1313 and reload open pages on every change",
		Long: `Build the handbook in memory and serve it for a live preview: every change to
content/, templates/ or config.toml rebuilds what it touches and reloads the pages
open in the browser; a build error shows over the page (and here) while the last good
version stays served. Nothing is written to disk. Stop with Ctrl-C.

The first line on stdout is "serving URL", with the port chosen when --port is 0.`,
		Args: noArgs,
		RunE: func(c *cobra.Command, args []string) error {
			if port < 0 || port > 65535 {
				return usageError{fmt.Errorf("--port must be between 0 and 65535, not %d", port)}
			}
			cfg, err := a.loadConfig(c)
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(c.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			srv, err := serve.New(serve.Options{Config: cfg, Bind: bind, Port: port,
				LoadConfig: func() (*config.Config, *diag.List, error) {
					return config.Load(config.Options{Source: a.source, ConfigFile: a.cfg, Flags: c.Flags()})
				}})
			if err != nil {
				return fmt.Errorf("cannot serve: %w", err)
			}
			reports, cancel := srv.Subscribe()
			defer cancel()
			a.printReport(srv.Last(), cfg)
			if err := srv.Watch(); err != nil {
				_ = srv.Close(context.Background())
				return fmt.Errorf("cannot watch the handbook: %w", err)
			}
			served := make(chan error, 1)
			go func() { served <- srv.Serve() }()
			fmt.Fprintf(a.stdout, "serving %s\n", srv.URL())
			if !cfg.Quiet {
				fmt.Fprintln(a.stderr, "watching content/, templates/ and the config for changes; press Ctrl-C to stop")
			}
			var serveErr error
		loop:
			for {
				select {
				case <-ctx.Done():
					break loop
				case serveErr = <-served:
					break loop
				case rep := <-reports:
					a.printReport(rep, cfg)
				}
			}
			shutdown, cancelShutdown := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancelShutdown()
			if err := srv.Close(shutdown); err != nil && serveErr == nil {
				serveErr = err
			}
			if serveErr != nil {
				return serveErr
			}
			if !cfg.Quiet {
				fmt.Fprintln(a.stderr, "stopped")
			}
			return nil
		},
	}
	f := c.Flags()
	f.StringVar(&bind, "bind", "127.0.0.1", "the address to listen on (keep it on loopback: the dev server is not for a network)")
	f.IntVarP(&port, "port", "p", serve.DefaultPort, "the port to listen on; 0 picks a free port (printed)")
	config.AddFlags(f, "serve")
	return c
}

// printReport prints what a build of the dev server did: its errors, or a line.
func (a *app) printReport(rep serve.Report, cfg *config.Config) {
	if rep.Err != nil {
		a.printDiags(rep.Diags, cfg.Quiet)
		if len(rep.Diags) == 0 {
			fmt.Fprintf(a.stderr, "rolebook: %v\n", rep.Err)
		}
		var list diag.List
		list.Add(rep.Diags...)
		fmt.Fprintf(a.stderr, "build failed: %s; still serving the last good version\n", counts(&list))
		return
	}
	a.printDiags(rep.Diags, cfg.Quiet)
	if cfg.Quiet {
		return
	}
	switch {
	case rep.Seq == 1:
		fmt.Fprintf(a.stderr, "built %d pages, %d files in %s (in memory)\n", rep.Pages, rep.Files, round(rep.Duration))
	case rep.Full:
		fmt.Fprintf(a.stderr, "rebuilt %d pages in %s: %s\n", rep.Pages, round(rep.Duration), rep.Reason)
	case rep.Pages > 0:
		fmt.Fprintf(a.stderr, "re-rendered %s in %s\n", strings.Join(rep.URLs, " "), round(rep.Duration))
	}
}
