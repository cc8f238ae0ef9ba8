package report

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/rolebook/rolebook/generator/check"
	"github.com/rolebook/rolebook/generator/fit"
	"github.com/rolebook/rolebook/generator/handbook"
	"github.com/rolebook/rolebook/generator/load"
)

// decode builds a handbook from content/ files, failing on any error.
func decode(t *testing.T, files map[string]string) *handbook.Handbook {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, text := range files {
		fsys["content/"+name] = &fstest.MapFile{Data: []byte(text)}
	}
	c, diags := load.Read(context.Background(), fsys, "content", load.Options{})
	if diags.HasErrors() {
		t.Fatalf("load: %v", diags.Items())
	}
	hb, diags := handbook.Decode(c.Data, c.Pages, handbook.Options{DefaultLanguage: "en", Languages: []string{"en"}})
	if diags.HasErrors() {
		t.Fatalf("decode: %v", diags.Items())
	}
	if ds := check.Run(hb, check.Options{}); ds.HasErrors() {
		t.Fatalf("check: %v", ds.Items())
	}
	return hb
}

func role(skills string, headcount int) string {
	return fmt.Sprintf("+++\ntitle = \"r\"\nheadcount = %d\n%s+++\n", headcount, skills)
}

func person(roles, skills string) string {
	return fmt.Sprintf("+++\nname = \"p\"\nroles = [%s]\n[skills]\n%s+++\n", roles, skills)
}

// greedy is a team where filling roles one at a time with the best person left is
// wrong: x is the best for both roles, y can only do a.
func greedy(t *testing.T) *handbook.Handbook {
	return decode(t, map[string]string{
		"skills.toml": "[s1]\nname = \"S1\"\n[s2]\nname = \"S2\"\n[s4]\nname = \"S4\"\n",
		"roles/a.md":  role("[skills]\ns1 = 2\n", 1),
		"roles/b.md":  role("[skills]\ns2 = 3\n[preferred]\ns4 = 1\n", 1),
		"people/x.md": person(`"a"`, "s1 = 2\ns2 = 3\n"),
		"people/y.md": person(`"b"`, "s1 = 1\n"),
		"duties/d.toml": "[da]\ntitle = \"Da\"\naccountable = \"a\"\nresponsible = [\"a\"]\neffort = 50\n" +
			"[db]\ntitle = \"Db\"\naccountable = \"b\"\nresponsible = [\"b\"]\n",
	})
}

// anyFit are the default settings without a minimum fit, and with training
// allowed: the recommendation is then the plain best total of scores.
func anyFit() *Settings {
	s := DefaultSettings()
	s.MinFit, s.AllowTraining = 0, true
	return &s
}

