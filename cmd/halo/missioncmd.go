package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"halo/load"
	"halo/render"
)

func missionCmd() *cobra.Command {
	c := &cobra.Command{Use: "mission", Short: "Show the embedded missions, or check a mission file", Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return fmt.Errorf("give a subcommand: show or check (halo mission --help)")
		}}
	c.AddCommand(&cobra.Command{
		Use:   "show NAME",
		Short: "Print an embedded mission or a record-jump example as YAML (start a copy from it)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			src, err := load.Resolve(args[0]) // the missions and the record jumps (examples/), as every command takes them
			if err != nil {
				return err
			}
			_, err = cmd.OutOrStdout().Write(src.YAML)
			return err
		},
	})
	c.AddCommand(&cobra.Command{
		Use:   "check FILE",
		Short: "Decode a mission file strictly and list every error, or the defaults it takes",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			// the same loader as plan: the files the mission names are read too
			in, err := load.Mission(args[0], time.Now())
			if err != nil {
				return err
			}
			return render.MissionCheckText(cmd.OutOrStdout(), args[0], in.Mission)
		},
	})
	return c
}
