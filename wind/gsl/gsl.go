// Package gsl reads NOAA GSL (formerly FSL/GSD) soundings in the text format of
// rucsoundings.noaa.gov: RAP/HRRR/GFS point forecasts and radiosonde (RAOB) data.
//
// Format (rucsoundings.noaa.gov/raob_format.html, "GSD Sounding data format", checked
// against the files in testdata): each sounding is a block of lines of 7-character
// right-aligned integer columns, the first column being the line type:
//
//	TYPE    HOUR  DAY  MONTH  YEAR          header: TYPE is 254 (RAOB) or the model
//	                                        name ("Op40" = RAP, "GFS"...); MONTH is a name
//	1  WBAN  WMO  LAT  LON  ELEV  RTIME     station: lat/lon in degrees, longitude
//	                                        POSITIVE WEST (104.64 = 104.64° W); ELEV m
//	2  HYDRO MXWD TROPL LINES TINDEX SOURCE sounding checks (ignored)
//	3       STAID   SONDE  WSUNITS          station identifier; wind units "kt" or "ms"
//	9  PRESSURE HEIGHT TEMP DEWPT WDIR WSPD surface level
//	4 / 5 / 6 / 7 / 8                       mandatory / significant / wind / tropopause /
//	                                        maximum-wind level, same columns
//
// PRESSURE is in tenths of hPa, HEIGHT in (geopotential) metres, TEMP and DEWPT in
// tenths of °C, WDIR degrees true, WSPD in the header's units; 99999 is missing.
// Model output adds a title line ("Op40 analysis valid for grid point ...", "GFS 03 h
// forecast valid for ...") and a CAPE/CIN line before the header; AMDAR soundings an
// "A:" line; RAOB and AMDAR data lines may carry 3 more columns (HHMM, bearing, range).
// A file may hold several soundings (one per forecast hour), separated by blank lines.
// In the type-1 line latitude and longitude can run together ("-25.00-135.00"); they
// are read by pattern, not by splitting on spaces.
//
// Two real failure replies are recognized and reported with their line: an HTML
// error page (the server failed) and a point outside the model domain (GSL then
// returns latitude 999.00, longitude -999.00 and all values missing).
package gsl

