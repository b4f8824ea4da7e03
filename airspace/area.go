package airspace

import (
	"fmt"
	"math"
	"sort"

	"halo/geo"
)

// Densify is the longest edge piece, metres, that Project leaves between vertices.
const Densify = 1000.0

// MaxRange is the farthest a vertex may be from the frame origin, metres. The
// tangent-plane projection is one-to-one only on the hemisphere facing the origin
// and grows coarse far from it; cut larger polygons (a whole country) to the region
// around the drop zone.
const MaxRange = 2000e3

// Area is a Polygon projected into a local ENU frame: planar rings of (east,
// north) metres. Build it with Project. It is read-only after construction and
// safe for concurrent use.
type Area struct {
	Name  string
	rings [][][2]float64 // rings[0] outer, rest holes; open (no closing point)
	// bounding box, metres
	minE, minN, maxE, maxN float64
}

// Project validates p and returns it in the frame f, with edges densified every
// Densify metres along straight lines in longitude/latitude (RFC 7946).
// Longitude steps across the antimeridian take the short way. Returns an error for
// an invalid polygon or a vertex farther than MaxRange from the frame origin.
func Project(f geo.Frame, p Polygon) (Area, error) {
	if err := p.Validate(); err != nil {
		return Area{}, err
	}
	lat0, lon0, _ := f.Origin()
	a := Area{Name: p.Name, minE: math.Inf(1), minN: math.Inf(1), maxE: math.Inf(-1), maxN: math.Inf(-1)}
	for ri, r := range append([][][2]float64{p.Ring}, p.Holes...) {
		// every point as given in range (messages name the point as given)
		for i, pt := range r {
			if d := geo.Distance(lat0, lon0, pt[1], pt[0]); d > MaxRange {
				prefix, point := p.where(ri, i)
				hint := "; cut the polygon to the region around the drop zone"
				if math.Abs(pt[0]) <= 90 && geo.Distance(lat0, lon0, pt[0], pt[1]) <= MaxRange {
					hint = "; its numbers look swapped: GeoJSON order is [lon, lat]"
				}
				return Area{}, fmt.Errorf("%sairspace %q: %s is %.0f km from the drop zone: more than %.0f km%s",
					prefix, p.Name, point, d/1000, MaxRange/1000, hint)
			}
		}
		r, _ = cleanRing(r, true) // validated above
		var out [][2]float64
		for i := range r {
			p0, p1 := r[i], r[(i+1)%len(r)]
			dlon := p1[0] - p0[0]
			if dlon > 180 {
				dlon -= 360
			} else if dlon < -180 {
				dlon += 360
			}
			dlat := p1[1] - p0[1]
			// piece count from the edge's length (upper bound via the local frame at p0)
			L := geo.Distance(p0[1], p0[0], p0[1]+dlat, p0[0]+dlon)
			k := max(1, int(math.Ceil(L/Densify)))
			for j := range k {
				t := float64(j) / float64(k)
				e, n, _ := f.ToENU(p0[1]+t*dlat, p0[0]+t*dlon, 0)
				out = append(out, [2]float64{e, n})
			}
		}
		for _, q := range out {
			a.minE, a.maxE = math.Min(a.minE, q[0]), math.Max(a.maxE, q[0])
			a.minN, a.maxN = math.Min(a.minN, q[1]), math.Max(a.maxN, q[1])
		}
		a.rings = append(a.rings, out)
	}
	return a, nil
}

// FromENU builds an Area directly from planar rings of (east, north) metres in some
// frame (for areas defined in metres, e.g. a circle drawn around a point): outer
// ring first, then holes; same rules as Polygon.Validate except that coordinates
// are metres. Edges are not densified.
func FromENU(name string, outer [][2]float64, holes ...[][2]float64) (Area, error) {
	a := Area{Name: name, minE: math.Inf(1), minN: math.Inf(1), maxE: math.Inf(-1), maxN: math.Inf(-1)}
	for ri, r := range append([][][2]float64{outer}, holes...) {
		c, err := cleanRing(r, false)
		if err != nil {
			what := "outer ring"
			if ri > 0 {
				what = fmt.Sprintf("hole %d", ri)
			}
			return Area{}, fmt.Errorf("airspace %q: %s: %w", name, what, err)
		}
		for _, q := range c {
			a.minE, a.maxE = math.Min(a.minE, q[0]), math.Max(a.maxE, q[0])
			a.minN, a.maxN = math.Min(a.minN, q[1]), math.Max(a.maxN, q[1])
		}
		a.rings = append(a.rings, c)
	}
	if err := checkCrossings(a.rings); err != nil {
		return Area{}, fmt.Errorf("airspace %q: %w", name, err)
	}
	if err := checkArea(a.rings); err != nil {
		return Area{}, fmt.Errorf("airspace %q: %w", name, err)
	}
	for hi, h := range a.rings[1:] {
		if !inRings(a.rings[:1], h[0][0], h[0][1]) {
			return Area{}, fmt.Errorf("airspace %q: hole %d lies outside the outer ring", name, hi+1)
		}
	}
	return a, nil
}

