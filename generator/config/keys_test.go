package config

import (
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/pflag"
)

// TestKinds checks, for every type a key may have, how a value of config.toml (as
// the TOML decoder gives it) and the text of a variable become the field's value,
// and which values are refused.
func TestKinds(t *testing.T) {
	tests := []struct {
		kind string
		toml any // a decoded TOML value
		env  string
		want any // nil: refused
	}{
		{"string", "text", "text", "text"},
		{"string", int64(3), "", nil},
		{"bool", true, "true", true},
		{"bool", false, "0", false},
		{"bool", "yes", "yes", nil},
		{"int", int64(42), "42", 42},
		{"int", int64(-1), "-1", -1},
		{"int", float64(1.5), "1.5", nil},
		{"int", int64(math.MaxInt32) + 1, "2147483648", nil},
		{"int", "ten", "ten", nil},
		{"int64", int64(1) << 40, "1099511627776", int64(1) << 40},
		{"int64", 2.0, "2.0", nil},
		{"float64", 1.5, "1.5", 1.5},
		{"float64", int64(2), "2", 2.0},
		{"float64", math.NaN(), "NaN", nil},
		{"float64", math.Inf(1), "+Inf", nil},
		{"float64", "many", "many", nil},
		{"[]string", []any{"a", "b"}, "a, b", []string{"a", "b"}},
		{"[]string", []any{}, "", []string(nil)},
		{"[]string", []any{"a", int64(1)}, "", nil},
		{"[]string", "a", "", nil},
	}
	for _, tt := range tests {
		got, ok := convert(tt.kind, tt.toml)
		if !ok {
			got = nil
		}
		want := tt.want
		if tt.kind == "[]string" && want != nil && len(want.([]string)) == 0 {
			want = []string{}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("convert(%s, %#v) (-want +got):\n%s", tt.kind, tt.toml, diff)
		}
		if tt.env == "" && tt.kind != "[]string" {
			continue
		}
		if tt.kind == "[]string" && tt.want == nil {
			continue // any text is a list of texts
		}
		got, ok = parseEnv(tt.kind, tt.env)
		if !ok {
			got = nil
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("parseEnv(%s, %q) (-want +got):\n%s", tt.kind, tt.env, diff)
		}
	}
}

// TestFlagKinds checks that a key's flag has the key's type and default.
func TestFlagKinds(t *testing.T) {
	tests := []struct {
		def      any
		wantType string
		arg      string
		want     string
	}{
		{"x", "string", "y", "y"},
		{false, "bool", "true", "true"},
		{3, "int", "4", "4"},
		{int64(3), "int64", "5", "5"},
		{1.5, "float64", "2.5", "2.5"},
		{[]string{"a"}, "stringSlice", "b,c", "[b,c]"},
	}
	for _, tt := range tests {
		fs := pflag.NewFlagSet("test", pflag.ContinueOnError)
		defineFlag(fs, "key", "k", tt.def, "")
		f := fs.Lookup("key")
		if f == nil || f.Value.Type() != tt.wantType || f.Shorthand != "k" {
			t.Errorf("defineFlag(%#v): flag %+v, want type %s", tt.def, f, tt.wantType)
			continue
		}
		if err := fs.Parse([]string{"-k", tt.arg}); err != nil {
			t.Errorf("defineFlag(%#v): %v", tt.def, err)
		} else if got := f.Value.String(); got != tt.want {
			t.Errorf("defineFlag(%#v): -k %s gives %q, want %q", tt.def, tt.arg, got, tt.want)
		}
	}
}

// TestKeyTable checks the rows of the key tables: a type every key can have, a
// default of the field's type, a documentation, unique names and flags, and flags
// only where a command can take them.
func TestKeyTable(t *testing.T) {
	names, flags := map[string]bool{}, map[string]bool{}
	for i := range siteKeys {
		k := &siteKeys[i]
		kind := k.kind() // panics on a type the table does not support
		if k.Default != nil && kindOf(ptrTo(k.Default)) != kind {
			t.Errorf("%s: default %#v is not a %s", k.Name, k.Default, kind)
		}
		if k.Doc == "" {
			t.Errorf("%s: no Doc", k.Name)
		}
		for _, n := range append([]string{k.Name}, k.Aliases...) {
			if names[strings.ToLower(n)] {
				t.Errorf("%s: the name %s is used twice", k.Name, n)
			}
			names[strings.ToLower(n)] = true
		}
		if k.Flag != "" {
			if flags[k.Flag] || flags[k.Short] {
				t.Errorf("%s: the flag %s or -%s is used twice", k.Name, k.Flag, k.Short)
			}
			flags[k.Flag] = true
			if k.Short != "" {
				flags[k.Short] = true
			}
		}
		if k.from()&fromFlag != 0 && k.Flag == "" && k.From != 0 {
			t.Errorf("%s: set by a flag, but has none", k.Name)
		}
		if k.from()&(fromFile|fromEnv) == 0 && k.Flag == "" {
			t.Errorf("%s: nothing can set it", k.Name)
		}
	}
	for i := range languageKeys {
		k := &languageKeys[i]
		_ = k.kind()
		if k.Doc == "" {
			t.Errorf("languages.*.%s: no Doc", k.Name)
		}
	}
}

// ptrTo returns a pointer to a copy of v, for kindOf.
func ptrTo(v any) any {
	switch x := v.(type) {
	case string:
		return &x
	case bool:
		return &x
	case int:
		return &x
	case int64:
		return &x
	case float64:
		return &x
	case []string:
		return &x
	}
	return v
}

// TestFlags checks the flags of each command: from the key table, with Hugo's names
// and any letter case accepted.
func TestFlags(t *testing.T) {
	tests := []struct {
		cmd  string
		args []string
		want map[string]string // flag name -> value after parsing
	}{
		{"build", []string{"-D", "-b", "/docs/", "-d", "out"}, map[string]string{"drafts": "true", "baseURL": "/docs/", "destination": "out"}},
		{"build", []string{"--buildDrafts", "--baseurl=/x/", "--publishDir=site"}, map[string]string{"drafts": "true", "baseURL": "/x/", "destination": "site"}},
		{"build", []string{"--BaseURL", "/y/", "--Drafts=false"}, map[string]string{"drafts": "false", "baseURL": "/y/"}},
		{"serve", []string{"-D", "--baseURL", "/z/"}, map[string]string{"drafts": "true", "baseURL": "/z/"}},
		{"check", []string{"--strict", "--stage", "growth"}, map[string]string{"strict": "true", "stage": "growth"}},
		{"report", []string{"--stage", "growth"}, map[string]string{"stage": "growth"}},
		{"", []string{"--quiet", "--verbose"}, map[string]string{"quiet": "true", "verbose": "true"}},
	}
	for _, tt := range tests {
		fs := commandFlags(t, tt.cmd, tt.args...)
		got := map[string]string{}
		fs.Visit(func(f *pflag.Flag) { got[f.Name] = f.Value.String() })
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s %q (-want +got):\n%s", tt.cmd, tt.args, diff)
		}
	}
	// A command has only its own flags.
	fs := pflag.NewFlagSet("check", pflag.ContinueOnError)
	AddFlags(fs, "check")
	for _, name := range []string{"destination", "baseURL", "drafts", "quiet"} {
		if fs.Lookup(name) != nil {
			t.Errorf("check has --%s", name)
		}
	}
	if got := NormalizeFlag(fs, "format"); got != "format" {
		t.Errorf("NormalizeFlag(format) = %q: flags of no key must stay as they are", got)
	}
}
