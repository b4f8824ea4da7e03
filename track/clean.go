package track

import (
	"errors"
	"fmt"
	"halo/geo"
	"math"
	"slices"
	"sort"
	"time"
)

// Thresholds of the cleaning pass. Each is documented with how it was chosen.
const (
	// MaxHAcc, MaxVAcc (m) and MaxSAcc (m/s): rows whose receiver accuracy
	// estimates exceed these are dropped. In the twelve real FlySight-family
	// files in testdata, every row after GPS warm-up has hAcc, vAcc ≤ 50 m and
	// sAcc ≤ 5.5 m/s; the warm-up rows and the glitches of the startosphere file
	// (−770 m, +39,203 m) have vAcc 100-800 m. 50 m is also the scale below which an
	// altitude error no longer changes a decision about openings.
	MaxHAcc = 50.0
	MaxVAcc = 50.0
	MaxSAcc = 10.0
	// MinAlt and MaxAlt (m MSL): plausible altitudes. The Dead Sea shore is at
	// −430 m; the highest jump (Eustace, 2014) left from 41.4 km.
	MinAlt = -500.0
	MaxAlt = 45000.0
	// SpikeAccel (m/s²): a point whose offset from the straight line joining its
	// neighbours implies a larger acceleration is a spike. 5 g: deployment shocks
	// last under a second and GPS filters smooth them to 2-3 g at 5 Hz.
	SpikeAccel = 5 * g0
	// SpikeMinOffset (m): and the offset must exceed this (and 3 × the point's
	// accuracy), so that GPS noise at 5-25 Hz (a 1 m jitter is 50 m/s² at 5 Hz)
	// never counts as a spike.
	SpikeMinOffset = 20.0
	// MinGap (s): a gap is an interval longer than max(MinGap, 5 × median interval).
	MinGap = 1.5
)

// maxWarningsPerKind caps the warnings of one kind; the rest are counted.
const maxWarningsPerKind = 5

// builder collects points and row-level issues while a reader parses.
type builder struct {
	format, device, altRef string
	pts                    []Point
	issues                 []issue
	warns                  []Warning
	derivedH, derivedD     bool // some points need derived velocities
}

// issue is one dropped row. after is the number of points kept before it, so that
// runs of dropped rows with no kept point between merge into one warning.
type issue struct {
	kind  string
	line  int
	after int
	t     time.Time // zero when the row's time is unknown
}

func (b *builder) drop(kind string, line int) {
	b.issues = append(b.issues, issue{kind: kind, line: line, after: len(b.pts)})
}

func (b *builder) warn(line int, format string, args ...any) {
	b.warns = append(b.warns, Warning{line, fmt.Sprintf(format, args...)})
}

// add appends a point read from the source. Points with NaN VelN/VelE or VelD get
// derived velocities (and flags) in finish.
func (b *builder) add(p Point) {
	if math.IsNaN(p.VelN) || math.IsNaN(p.VelE) {
		p.Flags |= FlagVelHDerived
		b.derivedH = true
	}
	if math.IsNaN(p.VelD) {
		p.Flags |= FlagVelDDerived
		b.derivedD = true
	}
	b.pts = append(b.pts, p)
}

// summarizeIssues turns the dropped rows into warnings, one per run of rows with
// no kept point between; beyond maxWarningsPerKind runs, one warning counts them.
func (b *builder) summarizeIssues(issues []issue) {
	byKind := map[string][]issue{}
	var kinds []string
	for _, is := range issues {
		if _, ok := byKind[is.kind]; !ok {
			kinds = append(kinds, is.kind)
		}
		byKind[is.kind] = append(byKind[is.kind], is)
	}
	for _, k := range kinds {
		list := byKind[k]
		type run struct{ i, j int }
		var runs []run
		for i := 0; i < len(list); {
			j := i
			for j+1 < len(list) && list[j+1].after == list[i].after {
				j++
			}
			runs = append(runs, run{i, j})
			i = j + 1
		}
		if len(runs) > maxWarningsPerKind {
			first, last := list[0], list[len(list)-1]
			b.warn(first.line, "lines %d-%d%s: %d rows in %d places dropped: %s",
				first.line, last.line, timeSpan(first.t, last.t), len(list), len(runs), k)
			continue
		}
		for _, r := range runs {
			a, z := list[r.i], list[r.j]
			if r.i == r.j {
				b.warn(a.line, "line %d%s: row dropped: %s", a.line, timeSpan(a.t, z.t), k)
			} else {
				b.warn(a.line, "lines %d-%d%s: %d rows dropped: %s", a.line, z.line, timeSpan(a.t, z.t), r.j-r.i+1, k)
			}
		}
	}
}

