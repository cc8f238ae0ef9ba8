package load

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/rolebook/rolebook/generator/diag"
)

// Stamp is what tells, without reading a file, whether it is the one read before: its
// size, modification and change times (nanoseconds) and, where the system has them,
// its inode and device. Writing a file changes its change time, which no program can
// set back, so a file with the same Stamp holds the same bytes.
type Stamp struct {
	Size, ModTime, ChangeTime int64
	Ino, Dev                  uint64
}

// Stamp returns the Stamp the page's file had when Read read it, taken just before it
// was read; zero for a Page Read did not make, or when Options.Known was nil.
func (p *Page) Stamp() Stamp { return p.stamp }

// known asks opts.Known for the page of job j; it returns the page, with what Read sets
// on the pages it reads, or nil; stamp is the file's.
func (from *origin) known(j *job, known func(string, Stamp) *Page) (p *Page, stamp Stamp) {
	var info fs.FileInfo
	var err error
	if from.root != "" {
		info, err = os.Stat(filepath.Join(from.root, filepath.FromSlash(j.file)))
	} else {
		info, err = fs.Stat(from.fsys, j.file)
	}
	if err != nil || !info.Mode().IsRegular() {
		return nil, Stamp{}
	}
	stamp = stampOf(info)
	if p = known(j.file, stamp); p == nil || p.Path != j.rel || p.File != j.file {
		return nil, stamp
	}
	p.from, p.stamp = from, stamp
	if p.Front != nil {
		p.Front.File = j.file
	}
	return p, stamp
}

// AppendBinary appends an encoding of the page to b, for DecodePage: what Read found
// in the file (the front matter with the positions of its keys, the body when Read kept
// it, the line it starts on, the file's size and digest) and its Stamp. Front matter
// values of any type but those Read makes cannot be encoded.
func (p *Page) AppendBinary(b []byte) ([]byte, error) {
	b = appendStr(b, p.Path)
	b = appendStr(b, p.File)
	b = binary.AppendUvarint(b, uint64(p.BodyLine))
	b = binary.AppendUvarint(b, uint64(p.off))
	b = binary.AppendUvarint(b, p.size)
	b = binary.AppendUvarint(b, p.sum)
	s := p.stamp
	b = binary.AppendVarint(b, s.Size)
	b = binary.AppendVarint(b, s.ModTime)
	b = binary.AppendVarint(b, s.ChangeTime)
	b = binary.AppendUvarint(b, s.Ino)
	b = binary.AppendUvarint(b, s.Dev)
	if p.Body == nil {
		b = append(b, 0)
	} else {
		b = append(b, 1)
		b = appendStr(b, string(p.Body))
	}
	d := p.Front
	if d == nil {
		return append(b, 0), nil
	}
	if d.Data == nil {
		return nil, errors.New("the front matter was released")
	}
	b = append(b, 1, byte(d.Format))
	b = appendPos(b, d.Start)
	var err error
	if b, err = appendValue(b, d.Data); err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(d.keys))
	for k := range d.keys {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for _, k := range keys {
		b = appendStr(b, k)
		b = appendPos(b, d.keys[k])
	}
	return b, nil
}

// DecodePage decodes a page AppendBinary encoded at the start of data and returns it
// with the rest of data. The page can be read again (Markdown) only once Read has
// given it back through Options.Known.
func DecodePage(data []byte) (*Page, []byte, error) {
	r := &reader{b: data}
	p := &Page{Path: r.str(), File: r.str()}
	p.BodyLine = int(r.uvarint())
	p.off = int(r.uvarint())
	p.size = r.uvarint()
	p.sum = r.uvarint()
	p.stamp = Stamp{Size: r.varint(), ModTime: r.varint(), ChangeTime: r.varint(), Ino: r.uvarint(), Dev: r.uvarint()}
	if r.byte() == 1 {
		p.Body = []byte(r.str())
	}
	if r.byte() == 1 {
		d := &Doc{File: p.File, Format: Format(r.byte()), Start: r.pos(), keys: map[string]diag.Pos{}}
		if d.Format > JSON {
			r.err = errBadPage
		}
		v := r.value(0)
		data, ok := v.(map[string]any)
		if !ok {
			r.err = errBadPage
		}
		d.Data = data
		for range r.count() {
			k := r.str()
			d.keys[k] = r.pos()
		}
		p.Front = d
	}
	if r.err != nil {
		return nil, nil, r.err
	}
	if p.off < 0 || uint64(p.off) > p.size {
		return nil, nil, errBadPage
	}
	return p, r.b, nil
}

