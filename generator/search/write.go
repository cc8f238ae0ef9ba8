package search

import (
	"encoding/binary"
	"encoding/json"
	"hash/fnv"
	"iter"
	"slices"
	"strconv"
	"sync"
)

// Term chunks are cut where the terms themselves say, so that an edit of a few pages
// changes the chunks that hold the terms it touches and not the ones after them: a
// chunk closes after a term whose hash ends in chunkCutBits zero bits once the chunk
// holds chunkMinBytes, and at chunkMaxBytes whatever the term (uncompressed JSON).
const (
	chunkMinBytes = 24 << 10
	chunkMaxBytes = 64 << 10
	chunkCutBits  = 2
)

// cutAfter reports whether a term chunk may close after term t.
func cutAfter(t string) bool {
	h := fnv.New32a()
	h.Write([]byte(t))
	return h.Sum32()&(1<<chunkCutBits-1) == 0
}

// termPostings is one term of the index being written: its postings (position<<4 |
// weight, in order of position) and, when the previous build's index had it, its
// index there.
type termPostings struct {
	term  string
	posts []uint32
	// packed, when posts is nil, holds the postings as prev.posts does: a term whose
	// postings did not move is not decoded unless its chunk is written again.
	packed []byte
	old    int32 // index in prev.terms, or -1
	clean  bool  // its entry is the same bytes as in prev
	entry  []byte
}

// postings returns tp's postings, decoding them if need be.
func (tp *termPostings) postings() []uint32 {
	if tp.posts == nil && tp.packed != nil {
		tp.posts = appendPostings(nil, tp.packed)
	}
	return tp.posts
}

// write writes the document chunks and the term chunks (at once), then the manifest,
// and leaves in sl.next the index as written. A chunk the previous build wrote with the
// same content (see From) is kept rather than written again.
func (sl *searchLang) write(z *searchZip, keep func(string) bool) {
	dir := sl.Dir
	m := searchManifest{Version: 1, Lang: sl.Code, PerChunk: searchDocsPerChunk}
	// Doc ids number the indexed pages in site order.
	ids := make([]uint32, len(sl.docs))
	for pos, d := range sl.docs {
		if d.ok {
			ids[pos] = uint32(m.Docs)
			m.Docs++
		}
	}
	ps := sl.prev
	stable := ps != nil && sameDocs(ps, sl.docs, m.Docs)
	next := &snapLang{code: sl.Code, dir: dir, docs: sl.docs, ndocs: m.Docs}
	w := &searchWriter{z: z, dir: dir}
	var docs []*string
	var wg sync.WaitGroup
	wg.Go(func() { docs = sl.writeDocs(w, stable, keep) })
	terms := sl.mergeTerms(ids, stable)
	firsts, names := sl.writeTerms(w, terms, ids, stable, keep, next)
	wg.Wait()
	w.wait()
	m.DocChunks = make([]string, len(docs))
	for i, name := range docs {
		m.DocChunks[i] = *name
	}
	next.docChunks = m.DocChunks
	m.Terms = make([][2]string, len(names))
	for i, name := range names {
		m.Terms[i] = [2]string{firsts[i], *name}
		if i < len(next.chunks) {
			next.chunks[i].name = *name
		}
	}
	b, err := json.Marshal(m)
	if err != nil {
		w.fail(err)
		return
	}
	z.put(dir+"manifest.json", b)
	sl.next = next
}

// sameDocs reports whether the n documents in docs are, in order, the documents of the
// previous index: then every document keeps its id, and a term whose postings did not
// change encodes to the same bytes.
func sameDocs(ps *snapLang, docs []searchDoc, n int) bool {
	if ps.ndocs != n {
		return false
	}
	j := 0
	for _, d := range docs {
		if !d.ok {
			continue
		}
		for j < len(ps.docs) && !ps.docs[j].ok {
			j++
		}
		if j == len(ps.docs) || ps.docs[j].url != d.url {
			return false
		}
		j++
	}
	return true
}

