// Package fb reads the US National Weather Service "FB" winds and temperatures
// aloft bulletin (formerly "FD"): FBUS31/33/35 for the contiguous US, FBAK3x
// (Alaska), FBHW3x (Hawaii) and FBOC3x (western Pacific), as delivered by
// api.weather.gov or printed by aviationweather.gov.
//
// Decoding rules (testdata/FB-FORMAT.md, a copy of the shared notes, gives the
// sources: FAA AC 00-45 and the Navy CNATRA P-1246/P-304 manuals as summarized there):
//
//   - Station lines are read BY COLUMN. The levels and their columns come from the
//     "FT" line: a group starts at (column of the last digit of its level label) −
//     (group width) + 1, the width being 4 up to 3,000 ft, 6 above the TEMPS NEG ABV
//     threshold and 7 otherwise. A group that does not start at its column, has a
//     space inside or does not match DDss, DDss±TT or DDssTT is an error naming the
//     line, column, station and level: the reader never guesses.
//   - DD is the direction in tens of degrees true, ss the speed in knots. Direction
//     codes 51..86 mean 100 kt or more (subtract 50 from the direction, add 100 to the
//     speed); 199 kt (ss = 99 with a code 51..86) means "199 kt or more" and is noted.
//     9900 is light and variable (below 5 kt): wind.Layer.Variable, used as calm.
//     Codes 00, 37..50, 87..98 and 99 with a speed are errors.
//   - Temperatures are whole °C. Above the "TEMPS NEG ABV" level the minus sign is
//     left out; an unsigned temperature anywhere else is an error.
//   - A blank column is "not forecast" (the level is within 1,500 ft of the station
//     or below it) and is skipped; the profile then holds the lowest report below it,
//     which Profile.Notes says.
//   - Levels below 18,000 ft are true altitudes MSL (ft × 0.3048 m). Levels of
//     18,000 ft and above are pressure altitudes (flight levels); they are converted to
//     the geometric altitude the standard atmosphere gives that pressure:
//     atmos.Geometric(ft × 0.3048), pressure altitude being defined on USSA-76
//     geopotential height. On a non-standard day the true altitude of a flight level
//     differs from this by a few hundred metres; the wind there changes little over
//     that distance. Profile.Notes says this.
//   - The WMO heading ("FBUS31 KWNO 310158") and the DATA BASED ON / VALID lines give
//     day, hour and minute but no month or year. They are taken from the reference
//     time the caller passes (the file's time or now): the issue time is the last
//     time with the heading's day-hour-minute at or before the reference (allowing 36 h
//     for clock and time-zone slop); the model run is the last such day-hour at or
//     before the issue, the valid time the first at or after the run, and the FOR USE
//     window the last start at or before and the first end at or after the valid
//     time. Month and year ends are crossed as they come. Profile.Notes says so.
package fb

import (
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"halo/atmos"
	"halo/units"
	"halo/wind"
)

// MaxSize is the largest input Parse accepts, bytes (real bulletins are under 20 kB).
const MaxSize = 4 << 20

// PressureLevelFeet is the lowest FB level that is a pressure altitude, ft.
const PressureLevelFeet = 18000

// Level is one column of the bulletin.
type Level struct {
	Feet     int  // level label from the FT line, ft
	Col      int  // 1-based column where its groups start
	Width    int  // expected group width: 4, 6 or 7 characters
	Pressure bool // a pressure altitude (18,000 ft and above), else true altitude MSL
}

// Alt is the level's geometric altitude, m MSL (see the package comment).
func (l Level) Alt() float64 {
	m := float64(l.Feet) * units.Foot
	if l.Pressure {
		return atmos.Geometric(m)
	}
	return m
}

// Group is one decoded station group.
type Group struct {
	Feet    int     // level, ft
	Col     int     // 1-based column of its first character
	Raw     string  // the group as written; "" when the column is blank
	Blank   bool    // not forecast at this level
	Calm    bool    // 9900: light and variable, below 5 kt
	FromDeg float64 // direction the wind blows from, degrees true (0 when Calm)
	SpeedKt float64 // knots (0 when Calm)
	AtLeast bool    // the speed is 199 kt or more (group xx99 with a code 51..86)
	TempC   float64 // °C; NaN when the group has none
}

// Station is one station line.
type Station struct {
	ID     string
	Line   int     // 1-based line number
	Groups []Group // one per level, in the FT line's order
}

