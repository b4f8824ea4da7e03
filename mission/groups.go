package mission

import (
	"halo/units"
	"strings"

	"github.com/goccy/go-yaml/ast"
)

// groups decodes `groups:`, a list of {name, members: [jumper names]}.
func (d *decoder) groups(n ast.Node, p string) ([]Group, []ast.Node) {
	var gs []Group
	var nodes []ast.Node
	for i, gn := range d.seq(n, p) {
		gp := indexPath(p, i)
		g := Group{}
		d.fields(gn, gp, map[string]func(ast.Node, string){
			"name": func(n ast.Node, p string) { d.str(n, p, &g.Name) },
			"members": func(n ast.Node, p string) {
				for k, mn := range d.seq(n, p) {
					var s string
					d.str(mn, indexPath(p, k), &s)
					if s != "" {
						g.Members = append(g.Members, s)
					}
				}
			},
		})
		if g.Name == "" && !d.hasErrAt(gp+".name") {
			d.errf(gn, gp+".name", "missing: name the group (e.g. belly-8)")
		}
		if len(g.Members) == 0 && !d.hasErrAt(gp+".members") {
			d.errf(gn, gp+".members", "missing: list the names of the jumpers who exit together, e.g. [a1, a2]")
		}
		gs = append(gs, g)
		nodes = append(nodes, gn)
	}
	return gs, nodes
}

// groupRefs checks that every member is a jumper of the mission, in one group
// only, and that group names differ.
func (d *decoder) groupRefs(m *Mission, nodes []ast.Node) {
	jumpers := map[string]bool{}
	for _, j := range m.Jumpers {
		jumpers[j.Name] = true
	}
	in := map[string]string{}
	names := map[string]bool{}
	for i, g := range m.Groups {
		gp := indexPath("groups", i)
		if g.Name != "" && names[g.Name] {
			d.errAt(nodes[i], gp+".name", "%q is used by two groups; names must differ", g.Name)
		}
		names[g.Name] = true
		for k, name := range g.Members {
			mp := indexPath(gp+".members", k)
			switch {
			case !jumpers[name]:
				d.errAt(nodes[i], mp, "%q is not a jumper of this mission: list it under jumpers (by name) first", name)
			case in[name] != "":
				d.errAt(nodes[i], mp, "%q is already in group %q: a jumper exits with one group", name, in[name])
			default:
				in[name] = g.Name
			}
		}
	}
}

// unitsKey decodes `units: {distance, altitude, speed}`.
func (d *decoder) unitsKey(n ast.Node, p string, u *Units) {
	one := func(dst *string, field string) func(ast.Node, string) {
		return func(n ast.Node, p string) {
			s, ok := d.scalar(n, p)
			if !ok {
				return
			}
			c, err := units.LeadUnit(field, s)
			if err != nil {
				d.errf(n, p, "%q: use %s", s, strings.Join(units.LeadChoices()[field], ", "))
				return
			}
			*dst = c
		}
	}
	d.fields(n, p, map[string]func(ast.Node, string){
		"distance": one(&u.Distance, "distance"),
		"altitude": one(&u.Altitude, "altitude"),
		"speed":    one(&u.Speed, "speed"),
	})
}
