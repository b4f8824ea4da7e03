package main

import (
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"halo/config"
	"halo/render"
	"halo/store/storeopen"
	"halo/version"
)

func init() { extraCommands = append(extraCommands, versionCmd, configCmd) }

func versionCmd() *cobra.Command {
	var asJSON bool
	c := &cobra.Command{
		Use:   "version [--json]",
		Short: "Which halo this is: version, commit, build date, Go release",
		Long: `Print the build's version, the git commit it was built from (and whether the
tree had uncommitted changes), the date and the Go release that compiled it.
Every plan, brief, export and logged attempt names the same build ("planner").`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			in := version.Get()
			if asJSON {
				return render.JSON(cmd.OutOrStdout(), in)
			}
			_, err := fmt.Fprint(cmd.OutOrStdout(), in.Text())
			return err
		},
	}
	c.Flags().BoolVar(&asJSON, "json", false, "print JSON: version, commit, date, modified, go")
	return c
}

// teamConfig reads the team's configuration file (config.Path); a file that
// does not parse is an error, a missing one sets nothing.
func teamConfig() (config.File, error) {
	p, err := config.Path(os.Getenv, os.UserConfigDir)
	if err != nil {
		return config.File{}, err
	}
	return config.Read(p)
}

// teamGetenv is os.Getenv with the configuration file behind it: the commands
// read $HALO_DB, $HALO_TILE_URL and $HALO_TOKEN_FILE through it.
func teamGetenv() (func(string) string, error) {
	f, err := teamConfig()
	if err != nil {
		return nil, err
	}
	return f.Getenv(os.Getenv), nil
}

func configCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "config",
		Short: "The team's defaults: the configuration file, the environment and the flags",
		Long: `halo reads a team's defaults from a YAML file: $HALO_CONFIG, else
$XDG_CONFIG_HOME/halo/config.yaml, else the user configuration directory
(~/.config/halo/config.yaml on Linux). Its keys:

  db: /srv/halo/log.db                     # the jump log (a path or postgres://...)
  tile_url: http://tiles.lan/{z}/{x}/{y}.png   # map tiles under the web map
  token_file: /etc/halo/token              # the server's write token, in a file

The environment ($HALO_DB, $HALO_TILE_URL, $HALO_TOKEN_FILE) wins over the file,
and a flag (--db, --tile-url, --token-file) over both. A key halo does not know is
an error with its line. halo config show prints what is in force and why.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return fmt.Errorf("give a subcommand: show (halo config --help)")
		},
	}
	c.AddCommand(configShowCmd())
	return c
}

func configShowCmd() *cobra.Command {
	var db, tileURL, tokenFile string
	c := &cobra.Command{
		Use:   "show [--db DSN] [--tile-url URL] [--token-file FILE]",
		Short: "Print each setting in force and where it came from (flag, environment, file, default)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := teamConfig()
			if err != nil {
				return err
			}
			flags := map[string]string{}
			for name, v := range map[string]string{"db": db, "tile-url": tileURL, "token-file": tokenFile} {
				if cmd.Flags().Changed(name) {
					flags["--"+name] = v
				}
			}
			out := cmd.OutOrStdout()
			found := "not found: nothing set"
			if f.Found {
				found = "read"
			}
			fmt.Fprintf(out, "configuration file %s (%s)\n", f.Path, found)
			tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "key\tvalue\tfrom")
			for _, s := range f.Resolve(os.Getenv, flags) {
				v := s.Value
				if v == "" {
					v = s.Default
					if s.Name == "db" {
						if p, err := storeopen.DefaultPath(os.Getenv); err == nil {
							v = p
						}
					}
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\n", s.Name, render.Escape(v), s.From)
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			if os.Getenv("HALO_TOKEN") != "" {
				fmt.Fprintln(out, "token: $HALO_TOKEN is set (not shown) and wins over token_file for halo serve")
			}
			return nil
		},
	}
	c.Flags().StringVar(&db, "db", "", "show the settings as if --db were given")
	c.Flags().StringVar(&tileURL, "tile-url", "", "show the settings as if --tile-url were given")
	c.Flags().StringVar(&tokenFile, "token-file", "", "show the settings as if --token-file were given")
	return c
}
