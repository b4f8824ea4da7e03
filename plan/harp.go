package plan

import (
	"fmt"
	"math"

	"halo/geo/magnetic"
	"halo/geo/mgrs"
	"halo/mission"
	"halo/units"
	"halo/wind"
)

// The doctrinal HARP (ATP 3-18.11 [ATP3-18.11], as implemented by [MFFJM] and
// Garmin's jumpmaster mode): the jumpmaster's paper method, written line by line,
// as a cross-check of the simulator's release point.
//
//   - wind-line table: the forecast wind every 1,000 ft AGL under canopy and every
//     2,000 ft AGL in free fall; each band's mean speed is the mean of its
//     reported speeds rounded to the knot, its direction that of the vector mean
//     (the jumpmaster's average of directions without the 360° wrap);
//   - opening point (OP): the DIP moved upwind by the canopy drift
//     D (NM) = (A − SF)·(V + FS)/K, A the opening height in thousands of ft AGL,
//     SF the safety factor (2,000 ft), V the canopy band's mean wind (kt), FS the
//     canopy's forward speed (kt) and K its constant (its sink rate in thousands
//     of ft per hour); the NM figure is truncated to 0.1 NM, then ×1.85 to km,
//     truncated to 0.1 km, as the sheet does;
//   - HARP: the OP moved upwind by the free-fall drift D (m) = K·A·V, K = 3, A the
//     free-fall span in thousands of ft, V the free-fall band's mean wind (kt),
//     then back along the run by the stick's dispersion (50 m per two jumpers)
//     and the aircraft's forward throw (300 m above 120 kt, 150 m below).
const (
	HandK          = 3.0 // free-fall drift D = K·A·V (m; A in 1000 ft; V in kt)
	ThrowFast      = 300.0
	ThrowSlow      = 150.0
	ThrowThreshold = 120 * units.Knot
	// SafetyFactor is doctrine's minimum canopy safety factor, 2,000 ft (the
	// sheet's; the simulator's opening point takes limits.canopy_safety_factor).
	SafetyFactor = mission.DefaultCanopySafetyFactor
	// DispersionPerPair is the stick dispersion term, m per two jumpers.
	DispersionPerPair = 50.0
)

// WindLine is one line of the jumpmaster's wind table.
type WindLine struct {
	AGLFt   float64 `json:"agl_ft"`
	FromDeg float64 `json:"from_deg"`
	Kt      float64 `json:"kt"`
	Band    string  `json:"band"` // "canopy" or "free fall"
}

// meanBand is a band's doctrinal mean: the mean of the speeds (rounded to the
// knot) and the direction of the vector mean.
func meanBand(ls []WindLine) (fromDeg, kt float64) {
	var u, v, sum float64
	for _, l := range ls {
		s, c := math.Sincos(l.FromDeg * math.Pi / 180)
		u += l.Kt * s
		v += l.Kt * c
		sum += l.Kt
	}
	if len(ls) == 0 {
		return 0, 0
	}
	fromDeg = math.Mod(math.Atan2(u, v)*180/math.Pi+360, 360)
	return math.Round(fromDeg), math.Round(sum / float64(len(ls)))
}

// windLines samples the profile every step feet AGL from lo to hi (feet AGL,
// both included when on the grid).
func windLines(p *wind.Profile, ground, lo, hi, step float64, band string) []WindLine {
	var out []WindLine
	for ft := math.Ceil(lo/step) * step; ft <= hi+1e-6; ft += step {
		u, v := p.At(ground + ft*units.Foot)
		from, spd := wind.FromUV(u, v)
		out = append(out, WindLine{AGLFt: ft, FromDeg: math.Round(from), Kt: math.Round(spd / units.Knot), Band: band})
	}
	return out
}

// upwind returns the point d metres from (e, n) toward the direction the wind
// comes from (degrees true).
func upwind(e, n, d, fromDeg float64) (float64, float64) {
	s, c := math.Sincos(fromDeg * math.Pi / 180)
	return e + d*s, n + d*c
}

// canopyFigures returns the lead jumper's canopy forward speed (kt) and K (kft/h)
// with where they came from.
func canopyFigures(airspeed, sink float64, model string) (fs, k float64, from string) {
	if c, ok := mission.CanopyModel(model); ok {
		return c.ForwardSpeedKt, c.K, c.Name + " published figures " + c.Source
	}
	fs = airspeed / units.Knot
	k = sink / units.Foot * 3600 / 1000
	return fs, k, fmt.Sprintf("from the mission's canopy: forward speed %.1f kt, K = sink %.1f m/s in thousands of ft per hour", fs, sink)
}

// handMethod is the doctrinal HARP for the stick's lead jumper's planned opening,
// beside the simulator's release point rp.
func (s *solver) handMethod(l *layout, rp ReleasePoint) HandMethod {
	open := s.m.Jumpers[l.order[0]].OpenAt
	if math.IsNaN(open) {
		open = l.plannedOpenAGL(s, l.order[0])
	}
	return s.handMethodAt(l, rp, open)
}

