package markdown

import (
	"bytes"
	"fmt"
	"html"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/rolebook/rolebook/generator/diag"
)

// Hugo shortcodes. A handbook moved over from Hugo keeps the common ones:
//
//	[text]({{< ref "other.md" >}})     a checked link (relref is the same); a path with a
//	                                   leading "/" starts at content/
//	{{< figure src="a.png" caption="..." >}}           on a line of its own
//	{{< details summary="More" >}} Markdown {{< /details >}}   lines of their own
//	{{< highlight go >}} code {{< /highlight >}}       lines of their own
//	{{</* figure */>}}                 the text "{{< figure >}}", as in Hugo
//
// {{% name %}} is read as {{< name >}}. Any other shortcode is an error at its position.
// ref, relref and the escaped form are replaced in the source before it is parsed (as
// Hugo does: they may stand inside a link's destination, which the Markdown parser would
// not read otherwise); the others are parsed as blocks by shortcodeBlockParser.

// shortcodeNames are the shortcodes Rolebook understands, for "did you mean" hints.
var shortcodeNames = []string{"ref", "relref", "figure", "details", "highlight"}

// shortcode is one call "{{< name args >}}" (or "{{% ... %}}", or a closing
// "{{< /name >}}").
type shortcode struct {
	name    string
	delim   byte // '<' or '%'
	closing bool
	args    []shortcodeArg
	// size is the length of the call in bytes, delimiters included.
	size int
}

// shortcodeArg is a named ("key=value") or positional ("value") argument.
type shortcodeArg struct {
	key, value string
	// start and end are the offsets of the value in the call (quotes excluded).
	start, end int
}

// named returns the value of the named argument key.
func (s *shortcode) named(key string) (string, bool) {
	for _, a := range s.args {
		if a.key == key {
			return a.value, true
		}
	}
	return "", false
}

// positional returns the i-th argument without a name.
func (s *shortcode) positional(i int) (shortcodeArg, bool) {
	for _, a := range s.args {
		if a.key == "" {
			if i == 0 {
				return a, true
			}
			i--
		}
	}
	return shortcodeArg{}, false
}

// parseShortcode reads a shortcode call at the start of b. It reports false when b does
// not start with a well-formed call.
func parseShortcode(b []byte) (shortcode, bool) {
	var sc shortcode
	if len(b) < 4 || b[0] != '{' || b[1] != '{' || (b[2] != '<' && b[2] != '%') {
		return sc, false
	}
	closer := []byte(">}}")
	if b[2] == '%' {
		closer = []byte("%}}")
	}
	sc.delim = b[2]
	i := skipSpace(b, 3)
	if i < len(b) && b[i] == '/' {
		sc.closing = true
		i = skipSpace(b, i+1)
	}
	start := i
	for i < len(b) && (isNameByte(b[i])) {
		i++
	}
	if i == start {
		return sc, false
	}
	sc.name = string(b[start:i])
	for {
		i = skipSpace(b, i)
		if i >= len(b) || b[i] == '\n' {
			return sc, false
		}
		if bytes.HasPrefix(b[i:], closer) {
			sc.size = i + len(closer)
			return sc, true
		}
		if b[i] == '/' && bytes.HasPrefix(b[i+1:], closer) { // self-closing: {{< name />}}
			sc.size = i + 1 + len(closer)
			return sc, true
		}
		if sc.closing {
			return sc, false
		}
		var a shortcodeArg
		// A name followed by "=" is a named argument.
		j := i
		for j < len(b) && isNameByte(b[j]) {
			j++
		}
		if j > i && j < len(b) && b[j] == '=' {
			a.key = string(b[i:j])
			i = j + 1
		}
		v, start, end, next, ok := readValue(b, i, closer)
		if !ok {
			return sc, false
		}
		a.value, a.start, a.end = v, start, end
		sc.args = append(sc.args, a)
		i = next
	}
}

