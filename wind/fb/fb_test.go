package fb

import (
	"math"
	"os"
	"strings"
	"testing"
	"time"

	"halo/atmos"
	"halo/units"

	"halo/internal/testdata"
)

// The bulletins in testdata are unedited api.weather.gov products; see
// testdata/winds/SOURCES.md (at the repository root) for where each was taken from and its issue date (the
// api.weather.gov issuanceTime stored next to the text).

func open(t *testing.T, name string, ref time.Time) *Bulletin {
	t.Helper()
	f, err := os.Open(testdata.Path(t, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := Parse(f, ref)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return b
}

func utc(y int, mo time.Month, d, h, mi int) time.Time {
	return time.Date(y, mo, d, h, mi, 0, 0, time.UTC)
}

// TestRealBulletins reads every real bulletin and checks its heading, times,
// levels and station count against SOURCES.md.
func TestRealBulletins(t *testing.T) {
	cases := []struct {
		file                                 string
		ref                                  time.Time // the api.weather.gov issuanceTime, a few minutes late as a download would be
		heading, product                     string
		issued, based, valid, useFrom, useTo time.Time
		stations, levels, negAbove           int
	}{
		{"fb_ww_fbus31_kwno_310158.txt", utc(2026, 1, 31, 2, 10), "FBUS31 KWNO 310158", "FD1US1",
			utc(2026, 1, 31, 1, 58), utc(2026, 1, 31, 0, 0), utc(2026, 1, 31, 6, 0), utc(2026, 1, 31, 2, 0), utc(2026, 1, 31, 9, 0), 176, 9, 24000},
		// 24-hour forecast: VALID is the next day.
		{"fb_ww_fbus35_kwno_151359.txt", utc(2026, 4, 15, 14, 5), "FBUS35 KWNO 151359", "FD5US5",
			utc(2026, 4, 15, 13, 59), utc(2026, 4, 15, 12, 0), utc(2026, 4, 16, 12, 0), utc(2026, 4, 16, 6, 0), utc(2026, 4, 16, 18, 0), 176, 9, 24000},
		{"fb_faa_fbak31_kwno_031352.txt", utc(2019, 9, 3, 14, 0), "FBAK31 KWNO 031352", "FD1AK1",
			utc(2019, 9, 3, 13, 52), utc(2019, 9, 3, 12, 0), utc(2019, 9, 3, 18, 0), utc(2019, 9, 3, 14, 0), utc(2019, 9, 3, 21, 0), 36, 9, 24000},
		{"fb_faa_fbhw31_kwno_031352.txt", utc(2019, 9, 3, 14, 0), "FBHW31 KWNO 031352", "FD1HW1",
			utc(2019, 9, 3, 13, 52), utc(2019, 9, 3, 12, 0), utc(2019, 9, 3, 18, 0), utc(2019, 9, 3, 14, 0), utc(2019, 9, 3, 21, 0), 6, 10, 24000},
		// no empty line before FT
		{"fb_faa_fboc31_kwno_031537.txt", utc(2019, 9, 3, 16, 0), "FBOC31 KWNO 031537", "FD1OC1",
			utc(2019, 9, 3, 15, 37), utc(2019, 9, 3, 12, 0), utc(2019, 9, 3, 18, 0), utc(2019, 9, 3, 14, 0), utc(2019, 9, 3, 21, 0), 15, 10, 24000},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			b := open(t, c.file, c.ref)
			if b.Heading != c.heading || b.Product != c.product {
				t.Errorf("heading %q product %q, want %q %q", b.Heading, b.Product, c.heading, c.product)
			}
			for _, tt := range []struct {
				name      string
				got, want time.Time
			}{{"issued", b.Issued, c.issued}, {"based", b.Based, c.based}, {"valid", b.Valid, c.valid}, {"use from", b.UseFrom, c.useFrom}, {"use to", b.UseTo, c.useTo}} {
				if !tt.got.Equal(tt.want) {
					t.Errorf("%s %v, want %v", tt.name, tt.got, tt.want)
				}
			}
			if len(b.Stations) != c.stations || len(b.Levels) != c.levels || b.NegAbove != c.negAbove {
				t.Errorf("%d stations %d levels neg above %d, want %d %d %d", len(b.Stations), len(b.Levels), b.NegAbove, c.stations, c.levels, c.negAbove)
			}
			// every station gives a valid profile
			for _, id := range b.StationIDs() {
				p, err := b.Profile(id)
				if err != nil {
					t.Fatalf("%s: %v", id, err)
				}
				if !p.Issued.Equal(c.issued) || !p.ValidFrom.Equal(c.useFrom) || !p.ValidTo.Equal(c.useTo) {
					t.Errorf("%s: profile times %v %v %v", id, p.Issued, p.ValidFrom, p.ValidTo)
				}
			}
		})
	}
}

