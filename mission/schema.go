package mission

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml/ast"

	"halo/units"
	"halo/wind"
)

// MaxJumpers is the most jumpers one mission plans (one pass of a large aircraft;
// split bigger loads into passes).
const MaxJumpers = 32

// Defaults with their sources. Each one used is written into Mission.Assumptions.
const (
	DefaultMinOpen        = 2000 * units.Foot // USPA BSR minimum container opening for D-licence holders [USPA-BSR]
	DefaultMaxSurfaceWind = 15 * units.MPH    // T-10 max surface wind, 15 mph [T10]; conservative for ram-air students too
	DefaultAADAlt         = 750 * units.Foot  // CYPRES Expert activation altitude [CYPRES]
	DefaultAADSpeed       = 35.0              // m/s, CYPRES Expert activation speed [CYPRES]
	DefaultAADMargin      = 1000 * units.Foot // Airtec: main open >= 1,000 ft above the AAD altitude [CYPRES]
	DefaultMinSeparation  = 300.0             // m horizontal at opening; see plan for the source
	DefaultMaxDCSRisk     = 0.05              // planning ceiling, configurable (physiology issue)
	DefaultMinPInTarget   = 0.5
	DefaultMaxWindAge     = 6 * 3600.0 // s: FB forecasts are used within 6 h of issue
	DefaultCameraWithin   = 5.0        // m
	DefaultTurnMargin     = 1 * units.NauticalMile
	DefaultMaxExitWind    = 100 * units.Knot
	// DefaultCanopySafetyFactor is ATP 3-18.11's canopy safety factor, SF ≥ 2
	// (2,000 ft) in the canopy drift D = (A − SF)·(V + FS)/K [ATP3-18.11].
	DefaultCanopySafetyFactor = 2000 * units.Foot
	// DefaultDispersionPerPair is ATP 3-18.11's HARP dispersion term, 50 m per two
	// jumpers [ATP3-18.11].
	DefaultDispersionPerPair = 50.0
	DefaultDoorOpen          = 120.0 // s before first exit
	// The Monte Carlo's no-go limits [halo-odds] (docs/sources.md): no published
	// figure exists; each is the largest share a jumpmaster would accept for the
	// event, above what the default study (2,000 runs) can tell from zero.
	DefaultMaxPSeparation = 0.05  // 1 run in 20 with two jumpers too close at opening
	DefaultMaxPLowOpening = 0.01  // 1 run in 100 deploying below the minimum
	DefaultMaxPAADFire    = 0.001 // 1 run in 1,000 with the AAD firing
	// DefaultCameraInFrame: the camera flyer within camera_within of the talent for
	// at least half of the filmable free fall (halo's own default, no published source).
	DefaultCameraInFrame = 0.5
	// DefaultType is the jump type when the file gives none: military free fall, whose
	// oxygen rules are the stricter (AFI 11-409 [AFI409]).
	DefaultType = "military"
	// Oxygen defaults; package physio holds the same figures (a plan test checks that
	// they agree): bail-out floors by jump type, the 14 CFR 25.1443(c)(2) breathing
	// rate (30 L/min BTPS, stored in m³/s) and halo's 15-s placeholder for the time to
	// get onto the bottle.
	DefaultBottleFloorMilitary = 13000 * units.Foot // AFI 11-409 free-fall-school exception top [AFI409]
	DefaultBottleFloorCivil    = 15000 * units.Foot // 14 CFR 91.211(a)(3) [CFR91211], USPA SIM 6-7 [USPA-SIM67]
	DefaultBreathingRate       = 30 * units.Litre / 60
	DefaultTimeToBottle        = 15.0
)

