package openmeteo

import (
	"math"
	"os"
	"testing"
	"time"

	"halo/internal/testdata"
)

// FuzzParse feeds mutated responses to Parse and Profile: no panic, and every
// profile built has finite layers within the wind package's ranges.
func FuzzParse(f *testing.F) {
	// the recorded responses (small); the derived 16-level files are too large
	// for the mutator, so a 3-level response with every variable stands in
	for _, name := range testdata.Glob(f, "winds", "openmeteo_[efo]*.json") {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"error":true,"reason":"x"}`))
	f.Add([]byte(`{"latitude":-25,"longitude":135,"elevation":60,"utc_offset_seconds":0,` +
		`"hourly_units":{"time":"iso8601","temperature_850hPa":"°C","wind_speed_850hPa":"kn","wind_direction_850hPa":"°","geopotential_height_850hPa":"m",` +
		`"temperature_500hPa_gfs_seamless":"°F","wind_speed_500hPa_gfs_seamless":"km/h","wind_direction_500hPa_gfs_seamless":"°","geopotential_height_500hPa_gfs_seamless":"m",` +
		`"wind_speed_100hPa":"undefined"},` +
		`"hourly":{"time":["2022-08-01T12:00","2022-08-01T13:00"],"temperature_850hPa":[11.6,null],"wind_speed_850hPa":[8,9],"wind_direction_850hPa":[344,350],"geopotential_height_850hPa":[1524,1530],` +
		`"temperature_500hPa_gfs_seamless":[17,18],"wind_speed_500hPa_gfs_seamless":[118,120],"wind_direction_500hPa_gfs_seamless":[263,265],"geopotential_height_500hPa_gfs_seamless":[5778,5780],` +
		`"wind_speed_100hPa":[null,null]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Parse(data)
		if err != nil {
			return
		}
		if len(r.Times) == 0 {
			t.Fatal("no times and no error")
		}
		for _, m := range r.Models {
			s, err := r.Profile(Options{Model: m, At: r.Times[0], Run: r.Times[0].Add(-6 * time.Hour)})
			if err != nil {
				continue
			}
			for _, l := range s.Profile.Layers() {
				if math.IsNaN(l.Alt) || !(l.Speed >= 0 && l.Speed <= 150) || !(l.FromDeg >= 0 && l.FromDeg < 360) {
					t.Fatalf("layer out of range: %+v", l)
				}
			}
		}
	})
}
