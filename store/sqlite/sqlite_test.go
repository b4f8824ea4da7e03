package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"halo/store"
	"halo/store/sqlite"
	"halo/store/storetest"
)

func open(ctx context.Context, dsn string) (store.Log, error) { return sqlite.Open(ctx, dsn) }

func TestMain(m *testing.M) {
	storetest.ChildMain(open)
	os.Exit(m.Run())
}

func fresh(t testing.TB) store.Log {
	p := filepath.Join(t.TempDir(), "log.db")
	l, err := sqlite.Open(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

func TestSuite(t *testing.T) { storetest.Run(t, fresh) }

func TestTransferSQLiteToSQLite(t *testing.T) { storetest.RunTransfer(t, fresh, fresh) }

// TestCrash kills two writer processes in the middle of imports and checks
// the file with integrity_check and the log's own consistency checks.
func TestCrash(t *testing.T) {
	p := filepath.Join(t.TempDir(), "crash.db")
	storetest.RunCrash(t, p, open)
	l, err := sqlite.Open(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	got, err := l.IntegrityCheck(context.Background())
	if err != nil || got != "ok" {
		t.Fatalf("integrity_check = %q, %v", got, err)
	}
}

func TestOpenSetsWALAndMigrates(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	p := filepath.Join(dir, "log.db")
	l, err := sqlite.Open(ctx, "sqlite:"+p)
	if err != nil {
		t.Fatal(err)
	}
	if l.Path() != p {
		t.Errorf("Path = %q, want %q", l.Path(), p)
	}
	if _, err := l.AddMission(ctx, store.Mission{Name: "m", YAML: "a: 1\n"}); err != nil {
		t.Fatal(err)
	}
	l.Close()
	if _, err := os.Stat(p + "-wal"); err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	// Reopening runs no migration twice and keeps the data.
	l2, err := sqlite.Open(ctx, "file:"+p)
	if err != nil {
		t.Fatal(err)
	}
	defer l2.Close()
	if m, err := l2.GetMission(ctx, "m", 0); err != nil || m.Version != 1 {
		t.Errorf("after reopen: %+v, %v", m, err)
	}
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct{ path, want string }{
		{"", "empty path"},
		{":memory:", "memory"},
		{filepath.Join(t.TempDir(), "no", "such", "dir", "log.db"), "does not exist"},
		{filepath.Join(t.TempDir(), "a?b.db"), "not allowed"},
	} {
		_, err := sqlite.Open(ctx, c.path)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Open(%q) error = %v, want one mentioning %q", c.path, err, c.want)
		}
	}
	// A file that is not a database.
	p := filepath.Join(t.TempDir(), "junk.db")
	if err := os.WriteFile(p, []byte(strings.Repeat("not a database\n", 100)), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := sqlite.Open(ctx, p); err == nil {
		t.Error("opening a text file as the log succeeded")
	}
}

// TestConcurrentOpen opens the same new file from several goroutines at
// once: every Open succeeds, the migrations are recorded as applied exactly
// once each, and the log they made is whole (one jumper added by all, its
// integrity check clean).
func TestConcurrentOpen(t *testing.T) {
	ctx := context.Background()
	p := filepath.Join(t.TempDir(), "log.db")
	const n = 6
	errs := make(chan error, n)
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		go func() {
			<-start // all at once, to race on the new file
			l, err := sqlite.Open(ctx, p)
			if err == nil {
				_, err = l.AddJumper(ctx, store.Jumper{Name: "Ana"})
				l.Close()
			}
			errs <- err
		}()
	}
	close(start)
	for i := 0; i < n; i++ {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	db, err := sql.Open("sqlite", "file:"+p+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, "SELECT version_id, COUNT(*) FROM goose_db_version WHERE version_id > 0 GROUP BY version_id ORDER BY version_id")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var versions []int64
	for rows.Next() {
		var v, count int64
		if err := rows.Scan(&v, &count); err != nil {
			t.Fatal(err)
		}
		if count != 1 {
			t.Errorf("migration %d recorded %d times, want once", v, count)
		}
		versions = append(versions, v)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir("migrations")
	if err != nil {
		t.Fatal(err)
	}
	if len(versions) != len(ents) {
		t.Errorf("migrations applied %v, want the %d in migrations/", versions, len(ents))
	}
	l, err := sqlite.Open(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if js, err := l.ListJumpers(ctx); err != nil || len(js) != 1 || js[0].Name != "Ana" {
		t.Errorf("jumpers %+v, %v: want Ana once", js, err)
	}
	if got, err := l.IntegrityCheck(ctx); err != nil || got != "ok" {
		t.Errorf("integrity_check = %q, %v", got, err)
	}
}
