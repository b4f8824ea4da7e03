// Package airspace holds the areas an aircraft or a parachutist must not enter
// (a border, a restricted or prohibited area) and answers the planner's
// questions about them: is a point inside, how far is it from the boundary, does a
// jump run cross it, how close does a track come, and where does a track cross an
// edge.
//
// Polygons are given in geographic coordinates (degrees, GeoJSON order lon, lat;
// WGS84) and are read from GeoJSON by Read. All geometry is planar, in metres, in
// a local east-north-up frame (geo.Frame) around the drop zone: Project turns a
// Polygon into an Area in that frame. Edges follow RFC 7946 (straight in
// longitude/latitude); Project inserts vertices every 1 km along each edge so that
// the straight edges of the planar polygon stay within 0.1 m of that line up to
// 80° of latitude (a 1 km chord of a parallel sags by L²·tanφ/(8R): 2 cm at 45°).
// Polygons crossing the antimeridian work in Project (longitude steps take the
// short way) but Validate checks rings in the lon/lat plane, where such a ring
// looks like a band around the world: cut them at ±180° as RFC 7946 asks.
// Boundaries that the source defines as geodesics (great circles) between distant
// vertices differ from RFC 7946 edges by up to tens of metres per 50 km edge:
// densify them in the source if that matters.
//
// The frame is the tangent plane at its origin (the up component is dropped), so a
// point at ground distance d from the origin appears at R·sin(d/R): short by
// d³/(6R²), i.e. 0.1 m at 30 km, 0.5 m at 50 km, 4 m at 100 km. That errs on the
// side of reporting a far boundary closer than it is; keep the frame origin at the
// drop zone. Heights play no part: an Area is a vertical prism
// from the ground up (floors and ceilings are not modelled).
package airspace

import (
	"errors"
	"fmt"
	"math"
)

// Polygon is a forbidden area in geographic coordinates.
type Polygon struct {
	// Name identifies the area in messages (GeoJSON properties.name).
	Name string
	// Ring is the outer boundary: points [lon, lat] in degrees (WGS84), lon in
	// [-180, 180], lat in [-90, 90]; at least 3 distinct points; closed (last =
	// first) or not; either orientation.
	Ring [][2]float64
	// Holes are optional inner boundaries (allowed areas inside the polygon), same
	// conventions as Ring; each must lie inside Ring.
	Holes [][][2]float64
	// Source names where the polygon was read (a file path, a mission file), for
	// messages; "" when unknown. Read leaves it empty: the caller knows the path.
	Source string
	// Lines are the 1-based source lines of the points, ring by ring (Ring, then
	// each hole), parallel to the rings; nil, or 0 for a point, when unknown.
	Lines [][]int
}

// where locates point i (0-based, of the ring as given) of ring ri (0: the outer
// ring) for a message: "path:line: " when known, and "outer ring point N (lat
// φ, lon λ)" or "hole K point N (...)", points and holes counted from 1.
func (p Polygon) where(ri, i int) (prefix, point string) {
	r := p.Ring
	if ri > 0 {
		r = p.Holes[ri-1]
	}
	line := 0
	if ri < len(p.Lines) && i < len(p.Lines[ri]) {
		line = p.Lines[ri][i]
	}
	switch {
	case p.Source != "" && line > 0:
		prefix = fmt.Sprintf("%s:%d: ", p.Source, line)
	case p.Source != "":
		prefix = p.Source + ": "
	case line > 0:
		prefix = fmt.Sprintf("line %d: ", line)
	}
	return prefix, fmt.Sprintf("%s point %d (%s)", ringName(ri), i+1, latLon(r[i]))
}

// latLon writes a [lon, lat] point latitude first, both named.
func latLon(pt [2]float64) string { return fmt.Sprintf("lat %v, lon %v", pt[1], pt[0]) }

func ringName(ri int) string {
	if ri == 0 {
		return "outer ring"
	}
	return fmt.Sprintf("hole %d", ri)
}

