package geo

import (
	"math"
	"math/rand/v2"
	"testing"
)

func dms(d, m, s float64) float64 {
	if d < 0 {
		return d - m/60 - s/3600
	}
	return d + m/60 + s/3600
}

// angDiff is |a-b| in degrees, wrapped so that 179.9999 and -180 are close.
func angDiff(a, b float64) float64 {
	d := math.Mod(math.Abs(a-b), 360)
	if d > 180 {
		d = 360 - d
	}
	return d
}

// Published example: IOGP Publication 373-7-2 (EPSG Guidance Note 7-2),
// "Geographic/geocentric conversions" (EPSG method 9602), WGS 84:
// 53°48'33.820"N 2°07'46.380"E h = 73.000 m  <->  X = 3771793.968 m,
// Y = 140253.342 m, Z = 5124304.349 m (values given to the millimetre).
// The same numbers appear in PROJ's topocentric documentation.
func TestECEF_EPSGExample(t *testing.T) {
	lat, lon, h := dms(53, 48, 33.820), dms(2, 7, 46.380), 73.0
	x, y, z := ToECEF(lat, lon, h)
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"X", x, 3771793.968}, {"Y", y, 140253.342}, {"Z", z, 5124304.349}} {
		if math.Abs(c.got-c.want) > 0.0006 {
			t.Errorf("ToECEF %s = %.4f m, want %.3f (EPSG GN7-2 9602)", c.name, c.got, c.want)
		}
	}
	glat, glon, gh := FromECEF(3771793.968, 140253.342, 5124304.349)
	// 0.0005 m of rounding in the published X/Y/Z is 5e-9 deg of latitude.
	if math.Abs(glat-lat) > 1e-8 || math.Abs(glon-lon) > 1e-8 || math.Abs(gh-h) > 0.001 {
		t.Errorf("FromECEF = %.10f %.10f %.4f, want %.10f %.10f %.3f (EPSG GN7-2 9602)", glat, glon, gh, lat, lon, h)
	}
}

// Published example: IOGP Publication 373-7-2 (EPSG Guidance Note 7-2),
// "Geographic/topocentric conversions" (EPSG method 9837) and the geocentric
// version (9836), WGS 84: topocentric origin 55°N 5°E h0 = 200 m
// (X0 = 3652755.3058, Y0 = 319574.6799, Z0 = 5201547.3536 m); the point of the
// 9602 example has E = -189013.869 m, N = -128642.040 m, U = -4220.171 m.
// Also in PROJ's documentation of +proj=topocentric (cct example).
func TestFrame_EPSGTopocentricExample(t *testing.T) {
	f := NewFrame(55, 5, 200)
	if math.Abs(f.x0-3652755.3058) > 1e-4 || math.Abs(f.y0-319574.6799) > 1e-4 || math.Abs(f.z0-5201547.3536) > 1e-4 {
		t.Errorf("origin ECEF = %.4f %.4f %.4f, want 3652755.3058 319574.6799 5201547.3536", f.x0, f.y0, f.z0)
	}
	lat, lon, h := dms(53, 48, 33.820), dms(2, 7, 46.380), 73.0
	e, n, u := f.ToENU(lat, lon, h)
	for _, c := range []struct {
		name      string
		got, want float64
	}{{"E", e, -189013.869}, {"N", n, -128642.040}, {"U", u, -4220.171}} {
		if math.Abs(c.got-c.want) > 0.0006 {
			t.Errorf("ToENU %s = %.4f m, want %.3f (EPSG GN7-2 9837)", c.name, c.got, c.want)
		}
	}
	e, n, u = f.ECEFToENU(3771793.968, 140253.342, 5124304.349)
	if math.Abs(e+189013.869) > 0.0006 || math.Abs(n+128642.040) > 0.0006 || math.Abs(u+4220.171) > 0.0006 {
		t.Errorf("ECEFToENU = %.4f %.4f %.4f, want -189013.869 -128642.040 -4220.171 (EPSG 9836)", e, n, u)
	}
	glat, glon, gh := f.ToGeodetic(-189013.869, -128642.040, -4220.171)
	if math.Abs(glat-lat) > 1e-8 || math.Abs(glon-lon) > 1e-8 || math.Abs(gh-h) > 0.001 {
		t.Errorf("ToGeodetic = %.10f %.10f %.4f, want %.10f %.10f %.3f", glat, glon, gh, lat, lon, h)
	}
}

