package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"halo/debrief"
	"halo/load"
	"halo/logbook"
	"halo/render"
	"halo/store"
	"halo/store/storeopen"
)

func init() { extraCommands = append(extraCommands, logCmd) }

// logDSN resolves the log to open: --db when given (an empty --db is an
// error, never the default log), else $HALO_DB (set but empty is an error
// too), else the configuration file's db, else "" for the default path.
func logDSN(cmd *cobra.Command, db string) (string, error) {
	if f := cmd.Flags().Lookup("db"); f != nil && f.Changed {
		if strings.TrimSpace(db) == "" {
			return "", errors.New(`--db "" names no log: give the log's file path or a postgres://... URL, or leave --db out to use $HALO_DB or the default log`)
		}
		return strings.TrimSpace(db), nil
	}
	if v, ok := os.LookupEnv(storeopen.EnvDB); ok && strings.TrimSpace(v) == "" {
		return "", fmt.Errorf("$%s is set but empty, so it names no log: give it the log's file path or a postgres://... URL, or unset it to use the default log", storeopen.EnvDB)
	}
	getenv, err := teamGetenv() // $HALO_DB, else the configuration file's db
	if err != nil {
		return "", err
	}
	return storeopen.Resolve(db, getenv), nil
}

// openLog opens the log to write to it (add, import, note).
func openLog(cmd *cobra.Command, db string) (store.Log, error) {
	dsn, err := logDSN(cmd, db)
	if err != nil {
		return nil, err
	}
	return storeopen.Open(cmd.Context(), dsn)
}

// openLogRead opens the log read-only for the commands that only read it
// (list, show, stats, export, check), so that they work on a log the user
// may not write and can never change it.
func openLogRead(cmd *cobra.Command, db string) (store.Log, error) {
	dsn, err := logDSN(cmd, db)
	if err != nil {
		return nil, err
	}
	return storeopen.OpenReadOnly(cmd.Context(), dsn)
}

// writeFileAtomic writes a file through write into a temporary file in the
// target's directory, flushes it to disk and renames it over path, then
// flushes the directory: a reader sees the old file or the whole new one,
// and an error or a kill at any point leaves the old file as it was (a kill
// may leave the temporary file, named after the target, behind).
func writeFileAtomic(path string, write func(io.Writer) error) (err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	if err := write(f); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("%s: flushing to disk: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if st, err := os.Stat(path); err == nil {
		os.Chmod(tmp, st.Mode().Perm()) // keep the old file's permissions
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync() // the rename itself; not every system can sync a directory
		d.Close()
	}
	return nil
}

