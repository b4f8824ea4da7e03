// Separations of the jumpers of one attempt: their tracks aligned on UTC time,
// how far apart they flew and how long the camera flyer stayed with the talent.

package debrief

import (
	"fmt"
	"math"
	"sort"
	"time"

	"halo/geo"
	"halo/internal/jsonnan"
	"halo/track"
)

// AttemptStep is the time step of the separation series, s.
const AttemptStep = 0.5

// AttemptReport is the attempt as a whole: every jumper's phases and the
// separations between every pair, aligned on UTC time.
type AttemptReport struct {
	// WithinM is the distance (3-D, m) within which a pair counts as together.
	WithinM float64 `json:"within_m"`
	// Jumpers are the names in the order given, with their phases.
	Jumpers []AttemptJumper `json:"jumpers"`
	// Pairs holds every pair once (A before B in the given order).
	Pairs []PairSeparation `json:"pairs"`
	// Notes say what could not be compared.
	Notes []string `json:"notes"`
}

// AttemptJumper is one jumper of the attempt.
type AttemptJumper struct {
	Name   string        `json:"name"`
	Phases *track.Phases `json:"phases,omitempty"`
	// OpenNearestM is, at this jumper's canopy opening, the horizontal distance
	// to the nearest other jumper (m), OpenNearestVertM the vertical one, and
	// OpenNearest that jumper's name; NaN when no other track covers the moment.
	OpenNearestM     float64 `json:"open_nearest_horizontal_m"`
	OpenNearestVertM float64 `json:"open_nearest_vertical_m"`
	OpenNearest      string  `json:"open_nearest,omitempty"`
}

// PairSeparation is the separation of two jumpers over time.
type PairSeparation struct {
	A string `json:"a"`
	B string `json:"b"`
	// FreeFallFrom and FreeFallTo bound the shared free fall (UTC): the later
	// exit to the earlier deployment start; zero when they share none.
	FreeFallFrom time.Time `json:"freefall_from"`
	FreeFallTo   time.Time `json:"freefall_to"`
	// WithinS is how long in the shared free fall the pair stayed within WithinM
	// (3-D), s; LongestWithinS the longest unbroken stretch; FirstApart the first
	// moment after being together that they were farther apart (zero if never).
	WithinS        float64   `json:"within_s"`
	LongestWithinS float64   `json:"longest_within_s"`
	FirstApart     time.Time `json:"first_apart,omitzero"`
	// MinM and MinAt: the smallest 3-D distance in the shared free fall.
	MinM  float64   `json:"min_m"`
	MinAt time.Time `json:"min_at,omitzero"`
	// AtOpenA and AtOpenB are the horizontal separations (m) at A's and B's
	// canopy openings, AtOpenVertA and AtOpenVertB the vertical ones.
	AtOpenA     float64 `json:"at_open_a_horizontal_m"`
	AtOpenB     float64 `json:"at_open_b_horizontal_m"`
	AtOpenVertA float64 `json:"at_open_a_vertical_m"`
	AtOpenVertB float64 `json:"at_open_b_vertical_m"`
	// Series is the separation every AttemptStep seconds while both tracks have
	// data (not across a logging gap).
	Series []SepPoint `json:"series"`
}

// SepPoint is one separation sample.
type SepPoint struct {
	Time   time.Time `json:"time"`
	HorizM float64   `json:"horizontal_m"`
	VertM  float64   `json:"vertical_m"` // B's altitude minus A's
	Dist3M float64   `json:"distance_m"`
}

// MarshalJSON writes NaN as null.
func (a AttemptReport) MarshalJSON() ([]byte, error) { return jsonnan.Fields(a) }

// MarshalJSON writes NaN as null.
func (p PairSeparation) MarshalJSON() ([]byte, error) { return jsonnan.Fields(p) }

// MarshalJSON writes NaN as null.
func (a AttemptJumper) MarshalJSON() ([]byte, error) { return jsonnan.Fields(a) }

// position interpolates a track at UTC time t: lat, lon (degrees), altitude
// (m), and false outside the track or across a logging gap.
func position(tr *track.Track, t time.Time) (lat, lon, alt float64, ok bool) {
	ps := tr.Points
	i := sort.Search(len(ps), func(i int) bool { return !ps[i].T.Before(t) })
	if i == len(ps) {
		return 0, 0, 0, false
	}
	if ps[i].T.Equal(t) {
		return ps[i].Lat, ps[i].Lon, ps[i].HMSL, true
	}
	if i == 0 || ps[i].Flags&track.FlagGapBefore != 0 {
		return 0, 0, 0, false
	}
	a, b := ps[i-1], ps[i]
	f := t.Sub(a.T).Seconds() / b.T.Sub(a.T).Seconds()
	return a.Lat + f*(b.Lat-a.Lat), a.Lon + f*(b.Lon-a.Lon), a.HMSL + f*(b.HMSL-a.HMSL), true
}

// separation returns the horizontal and vertical (b minus a) distances at t.
func separation(a, b *track.Track, t time.Time) (h, v float64, ok bool) {
	la, lo, za, ok1 := position(a, t)
	lb, lob, zb, ok2 := position(b, t)
	if !ok1 || !ok2 {
		return math.NaN(), math.NaN(), false
	}
	e, n, _ := geo.NewFrame(la, lo, 0).ToENU(lb, lob, 0)
	return math.Hypot(e, n), zb - za, true
}

