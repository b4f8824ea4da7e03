// Package sqlite is the jump log in an embedded SQLite file, through the pure
// Go driver modernc.org/sqlite (no cgo).
//
// The file is opened in WAL mode with synchronous=FULL, foreign keys on and a
// busy timeout, and every write runs in a BEGIN IMMEDIATE transaction: a
// crash or a kill never leaves a half-written import, and several processes
// (the CLI and the server) can write the same file at once, one after the
// other. Schema migrations (goose, embedded SQL) run on Open.
//
// A damaged file is refused before it is used: every open runs PRAGMA
// quick_check [SQLite-quick_check], and an open to write also checks every
// track and mission against its SHA-256. OpenReadOnly reads a log without
// creating, migrating or writing anything, for the commands that only read.
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
// An existing file is checked with PRAGMA quick_check first and every track
// and mission against its SHA-256 (VerifyContent): a damaged file is refused
// with an error wrapping store.ErrDamaged, before anything is written to it.
// Both read the whole file (see BenchmarkOpen). Pending migrations are
// applied before it returns.
func Open(ctx context.Context, path string) (*Log, error) {
	p, err := cleanPath(path)
	if err != nil {
		return nil, err
	}
	if dir := filepath.Dir(p); dir != "" {
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("sqlite: directory %q of the log file does not exist: create it first", dir)
		}
	}
	if _, err := os.Stat(p); err == nil && !writable(p) {
		return nil, fmt.Errorf("sqlite: %s is read-only: %w: reading commands (list, show, stats, export, check) read it as it is; to add to it, make it writable (and its -wal and -shm files, if any)", p, store.ErrReadOnly)
	}
	wq := commonQuery()
	wq.Add("_pragma", "journal_mode(WAL)")
	wq.Set("_txlock", "immediate")
	rq := commonQuery()
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
		return nil, openErr(p, err)
	}
	if err := quickCheck(ctx, write, p); err != nil {
		write.Close()
		return nil, err
	}

	var mode string
	if err := write.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || !strings.EqualFold(mode, "wal") {
		write.Close()
		if err != nil && isReadOnly(err) {
			return nil, fmt.Errorf("sqlite: %s: %w (%v): reading commands (list, show, stats, export, check) read it as it is; to add to it, make the file and its directory writable", p, store.ErrReadOnly, err)
		}
		return nil, fmt.Errorf("sqlite: %s: cannot use write-ahead logging (journal_mode %q, %v): is it on a network file system?", p, mode, err)
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
	// A changed byte inside a track or a mission passes quick_check (SQLite
	// keeps no checksum of content): check their SHA-256 too, before a
	// migration or an attempt is written to the log.
	var tables int
	if err := write.QueryRowContext(ctx, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('missions', 'tracks')").Scan(&tables); err != nil {
		l.Close()
		return nil, openErr(p, err)
	}
	if tables == 2 {
		if err := l.VerifyContent(ctx); err != nil {
			l.Close()
			if errors.Is(err, store.ErrDamaged) {
				return nil, fmt.Errorf("sqlite: %s: %w; nothing was written: halo log check lists every problem; restore the log from your last export (halo log import into a new file)", p, err)
			}
			return nil, fmt.Errorf("sqlite: %s: %w", p, err)
		}
	}
	if err := migrate(ctx, write); err != nil {
		l.Close()
		if isReadOnly(err) {
			return nil, fmt.Errorf("sqlite: %s: %w (%v): reading commands (list, show, stats, export, check) read it as it is; to add to it, make the file and its directory writable", p, store.ErrReadOnly, err)
		}
		return nil, fmt.Errorf("sqlite: %s: %w", p, err)
	}
	return l, nil
}

