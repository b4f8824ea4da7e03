package wind

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

const kt = 1852.0 / 3600 // m/s

var nan = math.NaN()

func mustProfile(t *testing.T, ls ...Layer) *Profile {
	t.Helper()
	p, err := NewProfile("test", ls)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// angleDiff is the smallest difference between two directions, degrees.
func angleDiff(a, b float64) float64 {
	d := math.Mod(math.Abs(a-b), 360)
	return math.Min(d, 360-d)
}

// Interpolating 350° and 10° must pass through north, not south: components, not angles.
func TestInterpolationAcrossNorth(t *testing.T) {
	p := mustProfile(t,
		Layer{Alt: 0, FromDeg: 350, Speed: 20 * kt, Temp: nan},
		Layer{Alt: 1000, FromDeg: 10, Speed: 20 * kt, Temp: nan},
	)
	from, speed := FromUV(p.At(500))
	if angleDiff(from, 0) > 1e-9 {
		t.Errorf("at 500 m the wind is from %.6f°, want 0° (180° would be the angle-average bug)", from)
	}
	// the vector mean is shorter than either: 20 kt·cos 10°
	if want := 20 * kt * math.Cos(10*math.Pi/180); math.Abs(speed-want) > 1e-9 {
		t.Errorf("speed at 500 m %.6f m/s, want %.6f", speed, want)
	}
	// a quarter of the way: from 355°
	// (the vector mean turns slightly off the angle mean: 354.96°)
	if from, _ := FromUV(p.At(250)); angleDiff(from, 355) > 0.1 {
		t.Errorf("at 250 m from %.4f°, want ~355°", from)
	}
	// a veering light wind passes through calm, as the real vector does
	q := mustProfile(t, Layer{Alt: 0, FromDeg: 0, Speed: 5 * kt, Temp: nan}, Layer{Alt: 100, FromDeg: 180, Speed: 5 * kt, Temp: nan})
	if u, v := q.At(50); math.Hypot(u, v) > 1e-12 {
		t.Errorf("opposite winds average to calm, got %v, %v", u, v)
	}
}

func TestAtLayersAndClamping(t *testing.T) {
	ls := []Layer{
		{Alt: 3000, FromDeg: 270, Speed: 30 * kt, Temp: nan},
		{Alt: 0, FromDeg: 180, Speed: 10 * kt, Temp: nan},
		{Alt: 1000, FromDeg: 225, Speed: 15 * kt, Temp: nan},
	}
	p := mustProfile(t, ls...)
	if p.Bottom() != 0 || p.Top() != 3000 || p.Source != "test" {
		t.Errorf("Bottom %v Top %v Source %q", p.Bottom(), p.Top(), p.Source)
	}
	for _, l := range ls {
		u, v := p.At(l.Alt)
		wu, wv := l.UV()
		if math.Abs(u-wu) > 1e-12 || math.Abs(v-wv) > 1e-12 {
			t.Errorf("At(%v) = %v,%v, layer gives %v,%v", l.Alt, u, v, wu, wv)
		}
	}
	bu, bv := ls[1].UV()
	tu, tv := ls[0].UV()
	for _, z := range []float64{-500, -1, math.Inf(-1)} {
		if u, v := p.At(z); u != bu || v != bv {
			t.Errorf("below the lowest report At(%v) = %v,%v, want the lowest %v,%v", z, u, v, bu, bv)
		}
	}
	for _, z := range []float64{3000.001, 20000, math.Inf(1)} {
		if u, v := p.At(z); u != tu || v != tv {
			t.Errorf("above the top At(%v) = %v,%v, want the top %v,%v", z, u, v, tu, tv)
		}
	}
	// linear in components between 1000 and 3000 m
	u1, v1 := ls[2].UV()
	u, v := p.At(2500)
	if math.Abs(u-(u1+0.75*(tu-u1))) > 1e-12 || math.Abs(v-(v1+0.75*(tv-v1))) > 1e-12 {
		t.Errorf("At(2500) = %v,%v", u, v)
	}
	// Layers returns the sorted reports, as a copy.
	got := p.Layers()
	if got[0].Alt != 0 || got[1].Alt != 1000 || got[2].Alt != 3000 {
		t.Errorf("Layers not sorted: %+v", got)
	}
	got[0].Speed = 99
	if p.Layers()[0].Speed == 99 || ls[0].Alt != 3000 {
		t.Errorf("Layers or NewProfile share memory with the caller")
	}
	// a single layer holds everywhere
	one := mustProfile(t, Layer{Alt: 500, FromDeg: 90, Speed: 5, Temp: nan})
	for _, z := range []float64{-500, 500, 9000} {
		if u, v := one.At(z); math.Abs(u+5) > 1e-12 || math.Abs(v) > 1e-12 {
			t.Errorf("single layer At(%v) = %v,%v; want -5,0 (from the east)", z, u, v)
		}
	}
}

// The cursor is only a speed-up: any sequence of altitudes, with any cursor state,
// gives exactly At's answer.
func TestAtCursorEqualsAt(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 300; trial++ {
		n := 1 + r.IntN(12)
		var ls []Layer
		seen := map[float64]bool{}
		for len(ls) < n {
			z := math.Round(r.Float64()*15000 - 400)
			if seen[z] {
				continue
			}
			seen[z] = true
			ls = append(ls, Layer{Alt: z, FromDeg: r.Float64() * 360, Speed: r.Float64() * 60, Temp: nan, Variable: r.IntN(10) == 0})
		}
		p := mustProfile(t, ls...)
		c := r.IntN(20) - 5 // any starting cursor, even a nonsense one
		z := r.Float64() * 16000
		for step := 0; step < 200; step++ {
			switch r.IntN(4) {
			case 0: // jump anywhere, also outside
				z = r.Float64()*20000 - 2000
			case 1: // exactly on a layer
				z = p.alt[r.IntN(len(p.alt))]
			default: // descend steadily, as a simulation does
				z -= r.Float64() * 300
			}
			u1, v1 := p.AtCursor(z, &c)
			u2, v2 := p.At(z)
			if u1 != u2 || v1 != v2 {
				t.Fatalf("trial %d: AtCursor(%v) = %v,%v, At = %v,%v", trial, z, u1, v1, u2, v2)
			}
			if z > p.Bottom() && z < p.Top() && (c < 0 || c > len(p.alt)-2) {
				t.Fatalf("cursor %d out of range for %d layers", c, len(p.alt))
			}
		}
	}
}

func TestFromUVRoundTrip(t *testing.T) {
	// fixed cases: from the west blows east (u > 0); from the north blows south (v < 0)
	for _, c := range []struct{ from, u, v float64 }{
		{0, 0, -10}, {90, -10, 0}, {180, 0, 10}, {270, 10, 0}, {45, -10 / math.Sqrt2, -10 / math.Sqrt2},
	} {
		u, v := Layer{FromDeg: c.from, Speed: 10}.UV()
		if math.Abs(u-c.u) > 1e-12 || math.Abs(v-c.v) > 1e-12 {
			t.Errorf("from %v°: UV = %v,%v, want %v,%v", c.from, u, v, c.u, c.v)
		}
		from, s := FromUV(c.u, c.v)
		if angleDiff(from, c.from) > 1e-9 || math.Abs(s-10) > 1e-12 {
			t.Errorf("FromUV(%v,%v) = %v, %v; want %v, 10", c.u, c.v, from, s, c.from)
		}
	}
	// a wind a hair west of north: 359.99…° or 0°, never 360°
	for _, u := range []float64{1e-20, 1e-300, 5e-324} {
		if d, _ := FromUV(u, -1); !(d >= 0 && d < 360) {
			t.Errorf("FromUV(%g, -1) = %v°, outside [0, 360)", u, d)
		}
	}
	if q := mustProfile(t, Layer{Alt: 0, FromDeg: 10, Speed: 1, Temp: nan}).Scaled(1, -10-1e-14); !(q.Layers()[0].FromDeg < 360) {
		t.Errorf("Scaled to just below north: from %v°", q.Layers()[0].FromDeg)
	}
	if d, s := FromUV(0, 0); d != 0 || s != 0 {
		t.Errorf("FromUV(0,0) = %v,%v", d, s)
	}
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 10000; i++ {
		from, speed := r.Float64()*360, 0.01+r.Float64()*150
		d, s := FromUV(Layer{FromDeg: from, Speed: speed}.UV())
		if !(d >= 0 && d < 360) {
			t.Fatalf("FromUV direction %v outside [0,360)", d)
		}
		if angleDiff(d, from) > 1e-9 || math.Abs(s-speed) > 1e-12*speed {
			t.Fatalf("round trip %v° %v m/s -> %v° %v m/s", from, speed, d, s)
		}
	}
}

func TestNewProfileErrors(t *testing.T) {
	ok := Layer{Alt: 0, FromDeg: 90, Speed: 5, Temp: nan}
	with := func(f func(*Layer)) []Layer {
		l := ok
		f(&l)
		return []Layer{{Alt: 5000, FromDeg: 0, Speed: 1, Temp: nan}, l}
	}
	for _, c := range []struct {
		name   string
		layers []Layer
		want   string
	}{
		{"empty", nil, "no layers"},
		{"NaN altitude", with(func(l *Layer) { l.Alt = nan }), "outside -500 m..86 km"},
		{"too high", with(func(l *Layer) { l.Alt = 90000 }), "outside -500 m..86 km"},
		{"too low", with(func(l *Layer) { l.Alt = -501 }), "outside -500 m..86 km"},
		{"infinite altitude", with(func(l *Layer) { l.Alt = math.Inf(1) }), "outside -500 m..86 km"},
		{"negative speed", with(func(l *Layer) { l.Speed = -1 }), "speed -1 m/s is outside 0..150"},
		{"NaN speed", with(func(l *Layer) { l.Speed = nan }), "speed NaN m/s"},
		{"too fast", with(func(l *Layer) { l.Speed = 151 }), "outside 0..150 m/s"},
		{"negative direction", with(func(l *Layer) { l.FromDeg = -10 }), "direction -10° is outside 0..360°"},
		{"direction above 360", with(func(l *Layer) { l.FromDeg = 361 }), "outside 0..360°"},
		{"NaN direction", with(func(l *Layer) { l.FromDeg = nan }), "outside 0..360°"},
		{"cold", with(func(l *Layer) { l.Temp = 100 }), "temperature 100.0 K is outside"},
		{"hot", with(func(l *Layer) { l.Temp = 400 }), "is outside -123..77 °C"},
		{"duplicate altitude", append(with(func(l *Layer) {}), Layer{Alt: 0, FromDeg: 10, Speed: 1, Temp: nan}), "two layers at 0 m"},
	} {
		p, err := NewProfile("x", c.layers)
		if err == nil || p != nil {
			t.Errorf("%s: NewProfile accepted %+v", c.name, c.layers)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %q does not contain %q", c.name, err, c.want)
		}
	}
	if _, err := NewProfile("x", nil); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty profile: %v, want ErrEmpty", err)
	}
	// edges accepted: 360°, calm, -500 m, 86 km, 150 K and 350 K (the mission decoder
	// accepts "150 K" and "76.85 C"; a profile must then build from its layers)
	if _, err := NewProfile("x", []Layer{{Alt: -500, FromDeg: 360, Speed: 0, Temp: 150}, {Alt: 86000, FromDeg: 0, Speed: 150, Temp: 350}}); err != nil {
		t.Errorf("edge values rejected: %v", err)
	}
}

