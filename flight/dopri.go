package flight

import "math"

// Dormand–Prince 5(4) coefficients [DP80] (Dormand & Prince 1980, "A family of embedded
// Runge-Kutta formulae", J. Comp. Appl. Math. 6(1):19-26), the pair behind MATLAB's
// ode45 and SciPy's RK45. The 5th-order solution is propagated (local
// extrapolation); the difference with the 4th-order one estimates the error.
const (
	c2, c3, c4, c5 = 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9
	a21            = 1.0 / 5
	a31, a32       = 3.0 / 40, 9.0 / 40
	a41, a42, a43  = 44.0 / 45, -56.0 / 15, 32.0 / 9
	a51, a52, a53  = 19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561
	a54            = -212.0 / 729
	a61, a62, a63  = 9017.0 / 3168, -355.0 / 33, 46732.0 / 5247
	a64, a65       = 49.0 / 176, -5103.0 / 18656
	b1, b3, b4     = 35.0 / 384, 500.0 / 1113, 125.0 / 192
	b5, b6         = -2187.0 / 6784, 11.0 / 84
	// error coefficients: b (5th order) minus b* (4th order)
	e1, e3, e4 = 71.0 / 57600, -71.0 / 16695, 71.0 / 1920
	e5, e6, e7 = -17253.0 / 339200, 22.0 / 525, -1.0 / 40
)

// vec is the state: east, north, up position (m, up = altitude MSL) and velocity (m/s).
type vec [6]float64

// stepper is an adaptive Dormand–Prince integrator with its own scratch space.
type stepper struct {
	rtol, atol     float64
	hmax           float64
	nsteps, nevals int
	rejected       bool // the last step tried was rejected
}

// Step-size control [HNW93] (Hairer, Nørsett & Wanner, Solving ODEs I, 2nd ed., sec.
// II.4) on the error norm err (the RMS of the scaled component errors; ms is its
// square): the next step is h·0.9·err^(-1/4), the factor kept in [0.2, 5], and a
// step that follows a rejection does not grow (their DOPRI5's rule): without it
// the controller, having shrunk the step just enough, grows it straight back
// across the same wind layer or steering change and is rejected again (a third
// of the steps of a steered canopy were rejections). The textbook exponent is
// -1/5; tried, it needed as many evaluations and was less accurate on the
// stratospheric fall. err^(-1/4) = ms^(-1/8) comes from pow8inv, not three
// square roots and a division (9 % of a jump's CPU time): the controller is a
// heuristic and a factor within 3 % does as well.
func (s *stepper) control(ms, h float64) (ok bool, hNext float64) {
	if !(ms <= 1) {
		s.rejected = true
		fac := 0.2
		if ms < math.Inf(1) {
			fac = max(0.2, 0.9*pow8inv(ms))
		}
		return false, h * fac
	}
	fac := 5.0
	if ms > 1e-8 { // err > 1e-4
		fac = min(5, 0.9*pow8inv(ms))
	}
	if s.rejected && fac > 1 {
		fac = 1
	}
	s.rejected = false
	s.nsteps++
	return true, min(h*fac, s.hmax)
}

// pow8inv returns x^(-1/8) for normal x > 0 within 3 %: a first guess from the
// float's exponent bits (the exponent divided by -8), then one Newton step on
// y^-8 = x.
func pow8inv(x float64) float64 {
	const one = 0x3FF0000000000000 // the bits of 1.0
	y := math.Float64frombits(uint64(one - (int64(math.Float64bits(x))-one)/8))
	y2 := y * y
	y4 := y2 * y2
	return y * (9 - x*y4*y4) * 0.125
}

// hermite evaluates the cubic Hermite interpolant of one state component over a
// step [t0, t0+h] with values y0, y1 and derivatives f0, f1, at fraction θ in [0,1].
func hermite(y0, y1, f0, f1, h, θ float64) float64 {
	θ2 := θ * θ
	θ3 := θ2 * θ
	return (2*θ3-3*θ2+1)*y0 + (θ3-2*θ2+θ)*h*f0 + (-2*θ3+3*θ2)*y1 + (θ3-θ2)*h*f1
}

