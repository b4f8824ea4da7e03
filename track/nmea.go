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
func readNMEA(data []byte, b *builder) error {
	b.format = "NMEA 0183"
	it := lineIter{data: data}
	var (
		ep       *nmeaEpoch
		pending  []*nmeaEpoch // epochs waiting for a date
		lastDate time.Time
		haveDate bool
		lastTod  float64 = -1
		noSum    int
		noSumAt  int
		fields   = make([][]byte, 0, 32)
	)
	emit := func(e *nmeaEpoch) {
		if e == nil {
			return
		}
		if !e.gga {
			b.drop("RMC without a GGA for the same time (no altitude)", e.line)
			return
		}
		if e.hasDate {
			lastDate, haveDate = e.date, true
		}
		if !haveDate {
			pending = append(pending, e)
			return
		}
		for _, p := range pending {
			addNMEA(b, p, lastDate, &lastTod)
		}
		pending = pending[:0]
		addNMEA(b, e, lastDate, &lastTod)
	}
	for {
		l, ok := it.next()
		if !ok {
			break
		}
		l = trimSpace(l)
		if len(l) == 0 {
			continue
		}
		if l[0] != '$' {
			b.drop("not an NMEA sentence (no leading $)", it.line)
			continue
		}
		body, present, sumOK := nmeaChecksum(l)
		if present && !sumOK {
			if it.last {
				b.warn(it.line, "line %d: last line cut short or damaged (bad checksum): the file is probably truncated; sentence dropped", it.line)
			} else {
				b.drop("bad NMEA checksum", it.line)
			}
			continue
		}
		if !present {
			if it.last {
				b.warn(it.line, "line %d: last sentence has no *checksum: the file is probably truncated; sentence dropped", it.line)
				continue
			}
			noSum++
			if noSumAt == 0 {
				noSumAt = it.line
			}
		}
		if len(body) > 2 && body[0] == 'P' {
			if bytes.HasPrefix(body, []byte("PVER,")) {
				b.device = "Tempo " + string(body[5:])
				b.format = "Tempo (NMEA 0183)"
			} else if bytes.HasPrefix(body, []byte("PFIX,")) {
				b.format = "Tempo (NMEA 0183)"
			}
			continue
		}
		if len(body) < 6 || body[5] != ',' {
			continue
		}
		typ := string(body[2:5])
		if typ != "GGA" && typ != "RMC" {
			continue
		}
		fields = splitFields(fields, body)
		if len(fields) < 10 {
			b.drop(fmt.Sprintf("%s sentence with too few fields", typ), it.line)
			continue
		}
		tod := string(trimSpace(fields[1]))
		if ep == nil || ep.tod != tod {
			emit(ep)
			ep = &nmeaEpoch{tod: tod, line: it.line, speed: math.NaN(), course: math.NaN(), numSV: -1}
		}
		switch typ {
		case "GGA":
			q, ok := parseInt(fields[6])
			if !ok || q == 0 {
				b.drop("GGA without a fix (quality 0)", it.line)
				continue
			}
			lat, ok1 := nmeaDeg(fields[2], fields[3], 'N', 'S')
			lon, ok2 := nmeaDeg(fields[4], fields[5], 'E', 'W')
			alt, ok3 := parseNum(fields[9])
			if !ok1 || !ok2 || !ok3 {
				b.drop("GGA with a bad latitude, longitude or altitude", it.line)
				continue
			}
			ep.gga, ep.lat, ep.lon, ep.alt = true, lat, lon, alt
			ep.line = it.line
			if n, ok := parseInt(fields[7]); ok {
				ep.numSV = n
			}
		case "RMC":
			if string(trimSpace(fields[2])) != "A" {
				b.drop("RMC status V (no valid fix)", it.line)
				continue
			}
			ep.rmc = true
			if d := trimSpace(fields[9]); len(d) == 6 {
				dd, ok1 := digits(d[0:2])
				mm, ok2 := digits(d[2:4])
				yy, ok3 := digits(d[4:6])
				if ok1 && ok2 && ok3 && mm >= 1 && mm <= 12 && dd >= 1 && dd <= 31 {
					ep.date = time.Date(2000+yy, time.Month(mm), dd, 0, 0, 0, 0, time.UTC)
					if yy >= 80 {
						ep.date = ep.date.AddDate(-100, 0, 0)
					}
					ep.hasDate = true
				}
			}
			if sp, ok := parseNum(fields[7]); ok && sp >= 0 {
				ep.speed = sp * knot
			}
			if c, ok := parseNum(fields[8]); ok {
				ep.course = c
			}
			if !ep.gga {
				if lat, ok := nmeaDeg(fields[3], fields[4], 'N', 'S'); ok {
					ep.lat = lat
				}
				if lon, ok := nmeaDeg(fields[5], fields[6], 'E', 'W'); ok {
					ep.lon = lon
				}
			}
		}
	}
	emit(ep)
	if len(pending) > 0 {
		return fmt.Errorf("line %d: no RMC sentence with a date: NMEA GGA carries only the time of day; log RMC too", pending[0].line)
	}
	if noSum > 0 {
		b.warn(noSumAt, "%d sentences without a *checksum (first at line %d) read unchecked", noSum, noSumAt)
	}
	b.warn(0, "NMEA gives no accuracy estimates: hAcc, vAcc, sAcc unknown")
	return nil
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
