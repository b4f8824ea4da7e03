// Package mcplot draws a Monte Carlo result: each jumper's landing points around
// the target circle with their 50 % and 95 % dispersion ellipses and mean points of
// impact, north up, with equal scales on both axes, a scale bar and a legend.
// Coordinates are metres east and north of the target.
package mcplot

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"halo/montecarlo"
	"halo/plan"
	"halo/render"
)

// MaxPoints is the largest number of landing points drawn; above it every k-th
// run is drawn (the same runs for every jumper) and the caption says so.
const MaxPoints = 20000

// Size is the picture's width and height.
const Size = 7 * vg.Inch

var palette = []color.RGBA{
	{0x1f, 0x77, 0xb4, 0xff}, {0xd6, 0x27, 0x28, 0xff}, {0x2c, 0xa0, 0x2c, 0xff}, {0x94, 0x67, 0xbd, 0xff},
	{0xff, 0x7f, 0x0e, 0xff}, {0x8c, 0x56, 0x4b, 0xff}, {0xe3, 0x77, 0xc2, 0xff}, {0x17, 0xbe, 0xcf, 0xff},
}

// Write draws res (from p) as "png" or "svg" to w.
func Write(w io.Writer, format string, p *plan.Plan, res *montecarlo.Result) error {
	if format != "png" && format != "svg" {
		return fmt.Errorf("mcplot: format %q: use png or svg", format)
	}
	if p == nil || res == nil {
		return errors.New("mcplot: no plan or no result")
	}
	if len(res.Landings) != len(res.Jumpers) {
		return fmt.Errorf("mcplot: %d landing sets for %d jumpers (a result read back from JSON has no landing points)", len(res.Landings), len(res.Jumpers))
	}
	pl, err := build(p, res)
	if err != nil {
		return err
	}
	var c vg.CanvasWriterTo
	if format == "png" {
		c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(Size, Size), vgimg.UseDPI(120))}
	} else {
		c = vgsvg.New(Size, Size)
	}
	dc := draw.New(c)
	equalScales(pl.Plot, dc)
	pl.addScaleBar()
	pl.Draw(dc)
	if _, err := c.WriteTo(w); err != nil {
		return fmt.Errorf("mcplot: writing %s: %w", format, err)
	}
	return nil
}

type picture struct {
	*plot.Plot
}

