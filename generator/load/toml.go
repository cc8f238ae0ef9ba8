package load

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/rolebook/rolebook/generator/diag"
)

// DecodeTOML decodes src, a TOML document that starts at line firstLine of file, into
// a Doc whose keys know their positions in file. On an error in the document it returns
// a nil Doc and diagnostics that say where and what, and how to fix it.
func DecodeTOML(file string, src []byte, firstLine int) (*Doc, *diag.List) {
	var dec decoder
	doc, diags := dec.decodeTOML(file, src, firstLine)
	return doc, diag.From(diags)
}

// decoder holds what decoding one file needs, kept between files so that a worker
// reading thousands of pages reuses its buffers instead of allocating them again.
// A decoder is used by one goroutine at a time.
type decoder struct {
	// buf holds the file being read when Read drops bodies (see decoder.load).
	buf    []byte
	parser unstable.Parser
	lines  lineIndex
	// kinds says how each key path (joined) was defined, to find duplicates.
	kinds map[string]keyKind
	// arrays counts the entries of each array of tables, by joined key path.
	arrays map[string]int
	// key is the joined path of the key being located; table is that of the
	// table that the current [header] opened.
	key, table []byte
	diags      []diag.Diagnostic
	file       string
	doc        *Doc
	// data holds the values of the document being located while simple is true:
	// as long as it is made of top-level key = value lines whose values are simple
	// (see simpleValue), the values are taken from the locator's parse and
	// BurntSushi/toml is not needed.
	data   map[string]any
	simple bool
	// names holds the strings of keys and of array elements read so far (see intern).
	names map[string]string
	// maxNesting bounds the nesting of values (see CheckTOMLNesting); 0 means
	// DefaultMaxNesting.
	maxNesting int
	// ctx, when not nil, stops the locator of a large file when it is done (see
	// stopped); ticks counts the steps between two looks at it.
	ctx   context.Context
	ticks int
}

// stopped reports whether the decoder's context is done, looking at it once every
// 1024 calls: the locator calls it for each expression and array element, so that a
// 20 MB data file stops within a few milliseconds of Ctrl-C.
func (dec *decoder) stopped() bool {
	if dec.ctx == nil {
		return false
	}
	if dec.ticks++; dec.ticks%1024 != 0 {
		return false
	}
	return dec.ctx.Err() != nil
}

// internMax bounds decoder.names: front matter has a few keys and tags, repeated on
// every page, but a handbook may have any number of distinct ones.
const internMax = 4096

// intern returns b as a string, the same string for the same bytes, so that the keys
// and tags that thousands of pages repeat are kept in memory once.
func (dec *decoder) intern(b []byte) string {
	if s, ok := dec.names[string(b)]; ok {
		return s
	}
	s := string(b)
	if dec.names == nil {
		dec.names = map[string]string{}
	}
	if len(dec.names) < internMax {
		dec.names[s] = s
	}
	return s
}

// keyKind is how the locator saw a key path defined.
type keyKind uint8

const (
	// byHeader is a table named only as the prefix of a [table] header; a later
	// header may still define it.
	byHeader keyKind = iota + 1
	// byDotted is a table made by the prefix of a dotted key.
	byDotted
	// defined is a key = value, an inline-table key, an array element or a [table].
	defined
	// arrayTable is the name of an array of tables.
	arrayTable
)

