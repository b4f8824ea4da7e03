package track

import (
	"bytes"
	"fmt"
	"math"
	"time"
)

// looksNMEA reports whether one of the first 500 lines is a GGA or RMC sentence.
func looksNMEA(data []byte) bool {
	it := lineIter{data: data}
	for it.line < 500 {
		l, ok := it.next()
		if !ok {
			return false
		}
		if isSentence(l, "GGA") || isSentence(l, "RMC") {
			return true
		}
	}
	return false
}

// isSentence reports whether l is "$ttXXX,…" with XXX = typ (any talker).
func isSentence(l []byte, typ string) bool {
	return len(l) > 7 && l[0] == '$' && string(l[3:6]) == typ && l[6] == ','
}

// nmeaChecksum verifies "$…*hh". It returns the body (between $ and *), whether a
// checksum was present, and whether it matched.
func nmeaChecksum(l []byte) (body []byte, present, ok bool) {
	l = trimSpace(l)
	if len(l) == 0 || l[0] != '$' {
		return nil, false, false
	}
	star := bytes.LastIndexByte(l, '*')
	if star < 0 {
		return l[1:], false, false
	}
	body = l[1:star]
	hex := l[star+1:]
	if len(hex) != 2 {
		return body, true, false
	}
	want, ok1 := hexByte(hex[0])
	lo, ok2 := hexByte(hex[1])
	if !ok1 || !ok2 {
		return body, true, false
	}
	var x byte
	for _, c := range body {
		x ^= c
	}
	return body, true, x == want<<4|lo
}

func hexByte(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	}
	return 0, false
}

// nmeaEpoch gathers the GGA and RMC sentences of one time of day.
type nmeaEpoch struct {
	tod      string // "143531.00"
	line     int
	gga, rmc bool
	lat, lon float64
	alt      float64
	numSV    int
	speed    float64 // m/s, NaN if unknown
	course   float64 // deg, NaN if unknown
	date     time.Time
	hasDate  bool
}

// readNMEA reads GGA (position, altitude MSL, fix quality, satellites) and RMC
// (date, status, speed and course over ground) sentences of any talker (GP, GN,
// GL, …). Sentences with a bad checksum are dropped and reported; other sentence
// types (GSA, GSV, VTG, GLL, proprietary $P…) are checked and ignored. Horizontal
// velocity comes from RMC speed and course (receiver Doppler); vertical velocity
// is derived from the GGA altitudes.
//
// Each line goes through the stages of nmeaReader: checked (sentence), sorted
// (proprietary Tempo sentences, GGA, RMC), gathered into the epoch of its time of
// day (epochFor, takeGGA, takeRMC), and each finished epoch is dated (emit).
func readNMEA(data []byte, b *builder) error {
	b.format = "NMEA 0183"
	it := lineIter{data: data}
	r := nmeaReader{b: b, lastTod: -1, fields: make([][]byte, 0, 32)}
	for {
		l, ok := it.next()
		if !ok {
			break
		}
		r.line(l, it.line, it.last)
	}
	r.emit(r.ep)
	if len(r.pending) > 0 {
		return fmt.Errorf("line %d: no RMC sentence with a date: NMEA GGA carries only the time of day; log RMC too", r.pending[0].line)
	}
	if r.noSum > 0 {
		b.warn(r.noSumAt, "%d sentences without a *checksum (first at line %d) read unchecked", r.noSum, r.noSumAt)
	}
	b.warn(0, "NMEA gives no accuracy estimates: hAcc, vAcc, sAcc unknown")
	return nil
}

// nmeaReader is what readNMEA keeps between lines.
type nmeaReader struct {
	b        *builder
	ep       *nmeaEpoch   // the epoch being gathered
	pending  []*nmeaEpoch // epochs waiting for a date
	lastDate time.Time    // the last RMC date
	haveDate bool
	lastTod  float64  // time of day of the last point, s (−1 before the first)
	noSum    int      // sentences without a checksum
	noSumAt  int      // line of the first
	fields   [][]byte // reused
}

