package build

import (
	"io/fs"
	"path"
	"slices"
	"strings"

	"github.com/rolebook/rolebook/generator/diag"
)

// rootStatic lists the files of the handbook's static/ folder, which are copied to the
// site's root at the same paths, as Hugo copies them: slash paths relative to static/,
// sorted. Dotfiles and dot folders are left out, as in content/; a symbolic link is
// not followed (it could lead outside the handbook) and is a warning.
func rootStatic(fsys fs.FS) ([]string, []diag.Diagnostic) {
	var files []string
	var diags []diag.Diagnostic
	err := fs.WalkDir(fsys, "static", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			if name == "static" {
				return fs.SkipDir // no static/ folder
			}
			diags = append(diags, diag.Errorf(diag.Pos{File: name}, diag.RuleRead, "check the file's permissions", "cannot read: %v", err))
			return nil
		}
		if name != "static" && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			diags = append(diags, diag.Warnf(diag.Pos{File: name}, diag.RuleSymlink,
				"copy the file into static/ instead of linking to it", "%s is a symbolic link: it is not copied into the site", name))
		case d.Type().IsRegular():
			files = append(files, strings.TrimPrefix(name, "static/"))
		}
		return nil
	})
	if err != nil {
		diags = append(diags, diag.Errorf(diag.Pos{File: "static"}, diag.RuleRead, "check the folder's permissions", "cannot list static/: %v", err))
	}
	return files, diags
}

// mergeStatic returns the files of content/ and of static/ that are copied as they are,
// sorted, and reports a path that both folders have: one would overwrite the other.
func mergeStatic(content, root []string) ([]string, []diag.Diagnostic) {
	if len(root) == 0 {
		return content, nil
	}
	var diags []diag.Diagnostic
	out := slices.Clone(content)
	for _, f := range root {
		if _, found := slices.BinarySearch(content, f); found {
			d := diag.Errorf(diag.Pos{File: "static/" + f}, diag.RuleOutputClash, "keep one of the two files",
				"static/%s and content/%s would both be published at /%s", f, f, f)
			d.Related = []diag.Pos{{File: "content/" + f}}
			diags = append(diags, d)
			continue
		}
		out = append(out, f)
	}
	slices.Sort(out)
	return out, diags
}

// hugoFolders returns the folders of a Hugo site that Rolebook does not read, and what
// to do instead; a handbook moved over from Hugo is told, not silently ignored.
func hugoFolders() []struct{ dir, hint string } {
	return []struct{ dir, hint string }{
		{"layouts", "Rolebook's layouts are Go templates with their own data (see \"Templates\" in the README): write the ones you need in templates/layouts/, or remove layouts/ to use the built-in theme"},
		{"themes", "Rolebook has its own theme, embedded in the binary: override its files in templates/, or remove themes/"},
		{"i18n", "move the words of your templates to templates/i18n/<lang>.toml"},
		{"assets", "move the files your templates use to templates/assets/, or the files to copy as they are to static/"},
		{"data", "Rolebook's data lives in content/ (skills.toml, stages.toml, duties/, roles/, people/): move what you need there"},
	}
}

// checkHugoFolders warns about each Hugo folder the handbook has.
func checkHugoFolders(fsys fs.FS) []diag.Diagnostic {
	var diags []diag.Diagnostic
	for _, f := range hugoFolders() {
		if st, err := fs.Stat(fsys, f.dir); err == nil && st.IsDir() {
			diags = append(diags, diag.Warnf(diag.Pos{File: path.Clean(f.dir) + "/"}, diag.RuleHugoFolder, f.hint,
				"%s/ is a folder of Hugo sites that Rolebook does not read", f.dir))
		}
	}
	return diags
}
