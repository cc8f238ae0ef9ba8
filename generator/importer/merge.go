package importer

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/load"
)

// Existing is a duty file already in the output folder.
type Existing struct {
	Area string
	// File is its path as printed in problems ("content/duties/service.toml").
	File string
	Data []byte
}

// MergeOptions tune Merge.
type MergeOptions struct {
	// Prune removes the duties of the existing files that the spreadsheet does not have
	// (a file left with none is removed). Without it no duty is ever removed.
	Prune bool
	// DefaultLanguage is the handbook's default language: a plain string title is in
	// it. The spreadsheet's texts are in Result.Language, or in this one when the header
	// does not tell.
	DefaultLanguage string
	// SameLetters, when not nil, reports whether the handbook's duty already shows the
	// row's letters (Duty.Cells) at the stage the spreadsheet is of: its accountable,
	// responsible, consulted and informed keys are then left as written, though they
	// may name roles that stage does not have (a stage's matrix shows their duties under
	// the roles covering them).
	SameLetters func(d Duty) bool
}

// Merged is what Merge did.
type Merged struct {
	// Files are the duty files to write, by area; a nil Data means remove the file
	// (only with MergeOptions.Prune).
	Files []File
	// The duty ids by what happened to them: new, changed, the same as in the file, in
	// a file but not in the spreadsheet (kept), and removed with Prune.
	Added, Updated, Unchanged, Kept, Removed []string
	// Problems are existing files Merge cannot edit safely; nothing should be written
	// when there is any.
	Problems []diag.Diagnostic
}

// Merge merges the duties of an import into the existing duty files, editing them in
// place: a duty of the spreadsheet that a file has gets the keys the spreadsheet gives
// (title, the RACI lists, and cadence, effort and notes when it has those columns) only
// where they differ, every other key and comment staying as it is; a new duty is
// added at the end of its area's file; a duty the spreadsheet does not have is kept,
// unless opts.Prune. Lists compare as sets, titles and notes in the spreadsheet's
// language (a translation table keeps its other languages). It is pure, like Import.
func Merge(res *Result, existing []Existing, opts MergeOptions) *Merged {
	m := &Merged{}
	lang := res.Language
	if lang == "" {
		lang = opts.DefaultLanguage
	}
	byArea := map[string]*editFile{}
	var areas []string
	where := map[string]string{} // duty id -> area of the file that has it
	for _, e := range existing {
		f, problem := parseEdit(e)
		if problem != nil {
			m.Problems = append(m.Problems, *problem)
			continue
		}
		byArea[e.Area] = f
		areas = append(areas, e.Area)
		for _, id := range f.order {
			where[id] = e.Area
		}
	}
	if len(m.Problems) > 0 {
		return m
	}
	inSheet := map[string]bool{}
	for _, d := range res.Rows {
		inSheet[d.ID] = true
		if a, ok := where[d.ID]; ok && a != d.Area {
			f := byArea[a]
			m.Problems = append(m.Problems, diag.Errorf(f.doc.Pos(d.ID), diag.RuleImport,
				fmt.Sprintf("move the table [%s] to content/duties/%s.toml first, or give the row the area %q", d.ID, d.Area, a),
				"duty %q is in %s, but row %d of the spreadsheet puts it in the area %q", d.ID, f.file, d.Row, d.Area))
		}
	}
	if len(m.Problems) > 0 {
		return m
	}
	fresh := map[string]bool{} // areas without a file: written as Import made them
	for _, d := range res.Rows {
		f := byArea[d.Area]
		if f == nil {
			fresh[d.Area] = true
			m.Added = append(m.Added, d.ID)
			continue
		}
		if f.has(d.ID) {
			sameLetters := opts.SameLetters != nil && opts.SameLetters(d)
			changed, problem := f.update(d, res.Has, lang, opts.DefaultLanguage, sameLetters)
			switch {
			case problem != nil:
				m.Problems = append(m.Problems, *problem)
			case changed:
				m.Updated = append(m.Updated, d.ID)
			default:
				m.Unchanged = append(m.Unchanged, d.ID)
			}
			continue
		}
		f.add(d)
		m.Added = append(m.Added, d.ID)
	}
	for _, a := range areas {
		f := byArea[a]
		for _, id := range f.order {
			if inSheet[id] {
				continue
			}
			if opts.Prune {
				f.remove(id)
				m.Removed = append(m.Removed, id)
			} else {
				m.Kept = append(m.Kept, id)
			}
		}
	}
	if len(m.Problems) > 0 {
		return m
	}
	for _, a := range areas {
		f := byArea[a]
		if !f.dirty {
			continue
		}
		data := f.bytes()
		if opts.Prune && f.empty() {
			data = nil
		}
		m.Files = append(m.Files, File{Area: a, Data: data})
	}
	for _, file := range res.Files {
		if fresh[file.Area] {
			m.Files = append(m.Files, file)
		}
	}
	sort.Slice(m.Files, func(i, j int) bool { return m.Files[i].Area < m.Files[j].Area })
	return m
}

