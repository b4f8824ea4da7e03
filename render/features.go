package render

import (
	"encoding/json"
	"fmt"
	"image/color"
	"io"
	"math"

	kml "github.com/twpayne/go-kml/v3"

	"halo/flight"
	"halo/plan"
)

// AltitudeReference is what every altitude in halo's map exports (GeoJSON, KML,
// FlySight hMSL) is measured from. halo carries altitudes above mean sea level
// from the mission's target elevation up (package geo: MSL heights are passed
// where WGS84 ellipsoidal heights are expected, the geoid undulation is not
// applied); RFC 7946 §4 presumes ellipsoidal heights [RFC7946], hence the
// statement. KML's absolute altitude mode is relative to sea level [KML22].
const AltitudeReference = "metres above mean sea level (MSL, as the mission's target elevation; not WGS84 ellipsoidal height: no geoid undulation applied); positions WGS84 degrees"

// geoFeature is one RFC 7946 Feature.
type geoFeature struct {
	Type       string         `json:"type"`
	Geometry   geoGeometry    `json:"geometry"`
	Properties map[string]any `json:"properties"`
}

type geoGeometry struct {
	Type        string `json:"type"`
	Coordinates any    `json:"coordinates"`
}

func feature(typ string, coords any, props map[string]any) geoFeature {
	return geoFeature{"Feature", geoGeometry{typ, coords}, props}
}

// position is the GeoJSON position (RFC 7946 3.1.1) of lat, lon (degrees) and
// alt (m MSL): [lon, lat] when alt is NaN, else [lon, lat, alt]; with round, to
// 1e-7° (about 1 cm) and 0.1 m.
func position(lat, lon, alt float64, round bool) []float64 {
	if round {
		lat, lon, alt = roundTo(lat, 7), roundTo(lon, 7), roundTo(alt, 1)
	}
	if math.IsNaN(alt) {
		return []float64{lon, lat}
	}
	return []float64{lon, lat, alt}
}

// positions are the positions of qs, all at altitude alt (NaN: none).
func positions(qs []Point, alt float64, round bool) [][]float64 {
	out := make([][]float64, len(qs))
	for i, q := range qs {
		out[i] = position(q.Lat, q.Lon, alt, round)
	}
	return out
}

// pathPositions are a planned path's positions with their altitudes MSL.
func pathPositions(path Path, round bool) [][]float64 {
	out := make([][]float64, len(path.Points))
	for i, s := range path.Points {
		out[i] = position(s.Lat, s.Lon, s.Z, round)
	}
	return out
}

func roundTo(x float64, d int) float64 {
	k := math.Pow(10, float64(d))
	return math.Round(x*k) / k
}

// writeFeatures writes fs as one FeatureCollection.
func writeFeatures(w io.Writer, fs []geoFeature) error {
	return writeCollection(w, nil, fs)
}

// writeCollection writes fs as one FeatureCollection with the collection's own
// properties (a foreign member, RFC 7946 §6.1; none when nil).
func writeCollection(w io.Writer, props map[string]any, fs []geoFeature) error {
	fc := map[string]any{"type": "FeatureCollection", "features": fs}
	if props != nil {
		fc["properties"] = props
	}
	return json.NewEncoder(w).Encode(fc)
}

// kmlCoord is q at altitude alt (m MSL).
func kmlCoord(q Point, alt float64) kml.Coordinate {
	return kml.Coordinate{Lon: q.Lon, Lat: q.Lat, Alt: alt}
}

// kmlLine is an absolute-altitude line through qs, all at altitude alt.
func kmlLine(qs []Point, alt float64) kml.Element {
	cs := make([]kml.Coordinate, len(qs))
	for i, q := range qs {
		cs[i] = kmlCoord(q, alt)
	}
	return kml.LineString(kml.AltitudeMode(kml.AltitudeModeAbsolute), kml.Coordinates(cs...))
}

// kmlPath is a planned path as an absolute-altitude line, with extra elements
// before its coordinates.
func kmlPath(path Path, extra ...kml.Element) kml.Element {
	cs := make([]kml.Coordinate, len(path.Points))
	for i, s := range path.Points {
		cs[i] = kml.Coordinate{Lon: s.Lon, Lat: s.Lat, Alt: s.Z}
	}
	return kml.LineString(append(append([]kml.Element{kml.AltitudeMode(kml.AltitudeModeAbsolute)}, extra...), kml.Coordinates(cs...))...)
}

// mapCoord is one place of a map item: WGS84 degrees and m MSL.
type mapCoord struct{ Lat, Lon, Alt float64 }

