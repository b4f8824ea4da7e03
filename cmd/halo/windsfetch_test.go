package main

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"halo/internal/testdata"
	"halo/wind/windfile"
)

// omServer is a local Open-Meteo: the metadata gives run 12Z 1 Aug 2022; the GFS
// forecast is the derived copy of the GSL GFS sounding, ICON the two-model file
// (suffixed keys, 100 hPa missing). reply, when set, overrides every forecast.
type omServer struct {
	*httptest.Server
	forecasts atomic.Int32
	reply     func(w http.ResponseWriter) bool
}

func newOMServer(t *testing.T) *omServer {
	t.Helper()
	gfs := testdata.Read(t, "openmeteo_derived_gsl_gfs_2022080112.json")
	two := testdata.Read(t, "openmeteo_derived_gsl_models_2022080112.json")
	run := time.Date(2022, 8, 1, 12, 0, 0, 0, time.UTC).Unix()
	s := &omServer{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasSuffix(r.URL.Path, "/static/meta.json"):
			fmt.Fprintf(w, `{"last_run_initialisation_time": %d}`, run)
		case r.URL.Path == "/v1/forecast":
			s.forecasts.Add(1)
			if s.reply != nil && s.reply(w) {
				return
			}
			switch r.URL.Query().Get("models") {
			case "gfs_seamless":
				w.Write(gfs)
			case "icon_seamless":
				w.Write(two)
			default:
				w.WriteHeader(http.StatusBadRequest)
				w.Write([]byte(`{"error":true,"reason":"Model not available here"}`))
			}
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

// `halo winds fetch --out` writes a CSV the file readers read back to the layers
// the GSL reader gives for the same numbers.
func TestWindsFetchMatchesFileReader(t *testing.T) {
	s := newOMServer(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "winds.csv")
	text, err := run(t, "winds", "fetch", "--lat", "-25", "--lon", "135", "--time", "2022-08-01T12:00:00Z", "--model", "gfs",
		"--out", out, "--base-url", s.URL, "--cache-dir", dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Open-Meteo gfs_seamless valid 2022-08-01 12Z run 2022-08-01 12Z", "issued 2022-08-01T12:00:00Z"} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := windfile.Read(out, data, "", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	name := "gsl_aeharding_gfs_2022080112_australia.txt"
	ref := time.Date(2022, 8, 1, 12, 0, 0, 0, time.UTC)
	want, _, err := windfile.Read(name, testdata.Read(t, name), "", ref)
	if err != nil {
		t.Fatal(err)
	}
	wl := map[float64][3]float64{}
	for _, l := range want.Layers() {
		wl[l.Alt] = [3]float64{l.FromDeg, l.Speed, l.Temp}
	}
	ls := got.Layers()
	if len(ls) != 16 {
		t.Fatalf("%d layers read back, want 16", len(ls))
	}
	for _, l := range ls {
		w, ok := wl[l.Alt]
		if !ok || math.Abs(w[0]-l.FromDeg) > 1e-9 || math.Abs(w[1]-l.Speed) > 1e-9 || math.Abs(w[2]-l.Temp) > 1e-9 {
			t.Errorf("layer %.1f m: %v° %v m/s %v K; GSL reader %v (found %v)", l.Alt, l.FromDeg, l.Speed, l.Temp, w, ok)
		}
	}
}

func TestWindsFetchCacheOfflineAndErrors(t *testing.T) {
	s := newOMServer(t)
	dir := t.TempDir()
	args := []string{"winds", "fetch", "--lat", "-25", "--lon", "135", "--time", "2022-08-01T15:00:00Z", "--base-url", s.URL, "--cache-dir", dir}
	if _, err := run(t, append(args, "--offline")...); err == nil || !strings.Contains(err.Error(), "offline: no cached gfs forecast") {
		t.Fatalf("offline, empty cache: %v", err)
	}
	if _, err := run(t, args...); err != nil {
		t.Fatal(err)
	}
	text, err := run(t, append(args, "--offline")...)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "offline: cached forecast fetched") || !strings.Contains(text, "model run 2022-08-01 12Z") {
		t.Errorf("offline output does not say how old the cache is:\n%s", text)
	}
	if n := s.forecasts.Load(); n != 1 {
		t.Errorf("%d forecast requests, want 1 (offline asks nothing)", n)
	}
	_, err = run(t, "winds", "fetch", "--lat", "-25", "--lon", "135", "--time", "2022-08-01T15:00:00Z", "--model", "ecmwf", "--base-url", s.URL, "--cache-dir", dir)
	if err == nil || !strings.Contains(err.Error(), "HTTP 400 Bad Request: Model not available here") {
		t.Errorf("API error: %v", err)
	}
	if _, err := run(t, "winds", "fetch", "--lat", "95", "--lon", "135"); err == nil || !strings.Contains(err.Error(), "--lat") {
		t.Errorf("latitude 95: %v", err)
	}
}

// Two models: the comparison table by altitude with the 15°/5 kt rule.
func TestWindsFetchModelsCompared(t *testing.T) {
	s := newOMServer(t)
	text, err := run(t, "winds", "fetch", "--lat", "-25", "--lon", "135", "--time", "2022-08-01T12:00:00Z", "--model", "gfs,icon",
		"--base-url", s.URL, "--cache-dir", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"A: Open-Meteo gfs_seamless", "B: Open-Meteo icon_seamless", "DISAGREE", "levels disagree", "lacks the wind or height at 100 hPa"} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q:\n%s", want, text)
		}
	}
}

