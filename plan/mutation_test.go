package plan

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"halo/check"
	"halo/mission"
	"halo/wind"
	"halo/wind/windfile"

	"halo/internal/testdata"
)

// The hostile tester's mutation runs as seeded property tests: mutate one field
// of the embedded mission or one number of a testdata winds file, decode and plan.
// The properties: nothing panics, and a GO comes only for a mission whose every
// tabled input is inside its range (mission.Ranges) and whose winds cover the
// ground to the exit with a surface report near the ground. Fixed seeds: the run
// is the same every time, and brief (a few hundred plans).

var numberRE = regexp.MustCompile(`-?\d+(\.\d+)?`)

// mutateNumber replaces one number of text (after a ':' on a line that is not a
// comment when yamlValues) with a hostile variant.
func mutateNumber(r *rand.Rand, text string, yamlValues bool) (string, string) {
	lines := strings.Split(text, "\n")
	for tries := 0; tries < 100; tries++ {
		i := r.IntN(len(lines))
		ln := lines[i]
		from := 0
		if yamlValues {
			c := strings.IndexByte(ln, ':')
			if c < 0 || strings.HasPrefix(strings.TrimSpace(ln), "#") {
				continue
			}
			from = c
			if h := strings.IndexByte(ln, '#'); h >= 0 {
				ln = ln[:h]
			}
		}
		locs := numberRE.FindAllStringIndex(ln[from:], -1)
		if len(locs) == 0 {
			continue
		}
		loc := locs[r.IntN(len(locs))]
		a, b := from+loc[0], from+loc[1]
		old := ln[a:b]
		v, _ := strconv.ParseFloat(old, 64)
		var nv string
		kind := r.IntN(9)
		if !yamlValues && r.IntN(2) == 0 {
			kind = -1 // a digit flip keeps a fixed-width format's columns
		}
		switch kind {
		case -1:
			d := []byte(old)
			k := r.IntN(len(d))
			for d[k] == '-' || d[k] == '.' {
				k = r.IntN(len(d))
			}
			d[k] = byte('0' + r.IntN(10))
			nv = string(d)
		case 0:
			nv = "0"
		case 1:
			nv = strconv.FormatFloat(-v, 'g', -1, 64)
		case 2:
			nv = strconv.FormatFloat(v*10, 'g', -1, 64)
		case 3:
			nv = strconv.FormatFloat(v/10, 'g', -1, 64)
		case 4:
			nv = strconv.FormatFloat(v*1000, 'g', -1, 64)
		case 5:
			nv = strconv.FormatFloat(v+1, 'g', -1, 64)
		case 6:
			nv = strconv.FormatFloat(math.Round(r.Float64()*2e5-1e5), 'g', -1, 64)
		case 7:
			nv = strconv.FormatFloat(v*(0.5+r.Float64()), 'g', 6, 64)
		default:
			nv = "1e308"
		}
		lines[i] = lines[i][:a] + nv + lines[i][b:]
		return strings.Join(lines, "\n"), fmt.Sprintf("line %d: %s -> %s", i+1, old, nv)
	}
	return text, "no number found"
}

// mutateYAML mutates one number, one unit, or drops one line of a mission.
func mutateYAML(r *rand.Rand, y string) (string, string) {
	switch r.IntN(6) {
	case 0: // swap a unit
		units := []string{" ft", " m", " kt", " mph", " m/s", " min", " s", " h", " kg", " lb", " deg", " C", " %", " psi", " L"}
		for tries := 0; tries < 50; tries++ {
			u := units[r.IntN(len(units))]
			if i := strings.Index(y, u); i >= 0 {
				w := units[r.IntN(len(units))]
				return y[:i] + w + y[i+len(u):], fmt.Sprintf("unit%s -> %s", u, w)
			}
		}
	case 1: // drop a line
		lines := strings.Split(y, "\n")
		i := r.IntN(len(lines))
		d := lines[i]
		return strings.Join(append(lines[:i:i], lines[i+1:]...), "\n"), "dropped: " + d
	}
	return mutateNumber(r, y, true)
}

// covered says whether the winds cover the ground to the exit as the plan requires.
func covered(w *wind.Profile, ground, exit float64) bool {
	below, above := w.Gaps(ground, exit)
	return below <= wind.MaxExtrapolation && above <= wind.MaxExtrapolation && w.Bottom()-ground <= wind.MaxSurfaceReportAGL
}

// inRanges lists the tabled mission values outside their range (the decoder
// should have refused them).
func inRanges(m *mission.Mission) []string {
	var bad []string
	chk := func(key string, v float64) {
		r, ok := mission.RangeOf(key)
		if !ok {
			bad = append(bad, "no range for "+key)
			return
		}
		if !math.IsNaN(v) && (v < r.Min || v > r.Max) {
			bad = append(bad, fmt.Sprintf("%s = %g outside %g..%g", key, v, r.Min, r.Max))
		}
	}
	a := m.Aircraft
	chk("target.elevation", m.Target.Elevation)
	chk("aircraft.takeoff_elevation", a.TakeoffElevation)
	chk("aircraft.altitude", a.Altitude)
	if !a.Unpressurized {
		chk("aircraft.cabin", a.CabinAlt)
	}
	if !a.Balloon && !a.Hover { // a hover (airspeed: 0 kt) has no airspeed of its own
		chk("aircraft.airspeed", a.Airspeed)
		chk("aircraft.indicated_airspeed", a.IAS)
	}
	chk("aircraft.climb_rate", a.ClimbRate)
	for _, j := range m.Jumpers {
		chk("jumpers[].mass", j.Mass)
	}
	chk("limits.max_dcs_risk", m.Limits.MaxDCSRisk)
	return bad
}

