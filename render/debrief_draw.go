package render

import (
	"fmt"
	"image/color"
	"io"
	"math"

	kml "github.com/twpayne/go-kml/v3"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"halo/debrief"
	"halo/plan"
	"halo/track"
)

// flownEvent is one event found in a flown track.
type flownEvent struct {
	name string
	e    track.Event
}

// flownEvents are the events of f, in order, that were found.
func flownEvents(f debrief.Flown) []flownEvent {
	var out []flownEvent
	for _, e := range []flownEvent{{"exit", f.Phases.Exit}, {"deploy", f.Phases.DeployStart}, {"canopy_open", f.Phases.CanopyOpen}, {"landing", f.Phases.Landing}} {
		if e.e.Found && e.e.Index >= 0 && e.e.Index < len(f.Track.Points) {
			out = append(out, e)
		}
	}
	return out
}

// debriefGeometry is the geometry of the plan a debrief is drawn against; nil
// without a plan or for a plan without a frame (the flown tracks are drawn alone).
func debriefGeometry(p *plan.Plan) *Geometry {
	g, err := PlanGeometry(p)
	if err != nil {
		return nil
	}
	return g
}

// plannedPath is the planned path of the named jumper of p (debrief.JumperIndex).
func plannedPath(p *plan.Plan, jumper string) (Path, bool) {
	g := debriefGeometry(p)
	if g == nil {
		return Path{}, false
	}
	ji, err := debrief.JumperIndex(p, jumper)
	if err != nil || ji >= len(g.Paths) {
		return Path{}, false
	}
	return g.Paths[ji], true
}

// DebriefGeoJSON writes the flown tracks and the plan (each jumper's planned
// path, the release point, the jump run, the green-light window and the target)
// as one RFC 7946 FeatureCollection: coordinates [lon, lat, altitude m MSL],
// rounded to 1e-7° and 0.1 m; every feature's properties carry "kind" (flown,
// flown_event, planned, release_point, jump_run, green_light, target) and "name".
// p may be nil.
func DebriefGeoJSON(w io.Writer, flown []debrief.Flown, p *plan.Plan) error {
	var fs []geoFeature
	for _, f := range flown {
		if f.Track == nil || len(f.Track.Points) == 0 {
			continue
		}
		c := make([][]float64, len(f.Track.Points))
		for i, pt := range f.Track.Points {
			c[i] = position(pt.Lat, pt.Lon, pt.HMSL, true)
		}
		fs = append(fs, feature("LineString", c, map[string]any{"kind": "flown", "name": f.Name, "format": f.Track.Format, "alt_ref": f.Track.AltRef}))
		for _, e := range flownEvents(f) {
			pt := f.Track.Points[e.e.Index]
			fs = append(fs, feature("Point", position(pt.Lat, pt.Lon, e.e.AltMSL, true),
				map[string]any{"kind": "flown_event", "name": f.Name, "event": e.name, "time": e.e.T.UTC(), "t_s": roundTo(e.e.TS, 2)}))
		}
	}
	if g := debriefGeometry(p); g != nil {
		for _, path := range g.Paths {
			fs = append(fs, feature("LineString", pathPositions(path, true), map[string]any{"kind": "planned", "name": path.Name}))
		}
		alt := g.ReleaseAltM
		fs = append(fs, feature("Point", position(g.ReleasePoint.Lat, g.ReleasePoint.Lon, alt, true), map[string]any{"kind": "release_point", "name": "release point"}))
		if len(g.JumpRun) > 1 {
			fs = append(fs, feature("LineString", positions(g.JumpRun, alt, true), map[string]any{"kind": "jump_run", "name": "jump run", "track_deg": roundTo(p.JumpRun.TrackDeg, 1)}))
		}
		fs = append(fs, feature("LineString", positions(g.GreenLight[:], alt, true), map[string]any{"kind": "green_light", "name": "green light", "duration_s": roundTo(g.GreenLightS, 1)}),
			feature("Point", position(g.Target.Lat, g.Target.Lon, g.TargetElevM, false), map[string]any{"kind": "target", "name": "target", "radius_m": g.TargetRadiusM}))
	}
	if err := writeFeatures(w, fs); err != nil {
		return fmt.Errorf("render: debrief GeoJSON: %w", err)
	}
	return nil
}

