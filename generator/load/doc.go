// Package load reads a handbook's content/ folder through an fs.FS: it splits front matter
// from Markdown (keeping line numbers), decodes TOML, YAML and JSON into Docs whose keys
// remember where they stand, and lists the files of the folder.
//
// Input: an fs.FS rooted at the handbook's source folder and the name of the content
// folder (Read), or the bytes of one file (Split for Markdown, DecodeTOML for TOML).
// Output: Pages (Markdown with an optional front-matter Doc, the body and the file line
// it starts on), data Docs (the .toml files), static files, and a diagnostic with
// file:line:col and a hint for every problem: syntax errors, duplicate keys, files that
// are not UTF-8 or are too big, unclosed front matter. Every problem is reported, not
// just the first.
//
// Positions. Lines and columns count from 1 and are lines of the file, front matter
// included; columns count characters (runes), not bytes, so that a position after
// Chinese text is where an editor shows it. A byte order mark is ignored; LF, CRLF, CR
// alone (classic Mac OS) and any mix of them end lines: Read turns each lone CR of a
// file into an LF as it reads it, so that front matter is found and TOML parses. Values are decoded by BurntSushi/toml; the positions of keys
// come from the unstable parser of pelletier/go-toml/v2, which keeps the byte range of
// each key (see DecodeTOML). The same locator finds duplicate keys, including some that
// BurntSushi/toml accepts ("a.b = 1" then "a = 2"). A document of top-level keys with
// simple values (strings without escapes, decimal integers, booleans, arrays of these:
// most front matter) takes its values from the locator's parse and skips
// BurntSushi/toml, which would take ten times as long; FuzzSimpleTOML checks that the
// values are the same.
//
// Values. TOML, YAML and JSON all decode to string, int64, float64, bool, time.Time,
// []any and map[string]any; YAML and JSON null is nil. TOML local dates and times have
// no offset: they become time.Time in UTC with the same wall clock, so a build does not
// depend on the machine's time zone.
//
// Read decodes files on a bounded pool of workers, each reusing its buffers, and
// returns them sorted by path whatever the timing. Its context stops it (Ctrl-C):
// between files, and every thousand keys or array elements inside a large TOML file. Bodies are slices of the file as
// read, never copied.
//
// TOML libraries. Two, each for what the other cannot do: BurntSushi/toml decodes
// values (the project's TOML decoder), and it exposes no position of a key;
// pelletier/go-toml/v2, which viper brings into the module anyway, has the parser that
// gives every key's byte range. config.toml goes through DecodeTOML like every other
// file, and viper receives its values as a map: no TOML is parsed twice.
//
// Fast and slow paths kept on purpose, each with the benchmark that keeps it and the
// test that keeps it equal to the plain way: the simple-values path above skips
// BurntSushi/toml for most front matter (ten times faster on such a block,
// FuzzSimpleTOML); files of the machine's file system are read with plain system
// calls rather than through fs.FS (read_unix.go; with the path above, load fell from
// 130 to 62 ms at 10,000 pages, BenchmarkLoad; tests read through fstest.MapFS, so both
// are run); Options.DropBodies lets a build keep no Markdown body it does not need
// before rendering (a sixth less peak memory at 10,000 pages, a third at 50,000,
// docs/performance.md), while check and serve keep them; TestBuildReleasesBodies and
// the whole-site tests build both ways.
//
// It does not interpret keys (that is the handbook and site packages' job), never
// writes anything, never prints, and keeps no state between calls.
//
// Size: about 2,700 lines, over the 1,500 a package aims for: three formats (TOML,
// YAML, JSON) with positions, the nesting bound every parser needs first, the parallel
// reader and the stamps of known files (known.go) for incremental builds. They share the
// decoder's buffers, the position index and the limits; a package per format would
// repeat them.
package load

import (
	"strings"

	"github.com/rolebook/rolebook/generator/diag"
)

// Format is the syntax of a front-matter block or data file.
type Format int

// The formats a Doc can come from.
const (
	TOML Format = iota
	YAML
	JSON
)

// String returns the lower-case name of the format.
func (f Format) String() string {
	return [...]string{"toml", "yaml", "json"}[f]
}

// Doc is a decoded front-matter block or data file whose keys remember their positions.
//
// Data holds the decoded values as string, int64, float64, bool, time.Time, []any and
// map[string]any (whatever the source format). Positions are kept per key path: the
// path of a key is the names of its enclosing tables and the key itself; the entries of
// an array (of tables or of values) are addressed by their index as a decimal string.
type Doc struct {
	// File is the slash path of the file relative to the source folder, as printed in
	// diagnostics ("content/duties/shop.toml").
	File   string
	Format Format
	Data   map[string]any
	// Start is where the block starts: the opening delimiter of front matter, or line 1
	// of a data file.
	Start diag.Pos
	keys  map[string]diag.Pos
}

// NewDoc returns an empty Doc for file that starts at start.
func NewDoc(file string, format Format, start diag.Pos) *Doc {
	return &Doc{File: file, Format: format, Data: map[string]any{}, Start: start, keys: map[string]diag.Pos{}}
}

// Release drops the decoded values and the positions of the keys, keeping File, Format
// and Start: what a diagnostic that names the block still needs once its values have
// been read. It saves the memory of a document kept for its position alone.
func (d *Doc) Release() {
	d.Data, d.keys = nil, nil
}

// SetPos records the position of the key at path. Loaders call it; tests may too.
func (d *Doc) SetPos(pos diag.Pos, path ...string) {
	if d.keys == nil {
		d.keys = map[string]diag.Pos{}
	}
	d.keys[joinPath(path)] = pos
}

// KeyPos returns the exact position of the key at path and whether it is known.
func (d *Doc) KeyPos(path ...string) (diag.Pos, bool) {
	p, ok := d.keys[joinPath(path)]
	return p, ok
}

// Pos returns the position of the key at path. For a key that is not in the file (a
// missing key) it returns the position of the nearest enclosing table that is (its
// header line), and finally Start.
func (d *Doc) Pos(path ...string) diag.Pos {
	for n := len(path); n > 0; n-- {
		if p, ok := d.keys[joinPath(path[:n])]; ok {
			return p
		}
	}
	return d.Start
}

// joinPath joins key names with a separator that cannot occur in a decoded key.
func joinPath(path []string) string { return strings.Join(path, "\x00") }
