package track

import (
	"fmt"
	"halo/geo"
	"halo/internal/jsonnan"
	"math"
	"reflect"
	"strings"
)

// Quantity is a measured value with the logger's 1-σ accuracy estimate for it
// (NaN when the logger gives none). Units are in the name of the field holding it.
type Quantity struct {
	Value float64 `json:"value"`
	Acc   float64 `json:"acc"`
}

// MarshalJSON writes NaN as null.
func (q Quantity) MarshalJSON() ([]byte, error) { return jsonnan.Fields(q) }

// UnmarshalJSON reads null or missing numbers as NaN.
func (q *Quantity) UnmarshalJSON(b []byte) error { return jsonnan.Unmarshal(b, q) }

func nanQ() Quantity { return Quantity{math.NaN(), math.NaN()} }

// Position is a WGS84 point with its altitude.
type Position struct {
	Lat    float64  `json:"lat_deg"`
	Lon    float64  `json:"lon_deg"`
	AltMSL Quantity `json:"alt_msl_m"`
	// HAcc is the horizontal accuracy of Lat/Lon in metres (NaN if unknown).
	HAcc float64 `json:"h_acc_m"`
}

// WindEstimate is a wind measured from the track at one altitude.
type WindEstimate struct {
	// AltMSL is the mean altitude of the points used (m).
	AltMSL float64 `json:"alt_msl_m"`
	// AltMin, AltMax bound the band the estimate covers (m MSL).
	AltMin float64 `json:"alt_min_m"`
	AltMax float64 `json:"alt_max_m"`
	// WindE, WindN are the wind's east and north components (m/s), the
	// direction the air moves TO.
	WindE float64 `json:"wind_e_mps"`
	WindN float64 `json:"wind_n_mps"`
	// Speed (m/s) and FromDeg (degrees true the wind blows FROM, 0-360).
	Speed   float64 `json:"speed_mps"`
	FromDeg float64 `json:"from_deg"`
	// Airspeed is the canopy's horizontal airspeed from a circle fit (m/s);
	// NaN for free-fall drift estimates.
	Airspeed float64 `json:"airspeed_mps"`
	// RMS is the fit quality: for circles the RMS distance of the ground
	// velocities from the fitted circle, for drift the RMS scatter of the
	// horizontal velocities about their mean (m/s).
	RMS float64 `json:"rms_mps"`
	// TurnDeg is the heading change covered by a circle fit (≥ 360); NaN for drift.
	TurnDeg float64 `json:"turn_deg"`
	// N is the number of points used.
	N int `json:"n"`
	// Method is "canopy circle" or "free-fall drift".
	Method string `json:"method"`
}

// MarshalJSON writes NaN as null.
func (w WindEstimate) MarshalJSON() ([]byte, error) { return jsonnan.Fields(w) }

// UnmarshalJSON reads null or missing numbers as NaN.
func (w *WindEstimate) UnmarshalJSON(b []byte) error { return jsonnan.Unmarshal(b, w) }

