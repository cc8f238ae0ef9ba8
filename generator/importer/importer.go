package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/handbook"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/width"
)

// Role is a role of the handbook the spreadsheet goes into: its id and its titles in
// every language, for matching column headers.
type Role struct {
	ID     string
	Titles []string
}

// Options tune an import.
type Options struct {
	// File is the spreadsheet's name, as printed in problems.
	File string
	// Area is the area of rows with no area column or an empty area cell.
	Area string
	// Roles are the handbook's roles; a column whose header is a role's id or one of its
	// titles maps to that role, any other to the slug of its header.
	Roles []Role
}

// Column is a role column of the spreadsheet and the role id it maps to.
type Column struct {
	Index  int // 0-based
	Header string
	Role   string
	// Known says whether the role is one of Options.Roles.
	Known bool
}

// File is one duties file to write: content/duties/<Area>.toml.
type File struct {
	Area string
	Data []byte
}

// Result is what an import found.
type Result struct {
	Files   []File // by area
	Columns []Column
	Duties  int
	// Problems are the rows and headers that break a rule; nothing should be written
	// when there is any.
	Problems []diag.Diagnostic
}

// duty is one good row.
type duty struct {
	id, area, title, cadence, effort, notes string
	a, r, c, i                              []string
}

// Import reads the spreadsheet data. The error is for a file that is not a CSV table at
// all; problems of single rows are in Result.Problems.
func Import(data []byte, opts Options) (*Result, error) {
	text, err := decode(data)
	if err != nil {
		return nil, err
	}
	rd := csv.NewReader(strings.NewReader(text))
	rd.Comma = sniff(text)
	rd.FieldsPerRecord = -1
	rd.LazyQuotes = true
	records, err := rd.ReadAll()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("%s:%d:%d: not a CSV table: %v", opts.File, pe.Line, pe.Column, pe.Err)
		}
		return nil, err
	}
	if len(records) == 0 || allEmpty(records[0]) {
		return nil, fmt.Errorf("%s: no header row: the first row names the columns (duty title, then one column per role)", opts.File)
	}
	im := &importer{opts: opts, res: &Result{}, ids: map[string]int{}}
	im.header(records[0])
	if len(im.res.Problems) > 0 {
		return im.res, nil // rows cannot be read against a broken header
	}
	var duties []duty
	for i, rec := range records[1:] {
		if d, ok := im.row(i+2, rec); ok {
			duties = append(duties, d)
		}
	}
	im.res.Duties = len(duties)
	if len(im.res.Problems) == 0 {
		im.res.Files = files(duties, opts.File)
	}
	return im.res, nil
}

// decode returns the text of data: UTF-8 without its byte order mark, or GB18030 (a
// superset of GBK) decoded when data is not valid UTF-8.
func decode(data []byte) (string, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if utf8.Valid(data) {
		return string(data), nil
	}
	b, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil {
		return "", fmt.Errorf("the file is neither UTF-8 nor GBK/GB18030 text: %w", err)
	}
	return string(b), nil
}

// sniff picks the separator of the header line: comma unless the line has more
// semicolons or tabs (Excel in some locales, and copies from a sheet).
func sniff(text string) rune {
	line, _, _ := strings.Cut(text, "\n")
	best, n := ',', strings.Count(line, ",")
	for _, c := range []rune{';', '\t'} {
		if m := strings.Count(line, string(c)); m > n {
			best, n = c, m
		}
	}
	return best
}

func allEmpty(rec []string) bool {
	for _, s := range rec {
		if strings.TrimSpace(s) != "" {
			return false
		}
	}
	return true
}

// fieldNames maps header names (lower-case) to the optional columns.
var fieldNames = map[string]string{
	"id": "id", "编号": "id", "代号": "id",
	"area": "area", "区域": "area", "领域": "area", "分区": "area",
	"cadence": "cadence", "频率": "cadence", "周期": "cadence",
	"effort": "effort", "工时": "effort", "每周工时": "effort",
	"notes": "notes", "note": "notes", "备注": "notes",
}

type importer struct {
	opts   Options
	res    *Result
	fields map[string]int // optional column -> index
	roles  []Column
	ids    map[string]int // duty id -> row
}

func (im *importer) problem(row, col int, hint, format string, args ...any) {
	im.res.Problems = append(im.res.Problems, diag.Errorf(diag.Pos{File: im.opts.File, Line: row, Col: col + 1}, "import", hint, format, args...))
}

