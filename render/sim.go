package render

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	kml "github.com/twpayne/go-kml/v3"

	"halo/flight"
	"halo/geo"
	"halo/plan"
)

// SimJumper is one jumper of `halo sim --json`.
type SimJumper struct {
	Name         string         `json:"name"`
	FreefallS    float64        `json:"freefall_s"`
	MaxSpeedMps  float64        `json:"max_speed_mps"`
	MaxSpeedAltM float64        `json:"max_speed_alt_m"`
	MaxSpeedTS   float64        `json:"max_speed_t_s"`
	MaxMach      float64        `json:"max_mach"`
	MachAtMax    float64        `json:"mach_at_max_speed"`
	DeployAltM   float64        `json:"deploy_alt_m"`
	OpenAltM     float64        `json:"open_alt_m"`
	LandingLat   float64        `json:"landing_lat"`
	LandingLon   float64        `json:"landing_lon"`
	LandingTS    float64        `json:"landing_t_s"`
	LandingErrM  float64        `json:"landing_error_m"`
	AADFire      bool           `json:"aad_fire"`
	AADCross     bool           `json:"aad_crosses_altitude"`
	ExitOffsetS  float64        `json:"exit_offset_s"`
	Steps        int            `json:"integrator_steps"`
	Events       []flight.Event `json:"events"`
}

// SimReport is `halo sim --json`.
type SimReport struct {
	Mission string      `json:"mission"`
	Jumpers []SimJumper `json:"jumpers"`
	Note    string      `json:"note"`
}

// Sim builds the simulation report of a plan's jumpers (all, or the one named).
func Sim(p *plan.Plan, only string) (SimReport, error) {
	rep := SimReport{Mission: p.Mission, Note: "each jumper exits at the planned release point and exit time; times from the jumper's own exit; altitudes MSL"}
	for _, j := range p.Jumpers {
		if only != "" && j.Name != only {
			continue
		}
		r := j.Result
		rep.Jumpers = append(rep.Jumpers, SimJumper{Name: j.Name, FreefallS: r.Freefall, MaxSpeedMps: r.MaxSpeed, MaxSpeedAltM: r.MaxSpeedAlt,
			MaxSpeedTS: r.MaxSpeedT, MaxMach: r.MaxMach, MachAtMax: r.MachAtMaxSpeed, DeployAltM: r.Deploy.Alt, OpenAltM: r.Open.Alt, LandingLat: j.Landing.Lat, LandingLon: j.Landing.Lon,
			LandingTS: r.Land.T, LandingErrM: j.LandingErrorM, AADFire: r.AADFire, AADCross: r.AADCross, ExitOffsetS: j.ExitOffsetS, Steps: r.Steps, Events: j.Events})
	}
	if only != "" && len(rep.Jumpers) == 0 {
		return rep, fmt.Errorf("no jumper named %q in mission %s", only, p.Mission)
	}
	return rep, nil
}

func selected(p *plan.Plan, only string) []int {
	var out []int
	for i, j := range p.Jumpers {
		if only == "" || j.Name == only {
			out = append(out, i)
		}
	}
	return out
}

// SimCSV writes every selected jumper's time series: t, lat, lon, altitude MSL and
// AGL, velocities, speed, Mach, phase.
func SimCSV(w io.Writer, p *plan.Plan, only string) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"jumper", "t_s", "lat", "lon", "alt_msl_m", "alt_agl_m", "vel_e_mps", "vel_n_mps", "vel_up_mps", "speed_mps", "mach", "phase"})
	f := frame(p)
	ff := func(x float64, d int) string { return strconv.FormatFloat(x, 'f', d, 64) }
	for _, i := range selected(p, only) {
		for _, s := range p.Traces[i] {
			lat, lon, _ := f.ToGeodetic(s.E, s.N, 0)
			cw.Write([]string{csvText(p.Jumpers[i].Name), ff(s.T, 2), ff(lat, 7), ff(lon, 7), ff(s.Z, 1), ff(s.Z-p.Target.ElevationM, 1),
				ff(s.VE, 2), ff(s.VN, 2), ff(s.VU, 2), ff(s.Speed, 2), ff(s.Mach, 4), s.Phase.String()})
		}
	}
	cw.Flush()
	return cw.Error()
}

func frame(p *plan.Plan) geo.Frame {
	return geo.NewFrame(p.Target.Lat, p.Target.Lon, p.Target.ElevationM)
}

