// Package mission is the mission file: one YAML document that describes a jump
// (target, aircraft, atmosphere, winds, jumpers, oxygen, limits, airspace, light,
// uncertainty), decoded strictly into SI values with every error located by file,
// line and path, and the embedded default mission `fallout`.
//
// All quantities in a Mission are SI (m, m/s, kg, s, K, Pa, m², m³); angles and
// geographic coordinates are degrees. Optional quantities that were not given are
// NaN or have their default filled in; every default filled in is listed in
// Mission.Assumptions so that the output can show it.
package mission

import (
	"fmt"
	"math"
	"time"

	"halo/units"
	"halo/wind"
)

// Mission is one decoded mission file.
type Mission struct {
	Name        string
	Description string
	// Type is the kind of jump, which decides the oxygen rules: "sport", "military"
	// or "stunt" (key `type`; default "military", the stricter).
	Type        string
	Target      Target
	Aircraft    Aircraft
	Schedule    Schedule
	Atmosphere  Atmosphere
	Winds       Winds
	Jumpers     []Jumper
	Oxygen      Oxygen
	Limits      Limits
	Airspace    []Airspace
	Light       *Light
	Uncertainty Uncertainty
	HAHO        *HAHO
	// AAD is where the jumpers' AADs take their ground reference (per jumper:
	// Jumper.AADRef overrides it).
	AAD AADRef
	// Night is what the mission states about the night-jump rules (nil: nothing).
	Night *Night
	// Groups are the jumpers who exit together (key `groups`); nil: every jumper
	// exits alone.
	Groups []Group
	// Units are the units the reports lead with (key `units`).
	Units Units
	// ExitDelaysPlanned is set by plan.SpaceGroups: the jumpers' exit delays are
	// the planner's spacing of the groups, not the file's, and are planned again
	// when the planner re-spaces the stick.
	ExitDelaysPlanned bool
	// Alternates are the named alternate landing areas (key `alternates`); the
	// plan says which the canopy reaches from the opening point.
	Alternates []Alternate

	// Assumptions lists, in words, every default the decoder filled in.
	Assumptions []string
	// File is the name the mission was read from ("fallout (embedded)" for the default).
	File string
	// Source is the YAML text as read, byte for byte (kept for the jump log and --update).
	Source []byte

	lines map[string]int // key path -> line in Source
}

// Target is the landing target. Lat/Lon are WGS84 degrees; Elevation is m MSL;
// Radius is the radius of the landing circle, m.
type Target struct {
	Lat, Lon, Elevation, Radius float64
}

// Aircraft is the jump aircraft at exit.
type Aircraft struct {
	Type     string  // free text (e.g. "C-130J"); may be empty
	Altitude float64 // exit altitude, m MSL
	// Airspeed is the true airspeed at exit, m/s. When the file gives an indicated
	// airspeed, IAS holds it and Airspeed is filled by the planner from the density
	// at exit altitude (TAS = IAS·sqrt(ρ0/ρ)); until then Airspeed is NaN.
	Airspeed float64
	IAS      float64 // indicated airspeed, m/s; NaN when a true airspeed was given
	// HeadingDeg is the jump-run heading, degrees true; NaN when HeadingAuto.
	HeadingDeg  float64
	HeadingAuto bool    // into the wind at exit altitude
	ClimbRate   float64 // m/s
	// CabinAlt is the cabin pressure altitude during the climb, m; NaN when unpressurized.
	CabinAlt      float64
	Unpressurized bool
	// Balloon: exit at rest relative to the air (stratospheric balloon).
	Balloon bool
	// Hover: a helicopter holding its position over the ground: exit at rest over
	// the ground (the air moves past at the wind's speed), no forward throw, a
	// hover point instead of a jump run.
	Hover bool
	// TakeoffElevation is the departure airfield's elevation, m MSL (default: the target's).
	TakeoffElevation float64
	// ascentGiven: ClimbRate came from ascent_rate (a balloon's).
	ascentGiven bool
}

