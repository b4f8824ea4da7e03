package track

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"
)

// ErrNotTrack is wrapped by the error Read returns when the content is not a GPS
// track in any format it knows.
var ErrNotTrack = errors.New("not a track")

// MaxInput is the largest input Read accepts (bytes): 1 GiB, about 2 days of 5 Hz
// FlySight logging.
const MaxInput = 1 << 30

// Read detects the format of r from its content and reads it into a Track.
//
// What it drops or flags is listed in Track.Warnings (with source line numbers):
//   - rows without a 3-D fix (FlySight gpsFix < 3, NMEA quality 0 or RMC status V,
//     position 0,0): dropped;
//   - GPS warm-up and poor-accuracy rows (hAcc > 50 m, vAcc > 50 m or sAcc > 10 m/s,
//     where the logger gives accuracies): dropped;
//   - repeated or out-of-order times: dropped (the first row for a time is kept,
//     then the longest run of rows in increasing time, so that one row with a
//     wrong time is dropped alone);
//   - altitude outside −500..45,000 m: dropped;
//   - physically impossible rows (a speed over MaxPlausibleSpeed at their altitude,
//     or a change of recorded velocity over MaxPlausibleAccel, to reach them from
//     the row before): dropped, named in a warning; more than
//     MaxImplausibleFraction of them: the track is refused as corrupt;
//   - spikes (a point whose distance from the line joining its neighbours implies an
//     acceleration above 5 g and exceeds 20 m and 3 × its accuracy): dropped;
//   - gaps longer than max(1.5 s, 5 × the median interval): kept, the point after
//     the gap carries FlagGapBefore;
//   - a truncated last line: dropped, with a warning; malformed rows: dropped.
//
// Velocities the logger does not record (GPX; vertical for NMEA and Columbus; the
// Dekunu export's meaningless velD) are derived by central differences and flagged.
//
// A file that is not a track returns an error wrapping ErrNotTrack; a track with
// no usable point returns an error saying why.
func Read(r io.Reader) (*Track, error) {
	var buf bytes.Buffer
	if l, ok := r.(interface{ Len() int }); ok && l.Len() <= MaxInput { // bytes/strings.Reader, bytes.Buffer
		buf.Grow(l.Len() + 1)
	}
	_, err := buf.ReadFrom(io.LimitReader(r, MaxInput+1))
	data := buf.Bytes()
	if err != nil {
		return nil, fmt.Errorf("track: reading: %w", err)
	}
	if len(data) > MaxInput {
		return nil, fmt.Errorf("track: input larger than %d bytes; split the file", MaxInput)
	}
	return Parse(data)
}

// Parse is Read on a byte slice already in memory.
func Parse(data []byte) (*Track, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // UTF-8 BOM
	first, firstLine := firstNonBlankLine(data)
	if first == nil {
		return nil, fmt.Errorf("track: %w: the input is empty", ErrNotTrack)
	}
	b := &builder{altRef: "MSL"}
	if n := bytes.Count(data, []byte("\n")); n > 16 {
		b.pts = make([]Point, 0, n+1) // one allocation for the points
	}
	var err error
	switch {
	case bytes.HasPrefix(first, []byte("<")):
		if !bytes.Contains(head(data, 4096), []byte("<gpx")) {
			return nil, fmt.Errorf("track: %w: XML without a <gpx> element near the start (only GPX tracks are read)", ErrNotTrack)
		}
		err = readGPX(data, b)
	case bytes.HasPrefix(first, []byte("$FLYS")) || bytes.Contains(head(data, 4096), []byte("\n$COL,GNSS,")):
		err = readFlySight2(data, b)
	case bytes.HasPrefix(first, []byte("$")) && looksNMEA(data):
		err = readNMEA(data, b)
	case bytes.HasPrefix(first, []byte("INDEX,TAG,DATE,TIME")):
		err = readColumbus(data, b)
	case isFlySight1Header(first):
		err = readFlySight1(data, b, firstLine)
	case isHeaderlessFlySight1(first):
		err = readFlySight1(data, b, 0)
	default:
		return nil, fmt.Errorf("track: %w: no FlySight header, FlySight 2 $FLYS, GPX, NMEA or Columbus header found (line %d starts %q); export the track as FlySight CSV, GPX or NMEA",
			ErrNotTrack, firstLine, head(first, 40))
	}
	if err != nil {
		return nil, fmt.Errorf("track: %s: %w", b.format, err)
	}
	t, err := b.finish()
	if err != nil {
		return nil, fmt.Errorf("track: %s: %w", b.format, err)
	}
	return t, nil
}