// editFile is a duty file cut into the text before its first duty and one piece of
// text per duty (its table, the comment lines right above its header and the blank
// lines after it), edited piece by piece.
type editFile struct {
	file   string
	doc    *load.Doc
	head   []string // each line with its line ending
	order  []string // the duty ids in file order, removed ones included
	tables map[string]*table
	dirty  bool
}

type table struct {
	lines   []string
	removed bool
}

func parseEdit(e Existing) (*editFile, *diag.Diagnostic) {
	doc, diags := load.DecodeTOML(e.File, e.Data, 1)
	if doc == nil {
		d := diag.Errorf(diag.Pos{File: e.File}, diag.RuleImport, "fix the file first (rolebook check names the error)", "%s is not valid TOML: it cannot be merged into", e.File)
		if items := diags.Items(); len(items) > 0 {
			d.Pos = items[0].Pos
		}
		return nil, &d
	}
	lines := strings.SplitAfter(string(e.Data), "\n")
	if n := len(lines); n > 0 && lines[n-1] == "" {
		lines = lines[:n-1]
	}
	f := &editFile{file: e.File, doc: doc, tables: map[string]*table{}}
	type header struct {
		id   string
		line int
	}
	var heads []header
	for id := range doc.Data {
		p, ok := doc.KeyPos(id)
		if !ok || p.Line < 1 || p.Line > len(lines) || !isHeader(lines[p.Line-1], id) {
			d := diag.Errorf(doc.Pos(id), diag.RuleImport, fmt.Sprintf("write the duty as a table: [%s] on a line of its own, its keys below", id),
				"duty %q is not written as a [table]: the file cannot be merged into", id)
			return nil, &d
		}
		heads = append(heads, header{id, p.Line - 1})
	}
	sort.Slice(heads, func(i, j int) bool { return heads[i].line < heads[j].line })
	starts := make([]int, len(heads))
	for i, h := range heads {
		start := h.line
		// The comment lines right above a header are the duty's; not the file's own
		// comment, which starts the file.
		floor := 0
		if i > 0 {
			floor = heads[i-1].line + 1
		}
		for start-1 >= floor && strings.HasPrefix(strings.TrimSpace(lines[start-1]), "#") {
			start--
		}
		if i == 0 && start == 0 {
			start = h.line
		}
		starts[i] = start
	}
	if len(heads) == 0 {
		f.head = lines
		return f, nil
	}
	f.head = lines[:starts[0]]
	for i, h := range heads {
		end := len(lines)
		if i+1 < len(heads) {
			end = starts[i+1]
		}
		f.order = append(f.order, h.id)
		f.tables[h.id] = &table{lines: slices.Clone(lines[starts[i]:end])}
	}
	return f, nil
}

func (f *editFile) has(id string) bool { return f.tables[id] != nil && !f.tables[id].removed }

// empty reports whether no duty is left.
func (f *editFile) empty() bool {
	for _, id := range f.order {
		if !f.tables[id].removed {
			return false
		}
	}
	return true
}

func (f *editFile) bytes() []byte {
	var b strings.Builder
	for _, l := range f.head {
		b.WriteString(l)
	}
	for _, id := range f.order {
		if t := f.tables[id]; !t.removed {
			for _, l := range t.lines {
				b.WriteString(l)
			}
		}
	}
	return []byte(b.String())
}

// last returns the lines of the last duty left, or the head.
func (f *editFile) last() *[]string {
	for i := len(f.order) - 1; i >= 0; i-- {
		if t := f.tables[f.order[i]]; !t.removed {
			return &t.lines
		}
	}
	return &f.head
}

// add appends a new duty's table at the end of the file, after a blank line.
func (f *editFile) add(d Duty) {
	prev := f.last()
	if n := len(*prev); n > 0 && !strings.HasSuffix((*prev)[n-1], "\n") {
		(*prev)[n-1] += "\n"
	}
	var lines []string
	if n := len(*prev); n > 0 && strings.TrimSpace((*prev)[n-1]) != "" {
		lines = append(lines, "\n")
	}
	for _, l := range strings.SplitAfter(dutyTable(d), "\n") {
		if l != "" {
			lines = append(lines, l)
		}
	}
	f.tables[d.ID] = &table{lines: lines}
	f.order = append(f.order, d.ID)
	f.dirty = true
}

// remove drops a duty's table.
func (f *editFile) remove(id string) {
	f.tables[id].removed = true
	f.dirty = true
}

