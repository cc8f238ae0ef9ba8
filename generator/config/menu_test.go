package config

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rolebook/rolebook/generator/diag"
)

// TestMenu checks that [[menu.main]] entries are read as Hugo writes them, and how
// MainMenu orders and translates them.
func TestMenu(t *testing.T) {
	text := `baseURL = "https://example.org/handbook/"
defaultLanguage = "zh"
[languages.zh]
[languages.en]
[[menu.main]]
Name = { zh = "联系", en = "Contact" }
URL = "/contact/"
weight = 20
[[menu.main]]
pageRef = "guide/onboarding.md"
weight = 10
title = "Start here"
[[menu.main]]
name = "Status"
url = "https://status.example.org/"
identifier = "status"
[[menu.main]]
name = "Alpha"
url = "mailto:team@example.org"
`
	cfg, _, err := Load(Options{Source: writeConfig(t, text), Env: env(nil)})
	if err != nil {
		t.Fatal(err)
	}
	wantEntries := []MenuEntry{
		{Name: Text{"zh": "联系", "en": "Contact"}, URL: "/contact/", Weight: 20, Pos: diag.Pos{File: "config.toml", Line: 5, Col: 1}},
		{PageRef: "guide/onboarding.md", Weight: 10, Title: Text{"zh": "Start here"}, Pos: diag.Pos{File: "config.toml", Line: 9, Col: 1}},
		{Name: Text{"zh": "Status"}, URL: "https://status.example.org/", Identifier: "status", Pos: diag.Pos{File: "config.toml", Line: 13, Col: 1}},
		{Name: Text{"zh": "Alpha"}, URL: "mailto:team@example.org", Pos: diag.Pos{File: "config.toml", Line: 17, Col: 1}},
	}
	if diff := cmp.Diff(wantEntries, cfg.Menu); diff != "" {
		t.Errorf("Menu (-want +got):\n%s", diff)
	}
	// By weight, entries without weight last and by name; texts in the language or
	// the default language; site paths under baseURL's path.
	want := []MenuLink{
		{Title: "Start here", PageRef: "guide/onboarding.md", Pos: wantEntries[1].Pos},
		{Name: "Contact", URL: "/handbook/contact/", Pos: wantEntries[0].Pos},
		{Name: "Alpha", URL: "mailto:team@example.org", Pos: wantEntries[3].Pos},
		{Name: "Status", URL: "https://status.example.org/", Pos: wantEntries[2].Pos},
	}
	if diff := cmp.Diff(want, cfg.MainMenu("en")); diff != "" {
		t.Errorf("MainMenu(en) (-want +got):\n%s", diff)
	}
	if got := cfg.MainMenu("zh")[1].Name; got != "联系" {
		t.Errorf("MainMenu(zh)[1].Name = %q, want 联系", got)
	}
}

// TestLanguageMenu checks that a language's own menu replaces the site's in that
// language, and that a plain name is that language's text.
func TestLanguageMenu(t *testing.T) {
	text := `defaultLanguage = "zh"
[[menu.main]]
name = "首页"
url = "/"
[languages.zh]
[languages.en]
[[languages.en.menus.main]]
name = "Home"
url = "/en/"
`
	cfg, _, err := Load(Options{Source: writeConfig(t, text), Env: env(nil)})
	if err != nil {
		t.Fatal(err)
	}
	got := []string{cfg.MainMenu("zh")[0].Name, cfg.MainMenu("zh")[0].URL, cfg.MainMenu("en")[0].Name, cfg.MainMenu("en")[0].URL}
	if diff := cmp.Diff([]string{"首页", "/", "Home", "/en/"}, got); diff != "" {
		t.Errorf("menus (-want +got):\n%s", diff)
	}
	if n := len(cfg.MainMenu("fr")); n != 1 {
		t.Errorf("MainMenu of an unknown language has %d entries, want the site's", n)
	}
}

