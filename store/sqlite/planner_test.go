package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/pressly/goose/v3"

	"halo/store"
	"halo/store/sqlite"
)

// A log written before attempts recorded their planner (schema version 1) is
// upgraded when a writing command opens it: its attempts read back with no
// planner (not recorded), and new attempts record theirs.
func TestMigrationAddsThePlanner(t *testing.T) {
	ctx := context.Background()
	p := filepath.Join(t.TempDir(), "v1.db")
	v1, err := os.ReadFile("migrations/00001_jump_log.sql")
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", p)
	if err != nil {
		t.Fatal(err)
	}
	prov, err := goose.NewProvider(goose.DialectSQLite3, db, fstest.MapFS{"00001_jump_log.sql": {Data: v1}}, goose.WithDisableGlobalRegistry(true))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := prov.Up(ctx); err != nil {
		t.Fatal(err)
	}
	yaml := "name: alpha\n"
	for _, q := range []string{
		"INSERT INTO missions (id, name, version, yaml, sha256, created) VALUES (1, 'alpha', 1, '" + yaml + "', '" + store.SHA256Hex([]byte(yaml)) + "', '2024-05-01T00:00:00.000000Z')",
		"INSERT INTO jumpers (id, name, created) VALUES (1, 'ann', '2024-05-01T00:00:00.000000Z')",
		"INSERT INTO attempts (id, uid, mission_id, date, outcome) VALUES (1, 'old', 1, '2024-05-02T00:00:00.000000Z', 'success')",
		"INSERT INTO attempt_jumpers (attempt_id, position, jumper_id) VALUES (1, 0, 1)",
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()

	if _, err := sqlite.OpenReadOnly(ctx, p); err == nil || !strings.Contains(err.Error(), "upgrade") {
		t.Errorf("read-only open of a version-1 log: %v, want a request to upgrade it", err)
	}
	l, err := sqlite.Open(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	old, err := l.GetAttempt(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if old.Planner != "" {
		t.Errorf("an attempt logged before the migration has planner %q, want \"\" (not recorded)", old.Planner)
	}
	const planner = "halo v1.2.0 (0123456789ab)"
	got, err := l.AddAttempt(ctx, store.Attempt{MissionName: "alpha", Date: time.Date(2024, 5, 3, 0, 0, 0, 0, time.UTC), Outcome: store.OutcomeSuccess,
		Planner: planner, Jumpers: []store.AttemptJumper{{Name: "ann"}}})
	if err != nil {
		t.Fatal(err)
	}
	back, err := l.GetAttempt(ctx, got.ID)
	if err != nil {
		t.Fatal(err)
	}
	if back.Planner != planner {
		t.Errorf("planner read back %q, want %q", back.Planner, planner)
	}
}
