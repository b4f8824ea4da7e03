package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"halo/mission"
)

func missionCmd() *cobra.Command {
	c := &cobra.Command{Use: "mission", Short: "Show the embedded missions, or check a mission file"}
	c.AddCommand(&cobra.Command{
		Use:   "show NAME",
		Short: "Print an embedded mission as YAML (start a copy from it)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			b, err := mission.Builtin(args[0])
			if err != nil {
				return err
			}
			_, err = cmd.OutOrStdout().Write(b)
			return err
		},
	})
	c.AddCommand(&cobra.Command{
		Use:   "check FILE",
		Short: "Decode a mission file strictly and list every error, or the defaults it takes",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			b, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			m, err := mission.Decode(args[0], b)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%s: mission %q is valid (%d jumpers)\n", args[0], m.Name, len(m.Jumpers))
			for _, a := range m.Assumptions {
				fmt.Fprintf(cmd.OutOrStdout(), "  default: %s\n", a)
			}
			return nil
		},
	})
	return c
}
