package build

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/rolebook/rolebook/generator/config"
	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/load"
	"github.com/rolebook/rolebook/generator/markdown"
	"github.com/rolebook/rolebook/generator/publish"
	"github.com/rolebook/rolebook/generator/render"
	"github.com/rolebook/rolebook/generator/search"
	"github.com/rolebook/rolebook/generator/site"
	"github.com/rolebook/rolebook/generator/views"
	"github.com/rolebook/rolebook/generator/wire"
)

// The build cache lets a build reuse what the previous build did where its inputs did
// not change. It keeps, in order:
//
//   - the pages of content/ as the previous build loaded them (front matter with the
//     positions of its keys, the bodies loading keeps), each with its file's Stamp:
//     a file whose Stamp is the same is not read again (load.Options.Known);
//   - for each page rendered, the fingerprint it was rendered with (see
//     render.Fingerprints), whether it gave the search index a document, the links of
//     its Markdown and its warnings: a page whose fingerprint is the same is not
//     rendered again;
//   - the search index as written (search.Snapshot);
//   - the journal the records belong to (below), last, so that the records can be
//     written while the site is committed, before the journal is known.
//
// It lives beside the destination, as ".<name>.rolebook-cache" (".public.rolebook-cache"
// for public/), outside the folder that is published, since it holds the handbook's
// front matter (drafts included). It may be deleted at any time: the next build is then
// a full one, as with --clean.
//
// The records belong to the site in the destination: they name the journal of the
// commit they were made with (its inode, size and modification time), and a build uses
// them only while that journal is still the one in place, so that a cache never describes
// files other than those in place, whatever order a killed build left things in. A
// build that cannot write it still succeeds.

const cacheMagic = "rolebook cache 2\n"

// CachePath returns where the build cache of the destination dest is kept.
func CachePath(dest string) string {
	dest = filepath.Clean(dest)
	return filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+".rolebook-cache")
}

// cache is the build cache: the pages of content/ as one build loaded them, by file;
// the records of the pages it rendered, by output path; and the search index it wrote.
type cache struct {
	global  render.Sum
	site    render.Sum // render.Fingerprints.Site of the build that made the records
	journal string     // the journal of the commit the records describe
	self    string     // the Rolebook that wrote it (selfID): loaded is its encoding
	loaded  map[string]loadedPage
	pages   map[string]*cached
	// search is the index as read (search.Snapshot, encoded), index the same
	// decoded (by readCache), snap the index to write.
	search []byte
	index  *search.Snapshot
	snap   *search.Snapshot
	// rest is what readCache left to decode (decodeRest); ready, when not nil, is
	// closed once pages and index are decoded.
	rest  *wire.Reader
	ready chan struct{}
	// unmap, when not nil, releases the file readCache read (see close).
	unmap func()
}

// cached is one page's record.
type cached struct {
	sum render.Sum
	rec render.Record
	// digest is that of the page's Markdown file when it was rendered (0 for a
	// page without one), for render.Fingerprints.Same.
	digest uint64
}

// readCache reads the cache at name; it returns nil when there is none or it cannot be
// read. Whether its parts still hold is for its users to check: the loaded pages against
// this Rolebook (knownPages), the records against the config, templates and journal
// (Model.incremental).
//
// The records and the search index are decoded only when the cache was made with the
// commit in place at dest (journalID): after the destination was emptied or replaced,
// only the loaded pages can serve, and the rest would be decoded for nothing.
func readCache(name, dest string) *cache {
	data, unmap, err := mapFile(name)
	if err != nil {
		return nil
	}
	journal := journalID(dest)
	c, rest, err := decodeHead(data, func(j string) bool { return j != "" && j == journal })
	if err != nil {
		unmap()
		return nil
	}
	c.rest, c.unmap = rest, unmap
	c.decodeRest()
	return c
}

// decodeRest starts decoding the records and the search index of a cache readCache
// returned, in the background: they are needed only once the pages are arranged, so
// they are decoded while the handbook loads. Calls after the first do nothing.
func (c *cache) decodeRest() {
	if c == nil || c.rest == nil || c.ready != nil {
		return
	}
	c.ready = make(chan struct{})
	rest := c.rest
	c.rest = nil // it holds the whole file
	go func() {
		defer close(c.ready)
		if c.decodeRecords(rest) != nil {
			c.pages, c.search = nil, nil
			return
		}
		if len(c.search) > 0 {
			var snap search.Snapshot
			if snap.UnmarshalBinary(c.search) == nil {
				c.index = &snap
			}
		}
		c.search = nil // decoded: let the bytes go
	}()
}

