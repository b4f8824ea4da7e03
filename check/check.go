// Package check is one safety check of a plan and the verdict over many checks.
// Every domain package that judges a plan (plan, physio, montecarlo) returns checks
// of this one type, so the verdict is computed in one place.
package check

import "strings"

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

// Check is one rule applied to a plan: its value against its limit, with the source
// of the limit. Value and Limit are text with units, as a jumpmaster reads them.
type Check struct {
	Name   string `json:"name"`
	Status Status `json:"status"`
	Value  string `json:"value"`
	Limit  string `json:"limit"`
	Source string `json:"source"`
	// Detail explains a caution or no-go in a sentence (what to change).
	Detail string `json:"detail,omitempty"`
}

// Verdict is "GO" only when no check is no-go (cautions are listed but do not stop
// the jump), and "NO-GO" otherwise, including when there are no checks at all.
func Verdict(cs []Check) string {
	if len(cs) == 0 {
		return "NO-GO"
	}
	for _, c := range cs {
		if c.Status.rank() >= 2 {
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
		if c.Status.rank() > w.rank() {
			w = c.Status
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
			if (want == NoGo && c.Status.rank() >= 2) || (want == Caution && c.Status == Caution) {
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
