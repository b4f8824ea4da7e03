package mgrs

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"halo/geo"
)

// distance returns the straight-line distance between two points on the
// ellipsoid (metres); over a few metres it equals the distance along the surface.
func distance(lat1, lon1, lat2, lon2 float64) float64 {
	x1, y1, z1 := geo.ToECEF(lat1, lon1, 0)
	x2, y2, z2 := geo.ToECEF(lat2, lon2, 0)
	return math.Sqrt((x1-x2)*(x1-x2) + (y1-y2)*(y1-y2) + (z1-z2)*(z1-z2))
}

// TestRoundTrip: a point → 1 m reference → centre of the square lies within
// 1.5 m of the point (the centre is at most √2·0.5 m ≈ 0.71 m from any point of
// the square, plus the grid's scale of at most 1.001), for seeded random points over
// the whole globe (uniform over the sphere, plus extra near the poles and the
// Norway/Svalbard zones); the reference re-parses to itself and the corner of the
// square re-encodes to the same reference.
func TestRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 2026))
	worst := 0.0
	for i := range 20000 {
		var lat, lon float64
		switch i % 4 {
		case 0, 1: // uniform on the sphere
			lat = math.Asin(2*rng.Float64()-1) / deg
			lon = 360*rng.Float64() - 180
		case 2: // near the poles and the UTM/UPS limits
			lat = 78 + 12*rng.Float64()
			if rng.IntN(2) == 0 {
				lat = -lat + 4
			}
			lon = 360*rng.Float64() - 180
		case 3: // Norway and Svalbard
			lat = 56 + 28*rng.Float64()
			lon = 45 * rng.Float64()
		}
		s, err := Format(lat, lon, 5)
		if err != nil {
			t.Fatalf("Format(%v, %v): %v", lat, lon, err)
		}
		r, err := Parse(s)
		if err != nil {
			t.Fatalf("Parse(%s) from %v, %v: %v", s, lat, lon, err)
		}
		if r.String() != s {
			t.Fatalf("Parse(%s).String() = %s", s, r.String())
		}
		clat, clon := r.Centre()
		d := distance(lat, lon, clat, clon)
		worst = max(worst, d)
		if d > 1.5 {
			t.Errorf("%v, %v → %s → %v, %v: %.3f m apart, want ≤ 1.5 m", lat, lon, s, clat, clon, d)
		}
		slat, slon := r.SouthWest()
		if again, _ := Format(slat, slon, 5); again != s && !nearZoneLine(slon) {
			t.Errorf("%s's south-west corner %v, %v encodes to %s", s, slat, slon, again)
		}
	}
	t.Logf("worst distance from a point to its 1 m square's centre: %.3f m", worst)
}

// nearZoneLine reports whether lon (degrees) is within about 2 m of a zone line
// (a multiple of 3°, counting the Svalbard and Norway lines), where a square's
// corner may fall in the next zone.
func nearZoneLine(lon float64) bool { return math.Abs(lon-3*math.Round(lon/3)) < 2e-5/math.Cos(84*deg) }

// TestProjectionRoundTrip: the forward and reverse series invert each other to a
// few nanometres over a zone and well beyond (Krüger's series to sixth order,
// [KARNEY2011]), and UPS likewise.
func TestProjectionRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		lat := 160*rng.Float64() - 80
		dlon := 12*rng.Float64() - 6
		x, y, _ := tmForward(lat, dlon)
		lat2, dlon2 := tmReverse(x, y)
		x2, y2, _ := tmForward(lat2, dlon2)
		if d := math.Hypot(x-x2, y-y2); d > 1e-8 || math.Abs(lat-lat2) > 1e-12 || math.Abs(dlon-dlon2) > 1e-12 {
			t.Fatalf("TM %v, %v → %v, %v: %.3g m", lat, dlon, lat2, dlon2, d)
		}
		north := rng.IntN(2) == 0
		plat := 70 + 20*rng.Float64()
		if !north {
			plat = -plat
		}
		plon := 360*rng.Float64() - 180
		e, n := upsForward(plat, plon, north)
		plat2, plon2 := upsReverse(e, n, north)
		if math.Abs(plat-plat2) > 1e-12 || math.Abs(plon-plon2) > 1e-10 {
			t.Fatalf("UPS %v, %v → %v, %v", plat, plon, plat2, plon2)
		}
	}
}