// close releases the file a cache was read from. The pages loaded and the search
// index are in its memory (mapFile): the build must be done with them, and with the
// next cache, which it writes from them.
func (c *cache) close() {
	if c == nil || c.unmap == nil {
		return
	}
	c.wait()
	c.unmap()
	c.unmap = nil
	c.loaded, c.index, c.search = nil, nil, nil
}

// wait returns once the records and the search index of a cache readCache returned are
// decoded (c.pages and c.index), or left out.
func (c *cache) wait() {
	if c == nil {
		return
	}
	c.decodeRest()
	if c.ready != nil {
		<-c.ready
	}
}

// loadedPage is a page of content/ as a build loaded it: its file's Stamp then, and
// the page encoded (load.Page.AppendBinary).
type loadedPage struct {
	stamp load.Stamp
	data  []byte
}

// knownPages gives back the pages of the previous build's load whose files did not
// change (load.Options.Known), and makes the next cache's.
type knownPages struct {
	prev  map[string]loadedPage
	self  string    // this Rolebook (selfID)
	start time.Time // when this build began loading
	mu    sync.Mutex
	used  map[*load.Page][]byte // the pages given back, with their encoding
}

func newKnownPages(prev *cache, start time.Time) *knownPages {
	k := &knownPages{start: start, used: map[*load.Page][]byte{}}
	k.self, _ = selfID()
	if k.self != "" && prev.self == k.self {
		k.prev = prev.loaded // else written by another Rolebook, maybe in another form
	}
	return k
}

// page implements load.Options.Known.
func (k *knownPages) page(file string, s load.Stamp) *load.Page {
	lp, ok := k.prev[file]
	if !ok || lp.stamp != s {
		return nil
	}
	p, rest, err := load.DecodePage(lp.data)
	if err != nil || len(rest) != 0 {
		return nil
	}
	k.mu.Lock()
	k.used[p] = lp.data
	k.mu.Unlock()
	return p
}

// sources returns the pages content holds, for the next cache: those given back with
// their encoding, the others to encode, but for the files with a diagnostic (read again
// next time, so that it is reported again) and those changed so shortly before this
// build began, or after, that a second write might keep their Stamp (racy).
func (k *knownPages) sources(content *load.Content, diags *diag.List) []pageSource {
	troubled := map[string]bool{}
	for _, d := range diags.Items() {
		troubled[d.Pos.File] = true
	}
	out := make([]pageSource, 0, len(content.Pages))
	for _, p := range content.Pages {
		if data, ok := k.used[p]; ok {
			out = append(out, pageSource{file: p.File, stamp: p.Stamp(), data: data})
			continue
		}
		if troubled[p.File] || racy(p.Stamp(), k.start) {
			continue
		}
		out = append(out, pageSource{file: p.File, stamp: p.Stamp(), page: p})
	}
	return out
}

// racyWindow is how long before a build a change may have been made and still be
// followed, unseen, by another that keeps the file's Stamp. File systems take a file's
// times from a clock that ticks every few milliseconds (ext4 and tmpfs on Linux), or
// keep them in whole microseconds, seconds or two seconds (FAT): two writes of the same
// size within one tick, the build reading between them, leave the same Stamp.
const racyWindow = 2 * time.Second

// racy reports whether a file with Stamp s may have been written again, or may be,
// without its Stamp changing: when it changed within racyWindow of start or after it.
// Such a file is not kept in the cache: the next build reads it again. As with Git's
// "racily clean" entries, this costs a second read of the files edited just before a
// build, and nothing else.
func racy(s load.Stamp, start time.Time) bool {
	if s == (load.Stamp{}) {
		return true
	}
	recent := start.Add(-racyWindow).UnixNano()
	return s.ModTime >= recent || s.ChangeTime >= recent
}

