package main

import (
	"fmt"
	"os"

	"halo/config"
	"halo/mission"
	"halo/units"
)

// leadUnits sets the units m's reports lead with (ft, kt, NM for aviation):
// --units when given (flag), else the mission's own `units:`, else $HALO_UNITS,
// else the team's configuration file. Units that do not come from the mission
// are listed under ASSUMPTIONS AND DEFAULTS with where they came from; a unit
// halo does not know is an error naming its source.
func leadUnits(m *mission.Mission, flag string, given bool, file config.File, getenv func(string) string) error {
	value, from := flag, "--units"
	if !given {
		if !m.Units.IsZero() {
			return nil
		}
		for _, s := range file.Resolve(getenv, nil) {
			if s.Name == "units" {
				value, from = s.Value, s.From
			}
		}
		if value == "" {
			return nil
		}
	}
	l, err := units.ParseLead(value)
	if err != nil {
		return fmt.Errorf("%s: %w", from, err)
	}
	m.Units = l
	m.Assumptions = append(m.Assumptions, fmt.Sprintf("the report leads with %s (from %s)", l, from))
	return nil
}

// teamLeadUnits is leadUnits with the team's configuration file and the
// process environment.
func teamLeadUnits(m *mission.Mission, flag string, given bool) error {
	f, err := teamConfig()
	if err != nil {
		return err
	}
	return leadUnits(m, flag, given, f, os.Getenv)
}
