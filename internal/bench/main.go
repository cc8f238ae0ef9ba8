//go:build unix

// Command bench measures the cases of docs/performance.md that ../shared/bench/compare.sh
// does not: full builds of a handbook that overrides theme files as `rolebook new site
// --example` makes them, rebuilds after a one-page edit and after a role's title changes, three
// full rebuilds into the same destination, and peak memory. Each pair of commands runs
// alternately (A, B, A, B...) so that a machine shared with other work slows both
// alike, and the medians are printed as rows of a Markdown table.
//
//	go run ./internal/bench [-dir DIR] [-n PAGES] [-runs N] CASE...
//
// DIR holds the sites (made with ../shared/bench/gen_site.py the first time) and the
// outputs; put it on tmpfs (/dev/shm/...) or on the disk to measure either. The cases:
//
//	full      Hugo and Rolebook build the handbook with the example's templates/ into
//	          an empty destination (wall time, peak memory)
//	body      rebuild after adding a sentence to one page's body, against a full build
//	          of the same handbook into an empty destination
//	body-print the same for a chapter the print page holds (it is rendered again too)
//	role      rebuild after changing one role's title, against a full build, on the
//	          handbook with team data (40 roles, 400 duties, 40 people)
//	rebuilds  after a first build, three consecutive full rebuilds into the same
//	          destination (--clean, and with the build cache deleted)
//	memory    peak memory of a full build
//
// It uses the rolebook built from this repository (go build) and hugo from PATH, and
// reads peak memory from getrusage, so it builds on Unix only.
package main

import (
	"flag"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/rolebook/rolebook/internal/synthetic"
)

func main() {
	dir := flag.String("dir", "/tmp/rolebook-bench", "where the sites and outputs go")
	n := flag.Int("n", 10000, "pages of the generated handbook")
	runs := flag.Int("runs", 5, "runs of each command")
	gen := flag.String("gen", "../shared/bench/gen_site.py", "the page generator")
	flag.Parse()
	b := &bench{dir: *dir, n: *n, runs: *runs, gen: *gen}
	if err := b.setup(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	for _, c := range flag.Args() {
		var err error
		switch c {
		case "full":
			err = b.full()
		case "body":
			// The last page is in the last section, beyond the chapters the print
			// page holds.
			err = b.body(fmt.Sprintf("content/sec-%02d/page-%06d.md", (b.n-1)%20, b.n-1), "one page's body")
		case "body-print":
			// The first section's landing page is the print page's first chapter.
			err = b.body("content/sec-00/_index.md", "the body of a chapter the print page holds")
		case "role":
			err = b.role()
		case "rebuilds":
			err = b.rebuilds()
		case "memory":
			err = b.memory()
		default:
			err = fmt.Errorf("unknown case %q", c)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "bench:", err)
			os.Exit(1)
		}
	}
}

type bench struct {
	dir, gen string
	n, runs  int
	rolebook string
	site     string // pages and `new site`'s templates/
	team     string // the same, with team data
}

// setup builds rolebook and makes the sites when they are missing.
func (b *bench) setup() error {
	if err := os.MkdirAll(b.dir, 0o755); err != nil {
		return err
	}
	b.rolebook = filepath.Join(b.dir, "rolebook")
	if err := run("go", "build", "-o", b.rolebook, "."); err != nil {
		return err
	}
	b.site = filepath.Join(b.dir, fmt.Sprintf("site-%d-override", b.n))
	b.team = filepath.Join(b.dir, fmt.Sprintf("site-%d-team", b.n))
	if _, err := os.Stat(filepath.Join(b.site, "content")); err != nil {
		if err := run("python3", b.gen, fmt.Sprint(b.n), b.site); err != nil {
			return err
		}
		config := "title = \"Synthetic Staff Handbook\"\nbaseURL = \"https://handbook.example.com/\"\n"
		if err := os.WriteFile(filepath.Join(b.site, "config.toml"), []byte(config), 0o644); err != nil {
			return err
		}
		// The templates/ of a handbook made with `rolebook new site --example`: the
		// footer and the words of its own that handbooks have.
		starter := filepath.Join(b.dir, "starter")
		os.RemoveAll(starter)
		if err := run(b.rolebook, "new", "site", "--example", "--lang", "en", starter); err != nil {
			return err
		}
		if err := os.CopyFS(filepath.Join(b.site, "templates"), os.DirFS(filepath.Join(starter, "templates"))); err != nil {
			return err
		}
	}
	if _, err := os.Stat(filepath.Join(b.team, "content")); err != nil {
		if err := os.CopyFS(b.team, os.DirFS(b.site)); err != nil {
			return err
		}
		if err := writeTeam(b.team, 40, 400); err != nil {
			return err
		}
	}
	return nil
}

