package search

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"sync"

	"github.com/rolebook/rolebook/generator/wire"
)

// Snapshot is an index as a build wrote it, for the next build to start from (From):
// a page that did not change gives the index what it gave before (Keep) instead of
// being indexed again, and the chunks whose content did not change keep their files.
// The files a build writes are the same bytes whether it started from a snapshot or not.
type Snapshot struct {
	langs []*snapLang
}

// snapLang is one language's index as written.
type snapLang struct {
	code, dir string
	docs      []searchDoc // by position
	ndocs     int
	ids       []uint32 // the doc id of each position
	terms     []string // in JavaScript order
	posts     [][]byte // each term's postings by position, as an accumulator keeps them (packPostings)
	sizes     []int32  // the bytes of each term's entry in its chunk
	chunks    []snapChunk
	docChunks []string

	okOnce sync.Once
	okPos  []int // the position of each doc id
	byURL  map[string]int32
}

// snapChunk is a term chunk: its first and last terms (indexes into terms) and file.
type snapChunk struct {
	first, last int32
	name        string
}

func (sl *snapLang) okPositions() []int {
	sl.okOnce.Do(func() {
		sl.byURL = make(map[string]int32, len(sl.docs))
		for pos, d := range sl.docs {
			if d.ok {
				sl.okPos = append(sl.okPos, pos)
				sl.byURL[d.url] = int32(pos)
			}
		}
	})
	return sl.okPos
}

// From makes the index start from prev, the snapshot of the index the previous build
// wrote; keep is called, from several goroutines at once, with the path of each file
// of that index the new one would write with the same content, and reports whether the
// file was kept as it is (then it is not written). Call it before any Add or Keep.
func (x *Index) From(prev *Snapshot, keep func(path string) bool) {
	if x == nil || prev == nil {
		return
	}
	x.keep = keep
	for _, ps := range prev.langs {
		if sl := x.langs[ps.code]; sl != nil && sl.Dir == ps.dir {
			ps.okPositions()
			sl.prev = ps
		}
	}
}

// Keep gives the document at position pos of the language what the document at url
// gave the previous index (see From): its title, excerpt and postings, without indexing
// its text again. It reports false, keeping nothing, when the previous index has no
// such document; the caller must then Add it. It is safe to call from many goroutines
// at once, each position once.
func (x *Index) Keep(lang string, pos int, url string) bool {
	if x == nil {
		return false
	}
	sl := x.langs[lang]
	if sl == nil || sl.prev == nil || pos < 0 || pos >= len(sl.docs) {
		return false
	}
	old, ok := sl.prev.byURL[url]
	if !ok {
		return false
	}
	sl.docs[pos] = sl.prev.docs[old]
	sl.kept[pos] = old
	return true
}

// Snapshot returns the index as Write wrote it, for the next build's From; nil before
// Write.
func (x *Index) Snapshot() *Snapshot {
	if x == nil {
		return nil
	}
	s := &Snapshot{}
	for _, sl := range x.order {
		if sl.next == nil {
			return nil
		}
		s.langs = append(s.langs, sl.next)
	}
	return s
}

const snapshotVersion = 1

// MarshalBinary encodes the snapshot.
func (s *Snapshot) MarshalBinary() ([]byte, error) {
	var b bytes.Buffer
	_, err := s.WriteTo(&b)
	return b.Bytes(), err
}

