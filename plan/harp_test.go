package plan

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"halo/mission"
	"halo/units"
	"halo/wind"
)

// The HARP work sheet reproduces a hand computation with ATP 3-18.11's published
// figures for the RA-1 ([MFFJM]: forward speed 22.6 kt, K = 36; free-fall K = 3;
// safety factor 2,000 ft; 50 m per two jumpers; 300 m throw above 120 kt). A
// four-jumper C-130 stick over a DIP at sea level, exit 25,000 ft, opening
// 4,000 ft AGL, a steady 20 kt from 270° everywhere. By hand:
//
//	canopy drift  (4 − 2)·(20 + 22.6)/36 = 2.37 → 2.3 NM; ×1.85 = 4.255 → 4.2 km west
//	free fall     3 × 21 × 20 = 1,260 m west
//	back          4/2 × 50 + 300 = 400 m east (the run heads west, into the wind)
//	HARP          4,200 + 1,260 − 400 = 5,060 m west of the DIP
func TestHARPSheetByHand(t *testing.T) {
	p := raStickOfFour(t, "j", 4000*units.Foot, 20)
	h := p.HandMethod
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"canopy band mean, kt", h.MeanWindCanKt, 20},
		{"free-fall band mean, kt", h.MeanWindFFKt, 20},
		{"canopy forward speed, kt (RA-1)", h.CanopyForwardKt, 22.6},
		{"canopy K (RA-1)", h.CanopyK, 36},
		{"canopy drift, NM", h.CanopyDriftNM, 2.3},
		{"canopy drift, m", h.CanopyDriftM, 4200},
		{"free-fall span, kft", h.FreefallAKft, 21},
		{"free-fall drift, m", h.FreefallDriftM, 1260},
		{"dispersion, m", h.DispersionM, 100},
		{"forward throw, m", h.ForwardThrowM, 300},
	} {
		if math.Abs(c.got-c.want) > 1e-6 {
			t.Errorf("%s: %v, want %v", c.name, c.got, c.want)
		}
	}
	e, n, _ := p.Env.Frame.ToENU(h.Lat, h.Lon, 0)
	if math.Abs(e+5060) > 1 || math.Abs(n) > 1 {
		t.Errorf("HARP at %.1f m E, %.1f m N of the DIP; by hand 5,060 m west", e, n)
	}
	if len(h.Sheet) == 0 || len(h.Explained) < 3 || len(h.WindLines) == 0 {
		t.Errorf("sheet %d lines, explained %d, wind lines %d", len(h.Sheet), len(h.Explained), len(h.WindLines))
	}
}

// A HAHO with a 30 km stand-off, by hand from ATP 3-18.11's published figures for
// the RA-1 ([MFFJM]: forward speed 22.6 kt, K = 36; safety factor 2,000 ft; free-fall
// K = 3; 50 m per two jumpers; 300 m throw above 120 kt). The embedded mission's
// C-130J (139 kt TAS), a stick of four over a DIP at sea level, exit 25,000 ft,
// canopies open at 24,000 ft AGL, a steady 4 kt from 270°. By hand:
//
//	canopy drift  (24 − 2)·(4 + 22.6)/36 = 16.26 → 16.2 NM; ×1.85 = 29.97 → 29.9 km west: the stand-off
//	free fall     3 × 1 × 4 = 12 m west
//	back          4/2 × 50 + 300 = 400 m east (the run heads west, into the wind)
//	HARP          29,900 + 12 − 400 = 29,512 m west of the DIP
func TestHARPSheetHAHOStandoff(t *testing.T) {
	p := raStickOfFour(t, "h", 24000*units.Foot, 4)
	h := p.HandMethod
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"canopy band mean, kt", h.MeanWindCanKt, 4},
		{"free-fall band mean, kt", h.MeanWindFFKt, 4},
		{"canopy A, kft", h.CanopyAKft, 24},
		{"canopy drift, NM", h.CanopyDriftNM, 16.2},
		{"canopy drift, m (the stand-off)", h.CanopyDriftM, 29900},
		{"free-fall span, kft", h.FreefallAKft, 1},
		{"free-fall drift, m", h.FreefallDriftM, 12},
		{"dispersion, m", h.DispersionM, 100},
		{"forward throw, m", h.ForwardThrowM, 300},
	} {
		if math.Abs(c.got-c.want) > 1e-6 {
			t.Errorf("%s: %v, want %v", c.name, c.got, c.want)
		}
	}
	if e, n, _ := p.Env.Frame.ToENU(h.OPLat, h.OPLon, 0); math.Abs(e+29900) > 1 || math.Abs(n) > 1 {
		t.Errorf("OP at %.1f m E, %.1f m N of the DIP; by hand 29,900 m west", e, n)
	}
	if e, n, _ := p.Env.Frame.ToENU(h.Lat, h.Lon, 0); math.Abs(e+29512) > 1 || math.Abs(n) > 1 {
		t.Errorf("HARP at %.1f m E, %.1f m N of the DIP; by hand 29,512 m west", e, n)
	}
	if math.Abs(h.FromDIPM-29512) > 1 || math.Abs(h.BearingTrueDeg-270) > 0.01 || h.BearingMagDeg == nil {
		t.Errorf("HARP %.0f m from the DIP on %.2f° true (magnetic %v); by hand 29,512 m on 270°", h.FromDIPM, h.BearingTrueDeg, h.BearingMagDeg)
	}
	// grid north at the DIP (24.1° N, 54.6° E, UTM zone 40, central meridian 57° E):
	// convergence ≈ Δλ·sin φ = −2.4° × sin 24.1° = −0.98°, so grid = 270 + 0.98
	if g := 270 + 2.4*math.Sin(24.1*math.Pi/180); math.Abs(h.BearingGridDeg-g) > 0.02 {
		t.Errorf("grid bearing %.3f°, by hand %.3f°", h.BearingGridDeg, g)
	}
	sheet := strings.Join(h.Sheet, "\n")
	for _, want := range []string{"(24.0 − 2.0)·(4 + 22.6)/36 = 16.2 NM = 29.9 km", "HARP from the DIP: 15.9 NM (29.5 km) on 270° true", "DIP 24.10000, 54.60000 (MGRS 40R"} {
		if !strings.Contains(sheet, want) {
			t.Errorf("the sheet lacks %q:\n%s", want, sheet)
		}
	}
}

