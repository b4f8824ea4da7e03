package render

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"halo/atmos"
	"halo/mission"
	"halo/montecarlo"
	"halo/physio"
	"halo/plan"
	"halo/units"
	"halo/wind"
)

// MonteCarloText writes `halo mc`: per jumper and overall, the chance of landing
// in the target, CEP and R95 (m), the 95 % ellipse, the chances of a low opening
// and of an AAD firing, the free-fall time's 5-95 % range; the separation
// violations, the distributions drawn and the notes.
func MonteCarloText(w io.Writer, p *plan.Plan, r *montecarlo.Result) error {
	fmt.Fprintf(w, "MONTE CARLO  %s: %d runs per jumper, seed %d (%d workers, %.0f jumps/s)\n", p.Mission, r.N, r.Seed, r.Workers, r.JumpsPerS)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "jumper\tin target\tCEP\tR95\t95 % ellipse, full axes\tmajor axis\topening low\tAAD fires\tfree fall 5-95 %")
	for _, s := range append(append([]montecarlo.Stats(nil), r.Jumpers...), r.Overall) {
		e := s.Ellipse95
		fmt.Fprintf(tw, "%s\t%.1f %%\t%.0f m\t%.0f m\t%s\t%03.0f°\t%.2f %%\t%.2f %%\t%.1f-%.1f s\n", s.Name, 100*s.PInTarget, s.CEPM, s.R95M,
			EllipseSize(e), e.BearingDeg, 100*s.POpenBelowMin, 100*s.PAADFire, s.Freefall.P5, s.Freefall.P95)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "separation below %.0f m at opening: %.2f %%\n", r.MinSeparationM, 100*r.PSeparationViolation)
	fmt.Fprintf(w, "distributions (1σ):\n")
	for _, d := range r.Distributions {
		fmt.Fprintf(w, "  %-18s %s σ %s %s (%s; %s) — %s\n", d.Name, d.Kind, strconv.FormatFloat(d.Sigma, 'f', -1, 64), d.Unit, d.Origin, d.Basis, d.Applies)
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	return nil
}

// PhysioText writes `halo physio`: one jumper's exposure profile, TR360 peak,
// leading Bühlmann compartment, DCS risk, TUC, bail-out bottle margin, cold,
// prebreathe table, checks and assumptions.
func PhysioText(w io.Writer, p *plan.Plan, sel PhysioJSON) error {
	r := sel.Result
	fmt.Fprintf(w, "PHYSIOLOGY  %s, mission %s\n%s\n\n", sel.Jumper, p.Mission, r.Note)
	clock, zone := physioClock(p.Input, r.Phases)
	fmt.Fprintf(w, "exposure profile (%s):\n", zone)
	for _, ph := range r.Phases {
		fmt.Fprintf(w, "  %-14s %s to %s  (%s)\n", ph.Name, clock(ph.StartS), clock(ph.EndS), physio.FormatDuration(ph.EndS-ph.StartS))
	}
	fmt.Fprintf(w, "TR360 peak          %.2f (%s, at %s)\n", r.TR360Peak, r.TR360PeakPhase, clock(r.TR360PeakAtS))
	b := r.Buhlmann
	fmt.Fprintf(w, "Bühlmann ZH-L16C    leading compartment %s (%.1f min): gradient factor %.2f of its M-value\n", b.Compartment, b.HalfTimeMin, b.GradientFactor)
	fmt.Fprintf(w, "DCS risk            %.1f %% (planning estimate)\n", 100*r.DCSRisk)
	fmt.Fprintf(w, "TUC at exit         %s\n", physio.FormatDuration(r.TUCS))
	fmt.Fprintf(w, "bail-out bottle     margin %s\n", physio.FormatDuration(r.BottleMarginS))
	fmt.Fprintf(w, "cold                coldest air %s, wind chill %.0f °C, %s at frostbite wind chills\n", units.TempC(r.Cold.MinTempK), r.Cold.MinWindChillC, physio.FormatDuration(r.Cold.FrostbiteExposureS))
	fmt.Fprintf(w, "prebreathe table:\n")
	for _, row := range r.PrebreatheTable {
		fmt.Fprintf(w, "  %3.0f min → DCS risk %.1f %%\n", row.PrebreatheMin, 100*row.DCSRisk)
	}
	fmt.Fprintf(w, "checks:\n")
	for _, c := range r.Checks {
		fmt.Fprintf(w, "  [%-7s] %s: %s (limit %s; %s)\n", c.Status, c.Name, c.Value, c.Limit, c.Source)
	}
	fmt.Fprintf(w, "assumptions:\n")
	for _, a := range r.Assumptions {
		fmt.Fprintf(w, "  - %s\n", a)
	}
	return nil
}

