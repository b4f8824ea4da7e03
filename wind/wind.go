// Package wind is a wind profile: the wind vector (and, where reported, the air
// temperature) at any altitude, built from reports at discrete levels.
//
// Between reports the profile interpolates the east and north components linearly in
// altitude, never the compass direction: interpolating 350° and 10° as numbers gives
// 180°, a wind from the opposite side. Components also make light winds behave (a
// veering light wind passes through calm, as the real vector does). Above the highest
// report the top wind holds; below the lowest, the lowest holds.
//
// Conventions: altitudes are geometric metres MSL; a report's direction is where the
// wind blows FROM, degrees true; U and V are the east and north components of the
// air's velocity (where it blows TO), m/s.
package wind

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"time"
)

// Layer is one reported level.
type Layer struct {
	Alt     float64 // geometric altitude, m MSL
	FromDeg float64 // direction the wind blows from, degrees true, [0, 360)
	Speed   float64 // m/s, >= 0
	// Temp is the air temperature in kelvin; NaN where the report has none.
	Temp float64
	// Variable marks a light-and-variable report (FB "9900"): speed below 5 kt,
	// direction meaningless; it is used as calm.
	Variable bool
}

// UV returns the east and north components (m/s) of the air's velocity for a layer.
func (l Layer) UV() (u, v float64) {
	r := l.FromDeg * math.Pi / 180
	return -l.Speed * math.Sin(r), -l.Speed * math.Cos(r)
}

// FromUV converts east/north components of the air's velocity to the direction the
// wind blows from (degrees true, [0,360)) and its speed (m/s).
func FromUV(u, v float64) (fromDeg, speed float64) {
	speed = math.Hypot(u, v)
	if speed == 0 {
		return 0, 0
	}
	d := math.Atan2(-u, -v) * 180 / math.Pi
	if d < 0 {
		d += 360
	}
	if d >= 360 { // -1e-19° + 360 rounds to 360
		d = 0
	}
	return d, speed
}

// Profile is a wind profile with its provenance. Build it with NewProfile; it is
// read-only afterwards and safe to share between goroutines.
type Profile struct {
	Source string // where it came from: file name, station, model ("inline", "FB DEN", ...)
	// Issued is when the report was issued; zero when unknown.
	Issued time.Time
	// ValidFrom and ValidTo bound the time the forecast is for; zero when unknown.
	ValidFrom, ValidTo time.Time
	// Notes lists assumptions made while reading (e.g. which month an FB bulletin is in).
	Notes []string

	layers []Layer
	alt    []float64 // sorted
	inv    []float64 // 1/(alt[i+1]-alt[i]), so the hot path multiplies
	uvSet  bool      // u, v were set by SetUV: layers' directions and speeds are stale
	u, v   []float64
	temp   []float64 // NaN where absent
}

// ErrEmpty is returned for a profile with no layers.
var ErrEmpty = errors.New("wind profile has no layers")

// NewProfile validates and sorts the layers. Two layers at the same altitude, a
// negative or non-finite speed, or a direction outside 0..360 are errors.
func NewProfile(source string, layers []Layer) (*Profile, error) {
	if len(layers) == 0 {
		return nil, ErrEmpty
	}
	ls := append([]Layer(nil), layers...)
	sort.SliceStable(ls, func(i, j int) bool { return ls[i].Alt < ls[j].Alt })
	p := &Profile{Source: source, layers: ls}
	for i, l := range ls {
		switch {
		case math.IsNaN(l.Alt) || math.IsInf(l.Alt, 0) || l.Alt < -500 || l.Alt > 86000:
			return nil, fmt.Errorf("layer %d: altitude %v m is outside -500 m..86 km", i, l.Alt)
		case !(l.Speed >= 0) || l.Speed > 150:
			return nil, fmt.Errorf("layer at %.0f m: speed %v m/s is outside 0..150 m/s (0..290 kt)", l.Alt, l.Speed)
		case !(l.FromDeg >= 0 && l.FromDeg <= 360):
			return nil, fmt.Errorf("layer at %.0f m: direction %v° is outside 0..360°", l.Alt, l.FromDeg)
		case !math.IsNaN(l.Temp) && !(l.Temp >= 150 && l.Temp <= 350): // the mission decoder's bounds
			return nil, fmt.Errorf("layer at %.0f m: temperature %.1f K is outside -123..77 °C", l.Alt, l.Temp)
		}
		if i > 0 && l.Alt == ls[i-1].Alt {
			return nil, fmt.Errorf("two layers at %.0f m", l.Alt)
		}
		u, v := l.UV()
		if l.Variable {
			u, v = 0, 0
		}
		p.alt = append(p.alt, l.Alt)
		p.u = append(p.u, u)
		p.v = append(p.v, v)
		p.temp = append(p.temp, l.Temp)
	}
	p.inv = make([]float64, len(p.alt))
	for i := 0; i+1 < len(p.alt); i++ {
		p.inv[i] = 1 / (p.alt[i+1] - p.alt[i])
	}
	return p, nil
}

