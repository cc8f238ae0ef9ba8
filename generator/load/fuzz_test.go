package load

import (
	"bytes"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// seeds are realistic handbook files: role and person pages, duty and stage data.
var seeds = []string{
	"+++\ntitle = { zh = \"运营\", en = \"Operations\" }\narea = \"shop\"\nstage = \"start\"\nheadcount = 1\nnext = [\"shop-lead\"]\nonboarding = [\n  \"Read the handbook\",\n  \"Meet the team\",\n]\n[skills]\nmerchandising = 3\n[preferred]\nbookkeeping = 1\n+++\n# Operations\n\nRuns the shop.\n",
	"+++\r\nname = \"Li Wei\"\r\nroles = [\"after-sales\"]\r\ncapacity = 0.5\r\nstarted = 2023-04-01\r\n[skills]\r\ncustomer-care = 4\r\n+++\r\nBio.\r\n",
	"\uFEFF---\ntitle: 售后客服\ntags: [service, 退款]\nskills:\n  customer-care: 3\n---\nBody\n",
	"{\n  \"title\": \"Handbook\",\n  \"weight\": 1,\n  \"aliases\": [\"/old\"]\n}\nBody\n",
	"[refund-requests]\ntitle = { zh = \"处理退款申请\", en = \"Handle refund requests\" }\ncadence = \"daily\"\neffort = 6\naccountable = \"after-sales\"\nresponsible = [\"after-sales\"]\nconsulted = [\"finance\"]\ninformed = [\"operations\"]\n",
	"[start]\ntitle = \"1-3 people\"\nmax_people = 3\nroles = [\"operations\", \"designer\", \"service\"]\n[start.covers]\nfinance = \"operations\"\n\n[[start.steps]]\nnotes = \"\"\"\nmany\nlines\n\"\"\"\n",
	"+++\ntitle = \"unclosed\n",
	"+++\na = 1\na = 2\n+++\n",
	"",
	// Nested past the limit (DefaultMaxNesting): an error, never a crash.
	"x = " + strings.Repeat("{a=", 120) + "1" + strings.Repeat("}", 120) + "\n",
	"x = " + strings.Repeat("[", 150) + strings.Repeat("]", 150) + "\n",
	"[" + strings.Repeat("a.", 120) + "b]\n",
	"+++\n" + strings.Repeat("a.", 120) + "b = 1\n+++\n",
}

func FuzzSplit(f *testing.F) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		const file = "content/roles/x.md"
		front, body, bodyLine, diags := Split(file, src)
		n := lineCount(src)
		checkPositions(t, file, front, diags.Items(), 1, n)
		if !bytes.HasSuffix(src, body) {
			t.Errorf("body %q is not the end of the file", body)
		}
		if bodyLine < 1 || bodyLine > n+1 || (len(body) > 0 && bodyLine > n) {
			t.Errorf("bodyLine = %d, file has %d lines", bodyLine, n)
		}
		if len(body) > 0 {
			// The body's first line is line bodyLine: the lines before it hold
			// exactly bodyLine-1 newlines.
			head := bytes.TrimPrefix(src[:len(src)-len(body)], []byte(bom))
			if got := bytes.Count(head, []byte{'\n'}) + 1; got != bodyLine && bytes.HasSuffix(head, []byte{'\n'}) {
				t.Errorf("body starts on line %d, bodyLine = %d", got, bodyLine)
			}
		}
	})
}

func FuzzDecodeTOML(f *testing.F) {
	for _, s := range seeds {
		f.Add([]byte(s), uint8(0))
		f.Add([]byte(s), uint8(4))
	}
	f.Fuzz(func(t *testing.T, src []byte, first uint8) {
		const file = "content/duties/x.toml"
		firstLine := int(first%8) + 1
		doc, diags := DecodeTOML(file, src, firstLine)
		checkPositions(t, file, doc, diags.Items(), firstLine, firstLine+lineCount(src)-1)
		if doc == nil && diags.Len() == 0 {
			t.Error("no Doc and no diagnostic")
		}
		if doc != nil && diags.Len() > 0 {
			t.Errorf("a Doc and diagnostics %v", diags)
		}
	})
}

