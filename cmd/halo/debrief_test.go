package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"halo/debrief"
	"halo/mission"
)

const richo = "../../testdata/tracks/richo-08-22-35.CSV" // the shared fixture tree (internal/testdata)

// The debrief's text is a golden file: a real track against the plan, with video
// timecodes, and alone with a fitted drag.
func TestDebriefTextGolden(t *testing.T) {
	for _, c := range []struct {
		golden string
		args   []string
	}{
		{"debrief_richo_plan.golden", []string{"debrief", richo, "--plan", "fallout", "--jumper", "talent", "--video-start", "2016-10-08T16:22:40Z", "--sync", "exit=0:00:07.5"}},
		{"debrief_richo_alone.golden", []string{"debrief", richo, "--mass-kg", "90"}},
		{"debrief_richo_two.golden", []string{"debrief", richo, richo, "--plan", "fallout"}},
	} {
		t.Run(c.golden, func(t *testing.T) {
			out, err := run(t, c.args...)
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, c.golden, out)
		})
	}
}

// The stages of `halo debrief`, one by one.
func TestDebriefStages(t *testing.T) {
	now := time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)
	t.Run("plan", func(t *testing.T) {
		if p, err := debriefPlan("", now); p != nil || err != nil {
			t.Errorf("no --plan: %v, %v", p, err)
		}
		if p, err := debriefPlan("fallout", now); err != nil || len(p.Jumpers) != 2 {
			t.Errorf("fallout: %v", err)
		}
		if _, err := debriefPlan(filepath.Join(t.TempDir(), "none.yaml"), now); err == nil {
			t.Error("a missing mission file was read")
		}
	})
	p, _ := debriefPlan("fallout", now)
	var ds []debriefed
	t.Run("tracks", func(t *testing.T) {
		var err error
		ds, err = debriefTracks([]string{richo, richo}, p, []string{"camera", "talent"}, 0)
		if err != nil {
			t.Fatal(err)
		}
		if ds[0].report.Jumper != "camera" || ds[1].report.Jumper != "talent" || ds[0].file != richo {
			t.Errorf("jumpers %q %q", ds[0].report.Jumper, ds[1].report.Jumper)
		}
		// the hand-labelled exit of the track (track/testdata/SOURCES.md): t ≈ 12 s
		if e := ds[0].report.Exit; e == nil || math.Abs(e.TS-12) > 1 {
			t.Errorf("exit %+v, labelled at about 12 s", e)
		}
		notTrack := filepath.Join(t.TempDir(), "x.csv")
		os.WriteFile(notTrack, []byte("hello\n"), 0o644)
		if _, err := debriefTracks([]string{notTrack}, nil, []string{""}, 0); err == nil {
			t.Error("a file that is no track was debriefed")
		}
	})
	t.Run("drawings", func(t *testing.T) {
		kml := filepath.Join(t.TempDir(), "a.kml")
		if err := writeDrawings(&cobra.Command{}, ds[:1], p, debriefOptions{kmlFile: kml}); err != nil {
			t.Fatal(err)
		}
		if b, err := os.ReadFile(kml); err != nil || !strings.Contains(string(b), "<kml") {
			t.Errorf("KML %v: %.60q", err, b)
		} else if strings.Contains(string(b), "(planned)") || strings.Contains(string(b), "release point") {
			// the track was flown 13,000 km from the plan: drawn alone
			t.Error("a track from another place was drawn with the plan")
		}
		if err := writeDrawings(&cobra.Command{}, ds[:1], p, debriefOptions{}); err != nil {
			t.Errorf("no drawing asked: %v", err)
		}
	})
	t.Run("timecodes", func(t *testing.T) {
		if tcs, err := videoTimecodes(ds[0].report, "", nil); tcs != nil || err != nil {
			t.Errorf("no video: %v, %v", tcs, err)
		}
		if _, err := videoTimecodes(ds[0].report, "yesterday", nil); err == nil || !strings.Contains(err.Error(), "--video-start") {
			t.Errorf("bad --video-start: %v", err)
		}
		if _, err := videoTimecodes(ds[0].report, "", []string{"exit"}); err == nil || !strings.Contains(err.Error(), "--sync") {
			t.Errorf("bad --sync: %v", err)
		}
		tcs, err := videoTimecodes(ds[0].report, "", []string{"exit=0:00:07.5"})
		if err != nil || len(tcs) != 4 || tcs[0].Name != "exit" || tcs[0].Video != 7500*time.Millisecond {
			t.Errorf("synced on the exit: %v, %+v", err, tcs)
		}
	})
	t.Run("attempt", func(t *testing.T) {
		if a := attemptReport(ds[:1], p); a != nil {
			t.Error("an attempt report for one track")
		}
		a := attemptReport(ds, p)
		if a == nil || a.WithinM != p.Input.Limits.CameraWithin || len(a.Pairs) != 1 {
			t.Fatalf("attempt %+v", a)
		}
		// the same track twice: no separation at all
		if a.Pairs[0].MinM > 0.01 {
			t.Errorf("a track against itself is %.2f m apart", a.Pairs[0].MinM)
		}
	})
	t.Run("report", func(t *testing.T) {
		var b bytes.Buffer
		if err := writeDebrief(&b, true, ds[:1], nil, nil); err != nil {
			t.Fatal(err)
		}
		var one map[string]any
		if err := json.Unmarshal(b.Bytes(), &one); err != nil || one["jumper"] != "camera" {
			t.Errorf("one track's JSON is its report: %v %v", err, one["jumper"])
		}
		b.Reset()
		writeDebrief(&b, true, ds, attemptReport(ds, p), nil)
		var all struct {
			Jumpers []map[string]any `json:"jumpers"`
			Attempt map[string]any   `json:"attempt"`
		}
		if err := json.Unmarshal(b.Bytes(), &all); err != nil || len(all.Jumpers) != 2 || all.Attempt == nil {
			t.Errorf("two tracks' JSON: %v %+v", err, all)
		}
	})
	t.Run("update", func(t *testing.T) {
		mf := filepath.Join(t.TempDir(), "m.yaml")
		y, _ := mission.Builtin("fallout")
		os.WriteFile(mf, y, 0o644)
		cmd := debriefCmd()
		// a track from another drop zone: the fit is not written, the file unchanged
		if err := updateMission(cmd, mf, ds[:1]); err == nil || !strings.Contains(err.Error(), "not flown there") {
			t.Errorf("a track 13,000 km away updated the mission: %v", err)
		}
		if b, _ := os.ReadFile(mf); string(b) != string(y) {
			t.Error("the mission file changed after a refused update")
		}
		alone := ds[0]
		alone.report.Fit = nil
		if err := updateMission(cmd, mf, []debriefed{alone}); err == nil || !strings.Contains(err.Error(), "no fitted drag") {
			t.Errorf("no fit: %v", err)
		}
	})
}

