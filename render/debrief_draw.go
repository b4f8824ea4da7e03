package render

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"

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

// The debrief PNG's window around the jump (halo's choice, issue 16): from
// pngBeforeExitS before the exit to pngAfterLandingS after the landing, the
// time it takes to see the jump run settle and the jumper stop.
const (
	pngBeforeExitS   = 30.0
	pngAfterLandingS = 10.0
)

// debriefWindow is the time range (s from t0) a debrief PNG shows: from
// pngBeforeExitS before the exit (the free fall's start, then the track's first
// point, when the exit is not recorded) to pngAfterLandingS after the landing
// (the last point when it is not recorded), within the track; then widened to
// plannedEnd (the planned path's last time, NaN without one) so that the plan
// is never cut off.
func debriefWindow(f debrief.Flown, t0, plannedEnd float64) (x0, x1 float64) {
	tr := f.Track
	first, last := tr.Seconds(0)-t0, tr.Seconds(len(tr.Points)-1)-t0
	x0, x1 = first, last
	switch {
	case f.Phases.Exit.Found:
		x0 = f.Phases.Exit.TS - t0 - pngBeforeExitS
	case f.Phases.FreeFall.Found:
		x0 = f.Phases.FreeFall.TS - t0 - pngBeforeExitS
	}
	if f.Phases.Landing.Found {
		x1 = f.Phases.Landing.TS - t0 + pngAfterLandingS
	}
	x0, x1 = math.Max(x0, first), math.Min(x1, last)
	if plannedEnd > x1 {
		x1 = plannedEnd
	}
	if plannedEnd < x0 || !(x1 > x0) {
		x0 = math.Min(x0, math.Min(0, x1-1))
	}
	return x0, x1
}

// flownSegments is the series v of track tr (x: s from t0) within [x0, x1],
// split where logging stopped (track.FlagGapBefore) or v is not known (NaN):
// each segment is drawn as its own line, so that a gap shows as a gap.
func flownSegments(tr *track.Track, t0, x0, x1 float64, v func(track.Point) float64) []plotter.XYs {
	var segs []plotter.XYs
	var cur plotter.XYs
	flush := func() {
		if len(cur) > 0 {
			segs = append(segs, cur)
		}
		cur = nil
	}
	for i, pt := range tr.Points {
		x := tr.Seconds(i) - t0
		if x < x0 || x > x1 {
			flush()
			continue
		}
		y := v(pt)
		if math.IsNaN(y) || pt.Flags&track.FlagGapBefore != 0 {
			flush()
		}
		if !math.IsNaN(y) {
			cur = append(cur, plotter.XY{X: x, Y: y})
		}
	}
	flush()
	return segs
}

// labelPlace is where an event label is written: its left edge (x units) and
// its row (0 the top line, 1 below it, ...).
type labelPlace struct {
	left float64
	row  int
}

// placeLabels places labels at xs (in increasing order) of widths ws (x units)
// so that none overprints another: each starts at its x (or ends there when it
// would run past xmax) in the first row where it clears the labels already
// there by gap.
func placeLabels(xs, ws []float64, xmax, gap float64) []labelPlace {
	var ends []float64 // right edge of the last label in each row
	out := make([]labelPlace, len(xs))
	for i, x := range xs {
		left := x
		if x+ws[i] > xmax {
			left = x - ws[i]
		}
		row := 0
		for row < len(ends) && left < ends[row]+gap {
			row++
		}
		if row == len(ends) {
			ends = append(ends, 0)
		}
		ends[row] = left + ws[i]
		out[i] = labelPlace{left, row}
	}
	return out
}

// yRange is the least and greatest y of the series (NaN, NaN when empty).
func yRange(series ...plotter.XYs) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, xy := range series {
		for _, q := range xy {
			lo, hi = math.Min(lo, q.Y), math.Max(hi, q.Y)
		}
	}
	if lo > hi {
		return math.NaN(), math.NaN()
	}
	return lo, hi
}

