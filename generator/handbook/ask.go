package handbook

// AskFor returns the person to ask at the stage about a duty whose accountable role, as
// written, is role: what Folding gives such a duty's Line.Person (nil for none). The
// importer reads a stage's matrix with it, to tell which absent role a covering role
// answers for.
func (h *Handbook) AskFor(role, stageID string) *Person {
	f := &Folding{h: h, Stage: h.stages[stageID]}
	o := f.role(role)
	if o == nil {
		return nil
	}
	l := &Line{Owner: o}
	f.resolvePerson(l, role)
	return l.Person
}
