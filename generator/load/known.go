package load

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/wire"
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
	var ok bool
	if stamp, ok = from.stampOf(j.file); !ok {
		return nil, Stamp{}
	}
	if p = known(j.file, stamp); p == nil || p.Path != j.rel || p.File != j.file {
		return nil, stamp
	}
	p.from, p.stamp = from, stamp
	if p.Front != nil {
		p.Front.File = j.file
	}
	return p, stamp
}

// statStamp is stampOf by path: os.Stat under root, or fs.Stat in the origin's file
// system.
func (from *origin) statStamp(file string) (Stamp, bool) {
	var info fs.FileInfo
	var err error
	if from.root != "" {
		info, err = os.Stat(filepath.Join(from.root, filepath.FromSlash(file)))
	} else {
		info, err = fs.Stat(from.fsys, file)
	}
	if err != nil || !info.Mode().IsRegular() {
		return Stamp{}, false
	}
	return StampOf(info), true
}

// AppendBinary appends an encoding of the page to b, for DecodePage: what Read found
// in the file (the front matter with the positions of its keys, the body when Read kept
// it, the line it starts on, the file's size and digest) and its Stamp. Front matter
// values of any type but those Read makes cannot be encoded.
func (p *Page) AppendBinary(b []byte) ([]byte, error) {
	b = wire.AppendString(b, p.Path)
	b = wire.AppendString(b, p.File)
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
		b = wire.AppendString(b, string(p.Body))
	}
	d := p.Front
	if d == nil {
		return append(b, 0), nil
	}
	if d.Data == nil {
		return nil, errors.New("the front matter was released")
	}
	b = append(b, 1, byte(d.Format))
	b = wire.AppendPos(b, d.Start)
	var err error
	if b, err = appendValue(b, d.Data); err != nil {
		return nil, err
	}
	keys := slices.Sorted(maps.Keys(d.keys))
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for _, k := range keys {
		b = wire.AppendString(b, k)
		b = wire.AppendPos(b, d.keys[k])
	}
	return b, nil
}

// DecodePage decodes a page AppendBinary encoded at the start of data and returns it
// with the rest of data. The page can be read again (Markdown) only once Read has
// given it back through Options.Known.
func DecodePage(data []byte) (*Page, []byte, error) {
	r := wire.NewReader(data, errBadPage)
	p := &Page{Path: r.Str(), File: r.Str()}
	p.BodyLine = int(r.Uvarint())
	p.off = int(r.Uvarint())
	p.size = r.Uvarint()
	p.sum = r.Uvarint()
	p.stamp = Stamp{Size: r.Varint(), ModTime: r.Varint(), ChangeTime: r.Varint(), Ino: r.Uvarint(), Dev: r.Uvarint()}
	if r.Byte() == 1 {
		p.Body = []byte(r.Str())
	}
	if r.Byte() == 1 {
		d := &Doc{File: p.File, Format: Format(r.Byte()), Start: r.Pos(), keys: map[string]diag.Pos{}}
		if d.Format > JSON {
			r.Fail()
		}
		v := readValue(r, 0)
		data, ok := v.(map[string]any)
		if !ok {
			r.Fail()
		}
		d.Data = data
		for range r.Count() {
			k := r.Str()
			d.keys[k] = r.Pos()
		}
		p.Front = d
	}
	if r.Err != nil {
		return nil, nil, r.Err
	}
	if p.off < 0 || uint64(p.off) > p.size {
		return nil, nil, errBadPage
	}
	return p, r.B, nil
}

// errBadPage is any damage found while decoding a page.
var errBadPage = errors.New("damaged page encoding")

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
		return wire.AppendString(append(b, tagString), v), nil
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
		return wire.AppendString(append(b, tagTime), string(t)), nil
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
			b = wire.AppendString(b, k)
			var err error
			if b, err = appendValue(b, v[k]); err != nil {
				return nil, err
			}
		}
		return b, nil
	}
	return nil, fmt.Errorf("a front-matter value of type %T", v)
}

// maxValueDepth bounds the nesting readValue follows. It is far above any nesting a
// handbook can load with a sensible limits.max_nesting (100 by default), so that every
// page loaded can be read back, and keeps the recursion bounded on a damaged encoding.
const maxValueDepth = 10000

// readValue reads a value appendValue wrote, depth tables and lists deep.
func readValue(r *wire.Reader, depth int) any {
	if depth > maxValueDepth {
		r.Fail()
		return nil
	}
	switch r.Byte() {
	case tagNil:
		return nil
	case tagString:
		return r.Str()
	case tagInt:
		return r.Varint()
	case tagFloat:
		b := r.Bytes(8)
		if b == nil {
			return nil
		}
		return math.Float64frombits(binary.LittleEndian.Uint64(b))
	case tagBool:
		return r.Byte() == 1
	case tagTime:
		var t time.Time
		if err := t.UnmarshalBinary([]byte(r.Str())); err != nil {
			r.Fail()
		}
		return t
	case tagList:
		n := r.Count()
		l := make([]any, 0, n)
		for range n {
			l = append(l, readValue(r, depth+1))
		}
		return l
	case tagTable:
		n := r.Count()
		m := make(map[string]any, n)
		for range n {
			k := r.Str()
			m[k] = readValue(r, depth+1)
		}
		return m
	}
	r.Fail()
	return nil
}
