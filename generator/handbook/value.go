package handbook

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/load"
	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/width"
)

// field is one key of an entity being decoded, with what is needed to report it.
type field struct {
	src  Source
	what entity
	key  string
	v    any
	// label names the field in messages when its key is not a name (an entry of a
	// list: "onboarding item 2"); empty means key.
	label string
}

// name is how messages call the field.
func (f field) name() string {
	if f.label != "" {
		return f.label
	}
	return f.key
}

// entity names a skill, role, duty, person or stage in messages: `duty "refunds"`.
// The text is made only when a message needs it.
type entity struct{ kind, id string }

func (e entity) String() string { return e.kind + " " + strconv.Quote(e.id) }

// pos returns the position of the key, or of an entry below it.
func (f field) pos(sub ...string) diag.Pos {
	return f.src.Pos(append([]string{f.key}, sub...)...)
}

func (f field) sub(key string, v any) field {
	return field{src: Source{doc: f.src.doc, table: appendPath(f.src.table, f.key)}, what: f.what, key: key, v: v}
}

func appendPath(p []string, k string) []string {
	return append(append(make([]string, 0, len(p)+1), p...), k)
}

// describe names a decoded value for a message: `the string "3"`, `3.5`, `a list`.
func describe(v any) string {
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("the string %q", v)
	case int64:
		return strconv.FormatInt(v, 10)
	case int:
		return strconv.Itoa(v)
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1e15 {
			return "the decimal number " + strconv.FormatFloat(v, 'f', 1, 64) // 2.0, not 2
		}
		return "the decimal number " + strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case time.Time:
		return "a date"
	case []any:
		return "a list"
	case map[string]any:
		return "a table"
	case nil:
		return "nothing"
	}
	return fmt.Sprintf("a %T", v)
}

func (d *decoder) add(diags ...diag.Diagnostic) { d.diags = append(d.diags, diags...) }

// typeErr reports a value of the wrong type at the key's position.
func (d *decoder) typeErr(f field, pos diag.Pos, v any, want, example string) {
	d.add(diag.Errorf(pos, diag.RuleType, fmt.Sprintf("write %s = %s", f.key, example),
		"%s of %s must be %s, not %s", f.name(), f.what, want, describe(v)))
}

func (d *decoder) unknownKey(f field, known []string) {
	hint := diag.DidYouMean(f.key, known)
	if hint == "" {
		hint = "known keys: " + strings.Join(known, ", ")
	}
	d.add(diag.Errorf(f.pos(), diag.RuleUnknownKey, hint, "unknown key %q in %s", f.key, f.what))
}

func (d *decoder) str(f field) (string, bool) {
	s, ok := f.v.(string)
	if !ok {
		d.typeErr(f, f.pos(), f.v, "a string", `"..."`)
	}
	return s, ok
}

// control reports a control character in s, the text of field f at pos (see
// load.Control), and returns whether there is one.
func (d *decoder) control(f field, pos diag.Pos, s string) bool {
	r, ok := load.Control(s)
	if ok {
		d.add(diag.Errorf(pos, diag.RuleEncoding, "delete the invisible character (it is often pasted from another program)",
			"%s of %s holds the control character U+%04X", f.name(), f.what, r))
	}
	return ok
}

// text decodes a string (the default language) or a table keyed by language code.
// Text with a control character is an error (see load.Control).
func (d *decoder) text(f field) Text {
	switch v := f.v.(type) {
	case string:
		if d.control(f, f.pos(), v) {
			return nil
		}
		return Text{d.def: v}
	case map[string]any:
		t := make(Text, len(v))
		for lang, s := range v {
			if !d.langSet[lang] {
				hint := diag.DidYouMean(lang, d.langs)
				if hint == "" {
					hint = "configured languages: " + strings.Join(d.langs, ", ")
				}
				d.add(diag.Errorf(f.pos(lang), diag.RuleLanguage, hint, "unknown language %q in %s of %s", lang, f.name(), f.what))
				continue
			}
			str, ok := s.(string)
			if !ok {
				d.typeErr(f, f.pos(lang), s, "a string or a table of strings by language", fmt.Sprintf(`{ %s = "..." }`, d.def))
				continue
			}
			if d.control(f, f.pos(lang), str) {
				continue
			}
			t[lang] = str
		}
		if _, ok := v[d.def]; !ok {
			d.add(diag.Errorf(f.pos(), diag.RuleLanguage, fmt.Sprintf(`add %s = "..." to the table`, d.def),
				"%s of %s has no text in the default language %q", f.name(), f.what, d.def))
		}
		return t
	}
	d.typeErr(f, f.pos(), f.v, "a string or a table of strings by language", `"..."`)
	return nil
}

