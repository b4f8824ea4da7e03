package main

import (
	"fmt"
	"io"
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

// debriefOptions are the flags of `halo debrief`.
type debriefOptions struct {
	planFile, videoStart, kmlFile, geoFile, pngFile, updateFile string
	jumpers, syncs                                              []string
	asJSON                                                      bool
	mass                                                        float64
}

func debriefCmd() *cobra.Command {
	var o debriefOptions
	c := &cobra.Command{
		Use:   "debrief TRACK... [--plan MISSION] [--jumper NAME...]",
		Short: "What really happened: a GPS track's phases and metrics, against the plan, with the fitted drag",
		Long: `Reads GPS tracks (FlySight 1 and 2, GPX, NMEA, Columbus, CyberEye, Dekunu, Insight,
Tempo; the format is detected from the content), finds exit, deployment, canopy
opening and landing, measures the jump against the target's elevation, compares it
with the plan (--plan MISSION, or "fallout" for the embedded one) and fits the
jumper's drag area. Several tracks of one attempt are debriefed together: their
separation over time and how long the camera flyer stayed with the talent.
With a plan, each track's jumper is the --jumper given for it; without --jumper,
one track is the plan's only jumper and several are its jumpers in exit order
(the rule halo log add applies too).`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runDebrief(cmd, args, o)
		},
	}
	c.Flags().StringVar(&o.planFile, "plan", "", "the mission flown (a file, or fallout for the embedded one)")
	c.Flags().StringSliceVar(&o.jumpers, "jumper", nil, "which jumper of the mission each track is, in order (default the mission's jumpers in exit order; one track of a mission with several jumpers must be named)")
	c.Flags().BoolVar(&o.asJSON, "json", false, "JSON: exit, deploy, canopy_open, landing, freefall_s, max_vspeed_mps, open_alt_agl_m, landing_error_m, fitted_cda_m2, plan_diff, ...")
	outputFlag(c, &o.kmlFile, "kml", "write the flown and planned tracks as KML")
	outputFlag(c, &o.geoFile, "geojson", "write the flown and planned tracks as GeoJSON")
	outputFlag(c, &o.pngFile, "png", "plot altitude and speeds against time with the phases (first track)")
	c.Flags().StringVar(&o.videoStart, "video-start", "", "UTC time the video starts (RFC 3339): print each event's timecode")
	c.Flags().StringSliceVar(&o.syncs, "sync", nil, "sync point EVENT=TIMECODE (e.g. exit=0:01:23.4); two correct a drifting camera clock")
	c.Flags().Float64Var(&o.mass, "mass-kg", 0, "without --plan: the jumper's total mass in kg, to fit the drag area")
	c.Flags().StringVar(&o.updateFile, "update", "", "write the fitted drag and canopy figures into this mission file, keeping its comments")
	return c
}

// runDebrief is `halo debrief`, stage by stage: the plan, the jumper of each
// track, the debriefs, the drawings, the video timecodes, the attempt as a
// whole, the mission update, the report.
func runDebrief(cmd *cobra.Command, files []string, o debriefOptions) error {
	p, err := debriefPlan(o.planFile, time.Now())
	if err != nil {
		return err
	}
	names, err := debrief.TrackJumpers(p, len(files), o.jumpers)
	if err != nil {
		return err
	}
	ds, err := debriefTracks(files, p, names, o.mass)
	if err != nil {
		return err
	}
	if err := writeDrawings(cmd, ds, p, o); err != nil {
		return err
	}
	tcs, err := videoTimecodes(ds[0].report, o.videoStart, o.syncs)
	if err != nil {
		return err
	}
	att := attemptReport(ds, p)
	if o.updateFile != "" {
		if err := updateMission(cmd, o.updateFile, ds); err != nil {
			return err
		}
	}
	if o.kmlFile == stdoutName || o.geoFile == stdoutName || o.pngFile == stdoutName {
		return nil // a drawing is standard output (output.go)
	}
	return writeDebrief(cmd.OutOrStdout(), o.asJSON, ds, att, tcs)
}

