// Package mgrs converts WGS84 latitude and longitude to and from the Military Grid
// Reference System (MGRS) of NGA.SIG.0012 ([NGA-MGRS]), as NGA's GEOTRANS 3.9
// ([GEOTRANS]) does it.
//
// Between 80°S and 84°N a reference is a UTM zone (1–60), a latitude band letter
// (C–X, 8° each, X spanning 72–84°N), a 100 km square (column and row letters of the
// "AA" lettering used with WGS84: column letters A–H, J–R, S–Z repeat every three
// zones, row letters A–V repeat every 2,000 km and start 500 km further north in
// even zones) and 0 to 5 digits of easting and northing within the square. The
// zone exceptions apply: 32V spans 3–12°E (so 31V stops at 3°E), and band X has the
// Svalbard zones 31X (0–9°E), 33X (9–21°E), 35X (21–33°E) and 37X (33–42°E), with no
// 32X, 34X or 36X. North of 84°N and south of 80°S the reference is polar UPS: a
// letter Y or Z (north, west or east of the 180°/0° meridian) or A or B (south),
// then the 100 km square letters and the digits, with no zone number.
//
// UTM uses Krüger's series to sixth order ([KARNEY2011]); UPS the ellipsoidal polar
// stereographic; both on WGS84 with NGA's scale factors (0.9996, 0.994).
//
// Digits are truncated, not rounded, as MGRS specifies: a reference names the square
// that contains the point, and its south-west corner is the digits' value. Like
// GEOTRANS, a coordinate within 0.5 mm below a square's edge counts as on the edge.
//
// Units: latitude and longitude in degrees (latitude in [-90, 90], north positive;
// longitude in [-180, 180], east positive); eastings, northings and square sizes in
// metres. Precision is the number of digits per coordinate: 5 (1 m), 4 (10 m),
// 3 (100 m), 2 (1 km), 1 (10 km), 0 (the 100 km square only).
package mgrs

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// Limits of the UTM part of MGRS, degrees. GEOTRANS widens them by 1.75e-7 rad
// (about 1 m) on each side; halo does the same so that both agree on the edges.
const (
	minUTMLat   = -80.0
	maxUTMLat   = 84.0
	edgeEpsilon = 1.75e-7 / deg // degrees
	// edgePad is GEOTRANS's 0.5 mm (4.99e-4 m) allowance below a square's edge.
	edgePad = 4.99e-4
)

// MaxPrecision is the finest precision, 5 digits per coordinate (1 m squares).
const MaxPrecision = 5

// ErrSyntax is wrapped by every error about a malformed MGRS string.
var ErrSyntax = errors.New("malformed MGRS reference")

// ErrRange is wrapped by every error about a latitude, longitude or precision out of range.
var ErrRange = errors.New("out of range")

// The 100 km row letters: A–V without I and O (20 letters, 2,000 km).
const rowLetters = "ABCDEFGHJKLMNPQRSTUV"

// Column letter sets by zone number mod 3 (zone 1 → set 0), 8 columns of 100 km
// from easting 100,000 m.
var colSets = [3]string{"ABCDEFGH", "JKLMNPQR", "STUVWXYZ"}

// UPS column letters west (A, Y) and east (B, Z) of the 0°/180° meridian; the
// columns start at easting 800,000 m (west) and 2,000,000 m (east).
const (
	upsColsWest = "JKLPQRSTUXYZ"
	upsColsEast = "ABCFGHJKLPQR"
)

// The latitude band letters C–X (I and O omitted), 8° each from 80°S.
const bandLetters = "CDEFGHJKLMNPQRSTUVWX"

// bandMinNorthing is, per band C–X, the UTM northing (metres) of the band's southern
// edge on the central meridian, truncated to 100 km (GEOTRANS's table, also checked
// by the tests against this package's projection). It picks which 2,000 km cycle of
// row letters a band's squares belong to.
var bandMinNorthing = [20]float64{
	1100000, 2000000, 2800000, 3700000, 4600000, 5500000, 6400000, 7300000, 8200000, 9100000,
	0, 800000, 1700000, 2600000, 3500000, 4400000, 5300000, 6200000, 7000000, 7900000,
}

