// Package theme is Rolebook's default theme and the way a handbook overrides it: the
// embedded files (layouts/, assets/ and i18n/), an Overlay that puts the handbook's
// templates/ over them, and the theme's words in each language.
//
// Input: the handbook's templates/ folder as an fs.FS (or none). Output: one fs.FS in
// which the handbook's files hide the default theme's files of the same name, the
// origin of each file for diagnostics ("templates/layouts/role.html" or
// "(default theme) layouts/role.html"), and Words: the theme's words for a language,
// falling back to the default language, then English, then the key itself.
//
// It parses no template (the render package does) and reads nothing but the theme; it
// holds no package-level mutable state: the embedded files are read-only.
package theme