func (im *importer) header(rec []string) {
	im.fields = map[string]int{}
	byName := map[string]Role{}
	for _, r := range im.opts.Roles {
		byName[fold(r.ID)] = r
		for _, t := range r.Titles {
			byName[fold(t)] = r
		}
	}
	seen := map[string]int{}
	for i, h := range rec {
		if i == 0 {
			continue
		}
		name := strings.TrimSpace(h)
		if f, ok := fieldNames[fold(name)]; ok {
			if _, dup := im.fields[f]; dup {
				im.problem(1, i, "keep one column of each kind", "column %s: a second %s column", colName(i), f)
				continue
			}
			im.fields[f] = i
			continue
		}
		if name == "" {
			continue // an empty column, as spreadsheets often end with
		}
		col := Column{Index: i, Header: name}
		if r, ok := byName[fold(name)]; ok {
			col.Role, col.Known = r.ID, true
		} else {
			col.Role = handbook.Slug(name)
		}
		if col.Role == "" {
			im.problem(1, i, "name the column by the role's id (such as after-sales), or give the handbook whose role has this title with -s",
				"column %s: cannot make a role id of the header %q", colName(i), name)
			continue
		}
		if j, dup := seen[col.Role]; dup {
			im.problem(1, i, "keep one column per role", "column %s: role %q is also column %s", colName(i), col.Role, colName(j))
			continue
		}
		seen[col.Role] = i
		im.roles = append(im.roles, col)
	}
	im.res.Columns = im.roles
	if len(im.roles) == 0 && len(im.res.Problems) == 0 {
		im.problem(1, 1, "after the duty title (and id, area, cadence, effort, notes), give one column per role", "the header names no role column")
	}
}

func (im *importer) cell(rec []string, field string) (string, int) {
	i, ok := im.fields[field]
	if !ok || i >= len(rec) {
		return "", i
	}
	return strings.TrimSpace(rec[i]), i
}

// row checks one row (row is its number in the spreadsheet) and returns its duty.
func (im *importer) row(row int, rec []string) (duty, bool) {
	if allEmpty(rec) {
		return duty{}, false
	}
	before := len(im.res.Problems)
	d := duty{title: strings.TrimSpace(rec[0])}
	if d.title == "" {
		im.problem(row, 0, "write the duty's title in the first column", "row %d: no duty title", row)
	}
	var area string
	var areaCol int
	area, areaCol = im.cell(rec, "area")
	if area == "" {
		area, areaCol = im.opts.Area, 0
	}
	d.area = handbook.Slug(area)
	switch {
	case area == "":
		im.problem(row, 0, "add an area column, or give the area of every row with --area", "row %d: no area", row)
	case d.area == "" || d.area != strings.ToLower(area):
		im.problem(row, areaCol, "an area is the name of its duties file: lower-case letters, digits and dashes", "row %d: area %q is not an id", row, area)
	}
	id, idCol := im.cell(rec, "id")
	if id != "" {
		if handbook.Slug(id) != id {
			im.problem(row, idCol, fmt.Sprintf("write the id as lower-case letters, digits and dashes, such as %q", handbook.Slug(id)), "row %d: duty id %q is not an id", row, id)
		}
		if first, dup := im.ids[id]; dup {
			im.problem(row, idCol, "give each duty its own id", "row %d: duty id %q is also the id of row %d", row, id, first)
		}
	} else {
		id = handbook.Slug(d.title)
		if id == "" {
			id = fmt.Sprintf("%s-%d", strings.TrimSuffix(d.area+"-duty", "-"), row)
			id = strings.TrimPrefix(id, "-")
		}
		base := id
		for n := 2; im.ids[id] != 0; n++ {
			id = base + "-" + strconv.Itoa(n)
		}
	}
	im.ids[id] = row
	d.id = id
	d.cadence, _ = im.cell(rec, "cadence")
	effort, effortCol := im.cell(rec, "effort")
	if effort != "" {
		if f, err := strconv.ParseFloat(effort, 64); err != nil || f < 0 {
			im.problem(row, effortCol, "write the hours per week as a number, such as 2.5", "row %d: effort %q is not a number of hours", row, effort)
		} else {
			d.effort = strconv.FormatFloat(f, 'f', -1, 64)
		}
	}
	d.notes, _ = im.cell(rec, "notes")

	var accountable []Column
	badCell := false
	for _, col := range im.roles {
		if col.Index >= len(rec) {
			continue
		}
		letters, bad := parseLetters(rec[col.Index])
		if bad != "" {
			im.problem(row, col.Index, "use R, A, C or I (combined as A/R or AR), or leave the cell empty",
				"row %d, column %s (%s): unknown letter %q in %q", row, colName(col.Index), col.Header, bad, strings.TrimSpace(rec[col.Index]))
			badCell = true
			continue
		}
		if strings.ContainsAny(letters, "AR") && strings.ContainsAny(letters, "CI") {
			im.problem(row, col.Index, "a role that owns or does the work is not also consulted or informed: keep A or R",
				"row %d, column %s (%s): %s both does the duty and is consulted or informed (%s)", row, colName(col.Index), col.Header, col.Role, letters)
		}
		for _, l := range letters {
			switch l {
			case 'A':
				d.a = append(d.a, col.Role)
				accountable = append(accountable, col)
			case 'R':
				d.r = append(d.r, col.Role)
			case 'C':
				d.c = append(d.c, col.Role)
			case 'I':
				d.i = append(d.i, col.Role)
			}
		}
	}
	if badCell {
		// The unreadable cell may hold the A or R: the letter is reported, not the counts.
		return d, false
	}
	switch len(accountable) {
	case 0:
		im.problem(row, 0, "mark exactly one role A: whoever owns the duty is the one to go to", "row %d: duty %q has no accountable role (no A)", row, d.title)
	case 1:
	default:
		names := make([]string, len(accountable))
		for i, c := range accountable {
			names[i] = fmt.Sprintf("%s (column %s)", c.Role, colName(c.Index))
		}
		im.problem(row, accountable[1].Index, "keep exactly one A; make the others R or C",
			"row %d: duty %q has %d accountable roles: %s", row, d.title, len(accountable), strings.Join(names, ", "))
	}
	if len(d.r) == 0 {
		im.problem(row, 0, "mark at least one role R: the roles that do the work", "row %d: duty %q has no responsible role (no R)", row, d.title)
	}
	return d, len(im.res.Problems) == before
}

