package magnetic

import (
	"math"
	"time"
)

// Magnetic returns the magnetic bearing, degrees clockwise from magnetic north in
// [0, 360), of a true bearing (degrees clockwise from true north) where the
// declination is declination (degrees, positive east; from Field.D or
// Declination): magnetic = true − declination. With an east declination of 10°
// a true course of 090° is flown as 080° magnetic. Inverse: True.
func Magnetic(trueBearing, declination float64) float64 {
	return norm360(trueBearing - declination)
}

// True returns the true bearing, degrees clockwise from true north in [0, 360),
// of a magnetic bearing where the declination is declination (degrees, positive
// east): true = magnetic + declination. It is the inverse of Magnetic.
func True(magneticBearing, declination float64) float64 {
	return norm360(magneticBearing + declination)
}

// norm360 wraps an angle in degrees to [0, 360).
func norm360(a float64) float64 {
	a = math.Mod(a, 360)
	if a < 0 {
		a += 360
	}
	if a >= 360 { // a tiny negative a + 360 rounds to 360
		a = 0
	}
	return a
}

// DecimalYear is the date of t (taken in UTC) as a decimal year, the time scale of
// the model's epoch and validity: the year plus the fraction of it elapsed since
// 1 January 00:00 UTC (2025-07-02 12:00 UTC is 2025.5; leap years count 366 days).
func DecimalYear(t time.Time) float64 {
	t = t.UTC()
	y := t.Year()
	start := time.Date(y, time.January, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(y+1, time.January, 1, 0, 0, 0, 0, time.UTC)
	return float64(y) + float64(t.Sub(start))/float64(end.Sub(start))
}