import (
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

// MaxSize is the largest input accepted, bytes.
const MaxSize = 16 << 20

const missing = 99999

var (
	reType  = regexp.MustCompile(`^(\S+)\s+(\d{1,2})\s+(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})$`)
	reST1   = regexp.MustCompile(`^1\s+(-?\d+)\s+(-?\d+)\s*(-?\d+(?:\.\d+)?)\s*([NS])?\s*(-?\d+(?:\.\d+)?)\s*([EW])?\s+(-?\d+)(?:\s+(-?\d+))?$`)
	reFcst  = regexp.MustCompile(`\b(\d{1,3}) h forecast\b`)
	reTag   = regexp.MustCompile(`<[^>]*>`)
	months  = map[string]time.Month{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}
	colName = []string{"line type", "PRESSURE", "HEIGHT", "TEMP", "DEWPT", "WIND DIR", "WIND SPD"}
)

// IsGSL reports whether data looks like a GSL sounding file: it has a type-1 and a
// type-3 line and the header of a sounding (a 254 line or a "NAME HH DD Mon YYYY" line).
func IsGSL(data []byte) bool {
	var one, three, head bool
	for _, l := range strings.Split(string(data), "\n") {
		f := strings.Fields(l)
		if len(f) == 0 {
			continue
		}
		switch {
		case f[0] == "1" && len(f) >= 5:
			one = true
		case f[0] == "3" && len(f) >= 2:
			three = true
		case f[0] == "254" || reType.MatchString(strings.TrimSpace(l)):
			head = true
		}
	}
	return one && three && head
}

// block is one sounding being read.
type block struct {
	s         *sounding.Sounding
	start     int // line of its first line
	title     string
	typeLine  int
	fcstHours int // -1 unknown
	speed     float64
	unitsLine int
	rows      []sounding.Row
	dataLines int
	anyValue  bool
}

// ReadAll reads every sounding in the file, in file order.
func ReadAll(r io.Reader) ([]*sounding.Sounding, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("GSL: %w", err)
	}
	if len(data) > MaxSize {
		return nil, fmt.Errorf("GSL: input larger than %d bytes", MaxSize)
	}
	lines := strings.Split(string(data), "\n")
	var out []*sounding.Sounding
	var b *block
	newBlock := func(n int) {
		b = &block{s: &sounding.Sounding{Format: "GSL", Lat: math.NaN(), Lon: math.NaN(), Elevation: math.NaN()}, start: n, fcstHours: -1}
	}
	finish := func(end int) error {
		if b == nil {
			return nil
		}
		s, err := b.finish(end)
		if err != nil {
			return err
		}
		out = append(out, s)
		b = nil
		return nil
	}
	for i, raw := range lines {
		n := i + 1
		line := strings.TrimRight(raw, "\r")
		trim := strings.TrimSpace(line)
		if strings.HasPrefix(trim, "<") {
			return nil, htmlError(lines, n)
		}
		if strings.Contains(line, "\t") {
			return nil, fmt.Errorf("line %d: tab character: GSL soundings are fixed-column text", n)
		}
		f := strings.Fields(trim)
		if len(f) == 0 {
			if err := finish(n - 1); err != nil {
				return nil, err
			}
			continue
		}
		lt, numErr := strconv.Atoi(f[0])
		switch {
		case f[0] == "CAPE":
			if b == nil {
				return nil, fmt.Errorf("line %d: CAPE line outside a sounding", n)
			}
		case f[0] == "A:":
			if err := finish(n - 1); err != nil {
				return nil, err
			}
			newBlock(n)
			b.title = trim
		case numErr != nil && reType.MatchString(trim):
			if b != nil && b.typeLine > 0 {
				if err := finish(n - 1); err != nil {
					return nil, err
				}
			}
			if b == nil {
				newBlock(n)
			}
			if err := b.header(reType.FindStringSubmatch(trim)[1:], n); err != nil {
				return nil, err
			}
		case numErr != nil:
			if !strings.Contains(strings.ToLower(trim), "valid") && !strings.HasSuffix(trim, ":") {
				return nil, fmt.Errorf("line %d: %q is not a GSL sounding line (expected a title, a header \"NAME HH DD Mon YYYY\" or a numbered line type)", n, clip(trim))
			}
			if b != nil && (b.typeLine > 0 || b.title != "") {
				if err := finish(n - 1); err != nil {
					return nil, err
				}
			}
			newBlock(n)
			b.title = trim
			if m := reFcst.FindStringSubmatch(trim); m != nil {
				b.fcstHours, _ = strconv.Atoi(m[1])
			} else if strings.Contains(strings.ToLower(trim), "analysis") {
				b.fcstHours = 0
			}
		case lt == 254:
			if b != nil && b.typeLine > 0 {
				if err := finish(n - 1); err != nil {
					return nil, err
				}
			}
			if b == nil {
				newBlock(n)
			}
			if len(f) < 5 {
				return nil, fmt.Errorf("line %d: a 254 line is \"254 HOUR DAY MONTH YEAR\"", n)
			}
			if err := b.header(append([]string{"RAOB"}, f[1:5]...), n); err != nil {
				return nil, err
			}
		default:
			if b == nil || b.typeLine == 0 {
				return nil, fmt.Errorf("line %d: line type %d before the sounding's header line (\"NAME HH DD Mon YYYY\" or 254)", n, lt)
			}
			if err := b.line(lt, f, trim, line, n); err != nil {
				return nil, err
			}
		}
	}
	if err := finish(len(lines)); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, errors.New("GSL: no sounding in the file")
	}
	return out, nil
}

// Read returns the first sounding of the file (the analysis or earliest forecast
// in a model file); the others are named in its Notes. Use ReadAll and
// sounding.Nearest to pick one by time.
func Read(r io.Reader) (*sounding.Sounding, error) {
	ss, err := ReadAll(r)
	if err != nil {
		return nil, err
	}
	if len(ss) > 1 {
		note := fmt.Sprintf("the file holds %d soundings valid %s to %s; this is the first", len(ss), ss[0].Time.Format("2006-01-02 15Z"), ss[len(ss)-1].Time.Format("2006-01-02 15Z"))
		ss[0].Notes = append(ss[0].Notes, note)
		if ss[0].Profile != nil {
			ss[0].Profile.Notes = append(ss[0].Profile.Notes, note)
		}
	}
	return ss[0], nil
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "..."
	}
	return s
}

