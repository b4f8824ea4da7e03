package track

import (
	"bytes"
	"encoding/xml"
	"halo/internal/testdata"
	"math"
	"os"
	"strings"
	"testing"
	"time"
)

// TestGPXDamaged: one damaged point of a real GPX file (a missing </time> or
// </trkpt>, which GPX readers must tolerate) loses that point at most, never the
// rest of the track.
func TestGPXDamaged(t *testing.T) {
	b, err := os.ReadFile(testdata.Path(t, "skyderby-one_track.gpx"))
	if err != nil {
		t.Fatal(err)
	}
	whole, err := Read(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	for _, cut := range []string{"</time>", "</trkpt>"} {
		i := bytes.Index(b, []byte("2014-06-07T14:21:33Z"))
		j := i + bytes.Index(b[i:], []byte(cut))
		damaged := append(append([]byte(nil), b[:j]...), b[j+len(cut):]...)
		tr, err := Read(bytes.NewReader(damaged))
		if err != nil {
			t.Fatalf("without one %s: %v", cut, err)
		}
		if len(tr.Points) < len(whole.Points)-1 {
			t.Errorf("without one %s: %d points, want at least %d", cut, len(tr.Points), len(whole.Points)-1)
		}
	}
}

func TestGPXPoint(t *testing.T) {
	start := xml.StartElement{Name: xml.Name{Local: "trkpt"}, Attr: []xml.Attr{
		{Name: xml.Name{Local: "lat"}, Value: "56.5"}, {Name: xml.Name{Space: "x", Local: "lon"}, Value: "37.25"}}}
	for _, c := range []struct {
		name   string
		values [][2]string // field, text in order
		drop   string      // "" when added
	}{
		{"complete", [][2]string{{"ele", "3290.7"}, {"time", "2014-06-07T14:21:04Z"}, {"sat", "9"}}, ""},
		{"the last valid value wins", [][2]string{{"ele", "1"}, {"ele", "x"}, {"time", "2014-06-07T14:21:04Z"}, {"ele", "3290.7"}, {"sat", "9"}, {"sat", "-1"}}, ""},
		{"no time", [][2]string{{"ele", "3290.7"}}, "<trkpt> without a valid <time>"},
		{"time in another format", [][2]string{{"ele", "3290.7"}, {"time", "07/06/2014 14:21:04"}}, "<trkpt> without a valid <time>"},
		{"no ele", [][2]string{{"time", "2014-06-07T14:21:04Z"}}, "<trkpt> without a valid <ele> (altitude)"},
	} {
		x := newGPXPoint(start, 7)
		for _, v := range c.values {
			x.set(v[0], v[1])
		}
		var b builder
		x.addTo(&b)
		switch {
		case c.drop != "":
			if len(b.pts) != 0 || len(b.issues) != 1 || b.issues[0].kind != c.drop || b.issues[0].line != 7 {
				t.Errorf("%s: points %v issues %+v, want dropped: %s", c.name, b.pts, b.issues, c.drop)
			}
		case len(b.pts) != 1:
			t.Errorf("%s: not added (issues %+v)", c.name, b.issues)
		default:
			p := b.pts[0]
			want := time.Date(2014, 6, 7, 14, 21, 4, 0, time.UTC)
			if p.Lat != 56.5 || p.Lon != 37.25 || p.HMSL != 3290.7 || !p.T.Equal(want) || p.NumSV != 9 || p.Line != 7 || !math.IsNaN(p.VelD) || !math.IsNaN(p.HAcc) {
				t.Errorf("%s: %+v", c.name, p)
			}
		}
	}
	bad := xml.StartElement{Name: xml.Name{Local: "trkpt"}, Attr: []xml.Attr{{Name: xml.Name{Local: "lat"}, Value: "north"}}}
	x := newGPXPoint(bad, 3)
	x.set("ele", "1")
	x.set("time", "2014-06-07T14:21:04Z")
	var b builder
	x.addTo(&b)
	if len(b.issues) != 1 || b.issues[0].kind != "<trkpt> without a valid lat/lon" {
		t.Errorf("lat \"north\", no lon: issues %+v", b.issues)
	}
}

func TestGPXScanErrors(t *testing.T) {
	for _, c := range []struct {
		name, in string
		err      string // "" for none
		warn     string
	}{
		{"not XML", "<<gpx", "line 1: not well-formed XML", ""},
		{"no gpx", "<kml></kml>", "no <gpx> element", ""},
		{"no trk", `<gpx><wpt lat="1" lon="2"/></gpx>`, "no <trk> in this GPX file", ""},
		{"cut", "<gpx>\n<trk><trkseg><trkpt lat=\"1\" lon=\"2\"><ele>", "", "line 2: the file ends inside an element: truncated"},
		{"error after gpx", "<gpx><trk>\n<trkpt lat=\"1\" <ele>", "", "line 2: XML error, reading stopped here"},
		{"two tracks", "<gpx><trk><name> A </name></trk><trk><name>B</name></trk></gpx>", "", "2 <trk> elements (A; B): merged by time"},
	} {
		var b builder
		err := readGPX([]byte(c.in), &b)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s: error %v, want %q", c.name, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		found := false
		for _, w := range b.warns {
			found = found || strings.Contains(w.Msg, c.warn)
		}
		if !found {
			t.Errorf("%s: warnings %+v, want %q", c.name, b.warns, c.warn)
		}
	}
}