// timeSpan formats " (hh:mm:ss.ss-hh:mm:ss.ss UTC)", or "" for unknown times.
func timeSpan(a, z time.Time) string {
	if a.IsZero() {
		return ""
	}
	if z.IsZero() || z.Equal(a) {
		return " (" + a.Format("15:04:05.00") + " UTC)"
	}
	return " (" + a.Format("15:04:05.00") + "-" + z.Format("15:04:05.00") + " UTC)"
}

// finish cleans the points (order, accuracy, range, spikes), derives missing
// velocities, flags gaps and returns the Track.
func (b *builder) finish() (*Track, error) {
	b.summarizeIssues(b.issues)
	b.issues = b.issues[:0]
	pts := b.pts
	if len(pts) == 0 {
		b.summarizeIssues(nil)
		return nil, b.noPoints("no data rows")
	}

	// 1. Order: keep the first row of each time (drop the repeats that follow it),
	// then the longest run of rows in increasing time; drop the rows out of it. A
	// single row with a wrong time (a flipped digit) is dropped alone, instead of
	// every row up to the time it claims.
	var iss []issue
	kept := pts[:0]
	for _, p := range pts {
		if n := len(kept); n > 0 && p.T.Equal(kept[n-1].T) {
			iss = append(iss, issue{"repeated time (the first row for this time is kept)", p.Line, n, p.T})
			continue
		}
		kept = append(kept, p)
	}
	pts = kept
	if in := increasingRun(pts); in != nil {
		kept = pts[:0]
		for i, p := range pts {
			n := len(kept)
			switch {
			case in[i]:
				kept = append(kept, p)
				continue
			case n > 0 && !p.T.After(kept[n-1].T):
				iss = append(iss, issue{fmt.Sprintf("time goes backwards (before %s)", kept[n-1].T.Format("15:04:05.00")), p.Line, n, p.T})
			default:
				iss = append(iss, issue{outOfOrder + " (later than the rows after it)", p.Line, n, p.T})
			}
		}
		pts = kept
	}

	// 2. Position sanity and accuracy.
	kept = pts[:0]
	good := false
	for _, p := range pts {
		switch {
		case p.Lat < -90 || p.Lat > 90 || p.Lon < -180 || p.Lon > 180:
			iss = append(iss, issue{"latitude or longitude out of range", p.Line, len(kept), p.T})
		case p.Lat == 0 && p.Lon == 0:
			iss = append(iss, issue{"position 0,0 (no fix)", p.Line, len(kept), p.T})
		case p.HMSL < MinAlt || p.HMSL > MaxAlt:
			iss = append(iss, issue{fmt.Sprintf("altitude outside %.0f..%.0f m", MinAlt, MaxAlt), p.Line, len(kept), p.T})
		case p.HAcc > MaxHAcc || p.VAcc > MaxVAcc || p.SAcc > MaxSAcc:
			k := "poor accuracy"
			if !good {
				k = "GPS warm-up"
			}
			iss = append(iss, issue{fmt.Sprintf("%s (hAcc > %.0f m, vAcc > %.0f m or sAcc > %.0f m/s)", k, MaxHAcc, MaxVAcc, MaxSAcc), p.Line, len(kept), p.T})
		default:
			good = true
			kept = append(kept, p)
		}
	}
	pts = kept
	if len(pts) == 0 {
		b.summarizeIssues(iss)
		return nil, b.noPoints("every row was dropped")
	}

	// 3. Physically impossible rows [halo-plausible].
	pts, pw, err := removeImplausible(pts)
	b.warns = append(b.warns, pw...)
	if err != nil {
		b.summarizeIssues(iss)
		return nil, err
	}

	// 3b. Spikes.
	gapLimit := gapLimitOf(pts)
	pts, iss, jw := removeSpikes(pts, gapLimit, iss)
	b.warns = append(b.warns, jw...)
	b.summarizeIssues(iss)

	// 4. Derived velocities.
	if b.derivedH || b.derivedD {
		deriveVelocities(pts, gapLimit)
		nh, nd := 0, 0
		for _, p := range pts {
			if p.Flags&FlagVelHDerived != 0 {
				nh++
			}
			if p.Flags&FlagVelDDerived != 0 {
				nd++
			}
		}
		b.warn(0, "velocities not recorded, derived from positions by central differences (flagged per point): horizontal for %d and vertical for %d of %d points", nh, nd, len(pts))
	}

	// 5. Gaps.
	gapRun := -1
	var gmin, gmax time.Duration
	flush := func(end int) {
		if gapRun < 0 {
			return
		}
		n := 0
		for i := gapRun; i <= end; i++ {
			if pts[i].Flags&FlagGapBefore != 0 {
				n++
			}
		}
		if n == 1 {
			b.warn(pts[gapRun].Line, "line %d: logging gap of %.1f s before this row (kept, flagged)", pts[gapRun].Line, gmax.Seconds())
		} else {
			b.warn(pts[gapRun].Line, "lines %d-%d: %d logging gaps of %.1f-%.1f s (kept, flagged)", pts[gapRun].Line, pts[end].Line, n, gmin.Seconds(), gmax.Seconds())
		}
		gapRun = -1
	}
	for i := 1; i < len(pts); i++ {
		dt := pts[i].T.Sub(pts[i-1].T)
		if dt.Seconds() > gapLimit {
			pts[i].Flags |= FlagGapBefore
			if gapRun >= 0 && pts[i-1].Flags&FlagGapBefore != 0 { // consecutive gaps: one warning
				gmin, gmax = min(gmin, dt), max(gmax, dt)
				continue
			}
			flush(i - 1)
			gapRun, gmin, gmax = i, dt, dt
		} else {
			flush(i - 1)
		}
	}
	flush(len(pts) - 1)

	sort.SliceStable(b.warns, func(i, j int) bool { return b.warns[i].Line < b.warns[j].Line })
	return &Track{Format: b.format, Device: b.device, AltRef: b.altRef, Points: slices.Clip(pts), Warnings: b.warns}, nil
}

