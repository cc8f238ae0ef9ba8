package cli

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/rolebook/rolebook/internal/synthetic"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"rolebook": func() { os.Exit(Run(os.Args[1:], os.Stdout, os.Stderr, testOptions())) },
	})
}

// TestScripts runs the command-line scenarios in testdata/script: each is a handbook in a
// txtar archive and the commands run on it, with their expected output and exit status.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			// A home folder outside the work folder, so that refusing to publish over
			// the home folder does not mask the refusals under test.
			env.Setenv("HOME", filepath.Join(os.TempDir(), "rolebook-test-home"))
			env.Setenv(exampleEnv, exampleDir(env.T()))
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			// exits N PROG ARGS...: PROG ends with exit status N; its output is
			// checked as after exec.
			"exits": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) < 2 || neg {
					ts.Fatalf("usage: exits N PROG ARGS...")
				}
				want, err := strconv.Atoi(args[0])
				ts.Check(err)
				got := 0
				if err := ts.Exec(args[1], args[2:]...); err != nil {
					var exit *exec.ExitError
					if !errors.As(err, &exit) {
						ts.Fatalf("%s: %v", args[1], err)
					}
					got = exit.ExitCode()
				}
				if got != want {
					ts.Fatalf("%s exited with status %d, want %d", args[1], got, want)
				}
			},
			// treesame DIR1 DIR2: the two folders hold the same files, byte for byte.
			"treesame": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) != 2 {
					ts.Fatalf("usage: treesame DIR1 DIR2")
				}
				a, b := snapshot(ts, ts.MkAbs(args[0])), snapshot(ts, ts.MkAbs(args[1]))
				same := a == b
				if same == neg {
					ts.Fatalf("treesame %s %s: same=%v\n--- %s\n%s\n--- %s\n%s", args[0], args[1], same, args[0], a, args[1], b)
				}
			},
			// gunzips FILE...: each file is gzip-compressed data that is not empty
			// once uncompressed (go tool pprof profiles are).
			"gunzips": func(ts *testscript.TestScript, neg bool, args []string) {
				for _, name := range args {
					f, err := os.Open(ts.MkAbs(name))
					ts.Check(err)
					zr, err := gzip.NewReader(f)
					n := int64(0)
					if err == nil {
						n, err = io.Copy(io.Discard, zr)
					}
					f.Close()
					if ok := err == nil && n > 0; ok == neg {
						ts.Fatalf("gunzips %s: %d bytes, error %v", name, n, err)
					}
				}
			},
			// cptree SRC DST copies a folder.
			"cptree": func(ts *testscript.TestScript, neg bool, args []string) {
				src, dst := ts.MkAbs(args[0]), ts.MkAbs(args[1])
				ts.Check(filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
					if err != nil {
						return err
					}
					rel, _ := filepath.Rel(src, p)
					if info.IsDir() {
						return os.MkdirAll(filepath.Join(dst, rel), 0o755)
					}
					b, err := os.ReadFile(p)
					if err != nil {
						return err
					}
					return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
				}))
			},
		},
	})
}

func snapshot(ts *testscript.TestScript, dir string) string {
	var b strings.Builder
	ts.Check(filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if info.IsDir() {
			b.WriteString(rel + "/\n")
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		b.WriteString(rel + " " + string(data) + "\n")
		return nil
	}))
	return b.String()
}

// TestExitCodes checks the three exit statuses: 0 ok, 1 handbook errors, 2 usage.
func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := synthetic.WriteFiles(dir, map[string]string{name: text}); err != nil {
			t.Fatal(err)
		}
	}
	write("config.toml", "title = \"T\"\n")
	write("content/_index.md", "# Home\n")
	bad := t.TempDir()
	if err := os.MkdirAll(filepath.Join(bad, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bad, "content", "a.md"), []byte("+++\ntitel = \"x\"\n+++\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"build ok", []string{"build", "-s", dir, "--quiet"}, ExitOK},
		{"check ok", []string{"check", "-s", dir, "--quiet"}, ExitOK},
		{"version", []string{"version"}, ExitOK},
		{"handbook error", []string{"build", "-s", bad, "--quiet"}, ExitError},
		{"unknown flag", []string{"build", "--bogus"}, ExitUsage},
		{"unknown command", []string{"bild"}, ExitUsage},
		{"extra argument", []string{"build", "extra", "-s", dir}, ExitUsage},
		{"bad format", []string{"check", "-s", dir, "--format", "xml"}, ExitUsage},
		{"unknown stage flag", []string{"check", "-s", dir, "--quiet", "--stage", "nope"}, ExitUsage},
		{"missing source", []string{"build", "-s", filepath.Join(dir, "nope")}, ExitError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if got := Main(tt.args, &out, &errb); got != tt.want {
				t.Errorf("Main(%q) = %d, want %d\nstderr: %s", tt.args, got, tt.want, errb.String())
			}
		})
	}
	// The same unknown stage set in the environment is a handbook error.
	t.Run("unknown stage in the environment", func(t *testing.T) {
		t.Setenv("ROLEBOOK_STAGE", "nope")
		var out, errb bytes.Buffer
		if got := Main([]string{"check", "-s", dir, "--quiet"}, &out, &errb); got != ExitError {
			t.Errorf("exit status %d, want %d\nstderr: %s", got, ExitError, errb.String())
		}
	})
}
