package examples

import (
	"strings"
	"testing"

	"halo/mission"
)

// Every example decodes strictly, is named for its file, is a balloon exit and
// says what was fitted and what predicted.
func TestExamplesDecode(t *testing.T) {
	names := Names()
	if len(names) != 3 {
		t.Fatalf("examples %v, want the three record jumps", names)
	}
	for _, n := range names {
		b, err := Get(n)
		if err != nil {
			t.Fatal(err)
		}
		m, err := mission.Decode(n+".yaml", b)
		if err != nil {
			t.Errorf("%s: %v", n, err)
			continue
		}
		if m.Name != n || !m.Aircraft.Balloon || !strings.Contains(m.Description, "FITTED") || !strings.Contains(m.Description, "PREDICTED") {
			t.Errorf("%s: name %q, balloon %v, description %q", n, m.Name, m.Aircraft.Balloon, m.Description)
		}
		if m.Jumpers[0].Suit == nil {
			t.Errorf("%s: no pressure suit", n)
		}
	}
	if _, err := Get("nope"); err == nil {
		t.Error("an unknown example returned")
	}
}
