package render

import (
	"html/template"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/unicode/norm"
)

func terms(s string) []string {
	var out []string
	searchTerms(searchFoldTo(nil, s), func(t []byte) { out = append(out, string(t)) })
	return out
}

// refFold, refIsCJK, refIsWordRune and refTerms are the plain definitions of the index's
// folding and terms, which the code in search.go must match exactly.
func refFold(s string) string {
	s = strings.ToLower(norm.NFKC.String(s))
	if strings.Contains(s, "ς") {
		s = strings.ReplaceAll(s, "ς", "σ")
	}
	return s
}

func refIsCJK(r rune) bool {
	return r >= 0x1100 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r) || r == 'ー')
}

func refIsWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

func refTerms(s string) []string {
	var out []string
	word, prev := -1, -1
	flush := func(end int) {
		if word >= 0 {
			if w := s[word:end]; len(w) <= searchMaxTermBytes && utf8.RuneCountInString(w) >= 2 {
				out = append(out, w)
			}
			word = -1
		}
	}
	for i, r := range s {
		switch {
		case refIsCJK(r):
			flush(i)
			end := i + utf8.RuneLen(r)
			out = append(out, s[i:end])
			if prev >= 0 {
				out = append(out, s[prev:end])
			}
			prev = i
		case refIsWordRune(r):
			prev = -1
			if word < 0 {
				word = i
			}
		default:
			prev = -1
			flush(i)
		}
	}
	flush(len(s))
	return out
}

// TestSearchRuneClasses checks the shortcuts of isCJK, isWordRune and noCase on every
// rune.
func TestSearchRuneClasses(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune+1; r++ {
		if got, want := isCJK(r), refIsCJK(r); got != want {
			t.Errorf("isCJK(%U) = %v, want %v", r, got, want)
		}
		if got, want := isWordRune(r), refIsWordRune(r); got != want {
			t.Errorf("isWordRune(%U) = %v, want %v", r, got, want)
		}
		if noCase(r) && unicode.ToLower(r) != r {
			t.Errorf("noCase(%U), but its lower case is %U", r, unicode.ToLower(r))
		}
	}
	for c := 0; c < utf8.RuneSelf; c++ {
		if got, want := isASCIIWord(byte(c)), refIsWordRune(rune(c)); got != want {
			t.Errorf("isASCIIWord(%q) = %v, want %v", rune(c), got, want)
		}
	}
}

// FuzzSearchFold checks folding and terms against the plain definitions, and that a
// buffer reused from a longer text leaves no trace.
func FuzzSearchFold(f *testing.F) {
	for _, s := range []string{
		"Refund requests, 2024!", "运营总监", "ＲＯＬＥ　１２", "ΟΔΟΣ ς", "データ", "한국어 문서",
		"café naïve", "e\u0301 A\u030a", "İstanbul Ⱥ ẞ K Ω", "\xff\xfeA", "ǅ ﬁ ㎏ ① ⅷ",
		strings.Repeat("x", searchMaxTermBytes+1) + " ok", "所有设备归公司所有，离职时须归还。 Insurance",
		"Zoë Ångström o\u0308\u0301 ABCDEFGHIJKLMNOPQRSTUVWXYZ@[`{ \u1100\u1161\u11a8 가\u11a8",
		"a" + strings.Repeat("\u0301", 40) + "B" + strings.Repeat("\u0323\u0301", 20) + "ＡＢ",
	} {
		f.Add(s, "Previous TEXT, longer than most seeds: 运营总监 ΟΔΟΣ")
	}
	pages, err := filepath.Glob(filepath.Join("..", "..", "content", "*", "*.md")) // the example handbook
	if err != nil || len(pages) == 0 {
		f.Fatalf("no pages of the example handbook: %v", err)
	}
	for _, name := range pages {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b), "")
	}
	f.Fuzz(func(t *testing.T, s, before string) {
		want := refFold(s)
		if got := searchFold(s); got != want {
			t.Fatalf("searchFold(%q) = %q, want %q", s, got, want)
		}
		buf := searchFoldTo(nil, before)
		if got := string(searchFoldTo(buf, s)); got != want {
			t.Fatalf("searchFoldTo(buf, %q) after %q = %q, want %q", s, before, got, want)
		}
		if diff := cmp.Diff(refTerms(want), terms(s)); diff != "" {
			t.Fatalf("terms of %q (-want +got):\n%s", s, diff)
		}
		var raw []string // unfolded text, invalid UTF-8 included
		searchTerms([]byte(s), func(t []byte) { raw = append(raw, string(t)) })
		if diff := cmp.Diff(refTerms(s), raw); diff != "" {
			t.Fatalf("searchTerms(%q) (-want +got):\n%s", s, diff)
		}
	})
}

