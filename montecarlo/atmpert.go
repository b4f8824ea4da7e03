package montecarlo

import (
	"fmt"
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

// offsetAtmosphere rebuilds base with its temperature shifted by dT at every
// altitude. The pressure at the ground is held (the altimeter setting is known) and
// integrated hydrostatically from there, so a warmer atmosphere is thinner near the
// ground and denser high up, as in the air. The temperature is sampled from base
// every 50 m over the whole table (base is piecewise linear on a 10 m table; a
// sounding that stops lower makes atmos fill in the standard above it, which costs
// five times more) and kept inside the 151..349 K that atmos accepts (which only
// binds above 80 km).
func offsetAtmosphere(base *atmos.Model, ground, dT float64) (*atmos.Model, error) {
	const step = 50.0
	var lv []atmos.Level
	g := base.At(ground)
	// only the ground level has a pressure: New anchors the integration there
	lv = append(lv, atmos.Level{Alt: ground, T: g.T + dT, P: g.P})
	for z := atmos.MinAlt; z <= atmos.MaxAlt; z += step {
		if math.Abs(z-ground) >= 1 {
			t := math.Max(151, math.Min(349, base.At(z).T+dT))
			lv = append(lv, atmos.Level{Alt: z, T: t})
		}
	}
	m, err := atmos.New(lv)
	if err != nil {
		return nil, fmt.Errorf("atmosphere %+.2f K: %w", dT, err)
	}
	return m, nil
}
