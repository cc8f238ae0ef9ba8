package markdown

import "bytes"

// MaxNesting is the deepest nesting of block quotes and lists that Render accepts.
// goldmark's time grows with the square of the nesting depth (a 100 KB line of ">"
// takes seconds), and no handbook needs more than a handful of levels.
const MaxNesting = 100

// maxLineLinkWork bounds, per line, the number of "](" times the length of the line.
// goldmark looks for a link destination to the end of the line at each "](", so such a
// line costs time in proportion to that product: the bound is about 50 ms of work, far
// above a real line (a 2 KB paragraph with 20 links is 40 000), far below a 100 KB line
// of "[a](" (2.5 billion, two seconds).
const maxLineLinkWork = 1 << 26

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
		// A line holds at most len/2 "](", so only a line of more than about 11 KB can
		// go over the bound: shorter ones are not counted.
		line := p.src[start:end]
		if len(line)/2 > maxLineLinkWork/max(len(line), 1) {
			if k := bytes.Count(line, []byte("](")); k*len(line) > maxLineLinkWork {
				p.errorf(start, "too-complex", "break the line into shorter lines",
					"line of %d bytes with %d links is too costly to render", len(line), k)
				return false
			}
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