func (d *decoder) mission(n ast.Node) *Mission {
	m := &Mission{}
	m.Target = Target{Lat: nan, Lon: nan, Elevation: nan, Radius: nan}
	m.Aircraft = Aircraft{Altitude: nan, Airspeed: nan, IAS: nan, HeadingDeg: nan, ClimbRate: nan, CabinAlt: nan, TakeoffElevation: nan}
	m.Atmosphere = Atmosphere{Model: "ussa1976"}
	m.Oxygen = Oxygen{Prebreathe: nan, TimeAtAltitude: nan, BottleVolume: nan, BottlePressure: nan, BreathingRate: nan, BottleSwitch: nan, PrebreatheAlt: nan,
		BottleFloor: nan, TimeToBottle: nan}
	m.Limits = Limits{MinOpen: nan, MaxSurfaceWind: nan, MaxGust: nan, MaxExitWind: nan, AADAlt: nan, AADSpeed: nan, AADMargin: nan,
		MinSeparation: nan, MaxDCSRisk: nan, MinPInTarget: nan, MaxWindAge: nan, CameraWithin: nan, TurnMargin: nan, MinTempC: nan,
		MaxPSeparation: nan, MaxPLowOpening: nan, MaxPAADFire: nan, CameraInFrame: nan, CanopySafetyFactor: nan, CanopyDispersion: nan}
	m.AAD = AADRef{Offset: nan}
	m.Schedule = Schedule{DoorOpen: nan}
	m.Winds.Gust = nan
	m.Uncertainty = Uncertainty{nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan}
	var seenTarget, seenAircraft, seenJumpers bool
	var jumperNodes []ast.Node // to report a duplicate name on the jumper's own line
	var groupNodes []ast.Node
	d.fields(n, "", map[string]func(ast.Node, string){
		"name":        func(n ast.Node, p string) { d.str(n, p, &m.Name) },
		"description": func(n ast.Node, p string) { d.str(n, p, &m.Description) },
		"type": func(n ast.Node, p string) {
			d.str(n, p, &m.Type)
			if m.Type != "sport" && m.Type != "military" && m.Type != "stunt" {
				d.errf(n, p, "%q: use sport, military or stunt (it decides the oxygen rules)", m.Type)
			}
		},
		"target":     func(n ast.Node, p string) { seenTarget = true; d.target(n, p, &m.Target) },
		"aircraft":   func(n ast.Node, p string) { seenAircraft = true; d.aircraft(n, p, &m.Aircraft) },
		"schedule":   func(n ast.Node, p string) { d.schedule(n, p, &m.Schedule) },
		"atmosphere": func(n ast.Node, p string) { d.atmosphere(n, p, &m.Atmosphere) },
		"winds":      func(n ast.Node, p string) { d.winds(n, p, &m.Winds) },
		"jumpers": func(n ast.Node, p string) {
			seenJumpers = true
			for i, jn := range d.seq(n, p) {
				m.Jumpers = append(m.Jumpers, d.jumper(jn, indexPath(p, i)))
				jumperNodes = append(jumperNodes, jn)
			}
		},
		"oxygen":      func(n ast.Node, p string) { d.oxygen(n, p, &m.Oxygen) },
		"limits":      func(n ast.Node, p string) { d.limits(n, p, &m.Limits) },
		"airspace":    func(n ast.Node, p string) { m.Airspace = d.airspace(n, p) },
		"light":       func(n ast.Node, p string) { m.Light = d.light(n, p) },
		"uncertainty": func(n ast.Node, p string) { d.uncertainty(n, p, &m.Uncertainty) },
		"haho":        func(n ast.Node, p string) { m.HAHO = d.haho(n, p) },
		"aad":         func(n ast.Node, p string) { d.aadRef(n, p, &m.AAD, nil) },
		"night":       func(n ast.Node, p string) { m.Night = d.night(n, p) },
		"groups":      func(n ast.Node, p string) { m.Groups, groupNodes = d.groups(n, p) },
		"units":       func(n ast.Node, p string) { d.unitsKey(n, p, &m.Units) },
		"alternates":  func(n ast.Node, p string) { m.Alternates = d.alternates(n, p) },
	})
	if m.Name == "" {
		d.errf(n, "name", "missing: give the mission a name")
	}
	if !seenTarget {
		d.errf(n, "target", "missing: give {lat, lon, elevation, radius}")
	}
	if !seenAircraft {
		d.errf(n, "aircraft", "missing: give at least altitude and airspeed")
	}
	if !seenJumpers || len(m.Jumpers) == 0 {
		d.errf(n, "jumpers", "missing: list at least one jumper")
	}
	if len(m.Jumpers) > MaxJumpers {
		d.errf(n, "jumpers", "%d jumpers; a mission plans at most %d (split a larger load into passes)", len(m.Jumpers), MaxJumpers)
	}
	names := map[string]bool{}
	for i, j := range m.Jumpers {
		if j.Name != "" && names[j.Name] {
			d.errAt(jumperNodes[i], indexPath("jumpers", i)+".name", "%q is used by two jumpers; names must differ", j.Name)
		}
		names[j.Name] = true
	}
	d.groupRefs(m, groupNodes)
	d.defaults(m)
	d.crossChecks(n, m)
	m.Assumptions = d.asm
	return m
}

func indexPath(p string, i int) string { return p + "[" + itoa(i) + "]" }

func itoa(i int) string { return strconv.Itoa(i) }

func (d *decoder) target(n ast.Node, p string, t *Target) {
	d.fields(n, p, map[string]func(ast.Node, string){
		"lat":       func(n ast.Node, p string) { d.number(n, p, -90, 90, "latitude, WGS84 degrees", &t.Lat) },
		"lon":       func(n ast.Node, p string) { d.number(n, p, -180, 180, "longitude, WGS84 degrees", &t.Lon) },
		"elevation": func(n ast.Node, p string) { d.ranged(n, p, "target.elevation", &t.Elevation) },
		"radius":    func(n ast.Node, p string) { d.quantity(n, p, units.Length, 1, 10000, &t.Radius) },
	})
	for k, v := range map[string]float64{"lat": t.Lat, "lon": t.Lon, "elevation": t.Elevation} {
		if math.IsNaN(v) && !d.hasErrAt(p+"."+k) {
			d.errf(n, p+"."+k, "missing")
		}
	}
}

func (d *decoder) hasErrAt(path string) bool {
	for _, e := range d.errs {
		if e.Path == path {
			return true
		}
	}
	return false
}