// mapItem is one thing the plan's map exports draw, a point or a line. GeoJSON
// and KML write the same list (planMap), so a new set of points or lines of the
// plan's geometry is one more append there.
type mapItem struct {
	Kind   string // "target", "release_point", "jump_run", "green_light", "path", "exit", "deployment", "opening", "landing"
	Name   string // as shown; escaped
	Style  string // the KML shared style (mapStyles)
	Line   bool   // a line through Coords, else a point at Coords[0]
	Coords []mapCoord
	Props  map[string]any // more GeoJSON properties (kind and name are added)
}

// mapStyle is one KML shared style: a line colour and width, an icon colour and
// scale.
type mapStyle struct {
	ID    string
	Color color.RGBA
	Width float64 // line width, pixels
	Icon  float64 // icon scale
}

// Map colours: the green light in green, the target in red, the jump run in
// white; jumpers take the palette in plan order (neither green nor red, so that
// no path is mistaken for the green light or the target).
var (
	greenLightColor = color.RGBA{R: 0, G: 220, B: 0, A: 255}
	targetColor     = color.RGBA{R: 230, G: 20, B: 20, A: 255}
	jumpRunColor    = color.RGBA{R: 255, G: 255, B: 255, A: 255}
	releaseColor    = color.RGBA{R: 255, G: 215, B: 0, A: 255}
	jumperPalette   = []color.RGBA{
		{R: 30, G: 110, B: 255, A: 255},  // blue
		{R: 255, G: 140, B: 0, A: 255},   // orange
		{R: 200, G: 40, B: 220, A: 255},  // magenta
		{R: 0, G: 200, B: 220, A: 255},   // cyan
		{R: 255, G: 235, B: 60, A: 255},  // yellow
		{R: 140, G: 80, B: 40, A: 255},   // brown
		{R: 150, G: 150, B: 255, A: 255}, // lavender
		{R: 255, G: 120, B: 180, A: 255}, // pink
	}
)

// jumperStyle is the style id of the k-th jumper of the plan.
func jumperStyle(k int) string { return fmt.Sprintf("jumper-%d", k) }

// mapStyles are the shared styles of a plan with n jumpers.
func mapStyles(n int) []mapStyle {
	out := []mapStyle{
		{ID: "target", Color: targetColor, Width: 2, Icon: 1.3},
		{ID: "release-point", Color: releaseColor, Width: 2, Icon: 1.2},
		{ID: "jump-run", Color: jumpRunColor, Width: 3, Icon: 1},
		{ID: "green-light", Color: greenLightColor, Width: 8, Icon: 1},
	}
	out = append(out, canopyStyles...)
	for k := range n {
		out = append(out, mapStyle{ID: jumperStyle(k), Color: jumperPalette[k%len(jumperPalette)], Width: 3, Icon: 0.9})
	}
	return out
}

// planMap is what the plan's map exports draw, rounded to 1e-7° (about 1 cm)
// and 0.1 m: the target at its elevation, the release point (HARP), the jump
// run and the green-light stretch at the exit altitude, and for each selected
// jumper (all when only is "") the planned path and its exit, deployment,
// canopy-opening and landing points.
func planMap(p *plan.Plan, g *Geometry, only string) []mapItem {
	at := func(q Point, alt float64) mapCoord { return mapCoord{q.Lat, q.Lon, alt} }
	along := func(qs []Point, alt float64) []mapCoord {
		out := make([]mapCoord, len(qs))
		for i, q := range qs {
			out[i] = at(q, alt)
		}
		return out
	}
	items := []mapItem{
		{Kind: "target", Name: "target", Style: "target", Coords: []mapCoord{at(g.Target, g.TargetElevM)},
			Props: map[string]any{"radius_m": g.TargetRadiusM, "elevation_m": g.TargetElevM}},
		{Kind: "release_point", Name: "release point (HARP)", Style: "release-point", Coords: []mapCoord{at(g.ReleasePoint, g.ReleaseAltM)},
			Props: map[string]any{"alt_m": roundTo(g.ReleaseAltM, 1)}},
		{Kind: "jump_run", Name: "jump run", Style: "jump-run", Line: true, Coords: along(g.JumpRun, g.ReleaseAltM),
			Props: map[string]any{"heading_deg": roundTo(p.JumpRun.HeadingDeg, 1), "track_deg": roundTo(p.JumpRun.TrackDeg, 1), "ground_speed_mps": roundTo(p.JumpRun.GroundSpeedMps, 1)}},
		{Kind: "green_light", Name: "green light", Style: "green-light", Line: true, Coords: along(g.GreenLight[:], g.ReleaseAltM),
			Props: map[string]any{"duration_s": roundTo(g.GreenLightS, 1)}},
	}
	event := func(e flight.Event) mapCoord {
		lat, lon, _ := p.Env.Frame.ToGeodetic(e.E, e.N, 0)
		return mapCoord{lat, lon, e.Alt}
	}
	for i, path := range g.Paths {
		if only != "" && path.Name != only {
			continue
		}
		name, style := Escape(path.Name), jumperStyle(i)
		cs := make([]mapCoord, len(path.Points))
		for k, s := range path.Points {
			cs[k] = mapCoord{s.Lat, s.Lon, s.Z}
		}
		exitAlt := g.ReleaseAltM
		if len(cs) > 0 {
			exitAlt = cs[0].Alt
		}
		items = append(items, mapItem{Kind: "path", Name: name, Style: style, Line: true, Coords: cs,
			Props: map[string]any{"jumper": name, "role": Escape(path.Role), "exit_offset_s": roundTo(path.ExitOffsetS, 2)}})
		r := p.Jumpers[i].Result
		for _, ev := range []struct {
			kind, label string
			c           mapCoord
			t           float64
		}{
			{"exit", "exit", at(g.Exits[i], exitAlt), 0},
			{"deployment", "deployment", event(r.Deploy), r.Deploy.T},
			{"opening", "canopy open", event(r.Open), r.Open.T},
			{"landing", "landing", mapCoord{g.Landings[i].Lat, g.Landings[i].Lon, r.Land.Alt}, r.Land.T},
		} {
			items = append(items, mapItem{Kind: ev.kind, Name: name + " " + ev.label, Style: style, Coords: []mapCoord{ev.c},
				Props: map[string]any{"jumper": name, "t_s": roundTo(ev.t, 1), "alt_m": roundTo(ev.c.Alt, 1)}})
		}
	}
	items = append(items, canopyMap(g)...)
	for i := range items {
		for k, c := range items[i].Coords {
			items[i].Coords[k] = mapCoord{roundTo(c.Lat, 7), roundTo(c.Lon, 7), roundTo(c.Alt, 1)}
		}
	}
	return items
}