// Validate reports the first problem that makes p unusable, naming the ring and
// point: fewer than 3 distinct points, a non-finite or out-of-range coordinate, a
// zero-area ring, a ring that crosses itself or another ring, or a hole outside
// the outer ring.
func (p Polygon) Validate() error {
	if err := p.validate(); err != nil {
		name := p.Name
		if name == "" {
			name = "(unnamed)"
		}
		prefix := ""
		var pe *pointError
		if errors.As(err, &pe) {
			prefix, _ = p.where(pe.ring, pe.point)
		} else if p.Source != "" {
			prefix = p.Source + ": "
		}
		return fmt.Errorf("%sairspace %q: %w", prefix, name, err)
	}
	return nil
}

// validate is Validate without the name prefix.
func (p Polygon) validate() error {
	rings := make([][][2]float64, 0, 1+len(p.Holes))
	for ri, r := range append([][][2]float64{p.Ring}, p.Holes...) {
		what := "outer ring"
		if ri > 0 {
			what = fmt.Sprintf("hole %d", ri)
		}
		c, err := cleanRing(r, true)
		if err != nil {
			var pe *pointError
			if errors.As(err, &pe) {
				pe.ring = ri
			}
			return fmt.Errorf("%s: %w", what, err)
		}
		rings = append(rings, c)
	}
	if err := checkCrossings(rings); err != nil {
		return err
	}
	if err := checkArea(rings); err != nil {
		return err
	}
	for hi, h := range rings[1:] {
		if !inRings(rings[:1], h[0][0], h[0][1]) {
			return fmt.Errorf("hole %d: point 1 (%s) is outside the outer ring; a hole must lie inside it", hi+1, latLon(h[0]))
		}
	}
	return nil
}

// cleanRing checks coordinates, drops the closing point and consecutive duplicates,
// and checks that at least 3 distinct points and a non-zero area remain.
// geographic selects [lon, lat] degree checks; otherwise points are finite metres.
func cleanRing(r [][2]float64, geographic bool) ([][2]float64, error) {
	out := make([][2]float64, 0, len(r))
	for i, pt := range r {
		lon, lat := pt[0], pt[1]
		if !geographic {
			if math.IsNaN(lon) || math.IsInf(lon, 0) || math.IsNaN(lat) || math.IsInf(lat, 0) {
				return nil, &pointError{point: i, msg: fmt.Sprintf("point %d (east %v, north %v): want finite metres", i+1, lon, lat)}
			}
		} else if math.IsNaN(lon) || math.IsInf(lon, 0) || lon < -180 || lon > 180 {
			return nil, &pointError{point: i, msg: fmt.Sprintf("point %d (%s): longitude %v: want [-180, 180] degrees (GeoJSON order is [lon, lat])", i+1, latLon(pt), lon)}
		}
		if geographic && (math.IsNaN(lat) || math.IsInf(lat, 0) || lat < -90 || lat > 90) {
			return nil, &pointError{point: i, msg: fmt.Sprintf("point %d (%s): latitude %v: want [-90, 90] degrees (GeoJSON order is [lon, lat])", i+1, latLon(pt), lat)}
		}
		if len(out) > 0 && out[len(out)-1] == pt {
			continue
		}
		out = append(out, pt)
	}
	if len(out) > 1 && out[0] == out[len(out)-1] {
		out = out[:len(out)-1]
	}
	distinct := map[[2]float64]bool{}
	for _, pt := range out {
		distinct[pt] = true
	}
	if len(distinct) < 3 {
		return nil, fmt.Errorf("%d distinct points: want at least 3", len(distinct))
	}
	return out, nil
}

// pointError is a problem at one point: point is its 0-based index in the ring as
// given, ring the ring's (0: outer), so that messages can name its source line.
type pointError struct {
	ring, point int
	msg         string
}

func (e *pointError) Error() string { return e.msg }

// checkArea reports a ring of zero area (run after checkCrossings, which catches
// bow ties whose signed areas cancel).
func checkArea(rings [][][2]float64) error {
	for ri, r := range rings {
		if area2(r) == 0 {
			if ri == 0 {
				return errors.New("outer ring: zero area (all points on one line)")
			}
			return fmt.Errorf("hole %d: zero area (all points on one line)", ri)
		}
	}
	return nil
}