// Metrics are the measurements of one jump. Values that the track cannot give
// (a phase absent, no accuracy) are NaN (null in JSON).
type Metrics struct {
	// GroundElevMSL is the ground elevation used for AGL heights (m MSL): the
	// caller's, or the landing altitude when the caller gave NaN.
	GroundElevMSL float64 `json:"ground_elev_msl_m"`
	// GroundFrom says where it came from: "caller" or "landing altitude".
	GroundFrom string `json:"ground_from"`
	// Exit is the exit point; ExitAltAGL its height above ground (m).
	Exit       Position `json:"exit"`
	ExitAltAGL Quantity `json:"exit_alt_agl_m"`
	// ExitGroundSpeed is the aircraft's ground speed at exit (m/s).
	ExitGroundSpeed Quantity `json:"exit_ground_speed_mps"`
	// FreeFallTime is exit to deployment start (s).
	FreeFallTime float64 `json:"freefall_s"`
	// MaxVertSpeed is the largest vertical (down) speed in free fall (m/s),
	// with sAcc at that point; MaxTotalSpeed the largest 3-D speed.
	MaxVertSpeed  Quantity `json:"max_vert_speed_mps"`
	MaxTotalSpeed Quantity `json:"max_total_speed_mps"`
	// DeployAltAGL and OpenAltAGL are the heights of deployment start and
	// canopy opening above ground (m); DeployAltLoss the altitude lost between
	// them (m).
	DeployAltAGL  Quantity `json:"deploy_alt_agl_m"`
	OpenAltAGL    Quantity `json:"open_alt_agl_m"`
	DeployAltLoss Quantity `json:"deploy_alt_loss_m"`
	// DeployDuration is deployment start to canopy open (s).
	DeployDuration float64 `json:"deploy_s"`
	// CanopyTime is canopy open to landing (s).
	CanopyTime float64 `json:"canopy_s"`
	// CanopyGlideGround is the horizontal distance over ground divided by the
	// height lost, from 10 s after opening to 10 s before landing (wind
	// included). CanopyDescentRate is the mean vertical speed there (m/s).
	CanopyGlideGround float64 `json:"canopy_glide_ground"`
	CanopyDescentRate float64 `json:"canopy_descent_rate_mps"`
	// CanopyAirspeed is the horizontal airspeed (m/s): the mean radius of the
	// accepted circle fits, else NaN. CanopyGlideAir = airspeed / descent rate.
	CanopyAirspeed float64 `json:"canopy_airspeed_mps"`
	CanopyGlideAir float64 `json:"canopy_glide_air"`
	// Landing is the landing point; LandingDistFromExit the horizontal distance
	// from the exit point (m).
	Landing             Position `json:"landing"`
	LandingDistFromExit float64  `json:"landing_dist_from_exit_m"`
	// Winds are the winds flown: canopy circle fits and free-fall drift by
	// altitude band, highest first within each method.
	Winds []WindEstimate `json:"winds"`
	// Notes say what could not be measured and why.
	Notes []string `json:"notes"`
}

// MarshalJSON writes NaN as null.
func (m Metrics) MarshalJSON() ([]byte, error) { return jsonnan.Fields(m) }

// UnmarshalJSON reads null or missing numbers as NaN.
func (m *Metrics) UnmarshalJSON(b []byte) error { return jsonnan.Unmarshal(b, m) }

// Wind-estimation thresholds.
const (
	// CircleMinTurn (deg): a circle fit needs at least one full turn of the
	// airspeed vector (halo rule: demand enough turning before trusting a fit).
	CircleMinTurn = 360.0
	// CircleMaxRMS (m/s): fits whose ground velocities scatter more than this
	// about the circle are rejected (airspeed varied in the turn).
	CircleMaxRMS = 1.5
	// DriftSettle (s): free-fall drift uses points from this long after the
	// start of free fall (the exit throw decays with a time constant of 3-5 s).
	DriftSettle = 12.0
	// DriftBand (m): free-fall drift is averaged over bands of this height.
	DriftBand = 500.0
	// DriftMaxSpeed (m/s): a band whose mean horizontal speed exceeds this (winds
	// at drop altitudes rarely exceed 30 m/s; trackers fly 35-55 m/s across) is
	// not drift but tracking or wingsuit flight (no free-fall wind reported).
	DriftMaxSpeed = 30.0
	// DriftMaxThrow (m/s): free-fall drift uses only the points where less than
	// this much of the exit throw (the aircraft's horizontal speed the jumper
	// leaves with) is left through the air by the drag model (throwLeft): until
	// it is spent the jumper moves through the air and the mean ground velocity
	// is throw plus wind. A belly flyer (terminal ≈ 55 m/s) spends it in 20-30 s; a
	// speed skydiver (≈ 125 m/s) keeps tens of m/s of it for the whole dive,
	// which is the "wind along the jump run" such tracks gave. 2 m/s is the
	// accuracy a drift wind is reported to. Terminal speeds: [USPA-63];
	// docs/sources.md [halo-drift].
	DriftMaxThrow = 2.0
	// DriftMaxRMS (m/s): a band whose ground velocities scatter more than this
	// about their mean is withheld: a jumper drifting with the air moves only
	// with the wind's change across the band, gusts and the logger's speed
	// noise (FlySight sAcc ≈ 0.5-1 m/s), about 1-2 m/s together; more is the
	// jumper's own motion through the air (turns, a track, a dive), which the
	// mean does not remove. The canopy circles' limit (CircleMaxRMS) doubled, for
	// the free fall's gustier 2-3 times larger speeds. docs/sources.md [halo-drift].
	DriftMaxRMS = 3.0
	// DriftMinS (s): a band needs this long of usable points (throw spent) to
	// give a wind: the mean over a second or two at a band's edge is the
	// jumper's last move before deployment (the richo track's 1,408-1,500 m: 1.8 s
	// of a turn out of a 35 m/s track, "20 m/s from 196°"), not the air's.
	// docs/sources.md [halo-drift].
	DriftMinS = 3.0
)

