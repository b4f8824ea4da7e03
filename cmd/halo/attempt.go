package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"

	"halo/geo"
	"halo/load"
	"halo/plan"
	"halo/store"
	"halo/track"
)

// attemptJumper reads one jumper's track, finds its phases and metrics against the
// target's elevation, and pairs them with the plan's values for the log.
func attemptJumper(p *plan.Plan, name, file string) (store.AttemptJumper, error) {
	var jp *plan.JumperPlan
	for i := range p.Jumpers {
		if p.Jumpers[i].Name == name {
			jp = &p.Jumpers[i]
		}
	}
	if jp == nil {
		return store.AttemptJumper{}, fmt.Errorf("track %s: no jumper %q in mission %s", file, name, p.Mission)
	}
	data, err := load.File(file)
	if err != nil {
		return store.AttemptJumper{}, err
	}
	t, err := track.Parse(data)
	if err != nil {
		return store.AttemptJumper{}, fmt.Errorf("%s: %w", file, err)
	}
	ph, err := track.DetectPhases(t)
	if err != nil {
		return store.AttemptJumper{}, fmt.Errorf("%s: %w", file, err)
	}
	mt := track.Analyze(t, ph, p.Target.ElevationM)
	res := store.Result{
		PlannedExitAltMSLM:  f64(p.ReleasePoint.AltM),
		PlannedOpenAltAGLM:  f64(jp.OpenAltAGLM),
		PlannedFreefallS:    f64(jp.FreefallS),
		OpenAltAGLM:         f64(mt.DeployAltAGL.Value),
		FreefallS:           f64(mt.FreeFallTime),
		MaxVerticalSpeedMPS: f64(mt.MaxVertSpeed.Value),
	}
	if ph.Exit.Found {
		res.ExitAltMSLM = f64(ph.Exit.AltMSL)
	}
	if ph.Landing.Found {
		res.LandingErrorM = f64(geo.Distance(p.Target.Lat, p.Target.Lon, mt.Landing.Lat, mt.Landing.Lon))
	}
	res.DebriefJSON, err = json.Marshal(map[string]any{"phases": ph, "metrics": mt, "warnings": t.Warnings})
	if err != nil {
		return store.AttemptJumper{}, err
	}
	return store.AttemptJumper{Name: name, Role: jp.Role, Result: res,
		Track: &store.TrackFile{Name: filepath.Base(file), Format: t.Format, Bytes: data}}, nil
}
