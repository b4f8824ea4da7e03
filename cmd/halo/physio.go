package main

import (
	"time"

	"github.com/spf13/cobra"

	"halo/render"
)

func physioCmd() *cobra.Command {
	var asJSON bool
	var jumper string
	c := &cobra.Command{
		Use:   "physio [MISSION]",
		Short: "Physiology of the jump: exposure profile, TR360, Bühlmann, DCS risk, TUC, oxygen bottle, cold",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := solve(args, time.Now())
			if err != nil {
				return err
			}
			sel, err := render.Physio(p, jumper)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				return render.JSON(out, sel)
			}
			return render.PhysioText(out, p, sel)
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "JSON: tr360_peak, dcs_risk, tuc_s, bottle_margin_s, prebreathe_table, ...")
	c.Flags().StringVar(&jumper, "jumper", "", "jumper to assess (default the first)")
	return c
}