// readValue reads a quoted ("...", with backslash escapes), raw (`...`) or bare value at
// b[i:]. It returns the value, where it stands and where the next token starts.
func readValue(b []byte, i int, closer []byte) (value string, start, end, next int, ok bool) {
	if i >= len(b) {
		return "", 0, 0, 0, false
	}
	switch q := b[i]; q {
	case '"':
		var v strings.Builder
		for j := i + 1; j < len(b) && b[j] != '\n'; j++ {
			switch b[j] {
			case '\\':
				if j+1 < len(b) && (b[j+1] == '"' || b[j+1] == '\\') {
					j++
				}
				v.WriteByte(b[j])
			case '"':
				return v.String(), i + 1, j, j + 1, true
			default:
				v.WriteByte(b[j])
			}
		}
		return "", 0, 0, 0, false
	case '`':
		end := bytes.IndexByte(b[i+1:], '`')
		if end < 0 {
			return "", 0, 0, 0, false
		}
		return string(b[i+1 : i+1+end]), i + 1, i + 1 + end, i + end + 2, true
	}
	j := i
	for j < len(b) && b[j] != ' ' && b[j] != '\t' && b[j] != '\n' && !bytes.HasPrefix(b[j:], closer) {
		j++
	}
	if j == i {
		return "", 0, 0, 0, false
	}
	return string(b[i:j]), i, j, j, true
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
		i++
	}
	return i
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.'
}

// edit is one replacement the shortcode pass made in a page's source, kept to map
// offsets of the new source back to the file.
type edit struct {
	at, size       int // where the replacement stands in the new source, and its length
	oldAt, oldSize int // the same in the original source
}

// origOffset maps an offset of the edited source to the original one: an offset inside
// a replacement maps to the start of what it replaced.
func origOffset(edits []edit, offset int) int {
	i := sort.Search(len(edits), func(i int) bool { return edits[i].at > offset }) - 1
	if i < 0 {
		return offset
	}
	e := edits[i]
	if offset < e.at+e.size {
		return e.oldAt
	}
	return offset - (e.at + e.size) + e.oldAt + e.oldSize
}

// expandShortcodes replaces the ref and relref shortcodes of src by the relative paths
// they name, and escaped shortcodes ({{</* x */>}}) by their text. It returns src itself
// when there is nothing to replace. literal lists where the unescaped texts start in the
// new source, so that the parsers leave them alone.
func (p *page) expandShortcodes(src []byte) (out []byte, edits []edit, literal []int) {
	if !bytes.Contains(src, []byte("{{")) {
		return src, nil, nil
	}
	done := 0
	for i := 0; i < len(src); {
		j := bytes.Index(src[i:], []byte("{{"))
		if j < 0 {
			break
		}
		i += j
		repl, size, lit, ok := p.expandAt(src, i)
		if !ok {
			i += 2
			continue
		}
		if out == nil {
			out = make([]byte, 0, len(src))
		}
		out = append(out, src[done:i]...)
		if lit {
			literal = append(literal, len(out))
		}
		edits = append(edits, edit{at: len(out), size: len(repl), oldAt: i, oldSize: size})
		out = append(out, repl...)
		i += size
		done = i
	}
	if out == nil {
		return src, nil, nil
	}
	return append(out, src[done:]...), edits, literal
}

// expandAt returns the replacement of the call at src[i:] when it is a ref, relref or
// escaped shortcode.
func (p *page) expandAt(src []byte, i int) (repl []byte, size int, literal, ok bool) {
	b := src[i:]
	// {{</* name args */>}} and {{%/* ... */%}}: Hugo's way to show a shortcode as text.
	if len(b) > 5 && (b[2] == '<' || b[2] == '%') && b[3] == '/' && b[4] == '*' {
		closer := "*/" + string(b[2:3]) + "}}"
		if b[2] == '<' {
			closer = "*/>}}"
		}
		end := bytes.Index(b, []byte(closer))
		if end < 0 || bytes.IndexByte(b[:end], '\n') >= 0 {
			return nil, 0, false, false
		}
		open, shut := "{{<", ">}}"
		if b[2] == '%' {
			open, shut = "{{%", "%}}"
		}
		return []byte(open + string(b[5:end]) + shut), end + len(closer), true, true
	}
	sc, ok := parseShortcode(b)
	if !ok || sc.closing || (sc.name != "ref" && sc.name != "relref") {
		return nil, 0, false, false
	}
	target, ok := sc.positional(0)
	if v, named := sc.named("path"); named {
		target, ok = shortcodeArg{value: v}, true
	}
	for _, a := range sc.args {
		if a.key != "" && a.key != "path" {
			p.errorf(i, diag.RuleShortcode, "give only the path: link to a translation by its file name (x.en.md)",
				"%s: the %s parameter is not supported", sc.name, a.key)
			return []byte("#"), sc.size, false, true
		}
	}
	if !ok || strings.TrimSpace(target.value) == "" {
		p.errorf(i, diag.RuleShortcode, fmt.Sprintf(`write {{< %s "other-page.md" >}}`, sc.name), "%s needs the path of a page", sc.name)
		return []byte("#"), sc.size, false, true
	}
	dest := p.refPath(target.value)
	// Inside a link's destination or an HTML attribute the path is all that is needed;
	// anywhere else the shortcode stood for the page's address, shown as a link.
	before := byte(0)
	if i > 0 {
		before = src[i-1]
	}
	if strings.ContainsAny(dest, " <>()") {
		dest = "<" + dest + ">"
	}
	switch before {
	case '(', '"', '\'', '=':
		return []byte(dest), sc.size, false, true
	}
	return []byte("[" + escapeLinkText(target.value) + "](" + dest + ")"), sc.size, false, true
}

