package handbook

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"

	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/load"
)

// shop is a small handbook that exercises every query.
const shop = `
-- content/skills.toml --
[customer-care]
name = "Customer care"
-- content/stages.toml --
[start]
title = "1-3 people"
roles = ["operations", "service"]
[start.covers]
finance = "service"
shipping = "finance"

[growth]
title = "4-8 people"
roles = ["operations", "service", "finance", "shipping"]
-- content/duties/shop.toml --
[listings]
title = "Listings"
cadence = "weekly:fri"
accountable = "operations"
responsible = ["operations", "service"]
informed = ["finance"]

[ship-orders]
title = "Ship orders"
accountable = "shipping"
responsible = ["shipping"]
consulted = ["service"]
-- content/duties/finance.toml --
[monthly-close]
title = { en = "Close the books", zh = "月结" }
accountable = "finance"
responsible = ["finance", "operations"]
-- content/roles/operations.md --
+++
title = "Operations"
onboarding = ["Read the shop rules", { en = "Meet the team", zh = "认识团队" }]
[skills]
customer-care = 2
+++
Runs the shop.
-- content/roles/operations.zh.md --
+++
title = "运营"
onboarding = ["阅读店规", "认识团队"]
+++
运营店铺。
-- content/roles/service.md --
+++
title = "Service"
reports_to = "operations"
headcount = 2
+++
-- content/roles/finance.md --
+++
title = "Finance"
reports_to = "operations"
+++
-- content/roles/shipping.md --
+++
title = "Shipping"
reports_to = "finance"
+++
-- content/people/li-lei.md --
+++
name = "Li Lei"
roles = ["operations", "finance"]
started = 2024-03-01
[skills]
customer-care = 3
+++
Bio.
-- content/people/han-mei.md --
+++
name = "Han Mei"
roles = ["service"]
capacity = 0.5
+++
`

// decodeArchive decodes the content/ files of a txtar archive as package load would.
func decodeArchive(t testing.TB, archive string, opts Options) (*Handbook, []diag.Diagnostic) {
	t.Helper()
	ar := txtar.Parse([]byte(archive))
	var data []*load.Doc
	var pages []*load.Page
	var all diag.List
	for _, f := range ar.Files {
		switch {
		case strings.HasSuffix(f.Name, ".toml"):
			doc, ds := load.DecodeTOML(f.Name, f.Data, 1)
			all.Merge(ds)
			data = append(data, doc)
		case strings.HasSuffix(f.Name, ".md"):
			front, body, line, ds := load.Split(f.Name, f.Data)
			all.Merge(ds)
			pages = append(pages, &load.Page{Path: strings.TrimPrefix(f.Name, "content/"), File: f.Name, Front: front, Body: body, BodyLine: line})
		}
	}
	h, ds := Decode(data, pages, opts)
	all.Merge(ds)
	return h, all.Items()
}

func ids[T any](list []T, id func(T) string) []string {
	out := []string{}
	for _, x := range list {
		out = append(out, id(x))
	}
	return out
}

func roleIDs(rs []*Role) []string     { return ids(rs, func(r *Role) string { return r.ID }) }
func dutyIDs(ds []*Duty) []string     { return ids(ds, func(d *Duty) string { return d.ID }) }
func personIDs(ps []*Person) []string { return ids(ps, func(p *Person) string { return p.ID }) }