func (dec *decoder) decodeTOML(file string, src []byte, firstLine int) (*Doc, []diag.Diagnostic) {
	firstLine = max(firstLine, 1)
	src = stripBOM(src)
	if ds := checkUTF8(file, src, firstLine); ds != nil {
		return nil, ds
	}
	// Both parsers recurse on nested values: bound the nesting before either runs.
	if ds := CheckTOMLNesting(file, src, firstLine, dec.maxNesting); ds != nil {
		return nil, ds.Items()
	}
	doc := &Doc{File: file, Format: TOML, Start: diag.Pos{File: file, Line: firstLine, Col: 1}, keys: map[string]diag.Pos{}}
	dec.lines.reset(src, firstLine)
	diags := dec.locate(file, doc, src)
	if dec.ctx != nil && dec.ctx.Err() != nil {
		return nil, nil // interrupted: Read reports nothing
	}
	if len(diags) == 0 && dec.simple {
		doc.Data = dec.data
		return doc, nil
	}

	data, err := decodeBurntSushi(src)
	if err != nil {
		d := dec.syntaxError(file, src, err)
		dup := false
		for _, o := range diags {
			dup = dup || o.Pos.Line == d.Pos.Line
		}
		if !dup {
			diags = append(diags, d)
		}
	}
	if len(diags) > 0 {
		return nil, diags
	}
	normalizeMap(data)
	doc.Data = data
	return doc, nil
}

// decodeBurntSushi decodes src with BurntSushi/toml, which checks the whole TOML
// grammar and its rules about redefining tables.
func decodeBurntSushi(src []byte) (data map[string]any, err error) {
	defer func() {
		// The decoder panics on its own internal inconsistencies; a handbook file
		// must never crash the build, so such a panic becomes an error.
		if r := recover(); r != nil {
			data, err = nil, fmt.Errorf("the TOML decoder failed on this file: %v", r)
		}
	}()
	data = map[string]any{}
	_, err = toml.Decode(string(src), &data)
	return data, err
}

// syntaxError turns an error of the TOML decoder into a diagnostic at its position.
func (dec *decoder) syntaxError(file string, src []byte, err error) diag.Diagnostic {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return diag.Errorf(dec.lines.pos(file, 0), diag.RuleSyntax, "check the TOML syntax of this file", "%v", err)
	}
	// The decoder strips one more byte order mark, if the file has two.
	shift := 0
	if bytes.HasPrefix(src, []byte(bom)) {
		shift = len(bom)
	}
	// The byte offset is exact where the line number may already be the next one.
	pos := dec.lines.pos(file, pe.Position.Start+shift)
	line := src[dec.lines.starts[pos.Line-dec.lines.first]:]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	return diag.Errorf(pos, diag.RuleSyntax, tomlHint(line), "invalid TOML: %s", lowerFirst(strings.TrimSuffix(pe.Message, ".")))
}

// tomlHint guesses how to fix the TOML line that holds a syntax error.
func tomlHint(line []byte) string {
	s := strings.TrimSpace(string(line))
	key, value, hasEq := strings.Cut(s, "=")
	value = strings.TrimSpace(value)
	switch {
	case strings.HasPrefix(s, "[") && !strings.Contains(s, "]"):
		return "close the table name with ] (or ]] for an array of tables)"
	case strings.HasPrefix(s, "["):
		return "a table header is [name] or [[name]] alone on its line; quote names with spaces: [\"my name\"]"
	case !hasEq:
		return "write each setting as key = value, a [table] header or a # comment"
	case strings.TrimSpace(key) == "":
		return "put a key before the =: title = \"...\""
	case value == "":
		return "give the key a value: key = \"text\", key = 3 or key = [\"a\", \"b\"]"
	case strings.HasPrefix(value, `"""`) || strings.HasPrefix(value, `'''`):
		return "close the multi-line string with the same three quotes it opened with"
	case value[0] == '"' || value[0] == '\'':
		return "end the string with the quote it started with, on the same line; use \"\"\" for text over several lines and \\\" for a quote inside"
	case value[0] == '[' || value[0] == '{':
		return "separate the items with commas and close the brackets; text items need quotes: [\"a\", \"b\"]"
	case !strings.ContainsAny(value[:1], "+-0123456789") && !strings.HasPrefix(value, "true") &&
		!strings.HasPrefix(value, "false") && !strings.HasPrefix(value, "inf") && !strings.HasPrefix(value, "nan"):
		return "put text in double quotes: key = \"" + value + "\""
	}
	return "check the value: numbers like 3 or 0.5, dates like 2024-03-01, true or false, or \"text\" in quotes"
}