// Ref is a parsed MGRS reference: a square of side Size metres whose south-west
// corner is (Easting, Northing) in the UTM zone Zone or, when Zone is 0, in the UPS
// grid of the pole that Band names.
type Ref struct {
	// Zone is the UTM zone, 1–60, or 0 for UPS.
	Zone int
	// Band is the latitude band letter C–X, or for UPS A, B (south) or Y, Z (north).
	Band byte
	// Col and Row are the 100 km square letters.
	Col, Row byte
	// Precision is the number of digits per coordinate, 0–5.
	Precision int
	// Easting and Northing are the full UTM or UPS coordinates of the square's
	// south-west corner, metres.
	Easting, Northing float64
}

// Size returns the side of the square the reference names, metres: 100,000 at
// precision 0 down to 1 at precision 5.
func (r Ref) Size() float64 { return math.Pow(10, float64(MaxPrecision-r.Precision)) }

// North reports whether the reference is in the northern hemisphere.
func (r Ref) North() bool {
	if r.Zone == 0 {
		return r.Band == 'Y' || r.Band == 'Z'
	}
	return r.Band >= 'N'
}

// String formats the reference without spaces, as NGA.SIG.0012 writes it
// (e.g. "33UXP0500444997"); the zone has two digits.
func (r Ref) String() string {
	var b strings.Builder
	if r.Zone != 0 {
		fmt.Fprintf(&b, "%02d", r.Zone)
	}
	b.WriteByte(r.Band)
	b.WriteByte(r.Col)
	b.WriteByte(r.Row)
	if r.Precision > 0 {
		size := r.Size()
		e := int64(math.Mod(r.Easting, 100000) / size)
		n := int64(math.Mod(r.Northing, 100000) / size)
		fmt.Fprintf(&b, "%0*d%0*d", r.Precision, e, r.Precision, n)
	}
	return b.String()
}

// SouthWest returns the latitude and longitude (degrees) of the south-west corner
// of the square: the point the digits give, as GEOTRANS's MGRS → geodetic returns it.
func (r Ref) SouthWest() (lat, lon float64) { return r.at(r.Easting, r.Northing) }

// Centre returns the latitude and longitude (degrees) of the centre of the square,
// half its size east and north of the south-west corner (GeographicLib's and
// proj4js's reading of a reference). At precision 5 the centre is 0.5 m from the
// corner in each coordinate.
func (r Ref) Centre() (lat, lon float64) {
	h := r.Size() / 2
	return r.at(r.Easting+h, r.Northing+h)
}

// at converts grid coordinates in the reference's zone or polar grid to lat, lon.
func (r Ref) at(easting, northing float64) (lat, lon float64) {
	if r.Zone == 0 {
		return upsReverse(easting, northing, r.North())
	}
	return utmReverse(r.Zone, r.North(), easting, northing)
}

// utmReverse converts UTM easting, northing (metres) in zone (1–60) and hemisphere
// to lat, lon (degrees, lon in [-180, 180)).
func utmReverse(zone int, north bool, easting, northing float64) (lat, lon float64) {
	y := northing
	if !north {
		y -= falseNorthingUTM
	}
	lat, dlon := tmReverse((easting-falseEastingUTM)/k0UTM, y/k0UTM)
	return lat, normLon(float64(6*zone-183) + dlon)
}

// utmForward projects lat, lon (degrees) into UTM zone (1–60): easting and northing
// in metres (northing from the equator in the north, plus 10,000,000 m in the south)
// and the meridian convergence gamma in degrees.
func utmForward(zone int, lat, lon float64) (easting, northing, gamma float64) {
	dlon := normLon(lon - float64(6*zone-183))
	x, y, g := tmForward(lat, dlon)
	easting = falseEastingUTM + k0UTM*x
	northing = k0UTM * y
	if lat < 0 {
		northing += falseNorthingUTM
	}
	return easting, northing, g
}

