package uwyo

import (
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"halo/atmos"
	"halo/units"
	"halo/wind"
	"halo/wind/sounding"

	"halo/internal/testdata"
)

// The files in testdata are unedited UWyo responses stored by Unidata siphon and
// MetPy; see testdata/winds/SOURCES.md at the repository root.

func read(t *testing.T, name string) *sounding.Sounding {
	t.Helper()
	f, err := os.Open(testdata.Path(t, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	s, err := Read(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return s
}

func layerAt(t *testing.T, p *wind.Profile, gpm float64) wind.Layer {
	t.Helper()
	z := atmos.Geometric(gpm)
	for _, l := range p.Layers() {
		if math.Abs(l.Alt-z) < 1e-6 {
			return l
		}
	}
	t.Fatalf("no layer at %v gpm", gpm)
	return wind.Layer{}
}

func TestRealFiles(t *testing.T) {
	cases := []struct {
		file                  string
		format, station, num  string
		name                  string
		time                  time.Time
		levels, winds         int
		lat, lon, elev        float64 // NaN = unknown
		bottomLevel, topLevel float64 // gpm of the lowest and highest level with a temperature
	}{
		// 134 rows; 1000 and 925 hPa below ground (no temperature); wind blank in the top row
		{"uwyo_siphon_72681_boi_2010120912.html", "UWyo TEXT:LIST", "BOI", "72681", "Boise", time.Date(2010, 12, 9, 12, 0, 0, 0, time.UTC),
			132, 131, 43.56, -116.21, 874, 874, 32485},
		// first row (1002 hPa) has no height; latitude ******, elevation -9999.0
		{"uwyo_siphon_82244_santarem_2012010100.html", "UWyo TEXT:LIST", "", "82244", "Santarem", time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC),
			68, 68, math.NaN(), math.NaN(), math.NaN(), 74, 20590},
		// title, no HTML, no station block; 1000 hPa row below ground
		{"uwyo_metpy_72357_oun_2011052212.txt", "UWyo TEXT:LIST", "OUN", "72357", "Norman", time.Date(2011, 5, 22, 12, 0, 0, 0, time.UTC),
			70, 70, math.NaN(), math.NaN(), math.NaN(), 345, 16410},
		// table only, trailing spaces stripped; 1000 hPa at -12 m below ground; no wind from 485 hPa up
		{"uwyo_metpy_72327_bna_2002111100.txt", "UWyo TEXT:LIST", "", "", "", time.Time{},
			53, 26, math.NaN(), math.NaN(), math.NaN(), 180, 25413},
		// the new CSV: launch time 11:06, no below-ground rows, no station name
		{"uwyo_csv_siphon_72681_boi_2010120912.csv", "UWyo CSV", "", "", "", time.Date(2010, 12, 9, 11, 6, 0, 0, time.UTC),
			132, 131, 43.56, -116.21, math.NaN(), 874, 32485},
	}
	same := func(a, b float64) bool { return (math.IsNaN(a) && math.IsNaN(b)) || a == b }
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			s := read(t, c.file)
			if s.Format != c.format || s.Station != c.station || s.Number != c.num || s.Name != c.name || !s.Time.Equal(c.time) {
				t.Errorf("got %q %q %q %q %v", s.Format, s.Station, s.Number, s.Name, s.Time)
			}
			if !same(s.Lat, c.lat) || !same(s.Lon, c.lon) || !same(s.Elevation, c.elev) {
				t.Errorf("position %v %v %v", s.Lat, s.Lon, s.Elevation)
			}
			if len(s.Levels) != c.levels || len(s.Profile.Layers()) != c.winds {
				t.Errorf("%d levels %d winds, want %d %d", len(s.Levels), len(s.Profile.Layers()), c.levels, c.winds)
			}
			if lo, hi := s.Levels[0].Alt, s.Levels[len(s.Levels)-1].Alt; math.Abs(lo-atmos.Geometric(c.bottomLevel)) > 1e-6 || math.Abs(hi-atmos.Geometric(c.topLevel)) > 1e-6 {
				t.Errorf("levels from %v to %v m", lo, hi)
			}
			// the levels make a valid atmosphere
			if _, err := atmos.New(s.Levels); err != nil {
				t.Errorf("atmos.New: %v", err)
			}
			if c.time.IsZero() != s.Profile.Issued.IsZero() || (!c.time.IsZero() && !s.Profile.Issued.Equal(c.time)) {
				t.Errorf("profile issued %v", s.Profile.Issued)
			}
		})
	}
}

