package e2e

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/rolebook/rolebook/generator/build"
	"github.com/rolebook/rolebook/generator/config"
)

// testOwnerSite writes the example's owner's report (rolebook report --format html) and
// drives it as the staff site is driven: every page kind at a phone's and a desktop's
// width, axe in light and dark mode, the English pages too, and each page marked
// owner-only and noindex.
func testOwnerSite(t *testing.T, b *browser) {
	cfg, _, err := config.Load(config.Options{Source: repoRoot(t), Env: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	cfg.Destination = filepath.Join(tmp, "public")
	dir := filepath.Join(tmp, "owner")
	res, err := build.Owner(context.Background(), cfg, dir, build.OwnerOptions{StaffDestination: cfg.Destination, WhatIf: "people/wang-fang.md=leave"})
	if err != nil {
		t.Fatalf("writing the owner's report: %v\n%v", err, res.Diags)
	}
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	s := &site{dir: dir, url: srv.URL}
	kinds := kindPages(t, dir)
	for _, k := range []string{"owner", "assignments", "owner-load", "owner-risks", "owner-whatif"} {
		if kinds[k] == "" {
			t.Errorf("the owner's report has no page of kind %q (it has %v)", k, kinds)
		}
	}
	for _, u := range []string{"/", "/en/", kinds["assignments"], "/en" + kinds["owner-risks"]} {
		b.open(t, s.url+u)
		if !eval[bool](t, b, `!!document.querySelector(".owner-only") && document.querySelector('meta[name="robots"]').content === "noindex"`) {
			t.Errorf("%s is not marked owner-only and noindex", u)
		}
	}
	t.Run("layout", func(t *testing.T) { testLayout(t, b, s, kinds) })
	t.Run("accessibility", func(t *testing.T) {
		testAccessibility(t, b, s, kinds, "/en/", "/en"+kinds["assignments"], "/en"+kinds["owner-load"])
	})
}
