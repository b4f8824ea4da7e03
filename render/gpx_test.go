package render

import (
	"bytes"
	"encoding/xml"
	"math"
	"testing"
)

// The pilot's GPX is read back as GPX 1.1 and its route points are the brief's.
func TestPilotGPX(t *testing.T) {
	p := solveDefault(t, nil)
	var b bytes.Buffer
	if err := PilotGPX(&b, p); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Wpts []struct {
			Lat  float64 `xml:"lat,attr"`
			Lon  float64 `xml:"lon,attr"`
			Name string  `xml:"name"`
		} `xml:"wpt"`
		Rte struct {
			Pts []struct {
				Lat  float64 `xml:"lat,attr"`
				Lon  float64 `xml:"lon,attr"`
				Name string  `xml:"name"`
			} `xml:"rtept"`
		} `xml:"rte"`
	}
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("%v\n%s", err, b.String())
	}
	pb := p.Pilot
	want := []struct {
		name     string
		lat, lon float64
	}{{"SLOW", pb.SlowDown.Lat, pb.SlowDown.Lon}, {"IP", pb.IP.Lat, pb.IP.Lon}, {"GREEN", pb.GreenLight.Lat, pb.GreenLight.Lon}, {"RED", pb.RedLight.Lat, pb.RedLight.Lon}}
	if len(doc.Rte.Pts) != len(want) || len(doc.Wpts) != len(want)+1 || doc.Wpts[0].Name != "DIP" {
		t.Fatalf("route %d points, %d waypoints", len(doc.Rte.Pts), len(doc.Wpts))
	}
	for i, w := range want {
		g := doc.Rte.Pts[i]
		if g.Name != w.name || math.Abs(g.Lat-w.lat) > 1e-9 || math.Abs(g.Lon-w.lon) > 1e-9 {
			t.Errorf("route point %d: %s %.7f %.7f, want %s %.7f %.7f", i, g.Name, g.Lat, g.Lon, w.name, w.lat, w.lon)
		}
	}
}
