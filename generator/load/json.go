package load

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/rolebook/rolebook/generator/diag"
)

// splitJSON splits JSON front matter: an object that starts the file and ends at its
// matching brace. The rest of the closing brace's line must be blank; the body starts
// on the next line.
func (dec *decoder) splitJSON(file string, src []byte) (*Doc, []byte, int, []diag.Diagnostic) {
	end := matchBrace(src)
	if end < 0 {
		return nil, src, 1, []diag.Diagnostic{diag.Errorf(diag.Pos{File: file, Line: 1, Col: 1}, diag.RuleFrontMatter,
			"close the JSON front matter with a } that matches this {, or start the page with something other than {",
			"the JSON front matter that starts here is never closed")}
	}
	dec.lines.reset(src, 1)
	closeLine := dec.lines.pos(file, end).Line
	tail, body := cutLine(src[end+1:])
	if len(trimEOL(tail)) > 0 {
		// Keep the text after the brace in the body rather than lose it.
		return nil, src[end+1:], closeLine, []diag.Diagnostic{diag.Errorf(dec.lines.pos(file, end+1), diag.RuleFrontMatter,
			"end the line after the closing } of the front matter",
			"text follows the closing } of the JSON front matter on the same line")}
	}
	doc, diags := dec.decodeJSON(file, src[:end+1])
	return doc, body, closeLine + 1, diags
}

// matchBrace returns the offset of the } that closes the { at src[0], skipping braces
// inside strings, or -1.
func matchBrace(src []byte) int {
	depth, inString, escaped := 0, false, false
	for i, c := range src {
		switch {
		case inString:
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		case c == '"':
			inString = true
		case c == '{':
			depth++
		case c == '}':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// decodeJSON decodes a JSON object at the start of file, recording the position of
// each key from the decoder's offsets. dec.lines must index the file.
func (dec *decoder) decodeJSON(file string, src []byte) (*Doc, []diag.Diagnostic) {
	if ds := checkUTF8(file, src, 1); ds != nil {
		return nil, ds
	}
	doc := NewDoc(file, JSON, diag.Pos{File: file, Line: 1, Col: 1})
	j := jsonConv{file: file, src: src, lines: &dec.lines, doc: doc, dec: json.NewDecoder(bytes.NewReader(src)),
		limit: cmp.Or(dec.maxNesting, DefaultMaxNesting)}
	j.dec.UseNumber()
	v, err := j.value(nil, 0)
	if err == nil {
		if _, err = j.dec.Token(); err == io.EOF {
			err = nil
		} else {
			err = errors.New("unexpected text after the object")
		}
	}
	var deep *nestingErr
	if errors.As(err, &deep) {
		return nil, append(j.diags, nestingError(j.lines.pos(file, j.next()), deep.depth, deep.limit))
	}
	if err != nil {
		return nil, append(j.diags, j.syntax(err))
	}
	if len(j.diags) > 0 {
		return nil, j.diags
	}
	doc.Data = v.(map[string]any)
	return doc, nil
}

// jsonConv walks the token stream of a JSON document into Doc values.
type jsonConv struct {
	file  string
	src   []byte
	lines *lineIndex
	doc   *Doc
	dec   *json.Decoder
	diags []diag.Diagnostic
	// limit bounds the nesting of values (see CheckTOMLNesting).
	limit int
}

// nestingErr is the error of a JSON value nested deeper than the limit.
type nestingErr struct{ depth, limit int }

func (e *nestingErr) Error() string {
	return fmt.Sprintf("values nested %d levels deep, more than the limit of %d", e.depth, e.limit)
}

func (j *jsonConv) value(path []string, depth int) (any, error) {
	if depth > j.limit {
		return nil, &nestingErr{depth: depth, limit: j.limit}
	}
	tok, err := j.dec.Token()
	if err != nil {
		return nil, err
	}
	if depth == 0 && tok != json.Delim('{') {
		return nil, errors.New("the JSON front matter must be an object")
	}
	switch tok := tok.(type) {
	case json.Delim:
		if tok == '[' {
			s := []any{}
			for i := 0; j.dec.More(); i++ {
				p := append(path, strconv.Itoa(i))
				j.doc.SetPos(j.lines.pos(j.file, j.next()), p...)
				v, err := j.value(p, depth+1)
				if err != nil {
					return nil, err
				}
				s = append(s, v)
			}
			_, err := j.dec.Token()
			return s, err
		}
		m := map[string]any{}
		for j.dec.More() {
			pos := j.lines.pos(j.file, j.next())
			kt, err := j.dec.Token()
			if err != nil {
				return nil, err
			}
			k, _ := kt.(string)
			p := append(path, k)
			if _, dup := m[k]; dup {
				first := j.doc.Pos(p...)
				d := diag.Errorf(pos, diag.RuleDuplicateKey, "keep one of the two definitions, or rename one of them",
					"key %q is already defined on line %d", k, first.Line)
				d.Related = []diag.Pos{first}
				j.diags = append(j.diags, d)
			} else {
				j.doc.SetPos(pos, p...)
			}
			v, err := j.value(p, depth+1)
			if err != nil {
				return nil, err
			}
			if _, dup := m[k]; !dup {
				m[k] = v
			}
		}
		_, err := j.dec.Token()
		return m, err
	case json.Number:
		if i, err := tok.Int64(); err == nil {
			return i, nil
		}
		f, err := tok.Float64()
		if err != nil {
			return nil, fmt.Errorf("number %s is out of range", tok)
		}
		return f, nil
	}
	return tok, nil // string, bool or nil
}

// next returns the offset of the next token: after the decoder's offset, past spaces,
// commas and colons.
func (j *jsonConv) next() int {
	off := int(j.dec.InputOffset())
	for off < len(j.src) && strings.IndexByte(" \t\r\n,:", j.src[off]) >= 0 {
		off++
	}
	return off
}

// syntax turns a decoding error into a diagnostic at its offset.
func (j *jsonConv) syntax(err error) diag.Diagnostic {
	off := j.next()
	var se *json.SyntaxError
	if errors.As(err, &se) {
		// In token mode the offset is where the failing token starts, or the
		// separator before it.
		off = int(se.Offset)
		for off < len(j.src) && strings.IndexByte(" \t\r\n:", j.src[off]) >= 0 {
			off++
		}
	}
	if err == io.ErrUnexpectedEOF || err == io.EOF {
		off, err = len(j.src), errors.New("the object is incomplete")
	}
	return diag.Errorf(j.lines.pos(j.file, off), diag.RuleSyntax,
		"check the commas between entries and the quotes around keys and text; JSON allows no trailing comma or comment",
		"invalid JSON: %v", err)
}