// The mission's HAHO variant (haho.open_at) carries its own doctrinal HARP: the
// same hand computation as TestHARPSheetHAHOStandoff for a stick that plans HALO
// openings at 4,000 ft and asks for the HAHO comparison at 24,000 ft AGL.
func TestHAHOVariantHandMethod(t *testing.T) {
	m := defaultMission(t)
	m.Target.Elevation = 0
	m.Aircraft.TakeoffElevation = 0
	m.Aircraft.Altitude = 25000 * units.Foot
	j := m.Jumpers[0]
	j.Role, j.OpenAt, j.OpenAfter = "jumper", 4000*units.Foot, math.NaN()
	j.Canopy.Model = "RA-1"
	m.Jumpers = []mission.Jumper{j}
	m.HAHO = &mission.HAHO{OpenAt: 24000 * units.Foot}
	prof, err := wind.NewProfile("steady", []wind.Layer{
		{Alt: 0, FromDeg: 270, Speed: 4 * units.Knot, Temp: math.NaN()},
		{Alt: 12000, FromDeg: 270, Speed: 4 * units.Knot, Temp: math.NaN()}})
	if err != nil {
		t.Fatal(err)
	}
	p, err := Solve(Inputs{Mission: m, Wind: prof, Now: m.Schedule.Takeoff})
	if err != nil {
		t.Fatal(err)
	}
	if p.HAHO == nil || p.HAHO.Hand == nil {
		t.Fatal("no HAHO variant hand method")
	}
	h := p.HAHO.Hand
	// (24 − 2)·(4 + 22.6)/36 = 16.26 → 16.2 NM → 29.9 km; 3 × 1 × 4 = 12 m; one
	// jumper: no dispersion; throw 300 m
	if h.CanopyDriftM != 29900 || h.FreefallDriftM != 12 || h.DispersionM != 0 || h.ForwardThrowM != 300 {
		t.Errorf("HAHO sheet: canopy %v m, free fall %v m, dispersion %v m, throw %v m; by hand 29,900, 12, 0, 300",
			h.CanopyDriftM, h.FreefallDriftM, h.DispersionM, h.ForwardThrowM)
	}
	if p.HandMethod.CanopyAKft != 4 {
		t.Errorf("the HALO sheet opens at %v kft, want 4", p.HandMethod.CanopyAKft)
	}
}

// raStickOfFour plans the embedded mission's C-130J with a stick of four RA-1
// jumpers named prefix1..prefix4 over a DIP at sea level: exit 25,000 ft,
// canopies open at openAGL (m), a steady windKt from 270° at every height.
func raStickOfFour(t *testing.T, prefix string, openAGL, windKt float64) *Plan {
	t.Helper()
	m := defaultMission(t)
	m.Target.Elevation = 0
	m.Aircraft.TakeoffElevation = 0
	m.Aircraft.Altitude = 25000 * units.Foot
	j := m.Jumpers[0]
	j.Role, j.OpenAt, j.OpenAfter = "jumper", openAGL, math.NaN()
	j.Canopy.Model = "RA-1"
	m.Jumpers = nil
	for k := 1; k <= 4; k++ {
		jj := j
		jj.Name = prefix + strconv.Itoa(k)
		m.Jumpers = append(m.Jumpers, jj)
	}
	prof, err := wind.NewProfile("steady", []wind.Layer{
		{Alt: 0, FromDeg: 270, Speed: windKt * units.Knot, Temp: math.NaN()},
		{Alt: 12000, FromDeg: 270, Speed: windKt * units.Knot, Temp: math.NaN()}})
	if err != nil {
		t.Fatal(err)
	}
	p, err := Solve(Inputs{Mission: m, Wind: prof, Now: m.Schedule.Takeoff})
	if err != nil {
		t.Fatal(err)
	}
	return p
}
