package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"halo/config"
	"halo/mission"
	"halo/units"
)

// The report's units: --units wins, then the mission's own units:, then
// $HALO_UNITS, then the configuration file; each not from the mission is an
// assumption saying where it came from.
func TestLeadUnitsPrecedence(t *testing.T) {
	file := config.File{Path: "/team/config.yaml", Values: map[string]string{"units": "distance: km, altitude: m, speed: km/h"}}
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == config.EnvUnits {
				return v
			}
			return ""
		}
	}
	own := units.Lead{Distance: "NM", Altitude: "ft", Speed: "kt"}
	for _, c := range []struct {
		name     string
		mission  units.Lead
		flag     string
		given    bool
		env      string
		want     units.Lead
		from     string // "" when the mission's own units stand
		errWords string
	}{
		{"flag over all", own, "speed: mph", true, "speed: kt", units.Lead{Speed: "mph"}, "--units", ""},
		{"mission over env and file", own, "", false, "speed: mph", own, "", ""},
		{"env over file", units.Lead{}, "", false, "altitude: ft", units.Lead{Altitude: "ft"}, "$HALO_UNITS", ""},
		{"file", units.Lead{}, "", false, "", units.Lead{Distance: "km", Altitude: "m", Speed: "km/h"}, "file /team/config.yaml", ""},
		{"bad env", units.Lead{}, "", false, "speed: knots", units.Lead{}, "", "$HALO_UNITS: units: speed \"knots\""},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := &mission.Mission{Units: c.mission}
			err := leadUnits(m, c.flag, c.given, file, env(c.env))
			if c.errWords != "" {
				if err == nil || !strings.Contains(err.Error(), c.errWords) {
					t.Errorf("error %v, want %q", err, c.errWords)
				}
				return
			}
			if err != nil || m.Units != c.want {
				t.Fatalf("units %+v, %v; want %+v", m.Units, err, c.want)
			}
			said := strings.Join(m.Assumptions, "\n")
			if c.from == "" && said != "" || c.from != "" && !strings.Contains(said, "(from "+c.from+")") {
				t.Errorf("assumptions %q, want the source %q", said, c.from)
			}
		})
	}
}

// End to end: a team's configuration file makes `halo plan` lead with feet,
// knots and nautical miles, and says so.
func TestPlanUnitsFromTheConfigFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(p, []byte("units: {distance: NM, altitude: ft, speed: kt}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv(config.EnvConfig, p)
	t.Setenv(config.EnvUnits, "")
	out, _ := run(t, "plan", "--odds", "0")
	for _, want := range []string{"RELEASE POINT", "at 25,000 ft (7620 m)", "TAS 139 kt (71.5 m/s)", "the report leads with distance: NM, altitude: ft, speed: kt (from file " + p + ")"} {
		if !strings.Contains(out, want) {
			t.Errorf("the plan lacks %q:\n%.1500s", want, out)
		}
	}
}
