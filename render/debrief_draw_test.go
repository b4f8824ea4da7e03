package render

import (
	"bytes"
	"fmt"
	"image/png"
	"math"
	"os"
	"testing"
	"time"

	"halo/debrief"
	"halo/internal/testdata"
	"halo/track"
)

// flownAsPlanned is a flown track that follows a planned path (10 s on the
// aircraft before the exit, shifted 30 m north so that it is not the plan), with
// its events where the plan has them: exit, deployment, canopy open, landing.
func flownAsPlanned(t *testing.T, g *Geometry, jumper string) debrief.Flown {
	t.Helper()
	var path Path
	for _, p := range g.Paths {
		if p.Name == jumper {
			path = p
		}
	}
	if len(path.Points) == 0 {
		t.Fatalf("no planned path for %q", jumper)
	}
	start := time.Date(2026, 11, 25, 10, 51, 32, 0, time.UTC)
	tr := &track.Track{Format: "synthetic (the plan)", AltRef: "MSL"}
	const dLat = 30.0 / 111e3
	first := path.Points[0]
	for k := 20; k >= 1; k-- { // on the aircraft, 0.5 s apart
		ts := -0.5 * float64(k)
		tr.Points = append(tr.Points, track.Point{T: start.Add(time.Duration(ts * 1e9)), Lat: first.Lat + dLat, Lon: first.Lon, HMSL: first.Z,
			VelN: first.VN, VelE: first.VE, HAcc: 3, VAcc: 5, SAcc: 0.3, NumSV: 12})
	}
	for _, s := range path.Points {
		tr.Points = append(tr.Points, track.Point{T: start.Add(time.Duration(s.T * 1e9)), Lat: s.Lat + dLat, Lon: s.Lon, HMSL: s.Z,
			VelN: s.VN, VelE: s.VE, VelD: -s.VU, HAcc: 3, VAcc: 5, SAcc: 0.3, NumSV: 12})
	}
	t0 := tr.Points[0].T
	ev := func(i int) track.Event {
		pt := tr.Points[i]
		return track.Event{Found: true, Index: i, T: pt.T, TS: pt.T.Sub(t0).Seconds(), AltMSL: pt.HMSL}
	}
	var ph track.Phases
	ph.Exit = ev(20)
	for _, c := range path.Phases {
		switch c.Phase {
		case "deploying":
			ph.DeployStart = ev(20 + c.Index)
		case "canopy":
			ph.CanopyOpen = ev(20 + c.Index)
		}
	}
	ph.Landing = ev(len(tr.Points) - 1)
	if !ph.DeployStart.Found || !ph.CanopyOpen.Found {
		t.Fatalf("the planned path has no deployment or opening: %v", path.Phases)
	}
	return debrief.Flown{Name: jumper, Track: tr, Phases: ph}
}

func trackWant(tr *track.Track) (w want) {
	for _, pt := range tr.Points {
		w = append(w, position3{pt.Lon, pt.Lat, pt.HMSL})
	}
	return w
}

