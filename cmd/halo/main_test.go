package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"halo/internal/testdata"
	"halo/version"
)

var update = flag.Bool("update", false, "rewrite golden files")

// checkGolden compares out with testdata/name (rewritten with -update).
func checkGolden(t *testing.T, name, out string) {
	t.Helper()
	checkGoldenAt(t, filepath.Join("testdata", name), out)
}

// checkGoldenAt compares out with the golden file at path (rewritten with
// -update: read the diff before committing it).
func checkGoldenAt(t *testing.T, golden, out string) {
	t.Helper()
	if *update {
		os.WriteFile(golden, []byte(out), 0o644)
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if out != string(want) {
		t.Errorf("output differs from %s (run go test ./cmd/halo -update to accept):\n%s", golden, out)
	}
}

// run executes the CLI in-process and returns its output and error.
func run(t *testing.T, args ...string) (string, error) {
	t.Helper()
	root := newRoot()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetArgs(args)
	err := root.Execute()
	return out.String(), err
}

var solvedIn = regexp.MustCompile(`\(solved in \d+ ms\)\n`)

// The briefing of the default mission is a golden file (the solve time stripped).
func TestPlanTextGolden(t *testing.T) {
	out, err := run(t, "plan")
	if err != nil {
		t.Fatalf("plan: %v", err)
	}
	out = solvedIn.ReplaceAllString(out, "")
	out = strings.Replace(out, "   "+version.Get().String()+"\n", "   halo VERSION\n", 1) // the build that runs the test
	checkGolden(t, "plan_fallout.golden", out)
	for _, w := range []string{"RELEASE POINT", "JUMP RUN", "GREEN LIGHT", "STICK", "TIMELINE", "CHECKS", "VERDICT: GO", "ASSUMPTIONS AND DEFAULTS"} {
		if !strings.Contains(out, w) {
			t.Errorf("briefing lacks %q", w)
		}
	}
}

func TestPlanJSONFields(t *testing.T) {
	out, err := run(t, "plan", "--format", "json")
	if err != nil {
		t.Fatal(err)
	}
	var p map[string]any
	if err := json.Unmarshal([]byte(out), &p); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"release_point", "jump_run", "green_light", "jumpers", "checks", "verdict"} {
		if _, ok := p[k]; !ok {
			t.Errorf("plan JSON lacks %q", k)
		}
	}
	rp := p["release_point"].(map[string]any)
	for _, k := range []string{"lat", "lon"} {
		if _, ok := rp[k]; !ok {
			t.Errorf("release_point lacks %q", k)
		}
	}
	jr := p["jump_run"].(map[string]any)
	for _, k := range []string{"heading_deg", "ground_speed_mps"} {
		if _, ok := jr[k]; !ok {
			t.Errorf("jump_run lacks %q", k)
		}
	}
	gl := p["green_light"].(map[string]any)
	for _, k := range []string{"start_m", "end_m", "duration_s"} {
		if _, ok := gl[k]; !ok {
			t.Errorf("green_light lacks %q", k)
		}
	}
	for _, j := range p["jumpers"].([]any) {
		jm := j.(map[string]any)
		for _, k := range []string{"name", "exit_offset_s", "freefall_s", "open_alt_agl_m", "landing_error_m"} {
			if _, ok := jm[k]; !ok {
				t.Errorf("jumper lacks %q", k)
			}
		}
	}
	for _, c := range p["checks"].([]any) {
		cm := c.(map[string]any)
		for _, k := range []string{"name", "status", "value", "limit", "source"} {
			if _, ok := cm[k]; !ok {
				t.Errorf("check %v lacks %q", cm["name"], k)
			}
		}
	}
	if p["verdict"] != "GO" {
		t.Errorf("verdict %v", p["verdict"])
	}
}

