package markdown

import (
	"strings"
	"testing"
)

func TestTaskListLabels(t *testing.T) {
	res, _ := New(Options{}).Render([]byte("- [ ] Read the *refund* policy\n- [x] Meet `ops` & <https://example.com>\n"), Context{})
	got := string(res.HTML)
	for _, want := range []string{
		`<input disabled="" type="checkbox" aria-label="Read the refund policy"> Read the <em>refund</em> policy`,
		`<input checked="" disabled="" type="checkbox" aria-label="Meet ops &amp; https://example.com">`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("got\n%s\nwant it to contain\n%s", got, want)
		}
	}
}