// Analyze measures the jump whose phases are given. groundElev is the ground
// elevation in metres MSL (NaN: use the landing altitude; when there is no
// landing either, AGL values are NaN).
func Analyze(t *Track, ph Phases, groundElev float64) Metrics {
	m := Metrics{GroundElevMSL: groundElev, GroundFrom: "caller"}
	setNaN(&m)
	m.GroundElevMSL, m.GroundFrom = groundElev, "caller"
	if t == nil || len(t.Points) == 0 {
		m.Notes = append(m.Notes, "empty track")
		return m
	}
	if math.IsNaN(groundElev) {
		if ph.Landing.Found {
			m.GroundElevMSL, m.GroundFrom = ph.Landing.AltMSL, "landing altitude"
		} else {
			m.GroundFrom = "none"
			m.Notes = append(m.Notes, "no ground elevation given and no landing in the track: AGL heights unknown")
		}
	}
	if t.AltRef != "MSL" {
		m.Notes = append(m.Notes, "altitudes are "+t.AltRef+", not MSL")
	}
	// rows dropped as physically impossible or out of time order (signs of a
	// corrupted file) are said with the figures they would have corrupted, not
	// only among the reader's warnings
	for _, w := range t.Warnings {
		if strings.Contains(w.Msg, impossible) || strings.Contains(w.Msg, outOfOrder) {
			m.Notes = append(m.Notes, w.Msg)
		}
	}
	pts := t.Points
	vacc := func(e Event) float64 {
		if !e.Found {
			return math.NaN()
		}
		return pts[e.Index].VAcc
	}
	agl := func(e Event) Quantity {
		if !e.Found {
			return nanQ()
		}
		return Quantity{e.AltMSL - m.GroundElevMSL, vacc(e)}
	}
	pos := func(e Event) Position {
		p := pts[e.Index]
		return Position{Lat: p.Lat, Lon: p.Lon, AltMSL: Quantity{e.AltMSL, p.VAcc}, HAcc: p.HAcc}
	}

	if ph.Exit.Found {
		m.Exit = pos(ph.Exit)
		m.ExitAltAGL = agl(ph.Exit)
		p := pts[ph.Exit.Index]
		m.ExitGroundSpeed = Quantity{math.Hypot(p.VelN, p.VelE), p.SAcc}
	} else {
		m.Notes = append(m.Notes, "exit: "+ph.Exit.Note)
	}
	if ph.Exit.Found && ph.DeployStart.Found {
		m.FreeFallTime = ph.DeployStart.TS - ph.Exit.TS
	}
	// Max speeds over free fall (free-fall start to canopy open, or track end).
	if ph.FreeFall.Found {
		end := len(pts)
		if ph.CanopyOpen.Found {
			end = ph.CanopyOpen.Index + 1
		}
		bi, bt := -1, -1
		for i := ph.FreeFall.Index; i < end; i++ {
			if bi < 0 || pts[i].VelD > pts[bi].VelD {
				bi = i
			}
			if bt < 0 || speed3(pts[i]) > speed3(pts[bt]) {
				bt = i
			}
		}
		m.MaxVertSpeed = Quantity{pts[bi].VelD, pts[bi].SAcc}
		m.MaxTotalSpeed = Quantity{speed3(pts[bt]), pts[bt].SAcc}
		if pts[bi].Flags&FlagVelDDerived != 0 {
			m.Notes = append(m.Notes, "vertical speeds are derived from altitudes (no Doppler): maxima are noisy")
		}
	}
	m.DeployAltAGL = agl(ph.DeployStart)
	m.OpenAltAGL = agl(ph.CanopyOpen)
	if ph.DeployStart.Found && ph.CanopyOpen.Found {
		a1, a2 := vacc(ph.DeployStart), vacc(ph.CanopyOpen)
		m.DeployAltLoss = Quantity{ph.DeployStart.AltMSL - ph.CanopyOpen.AltMSL, math.Hypot(a1, a2)}
		m.DeployDuration = ph.CanopyOpen.TS - ph.DeployStart.TS
	}
	if ph.Landing.Found {
		m.Landing = pos(ph.Landing)
		if ph.Exit.Found {
			f := geo.NewFrame(m.Exit.Lat, m.Exit.Lon, 0)
			e, n, _ := f.ToENU(m.Landing.Lat, m.Landing.Lon, 0)
			m.LandingDistFromExit = math.Hypot(e, n)
		}
	}
	if ph.CanopyOpen.Found && ph.Landing.Found {
		m.CanopyTime = ph.Landing.TS - ph.CanopyOpen.TS
		i0, i1 := -1, -1
		for i := ph.CanopyOpen.Index; i <= ph.Landing.Index; i++ {
			ts := t.Seconds(i)
			if i0 < 0 && ts >= ph.CanopyOpen.TS+10 {
				i0 = i
			}
			if ts <= ph.Landing.TS-10 {
				i1 = i
			}
		}
		if i0 >= 0 && i1 > i0 {
			f := geo.NewFrame(pts[i0].Lat, pts[i0].Lon, 0)
			dist := 0.0
			pe, pn := 0.0, 0.0
			for i := i0 + 1; i <= i1; i++ {
				e, n, _ := f.ToENU(pts[i].Lat, pts[i].Lon, 0)
				dist += math.Hypot(e-pe, n-pn)
				pe, pn = e, n
			}
			dh := pts[i0].HMSL - pts[i1].HMSL
			dt := t.Seconds(i1) - t.Seconds(i0)
			if dh > 0 && dt > 0 {
				m.CanopyGlideGround = dist / dh
				m.CanopyDescentRate = dh / dt
			}
		}
		m.Winds = append(m.Winds, circleWinds(t, ph.CanopyOpen.Index, ph.Landing.Index)...)
		sum, k := 0.0, 0
		for _, w := range m.Winds {
			if w.Method == "canopy circle" {
				sum += w.Airspeed
				k++
			}
		}
		if k > 0 {
			m.CanopyAirspeed = sum / float64(k)
			if m.CanopyDescentRate > 0 {
				m.CanopyGlideAir = m.CanopyAirspeed / m.CanopyDescentRate
			}
		} else {
			m.Notes = append(m.Notes, "no canopy circle with a full turn and a good fit: no airspeed, no canopy wind")
		}
	}
	if ph.FreeFall.Found {
		end := len(pts) - 1
		switch {
		case ph.DeployStart.Found:
			end = ph.DeployStart.Index
		case ph.CanopyOpen.Found:
			end = ph.CanopyOpen.Index
		}
		m.Winds = append(m.Winds, driftWinds(t, ph, ph.FreeFall.Index, end, ph.FreeFall.TS+DriftSettle, &m.Notes)...)
	}
	return m
}

