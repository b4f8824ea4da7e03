// Package sun gives the Sun's position in the sky (elevation and azimuth) for a
// time and place, and the day's sunrise, sunset, civil twilight and solar noon.
//
// Algorithm: the Sun's apparent coordinates from J. Meeus, "Astronomical
// Algorithms" (2nd ed., 1998), chapter 25 (the "lower accuracy" solar theory with
// the nutation and aberration corrections, the same equations as the NOAA Solar
// Calculator), apparent sidereal time from chapter 12 with the chapter-22
// short nutation series, the Sun's horizontal parallax (8.794″/R), and the
// atmospheric refraction formula of the NREL Solar Position Algorithm
// (I. Reda and A. Andreas, NREL/TP-560-34302, 2004/2008, eq. 42; Bennett's
// formula scaled for pressure and temperature). ΔT = TT − UT is taken as 69 s
// (its value in the 2020s; ±15 s over 1985–2035 changes the result by < 0.0002°).
//
// Accuracy: Meeus states about 0.01° for this solar theory between 1900 and 2100;
// against the NREL SPA worked example (whose own uncertainty is ±0.0003°) this
// package is within 0.001° in zenith and 0.006° in azimuth (see the tests). Good for
// lighting, glare and twilight checks; not for solar-tracker engineering.
//
// Angles are in degrees; azimuth is measured clockwise from true north in [0, 360).
// Times are time.Time (any location; converted to UTC inside).
package sun

import (
	"fmt"
	"math"
	"time"
)

const (
	deg = math.Pi / 180
	// DeltaT is the assumed TT − UT, seconds.
	DeltaT = 69.0
	// StandardPressure and StandardTemperature are the surface conditions Position
	// uses for refraction (1010 hPa and 10 °C, the SPA's reference conditions).
	StandardPressure    = 101000.0 // Pa
	StandardTemperature = 283.15   // K
)

// Sunrise, sunset and twilight thresholds: the geometric (unrefracted) elevation of
// the Sun's centre, degrees.
const (
	// HorizonElevation is sunrise/sunset: upper limb on a sea-level horizon with
	// standard refraction (34′ refraction + 16′ semi-diameter), as used by the USNO
	// and NOAA.
	HorizonElevation = -0.8333
	// CivilElevation is the start/end of civil twilight.
	CivilElevation = -6.0
	// NauticalElevation is the start/end of nautical twilight.
	NauticalElevation = -12.0
)

// Coordinates is the full result of one solar position computation.
type Coordinates struct {
	ElevationDeg    float64 // topocentric elevation above the horizon, refraction included, degrees
	AzimuthDeg      float64 // clockwise from true north, [0, 360)
	TrueElevation   float64 // topocentric elevation without refraction, degrees
	RefractionDeg   float64 // refraction added to TrueElevation, degrees (0 below −0.8333°)
	RightAscension  float64 // geocentric apparent right ascension, degrees [0, 360)
	Declination     float64 // geocentric apparent declination, degrees
	HourAngleDeg    float64 // local hour angle, degrees in (−180, 180], positive west (afternoon)
	DistanceAU      float64 // Earth–Sun distance, astronomical units
	EquationOfTime  float64 // apparent minus mean solar time, minutes
	JulianDay       float64 // Julian day (UT)
	ApparentLongDeg float64 // apparent ecliptic longitude of the Sun, degrees
}

// julianDay returns the Julian day (UT) of t.
func julianDay(t time.Time) float64 {
	u := t.UTC()
	sec := float64(u.Unix()) + float64(u.Nanosecond())*1e-9
	return sec/86400 + 2440587.5
}

func norm360(x float64) float64 {
	x = math.Mod(x, 360)
	if x < 0 {
		x += 360
	}
	return x
}

// Compute returns the Sun's position seen from latitude lat (degrees, [-90, 90]) and
// longitude lon (degrees east, any finite value) at time t, with refraction for a
// surface pressure (pascals) and temperature (kelvin) at the observer. Pass
// pressurePa = 0 for the geometric (airless) position. Returns an error for
// out-of-range input, naming the argument.
func Compute(t time.Time, lat, lon, pressurePa, tempK float64) (Coordinates, error) {
	if math.IsNaN(lat) || lat < -90 || lat > 90 {
		return Coordinates{}, fmt.Errorf("sun: latitude %v deg: want [-90, 90]", lat)
	}
	if math.IsNaN(lon) || math.IsInf(lon, 0) {
		return Coordinates{}, fmt.Errorf("sun: longitude %v deg: want a finite number of degrees east", lon)
	}
	if math.IsNaN(pressurePa) || pressurePa < 0 || pressurePa > 120000 {
		return Coordinates{}, fmt.Errorf("sun: pressure %v Pa: want 0 (no refraction) to 120000 Pa", pressurePa)
	}
	if pressurePa > 0 && (math.IsNaN(tempK) || tempK < 150 || tempK > 350) {
		return Coordinates{}, fmt.Errorf("sun: temperature %v K: want 150 to 350 K", tempK)
	}
	return compute(t, lat, lon, pressurePa, tempK), nil
}

