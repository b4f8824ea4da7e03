package physio

import "math"

// gridStep is the spacing (m) of the atmosphere lookup built for one assessment.
// Pressure is interpolated linearly in ln p (exact for an isothermal layer; relative
// error below 1e-7 in the standard atmosphere at this spacing), temperature linearly.
const gridStep = 25.0

// grid tabulates ln p and T between z0 and z0 + step·(n−1).
type grid struct {
	z0  float64
	lnp []float64
	t   []float64
}

func newGrid(zlo, zhi float64, pAt, tAt func(float64) float64) grid {
	n := int(math.Ceil((zhi-zlo)/gridStep)) + 2
	g := grid{z0: zlo, lnp: make([]float64, n), t: make([]float64, n)}
	for i := range n {
		z := zlo + float64(i)*gridStep
		g.lnp[i] = math.Log(pAt(z))
		g.t[i] = tAt(z)
	}
	return g
}

func (g *grid) at(z float64) (i int, f float64) {
	x := (z - g.z0) / gridStep
	if !(x > 0) {
		return 0, 0
	}
	i = int(x)
	if i >= len(g.lnp)-1 {
		return len(g.lnp) - 2, 1
	}
	return i, x - float64(i)
}

func (g *grid) pressure(z float64) float64 {
	i, f := g.at(z)
	return math.Exp(g.lnp[i] + f*(g.lnp[i+1]-g.lnp[i]))
}

func (g *grid) temp(z float64) float64 {
	i, f := g.at(z)
	return g.t[i] + f*(g.t[i+1]-g.t[i])
}
