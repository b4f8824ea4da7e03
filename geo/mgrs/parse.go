package mgrs

import (
	"fmt"
	"math"
	"strings"
)

// maxInput bounds the length of a string Parse looks at, in bytes (the longest
// reference is 15 characters; spaces between its parts are allowed).
const maxInput = 64

// Parse reads an MGRS reference: an optional UTM zone (1 or 2 digits, 1–60; absent
// for polar UPS), a band letter, two 100 km square letters and an even number (0 to
// 10) of digits, half easting and half northing. Letters may be lower case; spaces
// between the parts are ignored ("33U XP 05004 44997"). The letters I and O never
// occur. It checks that the column letter belongs to the zone, the row letter to the
// lettering, the zone to the band (no 32X, 34X, 36X; 31V only west of 3°E) and that
// the square overlaps its latitude band (within 1e-5° at 1 m precision, up to 1° at
// 100 km, as GEOTRANS allows). Every error wraps ErrSyntax and quotes the input.
func Parse(s string) (Ref, error) {
	if len(s) > maxInput {
		return Ref{}, fmt.Errorf("mgrs: %w: %d characters, longer than any reference (%d at most)", ErrSyntax, len(s), maxInput)
	}
	fail := func(why string, args ...any) (Ref, error) {
		return Ref{}, fmt.Errorf("mgrs: %w %q: %s", ErrSyntax, s, fmt.Sprintf(why, args...))
	}
	var b []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ':
		case c >= '0' && c <= '9':
			b = append(b, c)
		case c >= 'a' && c <= 'z':
			b = append(b, c-'a'+'A')
		case c >= 'A' && c <= 'Z':
			b = append(b, c)
		default:
			return fail("character %q at byte %d: want digits, letters and spaces only", c, i)
		}
	}
	i := 0
	for i < len(b) && isDigit(b[i]) {
		i++
	}
	var r Ref
	switch i {
	case 0: // UPS
	case 1, 2:
		r.Zone = int(b[0] - '0')
		if i == 2 {
			r.Zone = 10*r.Zone + int(b[1]-'0')
		}
		if r.Zone < 1 || r.Zone > 60 {
			return fail("zone %d: want 1 to 60", r.Zone)
		}
	default:
		return fail("zone of %d digits: want 1 or 2 (or none for a polar UPS reference)", i)
	}
	j := i
	for j < len(b) && !isDigit(b[j]) {
		j++
	}
	if j-i != 3 {
		return fail("%d letters after the zone: want 3 (band, column, row)", j-i)
	}
	r.Band, r.Col, r.Row = b[i], b[i+1], b[i+2]
	for _, c := range b[i : i+3] {
		if c == 'I' || c == 'O' {
			return fail("letter %c: MGRS never uses I or O", c)
		}
	}
	digits := b[j:]
	for _, c := range digits {
		if !isDigit(c) {
			return fail("letters after the digits: want digits only at the end")
		}
	}
	if len(digits)%2 != 0 || len(digits) > 2*MaxPrecision {
		return fail("%d digits: want an even number from 0 to 10 (half easting, half northing)", len(digits))
	}
	r.Precision = len(digits) / 2
	var e, n float64
	for k := 0; k < r.Precision; k++ {
		e = 10*e + float64(digits[k]-'0')
		n = 10*n + float64(digits[r.Precision+k]-'0')
	}
	size := r.Size()
	e *= size
	n *= size
	var err error
	if r.Zone == 0 {
		err = r.upsSquare(e, n)
	} else {
		err = r.utmSquare(e, n)
	}
	if err != nil {
		return fail("%v", err)
	}
	return r, nil
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// utmSquare sets r.Easting and r.Northing from the letters and the offsets e, n
// (metres) within the 100 km square, and checks them.
func (r *Ref) utmSquare(e, n float64) error {
	bi := strings.IndexByte(bandLetters, r.Band)
	if bi < 0 {
		return fmt.Errorf("band %c with a zone: want C to X (A, B, Y, Z are polar and take no zone)", r.Band)
	}
	switch {
	case r.Band == 'X' && (r.Zone == 32 || r.Zone == 34 || r.Zone == 36):
		return fmt.Errorf("zone %dX does not exist (Svalbard: 31X, 33X, 35X, 37X)", r.Zone)
	}
	set := colSets[(r.Zone-1)%3]
	ci := strings.IndexByte(set, r.Col)
	if ci < 0 {
		return fmt.Errorf("column letter %c in zone %d: want one of %s", r.Col, r.Zone, set)
	}
	if r.Band == 'V' && r.Zone == 31 && ci > 3 {
		return fmt.Errorf("square %c%c east of 3°E is in zone 32V, not 31V", r.Col, r.Row)
	}
	ri := strings.IndexByte(rowLetters, r.Row)
	if ri < 0 {
		return fmt.Errorf("row letter %c: want A to V", r.Row)
	}
	r.Easting = float64(ci+1)*100000 + e
	g := float64(ri)*100000 - rowOffset(r.Zone)
	if g < 0 {
		g += 2000000
	}
	minN := bandMinNorthing[bi]
	g += math.Floor(minN/2000000) * 2000000
	if g < minN {
		g += 2000000
	}
	r.Northing = g + n
	// The square must overlap its latitude band ([NGA-MGRS]; GEOTRANS's border of
	// 1°/10^precision).
	border := 1 / math.Pow(10, float64(r.Precision))
	south := -80 + 8*float64(bi)
	north := south + 8
	if r.Band == 'X' {
		north = 84
	}
	latSW, _ := r.SouthWest()
	latNW, _ := utmReverse(r.Zone, r.North(), r.Easting, r.Northing+r.Size())
	if latSW > north+border || latNW < south-border {
		return fmt.Errorf("square %c%c of zone %d lies outside band %c (%g° to %g°)", r.Col, r.Row, r.Zone, r.Band, south, north)
	}
	return nil
}

// upsSquare sets r.Easting and r.Northing of a polar reference and checks them.
func (r *Ref) upsSquare(e, n float64) error {
	var cols string
	var fe, fn float64
	switch r.Band {
	case 'A', 'Y':
		cols, fe = upsColsWest, 800000
	case 'B', 'Z':
		cols, fe = upsColsEast, 2000000
	default:
		return fmt.Errorf("band %c without a zone: want a zone 1-60 first, or A, B (south) or Y, Z (north) for polar UPS", r.Band)
	}
	rows := rowLettersUPS // south: A–Z from 800,000 m
	fn = 800000
	if r.North() {
		rows, fn = rowLettersUPS[:14], 1300000 // north: A–P from 1,300,000 m
	}
	ci := strings.IndexByte(cols, r.Col)
	if ci < 0 {
		return fmt.Errorf("column letter %c in polar band %c: want one of %s", r.Col, r.Band, cols)
	}
	ri := strings.IndexByte(rows, r.Row)
	if ri < 0 {
		return fmt.Errorf("row letter %c in polar band %c: want one of %s", r.Row, r.Band, rows)
	}
	r.Easting = fe + float64(ci)*100000 + e
	r.Northing = fn + float64(ri)*100000 + n
	return nil
}

// Decode returns the latitude and longitude (degrees, WGS84) of the centre of the
// square an MGRS reference names; see Parse for the syntax and Ref.SouthWest for
// the corner. For a 1 m reference the centre is 0.5 m east and north of the corner.
func Decode(s string) (lat, lon float64, err error) {
	r, err := Parse(s)
	if err != nil {
		return math.NaN(), math.NaN(), err
	}
	lat, lon = r.Centre()
	return lat, lon, nil
}
