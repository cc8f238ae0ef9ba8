package scaffold

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"
)

// starter holds the blank handbook of each language (starter/<lang>/) and the files
// every language shares (starter/common/: .gitignore and the CI files). The all:
// prefix keeps the dotfiles.
//
//go:embed all:starter
var starter embed.FS

// versionPattern is a release version ("v1.2.0" or "1.2.0"), which the CI files pin;
// a development build ("0.1.0-dev") is not one.
var versionPattern = regexp.MustCompile(`^v?[0-9]+\.[0-9]+\.[0-9]+$`)

// Blank returns the files of a small blank handbook in language lang ("zh" or "en"):
// config.toml, a home page, one area with one role, one duty, one skill, one stage and
// one person, each key explained in a comment, a .gitignore that keeps public/ out of
// git, and CI files for GitHub Actions (.github/workflows/rolebook.yml) and GitLab CI
// (.gitlab-ci.yml) that run rolebook check --strict and rolebook build and publish the
// site to Pages. version is the running Rolebook's version: the CI files install that
// release, or the latest when it is not a release ("dev").
func Blank(lang, version string) ([]File, error) {
	if !validLanguage(lang) {
		return nil, fmt.Errorf("no starter handbook in language %q (there are: %s)", lang, strings.Join(Languages, ", "))
	}
	pin := "latest"
	if versionPattern.MatchString(version) {
		pin = "v" + strings.TrimPrefix(version, "v")
	}
	var out []File
	for _, root := range []string{"starter/common", "starter/" + lang} {
		err := fs.WalkDir(starter, root, func(name string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := fs.ReadFile(starter, name)
			if err != nil {
				return err
			}
			b = bytes.ReplaceAll(b, []byte("@ROLEBOOK_VERSION"), []byte("@"+pin))
			out = append(out, File{Path: strings.TrimPrefix(name, root+"/"), Data: b})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("reading the starter handbook: %w", err)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

func validLanguage(lang string) bool {
	for _, l := range Languages {
		if l == lang {
			return true
		}
	}
	return false
}
