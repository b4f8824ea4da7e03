package debrief

import (
	"encoding/json"
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

	"halo/plan"
	"halo/track"
)

// Flown is one flown track to draw, with its phases.
type Flown struct {
	Name   string
	Track  *track.Track
	Phases track.Phases
}

// events of a flown track, in order, that were found.
func (f Flown) events() []struct {
	name string
	e    track.Event
} {
	var out []struct {
		name string
		e    track.Event
	}
	for _, e := range []struct {
		name string
		e    track.Event
	}{{"exit", f.Phases.Exit}, {"deploy", f.Phases.DeployStart}, {"canopy_open", f.Phases.CanopyOpen}, {"landing", f.Phases.Landing}} {
		if e.e.Found && e.e.Index >= 0 && e.e.Index < len(f.Track.Points) {
			out = append(out, e)
		}
	}
	return out
}

// plannedLines returns each planned jumper's trajectory as lon, lat, alt (MSL).
func plannedLines(p *plan.Plan) (names []string, lines [][][3]float64) {
	if p == nil || p.Env == nil {
		return nil, nil
	}
	for i, tr := range p.Traces {
		var l [][3]float64
		for _, s := range tr {
			lat, lon, _ := p.Env.Frame.ToGeodetic(s.E, s.N, 0)
			l = append(l, [3]float64{lon, lat, s.Z})
		}
		if i < len(p.Jumpers) {
			names = append(names, p.Jumpers[i].Name)
		} else {
			names = append(names, fmt.Sprintf("jumper %d", i+1))
		}
		lines = append(lines, l)
	}
	return names, lines
}

// GeoJSON writes the flown tracks and the plan (each jumper's planned path, the
// release point, the jump run, the green-light window and the target) as one
// RFC 7946 FeatureCollection: coordinates [lon, lat, altitude m MSL]; every
// feature's properties carry "kind" (flown, flown_event, planned, release_point,
// jump_run, green_light, target) and "name". p may be nil.
func GeoJSON(w io.Writer, flown []Flown, p *plan.Plan) error {
	type feature struct {
		Type       string         `json:"type"`
		Geometry   map[string]any `json:"geometry"`
		Properties map[string]any `json:"properties"`
	}
	var fs []feature
	line := func(c [][3]float64, props map[string]any) {
		fs = append(fs, feature{"Feature", map[string]any{"type": "LineString", "coordinates": c}, props})
	}
	point := func(c []float64, props map[string]any) {
		fs = append(fs, feature{"Feature", map[string]any{"type": "Point", "coordinates": c}, props})
	}
	for _, f := range flown {
		if f.Track == nil || len(f.Track.Points) == 0 {
			continue
		}
		var c [][3]float64
		for _, pt := range f.Track.Points {
			c = append(c, [3]float64{round(pt.Lon, 7), round(pt.Lat, 7), round(pt.HMSL, 1)})
		}
		line(c, map[string]any{"kind": "flown", "name": f.Name, "format": f.Track.Format, "alt_ref": f.Track.AltRef})
		for _, e := range f.events() {
			pt := f.Track.Points[e.e.Index]
			point([]float64{round(pt.Lon, 7), round(pt.Lat, 7), round(e.e.AltMSL, 1)},
				map[string]any{"kind": "flown_event", "name": f.Name, "event": e.name, "time": e.e.T.UTC(), "t_s": round(e.e.TS, 2)})
		}
	}
	if p != nil && p.Env != nil {
		names, lines := plannedLines(p)
		for i, l := range lines {
			for k := range l {
				l[k] = [3]float64{round(l[k][0], 7), round(l[k][1], 7), round(l[k][2], 1)}
			}
			line(l, map[string]any{"kind": "planned", "name": names[i]})
		}
		rp := p.ReleasePoint
		point([]float64{round(rp.Lon, 7), round(rp.Lat, 7), round(rp.AltM, 1)}, map[string]any{"kind": "release_point", "name": "release point"})
		var run [][3]float64
		for _, ll := range p.JumpRun.Line {
			run = append(run, [3]float64{round(ll.Lon, 7), round(ll.Lat, 7), round(rp.AltM, 1)})
		}
		if len(run) > 1 {
			line(run, map[string]any{"kind": "jump_run", "name": "jump run", "track_deg": round(p.JumpRun.TrackDeg, 1)})
		}
		g := p.GreenLight
		line([][3]float64{{round(g.Start.Lon, 7), round(g.Start.Lat, 7), round(rp.AltM, 1)}, {round(g.End.Lon, 7), round(g.End.Lat, 7), round(rp.AltM, 1)}},
			map[string]any{"kind": "green_light", "name": "green light", "duration_s": round(g.DurationS, 1)})
		point([]float64{p.Target.Lon, p.Target.Lat, p.Target.ElevationM}, map[string]any{"kind": "target", "name": "target", "radius_m": p.Target.RadiusM})
	}
	enc := json.NewEncoder(w)
	if err := enc.Encode(map[string]any{"type": "FeatureCollection", "features": fs}); err != nil {
		return fmt.Errorf("debrief: GeoJSON: %w", err)
	}
	return nil
}

func round(x float64, d int) float64 {
	k := math.Pow(10, float64(d))
	return math.Round(x*k) / k
}

