package postgres_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"

	"halo/store"
	"halo/store/postgres"
	"halo/store/storetest"
)

// The shared read-only contract: a second connection opened read-only reads
// what the log holds and refuses every write.
func TestReadOnlyContract(t *testing.T) {
	dsn := schemaDSN(t)
	ctx := context.Background()
	rw, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer rw.Close()
	storetest.Populate(t, rw)
	ro, err := postgres.OpenReadOnly(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	storetest.RunReadOnly(t, rw, ro)
}

// A read-only open of a schema with no log creates nothing and says so.
func TestOpenReadOnlyEmptySchema(t *testing.T) {
	dsn := schemaDSN(t)
	if _, err := postgres.OpenReadOnly(context.Background(), dsn); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("read-only open of an empty schema: %v, want store.ErrNotFound", err)
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()").Scan(&n); err != nil || n != 0 {
		t.Errorf("the read-only open left %d tables (%v)", n, err)
	}
}

// A track changed behind the log's back (here by SQL; on disk by a fault):
// export refuses the log rather than writing a file import would refuse.
func TestDamagedTrackRefusedByExport(t *testing.T) {
	dsn := schemaDSN(t)
	ctx := context.Background()
	l, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	storetest.Populate(t, l)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err := db.Exec("UPDATE tracks SET bytes = overlay(bytes placing '\\x58'::bytea from 40 for 1) WHERE position = 0")
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		t.Fatal("no track to damage")
	}
	storetest.CheckDamagedExport(t, l)
}
