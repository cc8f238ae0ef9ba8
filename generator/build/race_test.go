//go:build race

package build

// raceEnabled: the race detector slows a build tenfold, so the tests that build a
// handbook many times build it fewer times under it (the concurrency they check is the
// same).
const raceEnabled = true
