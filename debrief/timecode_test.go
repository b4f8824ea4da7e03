package debrief

import (
	"math"
	"strings"
	"testing"
	"time"
)

func TestTimecodes(t *testing.T) {
	exit := time.Date(2026, 11, 25, 10, 51, 52, 0, time.UTC)
	ev := []NamedTime{{"exit", exit}, {"canopy_open", exit.Add(115 * time.Second)}, {"landing", exit.Add(215 * time.Second)}}
	// no sync: the video started 83.4 s before the exit
	tc, _, err := Timecodes(ev, exit.Add(-83400*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	if tc[0].Text != "0:01:23.400" || tc[2].Text != "0:04:58.400" {
		t.Errorf("timecodes %v", tc)
	}
	// two sync points with a camera clock 0.2 % fast, 2 s off
	rate := 1.002
	sync := func(at time.Time) SyncPoint {
		return SyncPoint{At: at, Video: 2*time.Second + time.Duration(rate*float64(at.Sub(exit.Add(-time.Minute))))}
	}
	tc, c, err := Timecodes(ev, time.Time{}, sync(exit), sync(exit.Add(200*time.Second)))
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(c.Rate-rate) > 1e-9 {
		t.Errorf("rate %.6f, want %.6f", c.Rate, rate)
	}
	wantOpen := sync(ev[1].Time).Video
	if d := tc[1].Video - wantOpen; d > time.Millisecond || d < -time.Millisecond {
		t.Errorf("opening at %v, want %v", tc[1].Video, wantOpen)
	}
	if _, _, err := Timecodes(ev, time.Time{}); err == nil {
		t.Error("no start and no sync accepted")
	}
	if _, err := NewClock(time.Time{}, []SyncPoint{{exit, 0}, {exit.Add(100 * time.Second), 150 * time.Second}}); err == nil {
		t.Error("a 50 % clock error accepted")
	}
}

func TestParseTimecode(t *testing.T) {
	cases := []struct {
		in   string
		want time.Duration
		err  bool
	}{
		{"83.4", 83400 * time.Millisecond, false},
		{"1:23.4", 83400 * time.Millisecond, false},
		{"0:01:23.400", 83400 * time.Millisecond, false},
		{"1:00:00", time.Hour, false},
		{"1:60", 0, true},
		{"-5", 0, true},
		{"1e3", 0, true},
		{"1:2:3:4", 0, true},
		{"", 0, true},
		{"1.5:00", 0, true},
	}
	for _, c := range cases {
		got, err := ParseTimecode(c.in)
		if (err != nil) != c.err || got != c.want {
			t.Errorf("ParseTimecode(%q) = %v, %v; want %v, error %v", c.in, got, err, c.want, c.err)
		}
	}
	if s := FormatTimecode(-1500 * time.Millisecond); s != "-0:00:01.500" {
		t.Errorf("FormatTimecode = %q", s)
	}
	ev := []NamedTime{{"exit", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}}
	sp, err := ParseSync("exit=1:23.4", ev)
	if err != nil || sp.Video != 83400*time.Millisecond || !sp.At.Equal(ev[0].Time) {
		t.Errorf("ParseSync: %+v %v", sp, err)
	}
	if _, err := ParseSync("2026-01-01T00:00:05Z=10", ev); err != nil {
		t.Error(err)
	}
	if _, err := ParseSync("jump=10", ev); err == nil || !strings.Contains(err.Error(), "exit") {
		t.Errorf("unknown event: %v", err)
	}
}

func FuzzParseSync(f *testing.F) {
	for _, s := range []string{"exit=0:01:23.4", "landing=83", "2026-01-01T00:00:05Z=1:00:00", "=", "exit=1:60", "x"} {
		f.Add(s)
	}
	ev := []NamedTime{{"exit", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}, {"landing", time.Date(2026, 1, 1, 0, 3, 0, 0, time.UTC)}}
	f.Fuzz(func(t *testing.T, s string) {
		sp, err := ParseSync(s, ev)
		if err == nil {
			if sp.Video < 0 {
				t.Fatalf("%q: negative video time %v", s, sp.Video)
			}
			back, err := ParseTimecode(FormatTimecode(sp.Video))
			if err != nil || (back-sp.Video).Abs() > time.Millisecond {
				t.Fatalf("%q: %v does not round-trip: %v %v", s, sp.Video, back, err)
			}
		}
	})
}
