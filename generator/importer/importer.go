package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"math"
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
	// Headers are more names of the optional columns, by kind ("title", "area", "owner",
	// "ask"...) and language: the words the handbook's theme writes matrix.csv's header
	// with, when they are not the built-in ones.
	Headers map[string]map[string][]string
	// Accountable, when not nil, says which role to record as accountable for a row
	// whose A is in the column of role and whose ask column (as the current stage's
	// matrix.csv has it) names ask; columns are the role columns' roles. It returns role
	// itself, or an absent role whose duties role covers at the stage whose roles the
	// columns are and whose person to ask is ask: the site's own export of a stage where
	// roles are covered then imports back as it was written.
	Accountable func(columns []string, role, ask string) string
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
	// Rows are the duties of the good rows, in spreadsheet order.
	Rows []Duty
	// Has says which optional columns the spreadsheet has ("cadence", "effort",
	// "notes"): the keys an import sets; the others are left as they are by Merge.
	Has map[string]bool
	// Language is the language the header is written in ("zh", "en"), when its words
	// tell; the titles and notes are taken to be in it.
	Language string
	// Problems are the rows and headers that break a rule; nothing should be written
	// when there is any.
	Problems []diag.Diagnostic
}

// Duty is one good row: a duty as the spreadsheet gives it.
type Duty struct {
	ID, Area, Title, Cadence, Notes string
	// Effort is the hours a week as written in TOML ("2.5"), "" when not given.
	Effort string
	// A, R, C and I are the role ids of each letter, in column order.
	A, R, C, I []string
	// Cells are the letters of each role column, by role id ("AR"), as the row has
	// them.
	Cells map[string]string
	// Row is the row's number in the spreadsheet.
	Row int
}

// Import reads the spreadsheet data. Every problem, of the file as a whole (not text,
// not a CSV table, no header) or of single rows, is a diagnostic in Result.Problems;
// nothing should be written when there is any.
func Import(data []byte, opts Options) *Result {
	res := &Result{Has: map[string]bool{}}
	fail := func(pos diag.Pos, hint, format string, args ...any) *Result {
		res.Problems = append(res.Problems, diag.Errorf(pos, diag.RuleImport, hint, format, args...))
		return res
	}
	text, err := decode(data)
	if err != nil {
		return fail(diag.Pos{File: opts.File}, "save the spreadsheet as CSV UTF-8 (Excel: File > Save As > CSV UTF-8), or as GBK", "%v", err)
	}
	// Strictly first, so that a quoted cell never closed is found where it starts;
	// a quote inside an unquoted cell (5" screen), which spreadsheets write, is
	// accepted as it is.
	comma := sniff(text)
	records, lines, err := readCSV(text, comma, false)
	if errors.Is(err, csv.ErrBareQuote) {
		records, lines, err = readCSV(text, comma, true)
	}
	if err != nil {
		var pe *csv.ParseError
		switch {
		case errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrQuote):
			return fail(diag.Pos{File: opts.File, Line: pe.StartLine}, `close the quoted cell with a " before the next separator or line end, and double a quote inside it ("")`,
				"the quoted cell that starts on line %d is not closed where it should be (line %d, column %d)", pe.StartLine, pe.Line, pe.Column)
		case errors.As(err, &pe):
			return fail(diag.Pos{File: opts.File, Line: pe.Line, Col: pe.Column}, "save the sheet as CSV from the spreadsheet program",
				"not a CSV table: %v", pe.Err)
		}
		return fail(diag.Pos{File: opts.File}, "save the sheet as CSV from the spreadsheet program", "not a CSV table: %v", err)
	}
	if len(records) == 0 || allEmpty(records[0]) {
		return fail(diag.Pos{File: opts.File, Line: 1}, "the first row names the columns: the duty title, then one column per role",
			"no header row")
	}
	im := &importer{opts: opts, res: res, lines: lines, ids: map[string]int{}, titles: map[string]int{}}
	im.header(records[0], records[1:])
	if len(im.res.Problems) > 0 {
		return im.res // rows cannot be read against a broken header
	}
	var duties []Duty
	for i, rec := range records[1:] {
		if d, ok := im.row(i+2, rec); ok {
			duties = append(duties, d)
		}
	}
	im.res.Duties = len(duties)
	if len(im.res.Problems) == 0 {
		im.res.Rows = duties
		im.res.Files = files(duties, opts.File)
	}
	return im.res
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

