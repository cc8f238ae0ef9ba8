package serve

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/rolebook/rolebook/generator/diag"
)

// livePrefix is where the dev server's own endpoints are, outside any handbook path
// (site output never starts with "__").
const livePrefix = "/__rolebook/"

// liveTag is injected into every page in serve mode (build.Options.LiveReload).
const liveTag template.HTML = `<script src="` + livePrefix + `live.js" defer></script>`

// liveScript listens to the server's events: "reload" reloads the page when it was
// rebuilt, "problems" shows the build's diagnostics over the page. Every text is set
// with textContent, never parsed as HTML.
const liveScript = `(function () {
  "use strict";
  var box = null;
  function clear() { if (box) { box.remove(); box = null; } }
  function show(list) {
    clear();
    box = document.createElement("div");
    box.id = "rolebook-problems";
    box.setAttribute("role", "alert");
    var s = box.style;
    s.position = "fixed"; s.left = "0"; s.right = "0"; s.bottom = "0"; s.maxHeight = "60vh";
    s.overflow = "auto"; s.zIndex = "2147483647"; s.margin = "0"; s.padding = "1em";
    s.background = "#2b0a0a"; s.color = "#ffe8e8"; s.font = "14px/1.4 ui-monospace, monospace";
    s.borderTop = "4px solid #e5484d";
    var title = document.createElement("strong");
    title.textContent = "The handbook has errors: the last good version is shown until they are fixed.";
    box.appendChild(title);
    list.forEach(function (d) {
      var pre = document.createElement("pre");
      pre.style.whiteSpace = "pre-wrap"; pre.style.margin = "0.75em 0 0";
      var where = d.file || "";
      if (d.line) { where += ":" + d.line; if (d.col) { where += ":" + d.col; } }
      pre.textContent = (where ? where + ": " : "") + d.severity + ": " + d.message + (d.hint ? "\n\thint: " + d.hint : "");
      box.appendChild(pre);
    });
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide";
    close.style.marginTop = "0.75em";
    close.addEventListener("click", clear);
    box.appendChild(close);
    document.body.appendChild(box);
  }
  var events = new EventSource("` + livePrefix + `events");
  events.addEventListener("reload", function (e) {
    clear();
    var d = JSON.parse(e.data);
    if (d.full || (d.urls || []).indexOf(location.pathname) >= 0) { location.reload(); }
  });
  events.addEventListener("problems", function (e) { show(JSON.parse(e.data)); });
})();
`

// broker hands every Report to every subscriber.
type broker struct {
	mu   sync.Mutex
	subs map[chan Report]struct{}
}

// subscribe returns a channel of the Reports of the builds to come and a function
// that ends the subscription. A subscriber that falls behind by more than the
// channel's buffer misses Reports; the latest state is what matters.
func (b *broker) subscribe() (<-chan Report, func()) {
	ch := make(chan Report, 64)
	b.mu.Lock()
	if b.subs == nil {
		b.subs = map[chan Report]struct{}{}
	}
	b.subs[ch] = struct{}{}
	b.mu.Unlock()
	var once sync.Once
	return ch, func() {
		once.Do(func() {
			b.mu.Lock()
			delete(b.subs, ch)
			b.mu.Unlock()
		})
	}
}

func (b *broker) publish(r Report) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs {
		select {
		case ch <- r:
		default:
		}
	}
}

// events streams server-sent events to the live-reload script.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	if !s.sameOrigin(r) {
		http.Error(w, "forbidden: live-reload events are for the handbook's own pages", http.StatusForbidden)
		return
	}
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming is not supported", http.StatusInternalServerError)
		return
	}
	reports, cancel := s.broker.subscribe()
	defer cancel()
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 500\n\n")
	if last := s.Last(); last.Err != nil {
		// A page opened while the handbook is broken shows the problems at once.
		writeEvent(w, last)
	}
	flusher.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		case rep := <-reports:
			writeEvent(w, rep)
			flusher.Flush()
		}
	}
}

// writeEvent writes a Report as a "reload" or a "problems" event.
func writeEvent(w http.ResponseWriter, rep Report) {
	if rep.Err != nil {
		list := rep.Diags
		if len(list) == 0 {
			list = []diag.Diagnostic{diag.Errorf(diag.Pos{}, diag.RuleBuild, "", "%v", rep.Err)}
		}
		errs := make([]diag.Diagnostic, 0, len(list))
		for _, d := range list {
			if d.Severity == diag.Error {
				errs = append(errs, d)
			}
		}
		if len(errs) == 0 {
			errs = list
		}
		b, _ := json.Marshal(errs)
		fmt.Fprintf(w, "event: problems\ndata: %s\n\n", b)
		return
	}
	b, _ := json.Marshal(struct {
		Full bool     `json:"full"`
		URLs []string `json:"urls"`
	}{rep.Full, rep.URLs})
	fmt.Fprintf(w, "event: reload\ndata: %s\n\n", b)
}

// sameOrigin reports whether a live-reload request comes from the handbook's own
// pages: a browser sends Origin on cross-origin requests, and Sec-Fetch-Site on all.
func (s *Server) sameOrigin(r *http.Request) bool {
	if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		if err != nil || u.Scheme != "http" || u.Path != "" && u.Path != "/" || !s.allowedHost(r, u.Host) {
			return false
		}
	}
	switch r.Header.Get("Sec-Fetch-Site") {
	case "", "same-origin", "none":
		return true
	}
	return false
}

// allowedHost reports whether host (with its port), from the Host header or the Origin
// of request r, names this server. Anything else may be a DNS-rebinding attack: a page
// of another site whose name resolves to this machine.
//
// On a loopback address (the default) the names are the bound address, localhost,
// 127.0.0.1 and [::1]. On any other address (--bind 0.0.0.0, or a LAN address), they
// are the address the request came in on (the bound interface's address, as a phone on
// the network types it: http://192.168.1.5:1313/) and the bound address; the loopback
// names only for requests from this machine, so that a client on the network cannot
// pass for a local one. Names of the machine (myhost.local) are not accepted: they can
// be made to resolve anywhere.
func (s *Server) allowedHost(r *http.Request, host string) bool {
	h, port, err := net.SplitHostPort(strings.ToLower(host))
	if err != nil || port != s.port {
		return false
	}
	h = strings.TrimSuffix(h, ".") // "localhost." is localhost
	switch {
	case h == strings.ToLower(s.opts.Bind) && !unspecified(h):
		return true
	case h == "localhost" || isLoopback(h):
		return s.loopback || isLoopback(hostOf(r.RemoteAddr))
	}
	ip := net.ParseIP(h)
	if ip == nil {
		return false
	}
	local, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
	if !ok {
		return false
	}
	lip := net.ParseIP(hostOf(local.String()))
	return lip != nil && lip.Equal(ip) && !lip.IsUnspecified()
}

// hostOf returns the host of a "host:port" address, without an IPv6 zone.
func hostOf(addr string) string {
	h, _, err := net.SplitHostPort(addr)
	if err != nil {
		h = addr
	}
	h, _, _ = strings.Cut(h, "%")
	return h
}

// isLoopback reports whether h is a loopback IP address (127.0.0.0/8, ::1).
func isLoopback(h string) bool {
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// unspecified reports whether h is 0.0.0.0 or ::, which no request can name.
func unspecified(h string) bool {
	ip := net.ParseIP(h)
	return ip != nil && ip.IsUnspecified()
}
