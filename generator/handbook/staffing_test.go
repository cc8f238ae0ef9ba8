package handbook

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/rolebook/rolebook/generator/diag"
)

// staffing uses every staffing key once, in each of its forms.
const staffing = `
-- content/stages.toml --
[start]
title = "Start"
max_people = 3
roles = ["service", "ops"]
[start.headcount]
service = 1
-- content/duties/service.toml --
[chat]
title = "Answer chats"
accountable = "ops"
responsible = ["service"]
coverage = { shifts = ["09:00-17:30", "13:30-22:00"], days = 7 }
peak = { weeks = [45, 46], people = 2 }
backup = "ops"

[night]
title = "Night watch"
accountable = "ops"
responsible = ["service"]
coverage = { shifts = ["22:00-06:00"], days = 5, people = 2 }

[returns]
title = "Returns"
accountable = "ops"
responsible = ["service"]
effort = 10
accountable_share = 0.25
backup = "ann"
[[returns.peak]]
weeks = [47]
effort = 30
[[returns.peak]]
weeks = [1, 2]
effort = 20
-- content/roles/service.md --
+++
title = "Service"
headcount = 2
+++
-- content/roles/ops.md --
+++
title = "Ops"
+++
-- content/people/ann.md --
+++
name = "Ann"
roles = ["service"]
assessed = 2025-03-01
[share]
service = 0.6
+++
-- content/people/bo.md --
+++
name = "Bo"
roles = ["service"]
[assessed]
care = "2024-11-30"
+++
`

// TestStaffingKeys decodes every staffing key. The hours, by hand: chat runs 8.5 + 8.5
// = 17 hours a day, 7 days, one person a shift: 119 hours a week; in weeks 45 and 46
// two people a shift: 238. The night shift runs past midnight: 8 hours x 5 days x 2
// people = 80.
func TestStaffingKeys(t *testing.T) {
	h, diags := decodeArchive(t, staffing, Options{})
	if len(diags) != 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	chat, night, returns := h.Duty("chat"), h.Duty("night"), h.Duty("returns")
	type got struct {
		Effort, Night, ChatPeak, ChatOrdinary, Returns47, Returns2, Returns3 float64
		Share                                                                *float64
		Backups                                                              []string
		Weeks                                                                [][]int
	}
	quarter := 0.25
	want := got{119, 80, 238, 119, 30, 20, 10, &quarter, []string{"ops", "ann"}, [][]int{{47}, {1, 2}}}
	g := got{chat.Effort, night.Effort, chat.EffortInWeek(46), chat.EffortInWeek(44), returns.EffortInWeek(47),
		returns.EffortInWeek(2), returns.EffortInWeek(3), returns.AccountableShare, []string{chat.Backup, returns.Backup}, nil}
	for _, p := range returns.Peaks {
		g.Weeks = append(g.Weeks, p.Weeks)
	}
	if diff := cmp.Diff(want, g); diff != "" {
		t.Errorf("duties (-want +got):\n%s", diff)
	}
	if chat.AccountableShare != nil {
		t.Errorf("chat has an accountable share %v, want none", *chat.AccountableShare)
	}

	ann, bo := h.Person("ann"), h.Person("bo")
	if diff := cmp.Diff([]RoleShare{{Role: "service", Share: 0.6}}, ann.Shares, cmpopts.IgnoreFields(RoleShare{}, "Pos")); diff != "" {
		t.Errorf("ann's shares (-want +got):\n%s", diff)
	}
	day := func(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }
	for _, tt := range []struct {
		p      *Person
		skill  string
		want   time.Time
		wantOK bool
	}{
		{ann, "care", day("2025-03-01"), true}, // the date for every skill
		{bo, "care", day("2024-11-30"), true},
		{bo, "sales", time.Time{}, false},
	} {
		d, _, ok := tt.p.AssessedOn(tt.skill)
		if !d.Equal(tt.want) || ok != tt.wantOK {
			t.Errorf("%s.AssessedOn(%q) = %v, %v; want %v, %v", tt.p.ID, tt.skill, d, ok, tt.want, tt.wantOK)
		}
	}
	if got := [2]int{h.HeadcountAt("service", "start"), h.HeadcountAt("ops", "start")}; got != [2]int{1, 1} {
		t.Errorf("HeadcountAt(service, ops) = %v, want [1 1]", got)
	}
	if got := h.HeadcountAt("service", "nowhere"); got != 2 {
		t.Errorf("HeadcountAt(service) without a stage = %d, want the role's 2", got)
	}
}

