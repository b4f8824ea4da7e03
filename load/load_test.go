package load

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"halo/mission"
)

const refMission = "name: r\ntarget: {lat: 24.1, lon: 54.6, elevation: 60 m}\naircraft: {altitude: 13000 ft, airspeed: 90 kt}\nwinds:\n  file: winds.csv\njumpers:\n  - {name: a, mass: 90 kg, open_at: 3000 ft}\n"

// A file reference is refused where files may not be read (the server), and a
// missing file is an error; both point at the key's line.
func TestFileReferences(t *testing.T) {
	_, err := FromBytes("m.yaml", []byte(refMission), "", time.Now())
	var es mission.Errors
	if !errors.As(err, &es) || len(es) != 1 || es[0].Line != 5 || es[0].Path != "winds.file" || !strings.Contains(es[0].Msg, "not allowed") {
		t.Errorf("refused reference: %v", err)
	}
	dir := t.TempDir()
	_, err = FromBytes("m.yaml", []byte(refMission), dir, time.Now())
	if !errors.As(err, &es) || es[0].Line != 5 {
		t.Errorf("missing file: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "winds.csv"), []byte("altitude_ft,from_deg,speed_kt\n0,270,10\n10000,280,30\n"), 0o644)
	in, err := FromBytes("m.yaml", []byte(refMission), dir, time.Now())
	if err != nil || in.Wind == nil || len(in.Wind.Layers()) != 2 {
		t.Fatalf("winds file: %v", err)
	}
}

// A file larger than MaxFile is refused (a sparse file: it takes no disk space).
func TestReadLimit(t *testing.T) {
	p := filepath.Join(t.TempDir(), "big.csv")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxFile + 1); err != nil {
		t.Skip(err)
	}
	f.Close()
	if _, err := File(p); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("%s: %v", p, err)
	}
}

// A winds file saved with a UTF-8 byte-order mark reads like one without (it was
// "format not recognized").
func TestByteOrderMark(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "winds.csv"), []byte("\xef\xbb\xbfaltitude_ft,from_deg,speed_kt\n0,270,10\n10000,280,30\n"), 0o644)
	in, err := FromBytes("m.yaml", []byte(refMission), dir, time.Now())
	if err != nil || in.Wind == nil || len(in.Wind.Layers()) != 2 {
		t.Fatalf("winds file with a BOM: %v", err)
	}
}
