package mission

import (
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/goccy/go-yaml/parser"
)

// comments returns every comment of a YAML text ("# ..." to the end of the line).
func comments(s string) []string {
	return regexp.MustCompile(`#[^\n]*`).FindAllString(s, -1)
}

// blockMission is a mission written in block style, with a Mach-table drag and a
// canopy without airspeed, to exercise the tree-editing path.
const blockMission = `# a block-style mission
name: block   # the name
target:
  lat: 24.1
  lon: 54.6
  elevation: 60 m
  radius: 50 m
aircraft:
  altitude: 13000 ft
  airspeed: 90 kt
  heading: 270 deg
jumpers:
  - name: solo        # the only jumper
    mass: 95 kg
    drag:             # a measured table
      area: 0.6 m2
      cd: [[0, 0.8], [0.9, 0.9]]
    open_at: 3000 ft
    canopy:
      type: ram-air
      sink: 5 m/s     # from the manual
      deploy_time: 3 s
# the end
`

const blockCdA = `name: blockcda
target: {lat: 24.1, lon: 54.6, elevation: 60 m, radius: 50 m}
aircraft: {altitude: 13000 ft, airspeed: 90 kt, heading: 270 deg}
jumpers:
  - name: solo
    mass: 95 kg
    drag:
      cda: 0.45 m2    # last season's
    open_at: 3000 ft
    canopy: {type: ram-air, airspeed: 10 m/s, sink: 5 m/s, deploy_time: 3 s}
`

func TestUpdateKeepsComments(t *testing.T) {
	fallout, err := Builtin("fallout")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name, yaml, jumper string
		fit                Fitted
		inPlace            bool // only the values change: every other byte is kept
	}{
		{"preset to cda", string(fallout), "talent", Fitted{CdA: 0.5234, CanopyAirspeed: 11.74, CanopySink: 5.32}, true},
		{"flow cda with comment", string(fallout), "camera", Fitted{CdA: 0.6, CanopyAirspeed: math.NaN(), CanopySink: 4.9}, true},
		{"block cda", blockCdA, "solo", Fitted{CdA: 0.481, CanopyAirspeed: 9.5, CanopySink: math.NaN()}, true},
		{"block table, canopy without airspeed", blockMission, "solo", Fitted{CdA: 0.49, CanopyAirspeed: 10.2, CanopySink: 5.5}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, err := Update([]byte(c.yaml), c.jumper, c.fit)
			if err != nil {
				t.Fatal(err)
			}
			// every comment survives, in order
			want, got := comments(c.yaml), comments(string(out))
			if strings.Join(want, "\n") != strings.Join(got, "\n") {
				t.Errorf("comments changed:\nwant %q\ngot  %q", want, got)
			}
			if c.inPlace {
				// the lines not edited are byte for byte the same
				a, b := strings.Split(c.yaml, "\n"), strings.Split(string(out), "\n")
				if len(a) != len(b) {
					t.Fatalf("%d lines became %d", len(a), len(b))
				}
				changed := 0
				for i := range a {
					if a[i] != b[i] {
						changed++
						if !strings.Contains(b[i], "cda:") && !strings.Contains(b[i], "airspeed:") && !strings.Contains(b[i], "sink:") {
							t.Errorf("line %d changed: %q -> %q", i+1, a[i], b[i])
						}
					}
				}
				if changed == 0 {
					t.Error("nothing changed")
				}
			}
			m, err := Decode("out", out)
			if err != nil {
				t.Fatalf("decode: %v\n%s", err, out)
			}
			j := m.Jumper(c.jumper)
			if j.Drag.Preset != "" || math.Abs(j.Drag.CdA-c.fit.CdA) > 0.0006 {
				t.Errorf("drag %+v, want cda %.3f", j.Drag, c.fit.CdA)
			}
			if !math.IsNaN(c.fit.CanopyAirspeed) && math.Abs(j.Canopy.Airspeed-c.fit.CanopyAirspeed) > 0.06 {
				t.Errorf("airspeed %.2f, want %.1f", j.Canopy.Airspeed, c.fit.CanopyAirspeed)
			}
			if !math.IsNaN(c.fit.CanopySink) && math.Abs(j.Canopy.Sink-c.fit.CanopySink) > 0.06 {
				t.Errorf("sink %.2f, want %.1f", j.Canopy.Sink, c.fit.CanopySink)
			}
			// the other jumpers are untouched
			m0, _ := Decode("in", []byte(c.yaml))
			for i := range m0.Jumpers {
				if m0.Jumpers[i].Name != c.jumper && m0.Jumpers[i].Drag.CdA != m.Jumpers[i].Drag.CdA && !(math.IsNaN(m0.Jumpers[i].Drag.CdA) && math.IsNaN(m.Jumpers[i].Drag.CdA)) {
					t.Errorf("jumper %s changed", m0.Jumpers[i].Name)
				}
			}
			if testing.Verbose() {
				t.Logf("\n%s", out)
			}
		})
	}
}

