package check

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestVerdict(t *testing.T) {
	g := Check{Name: "exit wind", Status: Go}
	c := Check{Name: "cold", Status: Caution, Detail: "-35 °C at exit"}
	n := Check{Name: "AAD margin", Status: NoGo, Detail: "opening 200 ft above the AAD"}
	tests := []struct {
		name string
		cs   []Check
		want string
	}{
		{"no checks: nothing was checked, so no jump", nil, "NO-GO"},
		{"empty slice", []Check{}, "NO-GO"},
		{"all go", []Check{g, g}, "GO"},
		{"cautions only", []Check{c, c}, "GO"},
		{"go and caution", []Check{g, c}, "GO"},
		{"one no-go among go", []Check{g, g, n}, "NO-GO"},
		{"no-go first", []Check{n, g, c}, "NO-GO"},
		{"only no-go", []Check{n}, "NO-GO"},
		{"unknown status counts as no-go", []Check{g, {Name: "typo", Status: "nogo"}}, "NO-GO"},
		{"empty status counts as no-go", []Check{g, {Name: "unset"}}, "NO-GO"},
		{"upper-case GO is not a known status", []Check{{Name: "x", Status: "GO"}}, "NO-GO"},
	}
	for _, tc := range tests {
		if got := Verdict(tc.cs); got != tc.want {
			t.Errorf("%s: Verdict = %s, want %s", tc.name, got, tc.want)
		}
	}
}

func TestWorst(t *testing.T) {
	for _, tc := range []struct {
		cs   []Check
		want Status
	}{
		{nil, Go},
		{[]Check{{Status: Go}}, Go},
		{[]Check{{Status: Go}, {Status: Caution}}, Caution},
		{[]Check{{Status: Caution}, {Status: NoGo}, {Status: Go}}, NoGo},
		{[]Check{{Status: Caution}, {Status: "bogus"}}, NoGo}, // unknown ranks, and reads, as no-go
		{[]Check{{Status: ""}}, NoGo},
	} {
		if got := Worst(tc.cs); got != tc.want {
			t.Errorf("Worst(%v) = %q, want %q", tc.cs, got, tc.want)
		}
	}
}

// Reasons: every check that is not go, no-go (and unknown statuses) first, then
// cautions, each group in the input order; the detail, or value against limit.
func TestReasons(t *testing.T) {
	cs := []Check{
		{Name: "exit wind", Status: Go, Value: "40 kt", Limit: "100 kt"},
		{Name: "cold", Status: Caution, Detail: "-35 °C at exit"},
		{Name: "separation", Status: NoGo, Value: "120 m", Limit: "300 m"},
		{Name: "light", Status: Caution, Value: "sun 8°", Limit: "0..6°"},
		{Name: "AAD margin", Status: NoGo, Detail: "opening only 800 ft above the AAD"},
		{Name: "mystery", Status: "unknown", Value: "?", Limit: "?"},
	}
	want := []string{
		"NO-GO separation: 120 m against 300 m",
		"NO-GO AAD margin: opening only 800 ft above the AAD",
		"NO-GO mystery: ? against ?",
		"CAUTION cold: -35 °C at exit",
		"CAUTION light: sun 8° against 0..6°",
	}
	if got := Reasons(cs); !reflect.DeepEqual(got, want) {
		t.Errorf("Reasons =\n%q\nwant\n%q", got, want)
	}
	if got := Reasons([]Check{{Name: "a", Status: Go}}); len(got) != 0 {
		t.Errorf("Reasons of all-go = %q", got)
	}
	if got := Reasons(nil); len(got) != 0 {
		t.Errorf("Reasons(nil) = %q", got)
	}
}

// The JSON field names are part of the output format (plan --json, jump log).
func TestCheckJSON(t *testing.T) {
	b, err := json.Marshal(Check{Name: "n", Status: Caution, Value: "v", Limit: "l", Source: "s"})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"name":"n","status":"caution","value":"v","limit":"l","source":"s"}`; string(b) != want {
		t.Errorf("JSON %s, want %s", b, want)
	}
	var c Check
	if err := json.Unmarshal([]byte(`{"name":"n","status":"no-go","detail":"d"}`), &c); err != nil || c.Status != NoGo || c.Detail != "d" {
		t.Errorf("unmarshal: %+v %v", c, err)
	}
}
