package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"halo/montecarlo"
	"halo/plan"
	"halo/render"
	"halo/render/mcplot"
)

func init() { extraCommands = append(extraCommands, mcCmd) }

// progress returns a progress callback drawing a bar on stderr when it is a
// terminal and quiet is false; nil otherwise (no bar when piped).
func progress(quiet bool, total int) (func(done, total int), func()) {
	if quiet || !term.IsTerminal(int(os.Stderr.Fd())) {
		return nil, func() {}
	}
	bar := progressbar.NewOptions(total, progressbar.OptionSetWriter(os.Stderr), progressbar.OptionSetDescription("jumps"),
		progressbar.OptionShowCount(), progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
	return func(done, _ int) { bar.Set(done) }, func() { bar.Finish() }
}

// runMC runs the Monte Carlo of a solved plan; spread is the fetched models'
// spread (nil for one source).
func runMC(ctx context.Context, p *plan.Plan, n int, seed uint64, workers int, quiet bool, spread *montecarlo.WindSpread) (*montecarlo.Result, error) {
	prog, done := progress(quiet, n)
	defer done()
	return montecarlo.Run(ctx, p, p.MissionRef(), montecarlo.Options{N: n, Seed: seed, Workers: workers, Progress: prog, WindSpread: spread})
}

func mcCmd() *cobra.Command {
	var n, workers int
	var seed uint64
	var asJSON, quiet bool
	var png, svg string
	c := &cobra.Command{
		Use:   "mc [MISSION]",
		Short: "Monte Carlo: N jumps per jumper with forecast, exit, drag, opening and canopy errors; the odds",
		Long: `Monte Carlo of the planned jump: every run perturbs the winds (correlated by altitude),
the exit timing and position, each jumper's drag, opening altitude, canopy airspeed and
sink and the air's temperature, each with a named default distribution that the
mission's uncertainty section overrides. The same seed gives the same numbers on any
number of cores.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if png == stdoutName && svg == stdoutName {
				return fmt.Errorf("only one output can go to standard output (-): name a file for the other")
			}
			in, _, models, err := loadFetching(cmd.Context(), args, time.Now(), windSource{})
			if err != nil {
				return err
			}
			p, err := plan.Solve(in)
			if err != nil {
				return err
			}
			sp, err := spread(models, in.Mission.Target.Elevation, in.Mission.Aircraft.Altitude)
			if err != nil {
				return err
			}
			res, err := runMC(cmd.Context(), p, n, seed, workers, quiet, sp)
			if err != nil {
				return err
			}
			for _, pic := range []struct{ file, format string }{{png, "png"}, {svg, "svg"}} {
				if pic.file == "" {
					continue
				}
				if err := writeOutput(cmd, pic.file, func(w io.Writer) error { return mcplot.Write(w, pic.format, p, res) }); err != nil {
					return err
				}
			}
			out := cmd.OutOrStdout()
			if png == stdoutName || svg == stdoutName {
				return nil // the picture is standard output
			}
			if asJSON {
				return render.JSON(out, res)
			}
			return render.MonteCarloText(out, p, res)
		},
	}
	c.Flags().IntVarP(&n, "n", "n", 10000, "runs (each flies every jumper once)")
	c.Flags().Uint64Var(&seed, "seed", 1, "random seed")
	c.Flags().IntVar(&workers, "workers", 0, "goroutines (default: every core)")
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON: n, seed, per jumper and overall p_in_target, cep_m, ellipse95 (major_m and minor_m are half axes), p_open_below_min, p_aad_fire; p_separation_violation")
	c.Flags().BoolVar(&quiet, "quiet", false, "no progress bar")
	outputFlag(c, &png, "png", "draw the landing points and ellipses as PNG")
	outputFlag(c, &svg, "svg", "draw the landing points and ellipses as SVG")
	return c
}
