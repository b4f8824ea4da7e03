package airspace

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"halo/geo"
)

// Test files are hand-made; see testdata/SOURCES.md.

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestReadFeatureCollection(t *testing.T) {
	ps, err := Read(bytes.NewReader(readFile(t, "restricted.geojson")))
	if err != nil {
		t.Fatal(err)
	}
	wantNames := []string{"R-TEST-1 range", "Border strip (part 1)", "Border strip (part 2)", "Ring with an allowed hole", "feature 4"}
	if len(ps) != len(wantNames) {
		t.Fatalf("%d polygons, want %d: %+v", len(ps), len(wantNames), ps)
	}
	for i, p := range ps {
		if p.Name != wantNames[i] {
			t.Errorf("polygon %d name %q, want %q", i, p.Name, wantNames[i])
		}
	}
	if len(ps[0].Ring) != 5 || ps[0].Ring[1] != [2]float64{-117.70, 35.30} {
		t.Errorf("first ring %v", ps[0].Ring)
	}
	if len(ps[3].Holes) != 1 || len(ps[3].Holes[0]) != 5 {
		t.Errorf("hole not kept: %+v", ps[3])
	}
	// Everything projects around a drop zone in the middle, and the hole works:
	// its centre (-118.10, 35.30) is allowed, a point between hole and ring is not.
	f := geo.NewFrame(35.3, -117.75, 700)
	as, err := ProjectAll(f, ps)
	if err != nil {
		t.Fatal(err)
	}
	e, n, _ := f.ToENU(35.30, -118.10, 700)
	if as[3].Contains(e, n) {
		t.Error("hole centre reported forbidden")
	}
	e, n, _ = f.ToENU(35.30, -118.18, 700)
	if !as[3].Contains(e, n) {
		t.Error("ring body reported allowed")
	}
	// The drop zone (-117.75, 35.3) lies on R-TEST-1's south edge: inside by convention.
	if !as[0].Contains(0, 0) {
		t.Errorf("DZ on the south edge: SignedDistance %v", as[0].SignedDistance(0, 0))
	}
}

func TestReadSingleFeatureAndBareGeometry(t *testing.T) {
	ps, err := Read(bytes.NewReader(readFile(t, "single_feature.geojson")))
	if err != nil || len(ps) != 1 || ps[0].Name != "Prohibited P-1" {
		t.Fatalf("single feature: %v %+v", err, ps)
	}
	ps, err = Read(bytes.NewReader(readFile(t, "bare_multipolygon.geojson")))
	if err != nil || len(ps) != 1 || ps[0].Name != "geometry" {
		t.Fatalf("bare multipolygon: %v %+v", err, ps)
	}
	gc := `{"type":"GeometryCollection","geometries":[{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1]]]},{"type":"Polygon","coordinates":[[[2,0],[3,0],[3,1]]]}]}`
	ps, err = Read(strings.NewReader(gc))
	if err != nil || len(ps) != 2 || ps[1].Name != "geometry (member 2)" {
		t.Fatalf("geometry collection: %v %+v", err, ps)
	}
}

func TestReadErrors(t *testing.T) {
	poly := `{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1]]]}`
	cases := []struct {
		name, in, want string
	}{
		{"empty input", ``, "malformed JSON"},
		{"syntax error with line", "{\"type\": \"FeatureCollection\",\n \"features\": [\n  {\"type\": \"Feature\" \"geometry\": null}]}", "line 3 column"},
		{"no type", `{"features": []}`, `no "type"`},
		{"unknown type", `{"type": "Topology"}`, `type "Topology"`},
		{"no features array", `{"type": "FeatureCollection"}`, `no "features" array`},
		{"empty collection", `{"type": "FeatureCollection", "features": []}`, "holds no polygon"},
		{"point feature", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"mast"},"geometry":{"type":"Point","coordinates":[1,2]}}]}`, `feature 1 ("mast"): geometry type "Point" is not an area`},
		{"null geometry", `{"type":"FeatureCollection","features":[` + `{"type":"Feature","properties":{},"geometry":` + poly + `},` + `{"type":"Feature","properties":{"name":"gap"},"geometry":null}]}`, `feature 2 ("gap"): no geometry`},
		{"name not a string", `{"type":"Feature","properties":{"name":42},"geometry":` + poly + `}`, "properties.name is 42: want a string"},
		{"coordinates wrong shape", "{\"type\":\"Feature\",\"geometry\":\n{\"type\":\"Polygon\",\"coordinates\":[[0,0],[1,0],[1,1]]}}", "line 2 column"},
		{"one-number position", `{"type":"Polygon","coordinates":[[[0,0],[1],[1,1]]]}`, "outer ring point 2 has 1 numbers"},
		{"swapped lat/lon", `{"type":"Polygon","coordinates":[[[35.3,-117.8],[35.4,-117.8],[35.4,-117.7]]]}`, "latitude -117.8: want [-90, 90] degrees (GeoJSON order is [lon, lat])"},
		{"self-intersecting", `{"type":"Feature","properties":{"name":"tie"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}}`, `feature 1 ("tie"): outer ring edge 1`},
		{"multipolygon part bad", `{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1]]],[[[0,0],[1,0]]]]}`, "MultiPolygon part 2"},
		{"polygon with no rings", `{"type":"Polygon","coordinates":[]}`, "no rings"},
		{"feature with wrong type", `{"type":"FeatureCollection","features":[{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1]]]}]}`, `feature 1: type "Polygon": want "Feature"`},
	}
	for _, c := range cases {
		_, err := Read(strings.NewReader(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: Read error = %v, want it to contain %q", c.name, err, c.want)
		}
	}
}

func FuzzRead(f *testing.F) {
	for _, name := range []string{"restricted.geojson", "single_feature.geojson", "bare_multipolygon.geojson"} {
		f.Add(readFile(f, name))
	}
	f.Add([]byte(`{"type":"GeometryCollection","geometries":[{"type":"GeometryCollection","geometries":[]}]}`))
	f.Add([]byte(`{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1]],[[0.5,0.2],[0.8,0.2],[0.8,0.5]]]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, err := Read(bytes.NewReader(data))
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
			return
		}
		if len(ps) == 0 {
			t.Fatal("no polygons and no error")
		}
		for _, p := range ps {
			if err := p.Validate(); err != nil {
				t.Fatalf("Read returned an invalid polygon: %v", err)
			}
			if len(p.Lines) != 1+len(p.Holes) || len(p.Lines[0]) != len(p.Ring) {
				t.Fatalf("lines %v for a ring of %d points and %d holes", p.Lines, len(p.Ring), len(p.Holes))
			}
			for hi, h := range p.Holes {
				if len(p.Lines[hi+1]) != len(h) {
					t.Fatalf("hole %d: %d lines for %d points", hi+1, len(p.Lines[hi+1]), len(h))
				}
			}
			fr := geo.NewFrame(p.Ring[0][1], p.Ring[0][0], 0)
			a, err := Project(fr, p)
			if err != nil {
				continue // too far from its own first point is possible for huge polygons
			}
			_ = a.SignedDistance(0, 0)
			_ = a.Crossings([][2]float64{{-1000, -1000}, {1000, 1000}})
		}
	})
}
