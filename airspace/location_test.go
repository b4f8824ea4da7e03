package airspace

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"halo/geo"
)

// A point far from the drop zone was reported as "ring 0 point 1 (54, -0)": the
// longitude first, a ring counted from 0 next to a point counted from 1, and no
// file or line. The message gives the file, the point's line, and latitude then
// longitude, named; a point whose numbers look swapped says so.
func TestFarPointMessage(t *testing.T) {
	const doc = `{"type": "FeatureCollection", "features": [
  {"type": "Feature", "properties": {"name": "R-1"},
   "geometry": {"type": "Polygon", "coordinates": [[
      [54.5, -0.0],
      [54.7, 24.0],
      [54.7, 24.2],
      [54.5, 24.2]
   ]]}},
  {"type": "Feature", "properties": {"name": "R-2"},
   "geometry": {"type": "Polygon", "coordinates": [[
      [54.5, 24.0], [54.7, 24.0],
      [24.2, 54.7],
      [54.5, 24.2]
   ]]}}
]}
`
	ps, err := Read(bytes.NewReader([]byte(doc)))
	if err != nil {
		t.Fatal(err)
	}
	for i := range ps {
		ps[i].Source = "areas.geojson"
	}
	f := geo.NewFrame(24.1, 54.6, 60)
	for _, c := range []struct {
		p    Polygon
		want []string
		not  []string
	}{
		{ps[0], []string{"areas.geojson:4: ", `airspace "R-1"`, "outer ring point 1 (lat -0, lon 54.5)", "km from the drop zone"}, []string{"ring 0", "swapped"}},
		{ps[1], []string{"areas.geojson:12: ", `airspace "R-2"`, "outer ring point 3 (lat 54.7, lon 24.2)", "swapped", "[lon, lat]"}, []string{"ring 0"}},
	} {
		_, err := Project(f, c.p)
		if err == nil {
			t.Fatalf("%s: projected", c.p.Name)
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%q: does not say %q", err, w)
			}
		}
		for _, w := range c.not {
			if strings.Contains(err.Error(), w) {
				t.Errorf("%q: says %q", err, w)
			}
		}
		if !strings.HasPrefix(err.Error(), "areas.geojson:") {
			t.Errorf("%q: the path and line come first", err)
		}
	}
}

// The points of every ring know their lines in the GeoJSON text (a MultiPolygon's
// parts and a polygon's holes included).
func TestPointLines(t *testing.T) {
	ps, err := Read(bytes.NewReader(readFile(t, "restricted.geojson")))
	if err != nil {
		t.Fatal(err)
	}
	data := string(readFile(t, "restricted.geojson"))
	lines := strings.Split(data, "\n")
	for _, p := range ps {
		rings := append([][][2]float64{p.Ring}, p.Holes...)
		if len(p.Lines) != len(rings) {
			t.Fatalf("%s: lines for %d rings, want %d", p.Name, len(p.Lines), len(rings))
		}
		for ri, r := range rings {
			for i, pt := range r {
				l := p.Lines[ri][i]
				if l < 1 || l > len(lines) || !strings.Contains(lines[l-1], trimFloat(pt[0])) || !strings.Contains(lines[l-1], trimFloat(pt[1])) {
					t.Errorf("%s ring %d point %d %v: line %d does not hold it", p.Name, ri, i, pt, l)
				}
			}
		}
	}
}

func trimFloat(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// A GeoJSON file saved with a UTF-8 byte-order mark reads like one without.
func TestReadByteOrderMark(t *testing.T) {
	b := readFile(t, "single_feature.geojson")
	want, err := Read(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	got, err := Read(bytes.NewReader(append([]byte("\xef\xbb\xbf"), b...)))
	if err != nil || len(got) != len(want) {
		t.Fatalf("with a BOM: %d polygons, %v", len(got), err)
	}
}
