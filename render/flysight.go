package render

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"text/tabwriter"
	"time"

	"halo/plan"
	"halo/units"
)

// What a planned FlySight 2 track holds around the jump, and how it is written.
const (
	// FlySightRateHz is the rate of the rows, FlySight's default measurement
	// rate (Rate: 200 ms, 5 points a second [FLYSIGHT-CFG]; two of the three
	// FlySight 2 recordings in track/testdata are at 5 Hz). The plan's own trace
	// (every plan.TraceStep s) is interpolated to it.
	FlySightRateHz = 5
	// FlySightRunS (s) is the aircraft's flight written before the jumper's exit:
	// straight and level at the exit altitude, at the jump run's ground velocity.
	// A logger records the run before the exit, and the debrief measures the exit
	// against it (track.ExitDepart compares with the aircraft's vertical speed
	// 8 to 2 s before the free fall).
	FlySightRunS = 60.0
	// FlySightRestS (s) is the time written at rest at the landing point after
	// touchdown: the debrief's landing needs track.LandHold (10 s) of it.
	FlySightRestS = 30.0
)

// The accuracy figures written in every row [halo-flysight-export]: those of a
// FlySight 2 with a good fix, the medians (rounded) of the rows with 10 or more
// satellites in the three real FlySight 2 recordings in track/testdata
// (ssscoring-01-00-00-TRACK.CSV, flysightwebtool-TRACK1.CSV,
// flysightnet-TRACK.CSV): hAcc 0.85-1.03 m, vAcc 1.29-1.69 m, sAcc 0.18-0.33
// m/s, numSV 16-26 (median of all rows). Zeros read as a perfect fix to some
// tools and as no fix to others, which drop the rows.
const (
	flySightHAcc  = 1.0  // m
	flySightVAcc  = 1.4  // m
	flySightSAcc  = 0.25 // m/s
	flySightNumSV = 16
)

// flySightEpoch is the clock of a plan without a schedule.
var flySightEpoch = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// FlySight2 writes one jumper's planned jump (the one named; "" for the only
// jumper of a one-jumper plan) as a FlySight 2 TRACK.CSV ($FLYS, $VAR, $COL,
// $UNIT, $DATA headers, $GNSS rows at FlySightRateHz), so that the jumper can
// load it for in-air navigation and halo's debrief (or any FlySight tool) can
// read it back as a jump: FlySightRunS of the aircraft's run before the exit,
// the planned trajectory, FlySightRestS at rest after landing. Times are the
// planned clock times (UTC: the green light at p.ExitTime plus the jumper's exit
// offset) when the mission has a schedule, else from 2000-01-01T00:00:00Z (said
// in $VAR,SESSION_ID). Altitudes (hMSL) are MSL as the plan's; hAcc, vAcc, sAcc
// and numSV are a receiver's with a good fix (see flySightHAcc).
func FlySight2(w io.Writer, p *plan.Plan, jumper string) error {
	g, err := PlanGeometry(p)
	if err != nil {
		return err
	}
	path, err := onePath(g, jumper)
	if err != nil {
		return err
	}
	if len(path.Points) < 2 {
		return fmt.Errorf("render: FlySight 2: jumper %s has %d trajectory samples; a track needs at least 2", Escape(path.Name), len(path.Points))
	}
	base := p.ExitTime.UTC()
	note := "planned"
	if p.ExitTime.IsZero() {
		base = flySightEpoch
		note = "planned, no schedule: times from 2000-01-01"
	}
	exit := base.Add(seconds(path.ExitOffsetS))
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "$FLYS,1\r\n$VAR,FIRMWARE_VER,halo-plan\r\n$VAR,DEVICE_ID,halo\r\n$VAR,SESSION_ID,%s %s %s\r\n",
		flySightText(p.Mission), flySightText(path.Name), note)
	if p.Planner != "" {
		fmt.Fprintf(bw, "$VAR,PLANNER,%s\r\n", flySightText(p.Planner)) // the halo build that planned it
	}
	fmt.Fprintf(bw, "$COL,GNSS,time,lat,lon,hMSL,velN,velE,velD,hAcc,vAcc,sAcc,numSV\r\n")
	fmt.Fprintf(bw, "$UNIT,GNSS,,deg,deg,m,m/s,m/s,m/s,m,m,m/s,\r\n$DATA\r\n")
	for _, s := range flySightSamples(path) {
		lat, lon, _ := p.Env.Frame.ToGeodetic(s.e, s.n, 0)
		fmt.Fprintf(bw, "$GNSS,%s,%.7f,%.7f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%d\r\n",
			exit.Add(seconds(s.t)).Format("2006-01-02T15:04:05.000Z"), lat, lon, s.z, s.vn, s.ve, 0-s.vu, // 0-: no "-0.000" at rest
			flySightHAcc, flySightVAcc, flySightSAcc, flySightNumSV)
	}
	return bw.Flush()
}

