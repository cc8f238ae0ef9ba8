package importer

import (
	"testing"

	"github.com/BurntSushi/toml"
	"github.com/google/go-cmp/cmp"
)

const existingService = `# Customer service duties, kept by hand.

# Refunds are the most asked about.
[refund-requests]
title = { zh = "处理退款申请", en = "Handle refund requests" }
cadence = "daily"   # every morning
effort = 6
accountable = "after-sales"
responsible = [
  "after-sales",
  "service",
]
consulted = ["finance"]
informed = []
backups = ["service"]   # a key the spreadsheet does not know

[reviews]
title = "Reply to reviews"
accountable = "service"
responsible = ["service"]

[old-duty]
title = "Something no longer done"
accountable = "service"
responsible = ["service"]
`

func importRows(t *testing.T, csv string) *Result {
	t.Helper()
	res := Import([]byte(csv), Options{File: "f.csv"})
	if len(res.Problems) > 0 {
		t.Fatalf("problems: %v", messages(res))
	}
	return res
}

// TestMergeKeepsWhatTheSheetDoesNotSay: a duty the sheet has gets only the keys that
// differ, every other key and comment stays; a new duty is appended; a duty the sheet
// does not have is kept.
func TestMergeKeepsWhatTheSheetDoesNotSay(t *testing.T) {
	res := importRows(t, "Duty,id,area,after-sales,service,finance\n"+
		"Handle refund requests,refund-requests,service,A,R,C\n"+
		"Reply to reviews,reviews,service,,AR,I\n"+
		"Answer chats,chats,service,,AR,\n")
	m := Merge(res, []Existing{{Area: "service", File: "content/duties/service.toml", Data: []byte(existingService)}}, MergeOptions{DefaultLanguage: "zh"})
	if len(m.Problems) > 0 {
		t.Fatalf("problems: %v", m.Problems)
	}
	got := map[string][]string{"added": m.Added, "updated": m.Updated, "unchanged": m.Unchanged, "kept": m.Kept, "removed": m.Removed}
	want := map[string][]string{"added": {"chats"}, "updated": {"refund-requests", "reviews"}, "unchanged": nil, "kept": {"old-duty"}, "removed": nil}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("what happened (-want +got):\n%s", diff)
	}
	wantFile := `# Customer service duties, kept by hand.

# Refunds are the most asked about.
[refund-requests]
title = { zh = "处理退款申请", en = "Handle refund requests" }
cadence = "daily"   # every morning
effort = 6
accountable = "after-sales"
responsible = ["service"]
consulted = ["finance"]
informed = []
backups = ["service"]   # a key the spreadsheet does not know

[reviews]
title = "Reply to reviews"
accountable = "service"
responsible = ["service"]
informed = ["finance"]

[old-duty]
title = "Something no longer done"
accountable = "service"
responsible = ["service"]

[chats]
title = "Answer chats"
accountable = "service"
responsible = ["service"]
consulted = []
informed = []
`
	if len(m.Files) != 1 {
		t.Fatalf("files: %+v", m.Files)
	}
	if diff := cmp.Diff(wantFile, string(m.Files[0].Data)); diff != "" {
		t.Errorf("service.toml (-want +got):\n%s", diff)
	}
}

// TestMergePrune: with Prune, duties the sheet does not have are removed, and a file
// left with none is removed.
func TestMergePrune(t *testing.T) {
	res := importRows(t, "Duty,id,area,service\nReply to reviews,reviews,service,AR\n")
	m := Merge(res, []Existing{
		{Area: "service", File: "content/duties/service.toml", Data: []byte(existingService)},
		{Area: "old", File: "content/duties/old.toml", Data: []byte("[gone]\ntitle = \"Gone\"\naccountable = \"service\"\nresponsible = [\"service\"]\n")},
	}, MergeOptions{Prune: true, DefaultLanguage: "en"})
	if diff := cmp.Diff([]string{"refund-requests", "old-duty", "gone"}, m.Removed); diff != "" {
		t.Errorf("removed (-want +got):\n%s", diff)
	}
	files := map[string]string{}
	for _, f := range m.Files {
		files[f.Area] = string(f.Data)
	}
	want := map[string]string{"old": "", "service": "# Customer service duties, kept by hand.\n\n[reviews]\ntitle = \"Reply to reviews\"\naccountable = \"service\"\nresponsible = [\"service\"]\n\n"}
	if diff := cmp.Diff(want, files); diff != "" {
		t.Errorf("files (-want +got):\n%s", diff)
	}
}

