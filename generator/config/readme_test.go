package config

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the generated parts of README.md from the key tables")

// readmeBlocks are the parts of README.md generated from the key tables, by the name
// in their markers: <!-- begin NAME ... --> and <!-- end NAME -->.
var readmeBlocks = map[string]func() string{
	"config-keys":   configTable,
	"hugo-settings": hugoSettings,
}

// TestREADME checks that the parts of README.md made from the key tables are what the
// tables say (with -update it rewrites them), and that the command line's flag table
// and the Hugo section name every flag and Hugo name of a key.
func TestREADME(t *testing.T) {
	file := filepath.Join("..", "..", "README.md")
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	for name, gen := range readmeBlocks {
		re := regexp.MustCompile(`(?s)(<!-- begin ` + name + `\b[^\n]*-->\n)(.*?)(<!-- end ` + name + ` -->)`)
		m := re.FindStringSubmatchIndex(readme)
		if m == nil {
			t.Errorf("README.md has no <!-- begin %s ... --> ... <!-- end %s --> block", name, name)
			continue
		}
		got, want := readme[m[4]:m[5]], gen()
		if got == want {
			continue
		}
		if *update {
			readme = readme[:m[4]] + want + readme[m[5]:]
			continue
		}
		t.Errorf("README.md's %s block is not what the key table gives; run go test ./generator/config -run TestREADME -update (-want +got):\n%s", name, cmp.Diff(want, got))
	}
	if *update && readme != string(b) {
		if err := os.WriteFile(file, []byte(readme), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// Every flag of a key has a row in the command line's flag table, with its short
	// form and its commands.
	for i := range siteKeys {
		k := &siteKeys[i]
		if k.Flag == "" {
			continue
		}
		name := "--" + k.Flag
		if k.Short != "" {
			name = "-" + k.Short + ", " + name
		}
		cmds := "all"
		if k.Cmds != "" {
			cmds = strings.Join(strings.Fields(k.Cmds), ", ")
		}
		row := regexp.MustCompile("(?m)^\\| `" + regexp.QuoteMeta(name) + "[ `][^|]*\\| " + regexp.QuoteMeta(cmds) + " \\|")
		if !row.MatchString(readme) {
			t.Errorf("README.md's flag table has no row | `%s ...` | %s |", name, cmds)
		}
	}
	// The Hugo section names every Hugo name of a key.
	_, hugo, ok := strings.Cut(readme, "\n## Coming from Hugo\n")
	if !ok {
		t.Fatal("README.md has no section ## Coming from Hugo")
	}
	hugo, _, _ = strings.Cut(hugo, "\n## ")
	for i := range siteKeys {
		for _, a := range siteKeys[i].Aliases {
			if !strings.Contains(hugo, "`"+a+"`") && !strings.Contains(hugo, "`"+displayName(a)+"`") {
				t.Errorf("the Hugo section of README.md does not name %s (%s)", a, siteKeys[i].Name)
			}
		}
	}
}

// configTable is the table of config.toml's keys in README.md.
func configTable() string {
	var b strings.Builder
	b.WriteString("| key | type | default | variable | flag | meaning |\n|---|---|---|---|---|---|\n")
	for i := range siteKeys {
		k := &siteKeys[i]
		name := "`" + k.Name + "`"
		if t, key, ok := cutLast(k.Name); ok {
			name = "`[" + t + "] " + key + "`"
		}
		doc := k.Doc
		var also []string
		for _, a := range k.Aliases {
			also = append(also, "`"+displayName(a)+"`")
		}
		if len(also) > 0 {
			doc += " (Hugo's " + strings.Join(also, ", ") + " too)"
		}
		if k.from()&fromFile == 0 {
			doc += "; not in config.toml"
		}
		variable := ""
		if n := k.envName(); n != "" {
			variable = "`" + n + "`"
		}
		flagName := ""
		if k.Flag != "" && k.from()&fromFlag != 0 {
			flagName = "`--" + k.Flag + "`"
			if k.Short != "" {
				flagName = "`-" + k.Short + "`, " + flagName
			}
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s |\n", name, typeWords[k.kind()], shownDefault(k.Shown, k.Default, k.kind()), variable, flagName, doc)
	}
	for i := range languageKeys {
		k := &languageKeys[i]
		fmt.Fprintf(&b, "| `[languages.<code>] %s` | %s | %s | | | %s |\n", k.Name, typeWords[k.kind()], shownDefault(k.Shown, k.Default, k.kind()), k.Doc)
	}
	b.WriteString("| `[[menu.main]]` | entries | none | | | links of the main menu: see [Menus](#menus) |\n")
	b.WriteString("| `[params]` | table | none | | | free settings for templates, as `.Site.Params` |\n")
	return b.String()
}

// typeWords names a key's type in the README.
var typeWords = map[string]string{
	"string":   "text",
	"bool":     "true/false",
	"int":      "whole number",
	"int64":    "whole number",
	"float64":  "number",
	"[]string": "list of texts",
}

// shownDefault is how the README shows a key's default.
func shownDefault(shown string, def any, kind string) string {
	if shown != "" {
		return shown
	}
	switch d := def.(type) {
	case nil:
		switch kind {
		case "string":
			return "none"
		case "[]string":
			return "`[]`"
		}
		return "`0`"
	case string:
		return fmt.Sprintf("`%q`", d)
	case []string:
		return "`" + tomlValue(d) + "`"
	}
	return fmt.Sprintf("`%v`", def)
}

// hugoSettings lists Hugo's settings that Rolebook does not have, in README.md.
func hugoSettings() string {
	var warn, errs []string
	for _, h := range hugoKeys {
		name := "`" + strings.ReplaceAll(h.Path, "*", "<code>") + "`"
		if h.Error {
			errs = append(errs, name)
		} else {
			warn = append(warn, name)
		}
	}
	return "- A warning (an error under `--strict`) with a hint of what Rolebook does instead: " +
		strings.Join(warn, ", ") + ".\n" +
		"- An error, because ignoring them would publish pages at other addresses, or other pages, than the setting asks for: " +
		strings.Join(errs, ", ") + ".\n"
}

// cutLast splits "a.b.c" into "a.b" and "c".
func cutLast(name string) (string, string, bool) {
	i := strings.LastIndexByte(name, '.')
	if i < 0 {
		return "", name, false
	}
	return name[:i], name[i+1:], true
}
