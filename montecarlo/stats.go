package montecarlo

import (
	"math"
	"slices"

	"halo/mission"
)

// Ellipse scale factors: sqrt of the χ² quantile with 2 degrees of freedom,
// sqrt(-2·ln(1-p)).
var (
	k50 = math.Sqrt(-2 * math.Log(0.5))
	k95 = math.Sqrt(-2 * math.Log(0.05))
)

// OpenTolerance is how far, m, a deployment may be located below the minimum and
// still count as at it: the simulator locates the deployment on its interpolant, so a
// jumper planned exactly at the minimum deploys a few µm either side of it.
const OpenTolerance = 0.01

// stats reduces the per-run arrays in index order.
func (s *sim) stats(m *mission.Mission) *Result {
	nj, n := len(s.p.Jumps), s.n
	res := &Result{N: n, TargetRadiusM: m.Target.Radius, MinSeparationM: m.Limits.MinSeparation}
	s.maxPLow = m.Limits.MaxPLowOpening
	minOpen := make([]float64, nj)
	for j := range s.p.Jumpers {
		minOpen[j] = m.MinOpenFor(m.Jumper(s.p.Jumpers[j].Name))
	}
	res.Landings = make([][][2]float64, nj)
	for j := range nj {
		lo, hi := j*n, (j+1)*n
		st := s.reduce(s.p.Jumpers[j].Name, lo, hi, m.Target.Radius, func(int) float64 { return minOpen[j] })
		st.PlanOpenAGLM = s.p.Jumpers[j].OpenAltAGLM + minOpen[j] - st.lowQ
		res.Jumpers = append(res.Jumpers, st)
		pts := make([][2]float64, n)
		for i := range n {
			pts[i] = [2]float64{s.landE[lo+i], s.landN[lo+i]}
		}
		res.Landings[j] = pts
	}
	res.Overall = s.reduce("all jumpers", 0, nj*n, m.Target.Radius, func(x int) float64 { return minOpen[x/n] })

	// separation on the common clock (plan.Apart): at each canopy opening, and
	// while one jumper falls past the other's open canopy
	sep := m.Limits.MinSeparation
	anyViol := make([]bool, n)
	for k, pr := range s.pairs {
		a, b := pr[0], pr[1]
		ps := PairStats{A: s.p.Jumpers[a].Name, B: s.p.Jumpers[b].Name}
		d := make([]float64, n)
		viol := 0
		for i := range n {
			d[i] = math.Min(s.sepOpen[k*n+i], s.sepMixed[k*n+i])
			if !(d[i] >= sep) {
				viol++
				anyViol[i] = true
			}
		}
		ps.PViolation = float64(viol) / float64(n)
		// and the quantile at the limit shared by the pairs measured (a run
		// fails when any pair does, so each pair gets its share)
		ps.Closest, ps.ClosestQ = percentiles(d, m.Limits.MaxPSeparation/float64(len(s.pairs)))
		res.Pairs = append(res.Pairs, ps)
	}
	cnt := 0
	for _, v := range anyViol {
		if v {
			cnt++
		}
	}
	res.PSeparationViolation = float64(cnt) / float64(n)
	return res
}

// reduce computes the statistics of samples lo..hi-1 of the per-run arrays.
func (s *sim) reduce(name string, lo, hi int, radius float64, minOpen func(x int) float64) Stats {
	st := Stats{Name: name}
	cnt := float64(hi - lo)
	// sums of deviations from the first point: exact when every point is the same
	e0, n0 := s.landE[lo], s.landN[lo]
	var se, sn float64
	in, below, aad, impact := 0, 0, 0, 0
	miss := make([]float64, 0, hi-lo)
	for x := lo; x < hi; x++ {
		e, n := s.landE[x], s.landN[x]
		se += e - e0
		sn += n - n0
		r := math.Hypot(e, n)
		miss = append(miss, r)
		if r <= radius {
			in++
		}
		if s.depAGL[x] < minOpen(x)-OpenTolerance {
			below++
		}
		if s.aad[x] {
			aad++
		}
		if x < len(s.impact) && s.impact[x] {
			impact++
		}
	}
	me, mn := e0+se/cnt, n0+sn/cnt
	var cee, cen, cnn float64
	missMPI := make([]float64, 0, hi-lo)
	for x := lo; x < hi; x++ {
		de, dn := s.landE[x]-me, s.landN[x]-mn
		cee += de * de
		cen += de * dn
		cnn += dn * dn
		missMPI = append(missMPI, math.Hypot(de, dn))
	}
	if d := cnt - 1; d > 0 {
		cee, cen, cnn = cee/d, cen/d, cnn/d
	}
	st.PInTarget = float64(in) / cnt
	st.POpenBelowMin = float64(below) / cnt
	st.PAADFire = float64(aad) / cnt
	st.PImpact = float64(impact) / cnt
	pm, _ := percentiles(miss, 0)
	st.CEPM, st.R95M = pm.P50, pm.P95
	st.CEPMPIM = quantiles(missMPI, 0.5)[0]
	st.Ellipse50 = ellipse(cee, cen, cnn, k50)
	st.Ellipse95 = ellipse(cee, cen, cnn, k95)
	st.MPI = MPI{E: me, N: mn}
	st.MPI.Lat, st.MPI.Lon, _ = s.p.Env.Frame.ToGeodetic(me, mn, 0)
	st.Freefall, _ = percentiles(append([]float64(nil), s.ff[lo:hi]...), 0)
	st.OpenAlt, st.lowQ = percentiles(append([]float64(nil), s.depAGL[lo:hi]...), s.maxPLow)
	return st
}

