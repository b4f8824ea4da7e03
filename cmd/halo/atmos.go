package main

import (
	"fmt"
	"math"

	"github.com/spf13/cobra"

	"halo/atmos"
	"halo/render"
	"halo/units"
)

type atmosRow struct {
	Alt float64 `json:"alt_m"`
	T   float64 `json:"T_K"`
	P   float64 `json:"p_Pa"`
	Rho float64 `json:"rho_kgm3"`
	A   float64 `json:"a_mps"`
	Mu  float64 `json:"mu_Pas"`
	G   float64 `json:"g_mps2"`
}

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
			var rows []atmosRow
			for i := 0; ; i++ {
				z := lo + float64(i)*st
				if z > hi+1e-9 {
					break
				}
				s, err := atmos.Standard(z)
				if err != nil {
					return err
				}
				rows = append(rows, atmosRow{z, s.T, s.P, s.Rho, s.A, s.Mu, atmos.Gravity(z)})
			}
			out := cmd.OutOrStdout()
			if asJSON {
				return render.JSON(out, rows)
			}
			fmt.Fprintf(out, "US Standard Atmosphere 1976 (geometric altitude)\n%10s %9s %8s %12s %12s %8s %11s\n", "alt m", "ft", "T K", "p Pa", "rho kg/m3", "a m/s", "mu Pa.s")
			for _, r := range rows {
				fmt.Fprintf(out, "%10.1f %9.0f %8.3f %12.6g %12.6g %8.3f %11.5g\n", r.Alt, math.Round(r.Alt/units.Foot), r.T, r.P, r.Rho, r.A, r.Mu)
			}
			return nil
		},
	}
	c.Flags().StringVar(&from, "from", "0 m", "lowest altitude, with unit")
	c.Flags().StringVar(&to, "to", "86 km", "highest altitude, with unit")
	c.Flags().StringVar(&step, "step", "1 km", "step, with unit")
	c.Flags().BoolVar(&asJSON, "json", false, "JSON rows: alt_m, T_K, p_Pa, rho_kgm3, a_mps, mu_Pas")
	return c
}
