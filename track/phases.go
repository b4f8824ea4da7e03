package track

import (
	"errors"
	"fmt"
	"halo/internal/jsonnan"
	"math"
	"slices"
	"time"
)

// Event is one moment of a jump.
type Event struct {
	// Found is false when the track does not hold the event; Note says why.
	Found bool `json:"found"`
	// Index is the index in Track.Points of the last point at or before the event
	// (−1 when not found).
	Index int `json:"index"`
	// T is the event time, interpolated between points (UTC); zero when not found.
	T time.Time `json:"time_utc"`
	// TS is T in seconds after the track's first point.
	TS float64 `json:"t_s"`
	// AltMSL is the altitude at T (m, reference Track.AltRef), interpolated.
	AltMSL float64 `json:"alt_msl_m"`
	// Note says how the event was found or why it is absent.
	Note string `json:"note,omitempty"`
}

// Phases are the events of the first jump in a track.
type Phases struct {
	// Exit: the jumper leaves the aircraft (vertical speed starts to depart from
	// the aircraft's).
	Exit Event `json:"exit"`
	// FreeFall: the first point of sustained free fall (vertical speed ≥ 10 m/s);
	// equal to the point after Exit when the exit is recorded, the first point of
	// the track (or after a gap) when the track starts in free fall.
	FreeFall Event `json:"freefall"`
	// DeployStart: the start of the deceleration that ends in canopy flight.
	DeployStart Event `json:"deploy_start"`
	// CanopyOpen: vertical speed below 15 m/s, and a median below 12 m/s over the
	// next 8 s.
	CanopyOpen Event `json:"canopy_open"`
	// Landing: touchdown; vertical speed stays within ±1 m/s (or the horizontal
	// speed below 1 m/s) for 10 s.
	Landing Event `json:"landing"`
	// Absent lists the events the track does not hold ("exit", "deploy_start",
	// "canopy_open", "landing").
	Absent []string `json:"absent"`
}