func (b *builder) noPoints(why string) error {
	msg := "no usable GPS fix: " + why
	for i, w := range b.warns {
		if i == 3 {
			msg += "; …"
			break
		}
		msg += "; " + w.Msg
	}
	return errors.New(msg)
}

// gapLimitOf returns the interval (s) above which logging counts as interrupted.
func gapLimitOf(pts []Point) float64 {
	if len(pts) < 2 {
		return MinGap
	}
	// The median of at most ~10,000 intervals spread over the track.
	step := max(1, (len(pts)-1)/10000)
	dts := make([]float64, 0, (len(pts)-1)/step+1)
	for i := 1; i < len(pts); i += step {
		dts = append(dts, pts[i].T.Sub(pts[i-1].T).Seconds())
	}
	slices.Sort(dts)
	return max(MinGap, 5*dts[len(dts)/2])
}

// localXYZ returns east, north (m) in a frame at the first point, and altitude.
func localXYZ(pts []Point) (e, n, u []float64) {
	e = make([]float64, len(pts))
	n = make([]float64, len(pts))
	u = make([]float64, len(pts))
	if len(pts) == 0 {
		return
	}
	f := geo.NewFrame(pts[0].Lat, pts[0].Lon, 0)
	for i, p := range pts {
		e[i], n[i], _ = f.ToENU(p.Lat, p.Lon, 0)
		u[i] = p.HMSL
	}
	return
}

