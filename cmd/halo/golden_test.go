package main

import (
	"halo/version"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"halo/internal/testdata"
)

// mcSpeed is the Monte Carlo's machine-dependent part (workers, jumps/s).
var mcSpeed = regexp.MustCompile(`\(\d+ workers, \d+ jumps/s\)`)

// The text of each command on the embedded mission and the sample files is a
// golden file that a reader checked line by line against the plan's own
// figures (the plan golden): clock times from the plan's timeline, ellipses
// as full axes, units on every value, words instead of code. -update rewrites
// them; read the diff before committing it.
func TestCommandTextGolden(t *testing.T) {
	root := testdata.Root(t)
	goldens, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Chdir(dir)
	setup := []string{
		"plan fallout --odds 0 --export flysight2 --export-file tracks/",
		"log add --db jumps.db --mission fallout --track tracks/plan-talent.CSV --track tracks/plan-camera.CSV --date 2026-11-25T14:51:00+04:00",
		"log add --db jumps.db --mission fallout --track tracks/plan-talent.CSV --jumper talent --outcome off-target --date 2026-11-26T14:51:00+04:00",
		"log add --db jumps.db --mission fallout --track tracks/plan-camera.CSV --jumper camera --date 2026-11-27T14:51:00+04:00",
	}
	for _, line := range setup {
		args, _, _ := shellWords(line)
		if _, stderr, err := runLine(t, args); err != nil {
			t.Fatalf("halo %s: %v\n%s", line, err, stderr)
		}
	}
	for _, c := range []struct{ golden, line string }{
		{"sim_fallout.golden", "sim fallout"},
		{"mc_fallout.golden", "mc fallout -n 500 --seed 7"},
		{"physio_fallout_camera.golden", "physio fallout --jumper camera"},
		{"atmos_ft.golden", "atmos --from 0 ft --to 30000 ft --step 5000 ft"},
		{"winds_uwyo_bna.golden", "winds " + filepath.Join(root, "winds", "uwyo_metpy_72327_bna_2002111100.txt") + " --ref 2002-11-11T00:00:00Z"},
		{"log_stats.golden", "log stats --db jumps.db"},
		{"log_list.golden", "log list --db jumps.db"},
		{"debrief_two_plan.golden", "debrief tracks/plan-talent.CSV tracks/plan-camera.CSV --plan fallout"},
	} {
		t.Run(c.golden, func(t *testing.T) {
			args, _, _ := shellWords(c.line)
			stdout, stderr, err := runLine(t, args)
			if err != nil {
				t.Fatalf("halo %s: %v\n%s", c.line, err, stderr)
			}
			out := mcSpeed.ReplaceAllString(stdout, "(workers, jumps/s)")
			out = strings.ReplaceAll(out, root, "testdata")
			out = strings.ReplaceAll(out, version.Get().String(), "halo VERSION") // the build that runs the test
			checkGoldenAt(t, filepath.Join(goldens, c.golden), out)
		})
	}
}