// writeDocs queues the document chunks and returns their names; with stable ids, a
// chunk whose documents are all as they were keeps the previous build's file.
func (sl *searchLang) writeDocs(w *searchWriter, stable bool, keep func(string) bool) []*string {
	var names []*string
	var chunk []any
	var ids []int // the positions of the chunk's documents
	flush := func() {
		if stable && keep != nil {
			if name, ok := sl.prevDocChunk(len(names), ids); ok && keep(w.dir+name) {
				names = append(names, &name)
				chunk, ids = chunk[:0], ids[:0]
				return
			}
		}
		b, err := json.Marshal(chunk)
		if err != nil {
			w.fail(err)
			return
		}
		names = append(names, w.file("d", b))
		chunk, ids = chunk[:0], ids[:0]
	}
	for pos, d := range sl.docs {
		if !d.ok {
			continue
		}
		chunk = append(chunk, []any{d.url, d.title, d.kind, d.excerpt})
		ids = append(ids, pos)
		if len(chunk) == searchDocsPerChunk {
			flush()
		}
	}
	if len(chunk) > 0 {
		flush()
	}
	return names
}

// prevDocChunk returns the name of the previous build's document chunk k when the
// documents at positions (those of chunk k now) are the ones it held.
func (sl *searchLang) prevDocChunk(k int, positions []int) (string, bool) {
	ps := sl.prev
	if k >= len(ps.docChunks) {
		return "", false
	}
	okPos := ps.okPositions()
	for n, pos := range positions {
		id := k*searchDocsPerChunk + n
		if id >= len(okPos) || ps.docs[okPos[id]] != sl.docs[pos] {
			return "", false
		}
	}
	if end := (k + 1) * searchDocsPerChunk; len(positions) < searchDocsPerChunk && end <= len(okPos) {
		return "", false // the previous chunk held more documents
	}
	return ps.docChunks[k], true
}

// mergeTerms yields every term of the index in JavaScript order with its postings:
// those of the documents added (gathered from every accumulator) and those of the
// documents kept from the previous index, at their new positions. A term is clean when,
// with stable ids, its postings are the previous index's. Each term's postings are its
// own memory; the terms are made one at a time, so that the whole index is never held
// as postings at once.
func (sl *searchLang) mergeTerms(ids []uint32, stable bool) iter.Seq[termPostings] {
	return func(yield func(termPostings) bool) { sl.eachTerm(ids, stable, yield) }
}

