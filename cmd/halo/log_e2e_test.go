package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"halo/flight"
	"halo/load"
	"halo/plan"

	"halo/internal/testdata"
)

// flysight1 writes a simulated jump as a FlySight 1 CSV at 5 Hz: 20 s on the jump
// run, the jump, 20 s on the ground, with white noise on position and velocity.
func flysight1(p *plan.Plan, fj flight.Jump, start time.Time, rng *rand.Rand) ([]byte, error) {
	const dt = 0.2
	res, err := flight.Simulate(p.Env.Flight, &fj, flight.Options{Record: dt})
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString("time,lat,lon,hMSL,velN,velE,velD,hAcc,vAcc,sAcc,heading,cAcc,gpsFix,numSV\r\n")
	b.WriteString(",(deg),(deg),(m),(m/s),(m/s),(m/s),(m),(m),(m/s),(deg),(deg),,\r\n")
	n := func(s float64) float64 { return s * rng.NormFloat64() }
	row := func(ts, e, nn, z, ve, vn, vu float64) {
		lat, lon, _ := p.Env.Frame.ToGeodetic(e+n(1), nn+n(1), 0)
		t := start.Add(time.Duration((ts + 20) * float64(time.Second)))
		fmt.Fprintf(&b, "%s,%.7f,%.7f,%.3f,%.2f,%.2f,%.2f,3.0,5.0,0.5,0,1,3,12\r\n", t.UTC().Format("2006-01-02T15:04:05.00Z"),
			lat, lon, z+n(1.5), vn+n(0.3), ve+n(0.3), -vu+n(0.3))
	}
	for k := 100; k >= 1; k-- {
		ts := -float64(k) * dt
		row(ts, fj.E+fj.VE*ts, fj.N+fj.VN*ts, fj.Z, fj.VE, fj.VN, 0)
	}
	for _, s := range res.Trace {
		row(s.T, s.E, s.N, s.Z, s.VE, s.VN, s.VU)
	}
	last := res.Trace[len(res.Trace)-1]
	for k := 1; k <= 100; k++ {
		row(last.T+float64(k)*dt, res.Land.E, res.Land.N, p.Target.ElevationM, 0, 0, 0)
	}
	return b.Bytes(), nil
}

