// Package views turns the handbook into what the staff site's pages show: it declares
// the generated pages (roles, people, duties, the matrix of every stage, owners, the
// team pages, the print pages) and builds, once per language and before any page
// renders, the view models the templates read.
//
// Input: the decoded *handbook.Handbook, the arranged site.Set, the theme's words of
// each language and Options (the current stage, [privacy], the onboarding section).
// Output: pages added to the set (AddPages, called before site.Set.Finish) and one
// Views per language (Build, called after), holding read-only values: RoleRef, DutyRef,
// PersonRef, the role, person and duty views, the accountability Matrix of each stage
// with its CSV and JSON, the team pages' TeamView and each person's calendar Feed.
//
// # One folding everywhere
//
// Who owns, does, is consulted on and is informed of a duty at a stage comes from one
// place, handbook.Folding, and every view reads it: a duty's page, /owners/, each
// holder's page, the role pages, the matrix and its CSV and JSON, the calendar feeds,
// the print pages and what search indexes. At the current stage each duty shows one
// person to ask (Line.Person), the same on every page.
//
// # Two audiences
//
// The staff site publishes structure: roles, duties, owners, people and their own
// duties, the org chart, stages, the skills catalogue and what each role needs. It
// publishes no judgement of a named person unless [privacy] opts in key by key
// (config.Privacy): fit scores and the assignment guide (FitScores), readiness
// percentages (Readiness), a person's skill gaps (SkillGaps), skill levels
// (SkillLevels), interests (Interests) and load and overload (Load). Retention risks
// are never published: they are in the owner's report alone.
//
// Size: it is one of the larger packages because every generated page kind's view lives
// here, and they share their references (a RoleRef links a duty's page, a person's page
// and the matrix alike); split by page kind, each part would rebuild the same index.
//
// It renders no template and writes no file (package render does both), reads no
// file, and keeps no package-level mutable state; a Views is safe for concurrent
// readers once built.
package views
