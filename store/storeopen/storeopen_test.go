package storeopen

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"halo/store"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaultPath(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Skip("Unix layout tested here")
	}
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"XDG_DATA_HOME": "/data", "HOME": "/home/a"}, "/data/halo/log.db"},
		{map[string]string{"XDG_DATA_HOME": "relative/ignored", "HOME": "/home/a"}, "/home/a/.local/share/halo/log.db"},
		{map[string]string{"HOME": "/home/a"}, "/home/a/.local/share/halo/log.db"},
	} {
		got, err := DefaultPath(env(c.env))
		if err != nil || got != c.want {
			t.Errorf("DefaultPath(%v) = %q, %v; want %q", c.env, got, err, c.want)
		}
	}
}

func TestResolveAndKind(t *testing.T) {
	e := env(map[string]string{EnvDB: "postgres://u@h/db"})
	if got := Resolve("/tmp/x.db", e); got != "/tmp/x.db" {
		t.Errorf("flag should win, got %q", got)
	}
	if got := Resolve("", e); got != "postgres://u@h/db" {
		t.Errorf("HALO_DB should be used without a flag, got %q", got)
	}
	if got := Resolve(" ", env(nil)); got != "" {
		t.Errorf("nothing given: %q, want empty (default path)", got)
	}
	for dsn, want := range map[string]string{"postgres://u@h/db": "postgres", "postgresql://h/db": "postgres", "log.db": "sqlite", "": "sqlite"} {
		if got := Kind(dsn); got != want {
			t.Errorf("Kind(%q) = %q, want %q", dsn, got, want)
		}
	}
}

func TestOpenSQLiteAndDefault(t *testing.T) {
	ctx := context.Background()
	p := filepath.Join(t.TempDir(), "log.db")
	l, err := Open(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.AddMission(ctx, store.Mission{Name: "m", YAML: "x: 1\n"}); err != nil {
		t.Fatal(err)
	}
	l.Close()
	if _, err := os.Stat(p); err != nil {
		t.Errorf("log file not created: %v", err)
	}
	// The default path is created under XDG_DATA_HOME.
	xdg := t.TempDir()
	t.Setenv("XDG_DATA_HOME", xdg)
	l, err = Open(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	l.Close()
	if _, err := os.Stat(filepath.Join(xdg, "halo", "log.db")); err != nil {
		t.Errorf("default log not created: %v", err)
	}
}

func TestOpenUnknownScheme(t *testing.T) {
	_, err := Open(context.Background(), "mysql://root:secret@h/db")
	if err == nil || !strings.Contains(err.Error(), "unknown scheme") || strings.Contains(err.Error(), "secret") {
		t.Errorf("error = %v, want an unknown-scheme error without the password", err)
	}
}

// TestOpenPostgres opens a PostgreSQL log through the DSN form when a test
// server is configured (.ci/postgres); the full suite runs in store/postgres.
func TestOpenPostgres(t *testing.T) {
	dsn := os.Getenv("HALO_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("HALO_TEST_POSTGRES not set; store/postgres runs the PostgreSQL tests")
	}
	l, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	if err := l.Check(context.Background()); err != nil {
		t.Error(err)
	}
}

// OpenReadOnly reads an existing log and writes nothing: a missing default log
// is store.ErrNotFound and no directory is made; an unknown scheme is refused
// without the password; a PostgreSQL DSN opens read-only.
func TestOpenReadOnly(t *testing.T) {
	ctx := context.Background()
	xdg := t.TempDir()
	t.Setenv("XDG_DATA_HOME", xdg)
	if _, err := OpenReadOnly(ctx, ""); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("read-only open of a missing default log: %v, want store.ErrNotFound", err)
	}
	if _, err := os.Stat(filepath.Join(xdg, "halo")); !errors.Is(err, os.ErrNotExist) {
		t.Error("the read-only open made the default log's directory")
	}
	p := filepath.Join(t.TempDir(), "log.db")
	l, err := Open(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	l.Close()
	ro, err := OpenReadOnly(ctx, "sqlite:"+p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ro.AddJumper(ctx, store.Jumper{Name: "A"}); !errors.Is(err, store.ErrReadOnly) {
		t.Errorf("write through the read-only log: %v", err)
	}
	ro.Close()
	if _, err := OpenReadOnly(ctx, "mysql://root:secret@h/db"); err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("unknown scheme: %v", err)
	}
	if dsn := os.Getenv("HALO_TEST_POSTGRES"); dsn != "" {
		rw, err := Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		rw.Close()
		pg, err := OpenReadOnly(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer pg.Close()
		if _, err := pg.AddJumper(ctx, store.Jumper{Name: "A"}); !errors.Is(err, store.ErrReadOnly) {
			t.Errorf("write through the read-only PostgreSQL log: %v", err)
		}
	}
}
