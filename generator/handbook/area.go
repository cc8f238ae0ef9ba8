package handbook

import (
	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/load"
)

// Area is one table of content/areas.toml: the title of a duty area, which is otherwise
// shown by its id (the name of its duty file, "service").
type Area struct {
	ID    string
	Title Text
	Pos   diag.Pos // the table header
	Src   Source
}

func areaKeys() []string { return []string{"title"} }

func (d *decoder) area(doc *load.Doc, id string, m map[string]any) {
	src := Source{doc: doc, table: []string{id}}
	a := &Area{ID: id, Pos: doc.Pos(id), Src: src}
	what := entity{"area", id}
	for k, v := range m {
		f := field{src: src, what: what, key: k, v: v}
		switch k {
		case "title":
			a.Title = d.text(f)
		default:
			d.unknownKey(f, areaKeys())
		}
	}
	d.require(src, what, "title", m)
	if first, ok := d.h.areaTables[id]; ok {
		d.duplicate("area", id, a.Pos, first.Pos)
		return
	}
	d.h.areaTables[id] = a
	d.h.AreaTables = append(d.h.AreaTables, a)
}

// Area returns the table of content/areas.toml for the area id, or nil.
func (h *Handbook) Area(id string) *Area { return h.areaTables[id] }

// AreaTitle returns the title of the area id in lang (the default language's when it
// has none in lang), or "" when content/areas.toml does not name the area.
func (h *Handbook) AreaTitle(id, lang string) string {
	if a := h.areaTables[id]; a != nil {
		return a.Title.Get(lang, h.DefaultLanguage)
	}
	return ""
}
