// Package atmos is the US Standard Atmosphere 1976 (USSA-76) from -0.5 km to 86 km
// geometric altitude, and the same atmosphere corrected by a measured sounding or a
// temperature offset, as a fast lookup table for the simulator.
//
// Source: U.S. Standard Atmosphere, 1976, NOAA-S/T 76-1562 (NASA-TM-X-74335),
// constants and layers [USSA76] (docs/sources.md).
// Altitudes are geometric metres above mean sea level unless a name says otherwise.
package atmos

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"sync"
)

// USSA-76 constants [USSA76].
const (
	RStar  = 8314.32         // universal gas constant, J/(kmol·K)
	M0     = 28.9644         // sea-level mean molar mass, kg/kmol
	R      = RStar / M0      // specific gas constant of air, J/(kg·K) (287.053)
	G0     = 9.80665         // standard gravity, m/s²
	R0     = 6356766.0       // effective Earth radius for geopotential, m
	Gamma  = 1.40            // ratio of specific heats
	Beta   = 1.458e-6        // Sutherland constant, kg/(s·m·K^½)
	S      = 110.4           // Sutherland temperature, K
	P0     = 101325.0        // sea-level pressure, Pa
	T0     = 288.15          // sea-level temperature, K
	MinAlt = -500.0          // lowest geometric altitude of the model, m
	MaxAlt = 86000.0         // highest geometric altitude of the model, m
	gmr    = G0 * M0 / RStar // hydrostatic constant, K/m (0.0341632)
)

// layer is one USSA-76 geopotential layer: base geopotential height (m'), lapse (K/m'),
// base molecular-scale temperature (K) and base pressure (Pa, derived at init from P0).
type layer struct{ hb, lb, tb, pb float64 }

// layers holds H_b, L_b, T_b of the standard's Table 4 [USSA76]; pb is filled by basePressures.
var layers = basePressures([]layer{
	{0, -0.0065, 288.15, 0},
	{11000, 0, 216.65, 0},
	{20000, 0.0010, 216.65, 0},
	{32000, 0.0028, 228.65, 0},
	{47000, 0, 270.65, 0},
	{51000, -0.0028, 270.65, 0},
	{71000, -0.0020, 214.65, 0},
	{84852, 0, 186.946, 0},
})

func basePressures(ls []layer) []layer {
	ls[0].pb = P0
	for i := 1; i < len(ls); i++ {
		ls[i].pb = layerPressure(ls[i-1], ls[i].hb)
	}
	return ls
}

func layerPressure(l layer, h float64) float64 {
	if l.lb == 0 {
		return l.pb * math.Exp(-gmr*(h-l.hb)/l.tb)
	}
	return l.pb * math.Pow(l.tb/(l.tb+l.lb*(h-l.hb)), gmr/l.lb)
}

// mRatio is M/M0 from 80 to 86 km every 0.5 km (Table 8 of the standard [USSA76]).
var mRatio = []float64{1.000000, 0.999996, 0.999989, 0.999971, 0.999941, 0.999909, 0.999870,
	0.999829, 0.999786, 0.999741, 0.999694, 0.999641, 0.999579}

// Geopotential converts geometric altitude z (m) to geopotential height H (m').
func Geopotential(z float64) float64 { return R0 * z / (R0 + z) }

// Geometric converts geopotential height H (m') to geometric altitude z (m).
func Geometric(h float64) float64 { return R0 * h / (R0 - h) }

// Gravity is the acceleration of gravity at geometric altitude z (m), g0·(r0/(r0+z))², m/s².
func Gravity(z float64) float64 { q := R0 / (R0 + z); return G0 * q * q }

// State is the air at one altitude.
type State struct {
	T   float64 // kinetic temperature, K
	P   float64 // pressure, Pa
	Rho float64 // density, kg/m³
	A   float64 // speed of sound, m/s
	Mu  float64 // dynamic viscosity, Pa·s
}

