package track

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// readGPX reads the <trkpt> of every <trk> (GPX 1.0 or 1.1; namespaces ignored).
// Points of several tracks are merged by time; duplicates are dropped in finish.
// GPX has no velocities: all three are derived. Element text is trimmed (some
// writers put each value on its own indented line).
//
// The file is read as a stream of tokens (gpxScan.token): a <trkpt> start opens a
// point, the text of its <ele>, <time> and <sat> is collected into it, and its end
// adds or drops it. Values are not decoded with DecodeElement on purpose: in the
// non-strict mode GPX writers need, an element left open (a missing </time> or
// </trkpt>) swallows every element after it until a mismatched end tag closes it,
// so one damaged point would silently take the rest of the track with it; token by
// token, a damaged file loses only the points it damages (TestGPXDamaged).
func readGPX(data []byte, b *builder) error {
	b.format = "GPX"
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	dec.CharsetReader = func(charset string, input io.Reader) (io.Reader, error) {
		// Only ASCII-compatible content matters here (numbers and times).
		return input, nil
	}
	var g gpxScan
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			if err := g.stop(dec, err, b); err != nil {
				return err
			}
			break
		}
		g.token(dec, tok, b)
	}
	return g.finish(b)
}

// gpxScan is what readGPX keeps between tokens.
type gpxScan struct {
	sawGPX    bool     // a <gpx> element was opened
	inTrk     bool     // inside a <trk>
	trks      int      // <trk> elements seen
	trkNames  []string // their <name>s
	inPt      bool     // inside a <trkpt>
	pt        gpxPoint // the last <trkpt> opened
	field     string   // the value element of pt being read: "ele", "time", "sat" or ""
	inTrkName bool     // inside the <name> of a <trk>
	text      strings.Builder
	truncated bool // the file ends inside an element
	truncLine int  // where
}

// gpxPoint is a <trkpt> being read.
type gpxPoint struct {
	p      Point
	hasEle bool // a valid <ele> was read
}

// token handles one token.
func (g *gpxScan) token(dec *xml.Decoder, tok xml.Token, b *builder) {
	switch t := tok.(type) {
	case xml.StartElement:
		g.start(dec, t, b)
	case xml.CharData:
		if g.field != "" || g.inTrkName {
			g.text.Write(t)
		}
	case xml.EndElement:
		g.end(t.Name.Local, b)
	}
}

// start handles a start element: the <gpx> attributes, a <trk>, its <name>, a
// <trkpt> and its value elements.
func (g *gpxScan) start(dec *xml.Decoder, t xml.StartElement, b *builder) {
	switch t.Name.Local {
	case "gpx":
		g.sawGPX = true
		gpxHeader(t, b)
	case "trk":
		g.trks++
		g.inTrk = true
	case "trkpt":
		line, _ := dec.InputPos()
		g.inPt, g.pt = true, newGPXPoint(t, line)
	case "ele", "time", "sat":
		if g.inPt {
			g.field = t.Name.Local
			g.text.Reset()
		}
	case "name":
		if g.inTrk && !g.inPt {
			g.inTrkName = true
			g.text.Reset()
		}
	}
}

// end handles an end element: a value of the point, a track's name, the point
// (added or dropped), the track.
func (g *gpxScan) end(name string, b *builder) {
	switch name {
	case "ele", "time", "sat":
		if g.inPt && g.field != "" {
			g.pt.set(g.field, strings.TrimSpace(g.text.String()))
			g.field = ""
		}
	case "name":
		if g.inTrkName {
			g.trkNames = append(g.trkNames, strings.TrimSpace(g.text.String()))
			g.inTrkName = false
		}
	case "trkpt":
		g.inPt = false
		g.pt.addTo(b)
	case "trk":
		g.inTrk = false
	}
}

// gpxHeader takes the format version and the creator from the <gpx> element.
func gpxHeader(t xml.StartElement, b *builder) {
	for _, a := range t.Attr {
		switch a.Name.Local {
		case "version":
			b.format = "GPX " + a.Value
		case "creator":
			b.device = a.Value
		}
	}
}