// Phase detection thresholds, each with how it was chosen.
const (
	// FreeFallVD (m/s): vertical speed marking free fall, as FlySight Viewer 2 uses
	// (10 m/s down: an aircraft descends at under 8 m/s with jumpers aboard; a
	// jumper reaches it about 1 s after exit).
	FreeFallVD = 10.0
	// FreeFallHoldVD (m/s): and stays above this for 2 s. A wingsuit's vertical
	// speed peaks at 10-12 m/s about 2 s after exit and dips under 10 while the
	// suit pressurises (skyderby-cyber_eye.csv); an aircraft never holds 8 m/s
	// down with a jumper at the door.
	FreeFallHoldVD = 8.0
	// ExitSAccMax (m/s): the 10 m/s crossing counts only where sAcc is at most this
	// (FlySight Viewer 2 demands "good" accuracy; free-fall rows of the real files
	// have sAcc ≤ 4.5 m/s, warm-up rows 10-50).
	ExitSAccMax = 5.0
	// ExitDepart (m/s): the exit is where the vertical speed first exceeds the
	// aircraft's (median of the 8 to 2 s before the 10 m/s crossing) by this much,
	// walking back from the crossing. At 1 g this is 0.1 s after leaving; the GPS
	// filters smear the onset over 0.2-0.4 s. It replaces FlySight Viewer 2's
	// back-extrapolation with the acceleration, which misplaces exits from
	// climbing or descending aircraft.
	ExitDepart = 1.0
	// ExitHDrop (m/s): or, when that is later, where the horizontal speed falls
	// 2 m/s below the aircraft's (median of the same window), within 6 s before.
	// The aircraft's ground speed varies by under 1 m/s on jump run in the real
	// tracks; a jumper loses 5-10 m/s of it in the first second.
	ExitHDrop = 2.0
	// CanopyVD (m/s): canopy flight starts where the vertical speed falls below
	// 15 m/s (halo rule; sport canopies [CANOPY-SPORT] descend at 4-8 m/s, up to 15-20 in a turn).
	CanopyVD = 15.0
	// CanopyHold (s) and CanopyHoldVD (m/s): and the median vertical speed over the
	// next 8 s stays below 12 m/s. A wingsuit flies at 14-22 m/s down (its brief
	// flares last 2-3 s), a canopy surges to 18-21 m/s for 1-2 s after opening in
	// the real tracks. Total or horizontal ground speed is not used: under canopy
	// it carries the wind (70-100 m/s in trackscanner-7990 at 2 km).
	CanopyHold   = 8.0
	CanopyHoldVD = 12.0
	// MinFreeFall (s): free fall before the opening must last at least this (a
	// hop-and-pop has 3-5 s).
	MinFreeFall = 2.0
	// DeployDecel (m/s²): the opening's peak acceleration (magnitude of the
	// velocity vector's rate of change, wind-independent) must
	// exceed 0.4 g; real openings peak at 1-3 g in the GPS velocities.
	DeployDecel = 0.4 * g0
	// DeployDecelDerived (m/s²): the same for velocities derived from positions,
	// smoothed over 2 s (GPX, NMEA without Doppler, Columbus): 0.2 g. The Columbus
	// logger's smoothed altitude spreads its opening over 12 s (peak 0.24 g).
	DeployDecelDerived = 0.2 * g0
	// DeployOnsetFrac: walking back from the peak, the deployment starts where the
	// deceleration falls below this fraction of the peak (and 0.1 g). A quarter
	// separates the opening from the slower slow-down of speed skydivers (0.3-1 g)
	// and from GPS noise (±0.2 g at 5 Hz after smoothing).
	DeployOnsetFrac = 0.25
	// DeployMaxBack (s): the onset is at most this long before the peak. A
	// ram-air deployment takes 2.5-3 s from pull to open canopy ([CANOPY-SPORT]
	// C.3); without the limit the walk back runs into a track-off or the
	// slow decay of a tracking jumper's horizontal speed (0.2 g over 10 s in
	// skyderby-columbus.csv).
	DeployMaxBack = 4.0
	// LandVD (m/s), LandVH (m/s) and LandHold (s): landed when, for LandHold seconds,
	// the vertical speed stays within ±LandVD (the ground noise of FlySight is
	// ±0.3 m/s; a flare holds under 1 m/s for 1-2 s only) or the horizontal speed
	// stays under LandVH (walking pace is 1.4 m/s; for loggers with a smoothed altitude, e.g. Columbus).
	LandVD   = 1.0
	LandVH   = 1.0
	LandHold = 10.0
	// LandBackVD (m/s) and LandBackDH (m): from the start of those 10 s, the
	// touchdown is walked back while the vertical speed stays under 2.5 m/s and the
	// altitude within 1.5 m of the resting one (a swoop's slide, a bounce: 2 m/s
	// blips in ssscoring-01-00-00; ground altitude noise ±0.7 m about a mean).
	LandBackVD = 2.5
	LandBackDH = 1.5
)

// series holds smoothed speeds of a track.
type series struct {
	t        []float64 // s after first point
	vd, vh   []float64 // smoothed vertical (down) and horizontal speed, m/s
	vn, ve   []float64 // smoothed north and east velocity, m/s
	tot      []float64 // smoothed total speed
	gapAt    []bool    // a gap precedes point i
	sacc     []float64
	derivd   bool    // velocities derived (noisier): wider windows
	medianDT float64 // median interval, s
	settle   float64 // time (s) before which free fall is still speeding up
}

func newSeries(tr *Track) *series {
	n := len(tr.Points)
	s := &series{t: make([]float64, n), gapAt: make([]bool, n), sacc: make([]float64, n)}
	vd := make([]float64, n)
	vh := make([]float64, n)
	vn := make([]float64, n)
	ve := make([]float64, n)
	nder := 0
	for i, p := range tr.Points {
		s.t[i] = tr.Seconds(i)
		vd[i] = p.VelD
		vh[i] = math.Hypot(p.VelN, p.VelE)
		vn[i], ve[i] = p.VelN, p.VelE
		s.gapAt[i] = p.Flags&FlagGapBefore != 0
		s.sacc[i] = p.SAcc
		if p.Flags&(FlagVelDDerived|FlagVelHDerived) != 0 {
			nder++
		}
	}
	s.derivd = nder > n/2
	if n > 1 {
		dts := make([]float64, 0, n-1)
		for i := 1; i < n; i++ {
			dts = append(dts, s.t[i]-s.t[i-1])
		}
		slices.Sort(dts)
		s.medianDT = dts[len(dts)/2]
	}
	w := 0.4
	if s.derivd {
		w = 2.0
	}
	s.vd = smooth(s.t, vd, s.gapAt, w)
	s.vh = smooth(s.t, vh, s.gapAt, w)
	s.vn = smooth(s.t, vn, s.gapAt, w)
	s.ve = smooth(s.t, ve, s.gapAt, w)
	s.tot = make([]float64, n)
	for i := range s.tot {
		s.tot[i] = math.Hypot(s.vd[i], s.vh[i])
	}
	return s
}

