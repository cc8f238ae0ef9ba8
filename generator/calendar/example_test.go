package calendar_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rolebook/rolebook/generator/build"
	"github.com/rolebook/rolebook/generator/calendar"
	"github.com/rolebook/rolebook/generator/config"
)

// TestExampleCalendars builds the repository's example handbook and validates every
// person's calendar feed, in every language.
func TestExampleCalendars(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	cfg, _, err := config.Load(config.Options{Source: filepath.Join("..", "..")})
	if err != nil {
		t.Fatal(err)
	}
	cfg.Destination = dest
	cfg.Quiet = true
	if _, err := build.Build(context.Background(), cfg, build.Options{}); err != nil {
		t.Fatal(err)
	}
	feeds, err := filepath.Glob(filepath.Join(dest, "*", "*", "duties.ics"))
	if err != nil {
		t.Fatal(err)
	}
	more, _ := filepath.Glob(filepath.Join(dest, "*", "*", "*", "duties.ics"))
	feeds = append(feeds, more...)
	if len(feeds) < 2 {
		t.Fatalf("found %d feeds, want one per person and language", len(feeds))
	}
	events := 0
	for _, f := range feeds {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range calendar.ValidateICS(b) {
			t.Errorf("%s: %s", f, p)
		}
		events += strings.Count(string(b), "BEGIN:VEVENT")
	}
	if events == 0 {
		t.Error("no feed has an event")
	}
}
