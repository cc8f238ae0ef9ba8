// Package build is the one place that chains Rolebook's stages: load content/, decode
// and check the handbook data, arrange the pages, render them and publish the result.
//
// Input: a config.Config. Output: a Result with counts, per-stage timings and every
// diagnostic, and what publishing did (files written, unchanged, removed); on success the
// destination holds the new site, updated in place, on failure it is exactly as it was
// before (publish stages the changed files and moves them into place only at the end;
// see the publish package for the guarantee when a build is killed).
//
// It prints nothing (the cli package does) and keeps no state between builds: a build is
// a value that can run twice in one test.
package build