// GeoJSON writes the plan's map (planMap: target, release point, jump run,
// green light, each selected jumper's path and its exit, deployment, opening and
// landing) as an RFC 7946 FeatureCollection: positions [lon, lat, altitude] to
// 1e-7° and 0.1 m, the altitude reference stated in the collection's
// properties ("altitude": AltitudeReference) [RFC7946], and each feature's properties
// carrying "kind" and "name". Written with encoding/json: paulmach/orb's geojson
// package pulls in a BSON module that this build cannot resolve.
func GeoJSON(w io.Writer, p *plan.Plan, only string) error {
	g, err := PlanGeometry(p)
	if err != nil {
		return err
	}
	var fs []geoFeature
	for _, it := range planMap(p, g, only) {
		props := map[string]any{"kind": it.Kind, "name": it.Name}
		for k, v := range it.Props {
			props[k] = v
		}
		ps := make([][]float64, len(it.Coords))
		for k, c := range it.Coords {
			ps[k] = []float64{c.Lon, c.Lat, c.Alt}
		}
		if it.Line {
			fs = append(fs, feature("LineString", ps, props))
		} else {
			fs = append(fs, feature("Point", ps[0], props))
		}
	}
	return writeCollection(w, map[string]any{"name": Escape(p.Mission), "altitude": AltitudeReference, "generator": "halo plan", "planner": Escape(p.Planner)}, fs)
}

// KML writes the plan's map (planMap) as a KML 2.2 document for Google Earth:
// shared styles (each jumper's colour for the path and its points, the jump run
// white, the green light wide and green, the target red, the release point
// gold), every geometry at absolute altitude (MSL, kml:altitudeMode absolute),
// paths not extruded.
func KML(w io.Writer, p *plan.Plan, only string) error {
	g, err := PlanGeometry(p)
	if err != nil {
		return err
	}
	doc := []kml.Element{kml.Name("halo " + Escape(p.Mission)),
		kml.Description("planned by " + Escape(p.Planner) + "; altitudes " + AltitudeReference)}
	for _, s := range mapStyles(len(g.Paths)) {
		doc = append(doc, kml.SharedStyle(s.ID,
			kml.IconStyle(kml.Color(s.Color), kml.Scale(s.Icon)),
			kml.LineStyle(kml.Color(s.Color), kml.Width(s.Width))))
	}
	for _, it := range planMap(p, g, only) {
		cs := make([]kml.Coordinate, len(it.Coords))
		for k, c := range it.Coords {
			cs[k] = kml.Coordinate{Lon: c.Lon, Lat: c.Lat, Alt: c.Alt}
		}
		geom := kml.Element(kml.Point(kml.AltitudeMode(kml.AltitudeModeAbsolute), kml.Coordinates(cs...)))
		if it.Line {
			geom = kml.LineString(kml.Extrude(false), kml.Tessellate(false), kml.AltitudeMode(kml.AltitudeModeAbsolute), kml.Coordinates(cs...))
		}
		doc = append(doc, kml.Placemark(kml.Name(it.Name), kml.StyleURL("#"+it.Style), geom))
	}
	return kml.KML(kml.Document(doc...)).WriteIndent(w, "", "  ")
}

