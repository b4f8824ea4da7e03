// Package windfile reads a wind file of any format halo knows, telling the format
// from the content (the file name's extension is only mentioned in errors): an NWS
// FB winds-aloft bulletin (wind/fb), a University of Wyoming sounding as text, HTML
// or CSV (wind/uwyo), a NOAA GSL sounding (wind/gsl), or halo's own CSV profile
// (wind/windcsv).
//
// Errors start with the file name and, where known, the line and column:
// "winds.txt:53:18: station DEN, 9000 ft: group ...". The package does no I/O: the
// caller reads the file and passes its bytes.
package windfile

import (
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"halo/atmos"
	"halo/wind"
	"halo/wind/fb"
	"halo/wind/gsl"
	"halo/wind/sounding"
	"halo/wind/uwyo"
	"halo/wind/windcsv"
)

// Format names a wind file format.
type Format string

// The formats Detect recognizes.
const (
	FB      Format = "fb"       // NWS FB winds and temperatures aloft bulletin
	UWyo    Format = "uwyo"     // University of Wyoming TEXT:LIST sounding (plain text or HTML page)
	UWyoCSV Format = "uwyo-csv" // University of Wyoming CSV sounding
	GSL     Format = "gsl"      // NOAA GSL (rucsoundings) model or RAOB sounding
	CSV     Format = "csv"      // halo's altitude,from,speed[,temperature] CSV
)

// Error is a read error located in a file. Line and Col are 1-based, 0 when unknown.
type Error struct {
	File      string
	Line, Col int
	Msg       string
	Err       error // the reader's error
}