// smooth returns centred moving averages over a window of w seconds, not
// crossing gaps.
func smooth(t, x []float64, gap []bool, w float64) []float64 {
	n := len(x)
	out := make([]float64, n)
	pre := make([]float64, n+1)
	for i, v := range x {
		pre[i+1] = pre[i] + v
	}
	segEnd := 0 // end of the current gap-free segment
	lo, hi := 0, 0
	for i := 0; i < n; i++ {
		if i >= segEnd {
			segEnd = i + 1
			for segEnd < n && !gap[segEnd] {
				segEnd++
			}
			lo, hi = i, i
		}
		for lo < i && t[lo] < t[i]-w/2-1e-9 {
			lo++
		}
		if hi < i+1 {
			hi = i + 1
		}
		for hi < segEnd && t[hi] <= t[i]+w/2+1e-9 {
			hi++
		}
		out[i] = (pre[hi] - pre[lo]) / float64(hi-lo)
	}
	return out
}

// accel returns the magnitude of the acceleration vector (m/s²) by central
// differences of the smoothed velocity over ±h seconds, not crossing gaps, and 0
// where the vertical speed increases faster than 0.2 g in the first 5 s of free
// fall (the fall's own acceleration after exit; later, a wingsuit pilot's
// collapse of the wings before the throw is part of the deployment). The vector, not the change of
// speed, so that a constant wind (which adds to every ground velocity) drops out.
func (s *series) accel(i int, h float64) float64 {
	a, b := i, i
	for a > 0 && !s.gapAt[a] && s.t[i]-s.t[a-1] <= h+1e-9 {
		a--
	}
	for b+1 < len(s.t) && !s.gapAt[b+1] && s.t[b+1]-s.t[i] <= h+1e-9 {
		b++
	}
	if b == a {
		return 0
	}
	dn, de, dd := s.vn[b]-s.vn[a], s.ve[b]-s.ve[a], s.vd[b]-s.vd[a]
	if s.t[i] < s.settle && dd/(s.t[b]-s.t[a]) > 0.2*g0 {
		return 0 // the fall speeds up (the exit, a dive): not an opening
	}
	return math.Sqrt(dn*dn+de*de+dd*dd) / (s.t[b] - s.t[a])
}

