package track

import (
	"math"
	"testing"
)

func TestENUMatterhornFromZermatt(t *testing.T) {
	// MathWorks Mapping Toolbox, geodetic2enu documentation example
	// (https://mathworks.com/help/map/ref/geodetic2enu.html): the Matterhorn
	// (45.976 N, 7.658 E, 4531 m) seen from Zermatt (46.017 N, 7.750 E, 1673 m),
	// WGS84: xEast = -7134.8, yNorth = -4556.3, zUp = 2852.4 m (printed to 0.1 m).
	f := newENU(46.017, 7.750, 1673)
	e, n, u := f.toENU(45.976, 7.658, 4531)
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"east", e, -7134.8}, {"north", n, -4556.3}, {"up", u, 2852.4}} {
		if math.Abs(c.got-c.want) > 0.06 {
			t.Errorf("%s = %.2f m, want %.1f", c.name, c.got, c.want)
		}
	}
}

func TestECEFAxes(t *testing.T) {
	// WGS84 defining constants (NIMA TR8350.2): a = 6378137 m, b = a(1-f) = 6356752.3142 m.
	tests := []struct {
		lat, lon, h float64
		x, y, z     float64
	}{
		{0, 0, 0, 6378137, 0, 0},
		{0, 90, 0, 0, 6378137, 0},
		{90, 0, 0, 0, 0, 6356752.3142},
		{0, 0, 1000, 6379137, 0, 0},
	}
	for _, c := range tests {
		x, y, z := geodeticToECEF(c.lat, c.lon, c.h)
		if math.Abs(x-c.x) > 1e-3 || math.Abs(y-c.y) > 1e-3 || math.Abs(z-c.z) > 1e-3 {
			t.Errorf("ECEF(%v,%v,%v) = %.4f %.4f %.4f, want %.4f %.4f %.4f", c.lat, c.lon, c.h, x, y, z, c.x, c.y, c.z)
		}
	}
}
