package logbook

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"halo/mission"
	"halo/store"
	"halo/track"
)

// The ranges a jump can produce. A result outside them is a unit slip, a
// corrupt number or a hostile client, never a jump: it is refused, not
// stored. They are wide on purpose (they must never refuse a real jump) and
// come from the record jumps and the canopy-drift arithmetic in
// docs/sources.md ([logbook-ranges]).
const (
	// MinAltitudeMSLM is the lowest altitude above mean sea level a jump
	// reaches, m: the lowest land is about 430 m below sea level; the track
	// reader's floor is the same (track.Read drops points below −500 m).
	MinAltitudeMSLM = -500.0
	// MaxAltitudeM is the highest altitude (MSL or AGL) a jump reaches, m: the
	// highest exit on record is 41,422 m (Eustace 2014) [FAI-records].
	MaxAltitudeM = 42000.0
	// MaxFreefallS is the longest free fall, s: no free fall outlasts the
	// longest whole descent on record, exit to landing 14 min 19 s = 859 s
	// (Eustace 2014) [NATL]; the longest free falls on record are 276 s
	// (Kittinger 1960) [WEA] and 267 s (Eustace) [NATL].
	MaxFreefallS = 900.0
	// MaxVerticalSpeedMPS is the fastest descent rate, m/s: the fastest free
	// fall on record is 377.1 m/s (Baumgartner 2012) [RB-F].
	MaxVerticalSpeedMPS = 400.0
	// MaxLandingErrorM is the farthest a landing can be from its planned
	// point, m: the HAHO canopy-drift formula D(NM) = (A − SF)·(V + FS)/K
	// [ATP 3-18.11] at its extremes (exit 40,000 ft, no safety factor, a 150-kt jet
	// stream, 25 kt forward speed, K = 31 for a high-glide canopy) gives
	// 226 NM = 418 km; 500 km is above it.
	MaxLandingErrorM = 500e3
	// MinCdAM2 and MaxCdAM2 bound a fitted free-fall drag area, m²: the
	// fastest stable position (head-down, 71.5 m/s [USPA-63]) with a light
	// 50 kg jumper at sea level gives 0.16 m²; the slowest free fall (a
	// wingsuit's 22.4 m/s [USPA-63]) with 142 kg (Kittinger's mass [WEA])
	// gives 4.5 m². More than ten times below and twice above: a larger fit
	// is a canopy, a smaller one a broken fit.
	MinCdAM2, MaxCdAM2 = 0.01, 10.0
	// FutureSlack is how far past now an attempt's date may be: a jump is
	// logged after it is flown; three days cover time zones and a clock (a
	// field laptop's, a server's) that is off by a day or two.
	FutureSlack = 72 * time.Hour
)

// EarliestDate is the earliest date an attempt may carry: the GPS time epoch,
// 6 January 1980 [IS-GPS-200]. The log debriefs attempts against GPS tracks,
// and no GPS time predates it; an earlier date is a typo or a clock that was
// never set (1970-01-01 is the Unix epoch).
var EarliestDate = time.Date(1980, 1, 6, 0, 0, 0, 0, time.UTC)

