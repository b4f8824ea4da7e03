package render

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"

	"halo/debrief"
	"halo/mission"
	"halo/plan"
	"halo/track"
)

// Event tolerances of the FlySight read-back, s. The exit, the canopy opening
// and the landing are found within a second of the plan. The deployment is
// measured differently by the two sides: the plan's is the pull (flight's Deploy
// event), the debrief's the onset of the opening deceleration (a quarter of its
// peak, track.DeployOnsetFrac), and the plan's canopy decelerates at 0.2-0.6 g
// in its first second (peak 3 g): the debrief finds it from 0.3 s before to
// 1.2 s after the pull in these plans. The deployment is held to 1.5 s.
const (
	eventTolS  = 1.0
	deployTolS = 1.5
)

// flySightMissions are the plans exported: the embedded mission (two jumpers
// leaving together), a one-jumper mission, and a stick of three with a second
// exit 4 s and a third 8 s after the first (different exit offsets and
// clocks).
func flySightMissions(t *testing.T) map[string]*plan.Plan {
	t.Helper()
	return map[string]*plan.Plan{
		"embedded": solveDefault(t, nil),
		"one jumper": solveDefault(t, func(m *mission.Mission) {
			m.Jumpers = m.Jumpers[:1]
		}),
		"stick of three": solveDefault(t, func(m *mission.Mission) {
			third := m.Jumpers[1]
			third.Name, third.ExitDelay, third.ExitDelayGiven = "jm", 8, true
			m.Jumpers[1].ExitDelay, m.Jumpers[1].ExitDelayGiven = 4, true
			m.Jumpers = append(m.Jumpers, third)
		}),
	}
}

// TestFlySight2ReadsBack exports each jumper of each plan as a FlySight 2 file
// and reads it back with halo's own reader and debrief: every row is kept, the
// accuracies are a good fix's, and the exit, deployment, canopy opening and
// landing are found where and when the plan has them.
func TestFlySight2ReadsBack(t *testing.T) {
	for name, p := range flySightMissions(t) {
		for i, j := range p.Jumpers {
			t.Run(name+"/"+j.Name, func(t *testing.T) {
				var b bytes.Buffer
				if err := FlySight2(&b, p, j.Name); err != nil {
					t.Fatal(err)
				}
				rows := strings.Count(b.String(), "\r\n$GNSS,")
				d, err := debrief.File(j.Name+".CSV", b.Bytes(), p, j.Name, 0)
				if err != nil {
					t.Fatal(err)
				}
				tr := d.Track
				if tr.Format != "FlySight 2" || len(tr.Points) != rows || len(tr.Warnings) != 0 {
					t.Errorf("read as %q, %d of %d rows kept, warnings %v", tr.Format, len(tr.Points), rows, tr.Warnings)
				}
				for _, q := range tr.Points {
					if !(q.HAcc > 0 && q.HAcc <= 3 && q.VAcc > 0 && q.VAcc <= 5 && q.SAcc > 0 && q.SAcc <= 1 && q.NumSV >= 6) {
						t.Fatalf("line %d: hAcc %g m, vAcc %g m, sAcc %g m/s, numSV %d: not a good fix", q.Line, q.HAcc, q.VAcc, q.SAcc, q.NumSV)
					}
				}
				checkFlySightRun(t, p, i, tr)

				res := j.Result
				exit := p.ExitTime.Add(seconds(j.ExitOffsetS))
				r := d.Report
				for _, e := range []struct {
					name    string
					m       *debrief.Moment
					planned float64 // s from the jumper's exit
					tol     float64
				}{
					{"exit", r.Exit, 0, eventTolS},
					{"deployment", r.Deploy, res.Deploy.T, deployTolS},
					{"canopy opening", r.CanopyOpen, res.Open.T, eventTolS},
					{"landing", r.Landing, res.Land.T, eventTolS},
				} {
					if e.m == nil {
						t.Errorf("%s not found: %v", e.name, r.Notes)
						continue
					}
					got := e.m.Time.Sub(exit).Seconds()
					t.Logf("%s: found %+.2f s from the plan's", e.name, got-e.planned)
					if math.Abs(got-e.planned) > e.tol {
						t.Errorf("%s found %.2f s after the exit, the plan has %.2f s (±%.1f s)", e.name, got, e.planned, e.tol)
					}
				}
				if pd := r.PlanDiff; pd == nil {
					t.Errorf("no comparison with the plan: %v", r.Notes)
				} else if !(math.Abs(pd.ExitAltMSL.Delta) < 5 && math.Abs(pd.ExitAlongM) < 50 && pd.LandingFromPlannedM < 5) {
					t.Errorf("against the plan: exit %.1f m high, %.1f m along the run; landing %.1f m from the planned one",
						pd.ExitAltMSL.Delta, pd.ExitAlongM, pd.LandingFromPlannedM)
				}
			})
		}
	}
}

