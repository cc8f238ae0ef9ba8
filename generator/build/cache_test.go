package build

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/rolebook/rolebook/generator/config"
	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/load"
	"github.com/rolebook/rolebook/generator/markdown"
	"github.com/rolebook/rolebook/generator/render"
	"github.com/rolebook/rolebook/internal/synthetic"
)

// tree is a handbook's files by slash path.
type tree map[string]string

// readSource reads every file under dir.
func readSource(t *testing.T, dir string) tree {
	t.Helper()
	out := tree{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sync makes dir hold exactly the files of want, where it held those of have.
func (have tree) sync(t *testing.T, dir string, want tree) {
	t.Helper()
	for name := range have {
		if _, ok := want[name]; !ok {
			if err := os.Remove(filepath.Join(dir, filepath.FromSlash(name))); err != nil {
				t.Fatal(err)
			}
		}
	}
	changed := map[string]string{}
	for name, text := range want {
		if old, ok := have[name]; !ok || old != text {
			changed[name] = text
		}
	}
	if err := synthetic.WriteFiles(dir, changed); err != nil {
		t.Fatal(err)
	}
}

// pick returns a random name of t matching re, or "".
func (t tree) pick(rng *rand.Rand, re string) string {
	var names []string
	for _, name := range slices.Sorted(maps.Keys(t)) {
		if regexp.MustCompile(re).MatchString(name) {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return ""
	}
	return names[rng.IntN(len(names))]
}

// replaceFirst replaces the first match of re in the file name of t with repl.
func (t tree) replaceFirst(name, re, repl string) bool {
	text, ok := t[name]
	if !ok {
		return false
	}
	loc := regexp.MustCompile(re).FindStringSubmatchIndex(text)
	if loc == nil {
		return false
	}
	var out []byte
	out = regexp.MustCompile(re).ExpandString(out, repl, text, loc)
	t[name] = text[:loc[0]] + string(out) + text[loc[1]:]
	return true
}

// addToFrontMatter adds a line after the opening +++ of a TOML front matter.
func (t tree) addToFrontMatter(name, line string) bool {
	text := t[name]
	if !strings.HasPrefix(text, "+++\n") {
		return false
	}
	t[name] = "+++\n" + line + "\n" + text[4:]
	return true
}

// edit is one kind of change a handbook's owner makes; it reports what it did, or ""
// when it found nothing to change.
type edit struct {
	name string
	do   func(rng *rand.Rand, t tree) string
}

const chapterRE = `^content/(guide|onboarding|policies|sec-\d+|extra)/[^_][^/]*\.md$`

var edits = []edit{
	{"body", func(rng *rand.Rand, t tree) string {
		name := t.pick(rng, `^content/.*\.md$`)
		t[name] += fmt.Sprintf("\n\nAn added paragraph, number %d, with **bold** text.\n", rng.IntN(1000))
		return name
	}},
	{"body word", func(rng *rand.Rand, t tree) string {
		name := t.pick(rng, chapterRE)
		if !t.replaceFirst(name, `(\n[^+\n][^\n]*?)( [a-z]+)([ .,])`, "${1} changed${3}") {
			return ""
		}
		return name
	}},
	{"heading", func(rng *rand.Rand, t tree) string {
		name := t.pick(rng, chapterRE)
		t[name] += fmt.Sprintf("\n## New heading %d\n\nText under it.\n", rng.IntN(1000))
		return name
	}},
	{"title", func(rng *rand.Rand, t tree) string {
		name := t.pick(rng, `^content/.*\.md$`)
		title := fmt.Sprintf("Retitled %d", rng.IntN(1000))
		if !t.replaceFirst(name, `(?m)^title = "[^"\n]*"$`, `title = "`+title+`"`) && !t.addToFrontMatter(name, `title = "`+title+`"`) {
			return ""
		}
		return name
	}},
	{"weight", func(rng *rand.Rand, t tree) string {
		name := t.pick(rng, chapterRE)
		w := fmt.Sprintf("weight = %d", rng.IntN(100))
		if !t.replaceFirst(name, `(?m)^weight = \d+$`, w) && !t.addToFrontMatter(name, w) {
			return ""
		}
		return name
	}},
	{"tags", func(rng *rand.Rand, t tree) string {
		name := t.pick(rng, chapterRE)
		tags := fmt.Sprintf(`tags = ["tag%d", "hr"]`, rng.IntN(5))
		if !t.replaceFirst(name, `(?m)^tags = \[[^\]\n]*\]$`, tags) && !t.addToFrontMatter(name, tags) {
			return ""
		}
		return name
	}},
	{"description", func(rng *rand.Rand, t tree) string {
		name := t.pick(rng, chapterRE)
		d := fmt.Sprintf(`description = "Described %d"`, rng.IntN(1000))
		if !t.replaceFirst(name, `(?m)^description = "[^"\n]*"$`, d) && !t.addToFrontMatter(name, d) {
			return ""
		}
		return name
	}},
	{"menu page title", func(rng *rand.Rand, t tree) string {
		name := "content/guide/ownership.md"
		if !t.replaceFirst(name, `(?m)^title = "[^"\n]*"$`, fmt.Sprintf(`title = "Owners %d"`, rng.IntN(1000))) {
			return ""
		}
		return name
	}},
	{"section title", func(rng *rand.Rand, t tree) string {
		name := t.pick(rng, `^content/[^/]+/_index(\.en)?\.md$`)
		title := fmt.Sprintf("Section %d", rng.IntN(1000))
		if !t.replaceFirst(name, `(?m)^title = "[^"\n]*"$`, `title = "`+title+`"`) && !t.addToFrontMatter(name, `title = "`+title+`"`) {
			return ""
		}
		return name
	}},
	{"role title", func(rng *rand.Rand, t tree) string {
		name := t.pick(rng, `^content/roles/[^_.]+\.md$`)
		if !t.replaceFirst(name, `(?m)^(title = \{ zh = "[^"]*", en = "[^"]*)"`, fmt.Sprintf(`${1} %d"`, rng.IntN(1000))) {
			return ""
		}
		return name
	}},
	{"area title", func(rng *rand.Rand, t tree) string {
		name := "content/areas.toml"
		if !t.replaceFirst(name, `(?m)^(title = \{ zh = "[^"]*", en = "[^"]*)"`, fmt.Sprintf(`${1} %d"`, rng.IntN(1000))) {
			return ""
		}
		return name
	}},
	{"owner", func(rng *rand.Rand, t tree) string {
		name := t.pick(rng, `^content/duties/.*\.toml$`)
		role := strings.TrimSuffix(path.Base(t.pick(rng, `^content/roles/[a-z-]+\.md$`)), ".md")
		if !t.replaceFirst(name, `(?m)^accountable = "[^"]*"$`, `accountable = "`+role+`"`) {
			return ""
		}
		return name + " -> " + role
	}},
	{"holder", func(rng *rand.Rand, t tree) string {
		name := t.pick(rng, `^content/people/[^_]+\.md$`)
		role := strings.TrimSuffix(path.Base(t.pick(rng, `^content/roles/[a-z-]+\.md$`)), ".md")
		if !t.replaceFirst(name, `(?m)^roles = \["`, `roles = ["`+role+`", "`) {
			return ""
		}
		return name + " + " + role
	}},
	{"template", func(rng *rand.Rand, t tree) string {
		name := "templates/layouts/partials/footer.html"
		if _, ok := t[name]; !ok {
			t[name] = "<footer class=\"site-footer\"><p>{{ .Site.Title }}</p></footer>\n"
		}
		t[name] = strings.Replace(t[name], "</footer>", fmt.Sprintf("<p>Version %d</p>\n</footer>", rng.IntN(1000)), 1)
		return name
	}},
	{"words", func(rng *rand.Rand, t tree) string {
		name := "templates/i18n/en.toml"
		t[name] += fmt.Sprintf("next = \"Onward %d\"\n", rng.IntN(1000))
		if strings.Count(t[name], "\nnext = ") > 1 {
			t.replaceFirst(name, `(?m)^next = "[^"]*"\n`, "")
		}
		return name
	}},
	{"config", func(rng *rand.Rand, t tree) string {
		if !t.replaceFirst("config.toml", `(?m)^title = "[^"]*"`, fmt.Sprintf(`title = "Handbook %d"`, rng.IntN(1000))) {
			return ""
		}
		return "config.toml"
	}},
	{"delete", func(rng *rand.Rand, t tree) string {
		name := t.pick(rng, chapterRE)
		delete(t, name)
		return name
	}},
	{"rename", func(rng *rand.Rand, t tree) string {
		name := t.pick(rng, chapterRE)
		to := path.Dir(name) + fmt.Sprintf("/renamed-%d.md", rng.IntN(1000))
		t[to] = t[name]
		delete(t, name)
		return name + " -> " + to
	}},
	{"move", func(rng *rand.Rand, t tree) string {
		name := t.pick(rng, chapterRE)
		dir := path.Dir(t.pick(rng, `^content/[^/]+/_index\.md$`))
		to := dir + "/moved-" + path.Base(name)
		if _, ok := t[to]; ok || to == name {
			return ""
		}
		t[to] = t[name]
		delete(t, name)
		return name + " -> " + to
	}},
	{"add", func(rng *rand.Rand, t tree) string {
		dir := path.Dir(t.pick(rng, `^content/[^/]+/_index\.md$`))
		target := t.pick(rng, chapterRE)
		rel := "../" + strings.TrimPrefix(target, "content/")
		name := fmt.Sprintf("%s/new-%d.md", dir, rng.IntN(1000))
		t[name] = fmt.Sprintf("+++\ntitle = \"New page %d\"\nweight = %d\ntags = [\"hr\"]\n+++\nSee [the other page](%s).\n", rng.IntN(1000), rng.IntN(50), rel)
		return name
	}},
	{"link", func(rng *rand.Rand, t tree) string {
		name := t.pick(rng, chapterRE)
		target := t.pick(rng, chapterRE)
		if name == target {
			return ""
		}
		t[name] += "\nSee [a page](" + relPath(path.Dir(name), target) + ").\n"
		return name + " -> " + target
	}},
	{"outside link", func(rng *rand.Rand, t tree) string {
		// A link to a file of the repository outside content/: where it leads depends
		// on that file, which no page's fingerprint sees but through the link.
		name := t.pick(rng, chapterRE)
		t["NOTES.md"] = "Notes kept beside the handbook.\n"
		t[name] += "\nSee [the notes](" + strings.Repeat("../", strings.Count(name, "/")) + "NOTES.md).\n"
		return name
	}},
	{"outside file", func(rng *rand.Rand, t tree) string {
		if _, ok := t["NOTES.md"]; ok {
			delete(t, "NOTES.md")
			return "NOTES.md removed"
		}
		t["NOTES.md"] = "Notes kept beside the handbook.\n"
		return "NOTES.md added"
	}},
	{"part link", func(rng *rand.Rand, t tree) string {
		// A link to a heading of another page: checked against that page's ids.
		name := t.pick(rng, chapterRE)
		target := t.pick(rng, chapterRE)
		if name == target || !strings.Contains(t[target], "## Scope and purpose") {
			return ""
		}
		t[name] += "\nSee [its scope](" + relPath(path.Dir(name), target) + "#scope-and-purpose).\n"
		return name + " -> " + target
	}},
	{"heading renamed", func(rng *rand.Rand, t tree) string {
		name := t.pick(rng, chapterRE)
		if !t.replaceFirst(name, `## Scope and purpose`, "## Scope") {
			return ""
		}
		return name
	}},
	{"draft", func(rng *rand.Rand, t tree) string {
		name := t.pick(rng, chapterRE)
		if !t.addToFrontMatter(name, "draft = true") {
			return ""
		}
		return name
	}},
	{"alias", func(rng *rand.Rand, t tree) string {
		name := t.pick(rng, chapterRE)
		if !t.addToFrontMatter(name, fmt.Sprintf(`aliases = ["/old/alias-%d/"]`, rng.IntN(1000))) {
			return ""
		}
		return name
	}},
	{"static", func(rng *rand.Rand, t tree) string {
		name := fmt.Sprintf("content/guide/file-%d.txt", rng.IntN(3))
		t[name] = fmt.Sprintf("a static file, version %d\n", rng.IntN(1000))
		return name
	}},
}

// relPath returns the relative link from the folder dir to the file target.
func relPath(dir, target string) string {
	up := strings.Repeat("../", strings.Count(strings.TrimPrefix(dir, "content"), "/"))
	return up + strings.TrimPrefix(target, "content/")
}

// exampleSource copies the example handbook, with warnings not errors and a menu
// entry that takes its title from a page (so that every page shows that title).
func exampleSource(t *testing.T, dir string) {
	copyTree(t, "../..", dir, "config.toml", "content", "templates")
	b, err := os.ReadFile(filepath.Join(dir, "config.toml"))
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.Replace(b, []byte("strict = true"), []byte("strict = false"), 1)
	b = append(b, "\n[[menu.main]]\npageRef = \"guide/ownership.md\"\nweight = 1\n"...)
	if err := os.WriteFile(filepath.Join(dir, "config.toml"), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// smallSource is a handbook much smaller than the example with the same kinds of thing
// in it (chapters in sections, a guide page a menu entry names, roles, duties, people,
// a stage, a footer of its own), for the race detector's slow builds.
func smallSource(t *testing.T, dir string) {
	if err := synthetic.Write(dir, 24); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"config.toml": "title = \"Small handbook\"\nbaseURL = \"https://handbook.example.com/\"\ndefaultLanguage = \"en\"\n\n" +
			"[languages.en]\nweight = 1\n[languages.zh]\nweight = 2\n\n[[menu.main]]\npageRef = \"guide/ownership.md\"\n",
		"templates/layouts/partials/footer.html": "<footer class=\"site-footer\"><p>{{ .Site.Title }}</p></footer>\n",
		"content/guide/_index.md":                "+++\ntitle = \"Guide\"\n+++\nHow we work.\n",
		"content/guide/ownership.md":             "+++\ntitle = \"Who owns what\"\n+++\nAsk [the owner](role:ops).\n",
		"content/skills.toml":                    "[care]\nname = \"Care\"\ndescription = \"Caring.\"\n",
		"content/stages.toml":                    "[team]\ntitle = \"Team\"\nmax_people = 9\nroles = [\"ops\", \"design\", \"service\"]\n",
		"content/duties/shop.toml": "[orders]\ntitle = \"Orders\"\ncadence = \"daily\"\naccountable = \"ops\"\nresponsible = [\"ops\"]\ninformed = [\"service\"]\n\n" +
			"[images]\ntitle = \"Images\"\ncadence = \"weekly\"\naccountable = \"design\"\nresponsible = [\"design\"]\nconsulted = [\"ops\"]\n",
	}
	for _, r := range []string{"ops", "design", "service"} {
		files["content/roles/"+r+".md"] = fmt.Sprintf("+++\ntitle = { zh = \"%s\", en = \"%s\" }\narea = \"shop\"\n[skills]\ncare = 2\n+++\nThe %s role.\n", r, r, r)
		files["content/people/"+r+"-person.md"] = fmt.Sprintf("+++\nname = \"%s person\"\nroles = [\"%s\"]\n+++\n", r, r)
	}
	if err := synthetic.WriteFiles(dir, files); err != nil {
		t.Fatal(err)
	}
}

// editor applies edits to the handbook in dir one at a time and after each builds the
// site incrementally into one destination and from scratch into another: both builds
// must fail, or both succeed with the same diagnostics and byte-identical sites. An
// edit that makes the builds fail is undone.
type editor struct {
	t                    *testing.T
	dir, dest            string
	files                tree
	reused, total, steps int
}

func newEditor(t *testing.T, setup func(t *testing.T, dir string)) *editor {
	e := &editor{t: t, dir: t.TempDir(), dest: filepath.Join(t.TempDir(), "public")}
	setup(t, e.dir)
	if _, _, res, err := e.build(e.dest); err != nil {
		var ds []string
		for _, d := range res.Diags.Items() {
			ds = append(ds, d.String())
		}
		t.Fatalf("first build: %v\n%s", err, strings.Join(ds, "\n"))
	}
	e.files = readSource(t, e.dir)
	return e
}

func (e *editor) build(dest string) (map[string][]byte, []string, *Result, error) {
	cfg, _, err := config.Load(config.Options{Source: e.dir, Env: func(string) (string, bool) { return "", false }})
	if err != nil {
		return nil, nil, &Result{Diags: &diag.List{}}, err
	}
	cfg.Destination = dest
	res, err := Build(context.Background(), cfg, Options{})
	var ds []string
	for _, d := range res.Diags.Items() {
		ds = append(ds, d.String())
	}
	slices.Sort(ds)
	if err != nil {
		return nil, ds, res, err
	}
	return readTree(e.t, dest), ds, res, nil
}

// apply makes one edit and compares the builds; it reports whether the edit stayed
// (false when it changed nothing or made the handbook fail).
func (e *editor) apply(label string, do func(tree) string) bool {
	t := e.t
	next := maps.Clone(e.files)
	what := do(next)
	if what == "" || maps.Equal(next, e.files) {
		return false
	}
	label += ": " + what
	e.files.sync(t, e.dir, next)
	want, wantDiags, _, wantErr := e.build(filepath.Join(t.TempDir(), "public"))
	before := readTree(t, e.dest)
	got, gotDiags, res, err := e.build(e.dest)
	if (err == nil) != (wantErr == nil) {
		t.Fatalf("%s: incremental build error %v, clean build error %v\n%v", label, err, wantErr, gotDiags)
	}
	if diff := cmp.Diff(wantDiags, gotDiags); diff != "" {
		t.Errorf("%s: diagnostics (-clean +incremental):\n%s", label, diff)
	}
	if err != nil {
		// Both failed: the destination is as it was; undo the edit.
		if diff := cmp.Diff(before, readTree(t, e.dest)); diff != "" {
			t.Errorf("%s: a failed build changed the site (-before +after):\n%s", label, diff)
		}
		next.sync(t, e.dir, e.files)
		t.Logf("%s: fails as it should (%d diagnostics); undone", label, len(gotDiags))
		return false
	}
	e.files = next
	e.steps++
	e.reused += res.Reused
	e.total += res.Pages
	t.Logf("%s: %d of %d pages rendered", label, res.Pages-res.Reused, res.Pages)
	for name := range want {
		if !bytes.Equal(got[name], want[name]) {
			i := firstDiff(got[name], want[name])
			t.Errorf("%s: %s differs from a clean build's at byte %d:\nincremental: %q\nclean:       %q",
				label, name, i, around(got[name], i), around(want[name], i))
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Errorf("%s: %s is not in a clean build", label, name)
		}
	}
	if t.Failed() {
		t.FailNow()
	}
	return true
}

// issueEdits are the kinds of edit every build cache must follow, at the least: a body,
// a title shown in the navigation, a role's title and a duty's owner shown on many
// pages, a template, the config, a deleted page, a renamed file.
var issueEdits = []string{"body", "menu page title", "role title", "owner", "template", "config", "delete", "rename"}

// TestIncrementalEdits makes each kind of edit the build cache must follow, in turn, on
// the example handbook (under the race detector, those of issueEdits on smallSource):
// every incremental build is byte-identical to a clean one.
func TestIncrementalEdits(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	source := exampleSource
	if raceEnabled {
		source = smallSource
	}
	e := newEditor(t, source)
	for _, ed := range edits {
		if raceEnabled && !slices.Contains(issueEdits, ed.name) {
			continue
		}
		for range 3 { // a target that makes the handbook fail is undone: try another
			if e.apply(ed.name, func(tr tree) string { return ed.do(rng, tr) }) {
				break
			}
		}
	}
	t.Logf("%d builds: %d of %d pages reused", e.steps, e.reused, e.total)
	if e.reused == 0 {
		t.Error("no page was ever reused: the test compares full builds only")
	}
}

// TestIncrementalMatchesClean applies random edits of every kind to handbooks, one at a
// time, comparing each incremental build with a clean one.
func TestIncrementalMatchesClean(t *testing.T) {
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	sources := []struct {
		name  string
		setup func(t *testing.T, dir string)
		steps int
	}{
		{"example", exampleSource, 12},
		{"synthetic", func(t *testing.T, dir string) {
			if err := synthetic.Write(dir, 120); err != nil {
				t.Fatal(err)
			}
		}, 20},
	}
	if raceEnabled {
		// TestIncrementalEdits covers the example; a few random steps on the other.
		sources = sources[1:]
		sources[0].steps = 6
	}
	for i, src := range sources {
		t.Run(src.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, uint64(i)))
			e := newEditor(t, src.setup)
			for step := range src.steps {
				ed := edits[rng.IntN(len(edits))]
				e.apply(fmt.Sprintf("step %d, %s", step, ed.name), func(tr tree) string { return ed.do(rng, tr) })
			}
			t.Logf("%d builds: %d of %d pages reused", e.steps, e.reused, e.total)
			if e.steps > 3 && e.reused == 0 {
				t.Error("no page was ever reused: the test compares full builds only")
			}
		})
	}
}

// TestCacheRoundTrip checks that the cache decodes to what was encoded, and that any
// damage makes it unusable rather than wrong.
func TestCacheRoundTrip(t *testing.T) {
	c := &cache{journal: "12 345 678", self: "build id", pages: map[string]*cached{},
		loaded: map[string]loadedPage{"content/a.md": {stamp: load.Stamp{Size: 10, ModTime: -3, ChangeTime: 1 << 60, Ino: 4, Dev: 5}, data: []byte("encoded page")}}}
	c.global[0] = 7
	c.pages["index.html"] = &cached{}
	c.pages["guide/index.html"] = &cached{rec: recordFor(t)}
	data := cacheBytes(t, c)
	got, err := decodeCache(data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(c, got, cmp.AllowUnexported(cache{}, cached{}, loadedPage{}), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	// Made with another commit than the one in place: the loaded pages only.
	other, err := decodeCache(data, func(j string) bool { return j == "another" })
	if err != nil {
		t.Fatal(err)
	}
	want := &cache{journal: c.journal, self: c.self, global: c.global, loaded: c.loaded}
	if diff := cmp.Diff(want, other, cmp.AllowUnexported(cache{}, cached{}, loadedPage{}), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("with another journal (-want +got):\n%s", diff)
	}
	for i := range data {
		damaged := bytes.Clone(data)
		damaged[i] ^= 0x20
		if _, err := decodeCache(damaged, nil); err == nil {
			t.Fatalf("a cache with byte %d changed was accepted", i)
		}
	}
	for _, n := range []int{0, 10, len(data) - 1} {
		if _, err := decodeCache(data[:n], nil); err == nil {
			t.Errorf("a cache cut at %d bytes was accepted", n)
		}
	}
}

// FuzzCache checks that no file, however damaged, makes decoding panic.
func FuzzCache(f *testing.F) {
	c := &cache{journal: "1 2 3", pages: map[string]*cached{"a/index.html": {}}}
	f.Add(cacheBytes(f, c))
	f.Add([]byte(cacheMagic))
	f.Fuzz(func(t *testing.T, data []byte) {
		decodeCache(data, nil)
	})
}

// cacheBytes writes c as a build writes its cache (startCache with the pages loaded,
// then finish) and returns the file.
func cacheBytes(t testing.TB, c *cache) []byte {
	t.Helper()
	name := filepath.Join(t.TempDir(), ".public.rolebook-cache")
	var pages []pageSource
	for _, f := range slices.Sorted(maps.Keys(c.loaded)) {
		pages = append(pages, pageSource{file: f, stamp: c.loaded[f].stamp, data: c.loaded[f].data})
	}
	if err := startCache(name, c.self, pages).finish(c); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func recordFor(t *testing.T) render.Record {
	t.Helper()
	return render.Record{
		Indexed:   true,
		Links:     []string{"a.md", "role:ops", "../x.md#y"},
		IDs:       []string{"first", "second"},
		Fragments: []markdown.Fragment{{URL: "/guide/x/", ID: "part", Pos: diag.Pos{File: "content/guide/_index.md", Line: 9, Col: 4}}},
		Warnings: []diag.Diagnostic{{Pos: diag.Pos{File: "content/guide/_index.md", Line: 3, Col: 1, Origin: diag.InGenerated}, Severity: diag.Warning,
			Rule: "duplicate-id", Message: "two headings", Hint: "rename one", Related: []diag.Pos{{File: "content/guide/_index.md", Line: 5}}}},
	}
}

// TestSelfID checks that the running executable is identified by its build ID, the
// same as go tool buildid prints.
func TestSelfID(t *testing.T) {
	id, err := selfID()
	if err != nil {
		t.Fatal(err)
	}
	exe, _ := os.Executable()
	out, err := exec.Command("go", "tool", "buildid", exe).Output()
	if err != nil {
		t.Skipf("go tool buildid: %v", err)
	}
	if want := strings.TrimSpace(string(out)); id != want {
		t.Errorf("selfID() = %q, want the build ID %q", id, want)
	}
}

// TestIncrementalPartLinks checks links to parts of other pages, which are checked once
// every page has rendered: a page reused must still give its links and its ids to that
// check, or an incremental build would miss a link a clean build reports broken.
func TestIncrementalPartLinks(t *testing.T) {
	e := newEditor(t, func(t *testing.T, dir string) {
		if err := synthetic.Write(dir, 30); err != nil {
			t.Fatal(err)
		}
	})
	const a, b, c = "content/sec-01/page-000001.md", "content/sec-02/page-000002.md", "content/sec-03/page-000003.md"
	steps := []struct {
		name string
		do   func(tree) string
	}{
		{"a links to a part of b", func(tr tree) string {
			tr[a] += "\nSee [b's scope](../sec-02/page-000002.md#scope-and-purpose).\n"
			return a
		}},
		// a is reused; the clean build finds its link broken, so must this one.
		{"b's heading renamed", func(tr tree) string {
			tr[b] = strings.Replace(tr[b], "## Scope and purpose", "## Scope", 1)
			return b
		}},
		// b is reused; c's new link to a part b has not is broken.
		{"c links to a part b lacks", func(tr tree) string {
			tr[c] += "\nSee [b's missing part](../sec-02/page-000002.md#no-such-part).\n"
			return c
		}},
		{"c links to a part b has", func(tr tree) string {
			tr[c] += "\nSee [b's details](../sec-02/page-000002.md#details).\n"
			return c
		}},
	}
	for _, st := range steps {
		e.apply(st.name, st.do)
	}
}

// TestRacy pins which Stamps the cache leaves out: a file changed shortly before the
// build began (or after), whatever the precision of its times, since Linux's ext4 and
// tmpfs give times in nanoseconds from a clock that ticks every few milliseconds.
func TestRacy(t *testing.T) {
	start := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)
	at := func(d time.Duration) int64 { return start.Add(d).UnixNano() }
	old := at(-time.Hour)
	for _, tc := range []struct {
		name string
		s    load.Stamp
		want bool
	}{
		{"no stamp", load.Stamp{}, true},
		{"changed an hour before", load.Stamp{Size: 1, ModTime: old, ChangeTime: old}, false},
		{"written 3 ms before, nanosecond times", load.Stamp{Size: 1, ModTime: at(-3*time.Millisecond + 123), ChangeTime: at(-3*time.Millisecond + 123)}, true},
		{"written 1 s before, whole microseconds", load.Stamp{Size: 1, ModTime: at(-time.Second), ChangeTime: at(-time.Second)}, true},
		{"written after the start", load.Stamp{Size: 1, ModTime: at(time.Millisecond + 7), ChangeTime: at(time.Millisecond + 7)}, true},
		{"old content, attributes changed just before", load.Stamp{Size: 1, ModTime: old, ChangeTime: at(-time.Millisecond + 1)}, true},
		{"just outside the window", load.Stamp{Size: 1, ModTime: at(-racyWindow - 1), ChangeTime: at(-racyWindow - 1)}, false},
	} {
		if got := racy(tc.s, start); got != tc.want {
			t.Errorf("%s: racy = %v, want %v", tc.name, got, tc.want)
		}
	}
}
