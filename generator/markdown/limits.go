package markdown

import (
	"bytes"
	"cmp"

	"github.com/rolebook/rolebook/generator/diag"
)

// MaxNesting is the deepest nesting of block quotes and lists that Render accepts when
// Options.MaxNesting is zero. goldmark's time grows with the square of the nesting
// depth (a 100 KB line of ">" takes seconds, 4,000 lists nested by indentation take
// a minute), and no handbook needs more than a handful of levels.
const MaxNesting = 100

// The defaults of the other limits of Options.
const (
	// DefaultMaxTableColumns bounds the columns of a table. Every row of a table
	// has as many cells as its header, however short the row is written.
	DefaultMaxTableColumns = 100
	// DefaultMaxTableCells bounds the cells of the tables of a page, rows times
	// columns: about 0.1 s and 12 MB of work. A 5,000-column header over 1,000 rows
	// of "|" (22 KB) made 50 MB of HTML.
	DefaultMaxTableCells = 50000
	// DefaultMaxLinkDefinitions bounds the link reference definitions ("[id]: url")
	// of a page: goldmark's time grows with the square of their number in one
	// paragraph (200,000 took 49 s).
	DefaultMaxLinkDefinitions = 5000
)

// maxBlockDelimiters bounds, in a block of lines between blank lines, the runs of
// emphasis and strikethrough marks (*, _, ~) and the "](" of links. goldmark matches
// them with time that grows with the square of their number in a paragraph (20,000
// runs of "*a**a" take a second, a 10 MB line of them 4 GB); a paragraph of a real
// page has a few dozen. A block of lines between blank lines holds whole paragraphs
// only, so the bound holds for every paragraph.
const maxBlockDelimiters = 5000

// maxLineLinkWork bounds, per line, the number of "](" times the length of the line.
// goldmark looks for a link destination to the end of the line at each "](", so such a
// line costs time in proportion to that product: the bound is about 50 ms of work, far
// above a real line (a 2 KB paragraph with 20 links is 40 000), far below a 100 KB line
// of "[a](" (2.5 billion, two seconds).
const maxLineLinkWork = 1 << 26