func TestGreedyIsWrong(t *testing.T) {
	r := Analyze(greedy(t), Options{Settings: anyFit()})
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Assignment []Slot `json:"assignment"`
		Risks      []Risk `json:"risks"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	want := []Slot{{"a", "y", 50}, {"b", "x", 90}}
	if diff := cmp.Diff(want, got.Assignment); diff != "" {
		t.Errorf("assignment (-want +got):\n%s", diff)
	}
	wantChanges := []RoleChange{
		{Role: "a", Before: []Slot{{"a", "x", 100}}, After: []Slot{{"a", "y", 50}}, Delta: -50},
		{Role: "b", Before: []Slot{{"b", "y", 0}}, After: []Slot{{"b", "x", 90}}, Delta: 90},
	}
	if diff := cmp.Diff(wantChanges, r.Changes); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
	kinds := map[string]bool{}
	for _, k := range got.Risks {
		kinds[k.Kind+" "+k.Person] = true
	}
	for _, k := range []string{"missing-skill y", "over-capacity x", "no-growth x"} {
		if !kinds[k] {
			t.Errorf("risks lack %q: %+v", k, got.Risks)
		}
	}
}

// TestAssignmentOptimal compares the report's recommendation with every possible
// assignment of small random teams.
func TestAssignmentOptimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := range 200 {
		nr, np := 1+rng.IntN(3), 1+rng.IntN(4)
		files := map[string]string{"skills.toml": "[k0]\nname = \"K\"\n[k1]\nname = \"K\"\n[k2]\nname = \"K\"\n"}
		var roles []string
		for i := range nr {
			id := fmt.Sprintf("r%d", i)
			roles = append(roles, id)
			var sk strings.Builder
			sk.WriteString("[skills]\n")
			for k := range 3 {
				if rng.IntN(2) == 0 {
					fmt.Fprintf(&sk, "k%d = %d\n", k, 1+rng.IntN(4))
				}
			}
			files["roles/"+id+".md"] = role(sk.String(), 1)
		}
		for j := range np {
			var sk strings.Builder
			for k := range 3 {
				fmt.Fprintf(&sk, "k%d = %d\n", k, rng.IntN(5))
			}
			held := fmt.Sprintf("%q", roles[rng.IntN(nr)])
			files[fmt.Sprintf("people/p%d.md", j)] = person(held, sk.String())
		}
		hb := decode(t, files)
		tm := NewTeam(hb, Options{MaxRolesPerPerson: 1, Settings: anyFit()})
		got := 0.0
		for _, s := range tm.Recommend().Slots {
			got += s.Score
		}
		if best := brute(tm); math.Abs(got-best) > 1e-6 {
			t.Fatalf("case %d: recommended total %v, best %v\n%v", n, got, best, files)
		}
	}
}

// brute tries every way to give each role one person or none, one role a person.
func brute(tm *Team) float64 {
	best := 0.0
	used := make([]bool, len(tm.People))
	var try func(i int, sum float64)
	try = func(i int, sum float64) {
		if i == len(tm.Roles) {
			best = max(best, sum)
			return
		}
		try(i+1, sum)
		for j, p := range tm.People {
			if !used[j] {
				used[j] = true
				try(i+1, sum+scoreOf(tm.Roles[i], p))
				used[j] = false
			}
		}
	}
	try(0, 0)
	return best
}

func TestWhatIf(t *testing.T) {
	hb := greedy(t)
	if _, err := ParseWhatIf(hb, "people/z.md=leave"); err == nil || !strings.Contains(err.Error(), `no person "z"`) {
		t.Errorf("unknown person: %v", err)
	}
	for _, bad := range []string{"x", "people/x.md=stay", "roles/a.md=leave", "people/x=leave"} {
		if _, err := ParseWhatIf(hb, bad); err == nil {
			t.Errorf("ParseWhatIf(%q) succeeded", bad)
		}
	}
	l, err := ParseWhatIf(hb, "content/people/x.md=leave")
	if err != nil || l.Person != "x" {
		t.Fatalf("ParseWhatIf = %v, %v", l, err)
	}
	w := NewTeam(hb, Options{Settings: anyFit()}).WhatIfLeave("x")
	if diff := cmp.Diff([]Orphan{{"da", "a"}}, w.Orphaned); diff != "" {
		t.Errorf("orphaned (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]Slot{}, w.Reassignment); diff != "" {
		t.Errorf("reassignment (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]Slot{{"a", "y", 50}}, w.Report.Assignment); diff != "" {
		t.Errorf("assignment without x (-want +got):\n%s", diff)
	}
}

func TestDiff(t *testing.T) {
	old := greedy(t)
	files := map[string]string{
		"skills.toml":   "[s1]\nname = \"S1\"\n",
		"roles/a.md":    role("", 1),
		"roles/b.md":    role("", 1),
		"people/x.md":   person(`"a"`, ""),
		"people/y.md":   person(`"b"`, ""),
		"duties/d.toml": "[da]\ntitle = \"Da\"\naccountable = \"b\"\nresponsible = [\"b\"]\n[dc]\ntitle = \"Dc\"\naccountable = \"a\"\nresponsible = [\"a\"]\n",
	}
	got := Diff(old, decode(t, files), "")
	want := []Change{
		{ChangeMoved, "da", "", "b", "owner role a -> b"},
		{ChangeLost, "da", "x", "a", "no longer accountable"},
		{ChangeGained, "da", "y", "b", "now accountable"},
		{ChangeRemoved, "db", "", "b", "duty removed"},
		{ChangeLost, "db", "y", "b", "no longer accountable"},
		{ChangeAdded, "dc", "", "a", "new duty"},
		{ChangeGained, "dc", "x", "a", "now accountable"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diff (-want +got):\n%s", diff)
	}
}

func scoreOf(r fit.Role, p fit.Person) float64 { return fit.Score(r, p).Score }
