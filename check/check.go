// Package check is one safety check of a plan and the verdict over many checks.
// Every domain package that judges a plan (plan, physio, montecarlo) returns checks
// of this one type, so the verdict is computed in one place.
//
// Status follows the numbers: a check that carries a value and its no-go limit
// (ValueSI, LimitSI, Pass) and whose value does not pass the limit is no-go,
// whatever status its author gave it (Verdict, Worst, Reasons and Settle all apply
// that rule). A value that is not a number (NaN: unknown) never passes.
package check

import (
	"encoding/json"
	"math"
	"strings"
)

// Status is a check's result.
type Status string

// The three statuses, from best to worst.
const (
	Go      Status = "go"
	Caution Status = "caution"
	NoGo    Status = "no-go"
)

func (s Status) rank() int {
	switch s {
	case Go:
		return 0
	case Caution:
		return 1
	}
	return 2 // no-go, and any unknown status, counts as no-go
}

// Pass says on which side of its limit a check's value passes.
type Pass string

// The two sides; a value equal to its limit passes.
const (
	AtMost  Pass = "at_most"  // value ≤ limit passes (a maximum)
	AtLeast Pass = "at_least" // value ≥ limit passes (a minimum)
)

// Check is one rule applied to a plan: its value against its limit, with the source
// of the limit. Value and Limit are text with units, as a jumpmaster reads them;
// ValueSI and LimitSI are the same numbers in the SI unit Unit ("m", "m/s", "s",
// "Pa", "K", "deg", "1" for a fraction), for clients that judge without parsing
// text. They are meaningful only when Pass is set; a check without a number (a
// missing input, say) leaves Pass empty.
type Check struct {
	Name    string  `json:"name"`
	Status  Status  `json:"status"`
	Value   string  `json:"value"`
	Limit   string  `json:"limit"`
	ValueSI float64 `json:"value_si"`
	LimitSI float64 `json:"limit_si"`
	Unit    string  `json:"unit,omitempty"`
	Pass    Pass    `json:"pass,omitempty"`
	Source  string  `json:"source"`
	// Detail explains a caution or no-go in a sentence (what to change).
	Detail string `json:"detail,omitempty"`
}

// Numbers returns c with its value and no-go limit set (SI, in unit) and its
// status judged from them: go when the value passes, no-go otherwise (NaN fails).
// A caller that wants a caution band inside the limit sets Status afterwards to
// Caution; Settle never lets a failing value be anything but no-go.
func (c Check) Numbers(value, limit float64, unit string, pass Pass) Check {
	c.ValueSI, c.LimitSI, c.Unit, c.Pass = value, limit, unit, pass
	c.Status = Go
	if c.Fails() {
		c.Status = NoGo
	}
	return c
}

// Fails reports whether c carries numbers and its value does not pass its limit
// (a NaN value or limit fails).
func (c Check) Fails() bool {
	switch c.Pass {
	case AtMost:
		return !(c.ValueSI <= c.LimitSI)
	case AtLeast:
		return !(c.ValueSI >= c.LimitSI)
	}
	return false
}

// effective is the status the verdict counts: no-go for a failing value.
func (c Check) effective() Status {
	if c.Fails() {
		return NoGo
	}
	return c.Status
}

// MarshalJSON writes value_si and limit_si only for a check with numbers, and a
// non-finite number as null (JSON has no NaN).
func (c Check) MarshalJSON() ([]byte, error) {
	type plain Check
	if c.Pass == "" {
		// the outer fields hide plain's and are omitted
		return json.Marshal(struct {
			plain
			ValueSI *float64 `json:"value_si,omitempty"`
			LimitSI *float64 `json:"limit_si,omitempty"`
		}{plain: plain(c)})
	}
	return json.Marshal(struct {
		plain
		ValueSI *float64 `json:"value_si"`
		LimitSI *float64 `json:"limit_si"`
	}{plain(c), finite(c.ValueSI), finite(c.LimitSI)})
}

// UnmarshalJSON reads what MarshalJSON writes (null numbers as NaN).
func (c *Check) UnmarshalJSON(b []byte) error {
	type plain Check
	in := struct {
		*plain
		ValueSI *float64 `json:"value_si"`
		LimitSI *float64 `json:"limit_si"`
	}{plain: (*plain)(c)}
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	c.ValueSI, c.LimitSI = math.NaN(), math.NaN()
	if in.ValueSI != nil {
		c.ValueSI = *in.ValueSI
	}
	if in.LimitSI != nil {
		c.LimitSI = *in.LimitSI
	}
	return nil
}

func finite(f float64) *float64 {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return nil
	}
	return &f
}

// Settle returns cs with every check whose value fails its limit marked no-go (the
// status then agrees with the numbers in every report). cs is not modified.
func Settle(cs []Check) []Check {
	out := make([]Check, len(cs))
	for i, c := range cs {
		if c.Fails() && c.Status != NoGo {
			c.Status = NoGo
		}
		out[i] = c
	}
	return out
}

// Verdict is "GO" only when no check is no-go (cautions are listed but do not stop
// the jump), and "NO-GO" otherwise, including when there are no checks at all. A
// check whose value fails its limit counts as no-go whatever its status.
func Verdict(cs []Check) string {
	if len(cs) == 0 {
		return "NO-GO"
	}
	for _, c := range cs {
		if c.effective().rank() >= 2 {
			return "NO-GO"
		}
	}
	return "GO"
}

// Worst returns the worst status among cs (Go for none). An unknown status counts as
// NoGo, as in Verdict, and is returned as NoGo so that callers comparing with NoGo
// see it.
func Worst(cs []Check) Status {
	w := Go
	for _, c := range cs {
		if e := c.effective(); e.rank() > w.rank() {
			w = e
		}
	}
	if w.rank() >= 2 {
		return NoGo
	}
	return w
}

// Reasons lists "name: detail" for every check that is not go, worst first.
func Reasons(cs []Check) []string {
	var out []string
	for _, want := range []Status{NoGo, Caution} {
		for _, c := range cs {
			e := c.effective()
			if (want == NoGo && e.rank() >= 2) || (want == Caution && e == Caution) {
				d := c.Detail
				if d == "" {
					d = c.Value + " against " + c.Limit
				}
				out = append(out, strings.ToUpper(string(want))+" "+c.Name+": "+d)
			}
		}
	}
	return out
}