func TestDecodeShop(t *testing.T) {
	h, diags := decodeArchive(t, shop, Options{DefaultLanguage: "en", Languages: []string{"en", "zh"}})
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	if got, want := dutyIDs(h.Duties), []string{"monthly-close", "listings", "ship-orders"}; !cmp.Equal(got, want) {
		t.Errorf("Duties = %v, want %v (files by path, tables in file order)", got, want)
	}
	if got, want := roleIDs(h.Roles), []string{"finance", "operations", "service", "shipping"}; !cmp.Equal(got, want) {
		t.Errorf("Roles = %v, want %v", got, want)
	}
	if got, want := h.Areas(), []string{"finance", "shop"}; !cmp.Equal(got, want) {
		t.Errorf("Areas() = %v, want %v", got, want)
	}
	if got, want := ids(h.Stages, func(s *Stage) string { return s.ID }), []string{"start", "growth"}; !cmp.Equal(got, want) {
		t.Errorf("Stages = %v, want %v", got, want)
	}

	ops := h.Role("operations")
	if ops.Title.Get("zh", "en") != "运营" || ops.Title.Get("fr", "en") != "Operations" {
		t.Errorf("Title = %v", ops.Title)
	}
	if got, want := ops.Onboarding, []Text{{"en": "Read the shop rules", "zh": "阅读店规"}, {"en": "Meet the team", "zh": "认识团队"}}; !cmp.Equal(got, want) {
		t.Errorf("Onboarding = %v, want %v", got, want)
	}
	if got := string(ops.Body["zh"].Source); got != "运营店铺。\n" {
		t.Errorf("Body[zh] = %q", got)
	}
	if b := ops.Body["en"]; string(b.Source) != "Runs the shop.\n" || b.Line != 7 || b.File != "content/roles/operations.md" {
		t.Errorf("Body[en] = %+v", b)
	}
	if got, want := ops.Skills, []SkillLevel{{Skill: "customer-care", Level: 2, Pos: diag.Pos{File: "content/roles/operations.md", Line: 5, Col: 1}}}; !cmp.Equal(got, want) {
		t.Errorf("Skills = %v, want %v", got, want)
	}
	if ops.Headcount != 1 || h.Role("service").Headcount != 2 {
		t.Errorf("Headcount = %d, %d, want 1, 2", ops.Headcount, h.Role("service").Headcount)
	}

	d := h.Duty("listings")
	if d.Area != "shop" || d.Cadence != (Cadence{Kind: "weekly", Day: 5, Text: "weekly:fri"}) {
		t.Errorf("listings = area %q cadence %+v", d.Area, d.Cadence)
	}
	if got, want := d.Src.Pos("responsible", "1"), (diag.Pos{File: "content/duties/shop.toml", Line: 5, Col: 30}); got != want {
		t.Errorf("Src.Pos(responsible, 1) = %v, want %v", got, want)
	}
	if got, want := d.Src.Pos("consulted"), (diag.Pos{File: "content/duties/shop.toml", Line: 1, Col: 1}); got != want {
		t.Errorf("Src.Pos of a missing key = %v, want the table header %v", got, want)
	}

	li := h.Person("li-lei")
	if li.Capacity != 1 || h.Person("han-mei").Capacity != 0.5 || li.Started != "2024-03-01" {
		t.Errorf("li-lei = capacity %v started %q", li.Capacity, li.Started)
	}

	if got, want := personIDs(h.HoldersOf("finance")), []string{"li-lei"}; !cmp.Equal(got, want) {
		t.Errorf("HoldersOf(finance) = %v, want %v", got, want)
	}
	if got, want := roleIDs(h.DirectReports("operations")), []string{"finance", "service"}; !cmp.Equal(got, want) {
		t.Errorf("DirectReports(operations) = %v, want %v", got, want)
	}
	rd := h.DutiesOf("service")
	if got := [][]string{dutyIDs(rd.Accountable), dutyIDs(rd.Responsible), dutyIDs(rd.Consulted), dutyIDs(rd.Informed)}; !cmp.Equal(got, [][]string{{}, {"listings"}, {"ship-orders"}, {}}) {
		t.Errorf("DutiesOf(service) = %v", got)
	}

	owners := map[string]string{}
	for _, s := range []string{"start", "growth"} {
		f := h.Fold(s)
		for _, l := range f.Lines() {
			owners[s+"/"+l.Duty.ID] = "<nil>"
			if l.Owner != nil {
				owners[s+"/"+l.Duty.ID] = l.Owner.ID
			}
		}
	}
	wantOwners := map[string]string{
		"start/listings": "operations", "start/monthly-close": "service", "start/ship-orders": "service",
		"growth/listings": "operations", "growth/monthly-close": "finance", "growth/ship-orders": "shipping",
	}
	if diff := cmp.Diff(wantOwners, owners); diff != "" {
		t.Errorf("Fold owners (-want +got):\n%s", diff)
	}
	if h.Fold("growth").Line("nothing") != nil {
		t.Error("Line of an unknown duty is not nil")
	}
}

func TestFoldLoop(t *testing.T) {
	h, _ := decodeArchive(t, `
-- content/stages.toml --
[start]
title = "start"
roles = ["a"]
[start.covers]
b = "c"
c = "b"
d = "e"
-- content/duties/x.toml --
[one]
title = "one"
accountable = "b"
responsible = ["a"]
[two]
title = "two"
accountable = "d"
responsible = ["a"]
-- content/roles/a.md --
+++
title = "a"
+++
-- content/roles/b.md --
+++
title = "b"
+++
-- content/roles/c.md --
+++
title = "c"
+++
`, Options{})
	f := h.Fold("start")
	if r := f.Line("one").Owner; r != nil {
		t.Errorf("owner in a loop = %v, want nil", r.ID)
	}
	if r := f.Line("two").Owner; r != nil {
		t.Errorf("owner at a chain ending nowhere = %v, want nil", r.ID)
	}
}

