package search

import (
	"encoding/binary"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
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
	got := HTMLText("<p>Refunds &amp; <em>returns</em></p>\n<!-- raw HTML omitted --><ul><li>one</li></ul>")
	if want := "Refunds & returns one"; got != want {
		t.Errorf("HTMLText = %q, want %q", got, want)
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
	pages := searchPages(t, 600)
	var runs [2]*memWriter
	for i := range runs {
		runs[i] = &memWriter{}
		if err := indexed(pages).Write(4, runs[i].write); err != nil {
			t.Fatal(err)
		}
	}
	if len(runs[0].files) < 10 {
		t.Fatalf("the index has %d files, want a manifest and several chunks", len(runs[0].files))
	}
	if diff := cmp.Diff(runs[0].files, runs[1].files); diff != "" {
		t.Errorf("the second write differs (-first +second):\n%s", diff)
	}
}

// searchMaxPos is one more than the largest position a posting holds (position<<4 in
// a uint32).
const searchMaxPos = 1 << 28

// postingsOf reads data as postings dealt to three accumulators, five bytes a posting:
// the first byte's low four bits give a weight (1 to 15) and the next three the
// accumulator (modulo three); the other four bytes give a position, which is absolute
// when the first byte's high bit is set and otherwise a step of -128 to 127 from the
// position before (kept within 0 and searchMaxPos-1), as pages close to each other give.
func postingsOf(data []byte) [3][]uint32 {
	var out [3][]uint32
	pos := 0
	for ; len(data) >= 5; data = data[5:] {
		if data[0]&0x80 != 0 {
			pos = int(binary.LittleEndian.Uint32(data[1:]) % searchMaxPos)
		} else {
			pos = min(max(pos+int(int8(data[1])), 0), searchMaxPos-1)
		}
		acc := &out[(data[0]>>4&7)%3]
		*acc = append(*acc, uint32(pos)<<4|uint32(1+(data[0]&15)%15))
	}
	return out
}

// posting returns the five bytes postingsOf reads as an absolute position, a weight
// and an accumulator.
func posting(pos uint32, w, acc uint8) []byte {
	return binary.LittleEndian.AppendUint32([]byte{0x80 | acc<<4 | (w - 1)}, pos)
}

// step returns the five bytes postingsOf reads as a step from the position before, a
// weight and an accumulator.
func step(d int8, w, acc uint8) []byte {
	return []byte{acc<<4 | (w - 1), byte(d), 0, 0, 0}
}

// FuzzSearchPostings checks that postings read back as they were appended, sorted (an
// accumulator gets pages a little out of order), and that the postings of several
// accumulators merge in order.
func FuzzSearchPostings(f *testing.F) {
	seeds := [][]byte{
		posting(0, 1, 0),
		posting(searchMaxPos-1, 15, 0),
		slices.Concat(posting(0, 8, 0), step(1, 15, 0), step(1, 1, 0), step(3, 9, 0), step(4, 2, 0), step(-4, 3, 0), step(-5, 4, 0)),
		slices.Concat(posting(1<<27, 7, 0), step(-128, 8, 0), step(127, 9, 0), posting(0, 15, 0), posting(searchMaxPos-1, 1, 0), posting(0, 2, 0)),
		slices.Concat(posting(511, 1, 0), posting(0, 1, 0), posting(512, 15, 0), posting(1023, 15, 0), posting(1, 15, 0)),
		slices.Concat(posting(5, 3, 0), step(0, 4, 0)), // the same page twice: not in an index, but still encoded
		// Two workers: pages alternate between accumulators, now and then out of order.
		slices.Concat(posting(0, 1, 0), step(1, 2, 1), step(1, 3, 0), step(2, 4, 0), step(-1, 5, 1), step(3, 6, 2), step(-1, 7, 1)),
		slices.Concat(posting(9, 1, 2), step(-1, 2, 1), step(-1, 3, 0), step(-1, 4, 2), step(-1, 5, 1), step(-1, 6, 0)),
	}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		runs := postingsOf(data)
		var list []uint32
		var ends []int
		for _, run := range runs {
			b := packPostings(run) // as an accumulator appends them
			if len(b) > 5*len(run) {
				t.Errorf("%d postings take %d bytes, want at most 5 each", len(run), len(b))
			}
			got := appendPostings([]uint32{1<<32 - 1}, b) // what is there stays there
			if diff := cmp.Diff(append([]uint32{1<<32 - 1}, slices.Sorted(slices.Values(run))...), got); diff != "" {
				t.Fatalf("postings %v read back (-want +got):\n%s", run, diff)
			}
			list = appendPostings(list, b)
			ends = append(ends, len(list))
		}
		want := slices.Sorted(slices.Values(slices.Concat(runs[:]...)))
		got, _ := mergeRuns(list, []uint32{7}, ends)
		if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("postings %v merged (-want +got):\n%s", runs, diff)
		}
	})
}