// simpleSeeds are front matter made of top-level keys with simple values, which
// decodeTOML reads without BurntSushi/toml (simple), and near misses that it leaves to
// BurntSushi/toml.
var simpleSeeds = []struct {
	src    string
	simple bool
}{
	{"title = \"Page 000001\"\nweight = 761\ntags = [\"benefits\", \"payroll\"]\nrole = \"R-0132\"\n", true},
	{"title = 'literal \\ string'\ndraft = true\nhidden = false\nempty = []\nnested = [[1, 2], [\"a\"], []]\n", true},
	{"a = +0\nb = -0\nc = -9223372036854775808\nd = 9223372036854775807\n", true},
	{"a = \"tab\there\"\n# a comment\nb = [ # comment\n  1,\n  2, # two\n]\n", true},
	{"a = 1\r\nb = \"crlf\"\r\n", true},
	{"a = [1, \"mixed\", true]\n", true},
	{"a = \"中文标题\"\n", true},
	{"# only a comment\n", true},
	{"", true},
	{"a = 9223372036854775808\n", false},
	{"a = 007\n", false},
	{"a = 1_000\n", false},
	{"a = 0x1f\n", false},
	{"a = 1.5\nb = inf\n", false},
	{"a = \"escape \\u00e9\"\n", false},
	{"a = \"\"\"\nmulti\n\"\"\"\n", false},
	{"\"quoted key\" = 1\n", false},
	{"a.b = 1\n", false},
	{"a = 1\rb = 2\n", false},
	{"a = \"nul \x00\"\n", false},
	{"a = \"del \x7f\"\n", false},
	{"a = 1\na = 2\n", false},
	{"0=nan\n", false},
	{"a = 2024-03-01\n", false},
	{"a = { b = 1 }\n", false},
	{"a = 1 b = 2\n", false},
	{"[table]\na = 1\n", false},
}

// FuzzSimpleTOML checks that decodeTOML returns what BurntSushi/toml decodes for every
// document it accepts, whether or not it read the values without BurntSushi/toml.
func FuzzSimpleTOML(f *testing.F) {
	for _, s := range simpleSeeds {
		f.Add([]byte(s.src))
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		var dec decoder
		doc, _ := dec.decodeTOML("x.toml", src, 1)
		if doc == nil {
			return
		}
		want, err := decodeBurntSushi(stripBOM(src))
		if err != nil {
			t.Fatalf("decodeTOML(%q) accepts the document, BurntSushi/toml: %v", src, err)
		}
		normalizeMap(want)
		if diff := cmp.Diff(doc.Data, want, cmpopts.EquateNaNs()); diff != "" {
			t.Errorf("decodeTOML(%q) values (-got +want):\n%s", src, diff)
		}
	})
}

// FuzzTOMLNesting checks that the nesting CheckTOMLNesting measures bounds the depth
// of what the decoder returns: a document it lets through at limit L holds no value
// deeper than 2L (an array of tables inside a [table] name counts once, not twice:
// see CheckTOMLNesting), so the decoders' recursion is bounded by the limit; and
// that it does not overcount, refusing a document that is not as deep as it says.
func FuzzTOMLNesting(f *testing.F) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	for _, s := range simpleSeeds {
		f.Add([]byte(s.src))
	}
	f.Add([]byte("[[a]]\n[a.b]\nc = [{d = [1]}]\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		// The smallest limit that lets the document through (DefaultMaxNesting+1 when
		// none up to DefaultMaxNesting does): a document that passes at one limit
		// passes at every larger one.
		limit := 1 + sort.Search(DefaultMaxNesting, func(i int) bool {
			off, _ := tomlNesting(src, i+1)
			return off < 0
		})
		doc, _ := DecodeTOML("x.toml", src, 1)
		if doc == nil {
			return
		}
		if d := depth(doc.Data); d > 2*limit {
			t.Errorf("the document holds values %d deep; the scan let it through at a limit of %d", d, limit)
		}
		// Nor does it count more levels than there are: a shallow document passes.
		if d := depth(doc.Data); limit > max(d, 1) {
			t.Errorf("the document holds values %d deep; the scan needs a limit of %d to let it through", d, limit)
		}
	})
}

// depth is the length of the longest key path in v (a map is at depth 0).
func depth(v any) int {
	d := 0
	switch v := v.(type) {
	case map[string]any:
		for _, x := range v {
			d = max(d, 1+depth(x))
		}
	case []any:
		for _, x := range v {
			d = max(d, 1+depth(x))
		}
	}
	return d
}
