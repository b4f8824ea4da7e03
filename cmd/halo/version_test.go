package main

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"halo/version"
)

// halo version and the plan JSON name the same build: the plan's "planner" is
// the identity `halo version --json` reports.
func TestVersionIsThePlanJSONPlanner(t *testing.T) {
	out, err := run(t, "version", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var in version.Info
	if err := json.Unmarshal([]byte(out), &in); err != nil {
		t.Fatal(err)
	}
	if in != version.Get() || in.Version == "" || in.Go == "" {
		t.Errorf("halo version --json = %+v, want the running build %+v", in, version.Get())
	}
	text, err := run(t, "version")
	if err != nil || !strings.HasPrefix(text, "halo "+in.Version+"\n") || !strings.Contains(text, "go      "+in.Go) {
		t.Errorf("halo version = %q, %v", text, err)
	}
	pj, err := run(t, "plan", "--format", "json", "--odds", "0")
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		Planner string `json:"planner"`
	}
	if err := json.Unmarshal([]byte(pj), &p); err != nil {
		t.Fatal(err)
	}
	if p.Planner != in.String() || !strings.Contains(p.Planner, in.Version) {
		t.Errorf("plan JSON planner %q, want halo version's %q", p.Planner, in.String())
	}
}

// isolateConfig points the configuration file at dir/halo/config.yaml (written
// with text when not empty) and clears the settings' environment variables.
func isolateConfig(t *testing.T, dir, text string) string {
	t.Helper()
	for _, k := range []string{"HALO_CONFIG", "HALO_DB", "HALO_TILE_URL", "HALO_TOKEN_FILE", "HALO_TOKEN"} {
		t.Setenv(k, "")
		os.Unsetenv(k)
	}
	t.Setenv("XDG_CONFIG_HOME", dir)
	p := filepath.Join(dir, "halo", "config.yaml")
	if text != "" {
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return p
}

// A logged attempt records the build that planned it, and halo log list and
// show say which; the log is the one the team's configuration file names.
func TestLoggedAttemptRecordsThePlanner(t *testing.T) {
	dir, mfile, p := falloutOnDisk(t)
	db := filepath.Join(dir, "team.db")
	isolateConfig(t, dir, "db: "+db+"\n")
	when := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC)
	data, err := flysight1(p, p.Jumps[0], when, rand.New(rand.NewPCG(22, 1)))
	if err != nil {
		t.Fatal(err)
	}
	tf := filepath.Join(dir, "talent.CSV")
	os.WriteFile(tf, data, 0o644)
	want := version.Get().String()
	out, err := run(t, "log", "add", "--mission", mfile, "--track", tf, "--jumper", "talent", "--date", when.Format(time.RFC3339))
	if err != nil || !strings.Contains(out, "planned by "+want) {
		t.Fatalf("log add = %q, %v; want it to name the planner %q", out, err, want)
	}
	if _, err := os.Stat(db); err != nil {
		t.Fatalf("the attempt was not filed in the configuration file's log: %v", err)
	}
	list, err := run(t, "log", "list")
	if err != nil || !strings.Contains(list, "planned by") || !strings.Contains(list, want) {
		t.Errorf("log list = %q, %v; want the planner column with %q", list, err, want)
	}
	show, err := run(t, "log", "show", "1")
	if err != nil {
		t.Fatal(err)
	}
	var a struct {
		Planner string `json:"planner"`
	}
	if err := json.Unmarshal([]byte(show), &a); err != nil || a.Planner != want {
		t.Errorf("log show planner = %q (%v), want %q", a.Planner, err, want)
	}
}

// halo config show gives each setting with where it came from: a flag over the
// environment over the file over the default; a key halo does not know is an
// error naming the file and its line.
func TestConfigShow(t *testing.T) {
	dir := t.TempDir()
	p := isolateConfig(t, dir, "db: /team/log.db\ntile_url: http://file/{z}/{x}/{y}.png\ntoken_file: /team/token\n")
	t.Setenv("HALO_TILE_URL", "http://env/{z}/{x}/{y}.png")
	out, err := run(t, "config", "show", "--token-file", "/flag/token")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"configuration file " + p + " (read)", "/team/log.db", "file " + p, "http://env/{z}/{x}/{y}.png", "$HALO_TILE_URL", "/flag/token", "flag --token-file"} {
		if !strings.Contains(out, w) {
			t.Errorf("config show lacks %q:\n%s", w, out)
		}
	}
	os.WriteFile(p, []byte("db: /team/log.db\nunits: metric\n"), 0o644)
	if _, err := run(t, "config", "show"); err == nil || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), "[2:") {
		t.Errorf("unknown key: %v, want the file and line 2", err)
	}
	if _, err := run(t, "log", "list"); err == nil || !strings.Contains(err.Error(), p) {
		t.Errorf("a broken configuration file was ignored by halo log list: %v", err)
	}
}

// A release build's stamp (-ldflags -X, as release/build and GoReleaser set it)
// is what halo version prints and what the plans it makes name.
func TestReleaseStampReachesThePlan(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary: skipped with -short")
	}
	bin := filepath.Join(t.TempDir(), "halo")
	const ver, commit, date = "v9.8.7-stamp", "0123456789abcdef0123456789abcdef01234567", "2026-12-02T15:00:00Z"
	ld := "-X halo/version.version=" + ver + " -X halo/version.commit=" + commit + " -X halo/version.date=" + date
	if out, err := exec.Command("go", "build", "-ldflags", ld, "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version", "--json").Output()
	if err != nil {
		t.Fatal(err)
	}
	var in version.Info
	if err := json.Unmarshal(out, &in); err != nil {
		t.Fatal(err)
	}
	if in.Version != ver || in.Commit != commit || in.Date != date {
		t.Errorf("halo version --json = %+v, want %s %s %s", in, ver, commit, date)
	}
	out, err = exec.Command(bin, "plan", "--format", "json", "--odds", "0").Output()
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		Planner string `json:"planner"`
	}
	if err := json.Unmarshal(out, &p); err != nil {
		t.Fatal(err)
	}
	if want := "halo " + ver + " (" + commit[:12] + ")"; p.Planner != want || p.Planner != in.String() {
		t.Errorf("plan JSON planner %q, want %q", p.Planner, want)
	}
}
