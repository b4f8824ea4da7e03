package track

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"halo/atmos"
	"halo/geo"
)

// Physical plausibility of a track [halo-plausible]: no skydiver, and no aircraft
// a skydiver jumps from, moves faster over the ground than MaxPlausibleSpeed at
// its altitude or changes velocity faster than MaxPlausibleAccel. Rows that would
// need either (a corrupted digit, a zeroed field, a row from another file) are
// dropped; a track with more than MaxImplausibleFraction of such rows is refused.
const (
	// PlausibleSpeedSea (m/s): the speed bound at sea level, 720 km/h. It is a
	// third above the fastest free fall in testdata (132.1 m/s velD, a speed
	// skydive, ssscoring-01-00-00-TRACK.CSV) and above the speed-skydiving record
	// class (about 530-600 km/h = 147-167 m/s), and far above any jump aircraft's
	// ground speed at low altitude. It grows as 1/√ρ with altitude (the
	// terminal speed of a body of fixed drag area), USSA-76 density [USSA76].
	PlausibleSpeedSea = 200.0
	// PlausibleSpeedCeiling (m/s): no jumper has fallen faster than Baumgartner's
	// 377.1 m/s (Mach 1.25 near 28 km, Red Bull Stratos, 2012) [RB-F]; the bound
	// stops a little above it.
	PlausibleSpeedCeiling = 400.0
	// MaxPlausibleAccel (m/s²): 10 g between two fixes' recorded velocities.
	// Free fall accelerates at 1 g; the largest change between consecutive
	// Doppler velocities in the real tracks of testdata, openings and noise
	// included, is 4.3 g (ssscoring-01-00-00-TRACK.CSV at 10 Hz; measured by
	// TestPlausibilityRealTracks). A change of 10 g plus the noise allowance is a
	// corrupted velocity, not a jump.
	MaxPlausibleAccel = 10 * g0
	// MaxImplausibleFraction: a track in which more than this fraction of the
	// rows is physically impossible is refused as corrupt rather than cleaned.
	MaxImplausibleFraction = 0.2
	// plausibleTolPos (m) and plausibleTolVel (m/s): the noise allowance added to
	// the bounds (or 3 × the receiver's accuracy estimates when larger), so that GPS
	// noise at 5-25 Hz never counts as an impossible speed or acceleration.
	plausibleTolPos = 20.0
	plausibleTolVel = 5.0
	// plausibleWindow: a row is linked to the nearest of the plausibleWindow rows
	// before it that it is consistent with, so up to plausibleWindow-1 bad rows in a
	// row are skipped.
	plausibleWindow = 16
)

// rhoSea is the USSA-76 density at sea level, kg/m³ [USSA76].
const rhoSea = 1.225

// MaxPlausibleSpeed returns the highest speed over the ground (m/s) a skydiver
// or jump aircraft can have at altitude z (m MSL): PlausibleSpeedSea·√(ρ0/ρ(z))
// in the USSA-76 atmosphere [USSA76], at most PlausibleSpeedCeiling [RB-F].
// Below −500 m it is the bound at −500 m; NaN gives the bound at −500 m too.
func MaxPlausibleSpeed(z float64) float64 {
	if !(z >= atmos.MinAlt) { // NaN too
		z = atmos.MinAlt
	}
	x := (z - atmos.MinAlt) / vmaxStep
	if x >= float64(len(vmaxTable)-1) {
		return PlausibleSpeedCeiling
	}
	i := int(x)
	f := x - float64(i)
	return vmaxTable[i] + f*(vmaxTable[i+1]-vmaxTable[i])
}

// vmaxTable holds the bound every vmaxStep metres from atmos.MinAlt up to where
// it reaches the ceiling (read-only after package initialisation; interpolated
// linearly, good to 0.01 %).
const vmaxStep = 50.0

var vmaxTable = func() []float64 {
	var t []float64
	for z := atmos.MinAlt; ; z += vmaxStep {
		s, err := atmos.Standard(z)
		v := PlausibleSpeedCeiling
		if err == nil && s.Rho > 0 {
			v = min(v, PlausibleSpeedSea*math.Sqrt(rhoSea/s.Rho))
		}
		t = append(t, v)
		if v >= PlausibleSpeedCeiling {
			return t
		}
	}
}()

