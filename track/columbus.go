package track

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"time"
)

// readColumbus reads the Columbus V-900 CSV:
// INDEX,TAG,DATE,TIME,LATITUDE N/S,LONGITUDE E/W,HEIGHT,SPEED,HEADING,VOX with
// DATE YYMMDD, TIME HHMMSS, "56.792988N" / "037.283489E", HEIGHT m, SPEED km/h,
// HEADING degrees. The file does not state its time zone: UTC is presumed (the
// logger's default) and said in a warning. Horizontal velocity comes from SPEED
// and HEADING; vertical velocity is derived from HEIGHT.
func readColumbus(data []byte, b *builder) error {
	b.format = "Columbus V-900"
	it := lineIter{data: data}
	hdr, _ := it.next()
	names := strings.Split(string(hdr), ",")
	col := map[string]int{}
	for i, n := range names {
		col[strings.ToUpper(strings.TrimSpace(n))] = i
	}
	need := []string{"DATE", "TIME", "LATITUDE N/S", "LONGITUDE E/W", "HEIGHT"}
	for _, n := range need {
		if _, ok := col[n]; !ok {
			return fmt.Errorf("line 1: header lacks column %s", n)
		}
	}
	iSpeed, hasSpeed := col["SPEED"]
	iHead, hasHead := col["HEADING"]
	maxIdx := 0
	for _, i := range col {
		maxIdx = max(maxIdx, i)
	}
	fields := make([][]byte, 0, 16)
	for {
		l, ok := it.next()
		if !ok {
			break
		}
		l = bytes.TrimRight(l, "\x00") // the logger pads its last sector with NULs
		if len(trimSpace(l)) == 0 {
			continue
		}
		fields = splitFields(fields, l)
		if len(fields) < len(names) && len(fields) <= maxIdx {
			if it.last {
				b.warn(it.line, "line %d: last line cut short (%d of %d fields): the file is truncated; row dropped", it.line, len(fields), len(names))
			} else {
				b.drop("malformed row (too few fields)", it.line)
			}
			continue
		}
		d, t := trimSpace(fields[col["DATE"]]), trimSpace(fields[col["TIME"]])
		var yy, mo, dd, hh, mi, ss int
		okT := len(d) == 6 && len(t) == 6
		if okT {
			var o [6]bool
			yy, o[0] = digits(d[0:2])
			mo, o[1] = digits(d[2:4])
			dd, o[2] = digits(d[4:6])
			hh, o[3] = digits(t[0:2])
			mi, o[4] = digits(t[2:4])
			ss, o[5] = digits(t[4:6])
			okT = o == [6]bool{true, true, true, true, true, true} && mo >= 1 && mo <= 12 && dd >= 1 && dd <= 31 && hh < 24 && mi < 60 && ss < 61
		}
		if !okT {
			b.bad(it.line, it.last, "DATE/TIME")
			continue
		}
		lat, ok1 := hemiNum(fields[col["LATITUDE N/S"]], 'N', 'S')
		lon, ok2 := hemiNum(fields[col["LONGITUDE E/W"]], 'E', 'W')
		alt, ok3 := parseNum(fields[col["HEIGHT"]])
		if !ok1 || !ok2 || !ok3 {
			b.bad(it.line, it.last, "LATITUDE N/S, LONGITUDE E/W or HEIGHT")
			continue
		}
		p := Point{
			T:   time.Date(2000+yy, time.Month(mo), dd, hh, mi, ss, 0, time.UTC),
			Lat: lat, Lon: lon, HMSL: alt,
			VelN: math.NaN(), VelE: math.NaN(), VelD: math.NaN(),
			HAcc: math.NaN(), VAcc: math.NaN(), SAcc: math.NaN(), NumSV: -1, Line: it.line,
		}
		if hasSpeed && hasHead {
			sp, okS := parseNum(fields[iSpeed])
			hd, okH := parseNum(fields[iHead])
			if okS && okH && sp >= 0 {
				s, c := math.Sincos(hd * deg)
				p.VelN, p.VelE = sp*kmh*c, sp*kmh*s
			}
		}
		b.add(p)
	}
	b.warn(0, "Columbus V-900: time zone not stated in the file, UTC presumed; no accuracies; HEIGHT taken as MSL")
	return nil
}

// bad reports a damaged field (as truncation when on the unterminated last line).
func (b *builder) bad(line int, last bool, col string) {
	if last {
		b.warn(line, "line %d: last line cut short or damaged (column %s): the file is probably truncated; row dropped", line, col)
		return
	}
	b.drop("bad value in column "+col, line)
}

// hemiNum parses "56.792988N" / "037.283489E" (a hemisphere suffix or prefix, or a
// signed number).
func hemiNum(v []byte, pos, neg byte) (float64, bool) {
	v = trimSpace(v)
	if len(v) == 0 {
		return 0, false
	}
	sign := 1.0
	switch {
	case v[len(v)-1] == pos:
		v = v[:len(v)-1]
	case v[len(v)-1] == neg:
		v, sign = v[:len(v)-1], -1
	case v[0] == pos:
		v = v[1:]
	case v[0] == neg:
		v, sign = v[1:], -1
	}
	x, ok := parseNum(v)
	return sign * x, ok
}