func TestUpdateErrors(t *testing.T) {
	fallout, _ := Builtin("fallout")
	nan := math.NaN()
	cases := []struct {
		name, yaml, jumper string
		fit                Fitted
		want               string
	}{
		{"unknown jumper", string(fallout), "nobody", Fitted{CdA: 0.5, CanopyAirspeed: nan, CanopySink: nan}, `no jumper "nobody"`},
		{"nothing to write", string(fallout), "talent", Fitted{CdA: nan, CanopyAirspeed: nan, CanopySink: nan}, "nothing"},
		{"CdA out of range", string(fallout), "talent", Fitted{CdA: 7, CanopyAirspeed: nan, CanopySink: nan}, "outside"},
		{"bad mission", "name: [", "talent", Fitted{CdA: 0.5, CanopyAirspeed: nan, CanopySink: nan}, "does not decode"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Update([]byte(c.yaml), c.jumper, c.fit)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one containing %q", err, c.want)
			}
		})
	}
}

func FuzzUpdate(f *testing.F) {
	fallout, _ := Builtin("fallout")
	for _, s := range []string{string(fallout), blockMission, blockCdA} {
		f.Add(s, 0.523, 11.7)
	}
	f.Fuzz(func(t *testing.T, y string, cda, as float64) {
		m, err := Decode("fuzz", []byte(y))
		if err != nil || len(m.Jumpers) == 0 {
			return
		}
		out, err := Update([]byte(y), m.Jumpers[0].Name, Fitted{CdA: cda, CanopyAirspeed: as, CanopySink: math.NaN()})
		if err != nil {
			return
		}
		if _, err := Decode("out", out); err != nil {
			t.Fatalf("Update returned a mission that does not decode: %v", err)
		}
	})
}

// Update refuses exactly the fitted figures the decoder would refuse in the
// file: its bounds are the mission's range table, not a copy.
func TestUpdateUsesTheRangeTable(t *testing.T) {
	fallout, _ := Builtin("fallout")
	nan := math.NaN()
	for _, c := range []struct {
		key string
		fit func(v float64) Fitted
	}{
		{keyCdA, func(v float64) Fitted { return Fitted{CdA: v, CanopyAirspeed: nan, CanopySink: nan} }},
		{keyCanopyAirspeed, func(v float64) Fitted { return Fitted{CdA: nan, CanopyAirspeed: v, CanopySink: nan} }},
		{keyCanopySink, func(v float64) Fitted { return Fitted{CdA: nan, CanopyAirspeed: nan, CanopySink: v} }},
	} {
		r, ok := RangeOf(c.key)
		if !ok {
			t.Fatalf("no range for %s", c.key)
		}
		for _, v := range []float64{r.Min - 0.01, r.Min + 0.01, r.Max - 0.01, r.Max + 0.01} {
			_, err := Update(fallout, "talent", c.fit(v))
			inside := v >= r.Min && v <= r.Max
			if inside && err != nil {
				t.Errorf("%s = %g is inside %g .. %g but refused: %v", c.key, v, r.Min, r.Max, err)
			}
			if !inside && (err == nil || !strings.Contains(err.Error(), "outside")) {
				t.Errorf("%s = %g is outside %g .. %g but not refused: %v", c.key, v, r.Min, r.Max, err)
			}
		}
	}
}

