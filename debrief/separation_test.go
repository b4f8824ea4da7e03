package debrief

import (
	"math"
	"testing"

	"halo/track"
)

// TestAttemptSynthetic: the fallout talent and camera flyer simulated through the
// plan, compared with the separation computed from the simulator's own positions.
func TestAttemptSynthetic(t *testing.T) {
	p := falloutPlan(t)
	ta, ra, _ := synthTrack(t, p, synthJump{jumper: "talent", sacc: 0.3, seed: 5})
	tb, rb, _ := synthTrack(t, p, synthJump{jumper: "camera", sacc: 0.3, seed: 6})
	// a copy of the talent's track 3 m east: always within 5 m
	tc := &track.Track{Format: ta.Format, AltRef: "MSL", Points: append([]track.Point(nil), ta.Points...)}
	for i := range tc.Points {
		tc.Points[i].Lon += 3 / (111320 * math.Cos(tc.Points[i].Lat*math.Pi/180))
	}
	r := Attempt([]*track.Track{ta, tb, tc}, []string{"talent", "camera", "shadow"}, 5)
	if len(r.Pairs) != 3 {
		t.Fatalf("%d pairs, want 3", len(r.Pairs))
	}
	ab, ac := r.Pairs[0], r.Pairs[1]
	// the truth at the talent's opening: both traces at the same time from exit
	k := int(math.Round(ra.Open.T / 0.2))
	sa, sb := ra.Trace[k], rb.Trace[k]
	want := math.Hypot(sa.E-sb.E, sa.N-sb.N)
	if math.Abs(ab.AtOpenA-want) > 15 {
		t.Errorf("talent-camera at the talent's opening %.0f m, simulator %.0f m", ab.AtOpenA, want)
	}
	if math.Abs(ab.AtOpenVertA-(sb.Z-sa.Z)) > 15 {
		t.Errorf("vertical at opening %.0f m, simulator %.0f m", ab.AtOpenVertA, sb.Z-sa.Z)
	}
	ff := ac.FreeFallTo.Sub(ac.FreeFallFrom).Seconds()
	if ff < 100 || math.Abs(ac.WithinS-ff) > 1 || ac.LongestWithinS < ff-1 {
		t.Errorf("shadow within 5 m for %.1f s (longest %.1f) of %.1f s of shared free fall", ac.WithinS, ac.LongestWithinS, ff)
	}
	if math.Abs(ac.MinM-3) > 0.5 {
		t.Errorf("shadow min distance %.2f m, want 3", ac.MinM)
	}
	// the planner's break-off tracks take them apart: together at first, apart after
	if !(ab.WithinS > 0) || ab.FirstApart.IsZero() || ab.WithinS >= ff {
		t.Errorf("talent-camera within %.1f s of %.1f, first apart %v", ab.WithinS, ff, ab.FirstApart)
	}
	if r.Jumpers[0].OpenNearest == "" || math.IsNaN(r.Jumpers[0].OpenNearestM) {
		t.Errorf("no nearest neighbour at the talent's opening: %+v", r.Jumpers[0])
	}
	t.Logf("talent-camera: within 5 m %.1f s, first apart %v, at openings %.0f/%.0f m", ab.WithinS,
		ab.FirstApart.Sub(ab.FreeFallFrom), ab.AtOpenA, ab.AtOpenB)
}
