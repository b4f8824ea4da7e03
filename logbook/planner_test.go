package logbook

import (
	"context"
	"testing"
	"time"

	"halo/mission"
	"halo/store"
	"halo/version"
)

// A logged attempt records the halo build that planned it and debriefed its
// tracks (the running build), as the plan of the same build names it; a
// planner the caller sent (the build that computed the results it sent) is kept.
func TestAttemptRecordsItsPlanner(t *testing.T) {
	ctx := context.Background()
	l := testLog(t)
	y, err := mission.Builtin("fallout")
	if err != nil {
		t.Fatal(err)
	}
	a := store.Attempt{Date: time.Date(2026, 11, 25, 10, 51, 0, 0, time.UTC), Outcome: store.OutcomeSuccess,
		Jumpers: []store.AttemptJumper{{Name: "talent"}}}
	for _, c := range []struct{ sent, want string }{
		{"", version.Get().String()},
		{"halo v0.9.0 (0123456789ab)", "halo v0.9.0 (0123456789ab)"},
	} {
		a.Planner, a.UID = c.sent, ""
		got, err := Add(ctx, l, a, y, "", time.Now())
		if err != nil {
			t.Fatal(err)
		}
		back, err := l.GetAttempt(ctx, got.ID)
		if err != nil {
			t.Fatal(err)
		}
		if back.Planner != c.want {
			t.Errorf("sent planner %q: logged %q, want %q", c.sent, back.Planner, c.want)
		}
	}
}