// lowerFirst makes a library message start like our own error strings.
func lowerFirst(s string) string {
	if s != "" && s[0] >= 'A' && s[0] <= 'Z' {
		return string(s[0]+'a'-'A') + s[1:]
	}
	return s
}

// locate records the position of every key of src into doc and returns the
// duplicate keys it finds. It reads src with go-toml's unstable parser, which keeps
// the byte range of each key; BurntSushi/toml, which decodes the values, does not.
// Where the two parsers disagree on a malformed file, the keys after the point of
// disagreement keep the position of their enclosing table.
//
// Key paths are built joined (as Doc stores them) in one reused buffer, so that a key
// costs one string, shared by the two maps that need it.
func (dec *decoder) locate(file string, doc *Doc, src []byte) []diag.Diagnostic {
	if dec.kinds == nil {
		dec.kinds = map[string]keyKind{}
		dec.arrays = map[string]int{}
	}
	clear(dec.kinds)
	clear(dec.arrays)
	dec.diags, dec.file, dec.doc = nil, file, doc
	dec.data, dec.simple = map[string]any{}, plainText(src)
	p := &dec.parser
	p.Reset(src)
	table := root
	dec.table = dec.table[:0]
	for p.NextExpression() && !dec.stopped() {
		switch e := p.Expression(); e.Kind {
		case unstable.Table, unstable.ArrayTable:
			dec.simple = false
			table = dec.header(e)
			dec.table = append(dec.table[:0], dec.key...)
		case unstable.KeyValue:
			if dec.simple {
				dec.simple = dec.simpleKeyValue(e)
			}
			dec.key = append(dec.key[:0], dec.table...)
			dec.keyValue(e, table)
		}
	}
	// Syntax errors are reported by the decoder, which knows the TOML rules fully.
	if p.Error() != nil {
		dec.simple = false
	}
	p.Reset(nil)
	diags := dec.diags
	dec.diags, dec.doc = nil, nil
	return diags
}

// plainText reports whether src has no control characters but tabs and line endings
// (LF or CRLF): TOML allows them nowhere else, and such a document is left to
// BurntSushi/toml, which reports them.
func plainText(src []byte) bool {
	for i, c := range src {
		switch {
		case c == '\t' || c == '\n':
		case c == '\r':
			if i+1 == len(src) || src[i+1] != '\n' {
				return false
			}
		case c < 0x20 || c == 0x7f:
			return false
		}
	}
	return true
}

// simpleKeyValue adds the value of a top-level key = value to dec.data and reports
// whether it could: the key must be one bare key (no dots, no quotes) and its value
// simple (see simpleValue). A key set twice is left to BurntSushi/toml too.
func (dec *decoder) simpleKeyValue(kv *unstable.Node) bool {
	it := kv.Key()
	if !it.Next() || !it.IsLast() {
		return false
	}
	name := it.Node().Data
	if len(name) == 0 {
		return false
	}
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	v, ok := dec.simpleValue(kv.Value(), false)
	if !ok {
		return false
	}
	if _, dup := dec.data[string(name)]; dup {
		return false
	}
	dec.data[dec.intern(name)] = v
	return true
}

// simpleValue converts a value that BurntSushi/toml would decode the same way with no
// doubt: a one-line literal string or basic string without escapes, a decimal integer
// without underscores or leading zeros, a boolean, or an array of these. Anything else
// (floats, dates, inline tables, escapes, multi-line strings) returns false and is left
// to BurntSushi/toml. The strings of an array (tags, aliases) are interned: inArray says
// that v is an element.
func (dec *decoder) simpleValue(v *unstable.Node, inArray bool) (any, bool) {
	switch v.Kind {
	case unstable.String:
		raw := dec.parser.Raw(v.Raw)
		if len(raw) < 2 || bytes.HasPrefix(raw, []byte(`"""`)) || bytes.HasPrefix(raw, []byte("'''")) ||
			raw[0] == '"' && bytes.IndexByte(raw, '\\') >= 0 {
			return nil, false
		}
		if inArray {
			return dec.intern(v.Data), true
		}
		return string(v.Data), true
	case unstable.Integer:
		return decimal(v.Data)
	case unstable.Bool:
		return string(v.Data) == "true", true
	case unstable.Array:
		out := []any{}
		for it := v.Children(); it.Next(); {
			el := it.Node()
			if el.Kind == unstable.Comment {
				continue
			}
			x, ok := dec.simpleValue(el, true)
			if !ok {
				return nil, false
			}
			out = append(out, x)
		}
		return out, true
	}
	return nil, false
}

