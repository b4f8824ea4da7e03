package main

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Issue 18: every command flies a stratospheric exit. A plain balloon exit at
// 39 km (testdata/balloon39.yaml, dated 1960) plans, simulates, runs its Monte
// Carlo and its physiology; with no pressure suit the plan is NO-GO, never an error.
func TestStratoBalloonCommands(t *testing.T) {
	const f = "testdata/balloon39.yaml"
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"sim", f}, []string{"SIMULATION", "j1"}},
		{[]string{"plan", f, "--odds", "0"}, []string{"VERDICT: NO-GO", "1960-08-16", "BALLOON  launch", "balloon launch"}},
		{[]string{"mc", f, "-n", "20", "--quiet"}, []string{"MONTE CARLO", "j1"}},
		{[]string{"physio", f}, []string{"PHYSIOLOGY", "no-go"}},
	} {
		out, err := run(t, c.args...)
		var ee exitError
		if err != nil && !(errors.As(err, &ee) && c.args[0] == "plan") {
			t.Errorf("%s: %v\n%s", c.args[0], err, out)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s: output lacks %q:\n%s", c.args[0], w, out)
			}
		}
		if c.args[0] == "plan" && (strings.Contains(out, "JUMP RUN") || strings.Contains(out, "PILOT BRIEF")) {
			t.Errorf("a balloon briefing has a jump run or a pilot brief:\n%s", out)
		}
	}
}

// The record jumps of examples/ in `halo sim` against their published figures,
// limit 5 % (issue 18). The sources are in each file's header:
//   - Baumgartner 2012 [RB-F] [AVW]: free fall 260 s and 377.1 m/s (both FITTED by
//     the drag table); Mach 1.25 (PREDICTED, limit 3 %).
//   - Eustace 2014 [FAI-records] [ANN] [NATL]: 267 s (FITTED by the drogue's area);
//     366.7 m/s (PREDICTED); Mach 1.23 (Paragon) or 1.3 (Nauticos): between them.
//   - Kittinger 1960 [WEA]: 276 s (FITTED by the drogue's area); the published
//     274 m/s is NOT reproduced: with the stabiliser opened at 13 s [WEA] the fall
//     peaks 22 % lower, and the published speed is itself within 3 % of a fall with
//     no drag at all (flight.TestDrogueFalls): the speed must lie between 70 % and
//     100 % of the published figure, and the output must say it was not fitted.
func TestRecordJumpsInSim(t *testing.T) {
	for _, c := range []struct {
		file           string
		ff, vmax       float64 // published, s and m/s
		vLo, vHi       float64 // accepted fraction of the published speed
		machLo, machHi float64
		phases         int
	}{
		{"baumgartner2012", 260, 377.1, 0.95, 1.05, 1.25 * 0.97, 1.25 * 1.03, 0},
		{"eustace2014", 267, 1320 / 3.6, 0.95, 1.05, 1.23 * 0.97, 1.3 * 1.03, 1},
		{"kittinger1960", 276, 274, 0.70, 1.00, 0, 0.92, 1},
	} {
		out, err := run(t, "sim", "../../examples/"+c.file+".yaml", "--json")
		if err != nil {
			t.Fatalf("%s: %v", c.file, err)
		}
		var rep struct {
			Jumpers []struct {
				FreefallS   float64 `json:"freefall_s"`
				MaxSpeedMps float64 `json:"max_speed_mps"`
				MaxMach     float64 `json:"max_mach"`
				Events      []struct {
					Name string `json:"name"`
				} `json:"events"`
			} `json:"jumpers"`
		}
		if err := json.Unmarshal([]byte(out), &rep); err != nil || len(rep.Jumpers) != 1 {
			t.Fatalf("%s: %v %s", c.file, err, out)
		}
		j := rep.Jumpers[0]
		t.Logf("%s: free fall %.1f s (published %.0f s), max %.1f m/s (published %.1f m/s, %+.1f %%), Mach %.3f",
			c.file, j.FreefallS, c.ff, j.MaxSpeedMps, c.vmax, 100*(j.MaxSpeedMps/c.vmax-1), j.MaxMach)
		if math.Abs(j.FreefallS/c.ff-1) > 0.05 {
			t.Errorf("%s: free fall %.1f s, published %.0f s (limit 5 %%)", c.file, j.FreefallS, c.ff)
		}
		if r := j.MaxSpeedMps / c.vmax; r < c.vLo || r > c.vHi {
			t.Errorf("%s: max speed %.1f m/s is %.3f of the published %.1f m/s (limits %.2f..%.2f)", c.file, j.MaxSpeedMps, r, c.vmax, c.vLo, c.vHi)
		}
		if j.MaxMach < c.machLo || j.MaxMach > c.machHi {
			t.Errorf("%s: Mach %.3f outside %.3f..%.3f", c.file, j.MaxMach, c.machLo, c.machHi)
		}
		n := 0
		for _, e := range j.Events {
			if strings.HasPrefix(e.Name, "drogue") {
				n++
			}
		}
		if n != c.phases {
			t.Errorf("%s: %d drogue events, want %d", c.file, n, c.phases)
		}
		text, err := run(t, "sim", "../../examples/"+c.file+".yaml")
		if err != nil || !strings.Contains(text, "FITTED") || !strings.Contains(text, "PREDICTED") {
			t.Errorf("%s: the sim output does not say what was fitted and what predicted (%v):\n%s", c.file, err, text)
		}
	}
}

// plan, mc and physio run on every record example (their verdicts are the
// checks' business; no command may fail).
func TestRecordJumpsAllCommands(t *testing.T) {
	for _, f := range []string{"baumgartner2012", "kittinger1960", "eustace2014"} {
		p := "../../examples/" + f + ".yaml"
		for _, args := range [][]string{{"plan", p, "--odds", "0"}, {"mc", p, "-n", "20", "--quiet"}, {"physio", p}, {"mission", "show", f}} {
			out, err := run(t, args...)
			var ee exitError
			if err != nil && !errors.As(err, &ee) {
				t.Errorf("%s %s: %v\n%s", args[0], f, err, out)
			}
		}
	}
}

// Issue 18: the plan grounds a suitless exit above the Armstrong line, and a
// prebreathe shorter than the suit's programme.
func TestStratoChecksGround(t *testing.T) {
	out, err := run(t, "plan", "testdata/balloon39.yaml", "--odds", "0")
	var ee exitError
	if !errors.As(err, &ee) || ee.code != 2 || !regexp.MustCompile(`NO-GO\]? *j1: Armstrong line`).MatchString(out) {
		t.Errorf("suitless 39 km: %v\n%s", err, out)
	}
	src, err := os.ReadFile("../../examples/baumgartner2012.yaml")
	if err != nil {
		t.Fatal(err)
	}
	y := strings.Replace(string(src), "  prebreathe: 2 h            # assumed", "  prebreathe: 1 h", 1)
	if y == string(src) {
		t.Fatal("the example's oxygen prebreathe line changed")
	}
	f := filepath.Join(t.TempDir(), "short.yaml")
	if err := os.WriteFile(f, []byte(y), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err = run(t, "physio", f, "--json")
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Checks []struct{ Name, Status string } `json:"checks"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range res.Checks {
		if strings.HasSuffix(c.Name, "suit prebreathe") {
			found = c.Status == "no-go"
		}
	}
	if !found {
		t.Errorf("a 1 h prebreathe for the suit's 2 h programme is not NO-GO:\n%s", out)
	}
}
