package track

import (
	"bytes"
	"errors"
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"halo/internal/testdata"
)

func readFile(t testing.TB, name string) *Track {
	t.Helper()
	b, err := os.ReadFile(testdata.Path(t, name))
	if err != nil {
		t.Fatal(err)
	}
	tr, err := Read(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return tr
}

func hasWarning(tr *Track, sub string) bool {
	for _, w := range tr.Warnings {
		if strings.Contains(w.Msg, sub) {
			return true
		}
	}
	return false
}

// The real files of testdata/SOURCES.md. Point counts: data rows minus the rows
// the cleaning drops, counted independently with awk on the files (rows with
// hAcc or vAcc > 50 m), e.g. richo: 1,384 rows, 3 with vAcc > 50 m.
func TestReadRealFiles(t *testing.T) {
	tests := []struct {
		file     string
		format   string
		altRef   string
		points   int
		first    string // UTC time of the first kept point
		warnings []string
		derived  bool // velocities derived
	}{
		{"richo-08-22-35.CSV", "FlySight 1", "MSL", 1381, "2016-10-08T16:22:35.8Z", []string{"3 rows dropped: GPS warm-up"}, false},
		{"ssscoring-test-data-00.CSV", "FlySight 1", "MSL", 20351, "2023-08-20T18:09:06Z", []string{"line 3 "}, false},
		{"basdtracks2018-Shaun-Fenner.CSV", "FlySight 1", "MSL", 13853, "2018-07-07T22:17:54.56Z", []string{"GPS warm-up"}, false},
		{"trackscanner-7990_15-56-18.CSV", "FlySight 1", "MSL", 5247, "2016-10-23T20:56:20.4Z", []string{"no units row"}, false},
		{"ssscoring-01-00-00-TRACK.CSV", "FlySight 2", "MSL", 15985, "2024-09-17T18:56:33.2Z", []string{"logging gap of 4.7 s", "logging gap of 626.0 s"}, false},
		{"flysightwebtool-TRACK1.CSV", "FlySight 2", "MSL", 8222, "2025-02-09T09:35:46.6Z", []string{"GPS warm-up"}, false},
		{"flysightnet-TRACK.CSV", "FlySight 2", "MSL", 1409, "2024-06-28T15:16:29Z", []string{"GPS warm-up"}, false},
		// 682 s gap, glitches to −770 m and +39,203 m (vAcc 300-800 m) dropped.
		{"ssscoring-02-00-00-startosphere-TRACK.CSV", "FlySight 2", "MSL", 3319, "2025-04-10T18:18:28.6Z", []string{"altitude outside", "poor accuracy", "829.6 s"}, false},
		// 388 + 428 + 387 points; the third <trk> repeats the first (387 dropped); one spike.
		{"skyderby-two_tracks.gpx", "GPX 1.1", "MSL", 815, "2014-09-20T11:10:57Z", []string{"3 <trk> elements", "repeated time", "position jump"}, true},
		{"skyderby-one_track.gpx", "GPX 1.0", "MSL", 98, "2014-06-07T14:21:04Z", nil, true},
		{"tempo-insights-sample-flight.txt", "Tempo (NMEA 0183)", "MSL", 1740, "2025-07-19T14:35:31Z", []string{"no accuracy"}, true},
		{"dekunu-flysight-fix-sample.csv", "Dekunu (FlySight 1 format)", "AGL (landing area)", 2401, "2019-05-15T10:06:44Z", []string{"Dekunu export"}, true},
		{"ssscoring-insight-gps_00105.csv", "Insight (FlySight 1-like CSV)", "MSL", 673, "2026-06-06T14:42:40Z", []string{"20 logging gaps"}, false},
		{"skyderby-columbus.csv", "Columbus V-900", "MSL", 296, "2014-06-13T07:42:06Z", []string{"UTC presumed"}, true},
		{"skyderby-cyber_eye.csv", "FlySight 1 rows without header (CyberEye)", "MSL", 3617, "2015-06-12T14:20:56.2Z", []string{"no header row", "GPS warm-up"}, false},
	}
	for _, c := range tests {
		t.Run(c.file, func(t *testing.T) {
			tr := readFile(t, c.file)
			if tr.Format != c.format {
				t.Errorf("format %q, want %q", tr.Format, c.format)
			}
			if tr.AltRef != c.altRef {
				t.Errorf("alt ref %q, want %q", tr.AltRef, c.altRef)
			}
			if len(tr.Points) != c.points {
				t.Errorf("%d points, want %d", len(tr.Points), c.points)
			}
			want, _ := time.Parse(time.RFC3339Nano, c.first)
			if !tr.Points[0].T.Equal(want) {
				t.Errorf("first point %s, want %s", tr.Points[0].T.Format(time.RFC3339Nano), c.first)
			}
			for _, w := range c.warnings {
				if !hasWarning(tr, w) {
					t.Errorf("no warning containing %q; got %v", w, tr.Warnings)
				}
			}
			for i, p := range tr.Points {
				if i > 0 && !p.T.After(tr.Points[i-1].T) {
					t.Fatalf("point %d (line %d) not after the previous", i, p.Line)
				}
				if math.IsNaN(p.VelN) || math.IsNaN(p.VelE) || math.IsNaN(p.VelD) || math.IsNaN(p.HMSL) {
					t.Fatalf("point %d (line %d) has a NaN velocity or altitude", i, p.Line)
				}
				if p.HAcc > MaxHAcc || p.VAcc > MaxVAcc {
					t.Fatalf("point %d (line %d) kept with accuracy %v/%v", i, p.Line, p.HAcc, p.VAcc)
				}
			}
			derived := tr.Points[len(tr.Points)/2].Flags&(FlagVelDDerived|FlagVelHDerived) != 0
			if derived != c.derived {
				t.Errorf("derived velocities %v, want %v", derived, c.derived)
			}
		})
	}
}

// Values read back from known rows (the first kept row of richo, line 6).
func TestReadRichoRow(t *testing.T) {
	tr := readFile(t, "richo-08-22-35.CSV")
	// Line 6: 2016-10-08T16:22:35.80Z,37.7197341,-121.3199619,4150.570,39.68,-36.62,0.57,33.170,44.272,0.36,317.29947,1.46350,3,5
	p := tr.Points[0]
	want := Point{Lat: 37.7197341, Lon: -121.3199619, HMSL: 4150.570, VelN: 39.68, VelE: -36.62, VelD: 0.57, HAcc: 33.170, VAcc: 44.272, SAcc: 0.36, NumSV: 5, Line: 6}
	p.T = time.Time{}
	if p != want {
		t.Errorf("got %+v\nwant %+v", p, want)
	}
}

func TestReadLineEndingsAndHeaderVariants(t *testing.T) {
	orig, _ := os.ReadFile(testdata.Path(t, "richo-08-22-35.CSV"))
	ref := readFile(t, "richo-08-22-35.CSV")
	lf := bytes.ReplaceAll(orig, []byte("\r\n"), []byte("\n"))
	lines := strings.SplitAfter(string(lf), "\n")
	noUnits := lines[0] + strings.Join(lines[2:], "")
	// 12-column variant: drop heading and cAcc from every line.
	var b12 strings.Builder
	for _, l := range lines {
		if l == "" {
			continue
		}
		f := strings.Split(strings.TrimRight(l, "\n"), ",")
		f = append(f[:10], f[12:]...)
		b12.WriteString(strings.Join(f, ",") + "\n")
	}
	for _, c := range []struct {
		name string
		data string
	}{{"LF", string(lf)}, {"no units row", noUnits}, {"12 columns", b12.String()}, {"no final newline", strings.TrimRight(string(orig), "\r\n")}, {"BOM", "\xef\xbb\xbf" + string(orig)}} {
		tr, err := Read(strings.NewReader(c.data))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if len(tr.Points) != len(ref.Points) {
			t.Errorf("%s: %d points, want %d", c.name, len(tr.Points), len(ref.Points))
			continue
		}
		for i := range tr.Points {
			a, b := tr.Points[i], ref.Points[i]
			a.Line, b.Line = 0, 0
			if a != b {
				t.Errorf("%s: point %d differs: %+v vs %+v", c.name, i, a, b)
				break
			}
		}
	}
}

func TestReadTruncated(t *testing.T) {
	for _, name := range []string{"richo-08-22-35.CSV", "flysightnet-TRACK.CSV", "tempo-insights-sample-flight.txt", "skyderby-one_track.gpx", "skyderby-columbus.csv"} {
		orig, _ := os.ReadFile(testdata.Path(t, name))
		full := readFile(t, name)
		cut := orig[:len(orig)*2/3]
		// Cut in the middle of a line.
		for cut[len(cut)-1] == '\n' || cut[len(cut)-1] == '\r' || cut[len(cut)-1] == ',' || cut[len(cut)-1] == '>' {
			cut = cut[:len(cut)-1]
		}
		tr, err := Read(bytes.NewReader(cut))
		if err != nil {
			t.Errorf("%s cut: %v", name, err)
			continue
		}
		if len(tr.Points) < len(full.Points)/3 || len(tr.Points) >= len(full.Points) {
			t.Errorf("%s cut: %d points of %d", name, len(tr.Points), len(full.Points))
		}
		if !hasWarning(tr, "truncated") {
			t.Errorf("%s cut: no truncation warning: %v", name, tr.Warnings[max(0, len(tr.Warnings)-3):])
		}
	}
}

func TestReadNotATrack(t *testing.T) {
	for _, c := range []struct{ name, data string }{
		{"empty", ""},
		{"blank", "\n\r\n  \n"},
		{"text", "hello world\nthis is not a track\n"},
		{"json", `{"a": 1}`},
		{"other xml", `<?xml version="1.0"?><kml></kml>`},
		{"other csv", "a,b,c\n1,2,3\n"},
	} {
		_, err := Read(strings.NewReader(c.data))
		if !errors.Is(err, ErrNotTrack) {
			t.Errorf("%s: err = %v, want ErrNotTrack", c.name, err)
		}
	}
	// Recognised formats with no usable fix say so.
	for _, c := range []struct{ name, data, want string }{
		{"flysight header only", "time,lat,lon,hMSL,velN,velE,velD,hAcc,vAcc,sAcc,gpsFix,numSV\n", "no usable GPS fix"},
		{"no fix", "time,lat,lon,hMSL,velN,velE,velD,hAcc,vAcc,sAcc,gpsFix,numSV\n2020-01-01T00:00:00.00Z,1,2,3,0,0,0,1,1,1,0,0\n", "no 3-D fix"},
		{"gpx without trk", `<gpx version="1.1"><wpt lat="1" lon="2"/></gpx>`, "no <trk>"},
		{"nmea without date", "$GPGGA,120000.00,4700.0000,N,00800.0000,E,1,09,0.9,100.0,M,47.0,M,,*66\n", "no RMC"},
		{"header lacks hMSL", "time,lat,lon,velD\n", "lacks the column"},
	} {
		_, err := Read(strings.NewReader(c.data))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want one containing %q", c.name, err, c.want)
		}
	}
}