// decimal parses a TOML decimal integer with an optional sign and no underscores or
// leading zeros, as int64.
func decimal(b []byte) (any, bool) {
	digits := b
	if len(digits) > 0 && (digits[0] == '+' || digits[0] == '-') {
		digits = digits[1:]
	}
	if len(digits) == 0 || len(digits) > 1 && digits[0] == '0' {
		return nil, false
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return nil, false
		}
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		return nil, false
	}
	return n, true
}

// root is the length of the key path of the document's top-level table: it has no
// name, unlike a table named "" (whose path has length 0).
const root = -1

// push appends the key name to the path of length base in dec.key and returns the
// length of the new path.
func (dec *decoder) push(base int, name []byte) int {
	if base == root {
		dec.key = dec.key[:0]
	} else {
		dec.key = append(dec.key[:base], 0)
	}
	dec.key = append(dec.key, name...)
	return len(dec.key)
}

// pushIndex appends an array index to the path of length base.
func (dec *decoder) pushIndex(base, i int) int {
	dec.key = strconv.AppendInt(append(dec.key[:base], 0), int64(i), 10)
	return len(dec.key)
}

// header records a [table] or [[array]] header, leaves its path in dec.key and
// returns its length. Array-of-tables names in the path are followed by the index of
// their current entry.
func (dec *decoder) header(e *unstable.Node) int {
	src := dec.parser.Data()
	it := e.Key()
	if !it.Next() {
		dec.key = dec.key[:0]
		return root
	}
	first := it.Node()
	// The header's position is its opening bracket.
	off := int(first.Raw.Offset)
	for off > 0 && (src[off-1] == ' ' || src[off-1] == '\t') {
		off--
	}
	for n := 0; n < 2 && off > 0 && src[off-1] == '['; n++ {
		off--
	}
	pos := dec.lines.pos(dec.file, off)
	n := root
	for {
		k := it.Node()
		n = dec.push(n, k.Data)
		if !it.IsLast() {
			switch dec.kinds[string(dec.key)] {
			case arrayTable:
				n = dec.pushIndex(n, dec.arrays[string(dec.key)]-1)
			case 0:
				dec.set(string(dec.key), byHeader, pos)
			}
			it.Next()
			continue
		}
		name := string(src[first.Raw.Offset : k.Raw.Offset+k.Raw.Length])
		key := string(dec.key)
		kind := dec.kinds[key]
		if e.Kind == unstable.Table {
			if kind == 0 || kind == byHeader {
				dec.set(key, defined, pos)
			} else {
				dec.duplicate(pos, key, "table ["+name+"]")
			}
			return n
		}
		switch kind {
		case 0:
			dec.set(key, arrayTable, pos)
		case arrayTable:
		default:
			dec.duplicate(pos, key, "[["+name+"]]")
		}
		i := dec.arrays[key]
		dec.arrays[key] = i + 1
		n = dec.pushIndex(n, i)
		dec.set(string(dec.key), defined, pos)
		return n
	}
}

