// Package flight simulates one jump from exit to landing: a point mass in a local
// east-north-up frame tied to the target, falling through a wind profile and an
// atmosphere, then deploying and flying a canopy to the ground.
//
// Free fall: m·dv/dt = -m·g(z)·ẑ - ½·ρ(z)·|v_air|·CdA(M)·v_air, with
// g(z) = g0·(r0/(r0+z))² (USSA-76 constants), v_air = v - wind(z) the velocity
// relative to the moving air, ρ from the atmosphere and CdA depending on Mach number
// M = |v_air|/a(z). The drag table can change during the fall (Jump.Phases: a
// drogue opened or released, a new body position, after a time or at an altitude),
// each change a located event. Positions: e, n in metres from the target (horizontal plane
// tangent to the WGS84 ellipsoid at the target), altitude z in metres MSL.
//
// Deployment: from deployment start the velocity relative to the air relaxes from
// its free-fall value to the canopy's over the deployment time T, as
// v(τ) = v_c + (v_0 - v_c)·s(τ/T), with s(x) = (1 - x)/(1 + b·x), b chosen so that
// the altitude lost equals the canopy's stated deploy_loss (b = 0, a linear decay,
// when none is given). The shape is smooth on [0, 1], so the integrator steps
// through it without the rejections a power law's infinite slope causes.
//
// Canopy: quasi-steady flight at the canopy's airspeed and sink (given at sea-level
// density, scaled by sqrt(ρ0/ρ)), steered to the target with a time-to-go law: the
// jumper aims at the start of a final approach into the wind, flying (or S-turning)
// so as to arrive there when reaching the final-approach height, against the winds
// it will still descend through (the time-weighted mean wind below it), not the
// wind where it is, losing any height it does not need in S-turns (a braked mean
// path would hover over the ground); a round canopy with no forward speed drifts
// with the wind. Steering is continuous, except that for the last second before
// the final-approach height the canopy holds the air velocity the law gave there
// (ApproachHold: the law's correction is singular at that height).
//
// Integration: adaptive Dormand–Prince 5(4) with error control; events (deployment,
// maximum speed, AAD firing, landing) are located inside a step on the cubic Hermite
// interpolant, not at the nearest step. The steps of a steered canopy that can
// reach its aim (S-turning) run at ClosingTol times the tolerances: the law flies
// out a step's error in position. A Sim holds only read-only data and can be
// shared; each call to Run uses its own scratch space.
package flight

import (
	"errors"
	"fmt"
	"math"

	"halo/atmos"
	"halo/mission"
	"halo/wind"
)

// Phase of flight.
type Phase uint8

// Phases, in order.
const (
	PhaseFreefall Phase = iota
	PhaseDeploying
	PhaseCanopy
	PhaseLanded
)

func (p Phase) String() string {
	return [...]string{"freefall", "deploying", "canopy", "landed"}[p]
}

// Rho0 is the sea-level standard density the canopy figures refer to, kg/m³.
const Rho0 = atmos.RhoSL

// Drag is the body's drag area, possibly Mach dependent.
type Drag struct {
	CdA float64 // m² at low Mach; multiplied by the table's factor at higher Mach
	// Mach and Factor give CdA(M) = CdA·Factor(M), linear between points, constant
	// outside. Empty means constant CdA.
	Mach, Factor []float64
}

// At returns the drag area (m²) at Mach number m.
func (d *Drag) At(m float64) float64 {
	n := len(d.Mach)
	if n == 0 || m <= d.Mach[0] {
		if n == 0 {
			return d.CdA
		}
		return d.CdA * d.Factor[0]
	}
	if m >= d.Mach[n-1] {
		return d.CdA * d.Factor[n-1]
	}
	i := 1
	for d.Mach[i] < m {
		i++
	}
	f := (m - d.Mach[i-1]) / (d.Mach[i] - d.Mach[i-1])
	return d.CdA * (d.Factor[i-1] + f*(d.Factor[i]-d.Factor[i-1]))
}