func (e *Error) Error() string {
	switch {
	case e.Line > 0 && e.Col > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	case e.Line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

func (e *Error) Unwrap() error { return e.Err }

var reLoc = regexp.MustCompile(`(?s)^(?:[A-Za-z ]+: )?lines? (\d+)(?:-\d+)?(?:, column (\d+))?: (.*)$`)

// locate turns a reader's "line N, column C: msg" into an *Error.
func locate(name string, err error) error {
	if err == nil {
		return nil
	}
	var fe *Error
	if errors.As(err, &fe) {
		return err
	}
	e := &Error{File: name, Msg: err.Error(), Err: err}
	if m := reLoc.FindStringSubmatch(err.Error()); m != nil {
		fmt.Sscan(m[1], &e.Line)
		if m[2] != "" {
			fmt.Sscan(m[2], &e.Col)
		}
		e.Msg = m[3]
	}
	return e
}

// Detect tells the format of a wind file from its content. An HTML page that is not
// a UWyo sounding, or content of no known format, is an error naming the file.
func Detect(name string, data []byte) (Format, error) {
	switch {
	case fb.IsFB(data):
		return FB, nil
	case uwyo.IsCSV(data):
		return UWyoCSV, nil
	case uwyo.IsText(data):
		return UWyo, nil
	case gsl.IsGSL(data):
		return GSL, nil
	case windcsv.IsCSV(data):
		return CSV, nil
	}
	low := strings.ToLower(string(data[:min(len(data), 4096)]))
	if strings.Contains(low, "get_soundings") || strings.Contains(low, "rucsoundings") || strings.Contains(low, "gsl@noaa.gov") {
		return GSL, nil // a GSL error page: the GSL reader explains it
	}
	if strings.Contains(low, "<html") || strings.Contains(low, "<h1") || strings.Contains(low, "<pre") || strings.Contains(low, "<body") {
		return "", &Error{File: name, Line: 1, Msg: "an HTML page with no sounding table in it, not a wind file: save the sounding's text (UWyo TEXT:LIST or CSV, GSL text, FB bulletin)"}
	}
	ext := strings.ToLower(filepath.Ext(name))
	return "", &Error{File: name, Msg: fmt.Sprintf("format not recognized (extension %q): expected an FB winds-aloft bulletin (an \"FT  3000 ...\" line), a University of Wyoming sounding (a \"PRES HGHT TEMP\" table or a CSV with pressure_hPa), a NOAA GSL sounding, or a CSV with altitude,from,speed columns (e.g. altitude_ft,from_deg,speed_kt)", ext)}
}

// Result is everything read from a wind file.
type Result struct {
	Format Format
	// Profile is the wind profile; never nil when Decode succeeds.
	Profile *wind.Profile
	// Levels are a sounding's measured levels (altitude m MSL, temperature K,
	// pressure Pa) for atmos.New; nil for FB bulletins and CSV profiles.
	Levels []atmos.Level
	// Sounding is the whole sounding (station, position, time); nil for FB and CSV.
	Sounding *sounding.Sounding
	// Stations lists the stations of an FB bulletin; nil otherwise.
	Stations []string
}

// Decode reads a wind file of any known format.
//
// station picks the station of an FB bulletin (required for FB: the error lists
// the bulletin's stations; "KDEN" finds "DEN"). For a sounding it is checked
// against the sounding's identifier or WMO number (a mismatch is an error; a
// sounding that names no station gets a note); for a CSV profile it is ignored with a
// note. Leave it empty to skip the check.
//
// ref is the file's time or now: an FB bulletin takes its month and year from it,
// and of a GSL file with several soundings (forecast hours) the one valid nearest
// ref is used. It must not be zero for an FB bulletin.
//
// The profile's Source ends with " from NAME"; its Notes list every assumption.
func Decode(name string, data []byte, station string, ref time.Time) (*Result, error) {
	f, err := Detect(name, data)
	if err != nil {
		return nil, err
	}
	res := &Result{Format: f}
	var notes []string
	switch f {
	case FB:
		b, err := fb.Parse(strings.NewReader(string(data)), ref)
		if err != nil {
			return nil, locate(name, err)
		}
		res.Stations = b.StationIDs()
		if strings.TrimSpace(station) == "" {
			return nil, &Error{File: name, Msg: fmt.Sprintf("an FB bulletin (%s) holds %d stations: name one (station: / --station); it has: %s", b.Heading, len(res.Stations), strings.Join(res.Stations, " "))}
		}
		p, err := b.Profile(station)
		if err != nil {
			return nil, locate(name, err)
		}
		res.Profile = p
	case UWyo, UWyoCSV, GSL:
		var s *sounding.Sounding
		if f == GSL {
			ss, err := gsl.ReadAll(strings.NewReader(string(data)))
			if err != nil {
				return nil, locate(name, err)
			}
			s = sounding.Nearest(ss, ref)
			if len(ss) > 1 {
				how := "the first"
				if !ref.IsZero() {
					how = "the one valid nearest " + ref.UTC().Format("2006-01-02 15:04Z")
				}
				notes = append(notes, fmt.Sprintf("the file holds %d soundings valid %s to %s; used %s (valid %s)", len(ss),
					ss[0].Time.Format("2006-01-02 15Z"), ss[len(ss)-1].Time.Format("2006-01-02 15Z"), how, s.Time.Format("2006-01-02 15Z")))
			}
		} else {
			s, err = uwyo.Read(strings.NewReader(string(data)))
			if err != nil {
				return nil, locate(name, err)
			}
		}
		if err := checkStation(name, s, station, &notes); err != nil {
			return nil, err
		}
		if s.Profile == nil {
			return nil, &Error{File: name, Msg: "the sounding has no wind at any level; it can serve as an atmosphere (Levels) but not as winds"}
		}
		res.Sounding, res.Levels, res.Profile = s, s.Levels, s.Profile
	case CSV:
		p, err := windcsv.Read(strings.NewReader(string(data)))
		if err != nil {
			return nil, locate(name, err)
		}
		if strings.TrimSpace(station) != "" {
			notes = append(notes, fmt.Sprintf("station %q ignored: a CSV profile names no station", station))
		}
		res.Profile = p
	}
	res.Profile.Source += " from " + name
	res.Profile.Notes = append(res.Profile.Notes, notes...)
	if res.Sounding != nil {
		res.Sounding.Notes = append(res.Sounding.Notes, notes...)
	}
	return res, nil
}

// checkStation compares the requested station with a sounding's identifiers.
func checkStation(name string, s *sounding.Sounding, station string, notes *[]string) error {
	want := strings.ToUpper(strings.TrimSpace(station))
	if want == "" {
		return nil
	}
	if s.Station == "" && s.Number == "" {
		*notes = append(*notes, fmt.Sprintf("station %s could not be checked: the file names no station", want))
		return nil
	}
	id := strings.ToUpper(s.Station)
	if want == id || want == s.Number || (len(want) == 4 && want[1:] == id) || (len(id) == 4 && id[1:] == want) {
		return nil
	}
	var has []string
	for _, x := range []string{s.Station, s.Number} {
		if x != "" {
			has = append(has, x)
		}
	}
	return &Error{File: name, Msg: fmt.Sprintf("the sounding is for %s, not %s: check the file, or leave the station out", strings.Join(has, " / "), want)}
}

// Read is Decode returning the profile and a sounding's levels (nil for FB and CSV).
func Read(name string, data []byte, station string, ref time.Time) (*wind.Profile, []atmos.Level, error) {
	r, err := Decode(name, data, station, ref)
	if err != nil {
		return nil, nil, err
	}
	return r.Profile, r.Levels, nil
}

// Levels reads a sounding file (UWyo or GSL) for its atmosphere only (for a
// mission's `atmosphere: {sounding: FILE}`): the levels with a temperature, sorted by
// altitude, and the sounding. Unlike Decode it accepts a sounding without winds. FB
// bulletins and CSV profiles are errors (they are not soundings). ref picks among the
// soundings of a GSL file as in Decode.
func Levels(name string, data []byte, ref time.Time) ([]atmos.Level, *sounding.Sounding, error) {
	f, err := Detect(name, data)
	if err != nil {
		return nil, nil, err
	}
	var s *sounding.Sounding
	switch f {
	case GSL:
		ss, err := gsl.ReadAll(strings.NewReader(string(data)))
		if err != nil {
			return nil, nil, locate(name, err)
		}
		s = sounding.Nearest(ss, ref)
	case UWyo, UWyoCSV:
		if s, err = uwyo.Read(strings.NewReader(string(data))); err != nil {
			return nil, nil, locate(name, err)
		}
	default:
		return nil, nil, &Error{File: name, Msg: fmt.Sprintf("a %s file is not a sounding: an atmosphere needs temperatures by altitude from a UWyo or GSL sounding", f)}
	}
	if len(s.Levels) == 0 {
		return nil, nil, &Error{File: name, Msg: "the sounding has no level with a temperature"}
	}
	return s.Levels, s, nil
}
