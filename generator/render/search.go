package render

// The search index: built while pages render, written once at the end, queried in the
// browser by theme/assets/search.js without any server.
//
// What a page gives: while a worker renders a page it folds the page's text (NFKC, lower
// case), splits it into terms and appends one posting per distinct term to an
// accumulator that only that worker holds at that moment; it also keeps the page's
// title, URL, kind and a short excerpt. Nothing else of the page is kept, and no lock is
// held while tokenising. Accumulators are merged term by term when every page is done.
//
// Terms: a run of letters, digits and marks outside CJK scripts is one term when it has
// at least two characters (prefix queries make it findable while typing); in Han, kana
// and Hangul text every character is a term and so is every pair of neighbouring
// characters, so that "运营" is found as one bigram and "运" as one unigram without a
// dictionary. search.js splits a query the same way.
//
// The files, per language, under search/ of that language's folder ("search/",
// "en/search/"):
//
//	manifest.json  {"version","lang","docs","perChunk","docChunks":[file...],
//	               "terms":[[first term, file]...]}
//	t-<hash>.gz    a term chunk: gzip of [[term, [doc id deltas], "weights"]...], terms
//	               sorted as JavaScript compares strings (UTF-16 code units); a chunk
//	               holds the terms from its first term up to the next chunk's first
//	               term, so an exact term or a prefix needs one chunk (or a few)
//	d-<hash>.gz    a document chunk: gzip of [[url, title, kind, excerpt]...] for
//	               perChunk consecutive doc ids
//
// A weight is one hexadecimal digit per posting: the term's count on the page (1-7,
// capped) plus 8 when the term is in the title. File names carry a hash of their
// content so browsers may cache them forever; the manifest is fetched with revalidation.
// Every string is written by encoding/json, which escapes <, > and &; search.js only
// ever inserts them as text.

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"html"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/site"
	"golang.org/x/text/unicode/norm"
)

const (
	// searchDocsPerChunk documents share one document chunk: few enough that the ten
	// results shown first cost little, many enough to keep the file count low.
	searchDocsPerChunk = 32
	// searchChunkBytes is the uncompressed size at which a term chunk is closed.
	searchChunkBytes = 48 << 10
	// searchExcerptRunes bounds the stored excerpt of a document.
	searchExcerptRunes = 200
	// searchMaxTermBytes drops longer "words" (hashes, base64) from the index.
	searchMaxTermBytes = 40
)

// The kinds of search documents, as numbers in the document chunks; search.js names
// them with the words of the search form.
const (
	searchKindPage = iota
	searchKindRole
	searchKindDuty
	searchKindPerson
)

// searchIndex collects the index of every language while pages render.
type searchIndex struct {
	langs map[string]*searchLang
}

// searchLang is the index of one language under construction.
type searchLang struct {
	site *site.Site
	pos  map[*site.Page]int // the page's position in site.Pages: its doc order
	docs []searchDoc        // by position; each slot is written by one worker only

	mu   sync.Mutex
	free []*searchAcc
	all  []*searchAcc
}

// searchDoc is what a result shows.
type searchDoc struct {
	ok                  bool
	kind                int
	url, title, excerpt string
}

// searchAcc accumulates postings; one worker at a time uses it.
type searchAcc struct {
	postings map[string][]uint32 // term -> position<<4 | weight, in arrival order
	page     map[string]uint8    // the current page's terms and their weights
}

func newSearchIndex(set *site.Set) *searchIndex {
	x := &searchIndex{langs: make(map[string]*searchLang, len(set.Sites))}
	for _, s := range set.Sites {
		sl := &searchLang{site: s, pos: make(map[*site.Page]int, len(s.Pages)), docs: make([]searchDoc, len(s.Pages))}
		for i, p := range s.Pages {
			sl.pos[p] = i
		}
		x.langs[s.Lang] = sl
	}
	return x
}

func (sl *searchLang) take() *searchAcc {
	sl.mu.Lock()
	defer sl.mu.Unlock()
	if n := len(sl.free); n > 0 {
		a := sl.free[n-1]
		sl.free = sl.free[:n-1]
		return a
	}
	a := &searchAcc{postings: map[string][]uint32{}, page: map[string]uint8{}}
	sl.all = append(sl.all, a)
	return a
}

