package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"halo/render"
	"halo/units"
)

func atmosCmd() *cobra.Command {
	var from, to, step string
	var asJSON bool
	c := &cobra.Command{
		Use:   "atmos",
		Short: "Print the US Standard Atmosphere 1976 (-0.5 to 86 km geometric)",
		Example: `  halo atmos --from 0 m --to 86 km --step 1 km
  halo atmos --from 0 ft --to 30000 ft --step 1000 ft --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			lo, err := units.Parse(units.Length, from)
			if err != nil {
				return fmt.Errorf("--from: %w", err)
			}
			hi, err := units.Parse(units.Length, to)
			if err != nil {
				return fmt.Errorf("--to: %w", err)
			}
			st, err := units.Parse(units.Length, step)
			if err != nil {
				return fmt.Errorf("--step: %w", err)
			}
			if !(st > 0) {
				return fmt.Errorf("--step %s: must be positive", step)
			}
			if hi < lo {
				return fmt.Errorf("--to %s is below --from %s", to, from)
			}
			if (hi-lo)/st > 1e6 {
				return fmt.Errorf("--step %s gives more than a million rows", step)
			}
			rows, err := render.AtmosTable(lo, hi, st)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				return render.JSON(out, rows)
			}
			return render.AtmosText(out, rows)
		},
	}
	c.Flags().StringVar(&from, "from", "0 m", "lowest altitude, with unit")
	c.Flags().StringVar(&to, "to", "86 km", "highest altitude, with unit")
	c.Flags().StringVar(&step, "step", "1 km", "step, with unit")
	c.Flags().BoolVar(&asJSON, "json", false, "JSON rows: alt_m, T_K, p_Pa, rho_kgm3, a_mps, mu_Pas")
	return c
}
