package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"halo/debrief"
	"halo/load"
	"halo/mission"
	"halo/plan"
	"halo/render"
	"halo/track"
)

func init() { extraCommands = append(extraCommands, debriefCmd) }

// debriefed is one track read, phased and compared.
type debriefed struct {
	file   string
	track  *track.Track
	phases track.Phases
	report debrief.Report
}

// debriefTrack reads one track file and debriefs it (debrief.File does the work).
func debriefTrack(file string, p *plan.Plan, jumper string, mass float64) (debriefed, error) {
	data, err := load.File(file)
	if err != nil {
		return debriefed{}, err
	}
	d, err := debrief.File(file, data, p, jumper, mass)
	if err != nil {
		return debriefed{}, err
	}
	return debriefed{file: file, track: d.Track, phases: d.Phases, report: d.Report}, nil
}

func debriefCmd() *cobra.Command {
	var planFile, videoStart, kmlFile, geoFile, pngFile, updateFile string
	var jumpers, syncs []string
	var asJSON bool
	var mass float64
	c := &cobra.Command{
		Use:   "debrief TRACK... [--plan MISSION] [--jumper NAME...]",
		Short: "What really happened: a GPS track's phases and metrics, against the plan, with the fitted drag",
		Long: `Reads GPS tracks (FlySight 1 and 2, GPX, NMEA, Columbus, CyberEye, Dekunu, Insight,
Tempo; the format is detected from the content), finds exit, deployment, canopy
opening and landing, measures the jump against the target's elevation, compares it
with the plan (--plan MISSION, or "fallout" for the embedded one) and fits the
jumper's drag area. Several tracks of one attempt are debriefed together: their
separation over time and how long the camera flyer stayed with the talent.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var p *plan.Plan
			var err error
			if planFile != "" {
				in, err := load.Mission(planFile, time.Now())
				if err != nil {
					return err
				}
				if p, err = plan.Solve(in); err != nil {
					return err
				}
			}
			if len(jumpers) > 0 && len(jumpers) != len(args) {
				return fmt.Errorf("%d --jumper names for %d tracks: give one per track, in order", len(jumpers), len(args))
			}
			var ds []debriefed
			for i, f := range args {
				name := ""
				if i < len(jumpers) {
					name = jumpers[i]
				} else if p != nil && len(args) > 1 && i < len(p.Jumpers) {
					name = p.Jumpers[i].Name
				}
				d, err := debriefTrack(f, p, name, mass)
				if err != nil {
					return err
				}
				ds = append(ds, d)
			}
			var flown []debrief.Flown
			var tracks []*track.Track
			var names []string
			for _, d := range ds {
				n := d.report.Jumper
				if n == "" {
					n = d.file
				}
				flown = append(flown, debrief.Flown{Name: n, Track: d.track, Phases: d.phases})
				tracks = append(tracks, d.track)
				names = append(names, n)
			}
			for _, out := range []struct {
				file string
				fn   func(io.Writer) error
			}{
				{kmlFile, func(w io.Writer) error { return debrief.KML(w, flown, p) }},
				{geoFile, func(w io.Writer) error { return debrief.GeoJSON(w, flown, p) }},
				{pngFile, func(w io.Writer) error { return debrief.PNG(w, flown[0], p, ds[0].report.Jumper, 1200, 800) }},
			} {
				if out.file != "" {
					if err := writeFile(out.file, out.fn); err != nil {
						return err
					}
				}
			}
			// video timecodes of the first track's events
			var tcs []debrief.Timecode
			if videoStart != "" || len(syncs) > 0 {
				evs := debrief.Events(ds[0].report)
				var vs time.Time
				if videoStart != "" {
					if vs, err = time.Parse(time.RFC3339Nano, videoStart); err != nil {
						return fmt.Errorf("--video-start %q: give the UTC time the video starts, RFC 3339, e.g. 2026-11-25T10:51:02.5Z", videoStart)
					}
				}
				var sp []debrief.SyncPoint
				for _, s := range syncs {
					x, err := debrief.ParseSync(s, evs)
					if err != nil {
						return fmt.Errorf("--sync %q: %w", s, err)
					}
					sp = append(sp, x)
				}
				if tcs, _, err = debrief.Timecodes(evs, vs, sp...); err != nil {
					return err
				}
			}
			var att *debrief.AttemptReport
			if len(ds) > 1 {
				within := 5.0
				if p != nil && p.Input != nil {
					within = p.Input.Limits.CameraWithin
				}
				a := debrief.Attempt(tracks, names, within)
				att = &a
			}
			if updateFile != "" {
				if err := updateMission(cmd, updateFile, ds); err != nil {
					return err
				}
			}
			out := cmd.OutOrStdout()
			if asJSON {
				if len(ds) == 1 && att == nil && tcs == nil {
					return render.JSON(out, ds[0].report)
				}
				var rs []debrief.Report
				for _, d := range ds {
					rs = append(rs, d.report)
				}
				return render.JSON(out, map[string]any{"jumpers": rs, "attempt": att, "timecodes": tcs})
			}
			for _, d := range ds {
				debriefText(out, d)
			}
			if att != nil {
				render.JSON(out, att)
			}
			for _, tc := range tcs {
				fmt.Fprintf(out, "video %-12s %s  (%s)\n", tc.Name, tc.Text, tc.Time.UTC().Format("15:04:05.0"))
			}
			return nil
		},
	}
	c.Flags().StringVar(&planFile, "plan", "", "the mission flown (a file, or fallout for the embedded one)")
	c.Flags().StringSliceVar(&jumpers, "jumper", nil, "which jumper of the mission each track is (in order)")
	c.Flags().BoolVar(&asJSON, "json", false, "JSON: exit, deploy, canopy_open, landing, freefall_s, max_vspeed_mps, open_alt_agl_m, landing_error_m, fitted_cda_m2, plan_diff, ...")
	c.Flags().StringVar(&kmlFile, "kml", "", "write the flown and planned tracks as KML")
	c.Flags().StringVar(&geoFile, "geojson", "", "write the flown and planned tracks as GeoJSON")
	c.Flags().StringVar(&pngFile, "png", "", "plot altitude and speeds against time with the phases (first track)")
	c.Flags().StringVar(&videoStart, "video-start", "", "UTC time the video starts (RFC 3339): print each event's timecode")
	c.Flags().StringSliceVar(&syncs, "sync", nil, "sync point EVENT=TIMECODE (e.g. exit=0:01:23.4); two correct a drifting camera clock")
	c.Flags().Float64Var(&mass, "mass-kg", 0, "without --plan: the jumper's total mass in kg, to fit the drag area")
	c.Flags().StringVar(&updateFile, "update", "", "write the fitted drag and canopy figures into this mission file, keeping its comments")
	return c
}

func updateMission(cmd *cobra.Command, file string, ds []debriefed) error {
	b, err := load.File(file)
	if err != nil {
		return err
	}
	for _, d := range ds {
		if d.report.Fit == nil || d.report.Jumper == "" {
			return fmt.Errorf("--update: %s has no fitted drag for a named jumper (give --plan and --jumper)", d.file)
		}
		if d.report.LandingErrorM > 100e3 {
			// fitted in the plan's winds, a track from another drop zone would write nonsense
			return fmt.Errorf("--update: %s lands %.0f km from the mission's target: it was not flown there, so the fit (made in the mission's winds) is not written", d.file, d.report.LandingErrorM/1000)
		}
		fit := d.report.Fit
		if b, err = mission.Update(b, d.report.Jumper, mission.Fitted{CdA: fit.CdA, CanopyAirspeed: fit.CanopyAirspeed, CanopySink: fit.CanopySink}); err != nil {
			return fmt.Errorf("--update %s: %w", file, err)
		}
	}
	if err := os.WriteFile(file, b, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "updated %s with the fitted values\n", file)
	return nil
}

func debriefText(w io.Writer, d debriefed) {
	r := d.report
	fmt.Fprintf(w, "DEBRIEF  %s (%s)", d.file, r.Format)
	if r.Jumper != "" {
		fmt.Fprintf(w, ", jumper %s", r.Jumper)
	}
	fmt.Fprintf(w, "\n  heights above %.0f m MSL (%s)\n", r.GroundMSL, r.GroundFrom)
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
		nf(r.FreefallS, 1), nf(r.MaxVSpeed, 1), nf(r.DeployAltAGL, 0), nf(r.OpenAltAGL, 0), nf(r.DeployAltLoss, 0))
	fmt.Fprintf(w, "  canopy %s s, glide %s (air), airspeed %s m/s, sink %s m/s", nf(r.CanopyS, 0), nf(r.CanopyGlideAir, 2), nf(r.CanopyAirspeed, 1), nf(r.CanopySink, 1))
	if r.PlanDiff != nil {
		fmt.Fprintf(w, "; landing %s m from the target on %s°", nf(r.LandingErrorM, 0), nf(r.LandingBearing, 0))
	}
	fmt.Fprintf(w, "\n  fitted drag area %s ± %s m²\n", nf(r.FittedCdA, 3), nf(r.FittedCdAErr, 3))
	if len(r.Summary) > 0 {
		fmt.Fprintf(w, "  what went differently:\n")
		for _, f := range r.Summary {
			fmt.Fprintf(w, "   - %s\n", f.Text)
		}
	}
	for _, n := range r.Notes {
		fmt.Fprintf(w, "  note: %s\n", strings.TrimSpace(n))
	}
}

// nf formats a number with d decimals, or "-" when it is not known (NaN).
func nf(x float64, d int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return "-"
	}
	return strconv.FormatFloat(x, 'f', d, 64)
}
