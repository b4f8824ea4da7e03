package render

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"io"

	"halo/plan"
)

// GPX types: the subset of GPX 1.1 (topografix.com/GPX/1/1) an aircraft's
// navigation system reads: waypoints and one route.
type gpxDoc struct {
	XMLName xml.Name `xml:"gpx"`
	Version string   `xml:"version,attr"`
	Creator string   `xml:"creator,attr"`
	NS      string   `xml:"xmlns,attr"`
	Wpts    []gpxPt  `xml:"wpt"`
	Rte     gpxRte   `xml:"rte"`
}

type gpxRte struct {
	Name string  `xml:"name"`
	Pts  []gpxPt `xml:"rtept"`
}

type gpxPt struct {
	Lat  float64 `xml:"lat,attr"`
	Lon  float64 `xml:"lon,attr"`
	Ele  float64 `xml:"ele"`
	Name string  `xml:"name"`
	Desc string  `xml:"desc,omitempty"`
}

// PilotGPX writes the pilot's brief as GPX 1.1: the target (DIP) and the run's
// points as waypoints, and the run (slow-down point, IP, green light, red light)
// as a route, at the exit altitude (m MSL).
func PilotGPX(w io.Writer, p *plan.Plan) error {
	b := &p.Pilot
	alt := p.ReleasePoint.AltM
	pt := func(ll plan.LatLon, name, desc string) gpxPt {
		return gpxPt{Lat: ll.Lat, Lon: ll.Lon, Ele: alt, Name: name, Desc: desc}
	}
	run := []gpxPt{
		pt(b.SlowDown, "SLOW", "slow-down point"),
		pt(b.IP, "IP", fmt.Sprintf("initial point: course %03.0f° true, door open", b.CourseTrue)),
		pt(b.GreenLight, "GREEN", "green light (release point)"),
		pt(b.RedLight, "RED", fmt.Sprintf("red light; escape %03.0f° true", b.EscapeTrue)),
	}
	doc := gpxDoc{Version: "1.1", Creator: cmp.Or(Escape(p.Planner), "halo"), NS: "http://www.topografix.com/GPX/1/1",
		Wpts: append([]gpxPt{{Lat: p.Target.Lat, Lon: p.Target.Lon, Ele: p.Target.ElevationM, Name: "DIP", Desc: "desired impact point: " + Escape(p.Mission)}}, run...),
		Rte:  gpxRte{Name: Escape(p.Mission) + " jump run", Pts: run}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
