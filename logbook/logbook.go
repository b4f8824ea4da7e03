// Package logbook files an attempt in the jump log: the one path that `halo log add`
// and POST /api/log share. It decodes the mission the attempt flew once, with the
// same loader as a plan (Prepare), debriefs every track sent without its result
// against the mission's plan and maps the debrief to the log's numbers
// (FromTrack, ResultOf; the jumper of each track by debrief.TrackJumpers), checks
// the attempt against that mission and against what a jump can produce
// (Validate), then stores the mission version and the attempt (Entry.File);
// everything is checked before anything is stored.
package logbook

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"halo/load"
	"halo/mission"
	"halo/store"
	"halo/version"
)

// ErrInput is wrapped by every error that is the caller's input, not the store's.
var ErrInput = errors.New("invalid attempt")

// MissionFile is the mission file an attempt flew, as the caller holds it.
type MissionFile struct {
	// Name names it in messages (a path, or "mission_yaml").
	Name string
	// YAML is its text, stored as given; empty: the attempt names a mission
	// already in the log.
	YAML []byte
	// Dir is the directory its file references are read relative to; ""
	// refuses every file reference (the server).
	Dir string
}

// Entry is an attempt ready to be filed: its mission decoded once and every
// track that came without a result debriefed.
type Entry struct {
	// Attempt is the attempt as it will be checked and stored.
	Attempt store.Attempt
	yaml    []byte
	m       *mission.Mission // nil: a mission in the log, found when filed
	opt     Options
}

// Options are what the caller decides about filing an attempt.
type Options struct {
	// Elsewhere logs a track flown at another place than the mission's
	// (debrief.Locate) as an attempt at that place: its result is not compared
	// with the plan and the attempt's notes say where it was flown; Validate
	// never lets such an attempt be a success. False refuses it (ErrElsewhere).
	Elsewhere bool
}

// Prepare is the first stage of filing an attempt, the part that needs no log:
// the mission file (when given) is decoded once, as of the attempt's date (or
// now), like a plan's mission (its wind files picked for that time, as the plan
// that was flown read them); its name must agree with a.MissionName when that
// is set. Every jumper that carries a track but no result gets the result from
// the debrief of that track against the mission's plan (FromTrack), the jumper
// of each track chosen by debrief.TrackJumpers: this is how `halo log add` and a
// POST /api/log that sends only tracks are filled; a result the caller sent is
// kept as it is (older clients computed it). The attempt records the running
// halo build as its planner (version.Get) unless the caller named one (the
// build that computed the results it sent). Errors from the mission come back
// as mission.Errors (with lines); other input errors wrap ErrInput.
func Prepare(a store.Attempt, mf MissionFile, now time.Time) (Entry, error) {
	return PrepareWith(a, mf, now, Options{})
}

// PrepareWith is Prepare with the caller's options.
func PrepareWith(a store.Attempt, mf MissionFile, now time.Time, o Options) (Entry, error) {
	e := Entry{Attempt: a, opt: o}
	e.Attempt.Planner = cmp.Or(strings.TrimSpace(a.Planner), version.Get().String())
	if len(mf.YAML) == 0 {
		return e, nil // the mission is in the log: its tracks are debriefed when filed
	}
	name := mf.Name
	if name == "" {
		name = "mission_yaml"
	}
	in, err := load.FromBytes(name, mf.YAML, mf.Dir, reference(a, now))
	if err != nil {
		return Entry{}, err
	}
	if a.MissionName != "" && a.MissionName != in.Mission.Name {
		return Entry{}, fmt.Errorf("%w: mission %q but the mission file is named %q: give one or make them agree", ErrInput, a.MissionName, in.Mission.Name)
	}
	e.Attempt.MissionName = in.Mission.Name
	if err := fromTracks(&e.Attempt, &in, o.Elsewhere); err != nil {
		return Entry{}, err
	}
	e.yaml, e.m = mf.YAML, in.Mission
	return e, nil
}