// Canopy describes the parachute.
type Canopy struct {
	Airspeed   float64 // m/s at sea-level density
	Sink       float64 // m/s at sea-level density
	DeployTime float64 // s
	DeployLoss float64 // m; 0 or NaN: linear decay (k = 1)
	Final      float64 // m AGL at which a ram-air turns into the wind
	// HeadingDeg, when not NaN, is flown instead of steering to the target.
	HeadingDeg float64
	// Drift flies the canopy hands off until the final approach (with Final 0:
	// to the ground): half brakes facing into the wind, at HandsOffAirspeed of
	// its airspeed [USPA-BRAKED]. The planner uses it for the canopy's drift from
	// the opening point, the stick's separations and the cut-away finder.
	Drift bool
}

// Jump is everything that differs between two jumps in one environment.
type Jump struct {
	Mass float64 // kg
	Drag Drag
	// Exit position (e, n in m from the target, z in m MSL) and velocity over the
	// ground (east, north, up, m/s).
	E, N, Z    float64
	VE, VN, VU float64
	// Deployment starts at OpenAGL metres above the ground, or after OpenAfter
	// seconds of free fall if OpenAfter > 0 (whichever comes first when both are set).
	OpenAGL, OpenAfter float64
	Canopy             Canopy
	// Aim is the landing aim point (e, n, m) for the canopy; normally 0, 0.
	AimE, AimN float64
	// AADAlt (m AGL) and AADSpeed (m/s down): the AAD fires if the jumper passes
	// AADAlt descending faster than AADSpeed.
	AADAlt, AADSpeed float64
	// Track, when Track.AGL > 0, is a break-off: from Track.AGL metres above the
	// ground the jumper tracks away on a heading until deployment.
	Track Track
	// Phases change the free-fall drag during the fall, in order: a drogue opened
	// or released, a new body position (Kittinger's stabiliser at 13 s, Eustace's
	// drogue from exit [WEA] [NATL]). Empty: Drag for the whole fall.
	Phases []DragPhase
}

// DragPhase is a change of the free-fall drag: from its start to the next phase's
// (or deployment) the jumper falls with Drag. It starts when the jumper descends
// through Alt (m MSL) when Alt > 0, else After seconds after exit (0: at exit);
// each phase starts no earlier than the one before it (a phase whose moment has
// passed by then starts at once).
type DragPhase struct {
	Name  string  // the event's name, e.g. "drogue_open", "drogue_release"
	After float64 // s after exit; used when Alt is 0
	Alt   float64 // m MSL, crossed descending; 0: use After
	Drag  Drag
}

// ScaleDrag multiplies every free-fall drag area of the jump by f: the body's, the
// break-off track's and each drag phase's (a new slice, so that a copy of a Jump
// can be scaled without touching the original's phases).
func (j *Jump) ScaleDrag(f float64) {
	j.Drag.CdA *= f
	j.Track.CdA *= f
	if len(j.Phases) == 0 {
		return
	}
	ph := make([]DragPhase, len(j.Phases))
	copy(ph, j.Phases)
	for i := range ph {
		ph[i].Drag.CdA *= f
	}
	j.Phases = ph
}

// Track is a break-off track: a gliding body position. Its lift is modelled as
// LD times the drag, perpendicular to the air-relative velocity in the vertical
// plane of the heading, so a steady track glides at LD horizontal per vertical.
type Track struct {
	AGL        float64 // m above the ground where the track starts; 0 = none
	HeadingDeg float64 // degrees true
	CdA        float64 // m² while tracking
	LD         float64 // lift-to-drag ratio (glide), 0.5-1 for a flat track
}

// Env is the environment, shared read-only between runs.
type Env struct {
	Atm    *atmos.Model
	Wind   *wind.Profile // nil means calm
	Ground float64       // ground (target) elevation, m MSL
}

