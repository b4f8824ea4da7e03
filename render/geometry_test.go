package render

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"halo/brief"
	"math"
	"strconv"
	"strings"
	"testing"

	"halo/mission"
	"halo/plan"
)

// degTol is how close a read-back coordinate must be to the plan's geometry:
// 1e-7° is about 1 cm.
const degTol = 1e-7

// solvedGeometry is the default mission's plan and its geometry.
func solvedGeometry(t *testing.T) (*plan.Plan, *Geometry) {
	t.Helper()
	p := solveDefault(t, nil)
	g, err := PlanGeometry(p)
	if err != nil {
		t.Fatal(err)
	}
	return p, g
}

// TestPlanGeometryFrame: every place is drawn from the plan's own frame. The
// lat/lon the solver stored (release point, jump run, green light, exits,
// landings) are met to 1e-9°, and moving the plan's echoed target (which a
// rebuilt frame would start from) moves nothing.
func TestPlanGeometryFrame(t *testing.T) {
	p, g := solvedGeometry(t)
	near := func(what string, q Point, ll plan.LatLon) {
		t.Helper()
		if math.Abs(q.Lat-ll.Lat) > 1e-9 || math.Abs(q.Lon-ll.Lon) > 1e-9 {
			t.Errorf("%s at %.9f, %.9f; the plan has %.9f, %.9f", what, q.Lat, q.Lon, ll.Lat, ll.Lon)
		}
	}
	near("release point", g.ReleasePoint, plan.LatLon{Lat: p.ReleasePoint.Lat, Lon: p.ReleasePoint.Lon})
	if len(g.JumpRun) != len(p.JumpRun.Line) || len(g.JumpRun) < 2 {
		t.Fatalf("jump run of %d points, the plan's %d", len(g.JumpRun), len(p.JumpRun.Line))
	}
	for i, q := range g.JumpRun {
		near(fmt.Sprintf("jump run[%d]", i), q, p.JumpRun.Line[i])
	}
	near("green light start", g.GreenLight[0], p.GreenLight.Start)
	near("green light end", g.GreenLight[1], p.GreenLight.End)
	if len(g.Paths) != len(p.Jumpers) || len(g.Exits) != len(p.Jumpers) || len(g.Landings) != len(p.Jumpers) {
		t.Fatalf("%d paths, %d exits, %d landings for %d jumpers", len(g.Paths), len(g.Exits), len(g.Landings), len(p.Jumpers))
	}
	for i, j := range p.Jumpers {
		near(j.Name+" exit", g.Exits[i], j.Exit)
		near(j.Name+" landing", g.Landings[i], j.Landing)
		path := g.Paths[i]
		if path.Name != j.Name || len(path.Points) != len(p.Traces[i]) {
			t.Errorf("path %d: %s with %d points, want %s with %d", i, path.Name, len(path.Points), j.Name, len(p.Traces[i]))
			continue
		}
		// the last point is the landing; phases start at 0 and increase
		last := path.Points[len(path.Points)-1]
		near(j.Name+" path end", Point{Lat: last.Lat, Lon: last.Lon}, j.Landing)
		if len(path.Phases) == 0 || path.Phases[0].Index != 0 {
			t.Errorf("%s phases %v", j.Name, path.Phases)
		}
		for k := 1; k < len(path.Phases); k++ {
			if path.Phases[k].Index <= path.Phases[k-1].Index {
				t.Errorf("%s phases out of order: %v", j.Name, path.Phases)
			}
		}
	}
	if g.Target.E != 0 || g.Target.N != 0 || g.Target.Lat != p.Target.Lat || g.Target.Lon != p.Target.Lon ||
		g.TargetElevM != p.Target.ElevationM || g.TargetRadiusM != p.Target.RadiusM || !(g.TargetElevM > 0 && g.TargetRadiusM > 0) {
		t.Errorf("target %+v, elevation %v m, radius %v m; the plan's %+v", g.Target, g.TargetElevM, g.TargetRadiusM, p.Target)
	}
	if g.ReleaseAltM != p.ReleasePoint.AltM || g.GreenLightS != p.GreenLight.DurationS || g.TrackUnit != p.TrackUnit {
		t.Errorf("release altitude %v, green light %v s, track %v; the plan's %v, %v, %v", g.ReleaseAltM, g.GreenLightS, g.TrackUnit, p.ReleasePoint.AltM, p.GreenLight.DurationS, p.TrackUnit)
	}

	moved := *p
	moved.Target.Lat += 0.5
	moved.Target.Lon -= 0.5
	h, err := PlanGeometry(&moved)
	if err != nil {
		t.Fatal(err)
	}
	if h.ReleasePoint != g.ReleasePoint || h.Paths[0].Points[10] != g.Paths[0].Points[10] {
		t.Errorf("the geometry followed the echoed target, not the plan's frame: release point %+v, was %+v", h.ReleasePoint, g.ReleasePoint)
	}

	if _, err := PlanGeometry(&plan.Plan{}); !errors.Is(err, ErrNoFrame) {
		t.Errorf("a plan without a frame: %v, want ErrNoFrame", err)
	}
}