func TestVariableAndCalm(t *testing.T) {
	p := mustProfile(t,
		Layer{Alt: 0, FromDeg: 123, Speed: 2, Temp: nan, Variable: true},
		Layer{Alt: 1000, FromDeg: 0, Speed: 0, Temp: nan},
	)
	if u, v := p.At(0); u != 0 || v != 0 {
		t.Errorf("light and variable is used as calm, got %v,%v", u, v)
	}
	if !p.Calm() {
		t.Error("Calm() false for variable + calm")
	}
	q := mustProfile(t, Layer{Alt: 0, FromDeg: 0, Speed: 0, Temp: nan}, Layer{Alt: 1000, FromDeg: 10, Speed: 1, Temp: nan})
	if q.Calm() {
		t.Error("Calm() true with a 1 m/s layer")
	}
}

func TestTemp(t *testing.T) {
	p := mustProfile(t,
		Layer{Alt: 0, FromDeg: 0, Speed: 1, Temp: 300},
		Layer{Alt: 1000, FromDeg: 0, Speed: 1, Temp: nan}, // no temperature here
		Layer{Alt: 3000, FromDeg: 0, Speed: 1, Temp: 280},
		Layer{Alt: 5000, FromDeg: 0, Speed: 1, Temp: nan},
	)
	for _, c := range []struct {
		z    float64
		want float64
		ok   bool
	}{
		{0, 300, true},
		{1000, 300 - 20.0/3, true}, // interpolated across the layer without temperature
		{1500, 290, true},
		{3000, 280, true},
		{-100, 0, false}, // below the lowest report with a temperature
		{3001, 0, false}, // above the highest report with a temperature
		{5000, 0, false},
	} {
		got, ok := p.Temp(c.z)
		if ok != c.ok || (ok && math.Abs(got-c.want) > 1e-9) || (!ok && !math.IsNaN(got)) {
			t.Errorf("Temp(%v) = %v, %v; want %v, %v", c.z, got, ok, c.want, c.ok)
		}
	}
	none := mustProfile(t, Layer{Alt: 0, FromDeg: 0, Speed: 1, Temp: nan})
	if _, ok := none.Temp(0); ok {
		t.Error("Temp reported for a profile without temperatures")
	}
}