// Exact points from the definition of the ellipsoid (a, b = a(1-f) = 6356752.314245 m,
// NIMA TR8350.2 table 3.3).
func TestECEF_AxisPoints(t *testing.T) {
	cases := []struct {
		lat, lon, h float64
		x, y, z     float64
	}{
		{0, 0, 0, A, 0, 0},
		{0, 90, 0, 0, A, 0},
		{0, 180, 0, -A, 0, 0},
		{0, -90, 100, 0, -A - 100, 0},
		{90, 0, 0, 0, 0, 6356752.314245},
		{-90, 0, 1000, 0, 0, -6356752.314245 - 1000},
	}
	for _, c := range cases {
		x, y, z := ToECEF(c.lat, c.lon, c.h)
		if math.Abs(x-c.x) > 1e-6 || math.Abs(y-c.y) > 1e-6 || math.Abs(z-c.z) > 1e-6 {
			t.Errorf("ToECEF(%v,%v,%v) = %.6f %.6f %.6f, want %.6f %.6f %.6f", c.lat, c.lon, c.h, x, y, z, c.x, c.y, c.z)
		}
		lat, lon, h := FromECEF(c.x, c.y, c.z)
		lonOK := math.Abs(c.lat) == 90 || angDiff(lon, c.lon) < 1e-12
		if math.Abs(lat-c.lat) > 1e-12 || !lonOK || math.Abs(h-c.h) > 1e-6 {
			t.Errorf("FromECEF(%v,%v,%v) = %v %v %v, want %v %v %v", c.x, c.y, c.z, lat, lon, h, c.lat, c.lon, c.h)
		}
	}
}

func checkRoundTrip(t *testing.T, lat, lon, h float64) {
	t.Helper()
	x, y, z := ToECEF(lat, lon, h)
	glat, glon, gh := FromECEF(x, y, z)
	if math.Abs(glat-lat) > 1e-9 || math.Abs(gh-h) > 1e-3 {
		t.Fatalf("round trip (%v, %v, %v) -> (%v, %v, %v): dlat %.3g deg, dh %.3g m", lat, lon, h, glat, glon, gh, glat-lat, gh-h)
	}
	// Longitude is undefined at the poles; compare it elsewhere, with wrap-around.
	if math.Abs(lat) < 90 && angDiff(glon, lon)*math.Cos(lat*deg) > 1e-9 {
		t.Fatalf("round trip (%v, %v, %v) -> lon %v", lat, lon, h, glon)
	}
	if glon < -180 || glon >= 180 {
		t.Fatalf("longitude %v not in [-180, 180)", glon)
	}
}

func TestRoundTrip_Grid(t *testing.T) {
	lats := []float64{-90, -89.999999, -89.9, -60, -45, -30, -1e-9, 0, 1e-9, 12.5, 45, 53.8, 80, 89.9, 89.999999, 90}
	lons := []float64{-180, -179.9999999, -120, -0.5, 0, 0.5, 90, 179.9999999, 180, 359, 540, -720}
	hs := []float64{-1000, -50, 0, 1, 1500, 7620, 12000, 38969, 41422, 100000, 1e6}
	for _, lat := range lats {
		for _, lon := range lons {
			for _, h := range hs {
				checkRoundTrip(t, lat, lon, h)
			}
		}
	}
}

func TestRoundTrip_Random(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	worst := 0.0
	for range 200000 {
		lat := r.Float64()*180 - 90
		lon := r.Float64()*360 - 180
		h := r.Float64()*60000 - 1000
		x, y, z := ToECEF(lat, lon, h)
		glat, _, gh := FromECEF(x, y, z)
		worst = max(worst, math.Abs(glat-lat)*111e3, math.Abs(gh-h))
		checkRoundTrip(t, lat, lon, h)
	}
	t.Logf("worst round-trip error over 200000 random points: %.3g m", worst)
}

