// Package sqlite is the jump log in an embedded SQLite file, through the pure
// Go driver modernc.org/sqlite (no cgo).
//
// The file is opened in WAL mode with synchronous=FULL, foreign keys on and a
// busy timeout, and every write runs in a BEGIN IMMEDIATE transaction: a
// crash or a kill never leaves a half-written import, and several processes
// (the CLI and the server) can write the same file at once, one after the
// other. Schema migrations (goose, embedded SQL) run on Open.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"halo/store"
	"halo/store/internal/sqlcore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// BusyTimeout is how long a writer waits for another process's write
// transaction to finish before giving up with "database is locked".
const BusyTimeout = 30 * time.Second

// Log is the SQLite jump log. It implements store.Log.
type Log struct {
	*sqlcore.Log
	path  string
	write *sql.DB
	read  *sql.DB
}

var _ store.Log = (*Log)(nil)

// Path returns the database file's path.
func (l *Log) Path() string { return l.path }

// Open opens (creating if needed) the log in the SQLite file at path, which
// may also be written "file:PATH" or "sqlite:PATH". The directory must exist.
// Pending migrations are applied before it returns.
func Open(ctx context.Context, path string) (*Log, error) {
	p := strings.TrimPrefix(strings.TrimPrefix(path, "sqlite:"), "file:")
	if p == "" {
		return nil, errors.New("sqlite: empty path: give the log file's path")
	}
	if strings.ContainsAny(p, "?#") {
		return nil, fmt.Errorf("sqlite: path %q: '?' and '#' are not allowed in the file name", p)
	}
	if p == ":memory:" {
		return nil, errors.New("sqlite: :memory: would lose the log on exit and cannot be shared between connections: give a file path")
	}
	if dir := filepath.Dir(p); dir != "" {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("sqlite: directory %q of the log file does not exist: create it first", dir)
		}
	}
	common := url.Values{}
	common.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", BusyTimeout.Milliseconds()))
	common.Add("_pragma", "foreign_keys(1)")
	common.Add("_pragma", "synchronous(FULL)")
	wq := url.Values{}
	for k, v := range common {
		wq[k] = append([]string(nil), v...)
	}
	wq.Add("_pragma", "journal_mode(WAL)")
	wq.Set("_txlock", "immediate")
	rq := url.Values{}
	for k, v := range common {
		rq[k] = append([]string(nil), v...)
	}
	rq.Set("_txlock", "deferred")

	write, err := sql.Open("sqlite", p+"?"+wq.Encode())
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", p, err)
	}
	// Switching a new file to WAL takes an exclusive lock that SQLite does not
	// wait for through the busy timeout: when several processes open the same new
	// log at once, retry the first connection for up to BusyTimeout.
	for wait, deadline := 5*time.Millisecond, time.Now().Add(BusyTimeout); ; wait *= 2 {
		err = write.PingContext(ctx)
		if err == nil || !isBusy(err) || time.Now().After(deadline) {
			break
		}
		select {
		case <-ctx.Done():
			err = ctx.Err()
		case <-time.After(min(wait, 200*time.Millisecond)):
			continue
		}
		break
	}
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", p, err)
	}
	var mode string
	if err := write.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || !strings.EqualFold(mode, "wal") {
		write.Close()
		return nil, fmt.Errorf("sqlite: %s: cannot use write-ahead logging (journal_mode %q, %v): is it on a network file system?", p, mode, err)
	}
	if err := migrate(ctx, write); err != nil {
		write.Close()
		return nil, fmt.Errorf("sqlite: %s: %w", p, err)
	}
	read, err := sql.Open("sqlite", p+"?"+rq.Encode())
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", p, err)
	}
	l := &Log{path: p, write: write, read: read}
	l.Log = sqlcore.New(sqlcore.Dialect{
		Name:    "sqlite",
		TimeArg: func(t time.Time) any { return t.UTC().Format(sqlcore.SQLiteTime) },
		BeginWrite: func(ctx context.Context) (*sql.Tx, error) {
			return write.BeginTx(ctx, nil)
		},
		BeginRead: func(ctx context.Context) (*sql.Tx, error) {
			return read.BeginTx(ctx, nil)
		},
		Integrity: integrity,
		Close: func() error {
			return errors.Join(read.Close(), write.Close())
		},
	})
	return l, nil
}

// migrate applies pending migrations. Two processes opening a new file at
// once may both try; the loser's attempt fails on the tables the winner
// made, so it looks again and is satisfied when nothing is pending.
func migrate(ctx context.Context, db *sql.DB) error {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	var lastErr error
	for try := 0; try < 5; try++ {
		p, err := goose.NewProvider(goose.DialectSQLite3, db, sub, goose.WithDisableGlobalRegistry(true))
		if err != nil {
			return fmt.Errorf("migrations: %w", err)
		}
		if _, err := p.Up(ctx); err == nil {
			current, target, err := p.GetVersions(ctx)
			if err != nil {
				return fmt.Errorf("migrations: %w", err)
			}
			if current > target {
				return fmt.Errorf("the log's schema is version %d, newer than this halo knows (%d): use a newer halo", current, target)
			}
			return nil
		} else {
			lastErr = err
		}
		if pending, err := p.HasPending(ctx); err == nil && !pending {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(50*(try+1)) * time.Millisecond):
		}
	}
	return fmt.Errorf("migrations: %w", lastErr)
}

func integrity(ctx context.Context, tx *sql.Tx) ([]string, error) {
	var problems []string
	rows, err := tx.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return nil, err
		}
		if s != "ok" {
			problems = append(problems, "integrity_check: "+s)
		}
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	rows, err = tx.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fkid int
		if err := rows.Scan(&table, &rowid, &parent, &fkid); err != nil {
			return nil, err
		}
		problems = append(problems, fmt.Sprintf("foreign_key_check: %s row %d refers to a missing %s", table, rowid.Int64, parent))
	}
	return problems, rows.Err()
}

// IntegrityCheck runs SQLite's PRAGMA integrity_check alone and returns its
// verdict: "ok" for a sound file.
func (l *Log) IntegrityCheck(ctx context.Context) (string, error) {
	rows, err := l.read.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return "", err
		}
		out = append(out, s)
	}
	return strings.Join(out, "\n"), rows.Err()
}

// isBusy reports whether err is SQLite's "database is locked" (SQLITE_BUSY).
func isBusy(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "SQLITE_BUSY") || strings.Contains(msg, "database is locked")
}
