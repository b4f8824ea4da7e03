package track

import "math"

// Local east-north-up coordinates from WGS84 geodetic coordinates, by the standard
// closed form: geodetic -> Earth-centred Earth-fixed -> rotation into the local
// tangent plane at a reference point. Exact (no small-distance approximation
// beyond floating point), so valid for any distance, but "up" is the reference
// point's ellipsoid normal: at 25 km from the reference the local vertical of a
// point differs by 0.22°.
//
// Kept unexported on purpose: halo's geo package is the shared implementation;
// this one can be swapped for it without changing the exported API.

const (
	wgs84A  = 6378137.0             // semi-major axis, m
	wgs84F  = 1 / 298.257223563     // flattening
	wgs84E2 = wgs84F * (2 - wgs84F) // first eccentricity squared
	deg     = math.Pi / 180         // radians per degree
	g0      = 9.80665               // standard gravity, m/s² (for thresholds in g)
	knot    = 1852.0 / 3600.0       // m/s
	kmh     = 1000.0 / 3600.0       // m/s
)

// geodeticToECEF converts latitude, longitude (degrees) and height above the
// ellipsoid (m) to ECEF X, Y, Z (m).
func geodeticToECEF(lat, lon, h float64) (x, y, z float64) {
	sinLat, cosLat := math.Sincos(lat * deg)
	sinLon, cosLon := math.Sincos(lon * deg)
	n := wgs84A / math.Sqrt(1-wgs84E2*sinLat*sinLat)
	x = (n + h) * cosLat * cosLon
	y = (n + h) * cosLat * sinLon
	z = (n*(1-wgs84E2) + h) * sinLat
	return
}

// enuFrame is a local tangent plane at a reference point.
type enuFrame struct {
	x0, y0, z0                     float64 // reference in ECEF, m
	sinLat, cosLat, sinLon, cosLon float64
}

func newENU(lat0, lon0, h0 float64) enuFrame {
	f := enuFrame{}
	f.x0, f.y0, f.z0 = geodeticToECEF(lat0, lon0, h0)
	f.sinLat, f.cosLat = math.Sincos(lat0 * deg)
	f.sinLon, f.cosLon = math.Sincos(lon0 * deg)
	return f
}

// toENU returns east, north, up (m) of a geodetic point relative to the frame's
// reference. Heights must share one reference (both MSL or both ellipsoidal): the
// geoid separation is nearly constant over a jump, so mixing is harmless for
// differences, not for absolute values.
func (f enuFrame) toENU(lat, lon, h float64) (e, n, u float64) {
	x, y, z := geodeticToECEF(lat, lon, h)
	dx, dy, dz := x-f.x0, y-f.y0, z-f.z0
	e = -f.sinLon*dx + f.cosLon*dy
	n = -f.sinLat*f.cosLon*dx - f.sinLat*f.sinLon*dy + f.cosLat*dz
	u = f.cosLat*f.cosLon*dx + f.cosLat*f.sinLon*dy + f.sinLat*dz
	return
}