// ProjectAll projects every polygon, stopping at the first error.
func ProjectAll(f geo.Frame, ps []Polygon) ([]Area, error) {
	out := make([]Area, 0, len(ps))
	for i, p := range ps {
		a, err := Project(f, p)
		if err != nil {
			return nil, fmt.Errorf("polygon %d: %w", i+1, err)
		}
		out = append(out, a)
	}
	return out, nil
}

// Rings returns copies of the projected rings, (east, north) metres, outer first.
func (a Area) Rings() [][][2]float64 {
	out := make([][][2]float64, len(a.rings))
	for i, r := range a.rings {
		out[i] = append([][2]float64(nil), r...)
	}
	return out
}

// Contains reports whether the point (e, n) (metres in the frame) is inside the
// area or within 1 mm of its boundary (a point on the border counts as inside).
func (a Area) Contains(e, n float64) bool {
	return a.SignedDistance(e, n) <= 1e-3
}

// SignedDistance returns the distance in metres from (e, n) to the area's boundary:
// positive outside, negative inside.
func (a Area) SignedDistance(e, n float64) float64 {
	d := math.Inf(1)
	for _, r := range a.rings {
		for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
			d = math.Min(d, pointSegDist([2]float64{e, n}, r[j], r[i]))
		}
	}
	if inRings(a.rings, e, n) {
		return -d
	}
	return d
}

// IntersectsSegment reports whether the segment from p to q (metres) touches or
// enters the area: an end inside, or the segment crossing or touching an edge.
func (a Area) IntersectsSegment(p, q [2]float64) bool {
	if a.Contains(p[0], p[1]) || a.Contains(q[0], q[1]) {
		return true
	}
	if math.Max(p[0], q[0]) < a.minE || math.Min(p[0], q[0]) > a.maxE ||
		math.Max(p[1], q[1]) < a.minN || math.Min(p[1], q[1]) > a.maxN {
		return false
	}
	for _, r := range a.rings {
		for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
			if segmentsIntersect(p, q, r[j], r[i]) {
				return true
			}
		}
	}
	return false
}

// Approach is the closest approach of a track to an area.
type Approach struct {
	// Distance from the track to the area, metres; 0 if the track touches or
	// enters it.
	Distance float64
	// Seg and T locate the track's closest point: on the segment from track[Seg]
	// to track[Seg+1] at fraction T in [0, 1] (Seg = 0, T = 0 for a one-point
	// track). Interpolate altitudes or times with the same Seg and T.
	Seg int
	T   float64
	// At is the closest point of the track (east, north metres); Boundary is the
	// nearest point on the area's boundary (equal to At when they touch).
	At, Boundary [2]float64
}

// ClosestApproach returns how close the polyline track (east, north metres) comes
// to the area. If the track enters the area Distance is 0 and the location is the
// first point of the track inside or on the boundary. An empty track gives
// Distance = +Inf.
func (a Area) ClosestApproach(track [][2]float64) Approach {
	best := Approach{Distance: math.Inf(1)}
	if len(track) == 0 {
		return best
	}
	if len(track) == 1 {
		p := track[0]
		d := a.SignedDistance(p[0], p[1])
		best = Approach{Distance: math.Max(d, 0), At: p, Boundary: a.nearestBoundary(p)}
		return best
	}
	if cs := a.Crossings(track); len(cs) > 0 || a.Contains(track[0][0], track[0][1]) {
		if a.Contains(track[0][0], track[0][1]) {
			return Approach{Distance: 0, At: track[0], Boundary: a.nearestBoundary(track[0])}
		}
		c := cs[0]
		return Approach{Distance: 0, Seg: c.Seg, T: c.T, At: c.At, Boundary: c.At}
	}
	for s := 0; s+1 < len(track); s++ {
		p, q := track[s], track[s+1]
		for _, r := range a.rings {
			for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
				d, t, u := segSegDist(p, q, r[j], r[i])
				if d < best.Distance {
					best.Distance, best.Seg, best.T = d, s, t
					best.At = lerp(p, q, t)
					best.Boundary = lerp(r[j], r[i], u)
				}
			}
		}
	}
	return best
}

