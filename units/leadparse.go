package units

import (
	"fmt"
	"strings"
)

// LeadChoices are the units a Lead may name, by field ("distance", "altitude",
// "speed"), each in its canonical spelling.
func LeadChoices() map[string][]string {
	return map[string][]string{
		"distance": {"NM", "km", "m"},
		"altitude": {"ft", "m"},
		"speed":    {"kt", "mph", "km/h", "m/s"},
	}
}

// LeadUnit is the canonical spelling of unit s for a Lead's field (case and
// surrounding space ignored), or an error naming the choices.
func LeadUnit(field, s string) (string, error) {
	choices, ok := LeadChoices()[field]
	if !ok {
		return "", fmt.Errorf("units: %q is not distance, altitude or speed", field)
	}
	for _, c := range choices {
		if strings.EqualFold(strings.TrimSpace(s), c) {
			return c, nil
		}
	}
	return "", fmt.Errorf("units: %s %q: use %s", field, strings.TrimSpace(s), strings.Join(choices, ", "))
}

// ParseLead reads a Lead written as "distance: NM, altitude: ft, speed: kt"
// (any of the three, in any order; "=" for ":" allowed), the form String
// writes and the configuration file and --units take.
func ParseLead(s string) (Lead, error) {
	var l Lead
	seen := map[string]bool{}
	for _, part := range strings.Split(s, ",") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		k, v, ok := strings.Cut(part, ":")
		if !ok {
			k, v, ok = strings.Cut(part, "=")
		}
		k = strings.ToLower(strings.TrimSpace(k))
		if !ok {
			return Lead{}, fmt.Errorf("units %q: write field: unit, e.g. \"distance: NM, altitude: ft, speed: kt\"", s)
		}
		if seen[k] {
			return Lead{}, fmt.Errorf("units %q: %s given twice", s, k)
		}
		seen[k] = true
		u, err := LeadUnit(k, v)
		if err != nil {
			return Lead{}, err
		}
		switch k {
		case "distance":
			l.Distance = u
		case "altitude":
			l.Altitude = u
		case "speed":
			l.Speed = u
		}
	}
	if l.IsZero() {
		return Lead{}, fmt.Errorf("units %q: name at least one of distance, altitude, speed", s)
	}
	return l, nil
}

// IsZero reports whether l names no unit (reports lead with SI).
func (l Lead) IsZero() bool { return l == Lead{} }

// String writes l as ParseLead reads it: "distance: NM, altitude: ft, speed: kt",
// the fields l names only.
func (l Lead) String() string {
	var parts []string
	for _, f := range []struct{ k, v string }{{"distance", l.Distance}, {"altitude", l.Altitude}, {"speed", l.Speed}} {
		if f.v != "" {
			parts = append(parts, f.k+": "+f.v)
		}
	}
	return strings.Join(parts, ", ")
}