func (d *decoder) aircraft(n ast.Node, p string, a *Aircraft) {
	d.fields(n, p, map[string]func(ast.Node, string){
		"type":     func(n ast.Node, p string) { d.str(n, p, &a.Type) },
		"altitude": func(n ast.Node, p string) { d.ranged(n, p, "aircraft.altitude", &a.Altitude) },
		"airspeed": func(n ast.Node, p string) {
			// airspeed: 0 is a hover, said so (a helicopter in forward flight gives its airspeed)
			if tok := n.GetToken(); tok != nil && isZeroSpeed(tok.Value) {
				a.Hover = true
				d.assume("%s: 0 read as a helicopter hover exit (hover: true): exit at rest over the ground, no throw, a hover point instead of a jump run", p)
				return
			}
			d.ranged(n, p, "aircraft.airspeed", &a.Airspeed)
		},
		"hover":              func(n ast.Node, p string) { d.boolean(n, p, &a.Hover) },
		"indicated_airspeed": func(n ast.Node, p string) { d.ranged(n, p, "aircraft.indicated_airspeed", &a.IAS) },
		"heading": func(n ast.Node, p string) {
			s, ok := d.scalar(n, p)
			if !ok {
				return
			}
			if strings.EqualFold(strings.TrimSpace(s), "auto") {
				a.HeadingAuto = true
				return
			}
			d.quantity(n, p, units.Angle, 0, 360, &a.HeadingDeg)
		},
		"climb_rate": func(n ast.Node, p string) { d.ranged(n, p, "aircraft.climb_rate", &a.ClimbRate) },
		"cabin": func(n ast.Node, p string) {
			s, ok := d.scalar(n, p)
			if !ok {
				return
			}
			if strings.EqualFold(strings.TrimSpace(s), "unpressurized") || strings.EqualFold(strings.TrimSpace(s), "unpressurised") {
				a.Unpressurized = true
				return
			}
			if alt, ok := capsuleAlt(s); ok {
				d.rangedText(n, p, "aircraft.cabin", alt, &a.CabinAlt)
				return
			}
			d.ranged(n, p, "aircraft.cabin", &a.CabinAlt)
		},
		"balloon":           func(n ast.Node, p string) { d.boolean(n, p, &a.Balloon) },
		"ascent_rate":       func(n ast.Node, p string) { a.ascentGiven = d.ranged(n, p, "aircraft.climb_rate", &a.ClimbRate) },
		"takeoff_elevation": func(n ast.Node, p string) { d.ranged(n, p, "aircraft.takeoff_elevation", &a.TakeoffElevation) },
	})
	if math.IsNaN(a.Altitude) && !d.hasErrAt(p+".altitude") {
		d.errf(n, p+".altitude", "missing: the exit altitude MSL, e.g. 25000 ft")
	}
	if !math.IsNaN(a.Airspeed) && !math.IsNaN(a.IAS) {
		d.errAt(n, p+".indicated_airspeed", "give airspeed (true) or indicated_airspeed, not both")
	}
	if math.IsNaN(a.Airspeed) && math.IsNaN(a.IAS) && !a.Balloon && !a.Hover && !d.hasErrAt(p+".airspeed") && !d.hasErrAt(p+".indicated_airspeed") {
		d.errf(n, p+".airspeed", "missing: the true airspeed at exit (e.g. 160 mph), indicated_airspeed, balloon: true or hover: true")
	}
	if a.Hover && a.Balloon {
		d.errAt(n, p+".hover", "hover: true (a helicopter holding over the ground) and balloon: true (at rest in the air) contradict each other: give one")
	}
	if a.Hover && (!math.IsNaN(a.Airspeed) || !math.IsNaN(a.IAS)) {
		d.errAt(n, p+".hover", "hover: true holds the aircraft over the ground: its airspeed is the wind's; remove airspeed (a helicopter in forward flight gives its airspeed and no hover)")
	}
	if a.Hover && math.IsNaN(a.Airspeed) {
		a.Airspeed = 0
	}
	if a.Balloon && (!math.IsNaN(a.Airspeed) || !math.IsNaN(a.IAS)) {
		k := p + ".airspeed"
		if math.IsNaN(a.Airspeed) {
			k = p + ".indicated_airspeed"
		}
		d.errAt(n, k, "balloon: true exits at rest relative to the air, with no airspeed: remove the airspeed, or balloon: true for an aircraft")
	}
	if a.Balloon {
		if math.IsNaN(a.Airspeed) {
			a.Airspeed = 0
		}
	}
	d.ascentRate(n, p, a)
}

func (d *decoder) boolean(n ast.Node, p string, dst *bool) {
	s, ok := d.scalar(n, p)
	if !ok {
		return
	}
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes":
		*dst = true
	case "false", "no":
		*dst = false
	default:
		d.errf(n, p, "%q is not true or false", s)
	}
}

func (d *decoder) schedule(n ast.Node, p string, s *Schedule) {
	d.fields(n, p, map[string]func(ast.Node, string){
		"takeoff": func(n ast.Node, p string) { d.timeValue(n, p, &s.Takeoff) },
		"time_zone": func(n ast.Node, p string) {
			z, ok := d.scalar(n, p)
			if !ok {
				return
			}
			loc, err := time.LoadLocation(z)
			if err != nil {
				d.errf(n, p, "%q is not a known IANA time zone (e.g. Asia/Dubai, UTC)", z)
				return
			}
			s.Location = loc
		},
		"door_open": func(n ast.Node, p string) { d.quantity(n, p, units.Duration, 0, 3600, &s.DoorOpen) },
	})
}

