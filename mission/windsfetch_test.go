package mission

import (
	"strings"
	"testing"
)

// fetchMission is the embedded fallout mission with its winds replaced by winds.
func fetchMission(t *testing.T, winds string) string {
	t.Helper()
	s := string(falloutYAML)
	i := strings.Index(s, "\nwinds:")
	j := strings.Index(s, "\njumpers:")
	if i < 0 || j < i {
		t.Fatal("fallout.yaml has no winds block before jumpers")
	}
	return s[:i] + "\nwinds:\n" + winds + s[j:]
}

func TestWindsFetch(t *testing.T) {
	tests := []struct {
		winds  string
		models string // "" for an error
		err    string
	}{
		{"  fetch: {source: open-meteo, model: gfs}", "gfs", ""},
		{"  fetch: {source: open-meteo, model: all}", "gfs,icon,ecmwf,best", ""},
		{"  fetch: {source: open-meteo, models: [icon, GFS]}", "icon,gfs", ""},
		{"  fetch: {source: open-meteo}", "gfs", ""},
		{"  fetch: {source: open-meteo, model: nam}", "", `model "nam": use gfs, icon, ecmwf, best, or all`},
		{"  fetch: {source: noaa, model: gfs}", "", "use open-meteo (model forecasts) or nws-fb"},
		{"  fetch: {model: gfs}", "", "give source: open-meteo or nws-fb"},
		{"  fetch: {source: open-meteo, models: [gfs, gfs]}", "", "listed twice"},
		{"  file: winds.txt\n  fetch: {source: open-meteo}", "", "give fetch, layers or file, only one"},
		{"  fetch: {source: nws-fb, station: DEN, forecast: 12 h}", "", ""},
		{"  fetch: {source: nws-fb}", "", "name the FB station"},
		{"  fetch: {source: nws-fb, station: DEN, model: gfs}", "", "has no model"},
		{"  fetch: {source: nws-fb, station: DEN, forecast: 9 h}", "", "6, 12 or 24 h"},
		{"  fetch: {source: open-meteo, station: DEN}", "", "give source: nws-fb"},
	}
	for _, tc := range tests {
		m, err := Decode("fetch.yaml", []byte(fetchMission(t, tc.winds)))
		if tc.models == "" && tc.err == "" {
			if err != nil || m.Winds.Fetch.Station != "DEN" || m.Winds.Fetch.Region != "us" || m.Winds.Fetch.Forecast != 12 || m.Winds.Fetch.Models != nil {
				t.Errorf("%s: %v %+v", tc.winds, err, m.Winds.Fetch)
			}
			continue
		}
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: got %v, want %q", tc.winds, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.winds, err)
			continue
		}
		if m.Winds.Fetch == nil || m.Winds.Fetch.Source != "open-meteo" || strings.Join(m.Winds.Fetch.Models, ",") != tc.models {
			t.Errorf("%s: fetch %+v, want models %s", tc.winds, m.Winds.Fetch, tc.models)
		}
	}
}
