package scaffold

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rhysd/actionlint"
	"go.yaml.in/yaml/v3"
)

// TestBlankFiles: the blank handbook has the same files in every language, and the CI
// files pin a release's version (a development build installs the latest).
func TestBlankFiles(t *testing.T) {
	want := []string{
		".github/workflows/rolebook.yml", ".gitignore", ".gitlab-ci.yml", "config.toml",
		"content/_index.md", "content/areas.toml", "content/duties/operations.toml",
		"content/people/PERSON.md", "content/roles/operations.md", "content/skills.toml",
		"content/stages.toml",
	}
	for _, lang := range Languages {
		files, err := Blank(lang, "0.1.0-dev")
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range files {
			p := f.Path
			if strings.HasPrefix(p, "content/people/") {
				p = "content/people/PERSON.md"
			}
			got = append(got, p)
			if strings.Contains(string(f.Data), "ROLEBOOK_VERSION") {
				t.Errorf("%s/%s: the version placeholder is left", lang, f.Path)
			}
		}
		if diff := cmp.Diff(got, want); diff != "" {
			t.Errorf("Blank(%s) files (-got +want):\n%s", lang, diff)
		}
		if !bytes.Contains(file(files, ".gitignore"), []byte("\npublic/\n")) {
			t.Errorf("%s: .gitignore does not keep public/ out", lang)
		}
		if !bytes.Contains(file(files, "config.toml"), []byte(`defaultLanguage = "`+lang+`"`)) {
			t.Errorf("%s: config.toml does not make %s the default language", lang, lang)
		}
	}
	for version, want := range map[string]string{"0.1.0-dev": "@latest", "v1.2.3": "@v1.2.3", "1.4.0": "@v1.4.0", "dev": "@latest"} {
		files, _ := Blank("en", version)
		for _, name := range []string{".github/workflows/rolebook.yml", ".gitlab-ci.yml"} {
			if !bytes.Contains(file(files, name), []byte("github.com/rolebook/rolebook"+want+"\n")) {
				t.Errorf("version %s: %s does not install rolebook%s", version, name, want)
			}
		}
	}
	if _, err := Blank("fr", "v1.0.0"); err == nil {
		t.Error("Blank(fr) made a handbook")
	}
}

// TestBlankCI: the GitHub Actions workflow passes actionlint (which knows the inputs of
// the actions it uses), and the GitLab CI file is YAML with the jobs GitLab needs: a
// pages job publishing public/, and a check of every other branch, both running check
// --strict and build.
func TestBlankCI(t *testing.T) {
	files, err := Blank("en", "v1.0.0")
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	l, err := actionlint.NewLinter(&out, &actionlint.LinterOptions{Oneline: true, Color: actionlint.ColorOptionKindNever})
	if err != nil {
		t.Fatal(err)
	}
	errs, err := l.Lint("<stdin>", file(files, ".github/workflows/rolebook.yml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range errs {
		t.Errorf("actionlint: %s", e.Error())
	}
	workflow := string(file(files, ".github/workflows/rolebook.yml"))
	for _, want := range []string{"rolebook check --strict", "rolebook build", "actions/deploy-pages@", "path: public"} {
		if !strings.Contains(workflow, want) {
			t.Errorf("the workflow lacks %q", want)
		}
	}

	var gitlab struct {
		Image string
		Check struct {
			Script []string
			Rules  []map[string]string
		}
		Pages struct {
			Stage     string
			Script    []string
			Artifacts struct{ Paths []string }
			Rules     []map[string]string
		}
	}
	dec := yaml.NewDecoder(bytes.NewReader(file(files, ".gitlab-ci.yml")))
	if err := dec.Decode(&gitlab); err != nil {
		t.Fatalf(".gitlab-ci.yml: %v", err)
	}
	if gitlab.Image == "" {
		t.Error(".gitlab-ci.yml names no image")
	}
	for job, script := range map[string][]string{"check": gitlab.Check.Script, "pages": gitlab.Pages.Script} {
		joined := strings.Join(script, "\n")
		if !strings.Contains(joined, "rolebook check --strict") || !strings.Contains(joined, "rolebook build") {
			t.Errorf("job %s runs %q, want check --strict and build", job, script)
		}
	}
	if diff := cmp.Diff(gitlab.Pages.Artifacts.Paths, []string{"public"}); diff != "" || gitlab.Pages.Stage != "deploy" {
		t.Errorf("the pages job publishes %v at stage %q, want public at deploy", gitlab.Pages.Artifacts.Paths, gitlab.Pages.Stage)
	}
	if len(gitlab.Pages.Rules) != 1 || gitlab.Pages.Rules[0]["if"] != "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH" {
		t.Errorf("the pages job runs on %v, want the default branch only", gitlab.Pages.Rules)
	}
}

func file(files []File, name string) []byte {
	for _, f := range files {
		if f.Path == name {
			return f.Data
		}
	}
	return nil
}
