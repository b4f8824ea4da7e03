package main

import (
	"os"
	"strings"
	"testing"
)

// One output convention: a flag names the file, - is standard output (and
// then the report is not printed: standard output holds that one output);
// every file written is named on standard error, and nothing else is.
func TestOutputConvention(t *testing.T) {
	t.Chdir(t.TempDir())
	if _, stderr, err := runLine(t, []string{"plan", "--odds", "0", "--export", "flysight2", "--export-file", "tracks/"}); err != nil {
		t.Fatalf("export: %v %s", err, stderr)
	}
	if _, stderr, err := runLine(t, []string{"log", "add", "--db", "j.db", "--mission", "fallout", "--track", "tracks/plan-talent.CSV", "--jumper", "talent"}); err != nil {
		t.Fatalf("log add: %v %s", err, stderr)
	}
	for _, c := range []struct {
		name  string
		args  []string
		file  string // written and announced
		start string // what the file, or standard output for -, starts with
	}{
		{"sim kml file", []string{"sim", "fallout", "--kml", "j.kml"}, "j.kml", "<?xml"},
		{"sim csv file", []string{"sim", "--csv", "j.csv", "--jumper", "talent"}, "j.csv", "jumper,"},
		{"sim geojson file", []string{"sim", "--geojson", "j.geojson"}, "j.geojson", "{"},
		{"sim kml stdout", []string{"sim", "--kml", "-"}, "", "<?xml"},
		{"mc png file", []string{"mc", "-n", "50", "--png", "l.png"}, "l.png", "\x89PNG"},
		{"mc svg stdout", []string{"mc", "-n", "50", "--svg", "-"}, "", "<?xml"},
		{"debrief kml file", []string{"debrief", "tracks/plan-talent.CSV", "--plan", "fallout", "--jumper", "talent", "--kml", "d.kml"}, "d.kml", "<?xml"},
		{"debrief png file", []string{"debrief", "tracks/plan-talent.CSV", "--plan", "fallout", "--jumper", "talent", "--png", "d.png"}, "d.png", "\x89PNG"},
		{"debrief geojson stdout", []string{"debrief", "tracks/plan-talent.CSV", "--plan", "fallout", "--jumper", "talent", "--geojson", "-"}, "", "{"},
		{"log export file", []string{"log", "export", "--db", "j.db", "--out", "b.json"}, "b.json", "{"},
	} {
		t.Run(c.name, func(t *testing.T) {
			stdout, stderr, err := runLine(t, c.args)
			if err != nil {
				t.Fatalf("%v: %s", err, stderr)
			}
			if c.file == "" {
				if !strings.HasPrefix(stdout, c.start) {
					t.Errorf("standard output starts %.40q, want %q (the output alone)", stdout, c.start)
				}
				if stderr != "" {
					t.Errorf("standard error %q: nothing was written to a file", stderr)
				}
				return
			}
			if stderr != "wrote "+c.file+"\n" {
				t.Errorf("standard error %q, want %q", stderr, "wrote "+c.file+"\n")
			}
			b, err := os.ReadFile(c.file)
			if err != nil || !strings.HasPrefix(string(b), c.start) {
				t.Errorf("%s: %v, starts %.40q", c.file, err, b)
			}
			if strings.HasPrefix(stdout, c.start) {
				t.Errorf("the file's content went to standard output too")
			}
		})
	}
}

// Every command that takes a mission resolves it the same way (load.Resolve):
// the embedded name works everywhere, and an unknown name gets the same answer.
func TestMissionResolvedAlike(t *testing.T) {
	t.Chdir(t.TempDir())
	if _, stderr, err := runLine(t, []string{"plan", "--odds", "0", "--export", "flysight2", "--export-file", "tracks/"}); err != nil {
		t.Fatalf("export: %v %s", err, stderr)
	}
	cmds := [][]string{
		{"plan", "--odds", "0", "M"},
		{"sim", "M"},
		{"mc", "-n", "20", "M"},
		{"physio", "M"},
		{"debrief", "tracks/plan-talent.CSV", "--jumper", "talent", "--plan", "M"},
		{"log", "add", "--db", "j.db", "--track", "tracks/plan-talent.CSV", "--jumper", "talent", "--mission", "M"},
		{"mission", "show", "M"},
	}
	for _, args := range cmds {
		name := strings.Join(args, " ")
		with := func(m string) []string {
			out := append([]string(nil), args...)
			for i := range out {
				if out[i] == "M" {
					out[i] = m
				}
			}
			return out
		}
		if _, stderr, err := runLine(t, with("fallout")); err != nil {
			t.Errorf("%s with the embedded fallout: %v %s", name, err, stderr)
		}
		_, _, err := runLine(t, with("nosuch"))
		if err == nil || !strings.Contains(err.Error(), "nor is it an embedded mission: [fallout") {
			t.Errorf("%s with an unknown mission: %v", name, err)
		}
	}
}