// recordedSpeed returns the speed (m/s) of the components the logger recorded
// (not derived), and whether it recorded any.
func recordedSpeed(p Point) (float64, bool) {
	s, any := 0.0, false
	if p.Flags&FlagVelHDerived == 0 {
		s += p.VelN*p.VelN + p.VelE*p.VelE
		any = true
	}
	if p.Flags&FlagVelDDerived == 0 {
		s += p.VelD * p.VelD
		any = true
	}
	return math.Sqrt(s), any
}

func tolPos(p Point) float64 {
	t := plausibleTolPos
	if p.HAcc == p.HAcc {
		t = max(t, 3*p.HAcc)
	}
	if p.VAcc == p.VAcc {
		t = max(t, 3*p.VAcc)
	}
	return t
}

func tolVel(p Point) float64 {
	t := plausibleTolVel
	if p.SAcc == p.SAcc {
		t = max(t, 3*p.SAcc)
	}
	return t
}

// pairDistance is the straight-line distance (m) between two fixes: east and
// north on a sphere of the WGS84 equatorial radius at their mean latitude (good
// to 0.5 %), and the altitude difference.
func pairDistance(a, b Point, cosA, cosB float64) float64 {
	dlon := b.Lon - a.Lon
	if dlon > 180 {
		dlon -= 360
	} else if dlon < -180 {
		dlon += 360
	}
	de := dlon * deg * geo.A * (cosA + cosB) / 2
	dn := (b.Lat - a.Lat) * deg * geo.A
	du := b.HMSL - a.HMSL
	return math.Sqrt(de*de + dn*dn + du*du)
}

// impossible marks the warnings of removeImplausible (Analyze repeats them in
// its notes).
const impossible = "physically impossible"

// why a row is impossible
const (
	implSpeed = iota // its recorded speed, or the speed to reach it, is impossible
	implAccel        // the change of recorded velocity to reach it is impossible
)

// plausibleLink reports whether a jumper can be at fix j and then at fix i (later),
// and if not, why.
// cos and vmax are each fix's cos(latitude) and MaxPlausibleSpeed.
func plausibleLink(pts []Point, cos, vmaxs []float64, j, i int) (bool, int) {
	a, b := pts[j], pts[i]
	dt := b.T.Sub(a.T).Seconds()
	if !(dt > 0) {
		return false, implSpeed
	}
	vmax := max(vmaxs[j], vmaxs[i]) // the bound at the higher of the two
	if pairDistance(a, b, cos[j], cos[i]) > vmax*dt+max(tolPos(a), tolPos(b)) {
		return false, implSpeed
	}
	var dv2 float64
	if a.Flags&FlagVelHDerived == 0 && b.Flags&FlagVelHDerived == 0 {
		dv2 += sq(b.VelN-a.VelN) + sq(b.VelE-a.VelE)
	}
	if a.Flags&FlagVelDDerived == 0 && b.Flags&FlagVelDDerived == 0 {
		dv2 += sq(b.VelD - a.VelD)
	}
	if math.Sqrt(dv2) > MaxPlausibleAccel*dt+max(tolVel(a), tolVel(b)) {
		return false, implAccel
	}
	return true, 0
}