func speed3(p Point) float64 { return math.Sqrt(p.VelN*p.VelN + p.VelE*p.VelE + p.VelD*p.VelD) }

// setNaN sets every float of m to NaN (nested Quantity and Position included).
func setNaN(m *Metrics) { jsonnan.FillNaN(reflect.ValueOf(m)) }

// windFrom returns the direction (deg true) a wind with components e, n blows from.
func windFrom(e, n float64) float64 {
	d := math.Atan2(-e, -n) / deg
	if d < 0 {
		d += 360
	}
	return d
}

// circleWinds fits circles to the ground velocities of canopy turns. A window
// starts at each point and grows until the ground-velocity heading has turned
// 360°; the circle (Kåsa algebraic fit) gives the wind (centre) and airspeed
// (radius). Fits are accepted when the airspeed vector (velocity minus wind) has
// turned ≥ 360° and the RMS residual ≤ CircleMaxRMS; the next window starts after
// an accepted one.
func circleWinds(t *Track, from, to int) []WindEstimate {
	pts := t.Points
	var out []WindEstimate
	i := from
	for i < to {
		turn := 0.0
		j := i + 1
		for ; j <= to; j++ {
			if pts[j].Flags&FlagGapBefore != 0 {
				break
			}
			h0 := math.Atan2(pts[j-1].VelE, pts[j-1].VelN)
			h1 := math.Atan2(pts[j].VelE, pts[j].VelN)
			d := math.Remainder(h1-h0, 2*math.Pi)
			turn += d
			if math.Abs(turn) >= 2*math.Pi {
				break
			}
		}
		if j > to || math.Abs(turn) < 2*math.Pi || j-i < 8 {
			i = max(j, i+1)
			if j > to {
				break
			}
			continue
		}
		w, ok := fitCircle(pts[i : j+1])
		if ok && w.RMS <= CircleMaxRMS && w.TurnDeg >= CircleMinTurn {
			out = append(out, w)
			i = j + 1
			continue
		}
		i++
	}
	return out
}