// hermiteD is the time derivative of hermite.
func hermiteD(y0, y1, f0, f1, h, θ float64) float64 {
	θ2 := θ * θ
	return ((6*θ2-6*θ)*y0 + (3*θ2-4*θ+1)*h*f0 + (-6*θ2+6*θ)*y1 + (3*θ2-2*θ)*h*f1) / h
}

// root finds θ in [0,1] where g(θ) = 0, given g(0) and g(1) of opposite signs
// (Illinois false position; converges to 1e-12 in a few iterations).
func root[G interface{ at(float64) float64 }](g G, g0, g1 float64) float64 {
	return rootTol(g, g0, g1, 1e-13)
}

// peakTol is the bracket (fraction of a step) to which the maxima of speed are
// located: 1e-9 of a free-fall step of a few seconds is nanoseconds, and the
// speed, flat at its maximum, is then exact to rounding; the events keep root's
// 1e-13, the maxima took a fifth of a free fall's event work at it.
const peakTol = 1e-9

// rootTol is root, stopping when the bracket is narrower than tol.
func rootTol[G interface{ at(float64) float64 }](g G, g0, g1, tol float64) float64 {
	a, b := 0.0, 1.0
	fa, fb := g0, g1
	side := 0
	for i := 0; i < 60; i++ {
		c := (a*fb - b*fa) / (fb - fa)
		fc := g.at(c)
		if fc == 0 || math.Abs(b-a) < tol {
			return c
		}
		if (fc > 0) == (fb > 0) {
			b, fb = c, fc
			if side == -1 {
				fa /= 2
			}
			side = -1
		} else {
			a, fa = c, fc
			if side == 1 {
				fb /= 2
			}
			side = 1
		}
	}
	return (a + b) / 2
}

// level is one Hermite component minus a constant, for root.
type level struct{ y0, y1, f0, f1, h, c float64 }

func (l level) at(θ float64) float64 { return hermite(l.y0, l.y1, l.f0, l.f1, l.h, θ) - l.c }

// slope is the time derivative of one Hermite component, for root.
type slope struct{ y0, y1, f0, f1, h float64 }

func (s slope) at(θ float64) float64 { return hermiteD(s.y0, s.y1, s.f0, s.f1, s.h, θ) }

// speedRate is v·dv/dt (m²/s³) on the cubic Hermite interpolant of the velocity
// over the fraction [0, lim] of a step, for locating the maximum speed: a
// polynomial of degree 5 in θ ∈ [0, 1], its coefficients formed once, so that
// each of root's evaluations is five multiply-adds (not three Hermite values and
// derivatives).
type speedRate struct{ p [6]float64 }

// newSpeedRate is speedRate on the step of length h from (y, f0) to (y1, f1).
func newSpeedRate(y, y1, f0, f1 *vec, h, lim float64) speedRate {
	var s speedRate
	for i := 3; i < 6; i++ {
		// the velocity component as c0 + c1·θ + c2·θ² + c3·θ³ over [0, lim]
		c0 := y[i]
		c1 := h * f0[i] * lim
		c2 := (3*(y1[i]-y[i]) - h*(2*f0[i]+f1[i])) * lim * lim
		c3 := (2*(y[i]-y1[i]) + h*(f0[i]+f1[i])) * lim * lim * lim
		// times its θ-derivative c1 + 2·c2·θ + 3·c3·θ²
		s.p[0] += c0 * c1
		s.p[1] += c1*c1 + 2*c0*c2
		s.p[2] += 3 * (c0*c3 + c1*c2)
		s.p[3] += 4*c1*c3 + 2*c2*c2
		s.p[4] += 5 * c2 * c3
		s.p[5] += 3 * c3 * c3
	}
	k := 1 / (h * lim) // dθ/dt
	for i := range s.p {
		s.p[i] *= k
	}
	return s
}

func (s speedRate) at(θ float64) float64 {
	p := &s.p
	return ((((p[5]*θ+p[4])*θ+p[3])*θ+p[2])*θ+p[1])*θ + p[0]
}
