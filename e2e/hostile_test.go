package e2e

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"golang.org/x/tools/txtar"
)

// hostileQuery is what a hostile reader types into the search box.
const hostileQuery = `<img src=x onerror=alert(1)>`

// TestHostileHandbookNoScript builds the handbook full of hostile input of
// generator/build (testdata/hostile/handbook.txtar), opens every page of it in
// Chromium and fails when anything the payloads try happens: a JavaScript dialog, a
// global variable set on the page, a script, frame or event-handler attribute in the
// live page that is not the theme's, a javascript:, vbscript:, file: or data:text/html
// address, or a console error about a script. It then types a hostile query into the
// search box and checks that the results hold only the search's own elements.
func TestHostileHandbookNoScript(t *testing.T) {
	if testing.Short() && !inCI() {
		t.Skip("browser tests are skipped with -short")
	}
	began := time.Now()
	b := newBrowser(t)
	w := watchPage(t, b)

	ar, err := txtar.ParseFile(filepath.Join(repoRoot(t), "generator", "build", "testdata", "hostile", "handbook.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	src := t.TempDir()
	files := map[string]string{}
	for _, f := range ar.Files {
		files[f.Name] = string(f.Data)
	}
	writeFiles(t, src, files)
	s := buildHandbook(t, src)

	pages := sitePages(t, s.dir)
	if len(pages) < 10 {
		t.Fatalf("the hostile handbook built only %d pages: %v", len(pages), pages)
	}
	b.must(t, "desktop viewport", viewport(1280))
	// The payloads link to other hosts: answer them at once, without a DNS lookup.
	b.must(t, "blocking requests outside the site", onlySite(s.url))
	for _, p := range pages {
		b.must(t, "opening "+p, chromedp.Navigate(s.url+p))
		w.check(t, b, p)
	}

	// The search box: focus it, type the query, wait for its results.
	search := func(t *testing.T, where string) {
		t.Helper()
		// The results are those of the whole query once "alert", its last word of two
		// letters or more, is highlighted.
		b.waitFor(t, "the results of "+hostileQuery+" are listed",
			`document.getElementById("search-input").value === `+strconv.Quote(hostileQuery)+
				` && Array.from(document.querySelectorAll("#search-results mark")).some(m => m.textContent.toLowerCase() === "alert")`)
		if bad := eval[[]string](t, b, searchStructure); len(bad) > 0 {
			t.Errorf("%s: the search results hold more than li, span and mark:\n\t%s", where, strings.Join(bad, "\n\t"))
		}
		// The hostile name of a person is among the results, as text.
		if !eval[bool](t, b, `Array.from(document.querySelectorAll("#search-results li")).some(li => li.textContent.includes("<img src=x onerror=alert("))`) {
			t.Errorf("%s: no result shows the hostile text <img src=x onerror=alert( as text", where)
		}
		w.check(t, b, where)
	}
	t.Run("search typed", func(t *testing.T) {
		b.open(t, s.url+"/")
		b.must(t, "typing "+hostileQuery+" into the search box", visible("#search-input"),
			chromedp.Focus(chromedp.CSS("#search-input")), sendKeys("#search-input", hostileQuery))
		search(t, "/ (search typed)")
	})
	t.Run("search from the address", func(t *testing.T) {
		p := "/?q=" + url.QueryEscape(hostileQuery)
		b.open(t, s.url+p)
		search(t, p)
	})
	t.Logf("%d pages and two searches checked in %v", len(pages), time.Since(began).Round(time.Millisecond))
}

// onlySite blocks every request of the tab that does not go to base (a failed load
// shows as a console error, which check only logs).
func onlySite(base string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, network.SetBlockedURLs, network.SetBlockedURLsParams{URLPatterns: []*network.BlockPattern{
			{URLPattern: base + "/*", Block: false},
			{URLPattern: "*://*:*/*", Block: true},
		}})
		return err
	})
}