// fitCircle fits a circle to the ground velocities of pts.
func fitCircle(pts []Point) (WindEstimate, bool) {
	// Minimise Σ (x² + y² + D x + E y + F)²: normal equations 3×3.
	var sx, sy, sxx, syy, sxy, sz, sxz, syz float64
	n := float64(len(pts))
	for _, p := range pts {
		x, y := p.VelE, p.VelN
		z := x*x + y*y
		sx += x
		sy += y
		sxx += x * x
		syy += y * y
		sxy += x * y
		sz += z
		sxz += x * z
		syz += y * z
	}
	// | sxx sxy sx | |D|   |-sxz|
	// | sxy syy sy | |E| = |-syz|
	// | sx  sy  n  | |F|   |-sz |
	a := [3][4]float64{{sxx, sxy, sx, -sxz}, {sxy, syy, sy, -syz}, {sx, sy, n, -sz}}
	sol, ok := solve3(a)
	if !ok {
		return WindEstimate{}, false
	}
	cx, cy := -sol[0]/2, -sol[1]/2
	r2 := cx*cx + cy*cy - sol[2]
	if r2 <= 0 {
		return WindEstimate{}, false
	}
	r := math.Sqrt(r2)
	var ss, alt, amin, amax float64
	amin, amax = math.Inf(1), math.Inf(-1)
	turn := 0.0
	for k, p := range pts {
		d := math.Hypot(p.VelE-cx, p.VelN-cy) - r
		ss += d * d
		alt += p.HMSL
		amin, amax = min(amin, p.HMSL), max(amax, p.HMSL)
		if k > 0 {
			q := pts[k-1]
			h0 := math.Atan2(q.VelE-cx, q.VelN-cy)
			h1 := math.Atan2(p.VelE-cx, p.VelN-cy)
			turn += math.Remainder(h1-h0, 2*math.Pi)
		}
	}
	return WindEstimate{
		AltMSL: alt / n, AltMin: amin, AltMax: amax,
		WindE: cx, WindN: cy, Speed: math.Hypot(cx, cy), FromDeg: windFrom(cx, cy),
		Airspeed: r, RMS: math.Sqrt(ss / n), TurnDeg: math.Abs(turn) / deg, N: len(pts),
		Method: "canopy circle",
	}, true
}

// solve3 solves a 3×3 system given as an augmented matrix (Gaussian elimination
// with partial pivoting).
func solve3(a [3][4]float64) ([3]float64, bool) {
	for c := 0; c < 3; c++ {
		p := c
		for r := c + 1; r < 3; r++ {
			if math.Abs(a[r][c]) > math.Abs(a[p][c]) {
				p = r
			}
		}
		if math.Abs(a[p][c]) < 1e-12 {
			return [3]float64{}, false
		}
		a[c], a[p] = a[p], a[c]
		for r := 0; r < 3; r++ {
			if r == c {
				continue
			}
			f := a[r][c] / a[c][c]
			for k := c; k < 4; k++ {
				a[r][k] -= f * a[c][k]
			}
		}
	}
	return [3]float64{a[0][3] / a[0][0], a[1][3] / a[1][1], a[2][3] / a[2][2]}, true
}