// line reads line n (last: the input's last line, with no line end).
func (r *nmeaReader) line(l []byte, n int, last bool) {
	body, ok := r.sentence(l, n, last)
	if !ok || r.proprietary(body) {
		return
	}
	if len(body) < 6 || body[5] != ',' {
		return
	}
	typ := string(body[2:5])
	if typ != "GGA" && typ != "RMC" {
		return
	}
	r.fields = splitFields(r.fields, body)
	if len(r.fields) < 10 {
		r.b.drop(fmt.Sprintf("%s sentence with too few fields", typ), n)
		return
	}
	ep := r.epochFor(string(trimSpace(r.fields[1])), n)
	var why string
	if typ == "GGA" {
		why = ep.takeGGA(r.fields, n)
	} else {
		why = ep.takeRMC(r.fields)
	}
	if why != "" {
		r.b.drop(why, n)
	}
}

// sentence checks line n: blank lines are skipped, lines without a leading $ and
// sentences with a bad checksum dropped, a last line cut short warned about;
// sentences without a checksum are counted and read. It returns the body between
// $ and *.
func (r *nmeaReader) sentence(l []byte, n int, last bool) ([]byte, bool) {
	l = trimSpace(l)
	if len(l) == 0 {
		return nil, false
	}
	if l[0] != '$' {
		r.b.drop("not an NMEA sentence (no leading $)", n)
		return nil, false
	}
	body, present, sumOK := nmeaChecksum(l)
	switch {
	case present && !sumOK && last:
		r.b.warn(n, "line %d: last line cut short or damaged (bad checksum): the file is probably truncated; sentence dropped", n)
		return nil, false
	case present && !sumOK:
		r.b.drop("bad NMEA checksum", n)
		return nil, false
	case !present && last:
		r.b.warn(n, "line %d: last sentence has no *checksum: the file is probably truncated; sentence dropped", n)
		return nil, false
	case !present:
		r.noSum++
		if r.noSumAt == 0 {
			r.noSumAt = n
		}
	}
	return body, true
}

// proprietary reports whether body is a proprietary sentence ($P…), taking the
// Tempo logger's version and fix sentences as the format and device.
func (r *nmeaReader) proprietary(body []byte) bool {
	if len(body) <= 2 || body[0] != 'P' {
		return false
	}
	if bytes.HasPrefix(body, []byte("PVER,")) {
		r.b.device = "Tempo " + string(body[5:])
		r.b.format = "Tempo (NMEA 0183)"
	} else if bytes.HasPrefix(body, []byte("PFIX,")) {
		r.b.format = "Tempo (NMEA 0183)"
	}
	return true
}

// epochFor returns the epoch of time of day tod, first line n: the current one,
// or a new one after emitting the current one.
func (r *nmeaReader) epochFor(tod string, n int) *nmeaEpoch {
	if r.ep == nil || r.ep.tod != tod {
		r.emit(r.ep)
		r.ep = &nmeaEpoch{tod: tod, line: n, speed: math.NaN(), course: math.NaN(), numSV: -1}
	}
	return r.ep
}

// takeGGA takes a GGA sentence's fields (at line n) into the epoch, or says why it is
// dropped.
func (ep *nmeaEpoch) takeGGA(f [][]byte, n int) string {
	q, ok := parseInt(f[6])
	if !ok || q == 0 {
		return "GGA without a fix (quality 0)"
	}
	lat, ok1 := nmeaDeg(f[2], f[3], 'N', 'S')
	lon, ok2 := nmeaDeg(f[4], f[5], 'E', 'W')
	alt, ok3 := parseNum(f[9])
	if !ok1 || !ok2 || !ok3 {
		return "GGA with a bad latitude, longitude or altitude"
	}
	ep.gga, ep.lat, ep.lon, ep.alt = true, lat, lon, alt
	ep.line = n
	if sv, ok := parseInt(f[7]); ok {
		ep.numSV = sv
	}
	return ""
}

// takeRMC takes an RMC sentence's fields into the epoch (date, speed, course, and the
// position when no GGA gave it), or says why it is dropped.
func (ep *nmeaEpoch) takeRMC(f [][]byte) string {
	if string(trimSpace(f[2])) != "A" {
		return "RMC status V (no valid fix)"
	}
	ep.rmc = true
	if d, ok := rmcDate(trimSpace(f[9])); ok {
		ep.date, ep.hasDate = d, true
	}
	if sp, ok := parseNum(f[7]); ok && sp >= 0 {
		ep.speed = sp * knot
	}
	if c, ok := parseNum(f[8]); ok {
		ep.course = c
	}
	if !ep.gga {
		if lat, ok := nmeaDeg(f[3], f[4], 'N', 'S'); ok {
			ep.lat = lat
		}
		if lon, ok := nmeaDeg(f[5], f[6], 'E', 'W'); ok {
			ep.lon = lon
		}
	}
	return ""
}

