package magnetic

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Degree is the degree and order of the World Magnetic Model's spherical-harmonic
// expansion (12 for WMM2025, [WMM2025]).
const Degree = 12

// nCoef is the number of Gauss coefficient lines in a degree-12 coefficient file:
// one per (n, m) with 1 ≤ n ≤ 12 and 0 ≤ m ≤ n, i.e. 12·15/2 = 90.
const nCoef = Degree * (Degree + 3) / 2

// trailer is each of the two closing lines of NOAA's WMM.COF: 48 nines.
var trailer = strings.Repeat("9", 48)

// ErrCOF marks a coefficient file that is malformed, cut short or not a WMM
// degree-12 model; the wrapped message names the line and what is wrong.
var ErrCOF = errors.New("magnetic: bad WMM coefficient file")

// ParseCOF parses a World Magnetic Model coefficient file in NOAA's WMM.COF layout
// (the file distributed with [WMM2025]):
//
//	    2025.0            WMM-2025        11/13/2024     header: epoch (decimal year), model name, release date
//	  1  0  -29351.8       0.0       12.0        0.0     n m g h ġ ḣ (nT, nT, nT/yr, nT/yr)
//	  ... 90 lines, n = 1..12, m = 0..n, in that order ...
//	999999999999999999999999999999999999999999999999     two closing lines of 48 nines
//	999999999999999999999999999999999999999999999999
//
// The file is refused whole (an error wrapping ErrCOF, naming the line) unless
// the header's name is "WMM-YYYY" with YYYY the epoch's year and the release date
// is a valid MM/DD/YYYY, every one of the 90 coefficient lines is present in
// order with finite values (h and ḣ zero where m = 0), and both trailer lines are
// there, each ended by a newline, with nothing after them but blank lines. So a
// file cut anywhere — inside the coefficients, before or inside the trailer — is
// refused rather than read as a shorter model. Lines may end in CRLF.
//
// The model returned is valid from its epoch to five years after it
// ([WMM2025]); see Model.Field.
func ParseCOF(data []byte) (*Model, error) {
	if len(data) == 0 {
		return nil, fmt.Errorf("%w: empty file", ErrCOF)
	}
	if !bytes.HasSuffix(data, []byte("\n")) {
		return nil, fmt.Errorf("%w: the file does not end with a newline after its trailer (cut short?)", ErrCOF)
	}
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	for i := range lines {
		lines[i] = strings.TrimSuffix(lines[i], "\r")
	}

	m := &Model{}
	if err := m.parseHeader(lines[0]); err != nil {
		return nil, fmt.Errorf("%w: line 1: %w", ErrCOF, err)
	}

	ln := 1 // index into lines of the next coefficient line
	for n := 1; n <= Degree; n++ {
		for k := 0; k <= n; k++ {
			if ln >= len(lines) {
				return nil, fmt.Errorf("%w: the file ends after line %d; want %d coefficient lines (n = 1..%d, m = 0..n) and the trailer (cut short?)",
					ErrCOF, ln, nCoef, Degree)
			}
			c, err := parseCoef(lines[ln], n, k)
			if err != nil {
				return nil, fmt.Errorf("%w: line %d: %w", ErrCOF, ln+1, err)
			}
			m.c[idx(n, k)] = c
			ln++
		}
	}

	for t := 0; t < 2; t++ {
		if ln >= len(lines) {
			return nil, fmt.Errorf("%w: the file ends after line %d without its two closing lines of 48 nines (cut short?)", ErrCOF, ln)
		}
		if strings.TrimSpace(lines[ln]) != trailer {
			return nil, fmt.Errorf("%w: line %d: %q: want the closing line of 48 nines after the %d coefficient lines",
				ErrCOF, ln+1, clip(lines[ln]), nCoef)
		}
		ln++
	}
	for ; ln < len(lines); ln++ {
		if strings.TrimSpace(lines[ln]) != "" {
			return nil, fmt.Errorf("%w: line %d: %q after the closing lines", ErrCOF, ln+1, clip(lines[ln]))
		}
	}
	return m, nil
}

// parseHeader reads "epoch name date", e.g. "2025.0 WMM-2025 11/13/2024".
func (m *Model) parseHeader(line string) error {
	f := strings.Fields(line)
	if len(f) != 3 {
		return fmt.Errorf("header %q: want three fields: epoch, model name, release date (e.g. \"2025.0 WMM-2025 11/13/2024\")", clip(line))
	}
	epoch, err := strconv.ParseFloat(f[0], 64)
	if err != nil || math.IsNaN(epoch) || epoch < 1900 || epoch > 2200 || epoch != math.Trunc(epoch) {
		return fmt.Errorf("header epoch %q: want a whole decimal year such as 2025.0", clip(f[0]))
	}
	if want := fmt.Sprintf("WMM-%d", int(epoch)); f[1] != want {
		return fmt.Errorf("header model name %q: want %q for epoch %s", clip(f[1]), want, f[0])
	}
	rel, err := time.Parse("01/02/2006", f[2])
	if err != nil {
		return fmt.Errorf("header release date %q: want MM/DD/YYYY", clip(f[2]))
	}
	m.name, m.epoch, m.released = f[1], epoch, rel
	return nil
}

// parseCoef reads one "n m g h ġ ḣ" line and checks it is the (n, m) expected.
func parseCoef(line string, n, m int) (coef, error) {
	f := strings.Fields(line)
	if len(f) != 6 {
		return coef{}, fmt.Errorf("%q: want six fields \"n m g h gdot hdot\" for n=%d m=%d", clip(line), n, m)
	}
	gn, err1 := strconv.Atoi(f[0])
	gm, err2 := strconv.Atoi(f[1])
	if err1 != nil || err2 != nil || gn != n || gm != m {
		return coef{}, fmt.Errorf("%q: want the coefficients of n=%d m=%d here (lines in order n = 1..%d, m = 0..n)", clip(line), n, m, Degree)
	}
	var v [4]float64
	for i := range v {
		x, err := strconv.ParseFloat(f[2+i], 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) > 1e6 {
			return coef{}, fmt.Errorf("n=%d m=%d: field %d %q: want a finite number of nT or nT/yr", n, m, 3+i, clip(f[2+i]))
		}
		v[i] = x
	}
	if m == 0 && (v[1] != 0 || v[3] != 0) {
		return coef{}, fmt.Errorf("n=%d m=0: h = %v, ḣ = %v: want 0 (no sine term at order 0)", n, v[1], v[3])
	}
	return coef{g: v[0], h: v[1], gdot: v[2], hdot: v[3]}, nil
}

// clip shortens s for an error message.
func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}
