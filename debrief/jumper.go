package debrief

import (
	"errors"
	"fmt"

	"halo/plan"
)

// JumperIndex returns the index in p.Jumpers (and p.Jumps, p.Traces) of the named
// jumper; with an empty name, the only jumper of a one-jumper plan. -1 and an error
// naming the jumpers when there is no such one.
func JumperIndex(p *plan.Plan, name string) (int, error) {
	if p == nil {
		return -1, fmt.Errorf("debrief: no plan")
	}
	var names []string
	for i, j := range p.Jumpers {
		if j.Name == name {
			return i, nil
		}
		names = append(names, j.Name)
	}
	if name == "" && len(p.Jumpers) == 1 {
		return 0, nil
	}
	if name == "" {
		return -1, fmt.Errorf("debrief: the plan has %d jumpers (%v): name the one who flew this track (--jumper)", len(p.Jumpers), names)
	}
	return -1, fmt.Errorf("debrief: no jumper %q in the plan; its jumpers are %v", name, names)
}

// ErrJumper is wrapped when the jumper who flew a track cannot be decided: a
// name that is not the plan's, a count of names that is not the count of
// tracks, or a track that would have to be guessed.
var ErrJumper = errors.New("which jumper flew the track")

// TrackJumpers decides, once for `halo debrief` and `halo log add` (and POST
// /api/log), which of the plan's jumpers flew each of n tracks. The rule is the
// stricter of the two the commands used to apply, so that no track is compared
// with another jumper's plan by a guess:
//
//   - names given: one per track, in order, each a jumper of the plan (without a
//     plan, any names);
//   - no names and no plan: no jumper ("" for each track);
//   - no names, one track: the plan's only jumper; a plan with several is an
//     error (name the one who flew it);
//   - no names, several tracks: the plan's jumpers in exit order, and more
//     tracks than jumpers is an error.
//
// Errors wrap ErrJumper and name the plan's jumpers.
func TrackJumpers(p *plan.Plan, n int, names []string) ([]string, error) {
	if len(names) > 0 {
		if len(names) != n {
			return nil, fmt.Errorf("%w: %d jumper names for %d tracks: give one name per track, in order, or none to take the mission's jumpers in order", ErrJumper, len(names), n)
		}
		for i, name := range names {
			if name == "" {
				return nil, fmt.Errorf("%w: track %d has no jumper name: name the jumper of every track, or of none to take the mission's jumpers in order", ErrJumper, i+1)
			}
		}
		if p != nil {
			for _, name := range names {
				if _, err := JumperIndex(p, name); err != nil {
					return nil, fmt.Errorf("%w: no jumper %q in the mission; its jumpers are %q", ErrJumper, name, planJumpers(p))
				}
			}
		}
		return append([]string(nil), names...), nil
	}
	out := make([]string, n)
	if p == nil {
		return out, nil
	}
	switch {
	case n == 1 && len(p.Jumpers) == 1:
		out[0] = p.Jumpers[0].Name
	case n == 1:
		return nil, fmt.Errorf("%w: the mission has %d jumpers %q: name the one who flew the track (--jumper)", ErrJumper, len(p.Jumpers), planJumpers(p))
	case n > len(p.Jumpers):
		return nil, fmt.Errorf("%w: %d tracks but the mission has only %d jumpers %q: name the jumper of each track (--jumper)", ErrJumper, n, len(p.Jumpers), planJumpers(p))
	default:
		for i := range out {
			out[i] = p.Jumpers[i].Name
		}
	}
	return out, nil
}

// planJumpers lists the plan's jumpers' names.
func planJumpers(p *plan.Plan) []string {
	s := make([]string, len(p.Jumpers))
	for i, j := range p.Jumpers {
		s[i] = j.Name
	}
	return s
}
