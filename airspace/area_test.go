package airspace

import (
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"

	"halo/geo"
)

// square is the 1000 m square [0, 1000] × [0, 1000] (east, north metres); the
// expected values below are worked out by hand from that geometry.
var square = [][2]float64{{0, 0}, {1000, 0}, {1000, 1000}, {0, 1000}}

// hole is the allowed square [400, 600]² inside it.
var hole = [][2]float64{{400, 400}, {600, 400}, {600, 600}, {400, 600}}

func mustArea(t *testing.T, outer [][2]float64, holes ...[][2]float64) Area {
	t.Helper()
	a, err := FromENU("test", outer, holes...)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestSignedDistanceAndContains(t *testing.T) {
	a := mustArea(t, square)
	h := mustArea(t, square, hole)
	cases := []struct {
		name string
		area Area
		e, n float64
		want float64
	}{
		{"centre", a, 500, 500, -500},
		{"east of the square", a, 1500, 500, 500},
		{"off the NE corner (3-4-5)", a, 1300, 1400, 500},
		{"inside near the east edge", a, 900, 500, -100},
		{"on the east edge", a, 1000, 500, 0},
		{"on a corner", a, 0, 0, 0},
		{"reversed ring gives the same", mustArea(t, [][2]float64{{0, 1000}, {1000, 1000}, {1000, 0}, {0, 0}, {0, 1000}}), 1500, 500, 500},
		{"in the hole (allowed)", h, 500, 500, 100},
		{"between hole and outer edge", h, 300, 500, -100},
		{"inside, nearer the hole", h, 350, 500, -50},
	}
	for _, c := range cases {
		if got := c.area.SignedDistance(c.e, c.n); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("%s: SignedDistance(%v, %v) = %v, want %v", c.name, c.e, c.n, got, c.want)
		}
		if got, want := c.area.Contains(c.e, c.n), c.want <= 0; got != want {
			t.Errorf("%s: Contains(%v, %v) = %v, want %v", c.name, c.e, c.n, got, want)
		}
	}
}

func TestIntersectsSegment(t *testing.T) {
	a := mustArea(t, square)
	cases := []struct {
		name string
		p, q [2]float64
		want bool
	}{
		{"west of it", [2]float64{-100, 500}, [2]float64{-50, 2000}, false},
		{"straight through", [2]float64{-100, 500}, [2]float64{1100, 500}, true},
		{"south of it, parallel", [2]float64{-100, -100}, [2]float64{1100, -100}, false},
		{"along the south edge", [2]float64{-100, 0}, [2]float64{1100, 0}, true},
		{"through a corner only", [2]float64{-100, 100}, [2]float64{100, -100}, true},
		{"diagonal through", [2]float64{1100, -100}, [2]float64{-100, 1100}, true},
		{"ends inside", [2]float64{-100, 500}, [2]float64{10, 500}, true},
		{"wholly inside", [2]float64{100, 100}, [2]float64{200, 200}, true},
		{"stops 1 m short", [2]float64{-100, 500}, [2]float64{-1, 500}, false},
	}
	for _, c := range cases {
		if got := a.IntersectsSegment(c.p, c.q); got != c.want {
			t.Errorf("%s: IntersectsSegment(%v, %v) = %v, want %v", c.name, c.p, c.q, got, c.want)
		}
	}
	// a segment crossing only the hole stays in the allowed area
	h := mustArea(t, square, hole)
	if h.IntersectsSegment([2]float64{450, 450}, [2]float64{550, 550}) {
		t.Error("segment inside the hole reported as intersecting")
	}
}