// TestMenuErrors checks every problem of a menu entry, at its place.
func TestMenuErrors(t *testing.T) {
	tests := []struct {
		name, text string
		want       []string
	}{
		{"no url or pageRef", "[[menu.main]]\nname = \"x\"\n", []string{
			"config.toml:1:1: error: a menu entry needs url or pageRef\n\thint: add url = \"https://...\" for an address, or pageRef = \"guide/page.md\" for a page of the handbook"}},
		{"both", "[[menu.main]]\nname = \"x\"\nurl = \"/a/\"\npageRef = \"a.md\"\n", []string{
			"config.toml:4:1: error: a menu entry has both url and pageRef\n\thint: keep url for an address, or pageRef for a page of the handbook"}},
		{"url without a name", "[[menu.main]]\nurl = \"/a/\"\n", []string{
			"config.toml:1:1: error: a menu entry with url needs a name\n\thint: add name = \"...\" (the link's text)"}},
		{"script url", "[[menu.main]]\nname = \"x\"\nurl = \"javascript:alert(1)\"\n", []string{
			"config.toml:3:1: error: url \"javascript:alert(1)\" uses the scheme \"javascript\"\n\thint: write an address such as \"https://example.com/\" or \"mailto:team@example.com\", or a path of the site such as \"/roles/\"; for a page of the handbook use pageRef = \"guide/page.md\""}},
		{"scheme-relative url", "[[menu.main]]\nname = \"x\"\nurl = \"//evil.example/\"\n", []string{
			"config.toml:3:1: error: url \"//evil.example/\" has no scheme: it would lead to another site\n\thint: write an address such as \"https://example.com/\" or \"mailto:team@example.com\", or a path of the site such as \"/roles/\"; for a page of the handbook use pageRef = \"guide/page.md\""}},
		{"relative url", "[[menu.main]]\nname = \"x\"\nurl = \"guide/\"\n", []string{
			"config.toml:3:1: error: url \"guide/\" is relative: it would change from page to page\n\thint: write an address such as \"https://example.com/\" or \"mailto:team@example.com\", or a path of the site such as \"/roles/\"; for a page of the handbook use pageRef = \"guide/page.md\""}},
		{"pageRef leaving content", "[[menu.main]]\npageRef = \"../secret.md\"\n", []string{
			"config.toml:2:1: error: pageRef \"../secret.md\" is not a clean path\n\thint: name the page by its path under content/, such as \"guide/onboarding.md\" or \"guide/\""}},
		{"pageRef an address", "[[menu.main]]\npageRef = \"https://x/\"\n", []string{
			"config.toml:2:1: error: pageRef \"https://x/\" is an address, not a page: use url for it\n\thint: name the page by its path under content/, such as \"guide/onboarding.md\" or \"guide/\""}},
		{"unknown key", "[[menu.main]]\nname = \"x\"\nurl = \"/\"\nwieght = 1\n", []string{
			"config.toml:4:1: error: unknown key \"wieght\" in a menu entry\n\thint: did you mean \"weight\"?"}},
		{"wrong types", "[[menu.main]]\nname = 1\nurl = \"/\"\nweight = \"first\"\n", []string{
			"config.toml:2:1: error: name must be text, not 1\n\thint: write text in quotes, or a table by language: { zh = \"...\", en = \"...\" }",
			"config.toml:4:1: error: weight must be a whole number, not \"first\"\n\thint: write a whole number: weight = 10"}},
		{"a name in an unknown language", "[[menu.main]]\nname = { en = \"Home\", fr = \"Accueil\" }\nurl = \"/\"\n", []string{
			"config.toml:2:23: error: \"fr\" is not a configured language\n\thint: the configured languages are en"}},
		{"a name without the default language", "defaultLanguage = \"zh\"\n[languages.zh]\n[languages.en]\n[[menu.main]]\nname = { en = \"Home\" }\nurl = \"/\"\n", []string{
			"config.toml:5:1: error: name has no text in the default language \"zh\"\n\thint: add zh = \"...\": the other languages fall back to it"}},
		{"not an array of entries", "[menu.main]\nname = \"x\"\n", []string{
			"config.toml:1:1: error: menu.main must be a list of entries\n\thint: write each entry as [[menu.main]] (two brackets) with name and url or pageRef"}},
		{"Hugo's keys Rolebook's menu lacks", "[[menu.main]]\nname = \"x\"\nurl = \"/\"\nparent = \"y\"\npre = \"<i>\"\n", []string{
			"config.toml:4:1: warning: parent of a menu entry is a Hugo setting that Rolebook does not have: it has no effect\n\thint: Rolebook's menu has one level: the entry is shown at the top; remove the setting to silence this warning",
			"config.toml:5:1: warning: pre of a menu entry is a Hugo setting that Rolebook does not have: it has no effect\n\thint: HTML before the link is not shown; remove the setting to silence this warning"}},
		{"another menu", "[[menu.footer]]\nname = \"x\"\nurl = \"/\"\n", []string{
			"config.toml:1:1: warning: the menu \"footer\" has no effect: Rolebook's theme shows the main menu only\n\thint: move its entries to [[menu.main]], or remove it"}},
		{"menu and menus", "[[menu.main]]\nname = \"x\"\nurl = \"/\"\n[[menus.main]]\nname = \"y\"\nurl = \"/\"\n", []string{
			"config.toml:4:1: error: menu is set twice: as menu and as menus\n\tconfig.toml:1:1: see also\n\thint: keep one of them (keys match in any letter case, and Hugo's names are the same keys)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, diags, err := Load(Options{Source: writeConfig(t, tt.text), Env: env(nil)})
			var got []string
			if err != nil {
				got = lines(t, diags, err)
			} else {
				for _, d := range cfg.Warnings {
					got = append(got, d.String())
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("diagnostics (-want +got):\n%s", diff)
			}
		})
	}
}

// TestMenuAnyLetterCase checks that a menu's table and keys match in any letter case.
func TestMenuAnyLetterCase(t *testing.T) {
	cfg, _, err := Load(Options{Source: writeConfig(t, "[[Menus.MAIN]]\nNAME = \"Home\"\nUrl = \"/\"\nWeight = 2\n"), Env: env(nil)})
	if err != nil {
		t.Fatal(err)
	}
	want := []MenuLink{{Name: "Home", URL: "/", Pos: diag.Pos{File: "config.toml", Line: 1, Col: 1}}}
	if diff := cmp.Diff(want, cfg.MainMenu("en")); diff != "" {
		t.Errorf("MainMenu (-want +got):\n%s", diff)
	}
}
