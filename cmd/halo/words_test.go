package main

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"halo/internal/testdata"
	"halo/mission"
)

// shellWords splits a command line as sh does for the simple lines of the
// README and these tests: words apart by blanks, '...' and "..." quoted, a
// trailing # comment dropped. It returns the words before a pipe (|), the
// file of a > redirection, and the command after the pipe.
func shellWords(line string) (words []string, redirect, pipe string) {
	var cur strings.Builder
	inWord, quote := false, rune(0)
	flush := func() {
		if inWord {
			words = append(words, cur.String())
		}
		cur.Reset()
		inWord = false
	}
	rs := []rune(line)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == '#' && !inWord:
			flush()
			i = len(rs)
		case r == '|' && !inWord:
			flush()
			pipe = strings.TrimSpace(strings.SplitN(string(rs[i+1:]), "#", 2)[0])
			i = len(rs)
		case r == ' ' || r == '\t':
			flush()
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	flush()
	for k, w := range words {
		if w == ">" && k+1 < len(words) {
			redirect = words[k+1]
			words = append(words[:k:k], words[k+2:]...)
			break
		}
	}
	return words, redirect, pipe
}

// runLine runs one `halo ...` line through the CLI in-process, as main runs
// it (values and units written apart joined), with standard output and
// standard error apart. A > redirection is left to the caller.
func runLine(t *testing.T, args []string) (stdout, stderr string, err error) {
	t.Helper()
	root := newRoot()
	var out, errb bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errb)
	root.SetArgs(joinUnits(args))
	err = root.Execute()
	if err != nil && !isExit(err) {
		fmt.Fprintln(&errb, "halo:", err) // as main prints it
	}
	return out.String(), errb.String(), err
}

func isExit(err error) bool { _, ok := err.(exitError); return ok }

// codeWords are the marks of code in what a jumper reads: snake_case names
// with a unit suffix (JSON fields, Go field names), package-qualified Go names,
// Go's formatting of maps, pointers, bad verbs and floats in e-notation.
var codeWords = []struct {
	what string
	re   *regexp.Regexp
}{
	{"snake_case name with a unit", regexp.MustCompile(`\b[a-z][a-z0-9]*(_[a-z0-9]+)*_(m|s|m2|mps|deg|kg|pa|hpa|k|c|ft|kt|pct)\b`)},
	{"Go package-qualified name", regexp.MustCompile(`\b(atmos|store|debrief|plan|physio|flight|mission|track|render|montecarlo|wind|load|logbook|brief|check|units|fb|windcsv|sounding|main|fmt|math|time|strconv|json)\.[A-Z][A-Za-z0-9]*`)},
	{"Go map", regexp.MustCompile(`map\[`)},
	{"Go bad format verb", regexp.MustCompile(`%!`)},
	{"e-notation", regexp.MustCompile(`\d[eE][+-]\d`)},
	{"Go struct or pointer", regexp.MustCompile(`&\{|<nil>|0x[0-9a-f]{6,}`)},
	{"not a number", regexp.MustCompile(`\bNaN\b|[+-]Inf\b`)},
}

// codeIn lists the code words in text, one line each with its line.
func codeIn(text string) []string {
	var found []string
	for _, line := range strings.Split(text, "\n") {
		for _, c := range codeWords {
			if m := c.re.FindString(line); m != "" {
				found = append(found, fmt.Sprintf("%s %q in: %s", c.what, m, strings.TrimSpace(line)))
			}
		}
	}
	return found
}

// The scan's own patterns catch what issue 23 found in the output.
func TestCodeWordsCatchTheReportedLeaks(t *testing.T) {
	for _, leak := range []string{
		"JUMP LOG  all missions: 2 attempts map[off-target:1 success:1]",
		"  landing_error_m (all): not improving, slope 1.04e+06 ± 0.42 per attempt",
		"  open_alt_abs_error_m (talent): not enough data",
		"no plan: the drag area is not fitted; use Calibrate with a mass (debrief.Calibrate)",
		"placed at the standard atmosphere's geometric altitude (atmos.Geometric(ft×0.3048))",
		"json or jsonl (see store.ParseDumpForm)",
		"%!f(string=x)",
	} {
		if len(codeIn(leak)) == 0 {
			t.Errorf("no code word found in %q", leak)
		}
	}
	for _, fine := range []string{
		"landing distance        2 m    +0.0 m ± 0.4 m      no clear trend",
		"  - limits.max_dcs_risk not given: 5 % (halo's planning ceiling)",
		"exit 25000 ft (7620 m) MSL, e.g. 2026-11-25T10:51:02.5Z",
	} {
		if f := codeIn(fine); len(f) > 0 {
			t.Errorf("plain words taken for code: %v", f)
		}
	}
}

