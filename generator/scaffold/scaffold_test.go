package scaffold

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestValidID(t *testing.T) {
	for id, ok := range map[string]bool{"after-sales": true, "a1": true, "A": false, "a_b": false, "-a": false, "a-": false, "a--b": false, "": false, "运营": false} {
		if got := ValidID(id) == nil; got != ok {
			t.Errorf("ValidID(%q) ok = %v, want %v", id, got, ok)
		}
	}
}

func TestPagePath(t *testing.T) {
	tests := map[string]string{
		"guide/holidays.md":         "guide/holidays.md",
		"content/guide/holidays.md": "guide/holidays.md",
		"guide/holidays.en.md":      "guide/holidays.en.md",
		"guide/_index.md":           "guide/_index.md",
		"roles/_index.md":           "roles/_index.md",
		"../x.md":                   "",
		"/etc/x.md":                 "",
		"guide/Holidays.md":         "",
		"guide/holidays.txt":        "",
		"roles/x.md":                "",
		"people/x.md":               "",
		"duties/x.md":               "",
	}
	for in, want := range tests {
		got, err := PagePath(in)
		if (err == nil) != (want != "") || got != want {
			t.Errorf("PagePath(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestSiteEnglish(t *testing.T) {
	example := fstest.MapFS{
		"config.toml":              {Data: []byte("# c\ntitle = \"手册\"\ndefaultLanguage = \"zh\"\n\n[languages.zh]\nweight = 1\n\n[languages.en]\ntitle = \"Handbook\"\nweight = 2\n")},
		"content/_index.md":        {Data: []byte("# 首页\n")},
		"content/_index.en.md":     {Data: []byte("# Home\n")},
		"content/roles/ops.md":     {Data: []byte("+++\ntitle = { zh = \"运营\", en = \"Ops\" }\n+++\n运营。\n")},
		"content/roles/ops.en.md":  {Data: []byte("+++\ntitle = \"Ops\"\n+++\nOps.\n")},
		"content/people/li.md":     {Data: []byte("+++\nname = \"Li\"\n+++\n简介。\n")},
		"content/people/_index.md": {Data: []byte("# 团队\n")},
		"content/skills.toml":      {Data: []byte("[a]\nname = { zh = \"甲\", en = \"A\" }\n")},
		"content/.DS_Store":        {Data: []byte("x")},
	}
	files, err := Example(example, "en")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range files {
		got[f.Path] = string(f.Data)
	}
	want := map[string]string{
		"config.toml":              "# c\ntitle = \"Handbook\"\ndefaultLanguage = \"en\"\n\n[languages.zh]\nweight = 2\n\n[languages.en]\ntitle = \"Handbook\"\nweight = 1\n",
		"content/_index.md":        "# Home\n",
		"content/_index.zh.md":     "# 首页\n",
		"content/roles/ops.md":     "+++\ntitle = { zh = \"运营\", en = \"Ops\" }\n+++\nOps.\n",
		"content/roles/ops.zh.md":  "运营。\n",
		"content/people/li.md":     "+++\nname = \"Li\"\n+++\n",
		"content/people/_index.md": "# 团队\n",
		"content/skills.toml":      "[a]\nname = { zh = \"甲\", en = \"A\" }\n",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Example(en) (-want +got):\n%s", diff)
	}
	zh, err := Example(example, "zh")
	if err != nil || len(zh) != len(example)-1 {
		t.Errorf("Example(zh) = %d files, %v; want the %d files as they are", len(zh), err, len(example)-1)
	}
	if _, err := Example(example, "fr"); err == nil {
		t.Error("Example(fr) made a handbook")
	}
}

func TestNewFiles(t *testing.T) {
	r, err := Role("after-sales")
	if err != nil || !strings.Contains(string(r), "title = \"After sales\"") {
		t.Errorf("Role = %s, %v", r, err)
	}
	if _, err := Role("After"); err == nil {
		t.Error("Role accepted a bad id")
	}
	p, err := Person("li", []string{"ops"}, time.Date(2025, 2, 3, 0, 0, 0, 0, time.UTC))
	if err != nil || !strings.Contains(string(p), "roles = [\"ops\"]\n") || !strings.Contains(string(p), "started = 2025-02-03") {
		t.Errorf("Person = %s, %v", p, err)
	}
	if pg := string(Page("guide/first-week.en.md")); !strings.Contains(pg, "title = \"First week\"") {
		t.Errorf("Page = %s", pg)
	}
}
