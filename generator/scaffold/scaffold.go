package scaffold

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/rolebook/rolebook/generator/handbook"
)

// File is one file of a new handbook: a slash path relative to the handbook folder and
// its content.
type File struct {
	Path string
	Data []byte
}

// Languages are the languages a starter handbook can have as its default.
var Languages = []string{"zh", "en"}

var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ValidID reports whether id is a lower-case slug (a-z, 0-9 and inner dashes), the form
// of every role, person, duty, skill and stage id.
func ValidID(id string) error {
	if !idPattern.MatchString(id) {
		return fmt.Errorf("%q is not an id: use lower-case letters, digits and dashes, such as %q", id, Slug(id, "new-id"))
	}
	return nil
}

// Slug turns s into an id (see handbook.Slug), or returns fallback when nothing is left.
func Slug(s, fallback string) string {
	if id := handbook.Slug(s); id != "" {
		return id
	}
	return fallback
}

// Example returns the files of a handbook made from the example: config.toml,
// content/ and templates/ (when the example has one). With lang "zh" the example is
// copied as it is. With lang "en", English becomes the default language: a page's
// English translation x.en.md becomes x.md and its Chinese text x.zh.md, a role keeps
// its bilingual front matter with the English body and gets a Chinese translation, and
// the people's bios, which are written in Chinese only and cannot be translated, are
// left out. The data tables are bilingual and stay as they are.
func Example(example fs.FS, lang string) ([]File, error) {
	if !validLanguage(lang) {
		return nil, fmt.Errorf("no starter handbook in language %q (there are: %s)", lang, strings.Join(Languages, ", "))
	}
	files := map[string][]byte{}
	for _, root := range []string{"config.toml", "content", "templates"} {
		err := fs.WalkDir(example, root, func(name string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if strings.HasPrefix(d.Name(), ".") && name != root {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				return nil
			}
			b, err := fs.ReadFile(example, name)
			if err != nil {
				return err
			}
			files[name] = b
			return nil
		})
		if errors.Is(err, fs.ErrNotExist) && root == "templates" {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("reading the example handbook: %w", err)
		}
	}
	if files["config.toml"] == nil {
		return nil, errors.New("the example handbook has no config.toml")
	}
	if lang == "en" {
		var err error
		if files, err = toEnglish(files); err != nil {
			return nil, err
		}
	}
	out := make([]File, 0, len(files))
	for p, b := range files {
		out = append(out, File{Path: p, Data: b})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// toEnglish makes English the default language of the example (which is Chinese-first).
func toEnglish(files map[string][]byte) (map[string][]byte, error) {
	out := make(map[string][]byte, len(files))
	cfg, err := englishConfig(files["config.toml"])
	if err != nil {
		return nil, err
	}
	out["config.toml"] = cfg
	for p, b := range files {
		if p == "config.toml" {
			continue
		}
		if !strings.HasPrefix(p, "content/") || !strings.HasSuffix(p, ".md") {
			out[p] = b
			continue
		}
		rel := strings.TrimPrefix(p, "content/")
		if strings.HasSuffix(p, ".en.md") {
			continue // taken with its base page below
		}
		en, hasEn := files[strings.TrimSuffix(p, ".md")+".en.md"]
		zhPath := strings.TrimSuffix(p, ".md") + ".zh.md"
		switch {
		case strings.HasPrefix(rel, "people/") && !strings.HasPrefix(path.Base(rel), "_index."):
			// People pages have one body in the default language and no translations.
			front, _, ok := splitFront(b)
			if !ok {
				out[p] = b
				continue
			}
			out[p] = front
		case strings.HasPrefix(rel, "roles/") && !strings.HasPrefix(path.Base(rel), "_index."):
			// A role's base page holds its data; only the body moves between languages.
			front, body, ok := splitFront(b)
			if !ok || !hasEn {
				out[p] = b
				continue
			}
			_, enBody, _ := splitFront(en)
			out[p] = append(append([]byte{}, front...), enBody...)
			out[zhPath] = body
		case hasEn:
			out[p] = en
			out[zhPath] = b
		default:
			out[p] = b
		}
	}
	return out, nil
}

// splitFront splits a page into its +++ front matter (both delimiter lines included)
// and its body.
func splitFront(b []byte) (front, body []byte, ok bool) {
	if !bytes.HasPrefix(b, []byte("+++\n")) && !bytes.HasPrefix(b, []byte("+++\r\n")) {
		return nil, b, false
	}
	first := bytes.IndexByte(b, '\n') + 1
	i := first
	for i < len(b) {
		end := bytes.IndexByte(b[i:], '\n')
		line := b[i:]
		next := len(b)
		if end >= 0 {
			line, next = b[i:i+end], i+end+1
		}
		if strings.TrimRight(string(line), "\r \t") == "+++" {
			return b[:next], b[next:], true
		}
		i = next
	}
	return nil, b, false
}

// englishConfig rewrites the example's config.toml line by line, keeping its comments:
// defaultLanguage becomes "en", the top-level title takes [languages.en]'s title, and the
// two languages swap weights.
func englishConfig(b []byte) ([]byte, error) {
	lines := strings.Split(string(b), "\n")
	table := ""
	enTitle := ""
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "[") {
			table = strings.Trim(t, "[] ")
			continue
		}
		if k, v, ok := keyValue(t); ok && table == "languages.en" && k == "title" {
			enTitle = v
		}
	}
	if enTitle == "" {
		return nil, errors.New("the example's config.toml has no [languages.en] title")
	}
	done := map[string]bool{}
	table = ""
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "[") {
			table = strings.Trim(t, "[] ")
			continue
		}
		k, _, ok := keyValue(t)
		if !ok {
			continue
		}
		switch {
		case table == "" && k == "defaultLanguage":
			lines[i], done[k] = `defaultLanguage = "en"`, true
		case table == "" && k == "title":
			lines[i], done[k] = "title = "+enTitle, true
		case table == "languages.en" && k == "weight":
			lines[i], done["en"] = "weight = 1", true
		case table == "languages.zh" && k == "weight":
			lines[i], done["zh"] = "weight = 2", true
		}
	}
	for _, k := range []string{"defaultLanguage", "title", "en", "zh"} {
		if !done[k] {
			return nil, fmt.Errorf("cannot make English the default language of the example's config.toml: no %s line", k)
		}
	}
	return []byte(strings.Join(lines, "\n")), nil
}

// keyValue splits a TOML "key = value  # comment" line; the value keeps its quotes.
func keyValue(line string) (key, value string, ok bool) {
	k, v, ok := strings.Cut(line, "=")
	if !ok || strings.HasPrefix(line, "#") {
		return "", "", false
	}
	v = strings.TrimSpace(v)
	if strings.HasPrefix(v, `"`) {
		if end := strings.Index(v[1:], `"`); end >= 0 {
			v = v[:end+2]
		}
	} else if i := strings.Index(v, "#"); i >= 0 {
		v = strings.TrimSpace(v[:i])
	}
	return strings.TrimSpace(k), v, true
}