// checkFlySightRun checks the track around the jump: FlySightRunS of level
// flight at the exit altitude and the run's ground speed before the exit, and
// FlySightRestS at rest at the landing point after it, every 1/FlySightRateHz s.
func checkFlySightRun(t *testing.T, p *plan.Plan, i int, tr *track.Track) {
	t.Helper()
	j := p.Jumpers[i]
	exit := p.ExitTime.Add(seconds(j.ExitOffsetS))
	pts := tr.Points
	if d := exit.Sub(pts[0].T).Seconds(); math.Abs(d-FlySightRunS) > 0.0015 { // times are written to the millisecond
		t.Errorf("the track starts %.3f s before the exit, want %.0f s of the aircraft's run", d, FlySightRunS)
	}
	last := pts[len(pts)-1]
	if d := last.T.Sub(exit).Seconds() - j.Result.Land.T; d < FlySightRestS-0.2 || d > FlySightRestS+0.2 {
		t.Errorf("the track ends %.2f s after landing, want %.0f s", d, FlySightRestS)
	}
	step := time.Second / FlySightRateHz
	for k := 1; k < len(pts); k++ {
		if dt := pts[k].T.Sub(pts[k-1].T); dt <= 0 || dt > step+time.Millisecond {
			t.Fatalf("line %d: %v after the row before, want %v", pts[k].Line, dt, step)
		}
	}
	gs := p.JumpRun.GroundSpeedMps
	for _, q := range pts {
		if !q.T.Before(exit) {
			break
		}
		if math.Abs(q.HMSL-p.ReleasePoint.AltM) > 0.01 || math.Abs(math.Hypot(q.VelN, q.VelE)-gs) > 0.01 || q.VelD != 0 {
			t.Fatalf("line %d on the run: %.2f m MSL, %.2f m/s over the ground, %.2f m/s down; the run is at %.2f m, %.2f m/s, level",
				q.Line, q.HMSL, math.Hypot(q.VelN, q.VelE), q.VelD, p.ReleasePoint.AltM, gs)
		}
	}
	for k := len(pts) - 1; pts[k].T.Sub(exit).Seconds() > j.Result.Land.T+1e-3; k-- {
		q := pts[k]
		if math.Abs(q.HMSL-j.Result.Land.Alt) > 0.01 || q.VelN != 0 || q.VelE != 0 || q.VelD != 0 {
			t.Fatalf("line %d after landing: %.2f m MSL, velocity %g %g %g; want at rest at %.2f m", q.Line, q.HMSL, q.VelN, q.VelE, q.VelD, j.Result.Land.Alt)
		}
	}
}

// A plan with several jumpers has no "only" FlySight track, and a name that is
// not the plan's is refused with the plan's names.
func TestFlySight2OneJumper(t *testing.T) {
	p := solveDefault(t, nil)
	for _, name := range []string{"", "nobody"} {
		var b bytes.Buffer
		err := FlySight2(&b, p, name)
		if err == nil || !strings.Contains(err.Error(), "talent") || !strings.Contains(err.Error(), "camera") {
			t.Errorf("FlySight2(%q): %v; want an error naming the jumpers", name, err)
		}
		if b.Len() != 0 {
			t.Errorf("FlySight2(%q) wrote %d bytes before failing", name, b.Len())
		}
	}
}