// ellipse returns the ellipse of the covariance [[ee, en], [en, nn]] (m²) with
// semi-axes k·sqrt(eigenvalue).
func ellipse(ee, en, nn, k float64) Ellipse {
	mid := (ee + nn) / 2
	d := math.Hypot((ee-nn)/2, en)
	l1, l2 := mid+d, math.Max(0, mid-d)
	var b float64
	switch {
	case en != 0:
		// eigenvector (l1 - nn, en) in (east, north)
		b = math.Atan2(l1-nn, en) * 180 / math.Pi
	case ee > nn:
		b = 90
	}
	b = math.Mod(b+360, 180)
	return Ellipse{MajorM: k * math.Sqrt(l1), MinorM: k * math.Sqrt(l2), BearingDeg: b}
}

// percentiles reorders v and returns its 5th, 50th and 95th percentiles and its
// p-quantile (Quantile's definitions, as if v were sorted).
func percentiles(v []float64, p float64) (Percentiles, float64) {
	q := quantiles(v, 0.05, 0.5, 0.95, p)
	return Percentiles{P5: q[0], P50: q[1], P95: q[2]}, q[3]
}

// quantiles returns Quantile(sorted v, p) for each p of ps, reordering v but not
// sorting it: each order statistic the quantiles read is put in its sorted place
// by selection (Hoare's quickselect, three-way partition for ties), O(len(v))
// each instead of a sort's O(n log n) (the sorts were 4 % of a Monte Carlo's CPU
// time). NaNs go first, where sort.Float64s puts them.
func quantiles(v []float64, ps ...float64) []float64 {
	out := make([]float64, len(ps))
	var ks []int // the order statistics needed
	for _, p := range ps {
		if len(v) == 0 || math.IsNaN(p) {
			continue
		}
		i := min(int(math.Max(0, p)*float64(len(v)-1)), len(v)-1)
		ks = append(ks, i, min(i+1, len(v)-1))
	}
	slices.Sort(ks)
	lo := 0
	for i, x := range v { // NaNs first, as sort.Float64s
		if math.IsNaN(x) {
			v[lo], v[i] = x, v[lo]
			lo++
		}
	}
	done := -1
	for _, k := range ks {
		if k > done {
			if k >= lo {
				selectKth(v, max(lo, done+1), len(v), k)
			}
			done = k
		}
	}
	for i, p := range ps {
		out[i] = Quantile(v, p)
	}
	return out
}

// selectKth reorders v[lo:hi] so that v[k] is the value a sort would put there,
// no larger value before it and no smaller after it (lo <= k < hi; no NaNs).
func selectKth(v []float64, lo, hi, k int) {
	for hi-lo > 1 {
		// median of three as the pivot
		a, b, c := v[lo], v[lo+(hi-lo)/2], v[hi-1]
		if a > b {
			a, b = b, a
		}
		if b > c {
			b = c
		}
		if a > b {
			b = a
		}
		pivot := b
		// three-way partition: [lo, lt) < pivot, [lt, i) == pivot, (gt, hi) > pivot
		lt, i, gt := lo, lo, hi-1
		for i <= gt {
			switch x := v[i]; {
			case x < pivot:
				v[lt], v[i] = x, v[lt]
				lt++
				i++
			case x > pivot:
				v[gt], v[i] = x, v[gt]
				gt--
			default:
				i++
			}
		}
		switch {
		case k < lt:
			hi = lt
		case k > gt:
			lo = gt + 1
		default:
			return
		}
	}
}

// Quantile is the p-quantile (0..1) of the sorted values v, by linear
// interpolation between order statistics (Hyndman & Fan 1996, type 7, the
// default of R and NumPy); NaN for no values.
func Quantile(v []float64, p float64) float64 {
	if len(v) == 0 || math.IsNaN(p) {
		return math.NaN()
	}
	h := math.Max(0, p) * float64(len(v)-1)
	i := int(h)
	if i >= len(v)-1 {
		return v[len(v)-1]
	}
	return v[i] + (h-float64(i))*(v[i+1]-v[i])
}
