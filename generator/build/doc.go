// Package build is the one place that chains Rolebook's stages: load content/, decode
// and check the handbook data, arrange the pages, render them and publish the result.
//
// Input: a config.Config. Output: a Result with counts, per-stage timings and every
// diagnostic; on success the destination holds the new site, on failure it is exactly
// as it was before (publish renders into a temporary folder and swaps it in at the end).
//
// It prints nothing (the cli package does) and keeps no state between builds: a build is
// a value that can run twice in one test.
package build