func (sl *searchLang) eachTerm(ids []uint32, stable bool, yield func(termPostings) bool) {
	seen := map[string]struct{}{}
	for _, a := range sl.all {
		for t := range a.terms {
			seen[t] = struct{}{}
		}
	}
	added := make([]string, 0, len(seen))
	for t := range seen {
		added = append(added, t)
	}
	seen = nil
	slices.SortFunc(added, cmpUTF16)

	ps := sl.prev
	var newPos []int32 // position now of each position of the previous index, or -1
	if ps != nil {
		newPos = make([]int32, len(ps.docs))
		for i := range newPos {
			newPos[i] = -1
		}
		for pos, old := range sl.kept {
			if old >= 0 {
				newPos[old] = int32(pos)
			}
		}
	}
	var prevTerms []string
	// still says every document kept is at the position it had: then the postings of
	// a term no re-indexed document has are kept as they are, without decoding them.
	still := ps != nil
	if ps != nil {
		prevTerms = ps.terms
		for q, np := range newPos {
			if np >= 0 && int(np) != q {
				still = false
				break
			}
		}
	}

	var list, spare, oldScratch []uint32
	var ends []int
	i, j := 0, 0
	for i < len(added) || j < len(prevTerms) {
		var tp termPostings
		c := 0
		switch {
		case i == len(added):
			c = 1
		case j == len(prevTerms):
			c = -1
		default:
			c = cmpUTF16(added[i], prevTerms[j])
		}
		var fresh []uint32
		if c <= 0 {
			t := added[i]
			i++
			list, ends = list[:0], ends[:0]
			for _, a := range sl.all {
				if e := a.terms[t]; e != nil {
					list = appendPostings(list, e.postings)
					ends = append(ends, len(list))
				}
			}
			list, spare = mergeRuns(list, spare, ends) // by position: positions are the high bits
			fresh = list
			tp = termPostings{term: t, old: -1}
		}
		if c >= 0 {
			tp.term = prevTerms[j]
			tp.old = int32(j)
			j++
		}
		if still && tp.old >= 0 && reindexedAlike(ps.posts[tp.old], newPos, fresh) {
			tp.packed, tp.clean = ps.posts[tp.old], stable
			if !yield(tp) {
				return
			}
			continue
		}
		var keptPosts, oldPosts []uint32
		dropped := false
		if tp.old >= 0 {
			sorted := true
			oldPosts = appendPostings(oldScratch[:0], ps.posts[tp.old])
			oldScratch = oldPosts
			for _, p := range oldPosts {
				np := newPos[p>>4]
				if np < 0 {
					dropped = true
					continue
				}
				q := uint32(np)<<4 | p&15
				if n := len(keptPosts); n > 0 && keptPosts[n-1] > q {
					sorted = false
				}
				keptPosts = append(keptPosts, q)
			}
			if !sorted {
				slices.Sort(keptPosts)
			}
		}
		switch {
		case len(fresh) == 0:
			tp.posts = keptPosts
		case len(keptPosts) == 0:
			tp.posts = slices.Clone(fresh)
		default:
			tp.posts = make([]uint32, len(fresh)+len(keptPosts))
			mergeTwo(tp.posts, fresh, keptPosts)
		}
		if len(tp.posts) == 0 {
			continue // every page that had it changed and no longer has it
		}
		if stable && tp.old >= 0 && !dropped && len(fresh) == 0 {
			tp.clean = true
		} else if stable && tp.old >= 0 {
			tp.clean = samePostings(tp.posts, ids, oldPosts, ps.ids)
		}
		if !yield(tp) {
			return
		}
	}
}

// packPostings returns posts (position<<4 | weight, in order of position) as an
// accumulator keeps them (see appendPosting), about a byte and a quarter each: what a
// snapshot keeps of a term.
func packPostings(posts []uint32) []byte {
	b := make([]byte, 0, len(posts)+len(posts)/4+1)
	prev := uint32(0)
	for _, p := range posts {
		page := p>>4 + 1
		b = appendPosting(b, prev, page, uint8(p&15))
		prev = page
	}
	return b
}

// reindexedAlike reports, when every document kept is at the position it had, whether
// the term's postings are the same as before: the packed postings b (as a snapshot
// keeps them) hold, at the positions of documents not kept (newPos -1), exactly the
// postings fresh (position<<4 | weight, in order of position) that the documents
// indexed again gave the term, and none when fresh is empty. Then the term's postings
// now are b's: those of the documents kept, where they were, and fresh. This covers
// every term of an edit that only some pages' text changed, decided by one pass over b
// instead of decoding, merging and comparing.
func reindexedAlike(b []byte, newPos []int32, fresh []uint32) bool {
	k := 0
	page := int64(0)
	for i := 0; i < len(b); {
		x := uint64(b[i])
		i++
		if x >= 0x80 {
			var n int
			x, n = binary.Uvarint(b[i-1:])
			if n <= 0 {
				return false
			}
			i += n - 1
		}
		z := x >> 4
		page += int64(z>>1) ^ -int64(z&1)
		pos := page - 1
		if pos < 0 || pos >= int64(len(newPos)) {
			return false
		}
		if newPos[pos] >= 0 {
			continue
		}
		if k == len(fresh) || fresh[k] != uint32(pos)<<4|uint32(x&15) {
			return false
		}
		k++
	}
	return k == len(fresh)
}

// samePostings reports whether the postings a (positions now, ids) and b (positions
// then, oldIDs) are the same documents with the same weights.
func samePostings(a []uint32, ids []uint32, b []uint32, oldIDs []uint32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i]&15 != b[i]&15 || ids[a[i]>>4] != oldIDs[b[i]>>4] {
			return false
		}
	}
	return true
}

