package check

import (
	"encoding/json"
	"math"
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

// Status follows the numbers: a check whose value fails its no-go limit is no-go
// whoever wrote its status (issue: prebreathe, odds and wind age were cautions past
// their limits).
func TestStatusFollowsNumbers(t *testing.T) {
	for _, tc := range []struct {
		name  string
		c     Check
		fails bool
	}{
		{"max passed", Check{Status: Caution, ValueSI: 0.944, LimitSI: 0.05, Pass: AtMost}, true},
		{"max equal passes", Check{Status: Go, ValueSI: 0.05, LimitSI: 0.05, Pass: AtMost}, false},
		{"min short", Check{Status: Caution, ValueSI: 25 * 60, LimitSI: 30 * 60, Pass: AtLeast}, true},
		{"min met", Check{Status: Go, ValueSI: 30 * 60, LimitSI: 30 * 60, Pass: AtLeast}, false},
		{"zero limit is a limit", Check{Status: Go, ValueSI: 0.027, LimitSI: 0, Pass: AtMost}, true},
		{"NaN value fails", Check{Status: Go, ValueSI: math.NaN(), LimitSI: 1, Pass: AtLeast}, true},
		{"NaN limit fails", Check{Status: Go, ValueSI: 1, LimitSI: math.NaN(), Pass: AtMost}, true},
		{"no numbers: status stands", Check{Status: Caution}, false},
	} {
		if got := tc.c.Fails(); got != tc.fails {
			t.Errorf("%s: Fails = %v, want %v", tc.name, got, tc.fails)
		}
		v := Verdict([]Check{tc.c})
		if tc.fails && v != "NO-GO" {
			t.Errorf("%s: Verdict %s, want NO-GO", tc.name, v)
		}
		s := Settle([]Check{tc.c})[0]
		if tc.fails && (s.Status != NoGo || Worst([]Check{tc.c}) != NoGo || len(Reasons([]Check{tc.c})) != 1) {
			t.Errorf("%s: settled %q, worst %q, reasons %q", tc.name, s.Status, Worst([]Check{tc.c}), Reasons([]Check{tc.c}))
		}
		if !tc.fails && s.Status != tc.c.Status {
			t.Errorf("%s: Settle changed %q to %q", tc.name, tc.c.Status, s.Status)
		}
	}
	c := Check{Name: "x"}.Numbers(3, 2, "m", AtMost)
	if c.Status != NoGo || c.ValueSI != 3 || c.LimitSI != 2 || c.Unit != "m" {
		t.Errorf("Numbers: %+v", c)
	}
	if c := (Check{}).Numbers(2, 2, "m", AtLeast); c.Status != Go {
		t.Errorf("Numbers at the limit: %q", c.Status)
	}
}

func TestCheckJSONNumbers(t *testing.T) {
	c := Check{Name: "n", Status: NoGo, Value: "v", Limit: "l", Source: "s"}.Numbers(math.NaN(), 300, "m", AtLeast)
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"name":"n","status":"no-go","value":"v","limit":"l","unit":"m","pass":"at_least","source":"s","value_si":null,"limit_si":300}`
	if string(b) != want {
		t.Errorf("JSON %s\nwant %s", b, want)
	}
	var back Check
	if err := json.Unmarshal(b, &back); err != nil || !math.IsNaN(back.ValueSI) || back.LimitSI != 300 || back.Pass != AtLeast || !back.Fails() {
		t.Errorf("round trip: %+v %v", back, err)
	}
}