// TestZonesAndBands: the latitude bands, the UTM/UPS limits and the Norway and
// Svalbard zones of NGA.SIG.0012.
func TestZonesAndBands(t *testing.T) {
	for _, c := range []struct {
		lat, lon float64
		prefix   string
	}{
		{0, 0, "31N"}, {-0.0001, 0, "31M"}, {7.9999, 0, "31N"}, {8, 0, "31P"},
		{71.9999, 0, "31W"}, {72, 0, "31X"}, {84, 0, "31X"}, {84.00002, 0, "Z"}, {84.00002, -1, "Y"},
		{-80, 0, "31C"}, {-80.000005, 0, "31C"}, {-80.00002, 0, "B"}, {-80.00002, -1, "A"},
		{90, 0, "Z"}, {-90, 0, "B"},
		{0, -180, "01N"}, {0, 180, "01N"}, {0, 179.9999, "60N"}, {0, -174.0001, "01N"}, {0, -174, "02N"},
		{60, 2.9999, "31V"}, {60, 3, "32V"}, {60, 11.9999, "32V"}, {60, 12, "33V"}, {55.9999, 4, "31U"}, {64, 4, "31W"},
		{78, 8.9999, "31X"}, {78, 9, "33X"}, {78, 20.9999, "33X"}, {78, 21, "35X"},
		{78, 32.9999, "35X"}, {78, 33, "37X"}, {78, 41.9999, "37X"}, {78, 42, "38X"}, {78, 5, "31X"},
		{-33.9, 18.4, "34H"}, {-54.8, -68.3, "19F"}, {45, -75, "18T"},
	} {
		got, err := Format(c.lat, c.lon, 5)
		if err != nil || !strings.HasPrefix(got, c.prefix) {
			t.Errorf("Format(%v, %v) = %q, %v; want %s...", c.lat, c.lon, got, err, c.prefix)
		}
	}
}

// TestTruncation: MGRS digits name the square containing the point, so a point
// 0.9 m past a line keeps the line's digit at every precision (no rounding up),
// and coarser references are the finer ones cut short.
func TestTruncation(t *testing.T) {
	lat, lon := utmReverse(31, true, 466021.9, 5099999.9)
	want := []string{"31TDL", "31TDL69", "31TDL6699", "31TDL660999", "31TDL66029999", "31TDL6602199999"}
	for p, w := range want {
		got, err := Format(lat, lon, p)
		if err != nil || got != w {
			t.Errorf("Format(%v, %v, %d) = %q, %v; want %s", lat, lon, p, got, err, w)
		}
	}
	// Sizes and the south-west corner of a coarse reference.
	r, err := Parse("31TDL69")
	if err != nil || r.Size() != 10000 || r.Easting != 460000 || r.Northing != 5090000 {
		t.Errorf("Parse(31TDL69) = %+v, %v; want a 10 km square at 460000, 5090000", r, err)
	}
}