// WriteTo writes the snapshot as MarshalBinary encodes it, a piece at a time, so that
// the encoding of a large index is never held in memory at once.
func (s *Snapshot) WriteTo(w io.Writer) (int64, error) {
	var n int64
	b := make([]byte, 0, 64<<10)
	flush := func(force bool) error {
		if len(b) < cap(b)/2 && !force {
			return nil
		}
		k, err := w.Write(b)
		n += int64(k)
		b = b[:0]
		return err
	}
	b = binary.AppendUvarint(b, snapshotVersion)
	b = binary.AppendUvarint(b, uint64(len(s.langs)))
	for _, sl := range s.langs {
		b = wire.AppendString(b, sl.code)
		b = wire.AppendString(b, sl.dir)
		b = binary.AppendUvarint(b, uint64(len(sl.docs)))
		for _, d := range sl.docs {
			if !d.ok {
				b = append(b, 0)
				continue
			}
			b = append(b, 1, byte(d.kind))
			b = wire.AppendString(b, d.url)
			b = wire.AppendString(b, d.title)
			b = wire.AppendString(b, d.excerpt)
			if err := flush(false); err != nil {
				return n, err
			}
		}
		b = binary.AppendUvarint(b, uint64(len(sl.terms)))
		for i, t := range sl.terms {
			b = wire.AppendString(b, t)
			b = binary.AppendUvarint(b, uint64(sl.sizes[i]))
			b = binary.AppendUvarint(b, uint64(len(sl.posts[i])))
			if len(sl.posts[i]) < 4<<10 {
				b = append(b, sl.posts[i]...)
				if err := flush(false); err != nil {
					return n, err
				}
				continue
			}
			if err := flush(true); err != nil {
				return n, err
			}
			k, err := w.Write(sl.posts[i]) // a common word's postings: not copied
			n += int64(k)
			if err != nil {
				return n, err
			}
		}
		b = binary.AppendUvarint(b, uint64(len(sl.chunks)))
		for _, c := range sl.chunks {
			b = binary.AppendUvarint(b, uint64(c.first))
			b = binary.AppendUvarint(b, uint64(c.last))
			b = wire.AppendString(b, c.name)
			if err := flush(false); err != nil {
				return n, err
			}
		}
		b = binary.AppendUvarint(b, uint64(len(sl.docChunks)))
		for _, name := range sl.docChunks {
			b = wire.AppendString(b, name)
			if err := flush(false); err != nil {
				return n, err
			}
		}
	}
	return n, flush(true)
}

// errSnapshot is any damage found while decoding a snapshot.
var errSnapshot = errors.New("damaged search index snapshot")

// UnmarshalBinary decodes a snapshot MarshalBinary encoded. The postings stay in the
// memory of data, not copied (they are most of it): data must not change while the
// snapshot is in use.
func (s *Snapshot) UnmarshalBinary(data []byte) error {
	r := wire.NewReader(data, errSnapshot)
	if r.Uvarint() != snapshotVersion {
		return errSnapshot
	}
	s.langs = nil
	for range r.Count() {
		sl := &snapLang{code: r.Str(), dir: r.Str()}
		sl.docs = make([]searchDoc, r.Count())
		for i := range sl.docs {
			if r.Byte() == 0 {
				continue
			}
			sl.docs[i] = searchDoc{ok: true, kind: Kind(r.Byte()), url: r.Str(), title: r.Str(), excerpt: r.Str()}
			sl.ndocs++
		}
		sl.ids = make([]uint32, len(sl.docs))
		id := uint32(0)
		for pos, d := range sl.docs {
			if d.ok {
				sl.ids[pos] = id
				id++
			}
		}
		n := r.Count()
		sl.terms, sl.sizes, sl.posts = make([]string, n), make([]int32, n), make([][]byte, n)
		for i := range n {
			sl.terms[i] = r.Str()
			sl.sizes[i] = int32(r.Uvarint())
			posts := r.Bytes(uint64(r.Count())) // its capacity ends with it
			if r.Err != nil || !validPostings(posts, len(sl.docs)) {
				return errSnapshot
			}
			sl.posts[i] = posts
			if r.Err != nil {
				return r.Err
			}
			if i > 0 && cmpUTF16(sl.terms[i-1], sl.terms[i]) >= 0 {
				return errSnapshot
			}
		}
		for range r.Count() {
			c := snapChunk{first: int32(r.Uvarint()), last: int32(r.Uvarint()), name: r.Str()}
			if c.first < 0 || c.last < c.first || int(c.last) >= len(sl.terms) {
				return errSnapshot
			}
			if k := len(sl.chunks); k > 0 && sl.chunks[k-1].last >= c.first {
				return errSnapshot
			}
			sl.chunks = append(sl.chunks, c)
		}
		for range r.Count() {
			sl.docChunks = append(sl.docChunks, r.Str())
		}
		if r.Err != nil {
			return r.Err
		}
		s.langs = append(s.langs, sl)
	}
	if r.Err != nil || len(r.B) != 0 {
		return errSnapshot
	}
	return nil
}

// validPostings reports whether b holds postings (as packPostings writes them) of
// positions below n, in increasing order, with weights of 1 to 15.
func validPostings(b []byte, n int) bool {
	page := int64(0)
	for len(b) > 0 {
		x, k := binary.Uvarint(b)
		if k <= 0 {
			return false
		}
		b = b[k:]
		z := x >> 4
		d := int64(z>>1) ^ -int64(z&1)
		if d <= 0 || x&15 == 0 {
			return false
		}
		page += d
		if page > int64(n) {
			return false
		}
	}
	return true
}