// TestSpotRows checks rows decoded by hand from the raw text.
func TestSpotRows(t *testing.T) {
	kt := units.Knot
	// BOI line 19: "  850.0   1509    3.8    1.2     83   4.93    250      2  290.1  304.5  291.0"
	boi := read(t, "uwyo_siphon_72681_boi_2010120912.html")
	l := layerAt(t, boi.Profile, 1509)
	if l.FromDeg != 250 || math.Abs(l.Speed-2*kt) > 1e-12 || math.Abs(l.Temp-276.95) > 1e-9 {
		t.Errorf("BOI 850 hPa %+v", l)
	}
	// geometric altitude of 1509 gpm: 1509·6356766/(6356766−1509) = 1509.358 m
	if math.Abs(l.Alt-1509.358) > 0.001 {
		t.Errorf("BOI 850 hPa altitude %v", l.Alt)
	}
	for _, lv := range boi.Levels {
		if lv.Alt == l.Alt && lv.P != 85000 {
			t.Errorf("BOI 850 hPa level pressure %v Pa", lv.P)
		}
	}
	// BOI line 61, the jet: "  240.0  10668  -56.6    ...    280    114  325.5"
	if l := layerAt(t, boi.Profile, 10668); l.FromDeg != 280 || math.Abs(l.Speed-114*kt) > 1e-12 || math.Abs(l.Temp-216.55) > 1e-9 {
		t.Errorf("BOI 240 hPa %+v", l)
	}
	// BOI line 119: "   26.7  24384  -58.5     ...     0      9": DRCT 0 with a speed is a north wind
	if l := layerAt(t, boi.Profile, 24384); l.FromDeg != 0 || math.Abs(l.Speed-9*kt) > 1e-12 || l.Variable {
		t.Errorf("BOI 26.7 hPa %+v", l)
	}
	// north wind: u = 0, v < 0 (blowing south)
	if u, v := boi.Profile.At(atmos.Geometric(24384)); math.Abs(u) > 1e-9 || v >= 0 {
		t.Errorf("north wind u %v v %v", u, v)
	}
	// BNA: "  491.5   5791  -12.3  -29.7     22   0.67    240     81" is the last wind;
	// "  485.0   5893  -12.9  -29.9     23   0.66                320.0" keeps its temperature.
	bna := read(t, "uwyo_metpy_72327_bna_2002111100.txt")
	if top := bna.Profile.Top(); math.Abs(top-atmos.Geometric(5791)) > 1e-6 {
		t.Errorf("BNA top wind at %v m", top)
	}
	found := false
	for _, lv := range bna.Levels {
		if math.Abs(lv.Alt-atmos.Geometric(5893)) < 1e-6 {
			found = math.Abs(lv.T-260.25) < 1e-9 && lv.P == 48500
		}
	}
	if !found {
		t.Error("BNA 485 hPa level missing or wrong")
	}
	// Santarem line 11: " 1000.0     74   28.8   24.3     77  19.57      0      4": north wind 4 kt
	stm := read(t, "uwyo_siphon_82244_santarem_2012010100.html")
	if l := layerAt(t, stm.Profile, 74); l.FromDeg != 0 || math.Abs(l.Speed-4*kt) > 1e-12 {
		t.Errorf("Santarem 1000 hPa %+v", l)
	}
	if !strings.Contains(strings.Join(stm.Notes, "\n"), "line 10: the row (1002.0 hPa) has no height") {
		t.Errorf("notes %q", stm.Notes)
	}
}

// TestCSVMatchesText: the CSV and TEXT:LIST forms of the BOI sounding decode to
// the same profile (the CSV gives m/s to 0.1, the text whole knots).
func TestCSVMatchesText(t *testing.T) {
	a := read(t, "uwyo_siphon_72681_boi_2010120912.html").Profile.Layers()
	b := read(t, "uwyo_csv_siphon_72681_boi_2010120912.csv").Profile.Layers()
	if len(a) != len(b) {
		t.Fatalf("%d vs %d layers", len(a), len(b))
	}
	worst := 0.0
	for i := range a {
		// temperatures: the interpolated 2134 m row reads -0.8 °C in the text and
		// -0.9 °C in the CSV (line 24 of the HTML, line 13 of the CSV)
		if a[i].Alt != b[i].Alt || a[i].FromDeg != b[i].FromDeg || math.Abs(a[i].Temp-b[i].Temp) > 0.1+1e-9 {
			t.Errorf("layer %d: %+v vs %+v", i, a[i], b[i])
		}
		worst = math.Max(worst, math.Abs(a[i].Speed-b[i].Speed))
	}
	// whole knots (±0.26 m/s) against tenths of m/s (±0.05 m/s)
	if worst > 0.31 {
		t.Errorf("speeds differ by up to %.3f m/s", worst)
	}
}

const table = `-----------------------------------------------------------------------------
   PRES   HGHT   TEMP   DWPT   RELH   MIXR   DRCT   SKNT   THTA   THTE   THTV
    hPa     m      C      C      %    g/kg    deg   knot     K      K      K 
-----------------------------------------------------------------------------
  850.0   1509    3.8    1.2     83   4.93    250      2  290.1  304.5  291.0
  700.0   3011    3.4   -4.6     56   3.90    245     59  306.2  318.5  306.9
`

