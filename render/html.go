package render

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"strings"

	"halo/brief"
	"halo/plan"
)

// PlanHTML writes one self-contained page (no network): the verdict and checks,
// a map sketch of the drop zone in metres from the target (target circle, jump
// run, green light, release point, each jumper's path), altitude and speed plots
// against time, the timeline and the assumptions.
func PlanHTML(w io.Writer, bf *brief.Briefing) error {
	p := bf.Plan
	g, err := PlanGeometry(p)
	if err != nil {
		return err
	}
	var text strings.Builder
	if err := PlanText(&text, bf); err != nil {
		return err
	}
	data := map[string]any{
		"P":     p,
		"Map":   template.HTML(mapSVG(g)),
		"Alt":   template.HTML(seriesSVG(p, "altitude MSL (m)", func(i int) ([]float64, []float64) { return series(p, i, 'z') })),
		"Speed": template.HTML(seriesSVG(p, "ground speed (m/s)", func(i int) ([]float64, []float64) { return series(p, i, 's') })),
		"Text":  text.String(),
	}
	return htmlPage.Execute(w, data)
}

var colors = []string{"#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"}

func series(p *plan.Plan, i int, what byte) (xs, ys []float64) {
	for _, s := range p.Traces[i] {
		xs = append(xs, s.T+p.Jumpers[i].ExitOffsetS)
		if what == 'z' {
			ys = append(ys, s.Z)
		} else {
			ys = append(ys, s.Speed)
		}
	}
	return
}

