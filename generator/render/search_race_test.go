//go:build race

package render_test

// raceEnabled: the race detector slows a build tenfold, so the budget test builds a
// smaller handbook under it (the concurrency it checks is the same).
const raceEnabled = true
