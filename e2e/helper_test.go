package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/rolebook/rolebook/generator/build"
	"github.com/rolebook/rolebook/generator/config"
	"github.com/rolebook/rolebook/internal/synthetic"
)

// stepTimeout bounds every single browser step; a step that needs longer is a bug.
const stepTimeout = 30 * time.Second

// axeTimeout bounds one run of axe-core on one page.
const axeTimeout = 3 * time.Minute

// inCI reports whether the tests run in CI, where a missing tool is a failure.
func inCI() bool { return os.Getenv("CI") == "true" }

// missing skips the test outside CI and fails it in CI, naming the tool and how to get it.
func missing(t *testing.T, what, how string) {
	t.Helper()
	if inCI() {
		t.Fatalf("%s is missing, and CI=true requires it: %s", what, how)
	}
	t.Skipf("%s is missing: %s (with CI=true this is a failure)", what, how)
}

// chromiumPath finds Chromium, or skips (fails in CI) the test.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("ROLEBOOK_CHROMIUM"); p != "" {
		return p
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium"
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	missing(t, "Chromium", "install it with `apt-get install chromium` (Debian) or set ROLEBOOK_CHROMIUM to its path")
	return ""
}

// site is a built handbook served over HTTP on 127.0.0.1.
type site struct {
	dir string // the built site
	url string // the server's address, without a trailing slash
}

// buildHandbook builds the handbook in src into a temporary folder and serves it.
func buildHandbook(t *testing.T, src string) *site {
	t.Helper()
	cfg, _, err := config.Load(config.Options{Source: src, Env: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	cfg.Destination = filepath.Join(t.TempDir(), "public")
	res, err := build.Build(context.Background(), cfg, build.Options{})
	if err != nil {
		t.Fatalf("building %s: %v\n%v", src, err, res.Diags)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(cfg.Destination)))
	t.Cleanup(srv.Close)
	return &site{dir: cfg.Destination, url: srv.URL}
}

// writeFiles writes files (slash path -> content) under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	if err := synthetic.WriteFiles(dir, files); err != nil {
		t.Fatal(err)
	}
}

// kindPages finds one URL per page kind in a built site, from the kind-<kind> class of
// each page's body, preferring the default language (the root) and short paths. New
// kinds are found without a change here.
func kindPages(t *testing.T, dir string) map[string]string {
	t.Helper()
	re := regexp.MustCompile(`<body class="kind-([a-z0-9-]+)"`)
	found := map[string][]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		m := re.FindSubmatch(b)
		if m == nil {
			return nil // an alias redirect
		}
		rel, _ := filepath.Rel(dir, p)
		u := "/" + strings.TrimSuffix(filepath.ToSlash(rel), "index.html")
		found[string(m[1])] = append(found[string(m[1])], u)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for kind, urls := range found {
		sort.Slice(urls, func(i, j int) bool {
			ei, ej := strings.HasPrefix(urls[i], "/en/"), strings.HasPrefix(urls[j], "/en/")
			if ei != ej {
				return ej
			}
			if len(urls[i]) != len(urls[j]) {
				return len(urls[i]) < len(urls[j])
			}
			return urls[i] < urls[j]
		})
		out[kind] = urls[0]
	}
	return out
}

// sortedKinds returns the keys of kinds in order.
func sortedKinds(kinds map[string]string) []string {
	out := make([]string, 0, len(kinds))
	for k := range kinds {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// browser is one headless Chromium with one tab, shared by the subtests of a test.
type browser struct {
	ctx context.Context // the tab
}

// newBrowser starts Chromium with the launch flags of this network and a fresh profile;
// it is closed when the test ends.
func newBrowser(t *testing.T) *browser {
	t.Helper()
	exe := chromiumPath(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", false),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	// The first action starts the browser and ties it to its context: it must run on
	// the tab's own context, not on a child with a timeout that would end the browser.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", exe, err)
	}
	return &browser{ctx: ctx}
}

// do runs actions in the tab, bounded by stepTimeout.
func (b *browser) do(actions ...chromedp.Action[chromedp.Void]) error {
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	return chromedp.Do(ctx, actions...)
}

// must runs actions and fails the test on error.
func (b *browser) must(t *testing.T, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := b.do(actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// get runs one action that returns a value, failing the test on error.
func get[T any](t *testing.T, b *browser, what string, action chromedp.Action[T]) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, action)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// eval evaluates a JavaScript expression in the open page, awaiting a promise, and
// decodes its value.
func eval[T any](t *testing.T, b *browser, expr string) T {
	t.Helper()
	return get(t, b, "evaluating "+firstLine(expr), chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// open navigates to u and waits until the page's body is there.
func (b *browser) open(t *testing.T, u string) {
	t.Helper()
	b.must(t, "opening "+u, chromedp.Navigate(u), chromedp.WaitReady(chromedp.CSS("body")))
}

// path returns the decoded path of the tab's current address.
func (b *browser) path(t *testing.T) string {
	t.Helper()
	return eval[string](t, b, `decodeURI(location.pathname)`)
}

// waitFor polls a JavaScript condition until it is true.
func (b *browser) waitFor(t *testing.T, what, cond string) {
	t.Helper()
	get(t, b, "waiting until "+what+" ("+firstLine(cond)+")", chromedp.Poll[chromedp.Void](cond, chromedp.WithPollingTimeout(stepTimeout-time.Second)))
}

// click clicks the element of a CSS selector.
func click(sel string) chromedp.Action[chromedp.Void] { return chromedp.Click(chromedp.CSS(sel)) }

// visible waits until the element of a CSS selector is visible.
func visible(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.WaitVisible(chromedp.CSS(sel))
}

// colorScheme makes the tab report prefers-color-scheme: scheme ("light" or "dark").
func colorScheme(scheme string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}}})
		return chromedp.Void{}, err
	}
}

