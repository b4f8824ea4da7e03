// Package windcsv reads halo's simple CSV wind profile: one row per altitude.
//
// Format:
//
//	# comment lines start with '#'; blank lines are ignored
//	altitude_ft,from_deg,speed_kt,temp_C
//	3000,270,12,10
//	13000,280,25,-8
//	FL250,290,60,-35
//
// The first other line is the header. It names the columns, in any order:
//
//	altitude     (also alt, height)            required; metres or feet MSL, or FLnnn
//	from         (also dir, direction)         required; direction the wind blows FROM, degrees true, 0..360
//	speed        (also spd)                    required; m/s, kt, mph, km/h ...
//	temperature  (also temp, t)                optional; C, F or K; an empty cell is "no temperature"
//
// Units are given either once in the header cell, after an underscore or in brackets
// (altitude_ft, "speed (kt)", temp[C]), or in every value ("25000 ft", "55 kt",
// "-35 C"); a value's own unit wins over the header's. Accepted units are those of
// package units (ft, m, km; kt, m/s, mph, km/h; deg; C, F, K). A number without a unit
// in either place is an error: halo never guesses feet from metres.
//
// Altitudes are true altitudes above mean sea level, except flight levels: "FL250"
// (or altitude_FL with values like 250) is a pressure altitude and is placed at the
// standard atmosphere's geometric altitude of that pressure altitude
// (atmos.Geometric(ft × 0.3048)), as package wind/fb does for FB levels; the
// profile's Notes say so. Other columns are ignored (and noted). Rows need not be
// sorted; two rows at the same altitude are an error. "calm" in the from column with
// speed 0 is accepted as a calm layer.
package windcsv

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"halo/atmos"
	"halo/units"
	"halo/wind"
)

// MaxSize is the largest input Read accepts, bytes.
const MaxSize = 4 << 20

type field int

const (
	fAlt field = iota
	fFrom
	fSpeed
	fTemp
	nFields
)

var names = map[string]field{
	"altitude": fAlt, "alt": fAlt, "height": fAlt,
	"from": fFrom, "dir": fFrom, "direction": fFrom,
	"speed": fSpeed, "spd": fSpeed,
	"temperature": fTemp, "temp": fTemp, "t": fTemp,
}

var fieldName = [nFields]string{"altitude", "from", "speed", "temperature"}
var fieldKind = [nFields]units.Kind{units.Length, units.Angle, units.Speed, units.Temperature}

// splitHeader separates "altitude_ft", "speed (kt)", "temp[C]" into name and unit.
func splitHeader(h string) (name, unit string) {
	h = strings.TrimSpace(h)
	if i := strings.IndexAny(h, "(["); i >= 0 && (strings.HasSuffix(h, ")") || strings.HasSuffix(h, "]")) {
		return strings.ToLower(strings.TrimSpace(h[:i])), strings.TrimSpace(h[i+1 : len(h)-1])
	}
	if i := strings.Index(h, "_"); i >= 0 {
		return strings.ToLower(strings.TrimSpace(h[:i])), strings.TrimSpace(h[i+1:])
	}
	return strings.ToLower(h), ""
}

// IsCSV reports whether data looks like this format: its first line that is not
// blank or a comment has comma-separated cells naming an altitude and a speed.
func IsCSV(data []byte) bool {
	for _, l := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		var alt, spd bool
		for _, c := range strings.Split(t, ",") {
			n, _ := splitHeader(strings.Trim(strings.TrimSpace(c), `"`))
			if f, ok := names[n]; ok {
				alt = alt || f == fAlt
				spd = spd || f == fSpeed
			}
		}
		return alt && spd
	}
	return false
}