// mapSVG draws the drop zone north up with equal scales and a scale bar.
func mapSVG(g *Geometry) string {
	const W, H = 560.0, 560.0
	r := g.TargetRadiusM
	minE, maxE, minN, maxN := -r, r, -r, r
	grow := func(e, n float64) {
		minE, maxE, minN, maxN = math.Min(minE, e), math.Max(maxE, e), math.Min(minN, n), math.Max(maxN, n)
	}
	for _, path := range g.Paths {
		for _, s := range path.Points {
			grow(s.E, s.N)
		}
	}
	for _, q := range g.JumpRun {
		grow(q.E, q.N)
	}
	if c := g.Canopy; c != nil {
		for _, q := range append(append([]Point{}, c.Footprint...), c.ReserveFootprint...) {
			grow(q.E, q.N)
		}
	}
	span := math.Max(maxE-minE, maxN-minN) * 1.1
	ce, cn := (minE+maxE)/2, (minN+maxN)/2
	sc := W / span
	x := func(e float64) float64 { return W/2 + (e-ce)*sc }
	y := func(n float64) float64 { return H/2 - (n-cn)*sc }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" style="background:#f7f7f2;border:1px solid #ccc">`, W, H, W, H)
	var run []string
	for _, q := range g.JumpRun {
		run = append(run, fmt.Sprintf("%.1f,%.1f", x(q.E), y(q.N)))
	}
	fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="#888" stroke-width="2" stroke-dasharray="6 4"><title>jump run</title></polyline>`, strings.Join(run, " "))
	rp, gl := g.ReleasePoint, g.GreenLight
	fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#2a2" stroke-width="6" opacity="0.6"><title>green light %.0f s</title></line>`,
		x(gl[0].E), y(gl[0].N), x(gl[1].E), y(gl[1].N), g.GreenLightS)
	for i, path := range g.Paths {
		var pts []string
		for _, s := range path.Points {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(s.E), y(s.N)))
		}
		fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="1.5"><title>%s</title></polyline>`, strings.Join(pts, " "), colors[i%len(colors)], template.HTMLEscapeString(path.Name))
	}
	canopySVG(&b, g.Canopy, x, y)
	fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="%.1f" fill="none" stroke="#000"><title>target</title></circle><circle cx="%.1f" cy="%.1f" r="3" fill="#000"/>`, x(0), y(0), math.Max(2, r*sc), x(0), y(0))
	fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="8" height="8" fill="#2a2"><title>release point</title></rect>`, x(rp.E)-4, y(rp.N)-4)
	// scale bar: a round number near a fifth of the width
	bar := math.Pow(10, math.Floor(math.Log10(span/5)))
	fmt.Fprintf(&b, `<line x1="20" y1="%.0f" x2="%.1f" y2="%.0f" stroke="#000" stroke-width="3"/><text x="20" y="%.0f" font-size="12">%.0f m</text>`, H-20, 20+bar*sc, H-20, H-26, bar)
	fmt.Fprintf(&b, `<text x="%.0f" y="20" font-size="14">N ↑</text></svg>`, W-40)
	return b.String()
}

// canopySVG draws the canopy plan on the map: the canopy's reach from the
// opening point (dashed blue), the landing pattern (black), the opening point,
// the reserve's reach from the cut-away point (dashed orange) and where the
// reserve lands, and the alternate landing areas (green: reached from the
// opening, red: not). Nothing when the plan has no canopy plan.
func canopySVG(b *strings.Builder, c *CanopyGeometry, x, y func(float64) float64) {
	if c == nil {
		return
	}
	pts := func(qs []Point) string {
		out := make([]string, len(qs))
		for i, q := range qs {
			out[i] = fmt.Sprintf("%.1f,%.1f", x(q.E), y(q.N))
		}
		return strings.Join(out, " ")
	}
	dot := func(q Point, color, title string) {
		fmt.Fprintf(b, `<circle cx="%.1f" cy="%.1f" r="4" fill="#fff" stroke="%s" stroke-width="2"><title>%s</title></circle>`, x(q.E), y(q.N), color, template.HTMLEscapeString(title))
	}
	if len(c.Footprint) > 2 {
		fmt.Fprintf(b, `<polygon class="canopy-reach" points="%s" fill="none" stroke="#0b6fa4" stroke-dasharray="5 4"><title>where the canopy can land from the opening point</title></polygon>`, pts(c.Footprint))
	}
	if len(c.Pattern) > 1 {
		fmt.Fprintf(b, `<polyline class="pattern" points="%s" fill="none" stroke="#222" stroke-width="2"><title>landing pattern: downwind, base, final</title></polyline>`, pts(c.Pattern))
	}
	dot(c.Opening, "#0b6fa4", fmt.Sprintf("opening point, %.0f ft AGL", c.OpeningAGLM/0.3048))
	if c.HasCutAway {
		if len(c.ReserveFootprint) > 2 {
			fmt.Fprintf(b, `<polygon class="reserve-reach" points="%s" fill="none" stroke="#c2410c" stroke-dasharray="5 4"><title>where the reserve can land from the cut-away</title></polygon>`, pts(c.ReserveFootprint))
		}
		dot(c.ReserveLanding, "#c2410c", "the reserve lands here flown hands off")
	}
	for _, a := range c.Alternates {
		color, reach := "#b00020", "not reached"
		if a.Reachable {
			color, reach = "#17702f", "reached"
		}
		dot(a.At, color, "alternate landing area "+a.Name+": "+reach+" from the opening")
	}
}

// seriesSVG plots one quantity against time for every jumper.
func seriesSVG(p *plan.Plan, label string, f func(i int) ([]float64, []float64)) string {
	const W, H, L, B = 560.0, 260.0, 60.0, 30.0
	tmax, ymin, ymax := 1.0, math.Inf(1), math.Inf(-1)
	for i := range p.Traces {
		xs, ys := f(i)
		for k := range xs {
			tmax = math.Max(tmax, xs[k])
			ymin, ymax = math.Min(ymin, ys[k]), math.Max(ymax, ys[k])
		}
	}
	if !(ymax > ymin) {
		ymin, ymax = 0, 1
	}
	ymin = math.Min(0, ymin)
	x := func(t float64) float64 { return L + t/tmax*(W-L-10) }
	y := func(v float64) float64 { return H - B - (v-ymin)/(ymax-ymin)*(H-B-10) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" style="background:#fff;border:1px solid #ccc">`, W, H)
	fmt.Fprintf(&b, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#000"/><line x1="%.0f" y1="10" x2="%.0f" y2="%.0f" stroke="#000"/>`, L, H-B, W-10, H-B, L, L, H-B)
	fmt.Fprintf(&b, `<text x="%.0f" y="%.0f" font-size="11">time from the green light (s), 0 .. %.0f</text><text x="4" y="12" font-size="11">%s, %.0f .. %.0f</text>`, L, H-8, tmax, label, ymin, ymax)
	for i := range p.Traces {
		xs, ys := f(i)
		var pts []string
		for k := range xs {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(xs[k]), y(ys[k])))
		}
		fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="1.5"><title>%s</title></polyline>`, strings.Join(pts, " "), colors[i%len(colors)], template.HTMLEscapeString(p.Jumpers[i].Name))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

var htmlPage = template.Must(template.New("plan").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>halo plan {{.P.Mission}}: {{.P.Verdict}}</title>
<style>body{font-family:sans-serif;margin:1em}.go{color:#070}.no-go{color:#b00;font-weight:bold}.caution{color:#a60}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;font-size:13px}pre{font-size:12px;background:#f4f4f4;padding:8px}</style></head>
<body><h1>{{.P.Mission}}: <span class="{{if eq .P.Verdict "GO"}}go{{else}}no-go{{end}}" id="verdict">{{.P.Verdict}}</span></h1>
<p id="planner">planned by {{.P.Planner}}</p>
<p>Release point {{printf "%.5f" .P.ReleasePoint.Lat}}, {{printf "%.5f" .P.ReleasePoint.Lon}};
jump run {{printf "%03.0f" .P.JumpRun.HeadingDeg}}° at {{printf "%.1f" .P.JumpRun.GroundSpeedMps}} m/s ground speed;
green light {{printf "%.0f" .P.GreenLight.DurationS}} s.</p>
<div style="display:flex;flex-wrap:wrap;gap:12px"><div><h3>Map (metres from the target, north up)</h3>{{.Map}}</div>
<div><h3>Altitude</h3>{{.Alt}}<h3>Speed</h3>{{.Speed}}</div></div>
<h2>Checks</h2><table><tr><th>check</th><th>status</th><th>value</th><th>limit</th><th>source</th></tr>
{{range .P.Checks}}<tr><td>{{.Name}}</td><td class="{{.Status}}">{{.Status}}</td><td>{{.Value}}</td><td>{{.Limit}}</td><td>{{.Source}}</td></tr>{{end}}</table>
<h2>Briefing</h2><pre>{{.Text}}</pre></body></html>
`))
