package diag

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// Pos is a place in a file of the handbook. Line and Col count from 1; a zero Line
// means the whole file, a zero Col the whole line. A place that is not in a file (a
// command-line flag, an environment variable, a page Rolebook makes) says so in
// Origin, and File names it.
type Pos struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Col    int    `json:"col"`
	Origin Origin `json:"origin,omitempty"`
}

// Origin is what a position is in.
type Origin int

// The origins of positions.
const (
	InFile      Origin = iota // a file of the handbook; File is its path
	InFlag                    // a command-line flag; File is its name ("--stage")
	InEnv                     // an environment variable; File is its name ("ROLEBOOK_STAGE")
	InGenerated               // a page Rolebook makes; File is its address ("/roles/")
)

// String names the origin: "file", "flag", "env" or "generated".
func (o Origin) String() string {
	switch o {
	case InFlag:
		return "flag"
	case InEnv:
		return "env"
	case InGenerated:
		return "generated"
	}
	return "file"
}

// MarshalText makes an origin print as its name in JSON.
func (o Origin) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// Flag returns the position of the command-line flag with the name ("--stage").
func Flag(name string) Pos { return Pos{File: name, Origin: InFlag} }

// Env returns the position of the environment variable with the name.
func Env(name string) Pos { return Pos{File: name, Origin: InEnv} }

// Generated returns the position of the page Rolebook makes at the address.
func Generated(url string) Pos { return Pos{File: url, Origin: InGenerated} }

// String formats the position as path:line:col, leaving out the parts that are zero;
// a flag or a variable as its name, a generated page as "(generated page /x/)". A path
// with a character a terminal could obey (see Quote) is quoted.
func (p Pos) String() string {
	file := Quote(p.File)
	if p.Origin == InGenerated {
		return "(generated page " + file + ")"
	}
	switch {
	case p.Line == 0:
		return file
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", file, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", file, p.Line, p.Col)
}

// unsafeRune reports whether a terminal could take r for a command or reorder text
// around it: C0 and C1 controls (ESC starts escape sequences, C1 CSI too), DEL, and the
// bidirectional overrides and isolates.
func unsafeRune(r rune) bool {
	return r < 0x20 || r >= 0x7f && r <= 0x9f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}

// needsEscape reports whether s holds invalid UTF-8 or a rune that unsafeRune refuses,
// other than those of keep.
func needsEscape(s, keep string) bool {
	for _, r := range s {
		if unsafeRune(r) && !strings.ContainsRune(keep, r) {
			return true
		}
	}
	return !utf8.ValidString(s)
}

// Quote returns s as it is, or quoted with Go escapes ("content/\x1b[31m.md") when it
// holds a control character (a line break included), a bidirectional override or
// invalid UTF-8: a file name is printed to a terminal in diagnostics and must not
// drive it or forge a line of its own.
func Quote(s string) string {
	if !needsEscape(s, "") {
		return s
	}
	return strconv.Quote(s)
}

// Escape returns s with every byte or rune that Quote would escape, except line breaks
// and tabs, written as its Go escape (\x1b, \u202e), and the rest as it is: for
// messages and hints, which quote names and text of the handbook.
func Escape(s string) string {
	if !needsEscape(s, "\n\t") {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError:
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				fmt.Fprintf(&b, `\x%02x`, s[i])
				continue
			}
			b.WriteRune(r)
		case unsafeRune(r) && r != '\n' && r != '\t':
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Less orders positions by file, then line, then column.
func (p Pos) Less(q Pos) bool {
	if p.File != q.File {
		return p.File < q.File
	}
	if p.Line != q.Line {
		return p.Line < q.Line
	}
	return p.Col < q.Col
}

// Severity says whether a diagnostic fails the build.
type Severity int

// The severities, from harmless to fatal.
const (
	Warning Severity = iota
	Error
)

// String returns "warning" or "error".
func (s Severity) String() string {
	if s == Error {
		return "error"
	}
	return "warning"
}

// MarshalText makes a severity print as its name in JSON.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Diagnostic is one problem in the handbook: where, how bad, what and how to fix it.
type Diagnostic struct {
	Pos      Pos
	Severity Severity
	// Rule is a short stable name of the check that found it ("single-owner",
	// "unknown-key", "syntax"...), for tools that filter diagnostics.
	Rule    Rule
	Message string
	// Hint says how to fix the problem; it may be empty.
	Hint string
	// Related lists the other places involved (the second definition of an id...).
	Related []Pos
}

// String formats the diagnostic as "path:line:col: severity: message", followed by the
// hint and the related places on their own indented lines.
//
// It is what a terminal shows: the message and hint, which quote names and text of the
// handbook, have their control characters escaped (see Escape), and paths are quoted
// when they hold any (see Quote). JSON (MarshalJSON) keeps them as they are, escaped
// by JSON itself.
func (d Diagnostic) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s: %s", d.Pos, d.Severity, Escape(d.Message))
	for _, r := range d.Related {
		fmt.Fprintf(&b, "\n\t%s: see also", r)
	}
	if d.Hint != "" {
		fmt.Fprintf(&b, "\n\thint: %s", Escape(d.Hint))
	}
	return b.String()
}

