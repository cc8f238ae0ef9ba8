package load

import (
	"context"
	"io/fs"
	"strings"
	"sync/atomic"
	"testing"
)

// cancelFS cancels a context when the file number at is opened, and counts the files
// opened after that.
type cancelFS struct {
	fs.FS
	at     int64
	cancel context.CancelFunc
	opened atomic.Int64
	after  atomic.Int64
}

func (c *cancelFS) Open(name string) (fs.File, error) {
	if strings.HasSuffix(name, ".md") || strings.HasSuffix(name, ".toml") {
		switch n := c.opened.Add(1); {
		case n == c.at:
			c.cancel()
		case n > c.at:
			c.after.Add(1)
		}
	}
	return c.FS.Open(name)
}

// TestReadCancel cancels Read's context while it reads a thousand files: each worker
// stops after the file it is reading, and Read returns nothing.
func TestReadCancel(t *testing.T) {
	const workers = 4
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	fsys := &cancelFS{FS: generated(1000), at: 10, cancel: cancel}
	c, diags := Read(ctx, fsys, "content", Options{Workers: workers})
	if len(c.Pages)+len(c.Data)+len(c.Static) != 0 || diags.Len() != 0 {
		t.Errorf("Read returned %d pages, %d data files and %d diagnostics after it was interrupted", len(c.Pages), len(c.Data), diags.Len())
	}
	if n := fsys.after.Load(); n > workers {
		t.Errorf("%d files were opened after the context was cancelled, want at most one per worker (%d)", n, workers)
	}
}

// TestDecodeCancel interrupts the decoding of one large data file: the locator stops
// at its first look at the context instead of going through 40,000 elements.
func TestDecodeCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	src := []byte("x = [" + strings.Repeat("1.5, ", 40000) + "1.5]\n")
	dec := decoder{ctx: ctx}
	doc, diags := dec.decodeTOML("content/x.toml", src, 1)
	if doc != nil || diags != nil {
		t.Errorf("decodeTOML = %v, %v; want nothing once interrupted", doc, diags)
	}
	if dec.ticks > 1024 {
		t.Errorf("the locator went through %d steps after the context was cancelled, want at most 1024", dec.ticks)
	}
}
