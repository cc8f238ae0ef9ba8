// Package cli is Rolebook's command line: cobra commands that resolve the config, run a
// stage chain from the build package and print diagnostics, summaries and data.
//
// Input: the arguments and the environment. Output: text on stdout and stderr and an exit
// status: 0 on success, 1 when the handbook has errors, 2 on wrong usage.
//
// The flags of settings (--baseURL, -D/--drafts, --stage...) are defined by the config
// package from its key table; the command line defines only its own (--source, --format,
// serve's --port...). Wrong usage is recognised by type, never by an error's text: every
// argument check, flag error and unknown command returns a usageError (exit status 2),
// and a flag's value that the config refuses is a diagnostic positioned at the flag.
//
// It is the only package that prints. It holds no state between runs: Main can be called
// many times in one process (the tests do).
//
// Size: about 2,000 lines, over the 1,500 a package aims for, because it is every
// command's flags, output and exit codes; report.go (the owner's text, JSON and what-if
// output) is the largest. The work itself lives in the packages it calls.
package cli