// TestDrawings: the debrief's GeoJSON and KML are read back and hold the flown
// track, its four events and the plan's geometry coordinate by coordinate; with
// no plan, the flown track alone. The PNG decodes at the size asked.
func TestDrawings(t *testing.T) {
	p, g := solvedGeometry(t)
	f := flownAsPlanned(t, g, "talent")
	flown := []debrief.Flown{f}
	events := map[string]track.Event{"exit": f.Phases.Exit, "deploy": f.Phases.DeployStart, "canopy_open": f.Phases.CanopyOpen, "landing": f.Phases.Landing}
	eventWant := func(e track.Event) want {
		pt := f.Track.Points[e.Index]
		return want{{pt.Lon, pt.Lat, e.AltMSL}}
	}

	for _, withPlan := range []bool{true, false} {
		pl := p
		if !withPlan {
			pl = nil
		}
		t.Run(fmt.Sprintf("geojson plan=%v", withPlan), func(t *testing.T) {
			var b bytes.Buffer
			if err := DebriefGeoJSON(&b, flown, pl); err != nil {
				t.Fatal(err)
			}
			fs := geoJSONFeatures(t, b.Bytes())
			kinds := map[string]int{}
			for _, x := range fs {
				k, _ := x.Props["kind"].(string)
				kinds[k]++
				if ev, ok := x.Props["event"].(string); ok {
					sameCoords(t, "event "+ev, x.Coords, eventWant(events[ev]))
				}
			}
			want := map[string]int{"flown": 1, "flown_event": 4}
			if withPlan {
				for k, n := range map[string]int{"planned": len(g.Paths), "release_point": 1, "jump_run": 1, "green_light": 1, "target": 1} {
					want[k] = n
				}
			}
			if len(kinds) != len(want) {
				t.Errorf("kinds %v, want %v", kinds, want)
			}
			for k, n := range want {
				if kinds[k] != n {
					t.Errorf("%d features of kind %s, want %d (all: %v)", kinds[k], k, n, kinds)
				}
			}
			idx := map[string]readFeature{}
			for _, x := range fs {
				if x.Props["kind"] != "flown_event" {
					idx[x.Props["kind"].(string)+":"+x.Props["name"].(string)] = x
				}
			}
			sameCoords(t, "flown", idx["flown:talent"].Coords, trackWant(f.Track))
			if !withPlan {
				return
			}
			for _, path := range g.Paths {
				sameCoords(t, path.Name+" planned", idx["planned:"+path.Name].Coords, wantPath(path))
			}
			sameCoords(t, "release point", idx["release_point:release point"].Coords, wantPoints([]Point{g.ReleasePoint}, g.ReleaseAltM))
			sameCoords(t, "jump run", idx["jump_run:jump run"].Coords, wantPoints(g.JumpRun, g.ReleaseAltM))
			sameCoords(t, "green light", idx["green_light:green light"].Coords, wantPoints(g.GreenLight[:], g.ReleaseAltM))
			sameCoords(t, "target", idx["target:target"].Coords, wantPoints([]Point{g.Target}, g.TargetElevM))
		})

		t.Run(fmt.Sprintf("kml plan=%v", withPlan), func(t *testing.T) {
			var b bytes.Buffer
			if err := DebriefKML(&b, flown, pl); err != nil {
				t.Fatal(err)
			}
			pm := kmlPlacemarks(t, b.Bytes())
			n := 1 + len(events)
			if withPlan {
				n += len(g.Paths) + 4
			}
			if len(pm) != n {
				t.Errorf("%d placemarks, want %d", len(pm), n)
			}
			sameCoords(t, "flown", pm["talent (flown)"], trackWant(f.Track))
			for name, e := range events {
				sameCoords(t, "event "+name, pm["talent "+name], eventWant(e))
			}
			if !withPlan {
				return
			}
			for _, path := range g.Paths {
				sameCoords(t, path.Name+" planned", pm[path.Name+" (planned)"], wantPath(path))
			}
			sameCoords(t, "release point", pm["release point"], wantPoints([]Point{g.ReleasePoint}, g.ReleaseAltM))
			sameCoords(t, "jump run", pm["jump run"], wantPoints(g.JumpRun, g.ReleaseAltM))
			sameCoords(t, "green light", pm["green light"], wantPoints(g.GreenLight[:], g.ReleaseAltM))
			sameCoords(t, "target", pm["target"], wantPoints([]Point{g.Target}, 0))
		})
	}

	for _, c := range []struct {
		withPlan      bool
		w, h, wantW   int
		jumper, label string
	}{{true, 800, 600, 800, "talent", "with the plan"}, {false, 0, 0, 1200, "", "alone, default size"}} {
		t.Run("png "+c.label, func(t *testing.T) {
			pl := p
			if !c.withPlan {
				pl = nil
			}
			var img bytes.Buffer
			if err := DebriefPNG(&img, f, pl, c.jumper, c.w, c.h); err != nil {
				t.Fatal(err)
			}
			im, err := png.Decode(&img)
			if err != nil {
				t.Fatal(err)
			}
			if b := im.Bounds(); b.Dx() != c.wantW {
				t.Errorf("PNG %d px wide, want %d", b.Dx(), c.wantW)
			}
		})
	}
	if err := DebriefPNG(&bytes.Buffer{}, debrief.Flown{Name: "short", Track: &track.Track{Points: f.Track.Points[:1]}}, nil, "", 0, 0); err == nil {
		t.Error("a one-point track drew a PNG")
	}
}

// secondsTrack is a 1 Hz track of n points from start, at rest, with its
// events at the given indexes (-1: not recorded).
func secondsTrack(n, exit, freefall, landing int) debrief.Flown {
	start := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	tr := &track.Track{Format: "synthetic", AltRef: "MSL"}
	for i := 0; i < n; i++ {
		tr.Points = append(tr.Points, track.Point{T: start.Add(time.Duration(i) * time.Second), HMSL: 1000, VelD: 1})
	}
	ev := func(i int) track.Event {
		if i < 0 {
			return track.Event{}
		}
		return track.Event{Found: true, Index: i, T: tr.Points[i].T, TS: float64(i), AltMSL: 1000}
	}
	return debrief.Flown{Name: "x", Track: tr, Phases: track.Phases{Exit: ev(exit), FreeFall: ev(freefall), Landing: ev(landing)}}
}