// Event is a located moment of the jump.
type Event struct {
	Name  string  `json:"name"`
	T     float64 `json:"t_s"`
	Alt   float64 `json:"alt_m"` // MSL
	E     float64 `json:"e_m"`
	N     float64 `json:"n_m"`
	Speed float64 `json:"speed_mps"` // ground-relative
	VDown float64 `json:"vdown_mps"`
}

// Sample is one point of a recorded trajectory.
type Sample struct {
	T, E, N, Z  float64
	VE, VN, VU  float64
	Speed, Mach float64
	Phase       Phase
}

// Result is what one jump did. Times are seconds from exit; altitudes m MSL.
type Result struct {
	Freefall    float64 // exit to deployment start, s
	MaxSpeed    float64 // ground-relative, m/s
	MaxSpeedAlt float64
	MaxSpeedT   float64
	// MaxSpeedE, MaxSpeedN (m from the target) and MaxSpeedVDown (m/s down) are where
	// the maximum speed was reached and how fast the jumper fell there.
	MaxSpeedE, MaxSpeedN, MaxSpeedVDown float64
	MaxMach                             float64 // maximum Mach number (air-relative) anywhere in the free fall
	MachAtMaxSpeed                      float64 // Mach at the maximum ground speed
	// Impact is set when the jumper reached the ground before the canopy opened
	// (Simulate then also returns an error wrapping ErrImpact).
	Impact   bool
	MaxVDown float64 // m/s
	Track    Event   // start of the break-off track (zero T when none)
	// Phases holds the start of each drag phase reached before deployment, in
	// order, named for the phase (allocated only for a jump with phases).
	Phases      []Event
	Deploy      Event
	Open        Event
	Land        Event
	AADFire     bool
	AADEvent    Event // valid when AADFire
	AADCross    bool  // the jump passes the AAD altitude at all (in any phase)
	DeployLossM float64
	// DeployLossUnreachable is set when the canopy's stated deploy_loss cannot be
	// lost in its deploy_time from the speed at deployment; the deployment then
	// loses the nearest reachable height, within DeployLossRange (m).
	DeployLossUnreachable bool
	DeployLossRange       [2]float64
	CanopyBackward        bool // the wind exceeded the canopy's airspeed somewhere on final
	Steps, Evals          int
	Trace                 []Sample // only when Options.Record > 0
}

// Events lists the located events in time order.
func (r *Result) Events() []Event {
	ev := []Event{{Name: "exit"}}
	ev = append(ev, Event{Name: "max_speed", T: r.MaxSpeedT, Alt: r.MaxSpeedAlt, E: r.MaxSpeedE, N: r.MaxSpeedN, Speed: r.MaxSpeed, VDown: r.MaxSpeedVDown})
	ev = append(ev, r.Phases...)
	ev = append(ev, r.Deploy, r.Open)
	if r.AADFire {
		ev = append(ev, r.AADEvent)
	}
	ev = append(ev, r.Land)
	// exit fields are filled by the caller that knows them; keep order by time
	for i := 1; i < len(ev); i++ {
		for j := i; j > 0 && ev[j].T < ev[j-1].T; j-- {
			ev[j], ev[j-1] = ev[j-1], ev[j]
		}
	}
	return ev
}

// Options tune the integration.
type Options struct {
	RTol, ATol float64 // defaults 1e-6 and 1e-4 (m, m/s): free-fall time within ~0.1 ms, landing within a few cm of a 1e-12 solution
	// Record, when > 0, samples the trajectory every Record seconds into Result.Trace.
	Record float64
	// TraceBuf, when not nil, is reused for Result.Trace (appended from
	// TraceBuf[:0]), so a caller that records many jumps allocates only when a
	// trajectory is longer than the buffer (the Monte Carlo's separation).
	TraceBuf []Sample
	// RecordUntil, when > 0, stops recording after that time from exit, s; with
	// PositionsOnly the samples carry only T, E, N, Z and Phase (no wind or
	// atmosphere lookups). Both serve the Monte Carlo's separations.
	RecordUntil   float64
	PositionsOnly bool
	// RecordFrom, when > 0, starts recording at the first multiple of Record at or
	// after that time from exit, s (the samples stay on the grid of a recording from
	// exit): the Monte Carlo's separations read nothing before the first opening.
	RecordFrom float64
	// MaxTime bounds the simulated time, s (default 4 h).
	MaxTime float64
	// FreefallOnly stops at the start of deployment (Result.Deploy and Freefall set,
	// no opening or landing): for studies of the free fall alone.
	FreefallOnly bool
}