// physioClock turns a time of the physiology profile (s from its start) into
// the clock time the jumper lives it: the profile's first climb is the
// mission's takeoff (schedule.takeoff, in the schedule's time zone). Without a
// takeoff time the times are counted from takeoff ("takeoff + 16:32"). zone
// says which.
func physioClock(m *mission.Mission, phases []physio.Phase) (clock func(float64) string, zone string) {
	t0 := 0.0
	for _, ph := range phases {
		if ph.Name == physio.PhaseClimb || ph.Name == physio.PhaseClimbOnAir {
			t0 = ph.StartS
			break
		}
	}
	if m == nil || m.Schedule.Takeoff.IsZero() {
		return func(t float64) string {
			d := math.Round(t - t0)
			sign := "+"
			if d < 0 {
				sign, d = "-", -d
			}
			return fmt.Sprintf("takeoff %s %d:%02d", sign, int(d)/60, int(d)%60)
		}, "minutes:seconds from takeoff; the mission gives no takeoff time"
	}
	loc := m.Schedule.Location
	if loc == nil {
		loc = m.Schedule.Takeoff.Location()
	}
	takeoff := m.Schedule.Takeoff.In(loc)
	return func(t float64) string {
		return takeoff.Add(time.Duration(math.Round(t-t0)) * time.Second).Format("15:04:05")
	}, "clock times " + takeoff.Format("MST") + ", takeoff " + takeoff.Format("2006-01-02 15:04")
}

// AtmosRow is one altitude of `halo atmos`: the US Standard Atmosphere 1976 at
// a geometric altitude (m): temperature K, pressure Pa, density kg/m³, speed of
// sound m/s, dynamic viscosity Pa·s, gravity m/s².
type AtmosRow struct {
	Alt float64 `json:"alt_m"`
	T   float64 `json:"T_K"`
	P   float64 `json:"p_Pa"`
	Rho float64 `json:"rho_kgm3"`
	A   float64 `json:"a_mps"`
	Mu  float64 `json:"mu_Pas"`
	G   float64 `json:"g_mps2"`
}

// AtmosTable is the standard atmosphere from lo to hi (m, inclusive) every step m.
func AtmosTable(lo, hi, step float64) ([]AtmosRow, error) {
	var rows []AtmosRow
	for i := 0; ; i++ {
		z := lo + float64(i)*step
		if z > hi+1e-9 {
			break
		}
		s, err := atmos.Standard(z)
		if err != nil {
			return nil, err
		}
		rows = append(rows, AtmosRow{z, s.T, s.P, s.Rho, s.A, s.Mu, atmos.Gravity(z)})
	}
	return rows, nil
}

// AtmosText writes the rows as `halo atmos` prints them.
func AtmosText(w io.Writer, rows []AtmosRow) error {
	fmt.Fprintf(w, "US Standard Atmosphere 1976 (geometric altitude)\n%10s %9s %8s %12s %12s %8s %11s\n", "alt m", "ft", "T K", "p Pa", "ρ kg/m³", "a m/s", "μ µPa·s")
	for _, r := range rows {
		fmt.Fprintf(w, "%10.1f %9.0f %8.3f %12s %12s %8.3f %11s\n", r.Alt, math.Round(r.Alt/units.Foot), r.T, significant(r.P, 6), significant(r.Rho, 6), r.A, significant(r.Mu*1e6, 5))
	}
	return nil
}