func (sl *searchLang) put(a *searchAcc) {
	sl.mu.Lock()
	sl.free = append(sl.free, a)
	sl.mu.Unlock()
}

// add indexes one rendered page; text is the plain text of its Markdown body, if any.
// It is safe to call from many workers at once.
func (x *searchIndex) add(lc *langCtx, p *site.Page, d *PageData, text string) {
	if x == nil {
		return
	}
	sl := x.langs[lc.lang]
	if sl == nil {
		return
	}
	pos, ok := sl.pos[p]
	if !ok || p.Hidden {
		return
	}
	kind, body, lead, ok := searchText(lc, p, d, text)
	if !ok {
		return
	}
	sl.docs[pos] = searchDoc{ok: true, kind: kind, url: p.URL, title: p.Title, excerpt: excerpt(lead, searchExcerptRunes)}

	a := sl.take()
	defer sl.put(a)
	clear(a.page)
	count := func(flag uint8) func(string) {
		return func(t string) {
			w := a.page[t]
			if w&7 < 7 {
				w++
			}
			a.page[t] = w | flag
		}
	}
	searchTerms(searchFold(p.Title), count(8))
	searchTerms(searchFold(body), count(0))
	for t, w := range a.page {
		list, ok := a.postings[t]
		if !ok {
			t = strings.Clone(t) // the key must not keep the page's text alive
		}
		a.postings[t] = append(list, uint32(pos)<<4|uint32(w))
	}
}

// searchText returns what is indexed of a page (body, besides the title) and the text
// its excerpt is cut from (lead); ok is false for pages search leaves out.
func searchText(lc *langCtx, p *site.Page, d *PageData, text string) (kind int, body, lead string, ok bool) {
	var b strings.Builder
	add := func(parts ...string) {
		for _, s := range parts {
			if s == "" {
				continue
			}
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(s)
		}
	}
	roles := func(refs []*RoleRef) {
		for _, r := range refs {
			add(r.Title)
		}
	}
	duties := func(refs []*DutyRef) {
		for _, r := range refs {
			add(r.Title)
		}
	}
	skills := func(sv []SkillView) {
		for _, s := range sv {
			add(s.Name)
		}
	}
	switch p.Kind {
	case site.Home, site.Section, site.Single:
		add(p.Description, text)
		return searchKindPage, b.String(), b.String(), true
	case KindRoles, KindPeople, KindMatrix, KindOwners, "assignments", "skills", "stages", "org":
		// The team's overview pages are found by their title and introduction; what
		// they list is found on the pages of its own.
		add(p.Description, text)
		if b.Len() == 0 {
			add(lc.words.T(string(p.Kind) + "_intro"))
		}
		return searchKindPage, b.String(), b.String(), true
	case KindRole:
		rv := d.Role
		if rv == nil {
			return 0, "", "", false
		}
		add(rv.Summary, htmlText(rv.Body))
		lead = b.String()
		if a := rv.Role.Area; a != "" && lc.words.Has("area_"+a) {
			add(lc.words.T("area_" + a))
		}
		add(rv.Onboarding...)
		duties(rv.A)
		duties(rv.R)
		skills(rv.Skills)
		skills(rv.Preferred)
		for _, h := range rv.Holders {
			add(h.Name)
		}
		return searchKindRole, b.String(), lead, true
	case KindDuty:
		dv := d.Duty
		if dv == nil {
			return 0, "", "", false
		}
		add(dv.Notes)
		if dv.Owner != nil {
			add(lc.words.T("owner") + ": " + dv.Owner.Title)
		}
		add(dv.Cadence)
		lead = b.String()
		if lc.words.Has("area_" + dv.Area) {
			add(lc.words.T("area_" + dv.Area))
		}
		roles(dv.A)
		roles(dv.R)
		roles(dv.C)
		roles(dv.I)
		return searchKindDuty, b.String(), lead, true
	case KindPerson:
		pv := d.Person
		if pv == nil {
			return 0, "", "", false
		}
		roles(pv.Roles)
		add(htmlText(pv.Bio))
		lead = b.String()
		skills(pv.Skills)
		skills(pv.Interests)
		for _, g := range pv.Groups {
			for _, it := range g.Items {
				add(it.Duty.Title)
			}
		}
		return searchKindPerson, b.String(), lead, true
	}
	return 0, "", "", false // 404, tag lists, print views: nothing of their own to find
}

