package track

import (
	"bytes"
	"fmt"
	"math"
	"strings"
)

// colMap maps FlySight column names to field indices (−1 when absent).
type colMap struct {
	time, lat, lon, hmsl, velN, velE, velD, hAcc, vAcc, sAcc, fix, numSV int
	n                                                                    int      // number of columns in the header
	names                                                                []string // header names, for messages
}

// flySight1Old is the 12-column order of old FlySight 1 firmware (and CyberEye).
var flySight1Old = []string{"time", "lat", "lon", "hMSL", "velN", "velE", "velD", "hAcc", "vAcc", "sAcc", "gpsFix", "numSV"}

// flySight1New is the 14-column order of newer FlySight 1 firmware.
var flySight1New = []string{"time", "lat", "lon", "hMSL", "velN", "velE", "velD", "hAcc", "vAcc", "sAcc", "heading", "cAcc", "gpsFix", "numSV"}

func newColMap(names []string) (colMap, error) {
	c := colMap{time: -1, lat: -1, lon: -1, hmsl: -1, velN: -1, velE: -1, velD: -1, hAcc: -1, vAcc: -1, sAcc: -1, fix: -1, numSV: -1, n: len(names), names: names}
	for i, nm := range names {
		var dst *int
		switch strings.ToLower(strings.TrimSpace(nm)) {
		case "time":
			dst = &c.time
		case "lat":
			dst = &c.lat
		case "lon":
			dst = &c.lon
		case "hmsl":
			dst = &c.hmsl
		case "veln":
			dst = &c.velN
		case "vele":
			dst = &c.velE
		case "veld":
			dst = &c.velD
		case "hacc":
			dst = &c.hAcc
		case "vacc":
			dst = &c.vAcc
		case "sacc":
			dst = &c.sAcc
		case "gpsfix":
			dst = &c.fix
		case "numsv":
			dst = &c.numSV
		default:
			continue
		}
		if *dst >= 0 {
			return c, fmt.Errorf("column %q appears twice (columns %d and %d)", nm, *dst+1, i+1)
		}
		*dst = i
	}
	var missing []string
	for _, m := range []struct {
		name string
		idx  int
	}{{"time", c.time}, {"lat", c.lat}, {"lon", c.lon}, {"hMSL", c.hmsl}} {
		if m.idx < 0 {
			missing = append(missing, m.name)
		}
	}
	if len(missing) > 0 {
		return c, fmt.Errorf("header lacks the column(s) %s (found %s)", strings.Join(missing, ", "), strings.Join(names, ","))
	}
	return c, nil
}

// isFlySight1Header reports whether l is a FlySight-1-style header row.
func isFlySight1Header(l []byte) bool {
	f := strings.Split(strings.ToLower(string(l)), ",")
	has := map[string]bool{}
	for _, x := range f {
		has[strings.TrimSpace(x)] = true
	}
	return has["time"] && has["lat"] && has["lon"]
}

// isHeaderlessFlySight1 reports whether l is a FlySight 1 data row (12 or 14
// fields starting with an ISO time), as the CyberEye logger writes without header.
func isHeaderlessFlySight1(l []byte) bool {
	n := bytes.Count(l, []byte(",")) + 1
	if n != 12 && n != 14 {
		return false
	}
	var tp timeParser
	_, ok := tp.parse(l[:bytes.IndexByte(l, ',')])
	return ok
}

// rowParser turns split fields into points.
type rowParser struct {
	c  colMap
	tp timeParser
	b  *builder
}

