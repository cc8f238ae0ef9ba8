package serve

import (
	"bytes"
	"maps"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

// files is one built site: output path (slash, relative to the site root) -> bytes.
// It is never modified once published; a build publishes a new one.
type files struct {
	m map[string][]byte
	// basePath is the path of baseURL ("/" or "/handbook/"): URLs start with it.
	basePath string
	// langs are the language prefixes of the site's other languages, for their 404s.
	langs []string
}

// with returns a copy of f with the files of delta added or replaced.
func (f *files) with(delta map[string][]byte) *files {
	m := maps.Clone(f.m)
	maps.Copy(m, delta)
	return &files{m: m, basePath: f.basePath, langs: f.langs}
}

// memWriter collects the files of one build; render calls WriteFile from many
// goroutines at once.
type memWriter struct {
	mu sync.Mutex
	m  map[string][]byte
}

func newMemWriter() *memWriter { return &memWriter{m: map[string][]byte{}} }

// WriteFile implements render.Writer. data is copied: the renderer reuses its buffers.
func (w *memWriter) WriteFile(rel string, data []byte) error {
	b := bytes.Clone(data)
	if b == nil {
		b = []byte{}
	}
	w.mu.Lock()
	w.m[rel] = b
	w.mu.Unlock()
	return nil
}

// serveFile answers a request for a file of the site f. Only files of the built site
// can be served: the map holds nothing else, and dotfile segments are refused.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, f *files) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if f == nil {
		s.serveNoSite(w)
		return
	}
	p := r.URL.Path
	if strings.ContainsAny(p, "\x00\\") {
		s.notFound(w, f, "")
		return
	}
	clean := path.Clean("/" + p)
	if clean != "/" && strings.HasSuffix(p, "/") {
		clean += "/"
	}
	base := f.basePath
	if !strings.HasPrefix(clean, base) {
		if clean+"/" == base || clean == "/" {
			http.Redirect(w, r, base, http.StatusFound)
			return
		}
		s.notFound(w, f, "")
		return
	}
	rel := strings.TrimPrefix(clean, base)
	for _, seg := range strings.Split(rel, "/") {
		if strings.HasPrefix(seg, ".") {
			s.notFound(w, f, rel)
			return
		}
	}
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	data, ok := f.m[rel]
	if !ok {
		if _, dir := f.m[rel+"/index.html"]; dir {
			target := clean + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return
		}
		s.notFound(w, f, rel)
		return
	}
	setType(w, rel)
	w.Header().Set("Cache-Control", "no-store")
	http.ServeContent(w, r, rel, time.Time{}, bytes.NewReader(data))
}

// notFound answers 404 with the 404.html of the request's language, if the site has one.
func (s *Server) notFound(w http.ResponseWriter, f *files, rel string) {
	page := f.m["404.html"]
	for _, l := range f.langs {
		if strings.HasPrefix(rel, l) {
			if b, ok := f.m[l+"404.html"]; ok {
				page = b
			}
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	if page == nil {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	_, _ = w.Write(page)
}

// serveNoSite answers while no build has succeeded yet: a page that loads the
// live-reload script, which shows the errors and reloads once they are fixed.
func (s *Server) serveNoSite(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusServiceUnavailable)
	_, _ = w.Write([]byte(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Rolebook: the handbook has errors</title></head><body><main><h1>The handbook has errors</h1><p>Fix them and this page reloads.</p></main>` + string(liveTag) + `</body></html>`))
}

// setType sets the Content-Type from the file's extension (text types in UTF-8).
func setType(w http.ResponseWriter, name string) {
	t := mime.TypeByExtension(path.Ext(name))
	if t == "" {
		t = "application/octet-stream"
	}
	w.Header().Set("Content-Type", t)
	w.Header().Set("X-Content-Type-Options", "nosniff")
}
