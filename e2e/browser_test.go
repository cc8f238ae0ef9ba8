package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// matrixData is the part of matrix.json the scenarios compare the pages with.
type matrixData struct {
	Roles []struct {
		ID, Title, Area, URL string
	} `json:"roles"`
	Duties []struct {
		ID, Area, Title, Owner, URL string
		Accountable, Responsible    []string
		Consulted, Informed         []string
	} `json:"duties"`
}

func readMatrix(t *testing.T, dir string) *matrixData {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "matrix", "matrix.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m matrixData
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return &m
}

// TestBrowser drives the example handbook in one headless Chromium: the readers'
// paths, the phone and desktop layouts, accessibility in light and dark mode, print,
// and a deliberately broken handbook that the checks must catch.
func TestBrowser(t *testing.T) {
	if testing.Short() && !inCI() {
		t.Skip("browser tests are skipped with -short")
	}
	b := newBrowser(t)
	s := buildHandbook(t, repoRoot(t))
	m := readMatrix(t, s.dir)
	kinds := kindPages(t, s.dir)
	for _, k := range []string{"home", "section", "page", "roles", "role", "people", "person", "duty", "matrix", "owners", "tags", "tag", "404", "print", "role-print"} {
		if kinds[k] == "" {
			t.Errorf("the example has no page of kind %q", k)
		}
	}
	t.Logf("page kinds: %v", kinds)

	t.Run("home to role to holder", func(t *testing.T) {
		b.must(t, "desktop viewport", viewport(1280))
		b.open(t, s.url+"/")
		b.must(t, "opening the roles list from the main navigation",
			click(`.main-nav a[href="/roles/"]`), visible(`body.kind-roles`))
		b.must(t, "opening the operations role",
			click(`main a[href="/roles/operations/"]`), visible(`body.kind-role`))
		holder := eval[string](t, b, `document.querySelector(".facts dd a[href^='/people/']").textContent`)
		b.must(t, "opening the first holder",
			click(`.facts dd a[href^="/people/"]`), visible(`body.kind-person`))
		h1 := eval[string](t, b, `document.querySelector("h1").textContent`)
		if h1 != holder {
			t.Errorf("the holder's page is titled %q, want %q", h1, holder)
		}
		if !eval[bool](t, b, `!!document.querySelector("main a[href='/roles/operations/']")`) {
			t.Error(`the holder's "my responsibilities" page does not link back to the role`)
		}
		if eval[int](t, b, `document.querySelectorAll("main table tbody tr").length`) == 0 {
			t.Error("the holder's page lists no duty")
		}
	})

	t.Run("duty to owner", func(t *testing.T) {
		d := m.Duties[0]
		var owner string
		for _, r := range m.Roles {
			if r.ID == d.Owner {
				owner = r.Title
			}
		}
		b.open(t, s.url+d.URL)
		b.must(t, "opening the owner", click(`.facts a.owner`), visible(`body.kind-role`))
		if got, want := b.path(t), "/roles/"+d.Owner+"/"; got != want {
			t.Errorf("the owner link of %s leads to %s, want %s", d.URL, got, want)
		}
		h1 := eval[string](t, b, `document.querySelector("h1").textContent`)
		if h1 != owner {
			t.Errorf("the owner's page is titled %q, want %q", h1, owner)
		}
	})

	t.Run("matrix filter", func(t *testing.T) {
		b.open(t, s.url+"/matrix/")
		b.waitFor(t, "the filters are shown", `!document.querySelector("form.filters").hidden`)
		role, area := "finance", "service"
		var wantRole, wantArea, wantBoth int
		for _, d := range m.Duties {
			in := slices.Contains(d.Accountable, role) || slices.Contains(d.Responsible, role) || slices.Contains(d.Consulted, role) || slices.Contains(d.Informed, role)
			if in {
				wantRole++
			}
			if d.Area == area {
				wantArea++
			}
			if in && d.Area == area {
				wantBoth++
			}
		}
		set := func(id, value string) {
			t.Helper()
			b.must(t, "choosing "+value+" in #"+id, chromedp.SetValue(chromedp.CSS("#"+id), value),
				chromedp.Evaluate[chromedp.Void](fmt.Sprintf(`document.getElementById(%q).dispatchEvent(new Event("input", {bubbles: true}))`, id)))
		}
		visibleRows := `Array.from(document.querySelectorAll("table.matrix tbody tr:not(.area-row)")).filter(r => r.offsetParent !== null)`
		count := func() int {
			t.Helper()
			return eval[int](t, b, visibleRows+`.length`)
		}
		if got := count(); got != len(m.Duties) {
			t.Errorf("unfiltered matrix shows %d duties, want %d", got, len(m.Duties))
		}
		set("filter-role", role)
		if got := count(); got != wantRole {
			t.Errorf("filtered by role %s: %d duties shown, want %d", role, got, wantRole)
		}
		cols := eval[int](t, b, `Array.from(document.querySelectorAll("table.matrix thead th")).filter(c => c.offsetParent !== null).length`)
		if cols != 3 {
			t.Errorf("filtered by role: %d header cells shown, want 3 (duty, whom to ask and the role)", cols)
		}
		empty := eval[int](t, b, visibleRows+`.filter(r => Array.from(r.cells).slice(1).every(c => c.offsetParent === null || !c.textContent.trim())).length`)
		if empty != 0 {
			t.Errorf("filtered by role: %d rows shown have no letter for the role", empty)
		}
		set("filter-area", area)
		if got := count(); got != wantBoth {
			t.Errorf("filtered by role %s and area %s: %d duties shown, want %d", role, area, got, wantBoth)
		}
		set("filter-role", "")
		if got := count(); got != wantArea {
			t.Errorf("filtered by area %s: %d duties shown, want %d", area, got, wantArea)
		}
		set("filter-area", "")
		if got := count(); got != len(m.Duties) {
			t.Errorf("filters cleared: %d duties shown, want %d", got, len(m.Duties))
		}
	})

	t.Run("language switch", func(t *testing.T) {
		for _, tc := range []struct{ from, lang, want string }{
			{"/roles/operations/", "en", "/en/roles/operations/"},
			{"/guide/", "en", "/en/guide/"},
			{"/en/matrix/", "zh", "/matrix/"},
			{kinds["page"], "en", "/en" + kinds["page"]},
		} {
			b.open(t, s.url+tc.from)
			sel := fmt.Sprintf(`.langs a[hreflang=%q]`, tc.lang)
			b.must(t, "switching "+tc.from+" to "+tc.lang, click(sel), visible(fmt.Sprintf(`html[lang=%q] body`, tc.lang)))
			if got := b.path(t); got != tc.want {
				t.Errorf("switching %s to %s lands on %s, want %s", tc.from, tc.lang, got, tc.want)
			}
		}
	})

	t.Run("layout", func(t *testing.T) { testLayout(t, b, s, kinds) })
	t.Run("matrix on a phone", func(t *testing.T) { testPhoneMatrix(t, b, s) })
	t.Run("owner's report", func(t *testing.T) { testOwnerSite(t, b) })
	// Beyond one page per kind: the English pages, and a chapter with a checklist.
	t.Run("accessibility", func(t *testing.T) {
		testAccessibility(t, b, s, kinds, "/en/", "/en"+kinds["role"], "/onboarding/first-week/")
	})
	t.Run("print", func(t *testing.T) { testPrint(t, b, s) })
	t.Run("broken handbook is caught", func(t *testing.T) { testBroken(t, b) })
	t.Run("search", func(t *testing.T) { testSearch(t, b, s) })
	t.Run("live reload", func(t *testing.T) { testLiveReload(t, b) })
}

