package views

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"

	"github.com/rolebook/rolebook/generator/handbook"
	"github.com/rolebook/rolebook/generator/report"
)

// Matrix is the accountability matrix at one stage: duties (rows, by area) by the roles
// the stage has (columns), after covers.
type Matrix struct {
	// Stage is the stage (nil when the handbook has no stages).
	Stage *StageRef
	// Current says this is the current stage's matrix, whose duties also show the
	// one person to ask.
	Current bool
	Columns []*RoleRef
	Groups  []MatrixGroup
	fold    *handbook.Folding
}

// MatrixGroup is one area's rows.
type MatrixGroup struct {
	Area string
	Rows []MatrixRow
}

// MatrixRow is one duty with a cell per column: the role's letters ("A", "AR", "C"...)
// or "".
type MatrixRow struct {
	Duty *DutyRef
	// Line is the duty at the matrix's stage.
	Line  *handbook.Line
	Owner *RoleRef
	Cells []string
}

// Line returns the duty's line at the matrix's stage, or nil.
func (m *Matrix) Line(dutyID string) *handbook.Line { return m.fold.Line(dutyID) }

// matrix builds the matrix of the stage st (nil: no stages).
func (v *Views) matrix(st *StageRef) *Matrix {
	m := &Matrix{Stage: st, Current: st == nil || st.Current}
	if m.Current {
		m.fold = v.fold
	} else {
		m.fold = v.hb.Fold(st.ID)
	}
	col := make(map[string]int, len(v.Roles))
	for _, r := range v.Roles {
		if m.fold.Present(r.ID) {
			col[r.ID] = len(m.Columns)
			m.Columns = append(m.Columns, r)
		}
	}
	for _, a := range v.Areas {
		if len(a.Duties) == 0 {
			continue
		}
		g := MatrixGroup{Area: a.ID}
		for _, d := range a.Duties {
			l := m.fold.Line(d.ID)
			row := MatrixRow{Duty: d, Line: l, Cells: make([]string, len(m.Columns))}
			if l.Owner != nil {
				row.Owner = v.roles[l.Owner.ID]
			}
			for _, r := range m.Columns {
				row.Cells[col[r.ID]] = l.Letters(r.ID)
			}
			g.Rows = append(g.Rows, row)
		}
		m.Groups = append(m.Groups, g)
	}
	return m
}

// MatrixOf returns the matrix of the stage with the id ("" for the current one), or nil.
func (v *Views) MatrixOf(stageID string) *Matrix {
	if stageID == "" {
		return v.Matrix
	}
	for _, m := range v.Matrices {
		if m.Stage != nil && m.Stage.ID == stageID {
			return m
		}
	}
	return nil
}

// CSV returns the matrix as a spreadsheet: one row per duty with its area, id, title,
// owning role and, at the current stage, the person to ask, then a column per role with
// its letters. UTF-8 with a byte order mark, as Excel and WPS read it.
func (v *Views) CSV(m *Matrix) []byte {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	head := []string{v.t("area"), "id", v.t("duty"), v.t("owner")}
	if m.Current {
		head = append(head, v.t("ask"))
	}
	for _, c := range m.Columns {
		head = append(head, report.CSVCell(c.Title))
	}
	_ = w.Write(head)
	for _, g := range m.Groups {
		for _, row := range g.Rows {
			owner := ""
			if row.Owner != nil {
				owner = row.Owner.Title
			}
			rec := []string{report.CSVCell(g.Area), report.CSVCell(row.Duty.ID), report.CSVCell(row.Duty.Title), report.CSVCell(owner)}
			if m.Current {
				rec = append(rec, report.CSVCell(v.askText(row.Duty)))
			}
			rec = append(rec, row.Cells...)
			_ = w.Write(rec)
		}
	}
	w.Flush()
	return b.Bytes()
}

