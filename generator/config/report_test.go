package config

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestReportSettings checks the defaults of [report], values from the file and from
// the environment.
func TestReportSettings(t *testing.T) {
	cfg, _, err := Load(Options{Source: writeConfig(t, ""), Env: env(nil)})
	if err != nil {
		t.Fatal(err)
	}
	want := Report{HoursPerWeek: 40, LoadThreshold: 85, MinFit: 60, AccountableShare: 0.1,
		AssessedMaxAge: 12, MaxAssignment: DefaultMaxAssignment}
	if diff := cmp.Diff(want, cfg.Report, cmp.Comparer(func(a, b []string) bool { return len(a) == 0 && len(b) == 0 || cmp.Equal(a, b) })); diff != "" {
		t.Errorf("defaults (-want +got):\n%s", diff)
	}

	dir := writeConfig(t, `[report]
hours_per_week = 37.5
load_threshold = 90
min_fit = 50
pinned = ["lin-xiao"]
owner = "lin-xiao"
interest_weight = 10
allow_training = true
accountable_share = 0.2
assessed_max_age = 6
max_roles = 2
max_assignment = 1000
`)
	cfg, _, err = Load(Options{Source: dir, Env: env(map[string]string{"ROLEBOOK_REPORT_MIN_FIT": "55.5"})})
	if err != nil {
		t.Fatal(err)
	}
	want = Report{HoursPerWeek: 37.5, LoadThreshold: 90, MinFit: 55.5, Pinned: []string{"lin-xiao"}, Owner: "lin-xiao",
		InterestWeight: 10, AllowTraining: true, AccountableShare: 0.2, AssessedMaxAge: 6, MaxRoles: 2, MaxAssignment: 1000}
	if diff := cmp.Diff(want, cfg.Report); diff != "" {
		t.Errorf("settings (-want +got):\n%s", diff)
	}
}

// TestReportErrors checks that every bad [report] value is a diagnostic at its key.
func TestReportErrors(t *testing.T) {
	text := `[report]
hours_per_week = 0
load_threshold = "high"
min_fit = 120
pinned = "lin-xiao"
interest_weight = -1
accountable_share = 2
assessed_max_age = -3
max_roles = -1
max_assignment = 0
minfit = 3
`
	_, diags, err := Load(Options{Source: writeConfig(t, text), Env: env(nil)})
	got := strings.Join(lines(t, diags, err), "\n")
	for _, w := range []string{
		`config.toml:2:1: error: report.hours_per_week`,
		`config.toml:3:1: error: report.load_threshold`,
		`config.toml:4:1: error: report.min_fit`,
		`config.toml:5:1: error: report.pinned`,
		`config.toml:6:1: error: report.interest_weight`,
		`config.toml:7:1: error: report.accountable_share`,
		`config.toml:8:1: error: report.assessed_max_age`,
		`config.toml:9:1: error: report.max_roles`,
		`config.toml:10:1: error: report.max_assignment`,
		`config.toml:11:1: error: unknown key "minfit" in [report]`,
		`did you mean "min_fit"?`,
	} {
		if !strings.Contains(got, w) {
			t.Errorf("diagnostics lack %q:\n%s", w, got)
		}
	}
}