// update gives the duty d's keys in the file the values of the spreadsheet where they
// differ. It reports whether anything changed.
func (f *editFile) update(d Duty, has map[string]bool, lang, def string, sameLetters bool) (bool, *diag.Diagnostic) {
	cur, _ := f.doc.Data[d.ID].(map[string]any)
	type change struct {
		key, value string
	}
	var changes []change
	if v, ok := textValue(cur["title"], d.Title, lang, def); !ok {
		changes = append(changes, change{"title", v})
	}
	if a, _ := cur["accountable"].(string); a != d.A[0] && !sameLetters {
		changes = append(changes, change{"accountable", quote(d.A[0])})
	}
	for _, l := range []struct {
		key string
		ids []string
	}{{"responsible", d.R}, {"consulted", d.C}, {"informed", d.I}} {
		if !sameLetters && !sameSet(cur[l.key], l.ids) {
			changes = append(changes, change{l.key, list(l.ids)})
		}
	}
	if has["cadence"] {
		if c, _ := cur["cadence"].(string); c != d.Cadence {
			changes = append(changes, change{"cadence", quoteOrEmpty(d.Cadence)})
		}
	}
	if has["effort"] && !sameHours(cur["effort"], d.Effort) {
		changes = append(changes, change{"effort", d.Effort})
	}
	if has["notes"] {
		if v, ok := textValue(cur["notes"], d.Notes, lang, def); !ok {
			changes = append(changes, change{"notes", v})
		}
	}
	for _, c := range changes {
		if problem := f.set(d.ID, c.key, c.value); problem != nil {
			return false, problem
		}
	}
	return len(changes) > 0, nil
}

// quoteOrEmpty quotes s, or returns "" (which set reads as: remove the key).
func quoteOrEmpty(s string) string {
	if s == "" {
		return ""
	}
	return quote(s)
}

// set writes key = value in the table of duty id, in place of the key's lines when the
// table has the key, else after its last key; an empty value (a cleared cell) removes
// the key.
func (f *editFile) set(id, key, value string) *diag.Diagnostic {
	t := f.tables[id]
	var text []string
	if value != "" {
		text = []string{key + " = " + value + "\n"}
	}
	header := 0
	for header < len(t.lines) && !strings.HasPrefix(strings.TrimSpace(t.lines[header]), "[") {
		header++
	}
	at := header + 1 // after the last key line seen
	for i := header + 1; i < len(t.lines); {
		line := strings.TrimSpace(t.lines[i])
		switch {
		case strings.HasPrefix(line, "["):
			if p, ok := f.doc.KeyPos(id, key); ok && keyOfHeader(line, id) == key {
				d := diag.Errorf(p, diag.RuleImport, fmt.Sprintf("write %s = ... under [%s] instead of a [%s.%s] table", key, id, id, key),
					"the %s of duty %q is a table of its own: the file cannot be merged into", key, id)
				return &d
			}
			i = len(t.lines)
			continue
		case line == "" || strings.HasPrefix(line, "#"):
			i++
			continue
		}
		end := valueEnd(t.lines, i)
		if k, _, ok := strings.Cut(line, "="); ok && strings.Trim(strings.TrimSpace(k), `"'`) == key {
			t.lines = slices.Concat(t.lines[:i], text, t.lines[end:])
			f.dirty = true
			return nil
		}
		at = end
		i = end
	}
	if cur, _ := f.doc.Data[id].(map[string]any); cur != nil {
		if _, defined := cur[key]; defined {
			// The key is there but on no line of its own: written with dotted keys
			// (notes.en = ...) or as a sub-table whose header the scan above did not
			// recognise. A second definition would not be TOML.
			p, _ := f.doc.KeyPos(id, key)
			d := diag.Errorf(p, diag.RuleImport, fmt.Sprintf("write %s = ... under [%s] instead of dotted keys or a [%s.%s] table", key, id, id, key),
				"the %s of duty %q is a table of its own: the file cannot be merged into", key, id)
			return &d
		}
	}
	if len(text) > 0 {
		if at > 0 && !strings.HasSuffix(t.lines[at-1], "\n") {
			t.lines[at-1] += "\n"
		}
		t.lines = slices.Concat(t.lines[:at], text, t.lines[at:])
		f.dirty = true
	}
	return nil
}

// isHeader reports whether line is the table header [id] (spaces and a comment
// allowed, the id quoted or not).
func isHeader(line, id string) bool {
	t := strings.TrimSpace(line)
	if i := strings.IndexByte(t, '#'); i >= 0 {
		t = strings.TrimSpace(t[:i])
	}
	if !strings.HasPrefix(t, "[") || !strings.HasSuffix(t, "]") || strings.HasPrefix(t, "[[") {
		return false
	}
	inner := strings.TrimSpace(t[1 : len(t)-1])
	return inner == id || inner == `"`+id+`"` || inner == "'"+id+"'"
}

