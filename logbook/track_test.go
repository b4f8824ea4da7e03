package logbook

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"halo/internal/testdata"
	"math"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"halo/debrief"
	"halo/mission"
	"halo/store"
)

// richoTrack is a real FlySight 1 jump (see track/testdata/SOURCES.md), read
// where the track package keeps it.
func richoTrack(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(testdata.Path(t, "richo-08-22-35.CSV"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// missionAt is the fallout mission with its target moved to where track lands,
// so that the track is a jump flown on this mission (its landing error is metres,
// not the 13,000 km between the drop zones).
func missionAt(t *testing.T, track []byte) []byte {
	t.Helper()
	d, err := debrief.File("track", track, nil, "", 0)
	if err != nil || d.Report.Landing == nil {
		t.Fatalf("the track has no landing: %v", err)
	}
	y, err := mission.Builtin("fallout")
	if err != nil {
		t.Fatal(err)
	}
	l := d.Report.Landing
	target := fmt.Sprintf("target: {lat: %.6f, lon: %.6f, elevation: %.0f m, radius: 50 m}", l.Lat, l.Lon, l.AltMSL)
	out := regexp.MustCompile(`(?m)^target: \{[^}]*\}`).ReplaceAll(y, []byte(target))
	if string(out) == string(y) {
		t.Fatal("fallout's target line not found")
	}
	return out
}

// The debrief-to-log mapping: flown figures, the plan's beside them, NaN as nil,
// the whole report as JSON.
func TestResultOf(t *testing.T) {
	nan := math.NaN()
	r := debrief.Report{DeployAltAGL: 762, OpenAltAGL: 700, FreefallS: 121.5, MaxVSpeed: 58, FittedCdA: nan,
		LandingErrorM: math.Inf(1), PlanDiff: &debrief.PlanDiff{}}
	r.PlanDiff.ExitAltMSL.Flown, r.PlanDiff.ExitAltMSL.Planned = 7600, 7620
	r.PlanDiff.DeployAltAGL.Planned = 762
	r.PlanDiff.FreefallS.Planned = 118
	got, err := ResultOf(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		p    *float64
		want float64 // NaN: nil
	}{
		{"open_alt_agl_m is the deployment start", got.OpenAltAGLM, 762},
		{"freefall_s", got.FreefallS, 121.5},
		{"max_vertical_speed_mps", got.MaxVerticalSpeedMPS, 58},
		{"fitted_cda_m2 not measured", got.FittedCdAM2, nan},
		{"landing_error_m infinite", got.LandingErrorM, nan},
		{"exit_alt_msl_m", got.ExitAltMSLM, 7600},
		{"planned_exit_alt_msl_m", got.PlannedExitAltMSLM, 7620},
		{"planned_open_alt_agl_m", got.PlannedOpenAltAGLM, 762},
		{"planned_freefall_s", got.PlannedFreefallS, 118},
	} {
		switch {
		case math.IsNaN(c.want) && c.p != nil:
			t.Errorf("%s = %v, want nil", c.name, *c.p)
		case !math.IsNaN(c.want) && (c.p == nil || *c.p != c.want):
			t.Errorf("%s = %v, want %v", c.name, c.p, c.want)
		}
	}
	if !json.Valid(got.DebriefJSON) {
		t.Errorf("debrief_json %q", got.DebriefJSON)
	}
	// without a plan: no planned figures
	got, _ = ResultOf(debrief.Report{FreefallS: 50, DeployAltAGL: nan, MaxVSpeed: nan, FittedCdA: nan, LandingErrorM: nan})
	if got.PlannedFreefallS != nil || got.ExitAltMSLM != nil || got.FreefallS == nil {
		t.Errorf("without a plan: %+v", got)
	}
}

// An attempt sent with its tracks and no results (what POST /api/log now
// accepts, and what `halo log add` sends) is filled by the same mapping; a
// result a client computed is kept as sent.
func TestAddFromTracks(t *testing.T) {
	ctx := context.Background()
	l := testLog(t)
	tr := richoTrack(t)
	y := missionAt(t, tr)
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	attempt := func(name string, date time.Time) store.Attempt {
		return store.Attempt{Date: date, Outcome: store.OutcomeSuccess,
			Jumpers: []store.AttemptJumper{{Name: name, Track: &store.TrackFile{Name: "08-22-35.CSV", Bytes: tr}}}}
	}
	got, err := Add(ctx, l, attempt("camera", now.Add(-48*time.Hour)), y, "", now)
	if err != nil {
		t.Fatal(err)
	}
	j := got.Jumpers[0]
	if j.Name != "camera" || j.Role != "camera" || j.Track.Format != "FlySight 1" || j.Track.Name != "08-22-35.CSV" {
		t.Errorf("jumper %q role %q track %+v", j.Name, j.Role, j.Track)
	}
	// the numbers are the debrief's, mapped by ResultOf
	in, err := Prepare(attempt("camera", now.Add(-48*time.Hour)), MissionFile{YAML: y}, now)
	if err != nil {
		t.Fatal(err)
	}
	want := in.Attempt.Jumpers[0].Result
	if j.Result.FreefallS == nil || *j.Result.FreefallS < 40 || *j.Result.FreefallS > 60 {
		t.Errorf("free fall %v s; the track's is about 50 s", j.Result.FreefallS)
	}
	if j.Result.LandingErrorM == nil || *j.Result.LandingErrorM > 5000 || j.Result.PlannedFreefallS == nil || len(j.Result.DebriefJSON) == 0 {
		t.Errorf("result %+v", j.Result)
	}
	if *j.Result.FreefallS != *want.FreefallS || *j.Result.OpenAltAGLM != *want.OpenAltAGLM {
		t.Errorf("stored %v/%v, prepared %v/%v", *j.Result.FreefallS, *j.Result.OpenAltAGLM, *want.FreefallS, *want.OpenAltAGLM)
	}

	// a client that computed the result: kept as sent (the API before the server computed it)
	a := attempt("talent", now.Add(-47*time.Hour))
	a.Jumpers[0].Result = store.Result{FreefallS: store.F(121)}
	got, err = Add(ctx, l, a, y, "", now)
	if err != nil || *got.Jumpers[0].Result.FreefallS != 121 {
		t.Errorf("client's result: %v, %+v", err, got.Jumpers)
	}

	// the mission already in the log, named: the track is debriefed against it
	a = attempt("talent", now.Add(-46*time.Hour))
	a.MissionName = "fallout"
	got, err = Add(ctx, l, a, nil, "", now)
	if err != nil || got.Jumpers[0].Result.FreefallS == nil || got.Jumpers[0].Role != "talent" {
		t.Errorf("stored mission: %v, %+v", err, got.Jumpers)
	}

	// no name, one track, a two-jumper mission: not guessed
	_, err = Add(ctx, l, attempt("", now.Add(-45*time.Hour)), y, "", now)
	if !errors.Is(err, ErrInput) || !errors.Is(err, debrief.ErrJumper) {
		t.Errorf("one unnamed track of two jumpers: %v", err)
	}
	// a track that is no jump: refused, nothing stored
	a = attempt("talent", now.Add(-44*time.Hour))
	a.Jumpers[0].Track.Bytes = []byte("time,lat,lon\n")
	if _, err = Add(ctx, l, a, y, "", now); !errors.Is(err, ErrInput) {
		t.Errorf("a file that is no track: %v", err)
	}
	as, _ := l.ListAttempts(ctx, store.Filter{})
	if len(as) != 3 {
		t.Errorf("%d attempts stored, want 3", len(as))
	}
}

// A track flown at another place (the real California track against the
// fallout mission, 13,000 km away) is refused by Add (the path POST /api/log
// takes) with ErrElsewhere; with Options.Elsewhere it is logged without the
// plan's figures and with a note, but never as a success, whether the debrief
// was made here or sent by a client.
func TestElsewhereNeverASuccess(t *testing.T) {
	ctx := context.Background()
	l := testLog(t)
	y, err := mission.Builtin("fallout")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	attempt := func(o store.Outcome) store.Attempt {
		return store.Attempt{Date: now.Add(-time.Hour), Outcome: o,
			Jumpers: []store.AttemptJumper{{Name: "talent", Track: &store.TrackFile{Name: "08-22-35.CSV", Bytes: richoTrack(t)}}}}
	}
	if _, err := Add(ctx, l, attempt(store.OutcomeOther), y, "", now); !errors.Is(err, ErrElsewhere) || !errors.Is(err, ErrInput) {
		t.Errorf("Add: %v, want ErrElsewhere and ErrInput", err)
	}
	e, err := PrepareWith(attempt(store.OutcomeSuccess), MissionFile{YAML: y}, now, Options{Elsewhere: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := e.Elsewhere(); len(got) != 1 || got[0] != "talent" {
		t.Errorf("Elsewhere() = %q", got)
	}
	res := e.Attempt.Jumpers[0].Result
	if res.LandingErrorM != nil || res.PlannedFreefallS != nil || res.FreefallS == nil || !strings.Contains(e.Attempt.Notes, "flown at another place") {
		t.Errorf("result %+v notes %q: want the flown figures only and the note", res, e.Attempt.Notes)
	}
	if _, err := e.File(ctx, l, now); !errors.Is(err, ErrInput) || !strings.Contains(err.Error(), "never a success") {
		t.Errorf("success at another place: %v", err)
	}
	// a client that sends the debrief itself
	sent := store.Attempt{MissionName: "fallout", Date: now.Add(-time.Hour), Outcome: store.OutcomeSuccess,
		Jumpers: []store.AttemptJumper{{Name: "talent", Result: store.Result{FreefallS: store.F(50), DebriefJSON: res.DebriefJSON}}}}
	if _, err := Add(ctx, l, sent, y, "", now); !errors.Is(err, ErrInput) || !strings.Contains(err.Error(), "never a success") {
		t.Errorf("client's debrief at another place, success: %v", err)
	}
	e.Attempt.Outcome = store.OutcomeOther
	if _, err := e.File(ctx, l, now); err != nil {
		t.Errorf("outcome other: %v", err)
	}
	if as, _ := l.ListAttempts(ctx, store.Filter{}); len(as) != 1 || as[0].Outcome != store.OutcomeOther {
		t.Errorf("stored %+v, want the one attempt, outcome other", as)
	}
}
