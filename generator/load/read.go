package load

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/rolebook/rolebook/generator/diag"
)

// Page is a Markdown file of the content folder.
type Page struct {
	// Path is the slash path relative to the content folder: "team/how-we-work.md".
	Path string
	// File is the slash path relative to the source folder, as printed in
	// diagnostics: "content/team/how-we-work.md".
	File string
	// Front is the decoded front matter; nil when the file has none or it has errors.
	Front *Doc
	// Body is the Markdown after the front matter.
	Body []byte
	// BodyLine is the line of File at which Body starts.
	BodyLine int

	// from reads File again for Markdown; size and sum are the length and digest of
	// the file as Read read it, and off is where Body starts in it. from is nil for a
	// Page that Read did not make.
	from      *origin
	off       int
	size, sum uint64
	stamp     Stamp
}

// origin is how Read opened the files of one call: what Page.Markdown needs to read
// one again.
type origin struct {
	fsys    fs.FS
	root    string
	maxSize int64
	keep    func(path string) bool
	knownFn func(file string, s Stamp) *Page
	// rootFD is the folder root, open while Read's workers run (stampOf); -1 when
	// it is not.
	rootFD int
}

// ChangedError is the error of Page.Markdown when the page's file is not the one Read
// read: it was edited, replaced or removed since.
type ChangedError struct {
	// File is the Page's File.
	File string
}

func (e *ChangedError) Error() string {
	return e.File + " changed while the site was being built"
}

// Markdown returns the page's Body. When Read left Body out (see Options.DropBodies),
// it reads the file again and returns its body, the same bytes Read found there, or a
// *ChangedError when the file is not the one Read read. The checks Read applied to the
// body hold for the same bytes, so they are not repeated. Calls may run concurrently.
func (p *Page) Markdown() ([]byte, error) {
	return p.ReadMarkdown(nil)
}

// ReadMarkdown is Markdown reading the file, when it has to, into *buf, which it grows
// as needed: a caller that renders page after page reuses one buffer instead of
// allocating one per page. The body returned then shares memory with *buf and is good
// until the next call with buf. A nil buf reads into new memory.
func (p *Page) ReadMarkdown(buf *[]byte) ([]byte, error) {
	if p.Body != nil || p.from == nil {
		return p.Body, nil
	}
	o := p.from
	var into []byte
	if buf != nil {
		into = *buf
	}
	src, size, err := readFile(o.fsys, o.root, p.File, o.maxSize, into)
	if buf != nil && cap(src) > cap(into) {
		*buf = src
	}
	if err == nil {
		normalizeCR(src)
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, &ChangedError{File: p.File}
	case err != nil:
		return nil, fmt.Errorf("cannot read %s again: %w", p.File, unwrapPath(err))
	case uint64(size) != p.size || digest(src) != p.sum:
		return nil, &ChangedError{File: p.File}
	}
	// The body as loaded: without the control characters loading warned about.
	return stripControl(src[p.off:]), nil
}

// Digest returns a hash of the page's file as Read read it, front matter included,
// that is the same in every process: an incremental build compares it with the one
// the previous build recorded to tell whether the file changed. It is 0 for a Page
// that Read did not make.
func (p *Page) Digest() uint64 { return p.sum }

// castagnoli is the CRC-32C table; both it and IEEE's are computed by the processor's
// own instructions on amd64 and arm64.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// digest is the 64-bit hash of a file: its CRC-32C and its CRC-32 (IEEE). Two
// different polynomials miss together only changes that are multiples of both, a
// chance of about one in 2^64 for an edit, at several gigabytes a second.
func digest(b []byte) uint64 {
	return uint64(crc32.Checksum(b, castagnoli))<<32 | uint64(crc32.ChecksumIEEE(b))
}

// Content is everything Read found in the content folder, each list sorted by path.
type Content struct {
	// Pages holds every .md file, sorted by Path.
	Pages []*Page
	// Data holds every .toml file, decoded, sorted by File.
	Data []*Doc
	// Static lists every other file (images, PDFs...), as slash paths relative to the
	// content folder. Dotfiles and editor backups are left out.
	Static []string
}

