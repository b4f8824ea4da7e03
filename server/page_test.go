package server

import (
	"bytes"
	"math"
	"net/http/httptest"
	"strings"
	"testing"

	"halo/geo"
	"halo/montecarlo"
)

// TestPlanGeometry: with ?traces=1 the plan carries render.PlanGeometry in
// latitude/longitude, the geometry the page's map draws: the target where the
// mission puts it, the release point where the plan says, one path per jumper
// (its samples are in traces), the jump run's four points.
func TestPlanGeometry(t *testing.T) {
	_, ts := newTest(t, nil)
	r := do(t, "POST", ts.URL+"/api/plan?traces=1", readTestdata(t, "fallout.yaml"), yamlCT...)
	wantCode(t, r, 200)
	type pt struct{ Lat, Lon, E, N float64 }
	var p struct {
		ReleasePoint struct {
			Lat float64 `json:"lat"`
			Lon float64 `json:"lon"`
		} `json:"release_point"`
		Jumpers  []any `json:"jumpers"`
		Geometry *struct {
			Target, ReleasePoint pt
			TargetRadiusM        float64
			JumpRun              []pt
			GreenLight           []pt
			Landings             []pt
			Paths                []struct {
				Name   string
				Points []any
				Phases []any
			}
		} `json:"geometry"`
	}
	r.json(t, &p)
	g := p.Geometry
	if g == nil {
		t.Fatal("no geometry in the plan")
	}
	// the mission: target: {lat: 24.10, lon: 54.60, ..., radius: 50 m}
	if g.Target.Lat != 24.10 || g.Target.Lon != 54.60 || g.TargetRadiusM != 50 {
		t.Errorf("target %+v radius %v, want 24.10, 54.60, 50 m", g.Target, g.TargetRadiusM)
	}
	if math.Abs(g.ReleasePoint.Lat-p.ReleasePoint.Lat) > 1e-6 || math.Abs(g.ReleasePoint.Lon-p.ReleasePoint.Lon) > 1e-6 {
		t.Errorf("geometry's release point %+v, plan's %+v", g.ReleasePoint, p.ReleasePoint)
	}
	if len(g.JumpRun) != 4 || len(g.GreenLight) != 2 || len(g.Landings) != len(p.Jumpers) || len(g.Paths) != len(p.Jumpers) {
		t.Errorf("jump run %d points, green light %d, %d landings and %d paths for %d jumpers", len(g.JumpRun), len(g.GreenLight), len(g.Landings), len(g.Paths), len(p.Jumpers))
	}
	for _, path := range g.Paths {
		if path.Name == "" || len(path.Points) != 0 || len(path.Phases) == 0 {
			t.Errorf("path %q: %d points (traces has them), %d phases", path.Name, len(path.Points), len(path.Phases))
		}
	}
}

// TestMGRS: GET /api/mgrs gives the cursor readout's grid reference from
// geo/mgrs. The point is the Eiffel Tower, 31UDQ4825011951 (GEOTRANS, as in
// geo/mgrs's example).
func TestMGRS(t *testing.T) {
	_, ts := newTest(t, nil)
	r := do(t, "GET", ts.URL+"/api/mgrs?lat=48.8583701&lon=2.2944813", nil)
	wantCode(t, r, 200)
	var m MGRSResponse
	r.json(t, &m)
	if m.MGRS != "31UDQ4825011951" {
		t.Errorf("MGRS %q, want 31UDQ4825011951", m.MGRS)
	}
	for _, q := range []string{"", "?lat=x&lon=2", "?lat=91&lon=0", "?lat=NaN&lon=0", "?lat=0&lon=-Inf"} {
		wantCode(t, do(t, "GET", ts.URL+"/api/mgrs"+q, nil), 400)
	}
}

// TestMCVerdict: a Monte Carlo job judges the plan again with its own odds, by
// the rule of `halo plan` (brief.Make): with the briefing's own runs and seed
// (2,000, seed 1) it gives the briefing's checks and verdict, and a mission
// whose talent plans the deployment at the 2,000 ft minimum (about half the
// openings below it) is NO-GO with the low openings among the reasons.
func TestMCVerdict(t *testing.T) {
	_, ts := newTest(t, nil)
	fallout := readTestdata(t, "fallout.yaml")
	atMin := bytes.Replace(fallout, []byte("open_at: 2500 ft"), []byte("open_at: 2000 ft"), 1)
	if bytes.Equal(atMin, fallout) {
		t.Fatal("fallout.yaml no longer has the talent's open_at: 2500 ft")
	}
	for _, c := range []struct {
		name    string
		mission []byte
	}{{"fallout", fallout}, {"talent opens at the minimum", atMin}} {
		r := do(t, "POST", ts.URL+"/api/plan", c.mission, yamlCT...)
		wantCode(t, r, 200)
		var p struct {
			Verdict string `json:"verdict"`
			Checks  []any  `json:"checks"`
		}
		r.json(t, &p)
		r = do(t, "POST", ts.URL+"/api/mc?n=2000&seed=1", c.mission, yamlCT...)
		wantCode(t, r, 202)
		var st MCStarted
		r.json(t, &st)
		got := waitMC(t, ts, st.ID)
		t.Logf("%s: plan %s, Monte Carlo %s: %q", c.name, p.Verdict, got.Verdict, got.Reasons)
		if got.Verdict != p.Verdict || len(got.Checks) != len(p.Checks) {
			t.Errorf("%s: Monte Carlo verdict %q with %d checks, the plan's %q with %d", c.name, got.Verdict, len(got.Checks), p.Verdict, len(p.Checks))
		}
		if !bytes.Equal(c.mission, atMin) {
			continue
		}
		if got.Verdict != "NO-GO" || !strings.Contains(strings.Join(got.Reasons, "|"), "opens below minimum") {
			t.Errorf("%s: verdict %q, reasons %q; want NO-GO for the low openings", c.name, got.Verdict, got.Reasons)
		}
	}
}

