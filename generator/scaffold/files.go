package scaffold

import (
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Role returns a new role page content/roles/<id>.md with every key present and
// explained. The defaults keep `rolebook check --strict` green: the role has no duties
// yet, and no stage lists it, so it is not counted as a vacancy until the owner adds it
// to a stage.
func Role(id string) ([]byte, error) {
	if err := ValidID(id); err != nil {
		return nil, err
	}
	return []byte(fmt.Sprintf(`+++
# The role %[1]q. The file name is the role's id; a translation is %[1]s.<lang>.md with
# title, summary, onboarding and the body only.
# Give its duties in content/duties/<area>.toml (accountable = %[1]q ...), and list the
# role under roles = [...] of the stages in content/stages.toml at which it exists.

# The role's name: a string in the default language, or { zh = "...", en = "..." }.
title = %[2]s
# The area it belongs to (groups the role list): a duty file's name such as "service".
area = ""
# One line on what the role is for.
summary = ""
# The first stage whose roles list names this role (a stage id of content/stages.toml);
# empty until you add the role to a stage.
stage = ""
# The role it reports to (a role id); empty for the top of the team.
reports_to = ""
# How many people the role needs; fewer holders is a warning once a stage lists it.
headcount = 1
# Roles a holder can grow into (role ids): the growth path.
next = []
# The new hire's checklist, one text per item.
onboarding = []

# Required skills: skill id of content/skills.toml = level 1-4, such as customer-care = 3.
[skills]

# Preferred skills, same form.
[preferred]
+++

What the role is for, and how it works with the others (Markdown).
`, id, strconv.Quote(titleOf(id)))), nil
}

// Person returns a new person page content/people/<id>.md with every key present and
// explained. With no roles the check warns "person has no role" (an error under
// --strict) until roles are filled in: a person always holds at least one role.
func Person(id string, roles []string, today time.Time) ([]byte, error) {
	if err := ValidID(id); err != nil {
		return nil, err
	}
	for _, r := range roles {
		if err := ValidID(r); err != nil {
			return nil, fmt.Errorf("role: %w", err)
		}
	}
	quoted := make([]string, len(roles))
	for i, r := range roles {
		quoted[i] = strconv.Quote(r)
	}
	fill := ""
	if len(roles) == 0 {
		fill = "  # fill in: a person with no role fails check --strict"
	}
	return []byte(fmt.Sprintf(`+++
# The person %[1]q. The file name is the person's id.

# The person's name: a string in the default language, or { zh = "...", en = "..." }.
name = %[2]s
# The roles the person holds: role ids of content/roles/, such as ["customer-service"].
roles = [%[3]s]%[4]s
# Skills the person wants to grow in (skill ids of content/skills.toml).
interests = []
# Share of full time: 1 is full time, 0.5 half time.
capacity = 1.0
# When the person started: a date.
started = %[5]s

# The person's skill levels: skill id = level 0-4 (published only with
# [privacy] skill_levels = true in config.toml).
[skills]
+++

An optional short bio (Markdown).
`, id, strconv.Quote(titleOf(id)), strings.Join(quoted, ", "), fill, today.Format("2006-01-02"))), nil
}

var pagePathPattern = regexp.MustCompile(`^([a-z0-9_][a-z0-9_-]*/)*[a-z0-9_][a-z0-9_-]*(\.[a-z]{2,3}(-[a-z0-9]+)?)?\.md$`)

// PagePath checks a new page's path, relative to content/ (a leading "content/" is
// dropped), and returns it cleaned. Role and person pages have their own commands.
func PagePath(p string) (string, error) {
	p = strings.TrimPrefix(path.Clean(strings.ReplaceAll(p, "\\", "/")), "content/")
	if !pagePathPattern.MatchString(p) {
		return "", fmt.Errorf("%q is not a page path: use lower-case folders and a file name ending in .md, such as guide/holidays.md", p)
	}
	top, _, _ := strings.Cut(p, "/")
	cmd := map[string]string{"roles": "role", "people": "person"}[top]
	switch {
	case cmd != "" && path.Base(p) != "_index.md":
		return "", fmt.Errorf("%s is a %s page: use rolebook new %s ID", p, cmd, cmd)
	case top == "duties":
		return "", fmt.Errorf("%s: content/duties/ holds duty tables (.toml), not pages", p)
	}
	return p, nil
}

// Page returns a new handbook page at path p (checked with PagePath) with every
// front-matter key present and explained; keys whose empty value would mean something
// else are written commented out.
func Page(p string) []byte {
	base := strings.TrimSuffix(path.Base(p), ".md")
	if i := strings.IndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	if base == "_index" {
		base = path.Base(path.Dir(p))
		if base == "." {
			base = "home"
		}
	}
	return []byte(fmt.Sprintf(`+++
# The page's title (also its first heading).
title = %[1]s
# Its place in the section's reading order: lower weights come first.
weight = 0
# A draft is built only with rolebook build --drafts.
draft = false
# One sentence for search engines and the section's list.
description = ""
# Tags, each with its own page under /tags/.
tags = []
# Old addresses that redirect here, such as "/old/page/".
aliases = []
# The date shown on the page; without it, the date of the last git commit that
# touched this file is shown when the handbook is a git repository.
# date = 2025-01-31
# The last segment of the page's URL, when it should not be the file name.
# slug = %[2]q
+++

Write the page here (Markdown). Link to other pages with relative links to their .md
files, and to roles, duties and people with role:ID, duty:ID and person:ID.
`, strconv.Quote(titleOf(base)), Slug(base, "page")))
}

// titleOf makes a readable placeholder title from an id: "after-sales" -> "After sales".
func titleOf(id string) string {
	s := strings.ReplaceAll(strings.Trim(id, "-_"), "-", " ")
	s = strings.ReplaceAll(s, "_", " ")
	if s == "" {
		return "Untitled"
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