// row parses one data row. last says the row is the input's final line and had no
// line end, where a short row means the file was cut.
func (rp *rowParser) row(f [][]byte, line int, last bool) {
	c := &rp.c
	if len(f) < c.n {
		// Spreadsheet re-saves can drop trailing empty fields; only the columns we
		// read must be present.
		need := max(c.time, c.lat, c.lon, c.hmsl, c.velN, c.velE, c.velD, c.hAcc, c.vAcc, c.sAcc, c.fix, c.numSV)
		if len(f) <= need {
			if last {
				rp.b.warn(line, "line %d: last line cut short (%d of %d fields): the file is truncated; row dropped", line, len(f), c.n)
			} else {
				rp.b.drop(fmt.Sprintf("malformed row (fewer than %d fields)", c.n), line)
			}
			return
		}
	}
	t, ok := rp.tp.parse(f[c.time])
	if !ok {
		rp.bad(line, last, "time", f[c.time])
		return
	}
	p := Point{T: t, NumSV: -1, Line: line,
		VelN: math.NaN(), VelE: math.NaN(), VelD: math.NaN(),
		HAcc: math.NaN(), VAcc: math.NaN(), SAcc: math.NaN()}
	if p.Lat, ok = parseNum(f[c.lat]); !ok {
		rp.bad(line, last, "lat", f[c.lat])
		return
	}
	if p.Lon, ok = parseNum(f[c.lon]); !ok {
		rp.bad(line, last, "lon", f[c.lon])
		return
	}
	if p.HMSL, ok = parseNum(f[c.hmsl]); !ok {
		rp.bad(line, last, "hMSL", f[c.hmsl])
		return
	}
	opt := func(idx int, name string, dst *float64) bool {
		if idx < 0 || len(trimSpace(f[idx])) == 0 {
			return true // absent: NaN
		}
		v, ok := parseNum(f[idx])
		if !ok {
			rp.bad(line, last, name, f[idx])
			return false
		}
		*dst = v
		return true
	}
	if !opt(c.velN, "velN", &p.VelN) || !opt(c.velE, "velE", &p.VelE) || !opt(c.velD, "velD", &p.VelD) ||
		!opt(c.hAcc, "hAcc", &p.HAcc) || !opt(c.vAcc, "vAcc", &p.VAcc) || !opt(c.sAcc, "sAcc", &p.SAcc) {
		return
	}
	if p.HAcc < 0 || p.VAcc < 0 || p.SAcc < 0 {
		rp.b.drop("negative accuracy", line)
		return
	}
	if c.numSV >= 0 {
		if n, ok := parseInt(f[c.numSV]); ok && n >= 0 {
			p.NumSV = n
		}
	}
	if c.fix >= 0 {
		fix, ok := parseInt(f[c.fix])
		if !ok {
			rp.bad(line, last, "gpsFix", f[c.fix])
			return
		}
		if fix < 3 {
			rp.b.drop("no 3-D fix (gpsFix < 3)", line)
			return
		}
	}
	rp.b.add(p)
}

func (rp *rowParser) bad(line int, last bool, col string, v []byte) {
	if last {
		rp.b.warn(line, "line %d: last line cut short or damaged (column %s = %q): the file is probably truncated; row dropped", line, col, head(v, 30))
		return
	}
	rp.b.drop(fmt.Sprintf("bad value in column %s", col), line)
}

