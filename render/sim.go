package render

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"

	kml "github.com/twpayne/go-kml/v3"

	"halo/flight"
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

// SimCSV writes every selected jumper's time series: t, lat, lon, altitude MSL and
// AGL, velocities, speed, Mach, phase.
func SimCSV(w io.Writer, p *plan.Plan, only string) error {
	g, err := PlanGeometry(p)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"jumper", "t_s", "lat", "lon", "alt_msl_m", "alt_agl_m", "vel_e_mps", "vel_n_mps", "vel_up_mps", "speed_mps", "mach", "phase"})
	ff := func(x float64, d int) string { return strconv.FormatFloat(x, 'f', d, 64) }
	for _, path := range selectedPaths(g, only) {
		for _, s := range path.Points {
			cw.Write([]string{csvText(path.Name), ff(s.T, 2), ff(s.Lat, 7), ff(s.Lon, 7), ff(s.Z, 1), ff(s.Z-g.TargetElevM, 1),
				ff(s.VE, 2), ff(s.VN, 2), ff(s.VU, 2), ff(s.Speed, 2), ff(s.Mach, 4), s.Phase.String()})
		}
	}
	cw.Flush()
	return cw.Error()
}

// selectedPaths returns the paths of g's jumpers, all when only is "", else the
// one named.
func selectedPaths(g *Geometry, only string) []Path {
	var out []Path
	for _, path := range g.Paths {
		if only == "" || path.Name == only {
			out = append(out, path)
		}
	}
	return out
}

// GeoJSON writes a FeatureCollection: the target, the jump run, the release point,
// the green-light window and each selected jumper's path (3-D LineString, altitude
// MSL). Written with encoding/json: paulmach/orb's geojson package pulls in a BSON
// module that this build cannot resolve.
func GeoJSON(w io.Writer, p *plan.Plan, only string) error {
	g, err := PlanGeometry(p)
	if err != nil {
		return err
	}
	nan := math.NaN()
	fs := []geoFeature{
		feature("Point", position(g.Target.Lat, g.Target.Lon, nan, false), map[string]any{"name": "target", "radius_m": g.TargetRadiusM, "planner": Escape(p.Planner)}),
		feature("Point", position(g.ReleasePoint.Lat, g.ReleasePoint.Lon, nan, false), map[string]any{"name": "release point", "alt_m": g.ReleaseAltM}),
		feature("LineString", positions(g.JumpRun, nan, false), map[string]any{"name": "jump run", "heading_deg": p.JumpRun.HeadingDeg}),
		feature("LineString", positions(g.GreenLight[:], nan, false), map[string]any{"name": "green light", "duration_s": p.GreenLight.DurationS}),
	}
	for _, path := range selectedPaths(g, only) {
		fs = append(fs, feature("LineString", pathPositions(path, false), map[string]any{"name": Escape(path.Name), "role": Escape(path.Role)}))
	}
	return writeFeatures(w, fs)
}

// KML writes a KML document that opens in Google Earth: each selected jumper's
// path as an absolute-altitude 3-D line, the jump run, release point and target.
func KML(w io.Writer, p *plan.Plan, only string) error {
	g, err := PlanGeometry(p)
	if err != nil {
		return err
	}
	items := []kml.Element{kml.Name("halo " + Escape(p.Mission)), kml.Description("planned by " + Escape(p.Planner)),
		kml.Placemark(kml.Name("target"), kml.Point(kml.Coordinates(kmlCoord(g.Target, 0)))),
		kml.Placemark(kml.Name("release point"), kml.Point(kml.AltitudeMode(kml.AltitudeModeAbsolute), kml.Coordinates(kmlCoord(g.ReleasePoint, g.ReleaseAltM)))),
		kml.Placemark(kml.Name("jump run"), kmlLine(g.JumpRun, g.ReleaseAltM)),
	}
	for _, path := range selectedPaths(g, only) {
		items = append(items, kml.Placemark(kml.Name(Escape(path.Name)), kmlPath(path, kml.Extrude(false), kml.Tessellate(false))))
	}
	return kml.KML(kml.Document(items...)).WriteIndent(w, "", "  ")
}