// halo sim --json: a free fall near two minutes from 25,000 ft to 2,000 ft AGL.
func TestSimJSON(t *testing.T) {
	out, err := run(t, "sim", "--json", "--jumper", "talent")
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Jumpers []map[string]any `json:"jumpers"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Jumpers) != 1 {
		t.Fatalf("%d jumpers", len(rep.Jumpers))
	}
	j := rep.Jumpers[0]
	for _, k := range []string{"name", "freefall_s", "max_speed_mps", "max_speed_alt_m", "max_speed_t_s", "max_mach", "deploy_alt_m", "landing_lat", "landing_lon", "landing_t_s", "aad_fire", "events"} {
		if _, ok := j[k]; !ok {
			t.Errorf("sim JSON lacks %q", k)
		}
	}
	if ff := j["freefall_s"].(float64); ff < 100 || ff > 130 {
		t.Errorf("free fall %.1f s, want near two minutes", ff)
	}
}

func TestSimFormats(t *testing.T) {
	for _, c := range []struct{ flag, want string }{
		{"--csv", "jumper,t_s,lat,lon,alt_msl_m,alt_agl_m"},
		{"--geojson", `"FeatureCollection"`},
		{"--kml", "<kml"},
	} {
		out, err := run(t, "sim", c.flag, "-")
		if err != nil {
			t.Fatalf("%s: %v", c.flag, err)
		}
		if !strings.Contains(out, c.want) {
			t.Errorf("%s output lacks %q", c.flag, c.want)
		}
	}
	if _, err := run(t, "sim", "--csv", "-", "--kml", "-"); err == nil {
		t.Error("two outputs on standard output accepted")
	}
}

// halo atmos --json rows carry the documented fields and match the 1976 table
// at 11 km ([USSA76] Table I: 216.774 K, 22700.0 Pa, 0.364802 kg/m³).
func TestAtmosJSON(t *testing.T) {
	out, err := run(t, "atmos", "--from", "0 m", "--to", "86 km", "--step", "1 km", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]float64
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 87 {
		t.Fatalf("%d rows, want 87", len(rows))
	}
	r := rows[11]
	for k, want := range map[string]float64{"alt_m": 11000, "T_K": 216.774, "p_Pa": 22700.0, "rho_kgm3": 0.364802} {
		if d := r[k] - want; d > want*2e-5 || d < -want*2e-5 {
			t.Errorf("11 km %s = %v, want %v", k, r[k], want)
		}
	}
	if _, ok := r["mu_Pas"]; !ok {
		t.Error("no mu_Pas")
	}
	if _, err := run(t, "atmos", "--step", "1000"); err == nil || !strings.Contains(err.Error(), "unit") {
		t.Errorf("a bare step number: %v", err)
	}
}

func TestMissionShowAndCheck(t *testing.T) {
	out, err := run(t, "mission", "show", "fallout")
	if err != nil || !strings.Contains(out, "name: fallout") {
		t.Fatalf("mission show: %v\n%s", err, out)
	}
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("name: x\ntarget: {lat: 95, lon: 54, elevation: 60}\naircraft:\n  altitude: 25000\njumpers:\n  - {name: a, mass: 12 kg, open_at: 2000 ft}\n"), 0o644)
	_, err = run(t, "mission", "check", bad)
	if err == nil {
		t.Fatal("bad mission accepted")
	}
	for _, w := range []string{"bad.yaml:2: target.lat", "bad.yaml:2: target.elevation", "bad.yaml:4: aircraft.altitude", "bad.yaml:6: jumpers[0].mass: 12 kg is below 40 kg"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q:\n%v", w, err)
		}
	}
}

func TestPlanNoGoExitCode(t *testing.T) {
	b := strings.Replace(mustRead(t, "fallout"), "open_at: 2500 ft ", "open_at: 700 ft ", 1)
	f := filepath.Join(t.TempDir(), "low.yaml")
	os.WriteFile(f, []byte(b), 0o644)
	out, err := run(t, "plan", f)
	ee, ok := err.(exitError)
	if !ok || ee.code != 2 {
		t.Fatalf("NO-GO plan: err %v", err)
	}
	if !strings.Contains(out, "VERDICT: NO-GO") || !strings.Contains(out, "talent: opening altitude") {
		t.Errorf("NO-GO briefing:\n%s", out)
	}
}

func mustRead(t *testing.T, name string) string {
	out, err := run(t, "mission", "show", name)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestPhysioJSON(t *testing.T) {
	out, err := run(t, "physio", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var r map[string]any
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"tr360_peak", "dcs_risk", "tuc_s", "bottle_margin_s", "prebreathe_table"} {
		if _, ok := r[k]; !ok {
			t.Errorf("physio JSON lacks %q", k)
		}
	}
	rows := r["prebreathe_table"].([]any)
	prev := 2.0
	for _, row := range rows {
		m := row.(map[string]any)
		risk := m["dcs_risk"].(float64)
		if risk > prev+1e-12 {
			t.Errorf("risk rises with more prebreathe: %v", rows)
		}
		prev = risk
	}
}

// plan --export writes the planned jump for other tools, and --format html is one
// self-contained page with the map and plots.
func TestPlanExportsAndHTML(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct{ kind, want string }{
		{"kml", "<kml"}, {"geojson", `"FeatureCollection"`}, {"flysight2", "$FLYS,1"},
	} {
		f := filepath.Join(dir, "plan."+c.kind)
		if c.kind == "flysight2" { // one file per jumper (TestPlanExportFlySightFiles)
			f = filepath.Join(dir, "plan-{jumper}.CSV")
		}
		if _, err := run(t, "plan", "--export", c.kind, "--export-file", f, "--format", "json"); err != nil {
			t.Fatalf("--export %s: %v", c.kind, err)
		}
		b, err := os.ReadFile(strings.ReplaceAll(f, "{jumper}", "talent"))
		if err != nil || !strings.Contains(string(b), c.want) {
			t.Errorf("--export %s: %v, file lacks %q", c.kind, err, c.want)
		}
		if c.kind == "flysight2" && !strings.Contains(string(b), "$GNSS,2026-11-25T10:51:") {
			t.Errorf("FlySight 2 export lacks the planned clock times")
		}
	}
	out, err := run(t, "plan", "--format", "html")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"<svg", "polyline", `id="verdict"`, "Checks", "green light"} {
		if !strings.Contains(out, w) {
			t.Errorf("HTML plan lacks %q", w)
		}
	}
	if rest := strings.ReplaceAll(out, "http://www.w3.org/2000/svg", ""); strings.Contains(rest, "http://") || strings.Contains(rest, "https://") {
		t.Error("the HTML plan refers to the network; it must be self-contained")
	}
}

// halo winds reads a real FB bulletin and prints the profile it understood; JSON
// rows carry alt_m, from_deg, speed_mps and temp_C (null where absent); a bad GSL
// reply is refused with its line.
func TestWindsCommand(t *testing.T) {
	fb := testdata.Path(t, "fb_ww_fbus31_kwno_310158.txt")
	out, err := run(t, "winds", fb, "--station", "DEN", "--json", "--ref", "2026-11-24T21:00:00Z")
	if err != nil {
		t.Fatal(err)
	}
	var w struct {
		Layers []map[string]any `json:"layers"`
	}
	if err := json.Unmarshal([]byte(out), &w); err != nil {
		t.Fatal(err)
	}
	if len(w.Layers) < 5 {
		t.Fatalf("%d layers", len(w.Layers))
	}
	for _, k := range []string{"alt_m", "from_deg", "speed_mps", "temp_C"} {
		if _, ok := w.Layers[0][k]; !ok {
			t.Errorf("row lacks %q", k)
		}
	}
	bad := testdata.Path(t, "gsl_aeharding_bad_outofdomain.txt")
	if _, err := run(t, "winds", bad); err == nil || !strings.Contains(err.Error(), "gsl_aeharding_bad_outofdomain.txt:4:") {
		t.Errorf("bad GSL reply: %v", err)
	}
}

// `--from 0 m` (value and unit apart, as the issue writes it) reaches the command as
// one value; nothing else is touched.
func TestJoinUnits(t *testing.T) {
	got := strings.Join(joinUnits([]string{"atmos", "--from", "0", "m", "--to", "86", "km", "--step", "1", "km", "--json", "mc", "-n", "100"}), "|")
	want := "atmos|--from|0 m|--to|86 km|--step|1 km|--json|mc|-n|100"
	if got != want {
		t.Errorf("joinUnits: %s, want %s", got, want)
	}
	out, err := run(t, joinUnits([]string{"atmos", "--from", "0", "m", "--to", "2", "km", "--step", "1", "km", "--json"})...)
	if err != nil || !strings.Contains(out, `"alt_m": 2000`) {
		t.Errorf("atmos with separate units: %v\n%s", err, out)
	}
}

// halo winds --compare flags the levels where two sources disagree (FB DEN of
// October 2026 against a GSL DEN forecast of 2021: they should disagree).
func TestWindsCompare(t *testing.T) {
	td := filepath.Join(testdata.Root(t), "winds")
	out, err := run(t, "winds", filepath.Join(td, "fb_ww_fbus31_kwno_310158.txt"), "--station", "DEN", "--ref", "2026-10-31T03:00:00Z",
		"--compare", filepath.Join(td, "gsl_aeharding_op40_den_2021090301.txt"), "--compare-station", "DEN", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		Levels []struct {
			Disagree bool `json:"disagree"`
		} `json:"levels"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil || len(r.Levels) == 0 {
		t.Fatalf("%v: %s", err, out)
	}
	n := 0
	for _, l := range r.Levels {
		if l.Disagree {
			n++
		}
	}
	if n == 0 {
		t.Error("two forecasts years apart agree everywhere")
	}
}

