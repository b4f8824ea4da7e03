package windfile

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"halo/atmos"

	"halo/internal/testdata"
)

// The shared tree testdata/winds (at the repository root) holds every file of the
// shared winds folder; see its SOURCES.md.

func load(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(testdata.Path(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestEveryRealFile(t *testing.T) {
	ref := time.Date(2026, 1, 31, 2, 10, 0, 0, time.UTC)
	cases := []struct {
		file    string
		format  Format
		station string
		levels  bool
		err     []string // for the bad replies
	}{
		{"fb_ww_fbus31_kwno_310158.txt", FB, "DEN", false, nil},
		{"fb_ww_fbus35_kwno_151359.txt", FB, "SLC", false, nil},
		{"fb_faa_fbak31_kwno_031352.txt", FB, "PANC", false, nil},
		{"fb_faa_fbhw31_kwno_031352.txt", FB, "HNL", false, nil},
		{"fb_faa_fboc31_kwno_031537.txt", FB, "GUM", false, nil},
		{"uwyo_siphon_72681_boi_2010120912.html", UWyo, "KBOI", true, nil},
		{"uwyo_siphon_82244_santarem_2012010100.html", UWyo, "82244", true, nil},
		{"uwyo_metpy_72357_oun_2011052212.txt", UWyo, "OUN", true, nil},
		{"uwyo_metpy_72327_bna_2002111100.txt", UWyo, "BNA", true, nil}, // names no station: a note
		{"uwyo_csv_siphon_72681_boi_2010120912.csv", UWyoCSV, "", true, nil},
		{"gsl_aeharding_op40_den_2021090301.txt", GSL, "DEN", true, nil},
		{"gsl_aeharding_gfs_2022080112_australia.txt", GSL, "", true, nil},
		{"gsl_aeharding_bad_outofdomain.txt", GSL, "", false, []string{"gsl_aeharding_bad_outofdomain.txt:4: ", "outside the model's domain"}},
		{"gsl_aeharding_bad_servererror.txt", GSL, "", false, []string{"gsl_aeharding_bad_servererror.txt:1: ", "HTML page", "Can't open text_soundings.log"}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			data := load(t, c.file)
			f, err := Detect(c.file, data)
			if err != nil || f != c.format {
				t.Fatalf("Detect: %v %v, want %v", f, err, c.format)
			}
			// the extension does not matter
			if f2, _ := Detect("winds.dat", data); f2 != c.format {
				t.Errorf("Detect without extension: %v", f2)
			}
			r, err := Decode(c.file, data, c.station, ref)
			if c.err != nil {
				if err == nil {
					t.Fatal("bad reply accepted")
				}
				var fe *Error
				if !errors.As(err, &fe) || fe.Line == 0 {
					t.Errorf("error %v has no line", err)
				}
				for _, w := range c.err {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("error %q lacks %q", err, w)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Profile == nil || len(r.Profile.Layers()) == 0 || !strings.HasSuffix(r.Profile.Source, " from "+c.file) {
				t.Errorf("profile %+v", r.Profile)
			}
			if (len(r.Levels) > 0) != c.levels {
				t.Errorf("%d levels", len(r.Levels))
			}
			if c.levels {
				if _, err := atmos.New(r.Levels); err != nil {
					t.Error(err)
				}
			}
			if c.file == "uwyo_metpy_72327_bna_2002111100.txt" && !strings.Contains(strings.Join(r.Profile.Notes, "\n"), "could not be checked") {
				t.Errorf("notes %q", r.Profile.Notes)
			}
		})
	}
}

func TestFBNeedsStation(t *testing.T) {
	_, err := Decode("fb.txt", load(t, "fb_ww_fbus31_kwno_310158.txt"), "", time.Now())
	if err == nil || !strings.Contains(err.Error(), "fb.txt: an FB bulletin (FBUS31 KWNO 310158) holds 176 stations") || !strings.Contains(err.Error(), " DEN ") {
		t.Errorf("%v", err)
	}
	_, err = Decode("fb.txt", load(t, "fb_ww_fbus31_kwno_310158.txt"), "XXX", time.Now())
	if err == nil || !strings.Contains(err.Error(), `fb.txt: station "XXX" is not in this bulletin`) {
		t.Errorf("%v", err)
	}
	// a malformed group: name:line:column
	data := strings.Replace(string(load(t, "fb_ww_fbus31_kwno_310158.txt")), "DEN              2918-03", "DEN              3718-03", 1)
	_, err = Decode("fb.txt", []byte(data), "DEN", time.Now())
	if err == nil || !strings.HasPrefix(err.Error(), "fb.txt:53:18: station DEN, 9000 ft") {
		t.Errorf("%v", err)
	}
}

func TestStationMismatch(t *testing.T) {
	_, err := Decode("boi.html", load(t, "uwyo_siphon_72681_boi_2010120912.html"), "DEN", time.Now())
	if err == nil || !strings.Contains(err.Error(), "boi.html: the sounding is for BOI / 72681, not DEN") {
		t.Errorf("%v", err)
	}
	r, err := Decode("w.csv", []byte("altitude_ft,from_deg,speed_kt\n3000,270,10\n"), "DEN", time.Now())
	if err != nil || r.Format != CSV || !strings.Contains(strings.Join(r.Profile.Notes, ""), "ignored") {
		t.Errorf("%v", err)
	}
}

func TestGSLNearest(t *testing.T) {
	data := load(t, "gsl_aeharding_op40_den_2021090301.txt")
	r, err := Decode("rap.txt", data, "KDEN", time.Date(2021, 9, 3, 2, 50, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if !r.Sounding.Time.Equal(time.Date(2021, 9, 3, 3, 0, 0, 0, time.UTC)) || !strings.Contains(strings.Join(r.Profile.Notes, "\n"), "holds 3 soundings") {
		t.Errorf("picked %v; notes %q", r.Sounding.Time, r.Profile.Notes)
	}
}

func TestLevels(t *testing.T) {
	lv, s, err := Levels("bna.txt", load(t, "uwyo_metpy_72327_bna_2002111100.txt"), time.Time{})
	if err != nil || len(lv) != 53 || s == nil {
		t.Fatalf("%d levels %v", len(lv), err)
	}
	if _, _, err := Levels("fb.txt", load(t, "fb_ww_fbus31_kwno_310158.txt"), time.Now()); err == nil || !strings.Contains(err.Error(), "not a sounding") {
		t.Errorf("%v", err)
	}
	// a sounding without wind: Levels reads it, Decode refuses it
	noWind := "   PRES   HGHT   TEMP   DRCT   SKNT\n    hPa     m      C    deg   knot\n-----------------------------------\n  850.0   1509    3.8\n  700.0   3011    3.4\n"
	if lv, _, err := Levels("nw.txt", []byte(noWind), time.Time{}); err != nil || len(lv) != 2 {
		t.Errorf("levels: %v", err)
	}
	if _, err := Decode("nw.txt", []byte(noWind), "", time.Time{}); err == nil || !strings.Contains(err.Error(), "nw.txt: the sounding has no wind") {
		t.Errorf("decode: %v", err)
	}
}

func TestUnknown(t *testing.T) {
	for in, want := range map[string]string{
		"hello\nworld\n":                        `x.dat: format not recognized (extension ".dat")`,
		"<html><body>not found</body></html>\n": "x.dat:1: an HTML page",
		"":                                      "format not recognized",
	} {
		_, err := Decode("x.dat", []byte(in), "", time.Now())
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v", in, err)
		}
	}
	// a CSV row error keeps its line
	_, err := Decode("w.csv", []byte("altitude_ft,from_deg,speed_kt\n3000,270,1x\n"), "", time.Now())
	if err == nil || !strings.HasPrefix(err.Error(), "w.csv:2: ") {
		t.Errorf("%v", err)
	}
}
