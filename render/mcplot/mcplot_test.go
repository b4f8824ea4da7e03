package mcplot

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"halo/mission"
	"halo/montecarlo"
	"halo/plan"
)

func result(t *testing.T) (*plan.Plan, *montecarlo.Result) {
	t.Helper()
	m, err := mission.Default()
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Solve(plan.Inputs{Mission: m})
	if err != nil {
		t.Fatal(err)
	}
	r, err := montecarlo.Run(context.Background(), p, m, montecarlo.Options{N: 300, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	return p, r
}

func TestWritePNGAndSVG(t *testing.T) {
	p, r := result(t)
	var b bytes.Buffer
	if err := Write(&b, "png", p, r); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&b)
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if s := img.Bounds().Size(); s.X != 840 || s.Y != 840 {
		t.Errorf("PNG %v, want 840×840 (7 in at 120 dpi)", s)
	}
	b.Reset()
	if err := Write(&b, "svg", p, r); err != nil {
		t.Fatal(err)
	}
	svg := b.String()
	for _, want := range []string{"<svg", "target circle", "talent: landings", "camera: 95 % ellipse", "(full axes)", "mean point of impact", " m</text>", "north up"} {
		if !strings.Contains(svg, want) {
			t.Errorf("SVG has no %q", want)
		}
	}
}

func TestWriteErrors(t *testing.T) {
	p, r := result(t)
	if err := Write(&bytes.Buffer{}, "pdf", p, r); err == nil || !strings.Contains(err.Error(), "png or svg") {
		t.Errorf("pdf: %v", err)
	}
	noPts := *r
	noPts.Landings = nil
	if err := Write(&bytes.Buffer{}, "png", p, &noPts); err == nil || !strings.Contains(err.Error(), "landing") {
		t.Errorf("no landing points: %v", err)
	}
	if err := Write(&bytes.Buffer{}, "png", nil, r); err == nil {
		t.Error("no plan: no error")
	}
}

// A metre is as long east as north in the data area.
func TestEqualScales(t *testing.T) {
	p, r := result(t)
	pic, err := build(p, r)
	if err != nil {
		t.Fatal(err)
	}
	dc := draw.New(vgimg.New(Size, Size*3/4)) // not square: the ranges must adapt
	equalScales(pic.Plot, dc)
	da := pic.DataCanvas(dc)
	sx := (pic.X.Max - pic.X.Min) / float64(da.Max.X-da.Min.X)
	sy := (pic.Y.Max - pic.Y.Min) / float64(da.Max.Y-da.Min.Y)
	if math.Abs(sx/sy-1) > 0.002 {
		t.Errorf("m per point: east %.5f, north %.5f", sx, sy)
	}
	if !(pic.X.Min < -r.TargetRadiusM && pic.X.Max > r.TargetRadiusM) {
		t.Errorf("frame %v..%v does not hold the target circle", pic.X.Min, pic.X.Max)
	}
}

func TestEllipseAndScaleBar(t *testing.T) {
	e := montecarlo.Ellipse{MajorM: 10, MinorM: 4, BearingDeg: 90}
	pts := ellipsePts(1, 2, e)
	if math.Abs(pts[0].X-11) > 1e-9 || math.Abs(pts[0].Y-2) > 1e-9 {
		t.Errorf("major axis at bearing 90°: first point %v, want (11, 2)", pts[0])
	}
	e.BearingDeg = 0
	if q := ellipsePts(0, 0, e)[0]; math.Abs(q.X) > 1e-9 || math.Abs(q.Y-10) > 1e-9 {
		t.Errorf("major axis north: %v", q)
	}
	for _, c := range []struct{ in, want float64 }{{7, 5}, {23, 20}, {0.3, 0.2}, {100, 100}, {199, 100}} {
		if got := niceLength(c.in); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("niceLength(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

// The picture's words: ellipses given as full axes and said so, the same
// figure as the text (2 × the JSON's half axes); a thinned cloud says "1 run
// in N drawn" in words.
func TestPictureWords(t *testing.T) {
	p, r := result(t)
	for i := range r.Landings { // 300 runs each, repeated past MaxPoints in all
		one := r.Landings[i]
		for len(r.Landings[i]) <= MaxPoints/len(r.Landings) {
			r.Landings[i] = append(r.Landings[i], one...)
		}
	}
	var b bytes.Buffer
	if err := Write(&b, "svg", p, r); err != nil {
		t.Fatal(err)
	}
	svg := b.String()
	e := r.Jumpers[0].Ellipse95
	want := []string{
		"1 run in 2 drawn",
		r.Jumpers[0].Name + ": 95 % ellipse, " + strings.ReplaceAll(fmt.Sprintf("%.0f × %.0f m", 2*e.MajorM, 2*e.MinorM), " ", "&#160;"),
	}
	for _, w := range want {
		if !strings.Contains(svg, w) && !strings.Contains(svg, strings.ReplaceAll(w, "&#160;", " ")) {
			t.Errorf("SVG has no %q", w)
		}
	}
	if strings.Contains(svg, ". run drawn") {
		t.Error("the thinning note is not in words")
	}
}