func (d *decoder) atmosphere(n ast.Node, p string, a *Atmosphere) {
	d.fields(n, p, map[string]func(ast.Node, string){
		"model": func(n ast.Node, p string) {
			d.str(n, p, &a.Model)
			if a.Model != "ussa1976" {
				d.errf(n, p, "%q is not a known model; use ussa1976", a.Model)
			}
		},
		"temperature_offset": func(n ast.Node, p string) { d.quantity(n, p, units.TemperatureDelta, -60, 60, &a.TemperatureOffset) },
		"sounding":           func(n ast.Node, p string) { d.str(n, p, &a.Sounding) },
	})
}

func (d *decoder) winds(n ast.Node, p string, w *Winds) {
	var layerIdx []int // index in the file of each layer kept, for error lines
	d.fields(n, p, map[string]func(ast.Node, string){
		"layers": func(n ast.Node, p string) {
			for i, ln := range d.seq(n, p) {
				if l, ok := d.windLayer(ln, indexPath(p, i)); ok {
					w.Layers = append(w.Layers, l)
					layerIdx = append(layerIdx, i)
				}
			}
		},
		"file":     func(n ast.Node, p string) { d.str(n, p, &w.File) },
		"station":  func(n ast.Node, p string) { d.str(n, p, &w.Station) },
		"issued":   func(n ast.Node, p string) { d.timeValue(n, p, &w.Issued) },
		"valid_to": func(n ast.Node, p string) { d.timeValue(n, p, &w.ValidTo) },
		"source":   func(n ast.Node, p string) { d.str(n, p, &w.Source) },
		"gust":     func(n ast.Node, p string) { d.quantity(n, p, units.Speed, 0, 60, &w.Gust) },
		"surface":  func(n ast.Node, p string) { w.Surface = d.surfaceWind(n, p) },
		"fetch":    func(n ast.Node, p string) { w.Fetch = d.windsFetch(n, p) },
	})
	if len(w.Layers) > 0 && w.File != "" {
		d.errf(n, p, "give layers or file, not both")
	}
	if w.Fetch != nil && (len(w.Layers) > 0 || w.File != "") {
		d.errf(n, p+".fetch", "give fetch, layers or file, only one")
	}
	seen := map[float64]bool{}
	for k, l := range w.Layers {
		if seen[l.Alt] {
			d.errAt(n, indexPath(p+".layers", layerIdx[k])+".altitude", "two layers at %.0f m (%.0f ft)", l.Alt, l.Alt/units.Foot)
		}
		seen[l.Alt] = true
	}
}

func (d *decoder) windLayer(n ast.Node, p string) (wind.Layer, bool) {
	l := wind.Layer{Alt: nan, FromDeg: nan, Speed: nan, Temp: nan}
	d.fields(n, p, map[string]func(ast.Node, string){
		"altitude":    func(n ast.Node, p string) { d.quantity(n, p, units.Length, -500, 86000, &l.Alt) },
		"from":        func(n ast.Node, p string) { d.quantity(n, p, units.Angle, 0, 360, &l.FromDeg) },
		"speed":       func(n ast.Node, p string) { d.quantity(n, p, units.Speed, 0, 150, &l.Speed) },
		"temperature": func(n ast.Node, p string) { d.quantity(n, p, units.Temperature, 150, 350, &l.Temp) },
		"variable":    func(n ast.Node, p string) { d.boolean(n, p, &l.Variable) },
	})
	ok := true
	for k, v := range map[string]float64{"altitude": l.Alt, "from": l.FromDeg, "speed": l.Speed} {
		if math.IsNaN(v) {
			ok = false
			if !d.hasErrAt(p + "." + k) {
				d.errf(n, p+"."+k, "missing")
			}
		}
	}
	if l.FromDeg == 360 {
		l.FromDeg = 0
	}
	return l, ok
}

var presets = []string{"belly", "head-down", "sit", "track"}

