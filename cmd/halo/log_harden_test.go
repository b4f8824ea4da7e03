package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// smallLog logs n simulated attempts of the fallout mission through the CLI and
// returns the log's path and the mission file.
func smallLog(t *testing.T, n int) (db, mfile string) {
	t.Helper()
	dir, mfile, p := falloutOnDisk(t)
	db = filepath.Join(dir, "log.db")
	rng := rand.New(rand.NewPCG(7, 9))
	start := time.Date(2026, 10, 1, 10, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		when := start.Add(time.Duration(i) * 24 * time.Hour)
		data, err := flysight1(p, p.Jumps[0], when, rng)
		if err != nil {
			t.Fatal(err)
		}
		tf := filepath.Join(dir, fmt.Sprintf("t%d.CSV", i))
		os.WriteFile(tf, data, 0o644)
		if _, err := run(t, "log", "add", "--db", db, "--mission", mfile, "--track", tf, "--jumper", "talent",
			"--date", when.Format(time.RFC3339), "--uid", fmt.Sprintf("attempt-%d", i)); err != nil {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	if _, err := run(t, "log", "note", "--db", db, "--attempt", "1", "opened low"); err != nil {
		t.Fatal(err)
	}
	return db, mfile
}

func attemptsIn(t *testing.T, db string) int {
	t.Helper()
	out, err := run(t, "log", "list", "--db", db, "--json")
	if err != nil {
		t.Fatal(err)
	}
	return strings.Count(out, `"uid"`)
}

// A JSONL export cut at any line (or at a spread of bytes) is refused whole by
// `halo log import`, with the file named, and nothing reaches the log. Before,
// such a file imported with rc 0 ("imported 45 attempts" of 70).
func TestLogImportCutExportRefused(t *testing.T) {
	db, _ := smallLog(t, 3)
	dir := t.TempDir()
	export := filepath.Join(dir, "backup.jsonl")
	if _, err := run(t, "log", "export", "--db", db, "--form", "jsonl", "--out", export); err != nil {
		t.Fatal(err)
	}
	whole, err := os.ReadFile(export)
	if err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(dir, "target.db")
	var cuts []int
	for i, c := range whole {
		if c == '\n' && i+1 < len(whole) {
			cuts = append(cuts, i+1)
		}
	}
	for k := 1; k < 12; k++ {
		cuts = append(cuts, k*len(whole)/12)
	}
	cut := filepath.Join(dir, "cut.jsonl")
	for _, n := range cuts {
		os.WriteFile(cut, whole[:n], 0o644)
		out, err := run(t, "log", "import", "--db", target, cut)
		if err == nil {
			t.Fatalf("the export cut at byte %d of %d imported: %s", n, len(whole), out)
		}
		if !strings.Contains(err.Error(), cut) || !strings.Contains(err.Error(), "not a whole") {
			t.Errorf("cut at byte %d: error %q does not name the file and say it is not whole", n, err)
		}
	}
	if _, err := os.Stat(target); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("refused imports created the log %s", target)
	}
	// The whole file imports.
	if _, err := run(t, "log", "import", "--db", target, export); err != nil {
		t.Fatal(err)
	}
	if got := attemptsIn(t, target); got != 3 {
		t.Errorf("%d attempts after importing the whole file, want 3", got)
	}
}

// `halo log export --out` replaces the previous backup only with a whole new
// one: when the export fails the old file is kept byte for byte, no temporary
// file is left, and a successful export keeps the old file's permissions.
func TestLogExportKeepsPreviousBackup(t *testing.T) {
	db, _ := smallLog(t, 2)
	dir := t.TempDir()
	backup := filepath.Join(dir, "backup.json")
	if err := os.WriteFile(backup, []byte("the previous backup\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	if _, err := run(t, "log", "export", "--db", db, "--out", backup); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(backup)
	if err != nil || st.Mode().Perm() != 0o640 {
		t.Errorf("backup mode %v (%v), want the previous file's 0640", st.Mode().Perm(), err)
	}
	good, _ := os.ReadFile(backup)
	// Damage a track in the log: the export is refused and the backup stays.
	b, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(b, []byte("time,lat,lon,hMSL"))
	if i < 0 {
		t.Fatal("no track in the log file")
	}
	b[i+1] = 'X'
	os.WriteFile(db, b, 0o644)
	_, err = run(t, "log", "export", "--db", db, "--out", backup)
	if err == nil || !strings.Contains(err.Error(), "damaged") || !strings.Contains(err.Error(), "unchanged") {
		t.Errorf("export of a damaged log: %v", err)
	}
	if now, _ := os.ReadFile(backup); !bytes.Equal(now, good) {
		t.Error("the failed export changed the previous backup")
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("files left in the backup directory: %v", ents)
	}
	// check names the damage too, and nothing more is written to the log
	if _, err := run(t, "log", "check", "--db", db); err == nil || !strings.Contains(err.Error(), "track") {
		t.Errorf("log check of a damaged log: %v", err)
	}
	if _, err := run(t, "log", "note", "--db", db, "one more"); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("log note on a damaged log: %v", err)
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(after, b) {
		t.Error("the damaged log was written to")
	}
}

// An export killed at any point leaves the previous backup whole: the file is
// written under a temporary name and renamed only when complete. The child
// (this test binary again) writes half a file through writeFileAtomic and is
// killed with SIGKILL before it finishes.
func TestLogExportKilledKeepsPreviousBackup(t *testing.T) {
	if target := os.Getenv("HALO_TEST_EXPORT_CHILD"); target != "" {
		writeFileAtomic(target, func(w io.Writer) error {
			w.Write(bytes.Repeat([]byte("half of a new backup\n"), 1000))
			os.Stdout.WriteString("HALF\n")
			select {} // killed here
		})
		return
	}
	dir := t.TempDir()
	backup := filepath.Join(dir, "backup.jsonl")
	old := []byte("the previous backup, whole\n")
	os.WriteFile(backup, old, 0o600)
	cmd := exec.Command(os.Args[0], "-test.run=^TestLogExportKilledKeepsPreviousBackup$")
	cmd.Env = append(os.Environ(), "HALO_TEST_EXPORT_CHILD="+backup)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 5)
	if _, err := io.ReadFull(out, buf); err != nil || string(buf) != "HALF\n" {
		cmd.Process.Kill()
		t.Fatalf("child did not start writing: %q %v", buf, err)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if got, _ := os.ReadFile(backup); !bytes.Equal(got, old) {
		t.Errorf("after the kill the backup holds %q", got)
	}
}

// `--db ""` (and an empty $HALO_DB) is an error, never the default log.
func TestLogEmptyDBIsError(t *testing.T) {
	home := t.TempDir()
	t.Setenv("XDG_DATA_HOME", home)
	t.Setenv("HALO_DB", "")
	os.Unsetenv("HALO_DB")
	for _, args := range [][]string{
		{"log", "list", "--db", ""},
		{"log", "list", "--db", "  "},
		{"log", "add", "--db", "", "--mission", "x.yaml"},
		{"log", "export", "--db="},
		{"log", "note", "--db", "", "hello"},
	} {
		if _, err := run(t, args...); err == nil || !strings.Contains(err.Error(), `--db ""`) {
			t.Errorf("%v: %v, want an error about --db", args, err)
		}
	}
	t.Setenv("HALO_DB", " ")
	if _, err := run(t, "log", "list"); err == nil || !strings.Contains(err.Error(), "HALO_DB") {
		t.Errorf("empty $HALO_DB: %v", err)
	}
	if _, err := os.Stat(filepath.Join(home, "halo")); !errors.Is(err, os.ErrNotExist) {
		t.Error("the default log was created")
	}
}

// Reading commands open the log read-only: they work on a log file the user
// may not write and change nothing in it; a log that does not exist is an
// error, not a new empty log; a duplicate --uid is refused plainly.
func TestLogReadingCommandsReadOnly(t *testing.T) {
	db, mfile := smallLog(t, 2)
	os.Remove(db + "-wal")
	os.Remove(db + "-shm")
	before, _ := os.ReadFile(db)
	if err := os.Chmod(db, 0o444); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(db, 0o644) })
	out := filepath.Join(t.TempDir(), "e.json")
	for _, args := range [][]string{
		{"list"}, {"show", "1"}, {"stats"}, {"stats", "--json"}, {"export", "--out", out}, {"check"},
	} {
		if _, err := run(t, append(append([]string{"log"}, args...), "--db", db)...); err != nil {
			t.Errorf("halo log %s on a read-only log: %v", strings.Join(args, " "), err)
		}
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(after, before) {
		t.Error("reading commands changed the log file")
	}
	if os.Geteuid() != 0 { // root writes any file
		if _, err := run(t, "log", "note", "--db", db, "x"); err == nil || !strings.Contains(err.Error(), "read-only") {
			t.Errorf("note on a read-only log: %v", err)
		}
	}
	os.Chmod(db, 0o644)
	missing := filepath.Join(t.TempDir(), "none.db")
	if _, err := run(t, "log", "list", "--db", missing); err == nil || !strings.Contains(err.Error(), "no log at") {
		t.Errorf("list of a missing log: %v", err)
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Error("listing a missing log created it")
	}
	// the same --uid again
	dir := filepath.Dir(mfile)
	_, err := run(t, "log", "add", "--db", db, "--mission", mfile, "--track", filepath.Join(dir, "t0.CSV"), "--jumper", "talent",
		"--date", "2026-10-01T10:00:00Z", "--uid", "attempt-0")
	if err == nil || !strings.Contains(err.Error(), "attempt-0 is already in the log") {
		t.Errorf("duplicate --uid: %v", err)
	}
	if got := attemptsIn(t, db); got != 2 {
		t.Errorf("%d attempts after the duplicate, want 2", got)
	}
	// a date no attempt can have
	_, err = run(t, "log", "add", "--db", db, "--mission", mfile, "--track", filepath.Join(dir, "t0.CSV"), "--jumper", "talent",
		"--date", "9999-01-01T00:00:00Z")
	if err == nil || !strings.Contains(err.Error(), "future") {
		t.Errorf("year 9999: %v", err)
	}
}

// A log whose file structure is damaged is refused before adding or exporting,
// with a clear message, and is not changed.
func TestLogDamagedFileRefused(t *testing.T) {
	db, mfile := smallLog(t, 2)
	b, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	for off := 4096; off+4096 <= len(b); off += 4096 {
		copy(b[off:off+12], []byte("\x55\xaa\x55\xaa\x55\xaa\x55\xaa\x55\xaa\x55\xaa"))
	}
	os.WriteFile(db, b, 0o644)
	os.Remove(db + "-wal")
	os.Remove(db + "-shm")
	out := filepath.Join(t.TempDir(), "e.jsonl")
	for _, args := range [][]string{
		{"log", "export", "--db", db, "--out", out},
		{"log", "add", "--db", db, "--mission", mfile, "--track", filepath.Join(filepath.Dir(mfile), "t0.CSV"), "--jumper", "talent", "--date", "2026-10-05T10:00:00Z"},
		{"log", "list", "--db", db},
	} {
		if _, err := run(t, args...); err == nil || !strings.Contains(err.Error(), "damaged") {
			t.Errorf("%s on a damaged log: %v", args[1], err)
		}
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(after, b) {
		t.Error("the damaged log was changed")
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Error("an export file was written from a damaged log")
	}
}