// journalID identifies the commit in place at dest by its journal file's Stamp: a
// commit writes a new one (a new inode), a build that changes nothing leaves it alone.
func journalID(dest string) string {
	info, err := os.Stat(filepath.Join(dest, publish.Journal))
	if err != nil {
		return ""
	}
	s := load.StampOf(info)
	return fmt.Sprintf("%d %d %d %d %d", s.Dev, s.Ino, s.Size, s.ModTime, s.ChangeTime)
}

// encode returns the records of the cache: the global sum and each page's record,
// sorted by output path. The magic line and the pages loaded come before (writeHead),
// the search index and the journal after (pendingCache.finish).
func (c *cache) encode() []byte {
	var b []byte
	b = append(b, c.global[:]...)
	b = append(b, c.site[:]...)
	outs := slices.Sorted(maps.Keys(c.pages))
	b = binary.AppendUvarint(b, uint64(len(outs)))
	for _, out := range outs {
		p := c.pages[out]
		b = wire.AppendString(b, out)
		b = append(b, p.sum[:]...)
		b = binary.AppendUvarint(b, p.digest)
		if p.rec.Indexed {
			b = append(b, 1)
		} else {
			b = append(b, 0)
		}
		b = binary.AppendUvarint(b, uint64(len(p.rec.Links)))
		for _, l := range p.rec.Links {
			b = wire.AppendString(b, l)
		}
		b = binary.AppendUvarint(b, uint64(len(p.rec.Warnings)))
		for _, w := range p.rec.Warnings {
			b = wire.AppendPos(b, w.Pos)
			b = binary.AppendUvarint(b, uint64(w.Severity))
			b = wire.AppendString(b, string(w.Rule))
			b = wire.AppendString(b, w.Message)
			b = wire.AppendString(b, w.Hint)
			b = binary.AppendUvarint(b, uint64(len(w.Related)))
			for _, r := range w.Related {
				b = wire.AppendPos(b, r)
			}
		}
		b = binary.AppendUvarint(b, uint64(len(p.rec.IDs)))
		for _, id := range p.rec.IDs {
			b = wire.AppendString(b, id)
		}
		b = binary.AppendUvarint(b, uint64(len(p.rec.Fragments)))
		for _, f := range p.rec.Fragments {
			b = wire.AppendString(b, f.URL)
			b = wire.AppendString(b, f.ID)
			b = wire.AppendPos(b, f.Pos)
		}
	}
	return b
}

// pageSource is a page loaded, for the cache: its encoding, or the page to encode
// (startCache encodes it).
type pageSource struct {
	file  string
	stamp load.Stamp
	data  []byte
	page  *load.Page
}

// writeHead writes the magic line, self (the Rolebook writing) and the pages loaded
// (encoded: see startCache), a few at a time; a page without an encoding is left out.
func writeHead(w io.Writer, self string, pages []pageSource) error {
	b := make([]byte, 0, 64<<10+1024)
	b = append(b, cacheMagic...)
	b = wire.AppendString(b, self)
	n := 0
	for _, ps := range pages {
		if ps.data != nil {
			n++
		}
	}
	b = binary.AppendUvarint(b, uint64(n))
	for i := range pages {
		ps := &pages[i]
		if ps.data == nil {
			continue
		}
		b = wire.AppendString(b, ps.file)
		b = binary.AppendVarint(b, ps.stamp.Size)
		b = binary.AppendVarint(b, ps.stamp.ModTime)
		b = binary.AppendVarint(b, ps.stamp.ChangeTime)
		b = binary.AppendUvarint(b, ps.stamp.Ino)
		b = binary.AppendUvarint(b, ps.stamp.Dev)
		b = binary.AppendUvarint(b, uint64(len(ps.data)))
		b = append(b, ps.data...)
		ps.data = nil // written: let it go
		if len(b) >= 64<<10 {
			if _, err := w.Write(b); err != nil {
				return err
			}
			b = b[:0]
		}
	}
	_, err := w.Write(b)
	return err
}

// pendingCache is the next build cache being written: the pages loaded go to it as
// soon as the handbook is loaded, so that they need not stay in memory, and the rest
// once the site is published (finish). Until then it is a temporary file beside the
// cache, which abort removes. A cache that cannot be written is no failure of the
// build: err says why, and finish reports it.
type pendingCache struct {
	name, tmp string
	f         *os.File
	w         *bufio.Writer
	h         hash.Hash
	mw        io.Writer
	err       error
	done      bool
	// head is closed once the pages loaded are written (startCache), written once
	// the records and the search index are (prepare; nil before).
	head, written chan struct{}
}

