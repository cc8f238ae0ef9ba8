package check

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/rolebook/rolebook/generator/diag"
	"github.com/rolebook/rolebook/generator/fit"
	"github.com/rolebook/rolebook/generator/handbook"
)

// The staffing rules: references of the staffing keys (backup, a person's share and
// assessed dates, a stage's headcount), holders' shares that do not add up, stages
// whose roles need more people than max_people, and duties only one person can do.

// staffingRefs checks the ids the staffing keys name.
func (c *checker) staffingRefs() []diag.Diagnostic {
	h := c.h
	var out []diag.Diagnostic
	ref := func(kind, id string, known []string, pos diag.Pos, key, whatKind, whatID, fix string) {
		hint := diag.DidYouMean(id, known)
		if hint == "" {
			hint = fix
		}
		out = append(out, diag.Errorf(pos, diag.RuleReference, hint, "unknown %s %q in %s of %s %q", kind, id, key, whatKind, whatID))
	}
	var people []string
	for _, p := range h.People {
		people = append(people, p.ID)
	}
	for _, d := range h.Duties {
		if d.Backup == "" {
			continue
		}
		role, person := h.Role(d.Backup) != nil, h.Person(d.Backup) != nil
		switch {
		case role && person:
			out = append(out, diag.Errorf(d.Src.Pos("backup"), diag.RuleBackup,
				fmt.Sprintf("rename the person or the role %q: a backup must name one of them", d.Backup),
				"backup %q of duty %q is both a role and a person", d.Backup, d.ID))
		case !role && !person:
			ref("person or role", d.Backup, append(append([]string(nil), c.roles...), people...), d.Src.Pos("backup"), "backup", "duty", d.ID,
				"name a person (a file of content/people/) or a role (of content/roles/)")
		}
	}
	for _, p := range h.People {
		for _, s := range p.Shares {
			switch {
			case h.Role(s.Role) == nil:
				ref("role", s.Role, c.roles, s.Pos, "share", "person", p.ID, fmt.Sprintf("add content/roles/%s.md or fix the id", s.Role))
			case !contains(p.Roles, s.Role):
				out = append(out, diag.Errorf(s.Pos, diag.RuleShare,
					fmt.Sprintf("add %q to the roles of %q, or remove the share", s.Role, p.ID),
					"person %q has a share of role %q, which they do not hold", p.ID, s.Role))
			}
		}
		for _, a := range p.Assessed {
			if a.Skill != "" && h.Skill(a.Skill) == nil {
				ref("skill", a.Skill, c.skills, a.Pos, "assessed", "person", p.ID, fmt.Sprintf("add [%s] to content/skills.toml or fix the id", a.Skill))
			}
		}
	}
	for _, s := range h.Stages {
		for _, rc := range s.Headcount {
			switch {
			case h.Role(rc.Role) == nil:
				ref("role", rc.Role, c.roles, rc.Pos, "headcount", "stage", s.ID, fmt.Sprintf("add content/roles/%s.md or fix the id", rc.Role))
			case !s.Has(rc.Role):
				out = append(out, diag.Errorf(rc.Pos, diag.RuleStageHeadcount,
					fmt.Sprintf("add %q to the roles of stage %q, or remove its headcount", rc.Role, s.ID),
					"stage %q gives a headcount to role %q, which it does not have", s.ID, rc.Role))
			}
		}
	}
	return out
}

// shares checks that the shares of a role's holders add up to at most 1 (an error),
// and to 1 when every holder gives one (a warning: the report scales them).
func shares(h *handbook.Handbook) []diag.Diagnostic {
	type given struct {
		person string
		share  float64
		pos    diag.Pos
	}
	byRole := map[string][]given{}
	for _, p := range h.People {
		for _, s := range p.Shares {
			if h.Role(s.Role) != nil && contains(p.Roles, s.Role) {
				byRole[s.Role] = append(byRole[s.Role], given{p.ID, s.Share, s.Pos})
			}
		}
	}
	roles := make([]string, 0, len(byRole))
	for r := range byRole {
		roles = append(roles, r)
	}
	sort.Strings(roles)
	var out []diag.Diagnostic
	for _, r := range roles {
		gs := byRole[r]
		sum := 0.0
		parts := make([]string, len(gs))
		for i, g := range gs {
			sum += g.share
			parts[i] = g.person + " " + strconv.FormatFloat(g.share, 'g', -1, 64)
		}
		total := strconv.FormatFloat(float64(int(sum*1000+0.5))/1000, 'g', -1, 64)
		last := gs[len(gs)-1]
		var related []diag.Pos
		for _, g := range gs[:len(gs)-1] {
			related = append(related, g.pos)
		}
		switch {
		case sum > 1+1e-9:
			e := diag.Errorf(last.pos, diag.RuleShare, "lower the shares so that they add up to 1 at most; holders without a share split what is left",
				"the shares of role %q add up to %s (%s), more than 1", r, total, strings.Join(parts, ", "))
			e.Related = related
			out = append(out, e)
		case sum < 1-1e-9 && len(gs) == len(h.HoldersOf(r)):
			e := diag.Warnf(last.pos, diag.RuleShare, "make the shares add up to 1, or leave one holder without a share to take the rest",
				"the shares of role %q add up to %s (%s) and every holder gives one: the report scales them up to 1", r, total, strings.Join(parts, ", "))
			e.Related = related
			out = append(out, e)
		}
	}
	return out
}

