//go:build race

package search_test

// raceEnabled: the race detector slows a build tenfold, so the budget test builds a
// smaller handbook under it (the concurrency it checks is the same).
const raceEnabled = true