// writeTeam writes the team data of a handbook: skills, one stage, roles (one holder
// each), duties in ten areas with each role accountable for as many, and people.
func writeTeam(dir string, roles, duties int) error {
	rng := rand.New(rand.NewSource(7))
	files := map[string]string{}
	var skills strings.Builder
	for s := range 8 {
		fmt.Fprintf(&skills, "[skill-%d]\nname = \"Skill %d\"\ndescription = \"What skill %d is.\"\n\n", s, s, s)
	}
	files["content/skills.toml"] = skills.String()
	var ids []string
	for r := range roles {
		ids = append(ids, fmt.Sprintf("role-%02d", r))
	}
	files["content/stages.toml"] = fmt.Sprintf("[team]\ntitle = \"The team\"\nmax_people = %d\nroles = [%s]\n", roles+10, quoted(ids))
	for r, id := range ids {
		reports := ""
		if r > 0 {
			reports = fmt.Sprintf("reports_to = %q\n", ids[(r-1)/4])
		}
		files["content/roles/"+id+".md"] = fmt.Sprintf("+++\ntitle = \"Role %d\"\narea = \"area-%d\"\nsummary = \"What role %d is for.\"\n%s[skills]\nskill-%d = 2\n+++\nRole %d does its part of the work.\n",
			r, r%10, r, reports, r%8, r)
		files[fmt.Sprintf("content/people/person-%02d.md", r)] = fmt.Sprintf("+++\nname = \"Person %d\"\nroles = [%q]\nstarted = \"2024-01-%02d\"\n[skills]\nskill-%d = 3\n+++\n",
			r, id, 1+r%28, r%8)
	}
	areas := map[int]*strings.Builder{}
	for d := range duties {
		a := d % 10
		if areas[a] == nil {
			areas[a] = &strings.Builder{}
		}
		o := d % len(ids)
		other := func() string { return ids[(o+1+rng.Intn(len(ids)-1))%len(ids)] } // not the owner
		fmt.Fprintf(areas[a], "[duty-%03d]\ntitle = \"Duty %d\"\ncadence = \"weekly\"\neffort = 1\naccountable = %q\nresponsible = [%q]\nconsulted = [%q]\ninformed = [%q]\n\n",
			d, d, ids[o], ids[o], other(), other())
	}
	for a, text := range areas {
		files[fmt.Sprintf("content/duties/area-%d.toml", a)] = text.String()
	}
	return synthetic.WriteFiles(dir, files)
}

func quoted(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, ", ")
}

// command is one thing to measure: prepare runs before each run, unmeasured.
type command struct {
	name    string
	prepare func(i int) error
	args    []string
}

// result is the medians of a command's runs.
type result struct {
	wall []time.Duration
	rss  []int64 // KiB
}