func TestClosestApproach(t *testing.T) {
	a := mustArea(t, square)
	cases := []struct {
		name     string
		track    [][2]float64
		dist     float64
		seg      int
		tt       float64
		at, bnd  [2]float64
		checkLoc bool
	}{
		{"parallel pass 300 m west", [][2]float64{{-300, -400}, {-300, 600}, {-300, 2000}}, 300, 0, 0, [2]float64{}, [2]float64{}, false},
		{"single point off the NE corner", [][2]float64{{1300, 1400}}, 500, 0, 0, [2]float64{1300, 1400}, [2]float64{1000, 1000}, true},
		{"ends 3-4-5 from the corner", [][2]float64{{2000, 2000}, {1300, 1400}}, 500, 0, 1, [2]float64{1300, 1400}, [2]float64{1000, 1000}, true},
		{"passes a corner at 100·√2", [][2]float64{{-200, 0}, {0, -200}}, 100 * math.Sqrt2, 0, 0.5, [2]float64{-100, -100}, [2]float64{0, 0}, true},
		{"enters the west edge", [][2]float64{{-500, 500}, {500, 500}}, 0, 0, 0.5, [2]float64{0, 500}, [2]float64{0, 500}, true},
	}
	for _, c := range cases {
		got := a.ClosestApproach(c.track)
		if math.Abs(got.Distance-c.dist) > 1e-9 {
			t.Errorf("%s: distance %v, want %v", c.name, got.Distance, c.dist)
			continue
		}
		if !c.checkLoc {
			continue
		}
		if got.Seg != c.seg || math.Abs(got.T-c.tt) > 1e-9 || math.Hypot(got.At[0]-c.at[0], got.At[1]-c.at[1]) > 1e-9 ||
			math.Hypot(got.Boundary[0]-c.bnd[0], got.Boundary[1]-c.bnd[1]) > 1e-9 {
			t.Errorf("%s: %+v, want seg %d T %v at %v boundary %v", c.name, got, c.seg, c.tt, c.at, c.bnd)
		}
	}
	// the 300 m pass: the whole west edge is at 300 m; At must be 300 m from Boundary
	got := a.ClosestApproach([][2]float64{{-300, -400}, {-300, 2000}})
	if math.Abs(math.Hypot(got.At[0]-got.Boundary[0], got.At[1]-got.Boundary[1])-300) > 1e-9 || got.Boundary[0] != 0 {
		t.Errorf("parallel pass: At %v Boundary %v", got.At, got.Boundary)
	}
	if d := a.ClosestApproach(nil).Distance; !math.IsInf(d, 1) {
		t.Errorf("empty track: %v", d)
	}
}

func TestCrossings(t *testing.T) {
	a := mustArea(t, square)
	h := mustArea(t, square, hole)
	type cr struct {
		seg   int
		t     float64
		enter bool
	}
	cases := []struct {
		name  string
		area  Area
		track [][2]float64
		want  []cr
	}{
		{"straight through west to east", a, [][2]float64{{-500, 500}, {1500, 500}}, []cr{{0, 0.25, true}, {0, 0.75, false}}},
		{"in on segment 1, out on segment 2", a, [][2]float64{{-1000, 500}, {500, 500}, {500, 3000}}, []cr{{0, 2.0 / 3, true}, {1, 0.2, false}}},
		{"through the allowed hole", h, [][2]float64{{-500, 500}, {1500, 500}}, []cr{{0, 0.25, true}, {0, 0.45, false}, {0, 0.55, true}, {0, 0.75, false}}},
		{"touches a corner (boundary counts)", a, [][2]float64{{-100, 100}, {100, -100}}, []cr{{0, 0.5, true}, {0, 0.5, false}}},
		{"into a corner and on inside", a, [][2]float64{{-100, -100}, {100, 100}}, []cr{{0, 0.5, true}}},
		{"vertex exactly on the edge", a, [][2]float64{{-100, 500}, {0, 500}, {-100, 600}}, []cr{{0, 1, true}, {1, 0, false}}},
		{"starts inside, leaves", a, [][2]float64{{500, 500}, {500, 1500}}, []cr{{0, 0.5, false}}},
		{"misses", a, [][2]float64{{-500, -500}, {-500, 1500}}, nil},
	}
	for _, c := range cases {
		got := c.area.Crossings(c.track)
		if len(got) != len(c.want) {
			t.Errorf("%s: %d crossings %+v, want %d", c.name, len(got), got, len(c.want))
			continue
		}
		for i, w := range c.want {
			g := got[i]
			if g.Seg != w.seg || math.Abs(g.T-w.t) > 1e-9 || g.Entering != w.enter {
				t.Errorf("%s: crossing %d = seg %d T %v entering %v, want seg %d T %v entering %v", c.name, i, g.Seg, g.T, g.Entering, w.seg, w.t, w.enter)
			}
		}
	}
	// Altitude at the border: a canopy descending 4000 -> 0 m along the first
	// track meets the west edge a quarter of the way: 3000 m.
	alt := []float64{4000, 0}
	c, ok := a.FirstEntry([][2]float64{{-500, 500}, {1500, 500}})
	if !ok {
		t.Fatal("FirstEntry found nothing")
	}
	if got := alt[c.Seg] + c.T*(alt[c.Seg+1]-alt[c.Seg]); math.Abs(got-3000) > 1e-9 || c.At != [2]float64{0, 500} {
		t.Errorf("altitude at the border = %v at %v, want 3000 m at (0, 500)", got, c.At)
	}
	if _, ok := a.FirstEntry([][2]float64{{-500, -500}, {-500, 1500}}); ok {
		t.Error("FirstEntry on a miss")
	}
}

