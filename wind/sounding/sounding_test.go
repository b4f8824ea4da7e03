package sounding

import (
	"math"
	"strings"
	"testing"
	"time"
)

var nan = math.NaN()

func TestBuild(t *testing.T) {
	rows := []Row{
		{Line: 1, P: 100000, H: 100, T: nan, Dir: nan, Speed: nan}, // below ground: nothing
		{Line: 2, P: 95000, H: 500, T: 290, Dir: 270, Speed: 5},
		{Line: 3, P: 90000, H: nan, T: 288, Dir: 260, Speed: 6}, // no height: noted
		{Line: 4, P: 85000, H: 1500, T: 283, Dir: 360, Speed: 10},
		{Line: 5, P: 85000, H: 1500, T: 284, Dir: 10, Speed: 12}, // same height, different values: first kept, noted
		{Line: 6, P: 70000, H: 3000, T: 275, Dir: nan, Speed: nan},
		{Line: 7, P: 80000, H: 2000, T: 280, Dir: 300, Speed: 8}, // out of order: sorted
	}
	s := &Sounding{Time: time.Date(2020, 1, 1, 12, 0, 0, 0, time.UTC)}
	if err := s.Build("test", rows); err != nil {
		t.Fatal(err)
	}
	if len(s.Levels) != 4 || len(s.Profile.Layers()) != 3 {
		t.Fatalf("%d levels %d winds", len(s.Levels), len(s.Profile.Layers()))
	}
	// 1500 gpm -> 1500·6356766/(6356766−1500) = 1500.354 m
	l := s.Profile.Layers()[1]
	if math.Abs(l.Alt-1500.354) > 0.001 || l.FromDeg != 0 || l.Speed != 10 || l.Temp != 283 {
		t.Errorf("%+v", l)
	}
	if s.Levels[2].Alt >= s.Levels[3].Alt || s.Levels[3].P != 70000 {
		t.Errorf("levels %+v", s.Levels)
	}
	notes := strings.Join(s.Notes, "\n")
	for _, w := range []string{"line 3: the row (900.0 hPa) has no height", "line 5: a second wind", "line 5: a second temperature", "geopotential"} {
		if !strings.Contains(notes, w) {
			t.Errorf("notes lack %q:\n%s", w, notes)
		}
	}
	if !s.Profile.Issued.Equal(s.Time) || !s.Profile.ValidFrom.IsZero() {
		t.Errorf("observation times %v %v", s.Profile.Issued, s.Profile.ValidFrom)
	}
}

func TestBuildErrors(t *testing.T) {
	for _, c := range []struct {
		row  Row
		want string
	}{
		{Row{Line: 7, P: 85000, H: 1500, T: 400, Dir: nan, Speed: nan}, "line 7: temperature"},
		{Row{Line: 7, P: 0, H: 1500, T: 280, Dir: nan, Speed: nan}, "line 7: pressure"},
		{Row{Line: 7, P: 85000, H: 1500, T: nan, Dir: 361, Speed: 3}, "line 7: wind direction"},
		{Row{Line: 7, P: 85000, H: 1500, T: nan, Dir: 10, Speed: -1}, "line 7: wind speed"},
		{Row{Line: 7, P: 85000, H: 99000, T: 280, Dir: nan, Speed: nan}, "line 7: height"},
		{Row{Line: 7, P: 85000, H: math.Inf(1), T: 280, Dir: nan, Speed: nan}, "line 7: height"},
		{Row{Line: 7, P: 85000, H: nan, T: nan, Dir: nan, Speed: nan}, "empty"},
	} {
		s := &Sounding{}
		if err := s.Build("x", []Row{c.row}); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v", c.row, err)
		}
	}
}

func TestNearest(t *testing.T) {
	t0 := time.Date(2021, 9, 3, 1, 0, 0, 0, time.UTC)
	ss := []*Sounding{{Time: t0}, {Time: t0.Add(time.Hour)}, {Time: t0.Add(2 * time.Hour)}}
	for _, c := range []struct {
		t    time.Time
		want int
	}{{time.Time{}, 0}, {t0.Add(-5 * time.Hour), 0}, {t0.Add(70 * time.Minute), 1}, {t0.Add(90 * time.Minute), 1}, {t0.Add(100 * time.Hour), 2}} {
		if got := Nearest(ss, c.t); got != ss[c.want] {
			t.Errorf("%v: got %v", c.t, got.Time)
		}
	}
	if Nearest(nil, t0) != nil {
		t.Error("empty list")
	}
}
