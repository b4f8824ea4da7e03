package render

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"halo/brief"
	"halo/internal/jsonnan"
	"halo/units"
	"halo/wind"
)

// WindsCSV writes a profile as halo's CSV wind profile (package wind/windcsv
// reads it back): comment lines with the source, times and notes, then
// altitude_m, from_deg, speed_m/s and temperature_K with every digit (a file
// read back gives the same layers).
func WindsCSV(w io.Writer, prof *wind.Profile) error {
	b := &strings.Builder{}
	fmt.Fprintf(b, "# winds: %s\n# issued (model run) %s, valid %s to %s\n", oneLine(prof.Source), timeText(prof.Issued), timeText(prof.ValidFrom), timeText(prof.ValidTo))
	if !prof.Issued.IsZero() {
		fmt.Fprintf(b, "# in a mission: winds: {file: THIS FILE, issued: %s}, so the plan judges the forecast's age\n", timeText(prof.Issued))
	}
	for _, n := range prof.Notes {
		fmt.Fprintf(b, "# note: %s\n", oneLine(n))
	}
	b.WriteString("altitude_m,from_deg,speed_m/s,temperature_K\n")
	g := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	for _, l := range prof.Layers() {
		t := ""
		if !math.IsNaN(l.Temp) {
			t = g(l.Temp)
		}
		fmt.Fprintf(b, "%s,%s,%s,%s\n", g(l.Alt), g(l.FromDeg), g(l.Speed), t)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func oneLine(s string) string { return strings.ReplaceAll(s, "\n", " ") }

// WindModelsText writes several models side by side every compared altitude
// (ft; from and kt per model), the largest direction and speed difference of any
// model from the first, DISAGREE where one passes the thresholds (degrees, m/s;
// printed in degrees and kt), and the count. ds[k] is wind.Compare(ps[0], ps[k+1])
// over the same altitudes.
func WindModelsText(w io.Writer, ps []*wind.Profile, maxDirDeg, maxSpeedMps float64, ds [][]wind.Disagreement) error {
	b := &strings.Builder{}
	for i, p := range ps {
		fmt.Fprintf(b, "%c: %s\n", 'A'+i, p.Source)
	}
	fmt.Fprintf(b, "compared with A; flagged where a model differs by more than %.0f° or %.0f kt\n%8s", maxDirDeg, maxSpeedMps/units.Knot, "ft")
	for i := range ps {
		fmt.Fprintf(b, " %12s", fmt.Sprintf("%c from/kt", 'A'+i))
	}
	fmt.Fprintf(b, " %8s %9s\n", "max Δdir", "max Δkt")
	if len(ds) == 0 {
		return fmt.Errorf("render: no comparison")
	}
	n := 0
	for r := range ds[0] {
		d0 := ds[0][r]
		fmt.Fprintf(b, "%8.0f %6.0f° %5.1f", d0.Alt/units.Foot, d0.FromA, d0.SpeedA/units.Knot)
		var dd, dsp float64
		dis := false
		for _, col := range ds {
			d := col[r]
			fmt.Fprintf(b, " %6.0f° %5.1f", d.FromB, d.SpeedB/units.Knot)
			dd = math.Max(dd, d.DirDiff)
			if math.Abs(d.SpdDiff) > math.Abs(dsp) {
				dsp = d.SpdDiff
			}
			dis = dis || d.Disagree
		}
		mark := ""
		if dis {
			mark, n = "  DISAGREE", n+1
		}
		fmt.Fprintf(b, " %7.0f° %9.1f%s\n", dd, dsp/units.Knot, mark)
	}
	fmt.Fprintf(b, "%d of %d levels disagree\n", n, len(ds[0]))
	_, err := io.WriteString(w, b.String())
	return err
}

// WindModelsJSON writes `halo winds fetch --json`: each profile as WindsJSON
// gives it and, for several, the thresholds (degrees, m/s) and ds (see
// WindModelsText; nil for one profile).
func WindModelsJSON(w io.Writer, ps []*wind.Profile, maxDirDeg, maxSpeedMps float64, ds [][]wind.Disagreement) error {
	var profs []map[string]any
	for _, p := range ps {
		profs = append(profs, map[string]any{"source": p.Source, "issued": timeText(p.Issued), "valid_from": timeText(p.ValidFrom),
			"valid_to": timeText(p.ValidTo), "notes": p.Notes, "layers": WindRows(p)})
	}
	v := map[string]any{"profiles": profs}
	if ds != nil {
		v["max_direction_deg"], v["max_speed_mps"], v["comparison"] = maxDirDeg, maxSpeedMps, ds
	}
	return JSON(w, v)
}

// TimeSlot is one row of `halo plan --times`: an exit time and its briefing's
// release point, verdict and headline odds (NaN where no odds were run).
type TimeSlot struct {
	Time       time.Time `json:"exit_time"`
	Lat        float64   `json:"release_lat"`
	Lon        float64   `json:"release_lon"`
	DistanceM  float64   `json:"release_distance_m"`
	BearingDeg float64   `json:"release_bearing_from_target_deg"`
	HeadingDeg float64   `json:"jump_run_heading_deg"`
	Verdict    string    `json:"verdict"`
	Trust      string    `json:"winds_trust"`
	Reasons    []string  `json:"reasons,omitempty"`
	WindSource string    `json:"wind_source"`
	// PInTarget is the pooled share of landings in the target; PLow the worst
	// jumper's share of openings below the minimum; PSep the share of runs with
	// two jumpers too close.
	PInTarget float64 `json:"p_in_target"`
	PLow      float64 `json:"p_open_below_min"`
	PSep      float64 `json:"p_separation"`
	Err       string  `json:"error,omitempty"`
}

// MarshalJSON writes NaN (no odds) as null.
func (s TimeSlot) MarshalJSON() ([]byte, error) { return jsonnan.Fields(s) }

// SlotOf is the row of one briefing planned for exit time t.
func SlotOf(t time.Time, b *brief.Briefing) TimeSlot {
	p := b.Plan
	s := TimeSlot{Time: t, Lat: p.ReleasePoint.Lat, Lon: p.ReleasePoint.Lon, DistanceM: p.ReleasePoint.DistanceM,
		BearingDeg: p.ReleasePoint.BearingFromTarget, HeadingDeg: p.JumpRun.HeadingDeg, Verdict: p.Verdict, Reasons: p.Reasons,
		WindSource: p.Environment.WindSource, PInTarget: math.NaN(), PLow: math.NaN(), PSep: math.NaN()}
	if b.WindsTrust != nil {
		s.Trust = b.WindsTrust.Grade
	}
	if r := b.Odds; r != nil {
		s.PInTarget, s.PSep, s.PLow = r.Overall.PInTarget, r.PSeparationViolation, 0
		for _, j := range r.Jumpers {
			s.PLow = math.Max(s.PLow, j.POpenBelowMin)
		}
	}
	return s
}

// TimesText writes `halo plan --times`: one row per exit time (in the slots'
// zone) with the release point (lat, lon; distance m and bearing from the
// target), the jump run's heading, the verdict, the headline odds and the first
// reason; then the wind source of each distinct forecast.
func TimesText(w io.Writer, mission string, rows []TimeSlot) error {
	b := &strings.Builder{}
	fmt.Fprintf(b, "WHEN TO JUMP  %s: one briefing per exit time\n%-17s %-21s %13s %5s %-7s %-11s %7s %7s %7s  %s\n", Escape(mission),
		"exit", "release point", "from target", "run", "verdict", "winds", "in tgt", "low", "sep", "first reason")
	pct := func(x float64) string {
		if math.IsNaN(x) {
			return "-"
		}
		return fmt.Sprintf("%.1f%%", 100*x)
	}
	var srcs []string
	for _, r := range rows {
		when := r.Time.Format("2006-01-02 15:04")
		if r.Err != "" {
			fmt.Fprintf(b, "%-17s not planned: %s\n", when, r.Err)
			continue
		}
		reason := ""
		if len(r.Reasons) > 0 {
			reason = r.Reasons[0]
		}
		fmt.Fprintf(b, "%-17s %9.5f %11.5f %6.0f m %03.0f° %03.0f°  %-7s %-11s %7s %7s %7s  %s\n", when, r.Lat, r.Lon, r.DistanceM, r.BearingDeg,
			r.HeadingDeg, r.Verdict, r.Trust, pct(r.PInTarget), pct(r.PLow), pct(r.PSep), Escape(reason))
		if len(srcs) == 0 || srcs[len(srcs)-1] != r.WindSource {
			srcs = append(srcs, r.WindSource)
		}
	}
	for _, s := range srcs {
		fmt.Fprintf(b, "winds: %s\n", s)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// trustText is the winds' trust grade as the verdict line shows it ("" when
// not graded).
func trustText(t *brief.WindsTrust) string {
	if t == nil {
		return ""
	}
	return fmt.Sprintf("   winds trust: %s (%s)", t.Grade, Escape(t.Detail))
}
