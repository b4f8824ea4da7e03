package sqlite_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"halo/store"
	"halo/store/sqlite"
	"halo/store/storetest"
)

// populated returns the path of a closed log file holding storetest.Populate's
// records.
func populated(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "log.db")
	l, err := sqlite.Open(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	storetest.Populate(t, l)
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

func fileSum(t *testing.T, p string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// The shared read-only contract, on a file that is also open for writing.
func TestReadOnlyContract(t *testing.T) {
	p := populated(t)
	rw, err := sqlite.Open(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	defer rw.Close()
	ro, err := sqlite.OpenReadOnly(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	storetest.RunReadOnly(t, rw, ro)
}

// Opening read-only changes nothing in the file, creates no log where there
// is none, and refuses a file that is not a log.
func TestOpenReadOnlyWritesNothing(t *testing.T) {
	ctx := context.Background()
	p := populated(t)
	before := fileSum(t, p)
	l, err := sqlite.OpenReadOnly(ctx, "file:"+p)
	if err != nil {
		t.Fatal(err)
	}
	if as, err := l.ListAttempts(ctx, store.Filter{}); err != nil || len(as) != 3 {
		t.Errorf("read-only list: %d attempts, %v", len(as), err)
	}
	if _, err := l.AddJumper(ctx, store.Jumper{Name: "X"}); !errors.Is(err, store.ErrReadOnly) {
		t.Errorf("write through a read-only log: %v", err)
	}
	l.Close()
	if fileSum(t, p) != before {
		t.Error("a read-only open changed the log file")
	}

	missing := filepath.Join(t.TempDir(), "none.db")
	if _, err := sqlite.OpenReadOnly(ctx, missing); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("read-only open of a missing file: %v, want store.ErrNotFound", err)
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Error("a read-only open created the missing log")
	}
	junk := filepath.Join(t.TempDir(), "junk.db")
	os.WriteFile(junk, bytes.Repeat([]byte("not a database\n"), 300), 0o600)
	if _, err := sqlite.OpenReadOnly(ctx, junk); !errors.Is(err, store.ErrDamaged) {
		t.Errorf("read-only open of a text file: %v, want store.ErrDamaged", err)
	}
	if _, err := sqlite.Open(ctx, junk); !errors.Is(err, store.ErrDamaged) {
		t.Errorf("open of a text file: %v, want store.ErrDamaged", err)
	}
}

// A log file this user may not write: reading works and leaves no -wal or
// -shm behind (SQLite would create them read-only, which then stops the
// owner's next write); opening it to write says it is read-only before
// touching it; made writable again, it takes writes. Root may write any
// file, so as root the test runs itself again as the user "nobody".
func TestReadOnlyFile(t *testing.T) {
	if os.Getenv("HALO_TEST_RO_CHILD") != "" {
		readOnlyFileChild(t, os.Getenv("HALO_TEST_RO_CHILD"))
		return
	}
	p := populated(t)
	if os.Geteuid() != 0 {
		readOnlyFileChild(t, p)
		return
	}
	nobody, err := user.Lookup("nobody")
	if err != nil {
		t.Skipf("running as root and there is no user nobody to drop to: %v", err)
	}
	uid, _ := strconv.Atoi(nobody.Uid)
	gid, _ := strconv.Atoi(nobody.Gid)
	// The child needs a copy of this test binary it may run, and the log in a
	// directory it owns.
	dir := t.TempDir()
	for d := dir; d != filepath.Dir(d) && d != os.TempDir(); d = filepath.Dir(d) {
		os.Chmod(d, 0o755)
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "sqlite.test")
	copyFile(t, exe, bin, 0o755)
	data := filepath.Join(dir, "data")
	os.Mkdir(data, 0o755)
	log := filepath.Join(data, "log.db")
	copyFile(t, p, log, 0o644)
	for _, f := range []string{data, log} {
		if err := os.Chown(f, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(bin, "-test.run=^TestReadOnlyFile$", "-test.v")
	cmd.Env = append(os.Environ(), "HALO_TEST_RO_CHILD="+log)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
	out, err := cmd.CombinedOutput()
	if err != nil || !bytes.Contains(out, []byte("--- PASS: TestReadOnlyFile")) {
		t.Fatalf("the test as nobody: %v\n%s", err, out)
	}
}

func readOnlyFileChild(t *testing.T, p string) {
	ctx := context.Background()
	if err := os.Chmod(p, 0o444); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{p + "-wal", p + "-shm"} {
		os.Remove(f)
	}
	before := fileSum(t, p)
	ro, err := sqlite.OpenReadOnly(ctx, p)
	if err != nil {
		t.Fatalf("read-only open of a file this user may not write: %v", err)
	}
	if as, err := ro.ListAttempts(ctx, store.Filter{}); err != nil || len(as) != 3 {
		t.Errorf("list: %d attempts, %v", len(as), err)
	}
	if err := ro.Export(ctx, io.Discard, store.JSONLines); err != nil {
		t.Errorf("export: %v", err)
	}
	if err := ro.Check(ctx); err != nil {
		t.Errorf("check: %v", err)
	}
	ro.Close()
	for _, f := range []string{p + "-wal", p + "-shm"} {
		if _, err := os.Stat(f); err == nil {
			t.Errorf("reading left %s behind", filepath.Base(f))
		}
	}
	if _, err := sqlite.Open(ctx, p); !errors.Is(err, store.ErrReadOnly) || !strings.Contains(err.Error(), "read-only") {
		t.Errorf("opening a read-only file to write: %v, want store.ErrReadOnly", err)
	}
	if fileSum(t, p) != before {
		t.Error("the read-only file changed")
	}
	if err := os.Chmod(p, 0o644); err != nil {
		t.Fatal(err)
	}
	rw, err := sqlite.Open(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	defer rw.Close()
	if _, err := rw.AddJumper(ctx, store.Jumper{Name: "Writable again"}); err != nil {
		t.Errorf("the log made writable again refuses a write: %v", err)
	}
}

func copyFile(t *testing.T, from, to string, mode os.FileMode) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, mode); err != nil {
		t.Fatal(err)
	}
	os.Chmod(to, mode)
}

// A byte flipped inside a stored track: SQLite's page structure is intact (it
// keeps no checksum of content), but the track no longer matches its SHA-256.
// Export refuses the log instead of writing a file that import would refuse.
func TestDamagedTrackRefusedByExport(t *testing.T) {
	p := populated(t)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	// Every copy: a freed page may hold an old one.
	pat := []byte("12:00:10.011Z")
	if !bytes.Contains(b, pat) {
		t.Fatal("track bytes not found in the file")
	}
	b = bytes.ReplaceAll(b, pat, []byte("12:00:11.011Z"))
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	// Opened to write, the damage is found before anything is added.
	if _, err := sqlite.Open(context.Background(), p); !errors.Is(err, store.ErrDamaged) || !strings.Contains(err.Error(), "track") {
		t.Errorf("Open of a log with a damaged track: %v, want store.ErrDamaged naming the track", err)
	}
	// Opened to read, it reads, but will not export.
	l, err := sqlite.OpenReadOnly(context.Background(), p)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	storetest.CheckDamagedExport(t, l)
}

// Damage to the file's structure (a b-tree page overwritten) is found on
// open by PRAGMA quick_check: neither a write nor a read starts.
func TestDamagedFileRefusedOnOpen(t *testing.T) {
	ctx := context.Background()
	p := populated(t)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	const page = 4096
	if len(b) < 8*page {
		t.Fatalf("log file of %d bytes: want at least 8 pages", len(b))
	}
	// Garble the b-tree header of every page after the schema page: the
	// page-type byte and cell counts become nonsense.
	for off := page; off+page <= len(b); off += page {
		copy(b[off:off+12], []byte{0x55, 0xAA, 0x55, 0xAA, 0x55, 0xAA, 0x55, 0xAA, 0x55, 0xAA, 0x55, 0xAA})
	}
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	before := fileSum(t, p)
	if _, err := sqlite.Open(ctx, p); !errors.Is(err, store.ErrDamaged) {
		t.Errorf("Open of a damaged file: %v, want store.ErrDamaged", err)
	} else if !strings.Contains(err.Error(), "restore") {
		t.Errorf("Open's error %q does not say what to do", err)
	}
	if _, err := sqlite.OpenReadOnly(ctx, p); !errors.Is(err, store.ErrDamaged) {
		t.Errorf("OpenReadOnly of a damaged file: %v, want store.ErrDamaged", err)
	}
	if fileSum(t, p) != before {
		t.Error("opening the damaged file changed it")
	}
}

// BenchmarkOpen is the cost of opening a log to read (PRAGMA quick_check)
// and to write (quick_check and the SHA-256 of every track and mission) as
// the log grows (tracks of 64 KiB, three per attempt).
func BenchmarkOpen(b *testing.B) {
	for _, attempts := range []int{10, 100, 300} {
		ctx := context.Background()
		p := filepath.Join(b.TempDir(), "log.db")
		l, err := sqlite.Open(ctx, p)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := l.Import(ctx, bytes.NewReader(storetest.BigExport(b, attempts, 64))); err != nil {
			b.Fatal(err)
		}
		l.Close()
		st, _ := os.Stat(p)
		for _, mode := range []struct {
			name string
			open func(context.Context, string) (*sqlite.Log, error)
		}{{"read", sqlite.OpenReadOnly}, {"write", sqlite.Open}} {
			b.Run(fmt.Sprintf("%dattempts/%s", attempts, mode.name), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					l, err := mode.open(ctx, p)
					if err != nil {
						b.Fatal(err)
					}
					l.Close()
				}
				b.ReportMetric(float64(st.Size())/(1<<20), "MiB")
			})
		}
	}
}