// A mission with winds.fetch plans end to end against the local server; the
// plan names the model and run and judges the run's age.
func TestPlanFetchesWinds(t *testing.T) {
	s := newOMServer(t)
	dir := t.TempDir()
	mission := filepath.Join("testdata", "fetch_mission.yaml")
	text, err := run(t, "plan", mission, "--odds", "0", "--base-url", s.URL, "--cache-dir", dir)
	if err != nil && !strings.Contains(err.Error(), "exit 2") {
		t.Fatal(err)
	}
	for _, want := range []string{"winds: Open-Meteo gfs_seamless valid 2022-08-02 03Z run 2022-08-01 12Z", "15.0 h at the jump (Open-Meteo gfs_seamless"} {
		if !strings.Contains(text, want) {
			t.Errorf("plan lacks %q:\n%s", want, text)
		}
	}
	// later in the day, offline: the cached 12Z run is 18 h old at the jump, over
	// the mission's 16 h: NO-GO
	late := filepath.Join(t.TempDir(), "late.yaml")
	m, _ := os.ReadFile(mission)
	os.WriteFile(late, []byte(strings.Replace(string(m), "2022-08-02T02:30:00Z", "2022-08-02T05:30:00Z", 1)), 0o644)
	text, err = run(t, "plan", late, "--odds", "0", "--offline", "--cache-dir", dir)
	if err == nil || !strings.Contains(err.Error(), "exit 2") {
		t.Fatalf("an 18-h-old cached run: %v\n%s", err, text)
	}
	if !strings.Contains(text, "winds age") || !strings.Contains(text, "18.0 h at the jump") || !strings.Contains(text, "offline: cached forecast fetched") {
		t.Errorf("the NO-GO does not say the winds are 18 h old from the cache:\n%s", text)
	}
}

// --times: one row per slot.
func TestPlanTimes(t *testing.T) {
	s := newOMServer(t)
	text, err := run(t, "plan", filepath.Join("testdata", "fetch_mission.yaml"), "--times", "01:00..04:00/1h", "--odds", "100",
		"--base-url", s.URL, "--cache-dir", t.TempDir())
	if err != nil && !strings.Contains(err.Error(), "exit 2") {
		t.Fatal(err)
	}
	var rows []string
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, "2022-08-02 ") {
			rows = append(rows, l)
		}
	}
	if len(rows) != 4 {
		t.Fatalf("%d rows, want 4 (01:00 to 04:00):\n%s", len(rows), text)
	}
	for i, want := range []string{"01:00", "02:00", "03:00", "04:00"} {
		if !strings.HasPrefix(rows[i], "2022-08-02 "+want) || !strings.Contains(rows[i], "%") {
			t.Errorf("row %d %q: want exit %s with odds", i, rows[i], want)
		}
	}
	if !strings.Contains(text, "valid 2022-08-02 00Z") || !strings.Contains(text, "valid 2022-08-02 03Z") {
		t.Errorf("the slots do not take the forecast hour nearest them:\n%s", text)
	}
}

func TestParseTimes(t *testing.T) {
	day := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	ts, err := parseTimes("13:00..17:00/30m", day)
	if err != nil || len(ts) != 9 || ts[8].Hour() != 17 {
		t.Fatalf("%v %v", ts, err)
	}
	for _, bad := range []string{"13..17", "17:00..13:00/30m", "13:00..17:00/0s", "25:00..26:00/1h", "00:00..23:59/1m"} {
		if _, err := parseTimes(bad, day); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// Two fetched models: the plan flies the first, grades the winds by their
// disagreement and feeds their spread to the odds, and says so.
func TestPlanTwoModels(t *testing.T) {
	s := newOMServer(t)
	file := twoModelMission(t)
	text, err := run(t, "plan", file, "--odds", "200", "--base-url", s.URL, "--cache-dir", t.TempDir())
	if err != nil && !strings.Contains(err.Error(), "exit 2") {
		t.Fatal(err)
	}
	for _, want := range []string{"winds: Open-Meteo gfs_seamless", "winds trust: disagreeing (2 models disagree", "odds: the wind uncertainty is the spread between the forecast models"} {
		if !strings.Contains(text, want) {
			t.Errorf("plan lacks %q:\n%s", want, text)
		}
	}
}

func fbServer(t *testing.T) *httptest.Server {
	t.Helper()
	text := testdata.Read(t, "fb_ww_fbus31_kwno_310158.txt")
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/data/windtemp" || r.URL.Query().Get("region") != "us" {
			http.NotFound(w, r)
			return
		}
		w.Write(text)
	}))
	t.Cleanup(s.Close)
	return s
}

