package render

import (
	"bytes"
	"fmt"
	"image/png"
	"testing"
	"time"

	"halo/debrief"
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