// normLon wraps lon (degrees) to [-180, 180).
func normLon(lon float64) float64 {
	l := math.Mod(lon+180, 360)
	if l < 0 {
		l += 360
	}
	return l - 180
}

// checkLatLon reports a latitude outside [-90, 90] or a longitude outside
// [-180, 180] (degrees), or either not a number.
func checkLatLon(lat, lon float64) error {
	if !(lat >= -90 && lat <= 90) {
		return fmt.Errorf("mgrs: latitude %v deg %w: want [-90, 90], north positive", lat, ErrRange)
	}
	if !(lon >= -180 && lon <= 180) {
		return fmt.Errorf("mgrs: longitude %v deg %w: want [-180, 180], east positive", lon, ErrRange)
	}
	return nil
}

// Format returns the MGRS reference of the point lat, lon (degrees, WGS84) at the
// given precision (digits per coordinate, 0 for the 100 km square to 5 for 1 m),
// e.g. "33UXP0500444997", truncating the digits as MGRS specifies. It fails with an
// error wrapping ErrRange for a latitude outside [-90, 90], a longitude outside
// [-180, 180] or a precision outside 0–5.
func Format(lat, lon float64, precision int) (string, error) {
	r, err := FromLatLon(lat, lon, precision)
	if err != nil {
		return "", err
	}
	return r.String(), nil
}

// FromLatLon returns the MGRS square of the given precision (0–5 digits per
// coordinate) that contains lat, lon (degrees, WGS84); see Format.
func FromLatLon(lat, lon float64, precision int) (Ref, error) {
	if err := checkLatLon(lat, lon); err != nil {
		return Ref{}, err
	}
	if precision < 0 || precision > MaxPrecision {
		return Ref{}, fmt.Errorf("mgrs: precision %d %w: want 0 (100 km) to 5 (1 m) digits", precision, ErrRange)
	}
	lon = normLon(lon)
	if lat >= minUTMLat-edgeEpsilon && lat < maxUTMLat+edgeEpsilon {
		return fromUTM(lat, lon, precision), nil
	}
	return fromUPS(lat, lon, precision), nil
}

// GridConvergence returns the meridian convergence at lat, lon (degrees, WGS84) in
// the grid MGRS uses there (the point's UTM zone, with the Norway and Svalbard
// exceptions, or polar UPS): the angle of grid north clockwise from true north,
// degrees. A grid bearing is the true bearing minus it. In UTM it is about
// Δλ·sin φ (Δλ the longitude from the zone's central meridian): at most 3° in a
// 6° zone, up to 6° in the wider 32V and Svalbard zones. In UPS it is the
// longitude in the north and minus the longitude in the south.
func GridConvergence(lat, lon float64) (float64, error) {
	if err := checkLatLon(lat, lon); err != nil {
		return math.NaN(), err
	}
	lon = normLon(lon)
	if lat >= minUTMLat-edgeEpsilon && lat < maxUTMLat+edgeEpsilon {
		_, _, _, gamma := utmZone(lat, lon)
		return gamma, nil
	}
	if lat > 0 {
		return lon, nil
	}
	return -lon, nil
}

// truncate returns v truncated to a multiple of size, after GEOTRANS's 0.5 mm pad.
func truncate(v, size float64) float64 { return math.Floor((v+edgePad)/size) * size }

// bandIndex returns the index in bandLetters of the band of lat (degrees, in the
// UTM range): 8° bands from 80°S, X from 72°N to the end of the UTM range.
func bandIndex(lat float64) int {
	if lat >= 72 {
		return len(bandLetters) - 1
	}
	i := int(math.Floor((lat+80)/8 + 1e-12))
	return max(i, 0)
}

// naturalZone returns the 6° zone (1–60) of lon (degrees in [-180, 180)), a point
// within 0.5 mm west of a zone's edge counting in that zone, like GEOTRANS.
func naturalZone(lon float64) int {
	z := int(math.Floor((lon+180+edgePad/6378137.0/deg)/6)) + 1
	if z > 60 {
		z = 1
	}
	return z
}