func TestSearchTerms(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Refund requests, 2024!", []string{"refund", "requests", "2024"}},
		{"a I x-ray", []string{"ray"}}, // one-letter words are left out
		{"运营总监", []string{"运", "营", "运营", "总", "营总", "监", "总监"}},
		{"A/B测试 OK", []string{"测", "试", "测试", "ok"}},
		{"ＲＯＬＥ　１２", []string{"role", "12"}},                             // full-width folds to ASCII
		{"ΟΔΟΣ", []string{"οδοσ"}},                                      // final sigma as sigma
		{"データ", []string{"デ", "ー", "デー", "タ", "ータ"}},                    // the prolonged sound mark is kana
		{"한국어 문서", []string{"한", "국", "한국", "어", "국어", "문", "서", "문서"}}, // Hangul by bigrams too
		{strings.Repeat("x", searchMaxTermBytes+1) + " ok", []string{"ok"}},
		{"café naïve", []string{"café", "naïve"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, terms(tt.in)); diff != "" {
			t.Errorf("terms of %q (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestCmpUTF16(t *testing.T) {
	// JavaScript sorts "\uffff" after "𝒜" (U+1D49C, a surrogate pair starting 0xD835);
	// Go's byte order would put it before.
	in := []string{"\uffff", "𝒜", "z", "运营", "", "运", "a"}
	slices.SortFunc(in, cmpUTF16)
	want := []string{"", "a", "z", "运", "运营", "𝒜", "\uffff"}
	if diff := cmp.Diff(want, in); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
}

func TestExcerpt(t *testing.T) {
	long := strings.Repeat("word ", 100)
	got := excerpt(long, 50)
	if !strings.HasSuffix(got, "…") || utf8.RuneCountInString(got) > 51 || strings.Contains(got, "wor…") {
		t.Errorf("excerpt(long, 50) = %q, want whole words and an ellipsis", got)
	}
	cjk := strings.Repeat("运营", 200)
	if got := excerpt(cjk, 10); got != strings.Repeat("运营", 5)+"…" {
		t.Errorf("excerpt(cjk, 10) = %q", got)
	}
	if got := excerpt("short", 10); got != "short" {
		t.Errorf("excerpt(short) = %q", got)
	}
}

func TestHTMLText(t *testing.T) {
	got := htmlText(template.HTML("<p>Refunds &amp; <em>returns</em></p>\n<!-- raw HTML omitted --><ul><li>one</li></ul>"))
	if want := "Refunds & returns one"; got != want {
		t.Errorf("htmlText = %q, want %q", got, want)
	}
}

// SearchClause is one part of a query that must match, as search.js splits a query.
type SearchClause struct {
	Term   string
	Prefix bool
}

// ParseSearchQuery splits a query as search.js's parse does, for the external tests.
func ParseSearchQuery(q string) []SearchClause {
	var out []SearchClause
	var run []string
	word := ""
	endWord := func() {
		if utf8.RuneCountInString(word) >= 2 {
			out = append(out, SearchClause{word, true})
		}
		word = ""
	}
	endRun := func() {
		if len(run) == 1 {
			out = append(out, SearchClause{run[0], false})
		}
		for i := 1; i < len(run); i++ {
			out = append(out, SearchClause{run[i-1] + run[i], false})
		}
		run = run[:0]
	}
	for _, r := range searchFold(q) {
		switch {
		case isCJK(r):
			endWord()
			run = append(run, string(r))
		case isWordRune(r):
			endRun()
			word += string(r)
		default:
			endWord()
			endRun()
		}
	}
	endWord()
	endRun()
	return out
}

// CompareSearchTerms orders terms as the index and JavaScript do.
func CompareSearchTerms(a, b string) int { return cmpUTF16(a, b) }

// TestSearchWriteDeterministic writes one index twice: the workers that compress the
// chunks finish in another order each time, the files must not differ.
func TestSearchWriteDeterministic(t *testing.T) {
	pages, texts := searchPages(t, 600)
	var runs [2]*memWriter
	for i := range runs {
		runs[i] = &memWriter{}
		r := indexedRenderer(pages, texts, runs[i])
		r.writeSearch()
		if r.diags.Len() > 0 {
			t.Fatal(r.diags)
		}
	}
	if len(runs[0].files) < 10 {
		t.Fatalf("the index has %d files, want a manifest and several chunks", len(runs[0].files))
	}
	if diff := cmp.Diff(runs[0].files, runs[1].files); diff != "" {
		t.Errorf("the second write differs (-first +second):\n%s", diff)
	}
}