// Validate checks attempt a, as it will be stored, against the mission it
// flew (m, decoded; nil skips the checks that need it) and now: every result
// a finite number within what a jump can produce, the date within
// [EarliestDate, now + FutureSlack], every jumper named in the mission, and
// every track's bytes a track in a format halo reads (track.Parse), every
// debrief a JSON document, and no success for a track flown at another place
// (its debrief's "elsewhere"). It
// fills an empty track format with the format detected. It returns every
// problem at once, in an error wrapping ErrInput. `halo log add` and
// POST /api/log both reach it through Add.
func Validate(a *store.Attempt, m *mission.Mission, now time.Time) error {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	switch {
	case a.Date.IsZero():
		add("date is missing: give the date and time of the attempt")
	case a.Date.Before(EarliestDate):
		add("date %s is before %s, the GPS epoch [IS-GPS-200]: give the date of the attempt (a clock that was never set says 1970-01-01)", a.Date.UTC().Format(time.RFC3339), EarliestDate.Format("2006-01-02"))
	case a.Date.After(now.Add(FutureSlack)):
		add("date %s is in the future (now %s): log an attempt after it is flown", a.Date.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339))
	}
	var names map[string]bool
	if m != nil {
		names = map[string]bool{}
		for _, j := range m.Jumpers {
			names[j.Name] = true
		}
	}
	for i := range a.Jumpers {
		j := &a.Jumpers[i]
		where := fmt.Sprintf("jumpers[%d] (%s)", i, j.Name)
		if names != nil && !names[strings.TrimSpace(j.Name)] {
			add("%s: %q is not a jumper of mission %q (its jumpers: %s): name a jumper of the mission, or log against the mission version that has them", where, j.Name, m.Name, jumperList(m))
		}
		for _, p := range checkResult(j.Result) {
			add("%s: %s", where, p)
		}
		if len(j.Result.DebriefJSON) > 0 && !json.Valid(j.Result.DebriefJSON) {
			add("%s: result.debrief_json is not a JSON document: send the debrief as halo debrief --json writes it, or leave it out", where)
		}
		if e := elsewhereOf(j.Result); e != nil && a.Outcome == store.OutcomeSuccess {
			add("%s: the track was flown at another place (it lands %.0f km from the mission's target): an attempt there is never a success of this mission: give the outcome other (or what happened) [halo-log-elsewhere]", where, e.LandingFromTargetM/1000)
		}
		if j.Track != nil && len(j.Track.Bytes) > 0 {
			t, err := track.Parse(j.Track.Bytes)
			if err != nil {
				what := "is not a track"
				if !errors.Is(err, track.ErrNotTrack) {
					what = "cannot be read as a track"
				}
				add("%s: track %q %s (%v): send the logger's file as it was recorded (FlySight, GPX, NMEA, Columbus)", where, j.Track.Name, what, err)
			} else if strings.TrimSpace(j.Track.Format) == "" {
				tf := *j.Track
				tf.Format = t.Format
				j.Track = &tf
			}
		}
	}
	if len(problems) == 0 {
		return nil
	}
	return fmt.Errorf("%w: %s", ErrInput, strings.Join(problems, "; "))
}

func jumperList(m *mission.Mission) string {
	s := make([]string, len(m.Jumpers))
	for i, j := range m.Jumpers {
		s[i] = fmt.Sprintf("%q", j.Name)
	}
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

// checkResult lists every result field outside what a jump can produce.
func checkResult(r store.Result) []string {
	type field struct {
		name     string
		v        *float64
		min, max float64
		unit     string
	}
	fields := []field{
		{"exit_alt_msl_m", r.ExitAltMSLM, MinAltitudeMSLM, MaxAltitudeM, "m"},
		{"planned_exit_alt_msl_m", r.PlannedExitAltMSLM, MinAltitudeMSLM, MaxAltitudeM, "m"},
		{"open_alt_agl_m", r.OpenAltAGLM, 0, MaxAltitudeM, "m"},
		{"planned_open_alt_agl_m", r.PlannedOpenAltAGLM, 0, MaxAltitudeM, "m"},
		{"freefall_s", r.FreefallS, 0, MaxFreefallS, "s"},
		{"planned_freefall_s", r.PlannedFreefallS, 0, MaxFreefallS, "s"},
		{"landing_error_m", r.LandingErrorM, 0, MaxLandingErrorM, "m"},
		{"max_vertical_speed_mps", r.MaxVerticalSpeedMPS, 0, MaxVerticalSpeedMPS, "m/s"},
		{"fitted_cda_m2", r.FittedCdAM2, MinCdAM2, MaxCdAM2, "m²"},
	}
	var out []string
	for _, f := range fields {
		if f.v == nil {
			continue
		}
		v := *f.v
		switch {
		case math.IsNaN(v) || math.IsInf(v, 0):
			out = append(out, fmt.Sprintf("result.%s = %v: not a finite number: leave it out when it was not measured", f.name, v))
		case v < f.min || v > f.max:
			out = append(out, fmt.Sprintf("result.%s = %g %s: outside %g to %g %s, what a jump can produce [logbook-ranges]: check the unit (SI: m, s, m/s, m²) and that the track was flown on this mission", f.name, v, f.unit, f.min, f.max, f.unit))
		}
	}
	return out
}
