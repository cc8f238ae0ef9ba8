package main

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// minimum are the lowest versions that fix the advisories listed in SECURITY.md.
var minimum = map[string]string{
	"github.com/yuin/goldmark":           "v1.7.17",
	"golang.org/x/net":                   "v0.38.0",
	"go.yaml.in/yaml/v3":                 "v3.0.0",
	"github.com/microcosm-cc/bluemonday": "v1.0.16",
}

// TestDependencyVersions fails when go.mod falls below a version that fixes a known
// advisory (SECURITY.md), since govulncheck cannot always reach its database.
func TestDependencyVersions(t *testing.T) {
	b, err := os.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range checkGoMod(b) {
		t.Error(p)
	}
}

// TestCheckGoMod shows that the check fails on a go.mod below each minimum.
func TestCheckGoMod(t *testing.T) {
	ok := "module m\ngo 1.26.8\nrequire (\n\tgithub.com/yuin/goldmark v1.8.7\n\tgolang.org/x/net v0.62.0\n\tgo.yaml.in/yaml/v3 v3.0.6\n\tgithub.com/microcosm-cc/bluemonday v1.0.27\n)\n"
	if got := checkGoMod([]byte(ok)); len(got) != 0 {
		t.Errorf("a go.mod at the minimums: %v", got)
	}
	for _, tt := range []struct{ from, to, want string }{
		{"goldmark v1.8.7", "goldmark v1.7.16", "github.com/yuin/goldmark v1.7.16, below v1.7.17"},
		{"x/net v0.62.0", "x/net v0.37.0", "golang.org/x/net v0.37.0, below v0.38.0"},
		{"go 1.26.8", "go 1.21.0", "go directive v1.21.0 is below 1.21.1"},
		{"\tgo.yaml.in/yaml/v3 v3.0.6\n", "", "does not require go.yaml.in/yaml/v3"},
		{"bluemonday v1.0.27", "bluemonday v1.0.15", "github.com/microcosm-cc/bluemonday v1.0.15, below v1.0.16"},
	} {
		got := strings.Join(checkGoMod([]byte(strings.Replace(ok, tt.from, tt.to, 1))), "\n")
		if !strings.Contains(got, tt.want) {
			t.Errorf("go.mod with %q: %q, want it to say %q", tt.to, got, tt.want)
		}
	}
}

// checkGoMod returns what go.mod (its text) lacks of the minimums.
func checkGoMod(b []byte) []string {
	var problems []string
	found := map[string]string{}
	goVersion := ""
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(strings.TrimPrefix(strings.TrimSpace(line), "require "))
		if len(f) >= 2 && f[0] == "go" {
			goVersion = "v" + f[1]
		}
		if len(f) >= 2 {
			if _, ok := minimum[f[0]]; ok {
				found[f[0]] = f[1]
			}
		}
	}
	for mod, min := range minimum {
		got, ok := found[mod]
		if !ok {
			problems = append(problems, fmt.Sprintf("go.mod does not require %s; SECURITY.md expects at least %s", mod, min))
			continue
		}
		if less(got, min) {
			problems = append(problems, fmt.Sprintf("go.mod requires %s %s, below %s which fixes a known advisory (see SECURITY.md)", mod, got, min))
		}
	}
	if less(goVersion, "v1.21.1") {
		problems = append(problems, fmt.Sprintf("go.mod's go directive %s is below 1.21.1, which fixes html/template advisories", goVersion))
	}
	sort.Strings(problems)
	return problems
}

func TestLess(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"v1.7.16", "v1.7.17", true},
		{"v1.8.7", "v1.7.17", false},
		{"v1.7.17", "v1.7.17", false},
		{"v0.9.0", "v0.38.0", true},
		{"v1.26.8", "v1.21.1", false},
		{"v1.7.17-0.20240101000000-abcdef", "v1.7.17", true},
	}
	for _, tt := range tests {
		if got := less(tt.a, tt.b); got != tt.want {
			t.Errorf("less(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// less compares two semantic versions (vMAJOR.MINOR.PATCH with an optional
// pre-release, which sorts before the release).
func less(a, b string) bool {
	pa, pra := parse(a)
	pb, prb := parse(b)
	for i := range pa {
		if pa[i] != pb[i] {
			return pa[i] < pb[i]
		}
	}
	return pra != "" && prb == ""
}

func parse(v string) ([3]int, string) {
	var out [3]int
	v = strings.TrimPrefix(v, "v")
	v, pre, _ := strings.Cut(v, "-")
	for i, p := range strings.SplitN(v, ".", 3) {
		out[i], _ = strconv.Atoi(p)
	}
	return out, pre
}