// The odds are part of every plan and of its verdict: the embedded mission is GO
// with them; the same mission with the talent planned at the 2,000 ft minimum
// opens below it in about half the runs and is NO-GO (it was GO with the odds a
// caution); --odds 0 skips them and says so as a caution.
func TestPlanOdds(t *testing.T) {
	out, err := run(t, "plan")
	if err != nil {
		t.Fatalf("plan: %v\n%s", err, out)
	}
	for _, w := range []string{"ODDS  2000 Monte Carlo runs per jumper (seed 1)", "in the 50 m target", "VERDICT: GO"} {
		if !strings.Contains(out, w) {
			t.Errorf("plan lacks %q", w)
		}
	}
	b := strings.Replace(mustRead(t, "fallout"), "open_at: 2500 ft ", "open_at: 2000 ft ", 1)
	f := filepath.Join(t.TempDir(), "at-minimum.yaml")
	os.WriteFile(f, []byte(b), 0o644)
	out, err = run(t, "plan", f, "--odds", "500", "--seed", "7")
	if ee, ok := err.(exitError); !ok || ee.code != 2 {
		t.Fatalf("plan at the minimum: %v\n%s", err, out)
	}
	for _, w := range []string{"ODDS  500 Monte Carlo runs per jumper (seed 7)", "NO-GO odds: talent opens below minimum", "plan the deployment at 2400 ft"} {
		if !strings.Contains(out, w) {
			t.Errorf("plan at the minimum lacks %q:\n%s", w, out)
		}
	}
	out, err = run(t, "plan", "--odds", "0")
	if err != nil {
		t.Fatalf("plan --odds 0: %v", err)
	}
	if !strings.Contains(out, "not computed (--odds 0)") || !strings.Contains(out, "CAUTION odds: the verdict covers the nominal jump only") || strings.Contains(out, "ODDS  ") {
		t.Errorf("plan --odds 0 must say the odds were not computed:\n%s", out)
	}
	if _, err := run(t, "plan", "--odds", "-1"); err == nil {
		t.Error("--odds -1 accepted")
	}
}