// Layers returns a copy of the reported layers, sorted by altitude.
func (p *Profile) Layers() []Layer {
	out := append([]Layer(nil), p.layers...)
	if p.uvSet {
		for i := range out {
			out[i].FromDeg, out[i].Speed = FromUV(p.u[i], p.v[i])
			out[i].Variable = false
		}
	}
	return out
}

// Scratch returns a copy of the profile with its own wind storage, for SetUV: a
// Monte Carlo worker keeps one and refills it for every run.
func (p *Profile) Scratch() *Profile {
	q := *p
	q.u = append([]float64(nil), p.u...)
	q.v = append([]float64(nil), p.v...)
	return &q
}

// SetUV overwrites the wind vectors (east, north, m/s) at the profile's reported
// altitudes, keeping the altitudes, temperatures and provenance, without
// allocating. Only for a profile from Scratch that no other goroutine reads.
// Non-finite values and speeds above 150 m/s are errors.
func (p *Profile) SetUV(u, v []float64) error {
	if len(u) != len(p.u) || len(v) != len(p.v) {
		return fmt.Errorf("SetUV: %d and %d values for %d layers", len(u), len(v), len(p.u))
	}
	for i := range u {
		if sp := math.Hypot(u[i], v[i]); !(sp <= 150) {
			return fmt.Errorf("layer at %.0f m: speed %v m/s is outside 0..150 m/s", p.alt[i], sp)
		}
	}
	copy(p.u, u)
	copy(p.v, v)
	p.uvSet = true
	return nil
}

// Calm reports whether every layer is calm or variable (a profile that is "no wind").
func (p *Profile) Calm() bool {
	for i := range p.u {
		if p.u[i] != 0 || p.v[i] != 0 {
			return false
		}
	}
	return true
}

// Top and Bottom are the highest and lowest reported altitudes, m MSL.
func (p *Profile) Top() float64    { return p.alt[len(p.alt)-1] }
func (p *Profile) Bottom() float64 { return p.alt[0] }

// MaxExtrapolation is how far (m) halo holds a wind beyond the reports at either
// end of a profile before the plan is NO-GO: 3,000 ft (914.4 m), the spacing of
// the low FB winds-aloft levels (3,000, 6,000, 9,000, 12,000 ft) [AC00-45], so no
// more than one forecast level is missing. Any extrapolation at all is a caution
// (halo's rule [halo-winds-coverage]).
const MaxExtrapolation = 914.4

// MaxSurfaceReportAGL is the highest a profile's lowest report may be above the
// ground (m) and still give the surface wind: 500 ft (152.4 m). Surface winds are
// observed 10 m above the ground [WMO-8]; a report higher up is a wind aloft, not
// a surface wind (halo's tolerance [halo-winds-coverage]).
const MaxSurfaceReportAGL = 152.4

// Gaps returns how far the profile must be extrapolated to cover the altitudes lo
// to hi (m MSL, lo <= hi): below is how far lo lies under the lowest report and
// above how far hi lies over the highest, m (0 where the reports cover it). At
// holds the nearest report's wind across a gap.
func (p *Profile) Gaps(lo, hi float64) (below, above float64) {
	return math.Max(0, p.Bottom()-lo), math.Max(0, hi-p.Top())
}

// At returns the air's east and north velocity (m/s) at altitude z (m MSL).
func (p *Profile) At(z float64) (u, v float64) {
	c := 0
	return p.AtCursor(z, &c)
}

