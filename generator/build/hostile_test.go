package build

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolebook/rolebook/generator/config"
	"golang.org/x/net/html"
	"golang.org/x/tools/txtar"
)

// TestHostileHandbook builds a handbook full of hostile input (testdata/hostile) and
// checks every output file: no script but the theme's own, no event-handler attribute,
// no javascript:, vbscript:, file: or data:text/html URL, JSON that parses and hides
// no closing tags, CSV cells neutralised against formula injection.
func TestHostileHandbook(t *testing.T) {
	ar, err := txtar.ParseFile("testdata/hostile/handbook.txtar")
	if err != nil {
		t.Fatal(err)
	}
	src := t.TempDir()
	for _, f := range ar.Files {
		p := filepath.Join(src, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg, _, err := config.Load(config.Options{Source: src, Env: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	cfg.Destination = filepath.Join(t.TempDir(), "public")
	res, err := Build(context.Background(), cfg, Options{})
	if err != nil {
		t.Fatalf("build: %v\n%v", err, res.Diags)
	}
	n := 0
	err = filepath.Walk(cfg.Destination, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(cfg.Destination, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		n++
		switch filepath.Ext(p) {
		case ".html", ".svg":
			checkHTML(t, rel, b)
		case ".json":
			var v any
			if err := json.Unmarshal(b, &v); err != nil {
				t.Errorf("%s: %v", rel, err)
			}
			if bytes.Contains(bytes.ToLower(b), []byte("</script")) || bytes.Contains(b, []byte("<script")) {
				t.Errorf("%s holds a raw script tag", rel)
			}
		case ".csv":
			recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
			if err != nil {
				t.Errorf("%s: %v", rel, err)
			}
			for _, rec := range recs {
				for _, cell := range rec {
					if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
						t.Errorf("%s: cell %q starts a formula", rel, cell)
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 10 {
		t.Fatalf("only %d files were built", n)
	}
}

var badSchemes = []string{"javascript:", "vbscript:", "file:", "data:text/html"}

func checkHTML(t *testing.T, rel string, b []byte) {
	t.Helper()
	z := html.NewTokenizer(bytes.NewReader(b))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tok := z.Token()
		switch tok.Data {
		case "script":
			src := ""
			for _, a := range tok.Attr {
				if a.Key == "src" {
					src = a.Val
				}
			}
			if !strings.HasPrefix(src, "/assets/") {
				t.Errorf("%s: a script that is not the theme's: %s", rel, tok)
			}
		case "iframe", "object", "embed":
			t.Errorf("%s: <%s> in the output", rel, tok.Data)
		}
		for _, a := range tok.Attr {
			key := strings.ToLower(a.Key)
			if strings.HasPrefix(key, "on") {
				t.Errorf("%s: event handler attribute %s=%q on <%s>", rel, a.Key, a.Val, tok.Data)
			}
			if key == "href" || key == "src" || key == "action" || key == "formaction" || key == "xlink:href" {
				v := strings.ToLower(strings.Join(strings.Fields(a.Val), ""))
				for _, s := range badSchemes {
					if strings.HasPrefix(v, s) {
						t.Errorf("%s: %s=%q on <%s>", rel, a.Key, a.Val, tok.Data)
					}
				}
			}
		}
	}
}