// reference is the time a mission is read as of: the attempt's date, or now.
func reference(a store.Attempt, now time.Time) time.Time {
	if !a.Date.IsZero() {
		return a.Date
	}
	return now
}

// File is the second stage: the attempt is checked against its mission and
// now (the current time, for the date's window) by Validate (ranges, date,
// jumpers, tracks) before anything is stored, then the mission version (a new
// one when its text changed) and the attempt are stored. Without a mission
// file the attempt names a mission in the log (by ID, or name and version),
// whose tracks without a result are debriefed against it here. An attempt
// whose UID is already in the log wraps store.ErrDuplicate; the store's own
// errors are returned as they are.
func (e Entry) File(ctx context.Context, l store.Log, now time.Time) (store.Attempt, error) {
	a, m := e.Attempt, e.m
	var err error
	if m == nil && needsTracks(a) {
		// the tracks name their jumpers before the attempt is checked
		if m, err = storedMission(ctx, l, &a, now, e.opt); err != nil {
			return store.Attempt{}, err
		}
	}
	pa, err := store.PrepareAttempt(a)
	if err != nil {
		return store.Attempt{}, fmt.Errorf("%w: %v", ErrInput, err)
	}
	if m == nil {
		if m, err = storedMission(ctx, l, &pa, now, e.opt); err != nil {
			return store.Attempt{}, err
		}
	}
	if e.m != nil {
		if _, err := store.PrepareMission(store.Mission{Name: m.Name, YAML: string(e.yaml)}, now); err != nil {
			return store.Attempt{}, fmt.Errorf("%w: %v", ErrInput, err)
		}
	}
	if err := Validate(&pa, m, now); err != nil {
		return store.Attempt{}, err
	}
	a = pa
	if e.m != nil {
		sm, err := l.AddMission(ctx, store.Mission{Name: m.Name, YAML: string(e.yaml)})
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

// Add files attempt a: Prepare, then File. missionYAML, when given, is the
// mission file flown (named "mission_yaml" in messages; its file references
// read relative to dir, or refused when dir is "").
func Add(ctx context.Context, l store.Log, a store.Attempt, missionYAML []byte, dir string, now time.Time) (store.Attempt, error) {
	e, err := Prepare(a, MissionFile{Name: "mission_yaml", YAML: missionYAML, Dir: dir}, now)
	if err != nil {
		return store.Attempt{}, err
	}
	return e.File(ctx, l, now)
}

// storedMission finds the mission an attempt names (by ID, or by name and
// version) in the log and decodes it once, for the checks that need its
// jumpers; when a track of the attempt has no result it is decoded as a plan's
// mission (file references refused) and the tracks are debriefed against it.
func storedMission(ctx context.Context, l store.Log, a *store.Attempt, now time.Time, o Options) (*mission.Mission, error) {
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
	name := fmt.Sprintf("%s v%d (in the log)", sm.Name, sm.Version)
	if needsTracks(*a) {
		in, err := load.FromBytes(name, []byte(sm.YAML), "", reference(*a, now))
		if err != nil {
			return nil, fmt.Errorf("%w: mission %q version %d in the log cannot be planned (%v): send the mission file with the attempt", ErrInput, sm.Name, sm.Version, err)
		}
		if err := fromTracks(a, &in, o.Elsewhere); err != nil {
			return nil, err
		}
		return in.Mission, nil
	}
	m, err := mission.Decode(name, []byte(sm.YAML))
	if err != nil {
		return nil, fmt.Errorf("%w: mission %q version %d in the log no longer decodes (%v): send the mission file with the attempt", ErrInput, sm.Name, sm.Version, err)
	}
	return m, nil
}

// Elsewhere names the jumpers whose tracks were flown at another place than
// the mission's (logged with Options.Elsewhere).
func (e Entry) Elsewhere() []string {
	var names []string
	for _, j := range e.Attempt.Jumpers {
		if elsewhereOf(j.Result) != nil {
			names = append(names, j.Name)
		}
	}
	return names
}