// Position returns the Sun's topocentric elevation (degrees above the horizon,
// corrected for refraction at the standard 1010 hPa and 10 °C; the correction is
// 0.57° at the horizon, 0.016° at 40°, 0 below −0.83°) and azimuth (degrees
// clockwise from true north, [0, 360)) seen from latitude lat and longitude lon
// (degrees) at time t. lat must be in [-90, 90]; an invalid input gives NaN. Use
// Compute for the geometric position or other surface conditions.
func Position(t time.Time, lat, lon float64) (elevationDeg, azimuthDeg float64) {
	if math.IsNaN(lat) || lat < -90 || lat > 90 || math.IsNaN(lon) || math.IsInf(lon, 0) {
		return math.NaN(), math.NaN()
	}
	c := compute(t, lat, lon, StandardPressure, StandardTemperature)
	return c.ElevationDeg, c.AzimuthDeg
}

func compute(t time.Time, lat, lon, pressurePa, tempK float64) Coordinates {
	var c Coordinates
	jd := julianDay(t)
	c.JulianDay = jd
	jde := jd + DeltaT/86400
	T := (jde - 2451545) / 36525

	// Meeus ch. 25: geometric mean longitude, mean anomaly, eccentricity, centre.
	L0 := norm360(280.46646 + T*(36000.76983+T*0.0003032))
	M := norm360(357.52911 + T*(35999.05029-T*0.0001537))
	e := 0.016708634 - T*(0.000042037+T*0.0000001267)
	sM := math.Sin(M * deg)
	C := sM*(1.914602-T*(0.004817+T*0.000014)) +
		math.Sin(2*M*deg)*(0.019993-T*0.000101) +
		math.Sin(3*M*deg)*0.000289
	trueLong := L0 + C
	ν := M + C
	c.DistanceAU = 1.000001018 * (1 - e*e) / (1 + e*math.Cos(ν*deg))
	Ω := 125.04452 - 1934.136261*T
	λ := trueLong - 0.00569 - 0.00478*math.Sin(Ω*deg) // aberration and nutation in longitude
	c.ApparentLongDeg = norm360(λ)

	// Obliquity (Meeus 22.2) corrected for nutation.
	ε0 := 23 + (26+(21.448-T*(46.8150+T*(0.00059-T*0.001813)))/60)/60
	// Nutation (Meeus ch. 22, the 0.5″ series), arcseconds.
	Lm := 218.3165 + 481267.8813*T // Moon's mean longitude
	Δψ := -17.20*math.Sin(Ω*deg) - 1.32*math.Sin(2*L0*deg) - 0.23*math.Sin(2*Lm*deg) + 0.21*math.Sin(2*Ω*deg)
	Δε := 9.20*math.Cos(Ω*deg) + 0.57*math.Cos(2*L0*deg) + 0.10*math.Cos(2*Lm*deg) - 0.09*math.Cos(2*Ω*deg)
	ε := ε0 + Δε/3600
	sλ, cλ := math.Sincos(λ * deg)
	sε, cε := math.Sincos(ε * deg)
	α := norm360(math.Atan2(cε*sλ, cλ) / deg)
	δ := math.Asin(sε*sλ) / deg
	c.RightAscension, c.Declination = α, δ

	// Apparent sidereal time at Greenwich (Meeus 12.4 with the equation of the equinoxes).
	Tu := (jd - 2451545) / 36525
	θ0 := 280.46061837 + 360.98564736629*(jd-2451545) + Tu*Tu*(0.000387933-Tu/38710000)
	θ := θ0 + Δψ/3600*cε
	H := norm360(θ + lon - α)
	if H > 180 {
		H -= 360
	}
	c.HourAngleDeg = H
	// Equation of time (Meeus 28.1), minutes.
	c.EquationOfTime = wrap180(L0-0.0057183-α+Δψ/3600*cε) * 4

	sφ, cφ := math.Sincos(lat * deg)
	sδ, cδ := math.Sincos(δ * deg)
	sH, cH := math.Sincos(H * deg)
	e0 := math.Asin(clamp1(sφ*sδ+cφ*cδ*cH)) / deg
	// Horizontal parallax of the Sun (8.794″ at 1 AU) lowers the apparent Sun.
	e0 -= 8.794 / 3600 / c.DistanceAU * math.Cos(e0*deg)
	c.TrueElevation = e0
	az := math.Atan2(sH, cH*sφ-sδ/cδ*cφ)/deg + 180
	c.AzimuthDeg = norm360(az)

	// Refraction, NREL SPA eq. 42 (Bennett), applied while the Sun is not below the
	// horizon by more than its semi-diameter plus the horizon refraction.
	if pressurePa > 0 && e0 >= HorizonElevation {
		c.RefractionDeg = pressurePa / 101000 * 283 / (tempK - 0.15) *
			1.02 / (60 * math.Tan((e0+10.3/(e0+5.11))*deg))
	}
	c.ElevationDeg = e0 + c.RefractionDeg
	return c
}

func wrap180(x float64) float64 {
	x = norm360(x)
	if x > 180 {
		x -= 360
	}
	return x
}

func clamp1(x float64) float64 { return math.Max(-1, math.Min(1, x)) }