// testdata/synthetic-nmea.txt is synthetic (see testdata/SOURCES.md): 30 epochs at
// 1 Hz, 5 m/s down, 10 m/s towards 045°, one GGA without fix, one bad checksum,
// crossing midnight 2025-12-31 -> 2026-01-01.
func TestReadSyntheticNMEA(t *testing.T) {
	tr := readFile(t, "synthetic-nmea.txt")
	if tr.Format != "NMEA 0183" {
		t.Errorf("format %q", tr.Format)
	}
	if len(tr.Points) != 28 {
		t.Errorf("%d points, want 30 - 1 without fix - 1 bad checksum = 28", len(tr.Points))
	}
	for _, w := range []string{"bad NMEA checksum", "GGA without a fix"} {
		if !hasWarning(tr, w) {
			t.Errorf("no warning %q: %v", w, tr.Warnings)
		}
	}
	last := tr.Points[len(tr.Points)-1]
	if want := time.Date(2026, 1, 1, 0, 0, 19, 0, time.UTC); !last.T.Equal(want) {
		t.Errorf("last time %s, want %s (date from RMC after midnight)", last.T, want)
	}
	for i, p := range tr.Points {
		if math.Abs(p.VelD-5) > 0.05 {
			t.Errorf("point %d: velD %.3f, want 5 (derived from GGA altitudes)", i, p.VelD)
		}
		if math.Abs(p.VelN-7.071) > 0.01 || math.Abs(p.VelE-7.071) > 0.01 {
			t.Errorf("point %d: velN/E %.3f/%.3f, want 7.071/7.071 (from RMC)", i, p.VelN, p.VelE)
		}
	}
}