// rmcDate parses an RMC date "ddmmyy" (years 80-99 are 1980-1999).
func rmcDate(d []byte) (time.Time, bool) {
	if len(d) != 6 {
		return time.Time{}, false
	}
	dd, ok1 := digits(d[0:2])
	mm, ok2 := digits(d[2:4])
	yy, ok3 := digits(d[4:6])
	if !ok1 || !ok2 || !ok3 || mm < 1 || mm > 12 || dd < 1 || dd > 31 {
		return time.Time{}, false
	}
	date := time.Date(2000+yy, time.Month(mm), dd, 0, 0, 0, 0, time.UTC)
	if yy >= 80 {
		date = date.AddDate(-100, 0, 0)
	}
	return date, true
}

// emit dates a finished epoch and adds it: with its own RMC date or the last one
// seen; epochs before the first date wait for it. An epoch without GGA has no
// altitude and is dropped.
func (r *nmeaReader) emit(e *nmeaEpoch) {
	if e == nil {
		return
	}
	if !e.gga {
		r.b.drop("RMC without a GGA for the same time (no altitude)", e.line)
		return
	}
	if e.hasDate {
		r.lastDate, r.haveDate = e.date, true
	}
	if !r.haveDate {
		r.pending = append(r.pending, e)
		return
	}
	for _, p := range r.pending {
		addNMEA(r.b, p, r.lastDate, &r.lastTod)
	}
	r.pending = r.pending[:0]
	addNMEA(r.b, e, r.lastDate, &r.lastTod)
}

// addNMEA converts an epoch to a point with the date given.
func addNMEA(b *builder, e *nmeaEpoch, date time.Time, lastTod *float64) {
	s := []byte(e.tod)
	if len(s) < 6 {
		b.drop("bad NMEA time", e.line)
		return
	}
	h, ok1 := digits(s[0:2])
	m, ok2 := digits(s[2:4])
	sec, ok3 := parseNum(s[4:])
	if !ok1 || !ok2 || !ok3 || h > 23 || m > 59 || sec < 0 || sec >= 61 {
		b.drop("bad NMEA time", e.line)
		return
	}
	tod := float64(h*3600+m*60) + sec
	if !e.hasDate && *lastTod >= 0 && tod < *lastTod-43200 {
		date = date.AddDate(0, 0, 1) // past midnight since the last RMC
	}
	*lastTod = tod
	p := Point{
		T:   date.Add(time.Duration(math.Round(tod*1e3)) * time.Millisecond),
		Lat: e.lat, Lon: e.lon, HMSL: e.alt,
		VelN: math.NaN(), VelE: math.NaN(), VelD: math.NaN(),
		HAcc: math.NaN(), VAcc: math.NaN(), SAcc: math.NaN(),
		NumSV: e.numSV, Line: e.line,
	}
	if e.rmc && !math.IsNaN(e.speed) {
		switch {
		case e.speed == 0:
			p.VelN, p.VelE = 0, 0
		case !math.IsNaN(e.course):
			s, c := math.Sincos(e.course * deg)
			p.VelN, p.VelE = e.speed*c, e.speed*s
		}
	}
	b.add(p)
}

// nmeaDeg converts "ddmm.mmmm" / "dddmm.mmmm" and a hemisphere letter to degrees.
func nmeaDeg(v, hemi []byte, pos, neg byte) (float64, bool) {
	v = trimSpace(v)
	hemi = trimSpace(hemi)
	x, ok := parseNum(v)
	if !ok || x < 0 || len(hemi) != 1 {
		return 0, false
	}
	d := math.Floor(x / 100)
	mins := x - 100*d
	if mins >= 60 {
		return 0, false
	}
	deg := d + mins/60
	switch hemi[0] {
	case pos:
	case neg:
		deg = -deg
	default:
		return 0, false
	}
	return deg, true
}