// ErrRange is wrapped when an altitude is outside -0.5..86 km.
var ErrRange = errors.New("altitude outside the 1976 standard's -500 m .. 86 km")

// Standard returns the USSA-76 state at geometric altitude z (m), valid -500 m..86 km.
// The speed of sound and density use the molecular-scale temperature (exact at all
// altitudes); T is the kinetic temperature (T_M·M/M0 above 80 km).
func Standard(z float64) (State, error) {
	if !(z >= MinAlt && z <= MaxAlt) {
		return State{}, fmt.Errorf("%.1f m: %w", z, ErrRange)
	}
	return standard(z), nil
}

func standard(z float64) State {
	h := Geopotential(z)
	i := len(layers) - 1
	for i > 0 && h < layers[i].hb {
		i--
	}
	l := layers[i]
	tm := l.tb + l.lb*(h-l.hb)
	p := layerPressure(l, h)
	t := tm
	if z > 80000 {
		t = tm * mRatioAt(z)
	}
	return State{
		T:   t,
		P:   p,
		Rho: p / (R * tm),
		A:   math.Sqrt(Gamma * R * tm),
		Mu:  Beta * math.Pow(t, 1.5) / (t + S),
	}
}

func mRatioAt(z float64) float64 {
	x := (z - 80000) / 500
	i := int(x)
	if i >= len(mRatio)-1 {
		return mRatio[len(mRatio)-1]
	}
	f := x - float64(i)
	return mRatio[i]*(1-f) + mRatio[i+1]*f
}

// Level is one measured level of a sounding: geometric altitude (m MSL), temperature
// (K) and pressure (Pa). Pressure may be 0 when unknown; it is then integrated
// hydrostatically from the levels below.
type Level struct {
	Alt, T, P float64
}

// Model is an atmosphere: the standard, shifted by a temperature offset, or blended
// with a sounding. Build it with New; the zero value is not usable.
// A Model is read-only after New, so many goroutines may share it.
type Model struct {
	name   string
	offset float64 // K
	top    float64 // top of the sounding, m (0 if none)
	// table on a uniform grid from MinAlt, step tableStep
	t, p, rho, a []float64
	// hot holds per table row density, speed of sound and gravity and their
	// changes to the next row, so the simulator's lookup touches one place in
	// memory and is small enough for the compiler to inline (see Hot)
	hot  []hotRow
	xTop float64 // the last row's index, where Hot clamps
	// sigma is sqrt(RhoSL/ρ) per table row (see Sigma)
	sigma []float64
}

// Offset returns the model with its temperature shifted by dT (K, |dT| < 100)
// at every altitude, the pressure at ground (m) held (the altimeter setting is
// known) and integrated hydrostatically from there, so a warmer atmosphere is
// thinner near the ground and denser high up, as in the air. The temperature is
// kept inside the 151..349 K that New accepts (which only binds above 80 km). It
// works on the model's own 10 m table (no level interpolation), so it costs a
// few hundred microseconds; the Monte Carlo keeps its copies (montecarlo.Strata).
func (m *Model) Offset(ground, dT float64) (*Model, error) {
	// the base's own 10 m table shifted, then the pressure integrated from the
	// ground's (no level interpolation: a few times faster than New with levels)
	if !(dT > -100 && dT < 100) {
		return nil, fmt.Errorf("atmosphere %+.2f K: the offset is not a plausible temperature error", dT)
	}
	o := &Model{name: fmt.Sprintf("%s %+.2f K", m.name, dT), top: m.top}
	n := len(m.t)
	o.t, o.p, o.rho, o.a = make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for i, t := range m.t {
		o.t[i] = math.Max(151, math.Min(349, t+dT))
	}
	o.integrate(ground, m.At(ground).P)
	o.finish()
	return o, nil
}

const tableStep = 10.0 // m

// BlendDepth is the depth above a sounding's top over which its temperature
// deviation from the standard fades to zero, m.
const BlendDepth = 5000.0

// Option configures New.
type Option func(*Model) error

