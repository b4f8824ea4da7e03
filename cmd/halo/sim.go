package main

import (
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"halo/render"
)

func simCmd() *cobra.Command {
	var asJSON bool
	var csvFile, geoFile, kmlFile, jumper string
	c := &cobra.Command{
		Use:   "sim [MISSION]",
		Short: "Simulate each jumper from exit to landing (from the planned release point)",
		Long: `Simulate each jumper from exit to landing, from the planned release point, and
print the events. --csv, --geojson and --kml write the flown paths to the file
they name (- for standard output, in place of the report); each file written is
named on standard error.`,
		Example: `  halo sim fallout --kml jump.kml
  halo sim --csv - --jumper talent > talent.csv`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			outs := []struct {
				flag, file string
			}{{"--csv", csvFile}, {"--geojson", geoFile}, {"--kml", kmlFile}}
			toStdout := 0
			for _, o := range outs {
				if o.file == stdoutName {
					toStdout++
				}
			}
			if toStdout > 1 || (toStdout == 1 && asJSON) {
				return fmt.Errorf("only one output can go to standard output (-): name a file for the others")
			}
			p, err := solve(args, time.Now())
			if err != nil {
				return err
			}
			rep, err := render.Sim(p, jumper) // also checks --jumper names a jumper
			if err != nil {
				return err
			}
			for _, o := range []struct {
				file  string
				write func(io.Writer) error
			}{
				{csvFile, func(w io.Writer) error { return render.SimCSV(w, p, jumper) }},
				{geoFile, func(w io.Writer) error { return render.GeoJSON(w, p, jumper) }},
				{kmlFile, func(w io.Writer) error { return render.KML(w, p, jumper) }},
			} {
				if o.file == "" {
					continue
				}
				if err := writeOutput(cmd, o.file, o.write); err != nil {
					return err
				}
			}
			out := cmd.OutOrStdout()
			switch {
			case toStdout == 1:
				return nil
			case asJSON:
				return render.JSON(out, rep)
			}
			if err := render.SimText(out, rep); err != nil {
				return err
			}
			return render.SimEventsText(out, rep, p.Input.Description)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print the summary with its events as JSON")
	outputFlag(c, &csvFile, "csv", "write the time series (t, lat, lon, altitude MSL/AGL, velocities, speed, Mach, phase)")
	outputFlag(c, &geoFile, "geojson", "write the paths as GeoJSON (any map)")
	outputFlag(c, &kmlFile, "kml", "write the 3-D tracks as KML (Google Earth)")
	c.Flags().StringVar(&jumper, "jumper", "", "only this jumper")
	return c
}