// nearestEdge returns the ring and edge (index of its first point) nearest to p
// and the distance.
func (a Area) nearestEdge(p [2]float64) (ring, edge int, d float64) {
	d = math.Inf(1)
	for ri, r := range a.rings {
		for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
			if dd := pointSegDist(p, r[j], r[i]); dd < d {
				ring, edge, d = ri, j, dd
			}
		}
	}
	return ring, edge, d
}

func (a Area) nearestBoundary(p [2]float64) [2]float64 {
	best, bd := [2]float64{}, math.Inf(1)
	for _, r := range a.rings {
		for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
			u := projT(p, r[j], r[i])
			c := lerp(r[j], r[i], u)
			if d := math.Hypot(p[0]-c[0], p[1]-c[1]); d < bd {
				best, bd = c, d
			}
		}
	}
	return best
}

// Crossing is a place where a track crosses the area's boundary.
type Crossing struct {
	// Seg and T locate the crossing on the track segment from track[Seg] to
	// track[Seg+1], at fraction T in [0, 1]: interpolate the altitude (or time) of
	// the crossing as alt[Seg] + T·(alt[Seg+1] − alt[Seg]).
	Seg int
	T   float64
	// At is the crossing point, (east, north) metres.
	At [2]float64
	// Entering is true where the track goes from outside to inside.
	Entering bool
	// Ring and Edge identify the boundary edge crossed (Ring 0 is the outer ring;
	// Edge indexes the densified ring, for diagnostics only).
	Ring, Edge int
}

// Crossings returns every place where the polyline track (east, north metres)
// crosses the area's boundary, in order along the track, alternating entry and
// exit. Boundary points count as inside (as in Contains), so a track that only
// touches the boundary yields an entry and an exit at the touching point, and one
// that runs along an edge enters where it meets the edge and exits where it leaves
// it. For forbidden airspace, touching the border is a violation.
func (a Area) Crossings(track [][2]float64) []Crossing {
	var out []Crossing
	for s := 0; s+1 < len(track); s++ {
		p, q := track[s], track[s+1]
		if math.Max(p[0], q[0]) < a.minE-1 || math.Min(p[0], q[0]) > a.maxE+1 ||
			math.Max(p[1], q[1]) < a.minN-1 || math.Min(p[1], q[1]) > a.maxN+1 {
			continue
		}
		// candidate parameters: every intersection with an edge
		type cand struct {
			t          float64
			ring, edge int
		}
		var cs []cand
		for ri, r := range a.rings {
			for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
				if t, ok := segParam(p, q, r[j], r[i]); ok {
					cs = append(cs, cand{t, ri, j})
				}
			}
		}
		// Track points within the Contains tolerance of the boundary are crossing
		// candidates too, even where rounding makes the exact test miss them.
		for _, end := range []struct {
			pt [2]float64
			t  float64
		}{{p, 0}, {q, 1}} {
			if end.pt[0] < a.minE-1e-3 || end.pt[0] > a.maxE+1e-3 || end.pt[1] < a.minN-1e-3 || end.pt[1] > a.maxN+1e-3 {
				continue
			}
			if ri, ei, d := a.nearestEdge(end.pt); d <= 1e-3 {
				cs = append(cs, cand{end.t, ri, ei})
			}
		}
		if len(cs) == 0 {
			continue
		}
		sort.Slice(cs, func(i, j int) bool { return cs[i].t < cs[j].t })
		// Walk the candidates in order: each one is a boundary point (inside, by
		// the Contains convention); the state after it is sampled halfway to the
		// next distinct candidate (or at q).
		inside := a.Contains(p[0], p[1])
		for k, c := range cs {
			if k+1 < len(cs) && cs[k+1].t-c.t < 1e-12 {
				continue // the same point reached through two edges (a vertex)
			}
			at := lerp(p, q, c.t)
			if !inside {
				out = append(out, Crossing{Seg: s, T: c.t, At: at, Entering: true, Ring: c.ring, Edge: c.edge})
				inside = true
			}
			next := 1.0
			if k+1 < len(cs) {
				next = cs[k+1].t
			}
			after := true
			if next-c.t >= 1e-12 {
				mid := lerp(p, q, (c.t+next)/2)
				after = a.Contains(mid[0], mid[1])
			} else {
				after = a.Contains(q[0], q[1])
			}
			if !after {
				out = append(out, Crossing{Seg: s, T: c.t, At: at, Entering: false, Ring: c.ring, Edge: c.edge})
				inside = false
			}
		}
	}
	return out
}