// TestLevelColumns checks the group start columns (1-based) against FB-FORMAT.md
// section 5 (0-based there: 4, 9, 17, 25, 33, 41, 49, 56, 63 and 4, 9, 14, 19, 24,
// 32, 40, 48, 56, 64).
func TestLevelColumns(t *testing.T) {
	for file, want := range map[string][]int{
		"fb_ww_fbus31_kwno_310158.txt":  {5, 10, 18, 26, 34, 42, 50, 57, 64},
		"fb_faa_fbhw31_kwno_031352.txt": {5, 10, 15, 20, 25, 33, 41, 49, 57, 65},
	} {
		b := open(t, file, utc(2026, 1, 31, 3, 0))
		var got []int
		for _, l := range b.Levels {
			got = append(got, l.Col)
		}
		if len(got) != len(want) {
			t.Fatalf("%s: columns %v, want %v", file, got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("%s: columns %v, want %v", file, got, want)
				break
			}
		}
	}
}

const kt = units.Knot

// TestSpotGroups decodes groups checked by hand from the raw text (quoted in
// each case).
func TestSpotGroups(t *testing.T) {
	nan := math.NaN()
	cases := []struct {
		file, station string
		feet          int
		raw           string
		blank, calm   bool
		dir, speedKt  float64
		tempC         float64
		atLeast       bool
	}{
		// DEN line 53 of FBUS31: "DEN              2918-03 3220-09 3446-20 3455-30 338044 348755 339365"
		{"fb_ww_fbus31_kwno_310158.txt", "DEN", 3000, "", true, false, 0, 0, nan, false},
		{"fb_ww_fbus31_kwno_310158.txt", "DEN", 6000, "", true, false, 0, 0, nan, false},
		{"fb_ww_fbus31_kwno_310158.txt", "DEN", 9000, "2918-03", false, false, 290, 18, -3, false},
		{"fb_ww_fbus31_kwno_310158.txt", "DEN", 30000, "338044", false, false, 330, 80, -44, false}, // sign implied above 24000
		{"fb_ww_fbus31_kwno_310158.txt", "DEN", 39000, "339365", false, false, 330, 93, -65, false},
		// ABI: "ABI      3114+02 3222-06 3232-10 3248-22 3473-32 359045 850053 329558"
		{"fb_ww_fbus31_kwno_310158.txt", "ABI", 34000, "850053", false, false, 350, 100, -53, false}, // 85-50=35, 00+100 kt
		// BRO: "BRO 0225 0124+05 3321+00 3128-05 2867-16 7701-25 771937 782446 781256"
		{"fb_ww_fbus31_kwno_310158.txt", "BRO", 3000, "0225", false, false, 20, 25, nan, false},       // no temperature at 3000 ft
		{"fb_ww_fbus31_kwno_310158.txt", "BRO", 9000, "3321+00", false, false, 330, 21, 0, false},     // +00 is 0 °C, not missing
		{"fb_ww_fbus31_kwno_310158.txt", "BRO", 24000, "7701-25", false, false, 270, 101, -25, false}, // +50 code at 24000 with explicit sign
		{"fb_ww_fbus31_kwno_310158.txt", "BRO", 34000, "782446", false, false, 280, 124, -46, false},  // 78-50=28, 24+100
		{"fb_ww_fbus31_kwno_310158.txt", "ATL", 34000, "760252", false, false, 260, 102, -52, false},  // ATL "... 259849 760252 259552"
		{"fb_ww_fbus31_kwno_310158.txt", "ABR", 39000, "840464", false, false, 340, 104, -64, false},  // ABR "... 359859 840464"
		{"fb_ww_fbus31_kwno_310158.txt", "ABR", 12000, "9900-18", false, true, 0, 0, -18, false},      // light and variable with temperature
		{"fb_ww_fbus31_kwno_310158.txt", "BUF", 30000, "990055", false, true, 0, 0, -55, false},       // BUF "... 0512-47 990055 261755"
		{"fb_ww_fbus31_kwno_310158.txt", "AMA", 6000, "0708", false, false, 70, 8, nan, false},        // "AMA      0708    3011-05": 4-digit group at 6000
		{"fb_ww_fbus31_kwno_310158.txt", "SLC", 6000, "9900", false, true, 0, 0, nan, false},          // "SLC      9900    2712+00"
		{"fb_ww_fbus31_kwno_310158.txt", "4J3", 24000, "7612-25", false, false, 260, 112, -25, false}, // digits in the identifier
		{"fb_ww_fbus35_kwno_151359.txt", "DEN", 30000, "244145", false, false, 240, 41, -45, false},   // "DEN              2728+06 2720-01 2425-16 2436-29 244145 244254 245063"
		{"fb_faa_fbak31_kwno_031352.txt", "BTT", 30000, "990048", false, true, 0, 0, -48, false},      // Alaska "BTT ... 2205-34 990048 120554"
		{"fb_faa_fbak31_kwno_031352.txt", "ORT", 3000, "", true, false, 0, 0, nan, false},             // "ORT      2621+03"
		{"fb_faa_fbak31_kwno_031352.txt", "5AB", 39000, "253853", false, false, 250, 38, -53, false},  // "5AB ... 243255 253853"
		{"fb_faa_fbhw31_kwno_031352.txt", "LNY", 1500, "", true, false, 0, 0, nan, false},             // "LNY           0911 1011 9900+14"
		{"fb_faa_fbhw31_kwno_031352.txt", "LNY", 2000, "0911", false, false, 90, 11, nan, false},      // Hawaii levels 1000..24000
		{"fb_faa_fbhw31_kwno_031352.txt", "LNY", 24000, "2816-17", false, false, 280, 16, -17, false}, // signed at 24000 (no level above)
		{"fb_faa_fboc31_kwno_031537.txt", "PPG", 24000, "2579-34", false, false, 250, 79, -34, false}, // "PPG ... 2661-21 2579-34"
		{"fb_faa_fboc31_kwno_031537.txt", "T11", 9000, "9900+13", false, true, 0, 0, 13, false},       // "T11 1318 1319 1318 1315 1308+17 9900+13"
		{"fb_faa_fboc31_kwno_031537.txt", "GSN", 1000, "9900", false, true, 0, 0, nan, false},         // "GSN 9900 9900 9900 9900 1111+19"
		{"fb_faa_fboc31_kwno_031537.txt", "AWK", 15000, "0317+00", false, false, 30, 17, 0, false},    // "AWK ... 3511+06 0317+00"
		{"fb_faa_fboc31_kwno_031537.txt", "TTK", 18000, "3313-06", false, false, 330, 13, -6, false},  // "TTK ... 2808+02 3313-06 2818-17"
		{"fb_faa_fbak31_kwno_031352.txt", "FAI", 9000, "9900-03", false, true, 0, 0, -3, false},       // "FAI 2610 2605+02 9900-03"
		{"fb_ww_fbus31_kwno_310158.txt", "AXN", 30000, "366255", false, false, 0, 62, -55, false},     // direction code 36 = 360° = north (0°)
		{"fb_ww_fbus31_kwno_310158.txt", "ALS", 12000, "3113-08", false, false, 310, 13, -8, false},   // "ALS                      3113-08": blank 3000-9000
		{"fb_ww_fbus31_kwno_310158.txt", "ABQ", 9000, "3513+00", false, false, 350, 13, 0, false},     // "ABQ              3513+00"
	}
	for _, c := range cases {
		b := open(t, c.file, utc(2026, 4, 16, 0, 0))
		st, err := b.Find(c.station)
		if err != nil {
			t.Fatal(err)
		}
		var g *Group
		for i := range st.Groups {
			if st.Groups[i].Feet == c.feet {
				g = &st.Groups[i]
			}
		}
		if g == nil {
			t.Fatalf("%s %s: no level %d", c.file, c.station, c.feet)
		}
		name := c.station + " " + c.raw
		if g.Raw != c.raw || g.Blank != c.blank || g.Calm != c.calm || g.AtLeast != c.atLeast {
			t.Errorf("%s: got raw %q blank %v calm %v atleast %v", name, g.Raw, g.Blank, g.Calm, g.AtLeast)
		}
		if g.FromDeg != c.dir || g.SpeedKt != c.speedKt {
			t.Errorf("%s: got %v° %v kt, want %v° %v kt", name, g.FromDeg, g.SpeedKt, c.dir, c.speedKt)
		}
		if !(math.IsNaN(c.tempC) && math.IsNaN(g.TempC)) && g.TempC != c.tempC {
			t.Errorf("%s: got %v °C, want %v", name, g.TempC, c.tempC)
		}
	}
}