// readFlySight1 reads FlySight 1 CSV and its look-alikes. headerLine is the
// 1-based line of the header row, 0 for headerless files.
func readFlySight1(data []byte, b *builder, headerLine int) error {
	b.format = "FlySight 1"
	it := lineIter{data: data}
	var names []string
	if headerLine > 0 {
		for it.line < headerLine {
			l, _ := it.next()
			if it.line == headerLine {
				names = strings.Split(string(bytes.TrimSpace(l)), ",")
			}
		}
		for i := range names {
			names[i] = strings.TrimSpace(names[i])
		}
	} else {
		l, _ := firstNonBlankLine(data)
		if bytes.Count(l, []byte(","))+1 == 12 {
			names = flySight1Old
		} else {
			names = flySight1New
		}
		b.format = "FlySight 1 rows without header (CyberEye)"
		b.warn(0, "no header row: columns taken in FlySight 1's %d-column order (%s)", len(names), strings.Join(names, ","))
	}
	c, err := newColMap(names)
	if err != nil {
		return fmt.Errorf("line %d: %w", headerLine, err)
	}
	insight := false
	for _, n := range names {
		if strings.EqualFold(n, "headAcc") {
			insight = true
		}
	}
	if insight {
		b.format = "Insight (FlySight 1-like CSV)"
	}
	rp := rowParser{c: c, b: b}
	fields := make([][]byte, 0, 32)
	units := false
	for {
		l, ok := it.next()
		if !ok {
			break
		}
		if !units && len(b.pts) == 0 && len(b.issues) == 0 && len(l) > 0 && (l[0] == ',' || bytes.Contains(l, []byte("(deg)"))) {
			units = true // the units row: ",(deg),(deg),(m),..."
			continue
		}
		if len(trimSpace(l)) == 0 {
			continue
		}
		fields = splitFields(fields, l)
		rp.row(fields, it.line, it.last)
	}
	if headerLine > 0 && !units {
		b.warn(headerLine+1, "no units row after the header (read as FlySight 1 units: deg, m, m/s)")
	}
	if isDekunu(b.pts) {
		b.format = "Dekunu (FlySight 1 format)"
		b.altRef = "AGL (landing area)"
		for i := range b.pts {
			p := &b.pts[i]
			p.HAcc, p.VAcc, p.SAcc = math.NaN(), math.NaN(), math.NaN()
			p.VelD = math.NaN()
			p.Flags |= FlagVelDDerived
		}
		b.derivedD = true
		b.warn(0, "Dekunu export: accuracies are a constant 1 (set to unknown), velD is not a vertical speed (derived from the altitudes instead), and hMSL holds the height above the landing area, not MSL")
	}
	return nil
}

// isDekunu recognises the Dekunu export: every accuracy exactly 1 in a file of at
// least 20 rows (no receiver reports that).
func isDekunu(pts []Point) bool {
	if len(pts) < 20 {
		return false
	}
	for _, p := range pts {
		if p.HAcc != 1 || p.VAcc != 1 || p.SAcc != 1 {
			return false
		}
	}
	return true
}

// readFlySight2 reads a FlySight 2 TRACK.CSV: "$FLYS,1", "$VAR,…", "$COL,GNSS,…",
// "$UNIT,GNSS,…", "$DATA", then "$GNSS,…" rows. Other record types are ignored.
func readFlySight2(data []byte, b *builder) error {
	b.format = "FlySight 2"
	it := lineIter{data: data}
	var rp *rowParser
	fields := make([][]byte, 0, 32)
	others := 0
	for {
		l, ok := it.next()
		if !ok {
			break
		}
		if len(trimSpace(l)) == 0 {
			continue
		}
		fields = splitFields(fields, l)
		switch string(trimSpace(fields[0])) {
		case "$GNSS":
			if rp == nil {
				c, _ := newColMap(append([]string{"$GNSS"}, "time", "lat", "lon", "hMSL", "velN", "velE", "velD", "hAcc", "vAcc", "sAcc", "numSV"))
				rp = &rowParser{c: c, b: b}
				b.warn(it.line, "line %d: $GNSS row before any $COL,GNSS line: FlySight 2's default columns assumed", it.line)
			}
			rp.row(fields, it.line, it.last)
		case "$COL":
			if len(fields) > 1 && string(trimSpace(fields[1])) == "GNSS" {
				names := []string{"$GNSS"}
				for _, f := range fields[2:] {
					names = append(names, string(trimSpace(f)))
				}
				for len(names) > 1 && names[len(names)-1] == "" { // spreadsheet re-saves
					names = names[:len(names)-1]
				}
				c, err := newColMap(names)
				if err != nil {
					return fmt.Errorf("line %d: $COL,GNSS: %w", it.line, err)
				}
				rp = &rowParser{c: c, b: b}
			}
		case "$VAR":
			if len(fields) > 2 && string(trimSpace(fields[1])) == "FIRMWARE_VER" {
				b.device = "FlySight 2 firmware " + string(trimSpace(fields[2]))
			}
		case "$FLYS", "$UNIT", "$DATA":
		default:
			others++
		}
	}
	if rp == nil {
		return fmt.Errorf("no $COL,GNSS line and no $GNSS row: no GNSS data in this FlySight 2 file (is it SENSOR.CSV? read TRACK.CSV)")
	}
	return nil
}