func logCmd() *cobra.Command {
	var db string
	c := &cobra.Command{
		Use:   "log",
		Short: "The jump log: every attempt, its plan, its tracks and its outcome",
		Long: `The jump log is an embedded SQLite database under the user's data directory by
default, or --db PATH, or PostgreSQL with --db postgres://... (or HALO_DB).
Every write is one transaction; export/import move a log between stores.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return fmt.Errorf("give a subcommand: add, list, show, stats, export, import, note or check (halo log --help)")
		},
	}
	c.PersistentFlags().StringVar(&db, "db", "", "log database: a file path or postgres://... (default $HALO_DB, else the configuration file's db, else the user data directory)")
	c.AddCommand(logAddCmd(&db), logListCmd(&db), logShowCmd(&db), logStatsCmd(&db), logExportCmd(&db), logImportCmd(&db), logNoteCmd(&db), logCheckCmd(&db))
	return c
}

func logAddCmd(db *string) *cobra.Command {
	var missionFile, outcome, date, aircraft, conditions, notes, uid string
	var tracks, jumpers []string
	var force bool
	c := &cobra.Command{
		Use:   "add --mission MISSION --track FILE... [--jumper NAME...] [--outcome success] [--force]",
		Short: "Log an attempt: the mission version, each jumper's track (kept byte for byte) and its debrief",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if _, err := logDSN(cmd, *db); err != nil {
				return err // before the work of debriefing the tracks
			}
			if missionFile == "" {
				return fmt.Errorf("--mission is required: the mission file flown, or an embedded mission's name (fallout)")
			}
			oc, err := store.ParseOutcome(outcome)
			if err != nil {
				return err
			}
			when := time.Now().UTC()
			if date != "" {
				if when, err = time.Parse(time.RFC3339, date); err != nil {
					return fmt.Errorf("--date %q: give an RFC 3339 time, e.g. 2026-11-25T14:51:00+04:00", date)
				}
			}
			if len(jumpers) > 0 && len(jumpers) != len(tracks) {
				_, err := debrief.TrackJumpers(nil, len(tracks), jumpers) // the rule's own message
				return err
			}
			src, err := load.Resolve(missionFile) // a file or an embedded mission, as everywhere
			if err != nil {
				return err
			}
			a := store.Attempt{UID: uid, Date: when, Outcome: oc, Aircraft: aircraft, Conditions: conditions, Notes: notes}
			for i, tf := range tracks {
				data, err := load.File(tf)
				if err != nil {
					return err
				}
				j := store.AttemptJumper{Track: &store.TrackFile{Name: tf, Bytes: data}}
				if i < len(jumpers) {
					j.Name = jumpers[i]
				}
				a.Jumpers = append(a.Jumpers, j)
			}
			// The mission decoded once and every track debriefed, before the
			// log is opened; then filed as POST /api/log files it.
			e, err := logbook.PrepareWith(a, logbook.MissionFile{Name: src.Name, YAML: src.YAML, Dir: src.Dir}, time.Now(),
				logbook.Options{Elsewhere: force})
			if err != nil {
				return err
			}
			if far := e.Elsewhere(); len(far) > 0 && !cmd.Flags().Changed("outcome") {
				// an attempt at another place is never this mission's success
				e.Attempt.Outcome = store.OutcomeOther
			}
			l, err := openLog(cmd, *db)
			if err != nil {
				return err
			}
			defer l.Close()
			got, err := e.File(ctx, l, time.Now())
			if errors.Is(err, store.ErrDuplicate) && uid != "" {
				return fmt.Errorf("attempt %s is already in the log: it was logged before, and nothing was added (halo log list shows it)", uid)
			}
			if err != nil {
				return err
			}
			return render.AttemptLoggedText(cmd.OutOrStdout(), got)
		},
	}
	c.Flags().StringVar(&missionFile, "mission", "", "the mission flown (a file, or fallout for the embedded one)")
	c.Flags().StringSliceVar(&tracks, "track", nil, "GPS track files, one per jumper (repeat the flag)")
	c.Flags().StringSliceVar(&jumpers, "jumper", nil, "jumper name for each --track, in order (default the mission's jumpers in exit order; one track of a mission with several jumpers must be named)")
	c.Flags().StringVar(&outcome, "outcome", "success", "success, aborted, off-target, malfunction, incident or other")
	c.Flags().StringVar(&date, "date", "", "when the attempt was flown (RFC 3339; default now)")
	c.Flags().StringVar(&aircraft, "aircraft", "", "aircraft (tail number, type)")
	c.Flags().StringVar(&conditions, "conditions", "", "conditions (free text)")
	c.Flags().StringVar(&notes, "notes", "", "notes")
	c.Flags().BoolVar(&force, "force", false, fmt.Sprintf("log a track flown at another place (more than %.0f km from both the mission's target and its planned exit, refused otherwise) as an attempt there: not compared with the plan, outcome other unless given, never success", debrief.ElsewhereM/1000))
	c.Flags().StringVar(&uid, "uid", "", "the attempt's unique ID (1 to 64 of 0-9 a-z A-Z _ -; default a new random one): logging the same --uid twice is refused")
	return c
}

func logListCmd(db *string) *cobra.Command {
	var missionName, jumper, outcome string
	var limit int
	var asJSON bool
	c := &cobra.Command{
		Use:   "list [--mission NAME] [--json]",
		Short: "List attempts",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			l, err := openLogRead(cmd, *db)
			if err != nil {
				return err
			}
			defer l.Close()
			f := store.Filter{MissionName: missionName, Jumper: jumper, Limit: limit}
			if outcome != "" {
				if f.Outcome, err = store.ParseOutcome(outcome); err != nil {
					return err
				}
			}
			as, err := l.ListAttempts(cmd.Context(), f)
			if err != nil {
				return err
			}
			if asJSON {
				return render.JSON(cmd.OutOrStdout(), as)
			}
			return render.AttemptsText(cmd.OutOrStdout(), as)
		},
	}
	c.Flags().StringVar(&missionName, "mission", "", "only this mission")
	c.Flags().StringVar(&jumper, "jumper", "", "only attempts with this jumper")
	c.Flags().StringVar(&outcome, "outcome", "", "only this outcome")
	c.Flags().IntVar(&limit, "limit", 0, "at most this many attempts (0: all)")
	c.Flags().BoolVar(&asJSON, "json", false, "JSON")
	return c
}

func logShowCmd(db *string) *cobra.Command {
	return &cobra.Command{
		Use:   "show ID",
		Short: "Show one attempt with its debriefs (JSON; track bytes left out)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil {
				return fmt.Errorf("attempt id %q is not a number", args[0])
			}
			l, err := openLogRead(cmd, *db)
			if err != nil {
				return err
			}
			defer l.Close()
			a, err := l.GetAttempt(cmd.Context(), id)
			if err != nil {
				return err
			}
			for i := range a.Jumpers {
				if a.Jumpers[i].Track != nil {
					a.Jumpers[i].Track.Bytes = nil
				}
			}
			return render.JSON(cmd.OutOrStdout(), a)
		},
	}
}

func logStatsCmd(db *string) *cobra.Command {
	var missionName string
	var asJSON bool
	c := &cobra.Command{
		Use:   "stats [--mission NAME] [--json]",
		Short: "Landing error, opening-altitude error and free-fall time against plan, attempt by attempt, with the trend and each jumper's fitted drag",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			l, err := openLogRead(cmd, *db)
			if err != nil {
				return err
			}
			defer l.Close()
			st, err := l.Stats(cmd.Context(), missionName)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if asJSON {
				return render.JSON(out, st)
			}
			return render.LogStatsText(out, st)
		},
	}
	c.Flags().StringVar(&missionName, "mission", "", "only this mission")
	c.Flags().BoolVar(&asJSON, "json", false, "JSON")
	return c
}

func logExportCmd(db *string) *cobra.Command {
	var out, form string
	c := &cobra.Command{
		Use:   "export [--out FILE]",
		Short: "Write the whole log as one portable file (tracks included)",
		Long: `Write the whole log as one portable file, tracks included. The file ends with a
trailer line holding its record counts and the SHA-256 of every byte before it;
halo log import checks it first and refuses a file cut short or altered, whole.
With --out the file is written under a temporary name in the same directory,
flushed to disk and renamed: an export that fails or is killed leaves the
previous file as it was (a shell redirect, > FILE, empties the old file before
the export starts: use --out for backups). A log that fails its checks (a track
that no longer matches its SHA-256) is refused instead of exported.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			df, err := store.ParseDumpForm(form)
			if err != nil {
				return err
			}
			l, err := openLogRead(cmd, *db)
			if err != nil {
				return err
			}
			defer l.Close()
			if out != "" && out != "-" {
				// A temporary file renamed over --out: an export that fails or
				// is killed leaves the previous backup whole.
				if err := writeFileAtomic(out, func(w io.Writer) error { return l.Export(cmd.Context(), w, df) }); err != nil {
					return fmt.Errorf("export to %s: %w (the previous file, if any, is unchanged)", out, err)
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "wrote %s\n", out)
				return nil
			}
			return l.Export(cmd.Context(), cmd.OutOrStdout(), df)
		},
	}
	c.Flags().StringVar(&out, "out", "", "file to write (default, or -, standard output)")
	c.Flags().StringVar(&form, "form", "json", "json (one JSON document, then the trailer line) or jsonl (a header line, one line per record, then the trailer line)")
	return c
}

