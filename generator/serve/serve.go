package serve

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rolebook/rolebook/generator/build"
	"github.com/rolebook/rolebook/generator/config"
	"github.com/rolebook/rolebook/generator/diag"
)

// Options configure a Server. Config is required.
type Options struct {
	// Config is the resolved config. Its baseURL's host is replaced by the server's
	// address, so that absolute links stay on the dev server; its path is kept.
	Config *config.Config
	// LoadConfig reads the config again after config.toml changes, as config.Load
	// does; nil keeps Config.
	LoadConfig func() (*config.Config, *diag.List, error)
	// Bind is the address to listen on; "" means 127.0.0.1.
	Bind string
	// Port is the port to listen on; 0 picks a free one (see URL).
	Port int
	// Debounce is how long the files must be quiet before a rebuild; 0 means 50ms.
	Debounce time.Duration
	// MaxWait bounds how long a storm of saves delays a rebuild; 0 means 500ms.
	MaxWait time.Duration
	// Workers bounds parallel rendering; 0 means one per core.
	Workers int
}

// DefaultPort is the port `rolebook serve` listens on unless told otherwise.
const DefaultPort = 1313

// The timeouts of the server's connections: how long a client may take to send a
// request's headers, and how long an idle keep-alive connection stays open.
const (
	ReadHeaderTimeout = 10 * time.Second
	IdleTimeout       = 60 * time.Second
)

// Report is what one build did. Err is nil when it succeeded; otherwise Diags hold
// the problems and the previous site is still served.
type Report struct {
	// Seq numbers the builds of a Server from 1.
	Seq int
	// Full is true when the whole site was rebuilt; otherwise only URLs were.
	Full   bool
	Reason string
	URLs   []string
	// Changed are the files (relative to the handbook folder) that caused the build.
	Changed []string
	// Pages is the number of pages rendered; Files the number of files written.
	Pages, Files int
	Duration     time.Duration
	Diags        []diag.Diagnostic
	Err          error
}

// Server builds, serves and rebuilds one handbook.
type Server struct {
	opts Options
	ln   net.Listener
	url  string
	// port is the port listened on; loopback says the bound address is a loopback
	// address or localhost (see allowedHost).
	port     string
	loopback bool
	http     *http.Server
	session  *build.Session
	site     atomic.Pointer[files]
	broker   broker
	done     chan struct{}
	// builds is the context of every build; Close cancels it (stopBuilds), so that a
	// build in progress stops at its next page instead of delaying the shutdown.
	builds     context.Context
	stopBuilds context.CancelFunc

	buildMu sync.Mutex // one build at a time
	seq     int
	last    atomic.Pointer[Report]

	closeOnce sync.Once
	watchMu   sync.Mutex
	watchDone chan struct{} // closed when the watcher has stopped; nil when not watching
}

// New listens on the configured address and builds the handbook once. A handbook
// with errors is not an error here: the server starts, shows the problems and
// recovers when they are fixed (see Last). The error is for a bad address or a port
// in use.
func New(opts Options) (*Server, error) {
	if opts.Config == nil {
		return nil, errors.New("serve: no config")
	}
	if opts.Bind == "" {
		opts.Bind = "127.0.0.1"
	}
	if opts.Port < 0 || opts.Port > 65535 {
		return nil, fmt.Errorf("port %d is not between 0 and 65535", opts.Port)
	}
	if opts.Debounce <= 0 {
		opts.Debounce = 50 * time.Millisecond
	}
	if opts.MaxWait <= 0 {
		opts.MaxWait = 500 * time.Millisecond
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(opts.Bind, strconv.Itoa(opts.Port)))
	if err != nil {
		return nil, err
	}
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	s := &Server{opts: opts, ln: ln, done: make(chan struct{}), port: port}
	s.loopback = strings.EqualFold(opts.Bind, "localhost") || isLoopback(opts.Bind)
	s.url = "http://" + net.JoinHostPort(opts.Bind, port) + "/"
	// A client that sends its headers slowly, or keeps a connection open without
	// using it, holds it for at most these: the live-reload stream is a response
	// being written, which neither timeout cuts.
	s.http = &http.Server{Handler: s, ReadHeaderTimeout: ReadHeaderTimeout, IdleTimeout: IdleTimeout}

	cfg := s.localConfig(opts.Config)
	reload := func() (*config.Config, *diag.List, error) {
		if opts.LoadConfig == nil {
			return cfg, nil, nil
		}
		c, diags, err := opts.LoadConfig()
		if err != nil {
			return nil, diags, err
		}
		return s.localConfig(c), diags, nil
	}
	s.builds, s.stopBuilds = context.WithCancel(context.Background())
	s.session = build.NewSession(cfg, build.Options{LiveReload: liveTag, Workers: opts.Workers}, reload)
	s.rebuild(nil, "")
	return s, nil
}

