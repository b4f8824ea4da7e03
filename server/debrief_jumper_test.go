package server

import (
	"strings"
	"testing"
)

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