// askText names whom to ask about a duty as plain text: the person, the holders when
// none leads, or nothing.
func (v *Views) askText(d *DutyRef) string {
	if d.Person != nil {
		return d.Person.Name
	}
	names := make([]string, len(d.Holders))
	for i, p := range d.Holders {
		names[i] = p.Name
	}
	return strings.Join(names, v.t("list_sep"))
}

type jsonRole struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Area  string `json:"area"`
	URL   string `json:"url"`
}

type jsonDuty struct {
	ID      string  `json:"id"`
	Area    string  `json:"area"`
	Title   string  `json:"title"`
	Cadence string  `json:"cadence"`
	Effort  float64 `json:"effort"`
	// Owner is the accountable role at the stage, Covering whether it covers for
	// the written one; Person the one person to ask (current stage only).
	Owner    string   `json:"owner"`
	Covering bool     `json:"covering"`
	Person   string   `json:"person,omitempty"`
	Holders  []string `json:"holders,omitempty"`
	// The lists at the stage, after covers; Letters each role's letters.
	Accountable []string          `json:"accountable"`
	Responsible []string          `json:"responsible"`
	Consulted   []string          `json:"consulted"`
	Informed    []string          `json:"informed"`
	Letters     map[string]string `json:"letters"`
	Written     jsonWritten       `json:"written"`
	URL         string            `json:"url"`
}

// jsonWritten are a duty's lists as its file writes them.
type jsonWritten struct {
	Accountable []string `json:"accountable"`
	Responsible []string `json:"responsible"`
	Consulted   []string `json:"consulted"`
	Informed    []string `json:"informed"`
}

// JSON returns the matrix as JSON: the language, the stage, its roles and every duty
// at that stage (see jsonDuty).
func (v *Views) JSON(m *Matrix) ([]byte, error) {
	out := struct {
		Language string     `json:"language"`
		Stage    string     `json:"stage"`
		Current  bool       `json:"current"`
		Roles    []jsonRole `json:"roles"`
		Duties   []jsonDuty `json:"duties"`
	}{Language: v.lang, Current: m.Current, Roles: []jsonRole{}, Duties: []jsonDuty{}}
	if m.Stage != nil {
		out.Stage = m.Stage.ID
	}
	for _, r := range m.Columns {
		out.Roles = append(out.Roles, jsonRole{r.ID, r.Title, r.Role.Area, r.URL})
	}
	nz := func(s []string) []string {
		if s == nil {
			return []string{}
		}
		return s
	}
	ids := func(rs []*handbook.Role) []string {
		out := make([]string, len(rs))
		for i, r := range rs {
			out[i] = r.ID
		}
		return out
	}
	for _, g := range m.Groups {
		for _, row := range g.Rows {
			d, l := row.Duty.Duty, row.Line
			jd := jsonDuty{ID: d.ID, Area: d.Area, Title: row.Duty.Title, Cadence: d.Cadence.Text, Effort: d.Effort,
				Covering: l.Covering, Accountable: []string{}, Responsible: ids(l.Responsible), Consulted: ids(l.Consulted),
				Informed: ids(l.Informed), Letters: map[string]string{}, URL: row.Duty.URL,
				Written: jsonWritten{nz(d.Accountable), nz(d.Responsible), nz(d.Consulted), nz(d.Informed)}}
			if l.Owner != nil {
				jd.Owner = l.Owner.ID
				jd.Accountable = []string{l.Owner.ID}
			}
			if m.Current {
				if l.Person != nil {
					jd.Person = l.Person.ID
				}
				if l.Person == nil && len(l.Holders) > 1 {
					for _, p := range l.Holders {
						jd.Holders = append(jd.Holders, p.ID)
					}
				}
			}
			for i, c := range m.Columns {
				if row.Cells[i] != "" {
					jd.Letters[c.ID] = row.Cells[i]
				}
			}
			out.Duties = append(out.Duties, jd)
		}
	}
	// json.Marshal escapes <, > and & as \u003c..., so the file is safe to inline too.
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
