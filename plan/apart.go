package plan

import (
	"math"

	"halo/flight"
)

// Leg is one jumper on the stick's common clock (seconds from the first exit): a
// trajectory sampled every Step seconds from the jumper's own exit, moved by
// (DE, DN) metres, the exit at Offset, the canopy fully open OpenT seconds after
// the exit and the landing LandT seconds after it. Start is the first sample's time
// after the exit, s (0: recorded from the exit; the Monte Carlo records from
// shortly before the first opening, all that Apart reads without series).
type Leg struct {
	Trace        []flight.Sample
	Step         float64
	Offset       float64
	Start        float64
	OpenT, LandT float64
	DE, DN       float64
}

// at is the leg's position at clock time t, interpolated between samples (the
// phase of the sample before); false outside the trace.
func (l *Leg) at(t float64) (flight.Sample, bool) {
	s, ok := traceAt(l.Trace, l.Step, l.Offset+l.Start, t)
	s.E += l.DE
	s.N += l.DN
	return s, ok
}

// Apart measures two jumpers' separation on the common clock, the one measure the
// stick solver, the plan's checks and the Monte Carlo share:
//   - atOpen: at each one's canopy opening, the 3-D distance to the other at that
//     same moment, the smaller of the two (h and v are its horizontal and vertical
//     parts); when one lands before the other opens, the distance between their
//     opening points;
//   - mixed: the closest 3-D approach while one is still falling (free fall or
//     deploying) and the other hangs under an open canopy, +Inf when that never
//     happens: a free-faller passing an open canopy is the collision a stick plan
//     must prevent.
//
// With series, every sample from the later exit to the earlier landing is returned.
func Apart(a, b *Leg, series bool) (atOpen, h, v, mixed float64, ser []SepSample) {
	openA, openB := a.Offset+a.OpenT, b.Offset+b.OpenT
	atOpen, mixed = math.Inf(1), math.Inf(1)
	for _, to := range []float64{openA, openB} {
		sa, oka := a.at(to)
		sb, okb := b.at(to)
		if !oka || !okb {
			continue
		}
		hh, vv := math.Hypot(sa.E-sb.E, sa.N-sb.N), math.Abs(sa.Z-sb.Z)
		if d := math.Hypot(hh, vv); d < atOpen {
			atOpen, h, v = d, hh, vv
		}
	}
	if math.IsInf(atOpen, 1) { // one landed before the other opened: the opening points
		sa, _ := a.at(openA)
		sb, _ := b.at(openB)
		h, v = math.Hypot(sa.E-sb.E, sa.N-sb.N), math.Abs(sa.Z-sb.Z)
		atOpen = math.Hypot(h, v)
	}
	start := math.Max(a.Offset, b.Offset)
	end := math.Min(a.Offset+a.LandT, b.Offset+b.LandT)
	if !series {
		// one falls while the other hangs under its canopy only between the two
		// openings (on the sample grid of the later exit)
		first := math.Min(openA, openB)
		if first > start {
			start += math.Floor((first-start)/a.Step) * a.Step
		}
		end = math.Min(end, math.Max(openA, openB)+a.Step)
	}
	step := a.Step
	for t := start; t <= end+1e-9; t += step {
		sa, oka := a.at(t)
		sb, okb := b.at(t)
		if !oka || !okb {
			break
		}
		// square roots of the sums of squares, not math.Hypot (whose guard against
		// overflow costs: these are metres): the Monte Carlo measures every run
		de, dn, dz := sa.E-sb.E, sa.N-sb.N, sa.Z-sb.Z
		if series {
			ser = append(ser, SepSample{T: t, HorizM: math.Sqrt(de*de + dn*dn), VertM: math.Abs(dz)})
		}
		if (sa.Phase == flight.PhaseCanopy) != (sb.Phase == flight.PhaseCanopy) {
			mixed = math.Min(mixed, math.Sqrt(de*de+dn*dn+dz*dz))
		}
	}
	return atOpen, h, v, mixed, ser
}

// traceAt is a recorded jumper's position at clock time t (seconds from the first
// exit) for a jumper who exited at off and was sampled every step seconds,
// interpolated between samples (the phase of the sample before); false outside the
// trace. For a trace that starts late, off is its first sample's clock time.
func traceAt(tr []flight.Sample, step, off, t float64) (flight.Sample, bool) {
	x := (t - off) / step
	if x < 0 || len(tr) == 0 {
		return flight.Sample{}, false
	}
	i := int(x)
	if i >= len(tr)-1 {
		return tr[len(tr)-1], i == len(tr)-1 && x == float64(i)
	}
	f := x - float64(i)
	s0, s1 := tr[i], tr[i+1]
	return flight.Sample{T: t, E: s0.E + f*(s1.E-s0.E), N: s0.N + f*(s1.N-s0.N), Z: s0.Z + f*(s1.Z-s0.Z), Phase: s0.Phase}, true
}