// driftWinds averages the horizontal ground velocity in free fall by altitude
// band, from tFrom (s after the first point) to point `to`, using only the points
// where the exit throw is spent (throwLeft) and keeping only the bands that
// hold enough of them (DriftMinS) and whose velocities hold still (DriftMaxRMS)
// at a speed a wind can have (DriftMaxSpeed).
// Each band left out is said in notes with its reason.
func driftWinds(t *Track, ph Phases, from, to int, tFrom float64, notes *[]string) []WindEstimate {
	pts := t.Points
	type acc struct {
		se, sn, see, snn, sa float64
		n, thrown            int
		throw, t0, t1        float64
	}
	bands := map[int]*acc{}
	left := throwLeft(t, ph, from, to)
	for i := from; i <= to && i < len(pts); i++ {
		if t.Seconds(i) < tFrom {
			continue
		}
		p := pts[i]
		k := int(math.Floor(p.HMSL / DriftBand))
		b := bands[k]
		if b == nil {
			b = &acc{}
			bands[k] = b
		}
		if l := left[i-from]; !(l <= DriftMaxThrow) {
			b.thrown++
			b.throw = math.Max(b.throw, l)
			continue
		}
		if b.n == 0 {
			b.t0 = t.Seconds(i)
		}
		b.t1 = t.Seconds(i)
		b.se += p.VelE
		b.sn += p.VelN
		b.see += p.VelE * p.VelE
		b.snn += p.VelN * p.VelN
		b.sa += p.HMSL
		b.n++
	}
	var out []WindEstimate
	withheld := map[string][]string{}
	var reasons []string
	withhold := func(k int, reason, format string, a ...any) {
		if withheld[reason] == nil {
			reasons = append(reasons, reason)
		}
		withheld[reason] = append(withheld[reason], fmt.Sprintf("%.0f-%.0f m ", float64(k)*DriftBand, float64(k+1)*DriftBand)+fmt.Sprintf(format, a...))
	}
	for k := 200; k >= -2; k-- { // highest band first
		b := bands[k]
		if b == nil {
			continue
		}
		if b.n < 5 {
			if b.thrown >= 5 {
				withhold(k, fmt.Sprintf("the exit throw is not spent (more than %.0f m/s of the aircraft's speed left through the air by the drag model): the jumper's own motion cannot be told from the wind [halo-drift]", DriftMaxThrow),
					"(%.0f m/s left)", b.throw)
			}
			continue
		}
		n := float64(b.n)
		e, nn := b.se/n, b.sn/n
		rms := math.Sqrt(math.Max(0, b.see/n-e*e+b.snn/n-nn*nn))
		switch {
		case math.Hypot(e, nn) > DriftMaxSpeed:
			withhold(k, fmt.Sprintf("the horizontal speed exceeds %.0f m/s (tracking or wingsuit flight, not drift) [halo-drift]", DriftMaxSpeed), "(%.0f m/s)", math.Hypot(e, nn))
			continue
		case b.t1-b.t0 < DriftMinS:
			withhold(k, fmt.Sprintf("less than %.0f s of free fall with the exit throw spent (a wind is an average; a moment at the band's edge, the last before deployment, is the jumper's own move) [halo-drift]", DriftMinS), "(%.1f s)", b.t1-b.t0)
			continue
		case rms > DriftMaxRMS:
			withhold(k, fmt.Sprintf("the ground velocities scatter more than %.0f m/s RMS about their mean (the jumper moved through the air; drifting with it they hold still) [halo-drift]", DriftMaxRMS), "(%.1f m/s)", rms)
			continue
		}
		out = append(out, WindEstimate{
			AltMSL: b.sa / n, AltMin: float64(k) * DriftBand, AltMax: float64(k+1) * DriftBand,
			WindE: e, WindN: nn, Speed: math.Hypot(e, nn), FromDeg: windFrom(e, nn),
			Airspeed: math.NaN(), RMS: rms, TurnDeg: math.NaN(), N: b.n, Method: "free-fall drift",
		})
	}
	for _, r := range reasons {
		*notes = append(*notes, "free-fall drift withheld in "+strings.Join(withheld[r], ", ")+": "+r)
	}
	return out
}

// throwLeft returns, for each point from `from` to `to`, how much of the
// horizontal speed the jumper had at exit (the aircraft's, m/s) is still left
// through the air, by the drag model of a body that does not glide: the
// horizontal air speed relaxes as dv_h/dt = −(g·|v|/v_t²)·v_h (quadratic drag
// balancing gravity at the terminal speed v_t), with v_t taken as the fastest
// 3-D speed of the free fall (a lower bound for the fastest position: the
// throw is spent no sooner than modelled there). Without an exit in the track
// the first free-fall point's horizontal speed stands for the throw.
func throwLeft(t *Track, ph Phases, from, to int) []float64 {
	pts := t.Points
	to = min(to, len(pts)-1)
	if to < from {
		return nil
	}
	vt := 0.0
	for i := from; i <= to; i++ {
		vt = math.Max(vt, speed3(pts[i]))
	}
	i0 := from
	if ph.Exit.Found && ph.Exit.Index <= from {
		i0 = ph.Exit.Index
	}
	throw := math.Hypot(pts[i0].VelE, pts[i0].VelN)
	out := make([]float64, to-from+1)
	decay := 0.0
	for i := i0; i <= to; i++ {
		if i > i0 && vt > 0 {
			decay += g0 * speed3(pts[i]) / (vt * vt) * (t.Seconds(i) - t.Seconds(i-1))
		}
		if i >= from {
			out[i-from] = throw * math.Exp(-decay)
		}
	}
	return out
}
