package mission

import (
	"strings"

	"github.com/goccy/go-yaml/ast"

	"halo/wind/openmeteo"
)

// WindsFetch is winds.fetch: the planner asks a forecast service for the winds at
// plan time (the CLI fetches, or reads its cache offline, and passes the profile
// in; the mission itself holds no winds).
type WindsFetch struct {
	Source string // "open-meteo", the only service so far
	// Models are halo's model names (gfs, icon, ecmwf, best) in the order given;
	// the plan flies the first, the others are compared with it and their spread
	// feeds the odds' wind uncertainty. "all" lists every model.
	Models []string
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
			if f.Source != "open-meteo" {
				d.errf(n, p, "%q: the only forecast service is open-meteo", f.Source)
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
		d.errf(n, p+".source", "missing: give source: open-meteo")
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
