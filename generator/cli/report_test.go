package cli

import (
	"bytes"
	"github.com/rolebook/rolebook/internal/synthetic"
	"path/filepath"
	"testing"
)

// TestReportExitCodes checks the exit statuses of report and diff: 0 ok, 1 when a
// handbook has errors, 2 for a wrong argument.
func TestReportExitCodes(t *testing.T) {
	dir := t.TempDir()
	write := func(root, name, text string) {
		if err := synthetic.WriteFiles(root, map[string]string{name: text}); err != nil {
			t.Fatal(err)
		}
	}
	write(dir, "config.toml", "title = \"T\"\n")
	write(dir, "content/roles/seller.md", "+++\ntitle = \"Seller\"\n+++\n")
	write(dir, "content/people/ann.md", "+++\nname = \"Ann\"\nroles = [\"seller\"]\n+++\n")
	write(dir, "content/duties/shop.toml", "[sell]\ntitle = \"Sell\"\naccountable = \"seller\"\nresponsible = [\"seller\"]\n")
	bad := t.TempDir()
	write(bad, "content/duties/shop.toml", "[sell]\ntitle = \"Sell\"\naccountable = \"nobody\"\n")
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"report", []string{"report", "-s", dir}, ExitOK},
		{"report json", []string{"report", "-s", dir, "--format", "json"}, ExitOK},
		{"what-if", []string{"report", "-s", dir, "--what-if", "people/ann.md=leave"}, ExitOK},
		{"two folders", []string{"diff", dir, dir}, ExitOK},
		{"bad format", []string{"report", "-s", dir, "--format", "xml"}, ExitUsage},
		{"what-if without change", []string{"report", "-s", dir, "--what-if", "people/ann.md"}, ExitUsage},
		{"what-if unknown person", []string{"report", "-s", dir, "--what-if", "people/bob.md=leave"}, ExitUsage},
		{"what-if not a person", []string{"report", "-s", dir, "--what-if", "roles/seller.md=leave"}, ExitUsage},
		{"report with errors", []string{"report", "-s", bad}, ExitError},
		{"diff with errors", []string{"diff", bad, dir}, ExitError},
		{"diff no arguments", []string{"diff", "-s", dir}, ExitUsage},
		{"diff three arguments", []string{"diff", dir, dir, dir}, ExitUsage},
		{"diff missing folder", []string{"diff", filepath.Join(dir, "nope"), dir}, ExitUsage},
		{"diff bad format", []string{"diff", dir, dir, "--format", "csv"}, ExitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if got := Main(tt.args, &out, &errb); got != tt.want {
				t.Errorf("Main(%q) = %d, want %d\nstderr: %s", tt.args, got, tt.want, errb.String())
			}
		})
	}
}