// The PNG shows from 30 s before the exit to 10 s after the landing (a
// speed-skydiving track holds 25 minutes on the ground and in the climb before
// them), within the track, widened to the whole planned path.
func TestDebriefWindow(t *testing.T) {
	cases := []struct {
		name                  string
		f                     debrief.Flown
		plannedEnd            float64
		wantX0, wantX1, wantT float64 // window and the x origin (t0)
	}{
		{"ground to ground", secondsTrack(2000, 1000, 1003, 1200), math.NaN(), -30, 210, 1000},
		{"planned path longer than the flown", secondsTrack(2000, 1000, 1003, 1200), 260, -30, 260, 1000},
		{"planned path shorter", secondsTrack(2000, 1000, 1003, 1200), 150, -30, 210, 1000},
		{"logger started 10 s before exit, stopped at landing", secondsTrack(211, 10, 13, 210), math.NaN(), -10, 200, 10},
		{"no exit: from the free fall", secondsTrack(2000, -1, 500, 700), math.NaN(), 470, 710, 0},
		{"no exit, no landing: the track", secondsTrack(300, -1, -1, -1), math.NaN(), 0, 299, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t0 := 0.0
			if c.f.Phases.Exit.Found {
				t0 = c.f.Phases.Exit.TS
			}
			if t0 != c.wantT {
				t.Fatalf("t0 %v", t0)
			}
			x0, x1 := debriefWindow(c.f, t0, c.plannedEnd)
			if x0 != c.wantX0 || x1 != c.wantX1 {
				t.Errorf("window %v..%v s, want %v..%v", x0, x1, c.wantX0, c.wantX1)
			}
		})
	}
	// the real speed-skydiving track (testdata/tracks/SOURCES.md: exit ≈ 1,482.9 s,
	// landing ≈ 1,671-1,677 s of a 2,035 s file)
	b, err := os.ReadFile(testdata.Path(t, "ssscoring-test-data-00.CSV"))
	if err != nil {
		t.Fatal(err)
	}
	tr, err := track.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	ph, err := track.DetectPhases(tr)
	if err != nil {
		t.Fatal(err)
	}
	x0, x1 := debriefWindow(debrief.Flown{Track: tr, Phases: ph}, ph.Exit.TS, math.NaN())
	if x0 != -30 || math.Abs(x1-(ph.Landing.TS-ph.Exit.TS+10)) > 1e-9 || x1 < 180 || x1 > 205 {
		t.Errorf("speed track window %.1f..%.1f s from exit, want -30..landing+10 (≈ 190-200)", x0, x1)
	}
}

// Logging gaps and unknown values split a series: no segment spans a gap, and
// points outside the window are left out.
func TestFlownSegments(t *testing.T) {
	f := secondsTrack(100, 10, 13, 90)
	tr := f.Track
	tr.Points[40].Flags |= track.FlagGapBefore
	tr.Points[60].VelD = math.NaN()
	vd := func(p track.Point) float64 { return p.VelD }
	segs := flownSegments(tr, 10, -5, 80, vd)
	var got [][2]float64
	for _, s := range segs {
		got = append(got, [2]float64{s[0].X, s[len(s)-1].X})
	}
	want := [][2]float64{{-5, 29}, {30, 49}, {51, 80}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("segments %v, want %v", got, want)
	}
	// the real broken recording (SOURCES.md: gaps of 682 s and 71 s): within
	// its window no segment joins points more than a logging interval apart
	b, err := os.ReadFile(testdata.Path(t, "ssscoring-02-00-00-startosphere-TRACK.CSV"))
	if err != nil {
		t.Fatal(err)
	}
	st, err := track.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range flownSegments(st, 0, 0, st.Seconds(len(st.Points)-1), func(p track.Point) float64 { return p.HMSL }) {
		for i := 1; i < len(s); i++ {
			if s[i].X-s[i-1].X > 1.5 {
				t.Fatalf("a segment joins %.1f s and %.1f s across a gap", s[i-1].X, s[i].X)
			}
		}
	}
}

// Event labels close together (deployment and opening 3-5 s apart) go to
// different rows; none overlaps another in its row; one that would run past
// the right edge ends at its event instead.
func TestPlaceLabels(t *testing.T) {
	xs := []float64{0, 48, 52, 56, 190}
	ws := []float64{8, 10, 14, 9, 12}
	ps := placeLabels(xs, ws, 200, 1)
	if ps[0].row != 0 || ps[1].row != 0 || ps[2].row != 1 || ps[3].row != 2 || ps[4].row != 0 {
		t.Errorf("rows %+v", ps)
	}
	if ps[4].left != 178 {
		t.Errorf("the label at 190 s (12 s wide, edge at 200) starts at %v, want 178", ps[4].left)
	}
	for i := range ps {
		for j := range i {
			if ps[i].row == ps[j].row && ps[i].left < ps[j].left+ws[j]+1 && ps[j].left < ps[i].left+ws[i]+1 {
				t.Errorf("labels %d and %d overprint: %+v %+v", j, i, ps[j], ps[i])
			}
		}
	}
}
