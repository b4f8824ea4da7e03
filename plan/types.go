package plan

import (
	"time"

	"halo/check"
	"halo/flight"
	"halo/mission"
)

// LatLon is a WGS84 position, degrees.
type LatLon struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

// Plan is the planner's answer. JSON field names are the API; units are in them.
type Plan struct {
	Mission      string       `json:"mission"`
	Target       Target       `json:"target"`
	Environment  Environment  `json:"environment"`
	ReleasePoint ReleasePoint `json:"release_point"`
	HandMethod   HandMethod   `json:"hand_method"`
	JumpRun      JumpRun      `json:"jump_run"`
	GreenLight   GreenLight   `json:"green_light"`
	Pilot        PilotBrief   `json:"pilot_brief"`
	Jumpers      []JumperPlan `json:"jumpers"`
	Stick        Stick        `json:"stick"`
	Camera       *Camera      `json:"camera,omitempty"`
	Airspace     *Airspace    `json:"airspace,omitempty"`
	HAHO         *HAHO        `json:"haho,omitempty"`
	// Canopy is the lead jumper's canopy plan: opening point, footprint, landing
	// pattern, holding area, cut-away finder and alternates (pattern.go).
	Canopy   *CanopyPlan `json:"canopy,omitempty"`
	Timeline []Moment    `json:"timeline"`
	// ExitTime is the clock time of the green light (zero without a schedule).
	ExitTime    time.Time      `json:"exit_time,omitempty"`
	Sun         []SunPoint     `json:"sun,omitempty"`
	Physio      []PhysioJumper `json:"physiology,omitempty"`
	Checks      []check.Check  `json:"checks"`
	Verdict     string         `json:"verdict"`
	Reasons     []string       `json:"reasons"`
	Assumptions []string       `json:"assumptions"`
	SolveTimeS  float64        `json:"solve_time_s"`
	// Planner is the halo build that made the plan (version.Info.String,
	// "halo v1.2.0 (abcdef123456)"): the brief, every export and the log carry it.
	Planner string `json:"planner"`

	// Traces are each jumper's recorded trajectory (every TraceStep seconds), in
	// jumper order; not part of the JSON report (render writes them on request).
	Traces [][]flight.Sample `json:"-"`
	// Jumps are the simulator inputs of each jumper as planned (exit position and
	// velocity included), in the same order as Jumpers; Env is the environment.
	// The Monte Carlo perturbs these.
	Jumps []flight.Jump `json:"-"`
	// Input is the mission the plan was made from.
	Input *mission.Mission `json:"-"`
	Env   *Env             `json:"-"`
	// TrackUnit is the jump run's ground-track direction (east, north unit vector).
	TrackUnit [2]float64 `json:"-"`
	// Balloon is a balloon's ascent and launch point (nil for an aircraft).
	Balloon *BalloonAscent `json:"balloon,omitempty"`
}

// TraceStep is the sampling interval of recorded trajectories, s.
const TraceStep = 0.5

// Target echoes the target.
type Target struct {
	Lat        float64 `json:"lat"`
	Lon        float64 `json:"lon"`
	ElevationM float64 `json:"elevation_m"`
	RadiusM    float64 `json:"radius_m"`
}

// Environment is the air and wind the plan used.
type Environment struct {
	Atmosphere  string     `json:"atmosphere"`
	WindSource  string     `json:"wind_source"`
	WindIssued  string     `json:"wind_issued,omitempty"`
	WindValidTo string     `json:"wind_valid_to,omitempty"`
	WindAgeH    *float64   `json:"wind_age_h,omitempty"`
	WindNotes   []string   `json:"wind_notes,omitempty"`
	Levels      []EnvLevel `json:"levels"`
}

// EnvLevel is the air at one altitude of interest.
type EnvLevel struct {
	Name     string  `json:"name"`
	AltM     float64 `json:"alt_m"`
	AGLM     float64 `json:"agl_m"`
	TK       float64 `json:"T_K"`
	PPa      float64 `json:"p_Pa"`
	Rho      float64 `json:"rho_kgm3"`
	AMps     float64 `json:"a_mps"`
	WindFrom float64 `json:"wind_from_deg"`
	WindMps  float64 `json:"wind_speed_mps"`
}