// TestPlanWinds: with ?traces=1 the plan carries the mission's wind layers for
// the map's arrows, each placed where the first jumper passes its altitude.
// fallout.yaml: 0 ft from 320° at 8 kt ... 30000 ft from 268° at 58 kt.
func TestPlanWinds(t *testing.T) {
	_, ts := newTest(t, nil)
	r := do(t, "POST", ts.URL+"/api/plan?traces=1", readTestdata(t, "fallout.yaml"), yamlCT...)
	wantCode(t, r, 200)
	var p struct {
		Winds []WindBand `json:"winds"`
	}
	r.json(t, &p)
	if len(p.Winds) != 8 {
		t.Fatalf("%d wind bands, want the mission's 8 layers", len(p.Winds))
	}
	first, last := p.Winds[0], p.Winds[7]
	if first.FromDeg != 320 || math.Abs(first.SpeedMps-8*0.514444) > 0.01 || last.FromDeg != 268 || math.Abs(last.AltM-30000*0.3048) > 0.1 {
		t.Errorf("wind bands %+v ... %+v", first, last)
	}
	for _, b := range p.Winds {
		if math.Abs(b.Lat-24.10) > 0.5 || math.Abs(b.Lon-54.60) > 0.5 {
			t.Errorf("wind band at %.0f m placed at %.4f, %.4f: far from the drop zone", b.AltM, b.Lat, b.Lon)
		}
	}
}

// TestMCMapOf: the Monte Carlo's ellipse is placed in WGS84 with the plan's
// frame: its ring reaches the major semi-axis along the ellipse's bearing from
// the mean landing point and the minor one across it; the cloud keeps its points.
func TestMCMapOf(t *testing.T) {
	f := geo.NewFrame(24.10, 54.60, 60)
	res := &montecarlo.Result{Jumpers: []montecarlo.Stats{{Name: "talent", MPI: montecarlo.MPI{E: 100, N: -50},
		Ellipse95: montecarlo.Ellipse{MajorM: 200, MinorM: 50, BearingDeg: 30}, Ellipse50: montecarlo.Ellipse{MajorM: math.NaN(), MinorM: math.NaN()}}}}
	m := mapOf(f, res, [][][2]float64{{{0, 0}, {10, 20}}})
	if len(m.LandingsLatLon) != 1 || len(m.LandingsLatLon[0]) != 2 || m.LandingsLatLon[0][0] != [2]float64{24.10, 54.60} {
		t.Errorf("cloud %v", m.LandingsLatLon)
	}
	if len(m.Ellipses) != 1 || m.Ellipses[0].Percent != 95 || len(m.Ellipses[0].Ring) != 73 {
		t.Fatalf("ellipses %+v (a NaN ellipse is left out)", m.Ellipses)
	}
	ring := m.Ellipses[0].Ring
	for _, c := range []struct {
		k             int
		dist, bearing float64
	}{{0, 200, 30}, {18, 50, 120}, {36, 200, 210}} {
		e, n, _ := f.ToENU(ring[c.k][0], ring[c.k][1], 0)
		de, dn := e-100, n+50
		d, b := math.Hypot(de, dn), math.Mod(math.Atan2(de, dn)*180/math.Pi+360, 360)
		if math.Abs(d-c.dist) > 0.1 || math.Abs(b-c.bearing) > 0.1 {
			t.Errorf("ring point %d: %.1f m on %.1f°, want %.0f m on %.0f°", c.k, d, b, c.dist, c.bearing)
		}
	}
}

// FuzzMGRSQuery: any query answers 200 with a reference or 400, never a panic.
func FuzzMGRSQuery(f *testing.F) {
	for _, q := range []string{"lat=48.8583701&lon=2.2944813", "lat=NaN&lon=0", "lat=-90&lon=180", "lat=84&lon=0", "lat=1e400&lon=0", "lat=&lon="} {
		f.Add(q)
	}
	s, _ := newTest(f, nil)
	f.Fuzz(func(t *testing.T, q string) {
		req := httptest.NewRequest("GET", "/api/mgrs", nil)
		req.URL.RawQuery = q
		rec := httptest.NewRecorder()
		s.getMGRS(rec, req)
		if rec.Code != 200 && rec.Code != 400 {
			t.Fatalf("?%s: %d", q, rec.Code)
		}
		if rec.Code == 200 && !strings.Contains(rec.Body.String(), `"mgrs":"`) {
			t.Fatalf("?%s: %s", q, rec.Body)
		}
	})
}