// The stages of Update, one by one.
func TestUpdateStages(t *testing.T) {
	fallout, _ := Builtin("fallout")
	nan := math.NaN()
	t.Run("fitEdits", func(t *testing.T) {
		e, err := fitEdits(Fitted{CdA: 0.5234, CanopyAirspeed: nan, CanopySink: 5.32})
		if err != nil || len(e) != 2 || e[0] != (fieldEdit{"cda", "0.523 m2"}) || e[1] != (fieldEdit{"sink", "5.3 m/s"}) {
			t.Errorf("edits %v, %v", e, err)
		}
	})
	t.Run("jumperPath", func(t *testing.T) {
		if p, err := jumperPath(fallout, "camera"); err != nil || p != "$.jumpers[1]" {
			t.Errorf("camera at %q, %v", p, err)
		}
		if _, err := jumperPath(fallout, "nobody"); err == nil || !strings.Contains(err.Error(), `"talent"`) && !strings.Contains(err.Error(), "talent") {
			t.Errorf("unknown jumper: %v", err)
		}
	})
	t.Run("planSplices", func(t *testing.T) {
		for _, c := range []struct {
			yaml, jumper string
			inText       bool
		}{
			{string(fallout), "talent", true}, {blockCdA, "solo", true}, {blockMission, "solo", false},
		} {
			f, err := parser.ParseBytes([]byte(c.yaml), parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			base, _ := jumperPath([]byte(c.yaml), c.jumper)
			spl, ok := planSplices(f, []byte(c.yaml), base, []fieldEdit{{"cda", "0.5 m2"}, {"airspeed", "11.0 m/s"}})
			if ok != c.inText {
				t.Errorf("%s: in the text %v, want %v", c.jumper, ok, c.inText)
			}
			if ok && len(spl) != 2 {
				t.Errorf("%s: %d splices", c.jumper, len(spl))
			}
		}
	})
	t.Run("applySplices", func(t *testing.T) {
		got := string(applySplices([]byte("a: 1 # one\nb: 2\n"), []splice{{3, 4, "10"}, {14, 15, "20"}}))
		if got != "a: 10 # one\nb: 20\n" {
			t.Errorf("%q", got)
		}
	})
	t.Run("editTree", func(t *testing.T) {
		f, _ := parser.ParseBytes([]byte(blockMission), parser.ParseComments)
		out, err := editTree(f, "$.jumpers[0]", "solo", []fieldEdit{{"cda", "0.490 m2"}, {"airspeed", "10.2 m/s"}})
		if err != nil {
			t.Fatal(err)
		}
		if err := checkUpdated(out, "solo", Fitted{CdA: 0.49, CanopyAirspeed: 10.2, CanopySink: nan}); err != nil {
			t.Errorf("%v\n%s", err, out)
		}
	})
	t.Run("checkUpdated", func(t *testing.T) {
		// the file as it was does not carry a fit: the check must say so
		if err := checkUpdated(fallout, "talent", Fitted{CdA: 0.5, CanopyAirspeed: nan, CanopySink: nan}); err == nil {
			t.Error("a mission without the fitted drag passed the read-back check")
		}
		if err := checkUpdated(fallout, "nobody", Fitted{CdA: nan, CanopyAirspeed: nan, CanopySink: nan}); err == nil {
			t.Error("a lost jumper passed the read-back check")
		}
	})
}
