package logbook

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strings"

	"halo/debrief"
	"halo/plan"
	"halo/store"
)

// FromTrack debriefs one jumper's logger file (source names it: a path or a
// file name; data is its content) against plan p and returns the jumper's entry
// for the log: the name, the role the plan gives the jumper, the track kept byte
// for byte (its file name and detected format) and the result (ResultOf). The
// jumper must be one of the plan's. It is the debrief-to-log mapping that `halo
// log add` and POST /api/log share.
//
// A track flown at another place (debrief.Locate: beyond debrief.ElsewhereM
// from both the planned exit and the target) is refused with an error wrapping
// ErrElsewhere, unless elsewhere is true: then its entry is made, without a
// comparison with the plan (debrief.Report.Elsewhere set).
func FromTrack(p *plan.Plan, jumper, source string, data []byte, elsewhere bool) (store.AttemptJumper, error) {
	ji, err := debrief.JumperIndex(p, jumper)
	if err != nil {
		return store.AttemptJumper{}, fmt.Errorf("track %s: %w", source, err)
	}
	d, err := debrief.File(source, data, p, p.Jumpers[ji].Name, 0)
	if err != nil {
		return store.AttemptJumper{}, err
	}
	if e := d.Report.Elsewhere; e != nil && !elsewhere {
		return store.AttemptJumper{}, fmt.Errorf("track %s: %w: it lands %.0f km from the mission's target and exits %.0f km from the planned exit (both beyond %.0f km), so it is no attempt of this mission and nothing was logged (to log it as an attempt at another place, never a success: halo log add --force) [halo-log-elsewhere]",
			source, ErrElsewhere, e.LandingFromTargetM/1000, e.ExitFromPlannedM/1000, debrief.ElsewhereM/1000)
	}
	res, err := ResultOf(d.Report)
	if err != nil {
		return store.AttemptJumper{}, fmt.Errorf("track %s: %w", source, err)
	}
	return store.AttemptJumper{Name: p.Jumpers[ji].Name, Role: p.Jumpers[ji].Role, Result: res,
		Track: &store.TrackFile{Name: filepath.Base(source), Format: d.Track.Format, Bytes: data}}, nil
}

// ResultOf maps a debrief report to the log's numbers: the flown figures, and
// the plan's beside them when the report was compared with a plan; what was
// not measured (NaN, infinite) is nil, stored as NULL. The whole report is kept
// as JSON (DebriefJSON). The log's open altitude is the deployment start, as a
// plan's open_at is.
func ResultOf(r debrief.Report) (store.Result, error) {
	res := store.Result{
		OpenAltAGLM:         finite(r.DeployAltAGL),
		FreefallS:           finite(r.FreefallS),
		MaxVerticalSpeedMPS: finite(r.MaxVSpeed),
		FittedCdAM2:         finite(r.FittedCdA),
		LandingErrorM:       finite(r.LandingErrorM),
	}
	if d := r.PlanDiff; d != nil {
		res.ExitAltMSLM, res.PlannedExitAltMSLM = finite(d.ExitAltMSL.Flown), finite(d.ExitAltMSL.Planned)
		res.PlannedOpenAltAGLM = finite(d.DeployAltAGL.Planned)
		res.PlannedFreefallS = finite(d.FreefallS.Planned)
	}
	var err error
	if res.DebriefJSON, err = json.Marshal(r); err != nil {
		return store.Result{}, fmt.Errorf("encoding the debrief: %w", err)
	}
	return res, nil
}

// finite is &v, or nil when v is NaN or infinite (not measured).
func finite(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	return &v
}

// measured reports whether a result carries anything (a client that computed
// it, or a track already debriefed).
func measured(r store.Result) bool {
	for _, p := range []*float64{r.ExitAltMSLM, r.PlannedExitAltMSLM, r.OpenAltAGLM, r.PlannedOpenAltAGLM,
		r.FreefallS, r.PlannedFreefallS, r.LandingErrorM, r.MaxVerticalSpeedMPS, r.FittedCdAM2} {
		if p != nil {
			return true
		}
	}
	return len(r.DebriefJSON) > 0
}

// needsTracks reports whether a jumper of a has a track but no result.
func needsTracks(a store.Attempt) bool {
	for _, j := range a.Jumpers {
		if j.Track != nil && len(j.Track.Bytes) > 0 && !measured(j.Result) {
			return true
		}
	}
	return false
}

// fromTracks fills every jumper of a that has a track but no result from the
// debrief of that track against the plan (solved from in only when a track
// needs it). The jumpers' names follow debrief.TrackJumpers: those given, or
// with none given the plan's in exit order. A role the attempt gives is kept.
// Errors wrap ErrInput. With elsewhere, a track flown at another place is
// logged (see FromTrack) and the attempt's notes say so; without, it is
// refused (ErrElsewhere).
func fromTracks(a *store.Attempt, in *plan.Inputs, elsewhere bool) error {
	if !needsTracks(*a) {
		return nil
	}
	p, err := plan.Solve(*in)
	if err != nil {
		return fmt.Errorf("%w: the mission cannot be planned, so the tracks cannot be compared with it: %v", ErrInput, err)
	}
	var given []string
	for _, j := range a.Jumpers {
		if j.Name != "" {
			given = make([]string, len(a.Jumpers))
			for i, j := range a.Jumpers {
				given[i] = j.Name
			}
			break
		}
	}
	names, err := debrief.TrackJumpers(p, len(a.Jumpers), given)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrInput, err)
	}
	for i := range a.Jumpers {
		j := &a.Jumpers[i]
		if j.Track == nil || len(j.Track.Bytes) == 0 || measured(j.Result) {
			continue
		}
		// the track's name may be a path (the CLI's): the report names its
		// source with it, the log keeps the file name
		source := j.Track.Name
		if source == "" {
			source = "track"
		}
		got, err := FromTrack(p, names[i], source, j.Track.Bytes, elsewhere)
		if err != nil {
			return fmt.Errorf("%w: jumpers[%d] (%s): %w", ErrInput, i, names[i], err)
		}
		if far := elsewhereOf(got.Result); far != nil {
			a.Notes = strings.TrimSpace(a.Notes + "\n" + fmt.Sprintf("flown at another place: %s's track lands %.0f km from the mission's target (not compared with the plan)", got.Name, far.LandingFromTargetM/1000))
		}
		if j.Role != "" {
			got.Role = j.Role
		}
		*j = got
	}
	return nil
}

// ErrElsewhere is wrapped when a track was flown at another place than the
// mission's (debrief.Locate) and the attempt did not say to log it there.
var ErrElsewhere = errors.New("the track was flown at another place")

// elsewhereOf reads, from a result's debrief, where the track was flown: nil
// at the mission's place (or when the debrief does not say).
func elsewhereOf(r store.Result) *debrief.Elsewhere {
	if len(r.DebriefJSON) == 0 {
		return nil
	}
	var d struct {
		Elsewhere *debrief.Elsewhere `json:"elsewhere"`
	}
	if json.Unmarshal(r.DebriefJSON, &d) != nil {
		return nil
	}
	return d.Elsewhere
}