// OpenReadOnly opens an existing log for reading only (SQLite's mode=ro): it
// creates nothing, migrates nothing and writes nothing, so it works on a file
// the user may not write. The file is checked with PRAGMA quick_check (a
// damaged file is refused with store.ErrDamaged); a missing file is an error
// wrapping store.ErrNotFound; a file whose schema is not this halo's is
// refused. Every write returns an error wrapping store.ErrReadOnly.
//
// A file this process may not write, with no pending write-ahead log, is read
// as immutable (no -shm to create, no lock): a writer that may write it and
// works at the same moment is not waited for, so read such a log when its
// owner is not writing to it.
func OpenReadOnly(ctx context.Context, path string) (*Log, error) {
	p, err := cleanPath(path)
	if err != nil {
		return nil, err
	}
	st, err := os.Stat(p)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("sqlite: no log at %s: %w (halo log add or import creates it)", p, store.ErrNotFound)
		}
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	if st.IsDir() {
		return nil, fmt.Errorf("sqlite: %s is a directory: give the log file's path", p)
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	q := commonQuery()
	q.Set("_txlock", "deferred")
	q.Set("mode", "ro")
	noWAL, err := walIsEmpty(p)
	if err != nil {
		return nil, err
	}
	if !writable(p) {
		// SQLite would create the -wal and -shm files with the database's
		// read-only permissions and leave them behind, which then stops its
		// owner's next write. With no pending write-ahead log the main file
		// holds every committed transaction: read it as immutable, which
		// creates and locks nothing.
		if noWAL {
			q.Set("immutable", "1")
		} else if _, err := os.Stat(p + "-shm"); err != nil {
			return nil, fmt.Errorf("sqlite: %s is read-only to this user and its write-ahead log %s-wal holds changes that cannot be read without creating %s-shm: a halo of its owner is writing to it, or stopped without closing it; read it when the owner's halo has finished (any halo log add, note or import by the owner folds the changes in)", p, p, p)
		}
	}
	dsn := func() string {
		// The file: URI form passes mode=ro (and immutable) to SQLite itself.
		return "file:" + (&url.URL{Path: abs}).EscapedPath() + "?" + q.Encode()
	}
	read, err := sql.Open("sqlite", dsn())
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", p, err)
	}
	if err := read.PingContext(ctx); err != nil && isReadOnly(err) && noWAL && q.Get("immutable") == "" {
		// A directory this process cannot write (no -shm can be made).
		read.Close()
		q.Set("immutable", "1")
		if read, err = sql.Open("sqlite", dsn()); err != nil {
			return nil, fmt.Errorf("sqlite: open %s: %w", p, err)
		}
	}
	if err := read.PingContext(ctx); err != nil {
		read.Close()
		return nil, openErr(p, err)
	}
	if err := quickCheck(ctx, read, p); err != nil {
		read.Close()
		return nil, err
	}
	if err := checkSchema(ctx, read, p); err != nil {
		read.Close()
		return nil, err
	}
	l := &Log{path: p, read: read}
	l.Log = sqlcore.New(sqlcore.Dialect{
		Name:    "sqlite",
		TimeArg: func(t time.Time) any { return t.UTC().Format(sqlcore.SQLiteTime) },
		BeginWrite: func(ctx context.Context) (*sql.Tx, error) {
			return nil, fmt.Errorf("%s: %w", p, store.ErrReadOnly)
		},
		BeginRead: func(ctx context.Context) (*sql.Tx, error) {
			return read.BeginTx(ctx, nil)
		},
		Integrity: integrity,
		Close:     read.Close,
	})
	return l, nil
}

// walIsEmpty reports whether the log's write-ahead log is absent or empty:
// then the main file holds every committed transaction.
func walIsEmpty(p string) (bool, error) {
	st, err := os.Stat(p + "-wal")
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return true, nil
	case err != nil:
		return false, fmt.Errorf("sqlite: %w", err)
	}
	return st.Size() == 0, nil
}

// writable reports whether this process may open the file at p for writing
// (opening and closing it changes nothing).
func writable(p string) bool {
	f, err := os.OpenFile(p, os.O_RDWR, 0)
	if err != nil {
		return false
	}
	f.Close()
	return true
}

