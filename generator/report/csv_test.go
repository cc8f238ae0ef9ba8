package report

import "testing"

func TestCSVCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{"=SUM(A1)", "'=SUM(A1)"},
		{"+1", "'+1"},
		{"-1", "'-1"},
		{"@x", "'@x"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		// A spreadsheet skips leading spaces before it looks for a formula.
		{" =1+1", "' =1+1"},
		{"   @x", "'   @x"},
		{" plain", " plain"},
		{"plain", "plain"},
		{"", ""},
		{"   ", "   "},
	}
	for _, tt := range tests {
		if got := CSVCell(tt.in); got != tt.want {
			t.Errorf("CSVCell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
