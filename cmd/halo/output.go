package main

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"
)

// stdoutName is the file name that means standard output, for every flag that
// names an output file (sim --kml F, mc --png F, debrief --kml F, log export
// --out F, ...).
const stdoutName = "-"

// writeOutput is the one output convention of every command: a flag names the
// file, "-" is standard output. A file is written whole or not at all (a
// temporary file renamed over it) and announced on standard error ("wrote
// F"), so that standard output holds only the report.
func writeOutput(cmd *cobra.Command, name string, write func(io.Writer) error) error {
	if name == stdoutName {
		return write(cmd.OutOrStdout())
	}
	if err := writeFileAtomic(name, write); err != nil {
		return err
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "wrote %s\n", name)
	return nil
}

// outputFlag declares a flag naming an output file, with the convention in
// its help.
func outputFlag(c *cobra.Command, p *string, name, usage string) {
	c.Flags().StringVar(p, name, "", usage+" to this file (- for standard output)")
}
