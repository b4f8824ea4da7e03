package main

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"halo/brief"
	"halo/plan"
	"halo/render"
)

// MaxSlots bounds --times: each slot is a whole briefing (plan and odds).
const MaxSlots = 48

var reTimes = regexp.MustCompile(`^(\d{1,2}):(\d{2})\.\.(\d{1,2}):(\d{2})/(\S+)$`)

// parseTimes reads --times "13:00..17:00/30m": exit times from the first to the
// last (included) every step, on day (its date and zone).
func parseTimes(s string, day time.Time) ([]time.Time, error) {
	m := reTimes.FindStringSubmatch(strings.TrimSpace(s))
	bad := fmt.Errorf("--times %q: give FROM..TO/STEP in 24-h clock time, e.g. 13:00..17:00/30m", s)
	if m == nil {
		return nil, bad
	}
	var n [4]int
	for i := range n {
		n[i], _ = strconv.Atoi(m[i+1])
	}
	if n[0] > 23 || n[2] > 23 || n[1] > 59 || n[3] > 59 {
		return nil, bad
	}
	step, err := time.ParseDuration(m[5])
	if err != nil || step < time.Minute {
		return nil, fmt.Errorf("--times %q: step %q: give a duration of at least 1m (30m, 1h)", s, m[5])
	}
	y, mo, d := day.Date()
	from := time.Date(y, mo, d, n[0], n[1], 0, 0, day.Location())
	to := time.Date(y, mo, d, n[2], n[3], 0, 0, day.Location())
	if to.Before(from) {
		return nil, fmt.Errorf("--times %q: the last time is before the first", s)
	}
	var out []time.Time
	for t := from; !t.After(to); t = t.Add(step) {
		if len(out) == MaxSlots {
			return nil, fmt.Errorf("--times %q: more than %d slots: widen the step", s, MaxSlots)
		}
		out = append(out, t)
	}
	return out, nil
}

// slotDay is the day and zone --times are on: the mission's take-off day in its
// time zone (UTC when it names none), else today.
func slotDay(in plan.Inputs, now time.Time) time.Time {
	m := in.Mission
	loc := m.Schedule.Location
	if loc == nil {
		loc = time.UTC
	}
	if !m.Schedule.Takeoff.IsZero() {
		return m.Schedule.Takeoff.In(loc)
	}
	return now.In(loc)
}

// planTimes briefs the mission for each exit time: the take-off moves with the
// slot (or, without a schedule, the slot is the planning time), and a mission
// that fetches its winds takes the forecast hour nearest each slot.
func planTimes(ctx context.Context, in plan.Inputs, f *forecasts, opt brief.Options, slots []time.Time, now time.Time) ([]render.TimeSlot, error) {
	base, err := plan.Solve(in)
	if err != nil {
		return nil, err
	}
	var rows []render.TimeSlot
	for _, t := range slots {
		q := in
		m := *in.Mission
		q.Mission = &m
		if !base.ExitTime.IsZero() {
			m.Schedule.Takeoff = m.Schedule.Takeoff.Add(t.Sub(base.ExitTime))
		} else {
			q.Now = t
		}
		o := opt
		if f != nil {
			ps, err := f.profiles(t, now)
			if err != nil {
				rows = append(rows, render.TimeSlot{Time: t, Err: err.Error()})
				continue
			}
			q.Wind = ps[0]
			if err := briefWinds(&o, ps, &m); err != nil {
				return nil, err
			}
		}
		b, err := brief.Make(ctx, q, o)
		if err != nil {
			rows = append(rows, render.TimeSlot{Time: t, Err: err.Error()})
			continue
		}
		rows = append(rows, render.SlotOf(t, b))
	}
	return rows, nil
}

// planTimesCmd is `halo plan --times`: the table (text) or its rows (json); exit
// status 2 when no slot is GO.
func planTimesCmd(cmd *cobra.Command, in plan.Inputs, f *forecasts, opt brief.Options, spec, format string, now time.Time) error {
	slots, err := parseTimes(spec, slotDay(in, now))
	if err != nil {
		return err
	}
	rows, err := planTimes(cmd.Context(), in, f, opt, slots, now)
	if err != nil {
		return err
	}
	out := cmd.OutOrStdout()
	switch format {
	case "text":
		err = render.TimesText(out, in.Mission.Name, rows)
	case "json":
		err = render.JSON(out, map[string]any{"mission": in.Mission.Name, "slots": rows})
	default:
		return fmt.Errorf("--times with --format %q: use text or json", format)
	}
	if err != nil {
		return err
	}
	for _, r := range rows {
		if r.Verdict == "GO" {
			return nil
		}
	}
	return exitError{2}
}
