// Package postgres is the jump log in a PostgreSQL database, through
// jackc/pgx/v5 (database/sql interface). It behaves as store/sqlite does: the
// same tables, the same transactions, the same checks.
//
// Every write transaction first takes a transaction-level advisory lock
// keyed on the schema, so writers from any number of processes run one after
// the other, exactly as SQLite's BEGIN IMMEDIATE makes them. Reads use
// read-only REPEATABLE READ transactions (one snapshot). Schema migrations
// (goose, embedded SQL) run on Open under a session advisory lock.
//
// The DSN is a pgx connection string: postgres://user:pass@host:port/db?...
// A search_path=SCHEMA parameter puts the log in that schema (the tests use
// one schema per test).
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"halo/store"
	"halo/store/internal/sqlcore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// lockClass is the first key of every advisory lock the log takes; the
// second is hashtext(current_schema()), so logs in different schemas of one
// database do not wait for each other.
const lockClass = 0x4a4c // "JL"

// Log is the PostgreSQL jump log. It implements store.Log.
type Log struct {
	*sqlcore.Log
	db *sql.DB
}

var _ store.Log = (*Log)(nil)

// IsDSN reports whether s is a PostgreSQL URL (postgres:// or postgresql://).
func IsDSN(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Open connects to the database named by dsn, applies pending migrations and
// returns the log.
func Open(ctx context.Context, dsn string) (*Log, error) {
	db, _, err := connect(ctx, dsn, 8, 4, migrate)
	if err != nil {
		return nil, err
	}
	db.SetConnMaxIdleTime(5 * time.Minute)
	d := dialect(db)
	d.BeginWrite = func(ctx context.Context) (*sql.Tx, error) {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))", lockClass); err != nil {
			_ = tx.Rollback()
			return nil, fmt.Errorf("taking the log's write lock: %w", err)
		}
		return tx, nil
	}
	d.ResetSequences = resetSequences
	return &Log{Log: sqlcore.New(d), db: db}, nil
}

// OpenReadOnly connects to the database named by dsn for reading only: it
// applies no migration (a schema older or newer than this halo's is refused),
// reads in read-only transactions, and every write returns an error wrapping
// store.ErrReadOnly.
func OpenReadOnly(ctx context.Context, dsn string) (*Log, error) {
	db, where, err := connect(ctx, dsn, 4, 2, checkSchema)
	if err != nil {
		return nil, err
	}
	d := dialect(db)
	d.BeginWrite = func(ctx context.Context) (*sql.Tx, error) {
		return nil, fmt.Errorf("%s: %w", where, store.ErrReadOnly)
	}
	return &Log{Log: sqlcore.New(d), db: db}, nil
}

// dialect is PostgreSQL's SQL dialect on db, reading in repeatable-read,
// read-only transactions; the caller sets how writes begin.
func dialect(db *sql.DB) sqlcore.Dialect {
	return sqlcore.Dialect{
		Name:     "postgres",
		Numbered: true,
		TimeArg:  func(t time.Time) any { return t.UTC() },
		BeginRead: func(ctx context.Context) (*sql.Tx, error) {
			return db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
		},
		Close: db.Close,
	}
}

// connect opens the database named by dsn with at most maxOpen connections
// (maxIdle idle), checks that it answers, and runs prepare (migrate, or the
// read-only schema check) on it; where names the database for messages. On
// error nothing is left open.
func connect(ctx context.Context, dsn string, maxOpen, maxIdle int, prepare func(context.Context, *sql.DB) error) (db *sql.DB, where string, err error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, "", fmt.Errorf("postgres: DSN: %w", err)
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = 10 * time.Second
	}
	where = fmt.Sprintf("%s@%s:%d/%s", cfg.User, cfg.Host, cfg.Port, cfg.Database)
	db = stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(maxOpen)
	db.SetMaxIdleConns(maxIdle)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, "", fmt.Errorf("postgres: connect %s: %w", where, err)
	}
	if err := prepare(ctx, db); err != nil {
		db.Close()
		return nil, "", fmt.Errorf("postgres: %s: %w", where, err)
	}
	return db, where, nil
}

// checkSchema verifies, without changing anything, that the schema is the
// one this halo's migrations produce.
func checkSchema(ctx context.Context, db *sql.DB) error {
	want, err := sqlcore.LatestMigration(sqlcore.Migrations(migrations))
	if err != nil {
		return err
	}
	got, err := sqlcore.AppliedVersion(ctx, db)
	if err != nil {
		if strings.Contains(err.Error(), "does not exist") {
			return fmt.Errorf("no halo jump log here (no schema version table): %w (halo log add or import creates it)", store.ErrNotFound)
		}
		return err
	}
	return sqlcore.SchemaVersionErr(got, want)
}

func resetSequences(ctx context.Context, tx *sql.Tx) error {
	for _, t := range []string{"missions", "jumpers", "attempts", "notes"} {
		// setval(seq, max+1, false): the next value handed out is max+1.
		q := fmt.Sprintf("SELECT setval(pg_get_serial_sequence('%s', 'id'), COALESCE((SELECT MAX(id) FROM %s), 0) + 1, false)", t, t)
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", t, err)
		}
	}
	return nil
}

// schemaLocker serialises migrations of one schema across processes with a
// blocking session advisory lock (goose's own locker polls once a second).
type schemaLocker struct{}

func (schemaLocker) SessionLock(ctx context.Context, conn *sql.Conn) error {
	_, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1, hashtext(current_schema()))", lockClass+1)
	return err
}

func (schemaLocker) SessionUnlock(ctx context.Context, conn *sql.Conn) error {
	var ok bool
	if err := conn.QueryRowContext(ctx, "SELECT pg_advisory_unlock($1, hashtext(current_schema()))", lockClass+1).Scan(&ok); err != nil {
		return err
	}
	if !ok {
		return errors.New("migration lock was not held")
	}
	return nil
}

// migrate applies pending migrations under the schema's advisory lock.
func migrate(ctx context.Context, db *sql.DB) error {
	return sqlcore.Migrate(ctx, db, goose.DialectPostgres, sqlcore.Migrations(migrations), goose.WithSessionLocker(schemaLocker{}))
}
