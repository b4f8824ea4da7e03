package track

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
)

// withSum appends the NMEA checksum to a sentence "$…".
func withSum(s string) string {
	var x byte
	for i := 1; i < len(s); i++ {
		x ^= s[i]
	}
	return fmt.Sprintf("%s*%02X", s, x)
}

func TestNMEASentence(t *testing.T) {
	gga := "$GPGGA,143531.00,5530.0000,N,03730.0000,E,1,09,0.9,3500.0,M,14.0,M,,"
	for _, c := range []struct {
		name  string
		line  string
		last  bool
		ok    bool
		drop  string // issue kind, "" for none
		warn  string
		noSum int
	}{
		{"checked", withSum(gga), false, true, "", "", 0},
		{"blank", "   ", false, false, "", "", 0},
		{"no $", "GPGGA,1", false, false, "not an NMEA sentence (no leading $)", "", 0},
		{"bad checksum", gga + "*00", false, false, "bad NMEA checksum", "", 0},
		{"bad checksum, last line", gga + "*00", true, false, "", "last line cut short or damaged", 0},
		{"no checksum", gga, false, true, "", "", 1},
		{"no checksum, last line", gga, true, false, "", "last sentence has no *checksum", 0},
	} {
		r := nmeaReader{b: &builder{}}
		body, ok := r.sentence([]byte(c.line), 4, c.last)
		if ok != c.ok || ok && !strings.HasPrefix(string(body), "GPGGA,143531.00") || r.noSum != c.noSum {
			t.Errorf("%s: ok %v body %q noSum %d, want ok %v noSum %d", c.name, ok, body, r.noSum, c.ok, c.noSum)
		}
		if (c.drop == "") != (len(r.b.issues) == 0) || c.drop != "" && (r.b.issues[0].kind != c.drop || r.b.issues[0].line != 4) {
			t.Errorf("%s: issues %+v, want %q", c.name, r.b.issues, c.drop)
		}
		if (c.warn == "") != (len(r.b.warns) == 0) || c.warn != "" && !strings.Contains(r.b.warns[0].Msg, c.warn) {
			t.Errorf("%s: warnings %+v, want %q", c.name, r.b.warns, c.warn)
		}
	}
}

func TestNMEAEpochSentences(t *testing.T) {
	fields := func(s string) [][]byte { return splitFields(nil, []byte(s)) }
	for _, c := range []struct {
		name, sentence, why string
	}{
		{"GGA", "GPGGA,143531.00,5530.0000,N,03730.0000,W,1,09,0.9,3500.0,M,14.0,M,,", ""},
		{"GGA without a fix", "GPGGA,143531.00,5530.0000,N,03730.0000,E,0,09,0.9,3500.0,M,14.0,M,,", "GGA without a fix (quality 0)"},
		{"GGA with 61 minutes", "GPGGA,143531.00,5561.0000,N,03730.0000,E,1,09,0.9,3500.0,M,14.0,M,,", "GGA with a bad latitude, longitude or altitude"},
		{"RMC", "GNRMC,143531.00,A,5530.0000,S,03730.0000,E,10.0,90.0,070614,,,A", ""},
		{"RMC status V", "GNRMC,143531.00,V,5530.0000,N,03730.0000,E,10.0,90.0,070614,,,N", "RMC status V (no valid fix)"},
	} {
		ep := nmeaEpoch{speed: math.NaN(), course: math.NaN(), numSV: -1}
		var why string
		if strings.Contains(c.sentence, "GGA") {
			why = ep.takeGGA(fields(c.sentence), 12)
		} else {
			why = ep.takeRMC(fields(c.sentence))
		}
		if why != c.why {
			t.Errorf("%s: %q, want %q", c.name, why, c.why)
			continue
		}
		switch {
		case c.why != "":
		case c.name == "GGA":
			if !ep.gga || ep.lat != 55.5 || ep.lon != -37.5 || ep.alt != 3500 || ep.numSV != 9 || ep.line != 12 {
				t.Errorf("GGA: %+v", ep)
			}
		case c.name == "RMC":
			want := time.Date(2014, 6, 7, 0, 0, 0, 0, time.UTC)
			if !ep.rmc || !ep.hasDate || !ep.date.Equal(want) || math.Abs(ep.speed-10*knot) > 1e-12 || ep.course != 90 || ep.lat != -55.5 || ep.lon != 37.5 {
				t.Errorf("RMC: %+v", ep)
			}
		}
	}
}

func TestRMCDate(t *testing.T) {
	for _, c := range []struct {
		in   string
		want time.Time // zero: invalid
	}{
		{"070614", time.Date(2014, 6, 7, 0, 0, 0, 0, time.UTC)},
		{"311299", time.Date(1999, 12, 31, 0, 0, 0, 0, time.UTC)},
		{"010180", time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"010179", time.Date(2079, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"001314", time.Time{}},
		{"0706", time.Time{}},
		{"07x614", time.Time{}},
	} {
		got, ok := rmcDate([]byte(c.in))
		if ok != !c.want.IsZero() || ok && !got.Equal(c.want) {
			t.Errorf("rmcDate(%q) = %v %v, want %v", c.in, got, ok, c.want)
		}
	}
}

func TestNMEAEmit(t *testing.T) {
	r := nmeaReader{b: &builder{}, lastTod: -1}
	date := time.Date(2014, 6, 7, 0, 0, 0, 0, time.UTC)
	// a GGA epoch before any date waits; the next epoch's RMC date dates both
	r.emit(&nmeaEpoch{tod: "235959.00", line: 1, gga: true, lat: 1, lon: 2, alt: 3, speed: math.NaN(), course: math.NaN()})
	if len(r.b.pts) != 0 || len(r.pending) != 1 {
		t.Fatalf("undated epoch: points %d, pending %d", len(r.b.pts), len(r.pending))
	}
	r.emit(&nmeaEpoch{tod: "000001.00", line: 2, gga: true, rmc: true, hasDate: true, date: date, lat: 1, lon: 2, alt: 3, speed: 0, course: math.NaN()})
	if len(r.b.pts) != 2 || len(r.pending) != 0 {
		t.Fatalf("dated: points %d, pending %d", len(r.b.pts), len(r.pending))
	}
	if want := date.Add(86399 * time.Second); !r.b.pts[0].T.Equal(want) {
		t.Errorf("first point at %v, want %v", r.b.pts[0].T, want)
	}
	if r.b.pts[1].VelN != 0 || r.b.pts[1].VelE != 0 {
		t.Errorf("RMC speed 0 without a course: velocity %v %v, want 0 0", r.b.pts[1].VelN, r.b.pts[1].VelE)
	}
	// past midnight without a new date: the next day
	r.emit(&nmeaEpoch{tod: "000002.00", line: 3, gga: true, speed: math.NaN(), course: math.NaN()})
	r.emit(&nmeaEpoch{tod: "235959.00", line: 4, gga: true, speed: math.NaN(), course: math.NaN()})
	r.emit(&nmeaEpoch{tod: "000003.00", line: 5, gga: true, speed: math.NaN(), course: math.NaN()})
	if got, want := r.b.pts[4].T, date.AddDate(0, 0, 1).Add(3*time.Second); !got.Equal(want) {
		t.Errorf("after midnight: %v, want %v", got, want)
	}
	// RMC alone has no altitude
	r.emit(&nmeaEpoch{tod: "000004.00", line: 6, rmc: true})
	if n := len(r.b.issues); n != 1 || r.b.issues[0].kind != "RMC without a GGA for the same time (no altitude)" {
		t.Errorf("RMC without GGA: issues %+v", r.b.issues)
	}
}