// localConfig returns a copy of cfg whose baseURL points at this server.
func (s *Server) localConfig(cfg *config.Config) *config.Config {
	c := *cfg
	base := "/"
	if u, err := url.Parse(cfg.BaseURL); err == nil && u.Path != "" {
		base = path.Clean("/"+u.Path) + "/"
		if base == "//" {
			base = "/"
		}
	}
	c.BaseURL = s.url[:len(s.url)-1] + base
	return &c
}

// URL is the address of the site's root on this server: "http://127.0.0.1:1313/".
func (s *Server) URL() string { return s.url }

// Handler returns the server's HTTP handler (the Server itself).
func (s *Server) Handler() http.Handler { return s }

// ServeHTTP answers a request: the Host is checked, then the live-reload endpoints
// or a file of the last good site are served.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.allowedHost(r, r.Host) {
		msg := "forbidden: the dev server answers only to " + net.JoinHostPort(s.opts.Bind, s.port) + " and localhost"
		if !s.loopback {
			msg = "forbidden: the dev server answers only to the address of its network interface with the port (such as http://192.168.1.5:" + s.port + "/), not to names"
		}
		http.Error(w, msg, http.StatusForbidden)
		return
	}
	switch r.URL.Path {
	case livePrefix + "events":
		s.events(w, r)
		return
	case livePrefix + "live.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write([]byte(liveScript))
		return
	}
	s.serveFile(w, r, s.site.Load())
}

// Subscribe returns a channel that receives the Report of every build to come, and a
// function that ends the subscription. Tests and the command line use it to wait for
// a rebuild instead of sleeping.
func (s *Server) Subscribe() (<-chan Report, func()) { return s.broker.subscribe() }

// Last returns the Report of the latest build.
func (s *Server) Last() Report {
	if r := s.last.Load(); r != nil {
		return *r
	}
	return Report{}
}

// Rebuild brings the served site up to date after the files changed (relative to the
// handbook folder) were written, created, renamed or removed, and tells subscribers.
// An empty list rebuilds everything. The watcher calls it; tests and benchmarks may
// call it directly.
func (s *Server) Rebuild(changed []string) Report {
	if len(changed) == 0 {
		return s.rebuild(nil, "rebuild requested")
	}
	return s.rebuild(changed, "")
}

func (s *Server) rebuild(changed []string, fullReason string) Report {
	s.buildMu.Lock()
	defer s.buildMu.Unlock()
	w := newMemWriter()
	var up *build.Update
	var err error
	switch {
	case s.seq == 0:
		up, err = s.session.Build(s.builds, w)
	case changed == nil:
		up, err = s.session.Rebuild(s.builds, w, fullReason)
	default:
		up, err = s.session.Update(s.builds, changed, w)
	}
	s.seq++
	rep := Report{Seq: s.seq, Full: up.Full, Reason: up.Reason, URLs: up.URLs, Changed: changed,
		Pages: up.Pages, Files: len(w.m), Duration: up.Duration, Diags: up.Diags.Items(), Err: err}
	if err == nil {
		if up.Full || s.site.Load() == nil {
			cfg := s.session.Config()
			f := &files{m: w.m, basePath: cfg.BasePath()}
			for _, l := range cfg.LanguageCodes()[1:] {
				f.langs = append(f.langs, l+"/")
			}
			s.site.Store(f)
		} else if len(w.m) > 0 {
			s.site.Store(s.site.Load().with(w.m))
		}
	}
	s.last.Store(&rep)
	s.broker.publish(rep)
	return rep
}

// Serve answers requests until Close; it returns nil after Close.
func (s *Server) Serve() error {
	err := s.http.Serve(s.ln)
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// Close stops the watcher, ends the live-reload streams and shuts the HTTP server
// down, waiting for requests in flight until ctx is done. It writes nothing to disk
// and leaves nothing behind.
func (s *Server) Close(ctx context.Context) error {
	var err error
	s.closeOnce.Do(func() {
		s.stopBuilds()
		close(s.done)
		s.watchMu.Lock()
		watchDone := s.watchDone
		s.watchMu.Unlock()
		if watchDone != nil {
			// The build the watcher is running stops (stopBuilds), then the watcher.
			select {
			case <-watchDone:
			case <-ctx.Done():
			}
		}
		err = s.http.Shutdown(ctx)
		// Shutdown closes the listener only when Serve was called.
		if cerr := s.ln.Close(); cerr != nil && err == nil && !errors.Is(cerr, net.ErrClosed) {
			err = cerr
		}
	})
	return err
}
