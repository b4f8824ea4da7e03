package airspace

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// MaxInput is the largest GeoJSON document Read accepts, bytes.
const MaxInput = 64 << 20

// Read decodes forbidden areas from GeoJSON (RFC 7946): a FeatureCollection, a
// Feature, or a bare Polygon, MultiPolygon or GeometryCollection. Each Polygon
// becomes one Polygon (its holes kept); each part of a MultiPolygon becomes one
// Polygon named "NAME (part K)". Names come from the feature's properties.name (a
// string); a feature without one is named "feature N" (N counting from 1 in the
// file). Positions may carry a third number (altitude), which is ignored.
//
// Every polygon is validated (see Polygon.Validate). Errors name the feature
// (index and name), the ring and the point, or for malformed JSON the line and
// column, and say what to fix. Features whose geometry is not areal (Point,
// LineString...) or null are errors, not silently skipped: a forbidden area must
// not vanish because of a typo.
//
// Read does not project: the validity range of the polygons for a given drop zone
// is checked by Project. Read does not use github.com/paulmach/orb/geojson: its
// v0.14 imports the MongoDB BSON module (absent from go.sum) and its errors do
// not say where the problem is.
func Read(r io.Reader) ([]Polygon, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxInput+1))
	if err != nil {
		return nil, fmt.Errorf("airspace: reading GeoJSON: %w", err)
	}
	if len(data) > MaxInput {
		return nil, fmt.Errorf("airspace: GeoJSON larger than %d MiB: cut it to the region around the drop zone", MaxInput>>20)
	}
	// a UTF-8 byte-order mark is not JSON (RFC 8259 §8.1 lets a parser ignore it)
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	d := &doc{data: data}
	var top object
	if err := d.decode(data, &top); err != nil {
		return nil, fmt.Errorf("airspace: GeoJSON: %w", err)
	}
	var out []Polygon
	switch top.Type {
	case "FeatureCollection":
		if top.Features == nil {
			return nil, errors.New(`airspace: GeoJSON FeatureCollection has no "features" array`)
		}
		for i, raw := range top.Features {
			var f object
			if err := d.decode(raw, &f); err != nil {
				return nil, fmt.Errorf("airspace: feature %d: %w", i+1, err)
			}
			ps, err := d.feature(f, i+1)
			if err != nil {
				return nil, fmt.Errorf("airspace: %w", err)
			}
			out = append(out, ps...)
		}
	case "Feature":
		ps, err := d.feature(top, 1)
		if err != nil {
			return nil, fmt.Errorf("airspace: %w", err)
		}
		out = ps
	case "Polygon", "MultiPolygon", "GeometryCollection":
		ps, err := d.geometry(top, "geometry", 0)
		if err != nil {
			return nil, fmt.Errorf("airspace: %w", err)
		}
		out = ps
	case "":
		return nil, errors.New(`airspace: GeoJSON has no "type": want FeatureCollection, Feature, Polygon or MultiPolygon`)
	default:
		return nil, fmt.Errorf("airspace: GeoJSON type %q: want FeatureCollection, Feature, Polygon or MultiPolygon", top.Type)
	}
	if len(out) == 0 {
		return nil, errors.New("airspace: GeoJSON holds no polygon: an empty airspace file is more likely a mistake than an empty sky; pass no file instead")
	}
	return out, nil
}

// object is any GeoJSON object; only the fields of its type are used.
type object struct {
	Type        string            `json:"type"`
	Features    []json.RawMessage `json:"features"`
	Geometry    json.RawMessage   `json:"geometry"`
	Properties  json.RawMessage   `json:"properties"`
	Coordinates json.RawMessage   `json:"coordinates"`
	Geometries  []json.RawMessage `json:"geometries"`
}

func (d *doc) feature(f object, idx int) ([]Polygon, error) {
	if f.Type != "Feature" {
		return nil, fmt.Errorf("feature %d: type %q: want \"Feature\"", idx, f.Type)
	}
	name := fmt.Sprintf("feature %d", idx)
	label := name
	if len(f.Properties) > 0 && string(f.Properties) != "null" {
		var props map[string]json.RawMessage
		if err := d.decode(f.Properties, &props); err != nil {
			return nil, fmt.Errorf("feature %d: properties: %w", idx, err)
		}
		if raw, ok := props["name"]; ok && string(raw) != "null" {
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return nil, fmt.Errorf("feature %d: properties.name is %s: want a string", idx, truncate(string(raw)))
			}
			if s = strings.TrimSpace(s); s != "" {
				name = s
				label = fmt.Sprintf("feature %d (%q)", idx, s)
			}
		}
	}
	if len(f.Geometry) == 0 || string(f.Geometry) == "null" {
		return nil, fmt.Errorf("%s: no geometry: want a Polygon or MultiPolygon", label)
	}
	var g object
	if err := d.decode(f.Geometry, &g); err != nil {
		return nil, fmt.Errorf("%s: geometry: %w", label, err)
	}
	ps, err := d.geometry(g, name, 0)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", label, err)
	}
	return ps, nil
}

