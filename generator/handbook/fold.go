package handbook

import "sort"

// Folding is the handbook at one stage: every duty's RACI line once the roles the stage
// does not have are folded into the roles that cover them, and the one person who
// answers for each duty. It is the single answer to "who owns, does, is consulted on
// and is informed of this duty at stage S": the check, the staff site's pages and data
// files, and the owner's report all read it, so they cannot disagree.
//
// The rules, in order:
//   - A role the stage has stays itself; an absent role becomes the role its cover
//     chain ends at (Handbook.OwnerRoleAt), or nothing when the chain ends nowhere.
//   - Each folded role appears once per letter list, in the order of the duty's lists.
//     Consulted and Informed leave out roles that are already accountable or
//     responsible: a role that does the work is not also consulted on it. A role that
//     is accountable and responsible keeps both letters.
//   - The person to ask is, among the holders of the folded accountable role: the lead
//     named by the first cover of the chain that names one, else the role's lead, else
//     the only holder. A lead who does not hold the role is ignored here (the check
//     reports it). Two holders and no lead, or no holder, leave no person.
//   - At person level, the person to ask has the letter A; the other holders of the
//     accountable role have R instead: they share the work, the lead answers for it.
//
// People are the handbook's people as they are today, whatever the stage: folding at an
// earlier or later stage shows how today's team would divide the work.
type Folding struct {
	h *Handbook
	// Stage is the stage folded at; nil when the handbook has no stages (every role
	// exists, nothing is covered).
	Stage *Stage
	lines []Line
	index map[string]int // duty id -> index in lines
	roles map[string]*FoldedDuties
}

// Line is one duty at a stage.
type Line struct {
	Duty *Duty
	// Owner is the accountable role at the stage; nil when the duty has not exactly one
	// accountable role, the role is unknown, or its cover chain ends nowhere.
	Owner *Role
	// Covering says Owner takes the duty for the absent accountable role.
	Covering bool
	// Responsible, Consulted and Informed are the folded roles of the duty's lists.
	Responsible, Consulted, Informed []*Role
	// Holders are the people who hold Owner, by id.
	Holders []*Person
	// Person is the one person to ask; nil when Owner has no holder, or several and
	// no lead.
	Person *Person
	// Lead is how Person was chosen: LeadSole, LeadRole or LeadCover; LeadNone
	// without a person.
	Lead LeadSource
	// LeadCover is the cover that named the lead (Lead == LeadCover).
	LeadCover *Cover
}

// LeadSource says how the person to ask for a duty was found.
type LeadSource int

// The ways a duty's person is found.
const (
	LeadNone  LeadSource = iota // no one: no holder, or several and no lead
	LeadSole                    // the only holder of the accountable role
	LeadRole                    // the accountable role's lead key
	LeadCover                   // the lead key of a stage's cover
)

// Letters returns the letters of role on the line, in A, R, C, I order ("AR", "C"),
// or "" when the line does not name it.
func (l *Line) Letters(roleID string) string {
	var b []byte
	if l.Owner != nil && l.Owner.ID == roleID {
		b = append(b, 'A')
	}
	for _, x := range []struct {
		roles  []*Role
		letter byte
	}{{l.Responsible, 'R'}, {l.Consulted, 'C'}, {l.Informed, 'I'}} {
		for _, r := range x.roles {
			if r.ID == roleID {
				b = append(b, x.letter)
				break
			}
		}
	}
	return string(b)
}

// PersonLetters returns the person's letters on the line through the roles they hold
// (see Folding): A only for the person to ask.
func (l *Line) PersonLetters(p *Person) string {
	var a, r, c, i bool
	for _, id := range p.Roles {
		ls := l.Letters(id)
		for j := 0; j < len(ls); j++ {
			switch ls[j] {
			case 'A':
				if l.Person == p {
					a = true
				} else {
					r = true
				}
			case 'R':
				r = true
			case 'C':
				c = true
			case 'I':
				i = true
			}
		}
	}
	var b []byte
	for _, x := range []struct {
		on bool
		l  byte
	}{{a, 'A'}, {r, 'R'}, {c && !a && !r, 'C'}, {i && !a && !r && !c, 'I'}} {
		if x.on {
			b = append(b, x.l)
		}
	}
	return string(b)
}

// FoldedDuties are the lines that name one role at a stage, grouped by letter, in duty
// order. A line is in A and R when the role has both letters.
type FoldedDuties struct {
	Accountable, Responsible, Consulted, Informed []*Line
}

// Fold folds the handbook at the stage with the id; "" or an unknown id fold at no
// stage (every role exists). It runs in time linear in the size of the handbook.
func (h *Handbook) Fold(stageID string) *Folding {
	f := &Folding{h: h, Stage: h.stages[stageID], index: make(map[string]int, len(h.Duties)),
		roles: map[string]*FoldedDuties{}}
	f.lines = make([]Line, len(h.Duties))
	var seen []*Role
	for i, d := range h.Duties {
		f.index[d.ID] = i
		l := &f.lines[i]
		l.Duty = d
		seen = seen[:0]
		if len(d.Accountable) == 1 {
			if o := f.role(d.Accountable[0]); o != nil {
				l.Owner, l.Covering = o, o.ID != d.Accountable[0]
				seen = append(seen, o)
				f.resolvePerson(l, d.Accountable[0])
			}
		}
		l.Responsible = f.roleList(d.Responsible, nil)
		seen = append(seen, l.Responsible...)
		l.Consulted = f.roleList(d.Consulted, seen)
		seen = append(seen, l.Consulted...)
		l.Informed = f.roleList(d.Informed, seen)
		if l.Owner != nil {
			f.file(l.Owner.ID).Accountable = append(f.file(l.Owner.ID).Accountable, l)
		}
		for _, r := range l.Responsible {
			f.file(r.ID).Responsible = append(f.file(r.ID).Responsible, l)
		}
		for _, r := range l.Consulted {
			f.file(r.ID).Consulted = append(f.file(r.ID).Consulted, l)
		}
		for _, r := range l.Informed {
			f.file(r.ID).Informed = append(f.file(r.ID).Informed, l)
		}
	}
	return f
}