// Every text the CLI writes on the sample missions, tracks and winds (reports,
// acknowledgements, notes and errors; not JSON, CSV or drawings, whose field
// names are their format) is in words: no code identifiers, no Go formatting.
func TestOutputHasNoCodeWords(t *testing.T) {
	root := testdata.Root(t)
	dir := t.TempDir()
	t.Chdir(dir)
	lines := []string{
		"mission show fallout > fallout.yaml",
		"mission check fallout.yaml",
		"mission check " + filepath.Join(root, "missions", "bad.yaml"),
		"plan fallout.yaml --odds 300 --export flysight2 --export-file tracks/",
		"plan --odds 300 --export kml --export-file plan.kml",
		"sim fallout",
		"sim fallout --kml jump.kml --csv jump.csv",
		"mc fallout -n 300 --png landings.png",
		"physio fallout",
		"physio fallout --jumper camera",
		"atmos --from 0 ft --to 30000 ft --step 5000 ft",
		"debrief tracks/plan-talent.CSV --plan fallout --jumper talent --kml d.kml --png d.png",
		"debrief tracks/plan-talent.CSV tracks/plan-camera.CSV --plan fallout",
		"debrief tracks/plan-talent.CSV --plan fallout",
		"log add --db jumps.db --mission fallout --track tracks/plan-talent.CSV --track tracks/plan-camera.CSV",
		"log add --db jumps.db --mission fallout.yaml --track tracks/plan-talent.CSV --jumper talent --outcome off-target",
		"log add --db jumps.db --mission fallout --track tracks/plan-camera.CSV --jumper camera",
		"log add --db jumps.db --mission fallout --track tracks/plan-talent.CSV --jumper talent",
		"log list --db jumps.db",
		"log stats --db jumps.db",
		"log note --db jumps.db --attempt 1 good exit",
		"log check --db jumps.db",
		"log export --db jumps.db --out backup.json",
		"log import --db other.db backup.json",
		"log import --db other.db backup.json",
	}
	for _, name := range mission.BuiltinNames() {
		if name != "fallout" {
			lines = append(lines, "plan "+name+" --odds 100", "sim "+name, "physio "+name)
		}
	}
	tracks, _ := filepath.Glob(filepath.Join(root, "tracks", "*"))
	for _, f := range tracks {
		if !strings.HasSuffix(f, ".md") {
			lines = append(lines, "debrief "+f, "debrief "+f+" --mass-kg 95")
		}
	}
	winds, _ := filepath.Glob(filepath.Join(root, "winds", "*"))
	for _, f := range winds {
		// .json are Open-Meteo answers (halo winds fetch reads them), not winds files
		if !strings.HasSuffix(f, ".md") && !strings.HasSuffix(f, ".json") {
			line := "winds " + f + " --ref 2026-11-25T06:00:00Z"
			for key, station := range map[string]string{"fbak": "ANC", "fbhw": "HNL", "fboc": "GUM", "fbus": "DEN"} {
				if strings.Contains(filepath.Base(f), key) {
					line += " --station " + station + " --compare " + f + " --compare-station " + station
				}
			}
			lines = append(lines, line)
		}
	}
	for _, line := range lines {
		args, redirect, _ := shellWords(line)
		stdout, stderr, err := runLine(t, args)
		if isExit(err) {
			err = nil // NO-GO: the report was written
		}
		refusal := strings.Contains(line, "bad.yaml") || strings.Contains(line, "_bad_") || line == "debrief tracks/plan-talent.CSV --plan fallout"
		if err != nil && !refusal {
			t.Errorf("halo %s: %v", line, err) // the scan must see the reports, not only errors
		}
		t.Logf("halo %s: %d bytes out, err %v", line, len(stdout), err)
		text := stderr
		if redirect == "" {
			text += stdout
		}
		for _, f := range codeIn(text) {
			t.Errorf("halo %s: %s", line, f)
		}
		if redirect != "" {
			if err := writeFileAtomic(redirect, func(w io.Writer) error { _, err := io.WriteString(w, stdout); return err }); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// Every command's help is in words too (a flag's help names no Go function);
// only the lines describing JSON output may name the JSON fields.
func TestHelpHasNoCodeWords(t *testing.T) {
	seen := 0
	var walk func(prefix []string, c *cobra.Command)
	walk = func(prefix []string, c *cobra.Command) {
		seen++
		args := append(append([]string(nil), prefix...), "--help")
		out, _, err := runLine(t, args)
		if err != nil {
			t.Errorf("halo %s: %v", strings.Join(args, " "), err)
		}
		for _, line := range strings.Split(out, "\n") {
			if strings.Contains(strings.ToLower(line), "json") {
				continue
			}
			for _, f := range codeIn(line) {
				t.Errorf("halo %s: %s", strings.Join(args, " "), f)
			}
		}
		for _, sub := range c.Commands() {
			if sub.Name() != "help" && sub.Name() != "completion" {
				walk(append(append([]string(nil), prefix...), sub.Name()), sub)
			}
		}
	}
	walk(nil, newRoot())
	if seen < 15 {
		t.Errorf("only %d commands' help read", seen)
	}
}
