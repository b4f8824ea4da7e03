// Package uwyo reads University of Wyoming radiosonde soundings
// (weather.uwyo.edu / weather.arcc.uwyo.edu) in their three forms:
//
//   - TEXT:LIST as plain text: the table of 7-character columns (PRES HGHT TEMP DWPT
//     RELH MIXR DRCT SKNT THTA THTE THTV, or whatever columns the header names),
//     with or without the title line "72357 OUN Norman Observations at 12Z 22 May
//     2011" and the "Station information and sounding indices" block;
//   - the same as the HTML page the server returns (the table and the station
//     block sit in <PRE> blocks, the title in <H2>);
//   - the newer CSV service (TEXT:CSV): a header of "name_unit" cells (pressure_hPa,
//     geopotential height_m, temperature_C, wind direction_degree, wind speed_m/s)
//     and one row per level, missing values blank.
//
// The table is read by column, using the positions of the header names (values are
// right-aligned under them): splitting on spaces would shift columns wherever a field
// is blank. Pressures are hPa, heights geopotential metres (converted to geometric
// altitude as package wind/sounding describes), temperatures °C, directions degrees
// true, speeds knots (SKNT) in TEXT:LIST and m/s in the CSV (the header says which).
//
// Rows below ground (pressure and height only) give nothing. A row without a wind
// keeps its temperature and pressure for the atmosphere and is skipped for the wind
// profile. DRCT 0 with a speed is a north wind; DRCT 0 SKNT 0 is calm.
package uwyo

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"halo/units"
	"halo/wind/sounding"
)

// MaxSize is the largest input Read accepts, bytes.
const MaxSize = 16 << 20

// Read reads one sounding in any of the three forms (detected from the content).
func Read(r io.Reader) (*sounding.Sounding, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("UWyo: %w", err)
	}
	if len(data) > MaxSize {
		return nil, fmt.Errorf("UWyo: input larger than %d bytes: not a single sounding", MaxSize)
	}
	if IsCSV(data) {
		return readCSV(data)
	}
	return readText(data)
}

// IsCSV reports whether data looks like the UWyo CSV service's output (its
// first non-empty line is a header naming a pressure_ column).
func IsCSV(data []byte) bool {
	first := firstLine(data)
	return strings.Contains(first, ",") && strings.Contains(strings.ToLower(first), "pressure_")
}

// IsText reports whether data holds a UWyo TEXT:LIST table (plain or HTML): a
// header line naming PRES and HGHT.
func IsText(data []byte) bool {
	for _, l := range strings.Split(string(data), "\n") {
		if isHeader(l) {
			return true
		}
	}
	return false
}

func firstLine(data []byte) string {
	for _, l := range bytes.Split(data, []byte("\n")) {
		if s := strings.TrimSpace(string(l)); s != "" {
			return s
		}
	}
	return ""
}

func isHeader(l string) bool {
	f := strings.Fields(l)
	return len(f) >= 3 && f[0] == "PRES" && f[1] == "HGHT"
}

var (
	reTitle = regexp.MustCompile(`(?i)^(?:<h2>)?\s*(\d{5})\s+(.*?)\s*Observations at (\d{2})Z (\d{1,2}) ([A-Za-z]{3}) (\d{4})\s*(?:</h2>)?$`)
	reTag   = regexp.MustCompile(`<[^>]*>`)
	reICAO  = regexp.MustCompile(`^[A-Z0-9]{3,4}$`)
)

// column is one table column: its name and unit and the span of characters it
// occupies (from just after the previous column's end to its own end).
type column struct {
	name, unit string
	start, end int // 0-based, end exclusive
}