// screenXYZ is a fast local projection for spike screening: east and north by
// the prime-vertical and meridional radii of curvature at the first point. Its
// error grows as d²/R (8 m at 10 km) but varies smoothly, so the offset of a point
// from its neighbours 0.04-20 s away is unaffected to well under a millimetre.
// Distances and velocities use the exact east-north-up frame (localXYZ).
func screenXYZ(pts []Point, e, n, u []float64) {
	if len(pts) == 0 {
		return
	}
	lat0, lon0 := pts[0].Lat, pts[0].Lon
	sin0, cos0 := math.Sincos(lat0 * deg)
	w := 1 - geo.E2*sin0*sin0
	rn := geo.A / math.Sqrt(w)
	rm := geo.A * (1 - geo.E2) / (w * math.Sqrt(w))
	ke, kn := deg*rn*cos0, deg*rm
	for i, p := range pts {
		e[i] = (p.Lon - lon0) * ke
		n[i] = (p.Lat - lat0) * kn
		u[i] = p.HMSL
	}
}

// removeSpikes drops isolated points far off the line joining their neighbours.
// It repeats until none is left, dropping at each pass only local maxima of the
// offset so that a spike's neighbours (pulled off by it) are not dropped with it.
// A point whose removal leaves its neighbours as far off is not a spike but a
// jump of the whole track (a step in the GPS solution): it is kept and reported.
func removeSpikes(pts []Point, gapLimit float64, iss []issue) ([]Point, []issue, []Warning) {
	var jw []Warning
	jumps := map[time.Time]bool{}
	spike := fmt.Sprintf("spike (off its neighbours by more than %.0f m, over %.0f g)", SpikeMinOffset, SpikeAccel/g0)
	e := make([]float64, len(pts))
	n := make([]float64, len(pts))
	u := make([]float64, len(pts))
	score := make([]float64, len(pts)) // offset / threshold; > 1 is a spike
	for pass := 0; pass < 20 && len(pts) >= 3; pass++ {
		e, n, u, score = e[:len(pts)], n[:len(pts)], u[:len(pts)], score[:len(pts)]
		screenXYZ(pts, e, n, u)
		clear(score)
		for i := 1; i+1 < len(pts); i++ {
			if !jumps[pts[i].T] {
				score[i] = offsetScore(pts, e, n, u, i-1, i, i+1, gapLimit)
			}
		}
		any := false
		for _, sc := range score {
			if sc > 1 {
				any = true
				break
			}
		}
		if !any {
			break
		}
		kept := make([]Point, 0, len(pts))
		dropped := false
		for i := range pts {
			if score[i] > 1 && score[i] >= score[max(i-1, 0)] && score[i] >= score[min(i+1, len(pts)-1)] {
				// Would the neighbours be fine without it?
				s1, s2 := 0.0, 0.0
				if i >= 2 {
					s1 = offsetScore(pts, e, n, u, i-2, i-1, i+1, gapLimit)
				}
				if i+2 < len(pts) {
					s2 = offsetScore(pts, e, n, u, i-1, i+1, i+2, gapLimit)
				}
				if s1 <= 1 && s2 <= 1 {
					iss = append(iss, issue{spike, pts[i].Line, len(kept), pts[i].T})
					dropped = true
					continue
				}
				jumps[pts[i].T] = true
				if !jumps[pts[i-1].T] { // one warning per step
					jw = append(jw, Warning{pts[i].Line, fmt.Sprintf("line %d%s: position jump of %.0f m in %.1f s (a step in the GPS solution, not a spike: kept)",
						pts[i].Line, timeSpan(pts[i].T, time.Time{}), math.Sqrt(sq(e[i+1]-e[i-1])+sq(n[i+1]-n[i-1])+sq(u[i+1]-u[i-1])), pts[i+1].T.Sub(pts[i-1].T).Seconds())})
				}
			}
			kept = append(kept, pts[i])
		}
		pts = kept
		if !dropped {
			break
		}
	}
	return pts, iss, jw
}

func sq(x float64) float64 { return x * x }

