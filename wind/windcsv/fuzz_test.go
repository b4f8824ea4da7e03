package windcsv

import (
	"math"
	"strings"
	"testing"
)

// FuzzRead: Read never panics, and an accepted profile has finite, in-range layers.
func FuzzRead(f *testing.F) {
	for _, s := range []string{
		"# winds\naltitude_ft,from_deg,speed_kt,temp_C\n3000,270,12,10\n13000,280,25,-8\n25000,290,60,-35\n",
		"altitude,from,speed,temperature\n25000 ft,290 deg,60 kt,-35 C\n1500 m,180 deg,10 m/s,\nFL300,300 deg,100 kt,-45 C\n",
		"Height (m), Direction [deg], Speed (mph), remark\n1000,360,0,ok\n2000,calm,0,\n",
		"altitude_FL,from_deg,speed_kt\n250,270,10\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		p, err := Read(strings.NewReader(in))
		if err != nil {
			return
		}
		for _, l := range p.Layers() {
			if math.IsNaN(l.Alt) || !(l.Speed >= 0 && l.Speed <= 150) || !(l.FromDeg >= 0 && l.FromDeg < 360) || (!math.IsNaN(l.Temp) && !(l.Temp >= 150 && l.Temp <= 350)) {
				t.Fatalf("bad layer %+v", l)
			}
		}
	})
}