func (d *decoder) jumper(n ast.Node, p string) Jumper {
	j := Jumper{Mass: nan, OpenAt: nan, OpenAfter: nan, AADAlt: nan, AADSpeed: nan, MinOpen: nan, AADRef: AADRef{Offset: nan},
		Drag:   Drag{CdA: nan, Area: nan},
		Canopy: Canopy{Airspeed: nan, Sink: nan, DeployTime: nan, DeployLoss: nan, Final: nan, HeadingDeg: nan}}
	d.fields(n, p, map[string]func(ast.Node, string){
		"name": func(n ast.Node, p string) { d.str(n, p, &j.Name) },
		"role": func(n ast.Node, p string) { d.str(n, p, &j.Role) },
		"mass": func(n ast.Node, p string) {
			s, ok := d.scalar(n, p)
			if !ok {
				return
			}
			v, err := units.Parse(units.Mass, s)
			switch {
			case err != nil:
				d.errf(n, p, "%v", err)
			case v < MinMass:
				d.errf(n, p, "%s is below %g kg (a jumper with equipment)", s, MinMass)
			case v > MaxMass:
				d.errf(n, p, "%s is above %g kg (a jumper with equipment; tandem pairs are one jumper up to %g kg)", s, MaxMass, MaxMass)
			default:
				j.Mass = v
			}
		},
		"drag":        func(n ast.Node, p string) { d.drag(n, p, &j.Drag) },
		"drag_phases": func(n ast.Node, p string) { j.DragPhases = d.dragPhases(n, p) },
		"suit":        func(n ast.Node, p string) { j.Suit = d.suit(n, p) },
		"exit_delay":  func(n ast.Node, p string) { j.ExitDelayGiven = d.quantity(n, p, units.Duration, 0, 600, &j.ExitDelay) },
		"open_at":     func(n ast.Node, p string) { d.quantity(n, p, units.Length, 30, 20000, &j.OpenAt) },
		"open_after":  func(n ast.Node, p string) { d.quantity(n, p, units.Duration, 0, 900, &j.OpenAfter) },
		"canopy":      func(n ast.Node, p string) { d.canopy(n, p, &j.Canopy) },
		"aad": func(n ast.Node, p string) {
			d.aadRef(n, p, &j.AADRef, map[string]func(ast.Node, string){
				"altitude": func(n ast.Node, p string) { d.quantity(n, p, units.Length, 30, 3000, &j.AADAlt) },
				"speed":    func(n ast.Node, p string) { d.quantity(n, p, units.Speed, 5, 80, &j.AADSpeed) },
			})
		},
		"min_open":     func(n ast.Node, p string) { d.quantity(n, p, units.Length, 30, 20000, &j.MinOpen) },
		"skin_covered": func(n ast.Node, p string) { j.skinGiven = true; d.boolean(n, p, &j.SkinCovered) },
	})
	if j.Name == "" && !d.hasErrAt(p+".name") {
		d.errf(n, p+".name", "missing")
	}
	if math.IsNaN(j.Mass) && !d.hasErrAt(p+".mass") {
		d.errf(n, p+".mass", "missing: total mass with equipment, e.g. 100 kg")
	}
	if !math.IsNaN(j.OpenAt) && !math.IsNaN(j.OpenAfter) {
		d.errAt(n, p+".open_after", "give open_at or open_after, not both")
	}
	if math.IsNaN(j.OpenAt) && math.IsNaN(j.OpenAfter) && !d.hasErrAt(p+".open_at") && !d.hasErrAt(p+".open_after") {
		d.errf(n, p+".open_at", "missing: the planned deployment altitude AGL (e.g. 2000 ft) or open_after (free-fall time)")
	}
	if j.Drag.Preset == "" && math.IsNaN(j.Drag.CdA) && j.Drag.CdTable == nil && !d.hasErrAt(p+".drag") {
		j.Drag.Preset = "belly"
		d.assume("%s: drag not given; belly preset", p)
	}
	return j
}

func (d *decoder) drag(n ast.Node, p string, dr *Drag) {
	n = d.unwrap(n, p)
	if n == nil {
		return
	}
	if _, ok := n.(*ast.StringNode); ok {
		s, _ := d.scalar(n, p)
		for _, ps := range presets {
			if s == ps {
				dr.Preset = s
				return
			}
		}
		d.errf(n, p, "%q is not a preset; use %s, {cda: 0.5 m2} or {area: .., cd: [[mach, cd], ...]}", s, strings.Join(presets, ", "))
		return
	}
	d.fields(n, p, map[string]func(ast.Node, string){
		"cda":  func(n ast.Node, p string) { d.bounded(n, p, "jumpers[].drag.cda", &dr.CdA) },
		"area": func(n ast.Node, p string) { d.quantity(n, p, units.Area, 0.05, 10, &dr.Area) },
		"cd": func(n ast.Node, p string) {
			prev := -1.0
			for i, row := range d.seq(n, p) {
				rp := indexPath(p, i)
				pair := d.seq(row, rp)
				if len(pair) != 2 {
					if pair != nil {
						d.errf(row, rp, "expected [mach, cd]")
					}
					continue
				}
				var mach, cd float64
				okM := d.number(pair[0], rp+"[0]", 0, 5, "Mach number", &mach)
				okC := d.number(pair[1], rp+"[1]", 0.05, 5, "drag coefficient", &cd)
				if okM && okC {
					if mach <= prev {
						d.errf(row, rp, "Mach %g does not increase from the row before", mach)
					}
					prev = mach
					dr.CdTable = append(dr.CdTable, [2]float64{mach, cd})
				}
			}
		},
	})
	hasCdA, hasTab := !math.IsNaN(dr.CdA), dr.CdTable != nil || !math.IsNaN(dr.Area)
	switch {
	case hasCdA && hasTab:
		d.errf(n, p, "give cda, or area with cd, not both")
	case hasTab && (math.IsNaN(dr.Area) || len(dr.CdTable) == 0):
		if !d.hasErrAt(p+".cd") && !d.hasErrAt(p+".area") {
			d.errf(n, p, "a Mach-dependent drag needs both area and cd: [[mach, cd], ...]")
		}
	case !hasCdA && !hasTab && !d.hasErrAt(p+".cda"):
		d.errf(n, p, "empty: give a preset, {cda: ...} or {area: ..., cd: ...}")
	}
}