func (d *doc) geometry(g object, name string, depth int) ([]Polygon, error) {
	switch g.Type {
	case "Polygon":
		var rings [][][]float64
		if err := d.decode(g.Coordinates, &rings); err != nil {
			return nil, fmt.Errorf("Polygon coordinates: %w (want [[[lon, lat], ...], ...])", err)
		}
		lines := d.pointLines(g.Coordinates)
		p, err := d.polygon(name, rings, &lines)
		if err != nil {
			return nil, err
		}
		return []Polygon{p}, nil
	case "MultiPolygon":
		var polys [][][][]float64
		if err := d.decode(g.Coordinates, &polys); err != nil {
			return nil, fmt.Errorf("MultiPolygon coordinates: %w (want [[[[lon, lat], ...], ...], ...])", err)
		}
		var out []Polygon
		lines := d.pointLines(g.Coordinates)
		for i, rings := range polys {
			n := name
			if len(polys) > 1 {
				n = fmt.Sprintf("%s (part %d)", name, i+1)
			}
			p, err := d.polygon(n, rings, &lines)
			if err != nil {
				return nil, fmt.Errorf("MultiPolygon part %d: %w", i+1, err)
			}
			out = append(out, p)
		}
		if len(out) == 0 {
			return nil, errors.New("MultiPolygon with no polygons")
		}
		return out, nil
	case "GeometryCollection":
		if depth > 8 {
			return nil, errors.New("GeometryCollections nested more than 8 deep")
		}
		var out []Polygon
		for i, raw := range g.Geometries {
			var sub object
			if err := d.decode(raw, &sub); err != nil {
				return nil, fmt.Errorf("GeometryCollection member %d: %w", i+1, err)
			}
			n := name
			if len(g.Geometries) > 1 {
				n = fmt.Sprintf("%s (member %d)", name, i+1)
			}
			ps, err := d.geometry(sub, n, depth+1)
			if err != nil {
				return nil, fmt.Errorf("GeometryCollection member %d: %w", i+1, err)
			}
			out = append(out, ps...)
		}
		if len(out) == 0 {
			return nil, errors.New("empty GeometryCollection")
		}
		return out, nil
	case "":
		return nil, errors.New(`geometry has no "type"`)
	default:
		return nil, fmt.Errorf("geometry type %q is not an area: want Polygon or MultiPolygon (draw the forbidden area as a closed ring)", g.Type)
	}
}

// polygon builds a Polygon from decoded rings; lines holds the source lines of
// the positions still to be consumed, in document order (see pointLines).
func (d *doc) polygon(name string, rings [][][]float64, lines *[]int) (Polygon, error) {
	if len(rings) == 0 {
		return Polygon{}, errors.New("Polygon with no rings")
	}
	p := Polygon{Name: name}
	for ri, r := range rings {
		ring := make([][2]float64, len(r))
		ls := make([]int, len(r))
		for i := range ls {
			if len(*lines) > 0 {
				ls[i], *lines = (*lines)[0], (*lines)[1:]
			}
		}
		p.Lines = append(p.Lines, ls)
		for i, pos := range r {
			if len(pos) < 2 {
				return Polygon{}, fmt.Errorf("line %d: %s point %d has %d numbers: want [lon, lat]", ls[i], ringName(ri), i+1, len(pos))
			}
			ring[i] = [2]float64{pos[0], pos[1]}
		}
		if ri == 0 {
			p.Ring = ring
		} else {
			p.Holes = append(p.Holes, ring)
		}
	}
	if err := p.validate(); err != nil {
		return Polygon{}, err
	}
	return p, nil
}

// doc is the document being read, for error positions.
type doc struct{ data []byte }

// pointLines returns the line (1-based, in the whole document) of each position
// of a coordinates array, in document order: each innermost array, one that
// opens with a number. The fragment is located by its text, as in decode.
func (d *doc) pointLines(frag []byte) []int {
	base := bytes.Index(d.data, frag)
	if base < 0 || len(frag) == 0 {
		return nil
	}
	var out []int
	line := bytes.Count(d.data[:base], []byte("\n")) + 1
	inStr := false
	for i := 0; i < len(frag); i++ {
		c := frag[i]
		switch {
		case inStr:
			if c == '\\' {
				i++
			} else if c == '"' {
				inStr = false
			}
		case c == '"':
			inStr = true
		case c == '\n':
			line++
		case c == '[':
			j := i + 1
			for j < len(frag) && (frag[j] == ' ' || frag[j] == '\t' || frag[j] == '\r' || frag[j] == '\n') {
				j++
			}
			if j < len(frag) && (frag[j] == '-' || frag[j] == '+' || frag[j] == '.' || (frag[j] >= '0' && frag[j] <= '9')) {
				out = append(out, line)
			}
		}
		if inStr && c == '\n' {
			line++
		}
	}
	return out
}

// decode unmarshals a fragment of the document and turns syntax and type errors
// into messages with the line and column in the whole document (the fragment is
// located by its text: json.RawMessage holds the source bytes verbatim).
func (d *doc) decode(frag []byte, v any) error {
	err := json.Unmarshal(frag, v)
	if err == nil {
		return nil
	}
	base := int64(bytes.Index(d.data, frag))
	if base < 0 {
		base = 0
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		l, c := lineCol(d.data, base+se.Offset)
		return fmt.Errorf("line %d column %d: malformed JSON: %v", l, c, se)
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		l, c := lineCol(d.data, base+te.Offset)
		where := ""
		if te.Field != "" {
			where = fmt.Sprintf(" in %q", te.Field)
		}
		return fmt.Errorf("line %d column %d: found a JSON %s%s where %s was expected", l, c, te.Value, where, goTypeName(te.Type.String()))
	}
	return err
}

func goTypeName(t string) string {
	switch {
	case strings.HasPrefix(t, "[]") || strings.HasPrefix(t, "[2]"):
		return "an array"
	case t == "float64":
		return "a number"
	case t == "string":
		return "a string"
	case strings.HasPrefix(t, "map") || strings.Contains(t, "object"):
		return "a JSON object"
	}
	return "a " + t
}

func lineCol(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	if off < 0 {
		off = 0
	}
	before := data[:off]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(off) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}

func truncate(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}
