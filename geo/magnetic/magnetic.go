// Package magnetic computes the Earth's main magnetic field from the World Magnetic
// Model 2025 ([WMM2025]: NOAA NCEI and BGS, The US/UK World Magnetic Model for
// 2025-2030: Technical Report): the declination that turns a true bearing into a
// magnetic one, and the inclination, intensities and north/east/down components
// with their secular variation (yearly rate of change).
//
// The model is the spherical-harmonic expansion of degree and order 12 in the
// coefficient file NOAA distributes (WMM.COF, embedded in this package, parsed and
// checked when first used; see ParseCOF), evaluated with the report's model
// equations: the WGS84 geodetic position is turned into geocentric spherical
// coordinates, the Schmidt semi-normalised associated Legendre functions and their
// derivatives are summed, the field is rotated back into the geodetic frame, and at
// the geographic poles the east component uses the report's special summation
// (the ordinary one divides by the cosine of the latitude).
//
// Units: latitude and longitude in degrees (WGS84 geodetic, latitude in [-90, 90],
// any finite longitude); height in metres above the WGS84 ellipsoid; dates in
// decimal years (see DecimalYear); field components in nanotesla (nT), angles in
// degrees, rates per year. Declination is positive east of true north.
//
// Heights: the model wants the height above the WGS84 ellipsoid. An altitude above
// mean sea level (halo's convention, see package geo) is off by the geoid
// undulation, within about ±110 m; between 60°S and 60°N that moves the
// declination by under 0.005°, but near the magnetic poles, where the horizontal
// field is weak, by 0.1° and more (0.13° at 85°N 128°E; see
// TestGeoidHeightNegligible): there, pass ellipsoidal heights.
//
// Validity ([WMM2025]): dates from the model's epoch to five years after
// it (2025.0 to 2030.0 for WMM2025) and heights from 1 km below to 850 km above the
// ellipsoid. Outside them Field returns an error wrapping ErrOutOfRange rather than
// an extrapolated value. Grid variation (declination relative to grid north) is not
// computed here: the grid convergence belongs to the grid's own package.
//
// The package does no I/O and keeps no mutable state: the embedded model is parsed
// once and never changed.
package magnetic

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"sync"
	"time"

	"halo/geo"
)

// Constants of the model ([WMM2025]).
const (
	// RefRadius is the geomagnetic reference radius a of the expansion, metres.
	RefRadius = 6371200.0
	// Lifetime is the validity of a WMM from its epoch, years.
	Lifetime = 5.0
	// MinHeight and MaxHeight bound the height above the WGS84 ellipsoid the model
	// is valid for, metres (1 km below to 850 km above).
	MinHeight = -1000.0
	MaxHeight = 850000.0
)

// ErrOutOfRange marks a position, height or date outside the model's validity.
var ErrOutOfRange = errors.New("magnetic: outside the World Magnetic Model's validity")

// coef is one Gauss coefficient set: g, h at the epoch (nT) and their secular
// variation ġ, ḣ (nT/yr).
type coef struct{ g, h, gdot, hdot float64 }

// Model is a parsed World Magnetic Model. Its coefficients cannot be changed once
// parsed; a *Model is safe for concurrent use.
type Model struct {
	name     string
	epoch    float64
	released time.Time
	c        [nCoef + 1]coef // index idx(n, m); index 0 unused
}

// idx is the position of (n, m) in the triangular coefficient arrays.
func idx(n, m int) int { return n*(n+1)/2 + m }

// Name is the model's name from the file header, e.g. "WMM-2025".
func (m *Model) Name() string { return m.name }

// Epoch is the model's epoch, decimal year (2025.0 for WMM2025).
func (m *Model) Epoch() float64 { return m.epoch }

// Released is the release date in the file header.
func (m *Model) Released() time.Time { return m.released }

// ValidFrom is the first date the model may be used for, decimal year
// (included): its epoch, 2025.0 for WMM2025.
func (m *Model) ValidFrom() float64 { return m.epoch }

