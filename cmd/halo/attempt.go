package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"

	"halo/debrief"
	"halo/load"
	"halo/plan"
	"halo/store"
)

// attemptJumper debriefs one jumper's track against the plan and pairs the flown
// and planned figures for the log (the track's bytes are kept as read).
func attemptJumper(p *plan.Plan, name, file string) (store.AttemptJumper, error) {
	if _, err := debrief.JumperIndex(p, name); err != nil {
		return store.AttemptJumper{}, fmt.Errorf("track %s: %w", file, err)
	}
	d, err := debriefTrack(file, p, name, 0)
	if err != nil {
		return store.AttemptJumper{}, err
	}
	data, err := load.File(file)
	if err != nil {
		return store.AttemptJumper{}, err
	}
	r := d.report
	res := storeResult(r)
	if res.DebriefJSON, err = json.Marshal(r); err != nil {
		return store.AttemptJumper{}, err
	}
	role := ""
	for _, j := range p.Jumpers {
		if j.Name == name {
			role = j.Role
		}
	}
	return store.AttemptJumper{Name: name, Role: role, Result: res,
		Track: &store.TrackFile{Name: filepath.Base(file), Format: d.track.Format, Bytes: data}}, nil
}

// storeResult maps a debrief report to the log's numbers (NaN is stored as NULL).
func storeResult(r debrief.Report) store.Result {
	res := store.Result{
		OpenAltAGLM:         store.Known(r.DeployAltAGL), // the plan's open_at is the deployment start
		FreefallS:           store.Known(r.FreefallS),
		MaxVerticalSpeedMPS: store.Known(r.MaxVSpeed),
		FittedCdAM2:         store.Known(r.FittedCdA),
		LandingErrorM:       store.Known(r.LandingErrorM),
	}
	if d := r.PlanDiff; d != nil {
		res.ExitAltMSLM, res.PlannedExitAltMSLM = store.Known(d.ExitAltMSL.Flown), store.Known(d.ExitAltMSL.Planned)
		res.PlannedOpenAltAGLM = store.Known(d.DeployAltAGL.Planned)
		res.PlannedFreefallS = store.Known(d.FreefallS.Planned)
	}
	return res
}
