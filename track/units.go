package track

import "math"

// Unit conversions and thresholds used by the readers and the phase detector.
const (
	deg  = math.Pi / 180   // radians per degree
	g0   = 9.80665         // standard gravity, m/s² (for thresholds in g)
	knot = 1852.0 / 3600.0 // m/s
	kmh  = 1000.0 / 3600.0 // m/s
)