// ValidUntil is the last date the model may be used for, decimal year
// (included): five years after its epoch, 2030.0 for WMM2025.
func (m *Model) ValidUntil() float64 { return m.epoch + Lifetime }

//go:embed WMM.COF
var wmm2025COF []byte

// WMM2025SHA256 is the SHA-256 of NOAA's WMM2025 coefficient file (the official
// WMM2025 distribution's WMM.COF), checked before the embedded copy is parsed.
const WMM2025SHA256 = "06791cd95faba7bdf4a709808f2715a53fe689b29c23b9886bc2196fa9b3eb13"

var loadWMM2025 = sync.OnceValues(func() (*Model, error) {
	sum := sha256.Sum256(wmm2025COF)
	if got := hex.EncodeToString(sum[:]); got != WMM2025SHA256 {
		return nil, fmt.Errorf("%w: embedded WMM.COF has SHA-256 %s, want NOAA's %s", ErrCOF, got, WMM2025SHA256)
	}
	m, err := ParseCOF(wmm2025COF)
	if err != nil {
		return nil, fmt.Errorf("embedded WMM.COF: %w", err)
	}
	if m.name != "WMM-2025" || m.epoch != 2025.0 {
		return nil, fmt.Errorf("%w: embedded WMM.COF is %s epoch %v, want WMM-2025 epoch 2025.0", ErrCOF, m.name, m.epoch)
	}
	return m, nil
})

// WMM2025 returns the World Magnetic Model 2025 ([WMM2025]) from the coefficient
// file embedded in this package, checked against NOAA's SHA-256 and parsed on the
// first call. It panics only if the embedded file is not NOAA's, which the
// package's tests rule out.
func WMM2025() *Model {
	m, err := loadWMM2025()
	if err != nil {
		panic(err)
	}
	return m
}

// Field is the geomagnetic field at a point and date, in the geodetic
// north/east/down frame ([WMM2025]: the field vector rotated into the geodetic
// frame, the elements H, F, D, I and their rates of change).
type Field struct {
	X, Y, Z float64 // north, east and down components, nT
	H       float64 // horizontal intensity √(X²+Y²), nT
	F       float64 // total intensity √(H²+Z²), nT
	D       float64 // declination atan2(Y, X), degrees east of true north, in [-180, 180]
	I       float64 // inclination atan2(Z, H), degrees below the horizontal, in [-90, 90]

	// Secular variation: the rate of change of each element, per year.
	XDot, YDot, ZDot, HDot, FDot float64 // nT/yr
	DDot, IDot                   float64 // degrees/yr
}

// Declination is the WMM2025 declination (degrees east of true north) at a WGS84
// geodetic latitude and longitude (degrees), height above the ellipsoid (metres)
// and decimal-year date. See Model.Field for the validity and errors.
func Declination(lat, lon, height, year float64) (float64, error) {
	f, err := WMM2025().Field(lat, lon, height, year)
	if err != nil {
		return math.NaN(), err
	}
	return f.D, nil
}

// Field evaluates the model at a WGS84 geodetic latitude in [-90, 90] and any
// finite longitude (degrees), a height above the ellipsoid in [MinHeight,
// MaxHeight] (metres: −1 km to 850 km) and a decimal-year date in
// [ValidFrom, ValidUntil] (2025.0 to 2030.0 for WMM2025). Anything else is an
// error wrapping ErrOutOfRange and naming the value: the model is not
// extrapolated.
//
// The coefficients are those of the date, g(t) = g + (t − epoch)·ġ (and likewise
// h); the secular variation sums ġ and ḣ in the same way ([WMM2025]).
// At a geographic pole, where north is not defined, X and the declination are
// taken along the given longitude's meridian (the limit of the field approaching
// the pole along it, as NOAA's software computes it; see TestPoles).
func (m *Model) Field(lat, lon, height, year float64) (Field, error) {
	if err := geo.ValidateLatLon(lat, lon); err != nil {
		return Field{}, fmt.Errorf("%w: %w", ErrOutOfRange, err)
	}
	if !(height >= MinHeight && height <= MaxHeight) {
		return Field{}, fmt.Errorf("%w: height %v m above the WGS84 ellipsoid: %s is valid from 1 km below to 850 km above it",
			ErrOutOfRange, height, m.name)
	}
	if !(year >= m.ValidFrom() && year <= m.ValidUntil()) {
		return Field{}, fmt.Errorf("%w: date %v (decimal year): %s is valid from %.1f to %.1f and is not extrapolated; use the model for that date",
			ErrOutOfRange, year, m.name, m.ValidFrom(), m.ValidUntil())
	}
	return m.field(lat, lon, height, year), nil
}

