// Package sounding is the result shared by the sounding readers (wind/uwyo for
// University of Wyoming radiosonde soundings, wind/gsl for NOAA GSL model and
// radiosonde soundings): a wind profile for the simulator and the measured
// atmosphere levels (temperature and pressure by altitude) for atmos.New.
//
// Heights in both formats are geopotential metres (gpm). Build converts them to
// geometric metres MSL with the USSA-76 relation z = r0·H/(r0 − H), r0 = 6,356,766 m
// (atmos.Geometric). The difference is 16 m at 10 km, 141 m at 30 km and 350 m at 47 km;
// it matters for a HALO exit at 10 km only at the metre level, but it is applied
// everywhere so the profile and the atmosphere agree with atmos.
package sounding

import (
	"fmt"
	"math"
	"sort"
	"time"

	"halo/atmos"
	"halo/wind"
)

// Sounding is one vertical profile of the atmosphere at one place and time.
type Sounding struct {
	// Format names the file format: "UWyo TEXT:LIST", "UWyo CSV", "GSL".
	Format string
	// Kind is what produced the data: "radiosonde", or a model name from a GSL
	// file ("Op40" = RAP analysis/forecast, "GFS", ...).
	Kind string
	// Station is the station identifier as written ("BOI", "DEN"), or for a GSL
	// point request the "lat,lon" text; "" when the file has none.
	Station string
	// Number is the WMO station number ("72681"); "" when unknown.
	Number string
	// Name is the place name from the title ("Boise"); "" when unknown.
	Name string
	// Lat and Lon are the station position, degrees north and EAST (west
	// negative); NaN when the file does not give them.
	Lat, Lon float64
	// Elevation is the station elevation, m MSL; NaN when unknown.
	Elevation float64
	// Time is the observation time (radiosonde) or the valid time (model), UTC;
	// zero when the file gives none.
	Time time.Time
	// Run is the model run (analysis) time of a forecast sounding; zero for an
	// observation or when unknown.
	Run time.Time
	// Profile is the wind profile built from the rows that have a height, a
	// direction and a speed. It is nil when no row has a wind (then Levels may
	// still describe the atmosphere).
	Profile *wind.Profile
	// Levels are the rows with a height and a temperature: geometric altitude (m
	// MSL), temperature (K) and pressure (Pa, 0 when the row has none), sorted
	// by altitude, ready for atmos.New.
	Levels []atmos.Level
	// Notes lists what was assumed or skipped while reading (also in Profile.Notes).
	Notes []string
}

// Row is one data row of a sounding as a reader decoded it, in SI units. NaN
// marks a missing value.
type Row struct {
	Line  int     // 1-based line number in the file, for error messages
	P     float64 // pressure, Pa (NaN if missing)
	H     float64 // geopotential height, m' (NaN if missing)
	T     float64 // temperature, K (NaN if missing)
	Dir   float64 // wind from, degrees true (NaN if missing)
	Speed float64 // wind speed, m/s (NaN if missing)
}