// htmlText returns the text of sanitised HTML (the Markdown renderer's output): tags
// dropped, character references decoded, white space collapsed.
func htmlText(h template.HTML) string {
	s := string(h)
	if s == "" {
		return ""
	}
	var b strings.Builder
	for s != "" {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		b.WriteByte(' ')
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			break
		}
		s = s[i+j+1:]
	}
	return strings.Join(strings.Fields(html.UnescapeString(b.String())), " ")
}

// excerpt returns the first n characters of s, cut after a space when one is near.
func excerpt(s string, n int) string {
	i, count := 0, 0
	for i < len(s) && count < n {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		count++
	}
	if i >= len(s) {
		return s
	}
	cut := s[:i]
	if sp := strings.LastIndexByte(cut, ' '); sp > len(cut)*4/5 {
		cut = cut[:sp]
	}
	return strings.TrimRight(cut, " ") + "…"
}

// searchFold is how both the index and search.js compare text: compatibility forms
// unified (full-width letters are ASCII), lower case, Greek final sigma as sigma.
func searchFold(s string) string {
	s = strings.ToLower(norm.NFKC.String(s))
	if strings.Contains(s, "ς") {
		s = strings.ReplaceAll(s, "ς", "σ")
	}
	return s
}

// isCJK reports whether r belongs to a script written without spaces between words.
func isCJK(r rune) bool {
	return r >= 0x1100 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r) || r == 'ー')
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) }

