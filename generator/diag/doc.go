// Package diag holds the positions and diagnostics that every stage of Rolebook reports.
//
// Input: positions (file, line, column) found by the loaders and rules. Output: a
// Diagnostic per problem, printed as "path:line:col: severity: message" with a hint, and
// a List that collects them all so that a build reports every problem at once.
//
// Diagnostics come back one way: as a *List, beside a function's result or in it (see
// List). An error is for what is not the handbook's problem (a disk that is full, an
// interrupted build) or a sentinel saying the list holds errors (build.ErrFailed,
// config.ErrFailed); errors are matched by identity or type, never by text.
//
// It must not print, exit or know about any later stage: the cli package decides how
// diagnostics are shown.
package diag