// refPath turns the path of a ref shortcode into a link relative to the page: a path
// with a leading "/" is relative to content/, any other one to the page's folder, as
// Hugo resolves it first.
func (p *page) refPath(target string) string {
	target = strings.TrimSpace(target)
	if !strings.HasPrefix(target, "/") {
		return target
	}
	dir := path.Dir(strings.TrimPrefix(p.ctx.File, "content/"))
	up := ""
	if dir != "." {
		up = strings.Repeat("../", strings.Count(dir, "/")+1)
	}
	rel := up + strings.TrimPrefix(target, "/")
	if rel == "" {
		rel = "./"
	}
	return rel
}

// escapeLinkText escapes the characters that would end or change a link's text.
func escapeLinkText(s string) string {
	return strings.NewReplacer(`\`, `\\`, `[`, `\[`, `]`, `\]`, `*`, `\*`, `_`, `\_`, "`", "\\`").Replace(s)
}

// literalKey holds, in the parser's context, the offsets where expandShortcodes put an
// escaped shortcode's text, which the shortcode parsers must not read as a call.
var literalKey = parser.NewContextKey()

func isLiteral(pc parser.Context, offset int) bool {
	lits, _ := pc.Get(literalKey).([]int)
	i := sort.SearchInts(lits, offset)
	return i < len(lits) && lits[i] == offset
}

// detailsStackKey holds the open details blocks, innermost last, so that a closing
// line closes the innermost one.
var detailsStackKey = parser.NewContextKey()

// Node kinds of the shortcodes. Like every goldmark node kind they are assigned once
// when the program starts and never change.
var (
	kindFigure         = ast.NewNodeKind("RolebookFigure")
	kindDetails        = ast.NewNodeKind("RolebookDetails")
	kindShortcodeError = ast.NewNodeKind("RolebookShortcodeError")
)

// figure is a {{< figure >}} block: an image with an optional caption and link.
type figure struct {
	ast.BaseBlock
	offset int
	attrs  map[string]string
	// dropped is set when the image's address uses a scheme that is not allowed.
	dropped bool
}

// Kind implements ast.Node.
func (n *figure) Kind() ast.NodeKind { return kindFigure }

// Dump implements ast.Node.
func (n *figure) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, n.attrs, nil) }

// details is a {{< details >}} ... {{< /details >}} block: a disclosure whose body is
// Markdown.
type details struct {
	ast.BaseBlock
	offset  int
	args    []shortcodeArg
	summary string
	open    bool
	closed  bool
	// class, name and title are the HTML attributes of the same names.
	class, name, title string
}

// Kind implements ast.Node.
func (n *details) Kind() ast.NodeKind { return kindDetails }

// Dump implements ast.Node.
func (n *details) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"summary": n.summary}, nil)
}

// highlight is a code block a {{< highlight >}} opened: the block is goldmark's own
// fenced code block, rendered as one; the parser's context lists them (highlightKey)
// so that one left open can be reported.
type highlight struct {
	node   *ast.FencedCodeBlock
	offset int
	closed bool
}

// highlightKey holds, in the parser's context, the *[]*highlight of the page.
var highlightKey = parser.NewContextKey()

func highlights(pc parser.Context) *[]*highlight {
	return pc.ComputeIfAbsent(highlightKey, func() any { return &[]*highlight{} }).(*[]*highlight)
}

// shortcodeError is a shortcode Rolebook does not understand, or one that is not where
// it must be. It renders as its text; Render reports it.
type shortcodeError struct {
	ast.BaseInline
	offset int
	call   shortcode
	text   []byte
}

// Kind implements ast.Node.
func (n *shortcodeError) Kind() ast.NodeKind { return kindShortcodeError }

// Dump implements ast.Node.
func (n *shortcodeError) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"name": n.call.name}, nil)
}

// figureParams are the parameters of {{< figure >}} that Rolebook renders.
var figureParams = []string{"src", "alt", "title", "caption", "link", "target", "rel", "width", "height", "class", "loading", "attr", "attrlink"}

// detailsParams are the parameters of {{< details >}}.
var detailsParams = []string{"summary", "open", "class", "name", "title"}

// shortcodeBlockParser parses the shortcodes that stand on lines of their own: figure,
// details and highlight. Anything else is left to the paragraph, where
// shortcodeInlineParser reports it.
type shortcodeBlockParser struct{}

// Trigger implements parser.BlockParser.
func (shortcodeBlockParser) Trigger() []byte { return []byte{'{'} }

// lineCall reads the call that makes up the whole current line.
func lineCall(reader text.Reader, pc parser.Context) (shortcode, int, bool) {
	line, seg := reader.PeekLine()
	pos := pc.BlockOffset()
	if pos < 0 || pos >= len(line) || isLiteral(pc, seg.Start+pos) {
		return shortcode{}, 0, false
	}
	sc, ok := parseShortcode(line[pos:])
	if !ok || !util.IsBlank(line[pos+sc.size:]) {
		return shortcode{}, 0, false
	}
	return sc, seg.Start + pos, true
}

// Open implements parser.BlockParser.
func (shortcodeBlockParser) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	sc, offset, ok := lineCall(reader, pc)
	if !ok || sc.closing {
		return nil, parser.NoChildren
	}
	switch sc.name {
	case "figure":
		n := &figure{offset: offset, attrs: map[string]string{}}
		for _, a := range sc.args {
			n.attrs[a.key] = a.value
		}
		reader.AdvanceToEOL()
		return n, parser.NoChildren
	case "details":
		n := &details{offset: offset, args: sc.args, summary: "Details"}
		if s, ok := sc.named("summary"); ok {
			n.summary = s
		}
		if o, ok := sc.named("open"); ok {
			n.open, _ = strconv.ParseBool(o)
		}
		n.class, _ = sc.named("class")
		n.name, _ = sc.named("name")
		n.title, _ = sc.named("title")
		stack, _ := pc.Get(detailsStackKey).([]*details)
		pc.Set(detailsStackKey, append(stack, n))
		reader.AdvanceToEOL()
		return n, parser.HasChildren
	case "highlight":
		// The language, the first argument, is the code block's info string; the
		// options that may follow (line numbers, highlighted lines) are not shown.
		var info *ast.Text
		if lang, ok := sc.positional(0); ok && lang.end > lang.start {
			info = ast.NewTextSegment(text.NewSegment(offset+lang.start, offset+lang.end))
		}
		reader.AdvanceToEOL()
		n := ast.NewFencedCodeBlock(info)
		hs := highlights(pc)
		*hs = append(*hs, &highlight{node: n, offset: offset})
		return n, parser.NoChildren
	}
	return nil, parser.NoChildren
}

// Continue implements parser.BlockParser.
func (shortcodeBlockParser) Continue(node ast.Node, reader text.Reader, pc parser.Context) parser.State {
	switch n := node.(type) {
	case *figure:
		return parser.Close
	case *details:
		stack, _ := pc.Get(detailsStackKey).([]*details)
		if sc, _, ok := lineCall(reader, pc); ok && sc.closing && sc.name == "details" && len(stack) > 0 && stack[len(stack)-1] == n {
			n.closed = true
			reader.AdvanceToEOL()
			return parser.Close
		}
		return parser.Continue | parser.HasChildren
	case *ast.FencedCodeBlock:
		var h *highlight
		for _, x := range *highlights(pc) {
			if x.node == n {
				h = x
			}
		}
		if sc, _, ok := lineCall(reader, pc); ok && sc.closing && sc.name == "highlight" {
			if h != nil {
				h.closed = true
			}
			reader.AdvanceToEOL()
			return parser.Close
		}
		_, seg := reader.PeekLine()
		seg.ForceNewline = true
		n.Lines().Append(seg)
		reader.AdvanceToEOL()
		return parser.Continue | parser.NoChildren
	}
	return parser.Close
}

// Close implements parser.BlockParser.
func (shortcodeBlockParser) Close(node ast.Node, reader text.Reader, pc parser.Context) {
	if n, ok := node.(*details); ok {
		stack, _ := pc.Get(detailsStackKey).([]*details)
		if len(stack) > 0 && stack[len(stack)-1] == n {
			pc.Set(detailsStackKey, stack[:len(stack)-1])
		}
	}
}

// CanInterruptParagraph implements parser.BlockParser.
func (shortcodeBlockParser) CanInterruptParagraph() bool { return true }

// CanAcceptIndentedLine implements parser.BlockParser.
func (shortcodeBlockParser) CanAcceptIndentedLine() bool { return false }

// shortcodeInlineParser turns a shortcode call inside a paragraph into a
// shortcodeError: the block shortcodes must stand on lines of their own, and others are
// unknown.
type shortcodeInlineParser struct{}

// Trigger implements parser.InlineParser.
func (shortcodeInlineParser) Trigger() []byte { return []byte{'{'} }

// Parse implements parser.InlineParser.
func (shortcodeInlineParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if isLiteral(pc, seg.Start) {
		return nil
	}
	sc, ok := parseShortcode(line)
	if !ok {
		return nil
	}
	n := &shortcodeError{offset: seg.Start, call: sc, text: append([]byte(nil), line[:sc.size]...)}
	block.Advance(sc.size)
	return n
}

// shortcodeProblem says what is wrong with a shortcode that the parsers could not take,
// as a message and a hint.
func shortcodeProblem(sc shortcode) (msg, hint string) {
	open, shut := "{{< ", " >}}"
	if sc.delim == '%' {
		open, shut = "{{% ", " %}}"
	}
	call := open + sc.name + shut
	if sc.closing {
		call = open + "/" + sc.name + shut
	}
	switch {
	case sc.closing && (sc.name == "details" || sc.name == "highlight"):
		return fmt.Sprintf("%s closes no %s", call, sc.name),
			fmt.Sprintf("open it with {{< %s >}} on a line of its own before", sc.name)
	case sc.name == "figure" || sc.name == "details" || sc.name == "highlight":
		return fmt.Sprintf("%s must stand on a line of its own", call), "move it to a line of its own, with nothing else on it"
	}
	hint = "Rolebook understands ref, relref, figure, details and highlight; write the content in Markdown, or " + strings.Replace(strings.Replace(call, " ", "/* ", 1), shut, " */"+shut[1:], 1) + " to show the call as text"
	switch strings.ToLower(sc.name) {
	case "notice", "hint", "alert", "callout", "admonition", "note", "tip", "warning", "info":
		hint = "write a GitHub alert instead: a quote whose first line is [!NOTE], [!TIP], [!IMPORTANT], [!WARNING] or [!CAUTION]"
	case "youtube", "vimeo", "tweet", "x", "gist", "instagram":
		hint = "Rolebook embeds nothing from other sites: link to it instead, [title](https://...)"
	}
	if s := diag.Suggest(sc.name, shortcodeNames); s != "" {
		hint = fmt.Sprintf("did you mean %q? ", s) + hint
	}
	return fmt.Sprintf("unknown shortcode %s", call), hint
}

// checkFigure reports the parameters of a figure that Rolebook does not know, and a
// figure without src.
func (p *page) checkFigure(n *figure) {
	for k := range n.attrs {
		if k == "" {
			p.errorf(n.offset, diag.RuleShortcode, `name each parameter: {{< figure src="photo.jpg" alt="..." >}}`, "figure: a parameter has no name")
			continue
		}
		if !contains(figureParams, k) {
			hint := "the parameters are " + strings.Join(figureParams, ", ")
			if s := diag.Suggest(k, figureParams); s != "" {
				hint = fmt.Sprintf("did you mean %q?", s)
			}
			p.errorf(n.offset, diag.RuleShortcode, hint, "figure: unknown parameter %q", k)
		}
	}
	if n.attrs["src"] == "" {
		p.errorf(n.offset, diag.RuleShortcode, `write {{< figure src="photo.jpg" alt="What it shows" >}}`, "figure has no src")
	}
}

// checkDetails reports the unknown parameters of a details block and a missing close.
func (p *page) checkDetails(n *details) {
	for _, a := range n.args {
		if !contains(detailsParams, a.key) {
			hint := `write {{< details summary="What it is about" >}}`
			if s := diag.Suggest(a.key, detailsParams); s != "" && a.key != "" {
				hint = fmt.Sprintf("did you mean %q?", s)
			}
			p.errorf(n.offset, diag.RuleShortcode, hint, "details: unknown parameter %q", a.key)
		}
	}
	if !n.closed {
		p.errorf(n.offset, diag.RuleShortcode, "end the block with {{< /details >}} on a line of its own", "{{< details >}} is never closed")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// shortcodeRenderer renders the shortcode nodes.
type shortcodeRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (shortcodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindFigure, renderFigure)
	reg.Register(kindDetails, renderDetails)
	reg.Register(kindShortcodeError, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(html.EscapeString(string(n.(*shortcodeError).text)))
		}
		return ast.WalkSkipChildren, nil
	})
}

func renderFigure(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*figure)
	a := n.attrs
	attr := func(name, value string) {
		if value != "" {
			_, _ = w.WriteString(" " + name + `="` + html.EscapeString(value) + `"`)
		}
	}
	_, _ = w.WriteString("<figure")
	attr("class", a["class"])
	_, _ = w.WriteString(">")
	if a["link"] != "" {
		_, _ = w.WriteString("<a")
		attr("href", a["link"])
		attr("target", a["target"])
		attr("rel", a["rel"])
		_, _ = w.WriteString(">")
	}
	if !n.dropped && a["src"] != "" {
		_, _ = w.WriteString("<img")
		attr("src", a["src"])
		alt := a["alt"]
		if alt == "" {
			alt = a["caption"] // an image needs a text; the caption says what it shows
		}
		_, _ = w.WriteString(` alt="` + html.EscapeString(alt) + `"`)
		attr("title", a["title"])
		attr("width", a["width"])
		attr("height", a["height"])
		attr("loading", a["loading"])
		_, _ = w.WriteString(">")
	} else if a["alt"] != "" {
		_, _ = w.WriteString(html.EscapeString(a["alt"]))
	}
	if a["link"] != "" {
		_, _ = w.WriteString("</a>")
	}
	if a["caption"] != "" || a["attr"] != "" {
		_, _ = w.WriteString("<figcaption>")
		_, _ = w.WriteString(html.EscapeString(a["caption"]))
		if a["attr"] != "" {
			if a["caption"] != "" {
				_, _ = w.WriteString(" ")
			}
			if a["attrlink"] != "" {
				_, _ = w.WriteString(`<a href="` + html.EscapeString(a["attrlink"]) + `">` + html.EscapeString(a["attr"]) + "</a>")
			} else {
				_, _ = w.WriteString(html.EscapeString(a["attr"]))
			}
		}
		_, _ = w.WriteString("</figcaption>")
	}
	_, _ = w.WriteString("</figure>\n")
	return ast.WalkSkipChildren, nil
}

func renderDetails(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*details)
	if !entering {
		_, _ = w.WriteString("</details>\n")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("<details")
	for _, a := range [][2]string{{"class", n.class}, {"name", n.name}, {"title", n.title}} {
		if a[1] != "" {
			_, _ = w.WriteString(" " + a[0] + `="` + html.EscapeString(a[1]) + `"`)
		}
	}
	if n.open {
		_, _ = w.WriteString(" open")
	}
	_, _ = w.WriteString("><summary>" + html.EscapeString(n.summary) + "</summary>\n")
	return ast.WalkContinue, nil
}