// startCache begins the cache at name with the pages content holds (see
// knownPages.sources).
// The pages not encoded yet are encoded now (arranging them changes them: see
// release); they are written in the background, while the pages are arranged.
func startCache(name, self string, pages []pageSource) *pendingCache {
	for i := range pages {
		if ps := &pages[i]; ps.data == nil {
			ps.data, _ = ps.page.AppendBinary(nil) // left out if it cannot be encoded
			ps.page = nil
		}
	}
	pc := &pendingCache{name: name, tmp: name + ".tmp", h: crc32.New(castagnoli), head: make(chan struct{})}
	pc.f, pc.err = os.Create(pc.tmp)
	if pc.err != nil {
		close(pc.head)
		return pc
	}
	pc.w = bufio.NewWriterSize(pc.f, 1<<20)
	pc.mw = io.MultiWriter(pc.w, pc.h)
	go func() {
		defer close(pc.head)
		pc.err = writeHead(pc.mw, self, pages)
	}()
	return pc
}

// prepare starts writing the records and the search index of c, in the background,
// so that they are written while the site is committed; c.journal is not read. Once
// called, c's pages and index must not change.
func (pc *pendingCache) prepare(c *cache) {
	if pc == nil || pc.done || pc.written != nil {
		return
	}
	pc.written = make(chan struct{})
	go func() {
		defer close(pc.written)
		<-pc.head
		if pc.err == nil {
			_, pc.err = pc.mw.Write(c.encode())
		}
		if pc.err == nil && c.snap != nil {
			_, pc.err = c.snap.WriteTo(pc.mw)
		}
	}()
}

// wait returns once what startCache and prepare started is written.
func (pc *pendingCache) wait() {
	<-pc.head
	if pc.written != nil {
		<-pc.written
	}
}

// maxJournalID is the longest journal name a cache holds (it is a few numbers).
const maxJournalID = 1 << 10

// finish writes the records and search index of c (unless prepare did), its journal,
// and the checksum, and renames the file into place.
func (pc *pendingCache) finish(c *cache) error {
	if pc == nil || pc.done {
		return nil
	}
	pc.prepare(c)
	pc.wait()
	if pc.err == nil && len(c.journal) > maxJournalID {
		pc.err = fmt.Errorf("journal name too long: %d bytes", len(c.journal))
	}
	if pc.err == nil {
		b := binary.LittleEndian.AppendUint16([]byte(c.journal), uint16(len(c.journal)))
		_, pc.err = pc.mw.Write(b)
	}
	if pc.err == nil {
		_, pc.err = pc.w.Write(pc.h.Sum(nil))
	}
	if pc.err == nil {
		pc.err = pc.w.Flush()
	}
	if pc.f != nil {
		if err := pc.f.Close(); pc.err == nil {
			pc.err = err
		}
	}
	if pc.err == nil {
		pc.err = os.Rename(pc.tmp, pc.name)
	}
	pc.done = true
	if pc.err != nil {
		os.Remove(pc.tmp)
	}
	return pc.err
}

// abort removes the cache being written; after finish it does nothing.
func (pc *pendingCache) abort() {
	if pc == nil || pc.done {
		return
	}
	pc.wait()
	pc.done = true
	if pc.f != nil {
		pc.f.Close()
	}
	os.Remove(pc.tmp)
}

// castagnoli is the CRC the cache ends with. It is there to find damage (a file cut
// short by a full disk or a crash, a flipped bit); it guards against nothing written on
// purpose, and needs not: whoever can write the cache can write the site beside it.
// CRC-32C is computed by the processor, several times faster than a cryptographic hash
// over the megabytes of a large handbook's cache.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// errCache is any damage found while decoding a cache.
var errCache = errors.New("damaged build cache")

// readSum reads a fingerprint as writeTo appends it.
func readSum(d *wire.Reader) (s render.Sum) {
	copy(s[:], d.Bytes(uint64(len(s))))
	return s
}