// ReleasePoint is where the first jumper leaves the aircraft (the green light).
type ReleasePoint struct {
	Lat               float64 `json:"lat"`
	Lon               float64 `json:"lon"`
	EM                float64 `json:"e_m"`
	NM                float64 `json:"n_m"`
	AltM              float64 `json:"alt_m"`
	DistanceM         float64 `json:"distance_from_target_m"`
	BearingFromTarget float64 `json:"bearing_from_target_deg"`
	Iterations        int     `json:"solver_iterations"`
	Method            string  `json:"method"`
}

// HandMethod is the doctrinal HARP (ATP 3-18.11), the jumpmaster's paper method,
// as a cross-check of the simulator's release point (see harp.go).
type HandMethod struct {
	WindLines          []WindLine `json:"wind_lines"`
	MeanWindFFKt       float64    `json:"mean_wind_freefall_kt"`
	MeanWindFFFromDeg  float64    `json:"mean_wind_freefall_from_deg"`
	MeanWindCanKt      float64    `json:"mean_wind_canopy_kt"`
	MeanWindCanFromDeg float64    `json:"mean_wind_canopy_from_deg"`
	CanopyAKft         float64    `json:"canopy_a_kft"`
	SafetyFactorFt     float64    `json:"safety_factor_ft"`
	CanopyForwardKt    float64    `json:"canopy_forward_speed_kt"`
	CanopyK            float64    `json:"canopy_k"`
	CanopyFigures      string     `json:"canopy_figures"`
	CanopyDriftNM      float64    `json:"canopy_drift_nm"`
	CanopyDriftM       float64    `json:"canopy_drift_m"`
	FreefallAKft       float64    `json:"freefall_a_kft"`
	FreefallDriftM     float64    `json:"freefall_drift_m"`
	DispersionM        float64    `json:"dispersion_m"`
	ForwardThrowM      float64    `json:"forward_throw_m"`
	OPLat              float64    `json:"op_lat"`
	OPLon              float64    `json:"op_lon"`
	// Lat and Lon are the HARP.
	Lat         float64 `json:"lat"`
	Lon         float64 `json:"lon"`
	DifferenceM float64 `json:"difference_m"`
	// DIPLat, DIPLon are the desired impact point (the target). The HARP lies
	// FromDIPM from it on bearing BearingTrueDeg (true), BearingGridDeg (grid
	// north of the DIP's MGRS zone) and BearingMagDeg (magnetic, WMM2025; nil
	// without a date).
	DIPLat         float64  `json:"dip_lat"`
	DIPLon         float64  `json:"dip_lon"`
	FromDIPM       float64  `json:"from_dip_m"`
	BearingTrueDeg float64  `json:"bearing_from_dip_true_deg"`
	BearingGridDeg float64  `json:"bearing_from_dip_grid_deg"`
	BearingMagDeg  *float64 `json:"bearing_from_dip_magnetic_deg,omitempty"`
	Sheet          []string `json:"sheet"`
	Explained      []string `json:"explained"`
	Formula        string   `json:"formula"`
	Source         string   `json:"source"`
}

// JumpRun is the aircraft's run over the ground.
type JumpRun struct {
	HeadingDeg  float64 `json:"heading_deg"`
	HeadingAuto bool    `json:"heading_auto"`
	// HeadingBasis says in words what set the heading flown: given, into the wind,
	// or either turned by the airspace solver (and by how much).
	HeadingBasis   string       `json:"heading_basis"`
	TrackDeg       float64      `json:"track_deg"`
	TASMps         float64      `json:"airspeed_tas_mps"`
	GroundSpeedMps float64      `json:"ground_speed_mps"`
	WindExitFrom   float64      `json:"wind_exit_from_deg"`
	WindExitMps    float64      `json:"wind_exit_speed_mps"`
	Line           []LatLon     `json:"line"` // run-in start, release point, last exit, turn-away
	LineENU        [][2]float64 `json:"line_enu_m"`
}