func logImportCmd(db *string) *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE",
		Short: "Add a file written by `halo log export` to the log, all or nothing",
		Long: `Add a file written by halo log export to the log, in one transaction. The file's
trailer (record counts and SHA-256) is checked before anything else: a file cut
short or altered is refused whole, and nothing is imported.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			refused := func(err error) error {
				if strings.Contains(err.Error(), "nothing was imported") {
					return fmt.Errorf("%s: %w", args[0], err)
				}
				return fmt.Errorf("%s: %w (nothing was imported)", args[0], err)
			}
			f, err := load.Open(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			// The whole file is read and checked (trailer, records) before the
			// log is opened: a refused file leaves no trace, not even a new
			// empty log.
			d, err := store.ReadDump(f)
			if err != nil {
				return refused(err)
			}
			l, err := openLog(cmd, *db)
			if err != nil {
				return err
			}
			defer l.Close()
			r, err := l.ImportDump(cmd.Context(), d)
			if err != nil {
				return refused(err)
			}
			return render.ImportedText(cmd.OutOrStdout(), r)
		},
	}
}

func logNoteCmd(db *string) *cobra.Command {
	var attempt int64
	var jumper string
	c := &cobra.Command{
		Use:   "note TEXT... [--attempt ID] [--jumper NAME]",
		Short: "Add a note to the log (about an attempt with --attempt ID)",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			l, err := openLog(cmd, *db)
			if err != nil {
				return err
			}
			defer l.Close()
			n, err := l.AddNote(cmd.Context(), store.Note{AttemptID: attempt, Jumper: jumper, Text: strings.Join(args, " ")})
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "note %d added\n", n.ID)
			return nil
		},
	}
	c.Flags().Int64Var(&attempt, "attempt", 0, "the attempt the note is about (0: the log as a whole)")
	c.Flags().StringVar(&jumper, "jumper", "", "the jumper the note is about")
	return c
}

func logCheckCmd(db *string) *cobra.Command {
	return &cobra.Command{
		Use:   "check",
		Short: "Verify the log is whole (database integrity, every attempt's jumpers and tracks, track hashes)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			l, err := openLogRead(cmd, *db)
			if err != nil {
				return err
			}
			defer l.Close()
			if err := l.Check(cmd.Context()); err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), "the log is whole")
			return nil
		},
	}
}
