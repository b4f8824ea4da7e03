package track

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"halo/internal/testdata"
)

// FuzzRead is seeded with the head and tail of every file in testdata (the real
// recordings and the synthetic NMEA sample) plus small hand-made inputs. Read must never panic; a
// track it returns must hold finite values in strictly increasing time, and
// DetectPhases and Analyze must not panic on it.
func FuzzRead(f *testing.F) {
	files := testdata.Glob(f, "tracks", "*")
	for _, name := range files {
		if filepath.Ext(name) == ".md" || filepath.Base(name)[0] == '.' {
			continue
		}
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		// The head and the tail of each file (whole files of 0.1-2.7 MB make each
		// execution take seconds; the full files are read by the unit tests).
		f.Add(b[:min(len(b), 6000)])
		if len(b) > 6000 {
			f.Add(b[len(b)-3000:])
		}
	}
	f.Add([]byte("time,lat,lon,hMSL,velN,velE,velD,hAcc,vAcc,sAcc,gpsFix,numSV\n2020-01-01T00:00:00.00Z,1,2,3,0,0,0,1,1,1,3,9\n"))
	f.Add([]byte("$FLYS,1\n$COL,GNSS,time,lat,lon,hMSL,velN,velE,velD,hAcc,vAcc,sAcc,numSV\n$GNSS,2020-01-01T00:00:00.000Z,1,2,3,0,0,0,1,1,1,9\n"))
	f.Add([]byte(`<gpx version="1.1"><trk><trkseg><trkpt lat="1" lon="2"><ele>3</ele><time>2020-01-01T00:00:00Z</time></trkpt></trkseg></trk></gpx>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		tr, err := Read(bytes.NewReader(data))
		if err != nil {
			if tr != nil {
				t.Fatal("track and error")
			}
			return
		}
		if len(tr.Points) == 0 {
			t.Fatal("no points and no error")
		}
		for i, p := range tr.Points {
			for _, v := range []float64{p.Lat, p.Lon, p.HMSL, p.VelN, p.VelE, p.VelD} {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("point %d (line %d): non-finite value %+v", i, p.Line, p)
				}
			}
			if i > 0 && !p.T.After(tr.Points[i-1].T) {
				t.Fatalf("point %d not after point %d", i, i-1)
			}
		}
		ph, err := DetectPhases(tr)
		if err == nil {
			_ = Analyze(tr, ph, math.NaN())
		}
	})
}

// FuzzParseNum checks the fast decimal parser against strconv.ParseFloat.
func FuzzParseNum(f *testing.F) {
	for _, s := range []string{"0", "-121.3197898", "3888 ", "20.14191107205204", "1e3", ".5", "-", "NaN", "0.000000000000000000001", "99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := parseNum([]byte(s))
		want, err := strconv.ParseFloat(string(trimSpace([]byte(s))), 64)
		wantOK := err == nil && !math.IsNaN(want) && !math.IsInf(want, 0)
		if ok != wantOK {
			// strconv accepts forms we need not ("0x1p-2", "1_000"); we must never
			// accept what it rejects.
			if ok {
				t.Fatalf("parseNum(%q) = %v, strconv rejects it (%v)", s, got, err)
			}
			return
		}
		if ok && got != want {
			t.Fatalf("parseNum(%q) = %v, strconv %v", s, got, want)
		}
	})
}

// fuzzReader fuzzes one reader directly, past format detection, so that the
// fuzzer explores the reader's rows rather than the headers detection needs. It is
// seeded with the heads of the files of that format in testdata. A track the
// reader and the cleaning pass return must be in strictly increasing time with
// finite values, and physically possible (checkPlausible).
func fuzzReader(f *testing.F, files []string, read func([]byte, *builder) error) {
	for _, name := range files {
		b, err := os.ReadFile(testdata.Path(f, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b[:min(len(b), 6000)])
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b := &builder{altRef: "MSL"}
		if err := read(data, b); err != nil {
			return
		}
		tr, err := b.finish()
		if err != nil {
			return
		}
		for i, p := range tr.Points {
			for _, v := range []float64{p.Lat, p.Lon, p.HMSL, p.VelN, p.VelE, p.VelD} {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("point %d (line %d): non-finite value %+v", i, p.Line, p)
				}
			}
		}
		checkPlausible(t, "fuzzed input", tr)
	})
}

func FuzzFlySight1(f *testing.F) {
	fuzzReader(f, []string{"richo-08-22-35.CSV", "trackscanner-7990_15-56-18.CSV", "dekunu-flysight-fix-sample.csv", "ssscoring-insight-gps_00105.csv"},
		func(d []byte, b *builder) error { return readFlySight1(d, b, 1) })
}

func FuzzFlySight1Headerless(f *testing.F) {
	fuzzReader(f, []string{"skyderby-cyber_eye.csv"}, func(d []byte, b *builder) error { return readFlySight1(d, b, 0) })
}

func FuzzFlySight2(f *testing.F) {
	fuzzReader(f, []string{"flysightnet-TRACK.CSV", "ssscoring-02-00-00-startosphere-TRACK.CSV"}, readFlySight2)
}

func FuzzGPX(f *testing.F) {
	fuzzReader(f, []string{"skyderby-one_track.gpx", "skyderby-two_tracks.gpx"}, readGPX)
}

func FuzzNMEA(f *testing.F) {
	fuzzReader(f, []string{"synthetic-nmea.txt", "tempo-insights-sample-flight.txt"}, readNMEA)
}

func FuzzColumbus(f *testing.F) {
	fuzzReader(f, []string{"skyderby-columbus.csv"}, readColumbus)
}
