// Package config turns config.toml, ROLEBOOK_* environment variables and command-line
// flags into one typed Config, in that order of precedence (a flag beats the environment,
// which beats the file).
//
// Input: the source folder, an optional config file path and the flags the user set.
// Output: a Config value and diagnostics with file:line:col for problems in config.toml
// (syntax errors, unknown keys with a "did you mean" hint, wrong types).
//
// It is the only package that uses viper; viper's untyped maps never leave it. It does not
// read content/ and never writes anything.
package config
