package theme

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// TestMissingWords: a language the theme has no words in, or only some, is a warning
// naming the file to write; the built-in languages are complete.
func TestMissingWords(t *testing.T) {
	upper := fstest.MapFS{"i18n/fr.toml": {Data: []byte("duties = \"Tâches\"\n")}}
	o := Overlay{Lower: Default(), Upper: upper, UpperName: "templates"}
	for _, tt := range []struct{ lang, def, want string }{
		{"en", "en", ""},
		{"zh", "en", ""},
		{"de", "en", `templates/i18n/de.toml: warning: the theme has no words in "de": its pages show English words instead`},
		{"fr", "zh", `templates/i18n/fr.toml: warning: the theme lacks `},
	} {
		_, diags := LoadWords(o, tt.lang, tt.def)
		var got []string
		for _, d := range diags.Items() {
			got = append(got, d.String())
		}
		switch {
		case tt.want == "":
			if diff := cmp.Diff([]string(nil), got); diff != "" {
				t.Errorf("LoadWords(%s): unexpected diagnostics:\n%s", tt.lang, diff)
			}
		case len(got) != 1 || !strings.HasPrefix(got[0], tt.want):
			t.Errorf("LoadWords(%s) = %q, want one diagnostic starting %q", tt.lang, got, tt.want)
		}
	}
}
