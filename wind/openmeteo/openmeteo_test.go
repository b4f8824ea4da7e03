package openmeteo

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"halo/internal/testdata"
	"halo/units"
	"halo/wind/windfile"
)

func utc(s string) time.Time {
	t, err := time.Parse("2006-01-02T15:04", s)
	if err != nil {
		panic(err)
	}
	return t
}

// The recorded responses (frenck/python-open-meteo fixtures): keys with and
// without a model suffix, km/h speeds, a level a model lacks ("undefined", null).
func TestParseRecorded(t *testing.T) {
	tests := []struct {
		file   string
		models []string
		key    key
		i      int
		want   float64 // SI
	}{
		// 21.2 km/h = 5.889 m/s
		{"openmeteo_forecast_pressure_levels.json", []string{""}, key{"wind_speed", 850, ""}, 0, 21.2 / 3.6},
		// -14.7 °C
		{"openmeteo_forecast_pressure_levels.json", []string{""}, key{"temperature", 500, ""}, 1, -14.7 + 273.15},
		{"openmeteo_forecast_pressure_levels_models.json", []string{"gfs_seamless", "icon_seamless"}, key{"wind_speed", 500, "gfs_seamless"}, 1, 58.0 / 3.6},
		{"openmeteo_forecast_pressure_levels_models.json", []string{"gfs_seamless", "icon_seamless"}, key{"wind_speed", 500, "icon_seamless"}, 0, 42.6 / 3.6},
		// the UKMO ensemble has no 850 hPa: unit "undefined", values null
		{"openmeteo_ensemble_models_pressure_levels.json", nil, key{"temperature", 850, "ukmo_global_ensemble_20km"}, 0, math.NaN()},
		{"openmeteo_ensemble_models_pressure_levels.json", nil, key{"temperature", 850, "member02_cmc_gem_geps"}, 0, 6.5 + 273.15},
	}
	for _, tc := range tests {
		r, err := Parse(testdata.Read(t, tc.file))
		if err != nil {
			t.Fatalf("%s: %v", tc.file, err)
		}
		if tc.models != nil && strings.Join(r.Models, ",") != strings.Join(tc.models, ",") {
			t.Errorf("%s: models %q, want %q", tc.file, r.Models, tc.models)
		}
		got := r.value(tc.key, tc.i)
		if math.IsNaN(tc.want) != math.IsNaN(got) || (!math.IsNaN(got) && math.Abs(got-tc.want) > 1e-9) {
			t.Errorf("%s %v[%d] = %v, want %v", tc.file, tc.key, tc.i, got, tc.want)
		}
	}
}