// DetectPhases finds exit, deployment, canopy opening and landing of the first
// jump in t. Events the track does not hold are returned with Found false, a Note
// saying why, and their names in Absent; nothing is invented. The error is for
// tracks too short to analyse.
//
// The stages run in the order of the jump, each from the one before: free fall
// (freeFallStart), exit (exitEvent), canopy opening (canopyStart, canopyEvent),
// deployment (deployEvent) and landing (landingEvent).
func DetectPhases(t *Track) (Phases, error) {
	var ph Phases
	for _, e := range []*Event{&ph.Exit, &ph.FreeFall, &ph.DeployStart, &ph.CanopyOpen, &ph.Landing} {
		*e = absentEvent("")
	}
	if t == nil || len(t.Points) < 10 {
		return ph, errors.New("track: DetectPhases: fewer than 10 points")
	}
	s := newSeries(t)
	underCanopy := startsUnderCanopy(t, s)
	ff := -1
	if !underCanopy {
		ff = s.freeFallStart()
	}
	s.settle = math.Inf(-1)
	switch {
	case ff >= 0:
		s.settle = s.t[ff] + 5
		ph.FreeFall = s.event(t, ff, s.t[ff], "first point of sustained free fall (vertical speed ≥ 10 m/s)")
		ph.Exit = s.exitEvent(t, ff)
	case underCanopy:
		ph.Exit.Note = "the track starts under an open canopy (descending at canopy rates and never climbing)"
		ph.FreeFall.Note = ph.Exit.Note
	default:
		ph.Exit.Note = "no free fall in the track (vertical speed never stays ≥ 10 m/s for 2 s)"
		ph.FreeFall.Note = ph.Exit.Note
	}

	canopy := -1
	switch {
	case ff >= 0:
		canopy = s.canopyStart(ff)
		if canopy < 0 {
			ph.CanopyOpen.Note = "no canopy flight after the free fall (the track ends in free fall?)"
		}
	case underCanopy:
		// A canopy-only track starts under canopy.
		ph.CanopyOpen.Note = "the track starts under an open canopy: the opening is not in it"
	default:
		// No free fall: the track holds no jump at all.
		ph.CanopyOpen.Note = "no free fall, so no opening to find"
	}
	ph.DeployStart.Note = ph.CanopyOpen.Note
	if canopy >= 0 {
		ph.CanopyOpen = s.canopyEvent(t, canopy)
		ph.DeployStart = s.deployEvent(t, ff, canopy)
	}

	ph.Landing = s.landingEvent(t, ff, canopy)
	ph.Absent = absentNames(ph)
	return ph, nil
}

// absentEvent is an event the track does not hold, with the reason.
func absentEvent(note string) Event {
	return Event{Index: -1, AltMSL: math.NaN(), TS: math.NaN(), Note: note}
}

// absentNames lists the events of ph not found, in the order of the jump.
func absentNames(ph Phases) []string {
	var names []string
	for _, e := range []struct {
		name string
		ev   *Event
	}{{"exit", &ph.Exit}, {"deploy_start", &ph.DeployStart}, {"canopy_open", &ph.CanopyOpen}, {"landing", &ph.Landing}} {
		if !e.ev.Found {
			names = append(names, e.name)
		}
	}
	return names
}

// holds reports whether f holds at every point from i to dur seconds after it,
// with no gap in between.
func (s *series) holds(i int, dur float64, f func(j int) bool) bool {
	for j := i; j < len(s.t) && s.t[j] <= s.t[i]+dur; j++ {
		if j > i && s.gapAt[j] {
			return false
		}
		if !f(j) {
			return false
		}
	}
	return true
}

// gapWithin reports whether a gap or the track's start lies within before
// seconds before point i (i included).
func (s *series) gapWithin(i int, before float64) bool {
	for j := i; j >= 0 && s.t[j] >= s.t[i]-before; j-- {
		if s.gapAt[j] || j == 0 {
			return true
		}
	}
	return false
}

// freeFallStart returns the first point of sustained free fall, or −1: the first
// point with vd ≥ FreeFallVD (and sAcc ≤ ExitSAccMax) from which vd stays
// ≥ FreeFallHoldVD for 2 s, walked back to where it crossed FreeFallVD.
func (s *series) freeFallStart() int {
	for k := range s.t {
		if s.vd[k] < FreeFallVD || s.sacc[k] > ExitSAccMax {
			continue
		}
		if !s.holds(k, 2.0, func(j int) bool { return s.vd[j] >= FreeFallHoldVD }) {
			continue
		}
		ff := k
		for ff > 0 && !s.gapAt[ff] && s.vd[ff-1] >= FreeFallVD {
			ff--
		}
		return ff
	}
	return -1
}

// aircraftWindow returns x at the points 8 to 2 s before free fall starts at ff
// (the aircraft, before the jumper leaves it) for which keep holds, walking back
// from ff and stopping after a gap.
func (s *series) aircraftWindow(ff int, x []float64, keep func(j int) bool) []float64 {
	var w []float64
	for j := ff - 1; j >= 0 && s.t[j] >= s.t[ff]-8; j-- {
		if s.t[j] <= s.t[ff]-2 && keep(j) {
			w = append(w, x[j])
		}
		if s.gapAt[j] {
			break
		}
	}
	return w
}

