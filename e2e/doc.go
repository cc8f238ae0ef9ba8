// Package e2e holds Rolebook's browser tests: the example handbook is built into a
// temporary folder, served on 127.0.0.1 and driven in headless Chromium through the
// DevTools protocol (chromedp). They check what a reader does (home to role to person,
// duty to owner, the matrix filter, search, the language switcher, live reload), that
// no page scrolls sideways on a phone, that axe-core finds no serious accessibility
// violation in light or dark mode, and that the print pages print to a readable PDF.
// They also open every page of the handbook full of hostile input of generator/build
// (testdata/hostile) and fail if any script of its payloads runs, and check that a
// build error of `rolebook serve` shows over the open page and goes when fixed.
//
// Input: Chromium (ROLEBOOK_CHROMIUM, else /usr/bin/chromium or chromium on PATH), the
// axe-core npm package (ROLEBOOK_AXE names axe.min.js; else it is installed with npm
// into the user's cache folder), pdftotext and pdfinfo from poppler-utils. Outside CI a
// missing tool skips the tests that need it, saying how to install it; with CI=true it
// fails them. Output: test results, and screenshots under each test's artifact folder
// (go test -artifacts keeps them).
//
// The package has tests only: the browser dependency stays out of the generator.
package e2e
