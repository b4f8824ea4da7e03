package render

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"halo/store"
)

// AttemptLoggedText writes the line `halo log add` answers: the attempt's id,
// date, mission and version, tracks, outcome and the halo build that planned it.
func AttemptLoggedText(w io.Writer, a store.Attempt) error {
	_, err := fmt.Fprintf(w, "logged attempt %d (%s, mission %s v%d, %s, outcome %s, planned by %s)\n", a.ID, a.Date.Format(time.RFC3339), a.MissionName, a.MissionVersion, plural(len(a.Jumpers), "track", "tracks"), a.Outcome, planner(a))
	return err
}

// planner is the halo build that planned an attempt, or "-" for an attempt
// logged before halo recorded it.
func planner(a store.Attempt) string {
	if a.Planner == "" {
		return "-"
	}
	return Escape(a.Planner)
}

// AttemptsText writes `halo log list`: one row per jumper of each attempt (id,
// date and time UTC, mission and version, outcome, landing distance from the
// target, deployment altitude AGL, free-fall time), "-" where a value is
// unknown, and
// the halo build that planned it.
func AttemptsText(w io.Writer, as []store.Attempt) error {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "id\tdate (UTC)\tmission\toutcome\tjumper\tlanding distance\tdeployment AGL\tfree fall\tplanned by")
	for _, a := range as {
		when := a.Date.UTC().Format("2006-01-02 15:04")
		for _, j := range a.Jumpers {
			fmt.Fprintf(tw, "%d\t%s\t%s v%d\t%s\t%s\t%s\t%s\t%s\t%s\n", a.ID, when, a.MissionName, a.MissionVersion, a.Outcome, j.Name,
				withUnit(j.Result.LandingErrorM, 0, "m"), withUnit(j.Result.OpenAltAGLM, 0, "m"), withUnit(j.Result.FreefallS, 1, "s"), planner(a))
		}
		if len(a.Jumpers) == 0 {
			fmt.Fprintf(tw, "%d\t%s\t%s v%d\t%s\t-\t-\t-\t-\t%s\n", a.ID, when, a.MissionName, a.MissionVersion, a.Outcome, planner(a))
		}
	}
	return tw.Flush()
}

// LogStatsText writes `halo log stats`: the attempts against plan one by one
// (landing distance, deployment-altitude and free-fall errors, fitted drag
// area), then a table per jumper: attempts, and for each error its mean, its
// change per attempt and how confident the trend is, in words.
func LogStatsText(w io.Writer, st store.Stats) error {
	name := st.Mission
	if name == "" {
		name = "all missions"
	}
	fmt.Fprintf(w, "JUMP LOG, %s: %s\n", name, attemptsWords(st))
	if len(st.Points) > 0 {
		fmt.Fprintln(w, "\nATTEMPTS (against the plan)")
		tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "#\tdate\tjumper\toutcome\tlanding distance\tdeployment altitude\tfree-fall time\tfitted drag area")
		for _, p := range st.Points {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", p.Number, p.Date.Format("2006-01-02"), p.Jumper, p.Outcome,
				withUnit(p.LandingErrorM, 0, "m"), signedWords(p.OpenAltErrorM, 0, "m", "high", "low"),
				signedWords(p.FreefallErrorS, 1, "s", "long", "short"), withUnit(p.FittedCdAM2, 2, "m²"))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	jumpers := map[string]bool{}
	for _, t := range st.Trends {
		if t.Jumper != "" {
			jumpers[t.Jumper] = true
		}
	}
	tables := 0
	for _, who := range trendJumpers(st) {
		if who == "" && len(jumpers) < 2 {
			continue // one jumper: the pooled table is the same
		}
		if err := jumperStatsTable(w, st, who); err != nil {
			return err
		}
		tables++
	}
	if tables > 0 {
		fmt.Fprintln(w, "\nchange per attempt: the least-squares line through each error's size, ± its standard error;\n"+
			"confident it shrinks: the one-sided Student-t probability of that change [NIST-t]")
	}
	return nil
}

// attemptsWords is "3 attempts (2 success, 1 off-target)".
func attemptsWords(st store.Stats) string {
	s := plural(st.Attempts, "attempt", "attempts")
	var parts []string
	for _, o := range store.Outcomes {
		if n := st.Outcomes[o]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, o))
		}
	}
	if len(parts) > 0 {
		s += " (" + strings.Join(parts, ", ") + ")"
	}
	return s
}

// plural is "1 track", "2 tracks".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// trendJumpers lists the jumpers the trends cover, everyone ("") first.
func trendJumpers(st store.Stats) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range st.Trends {
		if !seen[t.Jumper] {
			seen[t.Jumper] = true
			out = append(out, t.Jumper)
		}
	}
	return out
}

