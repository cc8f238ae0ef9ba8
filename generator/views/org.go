package views

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// OrgView is the org chart: an indented tree drawn as SVG, and the same tree as a
// nested list for readers without images.
type OrgView struct {
	Width, Height int
	Nodes         []OrgNode
	// Edges are SVG path data, one elbow per reporting line.
	Edges []string
	Tree  []*OrgItem
}

// OrgNode is one role's box in the chart.
type OrgNode struct {
	Role       *RoleRef
	X, Y, W, H int
	// Line is the second line of the box: holders' names, or why there are none.
	Line    string
	Vacant  bool
	Planned bool
}

// OrgItem is one role in the nested list, with its direct reports.
type OrgItem struct {
	Node     *OrgNode
	Children []*OrgItem
}

// The chart's geometry, in pixels: an indented tree keeps every box on its own row,
// so a hundred roles stay readable at any depth; only the height grows.
const (
	orgPad    = 8
	orgIndent = 28
	orgBoxH   = 46
	orgGap    = 10
	orgMinW   = 160
	orgFont   = 14
)

func (v *Views) org() *OrgView {
	o := &OrgView{}
	children := map[string][]*RoleRef{}
	var roots []*RoleRef
	for _, r := range v.Roles {
		if p := v.roles[r.Role.ReportsTo]; p != nil && p != r {
			children[p.ID] = append(children[p.ID], r)
		} else {
			roots = append(roots, r)
		}
	}
	slices.SortFunc(roots, func(a, b *RoleRef) int { return cmp.Compare(a.ID, b.ID) })
	seen := map[string]bool{}
	var walk func(r *RoleRef, depth int, parent *OrgNode) *OrgItem
	walk = func(r *RoleRef, depth int, parent *OrgNode) *OrgItem {
		seen[r.ID] = true
		n := v.orgNode(r, depth, len(o.Nodes))
		o.Nodes = append(o.Nodes, n)
		item := &OrgItem{Node: &o.Nodes[len(o.Nodes)-1]}
		if parent != nil {
			x := parent.X + orgIndent/2
			o.Edges = append(o.Edges, pathElbow(x, parent.Y+parent.H, n.Y+n.H/2, n.X))
		}
		for _, c := range children[r.ID] {
			if !seen[c.ID] {
				item.Children = append(item.Children, walk(c, depth+1, &n))
			}
		}
		return item
	}
	for _, r := range roots {
		o.Tree = append(o.Tree, walk(r, 0, nil))
	}
	// Roles in a reporting cycle (an error check reports) hang from no root: draw them
	// as roots so that none is lost.
	for _, r := range v.Roles {
		if !seen[r.ID] {
			o.Tree = append(o.Tree, walk(r, 0, nil))
		}
	}
	// Items point into o.Nodes, which appends may have moved: point them again.
	var fix func(items []*OrgItem)
	i := 0
	fix = func(items []*OrgItem) {
		for _, it := range items {
			it.Node = &o.Nodes[i]
			i++
			fix(it.Children)
		}
	}
	fix(o.Tree)
	for _, n := range o.Nodes {
		o.Width = max(o.Width, n.X+n.W+orgPad)
	}
	o.Height = orgPad*2 + len(o.Nodes)*(orgBoxH+orgGap) - orgGap
	return o
}

func (v *Views) orgNode(r *RoleRef, depth, row int) OrgNode {
	n := OrgNode{Role: r, X: orgPad + depth*orgIndent, Y: orgPad + row*(orgBoxH+orgGap), H: orgBoxH, Vacant: r.Vacant(), Planned: !r.Present}
	var names []string
	for _, p := range r.Holders {
		names = append(names, p.Name)
	}
	switch {
	case len(names) > 0:
		n.Line = strings.Join(names, v.t("list_sep"))
	case n.Planned && r.CoveredBy != nil:
		n.Line = v.t("org_covered_by", r.CoveredBy.Title)
	case n.Planned:
		n.Line = v.t("org_planned")
	default:
		n.Line = v.t("vacant")
	}
	n.W = max(orgMinW, textWidth(r.Title)+24, textWidth(n.Line)+24)
	return n
}

// textWidth estimates the width of s in pixels at the chart's font size: wide (CJK)
// characters take a full em, others a little over half.
func textWidth(s string) int {
	w := 0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hangul, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || (r >= 0xFF00 && r <= 0xFFEF) || (r >= 0x3000 && r <= 0x303F) {
			w += orgFont
		} else {
			w += orgFont * 62 / 100
		}
	}
	return w
}

// pathElbow draws a reporting line down from (x, top) and across to (toX, y).
func pathElbow(x, top, y, toX int) string {
	return "M" + strconv.Itoa(x) + " " + strconv.Itoa(top) + "V" + strconv.Itoa(y) + "H" + strconv.Itoa(toX)
}