// fieldNames returns the built-in names of the optional columns (lower-case), with
// their kind and language: those matrix.csv is written with in English and Chinese, and
// the usual ones of hand-made sheets.
func fieldNames() map[string]field {
	out := map[string]field{}
	add := func(kind, lang string, names ...string) {
		for _, n := range names {
			out[n] = field{kind, lang}
		}
	}
	add("id", "", "id")
	add("id", "zh", "编号", "代号")
	add("title", "en", "duty", "title", "task")
	add("title", "zh", "职责", "标题", "任务", "事项")
	add("area", "en", "area")
	add("area", "zh", "区域", "领域", "分区")
	add("cadence", "en", "cadence")
	add("cadence", "zh", "频率", "周期")
	add("effort", "en", "effort")
	add("effort", "zh", "工时", "每周工时")
	add("notes", "en", "notes", "note")
	add("notes", "zh", "备注")
	// The owner at the current stage and the person to ask, as matrix.csv shows them:
	// read, not imported (the A column decides).
	add("owner", "en", "owner")
	add("owner", "zh", "负责人")
	add("ask", "en", "ask", "who to ask", "whom to ask")
	add("ask", "zh", "出了问题找", "找谁")
	return out
}

// field is an optional column's kind and the language its header is in ("" for both).
type field struct{ kind, lang string }

type importer struct {
	opts   Options
	res    *Result
	fields map[string]int // optional column -> index
	title  int            // the title column
	roles  []Column
	// lines[r][c] is the line of the file on which cell c of record r starts.
	lines [][]int
	// width is the number of columns of the header.
	width  int
	ids    map[string]int // duty id -> row
	titles map[string]int // title of a row without an id -> row
}

// problem reports a problem at cell col of row (the record's number, from 1; a cell
// past the record's last is placed on the line where the record starts). Col counts
// cells, as the messages do ("column C").
func (im *importer) problem(row, col int, hint, format string, args ...any) {
	line := row
	if r := row - 1; r >= 0 && r < len(im.lines) && len(im.lines[r]) > 0 {
		at := im.lines[r]
		line = at[0]
		if col >= 0 && col < len(at) {
			line = at[col]
		}
	}
	im.res.Problems = append(im.res.Problems, diag.Errorf(diag.Pos{File: im.opts.File, Line: line, Col: col + 1}, diag.RuleImport, hint, format, args...))
}

