package render

import (
	"html/template"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func terms(s string) []string {
	var out []string
	searchTerms(searchFold(s), func(t string) { out = append(out, t) })
	return out
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
