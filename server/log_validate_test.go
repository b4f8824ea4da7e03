package server

import (
	"strings"
	"testing"
)

// What a hostile tester sent to POST /api/log. Bad input is 400 with the
// field named, an existing uid is 409 (never 500: 500 is not for bad input),
// and none of it is stored.
func TestLogValidation(t *testing.T) {
	_, ts := newTest(t, nil)
	auth := []string{"Authorization", "Bearer " + testToken, "Content-Type", "application/json"}
	mission := string(readTestdata(t, "fallout.yaml"))
	// a real track flown 13,000 km from fallout's target, sent without a result
	tr := readTestdata(t, "richo-08-22-35.CSV")
	withTrack := func(name string) map[string]any {
		return map[string]any{"mission_yaml": mission,
			"jumpers": []map[string]any{{"name": name, "track": map[string]any{"name": "08-22-35.CSV", "bytes": tr}}}}
	}
	result := func(k string, v any) map[string]any {
		return map[string]any{"mission_yaml": mission,
			"jumpers": []map[string]any{{"name": "talent", "result": map[string]any{k: v}}}}
	}
	for _, c := range []struct {
		name  string
		extra map[string]any
		msg   []string
	}{
		{"landing error 1.7e308", result("landing_error_m", 1.7e308), []string{"landing_error_m", "1.7e+308"}},
		{"free fall of a day", result("freefall_s", 86400.0), []string{"freefall_s"}},
		{"exit altitude in feet", result("exit_alt_msl_m", 125000.0), []string{"exit_alt_msl_m"}},
		{"descent faster than any on record", result("max_vertical_speed_mps", 1000.0), []string{"max_vertical_speed_mps"}},
		{"year 9999", map[string]any{"mission_yaml": mission, "date": "9999-01-01T00:00:00Z"}, []string{"date", "9999", "future"}},
		{"jumper not in the mission", map[string]any{"mission_yaml": mission,
			"jumpers": []map[string]any{{"name": "mallory"}}}, []string{`"mallory"`, "not a jumper"}},
		{"track bytes hello", map[string]any{"mission_yaml": mission,
			"jumpers": []map[string]any{{"name": "talent", "track": map[string]any{"name": "t.csv", "bytes": "aGVsbG8="}}}}, []string{"track", "not a track"}},
		// the server debriefs a track sent without its result, as halo log add
		// does: the track was flown at another place, so nothing is logged
		{"landing error computed from the track", withTrack("talent"), []string{"another place", "nothing was logged"}},
		// the jumper of a track by debrief.TrackJumpers: not guessed
		{"one unnamed track of two jumpers", withTrack(""), []string{"which jumper", `["talent" "camera"]`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := do(t, "POST", ts.URL+"/api/log", attemptJSON(t, c.extra), auth...)
			wantCode(t, r, 400)
			e := r.errBody(t)
			for _, m := range c.msg {
				if !strings.Contains(e.Error, m) {
					t.Errorf("message %q does not say %q", e.Error, m)
				}
			}
		})
	}
	wantCount(t, ts.URL, 0)

	// an existing uid: 409 Conflict, the first attempt kept, nothing added
	body := attemptJSON(t, map[string]any{"mission_yaml": mission, "uid": "hostile-uid-1"})
	wantCode(t, do(t, "POST", ts.URL+"/api/log", body, auth...), 201)
	r := do(t, "POST", ts.URL+"/api/log", body, auth...)
	wantCode(t, r, 409)
	if e := r.errBody(t); !strings.Contains(e.Error, "hostile-uid-1") || !strings.Contains(e.Error, "already in the log") {
		t.Errorf("409 message %q does not name the uid", e.Error)
	}
	wantCount(t, ts.URL, 1)
	// and stats still answer (no infinity was stored)
	wantCode(t, do(t, "GET", ts.URL+"/api/log/stats", nil), 200)
}

func wantCount(t *testing.T, base string, n int) {
	t.Helper()
	var list struct {
		Attempts []struct{} `json:"attempts"`
	}
	r := do(t, "GET", base+"/api/log", nil)
	wantCode(t, r, 200)
	r.json(t, &list)
	if len(list.Attempts) != n {
		t.Errorf("%d attempts in the log, want %d", len(list.Attempts), n)
	}
}