func (im *importer) header(rec []string, rows [][]string) {
	im.width = len(rec)
	im.fields = map[string]int{}
	names := fieldNames()
	for kind, byLang := range im.opts.Headers {
		for lang, ns := range byLang {
			for _, n := range ns {
				if _, builtin := names[fold(n)]; !builtin && strings.TrimSpace(n) != "" {
					names[fold(n)] = field{kind, lang}
				}
			}
		}
	}
	byName := map[string]Role{}
	for _, r := range im.opts.Roles {
		byName[fold(r.ID)] = r
		for _, t := range r.Titles {
			byName[fold(t)] = r
		}
	}
	// The title column: the one its header names, else the first.
	for i, h := range rec {
		if f, ok := names[fold(h)]; ok && f.kind == "title" {
			im.title = i
			im.res.Language = f.lang
			break
		}
	}
	seen := map[string]int{}
	for i, h := range rec {
		if i == im.title {
			continue
		}
		name := strings.TrimSpace(h)
		f, isField := names[fold(name)]
		if isField && (f.kind == "owner" || f.kind == "ask") && lettersOnly(rows, i) {
			// A role named like the owner column ("Owner") holds letters; the owner
			// column holds role titles.
			isField = false
		}
		if isField {
			if _, dup := im.fields[f.kind]; dup {
				im.problem(1, i, "keep one column of each kind", "column %s: a second %s column", colName(i), f.kind)
				continue
			}
			im.fields[f.kind] = i
			if f.kind == "cadence" || f.kind == "effort" || f.kind == "notes" {
				im.res.Has[f.kind] = true
			}
			if im.res.Language == "" {
				im.res.Language = f.lang
			}
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

// columnRoles returns the roles of the role columns.
func (im *importer) columnRoles() []string {
	out := make([]string, len(im.roles))
	for i, c := range im.roles {
		out[i] = c.Role
	}
	return out
}

// lettersOnly reports whether column i holds RACI letters in some row and nothing else
// in any.
func lettersOnly(rows [][]string, i int) bool {
	found := false
	for _, rec := range rows {
		if i >= len(rec) || strings.TrimSpace(rec[i]) == "" {
			continue
		}
		if _, bad := parseLetters(rec[i]); bad != "" {
			return false
		}
		found = true
	}
	return found
}

func (im *importer) cell(rec []string, field string) (string, int) {
	i, ok := im.fields[field]
	if !ok || i >= len(rec) {
		return "", i
	}
	return strings.TrimSpace(rec[i]), i
}

// row checks one row (row is its number in the spreadsheet) and returns its duty.
func (im *importer) row(row int, rec []string) (Duty, bool) {
	if allEmpty(rec) {
		return Duty{}, false
	}
	before := len(im.res.Problems)
	d := Duty{Row: row}
	for c := im.width; c < len(rec); c++ {
		if strings.TrimSpace(rec[c]) != "" {
			im.problem(row, c, "give the column a header, or move the cell into a column that has one",
				"row %d: cell %q is past the last column of the header, and would be lost", row, rec[c])
			break
		}
	}
	if im.title < len(rec) {
		d.Title = strings.TrimSpace(rec[im.title])
	}
	if d.Title == "" {
		im.problem(row, im.title, "write the duty's title in its column", "row %d: no duty title", row)
	}
	var area string
	var areaCol int
	area, areaCol = im.cell(rec, "area")
	if area == "" {
		area, areaCol = im.opts.Area, 0
	}
	d.Area = handbook.Slug(area)
	switch {
	case area == "":
		im.problem(row, 0, "add an area column, or give the area of every row with --area", "row %d: no area", row)
	case d.Area == "" || d.Area != strings.ToLower(area):
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
	} else if d.Title != "" {
		key := strings.ToLower(strings.Join(strings.Fields(d.Title), " "))
		first, dupTitle := im.titles[key]
		if dupTitle {
			im.problem(row, im.title, "give the duties different titles, or ids in an id column",
				"row %d: duty %q has the title of row %d, and so the same id", row, d.Title, first)
		}
		im.titles[key] = row
		id = titleID(d.Title, d.Area)
		if first, dup := im.ids[id]; dup && !dupTitle {
			im.problem(row, im.title, "give the duty an id in an id column",
				"row %d: the id made from the title, %q, is the id of row %d", row, id, first)
		}
	}
	im.ids[id] = row
	d.ID = id
	d.Cadence, _ = im.cell(rec, "cadence")
	effort, effortCol := im.cell(rec, "effort")
	if effort != "" {
		if f, ok := parseHours(effort); !ok {
			im.problem(row, effortCol, "write the hours per week as a number, such as 2.5 (or 2,5)", "row %d: effort %q is not a number of hours", row, effort)
		} else {
			d.Effort = strconv.FormatFloat(f, 'f', -1, 64)
		}
	}
	d.Notes, _ = im.cell(rec, "notes")
	d.Cells = map[string]string{}

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
		if letters != "" {
			d.Cells[col.Role] = letters
		}
		for _, l := range letters {
			switch l {
			case 'A':
				d.A = append(d.A, col.Role)
				accountable = append(accountable, col)
			case 'R':
				d.R = append(d.R, col.Role)
			case 'C':
				d.C = append(d.C, col.Role)
			case 'I':
				d.I = append(d.I, col.Role)
			}
		}
	}
	if badCell {
		// The unreadable cell may hold the A or R: the letter is reported, not the counts.
		return d, false
	}
	switch len(accountable) {
	case 0:
		im.problem(row, 0, "mark exactly one role A: whoever owns the duty is the one to go to", "row %d: duty %q has no accountable role (no A)", row, d.Title)
	case 1:
	default:
		names := make([]string, len(accountable))
		for i, c := range accountable {
			names[i] = fmt.Sprintf("%s (column %s)", c.Role, colName(c.Index))
		}
		im.problem(row, accountable[1].Index, "keep exactly one A; make the others R or C",
			"row %d: duty %q has %d accountable roles: %s", row, d.Title, len(accountable), strings.Join(names, ", "))
	}
	if len(d.R) == 0 {
		im.problem(row, 0, "mark at least one role R: the roles that do the work", "row %d: duty %q has no responsible role (no R)", row, d.Title)
	}
	if len(d.A) == 1 && im.opts.Accountable != nil {
		ask, _ := im.cell(rec, "ask")
		if a := im.opts.Accountable(im.columnRoles(), d.A[0], ask); a != "" {
			d.A[0] = a
		}
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

// titleID makes a duty's id from its title: its slug ("Open the shop" ->
// "open-the-shop", "Café" -> "cafe"), or, for a title with no Latin letters or digits
// (Chinese), the area and a short hash of the title, which stays the same when rows move.
func titleID(title, area string) string {
	if id := handbook.Slug(title); id != "" {
		return id
	}
	h := fnv.New32a()
	h.Write([]byte(strings.Join(strings.Fields(title), " ")))
	prefix := area
	if prefix == "" {
		prefix = "duty"
	}
	return fmt.Sprintf("%s-%08x", prefix, h.Sum32())
}

// parseHours reads a number of hours: "2.5", or "2,5" as European spreadsheets write
// it. It refuses negative numbers and anything else.
func parseHours(s string) (float64, bool) {
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		s = strings.Replace(s, ",", ".", 1)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || math.IsInf(f, 0) || math.IsNaN(f) {
		return 0, false
	}
	return f, true
}

// files writes the duties of each area as TOML, rows in spreadsheet order.
func files(duties []Duty, source string) []File {
	byArea := map[string]*bytes.Buffer{}
	var areas []string
	for _, d := range duties {
		b := byArea[d.Area]
		if b == nil {
			b = &bytes.Buffer{}
			byArea[d.Area] = b
			areas = append(areas, d.Area)
			fmt.Fprintf(b, "# Duties of the area %q, imported from %s by rolebook import raci.\n", d.Area, commentText(baseName(source)))
			b.WriteString("# Each duty has exactly one accountable role: whoever owns it is who you go to.\n")
		}
		b.WriteString("\n")
		b.WriteString(dutyTable(d))
	}
	sort.Strings(areas)
	out := make([]File, 0, len(areas))
	for _, a := range areas {
		out = append(out, File{Area: a, Data: byArea[a].Bytes()})
	}
	return out
}

// dutyTable returns the TOML table of one duty.
func dutyTable(d Duty) string {
	var b strings.Builder
	fmt.Fprintf(&b, "[%s]\ntitle = %s\n", d.ID, quote(d.Title))
	if d.Cadence != "" {
		fmt.Fprintf(&b, "cadence = %s\n", quote(d.Cadence))
	}
	if d.Effort != "" {
		fmt.Fprintf(&b, "effort = %s\n", d.Effort)
	}
	fmt.Fprintf(&b, "accountable = %s\n", quote(d.A[0]))
	fmt.Fprintf(&b, "responsible = %s\nconsulted = %s\ninformed = %s\n", list(d.R), list(d.C), list(d.I))
	if d.Notes != "" {
		fmt.Fprintf(&b, "notes = %s\n", quote(d.Notes))
	}
	return b.String()
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

// commentText returns s for a TOML comment: as it is when it is plain text, else as a
// quoted TOML string. A file name is the user's, and a line break in it would end the
// comment and start TOML of its own (a whole duty); TOML allows no control character
// but tab in a comment.
func commentText(s string) string {
	for _, r := range s {
		if r < 0x20 && r != '\t' || r == 0x7f || r == utf8.RuneError {
			return quote(s)
		}
	}
	return s
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

// readCSV reads the records of text, with each cell's line in the file (a quoted cell
// may hold line breaks, so a record's number is not its line).
func readCSV(text string, comma rune, lazyQuotes bool) (records [][]string, lines [][]int, err error) {
	rd := csv.NewReader(strings.NewReader(text))
	rd.Comma = comma
	rd.FieldsPerRecord = -1
	rd.LazyQuotes = lazyQuotes
	for {
		rec, err := rd.Read()
		if errors.Is(err, io.EOF) {
			return records, lines, nil
		}
		if err != nil {
			return nil, nil, err
		}
		at := make([]int, len(rec))
		for i := range rec {
			at[i], _ = rd.FieldPos(i)
		}
		records = append(records, rec)
		lines = append(lines, at)
	}
}