// median sorts w and returns its middle element (the upper one for an even count).
func median(w []float64) float64 {
	slices.Sort(w)
	return w[len(w)/2]
}

// exitEvent finds the exit before free fall starts at ff: where the vertical
// speed first departs from the aircraft's by ExitDepart (walking back from ff),
// moved earlier to where the horizontal speed drops ExitHDrop below the
// aircraft's for derived velocities (exitByHorizontal). Absent, with the reason,
// when the track holds too little before ff.
func (s *series) exitEvent(tr *Track, ff int) Event {
	base := s.aircraftWindow(ff, s.vd, func(int) bool { return true })
	if s.gapWithin(ff, 3.0) || len(base) < 3 {
		return absentEvent("exit not recorded: " + s.exitMissing(ff))
	}
	note := "vertical speed departs from the aircraft's by 1 m/s"
	thr := median(base) + ExitDepart
	j := ff
	for j > 0 && s.vd[j-1] > thr && !s.gapAt[j] {
		j--
	}
	// The exit lies between j-1 (≤ thr) and j (> thr).
	var exit Event
	if j == 0 || s.gapAt[j] {
		exit = s.event(tr, j, s.t[j], note+" (at a gap or the track start: approximate)")
	} else {
		exit = s.crossing(tr, j-1, s.vd, thr, note)
	}
	return s.exitByHorizontal(tr, ff, exit)
}

// exitMissing says why the exit before free fall at ff is not in the track.
func (s *series) exitMissing(ff int) string {
	if s.gapAt[ff] {
		return fmt.Sprintf("a logging gap ends in free fall at %.1f s", s.t[ff])
	}
	if s.gapWithin(ff, 3.0) && !(ff > 0 && s.t[ff] > 8) {
		return fmt.Sprintf("the track starts %.1f s before free fall: the exit is at or before its first point", s.t[ff])
	}
	for j := ff; j > 0; j-- {
		if s.gapAt[j] {
			return fmt.Sprintf("a logging gap ends %.1f s before free fall", s.t[ff]-s.t[j])
		}
	}
	return "too few points before free fall to tell the aircraft's vertical speed"
}

// exitByHorizontal moves exit earlier for loggers whose vertical speed is derived
// from a smoothed altitude (Columbus), which see the exit first as the loss of the
// aircraft's forward speed: if the horizontal speed is already ExitHDrop below the
// aircraft's at exit, it walks back (at most 6 s) to where it fell below. Not used
// with Doppler vertical speeds: aircraft slow down on jump run by 5-7 m/s in the
// 10 s before exit.
func (s *series) exitByHorizontal(tr *Track, ff int, exit Event) Event {
	hb := s.aircraftWindow(ff, s.vh, func(k int) bool { return s.t[k] < exit.TS-1 })
	if !s.derivd || len(hb) < 3 {
		return exit
	}
	hthr := median(hb) - ExitHDrop
	k := exit.Index
	if k+1 < len(s.t) && s.vh[k+1] < hthr {
		k++
	}
	if s.vh[k] >= hthr {
		return exit
	}
	for k > 0 && !s.gapAt[k] && s.vh[k-1] < hthr && s.t[k-1] > exit.TS-6 {
		k--
	}
	if k > 0 && !s.gapAt[k] && s.vh[k-1] >= hthr {
		if e := s.crossing(tr, k-1, s.vh, hthr, "horizontal speed falls 2 m/s below the aircraft's"); e.TS < exit.TS {
			return e
		}
	}
	return exit
}

// canopyStart returns the first point after MinFreeFall of free fall (from ff)
// with vd < CanopyVD whose next CanopyHold seconds keep a median vd below
// CanopyHoldVD, or −1.
func (s *series) canopyStart(ff int) int {
	n := len(s.t)
	for i := ff + 1; i < n; i++ {
		if s.t[i] < s.t[ff]+MinFreeFall || s.vd[i] >= CanopyVD {
			continue
		}
		var w []float64
		for j := i; j < n && s.t[j] <= s.t[i]+CanopyHold; j++ {
			if j > i && s.gapAt[j] {
				break
			}
			w = append(w, s.vd[j])
		}
		if len(w) >= 3 && median(w) < CanopyHoldVD {
			return i
		}
	}
	return -1
}