// Attempt compares the tracks of one attempt (names[i] flew tracks[i]; phases
// are found with track.DetectPhases). withinM (m, > 0) is the 3-D distance within
// which two jumpers count as together (the mission's limits.camera_within).
// Tracks are aligned on their UTC times; a pair is compared only where both have
// data.
func Attempt(tracks []*track.Track, names []string, withinM float64) AttemptReport {
	r := AttemptReport{WithinM: withinM}
	if len(names) != len(tracks) {
		r.Notes = append(r.Notes, fmt.Sprintf("%d names for %d tracks: the names are ignored", len(names), len(tracks)))
		names = nil
	}
	phs := make([]*track.Phases, len(tracks))
	for i, tr := range tracks {
		name := fmt.Sprintf("jumper %d", i+1)
		if names != nil {
			name = names[i]
		}
		aj := AttemptJumper{Name: name, OpenNearestM: math.NaN(), OpenNearestVertM: math.NaN()}
		if tr != nil {
			if ph, err := track.DetectPhases(tr); err == nil {
				phs[i] = &ph
				aj.Phases = &ph
			} else {
				r.Notes = append(r.Notes, name+": "+err.Error())
			}
		}
		r.Jumpers = append(r.Jumpers, aj)
	}
	for i := range tracks {
		for j := i + 1; j < len(tracks); j++ {
			if tracks[i] == nil || tracks[j] == nil || len(tracks[i].Points) == 0 || len(tracks[j].Points) == 0 {
				continue
			}
			r.Pairs = append(r.Pairs, pair(tracks[i], tracks[j], phs[i], phs[j], r.Jumpers[i].Name, r.Jumpers[j].Name, withinM))
		}
	}
	// each jumper's nearest neighbour at its opening
	for i := range tracks {
		if phs[i] == nil || !phs[i].CanopyOpen.Found {
			continue
		}
		t := phs[i].CanopyOpen.T
		for j := range tracks {
			if j == i || tracks[j] == nil {
				continue
			}
			h, v, ok := separation(tracks[i], tracks[j], t)
			if ok && (math.IsNaN(r.Jumpers[i].OpenNearestM) || h < r.Jumpers[i].OpenNearestM) {
				r.Jumpers[i].OpenNearestM, r.Jumpers[i].OpenNearestVertM, r.Jumpers[i].OpenNearest = h, v, r.Jumpers[j].Name
			}
		}
	}
	return r
}

func pair(a, b *track.Track, pa, pb *track.Phases, na, nb string, within float64) PairSeparation {
	ps := PairSeparation{A: na, B: nb, MinM: math.NaN(), AtOpenA: math.NaN(), AtOpenB: math.NaN(), AtOpenVertA: math.NaN(), AtOpenVertB: math.NaN()}
	t0, t1 := a.Points[0].T, a.Points[len(a.Points)-1].T
	if b.Points[0].T.After(t0) {
		t0 = b.Points[0].T
	}
	if e := b.Points[len(b.Points)-1].T; e.Before(t1) {
		t1 = e
	}
	step := time.Duration(AttemptStep * float64(time.Second))
	t0 = t0.Truncate(step)
	for t := t0; !t.After(t1); t = t.Add(step) {
		h, v, ok := separation(a, b, t)
		if ok {
			ps.Series = append(ps.Series, SepPoint{Time: t, HorizM: h, VertM: v, Dist3M: math.Hypot(h, v)})
		}
	}
	// shared free fall
	if pa != nil && pb != nil && pa.Exit.Found && pb.Exit.Found {
		from := pa.Exit.T
		if pb.Exit.T.After(from) {
			from = pb.Exit.T
		}
		end := func(p *track.Phases) time.Time {
			switch {
			case p.DeployStart.Found:
				return p.DeployStart.T
			case p.CanopyOpen.Found:
				return p.CanopyOpen.T
			}
			return time.Time{}
		}
		ea, eb := end(pa), end(pb)
		if !ea.IsZero() && !eb.IsZero() {
			to := ea
			if eb.Before(to) {
				to = eb
			}
			if to.After(from) {
				ps.FreeFallFrom, ps.FreeFallTo = from, to
				run, together := 0.0, false
				for _, s := range ps.Series {
					if s.Time.Before(from) || s.Time.After(to) {
						continue
					}
					if math.IsNaN(ps.MinM) || s.Dist3M < ps.MinM {
						ps.MinM, ps.MinAt = s.Dist3M, s.Time
					}
					if s.Dist3M <= within {
						ps.WithinS += AttemptStep
						run += AttemptStep
						together = true
						ps.LongestWithinS = math.Max(ps.LongestWithinS, run)
					} else {
						if together && ps.FirstApart.IsZero() {
							ps.FirstApart = s.Time
						}
						run = 0
					}
				}
			}
		}
	}
	if pa != nil && pa.CanopyOpen.Found {
		ps.AtOpenA, ps.AtOpenVertA, _ = separation(a, b, pa.CanopyOpen.T)
	}
	if pb != nil && pb.CanopyOpen.Found {
		ps.AtOpenB, ps.AtOpenVertB, _ = separation(a, b, pb.CanopyOpen.T)
	}
	return ps
}
