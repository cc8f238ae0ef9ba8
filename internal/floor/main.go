// Command floor is the bare pipeline that docs/performance.md measures Rolebook against:
// the least work any generator must do for a handbook of Markdown pages with TOML front
// matter. It reads every content/**/*.md, decodes the front matter with BurntSushi/toml,
// converts the body with goldmark (GFM), fills one small html/template and writes
// OUT/<path>/index.html, one worker per core. No navigation, search, links or checks.
//
//	go run ./internal/floor SITE OUT
package main

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: floor SITE OUT")
		os.Exit(2)
	}
	n, err := run(os.Args[1], os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, "floor:", err)
		os.Exit(1)
	}
	fmt.Println(n, "pages")
}

func run(src, out string) (int, error) {
	content := filepath.Join(src, "content")
	var files []string
	err := filepath.WalkDir(content, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		return 0, err
	}
	md := goldmark.New(goldmark.WithExtensions(extension.GFM))
	tpl := template.Must(template.New("p").Parse(`<!doctype html><html><head><title>{{.Title}}</title></head><body><h1>{{.Title}}</h1>{{.Content}}</body></html>`))
	work := make(chan string)
	errs := make([]error, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for i := range errs {
		wg.Go(func() {
			var body, page bytes.Buffer
			for f := range work {
				if errs[i] != nil {
					continue
				}
				errs[i] = renderFile(md, tpl, content, out, f, &body, &page)
			}
		})
	}
	for _, f := range files {
		work <- f
	}
	close(work)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return 0, err
		}
	}
	return len(files), nil
}

func renderFile(md goldmark.Markdown, tpl *template.Template, content, out, file string, body, page *bytes.Buffer) error {
	b, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	var fm map[string]any
	text := b
	if parts := bytes.SplitN(b, []byte("+++"), 3); len(parts) == 3 {
		if _, err := toml.Decode(string(parts[1]), &fm); err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		text = parts[2]
	}
	body.Reset()
	if err := md.Convert(text, body); err != nil {
		return err
	}
	page.Reset()
	if err := tpl.Execute(page, map[string]any{"Title": fm["title"], "Content": template.HTML(body.String())}); err != nil {
		return err
	}
	rel, err := filepath.Rel(content, file)
	if err != nil {
		return err
	}
	dir := filepath.Join(out, strings.TrimSuffix(rel, ".md"))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "index.html"), page.Bytes(), 0o644)
}