// htmlError describes an HTML reply (the server's error page) found at line n.
func htmlError(lines []string, n int) error {
	var text []string
	for _, l := range lines[n-1:] {
		t := strings.TrimSpace(reTag.ReplaceAllString(l, ""))
		if t == "" || strings.HasPrefix(strings.ToLower(t), "content-type") {
			continue
		}
		text = append(text, t)
		if len(text) == 2 {
			break
		}
	}
	msg := strings.Join(text, " ")
	if len(msg) > 160 {
		msg = msg[:160] + "..."
	}
	return fmt.Errorf("line %d: the file is an HTML page, not a GSL sounding (the server's reply was an error: %q); download the sounding again", n, msg)
}

// header reads "NAME HH DD Mon YYYY".
func (b *block) header(f []string, n int) error {
	if b.typeLine > 0 {
		return fmt.Errorf("line %d: a second header line in one sounding (the first is line %d)", n, b.typeLine)
	}
	h, _ := strconv.Atoi(f[1])
	d, _ := strconv.Atoi(f[2])
	mo, ok := months[strings.ToLower(f[3])]
	y, _ := strconv.Atoi(f[4])
	t := time.Date(y, mo, d, h, 0, 0, 0, time.UTC)
	if !ok || h > 23 || d < 1 || t.Day() != d || y < 1900 {
		return fmt.Errorf("line %d: header time %s %s %s %s (hour day month year) is not a date", n, f[1], f[2], f[3], f[4])
	}
	b.typeLine = n
	b.s.Kind = f[0]
	if f[0] == "RAOB" {
		b.s.Kind = "radiosonde"
	}
	b.s.Time = t
	if b.fcstHours >= 0 && f[0] != "RAOB" {
		b.s.Run = t.Add(-time.Duration(b.fcstHours) * time.Hour)
	}
	return nil
}

