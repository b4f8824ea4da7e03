package debrief

import (
	"errors"
	"slices"
	"testing"

	"halo/plan"
)

// The one rule for which jumper flew track i, the stricter of the two the
// commands used to apply: no track is compared with a jumper's plan by a guess.
func TestTrackJumpers(t *testing.T) {
	two := falloutPlan(t) // talent, camera
	one := &plan.Plan{Jumpers: two.Jumpers[:1]}
	cases := []struct {
		name  string
		p     *plan.Plan
		n     int
		names []string
		want  []string // nil: an error wrapping ErrJumper
	}{
		{"names given", two, 2, []string{"camera", "talent"}, []string{"camera", "talent"}},
		{"one name, one track", two, 1, []string{"camera"}, []string{"camera"}},
		{"names, no plan", nil, 2, []string{"a", "b"}, []string{"a", "b"}},
		{"no names, no plan", nil, 2, nil, []string{"", ""}},
		{"one track, one-jumper plan", one, 1, nil, []string{"talent"}},
		{"several tracks, in exit order", two, 2, nil, []string{"talent", "camera"}},
		// what `halo log add` used to guess (the first jumper) is refused
		{"one track, several jumpers", two, 1, nil, nil},
		// what `halo debrief` used to let through without the plan is refused
		{"more tracks than jumpers", two, 3, nil, nil},
		{"unknown name", two, 1, []string{"nobody"}, nil},
		{"empty name", two, 1, []string{""}, nil},
		{"fewer names than tracks", two, 2, []string{"talent"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := TrackJumpers(c.p, c.n, c.names)
			if c.want == nil {
				if !errors.Is(err, ErrJumper) {
					t.Errorf("got %q, %v; want an error wrapping ErrJumper", got, err)
				}
				return
			}
			if err != nil || !slices.Equal(got, c.want) {
				t.Errorf("got %q, %v; want %q", got, err, c.want)
			}
		})
	}
}
