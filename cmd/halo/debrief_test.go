package main

import (
	"os"
	"path/filepath"
	"testing"
)

const richo = "../../track/testdata/richo-08-22-35.CSV"

// The debrief's text is a golden file: a real track against the plan, with video
// timecodes, and alone with a fitted drag.
func TestDebriefTextGolden(t *testing.T) {
	for _, c := range []struct {
		golden string
		args   []string
	}{
		{"debrief_richo_plan.golden", []string{"debrief", richo, "--plan", "fallout", "--jumper", "talent", "--video-start", "2016-10-08T16:22:40Z", "--sync", "exit=0:00:07.5"}},
		{"debrief_richo_alone.golden", []string{"debrief", richo, "--mass-kg", "90"}},
		{"debrief_richo_two.golden", []string{"debrief", richo, richo, "--plan", "fallout"}},
	} {
		t.Run(c.golden, func(t *testing.T) {
			out, err := run(t, c.args...)
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", c.golden)
			if *update {
				os.WriteFile(golden, []byte(out), 0o644)
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if out != string(want) {
				t.Errorf("debrief text differs from %s (run go test ./cmd/halo -update to accept):\n%s", golden, out)
			}
		})
	}
}