// The recorded responses have speeds but no direction or height: no profile, and
// the error says which variables are needed.
func TestRecordedWithoutDirectionIsAnError(t *testing.T) {
	r, err := Parse(testdata.Read(t, "openmeteo_forecast_pressure_levels_models.json"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.Profile(Options{Model: "gfs_seamless", At: utc("2026-10-03T11:00")})
	if err == nil || !strings.Contains(err.Error(), "wind_direction and geopotential_height") {
		t.Fatalf("got %v, want an error naming the missing variables", err)
	}
	if _, err := r.Profile(Options{Model: "", At: utc("2026-10-03T11:00")}); err == nil || !strings.Contains(err.Error(), "gfs_seamless, icon_seamless") {
		t.Errorf("asking for a model the response lacks: %v", err)
	}
}

// The same numbers as the GSL GFS analysis (the derived fixture copies its rows at
// Open-Meteo's levels, speeds in knots) give the same layers as the GSL reader.
func TestSameProfileAsGSLReader(t *testing.T) {
	r, err := Parse(testdata.Read(t, "openmeteo_derived_gsl_gfs_2022080112.json"))
	if err != nil {
		t.Fatal(err)
	}
	run := utc("2022-08-01T12:00")
	s, err := r.Profile(Options{Name: "gfs_seamless", At: run.Add(20 * time.Minute), Run: run})
	if err != nil {
		t.Fatal(err)
	}
	name := "gsl_aeharding_gfs_2022080112_australia.txt"
	g, err := windfile.Decode(name, testdata.Read(t, name), "", run)
	if err != nil {
		t.Fatal(err)
	}
	ref := map[float64][4]float64{}
	for _, l := range g.Profile.Layers() {
		ref[l.Alt] = [4]float64{l.FromDeg, l.Speed, l.Temp}
	}
	ls := s.Profile.Layers()
	if len(ls) != len(Levels()) {
		t.Fatalf("%d layers, want one per level (%d)", len(ls), len(Levels()))
	}
	for _, l := range ls {
		w, ok := ref[l.Alt]
		if !ok {
			t.Errorf("layer at %.3f m: no GSL layer at that altitude", l.Alt)
			continue
		}
		if math.Abs(w[0]-l.FromDeg) > 1e-9 || math.Abs(w[1]-l.Speed) > 1e-9 || math.Abs(w[2]-l.Temp) > 1e-9 {
			t.Errorf("layer at %.0f m: %v° %v m/s %v K, GSL %v° %v m/s %v K", l.Alt, l.FromDeg, l.Speed, l.Temp, w[0], w[1], w[2])
		}
	}
	// 300 hPa: 9,549 gpm, 253° 69 kt (the GSL file's row)
	u, v := s.Profile.At(9549 * 6356766 / (6356766 - 9549.0))
	if sp := math.Hypot(u, v); math.Abs(sp-69*units.Knot) > 1e-9 {
		t.Errorf("speed at 300 hPa %v m/s, want 69 kt", sp)
	}
	p := s.Profile
	// 3-hourly values: each stands for 1.5 h either side (the first, too)
	if !p.Issued.Equal(run) || !p.ValidFrom.Equal(run.Add(-90*time.Minute)) || !p.ValidTo.Equal(run.Add(90*time.Minute)) {
		t.Errorf("issued %v valid %v..%v", p.Issued, p.ValidFrom, p.ValidTo)
	}
	if !strings.Contains(p.Source, "gfs_seamless") || !strings.Contains(p.Source, "run 2022-08-01 12Z") {
		t.Errorf("source %q names neither model nor run", p.Source)
	}
}

func TestNearestHourAndMissingLevel(t *testing.T) {
	r, err := Parse(testdata.Read(t, "openmeteo_derived_gsl_models_2022080112.json"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(r.Models, ",") != "gfs_seamless,icon_seamless" {
		t.Fatalf("models %q", r.Models)
	}
	s, err := r.Profile(Options{Model: "icon_seamless", At: utc("2022-08-01T14:00")})
	if err != nil {
		t.Fatal(err)
	}
	if !s.Time.Equal(utc("2022-08-01T15:00")) {
		t.Errorf("14:00 picked %v, want the nearest hour 15:00", s.Time)
	}
	if n := len(s.Profile.Layers()); n != len(Levels())-1 {
		t.Errorf("%d layers, want all but 100 hPa", n)
	}
	if !strings.Contains(strings.Join(s.Notes, "\n"), "lacks the wind or height at 100 hPa") {
		t.Errorf("notes %q do not say 100 hPa is missing", s.Notes)
	}
	if !s.Profile.Issued.IsZero() || !s.Profile.ValidFrom.IsZero() {
		t.Errorf("no run given, yet issued %v valid from %v", s.Profile.Issued, s.Profile.ValidFrom)
	}
	if _, err := r.Profile(Options{Model: "gfs_seamless", At: utc("2022-08-01T17:00")}); err == nil || !strings.Contains(err.Error(), "outside the response's times") {
		t.Errorf("2 h past the last time: %v", err)
	}
}

func TestParseErrors(t *testing.T) {
	good := string(testdata.Read(t, "openmeteo_forecast_pressure_levels.json"))
	tests := []struct{ name, in, want string }{
		{"api error", `{"error":true,"reason":"Cannot initialize WeatherVariable from invalid String value wind_speed_1hPa for key hourly"}`, "refused the request: Cannot initialize"},
		{"truncated", good[:len(good)/2], "truncated"},
		{"html", "<html><body>502 Bad Gateway</body></html>", "not an Open-Meteo JSON"},
		{"sections only", string(testdata.Read(t, "openmeteo_forecast_pressure_level_sections.json")), "no hourly block"},
		{"unit", strings.Replace(good, `"wind_speed_850hPa": "km/h"`, `"wind_speed_850hPa": "furlong"`, 1), `unit "furlong"`},
		{"length", strings.Replace(good, `[21.2, 20.4]`, `[21.2]`, 1), "1 values for 2 times"},
		{"time", strings.Replace(good, `"2026-10-03T12:00"]`, `"yesterday"]`, 1), "not an ISO 8601 time"},
		{"order", strings.Replace(good, `"2026-10-03T12:00"]`, `"2026-10-03T10:00"]`, 1), "times must increase"},
	}
	for _, tc := range tests {
		_, err := Parse([]byte(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
	}
	var ae *APIError
	if _, err := Parse([]byte(tests[0].in)); !errors.As(err, &ae) {
		t.Errorf("the API's error object is %T, want *APIError", err)
	}
}

func TestOutOfRangeNamesTheKey(t *testing.T) {
	good := string(testdata.Read(t, "openmeteo_derived_gsl_gfs_2022080112.json"))
	bad := strings.Replace(good, `"wind_direction_500hPa": [`+"\n   263", `"wind_direction_500hPa": [`+"\n   463", 1)
	if bad == good {
		t.Fatal("fixture changed: no 500 hPa direction 263")
	}
	r, err := Parse([]byte(bad))
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.Profile(Options{At: utc("2022-08-01T12:00")})
	if err == nil || !strings.Contains(err.Error(), "wind_direction_500hPa") {
		t.Errorf("got %v, want an error naming wind_direction_500hPa", err)
	}
}

func TestLookupModelAndQuery(t *testing.T) {
	m, err := LookupModel("GFS")
	if err != nil || m.API != "gfs_seamless" {
		t.Fatalf("gfs: %v %v", m, err)
	}
	if _, err := LookupModel("nam"); err == nil || !strings.Contains(err.Error(), "gfs, icon, ecmwf, best") {
		t.Errorf("nam: %v", err)
	}
	q := Query(39.5, -104.75, m, utc("2026-12-02T23:30"))
	if q.Get("start_date") != "2026-12-01" || q.Get("end_date") != "2026-12-03" || q.Get("models") != "gfs_seamless" || q.Get("wind_speed_unit") != "ms" {
		t.Errorf("query %v", q)
	}
	if h := q.Get("hourly"); !strings.Contains(h, "geopotential_height_100hPa") || !strings.Contains(h, "wind_direction_1000hPa") {
		t.Errorf("hourly %q lacks levels", h)
	}
}

// Levels under the grid point's ground are the model's underground extrapolation:
// dropped, with a note.
func TestLevelsBelowGround(t *testing.T) {
	data := strings.Replace(string(testdata.Read(t, "openmeteo_derived_gsl_gfs_2022080112.json")), `"elevation": 60.0`, `"elevation": 400.0`, 1)
	r, err := Parse([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	s, err := r.Profile(Options{At: utc("2022-08-01T12:00")})
	if err != nil {
		t.Fatal(err)
	}
	// 12Z: 1000 hPa at 150 m and 975 hPa at 366 m are under 400 m
	if n, b := len(s.Profile.Layers()), s.Profile.Bottom(); n != 14 || b < 400 {
		t.Errorf("%d layers from %.0f m, want 14 from 950 hPa (588 m)", n, b)
	}
	if !strings.Contains(strings.Join(s.Notes, "\n"), "1000, 975 hPa below the grid point's ground (400 m)") {
		t.Errorf("notes %q", s.Notes)
	}
}