// seconds is s seconds as a Duration, rounded to the nanosecond.
func seconds(s float64) time.Duration { return time.Duration(math.Round(s * float64(time.Second))) }

// onePath is the path of the named jumper of g, or of the only one when name is
// "".
func onePath(g *Geometry, name string) (Path, error) {
	if name == "" && len(g.Paths) == 1 {
		return g.Paths[0], nil
	}
	var names []string
	for _, path := range g.Paths {
		if name != "" && path.Name == name {
			return path, nil
		}
		names = append(names, Escape(path.Name))
	}
	if name == "" {
		return Path{}, fmt.Errorf("render: the plan has %d jumpers %q: a track holds one jumper, name which", len(g.Paths), names)
	}
	return Path{}, fmt.Errorf("render: no jumper %q in the plan; its jumpers are %q", Escape(name), names)
}

// state is a position (m from the target, m MSL) and velocity (m/s east, north,
// up) at t seconds from the jumper's exit.
type state struct{ t, e, n, z, ve, vn, vu float64 }

// flySightSamples are path's states every 1/FlySightRateHz s: the aircraft's
// run before the exit (level at the exit altitude, at the exit velocity: the
// jumper leaves with the aircraft's ground velocity), the trajectory
// interpolated (cubic Hermite positions, linear velocities, so that each
// position agrees with the velocities around it), then the rest at the landing.
func flySightSamples(path Path) []state {
	pts := path.Points
	first, last := pts[0], pts[len(pts)-1]
	dt := 1.0 / FlySightRateHz
	var out []state
	nRun := int(math.Round(FlySightRunS / dt))
	for k := -nRun; k < 0; k++ {
		t := first.T + float64(k)*dt
		out = append(out, state{t, first.E + first.VE*(t-first.T), first.N + first.VN*(t-first.T), first.Z, first.VE, first.VN, 0})
	}
	i := 0
	for k := 0; ; k++ {
		t := first.T + float64(k)*dt
		if t > last.T+1e-9 {
			break
		}
		for i+2 < len(pts) && pts[i+1].T <= t {
			i++
		}
		out = append(out, hermite(pts[i], pts[i+1], t))
	}
	end := out[len(out)-1].t
	for k := 1; float64(k)*dt <= FlySightRestS+1e-9; k++ {
		out = append(out, state{end + float64(k)*dt, last.E, last.N, last.Z, 0, 0, 0})
	}
	return out
}

// hermite interpolates between samples a and b at time t: positions by the
// cubic Hermite spline through both positions and velocities, velocities
// linearly.
func hermite(a, b PathPoint, t float64) state {
	h := b.T - a.T
	if h <= 0 {
		return state{t, a.E, a.N, a.Z, a.VE, a.VN, a.VU}
	}
	s := (t - a.T) / h
	h00, h10, h01, h11 := 2*s*s*s-3*s*s+1, s*s*s-2*s*s+s, -2*s*s*s+3*s*s, s*s*s-s*s
	pos := func(pa, va, pb, vb float64) float64 { return h00*pa + h10*h*va + h01*pb + h11*h*vb }
	lin := func(x, y float64) float64 { return x + s*(y-x) }
	return state{t,
		pos(a.E, a.VE, b.E, b.VE), pos(a.N, a.VN, b.N, b.VN), pos(a.Z, a.VU, b.Z, b.VU),
		lin(a.VE, b.VE), lin(a.VN, b.VN), lin(a.VU, b.VU)}
}

// SimText writes a short table of the simulation report.
func SimText(w io.Writer, r SimReport) error {
	fmt.Fprintf(w, "SIMULATION  %s  (%s)\n", Escape(r.Mission), r.Note)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "jumper\tfree fall\tmax speed\tat\tMach\tdeploys at\tlands after\tfrom target\tAAD")
	for _, j := range r.Jumpers {
		aad := "does not fire"
		if j.AADFire {
			aad = "FIRES"
		}
		fmt.Fprintf(tw, "%s\t%.1f s\t%s\t%s\t%.2f\t%s\t%.0f s\t%.0f m\t%s\n", Escape(j.Name), j.FreefallS, units.Spd(j.MaxSpeedMps), units.Alt(j.MaxSpeedAltM), j.MaxMach, units.Alt(j.DeployAltM), j.LandingTS, j.LandingErrM, aad)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return nil
}
