package main

import (
	"fmt"
	"math"
	"time"

	"github.com/spf13/cobra"

	"halo/load"
	"halo/render"
	"halo/units"
	"halo/wind"
	"halo/wind/windfile"
)

type windRow struct {
	Alt   float64  `json:"alt_m"`
	From  float64  `json:"from_deg"`
	Speed float64  `json:"speed_mps"`
	TempC *float64 `json:"temp_C"`
	Var   bool     `json:"variable,omitempty"`
}

func windsCmd() *cobra.Command {
	var station, ref, compare, station2 string
	var asJSON bool
	c := &cobra.Command{
		Use:   "winds FILE",
		Short: "Read a winds file (FB bulletin, UWyo or GSL sounding, CSV) and print the profile understood",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			data, err := load.File(args[0])
			if err != nil {
				return err
			}
			rt := time.Now().UTC()
			if ref != "" {
				if rt, err = time.Parse(time.RFC3339, ref); err != nil {
					return fmt.Errorf("--ref %q: give an RFC 3339 time, e.g. 2026-11-25T06:00:00Z", ref)
				}
			}
			prof, _, err := windfile.Read(args[0], data, station, rt)
			if err != nil {
				return err
			}
			if compare != "" {
				return compareWinds(cmd, prof, compare, station2, rt, asJSON)
			}
			var rows []windRow
			for _, l := range prof.Layers() {
				r := windRow{Alt: l.Alt, From: l.FromDeg, Speed: l.Speed, Var: l.Variable}
				if !math.IsNaN(l.Temp) {
					c := l.Temp - units.ZeroCelsius
					r.TempC = &c
				}
				rows = append(rows, r)
			}
			out := cmd.OutOrStdout()
			if asJSON {
				return render.JSON(out, map[string]any{"source": prof.Source, "issued": tstr(prof.Issued), "valid_from": tstr(prof.ValidFrom),
					"valid_to": tstr(prof.ValidTo), "notes": prof.Notes, "layers": rows})
			}
			fmt.Fprintf(out, "winds: %s\nissued %s, valid %s to %s\n", prof.Source, tstr(prof.Issued), tstr(prof.ValidFrom), tstr(prof.ValidTo))
			for _, n := range prof.Notes {
				fmt.Fprintf(out, "note: %s\n", n)
			}
			fmt.Fprintf(out, "%9s %8s %6s %9s %7s\n", "alt m", "ft", "from", "speed kt", "temp C")
			for _, r := range rows {
				t := "  -"
				if r.TempC != nil {
					t = fmt.Sprintf("%5.1f", *r.TempC)
				}
				v := ""
				if r.Var {
					v = " light and variable"
				}
				fmt.Fprintf(out, "%9.0f %8.0f %6.0f %9.1f %7s%s\n", r.Alt, r.Alt/units.Foot, r.From, r.Speed/units.Knot, t, v)
			}
			return nil
		},
	}
	c.Flags().StringVar(&station, "station", "", "station id in an FB bulletin (e.g. DEN)")
	c.Flags().StringVar(&ref, "ref", "", "reference time for bulletins without month/year (default now, UTC)")
	c.Flags().BoolVar(&asJSON, "json", false, "JSON rows: alt_m, from_deg, speed_mps, temp_C (null where absent)")
	c.Flags().StringVar(&compare, "compare", "", "a second winds file: flag the altitudes where the two sources disagree by more than 15° or 5 kt")
	c.Flags().StringVar(&station2, "compare-station", "", "station in the --compare file (default --station)")
	return c
}

// compareWinds prints where two wind sources disagree, every 1,000 ft over the
// altitudes both cover.
func compareWinds(cmd *cobra.Command, a *wind.Profile, file, station string, rt time.Time, asJSON bool) error {
	data, err := load.File(file)
	if err != nil {
		return err
	}
	b, _, err := windfile.Read(file, data, station, rt)
	if err != nil {
		return err
	}
	lo, hi := math.Max(a.Bottom(), b.Bottom()), math.Min(a.Top(), b.Top())
	if hi < lo {
		return fmt.Errorf("the two sources share no altitudes (%s: %.0f-%.0f m, %s: %.0f-%.0f m)", a.Source, a.Bottom(), a.Top(), b.Source, b.Bottom(), b.Top())
	}
	ds := wind.Compare(a, b, lo, hi, 1000*units.Foot, 15, 5*units.Knot)
	out := cmd.OutOrStdout()
	if asJSON {
		return render.JSON(out, map[string]any{"a": a.Source, "b": b.Source, "max_direction_deg": 15, "max_speed_mps": 5 * units.Knot, "levels": ds})
	}
	fmt.Fprintf(out, "A: %s\nB: %s\nflagged where they differ by more than 15° or 5 kt\n%8s %14s %14s %8s %9s\n", a.Source, b.Source, "ft", "A from/kt", "B from/kt", "Δdir", "Δspeed kt")
	n := 0
	for _, d := range ds {
		mark := ""
		if d.Disagree {
			mark, n = "  DISAGREE", n+1
		}
		fmt.Fprintf(out, "%8.0f %7.0f° %5.1f %7.0f° %5.1f %7.0f° %9.1f%s\n", d.Alt/units.Foot, d.FromA, d.SpeedA/units.Knot, d.FromB, d.SpeedB/units.Knot, d.DirDiff, d.SpdDiff/units.Knot, mark)
	}
	fmt.Fprintf(out, "%d of %d levels disagree\n", n, len(ds))
	return nil
}

func tstr(t time.Time) string {
	if t.IsZero() {
		return "unknown"
	}
	return t.UTC().Format(time.RFC3339)
}