// `halo winds fetch --source fb` and a mission with winds.fetch {source: nws-fb}.
func TestFetchFB(t *testing.T) {
	s := fbServer(t)
	dir := t.TempDir()
	text, err := run(t, "winds", "fetch", "--source", "fb", "--station", "DEN", "--awc-url", s.URL, "--cache-dir", dir)
	if err != nil {
		t.Fatal(err)
	}
	// (the bulletin's month comes from the clock: the dates are not asserted)
	if !strings.Contains(text, "DEN from FB us 06h bulletin (aviationweather.gov)") || !strings.Contains(text, "fetched ") {
		t.Errorf("output:\n%s", text)
	}
	if _, err := run(t, "winds", "fetch", "--source", "fb", "--awc-url", s.URL, "--cache-dir", dir); err == nil || !strings.Contains(err.Error(), "--station") {
		t.Errorf("no station: %v", err)
	}
	m, err := os.ReadFile(filepath.Join("testdata", "fetch_mission.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	den := strings.Replace(string(m), "fetch: {source: open-meteo, model: gfs}", "fetch: {source: nws-fb, station: DEN}\n  surface: {from: 180 deg, speed: 8 kt}", 1)
	den = strings.Replace(den, "{lat: -25.0, lon: 135.0, elevation: 160 m, radius: 50 m}", "{lat: 39.86, lon: -104.67, elevation: 5400 ft, radius: 50 m}", 1)
	den = strings.Replace(den, "2022-08-02T02:30:00Z", "2026-01-31T05:30:00Z", 1)
	file := filepath.Join(t.TempDir(), "den.yaml")
	os.WriteFile(file, []byte(den), 0o644)
	text, err = run(t, "plan", file, "--odds", "0", "--offline", "--cache-dir", dir)
	if err != nil && !strings.Contains(err.Error(), "exit 2") {
		t.Fatal(err)
	}
	if !strings.Contains(text, "winds: FB FBUS31 KWNO 310158 FD1US1 DEN") || !strings.Contains(text, "offline: cached bulletin fetched") {
		t.Errorf("plan:\n%s", text)
	}
}

// --model all: the models the server refuses are skipped, said in the notes; the
// JSON carries the profiles and the comparison.
func TestWindsFetchAllJSON(t *testing.T) {
	s := newOMServer(t)
	text, err := run(t, "winds", "fetch", "--lat", "-25", "--lon", "135", "--time", "2022-08-01T12:00:00Z", "--model", "all", "--json",
		"--base-url", s.URL, "--cache-dir", t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		Profiles []struct {
			Source string   `json:"source"`
			Issued string   `json:"issued"`
			Notes  []string `json:"notes"`
		} `json:"profiles"`
		Comparison [][]map[string]any `json:"comparison"`
	}
	if err := json.Unmarshal([]byte(text), &v); err != nil {
		t.Fatal(err)
	}
	if len(v.Profiles) != 2 || len(v.Comparison) != 1 || len(v.Comparison[0]) == 0 {
		t.Fatalf("%d profiles, %d comparisons:\n%s", len(v.Profiles), len(v.Comparison), text)
	}
	if v.Profiles[0].Issued != "2022-08-01T12:00:00Z" || !strings.Contains(strings.Join(v.Profiles[0].Notes, " "), "model ecmwf skipped") {
		t.Errorf("first profile: %+v", v.Profiles[0])
	}
}

// halo mc of a two-model mission draws the wind errors from the models' spread.
func TestMCTwoModels(t *testing.T) {
	s := newOMServer(t)
	t.Setenv("HALO_OPENMETEO_URL", s.URL)
	t.Setenv(EnvCacheDir, t.TempDir())
	file := twoModelMission(t)
	text, err := run(t, "mc", file, "-n", "100", "--quiet")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "(models; spread between 2 models") {
		t.Errorf("the distributions do not come from the models:\n%s", text)
	}
}

// twoModelMission writes the fetching test mission asking for two models (GFS
// and ICON) at a time the recorded two-model reply holds (12Z and 15Z on 1 Aug
// only) and returns its path.
func twoModelMission(t *testing.T) string {
	t.Helper()
	m, err := os.ReadFile(filepath.Join("testdata", "fetch_mission.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	two := strings.Replace(string(m), "fetch: {source: open-meteo, model: gfs}", "fetch: {source: open-meteo, models: [gfs, icon]}", 1)
	two = strings.Replace(two, "2022-08-02T02:30:00Z", "2022-08-01T12:30:00Z", 1)
	file := filepath.Join(t.TempDir(), "two.yaml")
	if err := os.WriteFile(file, []byte(two), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}