// handMethodAt is the doctrinal HARP for the lead jumper's canopy opening at open
// (m AGL); DifferenceM is its distance from the simulator's point rp.
func (s *solver) handMethodAt(l *layout, rp ReleasePoint, open float64) HandMethod {
	m := s.m
	lead := &m.Jumpers[l.order[0]]
	g := m.Target.Elevation
	openFt, exitFt := open/units.Foot, (s.zx-g)/units.Foot
	hm := HandMethod{SafetyFactorFt: SafetyFactor / units.Foot,
		Source: "ATP 3-18.11 [ATP3-18.11] as implemented by [MFFJM]; forward throw [SP-HARP]"}
	// wind-line table
	canopy := windLines(s.env.Wind, g, 0, math.Floor(openFt/1000)*1000, 1000, "canopy")
	ff := windLines(s.env.Wind, g, math.Ceil(openFt/2000)*2000, exitFt, 2000, "free fall")
	if len(ff) == 0 { // a free fall shorter than one 2,000-ft line: the wind at exit
		ff = windLines(s.env.Wind, g, math.Floor(exitFt), math.Floor(exitFt), 1, "free fall")
	}
	hm.WindLines = append(append(hm.WindLines, canopy...), ff...)
	cDir, cKt := meanBand(canopy)
	fDir, fKt := meanBand(ff)
	hm.MeanWindCanKt, hm.MeanWindCanFromDeg = cKt, cDir
	hm.MeanWindFFKt, hm.MeanWindFFFromDeg = fKt, fDir
	// canopy drift: DIP -> OP, upwind
	fs, k, kFrom := canopyFigures(lead.Canopy.Airspeed, lead.Canopy.Sink, lead.Canopy.Model)
	hm.CanopyForwardKt, hm.CanopyK, hm.CanopyFigures = fs, k, kFrom
	a := openFt / 1000
	hm.CanopyAKft = a
	nm := 0.0
	if a > hm.SafetyFactorFt/1000 && k > 0 {
		nm = math.Floor((a-hm.SafetyFactorFt/1000)*(cKt+fs)/k*10) / 10
	}
	km := math.Floor(nm*1.85*10) / 10
	hm.CanopyDriftNM, hm.CanopyDriftM = nm, km*1000
	ope, opn := upwind(0, 0, hm.CanopyDriftM, cDir)
	// free-fall drift: OP -> HARP, upwind
	hm.FreefallAKft = (exitFt - openFt) / 1000
	hm.FreefallDriftM = HandK * hm.FreefallAKft * fKt
	he, hn := upwind(ope, opn, hm.FreefallDriftM, fDir)
	// dispersion and forward throw: back along the run
	throw := ThrowSlow
	switch {
	case m.Aircraft.Balloon, m.Aircraft.Hover:
		throw = 0 // leaves at rest in the air, or over the ground from a hover
	case l.tas > ThrowThreshold:
		throw = ThrowFast
	}
	hm.ForwardThrowM = throw
	hm.DispersionM = float64(len(m.Jumpers)/2) * DispersionPerPair
	back := throw + hm.DispersionM
	he -= back * l.ue
	hn -= back * l.un
	hm.OPLat, hm.OPLon = s.latlon(ope, opn)
	hm.Lat, hm.Lon = s.latlon(he, hn)
	hm.DifferenceM = math.Hypot(he-rp.EM, hn-rp.NM)
	s.harpBearings(&hm, he, hn)
	hm.Sheet = harpSheet(&hm, len(m.Jumpers))
	hm.Formula = "canopy drift D(NM) = (A − SF)·(V + FS)/K; free-fall drift D(m) = 3·A·V; dispersion 50 m per two jumpers and forward throw (300 m above 120 kt, 150 m below) back along the run"
	return hm
}