// Schedule places the jump in time. Takeoff carries its own time zone (RFC 3339).
type Schedule struct {
	Takeoff  time.Time // zero when not given
	Location *time.Location
	// DoorOpen is how long before the first exit the door opens, s (default 120 s).
	DoorOpen float64
}

// Atmosphere selects the air model.
type Atmosphere struct {
	Model             string  // "ussa1976"
	TemperatureOffset float64 // K added to the standard temperature
	Sounding          string  // file name of a sounding (UWyo, GSL) or "" for the standard
}

// Winds is the wind source: inline layers or a file.
type Winds struct {
	Layers  []wind.Layer
	File    string
	Station string
	// Issued and ValidTo describe inline winds (zero when not given).
	Issued, ValidTo time.Time
	// Source names where inline winds come from (free text, e.g. "FB DEN 0600Z, hand copied").
	Source string
	// Gust is the forecast surface gust, m/s; NaN when not given.
	Gust float64
	// Surface is the drop zone's observed surface wind (Alt: the target's
	// elevation), added to the layers or the file's profile; nil when not given.
	// An FB bulletin has no level near the ground, so it needs one.
	Surface *wind.Layer
	// Fetch asks a forecast service for the winds at plan time; nil when not given.
	Fetch *WindsFetch
}

// Drag is a jumper's body drag: a preset, a constant CdA, or an area with a
// Mach-dependent drag coefficient table.
type Drag struct {
	Preset string  // belly, head-down, sit, track, or "" when custom
	CdA    float64 // m², NaN when Area/CdTable is used
	Area   float64 // reference area, m², NaN unless CdTable
	// CdTable is (Mach, Cd) points, Mach increasing; linear between, constant outside.
	CdTable [][2]float64
}

// Canopy is the main parachute.
type Canopy struct {
	Type string // "ram-air" or "round"
	// Model names a military canopy whose published HARP figures (forward speed,
	// K) the doctrinal HARP uses (CanopyTypes: RA-1, MC-4, MT-2X, MMPS-360,
	// TP-400, HG-380 ...); "" to derive them from Airspeed and Sink.
	Model      string
	Airspeed   float64 // forward airspeed at sea-level density, m/s (0 for round)
	Sink       float64 // sink rate at sea-level density, m/s
	DeployTime float64 // s from deployment start to canopy open
	DeployLoss float64 // altitude lost from deployment start to canopy open, m
	// Final is the height AGL at which a ram-air canopy turns into the wind for its
	// final approach, m.
	Final float64
	// HeadingDeg fixes the canopy's heading (degrees true) instead of steering to the
	// target; NaN to steer.
	HeadingDeg float64
}

// Jumper is one person in the stick.
type Jumper struct {
	Name           string
	Role           string  // talent, camera, jumpmaster, ...
	Mass           float64 // kg, with all equipment
	Drag           Drag
	ExitDelay      float64 // s after the first exit (the planner may set the stick interval)
	ExitDelayGiven bool
	OpenAt         float64 // planned deployment start, m AGL; NaN when OpenAfter is used
	OpenAfter      float64 // planned free-fall time, s; NaN when OpenAt is used
	Canopy         Canopy
	// AADAlt and AADSpeed override the limits' AAD settings for this jumper.
	AADAlt, AADSpeed float64
	// AADRef overrides the mission's AAD ground reference for this jumper (empty
	// ArmedAt and NaN Offset: the mission's).
	AADRef AADRef
	// MinOpen overrides Limits.MinOpen for this jumper, m AGL (NaN: use the limit).
	MinOpen float64
	// SkinCovered says all the jumper's skin is covered (mask, goggles, gloves): the
	// frostbite check then judges no exposed skin (key skin_covered; default false).
	SkinCovered bool
	skinGiven   bool
	// DragPhases change the free-fall drag during the fall (drogue, body position).
	DragPhases []DragPhase
	// Suit is the jumper's pressure suit (nil: none).
	Suit *Suit
}

