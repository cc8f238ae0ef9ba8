// Package scaffold makes the files of a new handbook and of new roles, people and pages.
//
// Input: the language of a new handbook and the running Rolebook's version (Blank), or
// the example handbook as an fs.FS with config.toml, content/ and, when present,
// templates/ at its root (Example), or the ids or paths the owner asked for. Output:
// file contents in memory, as []File or []byte.
//
// Blank's handbook is small and commented: config.toml, a home page, one area with one
// role, one duty, one skill, one stage and one person, a .gitignore that keeps public/
// out of git, and CI files for GitHub Actions and GitLab CI that check, build and
// publish to Pages (installing the running release, or the latest for a development
// build). Its files are embedded from starter/: starter/common/ for every language,
// starter/<lang>/ for each.
//
// It writes nothing: the cli package writes the files, never over an existing one. Both
// starter handbooks pass `rolebook check --strict`; a new role, person or page keeps the
// check green where a neutral default exists, and says in a comment what to fill in
// where none does.
package scaffold
