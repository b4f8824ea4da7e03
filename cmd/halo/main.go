// Command halo plans, simulates and debriefs HALO parachute jumps. It only wires
// things: flags are read here, the work is done by the domain packages, and the
// results (reports, tables, JSON, exports, drawings) are written by package
// render. The command itself prints only errors and one-line acknowledgements
// (imported, note added, the log is whole, the server's address).
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"halo/plan"
	"halo/units"
)

// exitError carries a process exit code (2 for a NO-GO verdict, 1 for errors).
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit %d", e.code) }

func main() {
	root := newRoot()
	root.SetArgs(joinUnits(os.Args[1:]))
	if err := root.Execute(); err != nil {
		var ee exitError
		if errors.As(err, &ee) {
			os.Exit(ee.code)
		}
		fmt.Fprintln(os.Stderr, "halo:", err)
		os.Exit(1)
	}
}

func newRoot() *cobra.Command {
	root := &cobra.Command{
		Use:   "halo",
		Short: "Plan, simulate and debrief HALO parachute jumps",
		Long: `halo plans HALO (high altitude, low opening) parachute jumps: the release point,
jump run, green-light window, exit order, camera flyer, airspace stand-off, timeline,
physiology (oxygen, decompression sickness, cold) and a GO / NO-GO verdict with its
reasons. It simulates each jump from exit to landing, gives the odds (Monte Carlo),
debriefs GPS tracks against the plan and keeps the log of every attempt.

Units: SI inside; mission files and flags take a unit with every value (25000 ft,
160 mph, 140 kt, 7620 m, FL250, -35 C, ...). Without a mission file, commands use the
embedded default mission "fallout" (halo mission show fallout prints it).`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.AddCommand(planCmd(), simCmd(), atmosCmd(), windsCmd(), missionCmd(), physioCmd())
	for _, add := range extraCommands {
		root.AddCommand(add())
	}
	return root
}

// joinUnits lets a flag value and its unit be written apart, as people write them
// (`--from 0 m`, `--step 1 km`): a numeric flag value followed by a word that is a
// unit becomes one value ("0 m"). Anything else is left as it is.
func joinUnits(args []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if i+1 < len(args) && len(out) > 0 && strings.HasPrefix(out[len(out)-1], "-") &&
			!strings.Contains(out[len(out)-1], "=") && isNumber(a) && units.IsUnit(args[i+1]) {
			out = append(out, a+" "+args[i+1])
			i++
			continue
		}
		out = append(out, a)
	}
	return out
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// extraCommands are registered by the other files of this package.
var extraCommands []func() *cobra.Command

// solve loads a mission (arg or the default) and plans it.
func solve(args []string, now time.Time) (*plan.Plan, error) {
	in, err := loadArgs(args, now)
	if err != nil {
		return nil, err
	}
	return plan.Solve(in)
}

// loadArgs loads the mission named by the first argument (the embedded default
// when there is none) with the files it names.
// A mission with winds.fetch gets its forecast (the server or mirror and the
// cache from the environment, see windSource).
func loadArgs(args []string, now time.Time) (plan.Inputs, error) {
	in, _, _, err := loadFetching(context.Background(), args, now, windSource{})
	return in, err
}
