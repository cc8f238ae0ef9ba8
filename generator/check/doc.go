// Package check enforces Rolebook's accountability and reference rules on a decoded
// handbook: the rules that `rolebook check` runs and that fail a build.
//
// Input: a *handbook.Handbook (as handbook.Decode returns it, errors or not) and the
// options of config.toml's [rules] and stage. Output: a diag.List with one diagnostic per
// problem, at the position of the offending key in its own file, each with a stable rule
// name:
//
//	single-owner     a duty has no accountable role, or more than one
//	responsible      a duty has no responsible role
//	reference        a role, skill or stage id that does not exist (with "did you mean")
//	reporting-cycle  reports_to lines that loop ("a -> b -> c -> a")
//	raci-conflict    a role both accountable/responsible and consulted/informed on a duty
//	stage-owner      at a stage, a duty without exactly one owner after covers; a cover
//	                 chain that ends nowhere or loops; a role's stage key that is not the
//	                 first stage listing it
//	stage-headcount  a stage's headcount for a role the stage does not have
//	backup           a duty's backup that is both a person and a role
//	share            a person's share of a role they do not hold; shares of one role's
//	                 holders that add up to more than 1
//
// and the warnings (errors when Options.Strict is set): vacant-role (against the
// role's headcount at the current stage), max-accountable, unowned-duty, no-role,
// absent-role, unknown-area (a table of content/areas.toml that names no duty file and
// no role's area), share (every holder gives a share and they add up to less than 1),
// max-people (a stage's roles need more people than its max_people, or the team has
// more people than its current stage's) and bus-factor (a duty only one person can do
// at the current stage, and that names no backup; who can do a duty is
// fit.Ability's definition, shared with the owner's report). Three more rules of
// `rolebook check` are found while decoding,
// where the information is: unknown-key, skill-level (and type) and duplicate-id; the
// tests of this package cover them too, through handbook.Decode.
//
// Every rule runs in time linear in the size of the handbook (index maps, no pairwise
// loops over duties). It must not change the handbook, print or exit, and it holds no
// package-level mutable state. Besides handbook and diag it imports only package fit,
// for the one definition of who can do a duty.
package check