// field is Field without the range checks.
func (m *Model) field(lat, lon, height, year float64) Field {
	const deg = math.Pi / 180

	// Geodetic to geocentric spherical coordinates ([WMM2025]).
	sφ, cφ := math.Sincos(lat * deg)
	rc := geo.A / math.Sqrt(1-geo.E2*sφ*sφ) // prime-vertical radius of curvature
	p := (rc + height) * cφ
	z := (rc*(1-geo.E2) + height) * sφ
	r := math.Hypot(p, z)
	// Sine and cosine of the geocentric latitude φ', both from the coordinates:
	// NOAA's code takes cos φ' = √(1 − sin²φ'), which loses most of its digits
	// within a metre of a pole; the two agree to rounding elsewhere.
	μ, ν := z/r, p/r
	φc := math.Atan2(z, p) // geocentric latitude, radians

	// Spherical-frame sums ([WMM2025]: the field as the gradient of the potential) for the main field at the
	// date and for its secular variation.
	dt := year - m.epoch
	var bx, by, bz, sx, sy, sz float64
	var pn, dpn [nCoef + 1]float64
	legendre(μ, ν, &pn, &dpn)

	var sinml, cosml [Degree + 1]float64
	sλ, cλ := math.Sincos(lon * deg)
	cosml[0], sinml[0] = 1, 0
	for k := 1; k <= Degree; k++ {
		cosml[k] = cosml[k-1]*cλ - sinml[k-1]*sλ
		sinml[k] = sinml[k-1]*cλ + cosml[k-1]*sλ
	}

	ar := RefRadius / r
	rp := ar * ar // (a/r)^(n+2), starting at n = 0
	for n := 1; n <= Degree; n++ {
		rp *= ar
		for k := 0; k <= n; k++ {
			i := idx(n, k)
			c := m.c[i]
			g, h := c.g+dt*c.gdot, c.h+dt*c.hdot
			gc := g*cosml[k] + h*sinml[k]
			gs := g*sinml[k] - h*cosml[k]
			sc := c.gdot*cosml[k] + c.hdot*sinml[k]
			ss := c.gdot*sinml[k] - c.hdot*cosml[k]
			bx -= rp * gc * dpn[i]
			by += rp * gs * float64(k) * pn[i]
			bz -= rp * gc * float64(n+1) * pn[i]
			sx -= rp * sc * dpn[i]
			sy += rp * ss * float64(k) * pn[i]
			sz -= rp * sc * float64(n+1) * pn[i]
		}
	}
	if ν > 1e-10 {
		by /= ν
		sy /= ν
	} else {
		// At a geographic pole (within 0.6 mm of it) the east component divides
		// by cos φ' = 0: only the m = 1 terms have a finite limit there, summed on
		// their own ([WMM2025], the special case at the poles; the
		// same 1e-10 threshold as NOAA's code).
		by, sy = m.poleEast(μ, ar, dt, sinml[1], cosml[1])
	}

	// Rotate from the geocentric to the geodetic frame ([WMM2025]).
	ψ := φc - lat*deg
	sψ, cψ := math.Sincos(ψ)
	f := Field{
		X: bx*cψ - bz*sψ, Y: by, Z: bx*sψ + bz*cψ,
		XDot: sx*cψ - sz*sψ, YDot: sy, ZDot: sx*sψ + sz*cψ,
	}

	// Elements and their secular variation ([WMM2025]).
	f.H = math.Hypot(f.X, f.Y)
	f.F = math.Hypot(f.H, f.Z)
	f.D = math.Atan2(f.Y, f.X) / deg
	f.I = math.Atan2(f.Z, f.H) / deg
	f.HDot = (f.X*f.XDot + f.Y*f.YDot) / f.H
	f.FDot = (f.X*f.XDot + f.Y*f.YDot + f.Z*f.ZDot) / f.F
	f.DDot = (f.X*f.YDot - f.Y*f.XDot) / (f.H * f.H) / deg
	f.IDot = (f.H*f.ZDot - f.Z*f.HDot) / (f.F * f.F) / deg
	return f
}

