// Package handbook is Rolebook's domain model: skills, roles, duties, people and stages,
// decoded from the handbook's data files and front matter, with references indexed.
//
// Input: the data Docs of content/ (skills.toml, stages.toml, duties/<area>.toml) and
// the pages under roles/ and people/, as package load decodes them, plus the configured
// languages. Output: a Handbook with ordered slices and index maps (Role(id),
// HoldersOf(role), DutiesOf(role), OwnerAt(duty, stage)...) and the diagnostics of the
// decoding: unknown keys, wrong types, bad ids, duplicate ids, bad skill levels and
// cadences, each at the offending key's position inside its own table.
//
// The data files are strict: every key the decoder accepts is listed in the JSON Schemas
// of schema/ (a test keeps the two in step), and any other key is an error with a
// "did you mean". Cross references (a duty's accountable role, a person's skills...) are
// kept as ids: a Handbook may hold references to ids that do not exist, and the queries
// skip them; package check reports them.
//
// Cadence syntax (a duty's cadence key):
//
//	daily
//	weekly          weekly:mon  (mon, tue, wed, thu, fri, sat, sun)
//	monthly         monthly:15  (day 1-31 of the month)
//	quarterly       quarterly:1 (day 1-31 of the quarter's first month)
//
// Anything else is free text ("every other Tuesday"), kept as written; a single word
// close to a known kind ("weekyl") is an error with a "did you mean".
//
// It must not read files, print, render or judge the accountability rules (that is
// package check); it holds no package-level mutable state, and a Handbook is read-only
// after Decode, so it is safe for concurrent readers.
//
// Size: about 2,400 lines, over the 1,500 a package aims for, because decoding every
// table of the handbook with its positions (decode.go, value.go) and the staffing keys
// (staffing.go) are one model; the folding (fold.go) is the one answer every view takes,
// and belongs beside the types it folds.
package handbook