// FirstEntry returns the first crossing into the area along the track and true,
// or false if the track never enters (a track that starts inside counts as
// entering at its first point, Seg 0, T 0).
func (a Area) FirstEntry(track [][2]float64) (Crossing, bool) {
	if len(track) > 0 && a.Contains(track[0][0], track[0][1]) {
		return Crossing{At: track[0], Entering: true}, true
	}
	for _, c := range a.Crossings(track) {
		if c.Entering {
			return c, true
		}
	}
	return Crossing{}, false
}

func lerp(a, b [2]float64, t float64) [2]float64 {
	return [2]float64{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}
}

// projT is the clamped parameter of the point of segment ab nearest to p.
func projT(p, a, b [2]float64) float64 {
	dx, dy := b[0]-a[0], b[1]-a[1]
	l2 := dx*dx + dy*dy
	if l2 == 0 {
		return 0
	}
	t := ((p[0]-a[0])*dx + (p[1]-a[1])*dy) / l2
	return math.Max(0, math.Min(1, t))
}

func pointSegDist(p, a, b [2]float64) float64 {
	c := lerp(a, b, projT(p, a, b))
	return math.Hypot(p[0]-c[0], p[1]-c[1])
}

// segSegDist returns the distance between segments pq and ab and the parameters
// t (on pq) and u (on ab) of a closest pair.
func segSegDist(p, q, a, b [2]float64) (d, t, u float64) {
	if tt, ok := segParam(p, q, a, b); ok {
		c := lerp(p, q, tt)
		return 0, tt, projT(c, a, b)
	}
	d = math.Inf(1)
	try := func(dd, tt, uu float64) {
		if dd < d {
			d, t, u = dd, tt, uu
		}
	}
	tu := projT(p, a, b)
	try(math.Hypot(p[0]-lerp(a, b, tu)[0], p[1]-lerp(a, b, tu)[1]), 0, tu)
	tu = projT(q, a, b)
	try(math.Hypot(q[0]-lerp(a, b, tu)[0], q[1]-lerp(a, b, tu)[1]), 1, tu)
	tt := projT(a, p, q)
	try(math.Hypot(a[0]-lerp(p, q, tt)[0], a[1]-lerp(p, q, tt)[1]), tt, 0)
	tt = projT(b, p, q)
	try(math.Hypot(b[0]-lerp(p, q, tt)[0], b[1]-lerp(p, q, tt)[1]), tt, 1)
	return d, t, u
}

// segParam returns the parameter t on pq of an intersection with segment ab (the
// first along pq if they overlap), and whether they meet.
func segParam(p, q, a, b [2]float64) (float64, bool) {
	if !segmentsIntersect(p, q, a, b) {
		return 0, false
	}
	r := [2]float64{q[0] - p[0], q[1] - p[1]}
	s := [2]float64{b[0] - a[0], b[1] - a[1]}
	den := r[0]*s[1] - r[1]*s[0]
	if den != 0 {
		t := ((a[0]-p[0])*s[1] - (a[1]-p[1])*s[0]) / den
		return math.Max(0, math.Min(1, t)), true
	}
	// collinear overlap (or a degenerate segment): first shared point along pq
	rr := r[0]*r[0] + r[1]*r[1]
	if rr == 0 {
		return 0, true
	}
	ta := ((a[0]-p[0])*r[0] + (a[1]-p[1])*r[1]) / rr
	tb := ((b[0]-p[0])*r[0] + (b[1]-p[1])*r[1]) / rr
	t := math.Max(0, math.Min(ta, tb))
	return math.Min(t, 1), true
}