// Read reads a CSV wind profile. Errors name the line (and the column by its
// header name).
func Read(r io.Reader) (*wind.Profile, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxSize {
		return nil, fmt.Errorf("input larger than %d bytes: not a wind CSV", MaxSize)
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comment = '#'
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	head, err := cr.Read()
	if err == io.EOF {
		return nil, errors.New("line 1: empty file: expected a header such as altitude_ft,from_deg,speed_kt,temp_C")
	}
	if err != nil {
		return nil, csvErr(err)
	}
	hline, _ := cr.FieldPos(0)
	var col [nFields]int
	var unit [nFields]string
	for i := range col {
		col[i] = -1
	}
	var notes []string
	for i, h := range head {
		n, u := splitHeader(h)
		f, ok := names[n]
		if !ok {
			notes = append(notes, fmt.Sprintf("column %q ignored", strings.TrimSpace(h)))
			continue
		}
		if col[f] >= 0 {
			return nil, fmt.Errorf("line %d: two %s columns (%q and %q)", hline, fieldName[f], strings.TrimSpace(head[col[f]]), strings.TrimSpace(h))
		}
		if u != "" && !(f == fAlt && strings.EqualFold(u, "FL")) {
			if _, err := units.Parse(fieldKind[f], "1 "+u); err != nil {
				return nil, fmt.Errorf("line %d: header %q: unit %q is not a %s unit; use one of %s", hline, strings.TrimSpace(h), u, fieldKind[f], strings.Join(units.Accepted(fieldKind[f]), ", "))
			}
		}
		col[f], unit[f] = i, u
	}
	for _, f := range []field{fAlt, fFrom, fSpeed} {
		if col[f] < 0 {
			return nil, fmt.Errorf("line %d: the header has no %s column: expected altitude,from,speed[,temperature] with units, e.g. altitude_ft,from_deg,speed_kt,temp_C", hline, fieldName[f])
		}
	}
	var layers []wind.Layer
	lineOf := map[float64]int{}
	fl := false
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvErr(err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) != len(head) {
			return nil, fmt.Errorf("line %d: %d fields, the header (line %d) has %d", line, len(rec), hline, len(head))
		}
		l := wind.Layer{Temp: math.NaN()}
		var v [nFields]float64
		calm := false
		for f := fAlt; f < nFields; f++ {
			if col[f] < 0 {
				continue
			}
			cell := strings.TrimSpace(rec[col[f]])
			where := fmt.Sprintf("line %d: %s %q", line, fieldName[f], cell)
			switch {
			case cell == "" && f == fTemp:
				v[f] = math.NaN()
				continue
			case cell == "":
				return nil, fmt.Errorf("%s: empty: every row needs altitude, from and speed", where)
			case f == fFrom && (strings.EqualFold(cell, "calm") || strings.EqualFold(cell, "variable") || strings.EqualFold(cell, "vrb")):
				calm = true
				continue
			}
			x, isFL, err := value(f, cell, unit[f])
			if err != nil {
				return nil, fmt.Errorf("%s: %w", where, err)
			}
			fl = fl || isFL
			v[f] = x
		}
		l.Alt, l.FromDeg, l.Speed = v[fAlt], v[fFrom], v[fSpeed]
		if col[fTemp] >= 0 {
			l.Temp = v[fTemp]
		}
		if calm {
			if l.Speed > 5*units.Knot {
				return nil, fmt.Errorf("line %d: from %q with a speed of %.1f m/s: a wind of that speed needs a direction", line, strings.TrimSpace(rec[col[fFrom]]), l.Speed)
			}
			l.Variable, l.FromDeg, l.Speed = true, 0, 0
		}
		switch {
		case !(l.Alt >= atmos.MinAlt && l.Alt <= atmos.MaxAlt):
			return nil, fmt.Errorf("line %d: altitude %.0f m is outside -500 m..86 km", line, l.Alt)
		case !(l.FromDeg >= 0 && l.FromDeg <= 360):
			return nil, fmt.Errorf("line %d: direction %v° is outside 0..360°", line, l.FromDeg)
		case !(l.Speed >= 0 && l.Speed <= 150):
			return nil, fmt.Errorf("line %d: speed %.1f m/s is outside 0..150 m/s (0..290 kt)", line, l.Speed)
		case !math.IsNaN(l.Temp) && !(l.Temp >= 150 && l.Temp <= 350):
			return nil, fmt.Errorf("line %d: temperature %.1f °C is outside -123..77 °C", line, l.Temp-units.ZeroCelsius)
		}
		if l.FromDeg == 360 {
			l.FromDeg = 0
		}
		if first, ok := lineOf[l.Alt]; ok {
			return nil, fmt.Errorf("line %d: a second row at %.1f m (line %d is the first)", line, l.Alt, first)
		}
		lineOf[l.Alt] = line
		layers = append(layers, l)
	}
	if len(layers) == 0 {
		return nil, fmt.Errorf("line %d: a header but no rows", hline)
	}
	if fl {
		notes = append(notes, "flight levels are pressure altitudes, placed at the geometric altitude of that pressure in the US Standard Atmosphere 1976")
	}
	p, err := wind.NewProfile("CSV", layers)
	if err != nil {
		return nil, err
	}
	p.Notes = notes
	return p, nil
}

func csvErr(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("line %d, column %d: %v", pe.Line, pe.Column, pe.Err)
	}
	return err
}

// value converts one cell; isFL reports a flight level.
func value(f field, cell, unit string) (v float64, isFL bool, err error) {
	if f == fAlt {
		up := strings.ToUpper(cell)
		switch {
		case strings.HasPrefix(up, "FL"):
			n, err := strconv.ParseFloat(strings.TrimSpace(cell[2:]), 64)
			if err != nil || !(n >= 0 && n <= 999) {
				return 0, false, errors.New("a flight level is FL and hundreds of feet, e.g. FL250")
			}
			return atmos.Geometric(n * 100 * units.Foot), true, nil
		case strings.EqualFold(unit, "FL"):
			n, err := strconv.ParseFloat(cell, 64)
			if err != nil || !(n >= 0 && n <= 999) {
				return 0, false, errors.New("the altitude_FL column holds flight levels: hundreds of feet, e.g. 250")
			}
			return atmos.Geometric(n * 100 * units.Foot), true, nil
		}
	}
	x, err := units.Parse(fieldKind[f], cell)
	if errors.Is(err, units.ErrNoUnit) {
		if unit == "" {
			return 0, false, fmt.Errorf("no unit: put it in the header (%s_%s) or in the value (%s %s)", fieldName[f], example[f], cell, example[f])
		}
		x, err = units.Parse(fieldKind[f], cell+" "+unit)
	}
	if err != nil {
		return 0, false, err
	}
	return x, false, nil
}

var example = [nFields]string{"ft", "deg", "kt", "C"}