// TestSearchPostingSize checks how many bytes a posting takes by the distance from the
// page before.
func TestSearchPostingSize(t *testing.T) {
	tests := []struct {
		prev, page uint32
		want       int
	}{
		{0, 1, 1}, // position 0, the first posting
		{10, 11, 1},
		{10, 13, 1},
		{10, 14, 2},
		{10, 6, 1}, // four back
		{10, 5, 2},
		{1000, 1511, 2},
		{1000, 1512, 3},
		{0, 50000, 3},
		{0, searchMaxPos, 5},
		{searchMaxPos, 1, 5},
	}
	for _, tt := range tests {
		for w := uint8(1); w <= 15; w++ {
			if got := len(appendPosting(nil, tt.prev, tt.page, w)); got != tt.want {
				t.Errorf("page %d after %d, weight %d: %d bytes, want %d", tt.page, tt.prev, w, got, tt.want)
			}
		}
	}
}

// TestSearchAddOrder adds pages in a shuffled order, each to one of three accumulators
// in turn, as workers that finish in any order do: the index written must be the one
// written when the pages are added in order.
func TestSearchAddOrder(t *testing.T) {
	pages := searchPages(t, 300)
	want := &memWriter{}
	if err := indexed(pages).Write(2, want.write); err != nil {
		t.Fatal(err)
	}
	got := &memWriter{}
	if err := workerIndex(pages, rand.New(rand.NewPCG(1, 2)).Perm(len(pages)), 3).Write(3, got.write); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want.files, got.files); diff != "" {
		t.Errorf("the index of shuffled pages differs (-in order +shuffled):\n%s", diff)
	}
}

// TestReindexedAlike pins when a term's packed postings stand after documents were
// indexed again: their postings at the positions not kept must be exactly the fresh ones.
func TestReindexedAlike(t *testing.T) {
	p := func(pos, w uint32) uint32 { return pos<<4 | w }
	old := packPostings([]uint32{p(0, 1), p(2, 3), p(5, 1), p(9, 2)})
	kept := func(dropped ...int) []int32 {
		np := make([]int32, 10)
		for i := range np {
			np[i] = int32(i)
		}
		for _, d := range dropped {
			np[d] = -1
		}
		return np
	}
	for _, tc := range []struct {
		name   string
		newPos []int32
		fresh  []uint32
		want   bool
	}{
		{"the page indexed again gives the same posting", kept(5), []uint32{p(5, 1)}, true},
		{"two pages, the same postings", kept(2, 9), []uint32{p(2, 3), p(9, 2)}, true},
		{"another weight", kept(5), []uint32{p(5, 2)}, false},
		{"the page no longer has the term", kept(5), nil, false},
		{"no page that has the term was indexed again", kept(4), nil, true},
		{"the page now has the term", kept(4), []uint32{p(4, 1)}, false},
		{"a dropped page had it and was not indexed again", kept(2, 5), []uint32{p(5, 1)}, false},
		{"a fresh posting at a kept position", kept(5), []uint32{p(5, 1), p(6, 1)}, false},
		{"a position beyond the documents", kept(5)[:6], []uint32{p(5, 1)}, false},
	} {
		if got := reindexedAlike(old, tc.newPos, tc.fresh); got != tc.want {
			t.Errorf("%s: reindexedAlike = %v, want %v", tc.name, got, tc.want)
		}
	}
}
