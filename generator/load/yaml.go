package load

import (
	"cmp"
	"math"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/rolebook/rolebook/generator/diag"
)

// decodeYAML decodes YAML front matter that starts at line firstLine of file.
// Positions come from the line and column of each yaml.Node.
func (dec *decoder) decodeYAML(file string, src []byte, firstLine int) (*Doc, []diag.Diagnostic) {
	if ds := checkUTF8(file, src, firstLine); ds != nil {
		return nil, ds
	}
	doc := NewDoc(file, YAML, diag.Pos{File: file, Line: firstLine, Col: 1})
	var root yaml.Node
	if err := yaml.Unmarshal(src, &root); err != nil {
		return nil, []diag.Diagnostic{yamlError(file, firstLine, src, err)}
	}
	if root.Kind == 0 || len(root.Content) == 0 { // only comments, or nothing
		return doc, nil
	}
	y := yamlConv{file: file, first: firstLine - 1, doc: doc, budget: 64 + 16*len(src),
		limit: cmp.Or(dec.maxNesting, DefaultMaxNesting)}
	top := root.Content[0]
	if top.Kind != yaml.MappingNode {
		return nil, []diag.Diagnostic{diag.Errorf(y.pos(top), diag.RuleSyntax, "write the front matter as key: value lines",
			"the YAML front matter must be a mapping of keys to values, not a %s", yamlKind(top))}
	}
	y.mapping(top, doc.Data, nil, true)
	if len(y.diags) > 0 {
		return nil, y.diags
	}
	return doc, nil
}

// yamlError turns an error of the YAML parser into a diagnostic. The parser gives no
// typed position, and the line in its message is sometimes counted from 0 and
// sometimes missing, so the line is found instead by parsing prefixes of the block:
// the error is on the first line whose prefix no longer parses.
func yamlError(file string, firstLine int, src []byte, err error) diag.Diagnostic {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if _, after, found := strings.Cut(rest, ": "); found {
			msg = after // the line is given by the position instead
		}
	}
	return diag.Errorf(diag.Pos{File: file, Line: firstLine + yamlErrorLine(src) - 1}, diag.RuleSyntax,
		"check the indentation and that every key is followed by \": \"; quote text that contains \": \" or starts with a special character",
		"invalid YAML: %s", msg)
}

// yamlErrorLine returns the 1-based line of src, which does not parse, at which a
// prefix of whole lines stops parsing. A binary search keeps the cost to a few
// parses; it is only paid for a block with an error.
func yamlErrorLine(src []byte) int {
	var ends []int // ends[i] is the end of line i+1, its newline included
	for i, c := range src {
		if c == '\n' {
			ends = append(ends, i+1)
		}
	}
	if len(ends) == 0 || ends[len(ends)-1] < len(src) {
		ends = append(ends, len(src))
	}
	lo, hi := 0, len(ends) // the first lo lines parse; the first hi lines do not
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		var n yaml.Node
		if yaml.Unmarshal(src[:ends[mid-1]], &n) == nil {
			lo = mid
		} else {
			hi = mid
		}
	}
	return max(hi, 1)
}

// yamlConv converts a yaml.Node tree to Doc values and records key positions.
type yamlConv struct {
	file  string
	first int // file line of the block's line 0
	doc   *Doc
	diags []diag.Diagnostic
	// budget bounds the nodes visited, so that aliases of aliases cannot blow up.
	budget int
	// limit bounds the nesting of values (see CheckTOMLNesting); deep is set once
	// it was reported.
	limit int
	deep  bool
}

func (y *yamlConv) pos(n *yaml.Node) diag.Pos {
	return diag.Pos{File: y.file, Line: y.first + max(n.Line, 1), Col: max(n.Column, 1)}
}

