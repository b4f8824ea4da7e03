package gsl

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

// The files in testdata are unedited rucsoundings.noaa.gov replies stored in
// aeharding/gsl-parser's tests; see testdata/winds/SOURCES.md at the repository root.

func readAll(t *testing.T, name string) []*sounding.Sounding {
	t.Helper()
	f, err := os.Open(testdata.Path(t, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ss, err := ReadAll(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return ss
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

func utc(y int, mo time.Month, d, h int) time.Time { return time.Date(y, mo, d, h, 0, 0, 0, time.UTC) }

func TestDenverRAP(t *testing.T) {
	ss := readAll(t, "gsl_aeharding_op40_den_2021090301.txt")
	if len(ss) != 3 {
		t.Fatalf("%d soundings, want 3 (analysis, +1 h, +2 h)", len(ss))
	}
	for i, s := range ss {
		// "Op40        01     03      Sep    2021": valid 01, 02, 03 UTC from the 01 UTC run
		if !s.Time.Equal(utc(2021, 9, 3, 1+i)) || !s.Run.Equal(utc(2021, 9, 3, 1)) {
			t.Errorf("sounding %d: valid %v run %v", i, s.Time, s.Run)
		}
		if !s.Profile.Issued.Equal(s.Run) || !s.Profile.ValidFrom.Equal(s.Time) {
			t.Errorf("sounding %d: profile issued %v valid %v", i, s.Profile.Issued, s.Profile.ValidFrom)
		}
		// "      1  23062  72565  39.72 104.64   1655  99999": longitude positive west
		if s.Station != "DEN" || s.Number != "72565" || s.Lat != 39.72 || s.Lon != -104.64 || s.Elevation != 1655 || s.Kind != "Op40" {
			t.Errorf("sounding %d: %q %q %v %v %v %q", i, s.Station, s.Number, s.Lat, s.Lon, s.Elevation, s.Kind)
		}
		// 62 data lines, 3 below ground (all 99999)
		if len(s.Levels) != 59 || len(s.Profile.Layers()) != 59 {
			t.Errorf("sounding %d: %d levels %d winds", i, len(s.Levels), len(s.Profile.Layers()))
		}
		if _, err := atmos.New(s.Levels); err != nil {
			t.Error(err)
		}
	}
	a := ss[0]
	kt := units.Knot
	// type 9 (surface) "      9   8277   1724    250     76    327      3": 827.7 hPa, 1724 gpm, 25.0 °C, 327°, 3 kt
	if l := layerAt(t, a.Profile, 1724); l.FromDeg != 327 || math.Abs(l.Speed-3*kt) > 1e-12 || math.Abs(l.Temp-298.15) > 1e-9 {
		t.Errorf("surface %+v", l)
	}
	if a.Levels[0].P != 82770 || math.Abs(a.Levels[0].Alt-atmos.Geometric(1724)) > 1e-9 {
		t.Errorf("lowest level %+v", a.Levels[0])
	}
	// "      4   3000   9662   -300   -749    238     45": 300 hPa, -30.0 °C, 238°, 45 kt
	if l := layerAt(t, a.Profile, 9662); l.FromDeg != 238 || math.Abs(l.Speed-45*kt) > 1e-12 || math.Abs(l.Temp-243.15) > 1e-9 {
		t.Errorf("300 hPa %+v", l)
	}
	// top "      5    123  30198   -427   -981     97     25": 12.3 hPa
	if top := a.Levels[len(a.Levels)-1]; top.P != 1230 || math.Abs(top.Alt-atmos.Geometric(30198)) > 1e-9 {
		t.Errorf("top %+v", top)
	}
	// sounding.Nearest picks by valid time
	if s := sounding.Nearest(ss, utc(2021, 9, 3, 2).Add(20*time.Minute)); s != ss[1] {
		t.Errorf("nearest to 02:20 is valid %v", s.Time)
	}
	// Read returns the first and says there are more
	f, _ := os.Open(testdata.Path(t, "gsl_aeharding_op40_den_2021090301.txt"))
	defer f.Close()
	s, err := Read(f)
	if err != nil || !s.Time.Equal(utc(2021, 9, 3, 1)) || !strings.Contains(strings.Join(s.Profile.Notes, "\n"), "holds 3 soundings") {
		t.Errorf("Read: %v %v", err, s.Notes)
	}
}

func TestAustraliaGFS(t *testing.T) {
	ss := readAll(t, "gsl_aeharding_gfs_2022080112_australia.txt")
	if len(ss) != 8 {
		t.Fatalf("%d soundings, want 8", len(ss))
	}
	for i, s := range ss {
		if !s.Time.Equal(utc(2022, 8, 1, 12).Add(time.Duration(3*i)*time.Hour)) || !s.Run.Equal(utc(2022, 8, 1, 12)) {
			t.Errorf("sounding %d: valid %v run %v", i, s.Time, s.Run)
		}
		// "      1  23062  99999 -25.00-135.00  99999  99999": run together, east negative
		if s.Lat != -25 || s.Lon != 135 || s.Number != "" || !math.IsNaN(s.Elevation) || s.Station != "-24.776,134.755" {
			t.Errorf("sounding %d: %v %v %q %v %q", i, s.Lat, s.Lon, s.Number, s.Elevation, s.Station)
		}
	}
	a := ss[0]
	kt := units.Knot
	// "      4   2000  12287   -508   -703    238    101": 101 kt written plainly
	if l := layerAt(t, a.Profile, 12287); l.FromDeg != 238 || math.Abs(l.Speed-101*kt) > 1e-12 || math.Abs(l.Temp-(273.15-50.8)) > 1e-9 {
		t.Errorf("200 hPa %+v", l)
	}
	// "      4     10  47185    -52  99999    281    199": 1 hPa, 47185 gpm (47.54 km geometric), dew point missing
	l := layerAt(t, a.Profile, 47185)
	if l.FromDeg != 281 || math.Abs(l.Speed-199*kt) > 1e-12 || math.Abs(l.Temp-(273.15-5.2)) > 1e-9 || math.Abs(l.Alt-47537.86) > 0.01 {
		t.Errorf("1 hPa %+v", l)
	}
}

func TestBadReplies(t *testing.T) {
	for file, want := range map[string][]string{
		"gsl_aeharding_bad_outofdomain.txt": {"line 4:", "outside the model's domain"},
		"gsl_aeharding_bad_servererror.txt": {"line 1:", "HTML page", "Can't open text_soundings.log"},
	} {
		f, err := os.Open(testdata.Path(t, file))
		if err != nil {
			t.Fatal(err)
		}
		_, err = ReadAll(f)
		f.Close()
		if err == nil {
			t.Fatalf("%s: no error", file)
		}
		for _, w := range want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", file, err, w)
			}
		}
	}
}

const tmpl = `Op40 analysis valid for grid point 6.3 nm / 173 deg from DEN:
Op40        01     03      Sep    2021
   CAPE    100    CIN    -28  Helic  99999     PW  99999
      1  23062  72565  39.72 104.64   1655  99999
      2  99999  99999  99999     66  99999  99999
      3           DEN                   12     kt
      9   8277   1724    250     76    327      3
      4  10000  99999  99999  99999  99999  99999
      5   8253   1753    248     76    334      5
`

func TestMalformed(t *testing.T) {
	sfc := "      9   8277   1724    250     76    327      3"
	cases := []struct {
		name, old, new string
		want           []string
	}{
		{"letters", sfc, "      9   8277   17X4    250     76    327      3", []string{"line 7, column 18", "HEIGHT", `"17X4"`}},
		{"truncated", sfc, "      9   8277   1724    250     76    327", []string{"line 7", "6 fields"}},
		{"unknown type", sfc, "     11   8277   1724    250     76    327      3", []string{"line 7", "unknown line type 11"}},
		{"units", "12     kt", "12    mph", []string{"line 6", `"mph"`, "kt or ms"}},
		{"data before units", "      3           DEN                   12     kt\n" + sfc, sfc + "\n      3           DEN                   12     kt", []string{"line 6", "before the type-3 line"}},
		{"bad date", "Sep    2021", "Sxp    2021", []string{"line 2", "not a date"}},
		{"bad day", "01     03      Sep", "01     31      Sep", []string{"line 2", "not a date"}},
		{"garbage", "   CAPE", "hello world\n   CAPE", []string{"line 3", "not a GSL sounding line"}},
		{"direction 400", sfc, "      9   8277   1724    250     76    400      3", []string{"line 7", "direction 400"}},
		{"temperature", sfc, "      9   8277   1724   2500     76    327      3", []string{"line 7", "temperature 250.0"}},
		{"speed", sfc, "      9   8277   1724    250     76    327    900", []string{"line 7", "wind speed"}},
		{"pressure", sfc, "      9  18277   1724    250     76    327      3", []string{"line 7", "pressure 1827.7 hPa"}},
		{"no type 3", "      3           DEN                   12     kt\n", "", []string{"line 6", "before the type-3 line"}},
		{"bad type 1", "      1  23062  72565  39.72 104.64   1655  99999", "      1  23062  72565  north 104.64   1655  99999", []string{"line 4", "type-1 line"}},
		{"all missing", sfc + "\n", "      9  99999  99999  99999  99999  99999  99999\n", []string{"lines 1-8", "every value is missing"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(tmpl, c.old) {
				t.Fatalf("template lacks %q", c.old)
			}
			in := strings.Replace(tmpl, c.old, c.new, 1)
			if c.name == "all missing" {
				in = strings.Replace(in, "      5   8253   1753    248     76    334      5\n", "", 1)
			}
			_, err := ReadAll(strings.NewReader(in))
			if err == nil {
				t.Fatalf("no error for\n%s", in)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
	ss, err := ReadAll(strings.NewReader(tmpl))
	if err != nil || len(ss) != 1 {
		t.Fatalf("the unmodified template: %v", err)
	}
	// m/s units
	ss, err = ReadAll(strings.NewReader(strings.Replace(tmpl, "12     kt", "12     ms", 1)))
	if err != nil || ss[0].Profile.Layers()[0].Speed != 3 {
		t.Errorf("ms units: %v", err)
	}
}

// TestRAOB reads the 254 form of the header (RAOB data from the GSL archive) with the
// extra columns HHMM, bearing and range.
func TestRAOB(t *testing.T) {
	in := `    254     12      1    AUG    2022
      1  23062  72469  39.77 104.87   1611  99999
      2  99999  99999  99999     66  99999  99999
      3           DNR                   12     kt
      9   8310   1611    204     83    190      7   1100  99999  99999
      4   7000   3133     80    -20    230     15   1105    230      2
`
	ss, err := ReadAll(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	s := ss[0]
	if s.Kind != "radiosonde" || s.Station != "DNR" || !s.Time.Equal(utc(2022, 8, 1, 12)) || !s.Run.IsZero() || !s.Profile.Issued.Equal(s.Time) {
		t.Errorf("%q %q %v %v", s.Kind, s.Station, s.Time, s.Run)
	}
	if len(s.Profile.Layers()) != 2 {
		t.Errorf("%d layers", len(s.Profile.Layers()))
	}
}
