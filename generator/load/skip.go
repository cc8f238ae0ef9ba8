package load

import "strings"

// Skipped reports whether a file or folder named name is left out of a handbook, and
// is no reason to rebuild when it changes: dotfiles and dot folders, editors' backups
// ("page.md~", "#page.md#"), vim's swap files (".swp", ".swx") and the file vim
// writes to test a folder ("4913"). Reading content/, watching it and rebuilding use
// this one list.
func Skipped(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swx") ||
		(len(name) > 1 && strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#")) || name == "4913"
}

// SkippedPath reports whether any element of the slash path p is Skipped ("." and
// ".." are not).
func SkippedPath(p string) bool {
	for _, seg := range strings.Split(p, "/") {
		if seg != "." && seg != ".." && seg != "" && Skipped(seg) {
			return true
		}
	}
	return false
}