// Scaled(k, rot) is the profile whose every report has speed·k and from+rot
// (clockwise): its vectors equal those of the rotated reports, at the reports and in
// between (rotation and scaling are linear, so they commute with interpolation).
func TestScaled(t *testing.T) {
	ls := []Layer{
		{Alt: 0, FromDeg: 350, Speed: 5, Temp: 290},
		{Alt: 2000, FromDeg: 90, Speed: 12, Temp: nan},
		{Alt: 6000, FromDeg: 200, Speed: 30, Temp: 250},
	}
	p := mustProfile(t, ls...)
	p.Issued = time.Date(2026, 11, 25, 6, 0, 0, 0, time.UTC)
	p.Notes = []string{"n"}
	for _, c := range []struct{ k, rot float64 }{{1, 0}, {1, 90}, {1.2, 30}, {0.8, -45}, {1, 360}, {2, -400}, {1, 725}, {1, -725}} {
		q := p.Scaled(c.k, c.rot)
		var rl []Layer
		for _, l := range ls {
			l.FromDeg = math.Mod(math.Mod(l.FromDeg+c.rot, 360)+360, 360)
			l.Speed *= c.k
			rl = append(rl, l)
		}
		want := mustProfile(t, rl...)
		for z := -100.0; z < 7000; z += 250 {
			u, v := q.At(z)
			wu, wv := want.At(z)
			if math.Abs(u-wu) > 1e-9 || math.Abs(v-wv) > 1e-9 {
				t.Errorf("Scaled(%v, %v).At(%v) = %v,%v, want %v,%v", c.k, c.rot, z, u, v, wu, wv)
				break
			}
		}
		for i, l := range q.Layers() {
			if !(l.FromDeg >= 0 && l.FromDeg < 360) || angleDiff(l.FromDeg, rl[i].FromDeg) > 1e-9 || math.Abs(l.Speed-rl[i].Speed) > 1e-12 {
				t.Errorf("Scaled(%v, %v).Layers()[%d] = %+v, want from %v speed %v", c.k, c.rot, i, l, rl[i].FromDeg, rl[i].Speed)
			}
		}
		if q.Source != p.Source || !q.Issued.Equal(p.Issued) {
			t.Errorf("Scaled lost provenance")
		}
		if tq, _ := q.Temp(3000); math.Abs(tq-(290-40.0*3/6)) > 1e-9 {
			t.Errorf("Scaled changed temperatures: %v", tq)
		}
	}
	// +90°: a wind from the north becomes a wind from the east (clockwise)
	n := mustProfile(t, Layer{Alt: 0, FromDeg: 0, Speed: 10, Temp: nan})
	if from, _ := FromUV(n.Scaled(1, 90).At(0)); angleDiff(from, 90) > 1e-9 {
		t.Errorf("rotating a north wind by +90° gives from %v°, want 90°", from)
	}
	// the original is not changed
	if u, v := p.At(0); math.Abs(math.Hypot(u, v)-5) > 1e-12 || p.Layers()[0].FromDeg != 350 {
		t.Errorf("Scaled changed its receiver")
	}
}