// line reads line types 1 to 9.
func (b *block) line(lt int, f []string, trim, line string, n int) error {
	switch lt {
	case 1:
		m := reST1.FindStringSubmatch(trim)
		if m == nil {
			return fmt.Errorf("line %d: type-1 line %q: expected \"1 WBAN WMO LAT LON ELEV RTIME\"", n, clip(trim))
		}
		lat, _ := strconv.ParseFloat(m[3], 64)
		lon, _ := strconv.ParseFloat(m[5], 64)
		if math.Abs(lat) == 999 || math.Abs(lon) == 999 {
			return fmt.Errorf("line %d: latitude %s, longitude %s is GSL's reply for a point outside the model's domain: the file has no data. Ask for a point inside the model's domain (RAP/HRRR cover North America; use GFS elsewhere)", n, m[3], m[5])
		}
		if m[2] != "99999" {
			b.s.Number = m[2]
		}
		if lat != missing && lon != missing {
			if m[4] == "S" {
				lat = -lat
			}
			// GSL longitudes are positive west (104.64 is Denver, -135.00 central
			// Australia) unless an E letter says east.
			if m[6] != "E" {
				lon = -lon
			}
			if math.Abs(lat) > 90 || math.Abs(lon) > 360 {
				return fmt.Errorf("line %d: latitude %s, longitude %s is not a position", n, m[3], m[5])
			}
			if lon <= -180 {
				lon += 360
			}
			if lon > 180 {
				lon -= 360
			}
			b.s.Lat, b.s.Lon = lat, lon
		}
		if e, _ := strconv.Atoi(m[7]); e != missing {
			b.s.Elevation = float64(e)
		}
	case 2:
	case 3:
		if len(f) < 2 {
			return fmt.Errorf("line %d: type-3 line %q: expected \"3 STAID SONDE WSUNITS\"", n, trim)
		}
		switch strings.ToLower(f[len(f)-1]) {
		case "kt":
			b.speed = units.Knot
		case "ms":
			b.speed = 1
		default:
			return fmt.Errorf("line %d: wind speed units %q: expected kt or ms", n, f[len(f)-1])
		}
		b.unitsLine = n
		if len(f) >= 4 {
			b.s.Station = f[1]
		} else if _, err := strconv.Atoi(f[1]); err != nil && len(f) == 3 {
			b.s.Station = f[1]
		}
	case 4, 5, 6, 7, 8, 9:
		if b.unitsLine == 0 {
			return fmt.Errorf("line %d: data line before the type-3 line that gives the wind units", n)
		}
		if len(f) != 7 && len(f) != 10 {
			return fmt.Errorf("line %d: %d fields; a data line has 7 (type, pressure, height, temperature, dew point, direction, speed) or 10", n, len(f))
		}
		v := make([]int, 7)
		pos := 0
		for k := 0; k < 7; k++ {
			p := strings.Index(line[pos:], f[k]) + pos
			pos = p + len(f[k])
			x, err := strconv.Atoi(f[k])
			if err != nil {
				return fmt.Errorf("line %d, column %d: %s %q is not an integer", n, p+1, colName[k], f[k])
			}
			v[k] = x
		}
		b.dataLines++
		get := func(k int, scale, offset float64) float64 {
			if v[k] == missing {
				return math.NaN()
			}
			if k > 1 { // a pressure alone (below-ground mandatory level) is no data
				b.anyValue = true
			}
			return float64(v[k])*scale + offset
		}
		r := sounding.Row{Line: n,
			P:     get(1, 10, 0),
			H:     get(2, 1, 0),
			T:     get(3, 0.1, units.ZeroCelsius),
			Dir:   get(5, 1, 0),
			Speed: get(6, b.speed, 0),
		}
		if v[1] == 0 && v[2] == 0 {
			return fmt.Errorf("line %d: pressure 0 at height 0 (%s): GSL's filler for a point without data (outside the model's domain?)", n, clip(trim))
		}
		b.rows = append(b.rows, r)
	default:
		return fmt.Errorf("line %d: unknown line type %d (expected 254, 1-9, or a model header)", n, lt)
	}
	return nil
}

func (b *block) finish(end int) (*sounding.Sounding, error) {
	s := b.s
	switch {
	case b.typeLine == 0:
		return nil, fmt.Errorf("line %d: sounding without a header line (\"NAME HH DD Mon YYYY\" or 254)", b.start)
	case b.unitsLine == 0:
		return nil, fmt.Errorf("lines %d-%d: sounding without a type-3 line (station and wind units)", b.start, end)
	case b.dataLines == 0:
		return nil, fmt.Errorf("lines %d-%d: sounding without data lines", b.start, end)
	case !b.anyValue:
		return nil, fmt.Errorf("lines %d-%d: every value is missing (99999): no data for this point", b.start, end)
	}
	if s.Station == "" && !math.IsNaN(s.Lat) {
		s.Station = fmt.Sprintf("%.2f,%.2f", s.Lat, s.Lon)
	}
	if b.title != "" {
		s.Name = b.title
	}
	if s.Kind != "radiosonde" && s.Run.IsZero() {
		s.Notes = append(s.Notes, fmt.Sprintf("line %d: the forecast hour is not given; the model run time is unknown", b.typeLine))
	}
	src := []string{"GSL", s.Kind, s.Station}
	switch {
	case s.Kind == "radiosonde":
		src = append(src, s.Time.Format("2006-01-02 15Z"))
	case !s.Run.IsZero():
		src = append(src, fmt.Sprintf("run %s +%dh valid %s", s.Run.Format("2006-01-02 15Z"), int(s.Time.Sub(s.Run).Hours()), s.Time.Format("2006-01-02 15Z")))
	default:
		src = append(src, "valid "+s.Time.Format("2006-01-02 15Z"))
	}
	if err := s.Build(strings.Join(src, " "), b.rows); err != nil {
		if strings.HasPrefix(err.Error(), "line ") {
			return nil, err
		}
		return nil, fmt.Errorf("lines %d-%d: %w", b.start, end, err)
	}
	return s, nil
}
