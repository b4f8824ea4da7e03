package flight

import (
	"math"
	"testing"
)

// sinTurns(x) is sin(2πx) within 1e-13 over many periods, both signs, and at
// the quarter turns where it folds.
func TestSinTurns(t *testing.T) {
	worst := 0.0
	for i := -200000; i <= 200000; i++ {
		x := float64(i) * 0.000137 // ±27 turns, not a divisor of a turn
		worst = math.Max(worst, math.Abs(sinTurns(x)-math.Sin(2*math.Pi*x)))
	}
	for _, x := range []float64{0, 0.25, -0.25, 0.5, -0.5, 0.75, 1, 1e4 + 0.25} {
		worst = math.Max(worst, math.Abs(sinTurns(x)-math.Sin(2*math.Pi*x)))
	}
	if worst > 1e-13 {
		t.Errorf("sinTurns differs from math.Sin(2πx) by up to %.2g", worst)
	}
	t.Logf("largest difference %.2g", worst)
}
