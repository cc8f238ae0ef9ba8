// Package wire is the binary encoding that the files a build keeps for the next one
// share: the build cache, the pages it holds (load.Page.AppendBinary) and the search
// index snapshot. Values are unsigned and signed varints, length-prefixed strings and
// positions; a Reader reads them back and remembers the first problem, so that a
// decoder reads a whole record and checks once.
//
// Input: what the Append functions wrote, possibly damaged or truncated. Output: the
// values, or the error the Reader was made with (ErrDamaged by default), never a panic
// and never an allocation larger than the input: Count refuses a number of elements
// greater than the bytes left.
//
// It knows no format of its own (each file has its own header, version and checksum)
// and imports only diag, for positions.
package wire

import (
	"encoding/binary"
	"errors"

	"github.com/rolebook/rolebook/generator/diag"
)

// ErrDamaged is the error of a Reader made without one of its own.
var ErrDamaged = errors.New("damaged encoding")

// AppendString appends s with its length before it.
func AppendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// AppendPos appends a position: its file, line, column and origin.
func AppendPos(b []byte, p diag.Pos) []byte {
	b = AppendString(b, p.File)
	b = binary.AppendUvarint(b, uint64(p.Line))
	b = binary.AppendUvarint(b, uint64(p.Col))
	return binary.AppendUvarint(b, uint64(p.Origin))
}

// Reader reads what the Append functions and binary.AppendUvarint and AppendVarint
// wrote, from the front of B. After the first problem every read returns a zero value
// and Err says what went wrong.
type Reader struct {
	// B is what is left to read.
	B []byte
	// Err is the first problem met, nil while there is none.
	Err error
	// damaged is the error a problem sets.
	damaged error
}

// NewReader returns a Reader of b whose problems are the error damaged (ErrDamaged
// when nil).
func NewReader(b []byte, damaged error) *Reader {
	if damaged == nil {
		damaged = ErrDamaged
	}
	return &Reader{B: b, damaged: damaged}
}

// Fail records that the input is damaged (for the checks a caller makes of the values
// it read).
func (r *Reader) Fail() {
	if r.Err == nil {
		r.Err = r.damaged
		if r.Err == nil {
			r.Err = ErrDamaged
		}
	}
}

// Uvarint reads an unsigned varint.
func (r *Reader) Uvarint() uint64 {
	if r.Err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.B)
	if n <= 0 {
		r.Fail()
		return 0
	}
	r.B = r.B[n:]
	return v
}

// Varint reads a signed varint.
func (r *Reader) Varint() int64 {
	if r.Err != nil {
		return 0
	}
	v, n := binary.Varint(r.B)
	if n <= 0 {
		r.Fail()
		return 0
	}
	r.B = r.B[n:]
	return v
}

// Byte reads one byte.
func (r *Reader) Byte() byte {
	if r.Err != nil || len(r.B) == 0 {
		r.Fail()
		return 0
	}
	c := r.B[0]
	r.B = r.B[1:]
	return c
}

// Bytes reads the next n bytes, in the memory of the input (not copied).
func (r *Reader) Bytes(n uint64) []byte {
	if r.Err != nil || n > uint64(len(r.B)) {
		r.Fail()
		return nil
	}
	out := r.B[:n:n]
	r.B = r.B[n:]
	return out
}

// Count reads a number of elements that each take a byte at least: a number larger
// than the bytes left is damage, so that a caller may allocate that many.
func (r *Reader) Count() int {
	n := r.Uvarint()
	if n > uint64(len(r.B)) {
		r.Fail()
		return 0
	}
	return int(n)
}

// Str reads a string AppendString wrote, copied out of the input.
func (r *Reader) Str() string { return string(r.Bytes(uint64(r.Count()))) }

// Pos reads a position AppendPos wrote.
func (r *Reader) Pos() diag.Pos {
	return diag.Pos{File: r.Str(), Line: int(r.Uvarint()), Col: int(r.Uvarint()), Origin: diag.Origin(r.Uvarint())}
}