func TestParseNum(t *testing.T) {
	for _, c := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"0", 0, true}, {"-121.3197898", -121.3197898, true}, {"3888 ", 3888, true}, {"+1.5", 1.5, true},
		{"20.14191107205204", 20.14191107205204, true}, {"1e3", 1000, true}, {".5", 0.5, true}, {"5.", 5, true},
		{"", 0, false}, {"-", 0, false}, {"NaN", 0, false}, {"Inf", 0, false}, {"1.2.3", 0, false}, {"abc", 0, false},
		{"123456789012345678901234", 123456789012345678901234, true},
	} {
		got, ok := parseNum([]byte(c.in))
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("parseNum(%q) = %v, %v; want %v, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestParseTime(t *testing.T) {
	var tp timeParser
	for _, c := range []struct {
		in   string
		want string
	}{
		{"2016-10-08T16:22:35.20Z", "2016-10-08T16:22:35.2Z"},
		{"2024-09-17T18:56:32.200Z", "2024-09-17T18:56:32.2Z"},
		{"2026-06-06T14:42:40.0Z", "2026-06-06T14:42:40Z"},
		{"2026-06-06T14:43:10.25Z", "2026-06-06T14:43:10.25Z"},
		{"2026-03-06T00:49:20.-002Z", "2026-03-06T00:49:19.998Z"}, // FlySight 2 firmware bug
		{"2020-02-29T00:00:00Z", "2020-02-29T00:00:00Z"},
	} {
		got, ok := tp.parse([]byte(c.in))
		want, _ := time.Parse(time.RFC3339Nano, c.want)
		if !ok || !got.Equal(want) {
			t.Errorf("parse(%q) = %v, %v; want %v", c.in, got, ok, want)
		}
	}
	for _, bad := range []string{"2021-02-29T00:00:00Z", "2016-10-08T16:22:35.20", "2016-13-08T16:22:35Z", "2016-10-08T24:00:00Z", "x016-10-08T16:22:35Z", "2016-10-08T16:22:35.Z"} {
		if _, ok := tp.parse([]byte(bad)); ok {
			t.Errorf("parse(%q) accepted", bad)
		}
	}
}

func TestSpikeDroppedAndJumpKept(t *testing.T) {
	// A synthetic 5 Hz free fall at 50 m/s with one row 50 m off: a spike, dropped.
	// (300 m off in 0.2 s would be a physically impossible speed, dropped as such:
	// TestImplausibleRows.)
	var b strings.Builder
	b.WriteString("time,lat,lon,hMSL,velN,velE,velD,hAcc,vAcc,sAcc,gpsFix,numSV\n")
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 50; i++ {
		h := 3000 - 10*float64(i)
		if i == 25 {
			h += 50
		}
		b.WriteString(t0.Add(time.Duration(i)*200*time.Millisecond).Format("2006-01-02T15:04:05.00Z") +
			",47.0,8.0," + ftoa(h) + ",0,0,50,5,5,0.5,3,8\n")
	}
	tr, err := Read(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Points) != 49 || !hasWarning(tr, "line 27") || !hasWarning(tr, "spike") {
		t.Errorf("%d points, warnings %v; want 49 and a spike at line 27", len(tr.Points), tr.Warnings)
	}
}

func ftoa(f float64) string { return strings.TrimRight(strings.TrimRight(fmtF(f), "0"), ".") }

func fmtF(f float64) string { return strconvFormat(f) }