// sitePages lists the address of every HTML and SVG file of a built site, sorted.
func sitePages(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if ext := filepath.Ext(p); ext != ".html" && ext != ".svg" {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		u := "/" + filepath.ToSlash(rel)
		if strings.HasSuffix(u, "/index.html") {
			u = strings.TrimSuffix(u, "index.html")
		}
		out = append(out, (&url.URL{Path: u}).EscapedPath())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// pageWatch records the dialogs and console errors of the tab, dismissing every
// dialog, from its creation to the end of the test.
type pageWatch struct {
	mu      sync.Mutex
	dialogs []string
	errors  []string // console errors, exceptions and browser log errors
	// seenDialogs and seenErrors count the entries check has already reported.
	seenDialogs, seenErrors int
}

// globalsKey names the symbol-keyed property under which the script added to every
// new document records the window's own properties before any page script runs.
const globalsKey = `Symbol.for("rolebook-e2e-globals")`

// watchPage starts recording the tab's dialogs and console errors and makes every new
// document record its window's properties before its own scripts run.
func watchPage(t *testing.T, b *browser) *pageWatch {
	t.Helper()
	w := &pageWatch{}
	ctx, cancel := context.WithCancel(b.ctx)
	dismiss := make(chan struct{}, 64)
	stopped := make(chan struct{})
	// Listen calls its func on the tab's reading loop, before the reply of the next
	// command: what a page did is recorded by the time a command after it returns.
	// The func must not send commands, so another goroutine dismisses the dialogs.
	err := chromedp.Listen(ctx, func(ev any) {
		switch e := ev.(type) {
		case *page.EventJavascriptDialogOpening:
			w.add(&w.dialogs, fmt.Sprintf("%s(%q) on %s", e.Type, e.Message, e.URL))
			select {
			case dismiss <- struct{}{}:
			default:
			}
		case *runtime.EventExceptionThrown:
			d := e.ExceptionDetails
			text := d.Text
			if d.Exception != nil {
				text += " " + firstLine(d.Exception.Description)
			}
			w.add(&w.errors, fmt.Sprintf("exception: %s (%s:%d)", text, d.URL, d.LineNumber+1))
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeAssert {
				w.add(&w.errors, "console."+string(e.Type)+": "+remoteText(e.Args))
			}
		case *log.EventEntryAdded:
			if e.Entry.Level == log.EntryLevelError {
				w.add(&w.errors, fmt.Sprintf("%s: %s (%s)", e.Entry.Source, e.Entry.Text, e.Entry.URL))
			}
		}
	})
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	go func() {
		defer close(stopped)
		for {
			select {
			case <-ctx.Done():
				return
			case <-dismiss:
				_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
			}
		}
	}()
	t.Cleanup(func() { cancel(); <-stopped })
	record := `(() => {
  const key = ` + globalsKey + `;
  if (!Object.prototype.hasOwnProperty.call(window, key)) {
    Object.defineProperty(window, key, {value: Object.getOwnPropertyNames(window)});
  }
})();`
	get(t, b, "adding the globals recorder", func(ctx context.Context, t *chromedp.Target) (page.AddScriptToEvaluateOnNewDocumentResult, error) {
		return chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: record})
	})
	return w
}

func (w *pageWatch) add(list *[]string, s string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	*list = append(*list, s)
}

// injectionWords in a console error or exception mean a payload ran or was stopped.
var injectionWords = regexp.MustCompile(`(?i)alert|msgbox|prompt|confirm|<script|script tag|inline script|javascript:|vbscript:|onerror|onload|onmouseover|onclick|content security policy|refused to (execute|load the script|run)`)

// check waits until the open document has loaded, then fails the test for each
// dialog opened so far and not yet reported, for a console error or exception that
// mentions a script or is thrown by code that is not the theme's, for each global
// the page set, and for each script, frame, event handler or dangerous address in the
// live page.
func (w *pageWatch) check(t *testing.T, b *browser, where string) {
	t.Helper()
	b.waitFor(t, where+" has loaded", `document.readyState === "complete"`)
	found := eval[pageFindings](t, b, pageFindingsJS)

	w.mu.Lock()
	dialogs := w.dialogs[w.seenDialogs:]
	errs := w.errors[w.seenErrors:]
	w.seenDialogs, w.seenErrors = len(w.dialogs), len(w.errors)
	w.mu.Unlock()
	for _, m := range dialogs {
		t.Errorf("%s: a JavaScript dialog opened: %s", where, m)
	}
	for _, m := range errs {
		switch {
		case injectionWords.MatchString(m):
			t.Errorf("%s: a console error about a script: %s", where, m)
		case strings.HasPrefix(m, "exception:") && !strings.Contains(m, "/assets/"):
			t.Errorf("%s: an exception outside the theme's scripts: %s", where, m)
		default:
			t.Logf("%s: console error (not about a script): %s", where, m)
		}
	}
	if len(found.Globals) > 0 {
		t.Errorf("%s: the page set globals: %v", where, found.Globals)
	}
	for _, p := range found.Problems {
		t.Errorf("%s: %s", where, p)
	}
}