// DebriefKML writes the flown tracks (red) and the planned paths (blue), the jump
// run, green light (green), release point and target as a KML 2.2 document with
// absolute altitudes (MSL), for Google Earth. p may be nil.
func DebriefKML(w io.Writer, flown []debrief.Flown, p *plan.Plan) error {
	doc := []kml.Element{kml.Name("halo debrief"),
		kml.SharedStyle("flown", kml.LineStyle(kml.Color(color.RGBA{R: 220, G: 30, B: 30, A: 255}), kml.Width(3))),
		kml.SharedStyle("planned", kml.LineStyle(kml.Color(color.RGBA{R: 30, G: 80, B: 230, A: 255}), kml.Width(2))),
		kml.SharedStyle("green", kml.LineStyle(kml.Color(color.RGBA{R: 20, G: 200, B: 20, A: 255}), kml.Width(5))),
	}
	for _, f := range flown {
		if f.Track == nil || len(f.Track.Points) == 0 {
			continue
		}
		cs := make([]kml.Coordinate, len(f.Track.Points))
		for i, pt := range f.Track.Points {
			cs[i] = kml.Coordinate{Lon: pt.Lon, Lat: pt.Lat, Alt: pt.HMSL}
		}
		doc = append(doc, kml.Placemark(kml.Name(f.Name+" (flown)"), kml.StyleURL("#flown"),
			kml.LineString(kml.AltitudeMode(kml.AltitudeModeAbsolute), kml.Coordinates(cs...))))
		for _, e := range flownEvents(f) {
			pt := f.Track.Points[e.e.Index]
			doc = append(doc, kml.Placemark(kml.Name(f.Name+" "+e.name),
				kml.Description(fmt.Sprintf("%s UTC, %.0f m MSL", e.e.T.UTC().Format("15:04:05.0"), e.e.AltMSL)),
				kml.Point(kml.AltitudeMode(kml.AltitudeModeAbsolute), kml.Coordinates(kml.Coordinate{Lon: pt.Lon, Lat: pt.Lat, Alt: e.e.AltMSL}))))
		}
	}
	if g := debriefGeometry(p); g != nil {
		for _, path := range g.Paths {
			doc = append(doc, kml.Placemark(kml.Name(path.Name+" (planned)"), kml.StyleURL("#planned"), kmlPath(path)))
		}
		alt := g.ReleaseAltM
		if len(g.JumpRun) > 1 {
			doc = append(doc, kml.Placemark(kml.Name("jump run"), kml.StyleURL("#planned"), kmlLine(g.JumpRun, alt)))
		}
		doc = append(doc,
			kml.Placemark(kml.Name("green light"), kml.StyleURL("#green"), kmlLine(g.GreenLight[:], alt)),
			kml.Placemark(kml.Name("release point"), kml.Point(kml.AltitudeMode(kml.AltitudeModeAbsolute), kml.Coordinates(kmlCoord(g.ReleasePoint, alt)))),
			kml.Placemark(kml.Name("target"), kml.Point(kml.Coordinates(kmlCoord(g.Target, 0)))))
	}
	if err := kml.KML(kml.Document(doc...)).WriteIndent(w, "", " "); err != nil {
		return fmt.Errorf("render: debrief KML: %w", err)
	}
	return nil
}