func TestTextGet(t *testing.T) {
	tx := Text{"zh": "运营", "en": "Operations"}
	for _, tt := range []struct{ lang, want string }{{"zh", "运营"}, {"en", "Operations"}, {"fr", "运营"}} {
		if got := tx.Get(tt.lang, "zh"); got != tt.want {
			t.Errorf("Get(%q, zh) = %q, want %q", tt.lang, got, tt.want)
		}
	}
	if got := Text(nil).Get("en", "en"); got != "" {
		t.Errorf("nil Text Get = %q", got)
	}
}

func TestParseCadence(t *testing.T) {
	tests := []struct {
		in   string
		want Cadence
		err  bool
	}{
		{"daily", Cadence{Kind: "daily"}, false},
		{"weekly", Cadence{Kind: "weekly"}, false},
		{"weekly:mon", Cadence{Kind: "weekly", Day: 1}, false},
		{"weekly:sun", Cadence{Kind: "weekly", Day: 7}, false},
		{"monthly", Cadence{Kind: "monthly"}, false},
		{"monthly:15", Cadence{Kind: "monthly", Day: 15}, false},
		{"quarterly", Cadence{Kind: "quarterly"}, false},
		{"quarterly:1", Cadence{Kind: "quarterly", Day: 1}, false},
		{"every other Tuesday", Cadence{}, false},
		{"before each big sale", Cadence{}, false},
		{"yearly", Cadence{}, false},
		{"weekyl", Cadence{}, true},
		{"dialy", Cadence{}, true},
		{"weekly:funday", Cadence{}, true},
		{"monthly:0", Cadence{}, true},
		{"monthly:32", Cadence{}, true},
		{"quarterly:x", Cadence{}, true},
		{"daily:1", Cadence{}, true},
	}
	for _, tt := range tests {
		got, err := ParseCadence(tt.in)
		tt.want.Text = tt.in
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("ParseCadence(%q) = %+v, %v; want %+v, error %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

// TestDecodeFromDocs decodes Docs built in memory, without TOML, as other stages'
// tests and the check benchmark do.
func TestDecodeFromDocs(t *testing.T) {
	doc := load.NewDoc("content/duties/shop.toml", load.TOML, diag.Pos{File: "content/duties/shop.toml", Line: 1, Col: 1})
	doc.Data["b-duty"] = map[string]any{"title": "B", "accountable": "ops", "responsible": []any{"ops"}, "efort": int64(3)}
	doc.Data["a-duty"] = map[string]any{"title": "A", "accountable": "ops", "responsible": []any{"ops"}}
	doc.SetPos(diag.Pos{File: doc.File, Line: 1, Col: 1}, "b-duty")
	doc.SetPos(diag.Pos{File: doc.File, Line: 4, Col: 1}, "b-duty", "efort")
	doc.SetPos(diag.Pos{File: doc.File, Line: 6, Col: 1}, "a-duty")
	h, list := Decode([]*load.Doc{doc}, nil, Options{})
	if got, want := dutyIDs(h.Duties), []string{"b-duty", "a-duty"}; !cmp.Equal(got, want) {
		t.Errorf("Duties = %v, want %v (file order)", got, want)
	}
	items := list.Items()
	if len(items) != 1 || items[0].String() != "content/duties/shop.toml:4:1: error: unknown key \"efort\" in duty \"b-duty\"\n\thint: did you mean \"effort\"?" {
		t.Errorf("diagnostics = %v", items)
	}
}

// TestSchemasMatchDecoder keeps the JSON Schemas and the decoder's keys in step.
func TestSchemasMatchDecoder(t *testing.T) {
	type object struct {
		Properties           map[string]json.RawMessage `json:"properties"`
		AdditionalProperties json.RawMessage            `json:"additionalProperties"`
	}
	type schema struct {
		Schema string `json:"$schema"`
		object
		Defs map[string]object `json:"$defs"`
	}
	keys := func(o object) []string {
		var out []string
		for k := range o.Properties {
			out = append(out, k)
		}
		sort.Strings(out)
		return out
	}
	sorted := func(s []string) []string {
		s = append([]string(nil), s...)
		sort.Strings(s)
		return s
	}
	schemas := Schemas()
	tests := []struct {
		name, def string // def: the $defs entry of one table, "" for front matter
		keys      []string
	}{
		{"skills", "skill", skillKeys()},
		{"areas", "area", areaKeys()},
		{"stages", "stage", stageKeys()},
		{"duties", "duty", dutyKeys()},
		{"role", "", roleKeys()},
		{"person", "", personKeys()},
	}
	if len(schemas) != len(tests) {
		t.Errorf("Schemas() has %d schemas, want %d", len(schemas), len(tests))
	}
	for _, tt := range tests {
		var s schema
		if err := json.Unmarshal(schemas[tt.name], &s); err != nil {
			t.Errorf("schema %s: %v", tt.name, err)
			continue
		}
		if s.Schema != "https://json-schema.org/draft/2020-12/schema" {
			t.Errorf("schema %s: $schema = %q", tt.name, s.Schema)
		}
		o := s.object
		if tt.def != "" {
			o = s.Defs[tt.def]
		}
		if string(o.AdditionalProperties) != "false" {
			t.Errorf("schema %s: additionalProperties = %s, want false (data files are strict)", tt.name, o.AdditionalProperties)
		}
		if diff := cmp.Diff(sorted(tt.keys), keys(o)); diff != "" {
			t.Errorf("schema %s keys (-decoder +schema):\n%s", tt.name, diff)
		}
	}
	for _, k := range translationKeys() {
		if !contains(roleKeys(), k) {
			t.Errorf("translation key %q is not a role key", k)
		}
	}
}

// FuzzDecodeDuties decodes arbitrary duty files: Decode must not panic, and every
// diagnostic must point into the file.
func FuzzDecodeDuties(f *testing.F) {
	ar := txtar.Parse([]byte(shop))
	for _, file := range ar.Files {
		if strings.HasPrefix(file.Name, "content/duties/") {
			f.Add(file.Data)
		}
	}
	f.Add([]byte("[x]\ntitle = { en = 1 }\ncadence = \"weekyl\"\naccountable = [\"a\", 2]\nresponsible = \"b\"\neffort = -1\n"))
	f.Add([]byte("[x]\n[x.title]\nen = \"a\"\n[y]\nacountable = \"a\"\n"))
	f.Add([]byte("[x]\ncoverage = { shifts = [\"22:00-06:00\", 3], days = 0 }\npeak = [{ weeks = [1, 1], people = 2 }, 4]\nbackup = \"b\"\naccountable_share = 2\n"))
	f.Add([]byte("[x]\neffort = 2\n[[x.peak]]\nweeks = [52]\neffort = 9\n[[x.peak]]\nweeks = []\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		const file = "content/duties/shop.toml"
		doc, _ := load.DecodeTOML(file, src, 1)
		if doc == nil {
			return
		}
		h, list := Decode([]*load.Doc{doc}, nil, Options{DefaultLanguage: "en", Languages: []string{"en", "zh"}})
		if h == nil {
			t.Fatal("Decode returned no handbook")
		}
		for _, d := range list.Items() {
			if d.Pos.File != file {
				t.Errorf("diagnostic outside the file: %v", d)
			}
		}
		for _, d := range h.Duties {
			if h.Duty(d.ID) != d || d.Area != "shop" {
				t.Errorf("duty %q is not indexed", d.ID)
			}
		}
	})
}

// TestAreas decodes content/areas.toml: titles by language with the default as
// fallback, and strict keys.
func TestAreas(t *testing.T) {
	const file = "content/areas.toml"
	src := "[service]\ntitle = { zh = \"客服\", en = \"Customer service\" }\n\n[design]\ntitle = \"设计\"\n\n[finance]\ntitel = \"Finance\"\n"
	doc, diags := load.DecodeTOML(file, []byte(src), 1)
	if diags.Len() > 0 {
		t.Fatal(diags)
	}
	h, list := Decode([]*load.Doc{doc}, nil, Options{DefaultLanguage: "zh", Languages: []string{"zh", "en"}})
	var got []string
	for _, d := range list.Items() {
		got = append(got, d.String())
	}
	want := []string{
		"content/areas.toml:7:1: error: area \"finance\" has no title\n\thint: add title = \"...\"",
		"content/areas.toml:8:1: error: unknown key \"titel\" in area \"finance\"\n\thint: did you mean \"title\"?",
	}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("diagnostics (-got +want):\n%s", diff)
	}
	for _, tt := range []struct{ id, lang, want string }{
		{"service", "en", "Customer service"},
		{"service", "zh", "客服"},
		{"design", "en", "设计"},
		{"logistics", "en", ""},
	} {
		if got := h.AreaTitle(tt.id, tt.lang); got != tt.want {
			t.Errorf("AreaTitle(%q, %q) = %q, want %q", tt.id, tt.lang, got, tt.want)
		}
	}
	if len(h.AreaTables) != 3 || h.AreaTables[0].ID != "service" || h.Area("design") == nil {
		t.Errorf("AreaTables = %v, want service, design, finance in file order", h.AreaTables)
	}
}

func TestSlug(t *testing.T) {
	tests := map[string]string{
		"Customer Service":   "customer-service",
		"Café Crème":         "cafe-creme",
		"Größe":              "grosse",
		"Łódź office":        "lodz-office",
		"Ærø":                "aero",
		"ＡＢＣ":                "abc",
		"Open the shop!":     "open-the-shop",
		"  --x--  ":          "x",
		"处理退款":               "",
		"Señor Müller & Søn": "senor-muller-son",
	}
	for in, want := range tests {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}
