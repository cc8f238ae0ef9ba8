// Package scaffold makes the files of a new handbook and of new roles, people and pages.
//
// Input: the example handbook as an fs.FS (config.toml, content/ and, when present,
// templates/ at its root) and the ids or paths the owner asked for. Output: file
// contents in memory, as []File or []byte.
//
// It writes nothing: the cli package writes the files, never over an existing one. The
// starter handbook it makes from the example passes `rolebook check --strict`; a new
// role, person or page keeps the check green where a neutral default exists, and says
// in a comment what to fill in where none does.
package scaffold