// pageFindings is what pageFindingsJS reports on the open document.
type pageFindings struct {
	Globals  []string `json:"globals"`  // own properties of window added since the document started
	Problems []string `json:"problems"` // scripts, frames, handlers, addresses that must not be there
}

// pageFindingsJS inspects the live document (after its scripts ran): the window's own
// properties against those recorded before any page script, and every element.
const pageFindingsJS = `(() => {
  const out = {globals: [], problems: []};
  const before = window[` + globalsKey + `];
  if (!before) {
    out.problems.push("the window's properties were not recorded when the document started");
  } else {
    const had = new Set(before);
    out.globals = Object.getOwnPropertyNames(window).filter(n => !had.has(n));
  }
  const short = el => el.outerHTML.slice(0, 160);
  const bad = /^(javascript:|vbscript:|file:|data:text\/html)/i;
  const resolve = v => { try { return new URL(v, document.baseURI).href; } catch (e) { return v.replace(/[\s\u0000-\u001f]+/g, ""); } };
  const urlAttrs = new Set(["href", "src", "action", "formaction", "xlink:href", "poster", "data", "background", "cite", "ping"]);
  for (const el of document.querySelectorAll("*")) {
    const tag = el.localName.toLowerCase();
    if (tag === "script") {
      const src = el.getAttribute("src") || el.getAttribute("href") || el.getAttribute("xlink:href");
      let ok = false;
      if (src) {
        const u = new URL(src, document.baseURI);
        ok = u.origin === location.origin && (u.pathname.startsWith("/assets/") || u.pathname.startsWith("/__rolebook/"));
      }
      if (!ok) out.problems.push("a script that is not the theme's: " + short(el));
    }
    if (["iframe", "frame", "frameset", "object", "embed", "applet", "portal"].includes(tag)) {
      out.problems.push("<" + tag + "> in the page: " + short(el));
    }
    if (tag === "meta" && (el.getAttribute("http-equiv") || "").toLowerCase() === "refresh") {
      const m = /url\s*=\s*['"]?([^'"]*)/i.exec(el.getAttribute("content") || "");
      if (m && bad.test(resolve(m[1]))) out.problems.push("a refresh to a dangerous address: " + short(el));
    }
    for (const a of el.attributes) {
      const name = a.name.toLowerCase();
      if (name.startsWith("on")) out.problems.push("an event handler " + a.name + " on <" + tag + ">: " + short(el));
      if (name === "srcdoc") out.problems.push("srcdoc on <" + tag + ">: " + short(el));
      if (urlAttrs.has(name) && bad.test(resolve(a.value))) out.problems.push(a.name + "=" + JSON.stringify(a.value) + " on <" + tag + ">: " + short(el));
    }
  }
  return out;
})()`

// searchStructure lists every node of the search results that is not the structure
// search.js builds: li options holding text and span (title, kind, snippet), spans
// holding text and mark, marks holding text.
const searchStructure = `(() => {
  const bad = [];
  const list = document.getElementById("search-results");
  if (!list) return ["no #search-results"];
  const allowed = {ul: ["li"], ol: ["li"], li: ["span"], span: ["mark"], mark: []};
  const walk = (el) => {
    const may = allowed[el.localName] || [];
    for (const n of el.childNodes) {
      if (n.nodeType === Node.TEXT_NODE) continue;
      if (n.nodeType !== Node.ELEMENT_NODE || !may.includes(n.localName)) {
        bad.push("<" + (n.localName || n.nodeName) + "> inside <" + el.localName + ">: " + (n.outerHTML || n.textContent || "").slice(0, 160));
        continue;
      }
      walk(n);
    }
  };
  walk(list);
  return bad;
})()`

// remoteText renders the arguments of a console call: strings as they are, other
// values by their description.
func remoteText(args []*runtime.RemoteObject) string {
	var parts []string
	for _, a := range args {
		switch {
		case a == nil:
		case a.Type == runtime.RemoteObjectTypeString:
			s, err := strconv.Unquote(string(a.Value))
			if err != nil {
				s = string(a.Value)
			}
			parts = append(parts, s)
		case a.Description != "":
			parts = append(parts, a.Description)
		case a.UnserializableValue != "":
			parts = append(parts, string(a.UnserializableValue))
		default:
			parts = append(parts, string(a.Value))
		}
	}
	return strings.Join(parts, " ")
}