// ErrImpact is wrapped when the jumper reaches the ground before the canopy is
// open; the Result is still filled (landing = impact point and speed).
var ErrImpact = errors.New("ground impact before the canopy opened")

// ErrInput is wrapped for invalid jump parameters.
var ErrInput = errors.New("invalid jump")

func (j *Jump) validate(env *Env) error {
	switch {
	case !(j.Mass >= mission.MinMass && j.Mass <= mission.MaxMass): // the mission's range, so that what the decoder accepts flies
		return fmt.Errorf("%w: mass %v kg is outside %g..%g kg (a jumper with equipment)", ErrInput, j.Mass, mission.MinMass, mission.MaxMass)
	case !(j.Z > env.Ground) || j.Z > atmos.MaxAlt:
		return fmt.Errorf("%w: exit altitude %.0f m is not between the ground (%.0f m) and 86 km", ErrInput, j.Z, env.Ground)
	case !(j.Canopy.Sink > 0):
		return fmt.Errorf("%w: canopy sink %v m/s", ErrInput, j.Canopy.Sink)
	case j.Canopy.Airspeed < 0 || math.IsNaN(j.Canopy.Airspeed):
		return fmt.Errorf("%w: canopy airspeed %v m/s", ErrInput, j.Canopy.Airspeed)
	case !(j.Canopy.DeployTime > 0):
		return fmt.Errorf("%w: deploy time %v s", ErrInput, j.Canopy.DeployTime)
	case !(j.OpenAGL > 0) && !(j.OpenAfter > 0):
		return fmt.Errorf("%w: no opening altitude or free-fall time", ErrInput)
	case math.IsNaN(j.E + j.N + j.VE + j.VN + j.VU):
		return fmt.Errorf("%w: exit position or velocity is not a number", ErrInput)
	}
	if err := j.Drag.validate(); err != nil {
		return err
	}
	for i := range j.Phases {
		ph := &j.Phases[i]
		switch {
		case !(ph.After >= 0) || math.IsInf(ph.After, 0) || !(ph.Alt >= 0) || math.IsInf(ph.Alt, 0):
			return fmt.Errorf("%w: drag phase %d (%s): start after %v s or at %v m", ErrInput, i+1, ph.Name, ph.After, ph.Alt)
		case ph.Alt > 0 && !(ph.Alt > env.Ground):
			return fmt.Errorf("%w: drag phase %d (%s) at %.0f m MSL is not above the ground (%.0f m)", ErrInput, i+1, ph.Name, ph.Alt, env.Ground)
		}
		if err := ph.Drag.validate(); err != nil {
			return fmt.Errorf("drag phase %d (%s): %w", i+1, ph.Name, err)
		}
	}
	return nil
}

// validate checks a drag area and its Mach table.
func (d *Drag) validate() error {
	switch {
	case !(d.CdA > 0) || math.IsInf(d.CdA, 0):
		return fmt.Errorf("%w: drag area %v m²", ErrInput, d.CdA)
	case len(d.Mach) != len(d.Factor):
		return fmt.Errorf("%w: drag table has %d Mach points and %d factors", ErrInput, len(d.Mach), len(d.Factor))
	}
	for i := 1; i < len(d.Mach); i++ {
		if !(d.Mach[i] > d.Mach[i-1]) {
			return fmt.Errorf("%w: drag table Mach values must increase", ErrInput)
		}
	}
	return nil
}
