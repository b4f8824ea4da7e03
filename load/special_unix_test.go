//go:build unix

package load

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"halo/mission"
)

// fifo makes a named pipe with a writer waiting to hand it content: a reader that
// opens the pipe gets the content and then the end of the file, so the test fails
// (instead of hanging) where a FIFO is read. When the test ends, a non-blocking
// reader releases the writer if nobody opened the pipe.
func fifo(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		w, err := os.OpenFile(p, os.O_WRONLY, 0) // blocks until a reader opens
		if err != nil {
			return
		}
		w.WriteString(content)
		w.Close()
	}()
	t.Cleanup(func() {
		r, err := os.OpenFile(p, os.O_RDONLY|syscall.O_NONBLOCK, 0)
		if err == nil {
			<-done
			r.Close()
		}
	})
	return p
}

const windsCSV = "altitude_ft,from_deg,speed_kt\n0,270,10\n10000,280,30\n"

// Only regular files are read: a named pipe (which would block `halo plan`
// forever when nobody writes to it), a device, a directory are refused with a
// message naming the file and what it is.
func TestRefusesNonRegularFiles(t *testing.T) {
	dir := t.TempDir()
	cases := []struct{ name, path, kind string }{
		{"fifo", fifo(t, dir, "winds.pipe", windsCSV), "named pipe"},
		{"device", "/dev/null", "character device"},
		{"directory", dir, "directory"},
	}
	link := filepath.Join(dir, "link-to-pipe")
	if err := os.Symlink(fifo(t, dir, "other.pipe", windsCSV), link); err == nil {
		cases = append(cases, struct{ name, path, kind string }{"symlink to a fifo", link, "named pipe"})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := os.Stat(c.path); err != nil {
				t.Skip(err)
			}
			b, err := File(c.path)
			if err == nil || !strings.Contains(err.Error(), c.path) || !strings.Contains(err.Error(), c.kind) || !strings.Contains(err.Error(), "regular file") {
				t.Errorf("File(%s) = %d bytes, %v; want an error naming the file and saying it is a %s", c.path, len(b), err, c.kind)
			}
		})
	}
}

// A mission whose winds.file is a named pipe is refused at the key's line.
func TestMissionNamesAFifo(t *testing.T) {
	dir := t.TempDir()
	fifo(t, dir, "winds.csv", windsCSV)
	_, err := FromBytes("m.yaml", []byte(refMission), dir, time.Now())
	var es mission.Errors
	if !errors.As(err, &es) || len(es) != 1 || es[0].Line != 5 || !strings.Contains(es[0].Msg, "named pipe") || !strings.Contains(es[0].Msg, "winds.csv") {
		t.Errorf("winds.file is a FIFO: %v; want an error at line 5 naming winds.csv as a named pipe", err)
	}
}