// checkLimits reports a page that is too large or nested too deeply to render in
// reasonable time. It reads each line once.
func (p *page) checkLimits(maxBytes, maxNesting int) bool {
	if maxBytes > 0 && len(p.src) > maxBytes {
		p.errorf(-1, diag.RulePageTooLarge, "split the page, or raise the limit if it is really needed",
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
		if d := nestingDepth(p.src[start:end]); d > maxNesting {
			p.errorf(start, diag.RuleTooDeep, "flatten the quotes and lists",
				"quotes and lists nested %d deep, more than the %d a page may have", d, maxNesting)
			return false
		}
		// A line holds at most len/2 "](", so only a line of more than about 11 KB can
		// go over the bound: shorter ones are not counted.
		line := p.src[start:end]
		if len(line)/2 > maxLineLinkWork/max(len(line), 1) {
			if k := bytes.Count(line, []byte("](")); k*len(line) > maxLineLinkWork {
				p.errorf(start, diag.RuleTooComplex, "break the line into shorter lines",
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

// limits are the bounds of checkCost, from Options.
type limits struct {
	nesting, tableColumns, tableCells, linkDefinitions int
}

// limits returns the bounds of o, with the defaults where o leaves them zero.
func (o Options) limits() limits {
	return limits{
		nesting:         cmp.Or(o.MaxNesting, MaxNesting),
		tableColumns:    cmp.Or(o.MaxTableColumns, DefaultMaxTableColumns),
		tableCells:      cmp.Or(o.MaxTableCells, DefaultMaxTableCells),
		linkDefinitions: cmp.Or(o.MaxLinkDefinitions, DefaultMaxLinkDefinitions),
	}
}

// checkCost reports a page whose structure would make goldmark's time or memory grow
// faster than its size: lists nested too deeply by indentation (checkLimits counts the
// markers on one line), tables with too many columns or cells, too many link reference
// definitions, or a block of lines with too many emphasis marks and links. It reads
// each line once and errs on the side of counting too much: a table's rows are counted
// up to the next blank line, and marks inside code count like any others.
func (p *page) checkCost(l limits) bool {
	var items []int // the content columns of the list items open at this line
	var (
		delims, defs     int
		tableCols, cells int // the columns of the table being read (0: none), and cells so far
		prev             []byte
	)
	for start := 0; start < len(p.src); {
		end := bytes.IndexByte(p.src[start:], '\n')
		if end < 0 {
			end = len(p.src)
		} else {
			end += start
		}
		line := p.src[start:end]
		next := end + 1
		if isBlank(line) {
			delims, tableCols, prev = 0, 0, nil
			start = next
			continue
		}
		// Lists nested by indentation: an item whose marker stands at or beyond the
		// content column of an open item is inside it.
		w := indentWidth(line)
		for len(items) > 0 && items[len(items)-1] > w {
			items = items[:len(items)-1]
		}
		open := len(items)
		items = appendItems(items, line)
		if d := open + nestingDepth(line); d > l.nesting {
			p.errorf(start, diag.RuleTooDeep, "flatten the quotes and lists (the limit is [limits] max_nesting)",
				"quotes and lists nested %d deep, more than the %d a page may have", d, l.nesting)
			return false
		}
		switch {
		case tableCols > 0:
			cells += tableCols
		case prev != nil && bytes.IndexByte(line, '|') >= 0:
			if n := delimiterRow(line); n > 0 {
				if n > l.tableColumns {
					p.errorf(start, diag.RuleTooComplex, "split the table, or turn it around (the limit is [limits] max_table_columns)",
						"table with %d columns, more than the %d a table may have", n, l.tableColumns)
					return false
				}
				tableCols, cells = n, cells+n // the header row's cells
			}
		}
		if cells > l.tableCells {
			p.errorf(start, diag.RuleTooComplex, "split the tables into smaller ones, or move the data to a file linked from the page (the limit is [limits] max_table_cells)",
				"tables with more than %d cells (rows times columns) on one page", l.tableCells)
			return false
		}
		if isLinkDefinition(line) {
			if defs++; defs > l.linkDefinitions {
				p.errorf(start, diag.RuleTooComplex, "link to the addresses inline, or split the page (the limit is [limits] max_link_definitions)",
					"more than %d link reference definitions on one page", l.linkDefinitions)
				return false
			}
		}
		if delims += delimiterRuns(line); delims > maxBlockDelimiters {
			p.errorf(start, diag.RuleTooComplex, "separate the paragraphs with blank lines, or remove stray *, _ and ~",
				"more than %d emphasis marks and links between two blank lines, too costly to render", maxBlockDelimiters)
			return false
		}
		prev = line
		start = next
	}
	return true
}

// isBlank reports whether line holds only spaces, tabs and a carriage return.
func isBlank(line []byte) bool {
	for _, c := range line {
		if c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}

// indentWidth is the column of the first character of line that is not a space or a
// tab, from 0, with tabs to the next multiple of 4.
func indentWidth(line []byte) int {
	w := 0
	for _, c := range line {
		switch c {
		case ' ':
			w++
		case '\t':
			w += 4 - w%4
		default:
			return w
		}
	}
	return w
}

// appendItems appends to items the content column of each list item that line opens
// (after its indentation and any other markers: "- 1. x" opens two), as nestingDepth
// recognises the markers, and returns it.
func appendItems(items []int, line []byte) []int {
	w := 0
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == ' ':
			w++
		case c == '\t':
			w += 4 - w%4
		case c == '>':
			w++
		case c == '-' || c == '*' || c == '+':
			if i+1 < len(line) && (line[i+1] == ' ' || line[i+1] == '\t') {
				w++
				items = append(items, w+1)
				continue
			}
			return items
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j+1 < len(line) && (line[j] == '.' || line[j] == ')') && (line[j+1] == ' ' || line[j+1] == '\t') {
				w += j + 1 - i
				items = append(items, w+1)
				i = j
				continue
			}
			return items
		default:
			return items
		}
	}
	return items
}

// delimiterRow returns the number of columns of line when it is the delimiter row of a
// GFM table ("| --- | :-: |"), or 0.
func delimiterRow(line []byte) int {
	s := bytes.TrimSpace(line)
	s = bytes.TrimPrefix(s, []byte("|"))
	s = bytes.TrimSuffix(s, []byte("|"))
	if len(s) == 0 {
		return 0
	}
	n := 0
	for cell := range bytes.SplitSeq(s, []byte("|")) {
		c := bytes.TrimSpace(cell)
		c = bytes.TrimPrefix(c, []byte(":"))
		c = bytes.TrimSuffix(c, []byte(":"))
		if len(c) == 0 || len(bytes.Trim(c, "-")) != 0 {
			return 0
		}
		n++
	}
	return n
}

// isLinkDefinition reports whether line starts a link reference definition: up to
// three spaces, then "[label]:".
func isLinkDefinition(line []byte) bool {
	i := 0
	for i < len(line) && i < 3 && line[i] == ' ' {
		i++
	}
	if i >= len(line) || line[i] != '[' {
		return false
	}
	for j := i + 1; j < len(line); j++ {
		switch line[j] {
		case '\\':
			j++
		case '[':
			return false
		case ']':
			return j > i+1 && j+1 < len(line) && line[j+1] == ':'
		}
	}
	return false
}

// delimiterRuns counts the runs of *, _ and ~ in line and its "](".
func delimiterRuns(line []byte) int {
	n := 0
	for i := 0; i < len(line); {
		j := bytes.IndexAny(line[i:], "*_~]")
		if j < 0 {
			break
		}
		i += j
		c := line[i]
		if c == ']' {
			if i+1 < len(line) && line[i+1] == '(' {
				n++
			}
			i++
			continue
		}
		n++
		for i < len(line) && line[i] == c {
			i++
		}
	}
	return n
}