// errBadPage is any damage found while decoding a page.
var errBadPage = errors.New("damaged page encoding")

func appendStr(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendPos(b []byte, p diag.Pos) []byte {
	b = appendStr(b, p.File)
	b = binary.AppendUvarint(b, uint64(p.Line))
	b = binary.AppendUvarint(b, uint64(p.Col))
	return binary.AppendUvarint(b, uint64(p.Origin))
}

// The tags of encoded values.
const (
	tagNil byte = iota
	tagString
	tagInt
	tagFloat
	tagBool
	tagTime
	tagList
	tagTable
)

// appendValue appends a decoded value: the types Read makes.
func appendValue(b []byte, v any) ([]byte, error) {
	switch v := v.(type) {
	case nil:
		return append(b, tagNil), nil
	case string:
		return appendStr(append(b, tagString), v), nil
	case int64:
		return binary.AppendVarint(append(b, tagInt), v), nil
	case float64:
		return binary.LittleEndian.AppendUint64(append(b, tagFloat), math.Float64bits(v)), nil
	case bool:
		if v {
			return append(b, tagBool, 1), nil
		}
		return append(b, tagBool, 0), nil
	case time.Time:
		t, err := v.MarshalBinary()
		if err != nil {
			return nil, err
		}
		return appendStr(append(b, tagTime), string(t)), nil
	case []any:
		b = binary.AppendUvarint(append(b, tagList), uint64(len(v)))
		for _, x := range v {
			var err error
			if b, err = appendValue(b, x); err != nil {
				return nil, err
			}
		}
		return b, nil
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b = binary.AppendUvarint(append(b, tagTable), uint64(len(keys)))
		for _, k := range keys {
			b = appendStr(b, k)
			var err error
			if b, err = appendValue(b, v[k]); err != nil {
				return nil, err
			}
		}
		return b, nil
	}
	return nil, fmt.Errorf("a front-matter value of type %T", v)
}

// reader reads what AppendBinary wrote; the first problem sticks.
type reader struct {
	b   []byte
	err error
}

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errBadPage
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) varint() int64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err = errBadPage
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count reads a number of elements that each take a byte at least.
func (r *reader) count() int {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.err = errBadPage
		return 0
	}
	return int(n)
}

func (r *reader) byte() byte {
	if r.err != nil || len(r.b) == 0 {
		r.err = errBadPage
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *reader) str() string {
	n := r.count()
	if r.err != nil {
		return ""
	}
	s := strings.Clone(string(r.b[:n]))
	r.b = r.b[n:]
	return s
}

func (r *reader) pos() diag.Pos {
	return diag.Pos{File: r.str(), Line: int(r.uvarint()), Col: int(r.uvarint()), Origin: diag.Origin(r.uvarint())}
}

// value reads a value appendValue wrote, depth tables and lists deep.
func (r *reader) value(depth int) any {
	if depth > 64 {
		r.err = errBadPage
		return nil
	}
	switch r.byte() {
	case tagNil:
		return nil
	case tagString:
		return r.str()
	case tagInt:
		return r.varint()
	case tagFloat:
		if len(r.b) < 8 {
			r.err = errBadPage
			return nil
		}
		v := math.Float64frombits(binary.LittleEndian.Uint64(r.b))
		r.b = r.b[8:]
		return v
	case tagBool:
		return r.byte() == 1
	case tagTime:
		var t time.Time
		if err := t.UnmarshalBinary([]byte(r.str())); err != nil {
			r.err = errBadPage
		}
		return t
	case tagList:
		n := r.count()
		l := make([]any, 0, n)
		for range n {
			l = append(l, r.value(depth+1))
		}
		return l
	case tagTable:
		n := r.count()
		m := make(map[string]any, n)
		for range n {
			k := r.str()
			m[k] = r.value(depth + 1)
		}
		return m
	}
	r.err = errBadPage
	return nil
}