// GreenLight is the stretch of the jump run from which the first jumper can still
// land on the target: distances along the run from the release point (negative =
// before it) and its duration at the ground speed.
//
// The window is the stretch the stick reaches from (ReachStartM..ReachEndM)
// narrowed at both ends by DispersionM, the mission's dispersion margin
// (limits.canopy_dispersion, ATP 3-18.11's 50 m per two jumpers by default).
type GreenLight struct {
	StartM      float64 `json:"start_m"`
	EndM        float64 `json:"end_m"`
	DurationS   float64 `json:"duration_s"`
	ReachStartM float64 `json:"reach_start_m"`
	ReachEndM   float64 `json:"reach_end_m"`
	DispersionM float64 `json:"dispersion_m"`
	// Hover is set for a helicopter hover exit: Start and End are the hover
	// point, DurationS the time the stick takes to leave (0 when it cannot all
	// reach the target from there).
	Hover bool   `json:"hover,omitempty"`
	Start LatLon `json:"start"`
	End   LatLon `json:"end"`
}

// JumperPlan is one jumper's planned jump.
type JumperPlan struct {
	Name           string  `json:"name"`
	Role           string  `json:"role"`
	ExitOffsetS    float64 `json:"exit_offset_s"`
	Exit           LatLon  `json:"exit"`
	ExitE, ExitN   float64 `json:"-"`
	FreefallS      float64 `json:"freefall_s"`
	OpenAltAGLM    float64 `json:"open_alt_agl_m"` // deployment start, AGL
	CanopyOpenAGL  float64 `json:"canopy_open_agl_m"`
	MaxSpeedMps    float64 `json:"max_speed_mps"`
	MaxSpeedAltM   float64 `json:"max_speed_alt_m"`
	MaxMach        float64 `json:"max_mach"`
	CanopyS        float64 `json:"canopy_s"`
	Landing        LatLon  `json:"landing"`
	LandingErrorM  float64 `json:"landing_error_m"`
	AADFire        bool    `json:"aad_fire"`
	CanopyBackward bool    `json:"canopy_backward"`
	// Impact: the simulated jumper reached the ground before the canopy opened.
	Impact bool           `json:"impact"`
	CdAM2  float64        `json:"cda_m2"`
	Events []flight.Event `json:"events"`
	Result flight.Result  `json:"-"`
}

// Stick is the exit order and separations.
type Stick struct {
	Order      []string     `json:"order"`
	IntervalsS []float64    `json:"intervals_s"`
	MinSepM    float64      `json:"min_separation_m"`
	Source     string       `json:"source"`
	Pairs      []Separation `json:"pairs"`
	// Slots are the exit slots of a mission with groups, in exit order (nil
	// without groups); RunLengthM is the jump run from the first exit to the last,
	// m over the ground.
	Slots      []Slot  `json:"slots,omitempty"`
	RunLengthM float64 `json:"run_length_m"`
	// Rules are the doctrine the stick follows, each with its source.
	Rules []StickRule `json:"rules"`
}

// StickRule is one rule of the stick's doctrine with its primary source.
type StickRule struct {
	Rule   string `json:"rule"`
	Source string `json:"source"`
}

// Separation between two jumpers.
type Separation struct {
	A           string  `json:"a"`
	B           string  `json:"b"`
	AtOpenM     float64 `json:"at_open_horizontal_m"`
	AtOpenVertM float64 `json:"at_open_vertical_m"`
	MinHorizM   float64 `json:"min_horizontal_m"` // until both canopies are open
	// MinMixedM is the closest same-time 3-D distance while one is falling and the
	// other is under an open canopy (+Inf when that never happens).
	MinMixedM float64     `json:"-"`
	Series    []SepSample `json:"series,omitempty"`
}

// SepSample is a separation at one time.
type SepSample struct {
	T      float64 `json:"t_s"`
	HorizM float64 `json:"horizontal_m"`
	VertM  float64 `json:"vertical_m"`
}

// Moment is one line of the timeline.
type Moment struct {
	Event string  `json:"event"`
	Time  string  `json:"time,omitempty"` // clock time with zone, when the schedule is known
	TS    float64 `json:"t_s"`            // seconds from the first exit
	AltM  float64 `json:"alt_m"`
}

// SunPoint is the sun seen at one moment and place.
type SunPoint struct {
	Where        string  `json:"where"`
	Event        string  `json:"event"`
	Time         string  `json:"time"`
	ElevationDeg float64 `json:"elevation_deg"`
	AzimuthDeg   float64 `json:"azimuth_deg"`
}

// MissionRef returns the mission the plan was made from.
func (p *Plan) MissionRef() *mission.Mission { return p.Input }