// Build fills s.Levels and s.Profile from rows (in file order). A row with no
// height is skipped (with a note); a row with no temperature gives no level; a row
// with no direction or speed gives no wind layer. Two rows at the same geometric
// altitude keep the first (with a note). Values outside physical ranges are errors
// naming the row's line: temperature outside 150..350 K, speed outside 0..150 m/s,
// direction outside 0..360°, pressure outside 0..1100 hPa, altitude outside
// -500 m..86 km. source becomes Profile.Source. Call Build last: Profile.Notes is
// a copy of s.Notes at this point.
func (s *Sounding) Build(source string, rows []Row) error {
	type lv struct {
		alt  float64
		row  Row
		hasT bool
		hasW bool
	}
	var all []lv
	for _, r := range rows {
		if !math.IsNaN(r.T) && !(r.T >= 150 && r.T <= 350) {
			return fmt.Errorf("line %d: temperature %.1f °C is outside -123..77 °C", r.Line, r.T-273.15)
		}
		if !math.IsNaN(r.P) && !(r.P > 0 && r.P <= 110000) {
			return fmt.Errorf("line %d: pressure %.1f hPa is outside 0..1100 hPa", r.Line, r.P/100)
		}
		if !math.IsNaN(r.Dir) && !(r.Dir >= 0 && r.Dir <= 360) {
			return fmt.Errorf("line %d: wind direction %v° is outside 0..360°", r.Line, r.Dir)
		}
		if !math.IsNaN(r.Speed) && !(r.Speed >= 0 && r.Speed <= 150) {
			return fmt.Errorf("line %d: wind speed %.1f m/s (%.0f kt) is outside 0..150 m/s", r.Line, r.Speed, r.Speed/0.514444)
		}
		if math.IsNaN(r.H) {
			if !math.IsNaN(r.T) || !math.IsNaN(r.Dir) {
				at := ""
				if !math.IsNaN(r.P) {
					at = fmt.Sprintf(" (%.1f hPa)", r.P/100)
				}
				s.note(fmt.Sprintf("line %d: the row%s has no height; skipped", r.Line, at))
			}
			continue
		}
		if math.IsInf(r.H, 0) {
			return fmt.Errorf("line %d: height is not finite", r.Line)
		}
		z := atmos.Geometric(r.H)
		if !(z >= atmos.MinAlt && z <= atmos.MaxAlt) {
			return fmt.Errorf("line %d: height %.0f m is outside -500 m..86 km", r.Line, r.H)
		}
		all = append(all, lv{alt: z, row: r, hasT: !math.IsNaN(r.T), hasW: !math.IsNaN(r.Dir) && !math.IsNaN(r.Speed)})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].alt < all[j].alt })

	var layers []wind.Layer
	s.Levels = nil
	var prevT, prevW *lv
	for i := range all {
		l := &all[i]
		if l.hasT {
			if prevT != nil && prevT.alt == l.alt {
				if prevT.row.T != l.row.T {
					s.note(fmt.Sprintf("line %d: a second temperature at %.0f m (line %d has the first); kept the first", l.row.Line, l.alt, prevT.row.Line))
				}
			} else {
				p := l.row.P
				if math.IsNaN(p) {
					p = 0
				}
				s.Levels = append(s.Levels, atmos.Level{Alt: l.alt, T: l.row.T, P: p})
				prevT = l
			}
		}
		if l.hasW {
			if prevW != nil && prevW.alt == l.alt {
				if prevW.row.Dir != l.row.Dir || prevW.row.Speed != l.row.Speed {
					s.note(fmt.Sprintf("line %d: a second wind at %.0f m (line %d has the first); kept the first", l.row.Line, l.alt, prevW.row.Line))
				}
				continue
			}
			dir := l.row.Dir
			if dir == 360 {
				dir = 0
			}
			layers = append(layers, wind.Layer{Alt: l.alt, FromDeg: dir, Speed: l.row.Speed, Temp: l.row.T})
			prevW = l
		}
	}
	if len(s.Levels) == 0 && len(layers) == 0 {
		return fmt.Errorf("no row has a height with a temperature or a wind: the sounding is empty")
	}
	s.note("heights are geopotential metres, converted to geometric altitude with the USSA-76 relation z = r0·H/(r0−H)")
	if len(layers) == 0 {
		s.note("no row has a wind: the sounding gives the atmosphere only")
		s.Profile = nil
		return nil
	}
	p, err := wind.NewProfile(source, layers)
	if err != nil {
		return err
	}
	if s.Run.IsZero() {
		p.Issued = s.Time
	} else {
		p.Issued = s.Run
		p.ValidFrom, p.ValidTo = s.Time, s.Time
	}
	p.Notes = append([]string(nil), s.Notes...)
	s.Profile = p
	return nil
}

func (s *Sounding) note(n string) { s.Notes = append(s.Notes, n) }

// Nearest returns the sounding whose Time is nearest t (the first on a tie, and
// the first when t is zero); nil for an empty list.
func Nearest(ss []*Sounding, t time.Time) *Sounding {
	if len(ss) == 0 {
		return nil
	}
	if t.IsZero() {
		return ss[0]
	}
	best := ss[0]
	d := absDur(best.Time.Sub(t))
	for _, s := range ss[1:] {
		if e := absDur(s.Time.Sub(t)); e < d {
			best, d = s, e
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
