package windcsv

import (
	"math"
	"strings"
	"testing"

	"halo/atmos"
	"halo/units"
)

func TestHeaderUnits(t *testing.T) {
	in := `# winds for the fallout mission
altitude_ft,from_deg,speed_kt,temp_C
3000,270,12,10

13000,280,25,-8
25000,290,60,-35
`
	p, err := Read(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	ls := p.Layers()
	if len(ls) != 3 {
		t.Fatalf("%d layers", len(ls))
	}
	// 25000 ft = 7620 m true altitude (not a flight level); 60 kt = 30.867 m/s; -35 °C = 238.15 K
	l := ls[2]
	if math.Abs(l.Alt-7620) > 1e-9 || l.FromDeg != 290 || math.Abs(l.Speed-60*units.Knot) > 1e-12 || math.Abs(l.Temp-238.15) > 1e-9 {
		t.Errorf("%+v", l)
	}
	if !IsCSV([]byte(in)) {
		t.Error("IsCSV false")
	}
}

func TestValueUnits(t *testing.T) {
	in := "altitude,from,speed,temperature\n25000 ft,290 deg,60 kt,-35 C\n1500 m,180,10 m/s,\nFL300,300 deg,100 kt,-45 C\n"
	_, err := Read(strings.NewReader(in))
	if err == nil {
		t.Fatal("bare 180 without a unit accepted")
	}
	if !strings.Contains(err.Error(), `line 3: from "180": no unit`) {
		t.Errorf("error %v", err)
	}
	in = strings.Replace(in, ",180,", ",180 deg,", 1)
	p, err := Read(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	ls := p.Layers()
	// sorted: 1500 m, 25000 ft, FL300
	if ls[0].Alt != 1500 || ls[0].Speed != 10 || !math.IsNaN(ls[0].Temp) {
		t.Errorf("1500 m %+v", ls[0])
	}
	// FL300: pressure altitude 9144 m -> 9157.17 m geometric, as FB levels
	if math.Abs(ls[2].Alt-atmos.Geometric(9144)) > 1e-9 || ls[2].FromDeg != 300 {
		t.Errorf("FL300 %+v", ls[2])
	}
	if !strings.Contains(strings.Join(p.Notes, " "), "flight levels are pressure altitudes") {
		t.Errorf("notes %v", p.Notes)
	}
}

func TestOtherHeaders(t *testing.T) {
	in := "Height (m), Direction [deg], Speed (mph), remark\n1000,360,0,ok\n2000,calm,0,\n"
	p, err := Read(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	ls := p.Layers()
	if ls[0].FromDeg != 0 || ls[1].Variable != true || !strings.Contains(strings.Join(p.Notes, ""), `"remark"`) {
		t.Errorf("%+v %v", ls, p.Notes)
	}
	// a value's unit wins over the header's
	p, err = Read(strings.NewReader("altitude_ft,from_deg,speed_kt\n3000 m,90,10\n"))
	if err != nil || p.Layers()[0].Alt != 3000 {
		t.Errorf("value unit: %v", err)
	}
}

func TestMalformed(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"altitude_ft,from_deg,speed_kt\n3000,270,1x\n", []string{"line 2", "speed", `"1x"`}},
		{"altitude_ft,from_deg,speed_kt\n3000,370,10\n", []string{"line 2", "direction 370"}},
		{"altitude_ft,from_deg,speed_kt\n3000,270\n", []string{"line 2", "2 fields"}},
		{"altitude_ft,from_deg,speed_kt\n3000,270,10\n3000,280,12\n", []string{"line 3", "second row", "line 2"}},
		{"altitude_ft,from_deg,speed_kg\n3000,270,10\n", []string{"line 1", `unit "kg"`}},
		{"altitude_ft,speed_kt\n3000,10\n", []string{"line 1", "no from column"}},
		{"altitude_ft,from_deg,speed_kt\n", []string{"line 1", "no rows"}},
		{"altitude_ft,from_deg,speed_kt\n3000,270,400\n", []string{"line 2", "speed"}},
		{"altitude_ft,from_deg,speed_kt\n300000,270,10\n", []string{"line 2", "altitude"}},
		{"altitude_ft,from_deg,speed_kt,temp_C\n3000,270,10,99\n", []string{"line 2", "temperature"}},
		{"altitude_ft,from_deg,speed_kt\n3000,calm,20\n", []string{"line 2", "needs a direction"}},
		{"altitude_ft,from_deg,speed_kt\n3000,,20\n", []string{"line 2", "empty"}},
		{"altitude_ft,from_deg,speed_kt\n\"3000,270,10\n", []string{"line 2"}},
		{"altitude_FL,from_deg,speed_kt\n1250,270,10\n", []string{"line 2", "flight levels"}},
		{"", []string{"line 1", "empty"}},
	}
	for _, c := range cases {
		_, err := Read(strings.NewReader(c.in))
		if err == nil {
			t.Errorf("%q: no error", c.in)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%q: error %q lacks %q", c.in, err, w)
			}
		}
	}
}