// texts decodes a list of texts.
func (d *decoder) texts(f field) []Text {
	list, ok := f.v.([]any)
	if !ok {
		d.typeErr(f, f.pos(), f.v, "a list of texts", `["...", "..."]`)
		return nil
	}
	out := make([]Text, 0, len(list))
	for i, item := range list {
		if s, ok := item.(string); ok {
			if !d.control(f, f.pos(strconv.Itoa(i)), s) {
				out = append(out, Text{d.def: s})
			}
			continue
		}
		if _, ok := item.(map[string]any); !ok {
			d.typeErr(f, f.pos(strconv.Itoa(i)), item, "a list of texts", `["...", "..."]`)
			continue
		}
		// An entry has no key of its own: its index stands for it in positions.
		sub := f.sub(strconv.Itoa(i), item)
		sub.label = fmt.Sprintf("%s item %d", f.key, i+1)
		out = append(out, d.text(sub))
	}
	return out
}

// ids decodes a list of ids; one may also accept a single string.
func (d *decoder) ids(f field, single bool, example string) []string {
	if s, ok := f.v.(string); ok && single {
		return []string{s}
	}
	list, ok := f.v.([]any)
	if !ok {
		d.typeErr(f, f.pos(), f.v, "a list of ids", example)
		return nil
	}
	out := make([]string, 0, len(list))
	for i, item := range list {
		s, ok := item.(string)
		if !ok {
			d.typeErr(f, f.pos(strconv.Itoa(i)), item, "a list of ids", example)
			continue
		}
		out = append(out, s)
	}
	return out
}

// integer accepts a TOML or YAML integer, and a whole JSON number.
func integer(f field, v any) (int64, bool) {
	switch n := v.(type) {
	case int64:
		return n, true
	case int:
		return int64(n), true
	case float64:
		if f.src.doc != nil && f.src.doc.Format == load.JSON && n == math.Trunc(n) && math.Abs(n) < 1<<53 {
			return int64(n), true
		}
	}
	return 0, false
}

// count decodes a number of people (headcount, max_people): a whole number from 1 to
// the decoder's maxCount. Views and the assignment make room for each one, so a count
// beyond any real team would make a build run out of memory.
func (d *decoder) count(f field, example string) (int, bool) {
	n, ok := integer(f, f.v)
	if !ok || n < 1 {
		d.typeErr(f, f.pos(), f.v, "a whole number, 1 or more", example)
		return 0, false
	}
	if n > int64(d.maxCount) {
		d.add(diag.Errorf(f.pos(), diag.RuleTooLarge, fmt.Sprintf("write the number of people the team really has, at most %d (the limit is [limits] max_headcount)", d.maxCount),
			"%s of %s is %d, more than the limit of %d", f.name(), f.what, n, d.maxCount))
		return 0, false
	}
	return int(n), true
}

func (d *decoder) number(f field, example string) (float64, bool) {
	var x float64
	switch n := f.v.(type) {
	case int64:
		x = float64(n)
	case int:
		x = float64(n)
	case float64:
		x = n
	default:
		d.typeErr(f, f.pos(), f.v, "a number", example)
		return 0, false
	}
	if x < 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		d.typeErr(f, f.pos(), f.v, "a number, 0 or more", example)
		return 0, false
	}
	return x, true
}