// WithOffset shifts the standard temperature by dT kelvin at every altitude
// (ISA+dT); pressure is then integrated hydrostatically from P0 at sea level.
func WithOffset(dT float64) Option {
	return func(m *Model) error {
		if math.IsNaN(dT) || math.Abs(dT) > 60 {
			return fmt.Errorf("temperature offset %.1f K is outside ±60 K", dT)
		}
		m.offset = dT
		return nil
	}
}

// New builds the atmosphere lookup table. levels (optional) is a sounding: where it has
// data its temperature and pressure replace the standard's; above its top, the
// temperature deviation fades out over BlendDepth and pressure follows hydrostatically.
// A sounding and a non-zero WithOffset together are an error.
func New(levels []Level, opts ...Option) (*Model, error) {
	m := &Model{name: "USSA-1976"}
	for _, o := range opts {
		if err := o(m); err != nil {
			return nil, err
		}
	}
	n := int((MaxAlt-MinAlt)/tableStep) + 1
	m.t, m.p, m.rho, m.a = make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	if len(levels) == 0 {
		st, sp := standardTable()
		copy(m.p, sp)
		for i := range m.t {
			m.t[i] = st[i] + m.offset
		}
		if m.offset != 0 {
			m.name = fmt.Sprintf("USSA-1976 %+.1f K", m.offset)
			m.integrate(0, P0)
		}
		m.finish()
		return m, nil
	}
	if m.offset != 0 {
		// the sounding measures the temperature; an offset on top would be silently lost
		return nil, fmt.Errorf("a temperature offset (%+.1f K) and a sounding cannot be combined: use one or the other", m.offset)
	}
	lv := append([]Level(nil), levels...)
	sort.Slice(lv, func(i, j int) bool { return lv[i].Alt < lv[j].Alt })
	for i, l := range lv {
		if !(l.T >= 150 && l.T <= 350) {
			return nil, fmt.Errorf("sounding level %d at %.0f m: temperature %.1f K is outside 150..350 K", i, l.Alt, l.T)
		}
		if !(l.P >= 0 && l.P < math.Inf(1)) { // 0 is "unknown"; NaN, negative and Inf are errors
			return nil, fmt.Errorf("sounding level %d at %.0f m: pressure %v Pa is not a pressure (give 0 when unknown)", i, l.Alt, l.P)
		}
		if !(l.Alt >= MinAlt && l.Alt <= MaxAlt) { // also rejects NaN
			return nil, fmt.Errorf("sounding level %d: altitude %.0f m: %w", i, l.Alt, ErrRange)
		}
	}
	m.name = "sounding blended into USSA-1976"
	m.top = lv[len(lv)-1].Alt
	dTop := lv[len(lv)-1].T - standard(m.top).T
	for i := 0; i < n; i++ {
		z := MinAlt + float64(i)*tableStep
		switch {
		case z <= lv[0].Alt:
			m.t[i] = lv[0].T + (standard(z).T - standard(lv[0].Alt).T)
		case z >= m.top:
			f := 1 - (z-m.top)/BlendDepth
			if f < 0 {
				f = 0
			}
			m.t[i] = standard(z).T + dTop*f
		default:
			j := sort.Search(len(lv), func(k int) bool { return lv[k].Alt >= z })
			a, b := lv[j-1], lv[j]
			m.t[i] = a.T + (b.T-a.T)*(z-a.Alt)/(b.Alt-a.Alt)
		}
	}
	// anchor pressure at the lowest level with a pressure, or the standard's at the first level
	anchorZ, anchorP := lv[0].Alt, standard(lv[0].Alt).P
	for _, l := range lv {
		if l.P > 0 {
			anchorZ, anchorP = l.Alt, l.P
			break
		}
	}
	m.integrate(anchorZ, anchorP)
	m.finish()
	return m, nil
}

