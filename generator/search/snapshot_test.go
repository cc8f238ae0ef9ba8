package search

import (
	"fmt"
	"maps"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestSnapshot writes the index of a handbook, then the index after an edit twice:
// from scratch, and from the first index's snapshot with the pages that did not change
// kept rather than indexed again. The files must be the same, and the second way keeps
// the first index's files for the chunks that did not change.
func TestSnapshot(t *testing.T) {
	pages := searchPages(t, 400)
	first := &memWriter{}
	x := indexed(pages)
	if err := x.Write(2, first.write); err != nil {
		t.Fatal(err)
	}
	data, err := x.Snapshot().MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	edited := func(i int, body string) func([]Document) []Document {
		return func(ps []Document) []Document {
			ps[i].Body += body
			ps[i].Lead = ps[i].Body
			return ps
		}
	}
	tests := []struct {
		name     string
		edit     func([]Document) []Document
		maxFiles int // files written, the manifest included, at most
		// rerender is the URL of a page kept from the snapshot and then indexed again
		// (its file could not be kept, so it was rendered after all).
		rerender string
	}{
		{"nothing changed", func(ps []Document) []Document { return ps }, 1, ""},
		{"a word added to a page", edited(17, " sentence"), 4, ""},
		{"a new word on a page", edited(230, " zyzzyva"), 4, ""},
		{"a page's title", func(ps []Document) []Document { ps[3].Title = "Another title"; return ps }, 6, ""},
		{"a page removed", func(ps []Document) []Document { return append(ps[:50:50], ps[51:]...) }, 1000, ""},
		{"a page added", func(ps []Document) []Document {
			return append(ps[:10:10], append([]Document{{Kind: Page, URL: "/new/", Title: "New page", Body: "fresh words here", Lead: "fresh"}}, ps[10:]...)...)
		}, 1000, ""},
		{"a kept page indexed again", func(ps []Document) []Document { return ps }, 1000, pages[17].URL},
		{"every page changed", func(ps []Document) []Document {
			for i := range ps {
				ps[i].Title += "!"
			}
			return ps
		}, 1000, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := tt.edit(append([]Document(nil), pages...))
			want := &memWriter{}
			if err := indexed(now).Write(2, want.write); err != nil {
				t.Fatal(err)
			}

			var prev Snapshot
			if err := prev.UnmarshalBinary(data); err != nil {
				t.Fatal(err)
			}
			before := map[string]Document{}
			for _, p := range pages {
				before[p.URL] = p
			}
			kept := map[string]bool{}
			var mu sync.Mutex
			y := english(len(now))
			y.From(&prev, func(path string) bool { // called from several goroutines
				mu.Lock()
				defer mu.Unlock()
				_, ok := first.files[path]
				kept[path] = ok
				return ok
			})
			for i, p := range now {
				if p.URL == tt.rerender {
					if !y.Keep("en", i, p.URL) {
						t.Fatalf("%s could not be kept", p.URL)
					}
					y.Add("en", i, p)
					continue
				}
				if before[p.URL] == p && y.Keep("en", i, p.URL) {
					continue
				}
				y.Add("en", i, p)
			}
			got := &memWriter{}
			if err := y.Write(2, got.write); err != nil {
				t.Fatal(err)
			}
			written := len(got.files)
			all := maps.Clone(got.files)
			if all == nil {
				all = map[string][]byte{}
			}
			for path, ok := range kept {
				if ok {
					if _, dup := all[path]; dup {
						t.Errorf("%s was both kept and written", path)
					}
					all[path] = first.files[path]
				}
			}
			if diff := cmp.Diff(names(want.files), names(all)); diff != "" {
				t.Fatalf("files (-from scratch +from the snapshot):\n%s", diff)
			}
			for path, b := range want.files {
				if string(all[path]) != string(b) {
					t.Errorf("%s differs", path)
				}
			}
			t.Logf("%d files written, %d kept, of %d", written, len(all)-written, len(all))
			if written > tt.maxFiles {
				t.Errorf("%d files written, want at most %d", written, tt.maxFiles)
			}
			// The snapshot of the second index starts a third as well as a fresh one.
			again, err := y.Snapshot().MarshalBinary()
			if err != nil {
				t.Fatal(err)
			}
			fresh := indexed(now)
			if err := fresh.Write(2, (&memWriter{}).write); err != nil {
				t.Fatal(err)
			}
			wantSnap, _ := fresh.Snapshot().MarshalBinary()
			if string(again) != string(wantSnap) {
				t.Error("the snapshot differs from a fresh index's")
			}
		})
	}
}

func names(files map[string][]byte) []string {
	var out []string
	for name := range files {
		out = append(out, name)
	}
	return sortedStrings(out)
}

func sortedStrings(s []string) []string {
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if strings.Compare(s[j], s[i]) < 0 {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
	return s
}

// FuzzSnapshot checks that no data, however damaged, makes decoding panic, and that
// what decodes encodes back to the same bytes.
func FuzzSnapshot(f *testing.F) {
	x := indexed([]Document{{Kind: Page, URL: "/a/", Title: "A", Body: "alpha beta 运营", Lead: "alpha"},
		{Kind: Role, URL: "/b/", Title: "B", Body: "beta gamma", Lead: "beta"}})
	if err := x.Write(1, (&memWriter{}).write); err != nil {
		f.Fatal(err)
	}
	data, _ := x.Snapshot().MarshalBinary()
	f.Add(data)
	f.Add([]byte{1, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		var s Snapshot
		if s.UnmarshalBinary(data) != nil {
			return
		}
		again, err := s.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var s2 Snapshot
		if err := s2.UnmarshalBinary(again); err != nil {
			t.Fatalf("re-encoded snapshot does not decode: %v", err)
		}
		if fmt.Sprint(len(s.langs)) != fmt.Sprint(len(s2.langs)) {
			t.Error("languages differ")
		}
	})
}

// TestSnapshotEmpty checks that an index without a term still leaves a snapshot the
// next build can start from.
func TestSnapshotEmpty(t *testing.T) {
	x := indexed([]Document{{Kind: Page, URL: "/a/", Title: "", Body: "", Lead: ""}})
	if err := x.Write(1, (&memWriter{}).write); err != nil {
		t.Fatal(err)
	}
	data, err := x.Snapshot().MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var s Snapshot
	if err := s.UnmarshalBinary(data); err != nil {
		t.Fatalf("the snapshot of an index without terms does not decode: %v", err)
	}
}