func head(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

// firstNonBlankLine returns the first line with content (without its line end)
// and its 1-based number.
func firstNonBlankLine(data []byte) ([]byte, int) {
	it := lineIter{data: data}
	for {
		l, ok := it.next()
		if !ok {
			return nil, 0
		}
		if len(bytes.TrimSpace(l)) > 0 {
			return bytes.TrimSpace(l), it.line
		}
	}
}

// lineIter walks LF- or CRLF-terminated lines (a final line without a line end
// included).
type lineIter struct {
	data []byte
	pos  int
	line int  // 1-based number of the line last returned
	last bool // the line last returned had no line end (end of input)
}

func (it *lineIter) next() ([]byte, bool) {
	if it.pos >= len(it.data) {
		return nil, false
	}
	it.line++
	rest := it.data[it.pos:]
	i := bytes.IndexByte(rest, '\n')
	var l []byte
	if i < 0 {
		l = rest
		it.pos = len(it.data)
		it.last = true
	} else {
		l = rest[:i]
		it.pos += i + 1
		it.last = false
	}
	if n := len(l); n > 0 && l[n-1] == '\r' {
		l = l[:n-1]
	}
	return l, true
}

// splitFields splits a comma-separated line into dst (reused) without allocating
// when dst has capacity.
func splitFields(dst [][]byte, l []byte) [][]byte {
	dst = dst[:0]
	for {
		i := bytes.IndexByte(l, ',')
		if i < 0 {
			return append(dst, l)
		}
		dst = append(dst, l[:i])
		l = l[i+1:]
	}
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}

var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22}

// parseNum parses a decimal number ("-121.3197898", "3888 ", "1e-3") and reports
// false for anything else, including NaN and infinities. Plain decimals with at
// most 15 significant digits take an exact fast path (an integer below 2^53
// divided by an exact power of ten is correctly rounded); the rest go to
// strconv.ParseFloat.
func parseNum(b []byte) (float64, bool) {
	b = trimSpace(b)
	if len(b) == 0 {
		return 0, false
	}
	i := 0
	neg := false
	if b[0] == '-' || b[0] == '+' {
		neg = b[0] == '-'
		i++
	}
	var mant uint64
	sig, frac := 0, 0
	dot, digit := false, false
	for ; i < len(b); i++ {
		c := b[i]
		switch {
		case c >= '0' && c <= '9':
			digit = true
			if sig >= 15 {
				return parseSlow(b)
			}
			mant = mant*10 + uint64(c-'0')
			if mant != 0 {
				sig++
			}
			if dot {
				frac++
			}
		case c == '.' && !dot:
			dot = true
		default:
			return parseSlow(b)
		}
	}
	if !digit || frac >= len(pow10) {
		return parseSlow(b)
	}
	f := float64(mant) / pow10[frac]
	if neg {
		f = -f
	}
	return f, true
}

func parseSlow(b []byte) (float64, bool) {
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, false
	}
	return f, true
}

// parseInt parses a small non-negative or negative decimal integer.
func parseInt(b []byte) (int, bool) {
	b = trimSpace(b)
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	neg := false
	if b[0] == '-' {
		neg = true
		b = b[1:]
		if len(b) == 0 {
			return 0, false
		}
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

// timeParser parses ISO 8601 UTC times "2016-10-08T16:22:35.20Z" (any number of
// fraction digits up to 9, the Z required) and caches the date part.
type timeParser struct {
	date    [10]byte
	dayUnix int64
	valid   bool
}

func digits(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func (tp *timeParser) parse(b []byte) (time.Time, bool) {
	b = trimSpace(b)
	if len(b) < 20 || b[4] != '-' || b[7] != '-' || (b[10] != 'T' && b[10] != ' ') || b[13] != ':' || b[16] != ':' || b[len(b)-1] != 'Z' {
		return time.Time{}, false
	}
	if !tp.valid || !bytes.Equal(tp.date[:], b[:10]) {
		y, ok1 := digits(b[0:4])
		mo, ok2 := digits(b[5:7])
		d, ok3 := digits(b[8:10])
		if !ok1 || !ok2 || !ok3 || mo < 1 || mo > 12 || d < 1 || d > 31 {
			return time.Time{}, false
		}
		t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
		if t.Day() != d { // 31 February
			return time.Time{}, false
		}
		copy(tp.date[:], b[:10])
		tp.dayUnix = t.Unix()
		tp.valid = true
	}
	h, ok1 := digits(b[11:13])
	mi, ok2 := digits(b[14:16])
	s, ok3 := digits(b[17:19])
	if !ok1 || !ok2 || !ok3 || h > 23 || mi > 59 || s > 60 {
		return time.Time{}, false
	}
	ns := 0
	rest := b[19 : len(b)-1]
	if len(rest) > 0 {
		if rest[0] != '.' || len(rest) < 2 {
			return time.Time{}, false
		}
		fr := rest[1:]
		neg := false
		if fr[0] == '-' { // FlySight 2 firmware bug: "…:20.-002Z" means 19.998 s
			neg = true
			fr = fr[1:]
		}
		if len(fr) == 0 || len(fr) > 9 {
			return time.Time{}, false
		}
		v, ok := digits(fr)
		if !ok {
			return time.Time{}, false
		}
		for i := len(fr); i < 9; i++ {
			v *= 10
		}
		ns = v
		if neg {
			ns = -v
		}
	}
	sec := tp.dayUnix + int64(h*3600+mi*60+s)
	return time.Unix(sec, int64(ns)).UTC(), true
}
