// Where a track was flown: at the plan's drop zone, or at another place, where
// the comparison with the plan means nothing.

package debrief

import (
	"fmt"

	"halo/geo"
	"halo/internal/jsonnan"
	"halo/plan"
	"halo/track"
)

// ElsewhereM (m): a track whose exit lies farther than this from the jumper's
// planned exit point AND whose landing lies farther than this from the plan's
// target was flown at another place. A jump flown on the plan exits within its
// green-light window (a few hundred metres to 2 km along the run; ATP 3-18.11
// computes the release point to land the first jumper at the target) or, if the
// spot went wrong, still lands within the canopy's reach of the target; a HAHO
// that drifts far exits near its planned exit. 10 km is several times either
// margin and far below the distance between drop zones (tens to thousands of
// km), so neither a bad spot nor a long HAHO is mistaken for another place.
// docs/sources.md [halo-elsewhere].
const ElsewhereM = 10e3

// Elsewhere says a track was flown at another place than the plan's.
type Elsewhere struct {
	// ExitFromPlannedM is the exit's distance from the jumper's planned exit
	// point (the first free-fall point, or the track's first point, when the
	// exit is not in the track), m.
	ExitFromPlannedM float64 `json:"exit_from_planned_m"`
	// LandingFromTargetM is the landing's distance from the plan's target (the
	// track's last point when the landing is not in it), m.
	LandingFromTargetM float64 `json:"landing_from_target_m"`
}

// MarshalJSON writes NaN as null.
func (e Elsewhere) MarshalJSON() ([]byte, error) { return jsonnan.Fields(e) }

// Note is the one sentence a report gives for it.
func (e Elsewhere) Note() string {
	return fmt.Sprintf("another place: the track lands %.0f km from the mission's target and exits %.0f km from the planned exit (both beyond %.0f km), so it was not flown on this plan: the comparison with the plan is withheld, and heights are above the track's own landing [halo-elsewhere]",
		e.LandingFromTargetM/1000, e.ExitFromPlannedM/1000, ElsewhereM/1000)
}

// Locate returns where track t (phases ph) was flown against the plan's jumper
// ji: nil when at the plan's place (either distance within ElsewhereM, or
// unknown), else the distances. p may be nil (nil result).
func Locate(t *track.Track, ph track.Phases, p *plan.Plan, ji int) *Elsewhere {
	if p == nil || ji < 0 || ji >= len(p.Jumpers) || t == nil || len(t.Points) == 0 {
		return nil
	}
	first, last := 0, len(t.Points)-1
	switch {
	case ph.Exit.Found:
		first = ph.Exit.Index
	case ph.FreeFall.Found:
		first = ph.FreeFall.Index
	}
	if ph.Landing.Found {
		last = ph.Landing.Index
	}
	jp := p.Jumpers[ji]
	fe, le := t.Points[first], t.Points[last]
	exitM, _ := geo.NewFrame(jp.Exit.Lat, jp.Exit.Lon, 0).DistanceBearing(fe.Lat, fe.Lon)
	landM, _ := geo.NewFrame(p.Target.Lat, p.Target.Lon, 0).DistanceBearing(le.Lat, le.Lon)
	if !(exitM > ElsewhereM && landM > ElsewhereM) {
		return nil
	}
	return &Elsewhere{ExitFromPlannedM: exitM, LandingFromTargetM: landM}
}