func TestFrame_RoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	origins := [][3]float64{{0, 0, 0}, {35.3, -117.8, 700}, {-33.9, 151.2, 10}, {64.8, -147.7, 130}, {89.99, 30, 0}, {-89.99, -30, 2800}, {0.2, 179.99, 0}, {10, -179.99, 50}}
	for _, o := range origins {
		f := NewFrame(o[0], o[1], o[2])
		for range 20000 {
			// points within ~50 km and up to 45 km high: the working volume of a HALO/HAHO jump
			e := r.Float64()*1e5 - 5e4
			n := r.Float64()*1e5 - 5e4
			u := r.Float64()*45000 - 1000
			lat, lon, h := f.ToGeodetic(e, n, u)
			e2, n2, u2 := f.ToENU(lat, lon, h)
			if d := math.Sqrt((e-e2)*(e-e2) + (n-n2)*(n-n2) + (u-u2)*(u-u2)); d > 1e-6 {
				t.Fatalf("origin %v: ENU (%v,%v,%v) -> (%v,%v,%v) -> (%v,%v,%v): %.3g m", o, e, n, u, lat, lon, h, e2, n2, u2, d)
			}
		}
		lat, lon, h := f.ToGeodetic(0, 0, 0)
		if math.Abs(lat-o[0]) > 1e-10 || angDiff(lon, o[1]) > 1e-10 || math.Abs(h-o[2]) > 1e-6 {
			t.Errorf("origin %v -> %v %v %v", o, lat, lon, h)
		}
	}
}

// The frame's axes point east, north and up: a point 1 m north of the origin has
// n ≈ 1 and e ≈ 0, and so on; and the origin height lifts u.
func TestFrame_Axes(t *testing.T) {
	f := NewFrame(45, 10, 0)
	// One metre of latitude is 1/M radians (M = meridian radius of curvature).
	dlat := 1 / f.m / deg
	e, n, u := f.ToENU(45+dlat, 10, 0)
	if math.Abs(e) > 1e-9 || math.Abs(n-1) > 1e-6 || math.Abs(u) > 1e-6 {
		t.Errorf("1 m north -> %v %v %v", e, n, u)
	}
	dlon := 1 / (f.n * math.Cos(45*deg)) / deg
	e, n, u = f.ToENU(45, 10+dlon, 0)
	if math.Abs(e-1) > 1e-6 || math.Abs(n) > 1e-6 || math.Abs(u) > 1e-6 {
		t.Errorf("1 m east -> %v %v %v", e, n, u)
	}
	e, n, u = f.ToENU(45, 10, 1000)
	if math.Abs(e) > 1e-9 || math.Abs(n) > 1e-9 || math.Abs(u-1000) > 1e-9 {
		t.Errorf("1000 m up -> %v %v %v", e, n, u)
	}
}

// vincentyInverse is Vincenty's (1975) inverse formula on WGS84, an independent
// ellipsoidal geodesic used only to check Distance, Bearing and Destination.
func vincentyInverse(lat1, lon1, lat2, lon2 float64) (s, az1 float64) {
	L := (lon2 - lon1) * deg
	u1 := math.Atan((1 - F) * math.Tan(lat1*deg))
	u2 := math.Atan((1 - F) * math.Tan(lat2*deg))
	su1, cu1 := math.Sincos(u1)
	su2, cu2 := math.Sincos(u2)
	λ := L
	var sσ, cσ, σ, cos2α, c2σm float64
	for range 200 {
		sλ, cλ := math.Sincos(λ)
		sσ = math.Hypot(cu2*sλ, cu1*su2-su1*cu2*cλ)
		if sσ == 0 {
			return 0, 0
		}
		cσ = su1*su2 + cu1*cu2*cλ
		σ = math.Atan2(sσ, cσ)
		sα := cu1 * cu2 * sλ / sσ
		cos2α = 1 - sα*sα
		c2σm = 0
		if cos2α != 0 {
			c2σm = cσ - 2*su1*su2/cos2α
		}
		C := F / 16 * cos2α * (4 + F*(4-3*cos2α))
		prev := λ
		λ = L + (1-C)*F*sα*(σ+C*sσ*(c2σm+C*cσ*(-1+2*c2σm*c2σm)))
		if math.Abs(λ-prev) < 1e-14 {
			break
		}
	}
	u2sq := cos2α * (A*A - B*B) / (B * B)
	bigA := 1 + u2sq/16384*(4096+u2sq*(-768+u2sq*(320-175*u2sq)))
	bigB := u2sq / 1024 * (256 + u2sq*(-128+u2sq*(74-47*u2sq)))
	dσ := bigB * sσ * (c2σm + bigB/4*(cσ*(-1+2*c2σm*c2σm)-bigB/6*c2σm*(-3+4*sσ*sσ)*(-3+4*c2σm*c2σm)))
	s = B * bigA * (σ - dσ)
	sλ, cλ := math.Sincos(λ)
	az1 = math.Atan2(cu2*sλ, cu1*su2-su1*cu2*cλ) / deg
	if az1 < 0 {
		az1 += 360
	}
	return s, az1
}

