package mission

import (
	"strings"

	"github.com/goccy/go-yaml/ast"

	"halo/units"
	"halo/wind/openmeteo"
)

// WindsFetch is winds.fetch: the planner asks a forecast service for the winds at
// plan time (the CLI fetches, or reads its cache offline, and passes the profile
// in; the mission itself holds no winds).
type WindsFetch struct {
	Source string // "open-meteo" (model forecasts) or "nws-fb" (NWS FB winds-aloft bulletins)
	// Models are halo's model names (gfs, icon, ecmwf, best) in the order given;
	// the plan flies the first, the others are compared with it and their spread
	// feeds the odds' wind uncertainty. "all" lists every model. open-meteo only.
	Models []string
	// Station, Region and Forecast (hours: 6, 12 or 24) pick an FB bulletin's
	// station (nws-fb only; region default us, forecast default 6 h).
	Station, Region string
	Forecast        int
}

// windsFetch decodes winds.fetch: {source: open-meteo, model: gfs | all} or
// {source: open-meteo, models: [gfs, icon]}.
func (d *decoder) windsFetch(n ast.Node, p string) *WindsFetch {
	f := &WindsFetch{}
	var model string
	var seen bool
	d.fields(n, p, map[string]func(ast.Node, string){
		"source": func(n ast.Node, p string) {
			d.str(n, p, &f.Source)
			if f.Source != "open-meteo" && f.Source != "nws-fb" {
				d.errf(n, p, "%q: use open-meteo (model forecasts) or nws-fb (FB winds-aloft bulletins)", f.Source)
			}
		},
		"station": func(n ast.Node, p string) { d.str(n, p, &f.Station) },
		"region":  func(n ast.Node, p string) { d.str(n, p, &f.Region) },
		"forecast": func(n ast.Node, p string) {
			var h float64
			if d.quantity(n, p, units.Duration, 6*3600, 24*3600, &h) {
				f.Forecast = int(h / 3600)
				if h != 6*3600 && h != 12*3600 && h != 24*3600 {
					d.errf(n, p, "an FB bulletin is for 6, 12 or 24 h")
				}
			}
		},
		"model": func(n ast.Node, p string) {
			seen = true
			d.str(n, p, &model)
			f.Models = d.fetchModels(n, p, []string{model})
		},
		"models": func(n ast.Node, p string) {
			seen = true
			var names []string
			for i, mn := range d.seq(n, p) {
				var s string
				d.str(mn, indexPath(p, i), &s)
				names = append(names, s)
			}
			f.Models = d.fetchModels(n, p, names)
		},
	})
	if f.Source == "" && !d.hasErrAt(p+".source") {
		d.errf(n, p+".source", "missing: give source: open-meteo or nws-fb")
	}
	if f.Source == "nws-fb" {
		d.fbFetch(n, p, f, seen)
		return f
	}
	if f.Station != "" || f.Region != "" || f.Forecast != 0 {
		d.errf(n, p, "station, region and forecast pick an FB bulletin: give source: nws-fb, or leave them out")
	}
	if !seen {
		f.Models = []string{"gfs"}
		d.assume("winds.fetch.model: gfs (NOAA GFS through Open-Meteo)")
	}
	return f
}

// fetchModels checks model names and expands "all"; duplicates are errors.
func (d *decoder) fetchModels(n ast.Node, p string, names []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range names {
		if strings.EqualFold(s, "all") {
			for _, m := range openmeteo.Models() {
				if !seen[m.Name] {
					out, seen[m.Name] = append(out, m.Name), true
				}
			}
			continue
		}
		m, err := openmeteo.LookupModel(s)
		if err != nil {
			d.errf(n, p, "%v", err)
			continue
		}
		if seen[m.Name] {
			d.errf(n, p, "%q is listed twice", s)
			continue
		}
		out, seen[m.Name] = append(out, m.Name), true
	}
	if len(out) == 0 && !d.hasErrAt(p) {
		d.errf(n, p, "no model: give gfs, icon, ecmwf, best or all")
	}
	return out
}

// fbFetch checks an nws-fb fetch: a station, no model; region us and a 6-h
// forecast by default.
func (d *decoder) fbFetch(n ast.Node, p string, f *WindsFetch, model bool) {
	if model {
		d.errf(n, p, "an FB bulletin has no model: leave model out for nws-fb")
	}
	if f.Station == "" {
		d.errf(n, p+".station", "missing: name the FB station (e.g. DEN)")
	}
	if f.Region == "" {
		f.Region = "us"
		d.assume("winds.fetch.region: us (the contiguous US FB bulletin)")
	}
	if f.Forecast == 0 {
		f.Forecast = 6
		d.assume("winds.fetch.forecast: 6 h (the FB bulletin for the next 6 hours)")
	}
	f.Models = nil
}