// keyOfHeader returns the key of a sub-table header "[id.key]" of table id (a comment
// after it allowed), or "".
func keyOfHeader(line, id string) string {
	if i := strings.IndexByte(line, '#'); i >= 0 {
		line = line[:i]
	}
	inner := strings.TrimSpace(strings.Trim(strings.TrimSpace(line), "[]"))
	if k, ok := strings.CutPrefix(inner, id+"."); ok {
		return strings.Trim(k, `"'`)
	}
	return ""
}

// valueEnd returns the index of the line after the value of the key on lines[i]
// (multi-line arrays, tables and strings included).
func valueEnd(lines []string, i int) int {
	text := strings.Join(lines[i:], "")
	eq := strings.IndexByte(text, '=')
	if eq < 0 || eq > len(lines[i]) {
		return i + 1
	}
	n := scanValue(text, eq+1)
	return min(i+strings.Count(text[:n], "\n")+1, len(lines))
}

// scanValue returns the offset just after the TOML value that starts at or after i
// (spaces skipped): a string of any kind, an array or inline table (nested, comments
// inside arrays skipped), or a bare value up to a space, comment or line end.
func scanValue(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	depth := 0
	for i < len(s) {
		switch c := s[i]; {
		case strings.HasPrefix(s[i:], `"""`) || strings.HasPrefix(s[i:], `'''`):
			q := s[i : i+3]
			j := i + 3
			for j < len(s) && !strings.HasPrefix(s[j:], q) {
				if q == `"""` && s[j] == '\\' {
					j++
				}
				j++
			}
			i = min(j+3, len(s))
			if depth == 0 {
				return i
			}
			continue
		case c == '"' || c == '\'':
			j := i + 1
			for j < len(s) && s[j] != c && s[j] != '\n' {
				if c == '"' && s[j] == '\\' {
					j++
				}
				j++
			}
			i = min(j+1, len(s))
			if depth == 0 {
				return i
			}
			continue
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
			if depth <= 0 {
				return i + 1
			}
		case c == '#':
			if depth == 0 {
				return i
			}
			for i < len(s) && s[i] != '\n' {
				i++
			}
			continue
		case c == '\n' || c == ' ' || c == '\t':
			if depth == 0 {
				return i
			}
		}
		i++
	}
	return i
}

// textValue compares a title or notes in the file (a string in the default language, or
// a table by language) with the spreadsheet's text in lang. It returns whether they are
// the same and, if not, the TOML value to write: the file's value with the text of lang
// replaced, other languages kept.
func textValue(cur any, text, lang, def string) (string, bool) {
	switch v := cur.(type) {
	case string:
		if v == text {
			return "", true
		}
		if lang == def || lang == "" {
			return quote(text), false
		}
		return inlineTable(map[string]string{def: v, lang: text}, def), false
	case map[string]any:
		m := map[string]string{}
		for k, x := range v {
			if s, ok := x.(string); ok {
				m[k] = s
			}
		}
		if lang == "" {
			lang = def
		}
		if m[lang] == text {
			return "", true
		}
		if text == "" {
			delete(m, lang)
		} else {
			m[lang] = text
		}
		if len(m) == 0 {
			return `""`, false
		}
		return inlineTable(m, def), false
	case nil:
		if text == "" {
			return "", true
		}
		return quote(text), false
	}
	return quote(text), false
}

// inlineTable writes texts by language as an inline table, the default language first.
func inlineTable(m map[string]string, def string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		if k != def {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	if _, ok := m[def]; ok {
		keys = append([]string{def}, keys...)
	}
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + " = " + quote(m[k])
	}
	return "{ " + strings.Join(parts, ", ") + " }"
}

// sameSet reports whether a list of role ids in the file (missing: empty) has the ids.
func sameSet(cur any, ids []string) bool {
	var have []string
	switch v := cur.(type) {
	case []any:
		for _, x := range v {
			s, ok := x.(string)
			if !ok {
				return false
			}
			have = append(have, s)
		}
	case string:
		have = []string{v}
	case nil:
	default:
		return false
	}
	a, b := slices.Clone(have), slices.Clone(ids)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}

// sameHours reports whether the effort in the file equals the spreadsheet's ("" when
// the cell is empty).
func sameHours(cur any, effort string) bool {
	var have float64
	switch v := cur.(type) {
	case nil:
		return effort == ""
	case int64:
		have = float64(v)
	case float64:
		have = v
	default:
		return false
	}
	if effort == "" {
		return false
	}
	want, err := strconv.ParseFloat(effort, 64)
	return err == nil && math.Abs(want-have) < 1e-9
}