// AtCursor is At with a cursor that remembers the last layer, so that a simulation
// moving steadily in altitude finds its layer in O(1). Each goroutine keeps its own
// cursor (start it at 0).
func (p *Profile) AtCursor(z float64, c *int) (u, v float64) {
	n := len(p.alt)
	if n == 1 || z <= p.alt[0] {
		return p.u[0], p.v[0]
	}
	if z >= p.alt[n-1] {
		return p.u[n-1], p.v[n-1]
	}
	i := p.find(z, c)
	f := (z - p.alt[i]) * p.inv[i]
	return p.u[i] + f*(p.u[i+1]-p.u[i]), p.v[i] + f*(p.v[i+1]-p.v[i])
}

// find returns the layer i (0 <= i < n-1) with alt[i] <= z < alt[i+1], z
// strictly inside the reports, starting from the cursor c and leaving it there.
func (p *Profile) find(z float64, c *int) int {
	n := len(p.alt)
	i := *c
	if i < 0 || i >= n-1 {
		i = 0
	}
	for i > 0 && z < p.alt[i] {
		i--
	}
	for i < n-2 && z >= p.alt[i+1] {
		i++
	}
	*c = i
	return i
}

// Piece is the straight piece of a profile around an altitude: for Lo <= z < Hi
// (m MSL) the wind is At(z), the same arithmetic as Profile.AtCursor, so a caller
// that stays inside one piece (a simulator's evaluations between two reported
// layers) skips the layer search. Below the lowest and above the highest report the
// piece is the held wind (Inv 0).
type Piece struct {
	Lo, Hi  float64 // the altitudes the piece covers, m MSL (Lo may be -Inf, Hi +Inf)
	Z0, Inv float64 // its lower layer's altitude, m, and 1/(the layer spacing), 1/m
	U, V    float64 // the wind at Z0, m/s
	DU, DV  float64 // the change of the wind to the upper layer, m/s
}

// At is the wind (east, north, m/s) at z, which the caller keeps in [Lo, Hi).
func (q *Piece) At(z float64) (u, v float64) {
	f := (z - q.Z0) * q.Inv
	return q.U + f*q.DU, q.V + f*q.DV
}

// PieceAt returns the piece that holds z, with the cursor c as in AtCursor.
func (p *Profile) PieceAt(z float64, c *int) Piece {
	n := len(p.alt)
	switch {
	case n == 1:
		return Piece{Lo: math.Inf(-1), Hi: math.Inf(1), Z0: p.alt[0], U: p.u[0], V: p.v[0]}
	case z < p.alt[0]:
		return Piece{Lo: math.Inf(-1), Hi: p.alt[0], Z0: p.alt[0], U: p.u[0], V: p.v[0]}
	case z >= p.alt[n-1]:
		return Piece{Lo: p.alt[n-1], Hi: math.Inf(1), Z0: p.alt[n-1], U: p.u[n-1], V: p.v[n-1]}
	case !(z >= p.alt[0]): // NaN: an empty piece, so the next call searches again
		return Piece{Lo: math.Inf(1), Hi: math.Inf(-1), U: math.NaN(), V: math.NaN()}
	}
	i := p.find(z, c)
	return Piece{Lo: p.alt[i], Hi: p.alt[i+1], Z0: p.alt[i], Inv: p.inv[i],
		U: p.u[i], V: p.v[i], DU: p.u[i+1] - p.u[i], DV: p.v[i+1] - p.v[i]}
}

// Temp returns the reported temperature (K) at z interpolated between the nearest
// reports that have one, and false where no report above and below has it (callers
// then use the atmosphere).
func (p *Profile) Temp(z float64) (float64, bool) {
	lo, hi := -1, -1
	for i, a := range p.alt {
		if math.IsNaN(p.temp[i]) {
			continue
		}
		if a <= z {
			lo = i
		}
		if a >= z && hi < 0 {
			hi = i
		}
	}
	switch {
	case lo >= 0 && hi >= 0 && lo != hi:
		f := (z - p.alt[lo]) / (p.alt[hi] - p.alt[lo])
		return p.temp[lo] + f*(p.temp[hi]-p.temp[lo]), true
	case lo >= 0 && p.alt[lo] == z:
		return p.temp[lo], true
	}
	return math.NaN(), false
}