// DebriefPNG plots one flown track against time (s after its exit, or its first point
// when the exit is not recorded): altitude (m MSL) above, vertical (down) and
// horizontal ground speed (m/s) below, the phases marked by vertical lines and
// labelled without overprinting, and the plan's altitude and vertical speed for
// the named jumper dashed when p is given. It shows from 30 s before the exit to
// 10 s after the landing (debriefWindow), widened to the whole planned path;
// logging gaps are left as gaps. widthPx and heightPx are the image size
// (defaults 1200 × 900 when 0).
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
	var pz, pd plotter.XYs
	plannedEnd := math.NaN()
	if path, ok := plannedPath(p, jumper); ok && len(path.Points) > 0 {
		for _, s := range path.Points {
			pz = append(pz, plotter.XY{X: s.T, Y: s.Z})
			pd = append(pd, plotter.XY{X: s.T, Y: -s.VU})
		}
		plannedEnd = path.Points[len(path.Points)-1].T
	}
	x0, x1 := debriefWindow(f, t0, plannedEnd)
	alt := flownSegments(tr, t0, x0, x1, func(pt track.Point) float64 { return pt.HMSL })
	vd := flownSegments(tr, t0, x0, x1, func(pt track.Point) float64 { return pt.VelD })
	vh := flownSegments(tr, t0, x0, x1, func(pt track.Point) float64 { return math.Hypot(pt.VelN, pt.VelE) })

	pa, pv := plot.New(), plot.New()
	pa.Title.Text = fmt.Sprintf("%s: %s", f.Name, tr.Format)
	pa.Y.Label.Text = "altitude, m " + tr.AltRef
	pv.X.Label.Text = "time from exit, s"
	if !f.Phases.Exit.Found {
		pv.X.Label.Text = "time from the first point, s (exit not recorded)"
	}
	pv.Y.Label.Text = "speed, m/s"
	for _, pl := range []*plot.Plot{pa, pv} {
		pl.X.Min, pl.X.Max = x0, x1
	}
	red, blue, grey := color.RGBA{R: 200, G: 20, B: 20, A: 255}, color.RGBA{R: 20, G: 60, B: 200, A: 255}, color.RGBA{R: 90, G: 90, B: 90, A: 255}
	addLines := func(pl *plot.Plot, segs []plotter.XYs, c color.Color, dashed bool, legend string) error {
		for k, xy := range segs {
			if len(xy) < 2 {
				continue // a lone point between two gaps draws nothing
			}
			l, err := plotter.NewLine(xy)
			if err != nil {
				return fmt.Errorf("render: debrief PNG: %w", err)
			}
			l.Color = c
			l.Width = vg.Points(1.2)
			if dashed {
				l.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
			}
			pl.Add(l)
			if legend != "" && k == 0 {
				pl.Legend.Add(legend, l)
				legend = ""
			}
		}
		return nil
	}
	for _, ln := range []struct {
		pl     *plot.Plot
		segs   []plotter.XYs
		c      color.Color
		dashed bool
		legend string
	}{{pa, alt, red, false, "flown"}, {pv, vd, red, false, "vertical (down), flown"}, {pv, vh, blue, false, "horizontal, flown"},
		{pa, []plotter.XYs{pz}, grey, true, "planned"}, {pv, []plotter.XYs{pd}, grey, true, "vertical, planned"}} {
		if err := addLines(ln.pl, ln.segs, ln.c, ln.dashed, ln.legend); err != nil {
			return err
		}
	}
	// the y ranges hold every curve drawn, flown and planned: nothing is cut off
	alo, ahi := yRange(append(alt, pz)...)
	if math.IsNaN(alo) {
		alo, ahi = 0, 1
	}
	alo = math.Min(alo, 0)
	_, vmax := yRange(append(append(vd, vh...), pd)...)
	vlo, _ := yRange(append(vd, pd)...)
	pa.Y.Min, pa.Y.Max = alo, ahi+0.02*(ahi-alo)
	pv.Y.Min, pv.Y.Max = math.Min(0, vlo), math.Max(10, vmax)*1.05
	pa.Add(plotter.NewGrid())
	pv.Add(plotter.NewGrid())
	pa.Legend.Top, pa.Legend.Left = false, true // the altitude is high at the left only above the legend
	pv.Legend.Top = true                        // speeds are low at the right, under canopy

	img := vgimg.New(vg.Length(widthPx)*vg.Inch/96, vg.Length(heightPx)*vg.Inch/96)
	dc := draw.New(img)
	tiles := draw.Tiles{Rows: 2, Cols: 1, PadTop: vg.Points(4), PadBottom: vg.Points(4), PadLeft: vg.Points(4), PadRight: vg.Points(8), PadY: vg.Points(6)}
	for _, pl := range []*plot.Plot{pa, pv} {
		pl.X.Tick.Marker, pl.Y.Tick.Marker = plainTicks{}, plainTicks{}
	}
	// laid out once to measure the altitude panel for the event labels, then
	// again with them, so that the two panels' time axes line up
	canv := plot.Align([][]*plot.Plot{{pa}, {pv}}, tiles, dc)
	addEventMarks(pa, pv, f, t0, pa.DataCanvas(canv[0][0]))
	canv = plot.Align([][]*plot.Plot{{pa}, {pv}}, tiles, dc)
	pa.Draw(canv[0][0])
	pv.Draw(canv[1][0])
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(w); err != nil {
		return fmt.Errorf("render: debrief PNG: %w", err)
	}
	return nil
}