// stop handles a decoding error: a file cut inside an element keeps the points
// before it (warned in finish); any other error after <gpx> stops reading with a
// warning; before <gpx> the input is not GPX and the error is returned.
func (g *gpxScan) stop(dec *xml.Decoder, err error, b *builder) error {
	var se *xml.SyntaxError
	line, _ := dec.InputPos()
	if errors.As(err, &se) && g.sawGPX && strings.Contains(se.Msg, "EOF") {
		g.truncated, g.truncLine = true, line
		return nil
	}
	if !g.sawGPX {
		return fmt.Errorf("line %d: not well-formed XML: %w", line, err)
	}
	b.warn(line, "line %d: XML error, reading stopped here: %v", line, err)
	return nil
}

// finish checks that the file held a track, warns about what was read, and sorts
// the points of several tracks by time.
func (g *gpxScan) finish(b *builder) error {
	if !g.sawGPX {
		return errors.New("no <gpx> element")
	}
	if g.truncated {
		b.warn(g.truncLine, "line %d: the file ends inside an element: truncated; the points before are kept", g.truncLine)
	}
	if g.trks == 0 {
		return errors.New("no <trk> in this GPX file (waypoints and routes are not tracks)")
	}
	if g.trks > 1 {
		b.warn(0, "%d <trk> elements (%s): merged by time; points repeating a time are dropped", g.trks, strings.Join(g.trkNames, "; "))
	}
	// Tracks may overlap (Garmin's duplicate "ACTIVE LOG- 2"): merge by time.
	sort.SliceStable(b.pts, func(i, j int) bool { return b.pts[i].T.Before(b.pts[j].T) })
	b.warn(0, "GPX gives no accuracies: hAcc, vAcc, sAcc unknown; <ele> taken as MSL")
	return nil
}

// newGPXPoint opens the point of a <trkpt> start element at line: its lat and lon
// attributes (NaN when they do not parse); velocities and accuracies unknown.
func newGPXPoint(t xml.StartElement, line int) gpxPoint {
	p := Point{Lat: math.NaN(), Lon: math.NaN(), HMSL: math.NaN(), NumSV: -1, Line: line,
		VelN: math.NaN(), VelE: math.NaN(), VelD: math.NaN(),
		HAcc: math.NaN(), VAcc: math.NaN(), SAcc: math.NaN()}
	for _, a := range t.Attr {
		v, ok := parseNum([]byte(a.Value))
		if !ok {
			continue
		}
		switch a.Name.Local {
		case "lat":
			p.Lat = v
		case "lon":
			p.Lon = v
		}
	}
	return gpxPoint{p: p}
}

// set takes the text s of the point's <ele>, <time> or <sat> element (field); a
// value that does not parse is ignored (the point is then dropped with the reason
// when it closes).
func (x *gpxPoint) set(field, s string) {
	switch field {
	case "ele":
		if v, ok := parseNum([]byte(s)); ok {
			x.p.HMSL, x.hasEle = v, true
		}
	case "time":
		if tt, err := time.Parse(time.RFC3339Nano, s); err == nil {
			x.p.T = tt.UTC()
		}
	case "sat":
		if n, err := strconv.Atoi(s); err == nil && n >= 0 {
			x.p.NumSV = n
		}
	}
}

// addTo adds the point to b, or drops it with the reason.
func (x gpxPoint) addTo(b *builder) {
	switch {
	case math.IsNaN(x.p.Lat) || math.IsNaN(x.p.Lon):
		b.drop("<trkpt> without a valid lat/lon", x.p.Line)
	case x.p.T.IsZero():
		b.drop("<trkpt> without a valid <time>", x.p.Line)
	case !x.hasEle:
		b.drop("<trkpt> without a valid <ele> (altitude)", x.p.Line)
	default:
		b.add(x.p)
	}
}