// Bulletin is a decoded FB bulletin.
type Bulletin struct {
	Heading string // WMO heading "FBUS31 KWNO 310158"; "" when absent
	Product string // AWIPS identifier "FD1US1"; "" when absent
	// Issued is the heading's time; Based the model run (DATA BASED ON); Valid the
	// forecast valid time; UseFrom/UseTo the FOR USE window. Zero when absent. All UTC.
	Issued, Based, Valid, UseFrom, UseTo time.Time
	// NegAbove is the TEMPS NEG ABV level, ft; 0 when the bulletin has none (then no
	// temperature may omit its sign).
	NegAbove int
	Levels   []Level
	Stations []Station
	// Notes lists the assumptions made for the whole bulletin (month and year).
	Notes []string
}

var (
	reHeading  = regexp.MustCompile(`^(?:\(Extracted from\s+)?(FB[A-Z]{2}\d{1,2})\s+([A-Z]{4})\s+(\d{6})(?:\s+[A-Z]{3})?\)?$`)
	reAWIPS    = regexp.MustCompile(`^F[DB]\d?[A-Z]{2}\d?$`)
	reBased    = regexp.MustCompile(`^DATA BASED ON\s+(\d{6})Z$`)
	reValid    = regexp.MustCompile(`^VALID\s+(\d{6})Z(?:\s+FOR USE\s+(\d{4})-(\d{4})Z\.?)?(?:\s+TEMPS NEG ABV\s+(\d{4,5}))?$`)
	reFT       = regexp.MustCompile(`^FT(\s+\d{3,5})+$`)
	reStation  = regexp.MustCompile(`^[A-Z0-9]{2,5}$`)
	errNoValid = errors.New("no VALID line: the bulletin does not say when its forecast is for")
)

// IsFB reports whether data looks like an FB bulletin: it has an "FT" line of
// levels and a VALID line or an FB heading.
func IsFB(data []byte) bool {
	var ft, head bool
	for _, l := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(l)
		ft = ft || reFT.MatchString(t)
		head = head || reValid.MatchString(t) || reHeading.MatchString(t)
	}
	return ft && head
}

// Parse reads a whole bulletin. ref supplies the month and year the bulletin
// lacks (see the package comment); it must not be zero. Every malformed line or
// group is an error "line L, column C: ...".
func Parse(r io.Reader, ref time.Time) (*Bulletin, error) {
	if ref.IsZero() {
		return nil, errors.New("FB: a reference time is needed: the bulletin gives day and hour but no month or year")
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("FB: %w", err)
	}
	if len(data) > MaxSize {
		return nil, fmt.Errorf("FB: input larger than %d bytes: not an FB bulletin", MaxSize)
	}
	lines := strings.Split(string(data), "\n")
	b := &Bulletin{}
	var issued, based, valid, useFrom, useTo string
	ft := -1
	ended := false
	seen := map[string]int{} // station -> line
	for i, raw := range lines {
		n := i + 1
		line := strings.TrimRight(raw, "\r")
		if c := strings.IndexAny(line, "\t"); c >= 0 {
			return nil, fmt.Errorf("line %d, column %d: tab character: FB bulletins are fixed-column text; replace tabs with spaces as in the original", n, c+1)
		}
		trim := strings.TrimSpace(line)
		if ft < 0 {
			var m []string
			switch {
			case trim == "" || trim == "000":
			case reHeading.MatchString(trim):
				if b.Heading != "" {
					return nil, fmt.Errorf("line %d: a second WMO heading %q: one bulletin per file", n, trim)
				}
				m = reHeading.FindStringSubmatch(trim)
				b.Heading = m[1] + " " + m[2] + " " + m[3]
				issued = m[3]
			case reAWIPS.MatchString(trim):
				b.Product = trim
			case reBased.MatchString(trim):
				based = reBased.FindStringSubmatch(trim)[1]
			case strings.HasPrefix(trim, "VALID"):
				m = reValid.FindStringSubmatch(trim)
				if m == nil {
					return nil, fmt.Errorf("line %d: VALID line %q: expected \"VALID DDHHMMZ   FOR USE HHMM-HHMMZ. TEMPS NEG ABV 24000\"", n, trim)
				}
				valid, useFrom, useTo = m[1], m[2], m[3]
				if m[4] != "" {
					b.NegAbove, _ = strconv.Atoi(m[4])
				}
			case strings.HasPrefix(trim, "FT"):
				if !reFT.MatchString(trim) {
					return nil, fmt.Errorf("line %d: FT line %q: expected \"FT\" followed by levels in feet", n, trim)
				}
				if err := b.levels(line, n); err != nil {
					return nil, err
				}
				ft = n
			default:
				return nil, fmt.Errorf("line %d: %q is not part of an FB bulletin heading (expected the WMO heading, DATA BASED ON, VALID or FT line)", n, clip(trim))
			}
			continue
		}
		switch {
		case trim == "":
			continue
		case trim == "$$" || trim == "NNNN":
			ended = true
			continue
		case ended:
			return nil, fmt.Errorf("line %d: text after the end of the bulletin (%q): one bulletin per file", n, clip(trim))
		case strings.HasPrefix(trim, "FT"):
			return nil, fmt.Errorf("line %d: a second FT line (the first is line %d): one bulletin per file", n, ft)
		}
		st, err := b.station(line, n)
		if err != nil {
			return nil, err
		}
		if first, ok := seen[st.ID]; ok {
			return nil, fmt.Errorf("line %d: station %s appears twice (line %d and line %d)", n, st.ID, first, n)
		}
		seen[st.ID] = n
		b.Stations = append(b.Stations, st)
	}
	if ft < 0 {
		return nil, errors.New("FB: no FT line (\"FT  3000    6000 ...\"): not an FB winds aloft bulletin")
	}
	if len(b.Stations) == 0 {
		return nil, fmt.Errorf("line %d: the FT line is followed by no station line", ft)
	}
	if valid == "" {
		return nil, fmt.Errorf("FB: %w", errNoValid)
	}
	if err := b.times(ref, issued, based, valid, useFrom, useTo); err != nil {
		return nil, err
	}
	return b, nil
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "..."
	}
	return s
}