func readText(data []byte) (*sounding.Sounding, error) {
	lines := strings.Split(string(data), "\n")
	s := &sounding.Sounding{Format: "UWyo TEXT:LIST", Kind: "radiosonde", Lat: math.NaN(), Lon: math.NaN(), Elevation: math.NaN()}
	var cols []column
	var rows []sounding.Row
	var titleTime, blockTime time.Time
	state := 0 // 0 before the table, 1 header read (expect units then dashes), 2 in rows, 3 after
	headerLine := 0
	for i, raw := range lines {
		n := i + 1
		line := strings.TrimRight(raw, "\r")
		if strings.Contains(line, "\t") {
			return nil, fmt.Errorf("line %d: tab character: the UWyo table is fixed-column text; save the page as the server sent it", n)
		}
		trim := strings.TrimSpace(line)
		switch state {
		case 0, 3:
			if isHeader(line) {
				if state == 3 {
					return nil, fmt.Errorf("line %d: a second sounding table (the first starts on line %d): save one sounding per file", n, headerLine)
				}
				var err error
				if cols, err = header(line, n); err != nil {
					return nil, err
				}
				headerLine = n
				state = 1
				continue
			}
			text := strings.TrimSpace(reTag.ReplaceAllString(trim, ""))
			if m := reTitle.FindStringSubmatch(text); m != nil {
				if state == 3 && !titleTime.IsZero() {
					return nil, fmt.Errorf("line %d: a second sounding title: save one sounding per file", n)
				}
				s.Number = m[1]
				if f := strings.Fields(m[2]); len(f) > 0 && reICAO.MatchString(f[0]) && len(f[0]) <= 4 {
					s.Station = f[0]
					s.Name = strings.Join(f[1:], " ")
				} else {
					s.Name = strings.Join(f, " ")
				}
				t, err := time.Parse("15 2 Jan 2006", m[3]+" "+m[4]+" "+m[5]+" "+m[6])
				if err != nil {
					return nil, fmt.Errorf("line %d: title time %q: %v", n, m[3]+"Z "+m[4]+" "+m[5]+" "+m[6], err)
				}
				titleTime = t
				continue
			}
			if k, v, ok := strings.Cut(text, ":"); ok {
				if err := stationInfo(s, strings.TrimSpace(k), strings.TrimSpace(v), n, &blockTime); err != nil {
					return nil, err
				}
			}
		case 1:
			switch {
			case strings.HasPrefix(trim, "---"):
				state = 2
			case trim != "" && !strings.HasPrefix(trim, "<"):
				if err := unitsLine(cols, line, n); err != nil {
					return nil, err
				}
			}
		case 2:
			if trim == "" || strings.HasPrefix(trim, "<") || strings.HasPrefix(trim, "---") || strings.Contains(trim, ":") {
				state = 3
				if k, v, ok := strings.Cut(strings.TrimSpace(reTag.ReplaceAllString(trim, "")), ":"); ok {
					if err := stationInfo(s, strings.TrimSpace(k), strings.TrimSpace(v), n, &blockTime); err != nil {
						return nil, err
					}
				}
				continue
			}
			row, err := dataRow(cols, line, n)
			if err != nil {
				return nil, err
			}
			rows = append(rows, row)
		}
	}
	if state == 0 {
		return nil, errors.New("UWyo: no table header (\"   PRES   HGHT   TEMP ...\"): not a University of Wyoming TEXT:LIST sounding")
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("line %d: the table has no data rows", headerLine)
	}
	switch {
	case !titleTime.IsZero():
		s.Time = titleTime
		if !blockTime.IsZero() && !blockTime.Equal(titleTime) {
			s.Notes = append(s.Notes, fmt.Sprintf("the title says %s but the station block says %s; used the title", titleTime.Format("2006-01-02 15Z"), blockTime.Format("2006-01-02 15:04Z")))
		}
	case !blockTime.IsZero():
		s.Time = blockTime
	default:
		s.Notes = append(s.Notes, "the file gives no observation time (no title line, no station block): the sounding's age is unknown")
	}
	if err := s.Build(source(s), rows); err != nil {
		return nil, located("UWyo", err)
	}
	return s, nil
}

// located keeps an error that already starts with its line as it is, and prefixes
// the format's name to one that does not.
func located(format string, err error) error {
	if strings.HasPrefix(err.Error(), "line ") {
		return err
	}
	return fmt.Errorf("%s: %w", format, err)
}

func source(s *sounding.Sounding) string {
	parts := []string{"UWyo"}
	for _, p := range []string{s.Number, s.Station, s.Name} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) == 1 && !math.IsNaN(s.Lat) && !math.IsNaN(s.Lon) {
		parts = append(parts, fmt.Sprintf("%.2f,%.2f", s.Lat, s.Lon))
	}
	if !s.Time.IsZero() {
		parts = append(parts, s.Time.Format("2006-01-02 15:04Z"))
	}
	return strings.Join(parts, " ")
}

// stationInfo reads one "key: value" line of the station block.
func stationInfo(s *sounding.Sounding, k, v string, n int, obs *time.Time) error {
	num := func() (float64, bool, error) {
		if strings.Trim(v, "*") == "" {
			return math.NaN(), false, nil
		}
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return 0, false, fmt.Errorf("line %d: %s %q is not a number", n, k, v)
		}
		return x, true, nil
	}
	switch k {
	case "Station identifier":
		s.Station = v
	case "Station number":
		s.Number = v
	case "Observation time":
		t, err := time.Parse("060102/1504", v)
		if err != nil {
			return fmt.Errorf("line %d: observation time %q: expected YYMMDD/HHMM", n, v)
		}
		*obs = t
	case "Station latitude", "Station longitude", "Station elevation":
		x, ok, err := num()
		if err != nil {
			return err
		}
		if !ok || x == -9999 {
			return nil
		}
		switch k {
		case "Station latitude":
			if math.Abs(x) > 90 {
				return fmt.Errorf("line %d: latitude %v is outside ±90°", n, x)
			}
			s.Lat = x
		case "Station longitude":
			if math.Abs(x) > 360 {
				return fmt.Errorf("line %d: longitude %v is outside ±360°", n, x)
			}
			s.Lon = x
		default:
			s.Elevation = x
		}
	}
	return nil
}