// falloutOnDisk writes the embedded mission to a temporary directory as a user
// would (halo mission show fallout) and plans it.
func falloutOnDisk(t *testing.T) (dir, mfile string, p *plan.Plan) {
	dir = t.TempDir()
	mfile = filepath.Join(dir, "fallout.yaml")
	yaml, err := run(t, "mission", "show", "fallout")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(mfile, []byte(yaml), 0o644)
	in, err := load.Mission(mfile, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if p, err = plan.Solve(in); err != nil {
		t.Fatal(err)
	}
	return dir, mfile, p
}

// The jump log's promise: 100 attempts (simulated with noise that shrinks as the
// team improves, plus a real track), statistics with a trend, export from SQLite,
// import into PostgreSQL and identical statistics.
func TestLogHundredAttempts(t *testing.T) {
	if testing.Short() {
		t.Skip("100 attempts: skipped with -short")
	}
	dir, mfile, p := falloutOnDisk(t)
	db := filepath.Join(dir, "log.db")
	rng := rand.New(rand.NewPCG(100, 1))
	start := time.Date(2026, 6, 1, 10, 0, 0, 0, time.UTC) // 101 days later is still in the past
	const attempts = 100
	for i := 0; i < attempts; i++ {
		fj := p.Jumps[0]                    // the talent
		scale := math.Exp(-float64(i) / 30) // the team gets better
		along := 600 * scale * rng.NormFloat64()
		fj.E += along * p.TrackUnit[0]
		fj.N += along * p.TrackUnit[1]
		fj.Drag.CdA *= 1 + 0.08*rng.NormFloat64()
		fj.OpenAGL += 80 * scale * rng.NormFloat64()
		when := start.Add(time.Duration(i) * 24 * time.Hour)
		data, err := flysight1(p, fj, when, rng)
		if err != nil {
			t.Fatal(err)
		}
		tf := filepath.Join(dir, fmt.Sprintf("a%03d.CSV", i))
		os.WriteFile(tf, data, 0o644)
		outcome := "success"
		if i%17 == 3 {
			outcome = "off-target"
		}
		if _, err := run(t, "log", "add", "--db", db, "--mission", mfile, "--track", tf, "--jumper", "talent",
			"--outcome", outcome, "--date", when.Format(time.RFC3339)); err != nil {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	// A real track from another drop zone, logged against this mission as the camera
	// flyer: it was flown at another place (13,000 km from the target), so the
	// attempt is refused and nothing is stored.
	_, err := run(t, "log", "add", "--db", db, "--mission", mfile, "--track", testdata.Path(t, "richo-08-22-35.CSV"),
		"--jumper", "camera", "--outcome", "other", "--notes", "real FlySight track from another drop zone", "--date", start.Add(101*24*time.Hour).Format(time.RFC3339))
	if err == nil || !strings.Contains(err.Error(), "another place") {
		t.Errorf("a track from another drop zone was logged against fallout: %v", err)
	}
	statsJSON, err := run(t, "log", "stats", "--db", db, "--mission", "fallout", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Attempts int `json:"attempts"`
		Trends   []struct {
			Metric  string `json:"metric"`
			Jumper  string `json:"jumper"`
			N       int    `json:"n"`
			Verdict string `json:"verdict"`
		} `json:"trends"`
		Drag []struct {
			Jumper string `json:"jumper"`
			Points []any  `json:"points"`
		} `json:"drag"`
	}
	if err := json.Unmarshal([]byte(statsJSON), &st); err != nil {
		t.Fatal(err)
	}
	if st.Attempts != attempts {
		t.Errorf("%d attempts in the stats, want %d", st.Attempts, attempts)
	}
	improving := false
	for _, tr := range st.Trends {
		if tr.Metric == "landing_error_m" && tr.Jumper == "talent" {
			t.Logf("landing-error trend: %s over %d points", tr.Verdict, tr.N)
		}
		if tr.Jumper == "talent" && strings.Contains(tr.Verdict, "improving") && !strings.Contains(tr.Verdict, "not") {
			improving = true
		}
	}
	if !improving {
		t.Errorf("the simulated team improves, but no talent trend says so:\n%s", statsJSON)
	}
	for _, d := range st.Drag {
		if d.Jumper == "talent" && len(d.Points) < attempts-5 {
			t.Errorf("only %d fitted drag areas for the talent", len(d.Points))
		}
	}
	text, err := run(t, "log", "stats", "--db", db)
	if err != nil || !strings.Contains(text, "change per attempt") || !strings.Contains(text, "shrinking") {
		t.Errorf("stats text: %v\n%s", err, text)
	}
	if _, err := run(t, "log", "check", "--db", db); err != nil {
		t.Errorf("log check: %v", err)
	}
	export := filepath.Join(dir, "log.json")
	if _, err := run(t, "log", "export", "--db", db, "--out", export); err != nil {
		t.Fatal(err)
	}
	// into a second SQLite log, and into PostgreSQL when there is one
	db2 := filepath.Join(dir, "copy.db")
	targets := []string{db2}
	if dsn := os.Getenv("HALO_TEST_POSTGRES"); dsn != "" {
		targets = append(targets, freshSchema(t, dsn))
	} else if os.Getenv("CI") != "" {
		t.Fatal("CI without HALO_TEST_POSTGRES: .ci/run must start PostgreSQL")
	} else {
		t.Log("HALO_TEST_POSTGRES not set: the PostgreSQL import is skipped (.ci/run sets it)")
	}
	for _, target := range targets {
		if _, err := run(t, "log", "import", "--db", target, export); err != nil {
			t.Fatalf("import into %s: %v", redactDSN(target), err)
		}
		got, err := run(t, "log", "stats", "--db", target, "--mission", "fallout", "--json")
		if err != nil {
			t.Fatal(err)
		}
		if got != statsJSON {
			t.Errorf("statistics after export/import into %s differ", redactDSN(target))
		}
	}
}

func redactDSN(s string) string {
	if i := strings.Index(s, "@"); i > 0 && strings.Contains(s, "://") {
		return s[:strings.Index(s, "://")+3] + "…" + s[i:]
	}
	return s
}

// freshSchema creates an empty schema in the test database and returns a DSN that
// uses it (dropped when the test ends).
func freshSchema(t *testing.T, dsn string) string {
	ctx := context.Background()
	c, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatalf("PostgreSQL at HALO_TEST_POSTGRES: %v", err)
	}
	name := fmt.Sprintf("halo_e2e_%d", time.Now().UnixNano())
	if _, err := c.Exec(ctx, "CREATE SCHEMA "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c.Exec(context.Background(), "DROP SCHEMA "+name+" CASCADE")
		c.Close(context.Background())
	})
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + "search_path=" + name
}

// halo debrief --update writes the fitted drag into the mission file, keeping its
// comments, from a track flown at the mission's drop zone (a simulated one).
func TestDebriefUpdate(t *testing.T) {
	dir, mfile, p := falloutOnDisk(t)
	fj := p.Jumps[0]
	fj.Drag.CdA = 0.56 // the talent fell slower than planned
	data, err := flysight1(p, fj, time.Date(2026, 11, 25, 10, 51, 32, 0, time.UTC), rand.New(rand.NewPCG(3, 4)))
	if err != nil {
		t.Fatal(err)
	}
	tf := filepath.Join(dir, "TRACK.CSV")
	os.WriteFile(tf, data, 0o644)
	if _, err := run(t, "debrief", tf, "--plan", mfile, "--jumper", "talent", "--update", mfile); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(mfile)
	s := string(b)
	talent := s[strings.Index(s, "- name: talent"):strings.Index(s, "- name: camera")]
	if !strings.Contains(s, "# with all equipment") || !regexp.MustCompile(`drag: \{cda: 0\.5[5-7]\d* m2\}`).MatchString(talent) {
		t.Errorf("updated mission lost its comments or lacks the fitted drag (0.56 m²):\n%s", talent)
	}
	if _, err := run(t, "mission", "check", mfile); err != nil {
		t.Errorf("updated mission does not decode: %v", err)
	}
}
