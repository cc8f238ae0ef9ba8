package load

import (
	"strings"
	"testing"
)

// TestPositionsLinear locates every element of a one-line array of 40,000 items (and
// the keys of a one-line JSON object) and checks that the columns were counted by
// reading the line a bounded number of times, not once per element: the work is
// counted, not timed.
func TestPositionsLinear(t *testing.T) {
	const n = 40000
	tests := []struct {
		name string
		src  string
		json bool
	}{
		{name: "integers", src: "x = [" + strings.Repeat("1, ", n) + "1]\n"},
		{name: "floats", src: "x = [" + strings.Repeat("1.5, ", n) + "1.5]\n"},
		{name: "strings after Chinese text", src: "x = [\"运营\", " + strings.Repeat("\"a\", ", n) + "\"b\"]\n"},
		{name: "inline tables", src: "x = [" + strings.Repeat("{a = 1}, ", n) + "{a = 2}]\n"},
		{name: "JSON keys", src: "{" + jsonKeys(n) + "}\n", json: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var dec decoder
			var doc *Doc
			if tt.json {
				doc, _, _, _ = dec.split("content/x.md", []byte(tt.src))
			} else {
				doc, _ = dec.decodeTOML("content/x.toml", []byte(tt.src), 1)
			}
			if doc == nil {
				t.Fatal("the document did not decode")
			}
			if got, limit := dec.lines.scanned, 2*len(tt.src); got > limit {
				t.Errorf("counting columns read %d bytes of a %d-byte line, want at most %d", got, len(tt.src), limit)
			}
			last := doc.Pos("x", "0")
			if tt.json {
				last = doc.Pos("k1")
			}
			if last.Line != 1 || last.Col < 2 {
				t.Errorf("position of the first element = %v", last)
			}
		})
	}
}

func jsonKeys(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(`"k` + itoa(i) + `": 1`)
	}
	return b.String()
}

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{byte('0' + i%10)}, b...)
	}
	return string(b)
}