// header reads the column names and their spans.
func header(line string, n int) ([]column, error) {
	var cols []column
	prev := 0
	for i := 0; i < len(line); {
		if line[i] == ' ' {
			i++
			continue
		}
		j := i
		for j < len(line) && line[j] != ' ' {
			j++
		}
		cols = append(cols, column{name: line[i:j], start: prev, end: j})
		prev = j
		i = j
	}
	need := map[string]bool{"PRES": false, "HGHT": false, "TEMP": false}
	for _, c := range cols {
		if _, ok := need[c.name]; ok {
			need[c.name] = true
		}
	}
	for k, ok := range need {
		if !ok {
			return nil, fmt.Errorf("line %d: the table header has no %s column", n, k)
		}
	}
	return cols, nil
}

// unitsLine checks the units under the columns halo reads.
func unitsLine(cols []column, line string, n int) error {
	want := map[string][]string{"PRES": {"hPa", "mb"}, "HGHT": {"m"}, "TEMP": {"C"}, "DRCT": {"deg"}, "SKNT": {"knot", "kt"}, "SPED": {"m/s"}}
	for i := range cols {
		c := &cols[i]
		if c.start < len(line) {
			c.unit = strings.TrimSpace(line[c.start:min(c.end, len(line))])
		}
		if w, ok := want[c.name]; ok {
			good := false
			for _, u := range w {
				good = good || c.unit == u
			}
			if !good {
				return fmt.Errorf("line %d, column %d: %s is in %q; halo reads it in %s", n, c.start+1, c.name, c.unit, strings.Join(w, " or "))
			}
		}
	}
	return nil
}

// dataRow decodes one table row by column.
func dataRow(cols []column, line string, n int) (sounding.Row, error) {
	r := sounding.Row{Line: n, P: math.NaN(), H: math.NaN(), T: math.NaN(), Dir: math.NaN(), Speed: math.NaN()}
	if last := cols[len(cols)-1].end; len(strings.TrimRight(line, " ")) > last {
		return r, fmt.Errorf("line %d, column %d: text beyond the last column (%s ends at column %d)", n, last+1, cols[len(cols)-1].name, last)
	}
	for _, c := range cols {
		if c.start >= len(line) {
			continue
		}
		f := strings.TrimSpace(line[c.start:min(c.end, len(line))])
		if f == "" {
			continue
		}
		v, err := strconv.ParseFloat(f, 64)
		if err != nil || math.IsInf(v, 0) || math.IsNaN(v) || strings.ContainsAny(f, " xX_") {
			col := c.start + strings.Index(line[c.start:], f) + 1
			return r, fmt.Errorf("line %d, column %d: %s %q is not a number", n, col, c.name, f)
		}
		switch c.name {
		case "PRES":
			r.P = v * 100
		case "HGHT":
			r.H = v
		case "TEMP":
			r.T = v + units.ZeroCelsius
		case "DRCT":
			r.Dir = v
		case "SKNT":
			r.Speed = v * units.Knot
		case "SPED":
			r.Speed = v
		}
	}
	if math.IsNaN(r.P) && (!math.IsNaN(r.T) || !math.IsNaN(r.Dir)) {
		return r, fmt.Errorf("line %d: row without a pressure: every UWyo row starts with PRES", n)
	}
	return r, nil
}

// csvUnits maps the CSV header's quantity names (before the last "_") to the
// Row field they fill, with the units accepted and their factor to SI.
var csvUnits = map[string]map[string]func(float64) float64{
	"pressure":            {"hPa": func(v float64) float64 { return v * 100 }, "Pa": func(v float64) float64 { return v }},
	"geopotential height": {"m": func(v float64) float64 { return v }},
	"temperature":         {"C": func(v float64) float64 { return v + units.ZeroCelsius }, "K": func(v float64) float64 { return v }},
	"wind direction":      {"degree": func(v float64) float64 { return v }, "deg": func(v float64) float64 { return v }},
	"wind speed":          {"m/s": func(v float64) float64 { return v }, "knot": func(v float64) float64 { return v * units.Knot }, "kt": func(v float64) float64 { return v * units.Knot }},
}

