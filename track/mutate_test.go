package track

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// mutations is how many mutated tracks TestMutatedTracks reads in plain
// `go test` (each a window of up to 1,500 lines of a real track).
const mutations = 200

// xmlValue finds a GPX value: an elevation, a latitude or a longitude.
var xmlValue = regexp.MustCompile(`(?:<ele>|lat="|lon=")([^<"]*)`)

// mutate applies one random corruption of the kinds a damaged card, a bad
// export or a hand edit produce, and says which.
func mutate(r *rand.Rand, data []byte) ([]byte, string) {
	lines := bytes.Split(data, []byte("\n"))
	pick := func() int { return r.IntN(len(lines)) }
	switch r.IntN(5) {
	case 0: // truncation
		n := r.IntN(len(data) + 1)
		return data[:n], fmt.Sprintf("truncated at byte %d", n)
	case 1: // a flipped digit
		var at []int
		for i, c := range data {
			if c >= '0' && c <= '9' {
				at = append(at, i)
			}
		}
		if len(at) == 0 {
			return data, "no digit"
		}
		i := at[r.IntN(len(at))]
		d := byte('0' + r.IntN(10))
		out := bytes.Clone(data)
		out[i] = d
		return out, fmt.Sprintf("byte %d set to %c", i, d)
	case 2: // a zeroed field (a comma-separated field, or an XML value)
		i := pick()
		l := lines[i]
		if ms := xmlValue.FindAllSubmatchIndex(l, -1); len(ms) > 0 {
			m := ms[r.IntN(len(ms))]
			l = append(append(append([]byte{}, l[:m[2]]...), '0'), l[m[3]:]...)
		} else {
			f := bytes.Split(l, []byte(","))
			f[r.IntN(len(f))] = []byte("0")
			l = bytes.Join(f, []byte(","))
		}
		out := make([][]byte, len(lines))
		copy(out, lines)
		out[i] = l
		return bytes.Join(out, []byte("\n")), fmt.Sprintf("line %d zeroed a field", i+1)
	case 3: // swapped columns on every row
		a, b := r.IntN(14), r.IntN(14)
		out := make([][]byte, len(lines))
		for k, l := range lines {
			f := bytes.Split(l, []byte(","))
			if a < len(f) && b < len(f) {
				f[a], f[b] = f[b], f[a]
			}
			out[k] = bytes.Join(f, []byte(","))
		}
		return bytes.Join(out, []byte("\n")), fmt.Sprintf("columns %d and %d swapped", a, b)
	default: // duplicated rows, copied to another place
		i, j, n := pick(), pick(), 1+r.IntN(20)
		blk := lines[i:min(i+n, len(lines))]
		out := append(append(append([][]byte{}, lines[:j]...), blk...), lines[j:]...)
		return bytes.Join(out, []byte("\n")), fmt.Sprintf("%d lines from line %d copied before line %d", len(blk), i+1, j+1)
	}
}

// checkPlausible is the property: a track read is in strictly increasing time,
// every kept speed is possible at its altitude and the figures of the analysis
// are too. tol (m/s) allows for velocities derived from positions, whose noise
// over short intervals the position tolerance admits.
func checkPlausible(t *testing.T, what string, tr *Track) {
	t.Helper()
	derived := false
	for i, p := range tr.Points {
		if i > 0 && !p.T.After(tr.Points[i-1].T) {
			t.Fatalf("%s: point %d not after point %d", what, i, i-1)
		}
		if p.Flags&(FlagVelHDerived|FlagVelDDerived) != 0 {
			derived = true
		}
		if s := speed3(p); !(s <= MaxPlausibleSpeed(p.HMSL)+tolVel(p)) && p.Flags&(FlagVelHDerived|FlagVelDDerived) == 0 {
			t.Errorf("%s: line %d: recorded speed %.1f m/s kept, above the bound %.0f m/s at %.0f m", what, p.Line, s, MaxPlausibleSpeed(p.HMSL), p.HMSL)
		}
		if p.HMSL < MinAlt || p.HMSL > MaxAlt {
			t.Errorf("%s: line %d: altitude %.0f m kept", what, p.Line, p.HMSL)
		}
	}
	ph, err := DetectPhases(tr)
	if err != nil {
		return
	}
	m := Analyze(tr, ph, math.NaN())
	bound := PlausibleSpeedCeiling
	if derived {
		bound += plausibleTolPos / 0.04 // 20 m of noise over 25 Hz fixes, at worst
	}
	for name, v := range map[string]float64{"max vertical speed": m.MaxVertSpeed.Value, "max total speed": m.MaxTotalSpeed.Value} {
		if v > bound {
			t.Errorf("%s: %s %.1f m/s", what, name, v)
		}
	}
	if m.FreeFallTime < 0 {
		t.Errorf("%s: free fall %.1f s", what, m.FreeFallTime)
	}
}

// TestMutatedTracks reads 200 seeded mutations of windows of the real tracks
// (truncation, flipped digits, zeroed fields, swapped columns, duplicated rows):
// no panic, and either an error or a track whose figures are physically possible.
func TestMutatedTracks(t *testing.T) {
	files := realTracks(t)
	var srcs [][]byte
	for _, f := range files {
		srcs = append(srcs, []byte(testdataText(t, f)))
	}
	r := rand.New(rand.NewPCG(2026, 12))
	refused := 0
	for k := range mutations {
		fi := r.IntN(len(srcs))
		src := srcs[fi]
		// a window of up to 1,500 lines after the header (GPX on one line: whole)
		lines := bytes.SplitAfter(src, []byte("\n"))
		data := src
		if len(lines) > 1600 {
			from := 100 + r.IntN(len(lines)-1600)
			data = bytes.Join(append(lines[:20:20], lines[from:from+1500]...), nil)
		}
		var how []string
		for range 1 + r.IntN(3) {
			var h string
			data, h = mutate(r, data)
			how = append(how, h)
		}
		what := fmt.Sprintf("mutation %d of %s (%s)", k, files[fi], strings.Join(how, "; "))
		func() {
			defer func() {
				if e := recover(); e != nil {
					t.Fatalf("%s: panic: %v", what, e)
				}
			}()
			tr, err := Parse(data)
			if err != nil {
				refused++
				return
			}
			checkPlausible(t, what, tr)
		}()
	}
	t.Logf("%d of %d mutated tracks refused", refused, mutations)
}
