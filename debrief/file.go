package debrief

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"halo/plan"
	"halo/track"
)

// ErrPhases is wrapped when a track was read but its phases could not be found
// (too few points): the file is a track, but not one that can be debriefed.
var ErrPhases = errors.New("no jump found in the track")

// Debriefed is one track read, phased, measured and compared with a plan.
type Debriefed struct {
	Track   *track.Track
	Phases  track.Phases
	Metrics track.Metrics
	Report  Report
}

// File is the one debrief path that the CLI and the server share: it reads a
// logger file held in memory (format detected from the content), finds its phases,
// measures it against the plan's target elevation (the track's landing altitude
// without a plan, or when the track was flown at another place: Locate) and compares it with the plan (nil: track only). Without a plan
// and with massKg > 0 it fits the drag area in the track's own free-fall winds.
// A file that is not a track wraps track.ErrNotTrack; one with no jump, ErrPhases.
func File(name string, data []byte, p *plan.Plan, jumper string, massKg float64) (Debriefed, error) {
	t, err := track.Parse(data)
	if err != nil {
		return Debriefed{}, fmt.Errorf("%s: %w", name, err)
	}
	t.Source = name
	ph, err := track.DetectPhases(t)
	if err != nil {
		return Debriefed{}, fmt.Errorf("%s: %w: %v", name, ErrPhases, err)
	}
	ground := math.NaN()
	if p != nil && Locate(t, ph, p, jumperIndex(p, jumper)) == nil {
		ground = p.Target.ElevationM // at another place: the track's own landing
	}
	mt := track.Analyze(t, ph, ground)
	r := Compare(t, ph, mt, p, jumper, ground)
	if p == nil && massKg > 0 {
		if fit, err := Calibrate(t, ph, massKg, AirFromTrack(mt), FitOptions{}); err == nil {
			r.Fit, r.FittedCdA, r.FittedCdAErr = &fit, fit.CdA, fit.CdAErr
			r.Notes = slices.DeleteFunc(r.Notes, func(n string) bool { return n == NoPlanNote }) // fitted after all
			r.Notes = append(r.Notes, fmt.Sprintf("drag fitted with a mass of %.0f kg in the track's own free-fall winds and the standard atmosphere", massKg))
		} else {
			r.Notes = append(r.Notes, "drag not fitted: "+err.Error())
		}
	}
	return Debriefed{Track: t, Phases: ph, Metrics: mt, Report: r}, nil
}

// jumperIndex is the plan's index of the named jumper, -1 when unknown.
func jumperIndex(p *plan.Plan, name string) int {
	ji, err := JumperIndex(p, name)
	if err != nil {
		return -1
	}
	return ji
}
