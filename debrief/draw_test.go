package debrief

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"image/png"
	"math"
	"strings"
	"testing"
)

func TestDrawings(t *testing.T) {
	p := falloutPlan(t)
	tr, _, _ := synthTrack(t, p, synthJump{jumper: "talent", along: 200, sacc: 0.3, seed: 9})
	real, rph, _ := realJump(t, "richo-08-22-35.CSV")
	sph, _ := detect(t, tr)
	flown := []Flown{{Name: "talent", Track: tr, Phases: sph}}

	var gj bytes.Buffer
	if err := GeoJSON(&gj, flown, p); err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Type     string `json:"type"`
		Features []struct {
			Geometry struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(gj.Bytes(), &fc); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, f := range fc.Features {
		kinds[f.Properties["kind"].(string)]++
	}
	want := map[string]int{"flown": 1, "flown_event": 4, "planned": 2, "release_point": 1, "jump_run": 1, "green_light": 1, "target": 1}
	for k, n := range want {
		if kinds[k] != n {
			t.Errorf("GeoJSON: %d features of kind %s, want %d (all: %v)", kinds[k], k, n, kinds)
		}
	}
	if fc.Type != "FeatureCollection" {
		t.Errorf("type %q", fc.Type)
	}

	var k bytes.Buffer
	if err := KML(&k, flown, p); err != nil {
		t.Fatal(err)
	}
	dec := xml.NewDecoder(&k)
	placemarks := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "Placemark" {
			placemarks++
		}
	}
	if placemarks != 1+4+2+1+1+1+1 {
		t.Errorf("KML: %d placemarks", placemarks)
	}

	for _, c := range []struct {
		f Flown
		p bool
	}{{flown[0], true}, {Flown{Name: "richo", Track: real, Phases: rph}, false}} {
		var img bytes.Buffer
		var err error
		if c.p {
			err = PNG(&img, c.f, p, "talent", 800, 600)
		} else {
			err = PNG(&img, c.f, nil, "", 0, 0)
		}
		if err != nil {
			t.Fatal(err)
		}
		im, err := png.Decode(&img)
		if err != nil {
			t.Fatal(err)
		}
		w := 1200
		if c.p {
			w = 800
		}
		if b := im.Bounds(); b.Dx() != w {
			t.Errorf("PNG %d px wide, want %d", b.Dx(), w)
		}
	}
}

// TestCompareWithoutPlan: a real track alone gives the track's measurements, no
// plan comparison, and JSON with nulls where a value is unknown.
func TestCompareWithoutPlan(t *testing.T) {
	tr, ph, mt := realJump(t, "tempo-insights-sample-flight.txt")
	r := Compare(tr, ph, mt, nil, "", math.NaN())
	if r.PlanDiff != nil || !math.IsNaN(r.FittedCdA) || !math.IsNaN(r.LandingErrorM) {
		t.Errorf("without a plan: plan diff %v, CdA %v, landing error %v", r.PlanDiff, r.FittedCdA, r.LandingErrorM)
	}
	if r.Exit == nil || r.Landing == nil || r.GroundFrom != "landing altitude" {
		t.Fatalf("events or ground missing: %+v", r)
	}
	if r.DeployAltAGL != ph.DeployStart.AltMSL-ph.Landing.AltMSL {
		t.Errorf("deploy AGL %v is not the deployment altitude above the landing", r.DeployAltAGL)
	}
	// Tempo: deploy ≈ 14:51:44 at ≈ 860 m MSL, landing 234 m (testdata/SOURCES.md,
	// read by eye: ±1-2 s, i.e. ±100 m at 55 m/s)
	if math.Abs(r.DeployAltAGL-(860-234)) > 100 {
		t.Errorf("deploy %.0f m AGL, want ≈ 626", r.DeployAltAGL)
	}
	if !(r.CanopySink > 3 && r.CanopySink < 9) {
		t.Errorf("canopy sink %.1f m/s", r.CanopySink)
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"exit":{"t_s":`, `"fitted_cda_m2":null`, `"plan_diff":null`, `"landing_error_m":null`, `"freefall_s":`, `"max_vspeed_mps":`, `"open_alt_agl_m":`} {
		if !strings.Contains(string(b), key) {
			t.Errorf("JSON lacks %s", key)
		}
	}
	// an unknown jumper: measurements only, a note
	p := falloutPlan(t)
	r = Compare(tr, ph, mt, p, "nobody", math.NaN())
	if r.PlanDiff != nil || len(r.Notes) == 0 || !strings.Contains(strings.Join(r.Notes, "\n"), `no jumper "nobody"`) {
		t.Errorf("unknown jumper: %v", r.Notes)
	}
}