func (d *decoder) canopy(n ast.Node, p string, c *Canopy) {
	d.fields(n, p, map[string]func(ast.Node, string){
		"type": func(n ast.Node, p string) {
			d.str(n, p, &c.Type)
			if c.Type != "ram-air" && c.Type != "round" {
				d.errf(n, p, "%q: use ram-air or round", c.Type)
			}
		},
		"airspeed":    func(n ast.Node, p string) { d.bounded(n, p, "jumpers[].canopy.airspeed", &c.Airspeed) },
		"sink":        func(n ast.Node, p string) { d.bounded(n, p, "jumpers[].canopy.sink", &c.Sink) },
		"deploy_time": func(n ast.Node, p string) { d.quantity(n, p, units.Duration, 0.5, 20, &c.DeployTime) },
		"model": func(n ast.Node, p string) {
			d.str(n, p, &c.Model)
			if ct, ok := CanopyModel(c.Model); ok {
				c.Model = ct.Name
			} else if c.Model != "" {
				d.errf(n, p, "%q has no published HARP figures; use one of %s, or leave model out (the HARP then uses the canopy's airspeed and sink)", c.Model, canopyModelNames())
			}
		},
		"deploy_loss": func(n ast.Node, p string) { d.quantity(n, p, units.Length, 10, 1000, &c.DeployLoss) },
		"final":       func(n ast.Node, p string) { d.quantity(n, p, units.Length, 0, 1000, &c.Final) },
		"heading":     func(n ast.Node, p string) { d.quantity(n, p, units.Angle, 0, 360, &c.HeadingDeg) },
	})
}

func (d *decoder) oxygen(n ast.Node, p string, o *Oxygen) {
	d.fields(n, p, map[string]func(ast.Node, string){
		"prebreathe": func(n ast.Node, p string) { d.quantity(n, p, units.Duration, 0, 6*3600, &o.Prebreathe) },
		"prebreathe_at": func(n ast.Node, p string) {
			s, ok := d.scalar(n, p)
			if !ok {
				return
			}
			if strings.TrimSpace(s) == "ground" {
				o.PrebreatheAt = "ground"
				return
			}
			if d.ranged(n, p, "oxygen.prebreathe_at", &o.PrebreatheAlt) {
				o.PrebreatheAt = "cabin"
			}
		},
		"time_at_altitude": func(n ast.Node, p string) { d.quantity(n, p, units.Duration, 0, 4*3600, &o.TimeAtAltitude) },
		"bottle": func(n ast.Node, p string) {
			d.fields(n, p, map[string]func(ast.Node, string){
				"volume":   func(n ast.Node, p string) { d.quantity(n, p, units.Volume, 0.05e-3, 20e-3, &o.BottleVolume) },
				"pressure": func(n ast.Node, p string) { d.ranged(n, p, "oxygen.bottle.pressure", &o.BottlePressure) },
			})
		},
		"breathing_rate": func(n ast.Node, p string) {
			// litres per minute, written as "15 L/min"
			s, ok := d.scalar(n, p)
			if !ok {
				return
			}
			t := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "/min"))
			v, err := units.Parse(units.Volume, t)
			if err != nil || !strings.HasSuffix(strings.TrimSpace(s), "/min") {
				d.errf(n, p, "%q: write a volume per minute, e.g. 15 L/min", s)
				return
			}
			if v/60 <= 0 || v > 100e-3 {
				d.errf(n, p, "%q is outside 0 .. 100 L/min", s)
				return
			}
			o.BreathingRate = v / 60
		},
		"bottle_switch":  func(n ast.Node, p string) { d.quantity(n, p, units.Duration, 0, 3600, &o.BottleSwitch) },
		"bottle_floor":   func(n ast.Node, p string) { d.quantity(n, p, units.Length, -500, 15000, &o.BottleFloor) },
		"time_to_bottle": func(n ast.Node, p string) { d.quantity(n, p, units.Duration, 0, 600, &o.TimeToBottle) },
		"console":        func(n ast.Node, p string) { o.consoleGiven = true; d.boolean(n, p, &o.Console) },
		"breaks": func(n ast.Node, p string) {
			for i, bn := range d.seq(n, p) {
				b := Break{At: nan, Duration: nan}
				bp := indexPath(p, i)
				d.fields(bn, bp, map[string]func(ast.Node, string){
					"at":       func(n ast.Node, p string) { d.quantity(n, p, units.Duration, 0, 6*3600, &b.At) },
					"duration": func(n ast.Node, p string) { d.quantity(n, p, units.Duration, 1, 3600, &b.Duration) },
				})
				if math.IsNaN(b.At) || math.IsNaN(b.Duration) {
					if !d.hasErrAt(bp+".at") && !d.hasErrAt(bp+".duration") {
						d.errf(bn, bp, "a break needs at and duration")
					}
					continue
				}
				o.Breaks = append(o.Breaks, b)
			}
		},
	})
}

