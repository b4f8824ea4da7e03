package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"halo/plan"
	"halo/track"
)

// runSplit executes the CLI in-process with standard output and standard error
// apart.
func runSplit(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	root := newRoot()
	var out, errb bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errb)
	root.SetArgs(args)
	err = root.Execute()
	return out.String(), errb.String(), err
}

// plan --export flysight2 writes one FlySight 2 file per jumper, named from
// --export-file (a pattern with {jumper}, a folder, or a single file for a
// one-jumper plan), and names each file on standard error; every file reads
// back as one jumper's track, and halo debrief finds each jumper's exit and
// landing in it.
func TestPlanExportFlySightFiles(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "existing")
	os.Mkdir(existing, 0o755)
	for _, c := range []struct {
		name, file string
		want       []string // the files, talent's then camera's
	}{
		{"pattern", filepath.Join(dir, "p-{jumper}.CSV"), []string{filepath.Join(dir, "p-talent.CSV"), filepath.Join(dir, "p-camera.CSV")}},
		{"new folder", filepath.Join(dir, "new") + "/", []string{filepath.Join(dir, "new", "plan-talent.CSV"), filepath.Join(dir, "new", "plan-camera.CSV")}},
		{"existing folder", existing, []string{filepath.Join(existing, "plan-talent.CSV"), filepath.Join(existing, "plan-camera.CSV")}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, stderr, err := runSplit(t, "plan", "--export", "flysight2", "--export-file", c.file, "--format", "json")
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range c.want {
				if !strings.Contains(stderr, "wrote "+f+"\n") {
					t.Errorf("standard error does not name %s:\n%s", f, stderr)
				}
				b, err := os.ReadFile(f)
				if err != nil {
					t.Fatal(err)
				}
				tr, err := track.Parse(b)
				if err != nil || len(tr.Warnings) != 0 {
					t.Errorf("%s: %v, warnings %v", f, err, tr.Warnings)
				}
				if st, err := os.Stat(f); err != nil || st.Mode().Perm()&0o044 == 0 {
					t.Errorf("%s: mode %v, %v: an export is for other tools to read", f, st.Mode(), err)
				}
			}
			out, _, err := runSplit(t, append([]string{"debrief", "--plan", "fallout"}, c.want...)...)
			if err != nil {
				t.Fatal(err)
			}
			// the exported track is the plan's own, so the exit is on the planned
			// point (millimetres off: neither early nor late)
			for _, w := range []string{"jumper talent", "jumper camera", "exited at the planned exit point", "landed"} {
				if !strings.Contains(out, w) {
					t.Errorf("debrief of the exports lacks %q:\n%s", w, out)
				}
			}
			if strings.Contains(out, "not recorded") || strings.Contains(out, "no landing") {
				t.Errorf("debrief of the exports misses an event:\n%s", out)
			}
		})
	}

	t.Run("one file for two jumpers", func(t *testing.T) {
		f := filepath.Join(dir, "one.CSV")
		_, _, err := runSplit(t, "plan", "--export", "flysight2", "--export-file", f)
		if err == nil || !strings.Contains(err.Error(), "{jumper}") {
			t.Errorf("err %v: want a refusal naming the {jumper} pattern", err)
		}
		if _, serr := os.Stat(f); serr == nil {
			t.Errorf("%s written although refused", f)
		}
	})
}

// The other exports name their one file on standard error; a folder gets
// plan.<ext>.
func TestPlanExportAnnounced(t *testing.T) {
	dir := t.TempDir()
	for _, kind := range []string{"kml", "geojson", "gpx"} {
		_, stderr, err := runSplit(t, "plan", "--export", kind, "--export-file", dir, "--format", "json")
		want := filepath.Join(dir, "plan."+kind)
		if err != nil || stderr != "wrote "+want+"\n" {
			t.Errorf("--export %s: %v, standard error %q, want %q", kind, err, stderr, "wrote "+want)
		}
		if _, err := os.Stat(want); err != nil {
			t.Error(err)
		}
	}
}

// Jumper names become file names that stay in the folder given, and two
// names that become one file are refused.
func TestFlySightFileNames(t *testing.T) {
	pl := &plan.Plan{Jumpers: []plan.JumperPlan{{Name: "../etc/passwd"}, {Name: "Jürgen Ö"}, {Name: ""}}}
	got, err := flySightFiles(pl, "out-{jumper}.CSV")
	want := []string{"out-_._etc_passwd.CSV", "out-Jürgen_Ö.CSV", "out-jumper-3.CSV"}
	if err != nil || strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("files %q, %v; want %q", got, err, want)
	}
	pl.Jumpers = []plan.JumperPlan{{Name: "a b"}, {Name: "a/b"}}
	if _, err := flySightFiles(pl, "{jumper}.CSV"); err == nil || !strings.Contains(err.Error(), "a_b.CSV") {
		t.Errorf("two jumpers to one file: %v", err)
	}
	one := &plan.Plan{Jumpers: []plan.JumperPlan{{Name: "solo"}}}
	if got, err := flySightFiles(one, "mine.CSV"); err != nil || len(got) != 1 || got[0] != "mine.CSV" {
		t.Errorf("one jumper, one file: %q, %v", got, err)
	}
}
