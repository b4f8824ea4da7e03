package plan

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"halo/mission"
	"halo/wind"
)

// A winds file without an issue time (a sounding) used to ignore the mission's
// winds.issued, so the plan could not judge the winds' age. The mission's issue
// time and valid-to fill in what the file does not give; where both give one, the
// file's wins and a note says the mission's differs.
func TestWindsFileIssueTime(t *testing.T) {
	missionIssued := time.Date(2026, 3, 1, 6, 0, 0, 0, time.UTC)
	fileIssued := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name       string
		file, miss time.Time
		want       time.Time
		note       string // in the profile's notes ("" none)
	}{
		{"file has none: the mission's", time.Time{}, missionIssued, missionIssued, "winds.issued"},
		{"both, disagreeing: the file's, with a note", fileIssued, missionIssued, fileIssued, "2026-03-01T06:00:00Z"},
		{"both, agreeing: no note", fileIssued, fileIssued, fileIssued, ""},
		{"mission has none: the file's", fileIssued, time.Time{}, fileIssued, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := defaultMission(t)
			m.Winds.Layers, m.Winds.File, m.Winds.Issued, m.Winds.ValidTo = nil, "sounding.txt", c.miss, time.Time{}
			prof, err := wind.NewProfile("sounding.txt", []wind.Layer{{Alt: 0, FromDeg: 270, Speed: 5, Temp: math.NaN()}, {Alt: 8000, FromDeg: 280, Speed: 20, Temp: math.NaN()}})
			if err != nil {
				t.Fatal(err)
			}
			prof.Issued = c.file
			e, err := NewEnv(Inputs{Mission: m, Wind: prof})
			if err != nil {
				t.Fatal(err)
			}
			if !e.Wind.Issued.Equal(c.want) {
				t.Errorf("issued %v, want %v", e.Wind.Issued, c.want)
			}
			notes := strings.Join(e.Wind.Notes, "; ")
			if (c.note == "") != (notes == "") || !strings.Contains(notes, c.note) {
				t.Errorf("notes %q, want one saying %q", notes, c.note)
			}
			if !prof.Issued.Equal(c.file) || len(prof.Notes) != 0 {
				t.Error("the caller's profile was changed")
			}
		})
	}
}

// The mission's winds.valid_to fills in too: a forecast past its valid time is
// then NO-GO instead of unknown.
func TestWindsFileValidTo(t *testing.T) {
	m := defaultMission(t)
	validTo := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	m.Winds.Layers, m.Winds.File, m.Winds.Issued, m.Winds.ValidTo = nil, "sounding.txt", time.Time{}, validTo
	prof, err := wind.NewProfile("sounding.txt", []wind.Layer{{Alt: 0, FromDeg: 270, Speed: 5, Temp: math.NaN()}, {Alt: 8000, FromDeg: 280, Speed: 20, Temp: math.NaN()}})
	if err != nil {
		t.Fatal(err)
	}
	e, err := NewEnv(Inputs{Mission: m, Wind: prof})
	if err != nil {
		t.Fatal(err)
	}
	if !e.Wind.ValidTo.Equal(validTo) || !strings.Contains(strings.Join(e.Wind.Notes, ";"), "winds.valid_to") {
		t.Errorf("valid to %v, notes %q; want %v from the mission, with a note", e.Wind.ValidTo, e.Wind.Notes, validTo)
	}
}

// An inline airspace point far from the drop zone is reported with the mission
// file, the point's line and its latitude and longitude, in that order.
func TestInlineAirspacePointMessage(t *testing.T) {
	b, err := mission.Builtin("fallout")
	if err != nil {
		t.Fatal(err)
	}
	src := string(b) + "airspace:\n  - name: far\n    points:\n      - {lat: 54.0, lon: -0.5}\n      - {lat: 54.1, lon: -0.5}\n      - {lat: 54.1, lon: -0.4}\n"
	line := strings.Count(string(b), "\n") + 4
	m, err := mission.Decode("m.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	_, err = NewEnv(Inputs{Mission: m})
	want := fmt.Sprintf("m.yaml:%d: airspace \"far\": outer ring point 1 (lat 54, lon -0.5)", line)
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want %q", err, want)
	}
}
