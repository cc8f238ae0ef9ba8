package synthetic

import (
	"fmt"
	"strings"
)

// TeamStages are the stages WriteTeam writes, in order; the handbook's current stage is
// the middle one.
var TeamStages = []string{"small", "mid", "big"}

// WriteTeam writes config.toml and the handbook data of a team with n roles (at least
// 5) under dir: skills, roles in a reporting tree, three stages at which a third, two
// thirds and all of the roles exist (the others covered, some covers naming a lead),
// about 1.5n people (roles with two holders name a lead, one role in nine is vacant),
// and 4n duties, each naming four roles. The same n gives the same files.
func WriteTeam(dir string, n int) error {
	if n < 5 {
		n = 5 // fewer roles would name one role twice on a duty
	}
	files := map[string]string{
		"config.toml":       "title = \"Synthetic team\"\nbaseURL = \"https://team.example.com/\"\nstage = \"mid\"\n",
		"content/_index.md": "# Synthetic team\n\nThe generated team's handbook.\n",
	}
	role := func(i int) string { return fmt.Sprintf("role-%d", i) }
	person := func(j int) string { return fmt.Sprintf("person-%d", j) }
	vacant := func(i int) bool { return i%9 == 8 }

	var skills strings.Builder
	for s := range 10 {
		fmt.Fprintf(&skills, "[skill-%d]\nname = \"Skill %d\"\n", s, s)
	}
	files["content/skills.toml"] = skills.String()

	// Person j holds role j % n, or role 0 when that role is vacant; every seventh
	// person holds the next role too.
	m := n + n/2
	holders := make([][]int, n)
	held := make([][]int, m)
	for j := range m {
		r := j % n
		if vacant(r) {
			r = 0
		}
		held[j] = append(held[j], r)
		if j%7 == 0 && !vacant((r+1)%n) {
			held[j] = append(held[j], (r+1)%n)
		}
		for _, r := range held[j] {
			holders[r] = append(holders[r], j)
		}
	}
	for j := range m {
		var roles []string
		for _, r := range held[j] {
			roles = append(roles, fmt.Sprintf("%q", role(r)))
		}
		files["content/people/"+person(j)+".md"] = fmt.Sprintf("+++\nname = \"Person %d\"\nroles = [%s]\ncapacity = %.1f\ninterests = [\"skill-%d\"]\n[skills]\nskill-%d = %d\nskill-%d = %d\n+++\n",
			j, strings.Join(roles, ", "), 0.5+float64(j%2)/2, (j+3)%10, j%10, 1+j%4, (j+1)%10, j%3)
	}

	limits := []int{n / 3, 2 * n / 3, n}
	if limits[0] == 0 {
		limits[0] = 1
	}
	first := func(i int) string {
		for k, l := range limits {
			if i < l {
				return TeamStages[k]
			}
		}
		return TeamStages[len(TeamStages)-1]
	}
	for i := range n {
		var b strings.Builder
		fmt.Fprintf(&b, "+++\ntitle = \"Role %d\"\narea = \"area-%d\"\nstage = %q\n", i, i%5, first(i))
		if i > 0 {
			fmt.Fprintf(&b, "reports_to = %q\n", role((i-1)/3))
		}
		if h := len(holders[i]); h > 1 {
			fmt.Fprintf(&b, "headcount = %d\nlead = %q\n", h, person(holders[i][len(holders[i])-1]))
		}
		fmt.Fprintf(&b, "next = [%q]\n[skills]\nskill-%d = %d\n+++\nWhat role %d does.\n", role(i/2), i%10, 1+i%3, i)
		files["content/roles/"+role(i)+".md"] = b.String()
	}

	var st strings.Builder
	for k, id := range TeamStages {
		fmt.Fprintf(&st, "[%s]\ntitle = \"Stage %s\"\nmax_people = %d\nroles = [", id, id, (k+1)*m)
		for i := range limits[k] {
			if i > 0 {
				st.WriteString(", ")
			}
			fmt.Fprintf(&st, "%q", role(i))
		}
		st.WriteString("]\n")
		if limits[k] < n {
			fmt.Fprintf(&st, "[%s.covers]\n", id)
			for i := limits[k]; i < n; i++ {
				by := i % limits[k]
				if hs := holders[by]; i%4 == 0 && len(hs) > 1 {
					fmt.Fprintf(&st, "%s = { role = %q, lead = %q }\n", role(i), role(by), person(hs[0]))
				} else {
					fmt.Fprintf(&st, "%s = %q\n", role(i), role(by))
				}
			}
		}
	}
	files["content/stages.toml"] = st.String()

	areas := make([]strings.Builder, 5)
	cadences := []string{"daily", "weekly:mon", "monthly:15", "quarterly:1", "before each sale"}
	for k := range 4 * n {
		a := k % n
		fmt.Fprintf(&areas[a%5], "[duty-%d]\ntitle = \"Duty %d\"\ncadence = %q\neffort = %d\naccountable = %q\nresponsible = [%q, %q]\nconsulted = [%q]\ninformed = [%q]\n",
			k, k, cadences[k%len(cadences)], 1+k%4, role(a), role(a), role((a+1)%n), role((a+2)%n), role((a+3)%n))
	}
	for i := range areas {
		files[fmt.Sprintf("content/duties/area-%d.toml", i)] = areas[i].String()
	}
	return WriteFiles(dir, files)
}
