package main

import (
	"errors"
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
		{[]string{"plan", f, "--odds", "0"}, []string{"VERDICT: NO-GO", "1960-08-16"}},
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
	}
}