// Error makes a Diagnostic usable as an error.
func (d Diagnostic) Error() string { return d.String() }

// MarshalJSON writes the flat form that editors and CI read: file, line, col,
// severity, rule, message, hint (and origin, when the position is not in a file, and
// related, when there are any).
func (d Diagnostic) MarshalJSON() ([]byte, error) {
	type flat struct {
		File     string   `json:"file"`
		Line     int      `json:"line"`
		Col      int      `json:"col"`
		Origin   Origin   `json:"origin,omitempty"`
		Severity Severity `json:"severity"`
		Rule     Rule     `json:"rule"`
		Message  string   `json:"message"`
		Hint     string   `json:"hint"`
		Related  []Pos    `json:"related,omitempty"`
	}
	return json.Marshal(flat{d.Pos.File, d.Pos.Line, d.Pos.Col, d.Pos.Origin, d.Severity, d.Rule, d.Message, d.Hint, d.Related})
}

// Errorf makes an error diagnostic at pos.
func Errorf(pos Pos, rule Rule, hint, format string, args ...any) Diagnostic {
	return Diagnostic{Pos: pos, Severity: Error, Rule: rule, Message: fmt.Sprintf(format, args...), Hint: hint}
}

// Warnf makes a warning diagnostic at pos.
func Warnf(pos Pos, rule Rule, hint, format string, args ...any) Diagnostic {
	return Diagnostic{Pos: pos, Severity: Warning, Rule: rule, Message: fmt.Sprintf(format, args...), Hint: hint}
}

// List collects diagnostics from many goroutines. The zero value is ready to use.
//
// It is the one way diagnostics come back: a function that finds problems in the
// handbook returns them as a *List beside its result (or in it, as build.Result.Diags
// does), never as a bare slice or inside an error. A nil *List holds nothing: every
// method but Add accepts it, so that a function called once per file can return nil
// when the file is fine, without allocating.
type List struct {
	mu    sync.Mutex
	items []Diagnostic
}

// From returns a List holding ds, or nil when ds is empty: for a function that gathers
// its diagnostics in a slice of its own as it goes.
func From(ds []Diagnostic) *List {
	if len(ds) == 0 {
		return nil
	}
	return &List{items: ds}
}

// Add appends diagnostics; it is safe for concurrent use.
func (l *List) Add(ds ...Diagnostic) {
	if len(ds) == 0 {
		return
	}
	l.mu.Lock()
	l.items = append(l.items, ds...)
	l.mu.Unlock()
}

// Merge appends every diagnostic of o (nil adds nothing).
func (l *List) Merge(o *List) {
	if o == nil {
		return
	}
	l.Add(o.Items()...)
}

// Items returns the diagnostics sorted by position, then message, without duplicates.
func (l *List) Items() []Diagnostic {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	sort.SliceStable(l.items, func(i, j int) bool {
		a, b := l.items[i], l.items[j]
		if a.Pos != b.Pos {
			return a.Pos.Less(b.Pos)
		}
		return a.Message < b.Message
	})
	out := l.items[:0:0]
	for i, d := range l.items {
		if i > 0 && d.Pos == l.items[i-1].Pos && d.Message == l.items[i-1].Message {
			continue
		}
		out = append(out, d)
	}
	return out
}

// Len returns how many distinct diagnostics were added.
func (l *List) Len() int { return len(l.Items()) }

// Count returns how many distinct diagnostics of the given severity were added.
func (l *List) Count(s Severity) int {
	n := 0
	for _, d := range l.Items() {
		if d.Severity == s {
			n++
		}
	}
	return n
}

// HasErrors reports whether any diagnostic is an error.
func (l *List) HasErrors() bool { return l.Count(Error) > 0 }

// Promote turns every warning into an error (for --strict).
func (l *List) Promote() {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for i := range l.items {
		l.items[i].Severity = Error
	}
}

// String joins every diagnostic, one per line, as a terminal shows them.
func (l *List) String() string {
	items := l.Items()
	parts := make([]string, len(items))
	for i, d := range items {
		parts[i] = d.String()
	}
	return strings.Join(parts, "\n")
}
