package sqlite_test

import (
	"context"
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
// once: the migrations must run exactly once and every Open succeed.
func TestConcurrentOpen(t *testing.T) {
	ctx := context.Background()
	p := filepath.Join(t.TempDir(), "log.db")
	errs := make(chan error, 6)
	for i := 0; i < cap(errs); i++ {
		go func() {
			l, err := sqlite.Open(ctx, p)
			if err == nil {
				_, err = l.AddJumper(ctx, store.Jumper{Name: "Ana"})
				l.Close()
			}
			errs <- err
		}()
	}
	for i := 0; i < cap(errs); i++ {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
