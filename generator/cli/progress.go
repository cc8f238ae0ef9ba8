package cli

import (
	"fmt"
	"os"
	"time"

	"github.com/rolebook/rolebook/generator/build"
	"github.com/rolebook/rolebook/generator/config"
)

// progressDelay is how long a build runs before it shows progress.
const progressDelay = 2 * time.Second

// startProgress shows "rendering pages: done/total" on stderr, updated in place, once a
// build has run for progressDelay, and clears it when stop is called. It shows nothing
// with --quiet or when stderr is not a terminal (a CI log, a pipe, a test). A ticker
// reads the build's atomic counters, so rendering itself pays one atomic add per page.
func (a *app) startProgress(cfg *config.Config) (p *build.Progress, stop func()) {
	f, ok := a.stderr.(*os.File)
	if cfg.Quiet || !ok || !isTerminal(f) || os.Getenv("TERM") == "dumb" {
		return nil, func() {}
	}
	p = &build.Progress{}
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		start := time.Now()
		tick := time.NewTicker(200 * time.Millisecond)
		defer tick.Stop()
		shown := false
		for {
			select {
			case <-done:
				if shown {
					fmt.Fprint(f, "\r\033[K")
				}
				return
			case <-tick.C:
				total := p.Total.Load()
				if time.Since(start) < progressDelay || total == 0 {
					continue
				}
				fmt.Fprintf(f, "\r\033[Krendering pages: %d/%d", p.Done.Load(), total)
				shown = true
			}
		}
	}()
	return p, func() { close(done); <-finished }
}

func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