// standardTable is the USSA-76 kinetic temperature (K) and pressure (Pa) on the
// table's grid, computed once per process (the formulas' pow and exp dominate
// building a Model) and never modified afterwards: every Model copies it.
var standardTable = sync.OnceValues(func() (t, p []float64) {
	n := int((MaxAlt-MinAlt)/tableStep) + 1
	t, p = make([]float64, n), make([]float64, n)
	for i := range t {
		s := standard(MinAlt + float64(i)*tableStep)
		t[i], p[i] = s.T, s.P
	}
	return t, p
})

// integrate fills m.p hydrostatically (dp/dz = -p·g/(R·T)) from pressure p0 at z0,
// upward and downward, using the trapezoid rule on g/T, which is exact for log p
// when T is linear in each 10 m cell.
func (m *Model) integrate(z0, p0 float64) {
	n := len(m.t)
	k := int(math.Round((z0 - MinAlt) / tableStep))
	if k < 0 {
		k = 0
	}
	if k >= n {
		k = n - 1
	}
	f := func(i int) float64 {
		z := MinAlt + float64(i)*tableStep
		return Gravity(z) / (R * molecular(z, m.t[i]))
	}
	zk := MinAlt + float64(k)*tableStep
	m.p[k] = p0 * math.Exp(-f(k)*(zk-z0))
	for i := k + 1; i < n; i++ {
		m.p[i] = m.p[i-1] * math.Exp(-0.5*(f(i-1)+f(i))*tableStep)
	}
	for i := k - 1; i >= 0; i-- {
		m.p[i] = m.p[i+1] * math.Exp(0.5*(f(i)+f(i+1))*tableStep)
	}
}

func (m *Model) finish() {
	m.hot = make([]hotRow, len(m.t))
	m.xTop = float64(len(m.t) - 1)
	m.sigma = make([]float64, len(m.t))
	for i := range m.t {
		z := MinAlt + float64(i)*tableStep
		tm := molecular(z, m.t[i])
		m.rho[i] = m.p[i] / (R * tm)
		m.a[i] = math.Sqrt(Gamma * R * tm)
		m.hot[i] = hotRow{m.rho[i], m.a[i], Gravity(z)}
		m.sigma[i] = math.Sqrt(RhoSL / m.rho[i])
	}
	for i := 0; i+1 < len(m.hot); i++ {
		h, n := &m.hot[i], &m.hot[i+1]
		h[3], h[4], h[5] = n[0]-h[0], n[1]-h[1], n[2]-h[2]
	}
}

// hotRow is one table row for Hot: density (kg/m³), speed of sound (m/s), gravity
// (m/s²), then each one's change to the next row.
type hotRow [6]float64

// cell locates z (m MSL) in the 10 m table: row i and fraction f in [0, 1] towards
// row i+1, clamped to the table's ends (NaN clamps to the bottom).
func (m *Model) cell(z float64) (i int, f float64) {
	x := (z - MinAlt) * (1 / tableStep)
	if !(x > 0) {
		x = 0
	}
	i = int(x)
	if i >= len(m.t)-1 {
		return len(m.t) - 2, 1
	}
	return i, x - float64(i)
}

// RhoSL is the standard sea-level density, kg/m³ (P0/(R·T0) = 1.225): canopy
// performance figures refer to it.
const RhoSL = 1.225

// Sigma returns sqrt(RhoSL/ρ(z)), the factor by which a canopy's true airspeed and
// sink exceed their sea-level values at z (m MSL), from the table (clamped like At).
func (m *Model) Sigma(z float64) float64 {
	i, f := m.cell(z)
	return m.sigma[i] + f*(m.sigma[i+1]-m.sigma[i])
}