// keyValue records the key of a key = value (dotted or not, at the top or in an
// inline table) under the table path of length base in dec.key, then the keys and
// elements of its value.
func (dec *decoder) keyValue(kv *unstable.Node, base int) {
	src := dec.parser.Data()
	n := base
	it := kv.Key()
	var first *unstable.Node
	for it.Next() {
		k := it.Node()
		if first == nil {
			first = k
		}
		n = dec.push(n, k.Data)
		pos := dec.lines.pos(dec.file, int(k.Raw.Offset))
		switch kind := dec.kinds[string(dec.key)]; {
		case !it.IsLast():
			if kind == 0 {
				dec.set(string(dec.key), byDotted, pos)
			}
		case kind != 0:
			dec.duplicate(pos, string(dec.key), fmt.Sprintf("key %q", src[first.Raw.Offset:k.Raw.Offset+k.Raw.Length]))
		default:
			dec.set(string(dec.key), defined, pos)
		}
	}
	dec.value(kv.Value(), n)
}

// value records the keys of an inline table and the elements of an array whose path
// has length n in dec.key.
func (dec *decoder) value(v *unstable.Node, n int) {
	switch v.Kind {
	case unstable.InlineTable:
		for it := v.Children(); it.Next(); {
			if kv := it.Node(); kv.Kind == unstable.KeyValue {
				dec.keyValue(kv, n)
			}
		}
	case unstable.Array:
		i := 0
		for it := v.Children(); it.Next() && !dec.stopped(); {
			el := it.Node()
			if el.Kind == unstable.Comment {
				continue
			}
			m := dec.pushIndex(n, i)
			if off, ok := dec.start(el); ok {
				dec.set(string(dec.key), defined, dec.lines.pos(dec.file, off))
			}
			dec.value(el, m)
			i++
		}
	}
}

// start returns the offset at which value v begins. The parser keeps no range for an
// array, so an array starts at the bracket before its first element.
func (dec *decoder) start(v *unstable.Node) (int, bool) {
	if v.Raw.Length > 0 {
		return int(v.Raw.Offset), true
	}
	for it := v.Children(); it.Next(); {
		off, ok := dec.start(it.Node())
		if !ok {
			continue
		}
		src := dec.parser.Data()
		i := off
		for i > 0 && strings.IndexByte(" \t\r\n", src[i-1]) >= 0 {
			i--
		}
		if i > 0 && src[i-1] == '[' {
			return i - 1, true
		}
		return off, true
	}
	return 0, false
}

// set records how key was defined and where. A table first seen as the prefix of a
// header moves to the header that defines it.
func (dec *decoder) set(key string, kind keyKind, pos diag.Pos) {
	dec.kinds[key] = kind
	dec.doc.keys[key] = pos
}

// duplicate reports that what, at pos, defines key a second time.
func (dec *decoder) duplicate(pos diag.Pos, key, what string) {
	first := dec.doc.keys[key]
	d := diag.Errorf(pos, diag.RuleDuplicateKey, "keep one of the two definitions, or rename one of them",
		"%s is already defined on line %d", what, first.Line)
	d.Related = []diag.Pos{first}
	dec.diags = append(dec.diags, d)
}

// normalizeMap converts, in place, what BurntSushi/toml decodes into the value types
// that Doc promises: arrays of tables become []any and local dates and times become
// time.Time in UTC.
func normalizeMap(m map[string]any) {
	for k, v := range m {
		m[k] = normalize(v)
	}
}

func normalize(v any) any {
	switch v := v.(type) {
	case map[string]any:
		normalizeMap(v)
	case []any:
		for i, e := range v {
			v[i] = normalize(e)
		}
	case []map[string]any:
		out := make([]any, len(v))
		for i, e := range v {
			normalizeMap(e)
			out[i] = e
		}
		return out
	case time.Time:
		return localTime(v)
	}
	return v
}

// localTime converts the local date, time and date-time values of TOML (which have no
// offset) to UTC with the same wall clock, so that they do not depend on the time
// zone of the machine that builds the handbook. A time of day alone is on 0000-01-01.
func localTime(t time.Time) time.Time {
	switch t.Location().String() {
	case "date-local", "time-local", "datetime-local":
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	}
	return t
}