func TestValidate(t *testing.T) {
	ok := Polygon{Name: "ok", Ring: [][2]float64{{10, 50}, {10.1, 50}, {10.1, 50.1}}}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid triangle: %v", err)
	}
	cases := []struct {
		name string
		p    Polygon
		want string
	}{
		{"two points", Polygon{Ring: [][2]float64{{10, 50}, {10.1, 50}, {10, 50}}}, "2 distinct points"},
		{"repeated points", Polygon{Ring: [][2]float64{{10, 50}, {10, 50}, {10.1, 50}, {10.1, 50}}}, "2 distinct points"},
		{"NaN", Polygon{Ring: [][2]float64{{10, 50}, {math.NaN(), 50}, {10.1, 50.1}}}, "point 2 (lat 50, lon NaN): longitude NaN"},
		{"latitude out of range (swapped?)", Polygon{Ring: [][2]float64{{50, 10}, {50, 100}, {50.1, 10}}}, "point 2 (lat 100, lon 50): latitude 100"},
		{"collinear", Polygon{Ring: [][2]float64{{10, 50}, {10.1, 50}, {10.2, 50}}}, "fold back on each other at point 1 (lat 50, lon 10)"},
		{"bow tie", Polygon{Ring: [][2]float64{{0, 0}, {1, 1}, {1, 0}, {0, 1}}}, "intersects itself"},
		{"fold back", Polygon{Ring: [][2]float64{{0, 0}, {2, 0}, {1, 0}, {1, 1}}}, "fold back"},
		{"hole outside", Polygon{Ring: [][2]float64{{0, 0}, {1, 0}, {1, 1}, {0, 1}}, Holes: [][][2]float64{{{2, 2}, {3, 2}, {3, 3}}}}, "outside the outer ring"},
		{"hole crossing the ring", Polygon{Ring: [][2]float64{{0, 0}, {1, 0}, {1, 1}, {0, 1}}, Holes: [][][2]float64{{{0.5, 0.5}, {1.5, 0.5}, {1.5, 0.7}}}}, "crosses hole 1"},
	}
	for _, c := range cases {
		err := c.p.Validate()
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: Validate() = %v, want an error containing %q", c.name, err, c.want)
		}
	}
}

// Project: a box 0.01°–0.02° of longitude east of the drop zone at 45°N. Its west
// edge is a piece of the parallel at Δλ = 0.01°; the east distance of a point on
// the parallel at Δλ from the origin's meridian is N·cosφ·sin(Δλ) (N = prime
// vertical radius of curvature, a/√(1−e²sin²φ) = 6388838.29 m at 45°), i.e.
// 6388838.29·0.70710678·sin(0.01°) = 788.468 m. The origin is 788.47 m outside.
func TestProjectGeographic(t *testing.T) {
	f := geo.NewFrame(45, 7, 0)
	p := Polygon{Name: "box", Ring: [][2]float64{{7.01, 44.99}, {7.02, 44.99}, {7.02, 45.01}, {7.01, 45.01}, {7.01, 44.99}}}
	a, err := Project(f, p)
	if err != nil {
		t.Fatal(err)
	}
	n := geo.A / math.Sqrt(1-geo.E2*0.5)
	want := n * math.Sqrt(0.5) * math.Sin(0.01*math.Pi/180)
	if math.Abs(want-788.468) > 0.001 {
		t.Fatalf("hand value %v", want)
	}
	d := a.SignedDistance(0, 0)
	if math.Abs(d-want) > 0.01 {
		t.Errorf("distance from the origin to the box = %.4f m, want %.3f", d, want)
	}
	// Long edges are densified: the 2.2 km north-south edges get 3 pieces each,
	// the 0.79 km east-west edges 1: 8 points.
	if got := len(a.rings[0]); got != 8 {
		t.Errorf("densified ring has %d points", got)
	}
	// A point just inside the box's centre.
	e, nn, _ := f.ToENU(45, 7.015, 0)
	if !a.Contains(e, nn) {
		t.Error("box centre not inside")
	}
	// Too far: a polygon on the other side of the Earth.
	far := Polygon{Name: "far", Ring: [][2]float64{{-170, -40}, {-169, -40}, {-169, -41}}}
	if _, err := Project(f, far); err == nil || !strings.Contains(err.Error(), "cut the polygon") {
		t.Errorf("far polygon: %v", err)
	}
	// Across the antimeridian the short way: a 0.1° box at 16°S around 180°.
	f2 := geo.NewFrame(-16.05, 180, 0)
	am := Polygon{Name: "am", Ring: [][2]float64{{179.95, -16.0}, {-179.95, -16.0}, {-179.95, -16.1}, {179.95, -16.1}}}
	b, err := Project(f2, am)
	if err != nil {
		t.Fatal(err)
	}
	if !b.Contains(0, 0) || b.maxE-b.minE > 11e3 {
		t.Errorf("antimeridian box: contains origin %v, width %.0f m", b.Contains(0, 0), b.maxE-b.minE)
	}
}