// Options tune Read. The zero value is ready to use.
type Options struct {
	// Root is the folder fsys reads, on the machine's file system, when there is one:
	// symbolic links are followed only to files inside it, and files are read from
	// it directly, with fewer system calls than through fsys. Without Root no link
	// is followed. Even inside Root, a link is not followed into a folder or to a
	// file whose name starts with a dot (.git/config holds the tokens of CI
	// checkouts), nor into a folder of Exclude.
	Root string
	// Exclude lists folders of the machine that a link must not lead into even when
	// they are inside Root: the destination of the build, which holds files that
	// are not content.
	Exclude []string
	// MaxFileSize is the largest .md or .toml file Read accepts, in bytes; 0 means
	// 20 MiB. A bigger file is an error naming it. Static files are not read, so
	// they have no limit here.
	MaxFileSize int64
	// Workers is how many files are read and decoded at once; 0 means GOMAXPROCS.
	Workers int
	// MaxNesting is the deepest nesting of values front matter and data files may
	// have (see CheckTOMLNesting); 0 means DefaultMaxNesting. A deeper file is an
	// error at the place where it goes over.
	MaxNesting int
	// DropBodies leaves Body nil on the pages that need it only to be rendered, so
	// that memory does not hold the text of the whole handbook at once: Page.Markdown
	// reads it again when the page renders. Bodies are kept for the pages KeepBody
	// names, and for pages whose front matter has no title, which takes the first
	// heading of the body instead.
	DropBodies bool
	// KeepBody, when not nil, names the pages whose bodies DropBodies keeps besides
	// the untitled ones: the pages a later stage decodes before rendering (the
	// handbook's roles and people: handbook.IsDataPage).
	KeepBody func(path string) bool
	// Known, when not nil, is asked for each Markdown file, with the file's Stamp,
	// before the file is read: when it returns the Page read from the same file before
	// (DecodePage of what Page.AppendBinary encoded), the file is not read again, and
	// the page stands for it as it was. It is called from many goroutines at once.
	Known func(file string, s Stamp) *Page
}

// DefaultMaxFileSize is the MaxFileSize used when Options leaves it zero.
const DefaultMaxFileSize = 20 << 20

// Read walks the folder dir of fsys (normally "content") and returns its pages, data
// files and static files, with a diagnostic for every problem found: files that cannot
// be read, are too big or are not UTF-8, and front matter or TOML with errors. A file
// with an error is still listed when what remains of it is usable: a page keeps its
// body with a nil Front; a data file with an error is left out of Data.
//
// Files are read and decoded by a bounded pool of workers; the result does not depend
// on their number or timing. A missing dir is not an error: the Content is empty.
//
// When ctx is done (Ctrl-C), Read stops listing and decoding files, also inside a large
// data file, and returns at once an empty Content and no diagnostics: the caller checks
// ctx.Err(). A worker still inside a TOML decoder that cannot be interrupted finishes
// that one file in the background and stops.
func Read(ctx context.Context, fsys fs.FS, dir string, opts Options) (*Content, *diag.List) {
	diags := &diag.List{}
	c := &Content{}
	if opts.MaxFileSize <= 0 {
		opts.MaxFileSize = DefaultMaxFileSize
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}

	var jobs []job
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err != nil {
			if p == dir && errors.Is(err, fs.ErrNotExist) {
				return fs.SkipAll
			}
			diags.Add(diag.Errorf(diag.Pos{File: p}, diag.RuleRead, "check that the file can be read", "cannot read: %v", unwrapPath(err)))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p == dir {
			if !d.IsDir() {
				diags.Add(diag.Errorf(diag.Pos{File: p}, diag.RuleRead, "make "+dir+" a folder of Markdown pages and TOML data",
					"%s is a file, not a folder", dir))
			}
			return nil
		}
		if skipped(d.Name()) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			if msg, hint := symlink(opts.Root, opts.Exclude, p); msg != "" {
				diags.Add(diag.Errorf(diag.Pos{File: p}, diag.RuleSymlink, hint, "%s", msg))
				return nil
			}
		}
		rel := strings.TrimPrefix(p, dir+"/")
		if dir == "." {
			rel = p
		}
		kind := static
		switch path.Ext(p) {
		case ".md":
			kind = page
		case ".toml":
			kind = data
		}
		jobs = append(jobs, job{kind: kind, rel: rel, file: p})
		return nil
	})
	if ctx.Err() != nil {
		return &Content{}, &diag.List{}
	}
	if err != nil {
		diags.Add(diag.Errorf(diag.Pos{File: dir}, diag.RuleRead, "check that the folder can be read", "cannot read: %v", err))
	}
	// WalkDir visits each folder in name order, but "a/b.md" comes before "a-b.md"
	// that way; sort by the whole path, as promised.
	slices.SortFunc(jobs, func(a, b job) int { return strings.Compare(a.rel, b.rel) })

	from := &origin{fsys: fsys, root: opts.Root, maxSize: opts.MaxFileSize, keep: opts.KeepBody, knownFn: opts.Known, rootFD: -1}
	if from.root != "" && from.knownFn != nil {
		from.rootFD = openFolder(from.root)
	}
	if !run(ctx, from, jobs, opts, diags) {
		return &Content{}, &diag.List{}
	}

	for i := range jobs {
		j := &jobs[i]
		switch {
		case j.kind == static:
			c.Static = append(c.Static, j.rel)
		case j.page != nil:
			c.Pages = append(c.Pages, j.page)
		case j.doc != nil:
			c.Data = append(c.Data, j.doc)
		}
	}
	return c, diags
}