// GeoJSON writes a FeatureCollection: the target, the jump run, the release point,
// the green-light window and each selected jumper's path (3-D LineString, altitude
// MSL). Written with encoding/json: paulmach/orb's geojson package pulls in a BSON
// module that this build cannot resolve.
func GeoJSON(w io.Writer, p *plan.Plan, only string) error {
	type geom struct {
		Type        string `json:"type"`
		Coordinates any    `json:"coordinates"`
	}
	type feature struct {
		Type       string         `json:"type"`
		Geometry   geom           `json:"geometry"`
		Properties map[string]any `json:"properties"`
	}
	var fs []feature
	pt := func(name string, lat, lon float64, props map[string]any) {
		if props == nil {
			props = map[string]any{}
		}
		props["name"] = name
		fs = append(fs, feature{"Feature", geom{"Point", []float64{lon, lat}}, props})
	}
	pt("target", p.Target.Lat, p.Target.Lon, map[string]any{"radius_m": p.Target.RadiusM})
	pt("release point", p.ReleasePoint.Lat, p.ReleasePoint.Lon, map[string]any{"alt_m": p.ReleasePoint.AltM})
	var run [][]float64
	for _, q := range p.JumpRun.Line {
		run = append(run, []float64{q.Lon, q.Lat})
	}
	fs = append(fs, feature{"Feature", geom{"LineString", run}, map[string]any{"name": "jump run", "heading_deg": p.JumpRun.HeadingDeg}})
	g := p.GreenLight
	fs = append(fs, feature{"Feature", geom{"LineString", [][]float64{{g.Start.Lon, g.Start.Lat}, {g.End.Lon, g.End.Lat}}},
		map[string]any{"name": "green light", "duration_s": g.DurationS}})
	f := frame(p)
	for _, i := range selected(p, only) {
		var line [][]float64
		for _, s := range p.Traces[i] {
			lat, lon, _ := f.ToGeodetic(s.E, s.N, 0)
			line = append(line, []float64{lon, lat, s.Z})
		}
		fs = append(fs, feature{"Feature", geom{"LineString", line}, map[string]any{"name": Escape(p.Jumpers[i].Name), "role": Escape(p.Jumpers[i].Role)}})
	}
	enc := json.NewEncoder(w)
	return enc.Encode(map[string]any{"type": "FeatureCollection", "features": fs})
}

// KML writes a KML document that opens in Google Earth: each selected jumper's
// path as an absolute-altitude 3-D line, the jump run, release point and target.
func KML(w io.Writer, p *plan.Plan, only string) error {
	f := frame(p)
	var items []kml.Element
	items = append(items, kml.Placemark(kml.Name("target"), kml.Point(kml.Coordinates(kml.Coordinate{Lon: p.Target.Lon, Lat: p.Target.Lat}))))
	items = append(items, kml.Placemark(kml.Name("release point"),
		kml.Point(kml.AltitudeMode(kml.AltitudeModeAbsolute), kml.Coordinates(kml.Coordinate{Lon: p.ReleasePoint.Lon, Lat: p.ReleasePoint.Lat, Alt: p.ReleasePoint.AltM}))))
	var run []kml.Coordinate
	for _, q := range p.JumpRun.Line {
		run = append(run, kml.Coordinate{Lon: q.Lon, Lat: q.Lat, Alt: p.ReleasePoint.AltM})
	}
	items = append(items, kml.Placemark(kml.Name("jump run"), kml.LineString(kml.AltitudeMode(kml.AltitudeModeAbsolute), kml.Coordinates(run...))))
	for _, i := range selected(p, only) {
		var cs []kml.Coordinate
		for _, s := range p.Traces[i] {
			lat, lon, _ := f.ToGeodetic(s.E, s.N, 0)
			cs = append(cs, kml.Coordinate{Lon: lon, Lat: lat, Alt: s.Z})
		}
		items = append(items, kml.Placemark(kml.Name(Escape(p.Jumpers[i].Name)),
			kml.LineString(kml.AltitudeMode(kml.AltitudeModeAbsolute), kml.Extrude(false), kml.Tessellate(false), kml.Coordinates(cs...))))
	}
	doc := kml.KML(kml.Document(append([]kml.Element{kml.Name("halo " + Escape(p.Mission))}, items...)...))
	return doc.WriteIndent(w, "", "  ")
}