// removeImplausible keeps the longest chain of fixes in which each is reachable
// from the one before it (plausibleLink) and each recorded speed is possible at
// its altitude; it drops the rest. It returns the kept points, a warning per kind
// naming the rows dropped, and an error when more than MaxImplausibleFraction of
// the rows had to go.
func removeImplausible(pts []Point) ([]Point, []Warning, error) {
	n := len(pts)
	if n == 0 {
		return pts, nil, nil
	}
	cos := make([]float64, n)
	vmax := make([]float64, n)
	ok := make([]bool, n) // the row's own recorded speed is possible
	for i, p := range pts {
		cos[i] = math.Cos(p.Lat * deg)
		vmax[i] = MaxPlausibleSpeed(p.HMSL)
		s, rec := recordedSpeed(p)
		ok[i] = !rec || s <= vmax[i]+tolVel(p)
	}
	// best[i]: length of the longest plausible chain ending at i; prev[i] its
	// predecessor (-1: the chain starts at i).
	best := make([]int32, n)
	prev := make([]int32, n)
	end := -1
	for i := range pts {
		prev[i] = -1
		if !ok[i] {
			continue
		}
		best[i] = 1
		for j := i - 1; j >= 0 && j >= i-plausibleWindow; j-- {
			if !ok[j] || best[j]+1 <= best[i] {
				continue
			}
			if good, _ := plausibleLink(pts, cos, vmax, j, i); good {
				best[i], prev[i] = best[j]+1, int32(j)
			}
		}
		if end < 0 || best[i] > best[end] {
			end = i
		}
	}
	keep := make([]bool, n)
	for i := end; i >= 0; i = int(prev[i]) {
		keep[i] = true
	}
	// Classify the dropped rows against the nearest kept row before them (after
	// them at the start of the track).
	var lines [2][]Point
	var worst [2]float64
	var worstAlt float64 // altitude of the worst speed
	first := -1          // the first row kept
	for i := range pts {
		if keep[i] {
			first = i
			break
		}
	}
	lastKept := -1
	for i := range pts {
		if keep[i] {
			lastKept = i
			continue
		}
		kind := implSpeed
		v, _ := recordedSpeed(pts[i])
		if a, b := lastKept, i; ok[i] && (a >= 0 || first >= 0) {
			if a < 0 {
				a, b = i, first
			}
			dt := pts[b].T.Sub(pts[a].T).Seconds()
			_, kind = plausibleLink(pts, cos, vmax, a, b)
			if kind == implSpeed {
				v = pairDistance(pts[a], pts[b], cos[a], cos[b]) / dt
			} else {
				v = math.Sqrt(sq(pts[b].VelN-pts[a].VelN)+sq(pts[b].VelE-pts[a].VelE)+sq(pts[b].VelD-pts[a].VelD)) / dt
			}
		}
		lines[kind] = append(lines[kind], pts[i])
		if v == v {
			if v > worst[kind] {
				worst[kind] = v
				if kind == implSpeed {
					worstAlt = pts[i].HMSL
				}
			}
		}
	}
	dropped := len(lines[0]) + len(lines[1])
	if dropped == 0 {
		return pts, nil, nil
	}
	var ws []Warning
	what := [2]string{
		fmt.Sprintf("physically impossible speed (up to %.0f m/s at %.0f m, where the bound is %.0f m/s [halo-plausible])", worst[implSpeed], worstAlt, MaxPlausibleSpeed(worstAlt)),
		fmt.Sprintf("physically impossible acceleration (up to %.0f g between fixes; the bound is %.0f g [halo-plausible])", worst[implAccel]/g0, MaxPlausibleAccel/g0),
	}
	for k, ls := range lines {
		if len(ls) > 0 {
			ws = append(ws, Warning{ls[0].Line, fmt.Sprintf("%s: %s dropped: %s", rowList(ls), rows(len(ls)), what[k])})
		}
	}
	if float64(dropped) > MaxImplausibleFraction*float64(n) {
		msg := make([]string, len(ws))
		for i, w := range ws {
			msg[i] = w.Msg
		}
		return nil, ws, fmt.Errorf("%d of %d rows (%.0f %%) are physically impossible, more than the %.0f %% halo cleans: the file is corrupt (%s); export the track again from the device",
			dropped, n, 100*float64(dropped)/float64(n), 100*MaxImplausibleFraction, strings.Join(msg, "; "))
	}
	kept := pts[:0]
	for i, p := range pts {
		if keep[i] {
			kept = append(kept, p)
		}
	}
	return kept, ws, nil
}

func rows(n int) string {
	if n == 1 {
		return "1 row"
	}
	return strconv.Itoa(n) + " rows"
}

// rowList names rows by line, "line 7", "lines 7, 9, 11" or "lines 7, 9, …, 91",
// with their times (UTC) when several share a line (a GPX on one line): at most
// 10 rows.
func rowList(ps []Point) string {
	shared := false
	for i := 1; i < len(ps); i++ {
		if ps[i].Line == ps[i-1].Line {
			shared = true
			break
		}
	}
	name := func(p Point) string {
		if shared {
			return strconv.Itoa(p.Line) + " (" + p.T.Format("15:04:05.00") + " UTC)"
		}
		return strconv.Itoa(p.Line)
	}
	if len(ps) == 1 {
		return "line " + name(ps[0])
	}
	var b strings.Builder
	b.WriteString("lines ")
	for i, p := range ps {
		if i == 9 && len(ps) > 10 {
			b.WriteString(", …, " + name(ps[len(ps)-1]))
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(name(p))
	}
	return b.String()
}
