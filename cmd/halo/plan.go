package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

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
	var times, lead string
	c := &cobra.Command{
		Use:   "plan [MISSION]",
		Short: "Plan a jump: release point, jump run, green light, stick, timeline, checks, GO / NO-GO",
		Long: `Plan a mission (a YAML file, or the embedded "fallout" mission when none is given).
The text report is the jumpmaster's briefing; --format json is the API's shape.
Exit status: 0 for GO, 2 for NO-GO, 1 for an error.

--export also writes the planned jump for other tools; every file written is
named on standard error ("wrote plan-talent.CSV"), each written whole or not at all:
  kml        Google Earth: paths, jump run, green light, release point (HARP),
             each jumper's exit, deployment, opening and landing, the target;
             absolute altitudes (MSL). --export-file FILE (default plan.kml).
  geojson    the same as an RFC 7946 FeatureCollection, positions to 1e-7 deg and
             0.1 m, altitudes MSL (stated in the collection's properties).
             --export-file FILE (default plan.geojson).
  flysight2  one FlySight 2 TRACK.CSV per jumper (a track holds one jumper): 60 s
             of the aircraft's run, the planned jump at 5 Hz, 30 s at rest after
             landing. --export-file names a pattern with {jumper} (default
             "plan-{jumper}.CSV"), or a folder (ending in / or existing) that gets
             plan-<jumper>.CSV for each, or a single file for a one-jumper plan.
             Names are made file-safe (other characters become _).
  gpx        the pilot's route (GPX 1.1). --export-file FILE (default plan.gpx).`,
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
			if err := teamLeadUnits(in.Mission, lead, cmd.Flags().Changed("units")); err != nil {
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
				if err := writeExport(cmd.ErrOrStderr(), p.Plan, export, exportFile); err != nil {
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
	c.Flags().StringVar(&exportFile, "export-file", "", "file for --export (default plan.<ext>); for flysight2 a pattern with {jumper} (default plan-{jumper}.CSV) or a folder: one file per jumper")
	c.Flags().IntVar(&odds, "odds", brief.DefaultOdds, "Monte Carlo runs per jumper whose odds join the verdict (0: skip them, itself a caution)")
	c.Flags().Uint64Var(&seed, "seed", brief.DefaultSeed, "random seed of the odds (the same seed gives the same odds)")
	c.Flags().StringVar(&lead, "units", "", `the units the report leads with, e.g. "distance: NM, altitude: ft, speed: kt" (default the mission's units:, else $HALO_UNITS, else the configuration file's units; SI first when none)`)
	c.Flags().StringVar(&times, "times", "", "when to jump: a table of release point, verdict and odds for each exit time FROM..TO/STEP (e.g. 13:00..17:00/30m, the mission's day and time zone)")
	src.addFlags(c)
	return c
}

// writeExport writes the plan's export of the given kind to file (see the plan
// command's help for the names), each file atomically, and names each file
// written on log.
func writeExport(log io.Writer, pl *plan.Plan, kind, file string) error {
	ext := map[string]string{"kml": "kml", "geojson": "geojson", "flysight2": "CSV", "gpx": "gpx"}[kind]
	if ext == "" {
		return fmt.Errorf("--export %q: use kml, geojson, flysight2 or gpx (the pilot's route)", kind)
	}
	write := func(name string, f func(io.Writer) error) error {
		_, err := os.Stat(name)
		isNew := os.IsNotExist(err)
		if err := writeFileAtomic(name, f); err != nil {
			return fmt.Errorf("--export %s: %w", kind, err)
		}
		if isNew {
			os.Chmod(name, 0o644) // the temporary file was private (0600); an export is for other tools and devices
		}
		fmt.Fprintf(log, "wrote %s\n", name)
		return nil
	}
	if kind == "flysight2" {
		names, err := flySightFiles(pl, file)
		if err != nil {
			return err
		}
		for i, j := range pl.Jumpers {
			if err := write(names[i], func(w io.Writer) error { return render.FlySight2(w, pl, j.Name) }); err != nil {
				return err
			}
		}
		return nil
	}
	if file == "" {
		file = "plan." + ext
	} else if isDir(file) {
		file = filepath.Join(file, "plan."+ext)
	}
	return write(file, func(w io.Writer) error {
		switch kind {
		case "kml":
			return render.KML(w, pl, "")
		case "geojson":
			return render.GeoJSON(w, pl, "")
		default:
			return render.PilotGPX(w, pl)
		}
	})
}

// jumperPattern is the place of the jumper's name in --export-file.
const jumperPattern = "{jumper}"

// flySightFiles are the FlySight 2 files of pl's jumpers, in plan order, from
// --export-file: a pattern holding {jumper}; a folder (ending in a separator,
// made when missing, or existing) that gets plan-{jumper}.CSV; a single file
// for a one-jumper plan. Two jumpers whose file-safe names agree are an error.
func flySightFiles(pl *plan.Plan, file string) ([]string, error) {
	pattern := file
	switch {
	case file == "":
		pattern = "plan-" + jumperPattern + ".CSV"
	case strings.Contains(file, jumperPattern):
	case strings.HasSuffix(file, "/") || strings.HasSuffix(file, string(filepath.Separator)) || isDir(file):
		if err := os.MkdirAll(file, 0o755); err != nil {
			return nil, fmt.Errorf("--export-file %s: %w", file, err)
		}
		pattern = filepath.Join(file, "plan-"+jumperPattern+".CSV")
	case len(pl.Jumpers) != 1:
		return nil, fmt.Errorf("--export-file %s: the plan has %d jumpers and a FlySight track holds one: give a folder (%s/) or a pattern with %s (e.g. plan-%s.CSV)",
			file, len(pl.Jumpers), strings.TrimSuffix(file, filepath.Ext(file)), jumperPattern, jumperPattern)
	}
	names := make([]string, len(pl.Jumpers))
	seen := map[string]string{}
	for i, j := range pl.Jumpers {
		names[i] = strings.ReplaceAll(pattern, jumperPattern, fileSafe(j.Name, i))
		if other, dup := seen[names[i]]; dup {
			return nil, fmt.Errorf("--export-file %s: jumpers %q and %q would both be written to %s: rename one", file, render.Escape(other), render.Escape(j.Name), names[i])
		}
		seen[names[i]] = j.Name
	}
	return names, nil
}

// fileSafe is name with every character other than a letter, a digit, '-', '_'
// and a non-leading '.' replaced by '_' (jumper-<i+1> when empty), so that a
// jumper's name cannot reach into another folder.
func fileSafe(name string, i int) string {
	b := []rune(name)
	for k, r := range b {
		ok := r == '-' || r == '_' || (r == '.' && k > 0) || unicode.IsLetter(r) || unicode.IsDigit(r)
		if !ok {
			b[k] = '_'
		}
	}
	if len(b) == 0 {
		return fmt.Sprintf("jumper-%d", i+1)
	}
	return string(b)
}

// isDir reports whether name is an existing directory.
func isDir(name string) bool {
	st, err := os.Stat(name)
	return err == nil && st.IsDir()
}