// searchTerms calls emit with every term of s, which searchFold has folded: words of
// two characters or more, and CJK unigrams and bigrams.
func searchTerms(s string, emit func(string)) {
	word, prev := -1, -1 // start of the current word; start of the previous CJK rune
	flush := func(end int) {
		if word >= 0 {
			if w := s[word:end]; len(w) <= searchMaxTermBytes && utf8.RuneCountInString(w) >= 2 {
				emit(w)
			}
			word = -1
		}
	}
	for i, r := range s {
		switch {
		case isCJK(r):
			flush(i)
			end := i + utf8.RuneLen(r)
			emit(s[i:end])
			if prev >= 0 {
				emit(s[prev:end])
			}
			prev = i
		case isWordRune(r):
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
}

// cmpUTF16 orders strings as JavaScript's < does: by UTF-16 code units.
func cmpUTF16(a, b string) int {
	for a != "" && b != "" {
		ra, na := utf8.DecodeRuneInString(a)
		rb, nb := utf8.DecodeRuneInString(b)
		if ra != rb {
			return cmp.Compare(utf16Key(ra), utf16Key(rb))
		}
		a, b = a[na:], b[nb:]
	}
	return cmp.Compare(len(a), len(b))
}

func utf16Key(r rune) uint64 {
	if r < 0x10000 {
		return uint64(r) << 16
	}
	hi, lo := utf16.EncodeRune(r)
	return uint64(hi)<<16 | uint64(lo)
}

// searchManifest is manifest.json.
type searchManifest struct {
	Version   int         `json:"version"`
	Lang      string      `json:"lang"`
	Docs      int         `json:"docs"`
	PerChunk  int         `json:"perChunk"`
	DocChunks []string    `json:"docChunks"`
	Terms     [][2]string `json:"terms"`
}

// searchFolder is the output folder of a language's index: "search/" or "en/search/".
func searchFolder(s *site.Site) string {
	if s.Home != nil {
		return strings.TrimSuffix(s.Home.Out, "index.html") + "search/"
	}
	return "search/"
}

// writeSearch writes the index of every language.
func (r *renderer) writeSearch() {
	if r.search == nil {
		return
	}
	var wg sync.WaitGroup
	for _, s := range r.in.Sites.Sites {
		sl := r.search.langs[s.Lang]
		if sl == nil {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sl.write(r, searchFolder(s))
		}()
	}
	wg.Wait()
}

// searchWriter compresses and names the files of one language's index.
type searchWriter struct {
	r   *renderer
	dir string
	gz  *gzip.Writer
	out bytes.Buffer
}

func newSearchWriter(r *renderer, dir string) *searchWriter {
	// The fastest level: on a 10,000-page handbook it writes the index in a third of
	// the default level's time, for about a tenth more bytes (a query still downloads
	// a fifth of its budget).
	gz, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed) // the level is valid
	return &searchWriter{r: r, dir: dir, gz: gz}
}

// file writes data gzipped under a name made of prefix and a hash of the content.
func (w *searchWriter) file(prefix string, data []byte) string {
	w.out.Reset()
	w.gz.Reset(&w.out)
	_, _ = w.gz.Write(data)
	_ = w.gz.Close()
	h := fnv.New64a()
	_, _ = h.Write(w.out.Bytes())
	name := fmt.Sprintf("%s-%012x.gz", prefix, h.Sum64()>>16)
	w.r.write(w.dir+name, w.out.Bytes())
	return name
}

func (w *searchWriter) fail(err error) {
	w.r.diags.Add(diag.Errorf(diag.Pos{File: w.dir}, "write", "", "cannot encode the search index: %v", err))
}

// write writes the document chunks and the term chunks (at once), then the manifest.
func (sl *searchLang) write(r *renderer, dir string) {
	m := searchManifest{Version: 1, Lang: sl.site.Lang, PerChunk: searchDocsPerChunk}
	// Doc ids number the indexed pages in site order.
	ids := make([]uint32, len(sl.docs))
	for pos, d := range sl.docs {
		if d.ok {
			ids[pos] = uint32(m.Docs)
			m.Docs++
		}
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		m.DocChunks = sl.writeDocs(newSearchWriter(r, dir))
	}()
	m.Terms = sl.writeTerms(newSearchWriter(r, dir), ids)
	wg.Wait()
	b, err := json.Marshal(m)
	if err != nil {
		newSearchWriter(r, dir).fail(err)
		return
	}
	r.write(dir+"manifest.json", b)
}

// writeDocs writes the document chunks and returns their names.
func (sl *searchLang) writeDocs(w *searchWriter) []string {
	names := []string{}
	var chunk []any
	flush := func() {
		b, err := json.Marshal(chunk)
		if err != nil {
			w.fail(err)
			return
		}
		names = append(names, w.file("d", b))
		chunk = chunk[:0]
	}
	for _, d := range sl.docs {
		if !d.ok {
			continue
		}
		chunk = append(chunk, []any{d.url, d.title, d.kind, d.excerpt})
		if len(chunk) == searchDocsPerChunk {
			flush()
		}
	}
	if len(chunk) > 0 {
		flush()
	}
	return names
}

// writeTerms writes the term chunks, terms in JavaScript order with each term's
// postings gathered from every accumulator, and returns each chunk's first term and
// name.
func (sl *searchLang) writeTerms(w *searchWriter, ids []uint32) [][2]string {
	seen := map[string]struct{}{}
	for _, a := range sl.all {
		for t := range a.postings {
			seen[t] = struct{}{}
		}
	}
	terms := make([]string, 0, len(seen))
	for t := range seen {
		terms = append(terms, t)
	}
	seen = nil
	slices.SortFunc(terms, cmpUTF16)

	out := [][2]string{}
	var buf bytes.Buffer
	var list []uint32
	var weights, num []byte
	first := "" // the first chunk starts at "" so that every term falls in a chunk
	buf.WriteByte('[')
	flush := func() {
		buf.WriteByte(']')
		out = append(out, [2]string{first, w.file("t", buf.Bytes())})
		buf.Reset()
		buf.WriteByte('[')
	}
	for _, t := range terms {
		list = list[:0]
		for _, a := range sl.all {
			list = append(list, a.postings[t]...)
		}
		slices.Sort(list) // by position: positions are the high bits
		if buf.Len() > 1 {
			buf.WriteByte(',')
		} else if len(out) > 0 {
			first = t
		}
		q, _ := json.Marshal(t) // a string always encodes
		buf.WriteByte('[')
		buf.Write(q)
		buf.WriteString(",[")
		weights = weights[:0]
		last := uint32(0)
		for i, p := range list {
			id := ids[p>>4]
			if i > 0 {
				buf.WriteByte(',')
			}
			buf.Write(strconv.AppendUint(num[:0], uint64(id-last), 10))
			last = id
			weights = append(weights, "0123456789abcdef"[p&15])
		}
		buf.WriteString(`],"`)
		buf.Write(weights)
		buf.WriteString(`"]`)
		if buf.Len() >= searchChunkBytes {
			flush()
		}
	}
	if buf.Len() > 1 || len(out) == 0 {
		flush()
	}
	return out
}
