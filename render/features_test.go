package render

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"halo/plan"
)

// mapTolDeg is how close an exported coordinate must be to the plan's own
// figure: 1e-6° (about 0.1 m); the exports round to 1e-7°.
const mapTolDeg = 1e-6

// plannedPlace is a place the plan states and an export must show, with its
// altitude (m MSL).
type plannedPlace struct {
	kind, name string
	lat, lon   float64
	alt        float64
}

// plannedPlaces are the places of p drawn as points: the target, the release
// point (HARP), and each jumper's exit, canopy opening and landing, from the
// plan's own figures (its lat/lon, or its frame for the opening).
func plannedPlaces(p *plan.Plan) []plannedPlace {
	out := []plannedPlace{
		{"target", "target", p.Target.Lat, p.Target.Lon, p.Target.ElevationM},
		{"release_point", "release point (HARP)", p.ReleasePoint.Lat, p.ReleasePoint.Lon, p.ReleasePoint.AltM},
	}
	for i, j := range p.Jumpers {
		lat, lon, _ := p.Env.Frame.ToGeodetic(j.Result.Open.E, j.Result.Open.N, 0)
		out = append(out,
			plannedPlace{"exit", j.Name + " exit", j.Exit.Lat, j.Exit.Lon, p.Traces[i][0].Z},
			plannedPlace{"opening", j.Name + " canopy open", lat, lon, j.Result.Open.Alt},
			plannedPlace{"landing", j.Name + " landing", j.Landing.Lat, j.Landing.Lon, j.Result.Land.Alt})
	}
	return out
}

// near says whether c (lon, lat, alt) is at q: 1e-6° and 0.05 m (the rounding
// to 0.1 m).
func near(c position3, lat, lon, alt float64) bool {
	return math.Abs(c[0]-lon) <= mapTolDeg && math.Abs(c[1]-lat) <= mapTolDeg && math.Abs(c[2]-alt) <= 0.05+1e-9
}

// kmlDoc is the part of a KML document the test reads back.
type kmlDoc struct {
	Document struct {
		Description string `xml:"description"`
		Styles      []struct {
			ID        string  `xml:"id,attr"`
			LineColor string  `xml:"LineStyle>color"`
			LineWidth float64 `xml:"LineStyle>width"`
			IconColor string  `xml:"IconStyle>color"`
		} `xml:"Style"`
		Placemarks []struct {
			Name      string `xml:"name"`
			StyleURL  string `xml:"styleUrl"`
			PointMode string `xml:"Point>altitudeMode"`
			LineMode  string `xml:"LineString>altitudeMode"`
		} `xml:"Placemark"`
	} `xml:"Document"`
}