// TestDenverProfile checks the profile's layers: true altitudes below 18,000 ft,
// standard-atmosphere geometric altitude of the pressure altitude above, SI units.
func TestDenverProfile(t *testing.T) {
	b := open(t, "fb_ww_fbus31_kwno_310158.txt", utc(2026, 1, 31, 2, 10))
	p, err := b.Profile("kden") // ICAO form and lower case accepted
	if err != nil {
		t.Fatal(err)
	}
	ls := p.Layers()
	if len(ls) != 7 { // 3000 and 6000 blank
		t.Fatalf("%d layers, want 7", len(ls))
	}
	// 9000 ft "2918-03": true altitude 2743.2 m, 290°, 18 kt = 9.26 m/s, 270.15 K
	if l := ls[0]; math.Abs(l.Alt-2743.2) > 1e-9 || l.FromDeg != 290 || math.Abs(l.Speed-18*kt) > 1e-12 || math.Abs(l.Temp-270.15) > 1e-9 {
		t.Errorf("9000 ft layer %+v", l)
	}
	// 30000 ft "338044": FL300 = 9144 m geopotential -> 9157.17 m geometric
	// (z = r0·H/(r0−H), r0 = 6356766 m), 330°, 80 kt, -44 °C.
	l := ls[4]
	if math.Abs(l.Alt-atmos.Geometric(9144)) > 1e-9 || math.Abs(l.Alt-9157.17) > 0.01 || l.FromDeg != 330 || math.Abs(l.Speed-80*kt) > 1e-12 || math.Abs(l.Temp-229.15) > 1e-9 {
		t.Errorf("30000 ft layer %+v", l)
	}
	// the standard atmosphere's pressure at that altitude is the FL300 pressure, 300.9 hPa
	// (ICAO/USSA table value for 30,000 ft: 300.9 hPa).
	if s, _ := atmos.Standard(l.Alt); math.Abs(s.P/100-300.9) > 0.1 {
		t.Errorf("pressure at the 30000 ft layer %.2f hPa, want 300.9", s.P/100)
	}
	if p.Source != "FB FBUS31 KWNO 310158 FD1US1 DEN" {
		t.Errorf("source %q", p.Source)
	}
	notes := strings.Join(p.Notes, "\n")
	for _, want := range []string{"month and year", "pressure altitudes", "3000, 6000 ft", "KDEN"} {
		if !strings.Contains(notes, want) && !strings.Contains(strings.ToUpper(notes), strings.ToUpper(want)) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
	// light and variable is a Variable layer used as calm
	p2, _ := b.Profile("BUF")
	for _, l := range p2.Layers() {
		if math.Abs(l.Alt-atmos.Geometric(30000*units.Foot)) < 1e-6 {
			if !l.Variable || l.Speed != 0 || math.Abs(l.Temp-218.15) > 1e-9 {
				t.Errorf("BUF 30000 ft %+v, want variable, -55 °C", l)
			}
			if u, v := p2.At(l.Alt); u != 0 || v != 0 {
				t.Errorf("BUF 30000 ft wind %v %v, want calm", u, v)
			}
		}
	}
}

// A bulletin built for the error tests: two stations on the CONUS layout.
const tmpl = `
000
FBUS31 KWNO 310158
FD1US1
DATA BASED ON 310000Z    
VALID 310600Z   FOR USE 0200-0900Z. TEMPS NEG ABV 24000

FT  3000    6000    9000   12000   18000   24000  30000  34000  39000
DEN              2918-03 3220-09 3446-20 3455-30 338044 348755 339365
ABI      3114+02 3222-06 3232-10 3248-22 3473-32 359045 850053 329558
`

func TestTemplateParses(t *testing.T) {
	b, err := Parse(strings.NewReader(tmpl), utc(2026, 1, 31, 3, 0))
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Stations) != 2 {
		t.Fatalf("%d stations", len(b.Stations))
	}
}

