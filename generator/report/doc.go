// Package report is the owner's analysis of a handbook: the team as package fit sees
// it, each person's load in hours, the staffing plan of every stage and its next hire,
// the recommended assignment beside the current one, continuity (duties only one
// person can do, owners without a backup who can stand in) and a cross-training plan,
// retention risks ranked per person, what happens when someone leaves, and who gained
// or lost accountability between two versions of a handbook.
//
// # Input
//
// A decoded *handbook.Handbook (already checked: references that do not resolve are
// skipped, not reported) and [Options]: the current stage, the max_accountable rule,
// the owner's [Settings] ([report] of config.toml, [SettingsOf]; nil means
// [DefaultSettings]) and the date of the report (for tenure and the age of skill
// assessments; the zero date leaves both out, so that tests do not depend on the
// clock). At a stage, duties' roles fold as handbook.Folding folds them, and a held
// role the stage does not have gives its holder nothing to do there.
//
// # Output
//
// Plain values in a deterministic order, with stable JSON names (the contract of
// `rolebook report --format json` and `rolebook diff --format json`), for the text,
// JSON and CSV reports and for the owner's HTML view to render:
//
//   - [Report]: Settings, the recommended and current assignment ([Slot],
//     [RoleChange], Unfilled, Optimal), [Risk]s, one [Card] per person (ranked by
//     retention score; [Points] gives each kind's points), [Load] per person (with the
//     [DutyLoad]s their hours come most from), the next [Hire], a [StagePlan] per stage
//     (with a [RolePlan] per role), the cross-training plan ([Training], with [Gap]s)
//     and Warnings (stale skill assessments, as diagnostics with positions);
//   - [WhatIf] with its [Orphan]s and the Report on the team that stays, the
//     reassignment applied;
//   - [Change]s of a [Diff].
//
// [Team] also serves the staff site's opted-in team views (the assignment guide and
// the stages' load): [Team.Recommend], [Team.Current], [Changes], [Team.HolderGaps],
// [Team.Loads] and [StageLoad], [Team.Growth]. [Team.TooLarge] says, before a report,
// whether the team is too large to assign (Settings.MaxAssignment); Report and
// WhatIfLeave then leave every slot open rather than run for minutes.
//
// # What it must not do
//
// It reads no files, runs no commands, prints nothing and keeps no package-level
// mutable state. It must not import views, render, build or cli; the views read it for
// the team pages, but risks never reach the staff site: they are the owner's.
//
// Size: about 1,750 lines, over the 1,500 a package aims for, because each of the
// owner's questions (load, risks, continuity, plans, what-if, stale assessments) is a
// part of one Team view of the handbook and shares its scores and loads.
package report
