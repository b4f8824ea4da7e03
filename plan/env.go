// Package plan is halo's main job: from a mission, the release point, jump run,
// green-light window, stick, camera flyer, airspace stand-off, timeline, sun,
// physiology and the checks that make the verdict GO or NO-GO.
//
// The planner uses the flight simulator as its model: the release point is solved
// numerically by flying each jumper through the forecast winds, not from a table.
// The military hand method (ATP 3-18.11) is printed beside it as a cross-check.
package plan

import (
	"fmt"
	"math"
	"slices"
	"time"

	"halo/airspace"
	"halo/atmos"
	"halo/flight"
	"halo/geo"
	"halo/mission"
	"halo/wind"
)

// Inputs is a decoded mission with every file it names already read: the domain
// does no I/O, so the CLI and the server resolve winds files, soundings and
// GeoJSON airspace first.
type Inputs struct {
	Mission *mission.Mission
	// Wind replaces the mission's inline layers when the mission names a winds
	// file; nil to use the inline layers.
	Wind *wind.Profile
	// Sounding levels (temperature, pressure) from atmosphere.sounding, if any.
	Sounding []atmos.Level
	// Airspace polygons read from files named in the mission; inline polygons are
	// taken from the mission itself.
	Airspace []airspace.Polygon
	// Now is the planning time, used for the winds' age when the mission has no
	// schedule (zero: the schedule's exit time, or the winds' issue time).
	Now time.Time
	// SeparationMargin, m, is added to limits.min_separation when the planner
	// spaces the stick, so that the Monte Carlo's share of runs with two jumpers too
	// close meets limits.max_p_separation (set by the briefing; 0 for the nominal
	// spacing).
	SeparationMargin float64
}

// Env is the environment a mission flies in, shared read-only by every simulation.
type Env struct {
	Flight  *flight.Env
	Frame   geo.Frame // ENU frame at the target, origin at the target elevation
	Wind    *wind.Profile
	NoWinds bool // the mission gave no winds: a calm profile stands in
	Areas   []airspace.Area
}

// NewEnv builds the atmosphere, wind profile, frame and airspace of a mission.
func NewEnv(in Inputs) (*Env, error) {
	m := in.Mission
	if m == nil {
		return nil, fmt.Errorf("plan: no mission")
	}
	var atm *atmos.Model
	var err error
	if len(in.Sounding) > 0 {
		atm, err = atmos.New(in.Sounding)
	} else {
		atm, err = atmos.New(nil, atmos.WithOffset(m.Atmosphere.TemperatureOffset))
	}
	if err != nil {
		return nil, fmt.Errorf("atmosphere: %w", err)
	}
	e := &Env{Frame: geo.NewFrame(m.Target.Lat, m.Target.Lon, m.Target.Elevation)}
	switch {
	case in.Wind != nil:
		e.Wind = withMissionTimes(in.Wind, m.Winds.Issued, m.Winds.ValidTo)
	case len(m.Winds.Layers) > 0:
		src := m.Winds.Source
		if src == "" {
			src = "inline layers in " + m.File
		}
		e.Wind, err = wind.NewProfile(src, m.Winds.Layers)
		if err != nil {
			return nil, fmt.Errorf("winds: %w", err)
		}
		e.Wind.Issued, e.Wind.ValidTo = m.Winds.Issued, m.Winds.ValidTo
	default:
		e.NoWinds = true
		e.Wind, _ = wind.NewProfile("none given: calm assumed", []wind.Layer{{Alt: 0, Temp: math.NaN()}})
	}
	if sw := m.Winds.Surface; sw != nil && !e.NoWinds {
		e.Wind, err = withSurface(e.Wind, *sw, m.Target.Elevation)
		if err != nil {
			return nil, fmt.Errorf("winds.surface: %w", err)
		}
	}
	e.Flight = &flight.Env{Atm: atm, Wind: e.Wind, Ground: m.Target.Elevation}
	polys := append([]airspace.Polygon(nil), in.Airspace...)
	for ai, a := range m.Airspace {
		if a.File != "" {
			continue // read by the caller into in.Airspace
		}
		p := airspace.Polygon{Name: a.Name, Source: m.File, Lines: [][]int{nil}}
		for k, pt := range a.Points {
			p.Ring = append(p.Ring, [2]float64{pt[1], pt[0]})
			p.Lines[0] = append(p.Lines[0], m.Line(fmt.Sprintf("airspace[%d].points[%d].lat", ai, k)))
		}
		polys = append(polys, p)
	}
	e.Areas, err = airspace.ProjectAll(e.Frame, polys)
	if err != nil {
		return nil, fmt.Errorf("airspace: %w", err)
	}
	return e, nil
}

// withSurface returns p with the observed surface wind sw as its layer at the
// ground (m MSL), replacing a report at that altitude, and p's provenance; the
// surface-wind check then reads an observation, not a wind aloft
// [halo-winds-coverage].
func withSurface(p *wind.Profile, sw wind.Layer, ground float64) (*wind.Profile, error) {
	sw.Alt = ground
	ls := []wind.Layer{sw}
	for _, l := range p.Layers() {
		if l.Alt != ground {
			ls = append(ls, l)
		}
	}
	q, err := wind.NewProfile(p.Source+" + observed surface wind (winds.surface)", ls)
	if err != nil {
		return nil, err
	}
	q.Issued, q.ValidFrom, q.ValidTo = p.Issued, p.ValidFrom, p.ValidTo
	q.Notes = append(append([]string(nil), p.Notes...), fmt.Sprintf("surface wind at the target's elevation (%.0f m) from winds.surface: %03.0f° %.1f m/s", ground, sw.FromDeg, sw.Speed))
	return q, nil
}