// TestPlanKML reads the plan's KML back with encoding/xml: every placemark is
// styled with a style the document defines, every jumper has a colour of his
// own, the green light is drawn green and wider than anything else, every
// geometry is at absolute altitude, and the release point, target, each
// jumper's exit, opening and landing and the green light stand where the plan
// puts them, to 1e-6°.
func TestPlanKML(t *testing.T) {
	p, g := solvedGeometry(t)
	var b bytes.Buffer
	if err := KML(&b, p, ""); err != nil {
		t.Fatal(err)
	}
	var doc kmlDoc
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("the KML does not read back: %v", err)
	}
	d := doc.Document
	styles := map[string]int{}
	for i, s := range d.Styles {
		styles[s.ID] = i
	}
	for _, pm := range d.Placemarks {
		if _, ok := styles[strings.TrimPrefix(pm.StyleURL, "#")]; !ok || !strings.HasPrefix(pm.StyleURL, "#") {
			t.Errorf("placemark %q: style %q is not one of the document's", pm.Name, pm.StyleURL)
		}
		if mode := pm.PointMode + pm.LineMode; mode != "absolute" {
			t.Errorf("placemark %q: altitude mode %q, want absolute", pm.Name, mode)
		}
	}
	if !strings.Contains(d.Description, "mean sea level") {
		t.Errorf("the document does not say what its altitudes are: %q", d.Description)
	}

	green := d.Styles[styles["green-light"]]
	if green.LineColor != "ff00dc00" { // KML colours are aabbggrr
		t.Errorf("green light drawn in %s, want green", green.LineColor)
	}
	colours := map[string]string{}
	for i, path := range g.Paths {
		s := d.Styles[styles[jumperStyle(i)]]
		if other, dup := colours[s.LineColor]; dup || s.LineColor == green.LineColor {
			t.Errorf("jumper %s drawn in %s like %s", path.Name, s.LineColor, other)
		}
		colours[s.LineColor] = path.Name
	}
	for _, s := range d.Styles {
		if s.ID != "green-light" && s.LineWidth >= green.LineWidth {
			t.Errorf("style %s is %g px wide, the green light %g: the green light must stand out", s.ID, s.LineWidth, green.LineWidth)
		}
	}
	byStyle := map[string]string{}
	for _, pm := range d.Placemarks {
		byStyle[pm.Name] = pm.StyleURL
	}
	for i, j := range p.Jumpers {
		for _, n := range []string{j.Name, j.Name + " canopy open", j.Name + " landing"} {
			if byStyle[n] != "#"+jumperStyle(i) {
				t.Errorf("%q drawn with %q, want the jumper's colour #%s", n, byStyle[n], jumperStyle(i))
			}
		}
	}
	if byStyle["green light"] != "#green-light" {
		t.Errorf("the green light drawn with %q", byStyle["green light"])
	}

	pm := kmlPlacemarks(t, b.Bytes())
	for _, q := range plannedPlaces(p) {
		c := pm[q.name]
		if len(c) != 1 || !near(c[0], q.lat, q.lon, q.alt) {
			t.Errorf("%s at %v; the plan has %.7f, %.7f, %.1f m", q.name, c, q.lat, q.lon, q.alt)
		}
	}
	gl := pm["green light"]
	if len(gl) != 2 || !near(gl[0], p.GreenLight.Start.Lat, p.GreenLight.Start.Lon, p.ReleasePoint.AltM) ||
		!near(gl[1], p.GreenLight.End.Lat, p.GreenLight.End.Lon, p.ReleasePoint.AltM) {
		t.Errorf("green light %v; the plan has %+v to %+v at %.1f m", gl, p.GreenLight.Start, p.GreenLight.End, p.ReleasePoint.AltM)
	}
}

// decimals matches a number with more than 7 decimals.
var decimals = regexp.MustCompile(`\d\.\d{8,}`)

// TestPlanGeoJSON reads the plan's GeoJSON back: no coordinate has more than 7
// decimals, the collection states the altitude reference, every feature says its
// kind, and the places the plan states are where it puts them, to 1e-6°.
func TestPlanGeoJSON(t *testing.T) {
	p, _ := solvedGeometry(t)
	var b bytes.Buffer
	if err := GeoJSON(&b, p, ""); err != nil {
		t.Fatal(err)
	}
	var raw struct {
		Features []struct {
			Geometry struct {
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
		Properties map[string]any `json:"properties"`
	}
	if err := json.Unmarshal(b.Bytes(), &raw); err != nil {
		t.Fatal(err)
	}
	for i, f := range raw.Features {
		if m := decimals.Find(f.Geometry.Coordinates); m != nil {
			t.Fatalf("feature %d: coordinate %s has more than 7 decimals", i, m)
		}
	}
	if alt, _ := raw.Properties["altitude"].(string); alt != AltitudeReference || !strings.Contains(alt, "mean sea level") {
		t.Errorf("collection properties %v: the altitude reference is not stated", raw.Properties)
	}
	fs := geoJSONFeatures(t, b.Bytes())
	idx := byName(t, fs)
	for _, f := range fs {
		if k, _ := f.Props["kind"].(string); k == "" {
			t.Errorf("feature %v has no kind", f.Props["name"])
		}
	}
	for _, q := range plannedPlaces(p) {
		c := idx[q.kind+":"+q.name].Coords
		if len(c) != 1 || !near(c[0], q.lat, q.lon, q.alt) {
			t.Errorf("%s at %v; the plan has %.7f, %.7f, %.1f m", q.name, c, q.lat, q.lon, q.alt)
		}
	}
	gl := idx["green_light:green light"].Coords
	if len(gl) != 2 || !near(gl[0], p.GreenLight.Start.Lat, p.GreenLight.Start.Lon, p.ReleasePoint.AltM) {
		t.Errorf("green light %v; the plan starts it at %+v", gl, p.GreenLight.Start)
	}
	if d, _ := idx["green_light:green light"].Props["duration_s"].(float64); math.Abs(d-p.GreenLight.DurationS) > 0.05 {
		t.Errorf("green light of %g s, the plan's %s s", d, strconv.FormatFloat(p.GreenLight.DurationS, 'f', 1, 64))
	}
}
