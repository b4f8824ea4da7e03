// Package track reads the GPS logs of skydives into one Track type, finds the
// phases of a jump (exit, deployment, canopy open, landing) and measures the jump
// (altitudes, speeds, free-fall time, canopy glide, winds flown).
//
// Readers take an io.Reader and do no other I/O. The format is detected from the
// content, never from the file name: FlySight 1 CSV (and the FlySight-1-like
// exports of Dekunu, Insight and CyberEye loggers), FlySight 2 TRACK.CSV, GPX 1.0 and
// 1.1, NMEA 0183 (GGA + RMC; the Tempo logger's logs are NMEA) and the Columbus V-900
// CSV.
//
// Units are SI: metres, seconds, metres per second; angles in degrees; times in UTC.
// Altitudes are metres above mean sea level unless Track.AltRef says otherwise.
// Vertical velocity is positive DOWN, as FlySight writes it.
//
// Values a logger does not give are NaN in Go and null in JSON.
package track

import (
	"halo/internal/jsonnan"
	"time"
)

// Flag marks how a point's values were obtained. Flags combine as a bit set.
type Flag uint16

const (
	// FlagVelHDerived: VelN and VelE were derived from successive positions
	// (central differences on local east-north-up coordinates), not measured
	// by the receiver (Doppler).
	FlagVelHDerived Flag = 1 << iota
	// FlagVelDDerived: VelD was derived from successive altitudes, not measured.
	FlagVelDDerived
	// FlagGapBefore: logging stopped for longer than the gap limit
	// (max(1.5 s, 5 × the median interval)) just before this point; quantities
	// that span the gap (integrals, differences) are not to be trusted across it.
	FlagGapBefore
)

// Point is one GPS fix.
type Point struct {
	// T is the fix time, UTC.
	T time.Time `json:"time_utc"`
	// Lat and Lon are WGS84 geodetic latitude and longitude in degrees
	// (north and east positive; −90..90, −180..180).
	Lat float64 `json:"lat_deg"`
	Lon float64 `json:"lon_deg"`
	// HMSL is the altitude in metres above mean sea level (or above the reference
	// named in Track.AltRef).
	HMSL float64 `json:"alt_msl_m"`
	// VelN, VelE, VelD are the velocity components in m/s: north, east and DOWN
	// (positive when descending), as FlySight writes them. See Flags for derived
	// values.
	VelN float64 `json:"vel_n_mps"`
	VelE float64 `json:"vel_e_mps"`
	VelD float64 `json:"vel_d_mps"`
	// HAcc and VAcc are the receiver's horizontal and vertical position accuracy
	// estimates in metres; SAcc its speed accuracy estimate in m/s. NaN when the
	// logger gives none.
	HAcc float64 `json:"h_acc_m"`
	VAcc float64 `json:"v_acc_m"`
	SAcc float64 `json:"s_acc_mps"`
	// NumSV is the number of satellites used, −1 when unknown.
	NumSV int `json:"num_sv"`
	// Flags says which values were derived and where logging had a gap.
	Flags Flag `json:"flags"`
	// Line is the 1-based line number of the source row, for messages.
	Line int `json:"line"`
}

// Warning is something the reader or the analysis noticed and handled: rows
// dropped, gaps, presumptions. Line is the 1-based source line of the first row
// concerned (0 when it concerns the whole file).
type Warning struct {
	Line int    `json:"line"`
	Msg  string `json:"msg"`
}

// Track is a GPS recording: points in strictly increasing time, each with a 3-D fix.
type Track struct {
	// Format names the format detected, e.g. "FlySight 1", "FlySight 2", "GPX 1.1",
	// "NMEA 0183", "Tempo (NMEA 0183)", "Dekunu (FlySight 1 format)", "Insight",
	// "CyberEye (FlySight 1 rows, no header)", "Columbus V-900".
	Format string `json:"format"`
	// Device describes the recording device when the file says (firmware, creator).
	Device string `json:"device,omitempty"`
	// Source is where the track came from; Read leaves it empty, callers set it
	// (usually the file name).
	Source string `json:"source,omitempty"`
	// AltRef is the reference of HMSL: "MSL" for every format except the Dekunu
	// export, whose height is above the landing area ("AGL (landing area)").
	AltRef string `json:"alt_ref"`
	// Points are the fixes kept, in strictly increasing time.
	Points []Point `json:"points"`
	// Warnings lists what was dropped, flagged or presumed while reading.
	Warnings []Warning `json:"warnings"`
}

// Seconds returns the time of point i in seconds after the first point.
func (t *Track) Seconds(i int) float64 {
	return t.Points[i].T.Sub(t.Points[0].T).Seconds()
}

// MarshalJSON writes NaN values as null.
func (p Point) MarshalJSON() ([]byte, error) { return jsonnan.Fields(p) }

// UnmarshalJSON reads null or missing numbers as NaN.
func (p *Point) UnmarshalJSON(b []byte) error {
	*p = Point{NumSV: -1} // not known; the floats become NaN
	return jsonnan.Unmarshal(b, p)
}
