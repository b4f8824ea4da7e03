package render

import (
	"html/template"
	"io"

	"halo/brief"
	"halo/check"
	"halo/plan"
)

// BriefPage writes the one-page brief a jumpmaster hands out before boarding
// (`halo plan --format brief`): the verdict and its reasons, the map, the HARP
// work sheet, the pilot's brief, the stick and the checks that are not GO, laid
// out to print on one A4 or Letter page (print CSS: 10 mm margins, small type,
// no page breaks inside a section). Self-contained, no network.
func BriefPage(w io.Writer, bf *brief.Briefing) error {
	p := bf.Plan
	g, err := PlanGeometry(p)
	if err != nil {
		return err
	}
	var open []check.Check
	for _, c := range p.Checks {
		if c.Status != check.Go {
			open = append(open, c)
		}
	}
	return onePage.Execute(w, map[string]any{"P": p, "B": bf, "Map": template.HTML(mapSVG(g)), "Open": open})
}

var onePage = template.Must(template.New("brief").Funcs(template.FuncMap{"mgrs": func(lat, lon float64) string { return plan.MGRSOf(plan.LatLon{Lat: lat, Lon: lon}) }, "pct": func(f float64) float64 { return 100 * f }}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.P.Mission}}: {{.P.Verdict}}</title>
<style>
@page{size:auto;margin:10mm}
body{font-family:sans-serif;font-size:9pt;margin:0}
h1{font-size:14pt;margin:0 0 4px}h2{font-size:10pt;margin:6px 0 2px;border-bottom:1px solid #999}
.go{color:#070}.no-go{color:#b00;font-weight:bold}.caution{color:#a60;font-weight:bold}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:6px}
section{break-inside:avoid}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:1px 3px;font-size:8pt;text-align:left}
pre{font-size:7.5pt;margin:0;white-space:pre-wrap}
svg{width:100%;height:auto;max-height:90mm}
@media print{body{font-size:8pt}}
</style></head><body>
<h1>{{.P.Mission}} — <span id="verdict" class="{{if eq .P.Verdict "GO"}}go{{else}}no-go{{end}}">{{.P.Verdict}}</span>{{with .B.WindsTrust}} <small id="winds-trust">winds trust: {{.Grade}} ({{.Detail}})</small>{{end}}</h1>
<p id="planner">planned by {{.P.Planner}}</p>
{{with .P.Reasons}}<section id="reasons"><pre>{{range .}}{{.}}
{{end}}</pre></section>{{end}}
<div class="cols">
<section id="map"><h2>Map (m from the DIP, north up)</h2>{{.Map}}</section>
<section id="harp"><h2>HARP work sheet (ATP 3-18.11)</h2><pre>{{range .P.HandMethod.Sheet}}{{.}}
{{end}}release point (simulator) {{printf "%.5f, %.5f" .P.ReleasePoint.Lat .P.ReleasePoint.Lon}} (MGRS {{mgrs .P.ReleasePoint.Lat .P.ReleasePoint.Lon}}): {{printf "%.0f" .P.HandMethod.DifferenceM}} m from the HARP</pre></section>
<section id="pilot"><h2>Pilot's brief</h2><pre>{{range .P.Pilot.Lines}}{{.}}
{{end}}</pre></section>
<section id="stick"><h2>Stick</h2>{{if .P.Stick.Slots}}<table><tr><th>group</th><th>jumpers</th><th>exit</th><th>over the ground</th><th>rule</th></tr>
{{range .P.Stick.Slots}}<tr><td>{{.Name}} ({{.Kind}})</td><td>{{len .Members}}</td><td>{{printf "%+.1f s" .ExitS}}</td><td>{{if .IntervalS}}{{printf "%.0f m (needs %.0f m)" .GroundSepM .NeedM}}{{else}}first out{{end}}</td><td>{{.Rule}}</td></tr>{{end}}</table>
{{else}}<table><tr><th>jumper</th><th>exit</th><th>free fall</th><th>open AGL</th><th>landing miss</th></tr>
{{range .P.Jumpers}}<tr><td>{{.Name}}</td><td>{{printf "%+.1f s" .ExitOffsetS}}</td><td>{{printf "%.0f s" .FreefallS}}</td><td>{{printf "%.0f m" .OpenAltAGLM}}</td><td>{{printf "%.0f m" .LandingErrorM}}</td></tr>{{end}}</table>{{end}}
{{with .B.Odds}}<p>odds: {{.N}} Monte Carlo runs per jumper (seed {{.Seed}}){{if gt (len .Jumpers) 1}}; {{printf "%.1f" (pct .PSeparationViolation)}} % of runs with two jumpers too close{{end}}</p>{{end}}</section>
</div>
<section id="checks"><h2>Checks that are not GO</h2>{{if .Open}}<table><tr><th>check</th><th>status</th><th>value</th><th>limit</th></tr>
{{range .Open}}<tr><td>{{.Name}}</td><td class="{{.Status}}">{{.Status}}</td><td>{{.Value}}</td><td>{{.Limit}}</td></tr>{{end}}</table>{{else}}<p>every check is GO</p>{{end}}</section>
</body></html>
`))
