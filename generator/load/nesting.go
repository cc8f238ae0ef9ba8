package load

import (
	"bytes"

	"github.com/rolebook/rolebook/generator/diag"
)

// DefaultMaxNesting is the deepest nesting of values that front matter, data files and
// config.toml may have when no other limit is given (Options.MaxNesting).
const DefaultMaxNesting = 100

// CheckTOMLNesting returns a diagnostic when src, a TOML document that starts at line
// firstLine of file, nests values deeper than limit levels (0 means
// DefaultMaxNesting), and nil otherwise.
//
// A level is a part of a [table] or [[array of tables]] name (an array of tables counts
// one more, for its entry), a part of a dotted key, an inline table or an array: in
//
//	[a.b]
//	c.d = [{ e = 1 }]
//
// e is 6 levels deep (a, b, c, d, the array, the inline table; e itself is in it).
// That is the length of the key path of the deepest value, which is what the decoders
// recurse on, so a document within the limit cannot exhaust the stack or the memory
// of any of them.
//
// It reads src once, in time linear in its length and with memory bounded by the
// limit, without decoding it: it is safe on any input, and a syntax error it does not
// see is left to the decoder. DecodeTOML calls it first; a caller that hands the same
// bytes to another TOML decoder (config.toml goes to viper too) calls it before.
func CheckTOMLNesting(file string, src []byte, firstLine, limit int) *diag.List {
	if limit <= 0 {
		limit = DefaultMaxNesting
	}
	off, depth := tomlNesting(src, limit)
	if off < 0 {
		return nil
	}
	return diag.From([]diag.Diagnostic{nestingError(posAt(file, src, max(firstLine, 1), off), depth, limit)})
}

// nestingError is the diagnostic of a value nested depth levels deep, over limit.
func nestingError(pos diag.Pos, depth, limit int) diag.Diagnostic {
	return diag.Errorf(pos, diag.RuleTooDeep,
		"flatten the data: no handbook needs more than a few levels of tables and lists (the limit is [limits] max_nesting)",
		"values nested %d levels deep, more than the limit of %d", depth, limit)
}

// tomlNesting scans src and returns the offset at which the nesting of values first
// goes over limit and the depth reached there, or -1 and 0.
//
// It knows just enough TOML to tell keys from values: strings (basic, literal and
// their multi-line forms, with escapes), comments, table headers, the dots of keys,
// and the brackets and braces of values. Everything else is skipped.
func tomlNesting(src []byte, limit int) (int, int) {
	type frame struct {
		array bool
		depth int // the depth of the array or inline table itself
	}
	var stack []frame
	table := 0        // the depth of the current [table]: its keys are one level below
	container := 0    // the depth of the table whose keys are being read
	pending := 0      // the depth of the value that comes next
	inKey := true     // reading a key (before its "=") rather than a value
	lineStart := true // at the start of a line, outside any value
	parts := 1        // parts of the key being read
	partAt := -1      // where the part of the key being read starts; -1 before it
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch c {
		case ' ', '\t', '\r':
			continue
		case '\n':
			if len(stack) == 0 {
				inKey, lineStart, container, parts, partAt = true, true, table, 1, -1
			}
			continue
		case '#':
			if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
				i += j - 1 // the newline is handled as such
				continue
			}
			return -1, 0
		case '"', '\'':
			if !inKey && pending > limit {
				return i, pending
			}
			if inKey && partAt < 0 {
				partAt = i
			}
			i = skipString(src, i) - 1
			lineStart = false
			continue
		}
		if inKey {
			switch {
			case c == '[' && lineStart && len(stack) == 0:
				// A [table] or [[array of tables]] header.
				depth := 1
				if i+1 < len(src) && src[i+1] == '[' {
					depth, i = 2, i+1
				}
				for i++; i < len(src) && src[i] != ']' && src[i] != '\n'; i++ {
					switch src[i] {
					case '.':
						if depth++; depth > limit {
							return i, depth
						}
					case '"', '\'':
						i = skipString(src, i) - 1
					}
				}
				if depth > limit {
					return i, depth
				}
				table, container = depth, depth
				// The rest of the line (the second "]", a comment) holds no key.
				if j := bytes.IndexByte(src[i:], '\n'); j >= 0 {
					i += j - 1
					continue
				}
				return -1, 0
			case c == '.':
				if parts++; container+parts > limit {
					j := i + 1
					for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
						j++
					}
					return j, container + parts
				}
				partAt = -1
			case c == '=':
				inKey, pending = false, container+parts
				if pending > limit {
					return max(partAt, 0), pending
				}
			case c == '}' && len(stack) > 0 && !stack[len(stack)-1].array:
				// An empty inline table, or a comma before the brace.
				stack = stack[:len(stack)-1]
				inKey = false
			case partAt < 0:
				partAt = i
			}
			lineStart = false
			continue
		}
		lineStart = false
		switch c {
		case '[', '{':
			if pending > limit {
				return i, pending
			}
			stack = append(stack, frame{array: c == '[', depth: pending})
			if c == '[' {
				pending++
			} else {
				inKey, container, parts, partAt = true, pending, 1, -1
			}
		case ']', '}':
			if n := len(stack); n > 0 && stack[n-1].array == (c == ']') {
				stack = stack[:n-1]
			}
		case ',':
			if n := len(stack); n > 0 {
				if top := stack[n-1]; top.array {
					pending = top.depth + 1
				} else {
					inKey, container, parts, partAt = true, top.depth, 1, -1
				}
			}
		default:
			// A number, date, boolean or other scalar.
			if pending > limit {
				return i, pending
			}
		}
	}
	return -1, 0
}

// skipString returns the offset just after the TOML string that starts at src[i] (a
// quote), or len(src) when it is not closed. A basic string ends at its unescaped
// closing quote, a literal one at the next quote; the multi-line forms at three quotes,
// which up to two more quotes may precede. One-line strings end at a newline too,
// where they are a syntax error that the decoder reports.
func skipString(src []byte, i int) int {
	q := src[i]
	multi := i+2 < len(src) && src[i+1] == q && src[i+2] == q
	j := i + 1
	if multi {
		j = i + 3
	}
	for ; j < len(src); j++ {
		switch c := src[j]; {
		case c == '\\' && q == '"':
			j++
		case c == '\n' && !multi:
			return j
		case c == q && !multi:
			return j + 1
		case c == q && j+2 < len(src) && src[j+1] == q && src[j+2] == q:
			end := j + 3
			for end < len(src) && src[end] == q && end-j < 5 {
				end++
			}
			return end
		}
	}
	return len(src)
}