// Scaled returns a copy whose wind vectors are multiplied by k and rotated by rotDeg
// (clockwise, so the "from" direction increases). Used to test sensitivity.
func (p *Profile) Scaled(k, rotDeg float64) *Profile {
	q := *p
	q.layers = p.Layers()
	for i := range q.layers {
		q.layers[i].Speed *= k
		d := math.Mod(q.layers[i].FromDeg+rotDeg, 360)
		if d < 0 {
			d += 360 // any rotation, also below -360°, gives a direction in [0, 360)
		}
		if d >= 360 {
			d = 0
		}
		q.layers[i].FromDeg = d
	}
	q.u, q.v = make([]float64, len(p.u)), make([]float64, len(p.v))
	s, c := math.Sincos(rotDeg * math.Pi / 180)
	for i := range p.u {
		// rotating the "from" direction clockwise rotates the vector clockwise too
		q.u[i] = k * (p.u[i]*c + p.v[i]*s)
		q.v[i] = k * (-p.u[i]*s + p.v[i]*c)
	}
	return &q
}

// Age is how old the report is at time t: t minus Issued (or ValidFrom when Issued is
// unknown); false when neither is known.
func (p *Profile) Age(t time.Time) (time.Duration, bool) {
	ref := p.Issued
	if ref.IsZero() {
		ref = p.ValidFrom
	}
	if ref.IsZero() {
		return 0, false
	}
	return t.Sub(ref), true
}

// Mean returns the vector mean (east, north, m/s) of the wind sampled every step
// metres from lo to hi (m MSL, either order), as a jumpmaster averages reported
// levels. A nil profile is calm.
func (p *Profile) Mean(lo, hi, step float64) (u, v float64) {
	if p == nil {
		return 0, 0
	}
	if hi < lo {
		lo, hi = hi, lo
	}
	if !(step > 0) {
		return p.At(lo)
	}
	n := 0
	for z := lo; z <= hi+1e-6; z += step {
		a, b := p.At(z)
		u += a
		v += b
		n++
	}
	return u / float64(n), v / float64(n)
}

// Disagreement is where two wind profiles differ at one altitude.
type Disagreement struct {
	Alt      float64 `json:"alt_m"`
	FromA    float64 `json:"from_a_deg"`
	SpeedA   float64 `json:"speed_a_mps"`
	FromB    float64 `json:"from_b_deg"`
	SpeedB   float64 `json:"speed_b_mps"`
	DirDiff  float64 `json:"direction_diff_deg"` // smallest angle between the directions
	SpdDiff  float64 `json:"speed_diff_mps"`     // b - a
	Disagree bool    `json:"disagree"`
}

// DisagreeDirDeg and DisagreeSpeed are the rule halo flags two wind sources by
// (Compare): more than 15° in direction or 5 kt (2.572 m/s) in speed, the
// thresholds the tools jumpers use flag.
const (
	DisagreeDirDeg = 15.0
	DisagreeSpeed  = 5 * 1852.0 / 3600
)

// Compare samples two profiles every step metres from lo to hi (m MSL) and marks
// the altitudes where they disagree by more than maxDir degrees in direction (only
// where either wind is above 2.5 m/s, about 5 kt, when direction means something) or
// more than maxSpeed m/s in speed; the tools jumpers use flag about 15° or 5 kt.
func Compare(a, b *Profile, lo, hi, step, maxDir, maxSpeed float64) []Disagreement {
	var out []Disagreement
	if !(step > 0) || hi < lo {
		return nil
	}
	for z := lo; z <= hi+1e-6; z += step {
		fa, sa := FromUV(a.At(z))
		fb, sb := FromUV(b.At(z))
		dd := math.Abs(math.Mod(fa-fb+540, 360) - 180)
		d := Disagreement{Alt: z, FromA: fa, SpeedA: sa, FromB: fb, SpeedB: sb, DirDiff: dd, SpdDiff: sb - sa}
		d.Disagree = math.Abs(sb-sa) > maxSpeed || (math.Max(sa, sb) > 2.5 && dd > maxDir)
		out = append(out, d)
	}
	return out
}
