package units

import "fmt"

// Lead names the units a report leads with (a mission's `units:` key): Distance
// "NM", "km" or "m"; Altitude "ft" or "m"; Speed "kt", "mph", "km/h" or "m/s". An
// empty field leads with SI. The figure in the other unit follows in brackets.
type Lead struct {
	Distance, Altitude, Speed string
}

// Alt formats an altitude in metres, leading with l.Altitude:
// "25,000 ft (7620 m)" for ft, Alt's "7620 m (25,000 ft)" otherwise.
func (l Lead) Alt(m float64) string {
	if l.Altitude == "ft" {
		return fmt.Sprintf("%s ft (%.0f m)", thousands(m/Foot), noNegZero(m, 0))
	}
	return Alt(m)
}

// Spd formats a speed in m/s, leading with l.Speed: "139 kt (71.5 m/s)"; Spd's
// "71.5 m/s (139 kt, 160 mph)" for m/s or none.
func (l Lead) Spd(mps float64) string {
	switch l.Speed {
	case "kt":
		return fmt.Sprintf("%.0f kt (%.1f m/s)", noNegZero(mps/Knot, 0), noNegZero(mps, 1))
	case "mph":
		return fmt.Sprintf("%.0f mph (%.1f m/s)", noNegZero(mps/MPH, 0), noNegZero(mps, 1))
	case "km/h":
		return fmt.Sprintf("%.0f km/h (%.1f m/s)", noNegZero(mps/KMH, 0), noNegZero(mps, 1))
	}
	return Spd(mps)
}

// Dist formats a horizontal distance in metres, leading with l.Distance:
// "2.70 NM (5000 m)" for NM, "5.00 km (2.70 NM)" for km, Dist's "5000 m (2.70 NM)"
// otherwise.
func (l Lead) Dist(m float64) string {
	switch l.Distance {
	case "NM":
		return fmt.Sprintf("%.2f NM (%.0f m)", noNegZero(m/NauticalMile, 2), noNegZero(m, 0))
	case "km":
		return fmt.Sprintf("%.2f km (%.2f NM)", noNegZero(m/1000, 2), noNegZero(m/NauticalMile, 2))
	}
	return Dist(m)
}