// symlink says why the symbolic link at p (a slash path inside root) is refused, or ""
// for a link to a file inside root. Links to folders are never followed, so a loop of
// links cannot hang a build; links that leave the handbook folder would publish files
// from elsewhere on the machine, and so would links into a hidden folder or file
// (.git/config, .env) or into a folder of exclude.
func symlink(root string, exclude []string, p string) (msg, hint string) {
	if root == "" {
		return "symbolic links are not followed", "replace the link with the file itself"
	}
	link := filepath.Join(root, filepath.FromSlash(p))
	target, err := filepath.EvalSymlinks(link)
	if err != nil {
		return fmt.Sprintf("broken or looping symbolic link: %v", unwrapPath(err)), "fix or remove the link"
	}
	absRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		absRoot = root
	}
	rel, ok := inside(absRoot, target)
	if !ok {
		return fmt.Sprintf("symbolic link to %s leaves the handbook folder", target), "copy the file into the handbook instead of linking to it"
	}
	for _, part := range strings.Split(rel, string(filepath.Separator)) {
		if strings.HasPrefix(part, ".") && rel != "." {
			return fmt.Sprintf("symbolic link to %s, which is hidden (its name or a folder's starts with a dot)", filepath.ToSlash(rel)),
				"link to a file that is not hidden, or copy it into content/ if it really should be published"
		}
	}
	for _, ex := range exclude {
		if real, err := filepath.EvalSymlinks(ex); err == nil {
			ex = real
		}
		if _, ok := inside(ex, target); ok {
			return fmt.Sprintf("symbolic link into the destination folder %s", ex), "link to the source of the file, not to a built copy"
		}
	}
	if st, err := os.Stat(target); err == nil && st.IsDir() {
		return "symbolic links to folders are not followed", "move the folder into content/ instead of linking to it"
	}
	return "", ""
}

// inside returns the path of target relative to dir and whether target is dir or
// inside it. Both are absolute paths without symbolic links.
func inside(dir, target string) (string, bool) {
	rel, err := filepath.Rel(dir, target)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return "", false
	}
	return rel, true
}

// jobKind is what Read does with a file.
type jobKind uint8

const (
	static jobKind = iota
	page
	data
)

// job is one file to read; a worker fills in page or doc.
type job struct {
	kind jobKind
	rel  string // relative to the content folder
	file string // relative to the source folder
	page *Page
	doc  *Doc
}

// run reads and decodes the pages and data files of jobs on at most opts.Workers
// goroutines. Each worker takes the next job by index and writes only into it, so
// the jobs keep their order and need no lock. It returns false, without waiting for
// the workers, when ctx is done: each stops after its current file.
func run(ctx context.Context, from *origin, jobs []job, opts Options, diags *diag.List) bool {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(opts.Workers, len(jobs)) {
		wg.Go(func() {
			dec := decoder{maxNesting: opts.MaxNesting, ctx: ctx}
			for ctx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= len(jobs) {
					return
				}
				if j := &jobs[i]; j.kind != static {
					diags.Add(dec.load(from, j, opts.DropBodies)...)
				}
			}
		})
	}
	done := make(chan struct{})
	go func() {
		wg.Wait()
		closeFolder(from.rootFD) // once no worker can use it
		from.rootFD = -1
		close(done)
	}()
	select {
	case <-done:
	case <-ctx.Done():
	}
	return ctx.Err() == nil
}