// Oxygen is the oxygen plan.
type Oxygen struct {
	Prebreathe     float64 // s of 100 % O2 before the climb
	PrebreatheAt   string  // "ground" or "cabin"
	PrebreatheAlt  float64 // m, cabin altitude when PrebreatheAt is "cabin"
	TimeAtAltitude float64 // s at exit altitude before the exit
	Breaks         []Break // breaks on air during prebreathe
	BottleVolume   float64 // bailout bottle water volume, m³ (NaN: none)
	BottlePressure float64 // bailout bottle fill pressure, Pa
	BreathingRate  float64 // L/min... stored as m³/s at body conditions (NaN: default)
	// BottleSwitch is how long before exit the jumpers switch from console to bottle, s.
	BottleSwitch float64
	// BottleFloor is the altitude down to which the bail-out bottle must last, m MSL;
	// an exit at or below it needs no bottle (default by Type: 15,000 ft civil,
	// 13,000 ft military).
	BottleFloor float64
	// TimeToBottle is the time a jumper needs to get onto the bail-out bottle after a
	// console-O₂ failure, s (default 15 s, halo's placeholder: time it in drills).
	TimeToBottle float64
	// Console says the jumpers breathe aircraft O₂ (console or on-board system) from
	// the prebreathe until they switch to the bottle; false: they breathe air until
	// then (default true, except a sport or stunt jump without a prebreathe).
	Console      bool
	consoleGiven bool
}

// Break is an interruption of prebreathe on air.
type Break struct {
	At, Duration float64 // s from the start of the prebreathe; s
}

// Limits are the go/no-go thresholds. Every one has a default with a source.
type Limits struct {
	MinOpen        float64 // minimum deployment altitude, m AGL
	MaxSurfaceWind float64 // m/s
	MaxGust        float64 // m/s
	MaxExitWind    float64 // m/s, wind at exit altitude
	AADAlt         float64 // AAD activation altitude, m AGL
	AADSpeed       float64 // AAD activation vertical speed, m/s
	AADMargin      float64 // required margin of canopy-open altitude above the AAD altitude, m
	MinSeparation  float64 // horizontal separation between jumpers at opening, m
	MaxDCSRisk     float64 // 0..1
	MinPInTarget   float64 // 0..1, Monte Carlo: the least chance of landing in the target
	MaxWindAge     float64 // s
	CameraWithin   float64 // m: the camera flyer counts as "with" the talent inside this distance
	TurnMargin     float64 // m: aircraft turn-away margin from forbidden airspace
	MinTempC       float64 // K: the coldest air allowed from the ground to the exit (a no-go limit; NaN: no limit)
	// The Monte Carlo's no-go limits (0..1): the largest acceptable share of runs
	// with a pair of jumpers closer than MinSeparation, a deployment below the
	// minimum opening altitude, and an AAD firing.
	MaxPSeparation, MaxPLowOpening, MaxPAADFire float64
	// CameraInFrame is the share of the filmable free fall (0..1) the camera flyer is
	// to spend within CameraWithin of the talent; less is a caution.
	CameraInFrame float64
	// CanopySafetyFactor is the height a steerable canopy keeps in hand over the
	// target: the opening point is placed so that the hands-off canopy arrives over
	// the target this high, m AGL (ATP 3-18.11's SF, at least 2,000 ft [ATP3-18.11]).
	CanopySafetyFactor float64
	// CanopyDispersion is the stick's dispersion margin, m: the green-light window
	// is narrowed by it at both ends (default ATP 3-18.11's HARP dispersion term,
	// 50 m per two jumpers [ATP3-18.11]).
	CanopyDispersion float64
}

// Alternate is a named alternate landing area: WGS84 degrees.
type Alternate struct {
	Name     string
	Lat, Lon float64
}

// AADRef is where an AAD takes the ground its activation altitude is measured
// from. A CYPRES reads the air pressure when it is switched on and takes that
// place as the ground; a landing area at another elevation needs the device's
// altitude offset [CYPRES].
type AADRef struct {
	// ArmedAt is "takeoff" (switched on at the take-off field) or "target" (the
	// landing area); "" when not given.
	ArmedAt string
	// Offset is the altitude offset set in a device switched on at the take-off
	// field: the landing area's elevation above the field, m (negative: lower);
	// NaN when not given.
	Offset float64
}

