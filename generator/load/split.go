package load

import (
	"bytes"
	"fmt"

	"github.com/rolebook/rolebook/generator/diag"
)

// Split separates the front matter of a Markdown file from its body and decodes it.
//
// Front matter is TOML between two "+++" lines, YAML between two "---" lines (the
// closing one may also be "..."), or a JSON object when the file starts with "{" (it
// ends at the matching "}", as in Hugo). The delimiters must be the first line of the
// file (after an optional byte order mark); the closing one may be anywhere after it.
//
// front is nil when the file has no front matter or when it has errors (then diags
// says why). body is the rest of the file, sharing memory with src, and bodyLine is the
// line of the file at which it starts, so that positions in the body can be mapped back
// to the file. Without front matter, body is the whole file and bodyLine is 1.
func Split(file string, src []byte) (front *Doc, body []byte, bodyLine int, diags *diag.List) {
	var dec decoder
	front, body, bodyLine, ds := dec.split(file, src)
	return front, body, bodyLine, diag.From(ds)
}

func (dec *decoder) split(file string, src []byte) (*Doc, []byte, int, []diag.Diagnostic) {
	src = stripBOM(src)
	if len(src) > 0 && src[0] == '{' {
		return dec.splitJSON(file, src)
	}
	first, rest := cutLine(src)
	var format Format
	switch string(trimEOL(first)) {
	case "+++":
		format = TOML
	case "---":
		format = YAML
	default:
		return nil, src, 1, nil
	}
	open := diag.Pos{File: file, Line: 1, Col: 1}
	// Find the closing delimiter line, counting lines as we go.
	line, off := 2, len(first)
	for len(rest) > 0 {
		l, next := cutLine(rest)
		if isClose(format, trimEOL(l)) {
			block := src[len(first):off]
			body := src[off+len(l):]
			var doc *Doc
			var diags []diag.Diagnostic
			if format == TOML {
				doc, diags = dec.decodeTOML(file, block, 2)
			} else {
				doc, diags = dec.decodeYAML(file, block, 2)
			}
			if doc != nil {
				doc.Start = open
			}
			return doc, body, line + 1, diags
		}
		line, off, rest = line+1, off+len(l), next
	}
	delim := string(trimEOL(first))
	return nil, src, 1, []diag.Diagnostic{diag.Errorf(open, diag.RuleFrontMatter,
		fmt.Sprintf("add a line with %s alone after the last line of the front matter", delim),
		"the front matter that starts with %s here is never closed", delim)}
}

// isClose reports whether line closes a front-matter block of format.
func isClose(format Format, line []byte) bool {
	if format == TOML {
		return string(line) == "+++"
	}
	return string(line) == "---" || string(line) == "..."
}

// cutLine returns the first line of b, with its line ending, and the rest of b.
func cutLine(b []byte) (line, rest []byte) {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i+1], b[i+1:]
	}
	return b, nil
}

// trimEOL removes the line ending and any trailing spaces or tabs from a line, so
// that "+++ " and "+++\r\n" are delimiters too.
func trimEOL(line []byte) []byte {
	return bytes.TrimRight(line, " \t\r\n")
}