// canopyStyles are the KML shared styles of the canopy plan's layer: the
// reachable footprints, the landing pattern, the cut-away finder's points and the
// alternate landing areas.
var canopyStyles = []mapStyle{
	{ID: "canopy", Color: color.RGBA{R: 120, G: 200, B: 255, A: 255}, Width: 2, Icon: 1},
	{ID: "pattern", Color: color.RGBA{R: 255, G: 255, B: 255, A: 255}, Width: 2, Icon: 0.8},
	{ID: "reserve", Color: color.RGBA{R: 255, G: 80, B: 0, A: 255}, Width: 2, Icon: 1},
	{ID: "alternate", Color: color.RGBA{R: 160, G: 255, B: 160, A: 255}, Width: 2, Icon: 1},
}

// canopyMap is the canopy plan's layer of the map exports (nothing when the plan
// has no canopy plan): the lead jumper's opening point at its height, the
// canopy's reachable footprint from it and the reserve's from the cut-away point
// (closed rings on the ground), the landing pattern (downwind entry, base turn,
// final turn, landing at their heights), the holding area's centre, the cut-away
// point and where the reserve and the open main land hands off, and each
// alternate landing area with whether the canopy reaches it. Heights are the
// target's elevation plus the AGL heights the plan gives.
func canopyMap(g *Geometry) []mapItem {
	c := g.Canopy
	if c == nil {
		return nil
	}
	ground := g.TargetElevM
	pt := func(q Point, agl float64) []mapCoord { return []mapCoord{{q.Lat, q.Lon, ground + agl}} }
	ring := func(qs []Point) []mapCoord {
		out := make([]mapCoord, 0, len(qs)+1)
		for _, q := range qs {
			out = append(out, mapCoord{q.Lat, q.Lon, ground})
		}
		if len(qs) > 0 {
			out = append(out, out[0])
		}
		return out
	}
	items := []mapItem{
		{Kind: "opening_point", Name: "opening point", Style: "canopy", Coords: pt(c.Opening, c.OpeningAGLM),
			Props: map[string]any{"height_agl_m": roundTo(c.OpeningAGLM, 1)}},
	}
	if len(c.Footprint) > 2 {
		items = append(items, mapItem{Kind: "canopy_footprint", Name: "canopy's reach from the opening", Style: "canopy", Line: true, Coords: ring(c.Footprint)})
	}
	if len(c.Pattern) > 1 && len(c.PatternAGLM) == len(c.Pattern) {
		cs := make([]mapCoord, len(c.Pattern))
		for i, q := range c.Pattern {
			cs[i] = mapCoord{q.Lat, q.Lon, ground + c.PatternAGLM[i]}
		}
		items = append(items, mapItem{Kind: "pattern", Name: "landing pattern", Style: "pattern", Line: true, Coords: cs})
	}
	if c.HoldingRadiusM > 0 {
		items = append(items, mapItem{Kind: "holding_area", Name: "holding area", Style: "pattern", Coords: pt(c.Holding, 0),
			Props: map[string]any{"radius_m": roundTo(c.HoldingRadiusM, 1)}})
	}
	if c.HasCutAway {
		items = append(items,
			mapItem{Kind: "cut_away", Name: "cut-away point", Style: "reserve", Coords: pt(c.CutAway, c.CutAwayAGLM),
				Props: map[string]any{"height_agl_m": roundTo(c.CutAwayAGLM, 1)}},
			mapItem{Kind: "reserve_landing", Name: "reserve lands (hands off)", Style: "reserve", Coords: pt(c.ReserveLanding, 0)},
			mapItem{Kind: "main_hands_off", Name: "open main lands (hands off)", Style: "canopy", Coords: pt(c.MainHandsOff, 0)})
	}
	if c.HasCutAway && len(c.ReserveFootprint) > 2 {
		items = append(items, mapItem{Kind: "reserve_footprint", Name: "reserve's reach from the cut-away", Style: "reserve", Line: true, Coords: ring(c.ReserveFootprint)})
	}
	for _, a := range c.Alternates {
		items = append(items, mapItem{Kind: "alternate", Name: "alternate " + Escape(a.Name), Style: "alternate", Coords: pt(a.At, 0),
			Props: map[string]any{"reachable": a.Reachable, "reachable_under_reserve": a.ReachableReserve}})
	}
	return items
}