// Drag converts a mission drag to the simulator's.
func Drag(d mission.Drag) (flight.Drag, error) {
	switch {
	case d.Preset != "":
		return flight.Preset(d.Preset)
	case d.CdTable != nil:
		return flight.FromTable(d.Area, d.CdTable), nil
	case d.CdA > 0:
		// a constant CdA given by the user keeps the presets' mild transonic rise
		p, _ := flight.Preset("belly")
		return flight.Drag{CdA: d.CdA, Mach: p.Mach, Factor: p.Factor}, nil
	}
	return flight.Drag{}, fmt.Errorf("no drag given")
}

// Canopy converts a mission canopy to the simulator's.
func Canopy(c mission.Canopy) flight.Canopy {
	// a round canopy is one with no (or little) forward speed: it drifts
	return flight.Canopy{Airspeed: c.Airspeed, Sink: c.Sink,
		DeployTime: c.DeployTime, DeployLoss: c.DeployLoss, Final: c.Final, HeadingDeg: c.HeadingDeg}
}

// JumpFor builds the simulator input for jumper j exiting at (e, n, z) with ground
// velocity (ve, vn, vu).
func JumpFor(m *mission.Mission, j *mission.Jumper, e, n, z, ve, vn, vu float64) (flight.Jump, error) {
	d, err := Drag(j.Drag)
	if err != nil {
		return flight.Jump{}, fmt.Errorf("jumper %s: %w", j.Name, err)
	}
	fj := flight.Jump{Mass: j.Mass, Drag: d, E: e, N: n, Z: z, VE: ve, VN: vn, VU: vu,
		Canopy: Canopy(j.Canopy), AADAlt: AADFireAGL(m, j), AADSpeed: m.Limits.AADSpeed}
	if !math.IsNaN(j.AADSpeed) {
		fj.AADSpeed = j.AADSpeed
	}
	for k, ph := range j.DragPhases {
		pd, err := Drag(ph.Drag)
		if err != nil {
			return flight.Jump{}, fmt.Errorf("jumper %s: drag_phases[%d]: %w", j.Name, k, err)
		}
		fp := flight.DragPhase{Name: ph.Name, After: ph.After, Alt: ph.Alt, Drag: pd}
		if math.IsNaN(ph.Alt) {
			fp.Alt = 0
		} else {
			fp.After = 0
		}
		fj.Phases = append(fj.Phases, fp)
	}
	if !math.IsNaN(j.OpenAt) {
		fj.OpenAGL = j.OpenAt
	} else {
		fj.OpenAfter = j.OpenAfter
	}
	if math.IsNaN(fj.Canopy.DeployLoss) {
		fj.Canopy.DeployLoss = 0
	}
	return fj, nil
}

// AADFireAGL is the height above the landing ground (m) at which jumper j's AAD
// fires: its activation altitude (the jumper's aad.altitude, else
// limits.aad_altitude) above the ground it measures from, where it was switched on
// plus its altitude offset [CYPRES] (mission.AADGround). Negative: below the
// landing ground, so it never fires. JumpFor puts it in the simulator's input,
// which the plan and the Monte Carlo both fly: this is the one place it is computed.
func AADFireAGL(m *mission.Mission, j *mission.Jumper) float64 {
	alt := m.Limits.AADAlt
	if !math.IsNaN(j.AADAlt) {
		alt = j.AADAlt
	}
	g, _ := m.AADGround(j)
	return g + alt - m.Target.Elevation
}

// TAS returns the aircraft's true airspeed at exit (m/s): the given TAS, or the
// indicated airspeed corrected for density, IAS·sqrt(ρ0/ρ) (an EAS≈IAS
// approximation that ignores compressibility and instrument error).
func TAS(m *mission.Mission, atm *atmos.Model) float64 {
	if !math.IsNaN(m.Aircraft.Airspeed) {
		return m.Aircraft.Airspeed
	}
	rho, _ := atm.DensitySound(m.Aircraft.Altitude)
	return m.Aircraft.IAS * math.Sqrt(flight.Rho0/rho)
}

// withMissionTimes returns the winds read from a file with the mission's
// winds.issued and winds.valid_to where the file gives none (a sounding has no
// issue time); where both give one, the file's wins and a note says the mission's
// differs. p itself is not changed.
func withMissionTimes(p *wind.Profile, issued, validTo time.Time) *wind.Profile {
	if issued.IsZero() && validTo.IsZero() {
		return p
	}
	q := *p
	q.Notes = slices.Clone(p.Notes)
	merge := func(file *time.Time, mission time.Time, key string) {
		switch {
		case mission.IsZero() || file.Equal(mission):
		case file.IsZero():
			*file = mission
			q.Notes = append(q.Notes, fmt.Sprintf("%s %s from the mission (the winds file gives none)", key, mission.UTC().Format(time.RFC3339)))
		default:
			q.Notes = append(q.Notes, fmt.Sprintf("%s: the winds file's %s is used; the mission's %s disagrees", key, file.UTC().Format(time.RFC3339), mission.UTC().Format(time.RFC3339)))
		}
	}
	merge(&q.Issued, issued, "winds.issued")
	merge(&q.ValidTo, validTo, "winds.valid_to")
	return &q
}