// parseLetters reads a cell's RACI letters in A, R, C, I order; bad is the first
// character that is not a letter or a separator.
func parseLetters(cell string) (letters, bad string) {
	var has [4]bool
	for _, r := range width.Fold.String(strings.ToUpper(strings.TrimSpace(cell))) {
		switch r {
		case 'A':
			has[0] = true
		case 'R':
			has[1] = true
		case 'C':
			has[2] = true
		case 'I':
			has[3] = true
		case '/', ',', ';', '+', '&', ' ', '、', '，', '-', '\t':
		default:
			return "", string(r)
		}
	}
	for i, l := range "ARCI" {
		if has[i] {
			letters += string(l)
		}
	}
	return letters, ""
}

// files writes the duties of each area as TOML, rows in spreadsheet order.
func files(duties []duty, source string) []File {
	byArea := map[string]*bytes.Buffer{}
	var areas []string
	for _, d := range duties {
		b := byArea[d.area]
		if b == nil {
			b = &bytes.Buffer{}
			byArea[d.area] = b
			areas = append(areas, d.area)
			fmt.Fprintf(b, "# Duties of the area %q, imported from %s by rolebook import raci.\n", d.area, baseName(source))
			b.WriteString("# Each duty has exactly one accountable role: whoever owns it is who you go to.\n")
		}
		fmt.Fprintf(b, "\n[%s]\ntitle = %s\n", d.id, quote(d.title))
		if d.cadence != "" {
			fmt.Fprintf(b, "cadence = %s\n", quote(d.cadence))
		}
		if d.effort != "" {
			fmt.Fprintf(b, "effort = %s\n", d.effort)
		}
		fmt.Fprintf(b, "accountable = %s\n", quote(d.a[0]))
		fmt.Fprintf(b, "responsible = %s\nconsulted = %s\ninformed = %s\n", list(d.r), list(d.c), list(d.i))
		if d.notes != "" {
			fmt.Fprintf(b, "notes = %s\n", quote(d.notes))
		}
	}
	sort.Strings(areas)
	out := make([]File, 0, len(areas))
	for _, a := range areas {
		out = append(out, File{Area: a, Data: byArea[a].Bytes()})
	}
	return out
}

func baseName(p string) string {
	if i := strings.LastIndexAny(p, `/\`); i >= 0 {
		return p[i+1:]
	}
	if p == "" {
		return "a spreadsheet"
	}
	return p
}

func list(ids []string) string {
	q := make([]string, len(ids))
	for i, id := range ids {
		q[i] = quote(id)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// quote writes s as a TOML basic string.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		case r == utf8.RuneError:
			b.WriteString(`\uFFFD`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func fold(s string) string { return strings.ToLower(width.Fold.String(strings.TrimSpace(s))) }

// colName is the spreadsheet name of the 0-based column i: A, B, ..., Z, AA...
func colName(i int) string {
	s := ""
	for i++; i > 0; i = (i - 1) / 26 {
		s = string(rune('A'+(i-1)%26)) + s
	}
	return s
}