// decodeCache decodes a cache written by writeTo. When records is not nil and reports
// false for the journal the cache names, the records and the search index are left
// out (c.pages and c.search are nil).
func decodeCache(data []byte, records func(journal string) bool) (*cache, error) {
	c, rest, err := decodeHead(data, records)
	if err != nil || rest == nil {
		return c, err
	}
	if err := c.decodeRecords(rest); err != nil {
		return nil, err
	}
	return c, nil
}

// decodeHead checks the cache's checksum and decodes its first part: the pages loaded,
// the global sum and the journal. rest is what follows, for decodeRecords; nil when
// records reports false for the journal.
func decodeHead(data []byte, records func(journal string) bool) (c *cache, rest *wire.Reader, err error) {
	if len(data) < len(cacheMagic)+crc32.Size || !bytes.HasPrefix(data, []byte(cacheMagic)) {
		return nil, nil, errCache
	}
	body, sum := data[:len(data)-crc32.Size], data[len(data)-crc32.Size:]
	if crc32.Checksum(body, castagnoli) != binary.BigEndian.Uint32(sum) {
		return nil, nil, errCache
	}
	// The journal is last, its length after it.
	body = body[len(cacheMagic):]
	if len(body) < 2 {
		return nil, nil, errCache
	}
	jl := int(binary.LittleEndian.Uint16(body[len(body)-2:]))
	if jl > maxJournalID || jl > len(body)-2 {
		return nil, nil, errCache
	}
	journal := string(body[len(body)-2-jl : len(body)-2])
	d := wire.NewReader(body[:len(body)-2-jl], errCache)
	c = &cache{self: d.Str(), journal: journal}
	nl := d.Count()
	c.loaded = make(map[string]loadedPage, nl)
	for range nl {
		f := d.Str()
		lp := loadedPage{stamp: load.Stamp{Size: d.Varint(), ModTime: d.Varint(), ChangeTime: d.Varint(), Ino: d.Uvarint(), Dev: d.Uvarint()}}
		lp.data = d.Bytes(d.Uvarint()) // in the memory of data, not copied
		c.loaded[f] = lp
	}
	c.global = readSum(d)
	if d.Err != nil {
		return nil, nil, errCache
	}
	if records != nil && !records(c.journal) {
		return c, nil, nil
	}
	return c, d, nil
}

// decodeRecords decodes the records and the search index that follow the journal.
func (c *cache) decodeRecords(d *wire.Reader) error {
	c.site = readSum(d)
	n := d.Count()
	c.pages = make(map[string]*cached, n)
	for range n {
		out := d.Str()
		p := &cached{sum: readSum(d), digest: d.Uvarint()}
		switch indexed := d.Bytes(1); {
		case d.Err != nil:
		case indexed[0] <= 1:
			p.rec.Indexed = indexed[0] == 1
		default:
			d.Fail()
		}
		if links := d.Count(); links > 0 {
			p.rec.Links = make([]string, links)
			for i := range p.rec.Links {
				p.rec.Links[i] = d.Str()
			}
		}
		for range d.Count() {
			w := diag.Diagnostic{Pos: d.Pos(), Severity: diag.Severity(d.Uvarint()), Rule: diag.Rule(d.Str()), Message: d.Str(), Hint: d.Str()}
			for range d.Count() {
				w.Related = append(w.Related, d.Pos())
			}
			p.rec.Warnings = append(p.rec.Warnings, w)
		}
		for range d.Count() {
			p.rec.IDs = append(p.rec.IDs, d.Str())
		}
		for range d.Count() {
			p.rec.Fragments = append(p.rec.Fragments, markdown.Fragment{URL: d.Str(), ID: d.Str(), Pos: d.Pos()})
		}
		if d.Err != nil {
			return d.Err
		}
		c.pages[out] = p
	}
	c.search = d.B // the rest, in the memory of data, not copied
	if d.Err != nil {
		return errCache
	}
	return nil
}

