package logbook

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"halo/mission"
	"halo/store"
	"halo/store/sqlite"
)

func testLog(t *testing.T) store.Log {
	l, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "log.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

// The mission is checked like a plan's, stored as a version, and the attempt refers
// to it; a mission that does not decode or disagrees with the attempt stores nothing.
func TestAdd(t *testing.T) {
	ctx := context.Background()
	l := testLog(t)
	y, err := mission.Builtin("fallout")
	if err != nil {
		t.Fatal(err)
	}
	a := store.Attempt{Date: time.Date(2026, 11, 25, 10, 51, 0, 0, time.UTC), Outcome: store.OutcomeSuccess,
		Jumpers: []store.AttemptJumper{{Name: "talent"}}}
	got, err := Add(ctx, l, a, y, "", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if got.MissionName != "fallout" || got.MissionVersion != 1 || got.ID == 0 {
		t.Errorf("stored %+v", got)
	}
	// a bad mission: its errors with lines, and nothing stored
	_, err = Add(ctx, l, a, []byte("name: x\nfoo: 1\n"), "", time.Now())
	var me mission.Errors
	if !errors.As(err, &me) || me[0].Line == 0 {
		t.Errorf("bad mission: %v", err)
	}
	// a name that disagrees
	a.MissionName = "other"
	if _, err := Add(ctx, l, a, y, "", time.Now()); !errors.Is(err, ErrInput) || !strings.Contains(err.Error(), "agree") {
		t.Errorf("name mismatch: %v", err)
	}
	// an unknown mission without its file
	a.MissionName = "nowhere"
	if _, err := Add(ctx, l, a, nil, "", time.Now()); !errors.Is(err, ErrInput) {
		t.Errorf("unknown mission: %v", err)
	}
	as, err := l.ListAttempts(ctx, store.Filter{})
	if err != nil || len(as) != 1 {
		t.Errorf("%d attempts stored after the failures, want 1 (%v)", len(as), err)
	}
}