func (d *decoder) limits(n ast.Node, p string, l *Limits) {
	d.fields(n, p, map[string]func(ast.Node, string){
		"min_open":          func(n ast.Node, p string) { d.quantity(n, p, units.Length, 30, 20000, &l.MinOpen) },
		"max_surface_wind":  func(n ast.Node, p string) { d.quantity(n, p, units.Speed, 0, 50, &l.MaxSurfaceWind) },
		"max_gust":          func(n ast.Node, p string) { d.quantity(n, p, units.Speed, 0, 60, &l.MaxGust) },
		"max_exit_wind":     func(n ast.Node, p string) { d.quantity(n, p, units.Speed, 0, 150, &l.MaxExitWind) },
		"aad_altitude":      func(n ast.Node, p string) { d.quantity(n, p, units.Length, 30, 3000, &l.AADAlt) },
		"aad_speed":         func(n ast.Node, p string) { d.quantity(n, p, units.Speed, 5, 80, &l.AADSpeed) },
		"aad_margin":        func(n ast.Node, p string) { d.quantity(n, p, units.Length, 0, 3000, &l.AADMargin) },
		"min_separation":    func(n ast.Node, p string) { d.quantity(n, p, units.Length, 0, 10000, &l.MinSeparation) },
		"max_dcs_risk":      func(n ast.Node, p string) { d.ranged(n, p, "limits.max_dcs_risk", &l.MaxDCSRisk) },
		"min_p_in_target":   func(n ast.Node, p string) { d.quantity(n, p, units.Fraction, 0, 1, &l.MinPInTarget) },
		"max_wind_age":      func(n ast.Node, p string) { d.quantity(n, p, units.Duration, 0, 7*86400, &l.MaxWindAge) },
		"camera_within":     func(n ast.Node, p string) { d.quantity(n, p, units.Length, 0.5, 1000, &l.CameraWithin) },
		"turn_margin":       func(n ast.Node, p string) { d.quantity(n, p, units.Length, 0, 100000, &l.TurnMargin) },
		"min_temperature":   func(n ast.Node, p string) { d.quantity(n, p, units.Temperature, 150, 350, &l.MinTempC) },
		"max_p_separation":  func(n ast.Node, p string) { d.quantity(n, p, units.Fraction, 0, 1, &l.MaxPSeparation) },
		"max_p_low_opening": func(n ast.Node, p string) { d.quantity(n, p, units.Fraction, 0, 1, &l.MaxPLowOpening) },
		"max_p_aad_fire":    func(n ast.Node, p string) { d.quantity(n, p, units.Fraction, 0, 1, &l.MaxPAADFire) },
		"camera_in_frame":   func(n ast.Node, p string) { d.quantity(n, p, units.Fraction, 0, 1, &l.CameraInFrame) },
		"canopy_safety_factor": func(n ast.Node, p string) {
			d.quantity(n, p, units.Length, 0, 10000, &l.CanopySafetyFactor)
		},
		"canopy_dispersion": func(n ast.Node, p string) { d.quantity(n, p, units.Length, 0, 5000, &l.CanopyDispersion) },
	})
}

func (d *decoder) airspace(n ast.Node, p string) []Airspace {
	var out []Airspace
	for i, an := range d.seq(n, p) {
		ap := indexPath(p, i)
		a := Airspace{}
		d.fields(an, ap, map[string]func(ast.Node, string){
			"name": func(n ast.Node, p string) { d.str(n, p, &a.Name) },
			"file": func(n ast.Node, p string) { d.str(n, p, &a.File) },
			"points": func(n ast.Node, p string) {
				for k, pn := range d.seq(n, p) {
					pp := indexPath(p, k)
					var lat, lon = nan, nan
					d.fields(pn, pp, map[string]func(ast.Node, string){
						"lat": func(n ast.Node, p string) { d.number(n, p, -90, 90, "latitude, WGS84 degrees", &lat) },
						"lon": func(n ast.Node, p string) { d.number(n, p, -180, 180, "longitude, WGS84 degrees", &lon) },
					})
					if !math.IsNaN(lat) && !math.IsNaN(lon) {
						a.Points = append(a.Points, [2]float64{lat, lon})
					}
				}
			},
		})
		switch {
		case a.File != "" && a.Points != nil:
			d.errf(an, ap, "give points or file, not both")
		case a.File == "" && len(a.Points) < 3 && !d.hasErrAt(ap+".points"):
			d.errf(an, ap+".points", "a polygon needs at least 3 points {lat, lon}, or file: a GeoJSON file")
		}
		if a.Name == "" {
			a.Name = "airspace " + itoa(i+1)
		}
		out = append(out, a)
	}
	return out
}

func (d *decoder) light(n ast.Node, p string) *Light {
	l := &Light{SunMin: nan, SunMax: nan}
	d.fields(n, p, map[string]func(ast.Node, string){
		"sun_elevation": func(n ast.Node, p string) {
			vs := d.seq(n, p)
			if len(vs) != 2 {
				if vs != nil {
					d.errf(n, p, "expected [min, max], e.g. [0 deg, 6 deg]")
				}
				return
			}
			d.quantity(vs[0], p+"[0]", units.Angle, -90, 90, &l.SunMin)
			d.quantity(vs[1], p+"[1]", units.Angle, -90, 90, &l.SunMax)
			if l.SunMin > l.SunMax {
				d.errf(n, p, "min %g° is above max %g°", l.SunMin, l.SunMax)
			}
		},
	})
	if math.IsNaN(l.SunMin) || math.IsNaN(l.SunMax) {
		if !d.hasErrAt(p+".sun_elevation") && !d.hasErrAt(p+".sun_elevation[0]") && !d.hasErrAt(p+".sun_elevation[1]") {
			d.errf(n, p+".sun_elevation", "missing: [min, max]")
		}
		return nil
	}
	return l
}