// globalSum is the fingerprint of what every page depends on besides the handbook's
// content: this Rolebook (its build), the config and the handbook's templates/.
func globalSum(cfg *config.Config, opts Options, m *Model) (render.Sum, error) {
	h := sha256.New()
	id, err := selfID()
	if err != nil {
		return render.Sum{}, err
	}
	fmt.Fprintf(h, "rolebook %q\n", id)
	c := *cfg
	c.Quiet, c.Verbose = false, false
	b, err := json.Marshal(c)
	if err != nil {
		return render.Sum{}, err
	}
	fmt.Fprintf(h, "config %d %s\nlivereload %q\n", len(b), b, opts.LiveReload)
	if up := m.Theme.Upper; up != nil {
		err := fs.WalkDir(up, ".", func(name string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				return nil
			}
			b, err := fs.ReadFile(up, name)
			if err != nil {
				return err
			}
			fmt.Fprintf(h, "template %q %d\n", name, len(b))
			h.Write(b)
			return nil
		})
		if err != nil {
			return render.Sum{}, err
		}
	}
	var s render.Sum
	copy(s[:], h.Sum(nil))
	return s, nil
}

// dataSum is the fingerprint of the handbook's data: its data files and the pages of
// the sections the data is read from (roles/, people/), which the views are made of.
func dataSum(m *Model) render.Sum {
	var s render.Sum
	for _, d := range m.Content.Data {
		s = render.HashValue(s, d.File, d.Data)
	}
	data := views.Generated()
	for _, p := range m.Content.Pages {
		if top, _, _ := strings.Cut(p.Path, "/"); slices.Contains(data, top) {
			s = render.HashStrings(s, p.Path)
			s = render.HashUint(s, p.Digest())
		}
	}
	return s
}

// selfID identifies the running Rolebook by the build ID the Go linker writes into every
// executable (an ELF note, or a marked string near the start elsewhere), or failing that
// by a hash of the whole executable.
func selfID() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	if f, err := elf.Open(exe); err == nil {
		defer f.Close()
		if sec := f.Section(".note.go.buildid"); sec != nil {
			if b, err := sec.Data(); err == nil && len(b) > 16 {
				// namesz, descsz, type, "Go\0\0", then the ID.
				if n := binary.LittleEndian.Uint32(b[4:]); bytes.Equal(b[12:16], []byte("Go\x00\x00")) && int(n) <= len(b)-16 {
					return string(b[16 : 16+n]), nil
				}
			}
		}
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", err
	}
	defer f.Close()
	head := make([]byte, 64<<10)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	const marker = "\xff Go build ID: \""
	if i := bytes.Index(head, []byte(marker)); i >= 0 {
		rest := head[i+len(marker):]
		if j := bytes.IndexByte(rest, '"'); j > 0 {
			return string(rest[:j]), nil
		}
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	h := sha256.New()
	if _, err := io.Copy(h, bufio.NewReader(f)); err != nil {
		return "", err
	}
	info, _ := debug.ReadBuildInfo()
	var version string
	if info != nil {
		version = info.Main.Version
	}
	return fmt.Sprintf("%x %s", h.Sum(nil), version), nil
}

// incremental is the state of an incremental build: the fingerprints of this build's
// pages, the previous build's records, and the records being made.
type incremental struct {
	fp    *render.Fingerprints
	ready chan struct{} // closed once fp is set
	prev  *cache

	mu   sync.Mutex
	next *cache
}

// reuse implements render.Input.Reuse.
func (in *incremental) reuse(p *site.Page) (*render.Record, bool) {
	if in.prev == nil {
		return nil, false
	}
	<-in.ready
	old := in.prev.pages[p.Out]
	if old == nil {
		return nil, false
	}
	if in.fp.Same(p, in.prev.site, old.digest, old.rec.Links) || in.fp.Page(p, old.rec.Links) == old.sum {
		return &old.rec, true
	}
	return nil, false
}

// remember implements render.Input.Remember.
func (in *incremental) remember(p *site.Page, rec *render.Record) {
	<-in.ready
	var c *cached
	if in.prev != nil {
		if old := in.prev.pages[p.Out]; old != nil && &old.rec == rec {
			c = old // reused: its sum is this build's too
		}
	}
	if c == nil {
		c = &cached{sum: in.fp.Page(p, rec.Links), rec: *rec}
		if p.Source != nil {
			c.digest = p.Source.Digest()
		}
	}
	in.mu.Lock()
	in.next.pages[p.Out] = c
	in.mu.Unlock()
}

// cacheNote says what happened to the cache, for --verbose.
func cacheNote(name string, err error) string {
	if err == nil {
		return ""
	}
	return fmt.Sprintf("the build cache %s could not be written (the next build renders every page): %v", path.Base(filepath.ToSlash(name)), err)
}