func median[T int64 | time.Duration](xs []T) T {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

func (r result) String() string {
	return fmt.Sprintf("%.3f s (%.3f–%.3f), %d MiB", median(r.wall).Seconds(), slices.Min(r.wall).Seconds(), slices.Max(r.wall).Seconds(), median(r.rss)/1024)
}

// alternate runs the commands in turn, runs times each, after one warm-up round.
func (b *bench) alternate(cmds ...command) ([]result, error) {
	out := make([]result, len(cmds))
	for i := -1; i < b.runs; i++ {
		for k, c := range cmds {
			if c.prepare != nil {
				if err := c.prepare(i); err != nil {
					return nil, err
				}
			}
			cmd := exec.Command(c.args[0], c.args[1:]...)
			cmd.Stderr = os.Stderr
			start := time.Now()
			if err := cmd.Run(); err != nil {
				return nil, fmt.Errorf("%s: %w", c.name, err)
			}
			wall := time.Since(start)
			if i < 0 {
				continue // warm-up
			}
			out[k].wall = append(out[k].wall, wall)
			out[k].rss = append(out[k].rss, cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss)
		}
	}
	return out, nil
}

func (b *bench) out(name string) string { return filepath.Join(b.dir, "out-"+name) }

// clear removes an output folder and its build cache.
func (b *bench) clear(name string) func(int) error {
	return func(int) error {
		os.Remove(filepath.Join(b.dir, ".out-"+name+".rolebook-cache"))
		return os.RemoveAll(b.out(name))
	}
}

func (b *bench) full() error {
	hugoSite := filepath.Join(b.dir, fmt.Sprintf("site-%d-override", b.n))
	rs, err := b.alternate(
		command{"hugo", b.clear("hugo"), []string{"hugo", "--quiet", "-s", hugoSite, "-d", b.out("hugo")}},
		command{"rolebook", b.clear("full"), []string{b.rolebook, "build", "--quiet", "-s", b.site, "-d", b.out("full")}},
	)
	if err != nil {
		return err
	}
	h, r := rs[0], rs[1]
	fmt.Printf("| full build, %d pages, the example's templates/ | Hugo %s | Rolebook %s | time %.2f, memory %.2f of Hugo's |\n",
		b.n, h, r, median(r.wall).Seconds()/median(h.wall).Seconds(), float64(median(r.rss))/float64(median(h.rss)))
	return nil
}

// edit changes the file rel of site before each run, a different change each time:
// after prefix it inserts suffix with the run's number. Before the warm-up run it
// restores the file and builds once, so that the destination is up to date. restore
// puts the file back.
func (b *bench) edit(site, out, rel, prefix, suffix string) (prepare func(int) error, restore func()) {
	name := filepath.Join(site, filepath.FromSlash(rel))
	orig, _ := os.ReadFile(name)
	restore = func() { os.WriteFile(name, orig, 0o644) }
	return func(i int) error {
		if i < 0 {
			if err := os.WriteFile(name, orig, 0o644); err != nil {
				return err
			}
			return run(b.rolebook, "build", "--quiet", "-s", site, "-d", out)
		}
		text := strings.Replace(string(orig), prefix, prefix+fmt.Sprintf(suffix, i), 1)
		return os.WriteFile(name, []byte(text), 0o644)
	}, restore
}

// body measures a rebuild after an edit of the body of the page rel, against a full
// build of the same handbook into an empty destination.
func (b *bench) body(rel, what string) error {
	inc := b.out("body")
	prepare, restore := b.edit(b.site, inc, rel, "## Contacts\n\n", "A sentence added, number %d. ")
	if !strings.Contains(rel, "page-") {
		prepare, restore = b.edit(b.site, inc, rel, "+++\n\n", "A sentence added, number %d.\n\n")
	}
	defer restore()
	rs, err := b.alternate(
		command{"full", b.clear("body-full"), []string{b.rolebook, "build", "--quiet", "-s", b.site, "-d", b.out("body-full")}},
		command{"one page", prepare, []string{b.rolebook, "build", "--quiet", "-s", b.site, "-d", inc}},
	)
	if err != nil {
		return err
	}
	fmt.Printf("| %s edited, %d pages, in %s | full %s | rebuild %s | %.3f of a full build |\n",
		what, b.n, b.dir, rs[0], rs[1], median(rs[1].wall).Seconds()/median(rs[0].wall).Seconds())
	return nil
}

func (b *bench) role() error {
	inc := b.out("role")
	prepare, restore := b.edit(b.team, inc, "content/roles/role-07.md", "title = \"Role 7", " (edit %d)")
	defer restore()
	rs, err := b.alternate(
		command{"full", b.clear("role-full"), []string{b.rolebook, "build", "--quiet", "-s", b.team, "-d", b.out("role-full")}},
		command{"role title", prepare, []string{b.rolebook, "build", "--quiet", "-s", b.team, "-d", inc}},
	)
	if err != nil {
		return err
	}
	fmt.Printf("| one role's title changed, %d pages and team data, in %s | full %s | rebuild %s | %.3f of a full build |\n",
		b.n, b.dir, rs[0], rs[1], median(rs[1].wall).Seconds()/median(rs[0].wall).Seconds())
	return nil
}

// rebuilds builds the handbook once, then three times more into the same destination,
// every page rendered each time: with --clean (every file of the destination compared
// by its bytes), and with the build cache deleted before each build (files compared by
// the journal's hashes). The files do not change, so a rebuild writes none of them.
func (b *bench) rebuilds() error {
	out := b.out("rebuilds")
	cache := filepath.Join(b.dir, ".out-rebuilds.rolebook-cache")
	if err := run(b.rolebook, "build", "--quiet", "-s", b.site, "-d", out); err != nil {
		return err
	}
	for round := range b.runs {
		for _, style := range []string{"--clean", "no cache"} {
			var walls, sys []time.Duration
			for range 3 {
				args := []string{"build", "--quiet", "-s", b.site, "-d", out}
				if style == "--clean" {
					args = append(args, "--clean")
				} else {
					os.Remove(cache)
				}
				cmd := exec.Command(b.rolebook, args...)
				cmd.Stderr = os.Stderr
				start := time.Now()
				if err := cmd.Run(); err != nil {
					return err
				}
				walls = append(walls, time.Since(start))
				sys = append(sys, cmd.ProcessState.SystemTime())
			}
			fmt.Printf("| three full rebuilds (%s) into one destination, %d pages, in %s, round %d | %.2f s, %.2f s, %.2f s (system %.2f, %.2f, %.2f s) | third / first %.2f |\n",
				style, b.n, b.dir, round+1, walls[0].Seconds(), walls[1].Seconds(), walls[2].Seconds(),
				sys[0].Seconds(), sys[1].Seconds(), sys[2].Seconds(), walls[2].Seconds()/walls[0].Seconds())
		}
	}
	return nil
}

func (b *bench) memory() error {
	rs, err := b.alternate(command{"rolebook", b.clear("memory"), []string{b.rolebook, "build", "--quiet", "-s", b.site, "-d", b.out("memory")}})
	if err != nil {
		return err
	}
	fmt.Printf("| peak memory of a full build, %d pages | %s |\n", b.n, rs[0])
	return nil
}

func run(name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	return cmd.Run()
}
