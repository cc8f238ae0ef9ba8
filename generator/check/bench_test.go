package check_test

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/rolebook/rolebook/generator/check"
	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/handbook"
	"github.com/rolebook/rolebook/generator/load"
)

// generated is a handbook built in memory as load would decode it.
type generated struct {
	data  []*load.Doc
	pages []*load.Page
}

// docBuilder fills a Doc, giving each key the next line of the file.
type docBuilder struct {
	doc  *load.Doc
	line int
}

func newDocBuilder(file string) *docBuilder {
	return &docBuilder{doc: load.NewDoc(file, load.TOML, diag.Pos{File: file, Line: 1, Col: 1})}
}

func (b *docBuilder) set(path ...string) {
	b.line++
	b.doc.SetPos(diag.Pos{File: b.doc.File, Line: b.line, Col: 1}, path...)
}

// list sets a key whose value is a list of ids, with a position for each entry.
func (b *docBuilder) list(m map[string]any, key string, ids []string, prefix ...string) {
	b.set(append(prefix, key)...)
	l := make([]any, len(ids))
	for i, id := range ids {
		l[i] = id
		b.doc.SetPos(diag.Pos{File: b.doc.File, Line: b.line, Col: 10 + 10*i}, append(prefix, key, strconv.Itoa(i))...)
	}
	m[key] = l
}

// generate makes a valid handbook: roles form a reporting tree, every role is held,
// three stages fold the later roles into the first ones, and every duty has one owner.
func generate(roles, duties, people int) generated {
	var g generated
	role := func(i int) string { return fmt.Sprintf("role-%d", i) }
	const skills, areas = 50, 100

	sk := newDocBuilder("content/skills.toml")
	for i := range skills {
		id := fmt.Sprintf("skill-%d", i)
		sk.set(id)
		sk.set(id, "name")
		sk.doc.Data[id] = map[string]any{"name": "Skill " + id}
	}
	g.data = append(g.data, sk.doc)

	// Stage k has the first limits[k] roles; the others are covered by role i % limits[k].
	limits := []int{roles / 10, roles / 2, roles}
	names := []string{"start", "growth", "scale"}
	st := newDocBuilder("content/stages.toml")
	firstStage := func(i int) string {
		for k, l := range limits {
			if i < l {
				return names[k]
			}
		}
		return ""
	}
	for k, id := range names {
		st.set(id)
		m := map[string]any{"title": id}
		st.set(id, "title")
		ids := make([]string, limits[k])
		for i := range ids {
			ids[i] = role(i)
		}
		st.list(m, "roles", ids, id)
		covers := map[string]any{}
		if limits[k] < roles {
			st.set(id, "covers")
			for i := limits[k]; i < roles; i++ {
				covers[role(i)] = role(i % limits[k])
				st.set(id, "covers", role(i))
			}
			m["covers"] = covers
		}
		st.doc.Data[id] = m
	}
	g.data = append(g.data, st.doc)

	files := make([]*docBuilder, areas)
	for a := range files {
		files[a] = newDocBuilder(fmt.Sprintf("content/duties/area-%d.toml", a))
		g.data = append(g.data, files[a].doc)
	}
	for i := range duties {
		b := files[i%areas]
		id := fmt.Sprintf("duty-%d", i)
		r := i % roles
		b.set(id)
		m := map[string]any{"title": "Duty " + id, "cadence": "weekly:mon", "accountable": role(r), "effort": 1.5}
		b.set(id, "title")
		b.set(id, "cadence")
		b.set(id, "accountable")
		b.set(id, "effort")
		b.list(m, "responsible", []string{role(r), role((r + 1) % roles)}, id)
		b.list(m, "consulted", []string{role((r + 2) % roles)}, id)
		b.list(m, "informed", []string{role((r + 3) % roles)}, id)
		b.doc.Data[id] = m
	}

	for i := range roles {
		file := fmt.Sprintf("content/roles/%s.md", role(i))
		b := newDocBuilder(file)
		m := b.doc.Data
		m["title"] = "Role " + role(i)
		b.set("title")
		m["area"] = fmt.Sprintf("area-%d", i%areas)
		b.set("area")
		m["stage"] = firstStage(i)
		b.set("stage")
		if i > 0 {
			m["reports_to"] = role((i - 1) / 10)
			b.set("reports_to")
		}
		b.list(m, "next", []string{role(i / 2)})
		// People i, i+roles, i+2*roles... hold role i; the first leads.
		if n := (people - i + roles - 1) / roles; n > 1 {
			m["headcount"] = int64(n)
			b.set("headcount")
			m["lead"] = fmt.Sprintf("person-%d", i)
			b.set("lead")
		}
		m["skills"] = map[string]any{fmt.Sprintf("skill-%d", i%skills): int64(3)}
		b.set("skills")
		b.set("skills", fmt.Sprintf("skill-%d", i%skills))
		g.pages = append(g.pages, &load.Page{Path: fmt.Sprintf("roles/%s.md", role(i)), File: file, Front: b.doc, Body: []byte("About the role.\n"), BodyLine: 8})
	}
	for i := range people {
		file := fmt.Sprintf("content/people/person-%d.md", i)
		b := newDocBuilder(file)
		m := b.doc.Data
		m["name"] = fmt.Sprintf("Person %d", i)
		b.set("name")
		b.list(m, "roles", []string{role(i % roles)})
		b.list(m, "interests", []string{fmt.Sprintf("skill-%d", (i+1)%skills)})
		m["skills"] = map[string]any{fmt.Sprintf("skill-%d", i%skills): int64(2)}
		b.set("skills")
		b.set("skills", fmt.Sprintf("skill-%d", i%skills))
		m["capacity"] = 1.0
		b.set("capacity")
		g.pages = append(g.pages, &load.Page{Path: fmt.Sprintf("people/person-%d.md", i), File: file, Front: b.doc})
	}
	return g
}

func checkGenerated(g generated) (*handbook.Handbook, *diag.List) {
	h, list := handbook.Decode(g.data, g.pages, handbook.Options{DefaultLanguage: "en"})
	list.Merge(check.Run(h, check.Options{Strict: true}))
	return h, list
}

// TestGeneratedIsValid makes sure the benchmark measures a clean handbook, so that
// it times the rules rather than the formatting of diagnostics.
func TestGeneratedIsValid(t *testing.T) {
	h, list := checkGenerated(generate(100, 2000, 500))
	if list.Len() != 0 {
		t.Fatalf("generated handbook has %d diagnostics:\n%v", list.Len(), list.Items()[:min(5, list.Len())])
	}
	if h.Fold("start").Line("duty-99").Owner == nil {
		t.Error("duty-99 has no owner at start")
	}
}

// BenchmarkCheck decodes and checks a generated handbook (Docs built in memory). The
// two sizes differ tenfold in duties: time and memory per run should grow tenfold
// at most, since every rule is linear.
func BenchmarkCheck(b *testing.B) {
	for _, size := range []struct{ roles, duties, people int }{{1000, 10000, 5000}, {1000, 100000, 5000}} {
		b.Run(fmt.Sprintf("roles=%d/duties=%d/people=%d", size.roles, size.duties, size.people), func(b *testing.B) {
			g := generate(size.roles, size.duties, size.people)
			b.ReportAllocs()
			for b.Loop() {
				_, list := checkGenerated(g)
				if list.Len() != 0 {
					b.Fatalf("%d diagnostics", list.Len())
				}
			}
		})
	}
}