// build adds everything but the scale bar (placed once the ranges are final).
func build(p *plan.Plan, res *montecarlo.Result) (*picture, error) {
	pl := plot.New()
	pic := &picture{pl}
	nRuns := 0
	if len(res.Landings) > 0 {
		nRuns = len(res.Landings[0])
	}
	step := 1
	if tot := nRuns * len(res.Landings); tot > MaxPoints {
		step = (tot + MaxPoints - 1) / MaxPoints
	}
	pl.Title.Text = fmt.Sprintf("%s: %d simulated jumps per jumper, landing in target %.1f %%", p.Mission, res.N, 100*res.Overall.PInTarget)
	pl.X.Label.Text = "east of target (m)"
	pl.Y.Label.Text = "north of target (m)   ↑ N"
	pl.Legend.Top, pl.Legend.Left = true, true
	pl.Legend.ThumbnailWidth = vg.Points(18)
	pl.Add(plotter.NewGrid())

	// frame: target circle, 95 % ellipses and most of the points
	r := res.TargetRadiusM
	lo, hi := [2]float64{-r, -r}, [2]float64{r, r}
	grow := func(e, n float64) {
		lo[0], hi[0] = math.Min(lo[0], e), math.Max(hi[0], e)
		lo[1], hi[1] = math.Min(lo[1], n), math.Max(hi[1], n)
	}
	var es, ns []float64
	for _, pts := range res.Landings {
		for i := 0; i < len(pts); i += step {
			es, ns = append(es, pts[i][0]), append(ns, pts[i][1])
		}
	}
	if len(es) > 0 {
		// the central 99 % of the points (outliers are counted in the caption)
		slices.Sort(es)
		slices.Sort(ns)
		grow(montecarlo.Quantile(es, 0.005), montecarlo.Quantile(ns, 0.005))
		grow(montecarlo.Quantile(es, 0.995), montecarlo.Quantile(ns, 0.995))
	}
	for _, st := range res.Jumpers {
		for _, pt := range ellipsePts(st.MPI.E, st.MPI.N, st.Ellipse95) {
			grow(pt.X, pt.Y)
		}
	}
	cx, cy := (lo[0]+hi[0])/2, (lo[1]+hi[1])/2
	half := 1.08 * math.Max(hi[0]-lo[0], hi[1]-lo[1]) / 2
	pl.X.Min, pl.X.Max, pl.Y.Min, pl.Y.Max = cx-half, cx+half, cy-half, cy+half

	circle, err := plotter.NewLine(circlePts(0, 0, r))
	if err != nil {
		return nil, err
	}
	circle.Color, circle.Width = color.Black, vg.Points(1.5)
	pl.Add(circle)
	pl.Legend.Add(fmt.Sprintf("target circle (r = %.0f m)", r), circle)
	centre, err := plotter.NewScatter(plotter.XYs{{X: 0, Y: 0}})
	if err != nil {
		return nil, err
	}
	centre.GlyphStyle = draw.GlyphStyle{Color: color.Black, Radius: vg.Points(5), Shape: draw.PlusGlyph{}}
	pl.Add(centre)

	outside := 0
	for j, pts := range res.Landings {
		col := palette[j%len(palette)]
		var xy plotter.XYs
		for i := 0; i < len(pts); i += step {
			e, n := pts[i][0], pts[i][1]
			if e < pl.X.Min || e > pl.X.Max || n < pl.Y.Min || n > pl.Y.Max {
				outside++
				continue
			}
			xy = append(xy, plotter.XY{X: e, Y: n})
		}
		st := res.Jumpers[j]
		if len(xy) > 0 {
			sc, err := plotter.NewScatter(xy)
			if err != nil {
				return nil, err
			}
			light := color.NRGBA{R: col.R, G: col.G, B: col.B, A: 0x90}
			sc.GlyphStyle = draw.GlyphStyle{Color: light, Radius: vg.Points(1.2), Shape: draw.CircleGlyph{}}
			pl.Add(sc)
			pl.Legend.Add(fmt.Sprintf("%s: landings (%.1f %% in, CEP %.0f m)", st.Name, 100*st.PInTarget, st.CEPM), sc)
		}
		for k, e := range []montecarlo.Ellipse{st.Ellipse50, st.Ellipse95} {
			ln, err := plotter.NewLine(ellipsePts(st.MPI.E, st.MPI.N, e))
			if err != nil {
				return nil, err
			}
			ln.Color, ln.Width = col, vg.Points(1.5)
			if k == 0 {
				ln.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
				pl.Legend.Add(fmt.Sprintf("%s: 50 %% ellipse, %s (full axes)", st.Name, render.EllipseSize(e)), ln)
			} else {
				pl.Legend.Add(fmt.Sprintf("%s: 95 %% ellipse, %s (full axes)", st.Name, render.EllipseSize(e)), ln)
			}
			pl.Add(ln)
		}
		mpi, err := plotter.NewScatter(plotter.XYs{{X: st.MPI.E, Y: st.MPI.N}})
		if err != nil {
			return nil, err
		}
		mpi.GlyphStyle = draw.GlyphStyle{Color: col, Radius: vg.Points(5), Shape: draw.CrossGlyph{}}
		pl.Add(mpi)
		pl.Legend.Add(st.Name+": mean point of impact", mpi)
	}
	note := "north up, equal scales; ellipses assume a normal spread about the mean point of impact"
	var more []string
	if step > 1 {
		more = append(more, fmt.Sprintf("1 run in %d drawn", step))
	}
	if outside > 0 {
		more = append(more, fmt.Sprintf("%d outlying points (beyond the central 99 %%) not drawn", outside))
	}
	if len(more) > 0 {
		note += "\n" + strings.Join(more, "; ")
	}
	// room for the legend above the data (top left)
	lines := float64(1 + 5*len(res.Jumpers))
	if f := math.Min(0.5, lines*16/float64(Size.Points())); f > 0 {
		pl.Y.Max += (pl.Y.Max - pl.Y.Min) * f / (1 - f)
	}
	pl.X.Label.Text += "\n" + note
	return pic, nil
}

