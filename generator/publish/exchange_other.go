//go:build !linux

package publish

// exchange is not available outside Linux; Commit falls back to renames.
func exchange(a, b string) error { return errNoExchange }