// viewport sets the tab's size; narrow widths emulate a phone.
func viewport(width int64) chromedp.Action[chromedp.Void] {
	if width < 800 {
		return chromedp.EmulateViewport(width, 812, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	return chromedp.EmulateViewport(width, 900)
}

// screenshot saves the page (the whole page when full, else what the screen shows)
// as a JPEG under dir and returns its path.
func (b *browser) screenshot(t *testing.T, dir, name string, full bool) string {
	t.Helper()
	shot := chromedp.CaptureScreenshot()
	if full {
		shot = chromedp.FullScreenshot(70)
	}
	buf := get(t, b, "taking a screenshot", shot)
	p := filepath.Join(dir, name+".jpg")
	if err := os.WriteFile(p, buf, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// axeVersion returns the version of axe-core the tests are pinned to: the one line of
// testdata/axe-version, which .ci/run reads too.
func axeVersion(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "axe-version"))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

// axeSource returns axe.min.js of the pinned version: ROLEBOOK_AXE, else the copy in the
// user's cache folder, installed there with npm when missing. It never loads anything
// from the internet but the npm registry through npm. The version is checked once the
// script runs (see axe).
func axeSource(t *testing.T) string {
	t.Helper()
	v := axeVersion(t)
	how := fmt.Sprintf("run `npm install --no-save --prefix DIR axe-core@%s` and set ROLEBOOK_AXE=DIR/node_modules/axe-core/axe.min.js (.ci/run does)", v)
	if p := os.Getenv("ROLEBOOK_AXE"); p != "" {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatalf("ROLEBOOK_AXE: %v", err)
		}
		return string(b)
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		missing(t, "axe-core", how)
	}
	dir := filepath.Join(cache, "rolebook", "axe-core-"+v)
	file := filepath.Join(dir, "node_modules", "axe-core", "axe.min.js")
	if b, err := os.ReadFile(file); err == nil {
		return string(b)
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		missing(t, "axe-core (and npm to install it)", "install npm (`apt-get install npm`), or "+how)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	cmd := exec.Command(npm, "install", "--no-save", "--no-audit", "--no-fund", "--prefix", dir, "axe-core@"+v)
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		missing(t, "axe-core", fmt.Sprintf("npm install failed (%v): %s; %s", err, out.String(), how))
	}
	b, err := os.ReadFile(file)
	if err != nil {
		missing(t, "axe-core", how)
	}
	return string(b)
}

// violation is one axe-core rule broken on a page.
type violation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	} `json:"nodes"`
}

func (v violation) String() string {
	var nodes []string
	for i, n := range v.Nodes {
		if i == 3 {
			nodes = append(nodes, fmt.Sprintf("... %d more", len(v.Nodes)-3))
			break
		}
		nodes = append(nodes, fmt.Sprintf("%v %s", n.Target, n.HTML))
	}
	return fmt.Sprintf("%s (%s): %s\n\t\t%s", v.ID, v.Impact, v.Help, strings.Join(nodes, "\n\t\t"))
}

// axe injects axe-core into the open page, runs the given rules (every rule when
// rules is empty) and returns the violations of the given impacts (all when none is
// given).
func (b *browser) axe(t *testing.T, src string, rules []string, impacts ...string) []violation {
	t.Helper()
	if !eval[bool](t, b, `typeof window.axe === "object"`) {
		get(t, b, "injecting axe-core", chromedp.Evaluate[chromedp.Void](src))
		if got, want := eval[string](t, b, `axe.version`), axeVersion(t); got != want {
			t.Fatalf("axe-core %s was loaded, the tests are pinned to %s (e2e/testdata/axe-version); set ROLEBOOK_AXE to that version", got, want)
		}
	}
	opts := `{resultTypes: ["violations"]}`
	if len(rules) > 0 {
		list, _ := json.Marshal(rules)
		opts = `{resultTypes: ["violations"], runOnly: {type: "rule", values: ` + string(list) + `}}`
	}
	// axe's colour-contrast rule visits every text node: on the print page (the whole
	// handbook) it takes several times one step's bound on a busy machine.
	ctx, cancel := context.WithTimeout(b.ctx, axeTimeout)
	defer cancel()
	all, err := chromedp.Run(ctx, chromedp.Evaluate[[]violation](`axe.run(document, `+opts+`).then(r => r.violations)`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("running axe-core: %v", err)
	}
	if len(impacts) == 0 {
		return all
	}
	var out []violation
	for _, v := range all {
		if slices.Contains(impacts, v.Impact) {
			out = append(out, v)
		}
	}
	return out
}

// repoRoot is the repository's folder: the example handbook lives there.
func repoRoot(t *testing.T) string {
	t.Helper()
	abs, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(abs, "config.toml")); err != nil {
		t.Fatalf("the example handbook is not at %s: %v", abs, err)
	}
	return abs
}

// tool finds a command-line tool of poppler-utils, or skips (fails in CI) the test.
func tool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if errors.Is(err, exec.ErrNotFound) || p == "" {
		missing(t, name, "install it with `apt-get install poppler-utils`")
	}
	return p
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i] + " ..."
	}
	if len(s) > 80 {
		s = s[:80] + "..."
	}
	return s
}

// sendKeys types text into the element of a CSS selector.
func sendKeys(sel, text string) chromedp.Action[chromedp.Void] {
	return chromedp.SendKeys(chromedp.CSS(sel), text)
}