// DebriefPNG plots one flown track against time (s after its exit, or its first point
// when the exit is not recorded): altitude (m MSL) above, vertical (down) and
// horizontal ground speed (m/s) below, the phases marked by vertical lines, and
// the plan's altitude and vertical speed for the named jumper dashed when p is
// given. widthPx and heightPx are the image size (defaults 1200 × 900 when 0).
func DebriefPNG(w io.Writer, f debrief.Flown, p *plan.Plan, jumper string, widthPx, heightPx int) error {
	if f.Track == nil || len(f.Track.Points) < 2 {
		return fmt.Errorf("render: debrief PNG: the track has fewer than 2 points")
	}
	if widthPx <= 0 {
		widthPx = 1200
	}
	if heightPx <= 0 {
		heightPx = 900
	}
	t0 := 0.0
	if f.Phases.Exit.Found {
		t0 = f.Phases.Exit.TS
	}
	tr := f.Track
	alt := make(plotter.XYs, 0, len(tr.Points))
	vd := make(plotter.XYs, 0, len(tr.Points))
	vh := make(plotter.XYs, 0, len(tr.Points))
	for i, pt := range tr.Points {
		x := tr.Seconds(i) - t0
		alt = append(alt, plotter.XY{X: x, Y: pt.HMSL})
		if !math.IsNaN(pt.VelD) {
			vd = append(vd, plotter.XY{X: x, Y: pt.VelD})
		}
		if !math.IsNaN(pt.VelN) && !math.IsNaN(pt.VelE) {
			vh = append(vh, plotter.XY{X: x, Y: math.Hypot(pt.VelN, pt.VelE)})
		}
	}
	pa, pv := plot.New(), plot.New()
	pa.Title.Text = fmt.Sprintf("%s: %s", f.Name, tr.Format)
	pa.Y.Label.Text = "altitude, m " + tr.AltRef
	pv.X.Label.Text = "time from exit, s"
	if !f.Phases.Exit.Found {
		pv.X.Label.Text = "time from the first point, s (exit not recorded)"
	}
	pv.Y.Label.Text = "speed, m/s"
	red, blue, grey := color.RGBA{R: 200, G: 20, B: 20, A: 255}, color.RGBA{R: 20, G: 60, B: 200, A: 255}, color.RGBA{R: 90, G: 90, B: 90, A: 255}
	addLine := func(pl *plot.Plot, xy plotter.XYs, c color.Color, dashed bool, legend string) error {
		if len(xy) < 2 {
			return nil
		}
		l, err := plotter.NewLine(xy)
		if err != nil {
			return err
		}
		l.Color = c
		l.Width = vg.Points(1.2)
		if dashed {
			l.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
		}
		pl.Add(l)
		if legend != "" {
			pl.Legend.Add(legend, l)
		}
		return nil
	}
	if err := addLine(pa, alt, red, false, "flown"); err != nil {
		return fmt.Errorf("render: debrief PNG: %w", err)
	}
	if err := addLine(pv, vd, red, false, "vertical (down), flown"); err != nil {
		return fmt.Errorf("render: debrief PNG: %w", err)
	}
	if err := addLine(pv, vh, blue, false, "horizontal, flown"); err != nil {
		return fmt.Errorf("render: debrief PNG: %w", err)
	}
	if path, ok := plannedPath(p, jumper); ok {
		var pz, pd plotter.XYs
		for _, s := range path.Points {
			pz = append(pz, plotter.XY{X: s.T, Y: s.Z})
			pd = append(pd, plotter.XY{X: s.T, Y: -s.VU})
		}
		_ = addLine(pa, pz, grey, true, "planned")
		_ = addLine(pv, pd, grey, true, "vertical, planned")
	}
	// phase markers
	ymax := 0.0
	for _, q := range alt {
		ymax = math.Max(ymax, q.Y)
	}
	vmax := 10.0
	for _, q := range vd {
		vmax = math.Max(vmax, q.Y)
	}
	for _, e := range flownEvents(f) {
		x := e.e.TS - t0
		for _, pp := range []struct {
			pl     *plot.Plot
			lo, hi float64
		}{{pa, math.Min(0, f.Phases.Landing.AltMSL), ymax}, {pv, 0, vmax}} {
			lo := pp.lo
			if math.IsNaN(lo) {
				lo = 0
			}
			l, err := plotter.NewLine(plotter.XYs{{X: x, Y: lo}, {X: x, Y: pp.hi}})
			if err != nil {
				continue
			}
			l.Color = color.RGBA{R: 0, G: 140, B: 0, A: 255}
			l.Dashes = []vg.Length{vg.Points(2), vg.Points(2)}
			pp.pl.Add(l)
		}
		lb, err := plotter.NewLabels(plotter.XYLabels{XYs: plotter.XYs{{X: x, Y: ymax}}, Labels: []string{e.name}})
		if err == nil {
			pa.Add(lb)
		}
	}
	pa.Add(plotter.NewGrid())
	pv.Add(plotter.NewGrid())
	pa.Legend.Top = true
	pv.Legend.Top = true
	img := vgimg.New(vg.Length(widthPx)*vg.Inch/96, vg.Length(heightPx)*vg.Inch/96)
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: 2, Cols: 1, PadTop: vg.Points(4), PadBottom: vg.Points(4), PadLeft: vg.Points(4), PadRight: vg.Points(8), PadY: vg.Points(6)}
	canv := plot.Align([][]*plot.Plot{{pa}, {pv}}, tiles, dc)
	pa.Draw(canv[0][0])
	pv.Draw(canv[1][0])
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(w); err != nil {
		return fmt.Errorf("render: debrief PNG: %w", err)
	}
	return nil
}
