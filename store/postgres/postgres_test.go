package postgres_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"halo/store"
	"halo/store/postgres"
	"halo/store/sqlite"
	"halo/store/storetest"
)

// EnvDSN names the server the tests use; .ci/postgres prints a suitable
// value. Unset, the tests try DefaultDSN (what .ci/postgres sets up).
const EnvDSN = "HALO_TEST_POSTGRES"

// DefaultDSN is the role and database .ci/postgres creates.
const DefaultDSN = "postgres://halo_test:halo_test@127.0.0.1:5432/halo_test?sslmode=disable"

func open(ctx context.Context, dsn string) (store.Log, error) { return postgres.Open(ctx, dsn) }

func TestMain(m *testing.M) {
	storetest.ChildMain(open)
	os.Exit(m.Run())
}

// server returns the base DSN of a reachable server, or skips the test (or
// fails it in CI, see storetest.Required).
func server(t testing.TB) string {
	t.Helper()
	probeOnce.Do(probe)
	dsn, from, err := probed.dsn, probed.from, probed.err
	if err != nil {
		msg := fmt.Sprintf("no PostgreSQL server at %s: %v; start one with `HALO_TEST_POSTGRES=$(sudo bash .ci/postgres)` and export it", from, err)
		if storetest.Required() {
			t.Fatal(msg + " (CI or HALO_REQUIRE_POSTGRES is set, so this fails instead of skipping)")
		}
		t.Skip(msg)
	}
	return dsn
}

var (
	probeOnce sync.Once
	probed    struct {
		dsn, from string
		err       error
	}
)

func probe() {
	dsn := os.Getenv(EnvDSN)
	from := EnvDSN
	if dsn == "" {
		dsn, from = DefaultDSN, "the default DSN ("+EnvDSN+" is not set)"
	}
	db, err := sql.Open("pgx", dsn)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = db.PingContext(ctx)
		cancel()
		db.Close()
	}
	probed.dsn, probed.from, probed.err = dsn, from, err
}

// schemaDSN makes a new schema for one test, returns a DSN that works in it
// (search_path), and drops the schema when the test ends.
func schemaDSN(t testing.TB) string {
	base := server(t)
	name := fmt.Sprintf("t_%d_%s", time.Now().UnixNano(), store.NewUID()[:8])
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, "CREATE SCHEMA "+name); err != nil {
		db.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		defer db.Close()
		if _, err := db.ExecContext(context.Background(), "DROP SCHEMA "+name+" CASCADE"); err != nil {
			t.Errorf("dropping schema %s: %v", name, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s is not a URL: %v", EnvDSN, err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}

func fresh(t testing.TB) store.Log {
	l, err := postgres.Open(context.Background(), schemaDSN(t))
	if err != nil {
		t.Fatal(err)
	}
	// Registered after the schema's cleanup, so it runs before it.
	t.Cleanup(func() { l.Close() })
	return l
}

func freshSQLite(t testing.TB) store.Log {
	l, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "log.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

func TestSuite(t *testing.T) {
	server(t) // skip (or fail in CI) once, not in every case
	storetest.Run(t, fresh)
}

// A log moves SQLite -> PostgreSQL -> SQLite, and the other way, without loss.
func TestTransferSQLiteToPostgres(t *testing.T) {
	server(t)
	storetest.RunTransfer(t, freshSQLite, fresh)
}

func TestTransferPostgresToSQLite(t *testing.T) {
	server(t)
	storetest.RunTransfer(t, fresh, freshSQLite)
}

// TestCrash kills two writer processes in the middle of imports and checks
// that the log is whole.
func TestCrash(t *testing.T) { storetest.RunCrash(t, schemaDSN(t), open) }

func TestOpenErrors(t *testing.T) {
	server(t) // only meaningful where a server could be reached
	ctx := context.Background()
	for _, dsn := range []string{
		"postgres://halo_test:wrong-password@127.0.0.1:5432/halo_test?sslmode=disable",
		"postgres://halo_test:halo_test@127.0.0.1:1/halo_test?sslmode=disable&connect_timeout=2",
		"postgres://%zz",
	} {
		l, err := postgres.Open(ctx, dsn)
		if err == nil {
			l.Close()
			t.Errorf("Open(%q) succeeded", dsn)
			continue
		}
		if strings.Contains(err.Error(), "wrong-password") {
			t.Errorf("error leaks the password: %v", err)
		}
	}
}

func TestIsDSN(t *testing.T) {
	for s, want := range map[string]bool{
		"postgres://u@h/db": true, "postgresql://h/db": true, "/var/lib/halo/log.db": false, "log.db": false, "postgres.db": false,
	} {
		if got := postgres.IsDSN(s); got != want {
			t.Errorf("IsDSN(%q) = %v, want %v", s, got, want)
		}
	}
}