// harpSheet writes the HARP work sheet as a jumpmaster writes it.
func harpSheet(hm *HandMethod, jumpers int) []string {
	var out []string
	for _, w := range hm.WindLines {
		out = append(out, fmt.Sprintf("wind %-9s %6.0f ft AGL  %03.0f° %3.0f kt", w.Band, w.AGLFt, w.FromDeg, w.Kt))
	}
	return append(out,
		fmt.Sprintf("canopy band mean: %03.0f° %.0f kt; free-fall band mean: %03.0f° %.0f kt", hm.MeanWindCanFromDeg, hm.MeanWindCanKt, hm.MeanWindFFFromDeg, hm.MeanWindFFKt),
		fmt.Sprintf("canopy drift D = (A − SF)·(V + FS)/K = (%.1f − %.1f)·(%.0f + %.1f)/%.0f = %.1f NM = %.1f km upwind (%03.0f°): DIP → OP",
			hm.CanopyAKft, hm.SafetyFactorFt/1000, hm.MeanWindCanKt, hm.CanopyForwardKt, hm.CanopyK, hm.CanopyDriftNM, hm.CanopyDriftM/1000, hm.MeanWindCanFromDeg),
		fmt.Sprintf("free-fall drift D = K·A·V = 3 × %.1f × %.0f = %.0f m upwind (%03.0f°): OP → HARP", hm.FreefallAKft, hm.MeanWindFFKt, hm.FreefallDriftM, hm.MeanWindFFFromDeg),
		fmt.Sprintf("dispersion %d jumpers / 2 × 50 m = %.0f m, forward throw %.0f m: %.0f m back along the run", jumpers, hm.DispersionM, hm.ForwardThrowM, hm.DispersionM+hm.ForwardThrowM),
		fmt.Sprintf("DIP %.5f, %.5f (MGRS %s); OP %.5f, %.5f (MGRS %s); HARP %.5f, %.5f (MGRS %s)", hm.DIPLat, hm.DIPLon, MGRSOf(LatLon{hm.DIPLat, hm.DIPLon}),
			hm.OPLat, hm.OPLon, MGRSOf(LatLon{hm.OPLat, hm.OPLon}), hm.Lat, hm.Lon, MGRSOf(LatLon{hm.Lat, hm.Lon})),
		fmt.Sprintf("HARP from the DIP: %.1f NM (%.1f km) on %s", hm.FromDIPM/units.NauticalMile, hm.FromDIPM/1000, BearingWords(hm)))
}

// harpBearings sets the DIP and the HARP's distance and bearings from it (true,
// grid, magnetic), the HARP at (he, hn) m from the DIP.
func (s *solver) harpBearings(hm *HandMethod, he, hn float64) {
	t := s.m.Target
	hm.DIPLat, hm.DIPLon = t.Lat, t.Lon
	hm.FromDIPM = math.Hypot(he, hn)
	hm.BearingTrueDeg = math.Mod(math.Atan2(he, hn)*180/math.Pi+360, 360)
	conv, _ := mgrs.GridConvergence(t.Lat, t.Lon)
	hm.BearingGridDeg = math.Mod(hm.BearingTrueDeg-conv+360, 360)
	if when := s.when(nil); !when.IsZero() {
		if d, err := magnetic.Declination(t.Lat, t.Lon, t.Elevation, magnetic.DecimalYear(when)); err == nil {
			b := magnetic.Magnetic(hm.BearingTrueDeg, d)
			hm.BearingMagDeg = &b
		}
	}
}

// BearingWords says the HARP's bearing from the DIP: true, grid and magnetic.
func BearingWords(hm *HandMethod) string {
	w := fmt.Sprintf("%03.0f° true / %03.0f° grid", hm.BearingTrueDeg, hm.BearingGridDeg)
	if hm.BearingMagDeg != nil {
		w += fmt.Sprintf(" / %03.0f° magnetic", *hm.BearingMagDeg)
	}
	return w
}

// explainHARP says where the simulator's release point differs from the sheet,
// term by term: the opening point (doctrine puts it at the canopy's upwind reach
// less the safety factor, flown at full speed downwind; the simulator where its
// hands-off canopy, half brakes into the wind, is over the target at the safety
// factor), the free-fall drift (the simulator's fall rate
// changes with altitude; K = 3 is a belly fall at ~53 m/s), and the throw and
// dispersion (the simulator flies the exit velocity; the sheet adds fixed terms).
func explainHARP(hm *HandMethod, p *Plan) []string {
	var out []string
	ope, opn := upwind(0, 0, hm.CanopyDriftM, hm.MeanWindCanFromDeg) // the sheet's OP, m from the DIP
	if len(p.Jumpers) > 0 {
		lead := &p.Jumpers[0]
		oe, on := lead.Result.Open.E, lead.Result.Open.N
		out = append(out, fmt.Sprintf("opening point: the sheet's OP is %.0f m from the DIP (upwind edge of the canopy's reach less the safety factor); the simulator's lead jumper opens %.0f m from it (hands off, half brakes into the wind, over the DIP at the safety factor): %.0f m apart",
			math.Hypot(ope, opn), math.Hypot(oe, on), math.Hypot(ope-oe, opn-on)))
		out = append(out, fmt.Sprintf("free fall: the sheet drifts %.0f m from the OP (K = 3, a belly fall at ~53 m/s); the simulator's lead jumper covers %.0f m from exit to opening, throw included (its fall rate changes with altitude and drag)",
			hm.FreefallDriftM, math.Hypot(oe-lead.ExitE, on-lead.ExitN)))
	}
	return append(out, fmt.Sprintf("throw and dispersion: the sheet moves the HARP %.0f m back along the run; the simulator flies each exit's velocity and spaces the stick with its own solver", hm.DispersionM+hm.ForwardThrowM))
}