// TestMalformed replaces one part of the template and checks the error names the
// line and column (1-based) and says what is wrong.
func TestMalformed(t *testing.T) {
	den := "DEN              2918-03 3220-09 3446-20 3455-30 338044 348755 339365"
	cases := []struct {
		name, old, new string
		want           []string
	}{
		{"truncated group", den, "DEN              2918-0  3220-09 3446-20 3455-30 338044 348755 339365", []string{"line 9, column 18", "DEN, 9000 ft", `"2918-0"`, "2 digits"}},
		{"letters", den, "DEN              29A8-03 3220-09 3446-20 3455-30 338044 348755 339365", []string{"line 9, column 18", "4 digits"}},
		{"direction 37", den, "DEN              3718-03 3220-09 3446-20 3455-30 338044 348755 339365", []string{"line 9, column 18", "direction code 37 is invalid"}},
		{"direction 00", den, "DEN              0018-03 3220-09 3446-20 3455-30 338044 348755 339365", []string{"line 9, column 18", "direction code 00"}},
		{"direction 90", den, "DEN              2918-03 3220-09 3446-20 3455-30 908044 348755 339365", []string{"line 9, column 50", "DEN, 30000 ft", "direction code 90"}},
		{"variable with speed", den, "DEN              9918-03 3220-09 3446-20 3455-30 338044 348755 339365", []string{"line 9, column 18", "variable direction"}},
		{"misaligned", den, "DEN               2918-03 3220-09 3446-20 3455-30 338044 348755 339365", []string{"line 9, column 19", "does not start at column 18"}},
		{"run together", den, "DEN              2918-033220-09 3446-20 3455-30 338044 348755 339365", []string{"line 9, column 18", "8 characters"}},
		{"unsigned below threshold", den, "DEN              2918-03 3220-09 344620  3455-30 338044 348755 339365", []string{"line 9, column 34", "18000 ft", "without a sign"}},
		{"positive above threshold", den, "DEN              2918-03 3220-09 3446-20 3455-30 3380+44348755 339365", []string{"line 9"}},
		{"long group", den, "DEN              2918-03 3220-09 3446-20 3455-30 338044 348755 33936512", []string{"line 9, column 64", "8 characters"}},
		{"short group", den, "DEN              2918-03 3220-09 3446-20 3455-30 338044 348755 339", []string{"line 9, column 64", "3 characters"}},
		{"bad sign", den, "DEN              2918*03 3220-09 3446-20 3455-30 338044 348755 339365", []string{"line 9, column 18", "sign"}},
		{"tab", den, "DEN\t             2918-03", []string{"line 9, column 4", "tab"}},
		{"bad station", den, "D-N              2918-03 3220-09 3446-20 3455-30 338044 348755 339365", []string{"line 9, column 1", "not a station line"}},
		{"second FT", "ABI ", "FT  3000    6000\nABI ", []string{"line 10", "second FT"}},
		{"duplicate station", "ABI ", "DEN ", []string{"line 10", "appears twice"}},
		{"no FT", "FT  3000", "XT  3000", []string{"line 8", "not part of an FB bulletin heading"}},
		{"garbage heading", "FD1US1", "<html>", []string{"line 4", "not part of an FB"}},
		{"bad VALID", "VALID 310600Z", "VALID 3106Z", []string{"line 6", "VALID line"}},
		{"bad day", "VALID 310600Z", "VALID 320600Z", []string{"VALID", "DDHHMM"}},
		{"bad FOR USE", "0200-0900Z", "0200-0960Z", []string{"FOR USE"}},
		{"FT not increasing", "30000  34000", "30000  24000", []string{"line 8", "not above"}},
		{"text after end", "ABI ", "$$\nABI ", []string{"line 11", "after the end"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(tmpl, c.old) {
				t.Fatalf("template lacks %q", c.old)
			}
			in := strings.Replace(tmpl, c.old, c.new, 1)
			_, err := Parse(strings.NewReader(in), utc(2026, 1, 31, 3, 0))
			if err == nil {
				t.Fatalf("no error for\n%s", in)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestUnknownStationListsStations(t *testing.T) {
	_, err := Read(strings.NewReader(tmpl), "XYZ", utc(2026, 1, 31, 3, 0))
	if err == nil || !strings.Contains(err.Error(), `"XYZ"`) || !strings.Contains(err.Error(), "ABI DEN") {
		t.Fatalf("error %v", err)
	}
}

func TestNeedsReference(t *testing.T) {
	if _, err := Parse(strings.NewReader(tmpl), time.Time{}); err == nil || !strings.Contains(err.Error(), "reference time") {
		t.Fatalf("error %v", err)
	}
}

// TestMonthEnd: DATA BASED ON 301800Z, VALID 010000Z, FOR USE 2000-0300Z (the
// example of FB-FORMAT.md section 2): run 30 April 18Z, valid 1 May 00Z, use from 30
// April 20Z to 1 May 03Z, with the file fetched on 30 April 20:05Z.
func TestMonthEnd(t *testing.T) {
	in := strings.NewReplacer("FBUS31 KWNO 310158", "FBUS31 KWNO 302000", "DATA BASED ON 310000Z", "DATA BASED ON 301800Z",
		"VALID 310600Z   FOR USE 0200-0900Z", "VALID 010000Z   FOR USE 2000-0300Z").Replace(tmpl)
	b, err := Parse(strings.NewReader(in), utc(2026, 4, 30, 20, 5))
	if err != nil {
		t.Fatal(err)
	}
	want := []time.Time{utc(2026, 4, 30, 20, 0), utc(2026, 4, 30, 18, 0), utc(2026, 5, 1, 0, 0), utc(2026, 4, 30, 20, 0), utc(2026, 5, 1, 3, 0)}
	got := []time.Time{b.Issued, b.Based, b.Valid, b.UseFrom, b.UseTo}
	for i := range want {
		if !got[i].Equal(want[i]) {
			t.Errorf("time %d: %v, want %v", i, got[i], want[i])
		}
	}
	// year end: issued 31 Dec, referenced on 1 Jan
	in = strings.NewReplacer("DATA BASED ON 310000Z", "DATA BASED ON 311800Z", "VALID 310600Z   FOR USE 0200-0900Z", "VALID 010000Z   FOR USE 2000-0300Z").Replace(tmpl)
	in = strings.Replace(in, "FBUS31 KWNO 310158", "FBUS31 KWNO 311958", 1)
	b, err = Parse(strings.NewReader(in), utc(2027, 1, 1, 0, 30))
	if err != nil {
		t.Fatal(err)
	}
	if !b.Issued.Equal(utc(2026, 12, 31, 19, 58)) || !b.Valid.Equal(utc(2027, 1, 1, 0, 0)) {
		t.Errorf("issued %v valid %v", b.Issued, b.Valid)
	}
}

// TestAtLeast199 covers the 199-kt cap (Wikipedia "Winds aloft": 7799 = 270° at
// 199 kt or more) and 5100 = 010° at 100 kt (FB-FORMAT.md 3.3).
func TestAtLeast199(t *testing.T) {
	in := strings.Replace(tmpl, "338044 348755 339365", "338044 779955 510065", 1)
	b, err := Parse(strings.NewReader(in), utc(2026, 1, 31, 3, 0))
	if err != nil {
		t.Fatal(err)
	}
	st, _ := b.Find("DEN")
	g := st.Groups[7]
	if g.FromDeg != 270 || g.SpeedKt != 199 || !g.AtLeast {
		t.Errorf("7799 decoded %+v", g)
	}
	g = st.Groups[8]
	if g.FromDeg != 10 || g.SpeedKt != 100 || g.AtLeast || g.TempC != -65 {
		t.Errorf("510065 decoded %+v", g)
	}
	p, _ := b.Profile("DEN")
	if !strings.Contains(strings.Join(p.Notes, "\n"), "199 kt OR MORE") {
		t.Errorf("notes lack the 199 kt warning: %v", p.Notes)
	}
}

// TestExtractedHeading reads the aviationweather.gov form of the heading.
func TestExtractedHeading(t *testing.T) {
	in := strings.Replace(tmpl, "\n000\nFBUS31 KWNO 310158\n", "(Extracted from FBUS31 KWNO 310158)\n", 1)
	b, err := Parse(strings.NewReader(in), utc(2026, 1, 31, 3, 0))
	if err != nil {
		t.Fatal(err)
	}
	if b.Heading != "FBUS31 KWNO 310158" || !b.Issued.Equal(utc(2026, 1, 31, 1, 58)) {
		t.Errorf("heading %q issued %v", b.Heading, b.Issued)
	}
	// CRLF line ends are accepted
	if _, err := Parse(strings.NewReader(strings.ReplaceAll(tmpl, "\n", "\r\n")), utc(2026, 1, 31, 3, 0)); err != nil {
		t.Error(err)
	}
}
