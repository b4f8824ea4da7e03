package server

import (
	"strings"
	"testing"
)

// POST /api/log with a track and no result: the server debriefs the track by
// the logbook path `halo log add` takes, so the client computes nothing. The
// real track was flown 13,000 km from fallout's target: the landing error the
// server computed (the client sent none) is no jump's, so it is refused; a
// track without a name on a two-jumper mission is not guessed.
func TestLogComputesFromTrack(t *testing.T) {
	_, ts := newTest(t, nil)
	auth := []string{"Authorization", "Bearer " + testToken, "Content-Type", "application/json"}
	y := string(readTestdata(t, "fallout.yaml"))
	tr := readTestdata(t, "richo-08-22-35.CSV")
	for _, c := range []struct {
		name, jumper string
		msg          []string
	}{
		{"landing error computed by the server", "talent", []string{"landing_error_m", "outside"}},
		{"one unnamed track of two jumpers", "", []string{"which jumper", `["talent" "camera"]`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			body := attemptJSON(t, map[string]any{"mission_yaml": y,
				"jumpers": []map[string]any{{"name": c.jumper, "track": map[string]any{"name": "08-22-35.CSV", "bytes": tr}}}})
			r := do(t, "POST", ts.URL+"/api/log", body, auth...)
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
}

// POST /api/debrief chooses the jumper by the same rule as halo debrief and
// the log: one track of a two-jumper mission must be named, and by a name of
// the mission.
func TestDebriefJumperRule(t *testing.T) {
	_, ts := newTest(t, nil)
	tr := readTestdata(t, "richo-08-22-35.CSV")
	y := readTestdata(t, "fallout.yaml")
	for _, c := range []struct {
		name   string
		jumper string
		code   int
		msg    string
	}{
		{"named", "camera", 200, ""},
		{"unnamed, two jumpers", "", 400, "which jumper"},
		{"not in the mission", "nobody", 400, `no jumper "nobody"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			parts := map[string][]byte{"track": tr, "mission": y}
			if c.jumper != "" {
				parts["jumper"] = []byte(c.jumper)
			}
			body, ct := multipartBody(t, parts, map[string]string{"track": "08-22-35.CSV", "mission": "fallout.yaml"})
			r := do(t, "POST", ts.URL+"/api/debrief", body, "Content-Type", ct)
			wantCode(t, r, c.code)
			if c.code != 200 {
				if e := r.errBody(t); !strings.Contains(e.Error, c.msg) {
					t.Errorf("message %q does not say %q", e.Error, c.msg)
				}
			}
		})
	}
}