// significant writes x to n significant digits in plain decimals (never
// e-notation), trailing zeros dropped: 101325, 1.225, 0.00000695788.
func significant(x float64, n int) string {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		return strconv.FormatFloat(x, 'f', 0, 64)
	}
	x, _ = strconv.ParseFloat(strconv.FormatFloat(x, 'g', n, 64), 64)
	d := n - 1 - int(math.Floor(math.Log10(math.Abs(x))))
	s := strconv.FormatFloat(x, 'f', max(d, 0), 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// WindRow is one layer of a winds file as `halo winds --json` gives it: altitude
// m, direction the wind blows from (degrees true), speed m/s, temperature °C
// (null where the source has none), light and variable.
type WindRow struct {
	Alt   float64  `json:"alt_m"`
	From  float64  `json:"from_deg"`
	Speed float64  `json:"speed_mps"`
	TempC *float64 `json:"temp_C"`
	Var   bool     `json:"variable,omitempty"`
}

// WindRows are the layers of prof.
func WindRows(prof *wind.Profile) []WindRow {
	var rows []WindRow
	for _, l := range prof.Layers() {
		r := WindRow{Alt: l.Alt, From: l.FromDeg, Speed: l.Speed, Var: l.Variable}
		if !math.IsNaN(l.Temp) {
			c := l.Temp - units.ZeroCelsius
			r.TempC = &c
		}
		rows = append(rows, r)
	}
	return rows
}

// WindsJSON writes `halo winds --json`: the source, its times (RFC 3339, or
// "unknown"), the notes and the layers.
func WindsJSON(w io.Writer, prof *wind.Profile) error {
	return JSON(w, map[string]any{"source": prof.Source, "issued": timeText(prof.Issued), "valid_from": timeText(prof.ValidFrom),
		"valid_to": timeText(prof.ValidTo), "notes": prof.Notes, "layers": WindRows(prof)})
}

// WindsText writes `halo winds`: the source, its times, the notes and each layer
// (altitude in m and ft, from, speed kt, temperature °C).
func WindsText(w io.Writer, prof *wind.Profile) error {
	fmt.Fprintf(w, "winds: %s\nissued %s, valid %s to %s\n", prof.Source, timeText(prof.Issued), timeText(prof.ValidFrom), timeText(prof.ValidTo))
	for _, n := range prof.Notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	fmt.Fprintf(w, "%9s %8s %6s %9s %7s\n", "alt m", "ft", "from", "speed kt", "temp C")
	for _, r := range WindRows(prof) {
		t := "  -"
		if r.TempC != nil {
			t = fmt.Sprintf("%5.1f", *r.TempC)
		}
		v := ""
		if r.Var {
			v = " light and variable"
		}
		fmt.Fprintf(w, "%9.0f %8.0f %6.0f %9.1f %7s%s\n", r.Alt, r.Alt/units.Foot, r.From, r.Speed/units.Knot, t, v)
	}
	return nil
}

// WindCompareJSON writes `halo winds --compare --json`: the two sources, the
// thresholds (degrees, m/s) and each level compared.
func WindCompareJSON(w io.Writer, a, b *wind.Profile, maxDirDeg, maxSpeedMps float64, ds []wind.Disagreement) error {
	return JSON(w, map[string]any{"a": a.Source, "b": b.Source, "max_direction_deg": maxDirDeg, "max_speed_mps": maxSpeedMps, "levels": ds})
}

// WindCompareText writes `halo winds --compare`: the thresholds (degrees, m/s;
// printed in degrees and kt), each level's two winds, their differences,
// DISAGREE where they pass the thresholds, and the count.
func WindCompareText(w io.Writer, a, b *wind.Profile, maxDirDeg, maxSpeedMps float64, ds []wind.Disagreement) error {
	fmt.Fprintf(w, "A: %s\nB: %s\nflagged where they differ by more than %.0f° or %.0f kt\n%8s %14s %14s %8s %9s\n", a.Source, b.Source, maxDirDeg, maxSpeedMps/units.Knot, "ft", "A from/kt", "B from/kt", "Δdir", "Δspeed kt")
	n := 0
	for _, d := range ds {
		mark := ""
		if d.Disagree {
			mark, n = "  DISAGREE", n+1
		}
		fmt.Fprintf(w, "%8.0f %7.0f° %5.1f %7.0f° %5.1f %7.0f° %9.1f%s\n", d.Alt/units.Foot, d.FromA, d.SpeedA/units.Knot, d.FromB, d.SpeedB/units.Knot, d.DirDiff, d.SpdDiff/units.Knot, mark)
	}
	fmt.Fprintf(w, "%d of %d levels disagree\n", n, len(ds))
	return nil
}

// timeText is t in RFC 3339 UTC, "unknown" when zero.
func timeText(t time.Time) string {
	if t.IsZero() {
		return "unknown"
	}
	return t.UTC().Format(time.RFC3339)
}

// MissionCheckText writes `halo mission check`: the file's mission is valid,
// with the defaults it takes.
func MissionCheckText(w io.Writer, file string, m *mission.Mission) error {
	fmt.Fprintf(w, "%s: mission %q is valid (%d jumpers)\n", file, m.Name, len(m.Jumpers))
	for _, a := range m.Assumptions {
		fmt.Fprintf(w, "  default: %s\n", a)
	}
	return nil
}