// alternates decodes the alternate landing areas: a list of {name, lat, lon}.
func (d *decoder) alternates(n ast.Node, p string) []Alternate {
	var out []Alternate
	for i, an := range d.seq(n, p) {
		ap := indexPath(p, i)
		a := Alternate{Lat: nan, Lon: nan}
		d.fields(an, ap, map[string]func(ast.Node, string){
			"name": func(n ast.Node, p string) { d.str(n, p, &a.Name) },
			"lat":  func(n ast.Node, p string) { d.number(n, p, -90, 90, "latitude, WGS84 degrees", &a.Lat) },
			"lon":  func(n ast.Node, p string) { d.number(n, p, -180, 180, "longitude, WGS84 degrees", &a.Lon) },
		})
		if (math.IsNaN(a.Lat) || math.IsNaN(a.Lon)) && !d.hasErrAt(ap+".lat") && !d.hasErrAt(ap+".lon") {
			d.errf(an, ap, "an alternate landing area needs lat and lon (WGS84 degrees)")
		}
		if a.Name == "" {
			a.Name = "alternate " + itoa(i+1)
		}
		out = append(out, a)
	}
	return out
}

func (d *decoder) haho(n ast.Node, p string) *HAHO {
	h := &HAHO{OpenAt: nan}
	d.fields(n, p, map[string]func(ast.Node, string){
		"open_at": func(n ast.Node, p string) { d.quantity(n, p, units.Length, 300, 20000, &h.OpenAt) },
	})
	return h
}

func (d *decoder) uncertainty(n ast.Node, p string, u *Uncertainty) {
	d.fields(n, p, map[string]func(ast.Node, string){
		"wind_speed":       func(n ast.Node, p string) { d.quantity(n, p, units.Speed, 0, 30, &u.WindSpeed) },
		"wind_direction":   func(n ast.Node, p string) { d.quantity(n, p, units.Angle, 0, 180, &u.WindDirection) },
		"wind_correlation": func(n ast.Node, p string) { d.quantity(n, p, units.Length, 1, 50000, &u.WindCorrelation) },
		"exit_time":        func(n ast.Node, p string) { d.quantity(n, p, units.Duration, 0, 60, &u.ExitTime) },
		"exit_along":       func(n ast.Node, p string) { d.quantity(n, p, units.Length, 0, 5000, &u.ExitAlong) },
		"exit_across":      func(n ast.Node, p string) { d.quantity(n, p, units.Length, 0, 5000, &u.ExitAcross) },
		"cda":              func(n ast.Node, p string) { d.quantity(n, p, units.Fraction, 0, 0.5, &u.CdA) },
		"open_altitude":    func(n ast.Node, p string) { d.quantity(n, p, units.Length, 0, 1000, &u.OpenAlt) },
		"canopy_airspeed":  func(n ast.Node, p string) { d.quantity(n, p, units.Speed, 0, 10, &u.CanopyAirspeed) },
		"canopy_sink":      func(n ast.Node, p string) { d.quantity(n, p, units.Speed, 0, 5, &u.CanopySink) },
		"temperature":      func(n ast.Node, p string) { d.quantity(n, p, units.TemperatureDelta, 0, 30, &u.Temperature) },
		"landing":          func(n ast.Node, p string) { d.quantity(n, p, units.Length, 0, 1000, &u.Landing) },
	})
}

// aadRef decodes an AAD's ground reference (armed_at, offset) and any other keys
// the same mapping takes (a jumper's aad also gives altitude and speed).
func (d *decoder) aadRef(n ast.Node, p string, r *AADRef, more map[string]func(ast.Node, string)) {
	h := map[string]func(ast.Node, string){
		"armed_at": func(n ast.Node, p string) {
			s, ok := d.scalar(n, p)
			if !ok {
				return
			}
			switch v := strings.TrimSpace(s); v {
			case "takeoff", "target":
				r.ArmedAt = v
			default:
				d.errf(n, p, "%q: use takeoff or target (where the AAD is switched on and takes its ground)", s)
			}
		},
		"offset": func(n ast.Node, p string) { d.quantity(n, p, units.Length, -3000, 3000, &r.Offset) },
	}
	for k, f := range more {
		h[k] = f
	}
	d.fields(n, p, h)
	if r.ArmedAt == "target" && !math.IsNaN(r.Offset) {
		d.errAt(n, p+".offset", "an offset applies to an AAD switched on at the take-off field; armed_at: target needs none (remove one of them)")
	}
	if r.ArmedAt == "" && !math.IsNaN(r.Offset) {
		r.ArmedAt = "takeoff"
	}
}

func (d *decoder) night(n ast.Node, p string) *Night {
	g := &Night{}
	d.fields(n, p, map[string]func(ast.Node, string){
		"lights":           func(n ast.Node, p string) { d.boolean(n, p, &g.Lights) },
		"altimeters":       func(n ast.Node, p string) { d.boolean(n, p, &g.Altimeters) },
		"briefed":          func(n ast.Node, p string) { d.boolean(n, p, &g.Briefed) },
		"landing_area_lit": func(n ast.Node, p string) { d.boolean(n, p, &g.LandingAreaLit) },
	})
	return g
}

// isZeroSpeed reports whether s is a speed of exactly zero with its unit ("0 kt").
func isZeroSpeed(s string) bool {
	v, err := units.Parse(units.Speed, strings.TrimSpace(s))
	return err == nil && v == 0
}