// KML writes the flown tracks (red) and the planned paths (blue), the jump run,
// green light (green), release point and target as a KML 2.2 document with
// absolute altitudes (MSL), for Google Earth. p may be nil.
func KML(w io.Writer, flown []Flown, p *plan.Plan) error {
	doc := []kml.Element{kml.Name("halo debrief"),
		kml.SharedStyle("flown", kml.LineStyle(kml.Color(color.RGBA{R: 220, G: 30, B: 30, A: 255}), kml.Width(3))),
		kml.SharedStyle("planned", kml.LineStyle(kml.Color(color.RGBA{R: 30, G: 80, B: 230, A: 255}), kml.Width(2))),
		kml.SharedStyle("green", kml.LineStyle(kml.Color(color.RGBA{R: 20, G: 200, B: 20, A: 255}), kml.Width(5))),
	}
	coords := func(c [][3]float64) kml.Element {
		var cs []kml.Coordinate
		for _, x := range c {
			cs = append(cs, kml.Coordinate{Lon: x[0], Lat: x[1], Alt: x[2]})
		}
		return kml.Coordinates(cs...)
	}
	for _, f := range flown {
		if f.Track == nil || len(f.Track.Points) == 0 {
			continue
		}
		var c [][3]float64
		for _, pt := range f.Track.Points {
			c = append(c, [3]float64{pt.Lon, pt.Lat, pt.HMSL})
		}
		doc = append(doc, kml.Placemark(kml.Name(f.Name+" (flown)"), kml.StyleURL("#flown"),
			kml.LineString(kml.AltitudeMode(kml.AltitudeModeAbsolute), coords(c))))
		for _, e := range f.events() {
			pt := f.Track.Points[e.e.Index]
			doc = append(doc, kml.Placemark(kml.Name(f.Name+" "+e.name),
				kml.Description(fmt.Sprintf("%s UTC, %.0f m MSL", e.e.T.UTC().Format("15:04:05.0"), e.e.AltMSL)),
				kml.Point(kml.AltitudeMode(kml.AltitudeModeAbsolute), kml.Coordinates(kml.Coordinate{Lon: pt.Lon, Lat: pt.Lat, Alt: e.e.AltMSL}))))
		}
	}
	if p != nil && p.Env != nil {
		names, lines := plannedLines(p)
		for i, l := range lines {
			doc = append(doc, kml.Placemark(kml.Name(names[i]+" (planned)"), kml.StyleURL("#planned"),
				kml.LineString(kml.AltitudeMode(kml.AltitudeModeAbsolute), coords(l))))
		}
		rp := p.ReleasePoint
		var run [][3]float64
		for _, ll := range p.JumpRun.Line {
			run = append(run, [3]float64{ll.Lon, ll.Lat, rp.AltM})
		}
		if len(run) > 1 {
			doc = append(doc, kml.Placemark(kml.Name("jump run"), kml.StyleURL("#planned"),
				kml.LineString(kml.AltitudeMode(kml.AltitudeModeAbsolute), coords(run))))
		}
		g := p.GreenLight
		doc = append(doc,
			kml.Placemark(kml.Name("green light"), kml.StyleURL("#green"),
				kml.LineString(kml.AltitudeMode(kml.AltitudeModeAbsolute), coords([][3]float64{{g.Start.Lon, g.Start.Lat, rp.AltM}, {g.End.Lon, g.End.Lat, rp.AltM}}))),
			kml.Placemark(kml.Name("release point"), kml.Point(kml.AltitudeMode(kml.AltitudeModeAbsolute), kml.Coordinates(kml.Coordinate{Lon: rp.Lon, Lat: rp.Lat, Alt: rp.AltM}))),
			kml.Placemark(kml.Name("target"), kml.Point(kml.Coordinates(kml.Coordinate{Lon: p.Target.Lon, Lat: p.Target.Lat}))))
	}
	if err := kml.KML(kml.Document(doc...)).WriteIndent(w, "", " "); err != nil {
		return fmt.Errorf("debrief: KML: %w", err)
	}
	return nil
}

// PNG plots one flown track against time (s after its exit, or its first point
// when the exit is not recorded): altitude (m MSL) above, vertical (down) and
// horizontal ground speed (m/s) below, the phases marked by vertical lines, and
// the plan's altitude and vertical speed for the named jumper dashed when p is
// given. widthPx and heightPx are the image size (defaults 1200 × 900 when 0).
func PNG(w io.Writer, f Flown, p *plan.Plan, jumper string, widthPx, heightPx int) error {
	if f.Track == nil || len(f.Track.Points) < 2 {
		return fmt.Errorf("debrief: PNG: the track has fewer than 2 points")
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
		return fmt.Errorf("debrief: PNG: %w", err)
	}
	if err := addLine(pv, vd, red, false, "vertical (down), flown"); err != nil {
		return fmt.Errorf("debrief: PNG: %w", err)
	}
	if err := addLine(pv, vh, blue, false, "horizontal, flown"); err != nil {
		return fmt.Errorf("debrief: PNG: %w", err)
	}
	if p != nil {
		if ji, err := JumperIndex(p, jumper); err == nil && ji < len(p.Traces) {
			var pz, pd plotter.XYs
			for _, s := range p.Traces[ji] {
				pz = append(pz, plotter.XY{X: s.T, Y: s.Z})
				pd = append(pd, plotter.XY{X: s.T, Y: -s.VU})
			}
			_ = addLine(pa, pz, grey, true, "planned")
			_ = addLine(pv, pd, grey, true, "vertical, planned")
		}
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
	for _, e := range f.events() {
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
		return fmt.Errorf("debrief: PNG: %w", err)
	}
	return nil
}
