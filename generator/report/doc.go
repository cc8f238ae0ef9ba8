// Package report is the owner's analysis of a handbook: the team as package fit sees
// it, the recommended assignment beside the current one, skill gaps, load per stage,
// growth paths, retention risks, what happens when someone leaves, and who gained or
// lost accountability between two versions of a handbook.
//
// # Input
//
// A decoded *handbook.Handbook (already checked: references that do not resolve are
// skipped, not reported) and [Options]: the current stage, the max_accountable rule,
// how many roles one person may take, and the hours of a full week.
//
// # Output
//
// Plain values in a deterministic order: a [Team] (the fit inputs of the current
// stage, shared by the site's assignment guide and by `rolebook report`, so that both
// show the same recommendation), a [Report] with its [Risk]s, a [WhatIf] and the
// [Change]s of a [Diff]. The JSON field names of Report, WhatIf and Change are a
// stable contract of `rolebook report --format json` and `rolebook diff --format json`.
//
// # What it must not do
//
// It reads no files, runs no commands, prints nothing and keeps no package-level
// mutable state. It must not import render, build or cli; the render package imports
// it for the assignment guide, but risks never reach the site: they are the owner's.
package report
