package sqlcore

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestLatestMigration(t *testing.T) {
	fsys := fstest.MapFS{
		"00001_jump_log.sql": {}, "00012_more.sql": {}, "00003_x.sql": {},
		"README.md": {}, "nounderscore.sql": {},
	}
	if v, err := LatestMigration(fsys); err != nil || v != 12 {
		t.Errorf("LatestMigration = %d, %v; want 12", v, err)
	}
	if _, err := LatestMigration(fstest.MapFS{"x1_bad.sql": {}}); err == nil {
		t.Error("a migration named x1_bad.sql was taken for a version")
	}
}

func TestSchemaVersionErr(t *testing.T) {
	if err := SchemaVersionErr(3, 3); err != nil {
		t.Errorf("same version: %v", err)
	}
	if err := SchemaVersionErr(4, 3); err == nil || !strings.Contains(err.Error(), "newer halo") {
		t.Errorf("newer log: %v", err)
	}
	if err := SchemaVersionErr(2, 3); err == nil || !strings.Contains(err.Error(), "upgrade") {
		t.Errorf("older log: %v", err)
	}
}

func TestMigrationsIsTheFolder(t *testing.T) {
	fsys := Migrations(fstest.MapFS{"migrations/00002_a.sql": {}})
	if v, err := LatestMigration(fsys); err != nil || v != 2 {
		t.Errorf("LatestMigration(Migrations) = %d, %v; want 2", v, err)
	}
}
