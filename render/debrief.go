package render

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"halo/debrief"
)

// DebriefText writes one track's debrief as `halo debrief` prints it: the
// events (time from the track's start, UTC, altitude MSL, position), the
// free-fall and canopy figures (heights AGL above the report's ground), the
// landing against the target, the fitted drag area, what went differently from
// the plan and the notes; a track flown at another place says so first, before
// any figure. file names the track as the user gave it. A figure
// not measured (NaN) is "-".
func DebriefText(w io.Writer, file string, r debrief.Report) {
	fmt.Fprintf(w, "DEBRIEF  %s (%s)", file, r.Format)
	if r.Jumper != "" {
		fmt.Fprintf(w, ", jumper %s", r.Jumper)
	}
	if math.IsNaN(r.GroundMSL) {
		fmt.Fprintf(w, "\n  heights above the ground: unknown (no ground elevation)\n")
	} else {
		fmt.Fprintf(w, "\n  heights above %.0f m MSL (%s)\n", r.GroundMSL, r.GroundFrom)
	}
	elsewhere := ""
	if r.Elsewhere != nil {
		// said before any figure: none of them is compared with the plan
		elsewhere = r.Elsewhere.Note()
		fmt.Fprintf(w, "  NOT COMPARED WITH THE PLAN: %s\n", elsewhere)
	}
	mom := func(n string, m *debrief.Moment) {
		if m == nil {
			fmt.Fprintf(w, "  %-12s not found\n", n)
			return
		}
		fmt.Fprintf(w, "  %-12s t=%7.1f s  %s  %7.0f m MSL  %.5f, %.5f\n", n, m.TS, m.Time.UTC().Format("15:04:05.0Z"), m.AltMSL, m.Lat, m.Lon)
	}
	mom("exit", r.Exit)
	mom("deploy", r.Deploy)
	mom("canopy open", r.CanopyOpen)
	mom("landing", r.Landing)
	fmt.Fprintf(w, "  free fall %s s, max vertical %s m/s, deploy %s m AGL, open %s m AGL, lost %s m in deployment\n",
		debriefNum(r.FreefallS, 1), debriefNum(r.MaxVSpeed, 1), debriefNum(r.DeployAltAGL, 0), debriefNum(r.OpenAltAGL, 0), debriefNum(r.DeployAltLoss, 0))
	fmt.Fprintf(w, "  canopy %s s, glide %s (air), airspeed %s m/s, sink %s m/s", debriefNum(r.CanopyS, 0), debriefNum(r.CanopyGlideAir, 2), debriefNum(r.CanopyAirspeed, 1), debriefNum(r.CanopySink, 1))
	if r.PlanDiff != nil {
		if debrief.WithinHalfMetre(r.LandingErrorM) {
			fmt.Fprint(w, "; landing on the target (within half a metre)")
		} else {
			fmt.Fprintf(w, "; landing %s m from the target on %s°", debriefNum(r.LandingErrorM, 0), debriefNum(r.LandingBearing, 0))
		}
	}
	fmt.Fprintf(w, "\n  fitted drag area %s ± %s m²\n", debriefNum(r.FittedCdA, 3), debriefNum(r.FittedCdAErr, 3))
	if len(r.Summary) > 0 {
		fmt.Fprintf(w, "  what went differently:\n")
		for _, f := range r.Summary {
			fmt.Fprintf(w, "   - %s\n", f.Text)
		}
	}
	for _, n := range r.Notes {
		if n == elsewhere {
			continue
		}
		fmt.Fprintf(w, "  note: %s\n", strings.TrimSpace(n))
	}
}

// DebriefTimecodes writes each event's place in the video, one line each: the
// event, its timecode (H:MM:SS.mmm from the start of the video) and its UTC time.
func DebriefTimecodes(w io.Writer, tcs []debrief.Timecode) {
	for _, tc := range tcs {
		fmt.Fprintf(w, "video %-12s %s  (%s)\n", tc.Name, tc.Text, tc.Time.UTC().Format("15:04:05.0"))
	}
}

// debriefNum formats a number with d decimals, or "-" when it is not known
// (NaN or infinite).
func debriefNum(x float64, d int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "-"
	}
	return strconv.FormatFloat(x, 'f', d, 64)
}