func TestMalformed(t *testing.T) {
	row := "  700.0   3011    3.4   -4.6     56   3.90    245     59  306.2  318.5  306.9"
	cases := []struct {
		name, old, new string
		want           []string
	}{
		{"letters", row, "  700.0   3011    3.4   -4.6     56   3.90    2A5     59  306.2  318.5  306.9", []string{"line 6, column 47", "DRCT", `"2A5"`}},
		{"shifted", row, "  700.0   3011    3.4   -4.6     56   3.90    245     59  306.2  318.5  306.9  1", []string{"line 6, column 78", "beyond the last column"}},
		{"split value", row, "  700.0   3011    3.4   -4.6     56   3.90    245    5 9  306.2  318.5  306.9", []string{"line 6, column 54", "SKNT"}},
		{"direction 370", row, "  700.0   3011    3.4   -4.6     56   3.90    370     59  306.2  318.5  306.9", []string{"line 6", "direction 370"}},
		{"speed 400 kt", row, "  700.0   3011    3.4   -4.6     56   3.90    245    400  306.2  318.5  306.9", []string{"line 6", "wind speed"}},
		{"temperature 99 C", row, "  700.0   3011   99.0   -4.6     56   3.90    245     59  306.2  318.5  306.9", []string{"line 6", "temperature"}},
		{"units", "deg   knot", "deg    m/s", []string{"line 3", "SKNT", `"m/s"`}},
		{"no TEMP", "HGHT   TEMP", "HGHT   TEMX", []string{"line 2", "no TEMP column"}},
		{"no pressure", row, "         3011    3.4   -4.6     56   3.90    245     59  306.2  318.5  306.9", []string{"line 6", "pressure"}},
		{"tab", row, "  700.0\t3011", []string{"line 6", "tab"}},
		{"second table", row, row + "\n\n" + strings.SplitN(table, "\n", 3)[1], []string{"line 8", "second sounding table"}},
		{"bad station time", row, row + "\n                           Observation time: 1012/1200", []string{"line 7", "YYMMDD/HHMM"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(table, c.old) {
				t.Fatalf("table lacks %q", c.old)
			}
			_, err := Read(strings.NewReader(strings.Replace(table, c.old, c.new, 1)))
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
	if _, err := Read(strings.NewReader(table)); err != nil {
		t.Errorf("the unmodified table: %v", err)
	}
	if _, err := Read(strings.NewReader("<html>no sounding here</html>\n")); err == nil || !strings.Contains(err.Error(), "no table header") {
		t.Errorf("no table: %v", err)
	}
}

const csvTable = `time,longitude,latitude,pressure_hPa,geopotential height_m,temperature_C,dew point temperature_C,wind direction_degree,wind speed_m/s
2010-12-09 11:06:00,-116.2100,43.5600, 919.0,  874, -0.1, -0.2,240, 1.5
2010-12-09 11:06:00,-116.2100,43.5600, 909.0,  962,  1.2,  0.9,218, 2.1
`

func TestMalformedCSV(t *testing.T) {
	cases := []struct {
		name, old, new string
		want           []string
	}{
		{"letters", "962,  1.2", "962,  1.x", []string{"line 3, column 54", "temperature_C", `"1.x"`}},
		{"fields", "218, 2.1", "218", []string{"line 3", "8 fields, the header has 9"}},
		{"unit", "wind speed_m/s", "wind speed_mph", []string{"line 1, field 9", `"mph"`}},
		{"no height", "geopotential height_m", "height_m", []string{"line 1", "geopotential height"}},
		{"time", "2010-12-09 11:06:00,-116.2100,43.5600, 919.0", "2010-12-09T11:06,-116.2100,43.5600, 919.0", []string{"line 2", "time"}},
		{"direction", "240, 1.5", "400, 1.5", []string{"line 2", "direction"}},
		// a stray quote once made Read panic in csv.Reader.FieldPos (found by random mutation)
		{"quote", "962,  1.2", "9\"62,  1.2", []string{"line 3, column"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(strings.Replace(csvTable, c.old, c.new, 1)))
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
	s, err := Read(strings.NewReader(csvTable))
	if err != nil {
		t.Fatal(err)
	}
	// speed_m/s is m/s: 1.5 m/s
	if l := s.Profile.Layers()[0]; l.Speed != 1.5 || l.FromDeg != 240 {
		t.Errorf("%+v", l)
	}
	// knots in the header are converted
	s, err = Read(strings.NewReader(strings.Replace(csvTable, "wind speed_m/s", "wind speed_knot", 1)))
	if err != nil || math.Abs(s.Profile.Layers()[0].Speed-1.5*units.Knot) > 1e-12 {
		t.Errorf("knots: %v", err)
	}
}
