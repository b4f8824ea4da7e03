package flight

// The Dormand–Prince steps written out for the two shapes of the state (free fall:
// positions and velocities; the other phases: positions only) and the right-hand
// sides they call.

import "math"

// v3 is a 3-vector (east, north, up) the compiler keeps in registers: the
// free-fall step works on positions and velocities as two of them.
type v3 struct{ e, n, u float64 }

func (a v3) add(b v3) v3             { return v3{a.e + b.e, a.n + b.n, a.u + b.u} }
func (a v3) scale(k float64) v3      { return v3{k * a.e, k * a.n, k * a.u} }
func (a v3) axpy(k float64, b v3) v3 { return v3{a.e + k*b.e, a.n + k*b.n, a.u + k*b.u} }

// accel is the free-fall acceleration (m/s²) at altitude z (m MSL) and ground
// velocity v (m/s): gravity and the drag of the air velocity v − wind, with the
// break-off track's lift while tracking. It also keeps the speed of sound and the
// wind there for the maximum-speed bookkeeping at a step's end (endA, endU, endV).
func (r *run) accel(z float64, v v3) v3 {
	if !(z >= r.wp.Lo && z < r.wp.Hi) { // windAt, inlined
		r.nextPiece(z)
	}
	u, w := r.wp.At(z)
	rho, a, grav := r.env.Atm.Hot(z)
	r.endA, r.endU, r.endV = a, u, w
	ve, vn, vu := v.e-u, v.n-w, v.u
	s2 := ve*ve + vn*vn + vu*vu
	sp := math.Sqrt(s2)
	if r.tracking {
		return r.trackAccel(rho, grav, sp, s2, ve, vn, vu)
	}
	// below the drag table's first Mach number the drag area is constant: skip the
	// division for the Mach number
	c := r.kDrag * rho // ½·CdA/m·ρ
	if sp > r.mach0*a {
		c = 0.5 * rho * r.drag.At(sp/a) * r.invMass
	}
	k := c * sp
	return v3{-k * ve, -k * vn, -k*vu - grav}
}

// trackAccel is accel in the break-off track: drag of the tracking body and lift
// LD·|drag| along the heading's component perpendicular to the air velocity. For
// the air velocity v (speed sp, sp² = s2) and the heading's unit vector h
// (horizontal), with w = h·v: that component is (s2·h − w·v)/s2, of length
// sqrt(s2 − w²)/sp, and s2 − w² = vu² + (h×v)², which has no cancellation; so the
// lift is LD·k·(s2·h − w·v)/sqrt(s2 − w²) with one square root (taken beside the
// one of the speed) and one division.
func (r *run) trackAccel(rho, grav, sp, s2, ve, vn, vu float64) v3 {
	k := r.kTrack * rho * sp
	d := v3{-k * ve, -k * vn, -k*vu - grav}
	w := r.the*ve + r.thn*vn              // along the heading
	x := r.the*vn - r.thn*ve              // across it
	if d2 := vu*vu + x*x; d2 > 1e-18*s2 { // the heading not along the air velocity
		l := r.j.Track.LD * k / math.Sqrt(d2)
		d = d.add(v3{l * (s2*r.the - w*ve), l * (s2*r.thn - w*vn), -l * w * vu})
	}
	return d
}

// stepFree tries one Dormand–Prince step of size h of the free fall from y with
// derivative f0 at y. On success it returns the new state y1, its derivative f1
// (FSAL) and the next step size; on rejection ok is false and hNext is the smaller
// step to retry with. tol multiplies both tolerances for this step. The error norm
// is the RMS of the six scaled component errors (Hairer–Nørsett–Wanner).
//
// Written out for the free fall's structure rather than as a loop over six
// components: the positions' derivatives are the stage velocities, so each stage
// is one acceleration (accel), only the altitude of the stage positions is
// needed, the components stay in registers, and each stage's sum of the earlier
// stages is formed before the newest is known. The generic loop it replaced took
// 6.3 µs of CPU for the SciPy fallout free fall; this takes 5.2 µs, with the
// same steps (bench/run flight).
func (s *stepper) stepFree(r *run, y, f0 *vec, h float64, y1, f1 *vec, tol float64) (ok bool, hNext float64) {
	p := v3{y[0], y[1], y[2]}
	v := v3{y[3], y[4], y[5]}
	a1 := v3{f0[3], f0[4], f0[5]}
	v1 := v
	// stage 2
	v2 := v.axpy(h*a21, a1)
	p2u := p.u + h*a21*v1.u
	a2 := r.accel(p2u, v2)
	// stage 3
	v3s := v.axpy(h*a31, a1).axpy(h*a32, a2)
	p3u := p.u + h*(a31*v1.u+a32*v2.u)
	a3 := r.accel(p3u, v3s)
	// stage 4
	v4 := v.axpy(h*a41, a1).axpy(h*a42, a2).axpy(h*a43, a3)
	p4u := p.u + h*(a41*v1.u+a42*v2.u+a43*v3s.u)
	a4 := r.accel(p4u, v4)
	// stage 5
	v5 := v.axpy(h*a51, a1).axpy(h*a52, a2).axpy(h*a53, a3).axpy(h*a54, a4)
	p5u := p.u + h*(a51*v1.u+a52*v2.u+a53*v3s.u+a54*v4.u)
	a5 := r.accel(p5u, v5)
	// stage 6
	v6 := v.axpy(h*a61, a1).axpy(h*a62, a2).axpy(h*a63, a3).axpy(h*a64, a4).axpy(h*a65, a5)
	p6u := p.u + h*(a61*v1.u+a62*v2.u+a63*v3s.u+a64*v4.u+a65*v5.u)
	a6 := r.accel(p6u, v6)
	// the 5th-order solution and its derivative (FSAL)
	pn := p.axpy(h*b1, v1).axpy(h*b3, v3s).axpy(h*b4, v4).axpy(h*b5, v5).axpy(h*b6, v6)
	vn := v.axpy(h*b1, a1).axpy(h*b3, a3).axpy(h*b4, a4).axpy(h*b5, a5).axpy(h*b6, a6)
	// the error scales' reciprocals, formed before the last evaluation: the path
	// from it to the next step's size (error, norm, controller) has no division
	at, rt := tol*s.atol, tol*s.rtol
	ip, iv := invScales(p, pn, at, rt), invScales(v, vn, at, rt)
	a7 := r.accel(pn.u, vn)
	s.nevals += 6
	// error estimate: positions from the stage velocities, velocities from the
	// stage accelerations
	ep := v1.scale(h*e1).axpy(h*e3, v3s).axpy(h*e4, v4).axpy(h*e5, v5).axpy(h*e6, v6).axpy(h*e7, vn)
	ev := a1.scale(h*e1).axpy(h*e3, a3).axpy(h*e4, a4).axpy(h*e5, a5).axpy(h*e6, a6).axpy(h*e7, a7)
	*y1 = vec{pn.e, pn.n, pn.u, vn.e, vn.n, vn.u}
	*f1 = vec{vn.e, vn.n, vn.u, a7.e, a7.n, a7.u}
	return s.control((ep.sqScaled(ip)+ev.sqScaled(iv))*(1.0/6), h)
}

