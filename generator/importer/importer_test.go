package importer

import (
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/encoding/simplifiedchinese"
)

func messages(res *Result) []string {
	var out []string
	for _, d := range res.Problems {
		out = append(out, d.Pos.String()+": "+d.Message)
	}
	return out
}

func TestImportProblems(t *testing.T) {
	tests := []struct {
		name, csv string
		want      []string
	}{
		{"good", "Duty,area,ops,design\nA thing,x,A,R\n", nil},
		{"no A", "Duty,area,ops\nT,x,R\n", []string{`f.csv:2:1: row 2: duty "T" has no accountable role (no A)`}},
		{"two A", "Duty,area,ops,design\nT,x,A,AR\n", []string{`f.csv:2:4: row 2: duty "T" has 2 accountable roles: ops (column C), design (column D)`}},
		{"no R", "Duty,area,ops\nT,x,A\n", []string{`f.csv:2:1: row 2: duty "T" has no responsible role (no R)`}},
		{"unknown letter", "Duty,area,ops\nT,x,AQ\n", []string{`f.csv:2:3: row 2, column C (ops): unknown letter "Q" in "AQ"`}},
		{"an unclosed quote", "Duty,area,ops\nT,x,AR\n\"U,x,AR\nV,x,AR\n", []string{`f.csv:3: the quoted cell that starts on line 3 is not closed where it should be (line 4, column 8)`}},
		{"a quote inside a cell", "Duty,area,ops\nA 5\" screen,x,AR\n", nil},
		{"a cell past the header", "Duty,area,ops\nT,x,AR,stray\n", []string{`f.csv:2:4: row 2: cell "stray" is past the last column of the header, and would be lost`}},
		{"after a cell with a line break", "Duty,area,notes,ops\nT,x,\"two\nlines\",AR\nU,x,y,AQ\n", []string{`f.csv:4:4: row 3, column D (ops): unknown letter "Q" in "AQ"`}},
		{"both does and informed", "Duty,area,ops,x\nT,x,AI,R\n", []string{`f.csv:2:3: row 2, column C (ops): ops both does the duty and is consulted or informed (AI)`}},
		{"no area", "Duty,ops\nT,AR\n", []string{`f.csv:2:1: row 2: no area`}},
		{"bad id", "Duty,id,area,ops\nT,Bad Id,x,AR\n", []string{`f.csv:2:2: row 2: duty id "Bad Id" is not an id`}},
		{"duplicate id", "Duty,id,area,ops\nT,t,x,AR\nU,t,x,AR\n", []string{`f.csv:3:2: row 3: duty id "t" is also the id of row 2`}},
		{"bad effort", "Duty,effort,area,ops\nT,lots,x,AR\n", []string{`f.csv:2:2: row 2: effort "lots" is not a number of hours`}},
		{"effort not finite", "Duty,effort,area,ops\nT,NaN,x,AR\nU,+Inf,x,AR\nV,inf,x,AR\nW,1e999,x,AR\n", []string{
			`f.csv:2:2: row 2: effort "NaN" is not a number of hours`,
			`f.csv:3:2: row 3: effort "+Inf" is not a number of hours`,
			`f.csv:4:2: row 4: effort "inf" is not a number of hours`,
			`f.csv:5:2: row 5: effort "1e999" is not a number of hours`}},
		{"no role column", "Duty,area\nT,x\n", []string{`f.csv:1:2: the header names no role column`}},
		{"unnamable header", "Duty,area,运营\nT,x,AR\n", []string{`f.csv:1:3: column C: cannot make a role id of the header "运营"`}},
		{"blank rows skipped", "Duty,area,ops\n,,\nT,x,A/R\n\n", nil},
		{"full-width letters", "Duty,area,ops\nT,x,Ａ、Ｒ\n", nil},
		{"semicolons", "Duty;area;ops\nT;x;AR\n", nil},
		// The file as a whole.
		{"empty", "", []string{`f.csv:1: no header row`}},
		{"blank header", ",,\nT,x,AR\n", []string{`f.csv:1: no header row`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Import([]byte(tt.csv), Options{File: "f.csv"})
			if diff := cmp.Diff(tt.want, messages(res)); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestImportOutput(t *testing.T) {
	csv := "\ufeff职责,编号,区域,频率,工时,备注,运营,设计师\n" +
		"主图,main-images,design,weekly:mon,2.5,\"Say \"\"no\"\" \\ to; edits\",C,A/R\n" +
		"标题,,design,,,,AR,I\n"
	roles := []Role{{ID: "operations", Titles: []string{"运营", "Operations"}}, {ID: "designer", Titles: []string{"设计师"}}}
	res := Import([]byte(csv), Options{File: "f.csv", Roles: roles})
	if len(res.Problems) > 0 {
		t.Fatalf("problems: %v", messages(res))
	}
	want := `# Duties of the area "design", imported from f.csv by rolebook import raci.
# Each duty has exactly one accountable role: whoever owns it is who you go to.

[main-images]
title = "主图"
cadence = "weekly:mon"
effort = 2.5
accountable = "designer"
responsible = ["designer"]
consulted = ["operations"]
informed = []
notes = "Say \"no\" \\ to; edits"

[design-e69643c5]
title = "标题"
accountable = "operations"
responsible = ["operations"]
consulted = []
informed = ["designer"]
`
	if len(res.Files) != 1 {
		t.Fatalf("files = %d, want 1", len(res.Files))
	}
	if diff := cmp.Diff(want, string(res.Files[0].Data)); diff != "" {
		t.Errorf("design.toml (-want +got):\n%s", diff)
	}
}

func TestImportGB18030(t *testing.T) {
	csv := "职责,area,运营,design\n退款,service,AR,I\n"
	gbk, err := simplifiedchinese.GB18030.NewEncoder().String(csv)
	if err != nil {
		t.Fatal(err)
	}
	res := Import([]byte(gbk), Options{File: "f.csv", Roles: []Role{{ID: "operations", Titles: []string{"运营"}}}})
	if len(res.Problems) > 0 || len(res.Files) != 1 || !strings.Contains(string(res.Files[0].Data), `title = "退款"`) {
		t.Fatalf("problems %v, files %+v", messages(res), res.Files)
	}
}

func TestColName(t *testing.T) {
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 27: "AB", 701: "ZZ", 702: "AAA"} {
		if got := colName(i); got != want {
			t.Errorf("colName(%d) = %q, want %q", i, got, want)
		}
	}
}

// FuzzImport: any input gives an error or a result; a result without problems is valid
// TOML in which every duty has exactly one accountable and at least one responsible role.
func FuzzImport(f *testing.F) {
	f.Add([]byte("Duty,id,area,cadence,effort,Operations,Designer\nRefunds,refunds,service,daily,6,A,R\n"))
	f.Add([]byte("\ufeff职责,区域,运营\n主图,design,A/R\n"))
	f.Add([]byte("Duty;area;ops\n\"multi\nline\";x;AR\n"))
	f.Add([]byte("Duty,area,a,b\nT,x,A,AR\n,,,\nU,x,R,Q\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		res := Import(data, Options{File: "f.csv", Area: "misc"})
		if len(res.Problems) > 0 {
			if len(res.Files) > 0 {
				t.Fatal("files made despite problems")
			}
			return
		}
		for _, file := range res.Files {
			var duties map[string]struct {
				Title       string
				Accountable string
				Responsible []string
			}
			if _, err := toml.Decode(string(file.Data), &duties); err != nil {
				t.Fatalf("output is not TOML: %v\n%s", err, file.Data)
			}
			for id, d := range duties {
				if d.Accountable == "" || len(d.Responsible) == 0 {
					t.Fatalf("duty %q lacks an owner or a doer:\n%s", id, file.Data)
				}
			}
		}
	})
}

// TestImportMatrixCSV reads matrix.csv as the site writes it, in both languages: the
// title column by its header, the owner and ask columns read and not imported, even
// when a role is named like one of them.
func TestImportMatrixCSV(t *testing.T) {
	roles := []Role{
		{ID: "designer", Titles: []string{"设计师", "Designer"}},
		{ID: "owner", Titles: []string{"店主", "Owner"}},
	}
	tests := []struct{ name, csv, lang string }{
		{"zh", "\ufeff领域,id,职责,负责人,出了问题找,设计师,店主\ndesign,main-images,主图,设计师,王芳,AR,I\n", "zh"},
		{"en", "\ufeffArea,id,Duty,Owner,Ask,Designer,Owner\ndesign,main-images,Main images,Designer,Wang Fang,AR,I\n", "en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Import([]byte(tt.csv), Options{File: "matrix.csv", Roles: roles})
			if len(res.Problems) > 0 {
				t.Fatalf("problems: %v", messages(res))
			}
			if res.Language != tt.lang {
				t.Errorf("Language = %q, want %q", res.Language, tt.lang)
			}
			var cols []string
			for _, c := range res.Columns {
				cols = append(cols, c.Role)
			}
			if diff := cmp.Diff([]string{"designer", "owner"}, cols); diff != "" {
				t.Errorf("role columns (-want +got):\n%s", diff)
			}
			d := res.Rows[0]
			got := []any{d.ID, d.Area, d.A, d.R, d.I}
			want := []any{"main-images", "design", []string{"designer"}, []string{"designer"}, []string{"owner"}}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("row (-want +got):\n%s", diff)
			}
		})
	}
}

// TestImportIDs: ids from an id column are kept; others are made from the title, accents
// dropped, and a title without Latin letters gets a short hash of itself that does not
// change when rows move; two rows with one title are an error naming both.
func TestImportIDs(t *testing.T) {
	res := importRows(t, "Duty,area,ops\nCafé crème,x,AR\n开店,x,AR\nOpen the shop,x,AR\n")
	var ids []string
	for _, d := range res.Rows {
		ids = append(ids, d.ID)
	}
	if diff := cmp.Diff([]string{"cafe-creme", titleID("开店", "x"), "open-the-shop"}, ids); diff != "" {
		t.Errorf("ids (-want +got):\n%s", diff)
	}
	moved := importRows(t, "Duty,area,ops\nOther,x,AR\n开店,x,AR\n")
	if moved.Rows[1].ID != res.Rows[1].ID || !strings.HasPrefix(res.Rows[1].ID, "x-") {
		t.Errorf("the id of 开店 is %q in one sheet and %q in another", res.Rows[1].ID, moved.Rows[1].ID)
	}
	dup := Import([]byte("Duty,area,ops\nOpen shop,x,AR\nOther,x,AR\nopen  shop,x,AR\n"), Options{File: "f.csv"})
	if diff := cmp.Diff([]string{`f.csv:4:1: row 4: duty "open  shop" has the title of row 2, and so the same id`}, messages(dup)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

// TestParseHours accepts decimal commas, as European spreadsheets write them.
func TestParseHours(t *testing.T) {
	for in, want := range map[string]float64{"2.5": 2.5, "25,5": 25.5, "6": 6, "0,75": 0.75} {
		if got, ok := parseHours(in); !ok || got != want {
			t.Errorf("parseHours(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"1,234.5", "-1", "lots", "1,2,3", "NaN", "Inf"} {
		if _, ok := parseHours(in); ok {
			t.Errorf("parseHours(%q) accepted it", in)
		}
	}
}

// TestImportFileName imports a spreadsheet whose file name holds line breaks and TOML:
// the name stays inside the comment, quoted, and the file holds the duty of the
// spreadsheet and nothing else.
func TestImportFileName(t *testing.T) {
	name := "dir/raci\n[injected]\ntitle = \"x\"\naccountable = \"boss\"\nresponsible = [\"boss\"]\n#.csv"
	res := Import([]byte("Duty,area,ops\nT,x,AR\n"), Options{File: name})
	if len(res.Problems) > 0 || len(res.Files) != 1 {
		t.Fatalf("Import: %v, %d files", messages(res), len(res.Files))
	}
	data := string(res.Files[0].Data)
	first, _, _ := strings.Cut(data, "\n")
	want := `# Duties of the area "x", imported from "raci\n[injected]\ntitle = \"x\"\naccountable = \"boss\"\nresponsible = [\"boss\"]\n#.csv" by rolebook import raci.`
	if first != want {
		t.Errorf("first line = %s\nwant %s", first, want)
	}
	var v map[string]any
	if _, err := toml.Decode(data, &v); err != nil {
		t.Fatal(err)
	}
	if _, ok := v["injected"]; ok || len(v) != 1 {
		t.Errorf("the file decodes to %v, want the one duty t", v)
	}
}
