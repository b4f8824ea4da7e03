// Package logbook files an attempt in the jump log: the one path that `halo log add`
// and POST /api/log share. It checks the mission the attempt flew with the same
// loader as a plan, checks the attempt against that mission and against what a
// jump can produce (Validate), then stores the mission version and the attempt;
// everything is checked before anything is stored.
package logbook

import (
	"context"
	"errors"
	"fmt"
	"time"

	"halo/load"
	"halo/mission"
	"halo/store"
)

// ErrInput is wrapped by every error that is the caller's input, not the store's.
var ErrInput = errors.New("invalid attempt")

// Add files attempt a. When missionYAML is given it is decoded and checked like a
// plan's mission (its file references read relative to dir, or refused when dir is
// ""), its name must agree with a.MissionName when that is set, and it is stored
// (a new version when its text changed) before the attempt refers to it; without
// it the attempt names a mission already in the log. The attempt is then checked
// against that mission and now (the current time, for the date's window) by
// Validate (ranges, date, jumpers, tracks) before anything is stored. Errors from the mission come back as mission.Errors (with
// lines); other input errors wrap ErrInput; an attempt whose UID is already in the
// log wraps store.ErrDuplicate; the store's own errors are returned as they are.
func Add(ctx context.Context, l store.Log, a store.Attempt, missionYAML []byte, dir string, now time.Time) (store.Attempt, error) {
	var m *mission.Mission
	if len(missionYAML) > 0 {
		// The mission is read as of the attempt (its wind files are picked
		// for that time), as the plan that was flown read it.
		ref := now
		if !a.Date.IsZero() {
			ref = a.Date
		}
		in, err := load.FromBytes("mission_yaml", missionYAML, dir, ref)
		if err != nil {
			return store.Attempt{}, err
		}
		m = in.Mission
		if a.MissionName != "" && a.MissionName != m.Name {
			return store.Attempt{}, fmt.Errorf("%w: mission %q but the mission file is named %q: give one or make them agree", ErrInput, a.MissionName, m.Name)
		}
		a.MissionName = m.Name
	}
	pa, err := store.PrepareAttempt(a)
	if err != nil {
		return store.Attempt{}, fmt.Errorf("%w: %v", ErrInput, err)
	}
	if m != nil {
		if _, err := store.PrepareMission(store.Mission{Name: m.Name, YAML: string(missionYAML)}, now); err != nil {
			return store.Attempt{}, fmt.Errorf("%w: %v", ErrInput, err)
		}
	} else {
		if m, err = storedMission(ctx, l, pa); err != nil {
			return store.Attempt{}, err
		}
	}
	if err := Validate(&pa, m, now); err != nil {
		return store.Attempt{}, err
	}
	a = pa
	if len(missionYAML) > 0 {
		sm, err := l.AddMission(ctx, store.Mission{Name: m.Name, YAML: string(missionYAML)})
		if err != nil {
			return store.Attempt{}, err
		}
		a.MissionID, a.MissionVersion = sm.ID, sm.Version
	}
	got, err := l.AddAttempt(ctx, a)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return store.Attempt{}, fmt.Errorf("%w: %v (add the mission first, or send its file with the attempt)", ErrInput, err)
	case errors.Is(err, store.ErrDuplicate):
		return store.Attempt{}, fmt.Errorf("attempt uid %s: %w (it was logged before); nothing was added", a.UID, store.ErrDuplicate)
	}
	return got, err
}

// storedMission finds the mission an attempt names (by ID, or by name and
// version) in the log and decodes it, for the checks that need its jumpers.
func storedMission(ctx context.Context, l store.Log, a store.Attempt) (*mission.Mission, error) {
	var sm store.Mission
	var err error
	if a.MissionID != 0 {
		ms, lerr := l.ListMissions(ctx)
		if lerr != nil {
			return nil, lerr
		}
		err = fmt.Errorf("mission id %d: %w", a.MissionID, store.ErrNotFound)
		for _, x := range ms {
			if x.ID == a.MissionID {
				sm, err = x, nil
			}
		}
	} else {
		sm, err = l.GetMission(ctx, a.MissionName, a.MissionVersion)
	}
	if errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("%w: %v (add the mission first, or send its file with the attempt)", ErrInput, err)
	}
	if err != nil {
		return nil, err
	}
	m, err := mission.Decode(fmt.Sprintf("%s v%d (in the log)", sm.Name, sm.Version), []byte(sm.YAML))
	if err != nil {
		return nil, fmt.Errorf("%w: mission %q version %d in the log no longer decodes (%v): send the mission file with the attempt", ErrInput, sm.Name, sm.Version, err)
	}
	return m, nil
}