// invScales is the error norm's 1/(at + rt·max(|a|, |b|)) per component, for the
// values a at a step's start and b at its end.
func invScales(a, b v3, at, rt float64) v3 {
	return v3{1 / (at + rt*absMax(a.e, b.e)), 1 / (at + rt*absMax(a.n, b.n)), 1 / (at + rt*absMax(a.u, b.u))}
}

// absMax is max(|a|, |b|) (no NaN or signed-zero rules: a scale).
func absMax(a, b float64) float64 {
	a, b = math.Abs(a), math.Abs(b)
	if b > a {
		return b
	}
	return a
}

// sqScaled is the sum of the squares of e's components times inv's.
func (e v3) sqScaled(inv v3) float64 {
	x, y, z := e.e*inv.e, e.n*inv.n, e.u*inv.u
	return x*x + y*y + z*z
}

// velocity is the ground velocity (m/s) at time t (s from exit) and position p
// under the deploying or open canopy, whose phases prescribe it: f's positions.
func (r *run) velocity(t float64, p v3) v3 {
	if !(p.u >= r.wp.Lo && p.u < r.wp.Hi) { // windAt, inlined
		r.nextPiece(p.u)
	}
	u, v := r.wp.At(p.u)
	if r.ph == PhaseDeploying {
		tau := (t - r.tDep) / r.tDepT
		s := 0.0
		if tau < 1 {
			s = (1 - tau) / (1 + r.bDep*tau)
		}
		return v3{r.vc[0] + (r.v0[0]-r.vc[0])*s + u, r.vc[1] + (r.v0[1]-r.vc[1])*s + v, r.vc[2] + (r.v0[2]-r.vc[2])*s}
	}
	sig := r.env.Atm.Sigma(p.u)
	r.steer(t, p, u, v, sig)
	va := r.j.Canopy.Airspeed * sig
	return v3{va*r.qe + u, va*r.qn + v, -r.j.Canopy.Sink * sig}
}

// stepPos is stepFree for the phases that move only the positions (deployment,
// canopy, landed: the phases prescribe the velocity, see velocity): the velocity
// components carry over unchanged, and the error norm still averages over six
// (their errors are exactly 0), so the steps are those of a six-component step.
func (s *stepper) stepPos(r *run, t float64, y, f0 *vec, h float64, y1, f1 *vec, tol float64) (ok bool, hNext float64) {
	p := v3{y[0], y[1], y[2]}
	k1 := v3{f0[0], f0[1], f0[2]}
	k2 := r.velocity(t+c2*h, p.axpy(h*a21, k1))
	k3 := r.velocity(t+c3*h, p.axpy(h*a31, k1).axpy(h*a32, k2))
	k4 := r.velocity(t+c4*h, p.axpy(h*a41, k1).axpy(h*a42, k2).axpy(h*a43, k3))
	k5 := r.velocity(t+c5*h, p.axpy(h*a51, k1).axpy(h*a52, k2).axpy(h*a53, k3).axpy(h*a54, k4))
	k6 := r.velocity(t+h, p.axpy(h*a61, k1).axpy(h*a62, k2).axpy(h*a63, k3).axpy(h*a64, k4).axpy(h*a65, k5))
	pn := p.axpy(h*b1, k1).axpy(h*b3, k3).axpy(h*b4, k4).axpy(h*b5, k5).axpy(h*b6, k6)
	ip := invScales(p, pn, tol*s.atol, tol*s.rtol)
	k7 := r.velocity(t+h, pn)
	s.nevals += 6
	ep := k1.scale(h*e1).axpy(h*e3, k3).axpy(h*e4, k4).axpy(h*e5, k5).axpy(h*e6, k6).axpy(h*e7, k7)
	*y1 = vec{pn.e, pn.n, pn.u, y[3], y[4], y[5]}
	*f1 = vec{k7.e, k7.n, k7.u, 0, 0, 0}
	return s.control(ep.sqScaled(ip)*(1.0/6), h)
}