// load reads one page or data file of a job. With dropBodies, a page is read into the
// decoder's buffer, which the next file reuses, and only the bodies that are kept are
// copied out of it.
func (dec *decoder) load(from *origin, j *job, dropBodies bool) []diag.Diagnostic {
	file := diag.Pos{File: j.file}
	maxSize := from.maxSize
	tooBig := func(size int64) []diag.Diagnostic {
		return []diag.Diagnostic{diag.Errorf(file, diag.RuleFileSize,
			"split the file, move large media out of .md and .toml files, or raise the limit",
			"the file is %s, more than the limit of %s", byteSize(size), byteSize(maxSize))}
	}
	var stamp Stamp
	if j.kind == page && from.knownFn != nil {
		var p *Page
		if p, stamp = from.known(j, from.knownFn); p != nil {
			j.page = p
			return nil
		}
	}
	var buf []byte
	if dropBodies && j.kind == page {
		buf = dec.buf
	}
	src, size, err := readFile(from.fsys, from.root, j.file, maxSize, buf)
	if buf != nil && cap(src) > cap(buf) {
		dec.buf = src
	}
	if err != nil {
		return []diag.Diagnostic{diag.Errorf(file, diag.RuleRead, "check that the file can be read", "cannot read: %v", unwrapPath(err))}
	}
	if size > maxSize {
		return tooBig(size)
	}
	normalizeCR(src)
	if j.kind == data {
		var diags []diag.Diagnostic
		j.doc, diags = dec.decodeTOML(j.file, src, 1)
		return diags
	}
	front, body, bodyLine, diags := dec.split(j.file, src)
	off := len(src) - len(body)
	// Split checked the front matter; the body must be UTF-8 too.
	diags = append(diags, checkUTF8(j.file, body, bodyLine)...)
	body, cds := checkControl(j.file, body, bodyLine)
	diags = append(diags, cds...)
	j.page = &Page{Path: j.rel, File: j.file, Front: front, Body: body, BodyLine: bodyLine,
		from: from, off: off, size: uint64(len(src)), sum: digest(src), stamp: stamp}
	if dropBodies {
		if keepBody(j.page, from.keep) {
			j.page.Body = bytes.Clone(body)
		} else {
			j.page.Body = nil
		}
	}
	return diags
}

// keepBody reports whether a page's body is used before the page renders: by a later
// stage that decodes it (keep), or for the page's title, which is the body's first
// heading when the front matter has none.
func keepBody(p *Page, keep func(string) bool) bool {
	if keep != nil && keep(p.Path) {
		return true
	}
	if p.Front == nil {
		return true
	}
	title, ok := p.Front.Data["title"].(string)
	return !ok || title == ""
}

// readFile reads the file name of fsys, unless it is bigger than maxSize bytes: then
// it returns no data and the size. When root is not empty, fsys reads that folder of
// the machine's file system and the file is read from it directly (see readDirect).
// The data is read into buf when it is big enough; buf may be nil.
func readFile(fsys fs.FS, root, name string, maxSize int64, buf []byte) ([]byte, int64, error) {
	if root != "" {
		return readDirect(filepath.Join(root, filepath.FromSlash(name)), maxSize, buf)
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, 0, err
	}
	return readOpened(f, maxSize, buf)
}

// readOpened reads the open file f like readFile, and closes it.
func readOpened(f fs.File, maxSize int64, buf []byte) ([]byte, int64, error) {
	defer f.Close()
	var size int64
	if info, err := f.Stat(); err == nil {
		size = info.Size()
	}
	return readAll(f, size, maxSize, buf)
}

// readAll reads r, an open file of the given size (as its file system reports it), to
// its end, unless it is bigger than maxSize bytes: then it returns no data and the
// size. The size comes from the open file (following a symbolic link to its target),
// so that a file is opened, measured and read with one lookup of its path. The data
// is read into buf when it has room for it; buf may be nil.
func readAll(r io.Reader, size, maxSize int64, buf []byte) ([]byte, int64, error) {
	if size > maxSize {
		return nil, size, nil
	}
	// One byte more than the size, so that the read that finds the end of the file
	// does not grow the buffer.
	data := buf[:0]
	if int64(cap(buf)) < size+1 {
		data = make([]byte, 0, size+1)
	}
	for {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := r.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if int64(len(data)) > maxSize {
			// The file is bigger than its file system said (it grew since it was
			// opened, or its size is unknown): report its whole size.
			rest, _ := io.Copy(io.Discard, r)
			return nil, int64(len(data)) + rest, nil
		}
		if err == io.EOF {
			return data, int64(len(data)), nil
		}
		if err != nil {
			return nil, 0, err
		}
	}
}

// normalizeCR turns every carriage return that is not followed by a line feed into a
// line feed, in place: a file saved with the line endings of classic Mac OS (CR
// alone) then has lines, so that its front matter is found, and its positions are the
// lines an editor shows. The length does not change, so offsets stay valid; CRLF is
// kept, and Markdown reads a lone CR as a line ending anyway (TOML allows none).
func normalizeCR(src []byte) {
	for i := bytes.IndexByte(src, '\r'); i >= 0; {
		if i+1 == len(src) || src[i+1] != '\n' {
			src[i] = '\n'
		}
		j := bytes.IndexByte(src[i+1:], '\r')
		if j < 0 {
			return
		}
		i += j + 1
	}
}

// skipped reports whether a file or folder named name is left out of the content.
func skipped(name string) bool { return Skipped(name) }

// unwrapPath drops the operation and path of a *fs.PathError, which the diagnostic's
// position already names.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// byteSize formats n bytes for a message: "21.0 MiB", "512 KiB", "300 B".
func byteSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}
