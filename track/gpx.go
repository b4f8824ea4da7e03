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
func readGPX(data []byte, b *builder) error {
	b.format = "GPX"
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = false
	dec.CharsetReader = func(charset string, input io.Reader) (io.Reader, error) {
		// Only ASCII-compatible content matters here (numbers and times).
		return input, nil
	}
	var (
		inPt       bool
		cur        Point
		hasEle     bool
		field      string
		text       strings.Builder
		trks       int
		trkNames   []string
		inTrkName  bool
		inTrk      bool
		sawGPX     bool
		ptLine     int
		truncated  bool
		truncAtPos int
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			line, _ := dec.InputPos()
			if errors.As(err, &se) && sawGPX && (se.Msg == "unexpected EOF" || strings.Contains(se.Msg, "EOF")) {
				truncated, truncAtPos = true, line
				break
			}
			if !sawGPX {
				return fmt.Errorf("line %d: not well-formed XML: %w", line, err)
			}
			b.warn(line, "line %d: XML error, reading stopped here: %v", line, err)
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "gpx":
				sawGPX = true
				for _, a := range t.Attr {
					switch a.Name.Local {
					case "version":
						b.format = "GPX " + a.Value
					case "creator":
						b.device = a.Value
					}
				}
			case "trk":
				trks++
				inTrk = true
			case "trkpt":
				inPt, hasEle = true, false
				ptLine, _ = dec.InputPos()
				cur = Point{Lat: math.NaN(), Lon: math.NaN(), HMSL: math.NaN(), NumSV: -1, Line: ptLine,
					VelN: math.NaN(), VelE: math.NaN(), VelD: math.NaN(),
					HAcc: math.NaN(), VAcc: math.NaN(), SAcc: math.NaN()}
				for _, a := range t.Attr {
					v, ok := parseNum([]byte(a.Value))
					switch a.Name.Local {
					case "lat":
						if ok {
							cur.Lat = v
						}
					case "lon":
						if ok {
							cur.Lon = v
						}
					}
				}
			case "ele", "time", "sat":
				if inPt {
					field = t.Name.Local
					text.Reset()
				}
			case "name":
				if inTrk && !inPt {
					inTrkName = true
					text.Reset()
				}
			}
		case xml.CharData:
			if field != "" || inTrkName {
				text.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "ele", "time", "sat":
				if !inPt || field == "" {
					break
				}
				s := strings.TrimSpace(text.String())
				switch field {
				case "ele":
					if v, ok := parseNum([]byte(s)); ok {
						cur.HMSL, hasEle = v, true
					}
				case "time":
					if tt, err := time.Parse(time.RFC3339Nano, s); err == nil {
						cur.T = tt.UTC()
					}
				case "sat":
					if n, err := strconv.Atoi(s); err == nil && n >= 0 {
						cur.NumSV = n
					}
				}
				field = ""
			case "name":
				if inTrkName {
					trkNames = append(trkNames, strings.TrimSpace(text.String()))
					inTrkName = false
				}
			case "trkpt":
				inPt = false
				switch {
				case math.IsNaN(cur.Lat) || math.IsNaN(cur.Lon):
					b.drop("<trkpt> without a valid lat/lon", ptLine)
				case cur.T.IsZero():
					b.drop("<trkpt> without a valid <time>", ptLine)
				case !hasEle:
					b.drop("<trkpt> without a valid <ele> (altitude)", ptLine)
				default:
					b.add(cur)
				}
			case "trk":
				inTrk = false
			}
		}
	}
	if !sawGPX {
		return errors.New("no <gpx> element")
	}
	if truncated {
		b.warn(truncAtPos, "line %d: the file ends inside an element: truncated; the points before are kept", truncAtPos)
	}
	if trks == 0 {
		return errors.New("no <trk> in this GPX file (waypoints and routes are not tracks)")
	}
	if trks > 1 {
		b.warn(0, "%d <trk> elements (%s): merged by time; points repeating a time are dropped", trks, strings.Join(trkNames, "; "))
	}
	// Tracks may overlap (Garmin's duplicate "ACTIVE LOG- 2"): merge by time.
	sort.SliceStable(b.pts, func(i, j int) bool { return b.pts[i].T.Before(b.pts[j].T) })
	b.warn(0, "GPX gives no accuracies: hAcc, vAcc, sAcc unknown; <ele> taken as MSL")
	return nil
}
