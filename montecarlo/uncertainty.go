package montecarlo

import (
	"fmt"
	"math"

	"halo/mission"
)

// Default 1-σ uncertainties, used where mission.Uncertainty leaves a field NaN.
// Each one is listed, with what it perturbs and where the figure comes from, in
// Result.Distributions; README.md discusses them.
const (
	// DefaultWindSpeed is the 1-σ wind-speed error along the forecast wind, m/s.
	// Basis: a 2016 verification of a year of 6-h RAP forecasts against every CONUS
	// radiosonde found vector-wind errors of about 4 m/s RMS through most of the
	// troposphere (quoted, secondary), about 2.8 m/s per component; the Met Office's
	// aviation wind target is ≤ 2.85 m/s RMS vector error (CAA verification report,
	// 2025). 2.5 m/s sits between them.
	DefaultWindSpeed = 2.5
	// DefaultWindDirection is the 1-σ wind-direction error, degrees: 10° is a
	// cross-wind error of 2.6 m/s at 15 m/s, matching the speed error at
	// typical HALO winds aloft (same sources; the mapping to degrees is ours).
	DefaultWindDirection = 10.0
	// DefaultWindCorrelation is the vertical correlation length of the wind error, m
	// (exponential correlation exp(-Δz/L)). Assumed: forecast wind errors are
	// dominated by synoptic scales and vertically coherent over a few km
	// (Hollingsworth & Lönnberg 1986, Tellus 38A); no citable length was found.
	DefaultWindCorrelation = 2000.0
	// DefaultExitTime is the 1-σ error of each jumper's exit time, s (assumed:
	// reaction to the green light and the shuffle to the door).
	DefaultExitTime = 1.0
	// DefaultExitAlong and DefaultExitAcross are the 1-σ errors of the aircraft's
	// position along and across the planned jump run at the green light, m
	// (assumed: GPS navigation, the pilot's line keeping and the light's timing).
	DefaultExitAlong  = 50.0
	DefaultExitAcross = 30.0
	// DefaultCdA is the 1-σ relative error of each jumper's drag area (fraction).
	// Basis: halo's camera-match rule says a belly flyer varies drag by about ±10 %
	// by posture; σ = 5 % puts 95 % of jumpers inside that range.
	DefaultCdA = 0.05
	// DefaultOpenAlt is the 1-σ error of the deployment altitude, m (assumed:
	// altimeter reading, reaction and pull; 50 m ≈ 165 ft).
	DefaultOpenAlt = 50.0
	// DefaultCanopyAirspeed is the 1-σ error of the canopy's airspeed, m/s. Basis:
	// sport ram-air forward speeds are quoted as 9–11 m/s [CANOPY-SPORT], a
	// spread of ±1 m/s.
	DefaultCanopyAirspeed = 1.0
	// DefaultCanopySink is the 1-σ error of the canopy's sink rate, m/s (assumed:
	// 10 % of the typical 5 m/s, wing loading and brakes).
	DefaultCanopySink = 0.5
	// DefaultTemperature is the 1-σ error of the air temperature at every altitude,
	// K. Basis: the Met Office aviation temperature target is ≤ 0.56 K RMS for
	// forecasts; 2 K also covers a mission flown on the standard atmosphere plus an
	// offset rather than a forecast profile (assumed).
	DefaultTemperature = 2.0
	// DefaultLanding is the pilot's own landing error, m per axis (1σ).
	DefaultLanding = 10.0
)

// TempStrata is the number of pre-built atmospheres the temperature error is drawn
// from: equiprobable strata of the Gaussian, each represented by its midpoint
// quantile, the nine values scaled so that their standard deviation is exactly σ.
// Building an atmosphere table per run would cost far more than the jump.
const TempStrata = 9

// sigmas are the resolved 1-σ values in SI (direction in radians).
type sigmas struct {
	windSpeed, windDir, windCorr float64
	exitTime, exitAlong, exitAcr float64
	cda, openAlt                 float64
	canopyAir, canopySink, temp  float64
	landing                      float64
}

// Distribution names one perturbed quantity and how it is drawn.
type Distribution struct {
	Name   string  `json:"name"`
	Kind   string  `json:"kind"`   // e.g. "gaussian"
	Sigma  float64 `json:"sigma"`  // 1 σ in Unit
	Unit   string  `json:"unit"`   // m/s, deg, m, s, fraction, K
	Origin string  `json:"origin"` // "default", "mission" (uncertainty: in the mission file) or "models" (Options.WindSpread)
	// Applies says what is perturbed and what is shared between jumpers.
	Applies string `json:"applies"`
	// Basis is the source of the default, or "assumed".
	Basis string `json:"basis"`
}

type distSpec struct {
	name, unit, kind, applies, basis string
	def                              float64
	get                              func(*mission.Uncertainty) float64
	set                              func(*sigmas, float64)
	min                              float64 // smallest valid value
}

