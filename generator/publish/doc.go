// Package publish writes a built site to its destination folder so that nothing is ever
// lost: the build renders into a fresh temporary folder beside the destination, and only
// a successful build is swapped in.
//
// Input: a destination folder (public/ by default), the handbook's source folder, and the
// files of the site as slash paths with their bytes (WriteFile) or as streams (Create).
// Output: the destination holding exactly the new site, plus a marker file ".rolebook"
// that tells later builds the folder is Rolebook's to replace, and the ".git" folder of
// the previous site if it had one (so the destination can be a pages branch checkout).
//
// The life of a build:
//
//	d, err := publish.Begin(dest, publish.Options{Source: src})
//	if err != nil { ... }
//	defer d.Abort() // a no-op after a successful Commit
//	... d.WriteFile("roles/index.html", data) from any number of goroutines ...
//	err = d.Commit()
//
// The temporary folder is "<parent>/.<base>.rolebook-tmp-<digits>"; while the swap is in
// progress the previous site may briefly live at "<parent>/.<base>.rolebook-old-<digits>".
// On Linux Commit swaps with renameat2(RENAME_EXCHANGE), so the destination path holds
// the old site or the new one at every instant, never a mix and never nothing. Elsewhere,
// or on file systems without the exchange, it renames the old site aside and the new one
// in; a build killed between those two renames leaves no destination for an instant, and
// Recover (which Begin calls) puts the old site back. While a build runs, its temporary
// folder is locked (flock, on the BSDs, macOS and Linux), so Recover run by a second build
// never removes the folder of a live one.
//
// It must not:
//   - write anywhere but inside its temporary folder and, at Commit, the destination
//     path itself: every output path is checked (no "..", no absolute path, no backslash,
//     colon or control character, no empty element, no name Windows reserves such as
//     CON or com1.txt, no ".git" and no top-level ".rolebook");
//   - publish over the handbook, a folder that contains it, its content/, templates/ or
//     .git folders, the home folder or "/" (see Check);
//   - replace a non-empty folder it did not make (no ".rolebook" marker), except one that
//     holds nothing but a ".git" folder, which is a fresh pages-branch checkout;
//   - leave a half-written site in place when a write fails or the process is killed.
//
// Output paths are literal file names, not URLs: "%2e%2e/x" is a folder named "%2e%2e"
// inside the site, which is safe, because only "/" separates elements and no element may
// be "." or "..". Decoding URL escapes is the renderer's business.
//
// Commit does not fsync each file, for speed: a killed process loses nothing, while a
// power cut right after a build may need the build run again. It syncs the parent folder
// once so that the swap itself is durable. Paths are compared as the file system spells
// them; a case-insensitive file system where "Public" and "public" are one folder is not
// detected by Check.
package publish