// jumperStatsTable writes one jumper's table (who "" is everyone): each
// error's mean size, its change per attempt with its standard error, and the
// trend in words; then the fitted drag area.
func jumperStatsTable(w io.Writer, st store.Stats, who string) error {
	title := "EVERYONE"
	if who != "" {
		title = strings.ToUpper(who)
	}
	n := 0
	for _, p := range st.Points {
		if who == "" || p.Jumper == who {
			n++
		}
	}
	fmt.Fprintf(w, "\n%s: %s\n", title, plural(n, "jump", "jumps"))
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  \tmean\tchange per attempt\ttrend")
	for _, t := range st.Trends {
		if t.Jumper != who {
			continue
		}
		label, unit := trendLabel(t.Metric)
		digits := 0
		if unit == "s" {
			digits = 1
		}
		change := "-"
		if t.Slope != nil && t.SlopeSE != nil {
			change = fmt.Sprintf("%s ± %s", signed(*t.Slope, digits+1, unit), strconv.FormatFloat(*t.SlopeSE, 'f', digits+1, 64)+" "+unit)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", label, withUnit(t.Mean, digits, unit), change, trendWords(t))
	}
	for _, d := range st.Drag {
		if d.Jumper == who && who != "" {
			sd := ""
			if d.SDM2 != nil {
				sd = ", sd " + withUnit(d.SDM2, 2, "m²")
			}
			fmt.Fprintf(tw, "  fitted drag area\t%s\t\t%s%s\n", withUnit(d.MeanM2, 2, "m²"), plural(len(d.Points), "fit", "fits"), sd)
		}
	}
	return tw.Flush()
}

// trendLabel is a trend's metric in a table's words (the size of the error).
func trendLabel(metric string) (label, unit string) {
	switch metric {
	case store.MetricLandingError:
		return "landing distance", "m"
	case store.MetricOpenAltError:
		return "deployment altitude error", "m"
	case store.MetricFreefallError:
		return "free-fall time error", "s"
	}
	return store.MetricWords(metric)
}

// trendWords says whether an error is shrinking and how confident that is
// (store.FitTrend: one-sided Student-t on the least-squares slope).
func trendWords(t store.Trend) string {
	if t.Confidence == nil {
		return fmt.Sprintf("too few jumps for a trend (%d of the %d needed)", t.N, store.MinTrendPoints)
	}
	c := *t.Confidence
	switch {
	case t.Verdict == store.Improving:
		return fmt.Sprintf("shrinking (%s confident)", percent(c))
	case c <= 0.05:
		return fmt.Sprintf("growing (%s confident)", percent(1-c))
	}
	return fmt.Sprintf("no clear trend (%s confident it shrinks; 95 %% needed)", percent(c))
}

// percent is a confidence in whole percent, never 100 % (a trend is never certain).
func percent(c float64) string {
	p := math.Floor(c * 100)
	if p > 99 {
		p = 99
	}
	return fmt.Sprintf("%.0f %%", p)
}

// withUnit is a value to digits decimals with its unit, "-" when unknown.
func withUnit(p *float64, digits int, unit string) string {
	if p == nil {
		return "-"
	}
	return strconv.FormatFloat(*p, 'f', digits, 64) + " " + unit
}

// signed is a value with its sign (+1.2 s); a value that rounds to zero is +0.
func signed(v float64, digits int, unit string) string {
	s := strconv.FormatFloat(v, 'f', digits, 64)
	if zero := strconv.FormatFloat(0, 'f', digits, 64); s == "-"+zero {
		s = zero
	}
	if !strings.HasPrefix(s, "-") {
		s = "+" + s
	}
	return s + " " + unit
}

// signedWords is an error in words: "43 m low", "1.1 s long", "0 m".
func signedWords(p *float64, digits int, unit, above, below string) string {
	if p == nil {
		return "-"
	}
	v := *p
	s := strconv.FormatFloat(math.Abs(v), 'f', digits, 64) + " " + unit
	if s == strconv.FormatFloat(0, 'f', digits, 64)+" "+unit {
		return s
	}
	if v > 0 {
		return s + " " + above
	}
	return s + " " + below
}

// ImportedText writes the line `halo log import` answers: what was added,
// and what was left out because the log had it already.
func ImportedText(w io.Writer, r store.ImportResult) error {
	s := fmt.Sprintf("imported %s, %s, %s and %s", plural(r.Attempts, "attempt", "attempts"), plural(r.Missions, "mission version", "mission versions"),
		plural(r.Jumpers, "jumper", "jumpers"), plural(r.Notes, "note", "notes"))
	if r.SkippedAttempts > 0 || r.SkippedNotes > 0 {
		s += fmt.Sprintf("; left out %s and %s the log had already", plural(r.SkippedAttempts, "attempt", "attempts"), plural(r.SkippedNotes, "note", "notes"))
	}
	if r.KeptIDs {
		s += "; the file's attempt numbers kept (the log was empty)"
	}
	_, err := fmt.Fprintln(w, s)
	return err
}