// Published geodesic: Geoscience Australia's Vincenty worked example (GDA94 /
// GRS80, whose flattening differs from WGS84's by 1.6e-11, negligible here):
// Flinders Peak 37°57'03.72030"S 144°25'29.52440"E to Buninyong
// 37°39'10.15610"S 143°55'35.38390"E: s = 54972.271 m, azimuth 306°52'05.37".
func TestVincentyHelper_GAExample(t *testing.T) {
	lat1, lon1 := dms(-37, 57, 3.72030), dms(144, 25, 29.52440)
	lat2, lon2 := dms(-37, 39, 10.15610), dms(143, 55, 35.38390)
	s, az := vincentyInverse(lat1, lon1, lat2, lon2)
	if math.Abs(s-54972.271) > 0.001 || math.Abs(az-dms(306, 52, 5.37)) > 0.01/3600 {
		t.Errorf("vincenty = %.4f m %.6f deg, want 54972.271 m 306°52'05.37\"", s, az)
	}
	// Our frame-based Distance over the same 55 km line.
	d := Distance(lat1, lon1, lat2, lon2)
	b := Bearing(lat1, lon1, lat2, lon2)
	t.Logf("Distance over the GA 55 km line: %.4f m (published 54972.271), bearing %.6f (published %.6f)", d, b, dms(306, 52, 5.37))
	if math.Abs(d-54972.271) > 0.05 || math.Abs(b-dms(306, 52, 5.37)) > 1e-3 {
		t.Errorf("Distance/Bearing = %.4f m %.6f deg, want 54972.271 m 306.868158 deg", d, b)
	}
}

func TestDistanceBearing_VsVincenty(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	type band struct {
		maxDist, tolDist, tolBearing, tolRound float64
	}
	for _, b := range []band{{20e3, 1e-3, 1e-3, 1e-6}, {200e3, 1.0, 0.01, 0.01}} {
		worstD, worstB, worstR := 0.0, 0.0, 0.0
		for range 20000 {
			lat := r.Float64()*170 - 85
			lon := r.Float64()*360 - 180
			brg := r.Float64() * 360
			dist := r.Float64() * b.maxDist
			lat2, lon2 := Destination(lat, lon, brg, dist)
			s, az := vincentyInverse(lat, lon, lat2, lon2)
			worstD = max(worstD, math.Abs(s-dist))
			if dist > 100 {
				worstB = max(worstB, angDiff(az, brg))
			}
			d := Distance(lat, lon, lat2, lon2)
			bb := Bearing(lat, lon, lat2, lon2)
			worstR = max(worstR, math.Abs(d-dist))
			if math.Abs(d-dist) > b.tolRound {
				t.Fatalf("Distance(Destination(%v,%v,%v,%v)) = %v", lat, lon, brg, dist, d)
			}
			// compare the sideways miss in metres: ECEF rounding is ~1e-9 m
			if dist > 1 && angDiff(bb, brg)*deg*dist > b.tolRound {
				t.Fatalf("Bearing(Destination(%v,%v,%v,%v)) = %v", lat, lon, brg, dist, bb)
			}
		}
		t.Logf("within %.0f km: worst |Destination distance - Vincenty| = %.3g m, worst bearing diff = %.3g deg, worst Distance(Destination) round trip %.3g m", b.maxDist/1000, worstD, worstB, worstR)
		if worstD > b.tolDist || worstB > b.tolBearing {
			t.Errorf("within %.0f km: distance error %.3g m (limit %g), bearing error %.3g deg (limit %g)", b.maxDist/1000, worstD, b.tolDist, worstB, b.tolBearing)
		}
	}
}

