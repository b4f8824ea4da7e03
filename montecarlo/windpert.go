package montecarlo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"halo/wind"
)

// WindGrid is the smallest spacing, m, of the points added between reported wind
// layers that are far apart (see newWindField).
const WindGrid = 500.0

// windField is the nominal wind sampled where the error is drawn: the ground, the
// highest exit, every reported layer between them, and extra points filling wide
// gaps (newWindField). The nominal
// profile is piecewise linear between its layers, so a perturbed profile on these
// points with zero error is the nominal one (up to rounding in the speed/direction
// round trip). Few points keep the simulator fast: every point is a kink in the
// wind that the adaptive integrator must step across.
type windField struct {
	nominal *wind.Profile
	alt     []float64 // increasing, m MSL
	s       []float64 // nominal speed, m/s
	du, dv  []float64 // unit vector of the nominal wind; 0, 0 where calm
	rho, sq []float64 // AR(1) coefficient to the point below, sqrt(1-rho²)
}

// newWindField places the error points between ground and top (m MSL): the
// reported layers, and in any gap wider than max(WindGrid, corr) evenly spaced
// points at most that far apart. corr is the correlation length, m. Between two
// points the error is interpolated linearly, so midway between points a
// correlation length apart its standard deviation is sqrt((1+e⁻¹)/2) = 0.83 σ: a
// compromise with speed (each extra point costs the integrator about 4 % more
// steps).
func newWindField(p *wind.Profile, ground, top, corr float64) *windField {
	pts := []float64{ground, top}
	for _, l := range p.Layers() {
		if l.Alt > ground && l.Alt < top {
			pts = append(pts, l.Alt)
		}
	}
	sort.Float64s(pts)
	gap := math.Max(WindGrid, corr)
	for i, n := 1, len(pts); i < n; i++ {
		if d := pts[i] - pts[i-1]; d > gap {
			k := math.Ceil(d / gap)
			for m := 1.0; m < k; m++ {
				pts = append(pts, pts[i-1]+d*m/k)
			}
		}
	}
	sort.Float64s(pts)
	f := &windField{nominal: p}
	for _, z := range pts {
		if n := len(f.alt); n > 0 && z-f.alt[n-1] < 1 {
			continue // the ground or the top on a reported layer
		}
		f.alt = append(f.alt, z)
	}
	n := len(f.alt)
	f.s, f.du, f.dv = make([]float64, n), make([]float64, n), make([]float64, n)
	f.rho, f.sq = make([]float64, n), make([]float64, n)
	for k, z := range f.alt {
		u, v := p.At(z)
		s := math.Hypot(u, v)
		f.s[k] = s
		if s > 0 {
			f.du[k], f.dv[k] = u/s, v/s
		}
		if k > 0 {
			r := math.Exp(-(z - f.alt[k-1]) / corr)
			f.rho[k], f.sq[k] = r, math.Sqrt(1-r*r)
		}
	}
	return f
}

// windScratch is one worker's reusable storage for a perturbed profile.
type windScratch struct {
	prof *wind.Profile // this worker's profile on the field's grid, refilled per run
	u, v []float64
}

// perturb draws one wind realisation: speed and direction errors, each an AR(1)
// sequence in altitude (exact sampling of an exponentially correlated Gaussian
// process on the uneven grid). With both sigmas zero it consumes the same draws
// and returns the nominal profile itself.
func (f *windField) perturb(rng *rand.Rand, sSpeed, sDir float64, ws *windScratch) (*wind.Profile, error) {
	n := len(f.alt)
	// calm layers take the speed error along one random direction per run
	ca, cb := math.Sincos(2 * math.Pi * rng.Float64())
	if sSpeed == 0 && sDir == 0 {
		for k := 0; k < 2*n; k++ {
			rng.NormFloat64()
		}
		return f.nominal, nil
	}
	if ws.prof == nil {
		ls := make([]wind.Layer, n)
		for k := range ls {
			ls[k] = wind.Layer{Alt: f.alt[k], Temp: math.NaN()}
		}
		p, err := wind.NewProfile(f.nominal.Source, ls)
		if err != nil {
			return nil, fmt.Errorf("perturbed wind profile: %w", err)
		}
		ws.prof, ws.u, ws.v = p.Scratch(), make([]float64, n), make([]float64, n)
	}
	var es, ed float64
	for k := 0; k < n; k++ {
		xs, xd := rng.NormFloat64(), rng.NormFloat64()
		if k == 0 {
			es, ed = xs, xd
		} else {
			es = f.rho[k]*es + f.sq[k]*xs
			ed = f.rho[k]*ed + f.sq[k]*xd
		}
		s := f.s[k] + sSpeed*es
		du, dv := f.du[k], f.dv[k]
		if du == 0 && dv == 0 {
			du, dv = ca, cb
		}
		sn, cs := math.Sincos(sDir * ed)
		u := s * (du*cs + dv*sn)
		v := s * (-du*sn + dv*cs)
		if sp := math.Hypot(u, v); sp > 150 {
			u, v = u*150/sp, v*150/sp
		}
		ws.u[k], ws.v[k] = u, v
	}
	if err := ws.prof.SetUV(ws.u, ws.v); err != nil {
		return nil, fmt.Errorf("perturbed wind profile: %w", err)
	}
	return ws.prof, nil
}
