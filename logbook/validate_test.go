package logbook

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"halo/mission"
	"halo/store"

	"halo/internal/testdata"
)

var testNow = time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)

func falloutYAML(t *testing.T) []byte {
	t.Helper()
	y, err := mission.Builtin("fallout")
	if err != nil {
		t.Fatal(err)
	}
	return y
}

// What a hostile client sent to POST /api/log, and what must happen: each is
// refused with ErrInput naming the field, and nothing is stored.
func TestAddRefusesWhatNoJumpProduces(t *testing.T) {
	ctx := context.Background()
	gpx, err := os.ReadFile(testdata.Path(t, "skyderby-one_track.gpx"))
	if err != nil {
		t.Fatal(err)
	}
	y := falloutYAML(t)
	base := func() store.Attempt {
		return store.Attempt{MissionName: "fallout", Date: time.Date(2026, 11, 25, 10, 51, 0, 0, time.UTC), Outcome: store.OutcomeSuccess,
			Jumpers: []store.AttemptJumper{{Name: "talent", Result: store.Result{LandingErrorM: store.F(12.5)}}}}
	}
	for _, c := range []struct {
		name string
		edit func(*store.Attempt)
		want []string
	}{
		{"landing error 1.7e308", func(a *store.Attempt) { a.Jumpers[0].Result.LandingErrorM = store.F(1.7e308) }, []string{"landing_error_m", "1.7e+308"}},
		{"landing error 600 km", func(a *store.Attempt) { a.Jumpers[0].Result.LandingErrorM = store.F(600e3) }, []string{"landing_error_m", "500000"}},
		{"negative landing error", func(a *store.Attempt) { a.Jumpers[0].Result.LandingErrorM = store.F(-1) }, []string{"landing_error_m"}},
		{"exit altitude in feet", func(a *store.Attempt) { a.Jumpers[0].Result.ExitAltMSLM = store.F(125000) }, []string{"exit_alt_msl_m", "unit"}},
		{"opening below ground", func(a *store.Attempt) { a.Jumpers[0].Result.OpenAltAGLM = store.F(-300) }, []string{"open_alt_agl_m"}},
		{"free fall of an hour", func(a *store.Attempt) { a.Jumpers[0].Result.FreefallS = store.F(3600) }, []string{"freefall_s"}},
		{"planned free fall negative", func(a *store.Attempt) { a.Jumpers[0].Result.PlannedFreefallS = store.F(-5) }, []string{"planned_freefall_s"}},
		{"supersonic at 500 m/s", func(a *store.Attempt) { a.Jumpers[0].Result.MaxVerticalSpeedMPS = store.F(500) }, []string{"max_vertical_speed_mps"}},
		{"drag area of a canopy", func(a *store.Attempt) { a.Jumpers[0].Result.FittedCdAM2 = store.F(25) }, []string{"fitted_cda_m2"}},
		{"drag area of nothing", func(a *store.Attempt) { a.Jumpers[0].Result.FittedCdAM2 = store.F(1e-9) }, []string{"fitted_cda_m2"}},
		{"year 9999", func(a *store.Attempt) { a.Date = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC) }, []string{"date", "9999", "future"}},
		{"four days ahead", func(a *store.Attempt) { a.Date = testNow.Add(96 * time.Hour) }, []string{"date", "future"}},
		{"unset logger clock", func(a *store.Attempt) { a.Date = time.Unix(0, 0) }, []string{"date", "1970", "1980-01-06"}},
		{"jumper not in the mission", func(a *store.Attempt) { a.Jumpers[0].Name = "mallory" }, []string{`"mallory"`, "not a jumper", `"talent"`}},
		{"track bytes hello", func(a *store.Attempt) {
			a.Jumpers[0].Track = &store.TrackFile{Name: "t.csv", Bytes: []byte("hello")}
		}, []string{"track", `"t.csv"`, "not a track"}},
		{"a GPX with no points", func(a *store.Attempt) {
			a.Jumpers[0].Track = &store.TrackFile{Name: "e.gpx", Bytes: []byte(`<?xml version="1.0"?><gpx version="1.1"></gpx>`)}
		}, []string{"track", `"e.gpx"`}},
		{"debrief that is not JSON", func(a *store.Attempt) { a.Jumpers[0].Result.DebriefJSON = []byte("{not json") }, []string{"debrief_json"}},
		{"every problem at once", func(a *store.Attempt) {
			a.Date = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
			a.Jumpers = append(a.Jumpers, store.AttemptJumper{Name: "eve", Result: store.Result{FreefallS: store.F(1e9)}})
		}, []string{"date", `"eve"`, "freefall_s"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, withYAML := range []bool{true, false} {
				l := testLog(t)
				if !withYAML {
					if _, err := l.AddMission(ctx, store.Mission{Name: "fallout", YAML: string(y)}); err != nil {
						t.Fatal(err)
					}
				}
				a := base()
				c.edit(&a)
				var my []byte
				if withYAML {
					my = y
				}
				_, err := Add(ctx, l, a, my, "", testNow)
				if !errors.Is(err, ErrInput) {
					t.Fatalf("mission file sent %v: error %v, want one wrapping ErrInput", withYAML, err)
				}
				for _, w := range c.want {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("mission file sent %v: error %q does not mention %q", withYAML, err, w)
					}
				}
				as, _ := l.ListAttempts(ctx, store.Filter{})
				ms, _ := l.ListMissions(ctx)
				if len(as) != 0 || len(ms) != map[bool]int{true: 0, false: 1}[withYAML] {
					t.Errorf("mission file sent %v: %d attempts and %d missions stored after the refusal", withYAML, len(as), len(ms))
				}
			}
		})
	}
	// The same attempt within range, with a real track, is stored; its track
	// format is filled in from the bytes.
	l := testLog(t)
	a := base()
	a.Jumpers[0].Track = &store.TrackFile{Name: "one_track.gpx", Bytes: gpx}
	a.Jumpers[0].Result = store.Result{ExitAltMSLM: store.F(3291), OpenAltAGLM: store.F(1000), FreefallS: store.F(100),
		LandingErrorM: store.F(0), MaxVerticalSpeedMPS: store.F(21), FittedCdAM2: store.F(2.5)}
	a.Date = testNow.Add(71 * time.Hour)
	got, err := Add(ctx, l, a, y, "", testNow)
	if err != nil {
		t.Fatal(err)
	}
	if f := got.Jumpers[0].Track.Format; !strings.Contains(f, "GPX") {
		t.Errorf("track format %q, want the detected GPX", f)
	}
}

