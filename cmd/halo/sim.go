package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"halo/render"
)

func simCmd() *cobra.Command {
	var asJSON, asCSV, asGeo, asKML bool
	var jumper string
	c := &cobra.Command{
		Use:   "sim [MISSION]",
		Short: "Simulate each jumper from exit to landing (from the planned release point)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			n := 0
			for _, b := range []bool{asJSON, asCSV, asGeo, asKML} {
				if b {
					n++
				}
			}
			if n > 1 {
				return fmt.Errorf("choose one of --json, --csv, --geojson, --kml")
			}
			p, err := solve(args, time.Now())
			if err != nil {
				return err
			}
			rep, err := render.Sim(p, jumper) // also checks --jumper names a jumper
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			switch {
			case asCSV:
				return render.SimCSV(out, p, jumper)
			case asGeo:
				return render.GeoJSON(out, p, jumper)
			case asKML:
				return render.KML(out, p, jumper)
			}
			if asJSON {
				return render.JSON(out, rep)
			}
			if err := render.SimText(out, rep); err != nil {
				return err
			}
			return render.SimEventsText(out, rep, p.Input.Description)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "JSON summary with events")
	c.Flags().BoolVar(&asCSV, "csv", false, "time series: t, lat, lon, altitude MSL/AGL, velocities, speed, Mach, phase")
	c.Flags().BoolVar(&asGeo, "geojson", false, "GeoJSON paths (any map)")
	c.Flags().BoolVar(&asKML, "kml", false, "KML 3-D tracks (Google Earth)")
	c.Flags().StringVar(&jumper, "jumper", "", "only this jumper")
	return c
}
