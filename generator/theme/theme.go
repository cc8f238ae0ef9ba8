package theme

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/load"
)

//go:embed all:default
var embedded embed.FS

// Default returns the theme built into Rolebook: layouts/, assets/ and i18n/.
func Default() fs.FS {
	sub, err := fs.Sub(embedded, "default")
	if err != nil {
		panic(err) // the embedded folder is part of the binary
	}
	return sub
}

// Overlay is a file system in which the files of Upper hide those of Lower with the same
// name: the handbook's templates/ over the default theme.
type Overlay struct {
	Upper, Lower fs.FS
	// UpperName is how Upper's files are named in diagnostics ("templates").
	UpperName string
}

// Open opens name from Upper when it is there, else from Lower.
func (o Overlay) Open(name string) (fs.File, error) {
	if o.Upper != nil {
		f, err := o.Upper.Open(name)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return o.Lower.Open(name)
}

// ReadDir lists the union of both folders, sorted.
func (o Overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	seen := map[string]fs.DirEntry{}
	var firstErr error
	found := false
	for _, f := range []fs.FS{o.Lower, o.Upper} {
		if f == nil {
			continue
		}
		ents, err := fs.ReadDir(f, name)
		if err != nil {
			if !errors.Is(err, fs.ErrNotExist) && firstErr == nil {
				firstErr = err
			}
			continue
		}
		found = true
		for _, e := range ents {
			seen[e.Name()] = e
		}
	}
	if !found {
		if firstErr != nil {
			return nil, firstErr
		}
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	out := make([]fs.DirEntry, 0, len(seen))
	for _, e := range seen {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

// Origin names the file a theme file comes from, for diagnostics.
func (o Overlay) Origin(name string) string {
	if o.Upper != nil {
		if _, err := fs.Stat(o.Upper, name); err == nil {
			return path.Join(o.UpperName, name)
		}
	}
	return "(default theme) " + name
}

// Overrides reports whether the handbook's layer has the file name.
func (o Overlay) Overrides(name string) bool {
	if o.Upper == nil {
		return false
	}
	_, err := fs.Stat(o.Upper, name)
	return err == nil
}

// Words are the theme's words in one language, with the default language and English
// beneath.
type Words struct {
	words, fallback map[string]string
}

// NewWords returns Words from a map of keys to texts and a fallback map; tests and
// callers with words of their own use it.
func NewWords(words, fallback map[string]string) Words { return Words{words, fallback} }

// Has reports whether key has a word in this language or a fallback.
func (t Words) Has(key string) bool {
	_, ok := t.words[key]
	if !ok {
		_, ok = t.fallback[key]
	}
	return ok
}

// T returns the word for key, falling back to the default language, then English, then
// the key itself. Extra arguments fill %v verbs.
func (t Words) T(key string, args ...any) string {
	s, ok := t.words[key]
	if !ok {
		s, ok = t.fallback[key]
	}
	if !ok {
		s = key
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// LoadWords reads the words of lang from the theme (i18n/<lang>.toml of both layers:
// the handbook's keys override the default theme's), with the words of defaultLang,
// then English, beneath.
func LoadWords(o Overlay, lang, defaultLang string) (Words, *diag.List) {
	words, diags := readWords(o, lang)
	diags = append(diags, missingWords(o, lang, defaultLang, words)...)
	fallback := map[string]string{}
	if lang != defaultLang {
		var ds []diag.Diagnostic
		fallback, ds = readWords(o, defaultLang)
		diags = append(diags, ds...)
	}
	if lang != "en" && defaultLang != "en" {
		en, _ := readWords(o, "en")
		for k, v := range en {
			if _, ok := fallback[k]; !ok {
				fallback[k] = v
			}
		}
	}
	return Words{words, fallback}, diag.From(diags)
}

// missingWords warns when the theme has none or only some of its words in lang: pages
// in lang would show the fallback language's words in their place. The words the default
// theme has in English are the ones every language needs.
func missingWords(o Overlay, lang, defaultLang string, words map[string]string) []diag.Diagnostic {
	if o.Lower == nil {
		return nil
	}
	b, err := fs.ReadFile(o.Lower, "i18n/en.toml")
	if err != nil {
		return nil
	}
	doc, _ := load.DecodeTOML("i18n/en.toml", b, 1)
	if doc == nil {
		return nil
	}
	var missing []string
	for k := range doc.Data {
		if _, ok := words[k]; !ok {
			missing = append(missing, k)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	sort.Strings(missing)
	instead := "English"
	if lang != defaultLang && defaultLang != "en" {
		instead = "the default language's (" + defaultLang + ") or English"
	}
	upper := o.UpperName
	if upper == "" {
		upper = "templates"
	}
	file := upper + "/i18n/" + lang + ".toml"
	hint := fmt.Sprintf("write %s with the theme's words in %s: the keys of the default theme's i18n/en.toml (https://github.com/rolebook/rolebook/tree/main/generator/theme/default/i18n)", file, lang)
	if len(words) == 0 {
		return []diag.Diagnostic{diag.Warnf(diag.Pos{File: file}, diag.RuleThemeLanguage, hint,
			"the theme has no words in %q: its pages show %s words instead", lang, instead)}
	}
	shown := missing
	if len(shown) > 5 {
		shown = shown[:5]
	}
	return []diag.Diagnostic{diag.Warnf(diag.Pos{File: file}, diag.RuleThemeLanguage, hint,
		"the theme lacks %d of its words in %q (%s...): those show %s words instead", len(missing), lang, strings.Join(shown, ", "), instead)}
}

// readWords reads i18n/<lang>.toml from both layers.
func readWords(o Overlay, lang string) (map[string]string, []diag.Diagnostic) {
	words := map[string]string{}
	var diags []diag.Diagnostic
	for _, layer := range []struct {
		fsys fs.FS
		name string
	}{{o.Lower, "(default theme) "}, {o.Upper, o.UpperName + "/"}} {
		if layer.fsys == nil {
			continue
		}
		file := "i18n/" + lang + ".toml"
		b, err := fs.ReadFile(layer.fsys, file)
		if err != nil {
			continue
		}
		doc, ds := load.DecodeTOML(layer.name+file, b, 1)
		diags = append(diags, ds.Items()...)
		if doc == nil {
			continue
		}
		for k, v := range doc.Data {
			s, ok := v.(string)
			if !ok {
				diags = append(diags, diag.Errorf(doc.Pos(k), diag.RuleType, `write key = "text"`, "i18n key %q must be a string", k))
				continue
			}
			words[k] = s
		}
	}
	return words, diags
}