// property plans one input and applies the properties; it reports the outcome.
func property(t *testing.T, what string, in Inputs) (outcome string) {
	t.Helper()
	defer func() {
		if v := recover(); v != nil {
			t.Errorf("%s: panic: %v", what, v)
			outcome = "panic"
		}
	}()
	p, err := Solve(in)
	if err != nil {
		t.Logf("%s: %v", what, err)
		return "error"
	}
	if p.Verdict != check.Verdict(p.Checks) {
		t.Errorf("%s: verdict %s, checks say %s", what, p.Verdict, check.Verdict(p.Checks))
	}
	if p.Verdict != "GO" {
		return "no-go"
	}
	m := in.Mission
	if bad := inRanges(m); len(bad) > 0 {
		t.Errorf("%s: GO with inputs out of range: %v", what, bad)
	}
	if !covered(p.Env.Wind, m.Target.Elevation, m.Aircraft.Altitude) {
		b, a := p.Env.Wind.Gaps(m.Target.Elevation, m.Aircraft.Altitude)
		t.Errorf("%s: GO on winds that do not cover ground to exit (gaps %.0f m below, %.0f m above; lowest report %.0f m AGL)",
			what, b, a, p.Env.Wind.Bottom()-m.Target.Elevation)
	}
	if p.Env.NoWinds {
		t.Errorf("%s: GO without winds", what)
	}
	return "go"
}

func TestMutatedMissions(t *testing.T) {
	n := 300
	if testing.Short() {
		n = 60
	}
	base, err := mission.Builtin("fallout")
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(2026, 12))
	count := map[string]int{}
	for k := 0; k < n; k++ {
		y, what := mutateYAML(r, string(base))
		if k%3 == 0 { // some runs mutate twice
			var w2 string
			y, w2 = mutateYAML(r, y)
			what += "; " + w2
		}
		m, err := mission.Decode("mutant.yaml", []byte(y))
		if err != nil {
			count["refused"]++
			continue
		}
		count[property(t, what, Inputs{Mission: m})]++
	}
	t.Logf("%d mutated missions: %v", n, count)
	if count["refused"] == 0 || count["go"] == 0 || count["no-go"] == 0 {
		t.Errorf("the mutations do not exercise every outcome: %v", count)
	}
}

func TestMutatedWindFiles(t *testing.T) {
	n := 120
	if testing.Short() {
		n = 30
	}
	files := []struct {
		name, station string
		ground        float64
		ref           time.Time
	}{
		{"gsl_aeharding_op40_den_2021090301.txt", "", 1700, time.Date(2021, 9, 3, 1, 0, 0, 0, time.UTC)},
		{"fb_ww_fbus31_kwno_310158.txt", "DEN", 1655, time.Date(2026, 1, 31, 3, 0, 0, 0, time.UTC)},
	}
	r := rand.New(rand.NewPCG(2026, 1202))
	count := map[string]int{}
	for k := 0; k < n; k++ {
		f := files[k%len(files)]
		b, err := os.ReadFile(testdata.Path(t, f.name))
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		var what string
		switch {
		case r.IntN(4) == 0:
			// cut the profile short: the file ends (a sounding) or the station's
			// line does (an FB bulletin) at a random place
			at := strings.Index(text, "\n"+f.station+" ") + 1
			if f.station == "" {
				at = strings.Index(text, "\n      9 ") + 1 // the GSL surface row
			}
			end := len(text)
			if f.station != "" {
				end = strings.IndexByte(text[at:], '\n') + at
			}
			k := at + r.IntN(end-at)
			if f.station == "" {
				k = strings.IndexByte(text[k:], '\n') + k + 1
			}
			what = fmt.Sprintf("cut at byte %d", k)
			text = text[:k] + text[end:]
		case f.station != "" && r.IntN(3) != 0:
			// an FB bulletin: mutate the station's own line (other stations' are
			// checked by the parser, but do not reach the plan)
			i := strings.Index(text, "\n"+f.station+" ")
			j := strings.IndexByte(text[i+1:], '\n') + i + 1
			var line string
			line, what = mutateNumber(r, text[i+1:j], false)
			text = text[:i+1] + line + text[j:]
		default:
			text, what = mutateNumber(r, text, false)
		}
		what = f.name + " " + what
		prof, _, err := windfile.Read(f.name, []byte(text), f.station, f.ref)
		if err != nil {
			count["refused"]++
			continue
		}
		m, err := mission.Default()
		if err != nil {
			t.Fatal(err)
		}
		m.Target.Elevation, m.Aircraft.TakeoffElevation = f.ground, f.ground
		m.Schedule.Takeoff = time.Time{} // judged at Now: the sounding's valid time
		count[property(t, what, Inputs{Mission: m, Wind: prof, Now: f.ref})]++
	}
	t.Logf("%d mutated wind files: %v", n, count)
	if count["go"] == 0 || count["no-go"] == 0 || count["refused"] == 0 {
		t.Errorf("the mutations do not exercise every outcome: %v", count)
	}
}