// debriefPlan solves the mission the tracks flew (nil without --plan).
func debriefPlan(planFile string, now time.Time) (*plan.Plan, error) {
	if planFile == "" {
		return nil, nil
	}
	in, err := load.Mission(planFile, now)
	if err != nil {
		return nil, err
	}
	return plan.Solve(in)
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

// debriefTracks debriefs each file as the jumper of the same index.
func debriefTracks(files []string, p *plan.Plan, names []string, mass float64) ([]debriefed, error) {
	var ds []debriefed
	for i, f := range files {
		d, err := debriefTrack(f, p, names[i], mass)
		if err != nil {
			return nil, err
		}
		ds = append(ds, d)
	}
	return ds, nil
}

// flownName is the name a debriefed track goes by in drawings and the
// attempt: its jumper, or its file.
func flownName(d debriefed) string {
	if d.report.Jumper != "" {
		return d.report.Jumper
	}
	return d.file
}

// writeDrawings writes the KML, GeoJSON and PNG the flags ask for. A track
// flown at another place is drawn without the plan (debrief.Locate): the PNG
// when its track is, the maps when every track is.
func writeDrawings(cmd *cobra.Command, ds []debriefed, p *plan.Plan, o debriefOptions) error {
	var flown []debrief.Flown
	mapPlan, pngPlan := (*plan.Plan)(nil), p
	for _, d := range ds {
		flown = append(flown, debrief.Flown{Name: flownName(d), Track: d.track, Phases: d.phases})
		if d.report.Elsewhere == nil {
			mapPlan = p
		}
	}
	if ds[0].report.Elsewhere != nil {
		pngPlan = nil
	}
	for _, out := range []struct {
		file string
		fn   func(io.Writer) error
	}{
		{o.kmlFile, func(w io.Writer) error { return render.DebriefKML(w, flown, mapPlan) }},
		{o.geoFile, func(w io.Writer) error { return render.DebriefGeoJSON(w, flown, mapPlan) }},
		{o.pngFile, func(w io.Writer) error {
			return render.DebriefPNG(w, flown[0], pngPlan, ds[0].report.Jumper, 1200, 800)
		}},
	} {
		if out.file != "" {
			if err := writeOutput(cmd, out.file, out.fn); err != nil {
				return err
			}
		}
	}
	return nil
}

// videoTimecodes places the events of the first track in the video (nil
// without --video-start or --sync).
func videoTimecodes(r debrief.Report, videoStart string, syncs []string) ([]debrief.Timecode, error) {
	if videoStart == "" && len(syncs) == 0 {
		return nil, nil
	}
	evs := debrief.Events(r)
	var vs time.Time
	if videoStart != "" {
		var err error
		if vs, err = time.Parse(time.RFC3339Nano, videoStart); err != nil {
			return nil, fmt.Errorf("--video-start %q: give the UTC time the video starts, RFC 3339, e.g. 2026-11-25T10:51:02.5Z", videoStart)
		}
	}
	var sp []debrief.SyncPoint
	for _, s := range syncs {
		x, err := debrief.ParseSync(s, evs)
		if err != nil {
			return nil, fmt.Errorf("--sync %q: %w", s, err)
		}
		sp = append(sp, x)
	}
	tcs, _, err := debrief.Timecodes(evs, vs, sp...)
	return tcs, err
}

// attemptReport is the attempt as a whole for several tracks (nil for one):
// separations, and time within the mission's camera distance (5 m without a
// plan).
func attemptReport(ds []debriefed, p *plan.Plan) *debrief.AttemptReport {
	if len(ds) < 2 {
		return nil
	}
	within := 5.0
	if p != nil && p.Input != nil {
		within = p.Input.Limits.CameraWithin
	}
	var tracks []*track.Track
	var names []string
	for _, d := range ds {
		tracks = append(tracks, d.track)
		names = append(names, flownName(d))
	}
	a := debrief.Attempt(tracks, names, within)
	return &a
}

// writeDebrief writes the report: JSON (one track's report alone, else the
// jumpers, the attempt and the timecodes) or text (render).
func writeDebrief(out io.Writer, asJSON bool, ds []debriefed, att *debrief.AttemptReport, tcs []debrief.Timecode) error {
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
		render.DebriefText(out, d.file, d.report)
	}
	if att != nil {
		render.DebriefAttemptText(out, att)
	}
	render.DebriefTimecodes(out, tcs)
	return nil
}

// updateMission writes each track's fitted drag and canopy figures into the
// mission file (mission.Update, comments kept).
func updateMission(cmd *cobra.Command, file string, ds []debriefed) error {
	b, err := load.File(file)
	if err != nil {
		return err
	}
	for _, d := range ds {
		if d.report.Fit == nil || d.report.Jumper == "" {
			return fmt.Errorf("--update: %s has no fitted drag for a named jumper (give --plan and --jumper)", d.file)
		}
		if e := d.report.Elsewhere; e != nil {
			// a jump at another place is not this mission's jumper flying its canopy
			return fmt.Errorf("--update: %s lands %.0f km from the mission's target (beyond %.0f km): it was not flown there, so its fit is not written into the mission", d.file, e.LandingFromTargetM/1000, debrief.ElsewhereM/1000)
		}
		fit := d.report.Fit
		if b, err = mission.Update(b, d.report.Jumper, mission.Fitted{CdA: fit.CdA, CanopyAirspeed: fit.CanopyAirspeed, CanopySink: fit.CanopySink}); err != nil {
			return fmt.Errorf("--update %s: %w", file, err)
		}
	}
	// a temporary file renamed over the mission: never half-written
	if err := writeFileAtomic(file, func(w io.Writer) error { _, err := w.Write(b); return err }); err != nil {
		return err
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "updated %s with the fitted values\n", file)
	return nil
}
