package render

import (
	"fmt"

	"halo/montecarlo"
)

// EllipseSize is a landing ellipse as every report gives it (text, PNG/SVG
// legend, web page): its full axes, length × width in whole metres, saying
// so. montecarlo.Ellipse holds the half axes (semi-axes, JSON major_m and
// minor_m); the full axes are twice them.
func EllipseSize(e montecarlo.Ellipse) string {
	return fmt.Sprintf("%.0f × %.0f m", 2*e.MajorM, 2*e.MinorM)
}