// Hot returns density (kg/m³), speed of sound (m/s) and gravity (m/s², the
// g0·(r0/(r0+z))² of Gravity) at z (m MSL) from one table row, for the simulator's
// hot path: no allocation, no division. Clamped like At; gravity interpolated on
// the 10 m grid is within 1e-12 relative of Gravity. It locates the row itself
// rather than through cell, clamping above the table to the last row (whose
// changes are zero) instead of cell's last interval: with the call to cell it is
// over the compiler's inlining budget.
func (m *Model) Hot(z float64) (rho, a, g float64) {
	x := (z - MinAlt) * (1 / tableStep)
	if !(x > 0) { // below the table, or NaN
		x = 0
	}
	x = min(x, m.xTop)
	i := int(x)
	h := &m.hot[i]
	f := x - float64(i)
	return h[0] + f*h[3], h[1] + f*h[4], h[2] + f*h[5]
}

// molecular converts kinetic temperature t (K) at geometric altitude z (m) to the
// molecular-scale temperature T_M = T·M0/M, which density, the speed of sound and the
// hydrostatic equation use ([USSA76]: geopotential altitude for the layers, geometric for gravity); they differ only above 80 km.
func molecular(z, t float64) float64 {
	if z > 80000 {
		return t / mRatioAt(z)
	}
	return t
}

// Name says which atmosphere this is ("USSA-1976", "USSA-1976 +5.0 K", "sounding ...").
func (m *Model) Name() string { return m.name }

// SoundingTop is the altitude (m) of the sounding's highest level, 0 without a sounding.
func (m *Model) SoundingTop() float64 { return m.top }

// At returns the air at geometric altitude z (m MSL). Outside -500 m..86 km it clamps
// to the nearest end (callers that care check the range first). Interpolation on a
// 10 m table, measured against the standard's equations (atmos_test.go): relative
// error below 4e-7 in p and ρ away from the layer bases; within 10 m of a layer
// base, where T has a slope break, up to 2.5e-5 in T and ρ and 1.2e-5 in a.
func (m *Model) At(z float64) State {
	i, f := m.cell(z)
	t := m.t[i] + f*(m.t[i+1]-m.t[i])
	// pressure and density vary exponentially: interpolate linearly within 10 m (error < 1e-6)
	return State{
		T:   t,
		P:   m.p[i] + f*(m.p[i+1]-m.p[i]),
		Rho: m.rho[i] + f*(m.rho[i+1]-m.rho[i]),
		A:   m.a[i] + f*(m.a[i+1]-m.a[i]),
		Mu:  Beta * math.Pow(t, 1.5) / (t + S),
	}
}

// DensitySound returns only density (kg/m³) and speed of sound (m/s) at z (m MSL),
// the two the simulator needs on its hot path, without allocating.
func (m *Model) DensitySound(z float64) (rho, a float64) {
	i, f := m.cell(z)
	return m.rho[i] + f*(m.rho[i+1]-m.rho[i]), m.a[i] + f*(m.a[i+1]-m.a[i])
}

// PressureAltitude returns the geometric altitude (m) at which this atmosphere has
// pressure p (Pa). Used to place FB wind levels, which are pressure altitudes from
// 18,000 ft up. A pressure above the table's (at -500 m) gives MinAlt, one below it
// (at 86 km) MaxAlt; NaN gives NaN.
func (m *Model) PressureAltitude(p float64) float64 {
	if math.IsNaN(p) {
		return math.NaN() // not 86 km: let the caller's check see it
	}
	// m.p decreases with index
	i := sort.Search(len(m.p), func(k int) bool { return m.p[k] <= p })
	if i == 0 {
		return MinAlt
	}
	if i >= len(m.p) {
		return MaxAlt
	}
	p1, p2 := m.p[i-1], m.p[i]
	f := math.Log(p1/p) / math.Log(p1/p2)
	return MinAlt + (float64(i-1)+f)*tableStep
}

// StandardPressureAltitudeToGeometric converts a pressure altitude (m, the altitude in
// the standard atmosphere with the same pressure, as an altimeter set to 1013.25 hPa
// reads) to the standard atmosphere's geometric altitude.
func StandardPressureAltitudeToGeometric(pa float64) float64 {
	// pressure altitude is defined on geopotential height in the standard troposphere
	return Geometric(pa)
}
