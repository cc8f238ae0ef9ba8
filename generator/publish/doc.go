// Package publish writes a built site into its destination folder in place, as a
// transaction: the folder itself is never replaced, files whose bytes did not change
// are never touched, and a build that fails or is killed loses nothing.
//
// Input: a destination folder (public/ by default), the handbook's source folder, and
// the files of the site as slash paths with their bytes (WriteFile), or the paths of
// files an incremental build did not render again and keeps as they are (Keep).
// Output: the destination holding exactly the files the build wrote or kept, plus what
// Rolebook keeps at its top:
//
//	.rolebook               the marker: later builds update only a folder that has it
//	.rolebook-journal       every file of the site: content hash, size, modification time
//	.rolebook-stage/        during a build only: the files that changed, waiting
//	.rolebook-journal.next  during a commit only: the commit decided, to be completed
//
// and the destination's .git folder, if it has one, left alone (so the destination can
// be a pages-branch checkout).
//
// The life of a build:
//
//	d, err := publish.Begin(dest, publish.Options{Source: src})
//	if err != nil { ... }
//	defer d.Abort() // a no-op after a successful Commit
//	... d.WriteFile("roles/index.html", data) from any number of goroutines ...
//	err = d.Commit()
//
// Begin takes an exclusive lock on the destination folder (flock, on the BSDs, macOS
// and Linux), so that a second build into the same folder fails with ErrBusy instead of
// mixing its files with the first's. It then finishes what a killed build left (see
// Recover) and reads the journal. CheckAhead then looks at every file the journal
// lists in the background (is it still a regular file of the recorded size and
// modification time?), so that WriteFile and Keep find the answer ready; a build calls
// it while it arranges the pages, work that keeps one core busy.
//
// WriteFile hashes the bytes (SHA-256). When the journal lists the path with the same
// hash and size, and the file in place still has the size and modification time the
// journal recorded (it was not edited by hand since), nothing is written: the file keeps
// its inode and modification time, so that rsync and "aws s3 sync" move only what
// changed. Otherwise the bytes go to the same path under .rolebook-stage/, inside the
// destination, so that moving them into place is a rename on one file system.
//
// Commit, when anything changed: writes the marker if missing; writes the new journal
// (the files of the new site, which of them are staged, and the files and folders to
// remove) under a temporary name and renames it to .rolebook-journal.next, the moment
// the commit is decided; moves each staged file into place with one rename, or a whole
// staged folder where the destination has no folder of that name yet; removes the
// files the new site does not have and the folders that leaves empty; renames the new
// journal to .rolebook-journal; removes the stage. A build that changed nothing writes
// nothing, not even the journal.
//
// The journal is a text file: the line "rolebook journal 1"; one line per file of the
// site, sorted by path: "+" (written by the last commit) or "=" (left as it was), the
// first 16 bytes of its SHA-256 in hex, its size, its modification time in nanoseconds
// and its path; a line "- path" for each file and folder the last commit removed; and
// "end", so that a journal cut short is recognised. A commit being applied has the same
// form. Deleting the journal is safe: the next build compares every file by its bytes.
//
// The guarantee. At every instant, each file of the destination is either as the
// previous build left it or as the new build made it, whole: never half-written, never
// a mix of two versions of one file. A build killed at any moment (SIGKILL, a crash,
// the machine running out of memory) leaves the destination in that state, and the next Begin (any `rolebook
// build`) first completes the commit if it was decided, or else removes the stage and
// leaves the previous site exactly as it was; after that step the site as a whole is
// consistent again. Between the kill and that step, the site may mix old and new files
// (a new page linking to an old one), as a reader sees while a commit runs. A failed
// build (an error in the handbook, a write that fails) never gets to decide: the
// destination is untouched and the stage removed. A process holding the destination
// open (a web server started in it, a container that bind-mounts it) sees the new site,
// since the folder is the same one.
//
// What is not guaranteed. Commit does not fsync, for speed: after a power cut or an
// operating-system crash (not a killed process) some files may hold neither version;
// `rolebook build --clean` (Options.Clean) then repairs the site, comparing every file
// by its bytes. Files put into the destination by hand are left alone by an ordinary
// build, and removed by a clean one; a file of the site removed or edited by hand is
// written again by the next build, since its size or modification time no longer
// matches the journal (WriteFile writes it, Keep refuses to keep it); a file edited
// by hand after the build looked at it is seen by the next build. A
// destination without a journal (made by an older Rolebook), or whose journal cannot be
// read, is treated as Clean would.
//
// It must not:
//   - write or remove anything outside the destination: every output path is checked
//     (no "..", no absolute path, no backslash, colon or control character, no empty
//     element, no name Windows reserves such as CON or com1.txt, no ".git", and no
//     top-level name starting with ".rolebook"), and files are moved and removed only
//     in folders that are real folders of the destination, never through a symbolic
//     link placed in it;
//   - write beside the destination: only the destination folder must be writable;
//   - publish over the handbook, a folder that contains it, its content/, templates/ or
//     .git folders, the home folder or "/" (see Check);
//   - update a non-empty folder it did not make (no ".rolebook" marker), except one that
//     holds nothing but a ".git" folder (a fresh pages-branch checkout) or what a first
//     build killed early left;
//   - touch the destination's .git folder.
//
// Output paths are literal file names, not URLs: "%2e%2e/x" is a folder named "%2e%2e"
// inside the site, which is safe, because only "/" separates elements and no element may
// be "." or "..". Decoding URL escapes is the renderer's business. Paths are compared as
// the file system spells them; a case-insensitive file system where "Public" and
// "public" are one folder is not detected by Check.
//
// Older Rolebooks rendered into a folder beside the destination and swapped it in;
// Recover still tidies what one of them left when it was killed.
//
// Size: about 1,600 lines, slightly over the 1,500 a package aims for: the staged
// writes, the commit with its journal, the recovery of an interrupted commit and the
// check of a destination are one transaction, whose guarantee (above) depends on all of
// them.
package publish
