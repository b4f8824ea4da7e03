// Package geo converts between WGS84 geodetic coordinates, Earth-centred Earth-fixed
// (ECEF) Cartesian coordinates and a local east-north-up (ENU) frame, with the
// standard closed forms and the WGS84 constants (no spherical-Earth shortcuts).
//
// Units: latitudes and longitudes in degrees (latitude in [-90, 90], longitude any
// finite value, returned normalised to [-180, 180)); heights, coordinates and
// distances in metres; bearings in degrees clockwise from true north, in [0, 360).
//
// Heights: every h in this package is a height above the WGS84 ellipsoid. halo
// passes altitudes above mean sea level (MSL) instead and ignores the geoid
// undulation N (the geoid-ellipsoid separation, within about ±110 m worldwide).
// Near a target N is practically constant (it changes by a few centimetres per
// kilometre), so using MSL for h shifts every point of a jump by the same vertical
// amount, and that offset cancels in the ENU differences the planner and simulator
// use: horizontal positions move by less than N·d/R (under 2 mm for d = 100 km),
// and heights "up" in the frame stay MSL heights. Absolute ECEF coordinates computed
// from MSL heights are, however, off by N along the normal: do not hand them to a
// system that expects true ellipsoidal heights.
package geo

import (
	"fmt"
	"math"
)

// WGS84 defining constants (NIMA TR8350.2, 3rd ed., table 3.1) and derived values.
const (
	// A is the WGS84 semi-major axis, metres.
	A = 6378137.0
	// F is the WGS84 flattening.
	F = 1 / 298.257223563
	// B is the WGS84 semi-minor axis, metres (derived: A·(1−F)).
	B = A * (1 - F)
	// E2 is the first eccentricity squared, F·(2−F).
	E2 = F * (2 - F)
)

const (
	deg = math.Pi / 180
	e4  = E2 * E2
)

// ValidateLatLon reports, with a message naming the fix, a latitude outside
// [-90, 90] degrees or a longitude that is not finite.
func ValidateLatLon(lat, lon float64) error {
	if math.IsNaN(lat) || lat < -90 || lat > 90 {
		return fmt.Errorf("latitude %v deg: want a number in [-90, 90] (degrees north positive)", lat)
	}
	if math.IsNaN(lon) || math.IsInf(lon, 0) {
		return fmt.Errorf("longitude %v deg: want a finite number of degrees (east positive)", lon)
	}
	return nil
}

// NormalizeLon returns the longitude lon (degrees) wrapped to [-180, 180).
func NormalizeLon(lon float64) float64 {
	l := math.Mod(lon+180, 360)
	if l < 0 {
		l += 360
	}
	return l - 180
}

// ToECEF converts geodetic latitude and longitude (degrees) and height above the
// WGS84 ellipsoid h (metres) to ECEF coordinates x, y, z (metres): x towards
// (0°N, 0°E), y towards (0°N, 90°E), z towards the north pole.
// Valid for latitude in [-90, 90] and any finite longitude and height.
func ToECEF(lat, lon, h float64) (x, y, z float64) {
	sφ, cφ := math.Sincos(lat * deg)
	sλ, cλ := math.Sincos(lon * deg)
	n := A / math.Sqrt(1-E2*sφ*sφ) // prime-vertical radius of curvature
	x = (n + h) * cφ * cλ
	y = (n + h) * cφ * sλ
	z = (n*(1-E2) + h) * sφ
	return x, y, z
}

// FromECEF converts ECEF coordinates (metres) to geodetic latitude and longitude
// (degrees, longitude in [-180, 180)) and height above the WGS84 ellipsoid
// (metres), with Vermeille's exact closed form (H. Vermeille, "Direct
// transformation from geocentric coordinates to geodetic coordinates", Journal of
// Geodesy 76 (2002) 451-454), followed by one Newton step on the latitude that
// removes the last rounding error.
//
// Valid for every point more than about 50 km from the Earth's centre (outside the
// evolute of the ellipse, where the geodetic latitude is unique), i.e. anywhere a
// parachutist or an aircraft can be. Closer to the centre it returns NaN.
// On the polar axis (x = y = 0) the longitude is 0.
func FromECEF(x, y, z float64) (lat, lon, h float64) {
	w2 := x*x + y*y
	w := math.Sqrt(w2)
	p := w2 / (A * A)
	q := (1 - E2) / (A * A) * z * z
	r := (p + q - e4) / 6
	s := e4 * p * q / (4 * r * r * r)
	t := math.Cbrt(1 + s + math.Sqrt(s*(2+s)))
	u := r * (1 + t + 1/t)
	v := math.Sqrt(u*u + e4*q)
	ww := E2 * (u + v - q) / (2 * v)
	k := math.Sqrt(u+v+ww*ww) - ww
	d := k * w / (k + E2)
	dz := math.Hypot(d, z)
	φ := 2 * math.Atan2(z, d+dz)
	// (Vermeille's height, (k + E2 - 1) / k * dz, is replaced after the Newton
	// step by the better-conditioned projection below.)

	// One Newton step on f(φ) = w·sinφ − z·cosφ − E2·N(φ)·sinφ·cosφ = 0.
	sφ, cφ := math.Sincos(φ)
	n := A / math.Sqrt(1-E2*sφ*sφ)
	f := w*sφ - z*cφ - E2*n*sφ*cφ
	// d/dφ, neglecting the small variation of N (a Newton–like step; converges).
	df := w*cφ + z*sφ - E2*n*(cφ*cφ-sφ*sφ)
	if df != 0 && !math.IsNaN(f) {
		φ -= f / df
		sφ, cφ = math.Sincos(φ)
		n = A / math.Sqrt(1-E2*sφ*sφ)
	}
	// Height from the better-conditioned projection onto the normal.
	h = w*cφ + z*sφ - A*A/n
	lat = φ / deg
	lon = NormalizeLon(math.Atan2(y, x) / deg)
	return lat, lon, h
}
