package render

import (
	"encoding/json"
	"io"
	"math"

	kml "github.com/twpayne/go-kml/v3"
)

// geoFeature is one RFC 7946 Feature.
type geoFeature struct {
	Type       string         `json:"type"`
	Geometry   geoGeometry    `json:"geometry"`
	Properties map[string]any `json:"properties"`
}

type geoGeometry struct {
	Type        string `json:"type"`
	Coordinates any    `json:"coordinates"`
}

func feature(typ string, coords any, props map[string]any) geoFeature {
	return geoFeature{"Feature", geoGeometry{typ, coords}, props}
}

// position is the GeoJSON position (RFC 7946 3.1.1) of lat, lon (degrees) and
// alt (m MSL): [lon, lat] when alt is NaN, else [lon, lat, alt]; with round, to
// 1e-7° (about 1 cm) and 0.1 m.
func position(lat, lon, alt float64, round bool) []float64 {
	if round {
		lat, lon, alt = roundTo(lat, 7), roundTo(lon, 7), roundTo(alt, 1)
	}
	if math.IsNaN(alt) {
		return []float64{lon, lat}
	}
	return []float64{lon, lat, alt}
}

// positions are the positions of qs, all at altitude alt (NaN: none).
func positions(qs []Point, alt float64, round bool) [][]float64 {
	out := make([][]float64, len(qs))
	for i, q := range qs {
		out[i] = position(q.Lat, q.Lon, alt, round)
	}
	return out
}

// pathPositions are a planned path's positions with their altitudes MSL.
func pathPositions(path Path, round bool) [][]float64 {
	out := make([][]float64, len(path.Points))
	for i, s := range path.Points {
		out[i] = position(s.Lat, s.Lon, s.Z, round)
	}
	return out
}

func roundTo(x float64, d int) float64 {
	k := math.Pow(10, float64(d))
	return math.Round(x*k) / k
}

// writeFeatures writes fs as one FeatureCollection.
func writeFeatures(w io.Writer, fs []geoFeature) error {
	return json.NewEncoder(w).Encode(map[string]any{"type": "FeatureCollection", "features": fs})
}

// kmlCoord is q at altitude alt (m MSL).
func kmlCoord(q Point, alt float64) kml.Coordinate {
	return kml.Coordinate{Lon: q.Lon, Lat: q.Lat, Alt: alt}
}

// kmlLine is an absolute-altitude line through qs, all at altitude alt.
func kmlLine(qs []Point, alt float64) kml.Element {
	cs := make([]kml.Coordinate, len(qs))
	for i, q := range qs {
		cs[i] = kmlCoord(q, alt)
	}
	return kml.LineString(kml.AltitudeMode(kml.AltitudeModeAbsolute), kml.Coordinates(cs...))
}

// kmlPath is a planned path as an absolute-altitude line, with extra elements
// before its coordinates.
func kmlPath(path Path, extra ...kml.Element) kml.Element {
	cs := make([]kml.Coordinate, len(path.Points))
	for i, s := range path.Points {
		cs[i] = kml.Coordinate{Lon: s.Lon, Lat: s.Lat, Alt: s.Z}
	}
	return kml.LineString(append(append([]kml.Element{kml.AltitudeMode(kml.AltitudeModeAbsolute)}, extra...), kml.Coordinates(cs...))...)
}