// offsetScore is the offset of point i from the line joining points a and c, as a
// fraction of the spike threshold (0 when the intervals cross a gap).
func offsetScore(pts []Point, e, n, u []float64, a, i, c int, gapLimit float64) float64 {
	ha := pts[i].T.Sub(pts[a].T).Seconds()
	hb := pts[c].T.Sub(pts[i].T).Seconds()
	if ha <= 0 || hb <= 0 || ha > gapLimit || hb > gapLimit {
		return 0
	}
	w := ha / (ha + hb)
	de := e[i] - (e[a] + w*(e[c]-e[a]))
	dn := n[i] - (n[a] + w*(n[c]-n[a]))
	du := u[i] - (u[a] + w*(u[c]-u[a]))
	r := math.Sqrt(de*de + dn*dn + du*du)
	acc := 2 * r / (ha * hb) // second derivative of the parabola through the three points
	minOff := SpikeMinOffset
	if v := pts[i].VAcc; v == v {
		minOff = max(minOff, 3*v)
	}
	if v := pts[i].HAcc; v == v {
		minOff = max(minOff, 3*v)
	}
	if acc > SpikeAccel && r > minOff {
		return min(acc/SpikeAccel, r/minOff)
	}
	return 0
}

// deriveVelocities fills the velocities flagged as derived by central differences
// on unequal intervals (exact for a parabola through three points); at the ends and
// beside gaps, by one-sided differences.
func deriveVelocities(pts []Point, gapLimit float64) {
	if len(pts) == 0 {
		return
	}
	e, n, u := localXYZ(pts)
	for i := range pts {
		p := &pts[i]
		if p.Flags&(FlagVelHDerived|FlagVelDDerived) == 0 {
			continue
		}
		var ve, vn, vu float64
		ha, hb := math.Inf(1), math.Inf(1)
		if i > 0 {
			ha = p.T.Sub(pts[i-1].T).Seconds()
		}
		if i+1 < len(pts) {
			hb = pts[i+1].T.Sub(p.T).Seconds()
		}
		okA, okB := ha <= gapLimit, hb <= gapLimit
		switch {
		case okA && okB:
			d := func(x []float64) float64 {
				return (ha*ha*x[i+1] - hb*hb*x[i-1] + (hb*hb-ha*ha)*x[i]) / (ha * hb * (ha + hb))
			}
			ve, vn, vu = d(e), d(n), d(u)
		case okB || (!okA && hb < ha && !math.IsInf(hb, 1)):
			ve, vn, vu = (e[i+1]-e[i])/hb, (n[i+1]-n[i])/hb, (u[i+1]-u[i])/hb
		case !math.IsInf(ha, 1):
			ve, vn, vu = (e[i]-e[i-1])/ha, (n[i]-n[i-1])/ha, (u[i]-u[i-1])/ha
		default: // a single point
			ve, vn, vu = 0, 0, 0
		}
		if p.Flags&FlagVelHDerived != 0 {
			p.VelE, p.VelN = ve, vn
		}
		if p.Flags&FlagVelDDerived != 0 {
			p.VelD = -vu
		}
	}
}

// outOfOrder marks the rows dropped for a time later than the rows after them
// (Analyze repeats them in its notes).
const outOfOrder = "time out of order"

// increasingRun marks the rows of the longest subsequence of pts in strictly
// increasing time (O(n log n), patience sorting), or returns nil when pts is in
// order already.
func increasingRun(pts []Point) []bool {
	sorted := true
	for i := 1; i < len(pts); i++ {
		if !pts[i].T.After(pts[i-1].T) {
			sorted = false
			break
		}
	}
	if sorted {
		return nil
	}
	tails := make([]int, 0, 64) // tails[k]: the row ending the best run of length k+1
	prev := make([]int, len(pts))
	for i, p := range pts {
		k := sort.Search(len(tails), func(k int) bool { return !pts[tails[k]].T.Before(p.T) })
		prev[i] = -1
		if k > 0 {
			prev[i] = tails[k-1]
		}
		if k == len(tails) {
			tails = append(tails, i)
		} else {
			tails[k] = i
		}
	}
	in := make([]bool, len(pts))
	for i := tails[len(tails)-1]; i >= 0; i = prev[i] {
		in[i] = true
	}
	return in
}