// TestMergeTitles: a title is compared in the sheet's language; a translation table
// keeps its other languages, and a plain string becomes a table when the sheet is in
// another language.
func TestMergeTitles(t *testing.T) {
	tests := []struct {
		name, header, title, file, want string
	}{
		{"same Chinese", "职责", "处理退款申请", `title = { zh = "处理退款申请", en = "Refunds" }`, ""},
		{"same English", "Duty", "Refunds", `title = { zh = "处理退款申请", en = "Refunds" }`, ""},
		{"new English", "Duty", "Handle refunds", `title = { zh = "处理退款申请", en = "Refunds" }`, `title = { zh = "处理退款申请", en = "Handle refunds" }`},
		{"string, other language", "Duty", "Refunds", `title = "处理退款申请"`, `title = { zh = "处理退款申请", en = "Refunds" }`},
		{"string, same language", "职责", "退款", `title = "处理退款申请"`, `title = "退款"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := importRows(t, tt.header+",id,area,service\n"+tt.title+",refunds,service,AR\n")
			file := "[refunds]\n" + tt.file + "\naccountable = \"service\"\nresponsible = [\"service\"]\n"
			m := Merge(res, []Existing{{Area: "service", File: "s.toml", Data: []byte(file)}}, MergeOptions{DefaultLanguage: "zh"})
			if tt.want == "" {
				if len(m.Files) != 0 || len(m.Unchanged) != 1 {
					t.Errorf("the file changed: %+v", m)
				}
				return
			}
			if len(m.Files) != 1 {
				t.Fatalf("files: %+v, problems %v", m.Files, m.Problems)
			}
			if diff := cmp.Diff("[refunds]\n"+tt.want+"\naccountable = \"service\"\nresponsible = [\"service\"]\n", string(m.Files[0].Data)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestMergeProblems: a duty in another area's file, a key written as a sub-table and a
// file that is not TOML are problems, and nothing is merged.
func TestMergeProblems(t *testing.T) {
	res := importRows(t, "Duty,id,area,notes,service\nRefunds,refunds,service,new notes,AR\n")
	tests := []struct {
		name     string
		existing []Existing
		want     string
	}{
		{"moved", []Existing{{Area: "shop", File: "shop.toml", Data: []byte("[refunds]\ntitle = \"Refunds\"\naccountable = \"service\"\nresponsible = [\"service\"]\n")}},
			`shop.toml:1:1: error: duty "refunds" is in shop.toml, but row 2 of the spreadsheet puts it in the area "service"`},
		{"sub-table", []Existing{{Area: "service", File: "s.toml", Data: []byte("[refunds]\ntitle = \"Refunds\"\naccountable = \"service\"\nresponsible = [\"service\"]\n[refunds.notes]\nen = \"old\"\n")}},
			`s.toml:5:1: error: the notes of duty "refunds" is a table of its own: the file cannot be merged into`},
		{"sub-table with a comment", []Existing{{Area: "service", File: "s.toml", Data: []byte("[refunds]\ntitle = \"Refunds\"\naccountable = \"service\"\nresponsible = [\"service\"]\n[refunds.notes] # by language\nen = \"old\"\n")}},
			`s.toml:5:1: error: the notes of duty "refunds" is a table of its own: the file cannot be merged into`},
		{"dotted keys", []Existing{{Area: "service", File: "s.toml", Data: []byte("[refunds]\ntitle = \"Refunds\"\naccountable = \"service\"\nresponsible = [\"service\"]\nnotes.en = \"old\"\n")}},
			`s.toml:5:1: error: the notes of duty "refunds" is a table of its own: the file cannot be merged into`},
		{"not TOML", []Existing{{Area: "service", File: "s.toml", Data: []byte("[refunds\n")}},
			`s.toml:1:9: error: s.toml is not valid TOML: it cannot be merged into`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Merge(res, tt.existing, MergeOptions{DefaultLanguage: "en"})
			if len(m.Problems) != 1 || len(m.Files) != 0 {
				t.Fatalf("problems %v, files %d; want one problem and no file", m.Problems, len(m.Files))
			}
			if got := m.Problems[0].Pos.String() + ": error: " + m.Problems[0].Message; got != tt.want {
				t.Errorf("problem %q, want %q", got, tt.want)
			}
		})
	}
}

// FuzzMerge merges a fixed spreadsheet into an arbitrary duty file: no panic; when it
// merges, the result is TOML in which every duty of the spreadsheet has the
// spreadsheet's accountable role.
func FuzzMerge(f *testing.F) {
	f.Add([]byte(existingService))
	f.Add([]byte("[refunds]\ntitle = { zh = \"退款\" }\naccountable = \"x\"\nresponsible = [\n\"a\", # c\n]\nnotes = \"\"\"\nmulti\n\"\"\"\n"))
	f.Add([]byte("# top\n\n# about refunds\n[refunds]\ntitle = 'Refunds'\n[refunds.notes]\nen = \"x\"\n"))
	f.Add([]byte("x = 1\n[refunds]\n"))
	res := Import([]byte("Duty,id,area,effort,notes,service,finance\nRefunds,refunds,service,2,Note,AR,C\nNew,new,service,,,AR,\n"), Options{File: "f.csv"})
	if len(res.Problems) > 0 {
		f.Fatal(res.Problems)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, prune := range []bool{false, true} {
			m := Merge(res, []Existing{{Area: "service", File: "s.toml", Data: data}}, MergeOptions{Prune: prune, DefaultLanguage: "en"})
			if len(m.Problems) > 0 {
				continue
			}
			for _, file := range m.Files {
				if file.Data == nil {
					continue
				}
				var duties map[string]any
				if _, err := toml.Decode(string(file.Data), &duties); err != nil {
					t.Fatalf("merged file is not TOML: %v\n--- input:\n%s\n--- output:\n%s", err, data, file.Data)
				}
				for _, id := range []string{"refunds", "new"} {
					d, ok := duties[id].(map[string]any)
					if !ok || d["accountable"] != "service" {
						t.Fatalf("duty %s is %v after the merge:\n--- input:\n%s\n--- output:\n%s", id, duties[id], data, file.Data)
					}
				}
			}
		}
	})
}
