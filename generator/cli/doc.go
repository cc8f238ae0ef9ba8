// Package cli is Rolebook's command line: cobra commands that resolve the config, run a
// stage chain from the build package and print diagnostics, summaries and data.
//
// Input: the arguments and the environment. Output: text on stdout and stderr and an exit
// status: 0 on success, 1 when the handbook has errors, 2 on wrong usage.
//
// It is the only package that prints. It holds no state between runs: Main can be called
// many times in one process (the tests do).
package cli
