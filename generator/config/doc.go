// Package config turns config.toml, ROLEBOOK_* environment variables and command-line
// flags into one typed Config, in that order of precedence (a flag beats the
// environment, which beats the file, which beats the default).
//
// Input: the handbook folder, an optional config file, the flags of the command (defined
// by AddFlags) and a lookup of environment variables. Output: a *Config and a
// *diag.List of problems, each at its place: file:line:col in config.toml, the
// variable's name, or the flag ("--baseURL"), with a hint; when some are errors there is
// no Config and the error is ErrFailed. Problems that do not stop a build (a Hugo
// setting that has no effect) are warnings, which the Config keeps as Warnings for the
// build's result; under rules.strict they are errors.
//
// # The key table
//
// Every setting that has one value is a row of siteKeys (keys.go): its documented
// name, the field of Config it fills (whose Go type is the key's type), its default,
// its meaning, its flag and the commands that have it, Hugo's names for it and a check
// of its value. Everything else is derived from the row: viper's defaults, the
// ROLEBOOK_* variable (the name in upper case, dots as underscores), the flag with its
// type, default and help, the type check and "did you mean" of config.toml, and the
// table of keys in README.md (TestREADME keeps it equal to the table).
//
// Adding a key is one row in siteKeys and its field in Config (or in the struct of its
// table, such as Rules). A key of type string, bool, int, int64, float64 or []string
// needs nothing else; a value that needs more than its type (a range, a form) gets a
// Check function; a key only the command line sets has From: fromEnv | fromFlag. Then
// run `go test ./generator/config -run TestREADME -update` to regenerate the README's
// table. A setting of a [languages.<code>] table is a row of languageKeys.
//
// # Reading config.toml
//
// The file is decoded once, by load.DecodeTOML, which keeps the position of every key
// and bounds what the file may hold. Its keys are matched against the key table in any
// letter case, as Hugo does (`baseurl`, `BaseURL`); a key written twice in two
// spellings is an error naming both. Tables that only the file sets are decoded here
// with their positions: [languages.<code>] (with languageCode), [[menu.main]] entries
// (MenuEntry, MainMenu) and [params], whose keys keep the file's spelling for
// templates. Hugo's settings that Rolebook does not have (hugoKeys) are warnings or,
// when ignoring them would publish other pages or addresses, errors.
//
// # Layering
//
// viper resolves every key of the table from its layers: the defaults
// (SetDefault), the file's values, typed and checked (MergeConfigMap), the variables,
// typed and checked, merged over them (MergeConfigMap again), and the flags
// (BindPFlag), which win when the user set them. Variables are read through
// Options.Env and merged as a config layer rather than through viper's own
// environment layer, because viper reads the environment of the process only: a
// Config would then depend on global state, and tests could not give each Load its
// own environment. viper's untyped, lower-cased maps never leave the package: Load
// copies each resolved key into its typed field.
//
// # What it refuses
//
// baseURL must be an absolute http(s) address or a path starting with one "/" (a
// scheme-relative "//host/" would lead every canonical and sitemap link to another
// site). destination outside the handbook folder is accepted only from the -d flag:
// config.toml and ROLEBOOK_DESTINATION come from whoever wrote the handbook or set up
// the machine, and must not make a build write anywhere else.
//
// It is the only package that uses viper. It does not read content/ and never writes
// anything.
//
// Size: about 2,100 lines, over the 1,500 a package aims for: the key table and its
// checks, config.toml with positions, Hugo's keys, menus and languages. Each is a part of
// resolving one Config, and splitting would pass the table and the positions across.
package config
