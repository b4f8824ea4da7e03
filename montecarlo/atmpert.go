package montecarlo

import (
	"math"

	"halo/atmos"
)

// tempStrata returns the TempStrata temperature offsets (K) representing a
// Gaussian of standard deviation sigma: the midpoint quantiles of equiprobable
// strata, scaled so that the nine values have mean 0 and standard deviation sigma.
func tempStrata(sigma float64) []float64 {
	q := make([]float64, TempStrata)
	var ss float64
	for k := range q {
		p := (float64(k) + 0.5) / TempStrata
		q[k] = math.Sqrt2 * math.Erfinv(2*p-1)
		ss += q[k] * q[k]
	}
	sd := math.Sqrt(ss / TempStrata)
	for k := range q {
		q[k] *= sigma / sd
	}
	return q
}

// offsetAtmosphere is base with its temperature shifted by dT at every altitude,
// the ground pressure held (atmos.Model.Offset, which remembers the copies so the
// studies of one plan build them once).
func offsetAtmosphere(base *atmos.Model, ground, dT float64) (*atmos.Model, error) {
	return base.Offset(ground, dT)
}