// TestStaffingKeyErrors checks the errors of the staffing keys and their positions.
func TestStaffingKeyErrors(t *testing.T) {
	const archive = `
-- content/stages.toml --
[start]
title = "Start"
roles = ["service"]
headcount = { service = 0 }
-- content/duties/service.toml --
[chat]
title = "Chat"
accountable = "service"
responsible = ["service"]
effort = 3
coverage = { shifts = ["9-17", "09:00-09:00"], days = 8, peple = 2 }
peak = { weeks = [45, 53], effort = 4 }

[returns]
title = "Returns"
accountable = "service"
responsible = ["service"]
effort = 10
accountable_share = 1.5
peak = [{ weeks = [47], people = 2 }, { weeks = [47], effort = 3 }, { efort = 3 }]
backup = 3

# 24:00 ends a day and starts none; a week listed twice in one peak.
[night]
title = "Night"
accountable = "service"
responsible = ["service"]
coverage = { shifts = ["24:00-00:00"] }

[stock]
title = "Stock"
accountable = "service"
responsible = ["service"]
effort = 2
peak = { weeks = [10, 10], effort = 5 }

# A coverage with errors: its peak is not read as if the duty had none.
[rota]
title = "Rota"
accountable = "service"
responsible = ["service"]
coverage = ["09:00-17:00"]
peak = { weeks = [12], people = 2 }
-- content/people/ann.md --
+++
name = "Ann"
share = { service = 1.2 }
assessed = "last spring"
+++
-- content/roles/service.md --
+++
title = "Service"
+++
`
	_, diags := decodeArchive(t, archive, Options{})
	var got []string
	for _, d := range diags {
		got = append(got, d.Pos.String()+" "+d.Message)
	}
	want := []string{
		`content/duties/service.toml:5:1 duty "chat" has both effort and coverage`,
		`content/duties/service.toml:6:24 shift 1 of duty "chat" must be a time range "HH:MM-HH:MM", not the string "9-17"`,
		`content/duties/service.toml:6:32 shift 2 of duty "chat" must be a time range "HH:MM-HH:MM", not the string "09:00-09:00"`,
		`content/duties/service.toml:6:48 coverage.days of duty "chat" must be a whole number of days a week, 1 to 7, not 8`,
		`content/duties/service.toml:6:58 unknown key "peple" in coverage of duty "chat"`,
		`content/duties/service.toml:7:23 week 53 in the peak of duty "chat" is not a week number from 1 to 52`,
		`content/duties/service.toml:7:28 the peak of duty "chat" gives effort, but the duty's hours come from its coverage`,
		`content/duties/service.toml:14:1 accountable_share of duty "returns" must be a share from 0 to 1, not the decimal number 1.5`,
		`content/duties/service.toml:15:25 the peak of duty "returns" gives people, but the duty has no coverage`,
		`content/duties/service.toml:15:50 week 47 is in two peaks of duty "returns"`,
		`content/duties/service.toml:15:69 the peak of duty "returns" has no weeks`,
		`content/duties/service.toml:15:71 unknown key "efort" in the peak of duty "returns"`,
		`content/duties/service.toml:16:1 backup of duty "returns" must be a string, not 3`,
		`content/duties/service.toml:23:24 shift 1 of duty "night" must be a time range "HH:MM-HH:MM", not the string "24:00-00:00"`,
		`content/duties/service.toml:30:23 week 10 is listed twice in the peak of duty "stock"`,
		`content/duties/service.toml:37:1 coverage of duty "rota" must be a table, not a list`,
		`content/people/ann.md:3:11 share of "service" of person "ann" must be a share above 0 and at most 1, not the decimal number 1.2`,
		`content/people/ann.md:4:1 assessed of person "ann" must be a date, not the string "last spring"`,
		`content/stages.toml:4:15 headcount of "service" of stage "start" must be a whole number, 1 or more, not 0`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("diagnostics (-want +got):\n%s\n%s", diff, strings.Join(got, "\n"))
	}
	for _, d := range diags {
		if d.Severity != diag.Error || strings.TrimSpace(d.Hint) == "" {
			t.Errorf("%v: want an error with a hint", d)
		}
	}
}
