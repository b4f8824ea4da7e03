package store

import (
	"math"
	"testing"
)

// TestKnownValue: NaN and the infinities are the log's NULL, every finite
// number (zero included: zero is a value) is kept, and Value reverses Known.
func TestKnownValue(t *testing.T) {
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		if p := Known(v); p != nil {
			t.Errorf("Known(%v) = %v, want nil", v, *p)
		}
	}
	for _, v := range []float64{0, -1.5, 1e300} {
		if p := Known(v); p == nil || *p != v || Value(p) != v {
			t.Errorf("Known(%v) = %v", v, p)
		}
	}
	if v := Value(nil); !math.IsNaN(v) {
		t.Errorf("Value(nil) = %v, want NaN", v)
	}
}