// TestPlanGeometryAirspace: the airspace rings are the plan's, in both coordinates.
func TestPlanGeometryAirspace(t *testing.T) {
	p := solveDefault(t, func(m *mission.Mission) {
		lat, lon := m.Target.Lat, m.Target.Lon
		m.Airspace = append(m.Airspace, mission.Airspace{Name: "R-9999", Points: [][2]float64{
			{lat + 0.05, lon + 0.05}, {lat + 0.05, lon + 0.06}, {lat + 0.06, lon + 0.06}, {lat + 0.06, lon + 0.05}}})
	})
	g, err := PlanGeometry(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Airspace) != len(p.Env.Areas) || len(g.Airspace) == 0 {
		t.Fatalf("%d areas drawn, the plan has %d", len(g.Airspace), len(p.Env.Areas))
	}
	for i, a := range p.Env.Areas {
		rings := a.Rings()
		if g.Airspace[i].Name != a.Name || len(g.Airspace[i].Rings) != len(rings) {
			t.Fatalf("area %d: %s with %d rings, want %s with %d", i, g.Airspace[i].Name, len(g.Airspace[i].Rings), a.Name, len(rings))
		}
		for r, ring := range rings {
			for k, q := range ring {
				got := g.Airspace[i].Rings[r][k]
				lat, lon, _ := p.Env.Frame.ToGeodetic(q[0], q[1], 0)
				if got.E != q[0] || got.N != q[1] || math.Abs(got.Lat-lat) > 1e-12 || math.Abs(got.Lon-lon) > 1e-12 {
					t.Fatalf("%s ring %d point %d: %+v, want %v (%.9f, %.9f)", a.Name, r, k, got, q, lat, lon)
				}
			}
		}
	}
}

// position3 is a coordinate read back from an export: lon, lat (degrees), alt
// (m; NaN when a GeoJSON position has none).
type position3 [3]float64

