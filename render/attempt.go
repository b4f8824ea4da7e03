package render

import (
	"fmt"
	"io"
	"math"
	"time"

	"halo/debrief"
)

// DebriefAttemptText writes the attempt as a whole in `halo debrief`'s text
// (several tracks): for each pair, the free fall they shared, how long they
// stayed together (within the mission's camera distance), when they first
// came apart, their closest approach and their separation at each opening;
// then the notes. Times are UTC, distances whole metres.
func DebriefAttemptText(w io.Writer, a *debrief.AttemptReport) {
	if a == nil {
		return
	}
	fmt.Fprintf(w, "ATTEMPT  %d jumpers (together = within %.0f m)\n", len(a.Jumpers), a.WithinM)
	clock := func(t time.Time) string { return t.UTC().Format("15:04:05Z") }
	metres := func(x float64) string {
		if math.IsNaN(x) {
			return "-"
		}
		return fmt.Sprintf("%.0f m", x)
	}
	for _, p := range a.Pairs {
		fmt.Fprintf(w, "  %s and %s:", p.A, p.B)
		if p.FreeFallFrom.IsZero() {
			fmt.Fprintf(w, " no free fall shared\n")
		} else {
			fmt.Fprintf(w, " free fall shared %s to %s (%.0f s), together %.0f s (longest %.0f s)", clock(p.FreeFallFrom), clock(p.FreeFallTo),
				p.FreeFallTo.Sub(p.FreeFallFrom).Seconds(), p.WithinS, p.LongestWithinS)
			if !p.FirstApart.IsZero() {
				fmt.Fprintf(w, ", first apart at %s", clock(p.FirstApart))
			}
			if !math.IsNaN(p.MinM) && !p.MinAt.IsZero() {
				fmt.Fprintf(w, "; closest %s at %s", metres(p.MinM), clock(p.MinAt))
			}
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "    at %s's opening %s apart horizontally, %s vertically; at %s's opening %s and %s\n",
			p.A, metres(p.AtOpenA), metres(math.Abs(p.AtOpenVertA)), p.B, metres(p.AtOpenB), metres(math.Abs(p.AtOpenVertB)))
	}
	for _, n := range a.Notes {
		fmt.Fprintf(w, "  note: %s\n", n)
	}
}