// appendEntry appends the JSON of a term chunk's entry for term: the term, its doc ids
// as differences from the one before, and its weights.
func appendEntry(buf []byte, term string, posts []uint32, ids []uint32, weights []byte) ([]byte, []byte) {
	q, _ := json.Marshal(term) // a string always encodes
	buf = append(buf, '[')
	buf = append(buf, q...)
	buf = append(buf, ",["...)
	weights = weights[:0]
	last := uint32(0)
	for i, p := range posts {
		id := ids[p>>4]
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = strconv.AppendUint(buf, uint64(id-last), 10)
		last = id
		weights = append(weights, "0123456789abcdef"[p&15])
	}
	buf = append(buf, `],"`...)
	buf = append(buf, weights...)
	buf = append(buf, `"]`...)
	return buf, weights
}

// writeTerms queues the term chunks of the terms terms yields and returns each chunk's
// first term and name; it fills in next's terms and chunks. A chunk of clean terms that
// the previous index had as it is keeps the previous build's file.
func (sl *searchLang) writeTerms(w *searchWriter, terms iter.Seq[termPostings], ids []uint32, stable bool, keep func(string) bool, next *snapLang) (firsts []string, names []*string) {
	ps := sl.prev
	next.ids = ids
	var weights []byte
	var chunk []termPostings // the terms of the chunk being filled
	start, length := 0, 1    // the index of its first term and its bytes so far, "[" included
	closeChunk := func() {
		first := ""
		if len(names) > 0 {
			first = chunk[0].term
		}
		firsts = append(firsts, first)
		if len(chunk) > 0 { // an index without terms still has one (empty) chunk
			next.chunks = append(next.chunks, snapChunk{first: int32(start), last: int32(start + len(chunk) - 1)})
		}
		if stable && keep != nil {
			if name, ok := sl.prevTermChunk(chunk); ok && keep(w.dir+name) {
				names = append(names, &name)
				return
			}
		}
		buf := make([]byte, 0, length+1)
		buf = append(buf, '[')
		for i := range chunk {
			if i > 0 {
				buf = append(buf, ',')
			}
			if tp := &chunk[i]; tp.entry != nil {
				buf = append(buf, tp.entry...)
			} else {
				buf, weights = appendEntry(buf, tp.term, tp.postings(), ids, weights)
			}
		}
		names = append(names, w.file("t", append(buf, ']')))
	}
	for tp := range terms {
		if len(chunk) > 0 {
			length++ // the comma
		}
		var n int
		if tp.clean {
			n = int(ps.sizes[tp.old])
		} else {
			tp.entry, weights = appendEntry(nil, tp.term, tp.postings(), ids, weights)
			n = len(tp.entry)
		}
		length += n
		next.terms = append(next.terms, tp.term)
		if tp.packed != nil && tp.posts == nil {
			next.posts = append(next.posts, tp.packed)
		} else {
			next.posts = append(next.posts, packPostings(tp.posts))
		}
		next.sizes = append(next.sizes, int32(n))
		chunk = append(chunk, tp)
		if length >= chunkMaxBytes || length >= chunkMinBytes && cutAfter(tp.term) {
			closeChunk()
			start += len(chunk)
			clear(chunk) // let the postings and entries go
			chunk, length = chunk[:0], 1
		}
	}
	if len(chunk) > 0 || len(names) == 0 {
		closeChunk()
	}
	return firsts, names
}

// prevTermChunk returns the name of the previous build's term chunk that held exactly
// the clean terms tps.
func (sl *searchLang) prevTermChunk(tps []termPostings) (string, bool) {
	for _, tp := range tps {
		if !tp.clean {
			return "", false
		}
	}
	first, last := tps[0].old, tps[len(tps)-1].old
	if int(last-first) != len(tps)-1 {
		return "", false // a term of the previous index between them is gone
	}
	ps := sl.prev
	k, found := slices.BinarySearchFunc(ps.chunks, first, func(c snapChunk, t int32) int { return int(c.first - t) })
	if !found || ps.chunks[k].last != last || ps.chunks[k].name == "" {
		return "", false
	}
	return ps.chunks[k].name, true
}
