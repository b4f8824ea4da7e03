package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"halo/plan"
)

// addOdds runs the Monte Carlo for `halo plan --odds N` (wired to package montecarlo).
func addOdds(cmd *cobra.Command, p *plan.Plan, n int, seed uint64) error {
	return fmt.Errorf("--odds: the Monte Carlo is not built into this binary yet")
}