// TestBandMinNorthing: the table of band northings (GEOTRANS's) picks the right
// 2,000 km cycle of row letters: every point of a band, across a zone 3° either
// side of its central meridian, has a northing at or above the band's table value
// and less than 2,000 km above it.
func TestBandMinNorthing(t *testing.T) {
	for i := range bandLetters {
		south := -80 + 8*float64(i)
		north := south + 8
		if bandLetters[i] == 'X' {
			north = 84
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		for dlon := -3.0; dlon <= 3; dlon += 0.25 {
			for lat := south; lat <= north; lat += 0.25 {
				_, n, _ := utmForward(31, lat, 3+dlon)
				if lat == 0 && south < 0 {
					n = falseNorthingUTM // the equator seen from band M
				}
				lo, hi = min(lo, n), max(hi, n)
			}
		}
		if m := bandMinNorthing[i]; lo < m || hi >= m+2000000 {
			t.Errorf("band %c: northings %.0f to %.0f, table %.0f", bandLetters[i], lo, hi, m)
		}
	}
}

// TestGridConvergence: the convergence is the angle of grid north clockwise from
// true north, checked against the direction of the meridian in the grid by finite
// differences, in UTM (including Svalbard) and UPS.
func TestGridConvergence(t *testing.T) {
	for _, c := range [][2]float64{{45, -72}, {45, -78}, {-33, 20}, {-33, 16}, {1, 1}, {60, 4}, {78, 10}, {83, 40}, {86, 30}, {86, -120}, {-85, 60}, {-85, -170}} {
		lat, lon := c[0], c[1]
		g, err := GridConvergence(lat, lon)
		if err != nil {
			t.Fatal(err)
		}
		const h = 1e-6
		r0, _ := FromLatLon(lat, lon, 5)
		var e0, n0, e1, n1 float64
		if r0.Zone == 0 {
			e0, n0 = upsForward(lat-h, lon, lat > 0)
			e1, n1 = upsForward(lat+h, lon, lat > 0)
		} else {
			e0, n0, _ = utmForward(r0.Zone, lat-h, lon)
			e1, n1, _ = utmForward(r0.Zone, lat+h, lon)
		}
		// True north points atan2(de, dn) clockwise from grid north.
		want := -math.Atan2(e1-e0, n1-n0) / deg
		if math.Abs(g-want) > 1e-6 {
			t.Errorf("GridConvergence(%v, %v) = %.8f, finite difference %.8f", lat, lon, g, want)
		}
	}
}

// TestErrors: out-of-range input wraps ErrRange, malformed references ErrSyntax.
func TestErrors(t *testing.T) {
	for _, c := range []struct{ lat, lon float64 }{
		{90.0001, 0}, {-91, 0}, {math.NaN(), 0}, {0, 180.5}, {0, -181}, {0, math.Inf(1)}, {0, math.NaN()},
	} {
		if _, err := Format(c.lat, c.lon, 5); !errors.Is(err, ErrRange) {
			t.Errorf("Format(%v, %v): %v, want ErrRange", c.lat, c.lon, err)
		}
		if _, err := GridConvergence(c.lat, c.lon); !errors.Is(err, ErrRange) {
			t.Errorf("GridConvergence(%v, %v): %v, want ErrRange", c.lat, c.lon, err)
		}
	}
	for _, p := range []int{-1, 6} {
		if _, err := Format(0, 0, p); !errors.Is(err, ErrRange) {
			t.Errorf("Format precision %d: %v, want ErrRange", p, err)
		}
	}
	for _, s := range []string{
		"", "33", "33U", "33UX", "33UXP1", "33UXP123", "61UXP", "0UXP", "00UXP", "123UXP",
		"33IXP", "33UXO", "33UOP", "33UXP12345678901", "33UXP 12a4", "33UXP12-34", "33UXP1234X",
		"33ZXP", "33AXP", "CXP", "NAA", "32XMF", "34XDF", "36XMF", "31VEE", "31VHE",
		"33UAP", "33UXW", "33UXZ", "YAA", "ZSA", "ZAZ", "AAA", "BSZ", "33UXF", "33UXK",
		"33UXP٠٠", strings.Repeat("3", 100), "33UXP\x00",
	} {
		if _, err := Parse(s); !errors.Is(err, ErrSyntax) {
			t.Errorf("Parse(%q): %v, want ErrSyntax", s, err)
		}
		if lat, lon, err := Decode(s); err == nil || !math.IsNaN(lat) || !math.IsNaN(lon) {
			t.Errorf("Decode(%q) = %v, %v, %v; want NaN and an error", s, lat, lon, err)
		}
	}
	// Lower case, spaces and a one-digit zone are accepted.
	for _, s := range []string{"33uxp0500444997", "33U XP 05004 44997", " 33UXP0500444997 ", "4QFJ1234056781", "zab3114205767"} {
		if _, err := Parse(s); err != nil {
			t.Errorf("Parse(%q): %v", s, err)
		}
	}
}

// TestMeridianEdges: a point within 0.5 mm west of 3°E in band V, or of 9°E in band
// X, gets the digits of the meridian, so it takes the eastern zone's reference
// (31V has no square east of 3°E; Parse refuses one).
func TestMeridianEdges(t *testing.T) {
	for _, c := range []struct {
		lat, lon float64
		zone     int
	}{{60, 3, 32}, {78, 9, 33}} {
		// 0.3 mm west of the meridian, on the grid of the zone to its west.
		e, n, _ := utmForward(c.zone-1, c.lat, c.lon)
		plat, plon := utmReverse(c.zone-1, true, e-0.0003, n)
		s, err := Format(plat, plon, 5)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Parse(s); err != nil || s[:2] != fmt.Sprint(c.zone) {
			t.Errorf("0.3 mm west of %v°E at %v°N: %s (%v), want zone %d", c.lon, c.lat, s, err, c.zone)
		}
	}
}
