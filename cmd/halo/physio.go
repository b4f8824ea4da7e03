package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"halo/render"
	"halo/units"
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
			r := sel.Result
			fmt.Fprintf(out, "PHYSIOLOGY  %s, mission %s\n%s\n\n", sel.Jumper, p.Mission, r.Note)
			fmt.Fprintf(out, "exposure profile:\n")
			for _, ph := range r.Phases {
				fmt.Fprintf(out, "  %-28s %8.0f s .. %8.0f s  (%.1f min)\n", ph.Name, ph.StartS, ph.EndS, (ph.EndS-ph.StartS)/60)
			}
			fmt.Fprintf(out, "TR360 peak          %.2f (%s, t=%.0f s)\n", r.TR360Peak, r.TR360PeakPhase, r.TR360PeakAtS)
			b := r.Buhlmann
			fmt.Fprintf(out, "Bühlmann ZH-L16C    leading compartment %s (%.1f min): gradient factor %.2f of its M-value\n", b.Compartment, b.HalfTimeMin, b.GradientFactor)
			fmt.Fprintf(out, "DCS risk            %.1f %% (planning estimate)\n", 100*r.DCSRisk)
			fmt.Fprintf(out, "TUC at exit         %.0f s\n", r.TUCS)
			fmt.Fprintf(out, "bail-out bottle     margin %.0f s\n", r.BottleMarginS)
			fmt.Fprintf(out, "cold                coldest air %s, wind chill %.0f °C, frostbite exposure %.0f s\n", units.TempC(r.Cold.MinTempK), r.Cold.MinWindChillC, r.Cold.FrostbiteExposureS)
			fmt.Fprintf(out, "prebreathe table:\n")
			for _, row := range r.PrebreatheTable {
				fmt.Fprintf(out, "  %3.0f min → DCS risk %.1f %%\n", row.PrebreatheMin, 100*row.DCSRisk)
			}
			fmt.Fprintf(out, "checks:\n")
			for _, c := range r.Checks {
				fmt.Fprintf(out, "  [%-7s] %s: %s (limit %s; %s)\n", c.Status, c.Name, c.Value, c.Limit, c.Source)
			}
			fmt.Fprintf(out, "assumptions:\n")
			for _, a := range r.Assumptions {
				fmt.Fprintf(out, "  - %s\n", a)
			}
			return nil
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "JSON: tr360_peak, dcs_risk, tuc_s, bottle_margin_s, prebreathe_table, ...")
	c.Flags().StringVar(&jumper, "jumper", "", "jumper to assess (default the first)")
	return c
}
