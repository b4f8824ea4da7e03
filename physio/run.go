package physio

import "math"

// runOut is what one pass over a profile computes.
type runOut struct {
	trPeak, trPeakT float64
	trPeakPhase     string
	hazE            float64 // exposure integral of the risk model, minutes
	trAbove1        float64 // time with TR360 > 1, s
	trAboveTR0      float64 // time with TR360 > the risk model's TR0, s
	minP, minPT     float64
	risk            float64
	samples         []Sample
	phases          []Phase
	buhl            BuhlmannResult
	bottle          bottleOut
	cold            ColdResult
	air             airOut
}

// airOut is the time on air at the cabin altitudes the jump type's oxygen rules
// name (OxygenRules).
type airOut struct {
	maxAltOnAir  float64 // highest altitude breathed on air, m
	aboveCeiling float64 // time on air above OxygenRules.AirCeiling, s
	inBand       float64 // time on air above AirBandFloor up to AirCeiling, s
	maxCabinAlt  float64
	aboveFL200   float64 // time at or above FL200 pressure altitude (any gas), s
}

type bottleOut struct {
	has       bool
	needed    bool
	gas0      float64 // mol usable
	emptyAt   float64 // s from start; +Inf when it lasts to landing
	neededS   float64 // s from switch to below the bail-out floor
	marginS   float64
	durationS float64 // s the full bottle lasts at the exit altitude's consumption
}

// consumption returns the bottle's O₂ use (mol/s) at ambient pressure p (Pa).
func (r *resolved) consumption(p float64) float64 {
	if r.ContinuousFlow > 0 {
		return r.ContinuousFlow / 60000 * pStd / (rGas * tNTP)
	}
	// dry gas delivered = V_BTPS·(P − PH2O)/(R·T_body)
	return r.BreathingRate / 60000 * math.Max(p-PH2OBody, 0) / (rGas * tBody)
}

// bottleGas returns the usable O₂ in the bottle (mol).
func (r *resolved) bottleGas() float64 {
	return (r.BottlePressure - r.BottleReserve) * r.BottleVolume / (rGas * tBottle)
}