// canopyEvent is the opening at point canopy (from canopyStart): where vd
// crossed CanopyVD.
func (s *series) canopyEvent(tr *Track, canopy int) Event {
	if s.gapAt[canopy] {
		return s.event(tr, canopy, s.t[canopy], "after a logging gap: approximate")
	}
	return s.crossing(tr, canopy-1, s.vd, CanopyVD, "vertical speed below 15 m/s, median below 12 m/s over the next 8 s")
}

// deployEvent finds the deployment's start: the peak deceleration within 8 s
// before the opening at canopy (after free fall from ff), walked back to its
// onset (deployOnset). Absent when no deceleration reaches DeployDecel
// (DeployDecelDerived for derived velocities).
func (s *series) deployEvent(tr *Track, ff, canopy int) Event {
	h := max(0.4, 1.01*s.medianDT) // ±0.4 s, at least one sample each side
	minPeak := DeployDecel
	if s.derivd {
		h = max(1.0, 1.01*s.medianDT)
		minPeak = DeployDecelDerived
	}
	peak, aPeak := -1, 0.0
	for i := canopy; i > ff && s.t[i] >= s.t[canopy]-8; i-- {
		if a := s.accel(i, h); a > aPeak {
			peak, aPeak = i, a
		}
		if s.gapAt[i] {
			break
		}
	}
	if peak < 0 || aPeak < minPeak {
		return absentEvent(fmt.Sprintf("no deceleration above %.1f g before the opening (peak %.2f g)", minPeak/g0, aPeak/g0))
	}
	return s.deployOnset(tr, ff, peak, aPeak, h)
}

// deployOnset walks back from the peak deceleration aPeak at point peak (not
// before ff, at most DeployMaxBack) to where the deceleration falls below
// DeployOnsetFrac of the peak (and 0.1 g), interpolated between points.
func (s *series) deployOnset(tr *Track, ff, peak int, aPeak, h float64) Event {
	thr := max(DeployOnsetFrac*aPeak, 0.1*g0)
	j := peak
	for j > ff && !s.gapAt[j] && s.accel(j-1, h) > thr && s.t[j-1] >= s.t[peak]-DeployMaxBack {
		j--
	}
	if j == 0 || s.gapAt[j] {
		return s.event(tr, j, s.t[j], "onset of the opening deceleration (at a gap: approximate)")
	}
	// Interpolate where the deceleration crosses thr between j-1 and j.
	a0, a1 := s.accel(j-1, h), s.accel(j, h)
	f := 0.0
	if a1 != a0 {
		f = math.Max(0, math.Min(1, (thr-a0)/(a1-a0)))
	}
	return s.event(tr, j-1, s.t[j-1]+f*(s.t[j]-s.t[j-1]),
		fmt.Sprintf("onset of the opening deceleration (peak %.1f g)", aPeak/g0))
}

// landingEvent finds the touchdown after the opening at canopy, or from the start
// of a track without free fall (ff < 0): the first point from which the jumper
// rests for LandHold (landingStart), walked back over a slide (landingWalkBack).
func (s *series) landingEvent(tr *Track, ff, canopy int) Event {
	from := -1
	switch {
	case canopy >= 0:
		from = canopy
	case ff < 0:
		from = 0
	}
	if from < 0 {
		return absentEvent("no canopy flight found, so no landing")
	}
	land, byVD := s.landingStart(from)
	how := "horizontal speed below 1 m/s for 10 s"
	if byVD {
		how = "vertical speed within ±1 m/s for 10 s"
		land = s.landingWalkBack(tr, from, land)
	}
	switch {
	case land == 0 && ff < 0:
		// A track with no free fall that "lands" at its first point is on the
		// ground all along, not a canopy-only track.
		return absentEvent("the track starts on the ground and holds no jump")
	case land < 0:
		return absentEvent("the track ends before the jumper stops (no 10 s at rest)")
	case land > 0 && !s.gapAt[land] && byVD:
		return s.crossing(tr, land-1, absSeries(s.vd), LandVD, how)
	case land > 0 && !s.gapAt[land]:
		return s.crossing(tr, land-1, s.vh, LandVH, how)
	default:
		return s.event(tr, land, s.t[land], how+" (at a gap or the track start: approximate)")
	}
}

