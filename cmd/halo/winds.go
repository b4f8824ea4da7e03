package main

import (
	"fmt"
	"math"
	"time"

	"github.com/spf13/cobra"

	"halo/load"
	"halo/render"
	"halo/wind"
	"halo/wind/windfile"
)

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
			out := cmd.OutOrStdout()
			if asJSON {
				return render.WindsJSON(out, prof)
			}
			return render.WindsText(out, prof)
		},
	}
	c.Flags().StringVar(&station, "station", "", "station id in an FB bulletin (e.g. DEN)")
	c.Flags().StringVar(&ref, "ref", "", "reference time for bulletins without month/year (default now, UTC)")
	c.Flags().BoolVar(&asJSON, "json", false, "JSON rows: alt_m, from_deg, speed_mps, temp_C (null where absent)")
	c.Flags().StringVar(&compare, "compare", "", "a second winds file: flag the altitudes where the two sources disagree by more than 15° or 5 kt")
	c.Flags().StringVar(&station2, "compare-station", "", "station in the --compare file (default --station)")
	c.AddCommand(windsFetchCmd())
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
	const maxDirDeg, maxSpeedMps = compareMaxDirDeg, compareMaxSpeedMps
	ds := wind.Compare(a, b, lo, hi, compareStep, maxDirDeg, maxSpeedMps)
	out := cmd.OutOrStdout()
	if asJSON {
		return render.WindCompareJSON(out, a, b, maxDirDeg, maxSpeedMps, ds)
	}
	return render.WindCompareText(out, a, b, maxDirDeg, maxSpeedMps, ds)
}