// maxPeople warns about a stage whose roles' headcount is more than its max_people,
// and about a current team with more people than its stage's max_people.
func maxPeople(h *handbook.Handbook, cur *handbook.Stage) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, s := range h.Stages {
		if s.MaxPeople <= 0 {
			continue
		}
		n := 0
		for i, r := range s.Roles {
			if h.Role(r) != nil && !contains(s.Roles[:i], r) {
				n += h.HeadcountAt(r, s.ID)
			}
		}
		if n > s.MaxPeople {
			out = append(out, diag.Warnf(s.Src.Pos("max_people"), diag.RuleMaxPeople,
				fmt.Sprintf("raise max_people, or lower headcounts at this stage under [%s.headcount]", s.ID),
				"the roles of stage %q need %d people (their headcount), more than max_people = %d", s.ID, n, s.MaxPeople))
		}
		if s != cur {
			continue
		}
		people := 0
		for _, p := range h.People {
			if len(p.Roles) > 0 {
				people++
			}
		}
		if people > s.MaxPeople {
			out = append(out, diag.Warnf(s.Src.Pos("max_people"), diag.RuleMaxPeople,
				"move the team to the next stage (stage in config.toml), or raise max_people",
				"the team has %d people with a role, more than max_people = %d of its current stage %q", people, s.MaxPeople, s.ID))
		}
	}
	return out
}

// busFactor warns about the duties only one person can do at the current stage (see
// fit.Ability) that name no backup. A duty that names one is left to the owner's
// report, which checks the backup's skills and proposes whom to train. A team of one
// is not warned: every duty is theirs alone, and there is no one to name.
func busFactor(h *handbook.Handbook, cur *handbook.Stage) []diag.Diagnostic {
	fold := func(ids []string) []string {
		out := make([]string, 0, len(ids))
		for _, id := range ids {
			o := id
			if cur != nil {
				o = h.OwnerRoleAt(id, cur.ID)
			}
			if o != "" && h.Role(o) != nil && !contains(out, o) {
				out = append(out, o)
			}
		}
		return out
	}
	var roles []fit.Role
	for _, r := range h.Roles {
		if cur == nil || cur.Has(r.ID) {
			fr := fit.Role{ID: r.ID, Required: map[string]int{}}
			for _, l := range r.Skills {
				if _, ok := fr.Required[l.Skill]; !ok {
					fr.Required[l.Skill] = l.Level
				}
			}
			roles = append(roles, fr)
		}
	}
	// A held role the stage does not have touches nothing (handbook.Folding): the
	// role covering it does its duties.
	held := func(ids []string) []string {
		out := make([]string, 0, len(ids))
		for _, id := range ids {
			if (cur == nil || cur.Has(id)) && h.Role(id) != nil && !contains(out, id) {
				out = append(out, id)
			}
		}
		return out
	}
	people := make([]fit.Person, 0, len(h.People))
	for _, p := range h.People {
		fp := fit.Person{ID: p.ID, Roles: held(p.Roles), Skills: map[string]int{}}
		for _, l := range p.Skills {
			if _, ok := fp.Skills[l.Skill]; !ok {
				fp.Skills[l.Skill] = l.Level
			}
		}
		people = append(people, fp)
	}
	team := 0
	for _, p := range people {
		if len(p.Roles) > 0 {
			team++
		}
	}
	if team < 2 {
		return nil
	}
	a := fit.NewAbility(roles, people)
	var out []diag.Diagnostic
	for _, d := range h.Duties {
		if d.Backup != "" || len(d.Responsible) == 0 {
			continue
		}
		can := a.Capable(fold(d.Responsible), 2)
		if len(can) != 1 {
			continue
		}
		out = append(out, diag.Warnf(d.Src.Pos("responsible"), diag.RuleBusFactor,
			`name a backup = "person-or-role" who stands in, and train them (rolebook report proposes whom)`,
			"duty %q can be done by one person only: %q", d.ID, can[0]))
	}
	return out
}