func readCSV(data []byte) (*sounding.Sounding, error) {
	s := &sounding.Sounding{Format: "UWyo CSV", Kind: "radiosonde", Lat: math.NaN(), Lon: math.NaN(), Elevation: math.NaN()}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.FieldsPerRecord = -1
	head, err := cr.Read()
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, fmt.Errorf("line %d, column %d: CSV header: %v", pe.Line, pe.Column, pe.Err)
		}
		return nil, fmt.Errorf("line 1: CSV header: %w", err)
	}
	type col struct {
		idx  int
		conv func(float64) float64
	}
	use := map[string]col{}
	timeCol, latCol, lonCol := -1, -1, -1
	for i, h := range head {
		h = strings.TrimSpace(h)
		switch strings.ToLower(h) {
		case "time":
			timeCol = i
			continue
		case "latitude":
			latCol = i
			continue
		case "longitude":
			lonCol = i
			continue
		}
		k := strings.LastIndex(h, "_")
		if k < 0 {
			continue
		}
		name, unit := strings.ToLower(h[:k]), h[k+1:]
		if us, ok := csvUnits[name]; ok {
			conv, ok := us[unit]
			if !ok {
				var acc []string
				for u := range us {
					acc = append(acc, u)
				}
				return nil, fmt.Errorf("line 1, field %d: %q is in %q; halo reads %s in one of %v", i+1, h, unit, name, acc)
			}
			use[name] = col{i, conv}
		}
	}
	for _, need := range []string{"pressure", "geopotential height", "temperature"} {
		if _, ok := use[need]; !ok {
			return nil, fmt.Errorf("line 1: the CSV header has no %q column (e.g. %q)", need, need+"_"+map[string]string{"pressure": "hPa", "geopotential height": "m", "temperature": "C"}[need])
		}
	}
	var rows []sounding.Row
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("line %d, column %d: %v", pe.Line, pe.Column, pe.Err)
			}
			return nil, fmt.Errorf("UWyo CSV: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) != len(head) {
			return nil, fmt.Errorf("line %d: %d fields, the header has %d", line, len(rec), len(head))
		}
		r := sounding.Row{Line: line, P: math.NaN(), H: math.NaN(), T: math.NaN(), Dir: math.NaN(), Speed: math.NaN()}
		get := func(name string) (float64, error) {
			c, ok := use[name]
			if !ok {
				return math.NaN(), nil
			}
			f := strings.TrimSpace(rec[c.idx])
			if f == "" {
				return math.NaN(), nil
			}
			v, err := strconv.ParseFloat(f, 64)
			if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
				_, colno := cr.FieldPos(c.idx)
				colno += len(rec[c.idx]) - len(strings.TrimLeft(rec[c.idx], " "))
				return 0, fmt.Errorf("line %d, column %d: %s %q is not a number", line, colno, strings.TrimSpace(head[c.idx]), f)
			}
			return c.conv(v), nil
		}
		for _, f := range []struct {
			name string
			dst  *float64
		}{{"pressure", &r.P}, {"geopotential height", &r.H}, {"temperature", &r.T}, {"wind direction", &r.Dir}, {"wind speed", &r.Speed}} {
			if *f.dst, err = get(f.name); err != nil {
				return nil, err
			}
		}
		if len(rows) == 0 {
			if timeCol >= 0 {
				ts := strings.TrimSpace(rec[timeCol])
				t, err := time.Parse("2006-01-02 15:04:05", ts)
				if err != nil {
					return nil, fmt.Errorf("line %d: time %q: expected YYYY-MM-DD HH:MM:SS", line, ts)
				}
				s.Time = t
				s.Notes = append(s.Notes, "the CSV time is the balloon's launch time, not the nominal 00Z/12Z")
			}
			for _, c := range []struct {
				i   int
				dst *float64
				lim float64
			}{{latCol, &s.Lat, 90}, {lonCol, &s.Lon, 360}} {
				if c.i < 0 {
					continue
				}
				v, err := strconv.ParseFloat(strings.TrimSpace(rec[c.i]), 64)
				if err == nil && math.Abs(v) <= c.lim {
					*c.dst = v
				}
			}
		}
		rows = append(rows, r)
	}
	if len(rows) == 0 {
		return nil, errors.New("line 1: the CSV has a header but no rows")
	}
	if s.Time.IsZero() {
		s.Notes = append(s.Notes, "the CSV has no time column: the sounding's age is unknown")
	}
	s.Notes = append(s.Notes, "the UWyo CSV names no station; its position is the launch site's latitude and longitude")
	if err := s.Build(source(s), rows); err != nil {
		return nil, located("UWyo CSV", err)
	}
	return s, nil
}