// mapping fills m with the entries of mapping node n at path. Positions are recorded
// only for keys written in the block itself (record), not for those that an alias or
// a merge key copies from elsewhere.
func (y *yamlConv) mapping(n *yaml.Node, m map[string]any, path []string, record bool) {
	var merges []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.ShortTag() == "!!merge" {
			merges = append(merges, v)
			continue
		}
		if k.Kind != yaml.ScalarNode {
			y.diags = append(y.diags, diag.Errorf(y.pos(k), diag.RuleSyntax, "use a plain word as the key",
				"a key must be text, not a %s", yamlKind(k)))
			continue
		}
		name := k.Value
		if _, dup := m[name]; dup {
			first := y.doc.Pos(append(path, name)...)
			d := diag.Errorf(y.pos(k), diag.RuleDuplicateKey, "keep one of the two definitions, or rename one of them",
				"key %q is already defined on line %d", name, first.Line)
			d.Related = []diag.Pos{first}
			y.diags = append(y.diags, d)
			continue
		}
		p := append(path, name)
		if record {
			y.doc.SetPos(y.pos(k), p...)
		}
		m[name] = y.value(v, p, record)
	}
	// Merged keys ("<<: *defaults") never override the mapping's own keys.
	for _, mv := range merges {
		srcs := []*yaml.Node{mv}
		if mv.Kind == yaml.SequenceNode {
			srcs = mv.Content
		}
		for _, s := range srcs {
			merged, ok := y.value(s, path, false).(map[string]any)
			if !ok {
				y.diags = append(y.diags, diag.Errorf(y.pos(s), diag.RuleSyntax, "merge a mapping: <<: *anchor",
					"the value of a merge key (<<) must be a mapping"))
				continue
			}
			for k, v := range merged {
				if _, ok := m[k]; !ok {
					m[k] = v
				}
			}
		}
	}
}

// value converts node n at path to a Doc value.
func (y *yamlConv) value(n *yaml.Node, path []string, record bool) any {
	if y.budget--; y.budget < 0 {
		if y.budget == -1 {
			y.diags = append(y.diags, diag.Errorf(y.pos(n), diag.RuleSyntax, "use fewer aliases (*name)",
				"the YAML front matter expands to too many values"))
		}
		return nil
	}
	if len(path) > y.limit {
		if !y.deep {
			y.deep = true
			y.diags = append(y.diags, nestingError(y.pos(n), len(path), y.limit))
		}
		return nil
	}
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias == nil {
			return nil
		}
		return y.value(n.Alias, path, false)
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		y.mapping(n, m, path, record)
		return m
	case yaml.SequenceNode:
		s := make([]any, len(n.Content))
		for i, e := range n.Content {
			p := append(path, strconv.Itoa(i))
			if record {
				y.doc.SetPos(y.pos(e), p...)
			}
			s[i] = y.value(e, p, record)
		}
		return s
	case yaml.ScalarNode:
		return y.scalar(n)
	}
	return nil
}

// scalar converts a scalar node to string, int64, float64, bool, time.Time or nil.
func (y *yamlConv) scalar(n *yaml.Node) any {
	switch n.ShortTag() {
	case "!!null":
		return nil
	case "!!bool", "!!int", "!!float", "!!timestamp":
	default: // !!str, !!binary and custom tags keep their text
		return n.Value
	}
	var v any
	if err := n.Decode(&v); err != nil {
		y.diags = append(y.diags, diag.Errorf(y.pos(n), diag.RuleSyntax, "quote the value to keep it as text",
			"invalid YAML value %q", n.Value))
		return nil
	}
	switch v := v.(type) {
	case int:
		return int64(v)
	case int64:
		return v
	case uint64:
		if v <= math.MaxInt64 {
			return int64(v)
		}
		return float64(v)
	case float64, bool, time.Time, string:
		return v
	}
	return n.Value
}

func yamlKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.SequenceNode:
		return "list"
	case yaml.MappingNode:
		return "mapping"
	case yaml.AliasNode:
		return "alias"
	}
	return "single value"
}