// run integrates the tissues, the risk model, the bottle and the cold along p.
// With full == false it computes only what the DCS risk needs.
func run(r *resolved, p profile, m RiskModel, full bool, hook func(tr, pb, dt float64)) runOut {
	var o runOut
	p0 := r.PressureAt(r.GroundAlt)
	t360 := FN2Air * p0
	k360 := math.Ln2 / HalfTime360
	var buhl [16]float64
	var kb [16]float64
	if full {
		for i, c := range ZHL16C {
			buhl[i] = FN2Air * (p0 - PH2OBuhlmann)
			kb[i] = math.Ln2 / (c.HalfTime * 60)
		}
		o.buhl.GradientFactor = math.Inf(-1)
		o.samples = make([]Sample, 0, int(p.tEnd/stepMax)+len(p.segs)+2)
	}
	o.trPeak = t360 / p0
	o.minP = p0
	o.bottle.has = r.BottleVolume > 0
	gas := r.bottleGas()
	o.bottle.gas0 = gas
	o.bottle.emptyAt = math.Inf(1)
	zNeed := r.floor
	pFL200 := ussaP(FL200)
	o.bottle.needed = r.ExitAlt > zNeed
	tNeed := math.NaN()
	gasAtNeed := 0.0
	emptied := !o.bottle.has
	wPrev := 0.0
	ff, fc := 0.0, 0.0 // frostbite fraction, cold exposure
	o.cold.MinWindChillC = math.Inf(1)
	o.cold.MinTempK = math.Inf(1)
	o.cold.MinFrostbiteS = math.Inf(1)
	t := 0.0
	pa := p0
	tempPrev := r.TempAt(r.GroundAlt)
	if full {
		o.samples = append(o.samples, Sample{T: 0, Phase: p.segs[0].phase, Alt: r.GroundAlt, Pressure: p0, FiO2: FO2Air, TR360: t360 / p0, TempK: tempPrev})
	}
	for _, g := range p.segs {
		if full {
			if n := len(o.phases); n > 0 && o.phases[n-1].Name == g.phase {
				o.phases[n-1].EndS = t + g.dur
			} else {
				o.phases = append(o.phases, Phase{Name: g.phase, StartS: t, EndS: t + g.dur})
			}
		}
		n := int(math.Ceil(g.dur/stepMax - 1e-9))
		if n < 1 {
			n = 1
		}
		flat := g.z0 == g.z1
		var pFlat, tempFlat float64
		if flat {
			pFlat = r.PressureAt(g.z0)
			if full {
				tempFlat = r.TempAt(g.z0)
			}
		}
		segO2 := g.o2 && !(r.NoConsoleO2 && t < p.tSwitch-1e-9) // no console O₂: air until the switch
		onBottle := g.o2 && t >= p.tSwitch-1e-9
		if !full && flat && !onBottle && n > 1 {
			// at constant pressure TR360 moves monotonically: when it stays at or below
			// the model's threshold at both ends, the risk clock does not run and one
			// exact (Haldane) step does
			fn2 := FN2Air
			if segO2 {
				fn2 = 0
			}
			end := Haldane(t360, fn2*pFlat, HalfTime360, g.dur)
			if t360/pFlat <= m.TR0 && end/pFlat <= m.TR0 {
				n = 1
			}
		}
		dt := g.dur / float64(n)
		e360 := math.Exp(-k360 * dt)
		var eb [16]float64
		if full {
			for i := range eb {
				eb[i] = math.Exp(-kb[i] * dt)
			}
		}
		for j := 1; j <= n; j++ {
			f := float64(j) / float64(n)
			z := g.z0 + f*(g.z1-g.z0)
			pb := pFlat
			if !flat {
				pb = r.PressureAt(z)
			}
			o2 := segO2
			if onBottle && emptied {
				o2 = false
			}
			fn2 := FN2Air
			fo2 := FO2Air
			if o2 {
				fn2, fo2 = 0, 1
			}
			rate := fn2 * (pb - pa) / dt
			t360 = schreinerE(t360, fn2*pa, rate, k360, dt, e360)
			tr := t360 / pb
			if full {
				pi0 := fn2 * math.Max(pa-PH2OBuhlmann, 0)
				rb := fn2 * (math.Max(pb-PH2OBuhlmann, 0) - math.Max(pa-PH2OBuhlmann, 0)) / dt
				for i := range buhl {
					buhl[i] = schreinerE(buhl[i], pi0, rb, kb[i], dt, eb[i])
					c := ZHL16C[i]
					mv := c.MValue(pb)
					gf := (buhl[i] - pb) / (mv - pb)
					if gf > o.buhl.GradientFactor {
						o.buhl = BuhlmannResult{Compartment: c.Name, HalfTimeMin: c.HalfTime, TissuePa: buhl[i],
							AmbientPa: pb, MValuePa: mv, GradientFactor: gf, AtS: t + dt, Phase: g.phase, AltM: z}
					}
				}
			}
			// bottle
			if onBottle && !emptied {
				c0, c1 := r.consumption(pa), r.consumption(pb)
				use := 0.5 * (c0 + c1) * dt
				if use >= gas {
					frac := 0.0
					if use > 0 {
						frac = gas / use
					}
					o.bottle.emptyAt = t + frac*dt
					gas = 0
					emptied = true
				} else {
					gas -= use
				}
			}
			if full && math.IsNaN(tNeed) && g.phase != PhaseClimbOnAir && t >= p.tExit-1e-9 && g.z0+float64(j-1)/float64(n)*(g.z1-g.z0) > zNeed && z <= zNeed {
				zPrev := g.z0 + float64(j-1)/float64(n)*(g.z1-g.z0)
				fz := (zPrev - zNeed) / (zPrev - z)
				tNeed = t + fz*dt
				gasAtNeed = gas + 0.5*(r.consumption(pa)+r.consumption(pb))*dt*(1-fz)
				if emptied {
					gasAtNeed = 0
				}
			}
			if hook != nil {
				hook(tr, pb, dt)
			}
			// risk-model exposure
			w := m.weight(tr, pb)
			o.hazE += 0.5 * (w + wPrev) * dt / 60
			wPrev = w
			if tr > 1 {
				o.trAbove1 += dt
			}
			if tr > m.TR0 {
				o.trAboveTR0 += dt
			}
			if tr > o.trPeak {
				o.trPeak, o.trPeakT, o.trPeakPhase = tr, t+dt, g.phase
			}
			if pb < o.minP {
				o.minP, o.minPT = pb, t+dt
			}
			if pb <= pFL200 {
				o.air.aboveFL200 += dt
			}
			if full {
				// the jump type's oxygen rules on air
				if !o2 {
					o.air.maxAltOnAir = math.Max(o.air.maxAltOnAir, z)
					switch ru := r.rules; {
					case z > ru.AirCeiling:
						o.air.aboveCeiling += dt
					case ru.AirBandMaxS > 0 && z > ru.AirBandFloor:
						o.air.inBand += dt
					}
				}
				o.air.maxCabinAlt = math.Max(o.air.maxCabinAlt, z)
				temp := tempFlat
				if !flat {
					temp = r.TempAt(z)
				}
				// cold, once the door is open
				if t+dt > p.tDoor+1e-9 {
					v := g.wind0 + f*(g.wind1-g.wind0)
					if g.phase == PhaseAtAltitude || g.phase == PhaseClimb || g.phase == PhaseDepress {
						v = r.DoorWind
					}
					wc := WindChill(temp-273.15, v*3.6)
					if wc.Clamped {
						o.cold.SpeedClamped = true
						o.cold.MaxAirSpeed = math.Max(o.cold.MaxAirSpeed, v)
					}
					tf := FrostbiteTime(wc.WCTC)
					if !math.IsInf(tf, 1) {
						ff += dt / tf
						fc += dt
						o.cold.MinFrostbiteS = math.Min(o.cold.MinFrostbiteS, tf)
					}
					o.cold.ExposureS += dt
					if wc.WCTC < o.cold.MinWindChillC {
						o.cold.MinWindChillC = wc.WCTC
						o.cold.MinWindChillPhase = g.phase
						o.cold.MinWindChillAirSpeed = v
					}
					o.cold.MinTempK = math.Min(o.cold.MinTempK, temp)
				}
				o.samples = append(o.samples, Sample{T: t + dt, Phase: g.phase, Alt: z, Pressure: pb, FiO2: fo2, TR360: tr, TempK: temp})
			}
			pa = pb
			t += dt
		}
	}
	o.risk = m.Risk(o.hazE)
	if full {
		if o.bottle.needed && math.IsNaN(tNeed) { // landing at or above the bail-out floor
			tNeed, gasAtNeed = p.tEnd, gas
		}
		o.cold.FrostbiteFraction = ff
		o.cold.FrostbiteExposureS = fc
		if math.IsInf(o.cold.MinTempK, 1) {
			o.cold.MinTempK = math.NaN()
		}
		b := &o.bottle
		b.neededS = 0
		if b.needed {
			b.neededS = tNeed - p.tSwitch
		}
		cExit := r.consumption(r.PressureAt(r.ExitAlt))
		if b.has && cExit > 0 {
			b.durationS = b.gas0 / cExit
		}
		switch {
		case !b.needed:
			b.marginS = math.Inf(1)
		case !b.has:
			b.marginS = -b.neededS
		case b.emptyAt < tNeed:
			b.marginS = b.emptyAt - tNeed
		default:
			b.marginS = gasAtNeed / r.consumption(r.PressureAt(zNeed))
		}
	}
	return o
}