func TestAge(t *testing.T) {
	p := mustProfile(t, Layer{Alt: 0, FromDeg: 0, Speed: 1, Temp: nan})
	now := time.Date(2026, 11, 25, 10, 20, 0, 0, time.UTC)
	if _, ok := p.Age(now); ok {
		t.Error("Age known without Issued or ValidFrom")
	}
	p.ValidFrom = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	if a, ok := p.Age(now); !ok || a != 80*time.Minute {
		t.Errorf("Age from ValidFrom = %v, %v", a, ok)
	}
	p.Issued = time.Date(2026, 11, 25, 6, 0, 0, 0, time.UTC)
	if a, ok := p.Age(now); !ok || a != 4*time.Hour+20*time.Minute {
		t.Errorf("Age from Issued = %v, %v (Issued wins over ValidFrom)", a, ok)
	}
	// zones do not matter: 10:20 +04:00 is 06:20Z
	dubai := time.FixedZone("+04", 4*3600)
	if a, _ := p.Age(time.Date(2026, 11, 25, 10, 20, 0, 0, dubai)); a != 20*time.Minute {
		t.Errorf("Age across zones = %v", a)
	}
}

func BenchmarkAtCursor(b *testing.B) {
	var ls []Layer
	for i := 0; i < 30; i++ {
		ls = append(ls, Layer{Alt: float64(i) * 500, FromDeg: float64(i * 10 % 360), Speed: float64(i), Temp: nan})
	}
	p, _ := NewProfile("b", ls)
	c := 0
	z := 15000.0
	for i := 0; i < b.N; i++ {
		p.AtCursor(z, &c)
		z -= 0.5
		if z < 0 {
			z = 15000
		}
	}
}