// addEventMarks draws each event of f as a vertical line in both panels and
// its name at the top of the altitude panel (da: its data area), in rows
// (placeLabels) so that close events (deployment and opening are 3-5 s apart)
// do not overprint; the altitude axis is raised to make room for the rows
// above the curves.
func addEventMarks(pa, pv *plot.Plot, f debrief.Flown, t0 float64, da draw.Canvas) {
	evs := flownEvents(f)
	if len(evs) == 0 {
		return
	}
	lbs := make([]*plotter.Labels, len(evs))
	for i, e := range evs {
		lb, err := plotter.NewLabels(plotter.XYLabels{XYs: plotter.XYs{{X: e.e.TS - t0}}, Labels: []string{e.name}})
		if err != nil {
			return
		}
		lb.TextStyle[0].YAlign = draw.YTop
		lbs[i] = lb
	}
	sty := lbs[0].TextStyle[0]
	dataW := float64(da.Max.X - da.Min.X)
	dataH := float64(da.Max.Y - da.Min.Y)
	if !(dataW > 0) || !(dataH > 0) {
		return
	}
	perPt := (pa.X.Max - pa.X.Min) / dataW
	var xs, ws []float64
	for _, e := range evs {
		xs = append(xs, e.e.TS-t0)
		ws = append(ws, float64(sty.Rectangle(e.name).Size().X)*perPt)
	}
	places := placeLabels(xs, ws, pa.X.Max, 4*perPt)
	rows := 0
	for _, pl := range places {
		rows = max(rows, pl.row+1)
	}
	lineH := float64(sty.Rectangle("Mg").Size().Y) * 1.2
	// room for the rows above the highest curve
	frac := math.Min(0.5, float64(rows)*lineH/dataH)
	pa.Y.Max += (pa.Y.Max - pa.Y.Min) * frac / (1 - frac)
	for i := range evs {
		for _, pl := range []*plot.Plot{pa, pv} {
			l, err := plotter.NewLine(plotter.XYs{{X: xs[i], Y: pl.Y.Min}, {X: xs[i], Y: pl.Y.Max}})
			if err != nil {
				continue
			}
			l.Color = color.RGBA{R: 0, G: 140, B: 0, A: 255}
			l.Dashes = []vg.Length{vg.Points(2), vg.Points(2)}
			pl.Add(l)
		}
		lb := lbs[i]
		lb.XYs[0] = plotter.XY{X: places[i].left, Y: pa.Y.Max}
		lb.Offset = vg.Point{X: vg.Points(1), Y: -vg.Length(float64(places[i].row) * lineH)}
		pa.Add(lb)
	}
}

// plainTicks are gonum's default ticks labelled with the fewest digits that
// tell them apart ("100", not "100.00").
type plainTicks struct{}

// Ticks implements plot.Ticker.
func (plainTicks) Ticks(lo, hi float64) []plot.Tick {
	ts := plot.DefaultTicks{}.Ticks(lo, hi)
	for i := range ts {
		if ts[i].Label != "" {
			ts[i].Label = strconv.FormatFloat(ts[i].Value, 'f', -1, 64)
		}
	}
	return ts
}