// levels reads the FT line: every label and the column of its last digit.
func (b *Bulletin) levels(line string, n int) error {
	for i := 2; i < len(line); {
		if line[i] == ' ' {
			i++
			continue
		}
		j := i
		for j < len(line) && line[j] != ' ' {
			j++
		}
		ft, err := strconv.Atoi(line[i:j])
		if err != nil || ft < 100 || ft > 60000 {
			return fmt.Errorf("line %d, column %d: level %q is not a height in feet (100..60000)", n, i+1, line[i:j])
		}
		if k := len(b.Levels); k > 0 && ft <= b.Levels[k-1].Feet {
			return fmt.Errorf("line %d, column %d: level %d ft is not above the previous level %d ft", n, i+1, ft, b.Levels[k-1].Feet)
		}
		b.Levels = append(b.Levels, Level{Feet: ft, Col: j, Pressure: ft >= PressureLevelFeet}) // Col holds the last digit (1-based = j) for now
		i = j
	}
	// widths depend on the TEMPS NEG ABV threshold, known by now (the VALID line
	// comes before FT); a bulletin without it gets 7 everywhere above 3,000 ft.
	prev := 2 // the "FT" label
	for k := range b.Levels {
		l := &b.Levels[k]
		switch {
		case l.Feet <= 3000:
			l.Width = 4
		case b.NegAbove > 0 && l.Feet > b.NegAbove:
			l.Width = 6
		default:
			l.Width = 7
		}
		l.Col = l.Col - l.Width + 1
		if l.Col <= prev+1 {
			return fmt.Errorf("line %d: level %d ft: its %d-character groups would start at column %d, overlapping the column before; the FT line is not laid out as an FB bulletin", n, l.Feet, l.Width, l.Col)
		}
		prev = l.Col + l.Width - 1
	}
	return nil
}

