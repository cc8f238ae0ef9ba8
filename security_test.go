package main

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

// minimum are the lowest versions that fix the advisories listed in SECURITY.md.
var minimum = map[string]string{
	"github.com/yuin/goldmark": "v1.7.17",
	"golang.org/x/net":         "v0.38.0",
	"go.yaml.in/yaml/v3":       "v3.0.0",
}

// TestDependencyVersions fails when go.mod falls below a version that fixes a known
// advisory (SECURITY.md), since govulncheck cannot always reach its database.
func TestDependencyVersions(t *testing.T) {
	b, err := os.ReadFile("go.mod")
	if err != nil {
		t.Fatal(err)
	}
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
			t.Errorf("go.mod does not require %s; SECURITY.md expects at least %s", mod, min)
			continue
		}
		if less(got, min) {
			t.Errorf("go.mod requires %s %s, below %s which fixes a known advisory (see SECURITY.md)", mod, got, min)
		}
	}
	if less(goVersion, "v1.21.1") {
		t.Errorf("go.mod's go directive %s is below 1.21.1, which fixes html/template advisories", goVersion)
	}
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
