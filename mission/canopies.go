package mission

import (
	"strings"

	"halo/units"
)

// CanopyType is a canopy's published figures for the doctrinal HARP's canopy
// drift D = (A − SF)·(V + FS)/K: its forward speed FS (kt) and K (its sink rate in
// thousands of ft per hour), with their source.
type CanopyType struct {
	Name           string
	ForwardSpeedKt float64
	K              float64 // thousands of ft per hour
	Source         string
}

// CanopyTypes are the canopies with published HARP figures. The military ones are
// [MFFJM]'s (it notes they still need checking against ATP 3-18.11); the T-11's K
// is its published descent rate, 19 ft/s [PEO], in thousands of ft per hour (a
// round canopy: no forward speed); the sport ram-air's, the typical ~1,000 ft/min
// descent and ~10 m/s forward speed [CANOPY-SPORT].
var CanopyTypes = []CanopyType{
	{"RA-1", 22.6, 36, "[MFFJM]"}, {"MC-4", 20.8, 48, "[MFFJM]"}, {"MT-2X", 20.8, 48, "[MFFJM]"},
	{"MMPS-360", 20.8, 46, "[MFFJM]"}, {"TP-400", 20.8, 46, "[MFFJM]"},
	{"HG-380 high-glide", 20.8, 31, "[MFFJM]"}, {"HG-380 parachute mode", 20.8, 39, "[MFFJM]"},
	{"T-11", 0, 19 * 3.6, "[PEO] descent 19 ft/s"},
	{"sport ram-air", 10 / units.Knot, 60, "[CANOPY-SPORT] descent ~1,000 ft/min, forward speed ~10 m/s"},
}

// CanopyModel returns the canopy type named name (any case).
func CanopyModel(name string) (CanopyType, bool) {
	for _, c := range CanopyTypes {
		if strings.EqualFold(c.Name, strings.TrimSpace(name)) {
			return c, true
		}
	}
	return CanopyType{}, false
}

// canopyModelNames lists the names for an error message.
func canopyModelNames() string {
	var ns []string
	for _, c := range CanopyTypes {
		ns = append(ns, c.Name)
	}
	return strings.Join(ns, ", ")
}