// legendre fills p[idx(n,m)] with the Schmidt semi-normalised associated Legendre
// functions P_n^m(μ), μ = sin φ' (φ' the geocentric latitude, ν = cos φ' ≥ 0), and
// dp with their derivatives d/dφ' ([WMM2025]), for n ≤ Degree. It runs the
// recursions of the Gauss-normalised functions and then scales them by the
// ratio to the Schmidt normalisation, as NOAA's reference implementation does.
func legendre(μ, ν float64, p, dp *[nCoef + 1]float64) {
	p[0], dp[0] = 1, 0
	for n := 1; n <= Degree; n++ {
		for m := 0; m <= n; m++ {
			i := idx(n, m)
			switch {
			case n == m:
				j := idx(n-1, m-1)
				p[i] = ν * p[j]
				dp[i] = ν*dp[j] + μ*p[j]
			case n == 1 || m > n-2: // m = n−1: P_{n-2}^m is zero
				j := idx(n-1, m)
				p[i] = μ * p[j]
				dp[i] = μ*dp[j] - ν*p[j]
			default:
				j1, j2 := idx(n-2, m), idx(n-1, m)
				k := float64((n-1)*(n-1)-m*m) / float64((2*n-1)*(2*n-3))
				p[i] = μ*p[j2] - k*p[j1]
				dp[i] = μ*dp[j2] - ν*p[j2] - k*dp[j1]
			}
		}
	}
	// Gauss → Schmidt semi-normalisation; the recursion's derivative is d/dθ
	// (θ the colatitude), so its sign flips for d/dφ'.
	sn := 1.0 // ratio at (n, 0)
	for n := 1; n <= Degree; n++ {
		sn *= float64(2*n-1) / float64(n)
		s := sn
		for m := 0; m <= n; m++ {
			if m > 0 {
				f := 1.0
				if m == 1 {
					f = 2
				}
				s *= math.Sqrt(float64(n-m+1) * f / float64(n+m))
			}
			i := idx(n, m)
			p[i] *= s
			dp[i] = -dp[i] * s
		}
	}
}

// poleEast is the east component and its secular variation at a geographic pole
// (μ = sin φ' = ±1), where the ordinary sum divides by cos φ' = 0. Only the m = 1
// terms survive, with the limit of P_n^1(μ)/cos φ' computed by its own recursion
// ([WMM2025], the special case at the poles).
func (m *Model) poleEast(μ, ar, dt, sinl, cosl float64) (by, sy float64) {
	var ps [Degree + 1]float64 // Gauss-normalised P_n^1(μ)/cos φ'
	ps[0] = 1
	gauss := 1.0 // Gauss → Schmidt ratio at (n, 0)
	rp := ar * ar
	for n := 1; n <= Degree; n++ {
		rp *= ar
		gauss *= float64(2*n-1) / float64(n)
		s := gauss * math.Sqrt(float64(2*n)/float64(n+1)) // ratio at (n, 1)
		if n == 1 {
			ps[n] = ps[n-1]
		} else {
			k := float64((n-1)*(n-1)-1) / float64((2*n-1)*(2*n-3))
			ps[n] = μ*ps[n-1] - k*ps[n-2]
		}
		c := m.c[idx(n, 1)]
		g, h := c.g+dt*c.gdot, c.h+dt*c.hdot
		by += rp * (g*sinl - h*cosl) * ps[n] * s
		sy += rp * (c.gdot*sinl - c.hdot*cosl) * ps[n] * s
	}
	return by, sy
}