func (f *Folding) file(roleID string) *FoldedDuties {
	fd := f.roles[roleID]
	if fd == nil {
		fd = &FoldedDuties{}
		f.roles[roleID] = fd
	}
	return fd
}

// role returns the role that does id's work at the stage, or nil.
func (f *Folding) role(id string) *Role {
	if f.Stage == nil {
		return f.h.roles[id]
	}
	return f.h.roles[f.h.owners[f.Stage.ID][id]]
}

// roleList folds ids, each folded role once and none of skip.
func (f *Folding) roleList(ids []string, skip []*Role) []*Role {
	if len(ids) == 0 {
		return nil
	}
	out := make([]*Role, 0, len(ids))
	for _, id := range ids {
		r := f.role(id)
		if r == nil || containsRole(out, r) || containsRole(skip, r) {
			continue
		}
		out = append(out, r)
	}
	return out
}

func containsRole(list []*Role, r *Role) bool {
	for _, x := range list {
		if x == r {
			return true
		}
	}
	return false
}

// resolvePerson finds the one person to ask for l, whose written accountable role is
// written.
func (f *Folding) resolvePerson(l *Line, written string) {
	l.Holders = f.h.holders[l.Owner.ID]
	holds := func(id string) *Person {
		for _, p := range l.Holders {
			if p.ID == id {
				return p
			}
		}
		return nil
	}
	if f.Stage != nil {
		// The chain's covers, nearest first; it ends at the owner.
		for cur := written; cur != l.Owner.ID; {
			c := f.Stage.coverOf(cur)
			if c == nil {
				break
			}
			if c.Lead != "" {
				if p := holds(c.Lead); p != nil {
					l.Person, l.Lead, l.LeadCover = p, LeadCover, c
					return
				}
			}
			cur = c.By
		}
	}
	if lead := l.Owner.Lead; lead != "" {
		if p := holds(lead); p != nil {
			l.Person, l.Lead = p, LeadRole
			return
		}
	}
	if len(l.Holders) == 1 {
		l.Person, l.Lead = l.Holders[0], LeadSole
	}
}

// Lines returns every duty's line, in duty order. The slice is shared: do not change it.
func (f *Folding) Lines() []Line { return f.lines }

// Line returns the line of the duty with the id, or nil.
func (f *Folding) Line(dutyID string) *Line {
	i, ok := f.index[dutyID]
	if !ok {
		return nil
	}
	return &f.lines[i]
}

// DutiesOf returns the lines that name the role at the stage, grouped by letter. A role
// the stage does not have names none: its duties are its cover's.
func (f *Folding) DutiesOf(roleID string) FoldedDuties {
	if fd := f.roles[roleID]; fd != nil {
		return *fd
	}
	return FoldedDuties{}
}

// Present reports whether the stage has the role (always, without stages).
func (f *Folding) Present(roleID string) bool {
	return f.Stage == nil || f.Stage.Has(roleID)
}

// PersonLine is a duty a person touches at a stage, with their letters and the roles
// they touch it through.
type PersonLine struct {
	*Line
	// Letters are the person's letters (Line.PersonLetters), never empty.
	Letters string
	// Via are the person's held roles that the line names, in the person's order.
	Via []*Role
}

// PersonDuties returns every duty the person touches at the stage through the roles
// they hold, in duty order. A held role the stage does not have touches nothing: the
// role covering it does its duties.
func (f *Folding) PersonDuties(personID string) []PersonLine {
	p := f.h.people[personID]
	if p == nil {
		return nil
	}
	pos := map[*Line]int{} // line -> index in out
	var out []PersonLine
	for i, id := range p.Roles {
		if containsString(p.Roles[:i], id) || !f.Present(id) {
			continue
		}
		r := f.h.roles[id]
		fd := f.roles[id]
		if r == nil || fd == nil {
			continue
		}
		for _, ls := range [][]*Line{fd.Accountable, fd.Responsible, fd.Consulted, fd.Informed} {
			for _, l := range ls {
				j, ok := pos[l]
				if !ok {
					j = len(out)
					pos[l] = j
					out = append(out, PersonLine{Line: l})
				}
				if v := out[j].Via; len(v) == 0 || v[len(v)-1] != r {
					out[j].Via = append(out[j].Via, r)
				}
			}
		}
	}
	for j := range out {
		out[j].Letters = out[j].PersonLetters(p)
	}
	sort.Slice(out, func(a, b int) bool { return out[a].Duty.order < out[b].Duty.order })
	return out
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
