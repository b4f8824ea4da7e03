package sqlcore

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"time"

	"github.com/pressly/goose/v3"
)

// Migrate applies the pending goose migrations of fsys (files N_name.sql at its
// root) to db, with goose's global registry off and opts added (a session
// locker, for PostgreSQL). Two processes migrating a new database at once may
// both try; the loser's attempt fails on the tables the winner made, so it
// looks again (up to five times) and is satisfied when nothing is pending. A
// database whose schema is newer than the migrations know is refused.
func Migrate(ctx context.Context, db *sql.DB, dialect goose.Dialect, fsys fs.FS, opts ...goose.ProviderOption) error {
	opts = append([]goose.ProviderOption{goose.WithDisableGlobalRegistry(true)}, opts...)
	var lastErr error
	for try := 0; try < 5; try++ {
		p, err := goose.NewProvider(dialect, db, fsys, opts...)
		if err != nil {
			return fmt.Errorf("migrations: %w", err)
		}
		if _, err := p.Up(ctx); err == nil {
			current, target, err := p.GetVersions(ctx)
			if err != nil {
				return fmt.Errorf("migrations: %w", err)
			}
			return SchemaVersionErr(current, target)
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

// Migrations is the migrations folder of an adapter's embedded files (its
// //go:embed migrations/*.sql), as the root that Migrate and LatestMigration read.
func Migrations(embedded fs.FS) fs.FS {
	sub, err := fs.Sub(embedded, "migrations")
	if err != nil {
		panic(err) // fs.Sub fails only on an invalid name, and "migrations" is valid
	}
	return sub
}

// LatestMigration is the version of the newest migration in fsys (N of N_name.sql).
func LatestMigration(fsys fs.FS) (int64, error) {
	ents, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return 0, err
	}
	var top int64
	for _, e := range ents {
		name := e.Name()
		i := strings.IndexByte(name, '_')
		if i <= 0 || !strings.HasSuffix(name, ".sql") {
			continue
		}
		v, err := strconv.ParseInt(name[:i], 10, 64)
		if err != nil {
			return 0, fmt.Errorf("migration %s: %w", name, err)
		}
		top = max(top, v)
	}
	return top, nil
}

// AppliedVersion is the schema version goose recorded in db (0 when none was
// applied); the error of a database without goose's table is the driver's.
func AppliedVersion(ctx context.Context, db *sql.DB) (int64, error) {
	var got sql.NullInt64
	if err := db.QueryRowContext(ctx, "SELECT MAX(version_id) FROM goose_db_version WHERE is_applied").Scan(&got); err != nil {
		return 0, err
	}
	return got.Int64, nil
}

// SchemaVersionErr says what to do when a log's schema version got is not the
// version want this halo's migrations produce; nil when they are the same.
func SchemaVersionErr(got, want int64) error {
	switch {
	case got > want:
		return fmt.Errorf("the log's schema is version %d, newer than this halo knows (%d): use a newer halo", got, want)
	case got < want:
		return fmt.Errorf("the log's schema is version %d and this halo reads %d: open it once with a writing command (halo log add, import or note) to upgrade it", got, want)
	}
	return nil
}
