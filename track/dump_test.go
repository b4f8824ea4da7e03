package track

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
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

// TRACKROWS=file:t0:t1 prints rows (t from the first kept point... and from the first row of the file).
func TestDumpRows(t *testing.T) {
	spec := os.Getenv("TRACKROWS")
	if spec == "" {
		t.Skip()
	}
	var f string
	var t0, t1 float64
	parts := splitColon(spec)
	f = parts[0]
	t0, _ = strconv.ParseFloat(parts[1], 64)
	t1, _ = strconv.ParseFloat(parts[2], 64)
	fh, _ := os.Open("testdata/" + f)
	defer fh.Close()
	tr, err := Read(fh)
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range tr.Points {
		s := tr.Seconds(i)
		if s < t0 || s > t1 {
			continue
		}
		fmt.Printf("%5d L%-6d %8.2f %s h=%8.1f vd=%6.2f vn=%6.2f ve=%6.2f vh=%6.2f sAcc=%5.2f vAcc=%5.1f fl=%d\n", i, p.Line, s, p.T.Format("15:04:05.00"), p.HMSL, p.VelD, p.VelN, p.VelE, math.Hypot(p.VelN, p.VelE), p.SAcc, p.VAcc, p.Flags)
	}
}

func splitColon(s string) []string { return strings.Split(s, ":") }

func TestDumpPhases(t *testing.T) {
	if os.Getenv("TRACKPHASES") == "" {
		t.Skip()
	}
	files, _ := filepath.Glob("testdata/*.*")
	for _, f := range files {
		if filepath.Ext(f) == ".md" || filepath.Base(f)[0] == '.' {
			continue
		}
		fh, _ := os.Open(f)
		tr, err := Read(fh)
		fh.Close()
		if err != nil {
			continue
		}
		ph, err := DetectPhases(tr)
		fmt.Printf("== %s (%v)\n", filepath.Base(f), err)
		for _, e := range []struct {
			n string
			e Event
		}{{"exit", ph.Exit}, {"ff", ph.FreeFall}, {"deploy", ph.DeployStart}, {"canopy", ph.CanopyOpen}, {"landing", ph.Landing}} {
			fmt.Printf("  %-8s %v i=%d t=%.2f %s alt=%.0f  %s\n", e.n, e.e.Found, e.e.Index, e.e.TS, e.e.T.Format("15:04:05.00"), e.e.AltMSL, e.e.Note)
		}
	}
}

func TestDumpAround(t *testing.T) {
	if os.Getenv("TRACKAROUND") == "" {
		t.Skip()
	}
	files, _ := filepath.Glob("testdata/" + os.Getenv("TRACKAROUND"))
	for _, f := range files {
		fh, _ := os.Open(f)
		tr, err := Read(fh)
		fh.Close()
		if err != nil {
			continue
		}
		ph, _ := DetectPhases(tr)
		fmt.Printf("== %s\n", filepath.Base(f))
		for _, e := range []struct {
			n string
			e Event
		}{{"exit", ph.Exit}, {"deploy", ph.DeployStart}, {"canopy", ph.CanopyOpen}, {"landing", ph.Landing}} {
			if !e.e.Found {
				continue
			}
			fmt.Printf(" -- %s at %.2f\n", e.n, e.e.TS)
			last := -10.0
			for i := max(0, e.e.Index-40); i < min(len(tr.Points), e.e.Index+40); i++ {
				if d := tr.Seconds(i) - e.e.TS; d < -3 || d > 3 || tr.Seconds(i)-last < 0.39 {
					continue
				}
				last = tr.Seconds(i)
				p := tr.Points[i]
				fmt.Printf("   L%-6d %8.2f %s h=%7.1f vd=%6.2f vh=%6.2f\n", p.Line, tr.Seconds(i), p.T.Format("15:04:05.00"), p.HMSL, p.VelD, math.Hypot(p.VelN, p.VelE))
			}
		}
	}
}

func TestDumpMetrics(t *testing.T) {
	if os.Getenv("TRACKMETRICS") == "" {
		t.Skip()
	}
	files, _ := filepath.Glob("testdata/" + os.Getenv("TRACKMETRICS"))
	for _, f := range files {
		fh, _ := os.Open(f)
		tr, err := Read(fh)
		fh.Close()
		if err != nil {
			continue
		}
		ph, _ := DetectPhases(tr)
		m := Analyze(tr, ph, math.NaN())
		b, _ := json.MarshalIndent(m, "", " ")
		fmt.Printf("== %s\n%s\n", filepath.Base(f), b)
	}
}
