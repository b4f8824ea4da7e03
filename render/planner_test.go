package render

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"halo/brief"
	"halo/version"
)

// Every report and export of a plan names the halo build that planned it (the
// plan's Planner), so a team can tell which version planned a jump.
func TestEveryReportNamesThePlanner(t *testing.T) {
	p := solveDefault(t, nil)
	if want := version.Get().String(); p.Planner != want {
		t.Fatalf("plan.Solve: Planner = %q, want the running build %q", p.Planner, want)
	}
	const mark = "halo v9.8.7-test (0123456789ab)"
	p.Planner = mark
	bf := &brief.Briefing{Plan: p}
	for _, c := range []struct {
		name  string
		write func(io.Writer) error
		want  string
	}{
		{"text", func(w io.Writer) error { return PlanText(w, bf) }, "verdict: " + p.Verdict + "   " + mark + "\n"},
		{"json", func(w io.Writer) error { return JSON(w, bf) }, `"planner": "` + mark + `"`},
		{"html", func(w io.Writer) error { return PlanHTML(w, bf) }, "planned by " + mark},
		{"brief", func(w io.Writer) error { return BriefPage(w, bf) }, "planned by " + mark},
		{"kml", func(w io.Writer) error { return KML(w, p, "") }, "<description>planned by " + mark + "; altitudes "},
		{"geojson", func(w io.Writer) error { return GeoJSON(w, p, "") }, `"planner":"` + mark + `"`},
		{"flysight2", func(w io.Writer) error { return FlySight2(w, p, p.Jumpers[0].Name) }, "$VAR,PLANNER," + mark + "\r\n"},
		{"gpx", func(w io.Writer) error { return PilotGPX(w, p) }, `creator="` + mark + `"`},
	} {
		var b bytes.Buffer
		if err := c.write(&b); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !strings.Contains(b.String(), c.want) {
			t.Errorf("%s lacks %q", c.name, c.want)
		}
	}
}
