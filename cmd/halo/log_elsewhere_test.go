package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"halo/internal/testdata"
)

// The user's report: `halo log add` recorded a track from another drop zone as
// a success 11,861 km from the target. It is refused with the reason and the
// way to log it on purpose; with --force it is an attempt at another place
// (outcome other, not compared with the plan: no landing error, no planned
// figures, a note saying where); --force never makes it a success.
func TestLogAddElsewhere(t *testing.T) {
	dir, mfile, _ := falloutOnDisk(t)
	db := filepath.Join(dir, "log.db")
	richo := testdata.Path(t, "richo-08-22-35.CSV")
	add := func(extra ...string) (string, error) {
		args := append([]string{"log", "add", "--db", db, "--mission", mfile, "--track", richo, "--jumper", "talent",
			"--date", "2016-10-08T16:30:00Z"}, extra...)
		return run(t, args...)
	}
	list := func() []map[string]any {
		out, err := run(t, "log", "list", "--db", db, "--json")
		if err != nil {
			t.Fatal(err)
		}
		var as []map[string]any
		if err := json.Unmarshal([]byte(out), &as); err != nil {
			t.Fatalf("%v: %s", err, out)
		}
		return as
	}

	_, err := add()
	if err == nil || !strings.Contains(err.Error(), "another place") || !strings.Contains(err.Error(), "--force") || !strings.Contains(err.Error(), "nothing was logged") {
		t.Fatalf("a track from another drop zone: %v, want it refused with the reason and --force", err)
	}
	if _, err := add("--force", "--outcome", "success"); err == nil || !strings.Contains(err.Error(), "never a success") {
		t.Errorf("--force --outcome success: %v, want refused", err)
	}
	if as := list(); len(as) != 0 {
		t.Fatalf("%d attempts logged by refused adds", len(as))
	}

	if _, err := add("--force"); err != nil {
		t.Fatalf("--force: %v", err)
	}
	as := list()
	if len(as) != 1 || as[0]["outcome"] != "other" || !strings.Contains(as[0]["notes"].(string), "flown at another place") {
		t.Fatalf("logged %+v, want one attempt, outcome other, a note saying where", as)
	}
	show, err := run(t, "log", "show", "--db", db, "1")
	if err != nil {
		t.Fatal(err)
	}
	var a struct {
		Jumpers []struct {
			Result map[string]any `json:"result"`
		} `json:"jumpers"`
	}
	if err := json.Unmarshal([]byte(show), &a); err != nil || len(a.Jumpers) != 1 {
		t.Fatalf("%v: %s", err, show)
	}
	r := a.Jumpers[0].Result
	for _, k := range []string{"landing_error_m", "planned_freefall_s", "planned_open_alt_agl_m", "planned_exit_alt_msl_m"} {
		if v, ok := r[k]; ok && v != nil {
			t.Errorf("result %s = %v: a jump at another place is not compared with the plan", k, v)
		}
	}
}