// area2 is twice the signed shoelace area of a ring in its own coordinates.
func area2(r [][2]float64) float64 {
	var s float64
	for i := range r {
		j := (i + 1) % len(r)
		s += r[i][0]*r[j][1] - r[j][0]*r[i][1]
	}
	return s
}

// checkCrossings reports two non-adjacent edges (in any rings) that touch or cross,
// in the rings' own (lon, lat) plane. O(n²) in the number of edges.
func checkCrossings(rings [][][2]float64) error {
	type edge struct {
		ring, idx int
		a, b      [2]float64
	}
	var edges []edge
	for ri, r := range rings {
		for i := range r {
			edges = append(edges, edge{ri, i, r[i], r[(i+1)%len(r)]})
		}
	}
	for i := 0; i < len(edges); i++ {
		ei := edges[i]
		n := len(rings[ei.ring])
		for j := i + 1; j < len(edges); j++ {
			ej := edges[j]
			if ei.ring == ej.ring {
				// adjacent edges share a vertex: only a fold-back (overlap) is an error
				if ej.idx == (ei.idx+1)%n || ei.idx == (ej.idx+1)%n {
					var shared, p, q [2]float64
					var at int // index of the shared point
					if ej.idx == (ei.idx+1)%n {
						shared, p, q, at = ei.b, ei.a, ej.b, ej.idx
					} else {
						shared, p, q, at = ei.a, ei.b, ej.a, ei.idx
					}
					if cross(shared, p, q) == 0 && dot(shared, p, q) > 0 {
						return fmt.Errorf("%s: edges %d and %d fold back on each other at point %d (%s)", ringName(ei.ring), ei.idx+1, ej.idx+1, at+1, latLon(shared))
					}
					continue
				}
			}
			if segmentsIntersect(ei.a, ei.b, ej.a, ej.b) {
				return fmt.Errorf("%s edge %d (point %d to %d) crosses %s edge %d: the polygon intersects itself; fix the point order",
					ringName(ei.ring), ei.idx+1, ei.idx+1, (ei.idx+1)%len(rings[ei.ring])+1, ringName(ej.ring), ej.idx+1)
			}
		}
	}
	return nil
}

// cross is the z-component of (p−o)×(q−o).
func cross(o, p, q [2]float64) float64 {
	return (p[0]-o[0])*(q[1]-o[1]) - (p[1]-o[1])*(q[0]-o[0])
}

// dot is (p−o)·(q−o).
func dot(o, p, q [2]float64) float64 {
	return (p[0]-o[0])*(q[0]-o[0]) + (p[1]-o[1])*(q[1]-o[1])
}

// segmentsIntersect reports whether closed segments ab and cd share a point.
func segmentsIntersect(a, b, c, d [2]float64) bool {
	d1 := cross(c, d, a)
	d2 := cross(c, d, b)
	d3 := cross(a, b, c)
	d4 := cross(a, b, d)
	if ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)) {
		return true
	}
	onSeg := func(p, q, r [2]float64) bool { // r on segment pq, given collinear
		return math.Min(p[0], q[0]) <= r[0] && r[0] <= math.Max(p[0], q[0]) &&
			math.Min(p[1], q[1]) <= r[1] && r[1] <= math.Max(p[1], q[1])
	}
	return (d1 == 0 && onSeg(c, d, a)) || (d2 == 0 && onSeg(c, d, b)) ||
		(d3 == 0 && onSeg(a, b, c)) || (d4 == 0 && onSeg(a, b, d))
}

// inRings is the even-odd point-in-polygon test over all rings (boundary
// points may go either way).
func inRings(rings [][][2]float64, x, y float64) bool {
	in := false
	for _, r := range rings {
		for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
			xi, yi, xj, yj := r[i][0], r[i][1], r[j][0], r[j][1]
			if (yi > y) != (yj > y) && x < (xj-xi)*(y-yi)/(yj-yi)+xi {
				in = !in
			}
		}
	}
	return in
}
