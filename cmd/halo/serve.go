package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"halo/brief"
	"halo/config"
	"halo/server"
	"halo/store/storeopen"
)

func init() { extraCommands = append(extraCommands, serveCmd) }

func serveCmd() *cobra.Command {
	var addr, db, token, tokenFile, tileURL string
	var openReads bool
	var mcMax, cache, cacheMB, mcPerClient, mcQueue int
	var allowHosts []string
	var planTimeout time.Duration
	var planOdds int
	var tileAttr string
	c := &cobra.Command{
		Use:   "serve [--addr 127.0.0.1:8080] [--db DSN] [--token T] [--open-reads=true] [--tile-url URL] [--allow-host NAME]...",
		Short: "Serve the JSON API and the web page (plan, sim, physio, Monte Carlo, debrief, log)",
		Long: `Serve halo over HTTP: the JSON API (GET /api describes it, OpenAPI 3) and a web
page at / to edit a mission, plan it and see the map, plots, checks and verdict, run
the Monte Carlo, overlay a GPS track and browse the jump log. Everything the page
needs is in the binary, the basemap too (Natural Earth coastlines and borders); map
tiles from a tile server are drawn over it only with --tile-url, credited with
--tile-attribution (what the tiles' licence asks, e.g. "© OpenStreetMap contributors").

Writes (POST /api/log) need the token: --token T or HALO_TOKEN, sent as
"Authorization: Bearer T". Without a token writes are refused. --open-reads=false
requires the token for reads too. Missions sent to the server may not name other
files (winds, soundings, airspace): put the data inline.

The server listens on loopback by default; --addr :8080 listens on every interface
(put it behind TLS). --addr 127.0.0.1:0 picks a free port; the address is printed.

The server answers only its own page. A request must name it in its Host header by
the address it was sent to (and localhost, 127.0.0.1 or [::1] on a loopback
address), or by a name given with --allow-host (repeatable: the name a reverse proxy
or DNS gives it, "name" for any port or "name:port"); any other name is refused
with 421, which closes DNS rebinding. Requests from another site's page (Origin,
Sec-Fetch-Site) are refused with 403, and requests that change state or cost work
must be application/json, application/yaml or multipart/form-data (415 otherwise):
with curl, add -H 'Content-Type: application/yaml'.

Monte Carlo jobs: at most --mc-per-client running or waiting for one client (its
address, or the token's holder), 2 running in all, --mc-queue waiting; beyond
that 429 with Retry-After. The plan cache holds at most --cache plans and
--cache-mb MiB of the memory they keep alive.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			getenv, err := teamGetenv() // the environment, then the configuration file
			if err != nil {
				return err
			}
			if token == "" {
				token = strings.TrimSpace(os.Getenv("HALO_TOKEN"))
			}
			if tokenFile == "" {
				tokenFile = strings.TrimSpace(getenv(config.EnvTokenFile))
			}
			if token == "" && tokenFile != "" {
				if token, err = config.Token(tokenFile); err != nil {
					return err
				}
			}
			if !cmd.Flags().Changed("tile-url") {
				tileURL = strings.TrimSpace(getenv(config.EnvTileURL))
			}
			if tileURL != "" && !(strings.Contains(tileURL, "{z}") && strings.Contains(tileURL, "{x}") && strings.Contains(tileURL, "{y}")) {
				return fmt.Errorf("--tile-url %q: give a template with {z}, {x} and {y}, e.g. http://127.0.0.1:8081/tiles/{z}/{x}/{y}.png", tileURL)
			}
			if cacheMB <= 0 {
				cache = -1
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			l, err := storeopen.Open(ctx, storeopen.Resolve(db, getenv))
			if err != nil {
				return fmt.Errorf("opening the jump log: %w", err)
			}
			defer l.Close()
			// listen first: the Host check needs the address (and the port --addr :0 picked)
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return fmt.Errorf("--addr %s: %w", addr, err)
			}
			defer ln.Close()
			srv, err := server.New(server.Config{Token: token, OpenReads: openReads, TileURL: tileURL, TileAttribution: tileAttr, Log: l,
				Addr: ln.Addr().String(), AllowHosts: allowHosts,
				MaxMCN: mcMax, PlanTimeout: planTimeout, PlanOdds: planOdds, CacheSize: cache, CacheBytes: int64(cacheMB) << 20,
				ClientJobs: mcPerClient, QueuedJobs: mcQueue})
			if err != nil {
				return err
			}
			defer srv.Close()
			hs := srv.HTTPServer(addr)
			errc := make(chan error, 1)
			go func() { errc <- hs.Serve(ln) }()
			reads := "open"
			if !openReads {
				reads = "token required"
			}
			writes := "token required"
			if token == "" {
				writes = "disabled (no --token / HALO_TOKEN)"
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "halo serve: listening on http://%s/ (reads %s, writes %s, log %s)\n", ln.Addr(), reads, writes, storeopen.Kind(storeopen.Resolve(db, getenv)))
			if len(allowHosts) > 0 {
				fmt.Fprintf(cmd.ErrOrStderr(), "halo serve: also answering to %s\n", strings.Join(allowHosts, ", "))
			}
			select {
			case err := <-errc:
				if errors.Is(err, http.ErrServerClosed) {
					return nil
				}
				return err
			case <-ctx.Done():
			}
			fmt.Fprintln(cmd.ErrOrStderr(), "halo serve: shutting down")
			srv.Close()
			sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			return hs.Shutdown(sctx)
		},
	}
	c.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on (host:port; port 0 picks a free one)")
	c.Flags().StringVar(&db, "db", "", "jump log: a file path or postgres://... (default $HALO_DB, else the configuration file's db, else the user data directory)")
	c.Flags().StringVar(&token, "token", "", "secret for writes (and closed reads); default $HALO_TOKEN (preferred: a flag shows in ps)")
	c.Flags().StringVar(&tokenFile, "token-file", "", "file whose first line is the token (default $HALO_TOKEN_FILE, else the configuration file's token_file); --token and $HALO_TOKEN win over it")
	c.Flags().BoolVar(&openReads, "open-reads", true, "let anyone read (plan, sim, Monte Carlo, debrief, log); false: reads need the token")
	c.Flags().StringVar(&tileURL, "tile-url", "", "map tiles over the built-in basemap, a template with {z}/{x}/{y} (default $HALO_TILE_URL, else the configuration file's tile_url, else the built-in coastlines and borders only)")
	c.Flags().StringVar(&tileAttr, "tile-attribution", "", "the credit the tiles' licence asks for, shown on the map (default: the tile server's host)")
	c.Flags().IntVar(&mcMax, "mc-max", server.DefaultMaxMCN, "most Monte Carlo runs per request")
	c.Flags().IntVar(&cache, "cache", server.DefaultCacheSize, "most plans kept in memory (keyed by the SHA-256 of the mission and the minute); -1: no cache")
	c.Flags().IntVar(&cacheMB, "cache-mb", server.DefaultCacheBytes>>20, "most memory the plan cache keeps alive, MiB (plans, traces, encoded answers); 0: no cache")
	c.Flags().StringArrayVar(&allowHosts, "allow-host", nil, "a further host name the server answers to (name, or name:port), e.g. a reverse proxy's; repeatable")
	c.Flags().IntVar(&mcPerClient, "mc-per-client", server.DefaultClientJobs, "most Monte Carlo jobs one client may have running or waiting")
	c.Flags().IntVar(&mcQueue, "mc-queue", server.DefaultQueuedJobs, "most Monte Carlo jobs waiting for a free slot")
	c.Flags().DurationVar(&planTimeout, "plan-timeout", server.DefaultPlanTimeout, "longest a plan may take before the request gets 504")
	c.Flags().IntVar(&planOdds, "odds", brief.DefaultOdds, "Monte Carlo runs per jumper in every plan's odds (as halo plan)")
	return c
}