// Night is what a mission states about the night-jump rules: each item true when
// the mission says it is done [14CFR105] [USPA-SIM] [ATP3-18.11].
type Night struct {
	Lights         bool // each jumper displays a light visible for 3 statute miles under canopy (14 CFR 105.19)
	Altimeters     bool // each jumper's altimeter can be read in the dark (lighted)
	Briefed        bool // the night procedures were briefed to every jumper
	LandingAreaLit bool // the landing area is marked with lights
}

// Airspace is a polygon the aircraft must not enter.
type Airspace struct {
	Name   string
	Points [][2]float64 // lat, lon degrees, in order
	File   string       // a GeoJSON file instead of Points
}

// Light is a sun-elevation window for the exit.
type Light struct {
	SunMin, SunMax float64 // degrees
}

// HAHO asks the planner to compare with a high opening.
type HAHO struct {
	OpenAt float64 // m AGL for the HAHO variant (default: 2 s after exit)
}

// Uncertainty overrides the Monte Carlo's default error distributions (1 σ).
// NaN means "use the default".
type Uncertainty struct {
	WindSpeed       float64 // m/s
	WindDirection   float64 // degrees
	WindCorrelation float64 // m: correlation length between layers
	ExitTime        float64 // s
	ExitAlong       float64 // m, along the jump run
	ExitAcross      float64 // m
	CdA             float64 // fraction
	OpenAlt         float64 // m
	CanopyAirspeed  float64 // m/s
	CanopySink      float64 // m/s
	Temperature     float64 // K
	Landing         float64 // m per axis: the pilot's own landing error
}

// NaN is a shorthand for an absent optional value.
var nan = math.NaN()

// Jumper returns the jumper with that name, or nil.
func (m *Mission) Jumper(name string) *Jumper {
	for i := range m.Jumpers {
		if m.Jumpers[i].Name == name {
			return &m.Jumpers[i]
		}
	}
	return nil
}

// AADGround returns the ground jumper j's AAD measures its activation altitude from
// (m MSL) and says in words where that is: the landing area when armed at the
// target, else the take-off field plus the device's altitude offset [CYPRES].
func (m *Mission) AADGround(j *Jumper) (float64, string) {
	r := m.AAD
	if j != nil && (j.AADRef.ArmedAt != "" || !math.IsNaN(j.AADRef.Offset)) {
		r = j.AADRef
	}
	if r.ArmedAt == "target" {
		return m.Target.Elevation, "armed at the landing area"
	}
	off := r.Offset
	if math.IsNaN(off) {
		off = 0
	}
	if off == 0 {
		return m.Aircraft.TakeoffElevation, "armed at the take-off field"
	}
	return m.Aircraft.TakeoffElevation + off, fmt.Sprintf("armed at the take-off field with an altitude offset of %+.0f m (%+.0f ft)", off, off/units.Foot)
}

// MinOpenFor returns the minimum opening altitude for a jumper, m AGL.
func (m *Mission) MinOpenFor(j *Jumper) float64 {
	if !math.IsNaN(j.MinOpen) {
		return j.MinOpen
	}
	return m.Limits.MinOpen
}

// Group is jumpers who exit together and fly one formation until break-off (a
// belly formation, a freefly group, a tracking dive): one exit slot on the jump
// run. Members are names from jumpers; a jumper in no group exits alone.
type Group struct {
	Name    string
	Members []string
}

// GroupOf returns the group jumper name belongs to, or nil (nil for a nil mission).
func (m *Mission) GroupOf(name string) *Group {
	if m == nil {
		return nil
	}
	for i := range m.Groups {
		for _, n := range m.Groups[i].Members {
			if n == name {
				return &m.Groups[i]
			}
		}
	}
	return nil
}

// Units are the units the mission asks the reports to lead with (key `units:
// {distance: NM, altitude: ft, speed: kt}`); "" leads with SI. Inside halo every
// value stays SI.
type Units = units.Lead