// testLayout checks every page kind at a phone's and a desktop's width: nothing
// scrolls sideways but the matrix's own scroll area, and the main navigation can be
// tapped. Screenshots of the main kinds are saved, and listed when something fails.
func testLayout(t *testing.T, b *browser, s *site, kinds map[string]string) {
	shots := t.ArtifactDir()
	var saved []string
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("screenshots (kept with go test -artifacts):\n\t%s", strings.Join(saved, "\n\t"))
		}
	})
	main := []string{"home", "page", "role", "person", "duty", "matrix", "owners", "print", "owner", "owner-load", "owner-risks"}
	for _, width := range []int64{375, 1280} {
		b.must(t, "setting the viewport", viewport(width))
		for _, kind := range sortedKinds(kinds) {
			u := kinds[kind]
			b.open(t, s.url+u)
			type overflow struct {
				Scroll, Client int
				Culprits       []string
			}
			over := eval[overflow](t, b, `(() => {
				const se = document.scrollingElement, w = se.clientWidth;
				const culprits = [];
				for (const el of document.querySelectorAll("body *")) {
					if (el.closest(".matrix-scroll, .table-wrap, table, pre")) continue;
					const r = el.getBoundingClientRect();
					if (r.width && r.right > w + 1) culprits.push(el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ").join(".") : "") + " right=" + Math.round(r.right));
					if (culprits.length > 5) break;
				}
				return {Scroll: se.scrollWidth, Client: w, Culprits: culprits};
			})()`)
			if over.Scroll > over.Client {
				t.Errorf("%s (%s) at %d px scrolls sideways: scrollWidth %d > clientWidth %d; wide elements: %v", u, kind, width, over.Scroll, over.Client, over.Culprits)
			}
			nav := eval[[]string](t, b, `(() => {
				const bad = [], w = document.scrollingElement.clientWidth;
				const links = document.querySelectorAll(".site-header a");
				if (links.length < 2) bad.push("no navigation links");
				for (const a of links) {
					a.scrollIntoView({block: "center"});
					const r = a.getBoundingClientRect();
					const x = r.left + r.width / 2, y = r.top + r.height / 2;
					const hit = document.elementFromPoint(x, y);
					if (r.width < 24 || r.height < 24) bad.push(a.textContent + ": " + Math.round(r.width) + "x" + Math.round(r.height) + " px, under 24x24");
					else if (r.left < 0 || r.right > w) bad.push(a.textContent + ": outside the screen");
					else if (!hit || !(hit === a || a.contains(hit))) bad.push(a.textContent + ": covered by " + (hit ? hit.tagName : "nothing"));
				}
				window.scrollTo(0, 0);
				return bad;
			})()`)
			if len(nav) > 0 {
				t.Errorf("%s (%s) at %d px: navigation links cannot be tapped: %v", u, kind, width, nav)
			}
			if slices.Contains(main, kind) {
				// The print page is dozens of screens long: its first screen is enough.
				saved = append(saved, b.screenshot(t, shots, fmt.Sprintf("%s-%d", kind, width), kind != "print"))
			}
		}
	}
	b.must(t, "desktop viewport", viewport(1280))
}