// An attempt whose uid is already in the log is store.ErrDuplicate (the API's
// 409), not an input error and not a database failure, and adds nothing.
func TestAddDuplicateUID(t *testing.T) {
	ctx := context.Background()
	l := testLog(t)
	y := falloutYAML(t)
	a := store.Attempt{UID: "abc-123", Date: time.Date(2026, 11, 25, 10, 51, 0, 0, time.UTC), Outcome: store.OutcomeSuccess,
		Jumpers: []store.AttemptJumper{{Name: "talent"}}}
	if _, err := Add(ctx, l, a, y, "", testNow); err != nil {
		t.Fatal(err)
	}
	_, err := Add(ctx, l, a, y, "", testNow)
	if !errors.Is(err, store.ErrDuplicate) || errors.Is(err, ErrInput) || !strings.Contains(err.Error(), "abc-123") {
		t.Errorf("second add of uid abc-123: %v, want store.ErrDuplicate naming the uid", err)
	}
	if as, _ := l.ListAttempts(ctx, store.Filter{}); len(as) != 1 {
		t.Errorf("%d attempts after the duplicate, want 1", len(as))
	}
}

// An attempt naming its mission by ID is checked against that mission's
// jumpers too; a mission in the log that no longer decodes is refused.
func TestAddByMissionID(t *testing.T) {
	ctx := context.Background()
	l := testLog(t)
	sm, err := l.AddMission(ctx, store.Mission{Name: "fallout", YAML: string(falloutYAML(t))})
	if err != nil {
		t.Fatal(err)
	}
	a := store.Attempt{MissionID: sm.ID, Date: time.Date(2026, 11, 25, 10, 51, 0, 0, time.UTC), Outcome: store.OutcomeSuccess,
		Jumpers: []store.AttemptJumper{{Name: "nobody"}}}
	if _, err := Add(ctx, l, a, nil, "", testNow); !errors.Is(err, ErrInput) || !strings.Contains(err.Error(), `"nobody"`) {
		t.Errorf("unknown jumper by mission id: %v", err)
	}
	a.Jumpers[0].Name = "camera"
	if _, err := Add(ctx, l, a, nil, "", testNow); err != nil {
		t.Errorf("known jumper by mission id: %v", err)
	}
	bad, err := l.AddMission(ctx, store.Mission{Name: "junk", YAML: "not: a mission\n"})
	if err != nil {
		t.Fatal(err)
	}
	a.MissionID = bad.ID
	if _, err := Add(ctx, l, a, nil, "", testNow); !errors.Is(err, ErrInput) || !strings.Contains(err.Error(), "no longer decodes") {
		t.Errorf("undecodable stored mission: %v", err)
	}
}
