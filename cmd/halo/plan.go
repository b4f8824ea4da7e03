package main

import (
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"halo/brief"
	"halo/plan"
	"halo/render"
)

func planCmd() *cobra.Command {
	var format, export, exportFile string
	var odds int
	var seed uint64
	var src windSource
	var times string
	c := &cobra.Command{
		Use:   "plan [MISSION]",
		Short: "Plan a jump: release point, jump run, green light, stick, timeline, checks, GO / NO-GO",
		Long: `Plan a mission (a YAML file, or the embedded "fallout" mission when none is given).
The text report is the jumpmaster's briefing; --format json is the API's shape.
Exit status: 0 for GO, 2 for NO-GO, 1 for an error.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "text" && format != "json" && format != "html" && format != "brief" {
				return fmt.Errorf("--format %q: use text, json, html or brief (the one-page print brief)", format)
			}
			if export != "" && export != "kml" && export != "geojson" && export != "flysight2" && export != "gpx" {
				return fmt.Errorf("--export %q: use kml, geojson, flysight2 or gpx (the pilot's route)", export)
			}
			if odds < 0 {
				return fmt.Errorf("--odds %d: give 0 (skip the odds, a caution) or more runs", odds)
			}
			now := time.Now()
			in, fetched, models, err := loadFetching(cmd.Context(), args, now, src)
			if err != nil {
				return err
			}
			opt := brief.Options{Odds: odds, Seed: seed}
			if err := briefWinds(&opt, models, in.Mission); err != nil {
				return err
			}
			if times != "" {
				if export != "" {
					return fmt.Errorf("--times plans one jump per exit time: export one of them without --times")
				}
				return planTimesCmd(cmd, in, fetched, opt, times, format, now)
			}
			p, err := brief.Make(cmd.Context(), in, opt)
			if err != nil {
				return err
			}
			if export != "" {
				if err := writeExport(p.Plan, export, exportFile); err != nil {
					return err
				}
			}
			out := cmd.OutOrStdout()
			switch format {
			case "text":
				err = render.PlanText(out, p)
			case "json":
				err = render.JSON(out, p)
			case "html":
				err = render.PlanHTML(out, p)
			case "brief":
				err = render.BriefPage(out, p)
			default:
				return fmt.Errorf("--format %q: use text, json, html or brief (the one-page print brief)", format)
			}
			if err != nil {
				return err
			}
			if p.Verdict != "GO" {
				return exitError{2}
			}
			return nil
		},
	}
	c.Flags().StringVar(&format, "format", "text", "output: text, json, html, or brief (one page to print and hand out)")
	c.Flags().StringVar(&export, "export", "", "also write the planned jump as kml, geojson or flysight2, or the pilot's route as gpx (with --export-file)")
	c.Flags().StringVar(&exportFile, "export-file", "", "file for --export (default plan.<ext>)")
	c.Flags().IntVar(&odds, "odds", brief.DefaultOdds, "Monte Carlo runs per jumper whose odds join the verdict (0: skip them, itself a caution)")
	c.Flags().Uint64Var(&seed, "seed", brief.DefaultSeed, "random seed of the odds (the same seed gives the same odds)")
	c.Flags().StringVar(&times, "times", "", "when to jump: a table of release point, verdict and odds for each exit time FROM..TO/STEP (e.g. 13:00..17:00/30m, the mission's day and time zone)")
	src.addFlags(c)
	return c
}

func writeExport(pl *plan.Plan, kind, file string) error {
	ext := map[string]string{"kml": "kml", "geojson": "geojson", "flysight2": "CSV", "gpx": "gpx"}[kind]
	if ext == "" {
		return fmt.Errorf("--export %q: use kml, geojson, flysight2 or gpx (the pilot's route)", kind)
	}
	if file == "" {
		file = "plan." + ext
	}
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	defer f.Close()
	switch kind {
	case "kml":
		err = render.KML(f, pl, "")
	case "geojson":
		err = render.GeoJSON(f, pl, "")
	case "flysight2":
		err = render.FlySight2(f, pl, "")
	case "gpx":
		err = render.PilotGPX(f, pl)
	}
	if err != nil {
		return err
	}
	return f.Close()
}
