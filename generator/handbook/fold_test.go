package handbook

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// foldShop is a five-person shop: service has two holders and a lead; design has two
// holders and no lead; pre-sale is absent at "small", covered by service with its own
// lead; finance is vacant.
const foldShop = `
-- content/stages.toml --
[small]
title = "small"
roles = ["service", "design", "ops", "finance"]
[small.covers]
pre-sale = { role = "service", lead = "bo" }
after-sale = "service"
[big]
title = "big"
roles = ["service", "design", "ops", "finance", "pre-sale", "after-sale"]
-- content/duties/x.toml --
[chat]
title = "chat"
accountable = "pre-sale"
responsible = ["pre-sale", "after-sale"]
consulted = ["service", "ops"]
[refunds]
title = "refunds"
accountable = "after-sale"
responsible = ["after-sale"]
informed = ["ops", "service"]
[banners]
title = "banners"
accountable = "design"
responsible = ["design"]
[books]
title = "books"
accountable = "finance"
responsible = ["ops"]
-- content/roles/service.md --
+++
title = "service"
lead = "al"
+++
-- content/roles/pre-sale.md --
+++
title = "pre-sale"
+++
-- content/roles/after-sale.md --
+++
title = "after-sale"
+++
-- content/roles/design.md --
+++
title = "design"
+++
-- content/roles/ops.md --
+++
title = "ops"
+++
-- content/roles/finance.md --
+++
title = "finance"
+++
-- content/people/al.md --
+++
name = "Al"
roles = ["service"]
+++
-- content/people/bo.md --
+++
name = "Bo"
roles = ["service"]
+++
-- content/people/cy.md --
+++
name = "Cy"
roles = ["design", "ops"]
+++
-- content/people/di.md --
+++
name = "Di"
roles = ["design"]
+++
`

func TestFold(t *testing.T) {
	h, diags := decodeArchive(t, foldShop, Options{})
	for _, d := range diags {
		t.Fatalf("decode: %v", d)
	}
	name := func(rs []*Role) string {
		var s []string
		for _, r := range rs {
			s = append(s, r.ID)
		}
		return strings.Join(s, ",")
	}
	type line struct {
		Owner, R, C, I, Person string
		Covering               bool
		Lead                   LeadSource
	}
	got := map[string]line{}
	for _, stage := range []string{"small", "big", ""} {
		for _, l := range h.Fold(stage).Lines() {
			x := line{R: name(l.Responsible), C: name(l.Consulted), I: name(l.Informed), Covering: l.Covering, Lead: l.Lead}
			if l.Owner != nil {
				x.Owner = l.Owner.ID
			}
			if l.Person != nil {
				x.Person = l.Person.ID
			}
			got[stage+"/"+l.Duty.ID] = x
		}
	}
	want := map[string]line{
		// pre-sale and after-sale fold into service: the cover of pre-sale names bo;
		// service is consulted as written but already does the work, so only ops is.
		"small/chat":    {Owner: "service", R: "service", C: "ops", Person: "bo", Covering: true, Lead: LeadCover},
		"small/refunds": {Owner: "service", R: "service", I: "ops", Person: "al", Covering: true, Lead: LeadRole},
		// two holders, no lead: nobody to ask.
		"small/banners": {Owner: "design", R: "design"},
		// finance is vacant.
		"small/books": {Owner: "finance", R: "ops"},
		// at "big" pre-sale and after-sale exist and have no holder.
		"big/chat":    {Owner: "pre-sale", R: "pre-sale,after-sale", C: "service,ops"},
		"big/refunds": {Owner: "after-sale", R: "after-sale", I: "ops,service"},
		"big/banners": {Owner: "design", R: "design"},
		"big/books":   {Owner: "finance", R: "ops"},
		// without a stage every role exists.
		"/chat":    {Owner: "pre-sale", R: "pre-sale,after-sale", C: "service,ops"},
		"/refunds": {Owner: "after-sale", R: "after-sale", I: "ops,service"},
		"/banners": {Owner: "design", R: "design"},
		"/books":   {Owner: "finance", R: "ops"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("lines (-want +got):\n%s", diff)
	}

	f := h.Fold("small")
	if got := f.Line("chat").Letters("service"); got != "AR" {
		t.Errorf(`Letters("service") on chat = %q, want "AR"`, got)
	}
	if got := f.Line("chat").Letters("pre-sale"); got != "" {
		t.Errorf(`Letters("pre-sale") on chat at small = %q, want ""`, got)
	}
	fd := f.DutiesOf("service")
	var lists []string
	for _, ls := range [][]*Line{fd.Accountable, fd.Responsible, fd.Consulted, fd.Informed} {
		var ids []string
		for _, l := range ls {
			ids = append(ids, l.Duty.ID)
		}
		lists = append(lists, strings.Join(ids, ","))
	}
	if diff := cmp.Diff([]string{"chat,refunds", "chat,refunds", "", ""}, lists); diff != "" {
		t.Errorf("DutiesOf(service) A,R,C,I (-want +got):\n%s", diff)
	}

	// At person level the one to ask has A; the other holder of the role shares the
	// work (R).
	type touch struct{ Duty, Letters, Via string }
	for _, tt := range []struct {
		person string
		want   []touch
	}{
		{"al", []touch{{"chat", "R", "service"}, {"refunds", "AR", "service"}}},
		{"bo", []touch{{"chat", "AR", "service"}, {"refunds", "R", "service"}}},
		{"cy", []touch{{"chat", "C", "ops"}, {"refunds", "I", "ops"}, {"banners", "R", "design"}, {"books", "R", "ops"}}},
	} {
		var got []touch
		for _, pl := range f.PersonDuties(tt.person) {
			got = append(got, touch{pl.Duty.ID, pl.Letters, name(pl.Via)})
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("PersonDuties(%s) (-want +got):\n%s", tt.person, diff)
		}
	}
}

func TestIsDataPage(t *testing.T) {
	for _, tt := range []struct {
		path string
		want bool
	}{
		{"roles/ops.md", true},
		{"roles/ops.en.md", true},
		{"people/al.md", true},
		{"people/team/al.md", true},
		{"roles/_index.md", false},
		{"people/index.md", false},
		{"guide/roles.md", false},
		{"roles/ops.toml", false},
	} {
		if got := IsDataPage(tt.path); got != tt.want {
			t.Errorf("IsDataPage(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
}