func cleanPath(path string) (string, error) {
	p := strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(path, "sqlite:"), "file:"))
	if p == "" {
		return "", errors.New("sqlite: empty path: give the log file's path")
	}
	if strings.ContainsAny(p, "?#") {
		return "", fmt.Errorf("sqlite: path %q: '?' and '#' are not allowed in the file name", p)
	}
	if p == ":memory:" {
		return "", errors.New("sqlite: :memory: would lose the log on exit and cannot be shared between connections: give a file path")
	}
	return p, nil
}

func commonQuery() url.Values {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", BusyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(FULL)")
	return q
}

// quickCheck runs PRAGMA quick_check: SQLite's check of every page's
// structure (b-tree order, free list, record formats, NOT NULL), without the
// index-against-table comparison of integrity_check. It reads the whole file
// once: its cost grows with the file's size (see BenchmarkOpenQuickCheck). It
// cannot see a flipped byte inside a value (SQLite keeps no checksums of
// content): the SHA-256 of every track and mission, checked on export and by
// Check, covers that.
func quickCheck(ctx context.Context, db *sql.DB, p string) error {
	rows, err := db.QueryContext(ctx, "PRAGMA quick_check(20)")
	if err != nil {
		return openErr(p, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return openErr(p, err)
		}
		if s != "ok" {
			problems = append(problems, s)
		}
	}
	if err := rows.Err(); err != nil {
		return openErr(p, err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("sqlite: %s: %w: PRAGMA quick_check found %d problem(s): %s; nothing was read or written: restore the log from your last export (halo log import into a new file)",
			p, store.ErrDamaged, len(problems), strings.Join(problems, "; "))
	}
	return nil
}

// openErr words an error from opening or first reading the file, naming a
// damaged or foreign file as such.
func openErr(p string, err error) error {
	msg := err.Error()
	switch {
	case isReadOnly(err):
		return fmt.Errorf("sqlite: %s: %w: %v: reading commands (list, show, stats, export, check) read it as it is; to add to it, make the file and its directory writable", p, store.ErrReadOnly, err)
	case strings.Contains(msg, "not a database") || strings.Contains(msg, "malformed") || strings.Contains(msg, "SQLITE_CORRUPT") || strings.Contains(msg, "SQLITE_NOTADB"):
		return fmt.Errorf("sqlite: %s: %w: %v; nothing was read or written: restore the log from your last export (halo log import into a new file)", p, store.ErrDamaged, err)
	}
	return fmt.Errorf("sqlite: open %s: %w", p, err)
}

// checkSchema verifies, without changing anything, that the file holds a log
// whose schema is the one this halo's migrations produce.
func checkSchema(ctx context.Context, db *sql.DB, p string) error {
	want, err := sqlcore.LatestMigration(sqlcore.Migrations(migrations))
	if err != nil {
		return fmt.Errorf("sqlite: migrations: %w", err)
	}
	got, err := sqlcore.AppliedVersion(ctx, db)
	if err != nil {
		if strings.Contains(err.Error(), "no such table") {
			return fmt.Errorf("sqlite: %s is not a halo jump log (it has no schema version table)", p)
		}
		return openErr(p, err)
	}
	if err := sqlcore.SchemaVersionErr(got, want); err != nil {
		return fmt.Errorf("sqlite: %s: %w", p, err)
	}
	return nil
}

// migrate applies pending migrations (sqlcore.Migrate: a second process
// opening a new file at once looks again).
func migrate(ctx context.Context, db *sql.DB) error {
	return sqlcore.Migrate(ctx, db, goose.DialectSQLite3, sqlcore.Migrations(migrations))
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

// isReadOnly reports whether err is SQLite's "attempt to write a readonly
// database" (SQLITE_READONLY) or a file it could not open for writing.
func isReadOnly(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "SQLITE_READONLY") || strings.Contains(msg, "readonly database") || strings.Contains(msg, "read-only")
}

// isBusy reports whether err is SQLite's "database is locked" (SQLITE_BUSY).
func isBusy(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "SQLITE_BUSY") || strings.Contains(msg, "database is locked")
}