// equalScales widens one axis range so that a metre is as long on both axes in
// the data area of dc (iterated: tick labels change the data area a little).
func equalScales(pl *plot.Plot, dc draw.Canvas) {
	for range 10 {
		da := pl.DataCanvas(dc)
		w, h := float64(da.Max.X-da.Min.X), float64(da.Max.Y-da.Min.Y)
		if w <= 0 || h <= 0 {
			return
		}
		sx, sy := (pl.X.Max-pl.X.Min)/w, (pl.Y.Max-pl.Y.Min)/h // m per point
		s := math.Max(sx, sy)
		cx, cy := (pl.X.Min+pl.X.Max)/2, (pl.Y.Min+pl.Y.Max)/2
		pl.X.Min, pl.X.Max = cx-s*w/2, cx+s*w/2
		pl.Y.Min, pl.Y.Max = cy-s*h/2, cy+s*h/2
	}
}

// addScaleBar draws a round-length bar near the bottom right of the frame.
func (pic *picture) addScaleBar() {
	pl := pic.Plot
	span := pl.X.Max - pl.X.Min
	l := niceLength(span / 5)
	x1 := pl.X.Max - 0.05*span
	x0 := x1 - l
	y := pl.Y.Min + 0.06*(pl.Y.Max-pl.Y.Min)
	bar, err := plotter.NewLine(plotter.XYs{{X: x0, Y: y}, {X: x1, Y: y}})
	if err != nil {
		return
	}
	bar.Color, bar.Width = color.Black, vg.Points(3)
	pl.Add(bar)
	lab, err := plotter.NewLabels(plotter.XYLabels{XYs: plotter.XYs{{X: x0, Y: y}}, Labels: []string{fmt.Sprintf("%g m", l)}})
	if err != nil {
		return
	}
	lab.Offset = vg.Point{Y: vg.Points(6)}
	pl.Add(lab)
}

// niceLength rounds x down to 1, 2 or 5 × 10^k.
func niceLength(x float64) float64 {
	if !(x > 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{5, 2, 1} {
		if m*p <= x {
			return m * p
		}
	}
	return p
}

func circlePts(cx, cy, r float64) plotter.XYs {
	const n = 180
	xy := make(plotter.XYs, n+1)
	for i := range xy {
		s, c := math.Sincos(2 * math.Pi * float64(i) / n)
		xy[i] = plotter.XY{X: cx + r*c, Y: cy + r*s}
	}
	return xy
}

// ellipsePts traces an ellipse with semi-axes e.MajorM, e.MinorM whose major axis
// points at bearing e.BearingDeg (degrees true), centred on (cx, cy).
func ellipsePts(cx, cy float64, e montecarlo.Ellipse) plotter.XYs {
	const n = 180
	sb, cb := math.Sincos(e.BearingDeg * math.Pi / 180) // major axis: (east sb, north cb)
	xy := make(plotter.XYs, n+1)
	for i := range xy {
		s, c := math.Sincos(2 * math.Pi * float64(i) / n)
		a, b := e.MajorM*c, e.MinorM*s
		xy[i] = plotter.XY{X: cx + a*sb + b*cb, Y: cy + a*cb - b*sb}
	}
	return xy
}
