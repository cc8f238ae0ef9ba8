package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// exampleEnv names the variable that gives the scripts' rolebook the repository's example
// handbook, as the real command embeds it.
const exampleEnv = "ROLEBOOK_TEST_EXAMPLE_DIR"

// exampleDir returns the repository root, which holds the example handbook.
func exampleDir(t testscript.T) string {
	dir, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// testOptions are the options of the scripts' rolebook: the example handbook read from
// the repository instead of embedded.
func testOptions() Options {
	if dir := os.Getenv(exampleEnv); dir != "" {
		return Options{Example: os.DirFS(dir)}
	}
	return Options{}
}

// TestNewSiteWithoutExample: a build without the example explains itself when asked for
// it; the blank handbook needs no example.
func TestNewSiteWithoutExample(t *testing.T) {
	var out, errb bytes.Buffer
	if got := Main([]string{"new", "site", "--example", filepath.Join(t.TempDir(), "hb")}, &out, &errb); got != ExitError {
		t.Fatalf("Main(new site) = %d, want %d; stderr: %s", got, ExitError, errb.String())
	}
	if !strings.Contains(errb.String(), "no example handbook") {
		t.Errorf("stderr = %q, want it to explain that there is no example", errb.String())
	}
}

// TestImportRACIGBK imports a spreadsheet saved in GBK, as Excel and WPS save CSV on
// Chinese systems.
func TestImportRACIGBK(t *testing.T) {
	dir := t.TempDir()
	csv := "职责,area,运营,设计师,客服\n处理退款,service,I,,A/R\n主图设计,design,C,AR,\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(csv)
	if err != nil {
		t.Fatal(err)
	}
	if gbk == csv {
		t.Fatal("the GBK encoding is the same bytes as UTF-8: the test proves nothing")
	}
	file := filepath.Join(dir, "raci.csv")
	if err := os.WriteFile(file, []byte(gbk), 0o644); err != nil {
		t.Fatal(err)
	}
	hb := filepath.Join(dir, "hb")
	if err := os.MkdirAll(filepath.Join(hb, "content", "roles"), 0o755); err != nil {
		t.Fatal(err)
	}
	for id, title := range map[string]string{"operations": "运营", "designer": "设计师", "customer-service": "客服"} {
		page := "+++\ntitle = \"" + title + "\"\n+++\n"
		if err := os.WriteFile(filepath.Join(hb, "content", "roles", id+".md"), []byte(page), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(hb, "config.toml"), []byte("defaultLanguage = \"zh\"\n[languages.zh]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if got := Main([]string{"import", "raci", file, "-s", hb}, &out, &errb); got != ExitOK {
		t.Fatalf("import = %d, want 0; stderr: %s", got, errb.String())
	}
	b, err := os.ReadFile(filepath.Join(hb, "content", "duties", "service.toml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`title = "处理退款"`, `accountable = "customer-service"`, `responsible = ["customer-service"]`, `informed = ["operations"]`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("service.toml lacks %s:\n%s", want, b)
		}
	}
	var check bytes.Buffer
	if got := Main([]string{"check", "-s", hb}, &out, &check); got != ExitOK {
		t.Errorf("check after import = %d, want 0; stderr: %s", got, check.String())
	}
}