// testPhoneMatrix checks that at a phone's width the matrix scrolls inside its own area,
// and the navigation works by tapping.
func testPhoneMatrix(t *testing.T, b *browser, s *site) {
	// At a phone's width the matrix scrolls inside its own area, and the navigation
	// works by tapping.
	b.must(t, "setting the viewport", viewport(375))
	b.open(t, s.url+"/matrix/")
	type size struct{ Scroll, Client int }
	inner := eval[size](t, b, `(() => { const m = document.querySelector(".matrix-scroll"); return {Scroll: m.scrollWidth, Client: m.clientWidth}; })()`)
	if inner.Scroll <= inner.Client {
		t.Errorf("at 375 px the matrix fits its area (%d <= %d): the test no longer covers its scroll area", inner.Scroll, inner.Client)
	}
	b.must(t, "tapping People in the navigation", click(`.main-nav a[href="/people/"]`),
		visible(`body.kind-people`))
	b.must(t, "desktop viewport", viewport(1280))
}

// testAccessibility runs axe-core on every page kind in light and dark mode and fails
// on any serious or critical violation.
func testAccessibility(t *testing.T, b *browser, s *site, kinds map[string]string, extra ...string) {
	src := axeSource(t)
	pages := sortedKinds(kinds)
	for _, scheme := range []string{"light", "dark"} {
		t.Run(scheme, func(t *testing.T) {
			// Light mode runs every rule; dark mode changes only colours, so it runs
			// the rules about colours.
			var rules []string
			if scheme == "dark" {
				rules = []string{"color-contrast", "link-in-text-block"}
			}
			b.must(t, "emulating "+scheme+" mode", colorScheme(scheme))
			defer b.must(t, "back to light mode", colorScheme("light"))
			urls := []string{}
			for _, k := range pages {
				urls = append(urls, kinds[k])
			}
			urls = append(urls, extra...)
			for _, u := range urls {
				b.open(t, s.url+u)
				dark := eval[bool](t, b, `matchMedia("(prefers-color-scheme: dark)").matches`)
				if dark != (scheme == "dark") {
					t.Fatalf("%s: prefers-color-scheme dark = %v, want %v", u, dark, scheme == "dark")
				}
				for _, v := range b.axe(t, src, rules, "serious", "critical") {
					t.Errorf("%s (%s mode): %v", u, scheme, v)
				}
			}
		})
	}
}

// testBroken builds a handbook whose template has an image without alt text, a button
// without a name and a link to a missing page, and checks that both the site checker
// and axe-core report them: the suite fails on such a page.
func testBroken(t *testing.T, b *browser) {
	src := t.TempDir()
	writeFiles(t, src, brokenHandbook())
	s := buildHandbook(t, src)
	rep := checkSite(t, s.dir, "https://broken.example.com/")
	var got []string
	for _, p := range rep.Problems {
		got = append(got, string(p.Rule)+" "+p.Pos.File)
	}
	for _, want := range []string{"img-alt a/index.html", "link a/index.html"} {
		if !slices.Contains(got, want) {
			t.Errorf("the site check does not report %q; it reports %v", want, got)
		}
	}
	b.open(t, s.url+"/a/")
	var ids []string
	for _, v := range b.axe(t, axeSource(t), nil, "serious", "critical") {
		ids = append(ids, v.ID)
	}
	for _, want := range []string{"image-alt", "button-name"} {
		if !slices.Contains(ids, want) {
			t.Errorf("axe-core does not report %s as serious or critical; it reports %v", want, ids)
		}
	}
}

// brokenHandbook returns a small handbook whose page layout breaks the rules on purpose.
func brokenHandbook() map[string]string {
	return map[string]string{
		"config.toml": `title = "Broken"
baseURL = "https://broken.example.com/"
defaultLanguage = "en"
`,
		"content/_index.md": "+++\ntitle = \"Broken\"\n+++\nThe home page links [a page](a.md).\n",
		"content/a.md":      "+++\ntitle = \"A page\"\n+++\nSome text.\n",
		"templates/layouts/page.html": `{{ define "main" }}<article><h1>{{ .Title }}</h1>{{ .Content }}
<img src="/assets/favicon.svg">
<button type="button"></button>
<p><a href="/no-such-page/">more</a></p>
</article>{{ end }}
`,
	}
}
