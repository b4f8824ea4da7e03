// Package logbook files an attempt in the jump log: the one path that `halo log add`
// and POST /api/log share. It checks the mission the attempt flew with the same
// loader as a plan, then stores the mission version and the attempt; everything is
// checked before anything is stored.
package logbook

import (
	"context"
	"errors"
	"fmt"
	"time"

	"halo/load"
	"halo/store"
)

// ErrInput is wrapped by every error that is the caller's input, not the store's.
var ErrInput = errors.New("invalid attempt")

// Add files attempt a. When missionYAML is given it is decoded and checked like a
// plan's mission (its file references read relative to dir, or refused when dir is
// ""), its name must agree with a.MissionName when that is set, and it is stored
// (a new version when its text changed) before the attempt refers to it. Errors
// from the mission come back as mission.Errors (with lines); other input errors
// wrap ErrInput; the store's own errors are returned as they are.
func Add(ctx context.Context, l store.Log, a store.Attempt, missionYAML []byte, dir string, now time.Time) (store.Attempt, error) {
	var name string
	if len(missionYAML) > 0 {
		in, err := load.FromBytes("mission_yaml", missionYAML, dir, now)
		if err != nil {
			return store.Attempt{}, err
		}
		name = in.Mission.Name
		if a.MissionName != "" && a.MissionName != name {
			return store.Attempt{}, fmt.Errorf("%w: mission %q but the mission file is named %q: give one or make them agree", ErrInput, a.MissionName, name)
		}
		a.MissionName = name
	}
	if _, err := store.PrepareAttempt(a); err != nil {
		return store.Attempt{}, fmt.Errorf("%w: %v", ErrInput, err)
	}
	if name != "" {
		if _, err := store.PrepareMission(store.Mission{Name: name, YAML: string(missionYAML)}, now); err != nil {
			return store.Attempt{}, fmt.Errorf("%w: %v", ErrInput, err)
		}
	}
	if name != "" {
		sm, err := l.AddMission(ctx, store.Mission{Name: name, YAML: string(missionYAML)})
		if err != nil {
			return store.Attempt{}, err
		}
		a.MissionID, a.MissionVersion = sm.ID, sm.Version
	}
	got, err := l.AddAttempt(ctx, a)
	if errors.Is(err, store.ErrNotFound) {
		return store.Attempt{}, fmt.Errorf("%w: %v (add the mission first, or send its file with the attempt)", ErrInput, err)
	}
	return got, err
}