// Two profiles agreeing except in direction at altitude are flagged where they
// differ by more than 15°, across north included (350° against 20° is 30°).
func TestCompare(t *testing.T) {
	kt := 1852.0 / 3600
	a, _ := NewProfile("a", []Layer{{Alt: 0, FromDeg: 350, Speed: 10 * kt, Temp: math.NaN()}, {Alt: 3000, FromDeg: 350, Speed: 30 * kt, Temp: math.NaN()}})
	b, _ := NewProfile("b", []Layer{{Alt: 0, FromDeg: 355, Speed: 11 * kt, Temp: math.NaN()}, {Alt: 3000, FromDeg: 20, Speed: 30 * kt, Temp: math.NaN()}})
	ds := Compare(a, b, 0, 3000, 1000, 15, 5*kt)
	if len(ds) != 4 {
		t.Fatalf("%d samples", len(ds))
	}
	if ds[0].Disagree {
		t.Errorf("surface (5°, 1 kt apart) flagged: %+v", ds[0])
	}
	if !ds[3].Disagree || math.Abs(ds[3].DirDiff-30) > 1e-6 {
		t.Errorf("3000 m (30° apart across north) not flagged: %+v", ds[3])
	}
}

// Gaps: the extrapolation needed at either end to cover a span.
func TestGaps(t *testing.T) {
	p, err := NewProfile("t", []Layer{{Alt: 914.4, FromDeg: 270, Speed: 5, Temp: math.NaN()}, {Alt: 3000, FromDeg: 270, Speed: 10, Temp: math.NaN()}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ lo, hi, below, above float64 }{
		{1000, 2000, 0, 0},
		{914.4, 3000, 0, 0},
		{0, 7620, 914.4, 4620},
		{2000, 3500, 0, 500},
	} {
		b, a := p.Gaps(tc.lo, tc.hi)
		if math.Abs(b-tc.below) > 1e-9 || math.Abs(a-tc.above) > 1e-9 {
			t.Errorf("Gaps(%g, %g) = %g, %g; want %g, %g", tc.lo, tc.hi, b, a, tc.below, tc.above)
		}
	}
	one, _ := NewProfile("one level", []Layer{{Alt: 100, FromDeg: 0, Speed: 3, Temp: math.NaN()}})
	if b, a := one.Gaps(0, 7620); b != 100 || a != 7520 {
		t.Errorf("one level: %g, %g", b, a)
	}
}

// TestPieceAtMatchesAtCursor: the piece PieceAt returns holds z and gives exactly
// AtCursor's wind, at every reported altitude (the ends included: a landing is
// evaluated at exactly the ground, often the lowest report), between them and
// outside, from any cursor a previous lookup left (the bug this caught: at exactly
// the lowest report AtCursor returns early and leaves the cursor where it was, and
// the piece was taken from that stale cursor).
func TestPieceAtMatchesAtCursor(t *testing.T) {
	p, err := NewProfile("test", []Layer{
		{Alt: 60, FromDeg: 320, Speed: 4, Temp: math.NaN()},
		{Alt: 914, FromDeg: 325, Speed: 7, Temp: math.NaN()},
		{Alt: 1829, FromDeg: 310, Speed: 9, Temp: math.NaN()},
		{Alt: 2743, FromDeg: 295, Speed: 11, Temp: math.NaN()},
		{Alt: 7620, FromDeg: 270, Speed: 25, Temp: math.NaN()},
	})
	if err != nil {
		t.Fatal(err)
	}
	zs := []float64{-100, 0, 59.999, 60, 60.001, 500, 914, 1000, 1829, 2743, 5000, 7619.999, 7620, 9000}
	for _, start := range []float64{-100, 60, 1000, 2743, 5000, 9000} {
		for _, z := range zs {
			c := 0
			p.AtCursor(start, &c) // leave the cursor where a lookup at start leaves it
			c2 := c
			q := p.PieceAt(z, &c)
			wu, wv := p.AtCursor(z, &c2)
			u, v := q.At(z)
			if !(z >= q.Lo && z < q.Hi) {
				t.Errorf("after a lookup at %g m: PieceAt(%g) covers [%g, %g)", start, z, q.Lo, q.Hi)
			}
			if u != wu || v != wv {
				t.Errorf("after a lookup at %g m: piece gives (%v, %v) at %g m, AtCursor (%v, %v)", start, u, v, z, wu, wv)
			}
		}
	}
	var c int
	if q := p.PieceAt(math.NaN(), &c); q.Lo <= q.Hi {
		t.Errorf("PieceAt(NaN) covers [%g, %g); want an empty piece", q.Lo, q.Hi)
	}
}
