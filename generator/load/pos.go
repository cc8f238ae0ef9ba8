package load

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sort"
	"unicode/utf8"

	"github.com/rolebook/rolebook/generator/diag"
)

// bom is the UTF-8 byte order mark that some editors put at the start of a file.
const bom = "\uFEFF"

// stripBOM returns src without a leading byte order mark.
func stripBOM(src []byte) []byte {
	if bytes.HasPrefix(src, []byte(bom)) {
		return src[len(bom):]
	}
	return src
}

// lineIndex turns byte offsets into file positions. It is built once per source so
// that locating many keys costs a binary search each, not a rescan from the start.
//
// Columns count characters, so a column is the number of characters between the
// start of its line and the offset. Counting them from the start of the line for every
// key would make a long line quadratic (a one-line array of 40,000 items would count
// 800 million characters): the index remembers the last position it returned and
// counts only from there when the next offset is on the same line, which is how the
// locator asks for them, so that locating a whole file reads each byte a bounded
// number of times.
type lineIndex struct {
	src    []byte
	starts []int // byte offset at which each line of src begins
	first  int   // file line of src's first line
	// line, off and col are the last position returned: line index, byte offset
	// and column. line is -1 when there is none.
	line, off, col int
	// scanned counts the bytes whose characters were counted, for the tests that
	// check that locating costs time linear in the size of the source.
	scanned int
}

// reset indexes src, whose first line is line firstLine of its file. It reuses the
// storage of the previous index.
func (x *lineIndex) reset(src []byte, firstLine int) {
	x.src, x.first = src, firstLine
	x.line, x.off, x.col, x.scanned = -1, 0, 0, 0
	x.starts = append(x.starts[:0], 0)
	for i := 0; ; {
		j := bytes.IndexByte(src[i:], '\n')
		if j < 0 {
			break
		}
		i += j + 1
		x.starts = append(x.starts, i)
	}
}

// pos returns the position of byte offset off of src. Columns count characters
// (runes), not bytes, so that a column after Chinese text matches what an editor shows.
func (x *lineIndex) pos(file string, off int) diag.Pos {
	off = max(0, min(off, len(x.src)))
	l := sort.SearchInts(x.starts, off+1) - 1
	start := x.starts[l]
	var col int
	switch {
	case l == x.line && off >= x.off && off-x.off < off-start:
		col = x.col + utf8.RuneCount(x.src[x.off:off])
		x.scanned += off - x.off
	case l == x.line && off < x.off && x.off-off < off-start:
		col = x.col - utf8.RuneCount(x.src[off:x.off])
		x.scanned += x.off - off
	default:
		col = utf8.RuneCount(x.src[start:off]) + 1
		x.scanned += off - start
	}
	x.line, x.off, x.col = l, off, col
	return diag.Pos{File: file, Line: x.first + l, Col: col}
}

// posAt is lineIndex.pos for a single offset, without building an index.
func posAt(file string, src []byte, firstLine, off int) diag.Pos {
	off = max(0, min(off, len(src)))
	start := bytes.LastIndexByte(src[:off], '\n') + 1
	line := firstLine + bytes.Count(src[:start], []byte{'\n'})
	return diag.Pos{File: file, Line: line, Col: utf8.RuneCount(src[start:off]) + 1}
}

// invalidUTF8 returns the offset of the first byte of src that is not valid UTF-8,
// or -1 when src is valid.
func invalidUTF8(src []byte) int {
	if utf8.Valid(src) {
		return -1
	}
	for i := 0; i < len(src); {
		if src[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

// checkUTF8 returns an encoding diagnostic at the first invalid byte of src (whose
// first line is line firstLine of file), or nil when src is valid UTF-8.
func checkUTF8(file string, src []byte, firstLine int) []diag.Diagnostic {
	off := invalidUTF8(src)
	if off < 0 {
		return nil
	}
	return []diag.Diagnostic{diag.Errorf(posAt(file, src, firstLine, off), diag.RuleEncoding,
		"save the file as UTF-8 (most editors offer it in \"Save with encoding\")",
		"the file is not valid UTF-8: byte 0x%02X cannot start or continue a character", src[off])}
}

// checkControl returns a warning at the first control character of a Markdown body
// (a C0 control other than tab, line feed, form feed and carriage return, or DEL), and
// the body without them: they are invisible in editors, usually pasted by accident, and
// not allowed in HTML text, so they are left out rather than failing the build (the
// warning is an error under --strict). The body is returned as it is when it has none.
func checkControl(file string, src []byte, firstLine int) ([]byte, []diag.Diagnostic) {
	i := firstControl(src)
	if i < 0 {
		return src, nil
	}
	out := make([]byte, 0, len(src))
	n := 0
	for _, c := range src {
		if isControl(c) {
			n++
			continue
		}
		out = append(out, c)
	}
	more := ""
	if n > 1 {
		more = fmt.Sprintf(" (and %d more in the file)", n-1)
	}
	return out, []diag.Diagnostic{diag.Warnf(posAt(file, src, firstLine, i), diag.RuleEncoding,
		"delete the invisible character (it is often pasted from another program)",
		"control character U+%04X in the text%s, left out", src[i], more)}
}

// stripControl returns src without the characters checkControl leaves out, in place.
func stripControl(src []byte) []byte {
	if firstControl(src) < 0 {
		return src
	}
	out := src[:0]
	for _, c := range src {
		if !isControl(c) {
			out = append(out, c)
		}
	}
	return out
}

func isControl(c byte) bool {
	return c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7f
}

// firstControl returns the offset of the first byte of src that checkControl refuses,
// or -1. It skips eight bytes at a time where none is below 0x20 or DEL, which is
// most of a text, and looks at each byte of the others.
func firstControl(src []byte) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for i := 0; i < len(src); {
		if i+8 <= len(src) {
			// The classic test for a zero byte in a word, on x - 0x20 (a byte
			// below 0x20) and on x ^ 0x7f (a DEL): it may flag a word that has
			// neither, never the other way round.
			x := binary.LittleEndian.Uint64(src[i:])
			del := x ^ ones*0x7f
			if (x-ones*0x20)&^x&highs == 0 && (del-ones)&^del&highs == 0 {
				i += 8
				continue
			}
		}
		for end := min(i+8, len(src)); i < end; i++ {
			if isControl(src[i]) {
				return i
			}
		}
	}
	return -1
}

// Control returns the first control character of s that a text value (a title, a name,
// a note) must not hold, and whether there is one: a C0 control other than tab, line
// feed and carriage return, DEL, or a C1 control (U+0080 to U+009F). They are
// invisible in editors, not allowed in HTML text, and an escape sequence (ESC, or the
// C1 CSI) would drive a terminal that prints the value.
func Control(s string) (rune, bool) {
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r >= 0x7f && r <= 0x9f {
			return r, true
		}
	}
	return 0, false
}
