package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"
)

//go:generate go test -run TestCLIReference -update .

// writeCLIReference writes docs/cli.md: every command's help (its long
// description, usage and flags, as `halo CMD --help` prints them), depth
// first. TestCLIReference keeps the file in step with the commands.
func writeCLIReference(w io.Writer, root *cobra.Command) error {
	root.InitDefaultCompletionCmd() // cobra adds it on Execute; the reference lists it too
	b := &strings.Builder{}
	b.WriteString("# halo command reference\n\n")
	b.WriteString("Every command's `--help`, generated from the commands themselves by `go generate ./cmd/halo`\n")
	b.WriteString("(TestCLIReference fails when this file is out of date). Do not edit it by hand.\n")
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Hidden || c.Name() == "help" {
			return
		}
		fmt.Fprintf(b, "\n## %s\n\n", c.CommandPath())
		desc := c.Long
		if desc == "" {
			desc = c.Short
		}
		fmt.Fprintf(b, "```text\n%s\n\n%s```\n", strings.TrimSpace(desc), c.UsageString())
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	_, err := io.WriteString(w, b.String())
	return err
}
