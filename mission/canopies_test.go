package mission

import (
	"errors"
	"math"
	"testing"
)

// One line per published canopy figure: [MFFJM] (ATP 3-18.11's HARP constants),
// [PEO] (T-11 descent 19 ft/s), [CANOPY-SPORT] (sport ram-air ~1,000 ft/min,
// ~10 m/s).
func TestCanopyTypesPublished(t *testing.T) {
	for _, c := range []struct {
		name  string
		fs, k float64
	}{
		{"RA-1", 22.6, 36}, {"MC-4", 20.8, 48}, {"MT-2X", 20.8, 48}, {"MMPS-360", 20.8, 46}, {"TP-400", 20.8, 46},
		{"HG-380 high-glide", 20.8, 31}, {"HG-380 parachute mode", 20.8, 39},
		{"T-11", 0, 68.4},             // 19 ft/s × 3,600 s/h = 68,400 ft/h
		{"sport ram-air", 19.438, 60}, // 10 m/s = 19.44 kt; 1,000 ft/min = 60,000 ft/h
	} {
		ct, ok := CanopyModel(c.name)
		if !ok || math.Abs(ct.ForwardSpeedKt-c.fs) > 0.001 || math.Abs(ct.K-c.k) > 1e-9 || ct.Source == "" {
			t.Errorf("%s: %+v (found %v), want forward speed %v kt, K %v", c.name, ct, ok, c.fs, c.k)
		}
	}
}

// canopy.model names a canopy with published figures (any case), or is an error
// naming the known ones.
func TestCanopyModelDecode(t *testing.T) {
	m, err := Decode("c.yaml", []byte(edit("open_at: 1000 m}", "open_at: 1000 m, canopy: {model: ra-1}}")))
	if err != nil || m.Jumpers[0].Canopy.Model != "RA-1" {
		t.Fatalf("model ra-1: %v %v", err, m)
	}
	_, err = Decode("c.yaml", []byte(edit("open_at: 1000 m}", "open_at: 1000 m, canopy: {model: RA1}}")))
	var es Errors
	if !errors.As(err, &es) || !hasErr(es, 5, "jumpers[0].canopy.model", `"RA1" has no published HARP figures; use one of RA-1, MC-4`) {
		t.Errorf("model RA1: %v", err)
	}
}