// Which jumper flew track i is one rule (debrief.TrackJumpers) for `halo
// debrief` and `halo log add`: the same tracks and names give the same jumpers,
// or the same refusal.
func TestJumperRuleSameForDebriefAndLog(t *testing.T) {
	dir, mfile, p := falloutOnDisk(t)
	rng := rand.New(rand.NewPCG(7, 1))
	when := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	var tracks []string
	for i := range 2 {
		data, err := flysight1(p, p.Jumps[i], when, rng)
		if err != nil {
			t.Fatal(err)
		}
		tf := filepath.Join(dir, fmt.Sprintf("j%d.CSV", i))
		os.WriteFile(tf, data, 0o644)
		tracks = append(tracks, tf)
	}
	cases := []struct {
		name    string
		tracks  []string
		jumpers []string
		want    []string // nil: refused
	}{
		{"two tracks, no names: exit order", tracks, nil, []string{"talent", "camera"}},
		{"names given", tracks[:1], []string{"talent"}, []string{"talent"}},
		{"one unnamed track of two jumpers", tracks[:1], nil, nil},
		{"more tracks than jumpers", []string{tracks[0], tracks[1], tracks[0]}, nil, nil},
		{"a name not in the mission", tracks[:1], []string{"nobody"}, nil},
		{"fewer names than tracks", tracks, []string{"talent"}, nil},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dargs := append([]string{"debrief", "--json", "--plan", mfile}, c.tracks...)
			largs := []string{"log", "add", "--db", filepath.Join(dir, fmt.Sprintf("log%d.db", i)), "--mission", mfile, "--date", when.Format(time.RFC3339)}
			for _, tf := range c.tracks {
				largs = append(largs, "--track", tf)
			}
			for _, j := range c.jumpers {
				dargs = append(dargs, "--jumper", j)
				largs = append(largs, "--jumper", j)
			}
			dout, derr := run(t, dargs...)
			_, lerr := run(t, largs...)
			if c.want == nil {
				if derr == nil || lerr == nil {
					t.Fatalf("debrief %v, log add %v: want both refused", derr, lerr)
				}
				// the same rule's words in both
				if d, l := ruleWords(derr.Error()), ruleWords(lerr.Error()); d != l {
					t.Errorf("debrief says %q, log add %q", d, l)
				}
				return
			}
			if derr != nil || lerr != nil {
				t.Fatalf("debrief %v, log add %v", derr, lerr)
			}
			got := debriefJumpers(t, dout)
			show, err := run(t, "log", "show", "1", "--db", largs[3])
			if err != nil {
				t.Fatal(err)
			}
			var a struct {
				Jumpers []struct {
					Name string `json:"name"`
				} `json:"jumpers"`
			}
			json.Unmarshal([]byte(show), &a)
			var logged []string
			for _, j := range a.Jumpers {
				logged = append(logged, j.Name)
			}
			if !slices.Equal(got, c.want) || !slices.Equal(logged, c.want) {
				t.Errorf("debrief %q, log %q, want %q", got, logged, c.want)
			}
		})
	}
}

// ruleWords is the part of a refusal that debrief.TrackJumpers wrote.
func ruleWords(msg string) string {
	if i := strings.Index(msg, debrief.ErrJumper.Error()); i >= 0 {
		return msg[i:]
	}
	return msg
}

// debriefJumpers reads the jumpers of `halo debrief --json` (one report, or
// {"jumpers": [...]}).
func debriefJumpers(t *testing.T, out string) []string {
	t.Helper()
	var many struct {
		Jumpers []struct {
			Jumper string `json:"jumper"`
		} `json:"jumpers"`
	}
	var one struct {
		Jumper string `json:"jumper"`
	}
	if json.Unmarshal([]byte(out), &many) == nil && len(many.Jumpers) > 0 {
		var s []string
		for _, j := range many.Jumpers {
			s = append(s, j.Jumper)
		}
		return s
	}
	if err := json.Unmarshal([]byte(out), &one); err != nil {
		t.Fatalf("debrief --json: %v", err)
	}
	return []string{one.Jumper}
}
