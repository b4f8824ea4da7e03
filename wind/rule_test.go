package wind

import (
	"testing"

	"halo/units"
)

// The disagreement rule is 15° or 5 kt.
func TestDisagreeRule(t *testing.T) {
	if DisagreeDirDeg != 15 || DisagreeSpeed != 5*units.Knot {
		t.Errorf("rule %v° %v m/s, want 15° and 5 kt (%v m/s)", DisagreeDirDeg, DisagreeSpeed, 5*units.Knot)
	}
}
