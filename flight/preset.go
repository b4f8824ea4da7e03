package flight

import "fmt"

// Body-position presets. Each CdA is sized so that a 90 kg jumper with equipment
// reaches the low-altitude terminal speed skydivers measure, at sea-level density
// 1.225 kg/m³: CdA = 2·m·g0 / (ρ0·v²).
//
//   - belly: 53.6 m/s (120 mph), USPA SIM 6-3 → CdA 0.50 m²
//   - sit:   72 m/s (161 mph), within the 150-180 mph head-down/sit range [USPA-63] → 0.28 m²
//   - head-down: 78 m/s (175 mph), same range; the issue's ~75-80 m/s → 0.24 m²
//   - track: 43 m/s (96 mph) vertical: the drag of a flat track as a body position
//     for the whole free fall (no lift); a break-off track with its glide is
//     Jump.Track → 0.78 m²
//
// A heavier jumper falls faster with the same preset, as in the air.
// The Mach factor is a mild transonic drag rise: Guerster & Walter (2017, PLoS ONE
// 12(12): e0187798) found the compressibility rise of a suited jumper to be 19 % of
// that of bluff bodies (a sphere's Cd roughly doubles from Mach 0.6 to 1.2), so the
// presets rise by 20 % from Mach 0.6 to 1.1. It does not matter below ~Mach 0.5,
// i.e. for any jump from below ~12 km.
var presetCdA = [...]struct {
	name string
	cda  float64
	vt   float64
}{
	{"belly", 0.50, 53.6},
	{"sit", 0.28, 72},
	{"head-down", 0.24, 78},
	{"track", 0.78, 43},
}

var (
	transonicMach   = []float64{0.6, 0.9, 1.1, 1.5}
	transonicFactor = []float64{1.0, 1.08, 1.20, 1.15}
)

// Preset returns the drag of a named body position (belly, sit, head-down, track).
func Preset(name string) (Drag, error) {
	for _, p := range presetCdA {
		if p.name == name {
			return Drag{CdA: p.cda, Mach: transonicMach, Factor: transonicFactor}, nil
		}
	}
	return Drag{}, fmt.Errorf("unknown body position %q: use belly, sit, head-down or track", name)
}

// FromTable builds a Mach-dependent drag from a reference area (m²) and (Mach, Cd)
// points.
func FromTable(area float64, table [][2]float64) Drag {
	d := Drag{CdA: area}
	for _, p := range table {
		d.Mach = append(d.Mach, p[0])
		d.Factor = append(d.Factor, p[1])
	}
	return d
}
