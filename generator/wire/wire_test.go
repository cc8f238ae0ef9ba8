package wire

import (
	"encoding/binary"
	"errors"
	"testing"

	"github.com/rolebook/rolebook/generator/diag"
)

// TestRoundTrip reads back what the Append functions wrote.
func TestRoundTrip(t *testing.T) {
	pos := diag.Pos{File: "content/roles/运营.md", Line: 3, Col: 7, Origin: diag.InFlag}
	var b []byte
	b = AppendString(b, "hello")
	b = AppendPos(b, pos)
	b = binary.AppendVarint(b, -42)
	b = append(b, 9)
	b = AppendString(b, "")
	r := NewReader(b, nil)
	if s := r.Str(); s != "hello" {
		t.Errorf("Str() = %q", s)
	}
	if p := r.Pos(); p != pos {
		t.Errorf("Pos() = %+v, want %+v", p, pos)
	}
	if v := r.Varint(); v != -42 {
		t.Errorf("Varint() = %d", v)
	}
	if c := r.Byte(); c != 9 {
		t.Errorf("Byte() = %d", c)
	}
	if s := r.Str(); s != "" || r.Err != nil || len(r.B) != 0 {
		t.Errorf("the empty string: %q, %v, %d bytes left", s, r.Err, len(r.B))
	}
}

// TestDamage checks that every kind of damage sticks as the Reader's error and that
// reads after it return zero values.
func TestDamage(t *testing.T) {
	mine := errors.New("mine")
	for _, tt := range []struct {
		name string
		data []byte
		read func(r *Reader)
	}{
		{"truncated varint", []byte{0x80}, func(r *Reader) { r.Uvarint() }},
		{"string longer than the input", AppendString(nil, "abc")[:2], func(r *Reader) { r.Str() }},
		{"count larger than the input", binary.AppendUvarint(nil, 1<<40), func(r *Reader) { r.Count() }},
		{"byte past the end", nil, func(r *Reader) { r.Byte() }},
		{"bytes past the end", []byte{1, 2}, func(r *Reader) { r.Bytes(3) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := NewReader(tt.data, mine)
			tt.read(r)
			if !errors.Is(r.Err, mine) {
				t.Fatalf("Err = %v, want the Reader's error", r.Err)
			}
			if r.Uvarint() != 0 || r.Str() != "" || r.Byte() != 0 || !errors.Is(r.Err, mine) {
				t.Error("a read after the damage returned a value or changed the error")
			}
		})
	}
	var zero Reader
	zero.Byte()
	if !errors.Is(zero.Err, ErrDamaged) {
		t.Errorf("a zero Reader's damage is %v, want ErrDamaged", zero.Err)
	}
}

// FuzzReader reads arbitrary bytes as every kind of value: no panic, and never more
// elements than bytes.
func FuzzReader(f *testing.F) {
	f.Add(AppendPos(AppendString(nil, "x"), diag.Pos{File: "a", Line: 1}))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
	f.Fuzz(func(t *testing.T, data []byte) {
		r := NewReader(data, nil)
		for r.Err == nil && len(r.B) > 0 {
			if n := r.Count(); n > len(data) {
				t.Fatalf("Count() = %d for %d bytes", n, len(data))
			}
			r.Str()
			r.Pos()
			r.Varint()
		}
	})
}
