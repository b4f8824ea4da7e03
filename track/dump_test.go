package track

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDumpSummary(t *testing.T) {
	if os.Getenv("TRACKDUMP") == "" {
		t.Skip()
	}
	files, _ := filepath.Glob("testdata/*.*")
	for _, f := range files {
		if filepath.Ext(f) == ".md" {
			continue
		}
		fh, _ := os.Open(f)
		tr, err := Read(fh)
		fh.Close()
		if err != nil {
			t.Logf("%s: ERROR %v", f, err)
			continue
		}
		p0, pn := tr.Points[0], tr.Points[len(tr.Points)-1]
		t.Logf("%s: %s [%s] alt=%s n=%d %s..%s", f, tr.Format, tr.Device, tr.AltRef, len(tr.Points), p0.T.Format("15:04:05.00"), pn.T.Format("15:04:05.00"))
		for _, w := range tr.Warnings {
			t.Logf("    %d: %s", w.Line, w.Msg)
		}
	}
}