// landingStart returns the first point from `from` after which, for LandHold
// seconds, the vertical speed stays within ±LandVD (byVD) or else the horizontal
// speed under LandVH; −1 when the track ends first.
func (s *series) landingStart(from int) (land int, byVD bool) {
	n := len(s.t)
	for i := from; i < n; i++ {
		if s.t[n-1]-s.t[i] < LandHold/2 {
			break // too little track left to judge
		}
		if s.holds(i, LandHold, func(j int) bool { return math.Abs(s.vd[j]) < LandVD }) {
			return i, true
		}
		if s.holds(i, LandHold, func(j int) bool { return s.vh[j] < LandVH }) {
			return i, false
		}
	}
	return -1, false
}

// landingWalkBack moves the landing at point land (found by vertical speed) back
// over the slide or stumble that can precede the 10 s at rest: while the vertical
// speed stays under LandBackVD and the altitude within LandBackDH of the resting
// one, then forward to the ±LandVD crossing. Not before from+1.
func (s *series) landingWalkBack(tr *Track, from, land int) int {
	if land <= 0 {
		return land
	}
	h0 := tr.Points[land].HMSL
	for land > from+1 && !s.gapAt[land] && math.Abs(s.vd[land-1]) < LandBackVD &&
		math.Abs(tr.Points[land-1].HMSL-h0) < LandBackDH {
		land--
	}
	for land+1 < len(s.t) && math.Abs(s.vd[land]) >= LandVD { // back to the ±1 m/s crossing
		land++
	}
	return land
}

// startsUnderCanopy reports whether the track begins in canopy flight: a median
// vertical speed of 2-12 m/s over its first 10 s and no point ever more than 30 m
// above its start (an aircraft track climbs or flies level first). A canopy-only
// track must not have its spirals (10-25 m/s down) taken for free fall.
func startsUnderCanopy(t *Track, s *series) bool {
	var w []float64
	for i := 0; i < len(s.t) && s.t[i] <= 10; i++ {
		w = append(w, s.vd[i])
	}
	if len(w) < 3 {
		return false
	}
	slices.Sort(w)
	if m := w[len(w)/2]; m < 2 || m > 12 {
		return false
	}
	h0 := t.Points[0].HMSL
	for _, p := range t.Points {
		if p.HMSL > h0+30 {
			return false
		}
	}
	return true
}

func absSeries(x []float64) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = math.Abs(v)
	}
	return out
}

// event builds an Event at time ts (s after the first point), Index i.
func (s *series) event(tr *Track, i int, ts float64, note string) Event {
	e := Event{Found: true, Index: i, TS: ts, Note: note}
	e.T = tr.Points[0].T.Add(time.Duration(ts * 1e9))
	// Altitude interpolated between i and i+1.
	p := tr.Points[i]
	e.AltMSL = p.HMSL
	if i+1 < len(tr.Points) && s.t[i+1] > s.t[i] && ts > s.t[i] {
		f := (ts - s.t[i]) / (s.t[i+1] - s.t[i])
		e.AltMSL = p.HMSL + f*(tr.Points[i+1].HMSL-p.HMSL)
	}
	return e
}

// crossing returns the event where x crosses level between points i and i+1
// (linear interpolation; at i when x does not cross there).
func (s *series) crossing(tr *Track, i int, x []float64, level float64, note string) Event {
	ts := s.t[i]
	if i+1 < len(x) && x[i+1] != x[i] {
		f := (level - x[i]) / (x[i+1] - x[i])
		if f >= 0 && f <= 1 {
			ts = s.t[i] + f*(s.t[i+1]-s.t[i])
		}
	}
	return s.event(tr, i, ts, note)
}

// MarshalJSON writes NaN as null.
func (e Event) MarshalJSON() ([]byte, error) { return jsonnan.Fields(e) }

// UnmarshalJSON reads null or missing numbers as NaN.
func (e *Event) UnmarshalJSON(b []byte) error {
	*e = Event{Index: -1} // no sample; the floats become NaN
	return jsonnan.Unmarshal(b, e)
}
