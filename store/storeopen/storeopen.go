// Package storeopen opens the jump log named by a DSN: a PostgreSQL URL
// (postgres://... or postgresql://...) opens store/postgres, anything else is
// a SQLite file path (optionally prefixed "sqlite:" or "file:") for
// store/sqlite. It lives apart from package store so that store itself
// imports no database driver.
package storeopen

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"halo/store"
	"halo/store/postgres"
	"halo/store/sqlite"
)

// EnvDB is the environment variable that names the log when --db is not given.
const EnvDB = "HALO_DB"

// Open opens the log named by dsn. An empty dsn opens DefaultPath(),
// creating its directory. For a SQLite path the parent directory must exist
// (except for the default path, which is created).
func Open(ctx context.Context, dsn string) (store.Log, error) {
	dsn = strings.TrimSpace(dsn)
	if dsn == "" {
		p, err := DefaultPath(os.Getenv)
		if err != nil {
			return nil, err
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			return nil, fmt.Errorf("creating the log's directory: %w", err)
		}
		dsn = p
	}
	if postgres.IsDSN(dsn) {
		return postgres.Open(ctx, dsn)
	}
	if i := strings.Index(dsn, "://"); i > 0 {
		return nil, fmt.Errorf("--db %q: unknown scheme %q: use postgres://... or a file path", redact(dsn), dsn[:i])
	}
	return sqlite.Open(ctx, dsn)
}

// OpenReadOnly opens the log named by dsn for reading only (list, show,
// stats, export, check): it creates, migrates and writes nothing, so it works
// on a log the user may not write. An empty dsn reads DefaultPath(). A log
// that does not exist is an error wrapping store.ErrNotFound.
func OpenReadOnly(ctx context.Context, dsn string) (store.Log, error) {
	dsn = strings.TrimSpace(dsn)
	if dsn == "" {
		p, err := DefaultPath(os.Getenv)
		if err != nil {
			return nil, err
		}
		dsn = p
	}
	if postgres.IsDSN(dsn) {
		return postgres.OpenReadOnly(ctx, dsn)
	}
	if i := strings.Index(dsn, "://"); i > 0 {
		return nil, fmt.Errorf("--db %q: unknown scheme %q: use postgres://... or a file path", redact(dsn), dsn[:i])
	}
	return sqlite.OpenReadOnly(ctx, dsn)
}

// Resolve picks the DSN: the --db flag if given, else $HALO_DB, else ""
// (which Open turns into DefaultPath). getenv is os.Getenv in production.
func Resolve(flag string, getenv func(string) string) string {
	if s := strings.TrimSpace(flag); s != "" {
		return s
	}
	return strings.TrimSpace(getenv(EnvDB))
}

// Kind returns "postgres" or "sqlite" for a DSN as Open would read it.
func Kind(dsn string) string {
	if postgres.IsDSN(strings.TrimSpace(dsn)) {
		return "postgres"
	}
	return "sqlite"
}

// DefaultPath is where the log lives when no DSN is given:
// $XDG_DATA_HOME/halo/log.db, else on Linux and other Unix
// ~/.local/share/halo/log.db, on macOS ~/Library/Application
// Support/halo/log.db, on Windows %LocalAppData%\halo\log.db.
// getenv is os.Getenv in production.
func DefaultPath(getenv func(string) string) (string, error) {
	if x := getenv("XDG_DATA_HOME"); x != "" && filepath.IsAbs(x) {
		return filepath.Join(x, "halo", "log.db"), nil
	}
	switch runtime.GOOS {
	case "windows":
		if x := getenv("LocalAppData"); x != "" {
			return filepath.Join(x, "halo", "log.db"), nil
		}
	case "darwin":
		if h := getenv("HOME"); h != "" {
			return filepath.Join(h, "Library", "Application Support", "halo", "log.db"), nil
		}
	}
	h := getenv("HOME")
	if h == "" {
		var err error
		if h, err = os.UserHomeDir(); err != nil || h == "" {
			return "", errors.New("no home directory to keep the log in: set HOME or XDG_DATA_HOME, or pass --db PATH")
		}
	}
	return filepath.Join(h, ".local", "share", "halo", "log.db"), nil
}

// redact hides a password in a URL-like DSN for error messages.
func redact(dsn string) string {
	at := strings.LastIndex(dsn, "@")
	scheme := strings.Index(dsn, "://")
	if at < 0 || scheme < 0 || at < scheme {
		return dsn
	}
	creds := dsn[scheme+3 : at]
	if c := strings.Index(creds, ":"); c >= 0 {
		return dsn[:scheme+3] + creds[:c] + ":***" + dsn[at:]
	}
	return dsn
}
