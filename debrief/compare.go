// Comparison with the plan: each measured value beside the planned one and the
// difference, the winds flown against the forecast, and a short ranked summary
// of what went differently.

package debrief

import (
	"fmt"
	"halo/internal/jsonnan"
	"math"
	"slices"
	"strings"
	"time"

	"halo/flight"
	"halo/plan"
	"halo/track"
	"halo/units"
	"halo/wind"
)

// Moment is one event of the flown jump.
type Moment struct {
	// TS is the time in seconds after the track's first point.
	TS float64 `json:"t_s"`
	// Time is the UTC time of the event.
	Time time.Time `json:"time"`
	// AltMSL is the altitude at the event, m (reference Report.AltRef).
	AltMSL float64 `json:"alt_msl_m"`
	// Lat and Lon are the WGS84 position (degrees) of the last fix at or before it.
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

// MarshalJSON writes NaN as null.
func (m Moment) MarshalJSON() ([]byte, error) { return jsonnan.Fields(m) }

// Diff is a flown value beside the planned one: Delta = Flown − Planned.
type Diff struct {
	Flown   float64 `json:"flown"`
	Planned float64 `json:"planned"`
	Delta   float64 `json:"diff"`
}

func diff(flown, planned float64) Diff { return Diff{flown, planned, flown - planned} }

// MarshalJSON writes NaN as null.
func (d Diff) MarshalJSON() ([]byte, error) { return jsonnan.Fields(d) }

// Report is the debrief of one jumper's track, against the plan when there is one.
// JSON field names are the API.
type Report struct {
	// Jumper is the jumper's name (as in the plan), Source and Format the track's.
	Jumper string `json:"jumper"`
	Source string `json:"source,omitempty"`
	Format string `json:"format"`
	// AltRef is the reference of MSL altitudes ("MSL" except Dekunu's AGL export).
	AltRef string `json:"alt_ref"`
	// GroundMSL is the elevation AGL heights are measured from, m MSL;
	// GroundFrom says which: "given", "the mission's target elevation", "landing altitude",
	// "track reference (AGL)" or "none".
	GroundMSL  float64 `json:"ground_msl_m"`
	GroundFrom string  `json:"ground_from"`

	// The events; nil (null) when the track does not hold them.
	Exit       *Moment `json:"exit"`
	Deploy     *Moment `json:"deploy"`
	CanopyOpen *Moment `json:"canopy_open"`
	Landing    *Moment `json:"landing"`

	ExitAltAGL float64 `json:"exit_alt_agl_m"`
	// FreefallS is exit to deployment start, s.
	FreefallS float64 `json:"freefall_s"`
	// MaxVSpeed is the largest vertical (down) speed in free fall, MaxSpeed the
	// largest 3-D ground speed, m/s; VSpeedAcc the logger's sAcc there.
	MaxVSpeed    float64 `json:"max_vspeed_mps"`
	MaxVSpeedAcc float64 `json:"max_vspeed_acc_mps"`
	MaxSpeed     float64 `json:"max_speed_mps"`
	// DeployAltAGL and OpenAltAGL: deployment start and canopy open above the
	// ground (GroundMSL), m; DeployAltLoss the height lost between them, m.
	DeployAltAGL  float64 `json:"deploy_alt_agl_m"`
	OpenAltAGL    float64 `json:"open_alt_agl_m"`
	DeployAltLoss float64 `json:"deploy_alt_loss_m"`
	// CanopyS is canopy open to landing, s.
	CanopyS float64 `json:"canopy_s"`
	// CanopyGlideGround is ground distance over height lost under canopy (wind
	// included); CanopyGlideAir airspeed over sink; CanopyAirspeed and CanopySink
	// at sea-level density (as the mission gives them), m/s.
	CanopyGlideGround float64 `json:"canopy_glide_ground"`
	CanopyGlideAir    float64 `json:"canopy_glide_air"`
	CanopyAirspeed    float64 `json:"canopy_airspeed_mps"`
	CanopySink        float64 `json:"canopy_sink_mps"`
	// LandingErrorM and LandingBearing are the landing point's distance (m) and
	// bearing (degrees true) from the target; NaN without a plan.
	LandingErrorM  float64 `json:"landing_error_m"`
	LandingBearing float64 `json:"landing_bearing_deg"`
	// FittedCdA is the drag area fitted to the free fall (m²) and its 1-σ
	// uncertainty; NaN without a plan (the fit needs the jumper's mass).
	FittedCdA    float64 `json:"fitted_cda_m2"`
	FittedCdAErr float64 `json:"fitted_cda_err_m2"`
	// Fit is the whole calibration, nil when none was made.
	Fit *Fit `json:"fit,omitempty"`
	// Winds are the winds the track measured (track.Metrics.Winds).
	Winds []track.WindEstimate `json:"winds"`
	// PlanDiff compares with the plan; nil without one, and nil when the track
	// was flown at another place (Elsewhere).
	PlanDiff *PlanDiff `json:"plan_diff"`
	// Elsewhere is set when the track was flown at another place than the
	// plan's (Locate): the comparison with the plan is withheld, heights are
	// above the track's own landing, and Notes begin with why.
	Elsewhere *Elsewhere `json:"elsewhere,omitempty"`
	// Summary is what went differently, the finding that moved the landing most
	// first.
	Summary []Finding `json:"summary"`
	// Notes say what could not be measured or compared and why.
	Notes []string `json:"notes"`
}

// MarshalJSON writes NaN as null.
func (r Report) MarshalJSON() ([]byte, error) { return jsonnan.Fields(r) }

// Finding is one sentence of the summary with the landing displacement it
// accounts for (an estimate, m: how far it moves the landing of a hands-off
// canopy, the measure the release point is solved on).
type Finding struct {
	Text    string  `json:"text"`
	EffectM float64 `json:"effect_m"`
}

// MarshalJSON writes NaN as null.
func (f Finding) MarshalJSON() ([]byte, error) { return jsonnan.Fields(f) }

// PlanDiff is the flown jump beside the plan's for the same jumper.
type PlanDiff struct {
	// Jumper is the plan's jumper compared with.
	Jumper string `json:"jumper"`
	// ExitAltMSL: exit altitude, m MSL.
	ExitAltMSL Diff `json:"exit_alt_msl_m"`
	// ExitAlongM and ExitAcrossM place the flown exit relative to the jumper's
	// planned exit point, along the jump run's ground track (+ = later, past it)
	// and across it (+ = right of the run looking along it), m. ExitLateS is
	// ExitAlongM over the aircraft's planned ground speed, s.
	ExitAlongM  float64 `json:"exit_along_m"`
	ExitAcrossM float64 `json:"exit_across_m"`
	ExitLateS   float64 `json:"exit_late_s"`
	// ExitFromReleaseAlongM is the flown exit's along-run distance from the
	// release point (the first jumper's exit, where the green light comes on), m.
	ExitFromReleaseAlongM float64 `json:"exit_from_release_along_m"`
	// InGreenLight: the flown exit lies inside the green-light window (ExitAlongM
	// within [GreenStartM, GreenEndM], the window shifted to this jumper's exit).
	InGreenLight bool    `json:"in_green_light"`
	GreenStartM  float64 `json:"green_start_m"`
	GreenEndM    float64 `json:"green_end_m"`
	// Free fall, speeds, heights.
	FreefallS     Diff `json:"freefall_s"`
	MaxVSpeed     Diff `json:"max_vspeed_mps"`
	MaxSpeed      Diff `json:"max_speed_mps"`
	DeployAltAGL  Diff `json:"deploy_alt_agl_m"`
	OpenAltAGL    Diff `json:"open_alt_agl_m"`
	DeployAltLoss Diff `json:"deploy_alt_loss_m"`
	CanopyS       Diff `json:"canopy_s"`
	// Canopy airspeed and sink at sea-level density (mission values), m/s.
	CanopyAirspeed Diff `json:"canopy_airspeed_mps"`
	CanopySink     Diff `json:"canopy_sink_mps"`
	CanopyGlideAir Diff `json:"canopy_glide_air"`
	// CdA: fitted beside the plan's, m².
	CdA Diff `json:"cda_m2"`
	// OpenOffsetM and OpenOffsetBearing: the flown canopy-opening point from the
	// planned one, m and degrees true.
	OpenOffsetM       float64 `json:"open_offset_m"`
	OpenOffsetBearing float64 `json:"open_offset_bearing_deg"`
	// LandingErrorM: flown and planned distances of the landing from the target, m.
	LandingErrorM Diff `json:"landing_error_m"`
	// LandingFromPlannedM: the flown landing's distance from the planned landing, m.
	LandingFromPlannedM float64 `json:"landing_from_planned_m"`
	// Winds compare each wind the track measured with the forecast at its altitude.
	Winds []WindDiff `json:"winds"`
}

// MarshalJSON writes NaN as null.
func (p PlanDiff) MarshalJSON() ([]byte, error) { return jsonnan.Fields(p) }

// WindDiff is a wind measured from the track beside the plan's forecast at the
// same altitude. Directions are where the wind blows FROM, degrees true; speeds
// m/s; DeltaE/DeltaN the measured minus forecast components (m/s).
type WindDiff struct {
	AltMSL      float64 `json:"alt_msl_m"`
	Method      string  `json:"method"`
	FromDeg     float64 `json:"from_deg"`
	Speed       float64 `json:"speed_mps"`
	PlanFromDeg float64 `json:"plan_from_deg"`
	PlanSpeed   float64 `json:"plan_speed_mps"`
	DeltaE      float64 `json:"delta_e_mps"`
	DeltaN      float64 `json:"delta_n_mps"`
	// DurationS is how long the jumper flew in the band this wind covers (s).
	DurationS float64 `json:"duration_s"`
}

// MarshalJSON writes NaN as null.
func (w WindDiff) MarshalJSON() ([]byte, error) { return jsonnan.Fields(w) }

// NoPlanNote is the note of a track debriefed without a plan.
const NoPlanNote = "no plan: the drag area is not fitted (it needs the jumper's mass): give the mission flown, or the jumper's total mass (halo debrief --mass-kg)"

// Compare debriefs track t (phases ph from track.DetectPhases, metrics mt from
// track.Analyze) against plan p for the named jumper. ground is the elevation in m
// MSL that AGL heights are measured from: NaN takes the plan's target elevation,
// or without a plan the landing altitude (mt.GroundElevMSL). p may be nil: the
// Report then holds the track's measurements only. A track flown at another
// place (Locate) is not compared with the plan: it is measured as without one
// (its drag fitted with the jumper's mass in its own free-fall winds), with
// Report.Elsewhere set and its note first. Problems (an unknown jumper, a
// failed fit) are written into Report.Notes; Compare does not fail.
func Compare(t *track.Track, ph track.Phases, mt track.Metrics, p *plan.Plan, jumper string, ground float64) Report {
	r := Report{Jumper: jumper, AltRef: "MSL"}
	for _, f := range []*float64{&r.GroundMSL, &r.ExitAltAGL, &r.FreefallS, &r.MaxVSpeed, &r.MaxVSpeedAcc, &r.MaxSpeed,
		&r.DeployAltAGL, &r.OpenAltAGL, &r.DeployAltLoss, &r.CanopyS, &r.CanopyGlideGround, &r.CanopyGlideAir,
		&r.CanopyAirspeed, &r.CanopySink, &r.LandingErrorM, &r.LandingBearing, &r.FittedCdA, &r.FittedCdAErr} {
		*f = math.NaN()
	}
	if t == nil || len(t.Points) == 0 {
		r.Notes = append(r.Notes, "empty track")
		return r
	}
	r.Source, r.Format, r.AltRef = t.Source, t.Format, t.AltRef
	ji := -1
	planGiven, pGiven := p != nil, p
	if p != nil {
		var err error
		if ji, err = JumperIndex(p, jumper); err != nil {
			r.Notes = append(r.Notes, strings.TrimPrefix(err.Error(), "debrief: ")+"; compared with the track's measurements only, and the drag area is not fitted: name the jumper who flew the track to use their mass")
			p = nil
		} else {
			r.Jumper = p.Jumpers[ji].Name
		}
	}
	mass := math.NaN()
	if r.Elsewhere = Locate(t, ph, p, ji); r.Elsewhere != nil {
		mass = p.Jumps[ji].Mass
		p = nil // the plan's numbers say nothing about a jump at another place
	}
	switch {
	case !math.IsNaN(ground):
		r.GroundMSL, r.GroundFrom = ground, "given"
		if planGiven && ground == pGiven.Target.ElevationM {
			r.GroundFrom = "the mission's target elevation"
		}
	case p != nil:
		r.GroundMSL, r.GroundFrom = p.Target.ElevationM, "the mission's target elevation"
	case r.Elsewhere != nil && ph.Landing.Found && t.AltRef == "MSL":
		r.GroundMSL, r.GroundFrom = ph.Landing.AltMSL, "landing altitude" // whatever ground mt was measured from
	case t.AltRef != "MSL":
		r.GroundMSL, r.GroundFrom = 0, "track reference ("+t.AltRef+")"
	case !math.IsNaN(mt.GroundElevMSL):
		r.GroundMSL, r.GroundFrom = mt.GroundElevMSL, "landing altitude"
	default:
		r.GroundFrom = "none"
		r.Notes = append(r.Notes, "no ground elevation known: AGL heights are unknown")
	}
	if p != nil && t.AltRef != "MSL" {
		r.Notes = append(r.Notes, "the track's altitudes are "+t.AltRef+", not MSL: heights compared with the plan are shifted by the landing area's elevation")
	}

	r.Exit, r.Deploy, r.CanopyOpen, r.Landing = moment(t, ph.Exit), moment(t, ph.DeployStart), moment(t, ph.CanopyOpen), moment(t, ph.Landing)
	agl := func(e track.Event) float64 {
		if !e.Found {
			return math.NaN()
		}
		return e.AltMSL - r.GroundMSL
	}
	r.ExitAltAGL, r.DeployAltAGL, r.OpenAltAGL = agl(ph.Exit), agl(ph.DeployStart), agl(ph.CanopyOpen)
	r.FreefallS = mt.FreeFallTime
	r.MaxVSpeed, r.MaxVSpeedAcc, r.MaxSpeed = mt.MaxVertSpeed.Value, mt.MaxVertSpeed.Acc, mt.MaxTotalSpeed.Value
	r.DeployAltLoss = mt.DeployAltLoss.Value
	r.CanopyS = mt.CanopyTime
	r.CanopyGlideGround = mt.CanopyGlideGround
	r.Winds = mt.Winds
	r.Notes = append(r.Notes, mt.Notes...)
	for _, e := range []struct {
		n string
		e track.Event
	}{{"exit", ph.Exit}, {"deployment", ph.DeployStart}, {"canopy opening", ph.CanopyOpen}, {"landing", ph.Landing}} {
		if !e.e.Found && e.e.Note != "" {
			r.Notes = append(r.Notes, e.n+": "+e.e.Note)
		}
	}

	// Calibration: with the plan's air and the jumper's mass; without a plan the
	// mass is unknown and only the canopy sink can be measured.
	var air Air
	if p != nil {
		air = AirFromPlan(p)
		fit, err := Calibrate(t, ph, p.Jumps[ji].Mass, air, FitOptions{})
		fit.CanopyFromCircles(mt, air)
		if err != nil {
			r.Notes = append(r.Notes, err.Error())
		} else {
			r.FittedCdA, r.FittedCdAErr = fit.CdA, fit.CdAErr
		}
		r.Fit = &fit
		r.CanopyAirspeed, r.CanopySink = fit.CanopyAirspeed, fit.CanopySink
	} else {
		air = AirFromTrack(mt)
		r.CanopyAirspeed = seaLevel(air, mt.CanopyAirspeed, mt.Winds)
		if ph.CanopyOpen.Found && ph.Landing.Found {
			r.CanopySink = seaLevelSink(air, t, ph)
		}
		if math.IsNaN(mass) {
			if !planGiven {
				r.Notes = append(r.Notes, NoPlanNote)
			}
		} else if fit, err := Calibrate(t, ph, mass, air, FitOptions{}); err == nil {
			r.Fit, r.FittedCdA, r.FittedCdAErr = &fit, fit.CdA, fit.CdAErr
			r.Notes = append(r.Notes, fmt.Sprintf("drag fitted with the plan's mass for the jumper, %.0f kg, in the track's own free-fall winds and the standard atmosphere", mass))
		} else {
			r.Notes = append(r.Notes, "drag not fitted: "+err.Error())
		}
	}
	if r.CanopyAirspeed > 0 && r.CanopySink > 0 {
		r.CanopyGlideAir = r.CanopyAirspeed / r.CanopySink
	}
	if r.Elsewhere != nil {
		r.Notes = append([]string{r.Elsewhere.Note()}, r.Notes...)
	}
	if p == nil {
		return r
	}

	// Against the plan.
	jp := &p.Jumpers[ji]
	fr := p.Env.Frame
	if r.Landing != nil {
		r.LandingErrorM, r.LandingBearing = fr.DistanceBearing(r.Landing.Lat, r.Landing.Lon)
	}
	d := &PlanDiff{Jumper: jp.Name}
	r.PlanDiff = d
	res := jp.Result
	fj := p.Jumps[ji]
	g := p.Target.ElevationM
	d.ExitAltMSL = diff(nanIfNil(r.Exit, func(m *Moment) float64 { return m.AltMSL }), fj.Z)
	d.ExitAlongM, d.ExitAcrossM, d.ExitLateS, d.ExitFromReleaseAlongM = math.NaN(), math.NaN(), math.NaN(), math.NaN()
	d.GreenStartM, d.GreenEndM = p.GreenLight.StartM, p.GreenLight.EndM
	ue, un := p.TrackUnit[0], p.TrackUnit[1]
	if r.Exit != nil {
		e, n, _ := fr.ToENU(r.Exit.Lat, r.Exit.Lon, g)
		de, dn := e-jp.ExitE, n-jp.ExitN
		d.ExitAlongM = de*ue + dn*un
		d.ExitAcrossM = de*un - dn*ue
		if p.JumpRun.GroundSpeedMps > 0 {
			d.ExitLateS = d.ExitAlongM / p.JumpRun.GroundSpeedMps
		}
		d.ExitFromReleaseAlongM = (e-p.ReleasePoint.EM)*ue + (n-p.ReleasePoint.NM)*un
		d.InGreenLight = d.ExitAlongM >= p.GreenLight.StartM && d.ExitAlongM <= p.GreenLight.EndM
	}
	d.FreefallS = diff(r.FreefallS, res.Freefall)
	d.MaxVSpeed = diff(r.MaxVSpeed, res.MaxVDown)
	d.MaxSpeed = diff(r.MaxSpeed, res.MaxSpeed)
	d.DeployAltAGL = diff(r.DeployAltAGL, res.Deploy.Alt-g)
	d.OpenAltAGL = diff(r.OpenAltAGL, res.Open.Alt-g)
	d.DeployAltLoss = diff(r.DeployAltLoss, res.DeployLossM)
	d.CanopyS = diff(r.CanopyS, res.Land.T-res.Open.T)
	d.CanopyAirspeed = diff(r.CanopyAirspeed, fj.Canopy.Airspeed)
	d.CanopySink = diff(r.CanopySink, fj.Canopy.Sink)
	d.CanopyGlideAir = diff(r.CanopyGlideAir, fj.Canopy.Airspeed/fj.Canopy.Sink)
	d.CdA = diff(r.FittedCdA, fj.Drag.CdA)
	d.OpenOffsetM, d.OpenOffsetBearing = math.NaN(), math.NaN()
	if r.CanopyOpen != nil {
		e, n, _ := fr.ToENU(r.CanopyOpen.Lat, r.CanopyOpen.Lon, g)
		de, dn := e-res.Open.E, n-res.Open.N
		d.OpenOffsetM, d.OpenOffsetBearing = math.Hypot(de, dn), bearing(de, dn)
	}
	d.LandingErrorM = diff(r.LandingErrorM, math.Hypot(res.Land.E, res.Land.N))
	d.LandingFromPlannedM = math.NaN()
	if r.Landing != nil {
		e, n, _ := fr.ToENU(r.Landing.Lat, r.Landing.Lon, g)
		d.LandingFromPlannedM = math.Hypot(e-res.Land.E, n-res.Land.N)
	}
	d.Winds = windDiffs(t, ph, mt.Winds, p.Env.Wind)
	r.Summary = summarize(&r, d, p, ji)
	return r
}

func nanIfNil(m *Moment, f func(*Moment) float64) float64 {
	if m == nil {
		return math.NaN()
	}
	return f(m)
}

// bearing is the direction (degrees true, [0, 360)) of an east, north offset.
func bearing(e, n float64) float64 {
	b := math.Atan2(e, n) * 180 / math.Pi
	if b < 0 {
		b += 360
	}
	return b
}

func moment(t *track.Track, e track.Event) *Moment {
	if !e.Found || e.Index < 0 || e.Index >= len(t.Points) {
		return nil
	}
	p := t.Points[e.Index]
	return &Moment{TS: e.TS, Time: e.T.UTC(), AltMSL: e.AltMSL, Lat: p.Lat, Lon: p.Lon}
}

// seaLevel converts the track's circle-fit airspeed (NaN when none) to sea-level
// density at the mean altitude of the fits.
func seaLevel(air Air, as float64, ws []track.WindEstimate) float64 {
	if math.IsNaN(as) {
		return math.NaN()
	}
	alt, n := 0.0, 0
	for _, w := range ws {
		if w.Method == "canopy circle" {
			alt += w.AltMSL
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	rho, _ := air.atm().DensitySound(alt / float64(n))
	return as * math.Sqrt(rho/flight.Rho0)
}

func seaLevelSink(air Air, t *track.Track, ph track.Phases) float64 {
	var f Fit
	f.CanopySink = math.NaN()
	f.CanopyAirspeed = math.NaN()
	f.canopy(t, ph, Air{Atm: air.Atm}, air.atm())
	return f.CanopySink
}

// windDiffs compares the track's winds with the forecast and finds how long the
// jumper spent in each band.
func windDiffs(t *track.Track, ph track.Phases, ws []track.WindEstimate, prof *wind.Profile) []WindDiff {
	if prof == nil {
		return nil
	}
	var out []WindDiff
	for _, w := range ws {
		if math.IsNaN(w.WindE) {
			continue
		}
		u, v := prof.At(w.AltMSL)
		pf, ps := wind.FromUV(u, v)
		wd := WindDiff{AltMSL: w.AltMSL, Method: w.Method, FromDeg: w.FromDeg, Speed: w.Speed, PlanFromDeg: pf, PlanSpeed: ps,
			DeltaE: w.WindE - u, DeltaN: w.WindN - v}
		// time spent in [AltMin, AltMax) in the phase the estimate belongs to
		lo, hi := 0, len(t.Points)-1
		if w.Method == "free-fall drift" && ph.FreeFall.Found {
			lo = ph.FreeFall.Index
			if ph.CanopyOpen.Found {
				hi = ph.CanopyOpen.Index
			}
		} else if ph.CanopyOpen.Found {
			lo = ph.CanopyOpen.Index
			if ph.Landing.Found {
				hi = ph.Landing.Index
			}
		}
		dur := 0.0
		for i := lo + 1; i <= hi; i++ {
			z := t.Points[i].HMSL
			if z >= w.AltMin && z < w.AltMax && t.Points[i].Flags&track.FlagGapBefore == 0 {
				dur += t.Seconds(i) - t.Seconds(i-1)
			}
		}
		wd.DurationS = dur
		out = append(out, wd)
	}
	return out
}

// summarize ranks what went differently by how far each moved the landing.
func summarize(r *Report, d *PlanDiff, p *plan.Plan, ji int) []Finding {
	var fs []Finding
	add := func(effect float64, format string, a ...any) {
		if math.IsNaN(effect) {
			return
		}
		fs = append(fs, Finding{Text: fmt.Sprintf(format, a...), EffectM: effect})
	}
	res := p.Jumpers[ji].Result
	fj := p.Jumps[ji]
	prof := p.Env.Wind
	g := p.Target.ElevationM
	// mean forecast wind under canopy (vector) for height changes
	cu, cv := meanWind(prof, g, res.Open.Alt)
	if !math.IsNaN(d.ExitAlongM) {
		when := "late"
		if d.ExitAlongM < 0 {
			when = "early"
		}
		side := "right"
		if d.ExitAcrossM < 0 {
			side = "left"
		}
		gl := "inside the green-light window"
		if !d.InGreenLight {
			gl = "outside the green-light window"
		}
		switch {
		case WithinHalfMetre(d.ExitAlongM) && WithinHalfMetre(d.ExitAcrossM):
			// no early, late, left or right to tell
			add(0, "exited at the planned exit point (within half a metre), %s (%.0f to %+.0f m)", gl, d.GreenStartM, d.GreenEndM)
		default:
			add(math.Hypot(d.ExitAlongM, d.ExitAcrossM), "exited %.0f m %s along the run (%.0f s %s than planned) and %.0f m %s of it, %s (%.0f to %+.0f m)",
				math.Abs(d.ExitAlongM), when, math.Abs(d.ExitLateS), map[bool]string{true: "later", false: "earlier"}[d.ExitAlongM >= 0],
				math.Abs(d.ExitAcrossM), side, gl, d.GreenStartM, d.GreenEndM)
		}
	}
	if !math.IsNaN(d.OpenAltAGL.Delta) && fj.Canopy.Sink > 0 {
		dh := d.OpenAltAGL.Delta
		word := "high"
		if dh < 0 {
			word = "low"
		}
		// a higher opening drifts longer under canopy with the canopy winds
		eff := math.Abs(dh) / fj.Canopy.Sink * math.Hypot(cu, cv)
		add(eff, "opened %s %s (%s AGL against %s planned)", units.Alt(math.Abs(dh)), word, units.Alt(d.OpenAltAGL.Flown), units.Alt(d.OpenAltAGL.Planned))
	}
	if !math.IsNaN(d.CdA.Delta) && r.Fit != nil && !math.IsNaN(d.FreefallS.Delta) {
		// free-fall time changed by the drag: drift in the mean free-fall wind
		fu, fv := meanWind(prof, res.Deploy.Alt, fj.Z)
		rel := d.CdA.Delta / d.CdA.Planned
		if math.Abs(d.CdA.Delta) > r.FittedCdAErr {
			// free-fall time scales as the fall speed does, ∝ CdA^½
			dt := res.Freefall * (math.Sqrt(1+rel) - 1)
			add(math.Abs(dt)*math.Hypot(fu, fv), "fell with a drag area %.0f %% %s than planned (%.3f ± %.3f m² against %.3f m²): about %.0f s %s in free fall",
				math.Abs(rel)*100, map[bool]string{true: "larger", false: "smaller"}[rel > 0], d.CdA.Flown, r.FittedCdAErr, d.CdA.Planned,
				math.Abs(dt), map[bool]string{true: "longer", false: "shorter"}[dt > 0])
		}
	}
	// winds: sum the drift difference over each phase
	type acc struct{ e, n, dur, wE, wN, pE, pN float64 }
	var ff, cn acc
	for _, w := range d.Winds {
		a := &ff
		if w.Method == "canopy circle" {
			a = &cn
		}
		a.e += w.DeltaE * w.DurationS
		a.n += w.DeltaN * w.DurationS
		a.dur += w.DurationS
		pu, pv := prof.At(w.AltMSL)
		a.wE += (w.DeltaE + pu) * w.DurationS
		a.wN += (w.DeltaN + pv) * w.DurationS
		a.pE += pu * w.DurationS
		a.pN += pv * w.DurationS
	}
	for _, x := range []struct {
		a     acc
		where string
	}{{ff, "in free fall"}, {cn, "under canopy"}} {
		if x.a.dur <= 0 {
			continue
		}
		mf, ms := wind.FromUV(x.a.wE/x.a.dur, x.a.wN/x.a.dur)
		pf, ps := wind.FromUV(x.a.pE/x.a.dur, x.a.pN/x.a.dur)
		dspd := ms - ps
		word := "stronger"
		if dspd < 0 {
			word = "weaker"
		}
		add(math.Hypot(x.a.e, x.a.n), "winds %s were %.0f kt %s than forecast, from %03.0f° (forecast %03.0f° %.0f kt); measured over %.0f s",
			x.where, math.Abs(dspd)/units.Knot, word, mf, pf, ps/units.Knot, x.a.dur)
	}
	slices.SortStableFunc(fs, func(a, b Finding) int {
		switch {
		case a.EffectM > b.EffectM:
			return -1
		case a.EffectM < b.EffectM:
			return 1
		}
		return 0
	})
	if !math.IsNaN(r.LandingErrorM) {
		where := fmt.Sprintf("landed %.0f m from the target, bearing %03.0f° (planned %.0f m)", r.LandingErrorM, r.LandingBearing, d.LandingErrorM.Planned)
		if WithinHalfMetre(r.LandingErrorM) {
			// a bearing would be the rounding's, not the jumper's
			where = fmt.Sprintf("landed on the target (within half a metre; planned %.0f m)", d.LandingErrorM.Planned)
		}
		fs = append([]Finding{{Text: where, EffectM: math.NaN()}}, fs...)
	}
	return fs
}

// meanWind is the mean wind vector between lo and hi (m MSL), sampled every 100 m.
func meanWind(p *wind.Profile, lo, hi float64) (u, v float64) { return p.Mean(lo, hi, 100) }

// WithinHalfMetre reports whether a distance from a planned point (m) rounds to
// 0 m as the reports print it: the debrief then says "at the planned point"
// or "on the target", with no direction, which would be the rounding's.
func WithinHalfMetre(m float64) bool { return math.Round(math.Abs(m)) == 0 }