// station decodes one station line by the columns of the FT line.
func (b *Bulletin) station(line string, n int) (Station, error) {
	first := b.Levels[0].Col - 1 // 0-based start of the first group
	idPart := line
	if len(idPart) > first {
		idPart = line[:first]
	}
	id := strings.TrimSpace(idPart)
	if !reStation.MatchString(id) || strings.HasPrefix(idPart, " ") {
		return Station{}, fmt.Errorf("line %d, column 1: %q is not a station line: expected a station identifier (letters and digits) in columns 1-%d, then groups at the FT line's columns", n, clip(strings.TrimSpace(line)), first)
	}
	st := Station{ID: id, Line: n}
	for k, l := range b.Levels {
		s := l.Col - 1
		e := len(line)
		if k+1 < len(b.Levels) {
			e = min(e, b.Levels[k+1].Col-1)
		}
		g := Group{Feet: l.Feet, Col: l.Col, TempC: math.NaN()}
		field := ""
		if s < len(line) {
			field = line[s:max(s, e)]
		}
		tok := strings.TrimRight(field, " ")
		if tok == "" {
			g.Blank = true
			st.Groups = append(st.Groups, g)
			continue
		}
		where := func(col int) string {
			return fmt.Sprintf("line %d, column %d: station %s, %d ft", n, col, id, l.Feet)
		}
		if tok[0] == ' ' {
			c := s + len(tok) - len(strings.TrimLeft(tok, " "))
			return st, fmt.Errorf("%s: group %q does not start at column %d where the FT line puts this level: misaligned or truncated line", where(c+1), strings.TrimSpace(tok), l.Col)
		}
		if i := strings.IndexByte(tok, ' '); i >= 0 {
			return st, fmt.Errorf("%s: group %q has a space inside (or the next group starts early): FB groups are DDss, DDss±TT or DDssTT", where(l.Col), tok)
		}
		g.Raw = tok
		if err := b.decode(&g); err != nil {
			return st, fmt.Errorf("%s: group %q: %w", where(l.Col), tok, err)
		}
		st.Groups = append(st.Groups, g)
	}
	return st, nil
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// decode fills the wind and temperature of g from g.Raw.
func (b *Bulletin) decode(g *Group) error {
	t := g.Raw
	switch len(t) {
	case 4, 6, 7:
	default:
		return fmt.Errorf("%d characters: FB groups are DDss (4), DDssTT (6, above %s) or DDss±TT (7)", len(t), negText(b.NegAbove))
	}
	if !digits(t[:4]) {
		return errors.New("the wind DDss must be 4 digits")
	}
	dd, _ := strconv.Atoi(t[:2])
	ss, _ := strconv.Atoi(t[2:4])
	switch {
	case dd == 99 && ss == 0:
		g.Calm = true
	case dd == 99:
		return fmt.Errorf("direction code 99 with %d kt is a variable direction at a real speed; halo cannot use a wind of unknown direction: take the winds from another source", ss)
	case dd >= 1 && dd <= 36:
		g.FromDeg, g.SpeedKt = float64(dd*10%360), float64(ss)
	case dd >= 51 && dd <= 86:
		g.FromDeg, g.SpeedKt = float64((dd-50)*10%360), float64(ss+100)
		g.AtLeast = ss == 99
	default:
		return fmt.Errorf("direction code %02d is invalid: 01-36 are tens of degrees, 51-86 add 100 kt to the speed, 9900 is light and variable", dd)
	}
	switch len(t) {
	case 6:
		if !digits(t[4:]) {
			return errors.New("the temperature TT must be 2 digits")
		}
		if b.NegAbove == 0 || g.Feet <= b.NegAbove {
			return fmt.Errorf("temperature without a sign at %d ft: the minus sign may be left out only above %s", g.Feet, negText(b.NegAbove))
		}
		tt, _ := strconv.Atoi(t[4:])
		g.TempC = -float64(tt)
	case 7:
		if (t[4] != '+' && t[4] != '-') || !digits(t[5:]) {
			return errors.New("the temperature must be a sign and 2 digits (+05, -12)")
		}
		tt, _ := strconv.Atoi(t[5:])
		if t[4] == '-' {
			g.TempC = -float64(tt)
		} else {
			if b.NegAbove > 0 && g.Feet > b.NegAbove && tt != 0 {
				return fmt.Errorf("positive temperature at %d ft contradicts TEMPS NEG ABV %d", g.Feet, b.NegAbove)
			}
			g.TempC = float64(tt)
		}
	}
	return nil
}

func negText(f int) string {
	if f == 0 {
		return "the TEMPS NEG ABV level, which this bulletin does not give"
	}
	return fmt.Sprintf("TEMPS NEG ABV %d ft", f)
}

// StationIDs lists the stations in file order.
func (b *Bulletin) StationIDs() []string {
	out := make([]string, len(b.Stations))
	for i, s := range b.Stations {
		out[i] = s.ID
	}
	return out
}

// Find returns the station line for id (case-insensitive). A four-letter ICAO
// identifier whose last three letters are a station ("KDEN", "PANC", "PHNL") is
// accepted for that station. The error lists the stations in the bulletin.
func (b *Bulletin) Find(id string) (*Station, error) {
	want := strings.ToUpper(strings.TrimSpace(id))
	for i := range b.Stations {
		if b.Stations[i].ID == want {
			return &b.Stations[i], nil
		}
	}
	if len(want) == 4 && strings.ContainsRune("KP", rune(want[0])) {
		for i := range b.Stations {
			if b.Stations[i].ID == want[1:] {
				return &b.Stations[i], nil
			}
		}
	}
	ids := b.StationIDs()
	sort.Strings(ids)
	return nil, fmt.Errorf("station %q is not in this bulletin (%s); it has: %s", id, b.Heading, strings.Join(ids, " "))
}

// Profile builds the wind profile of one station (see Find for id).
func (b *Bulletin) Profile(id string) (*wind.Profile, error) {
	st, err := b.Find(id)
	if err != nil {
		return nil, err
	}
	var layers []wind.Layer
	notes := append([]string(nil), b.Notes...)
	if st.ID != strings.ToUpper(strings.TrimSpace(id)) {
		notes = append(notes, fmt.Sprintf("station %q read as the FB station %s", id, st.ID))
	}
	var blank []string
	lowest := -1
	for k, g := range st.Groups {
		l := b.Levels[k]
		if g.Blank {
			blank = append(blank, strconv.Itoa(l.Feet))
			if lowest >= 0 {
				notes = append(notes, fmt.Sprintf("%d ft is blank (not forecast) between reported levels; the profile interpolates across it", l.Feet))
			}
			continue
		}
		if lowest < 0 {
			lowest = k
		}
		lay := wind.Layer{Alt: l.Alt(), Temp: math.NaN()}
		if !math.IsNaN(g.TempC) {
			lay.Temp = g.TempC + units.ZeroCelsius
		}
		if g.Calm {
			lay.Variable = true
		} else {
			lay.FromDeg, lay.Speed = g.FromDeg, g.SpeedKt*units.Knot
		}
		if g.AtLeast {
			notes = append(notes, fmt.Sprintf("%d ft: group %s means 199 kt OR MORE; the profile uses 199 kt", l.Feet, g.Raw))
		}
		layers = append(layers, lay)
	}
	if len(layers) == 0 {
		return nil, fmt.Errorf("line %d: station %s has no forecast at any level", st.Line, st.ID)
	}
	if len(blank) > 0 && lowest > 0 {
		notes = append(notes, fmt.Sprintf("no forecast at %s ft (within 1,500 ft of the station elevation or below it); below %d ft the profile holds the %d ft wind", strings.Join(blank[:lowest], ", "), b.Levels[lowest].Feet, b.Levels[lowest].Feet))
	}
	for _, l := range b.Levels {
		if l.Pressure {
			notes = append(notes, fmt.Sprintf("levels from %d ft up are pressure altitudes, placed at the geometric altitude of that pressure in the US Standard Atmosphere 1976; levels below are true altitudes MSL", PressureLevelFeet))
			break
		}
	}
	p, err := wind.NewProfile(fmt.Sprintf("FB %s %s", strings.TrimSpace(b.Heading+" "+b.Product), st.ID), layers)
	if err != nil {
		return nil, fmt.Errorf("line %d: station %s: %w", st.Line, st.ID, err)
	}
	p.Issued = b.Issued
	p.ValidFrom, p.ValidTo = b.UseFrom, b.UseTo
	if p.ValidFrom.IsZero() {
		p.ValidFrom, p.ValidTo = b.Valid, b.Valid
	}
	p.Notes = notes
	return p, nil
}

// Read parses a bulletin and returns the profile of one station; see Parse and
// Bulletin.Profile.
func Read(r io.Reader, station string, ref time.Time) (*wind.Profile, error) {
	b, err := Parse(r, ref)
	if err != nil {
		return nil, err
	}
	return b.Profile(station)
}

// refSlack is how far past the reference time a bulletin may be issued (clock
// error, a reference taken from a local-time file date).
const refSlack = 36 * time.Hour

// ddhhmm splits "310158" into day, hour, minute and checks their ranges.
func ddhhmm(s string) (d, h, m int, err error) {
	d, _ = strconv.Atoi(s[0:2])
	h, _ = strconv.Atoi(s[2:4])
	m, _ = strconv.Atoi(s[4:6])
	if d < 1 || d > 31 || h > 23 || m > 59 {
		return 0, 0, 0, fmt.Errorf("%q is not a day-hour-minute DDHHMM", s)
	}
	return d, h, m, nil
}

// candidates are the times with day d at h:m in the months around t.
func candidates(t time.Time, d, h, m int) []time.Time {
	var out []time.Time
	for k := -2; k <= 2; k++ {
		c := time.Date(t.Year(), t.Month()+time.Month(k), d, h, m, 0, 0, time.UTC)
		if c.Day() == d { // not rolled into the next month (31 April)
			out = append(out, c)
		}
	}
	return out
}

func nearest(t time.Time, d, h, m int) time.Time {
	var best time.Time
	for _, c := range candidates(t, d, h, m) {
		if best.IsZero() || absDur(c.Sub(t)) < absDur(best.Sub(t)) {
			best = c
		}
	}
	return best
}

func atOrBefore(t time.Time, d, h, m int) time.Time {
	var best time.Time
	for _, c := range candidates(t, d, h, m) {
		if !c.After(t) && (best.IsZero() || c.After(best)) {
			best = c
		}
	}
	return best
}

func atOrAfter(t time.Time, d, h, m int) time.Time {
	var best time.Time
	for _, c := range candidates(t, d, h, m) {
		if !c.Before(t) && (best.IsZero() || c.Before(best)) {
			best = c
		}
	}
	return best
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

func hhmm(s string) (h, m int, err error) {
	h, _ = strconv.Atoi(s[0:2])
	m, _ = strconv.Atoi(s[2:4])
	if h > 24 || m > 59 || (h == 24 && m != 0) {
		return 0, 0, fmt.Errorf("%q is not a time HHMM", s)
	}
	return h, m, nil
}

// times resolves the day-hour groups against ref.
func (b *Bulletin) times(ref time.Time, issued, based, valid, useFrom, useTo string) error {
	ref = ref.UTC()
	anchor := ref
	if issued != "" {
		d, h, m, err := ddhhmm(issued)
		if err != nil {
			return fmt.Errorf("heading %s: %w", b.Heading, err)
		}
		b.Issued = atOrBefore(ref.Add(refSlack), d, h, m)
		anchor = b.Issued
		b.Notes = append(b.Notes, fmt.Sprintf("the heading gives day %02d only: month and year taken from the reference time %s (the last day %02d at or before it), so issued %s",
			d, ref.Format("2006-01-02 15:04Z"), d, b.Issued.Format("2006-01-02 15:04Z")))
	}
	if based != "" {
		d, h, m, err := ddhhmm(based)
		if err != nil {
			return fmt.Errorf("DATA BASED ON: %w", err)
		}
		if issued != "" {
			b.Based = atOrBefore(anchor, d, h, m)
		} else {
			b.Based = atOrBefore(ref.Add(refSlack), d, h, m)
			b.Notes = append(b.Notes, fmt.Sprintf("no WMO heading: the issue time is unknown; month and year of DATA BASED ON %sZ taken from the reference time %s (the last day %02d at or before it)", based, ref.Format("2006-01-02 15:04Z"), d))
		}
		anchor = b.Based
	}
	d, h, m, err := ddhhmm(valid)
	if err != nil {
		return fmt.Errorf("VALID: %w", err)
	}
	if issued == "" && based == "" {
		b.Valid = nearest(ref, d, h, m)
		b.Notes = append(b.Notes, fmt.Sprintf("no WMO heading: the issue time is unknown; month and year of VALID %s taken from the reference time %s", valid, ref.Format("2006-01-02 15:04Z")))
	} else {
		b.Valid = atOrAfter(anchor, d, h, m)
	}
	if !b.Based.IsZero() && b.Valid.Sub(b.Based) > 72*time.Hour {
		return fmt.Errorf("VALID %s is %.0f h after DATA BASED ON %s: not a consistent FB bulletin", valid, b.Valid.Sub(b.Based).Hours(), based)
	}
	if useFrom != "" {
		h1, m1, err := hhmm(useFrom)
		if err != nil {
			return fmt.Errorf("FOR USE: %w", err)
		}
		h2, m2, err := hhmm(useTo)
		if err != nil {
			return fmt.Errorf("FOR USE: %w", err)
		}
		b.UseFrom = clock(b.Valid, h1, m1, false)
		b.UseTo = clock(b.Valid, h2, m2, true)
	}
	return nil
}

// clock returns the last time h:m at or before t (after=false) or the first at or
// after it (after=true).
func clock(t time.Time, h, m int, after bool) time.Time {
	c := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
	if after {
		for c.Before(t) {
			c = c.Add(24 * time.Hour)
		}
		return c
	}
	for c.After(t) {
		c = c.Add(-24 * time.Hour)
	}
	return c
}
