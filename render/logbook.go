package render

import (
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
	"time"

	"halo/store"
)

// AttemptLoggedText writes the line `halo log add` answers: the attempt's id,
// date, mission and version, tracks, outcome and the halo build that planned it.
func AttemptLoggedText(w io.Writer, a store.Attempt) error {
	_, err := fmt.Fprintf(w, "logged attempt %d (%s, mission %s v%d, %d tracks, outcome %s, planned by %s)\n", a.ID, a.Date.Format(time.RFC3339), a.MissionName, a.MissionVersion, len(a.Jumpers), a.Outcome, planner(a))
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
// date, mission and version, outcome, landing miss, opening height AGL, free
// fall, the halo build that planned it), "-" where a value is unknown.
func AttemptsText(w io.Writer, as []store.Attempt) error {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "id\tdate\tmission\toutcome\tjumper\tlanding miss m\topen AGL m\tfree fall s\tplanned by")
	for _, a := range as {
		for _, j := range a.Jumpers {
			fmt.Fprintf(tw, "%d\t%s\t%s v%d\t%s\t%s\t%s\t%s\t%s\t%s\n", a.ID, a.Date.Format("2006-01-02 15:04"), a.MissionName, a.MissionVersion, a.Outcome, j.Name,
				num(j.Result.LandingErrorM), num(j.Result.OpenAltAGLM), num(j.Result.FreefallS), planner(a))
		}
		if len(a.Jumpers) == 0 {
			fmt.Fprintf(tw, "%d\t%s\t%s v%d\t%s\t-\t-\t-\t-\t%s\n", a.ID, a.Date.Format("2006-01-02 15:04"), a.MissionName, a.MissionVersion, a.Outcome, planner(a))
		}
	}
	return tw.Flush()
}

// LogStatsText writes `halo log stats`: the attempts against plan one by one
// (landing miss, opening-altitude and free-fall errors, fitted drag area), the
// trends and each jumper's fitted drag.
func LogStatsText(w io.Writer, st store.Stats) error {
	name := st.Mission
	if name == "" {
		name = "all missions"
	}
	fmt.Fprintf(w, "JUMP LOG  %s: %d attempts %v\n", name, st.Attempts, st.Outcomes)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "#\tdate\tjumper\toutcome\tlanding miss m\topen alt error m\tfree-fall error s\tfitted CdA m2")
	for _, p := range st.Points {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", p.Number, p.Date.Format("2006-01-02"), p.Jumper, p.Outcome, num(p.LandingErrorM), num(p.OpenAltErrorM), num(p.FreefallErrorS), num2(p.FittedCdAM2))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "TRENDS")
	for _, t := range st.Trends {
		fmt.Fprintf(w, "  %s\n", t)
	}
	for _, d := range st.Drag {
		fmt.Fprintf(w, "DRAG %s: %d fits, mean %s m², sd %s\n", d.Jumper, len(d.Points), num2(d.MeanM2), num2(d.SDM2))
	}
	return nil
}

// num is a value to 0.1, "-" when unknown.
func num(p *float64) string { return optional(p, 1) }

// num2 is a value to 0.001, "-" when unknown.
func num2(p *float64) string { return optional(p, 3) }

func optional(p *float64, digits int) string {
	if p == nil {
		return "-"
	}
	return strconv.FormatFloat(*p, 'f', digits, 64)
}
