// Package diag holds the positions and diagnostics that every stage of Rolebook reports.
//
// Input: positions (file, line, column) found by the loaders and rules. Output: a
// Diagnostic per problem, printed as "path:line:col: severity: message" with a hint, and
// a List that collects them all so that a build reports every problem at once.
//
// It must not print, exit or know about any later stage: the cli package decides how
// diagnostics are shown. Errors are matched by type (errors.As on *List), never by text.
package diag