func TestDistance_Simple(t *testing.T) {
	if d := Distance(10, 20, 10, 20); d != 0 {
		t.Errorf("Distance to itself = %v", d)
	}
	// Across the antimeridian: 0.01 deg of longitude on the equator is a·0.01·π/180.
	want := A * 0.02 * deg
	if d := Distance(0, 179.99, 0, -179.99); math.Abs(d-want) > 1e-6 {
		t.Errorf("Distance across the antimeridian = %.6f, want %.6f", d, want)
	}
	if b := Bearing(0, 179.99, 0, -179.99); math.Abs(b-90) > 1e-9 {
		t.Errorf("Bearing across the antimeridian = %v, want 90", b)
	}
	if b := Bearing(0, 0, -0.01, 0); math.Abs(b-180) > 1e-9 {
		t.Errorf("Bearing due south = %v, want 180", b)
	}
	lat, lon := Destination(0, 179.99, 90, want)
	if math.Abs(lat) > 1e-12 || angDiff(lon, -179.99) > 1e-10 {
		t.Errorf("Destination across the antimeridian = %v %v", lat, lon)
	}
}

func TestValidateLatLon(t *testing.T) {
	for _, c := range []struct {
		lat, lon float64
		ok       bool
	}{{0, 0, true}, {90, 180, true}, {-90, -540, true}, {90.0001, 0, false}, {math.NaN(), 0, false}, {0, math.Inf(1), false}, {0, math.NaN(), false}} {
		if err := ValidateLatLon(c.lat, c.lon); (err == nil) != c.ok {
			t.Errorf("ValidateLatLon(%v, %v) = %v", c.lat, c.lon, err)
		}
	}
}

func TestNoAllocs(t *testing.T) {
	f := NewFrame(35, -117, 700)
	var sink float64
	a := testing.AllocsPerRun(100, func() {
		e, n, u := f.ToENU(35.1, -117.1, 7000)
		lat, lon, h := f.ToGeodetic(e, n, u)
		sink += lat + lon + h
	})
	if a != 0 {
		t.Errorf("ToENU+ToGeodetic allocate %v times per call", a)
	}
	_ = sink
}

func FuzzRoundTrip(f *testing.F) {
	f.Add(53.8, 2.1, 73.0)
	f.Add(90.0, 0.0, 0.0)
	f.Add(-90.0, 180.0, 41422.0)
	f.Add(0.0, -180.0, -100.0)
	f.Fuzz(func(t *testing.T, lat, lon, h float64) {
		if math.IsNaN(lat) || math.IsNaN(lon) || math.IsNaN(h) || math.Abs(lat) > 90 || math.Abs(lon) > 1e6 || h < -10000 || h > 1e6 {
			return
		}
		checkRoundTrip(t, lat, lon, h)
	})
}

func BenchmarkToENU(b *testing.B) {
	f := NewFrame(35, -117, 700)
	var s float64
	for i := 0; b.Loop(); i++ {
		e, n, u := f.ToENU(35.1, -117.1, float64(i%10000))
		s += e + n + u
	}
	_ = s
}

func BenchmarkToGeodetic(b *testing.B) {
	f := NewFrame(35, -117, 700)
	var s float64
	for i := 0; b.Loop(); i++ {
		lat, lon, h := f.ToGeodetic(1000, 2000, float64(i%10000))
		s += lat + lon + h
	}
	_ = s
}