func TestFromENUErrors(t *testing.T) {
	if _, err := FromENU("x", [][2]float64{{0, 0}, {1, math.Inf(1)}, {2, 0}}); err == nil {
		t.Error("Inf accepted")
	}
	if _, err := FromENU("x", square, [][2]float64{{2000, 2000}, {3000, 2000}, {3000, 3000}}); err == nil {
		t.Error("hole outside accepted")
	}
}

func BenchmarkCrossings(b *testing.B) {
	f := geo.NewFrame(35.3, -117.75, 0)
	a, err := Project(f, Polygon{Name: "r", Ring: [][2]float64{{-117.80, 35.30}, {-117.70, 35.30}, {-117.70, 35.40}, {-117.80, 35.40}}})
	if err != nil {
		b.Fatal(err)
	}
	track := make([][2]float64, 500)
	for i := range track {
		track[i] = [2]float64{float64(i)*40 - 10000, float64(i) * 20}
	}
	for b.Loop() {
		_ = a.Crossings(track)
	}
}

// Properties on random convex polygons and random tracks: crossings alternate and
// agree with Contains at both ends; the closest approach is 0 exactly when the
// track touches or enters, and never exceeds any vertex's distance.
func TestCrossingsProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for iter := range 2000 {
		k := 3 + r.IntN(12)
		angs := make([]float64, k)
		for i := range angs {
			angs[i] = r.Float64() * 2 * math.Pi
		}
		sort.Float64s(angs)
		ring := make([][2]float64, 0, k)
		for _, a := range angs {
			ring = append(ring, [2]float64{1000 * math.Cos(a), 1000 * math.Sin(a)})
		}
		a, err := FromENU("rand", ring)
		if err != nil {
			continue // near-degenerate draw
		}
		track := make([][2]float64, 2+r.IntN(5))
		for i := range track {
			switch r.IntN(3) {
			case 0: // random point
				track[i] = [2]float64{r.Float64()*4000 - 2000, r.Float64()*4000 - 2000}
			case 1: // exactly a polygon vertex (degenerate crossings)
				track[i] = ring[r.IntN(k)]
			default: // an edge midpoint pushed out or in along the radius
				j := r.IntN(k)
				m := lerp(ring[j], ring[(j+1)%k], 0.5)
				s := []float64{0.5, 1, 2}[r.IntN(3)]
				track[i] = [2]float64{m[0] * s, m[1] * s}
			}
		}
		cs := a.Crossings(track)
		state := a.Contains(track[0][0], track[0][1])
		for _, c := range cs {
			if c.Entering == state {
				t.Fatalf("iter %d: crossing %+v does not alternate (state %v); track %v ring %v", iter, c, state, track, ring)
			}
			state = c.Entering
		}
		last := track[len(track)-1]
		if state != a.Contains(last[0], last[1]) {
			t.Fatalf("iter %d: state after crossings %v, Contains(end) %v; track %v ring %v", iter, state, !state, track, ring)
		}
		ap := a.ClosestApproach(track)
		touches := len(cs) > 0 || a.Contains(track[0][0], track[0][1])
		if (ap.Distance == 0) != touches {
			t.Fatalf("iter %d: closest approach %v but touches=%v", iter, ap.Distance, touches)
		}
		for _, p := range track {
			if d := a.SignedDistance(p[0], p[1]); d > 0 && ap.Distance > d+1e-9 {
				t.Fatalf("iter %d: closest approach %v > vertex distance %v", iter, ap.Distance, d)
			}
		}
		for s := 0; s+1 < len(track); s++ {
			if a.IntersectsSegment(track[s], track[s+1]) != (a.ClosestApproach(track[s:s+2]).Distance == 0) {
				t.Fatalf("iter %d: IntersectsSegment disagrees with ClosestApproach on segment %d", iter, s)
			}
		}
	}
}