var specs = []distSpec{
	{"wind_speed", "m/s", "gaussian, AR(1) in altitude (correlation wind_correlation)",
		"added to the forecast wind speed along its direction at every reported layer and on a 500 m grid from the ground to exit; same for all jumpers of a run",
		"RAP 6-h forecasts ~4 m/s RMS vector error (2016 verification against CONUS radiosondes, secondary); Met Office aviation target ≤ 2.85 m/s RMS vector error", DefaultWindSpeed,
		func(u *mission.Uncertainty) float64 { return u.WindSpeed }, func(s *sigmas, v float64) { s.windSpeed = v }, 0},
	{"wind_direction", "deg", "gaussian, AR(1) in altitude (correlation wind_correlation)",
		"rotation of the forecast wind vector at every layer (a calm layer gets the speed error along one random direction per run); same for all jumpers",
		"same sources as wind_speed: 10° ≈ 2.6 m/s across a 15 m/s wind (our mapping)", DefaultWindDirection,
		func(u *mission.Uncertainty) float64 { return u.WindDirection }, func(s *sigmas, v float64) { s.windDir = v * math.Pi / 180 }, 0},
	{"wind_correlation", "m", "correlation length of exp(-Δz/L)",
		"vertical correlation of the wind-speed and direction errors between neighbouring altitudes",
		"assumed (forecast errors are synoptic-scale and vertically coherent over a few km, Hollingsworth & Lönnberg 1986)", DefaultWindCorrelation,
		func(u *mission.Uncertainty) float64 { return u.WindCorrelation }, func(s *sigmas, v float64) { s.windCorr = v }, 1},
	{"exit_time", "s", "gaussian", "each jumper's exit time; moves the exit point along the ground track by ground speed × error",
		"assumed (reaction to the green light)", DefaultExitTime,
		func(u *mission.Uncertainty) float64 { return u.ExitTime }, func(s *sigmas, v float64) { s.exitTime = v }, 0},
	{"exit_along", "m", "gaussian", "aircraft position along the jump run at the green light; same for all jumpers of a run",
		"assumed (navigation and line keeping)", DefaultExitAlong,
		func(u *mission.Uncertainty) float64 { return u.ExitAlong }, func(s *sigmas, v float64) { s.exitAlong = v }, 0},
	{"exit_across", "m", "gaussian", "aircraft position across the jump run; same for all jumpers of a run",
		"assumed (navigation and line keeping)", DefaultExitAcross,
		func(u *mission.Uncertainty) float64 { return u.ExitAcross }, func(s *sigmas, v float64) { s.exitAcr = v }, 0},
	{"cda", "fraction", "gaussian, multiplicative", "each jumper's free-fall and track drag area × (1 + error)",
		"halo camera-match rule: posture changes drag ±10 % (σ 5 % puts 95 % inside)", DefaultCdA,
		func(u *mission.Uncertainty) float64 { return u.CdA }, func(s *sigmas, v float64) { s.cda = v }, 0},
	{"open_altitude", "m", "gaussian", "each jumper's deployment altitude (reaction and deployment); for a timed opening, divided by the planned fall rate",
		"assumed", DefaultOpenAlt,
		func(u *mission.Uncertainty) float64 { return u.OpenAlt }, func(s *sigmas, v float64) { s.openAlt = v }, 0},
	{"canopy_airspeed", "m/s", "gaussian", "each jumper's canopy airspeed (ram-air only; a round canopy keeps 0)",
		"[CANOPY-SPORT]: sport ram-air forward speed 9-11 m/s", DefaultCanopyAirspeed,
		func(u *mission.Uncertainty) float64 { return u.CanopyAirspeed }, func(s *sigmas, v float64) { s.canopyAir = v }, 0},
	{"canopy_sink", "m/s", "gaussian", "each jumper's canopy sink rate (kept ≥ 20 % of nominal)",
		"assumed (10 % of a typical 5 m/s)", DefaultCanopySink,
		func(u *mission.Uncertainty) float64 { return u.CanopySink }, func(s *sigmas, v float64) { s.canopySink = v }, 0},
	{"landing", "m", "gaussian, per axis", "each jumper's own landing error (flare, last turns) added to the landing of the simulated pilot, who steers perfectly in the wind he flies",
		"assumed so that a 2σ circle of about 25 m matches the published military accuracy (RA-1 stick in a 25-30 m circle [KITUP])", DefaultLanding,
		func(u *mission.Uncertainty) float64 { return u.Landing }, func(s *sigmas, v float64) { s.landing = v }, 0},
	{"temperature", "K", fmt.Sprintf("gaussian in %d equiprobable strata (pre-built atmospheres)", TempStrata),
		"air temperature offset at every altitude, pressure held at the ground and integrated hydrostatically; same for all jumpers of a run",
		"Met Office aviation forecast target ≤ 0.56 K RMS; 2 K also covers a standard-atmosphere mission (assumed)", DefaultTemperature,
		func(u *mission.Uncertainty) float64 { return u.Temperature }, func(s *sigmas, v float64) { s.temp = v }, 0},
}

// Distributions resolves the mission's uncertainty block against the defaults and
// lists every distribution the Monte Carlo draws from. A negative, infinite or
// (for wind_correlation) non-positive value is an error naming the field.
func Distributions(u mission.Uncertainty) ([]Distribution, error) {
	ds, _, err := resolve(u)
	return ds, err
}

func resolve(u mission.Uncertainty) ([]Distribution, sigmas, error) {
	var s sigmas
	var ds []Distribution
	for _, sp := range specs {
		v, origin := sp.get(&u), "mission"
		if math.IsNaN(v) {
			v, origin = sp.def, "default"
		}
		if math.IsInf(v, 0) || v < sp.min || (sp.min > 0 && v <= 0) {
			return nil, s, fmt.Errorf("uncertainty.%s: %v %s is not valid: give a finite value ≥ %g", sp.name, v, sp.unit, sp.min)
		}
		sp.set(&s, v)
		basis := sp.basis
		if origin == "mission" {
			basis = "mission file"
		}
		ds = append(ds, Distribution{Name: sp.name, Kind: sp.kind, Sigma: v, Unit: sp.unit, Origin: origin, Applies: sp.applies, Basis: basis})
	}
	return ds, s, nil
}