// kmlPlacemarks reads a KML document back with encoding/xml: each placemark's
// coordinates by name.
func kmlPlacemarks(t *testing.T, b []byte) map[string][]position3 {
	t.Helper()
	var doc struct {
		Document struct {
			Placemarks []struct {
				Name  string `xml:"name"`
				Point string `xml:"Point>coordinates"`
				Line  string `xml:"LineString>coordinates"`
			} `xml:"Placemark"`
		} `xml:"Document"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("the KML does not read back: %v", err)
	}
	out := map[string][]position3{}
	for _, pm := range doc.Document.Placemarks {
		if _, dup := out[pm.Name]; dup {
			t.Errorf("KML: two placemarks named %q", pm.Name)
		}
		var cs []position3
		for _, tuple := range strings.Fields(pm.Point + " " + pm.Line) {
			f := strings.Split(tuple, ",")
			c := position3{} // KML 2.2: an altitude left out is 0
			if len(f) < 2 || len(f) > 3 {
				t.Fatalf("KML %s: coordinate %q", pm.Name, tuple)
			}
			for k, s := range f {
				v, err := strconv.ParseFloat(s, 64)
				if err != nil {
					t.Fatalf("KML %s: coordinate %q: %v", pm.Name, tuple, err)
				}
				c[k] = v
			}
			cs = append(cs, c)
		}
		out[pm.Name] = cs
	}
	return out
}

// geoFeatures reads a GeoJSON FeatureCollection back with encoding/json: each
// feature's geometry type, coordinates and properties.
type readFeature struct {
	Type   string
	Coords []position3
	Props  map[string]any
}

func geoJSONFeatures(t *testing.T, b []byte) []readFeature {
	t.Helper()
	var fc struct {
		Type     string `json:"type"`
		Features []struct {
			Type     string `json:"type"`
			Geometry struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		t.Fatalf("the GeoJSON does not read back: %v", err)
	}
	if fc.Type != "FeatureCollection" {
		t.Errorf("GeoJSON type %q", fc.Type)
	}
	var out []readFeature
	for i, f := range fc.Features {
		if f.Type != "Feature" {
			t.Errorf("feature %d: type %q", i, f.Type)
		}
		var raw [][]float64
		switch f.Geometry.Type {
		case "Point":
			var c []float64
			if err := json.Unmarshal(f.Geometry.Coordinates, &c); err != nil {
				t.Fatalf("feature %d: %v", i, err)
			}
			raw = [][]float64{c}
		case "LineString":
			if err := json.Unmarshal(f.Geometry.Coordinates, &raw); err != nil {
				t.Fatalf("feature %d: %v", i, err)
			}
		default:
			t.Fatalf("feature %d: geometry %q", i, f.Geometry.Type)
		}
		rf := readFeature{Type: f.Geometry.Type, Props: f.Properties}
		for _, c := range raw {
			if len(c) < 2 || len(c) > 3 {
				t.Fatalf("feature %d: position %v", i, c)
			}
			q := position3{c[0], c[1], math.NaN()}
			if len(c) == 3 {
				q[2] = c[2]
			}
			rf.Coords = append(rf.Coords, q)
		}
		out = append(out, rf)
	}
	return out
}

// byName indexes features by their "name" property (and "kind" when given).
func byName(t *testing.T, fs []readFeature) map[string]readFeature {
	t.Helper()
	out := map[string]readFeature{}
	for _, f := range fs {
		name, _ := f.Props["name"].(string)
		if kind, ok := f.Props["kind"].(string); ok {
			name = kind + ":" + name
		}
		if _, dup := out[name]; dup {
			t.Errorf("GeoJSON: two features named %q", name)
		}
		out[name] = f
	}
	return out
}

// want is the geometry an export must hold, as lon, lat (degrees) and altitude
// (m; NaN where the export gives none).
type want []position3

func wantPoints(qs []Point, alt float64) (w want) {
	for _, q := range qs {
		w = append(w, position3{q.Lon, q.Lat, alt})
	}
	return w
}

func wantPath(path Path) (w want) {
	for _, s := range path.Points {
		w = append(w, position3{s.Lon, s.Lat, s.Z})
	}
	return w
}

// sameCoords compares read-back coordinates with the geometry: 1e-7° and 0.1 m.
func sameCoords(t *testing.T, what string, got []position3, w want) {
	t.Helper()
	if len(got) != len(w) {
		t.Errorf("%s: %d coordinates, the geometry has %d", what, len(got), len(w))
		return
	}
	bad := 0
	for k, c := range got {
		ok := math.Abs(c[0]-w[k][0]) <= degTol && math.Abs(c[1]-w[k][1]) <= degTol
		if math.IsNaN(w[k][2]) != math.IsNaN(c[2]) || (!math.IsNaN(c[2]) && math.Abs(c[2]-w[k][2]) > 0.05+1e-9) {
			ok = false
		}
		if !ok {
			if bad < 3 {
				t.Errorf("%s[%d]: lon, lat, alt %v; the geometry has %v", what, k, c, w[k])
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%s: %d of %d coordinates differ", what, bad, len(got))
	}
}

// TestPlanExportsReadBack: the plan's KML and GeoJSON are read back and hold the
// plan's geometry, coordinate by coordinate, for the whole stick and for one jumper.
func TestPlanExportsReadBack(t *testing.T) {
	p, g := solvedGeometry(t)
	for _, only := range []string{"", p.Jumpers[len(p.Jumpers)-1].Name} {
		paths := selectedPaths(g, only)
		if len(paths) == 0 {
			t.Fatalf("no path selected for %q", only)
		}
		t.Run("kml "+only, func(t *testing.T) {
			var b bytes.Buffer
			if err := KML(&b, p, only); err != nil {
				t.Fatal(err)
			}
			pm := kmlPlacemarks(t, b.Bytes())
			if want := 4 + 5*len(paths) + canopyItems(g); len(pm) != want { // target, release point, jump run, green light; each jumper's path and 4 events; the canopy layer
				t.Errorf("%d placemarks, want %d", len(pm), want)
			}
			canopyLayerReadsBack(t, g, func(name string) []position3 { return pm[name] })
			sameCoords(t, "target", pm["target"], wantPoints([]Point{g.Target}, g.TargetElevM))
			sameCoords(t, "release point", pm["release point (HARP)"], wantPoints([]Point{g.ReleasePoint}, g.ReleaseAltM))
			sameCoords(t, "jump run", pm["jump run"], wantPoints(g.JumpRun, g.ReleaseAltM))
			sameCoords(t, "green light", pm["green light"], wantPoints(g.GreenLight[:], g.ReleaseAltM))
			for _, path := range paths {
				sameCoords(t, path.Name, pm[path.Name], wantPath(path))
			}
		})
		t.Run("geojson "+only, func(t *testing.T) {
			var b bytes.Buffer
			if err := GeoJSON(&b, p, only); err != nil {
				t.Fatal(err)
			}
			fs := byName(t, geoJSONFeatures(t, b.Bytes()))
			if want := 4 + 5*len(paths) + canopyItems(g); len(fs) != want {
				t.Errorf("%d features, want %d", len(fs), want)
			}
			kinds := map[string]string{}
			for key := range fs {
				if k, name, ok := strings.Cut(key, ":"); ok {
					kinds[name] = k
				}
			}
			canopyLayerReadsBack(t, g, func(name string) []position3 { return fs[kinds[name]+":"+name].Coords })
			sameCoords(t, "target", fs["target:target"].Coords, wantPoints([]Point{g.Target}, g.TargetElevM))
			sameCoords(t, "release point", fs["release_point:release point (HARP)"].Coords, wantPoints([]Point{g.ReleasePoint}, g.ReleaseAltM))
			sameCoords(t, "jump run", fs["jump_run:jump run"].Coords, wantPoints(g.JumpRun, g.ReleaseAltM))
			sameCoords(t, "green light", fs["green_light:green light"].Coords, wantPoints(g.GreenLight[:], g.ReleaseAltM))
			for _, path := range paths {
				sameCoords(t, path.Name, fs["path:"+path.Name].Coords, wantPath(path))
			}
		})
	}
}

// canopyItems is how many map items the canopy layer of g draws: the opening
// point, the footprint, the pattern, the holding area, the cut-away finder's
// three points and the reserve's footprint, and the alternates.
func canopyItems(g *Geometry) int {
	c := g.Canopy
	if c == nil {
		return 0
	}
	n := 1 + len(c.Alternates)
	for _, has := range []bool{len(c.Footprint) > 2, len(c.Pattern) > 1, c.HoldingRadiusM > 0, c.HasCutAway && len(c.ReserveFootprint) > 2} {
		if has {
			n++
		}
	}
	if c.HasCutAway {
		n += 3
	}
	return n
}

// canopyLayerReadsBack: the canopy layer of an export (coords by placemark or
// feature name) holds the plan's canopy geometry: the opening point at its
// height, the footprints as closed rings on the ground, the pattern's corners at
// their heights, the cut-away finder's points.
func canopyLayerReadsBack(t *testing.T, g *Geometry, coords func(name string) []position3) {
	t.Helper()
	c := g.Canopy
	if c == nil || len(c.Pattern) < 2 || !c.HasCutAway {
		t.Fatalf("the embedded mission's plan has no canopy pattern or cut-away finder: %+v", c)
	}
	ground := g.TargetElevM
	closed := func(qs []Point) want {
		return wantPoints(append(append([]Point{}, qs...), qs[0]), ground)
	}
	var pattern want
	for i, q := range c.Pattern {
		pattern = append(pattern, position3{q.Lon, q.Lat, ground + c.PatternAGLM[i]})
	}
	sameCoords(t, "opening point", coords("opening point"), wantPoints([]Point{c.Opening}, ground+c.OpeningAGLM))
	sameCoords(t, "canopy footprint", coords("canopy's reach from the opening"), closed(c.Footprint))
	sameCoords(t, "pattern", coords("landing pattern"), pattern)
	sameCoords(t, "cut-away", coords("cut-away point"), wantPoints([]Point{c.CutAway}, ground+c.CutAwayAGLM))
	sameCoords(t, "reserve landing", coords("reserve lands (hands off)"), wantPoints([]Point{c.ReserveLanding}, ground))
	sameCoords(t, "open main", coords("open main lands (hands off)"), wantPoints([]Point{c.MainHandsOff}, ground))
	sameCoords(t, "reserve footprint", coords("reserve's reach from the cut-away"), closed(c.ReserveFootprint))
}

// TestPlanHTMLDrawsTheCanopyPlan: the HTML report's and the one-page brief's map
// draw the canopy plan of the embedded mission: the canopy's reach, the landing
// pattern, the opening point, the reserve's reach and landing.
func TestPlanHTMLDrawsTheCanopyPlan(t *testing.T) {
	p, g := solvedGeometry(t)
	if g.Canopy == nil || !g.Canopy.HasCutAway {
		t.Fatalf("the embedded mission's plan has no canopy plan with a cut-away finder")
	}
	bf := &brief.Briefing{Plan: p}
	for name, write := range map[string]func(*bytes.Buffer) error{
		"html":  func(b *bytes.Buffer) error { return PlanHTML(b, bf) },
		"brief": func(b *bytes.Buffer) error { return BriefPage(b, bf) },
	} {
		var b bytes.Buffer
		if err := write(&b); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{`class="canopy-reach"`, `class="pattern"`, `class="reserve-reach"`, "<title>opening point, 2200 ft AGL</title>", "the reserve lands here"} {
			if !strings.Contains(b.String(), want) {
				t.Errorf("%s: the map lacks %s", name, want)
			}
		}
	}
}
