package markdown

import "bytes"

// MaxNesting is the deepest nesting of block quotes and lists that Render accepts.
// goldmark's time grows with the square of the nesting depth (a 100 KB line of ">"
// takes seconds), and no handbook needs more than a handful of levels.
const MaxNesting = 100

// checkLimits reports a page that is too large or nested too deeply to render in
// reasonable time. It reads each line once.
func (p *page) checkLimits(maxBytes int) bool {
	if maxBytes > 0 && len(p.src) > maxBytes {
		p.errorf(-1, "page-too-large", "split the page, or raise the limit if it is really needed",
			"page is %d bytes, more than the %d a page may have", len(p.src), maxBytes)
		return false
	}
	for start := 0; start < len(p.src); {
		end := bytes.IndexByte(p.src[start:], '\n')
		if end < 0 {
			end = len(p.src)
		} else {
			end += start
		}
		if d := nestingDepth(p.src[start:end]); d > MaxNesting {
			p.errorf(start, "too-deep", "flatten the quotes and lists",
				"quotes and lists nested %d deep, more than the %d a page may have", d, MaxNesting)
			return false
		}
		start = end + 1
	}
	return true
}

// nestingDepth counts the block quote and list markers that open a line: every ">",
// and every "-", "*", "+" or "1." / "1)" followed by a space or tab. It overcounts a
// thematic break written "- - -", which is harmless at the limit used.
func nestingDepth(line []byte) int {
	depth := 0
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == ' ' || c == '\t':
		case c == '>':
			depth++
		case c == '-' || c == '*' || c == '+':
			if i+1 < len(line) && (line[i+1] == ' ' || line[i+1] == '\t') {
				depth++
				continue
			}
			return depth
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j+1 < len(line) && (line[j] == '.' || line[j] == ')') && (line[j+1] == ' ' || line[j+1] == '\t') {
				depth++
				i = j
				continue
			}
			return depth
		default:
			return depth
		}
	}
	return depth
}