// utmZone returns the MGRS zone (1–60) of lat, lon (degrees, in the UTM part of
// MGRS) with the Norway and Svalbard exceptions, and the point's UTM easting and
// northing (metres) and meridian convergence (degrees) in that zone.
func utmZone(lat, lon float64) (zone int, easting, northing, gamma float64) {
	band := bandLetters[bandIndex(lat)]
	zone = naturalZone(lon)
	easting, northing, gamma = utmForward(zone, lat, lon)
	// The Norway and Svalbard exceptions (NGA.SIG.0012): decided by the side of the
	// natural zone's central meridian the point is on (with the 0.5 mm allowance,
	// so that a point the digits put on the meridian goes east, as its letters do).
	east := easting+edgePad >= falseEastingUTM
	override := 0
	switch band {
	case 'V':
		if zone == 31 && east {
			override = 32
		}
	case 'X':
		switch {
		case zone == 32 && !east:
			override = 31
		case zone == 32 && east, zone == 34 && !east:
			override = 33
		case zone == 34 && east, zone == 36 && !east:
			override = 35
		case zone == 36 && east:
			override = 37
		}
	}
	if override != 0 {
		zone = override
		easting, northing, gamma = utmForward(zone, lat, lon)
	}
	return zone, easting, northing, gamma
}

// fromUTM builds the reference of lat, lon (degrees) in the UTM part of MGRS.
func fromUTM(lat, lon float64, precision int) Ref {
	band := bandLetters[bandIndex(lat)]
	zone, easting, northing, _ := utmZone(lat, lon)
	size := math.Pow(10, float64(MaxPrecision-precision))
	easting = truncate(easting, size)
	northing = truncate(northing, size)
	if lat <= 0 && northing == falseNorthingUTM {
		// Within 0.5 mm south of the equator: the equator's northing, 0.
		northing = 0
	}
	return Ref{
		Zone:      zone,
		Band:      band,
		Col:       utmColumn(zone, easting),
		Row:       utmRow(zone, northing),
		Precision: precision,
		Easting:   easting,
		Northing:  northing,
	}
}

// utmColumn returns the column letter of easting (metres, 100,000–899,999) in zone.
func utmColumn(zone int, easting float64) byte {
	set := colSets[(zone-1)%3]
	i := int(easting/100000) - 1
	i = min(max(i, 0), len(set)-1)
	return set[i]
}

// rowOffset is the "AA" scheme's row shift, metres: row A starts at northing 0 in
// odd zones and at 500,000 m in even zones.
func rowOffset(zone int) float64 {
	if zone%2 == 0 {
		return 500000
	}
	return 0
}

// utmRow returns the row letter of northing (metres) in zone.
func utmRow(zone int, northing float64) byte {
	g := math.Mod(northing, 2000000) + rowOffset(zone)
	if g >= 2000000 {
		g -= 2000000
	}
	return rowLetters[int(g/100000)]
}

// fromUPS builds the polar reference of lat, lon (degrees).
func fromUPS(lat, lon float64, precision int) Ref {
	north := lat > 0
	easting, northing := upsForward(lat, lon, north)
	size := math.Pow(10, float64(MaxPrecision-precision))
	easting = truncate(easting, size)
	northing = truncate(northing, size)
	r := Ref{Precision: precision, Easting: easting, Northing: northing}
	west := easting < falseUPS
	switch {
	case north && west:
		r.Band = 'Y'
	case north:
		r.Band = 'Z'
	case west:
		r.Band = 'A'
	default:
		r.Band = 'B'
	}
	cols, fe := upsColsEast, falseUPS
	if west {
		cols, fe = upsColsWest, 800000.0
	}
	fn := 800000.0
	if north {
		fn = 1300000
	}
	r.Col = cols[min(max(int((easting-fe)/100000), 0), len(cols)-1)]
	r.Row = rowLettersUPS[min(max(int((northing-fn)/100000), 0), len(rowLettersUPS)-1)]
	return r
}

// The UPS row letters: A–Z without I and O, from northing 800,000 m (south) or
// 1,300,000 m (north).
const rowLettersUPS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