// levels decodes a [skills] or [preferred] table: skill id = level from lo to hi.
func (d *decoder) levels(f field, lo, hi int) []SkillLevel {
	m, ok := f.v.(map[string]any)
	if !ok {
		d.typeErr(f, f.pos(), f.v, "a table of skill levels", "{ skill-id = 2 }")
		return nil
	}
	keys := orderedKeys(f.src.doc, appendPath(f.src.table, f.key), m)
	out := make([]SkillLevel, 0, len(m))
	for _, skill := range keys {
		v := m[skill]
		pos := f.pos(skill)
		n, ok := integer(f, v)
		if !ok || n < int64(lo) || n > int64(hi) {
			d.add(diag.Errorf(pos, diag.RuleSkillLevel, fmt.Sprintf("write %s = %d (levels are %d to %d)", skill, max(lo, min(hi, 2)), lo, hi),
				"level of skill %q in %s must be an integer from %d to %d, not %s", skill, f.what, lo, hi, describe(v)))
			continue
		}
		out = append(out, SkillLevel{Skill: skill, Level: int(n), Pos: pos})
	}
	return out
}

// orderedKeys returns the keys of the table at path in file order; keys without a
// known position come last, by name.
func orderedKeys(doc *load.Doc, path []string, m map[string]any) []string {
	type kp struct {
		key string
		pos diag.Pos
		ok  bool
	}
	list := make([]kp, 0, len(m))
	full := append(append(make([]string, 0, len(path)+1), path...), "")
	for k := range m {
		full[len(full)-1] = k
		var p diag.Pos
		ok := false
		if doc != nil {
			p, ok = doc.KeyPos(full...)
		}
		list = append(list, kp{k, p, ok})
	}
	sort.Slice(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if a.ok != b.ok {
			return a.ok
		}
		if a.ok && a.pos != b.pos {
			return a.pos.Less(b.pos)
		}
		return a.key < b.key
	})
	out := make([]string, len(list))
	for i, e := range list {
		out[i] = e.key
	}
	return out
}

// isSlug reports whether s is a lower-case slug: a-z, 0-9 and inner hyphens.
func isSlug(s string) bool {
	if s == "" || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// Slug turns text into an id: lower-case ASCII letters and digits, every other run of
// characters one dash, none at the ends ("Customer Service" -> "customer-service").
// Latin letters lose their accents ("Café Crème" -> "cafe-creme", "Größe" ->
// "grosse", "Łódź" -> "lodz"); full-width letters count as letters. Other scripts
// (Chinese...) are left out: it returns "" when nothing is left.
func Slug(s string) string {
	var b strings.Builder
	dash := false
	letter := func(r rune) {
		b.WriteRune(r)
		dash = false
	}
	for _, r := range norm.NFKD.String(strings.ToLower(width.Fold.String(s))) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			letter(r)
		case unicode.Is(unicode.Mn, r):
			// an accent, decomposed from its letter: dropped
		case latinASCII(r) != "":
			for _, l := range latinASCII(r) {
				letter(l)
			}
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	return strings.TrimRight(b.String(), "-")
}

// latinASCII spells in ASCII a lower-case Latin letter that does not decompose into a
// letter and accents, or returns "".
func latinASCII(r rune) string {
	switch r {
	case 'ß':
		return "ss"
	case 'æ':
		return "ae"
	case 'œ':
		return "oe"
	case 'ø':
		return "o"
	case 'ł':
		return "l"
	case 'đ', 'ð':
		return "d"
	case 'þ':
		return "th"
	case 'ı':
		return "i"
	case 'ħ':
		return "h"
	case 'ŋ':
		return "ng"
	}
	return ""
}

func (d *decoder) checkID(kind, id string, pos diag.Pos) bool {
	if isSlug(id) {
		return true
	}
	hint := "ids use only a-z, 0-9 and -"
	if s := Slug(id); s != "" {
		hint = fmt.Sprintf("use %q", s)
	}
	d.add(diag.Errorf(pos, diag.RuleId, hint, "%s id %q is not a lower-case slug", kind, id))
	return false
}

// date formats a started value: a string as written, a TOML date as 2006-01-02.
func (d *decoder) date(f field) string {
	switch v := f.v.(type) {
	case string:
		return v
	case time.Time:
		if v.Hour() == 0 && v.Minute() == 0 && v.Second() == 0 && v.Nanosecond() == 0 {
			return v.Format(time.DateOnly)
		}
		return v.Format(time.RFC3339)
	case fmt.Stringer: // a local date type of a TOML library
		return v.String()
	}
	d.typeErr(f, f.pos(), f.v, "a date", "2024-03-01")
	return ""
}
