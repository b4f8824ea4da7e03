package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"halo/brief"
	"halo/load"
	"halo/mission"
	"halo/montecarlo"
	"halo/plan"
	"halo/render"
	"halo/units"
	"halo/wind"
	"halo/wind/fetch"
	"halo/wind/openmeteo"
	"halo/wind/windfile"
)

// EnvCacheDir names the environment variable of the forecast cache's directory.
const EnvCacheDir = "HALO_CACHE_DIR"

// The disagreement rule of `halo winds --compare` and of several fetched models
// (wind.DisagreeDirDeg, wind.DisagreeSpeed), checked every 1,000 ft.
const (
	compareMaxDirDeg   = wind.DisagreeDirDeg
	compareMaxSpeedMps = wind.DisagreeSpeed
	compareStep        = 1000 * units.Foot
)

// windSource holds the flags of the commands that fetch forecasts.
type windSource struct {
	baseURL, awcURL, cacheDir string
	offline                   bool
}

func (o *windSource) addFlags(c *cobra.Command) {
	c.Flags().StringVar(&o.baseURL, "base-url", "", "Open-Meteo server or mirror (default $"+fetch.EnvBaseURL+", else "+fetch.DefaultBaseURL+")")
	c.Flags().StringVar(&o.awcURL, "awc-url", "", "Aviation Weather Center server or mirror for FB bulletins (default $"+fetch.EnvAWCURL+", else "+fetch.DefaultAWCURL+")")
	c.Flags().StringVar(&o.cacheDir, "cache-dir", "", "forecast cache directory (default $"+EnvCacheDir+", else the user's cache directory/halo/openmeteo)")
	c.Flags().BoolVar(&o.offline, "offline", false, "use only cached forecasts (the output says how old they are)")
}

func (o windSource) client() (*fetch.Client, error) {
	dir := o.cacheDir
	if dir == "" {
		dir = os.Getenv(EnvCacheDir)
	}
	if dir == "" {
		d, err := os.UserCacheDir()
		if err != nil {
			return nil, fmt.Errorf("no cache directory (%v): give --cache-dir or $%s", err, EnvCacheDir)
		}
		dir = filepath.Join(d, "halo", "openmeteo")
	}
	c := fetch.New(o.baseURL, dir)
	c.Offline = o.offline
	if o.awcURL != "" {
		c.AWCURL = strings.TrimRight(o.awcURL, "/")
	}
	return c, nil
}

// forecasts are several models' forecasts for one place and day; the first is the
// one the plan flies.
type forecasts struct {
	results []*fetch.Result
	skipped []string // models that failed after the first, with why
}

// fetchForecasts fetches each named model (halo's names) for lat, lon at at. The
// first model must succeed; a later one that fails is skipped with a note.
func fetchForecasts(ctx context.Context, c *fetch.Client, lat, lon float64, at time.Time, names []string) (*forecasts, error) {
	f := &forecasts{}
	for i, name := range names {
		m, err := openmeteo.LookupModel(name)
		if err != nil {
			return nil, err
		}
		r, err := c.Fetch(ctx, fetch.Request{Lat: lat, Lon: lon, At: at, Model: m})
		if err != nil {
			if i == 0 {
				return nil, fmt.Errorf("winds %s: %w", m.Name, err)
			}
			f.skipped = append(f.skipped, fmt.Sprintf("model %s skipped: %v", m.Name, err))
			continue
		}
		f.results = append(f.results, r)
	}
	return f, nil
}

// profiles are the models' profiles at the hour nearest at.
func (f *forecasts) profiles(at, now time.Time) ([]*wind.Profile, error) {
	var ps []*wind.Profile
	for _, r := range f.results {
		s, err := r.Profile(at, now)
		if err != nil {
			return nil, fmt.Errorf("winds %s: %w", r.Model.Name, err)
		}
		s.Profile.Notes = append(s.Profile.Notes, f.skipped...)
		ps = append(ps, s.Profile)
	}
	return ps, nil
}

// spread is the models' spread between lo and hi (m MSL) for the odds; nil for
// one model.
func spread(ps []*wind.Profile, lo, hi float64) (*montecarlo.WindSpread, error) {
	if len(ps) < 2 {
		return nil, nil
	}
	w, err := montecarlo.ModelSpread(ps, lo, hi, compareStep)
	if err != nil {
		return nil, err
	}
	return &w, nil
}

// compareModels compares every model with the first over the altitudes all
// cover (at most lo..hi when hi > lo) with the 15°/5 kt rule.
func compareModels(ps []*wind.Profile, lo, hi float64) ([][]wind.Disagreement, error) {
	a, b := ps[0].Bottom(), ps[0].Top()
	for _, p := range ps[1:] {
		a, b = math.Max(a, p.Bottom()), math.Min(b, p.Top())
	}
	if hi > lo {
		a, b = math.Max(a, lo), math.Min(b, hi)
	}
	if b < a {
		return nil, fmt.Errorf("the models share no altitudes")
	}
	var out [][]wind.Disagreement
	for _, p := range ps[1:] {
		out = append(out, wind.Compare(ps[0], p, a, b, compareStep, compareMaxDirDeg, compareMaxSpeedMps))
	}
	return out, nil
}

// missionPlace is the mission's target and exit time (take-off plus climb and
// time at altitude, from a plan flown without winds); the exit time is zero
// without a schedule.
func missionPlace(in plan.Inputs) (lat, lon float64, exit time.Time, err error) {
	m := in.Mission
	if m.Schedule.Takeoff.IsZero() {
		return m.Target.Lat, m.Target.Lon, time.Time{}, nil
	}
	q := in
	q.Wind = nil
	p, err := plan.Solve(q)
	if err != nil {
		return 0, 0, time.Time{}, err
	}
	return m.Target.Lat, m.Target.Lon, p.ExitTime, nil
}

// fetchedWinds fetches a mission's winds.fetch for its exit time (in.Now without
// a schedule) and sets in.Wind to the first model's profile. It returns the
// forecasts (for other times and the models' spread) and the profiles; nil when
// the mission does not fetch.
func fetchedWinds(ctx context.Context, in *plan.Inputs, o windSource, now time.Time) (*forecasts, []*wind.Profile, error) {
	m := in.Mission
	if m == nil || m.Winds.Fetch == nil {
		return nil, nil, nil
	}
	lat, lon, at, err := missionPlace(*in)
	if err != nil {
		return nil, nil, err
	}
	if at.IsZero() {
		at = in.Now
	}
	c, err := o.client()
	if err != nil {
		return nil, nil, err
	}
	if wf := m.Winds.Fetch; wf.Source == "nws-fb" {
		p, err := fetchFB(ctx, c, fetch.FBRequest{Region: wf.Region, Fcst: wf.Forecast}, wf.Station, now)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: winds.fetch: %w", m.File, err)
		}
		in.Wind = p
		return nil, nil, nil
	}
	f, err := fetchForecasts(ctx, c, lat, lon, at, m.Winds.Fetch.Models)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: winds.fetch: %w", m.File, err)
	}
	ps, err := f.profiles(at, now)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: winds.fetch: %w", m.File, err)
	}
	in.Wind = ps[0]
	return f, ps, nil
}

func windsFetchCmd() *cobra.Command {
	var lat, lon, model, at, out, source, station, region string
	var fcst int
	var asJSON bool
	var src windSource
	c := &cobra.Command{
		Use:   "fetch [MISSION]",
		Short: "Fetch the forecast winds aloft (Open-Meteo, 1000-100 hPa) for a place and time, or a mission's target and exit",
		Long: `Fetch pressure-level winds, temperatures and heights from the Open-Meteo forecast
API and print them as halo's profile, with the model, its run time and the valid
time. Several models (--model all, or gfs,icon) are compared level by level
(flagged beyond 15° or 5 kt). Replies are cached by model, place, day and run;
--offline uses only the cache and says how old it is.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			now := time.Now().UTC()
			if source == "fb" {
				return windsFetchFB(cmd, src, fetch.FBRequest{Region: region, Fcst: fcst}, station, out, asJSON, now)
			}
			if source != "open-meteo" {
				return fmt.Errorf("--source %q: use open-meteo (model forecasts) or fb (NWS FB winds-aloft bulletin, with --station)", source)
			}
			var la, lo float64
			var t time.Time
			if len(args) == 1 {
				in, err := load.Mission(args[0], now) // its own winds are not fetched here
				if err != nil {
					return err
				}
				if la, lo, t, err = missionPlace(in); err != nil {
					return err
				}
			} else if lat == "" || lon == "" {
				return fmt.Errorf("give --lat and --lon (degrees), or a mission file")
			}
			var err error
			if lat != "" {
				if la, err = degrees("--lat", lat, 90); err != nil {
					return err
				}
			}
			if lon != "" {
				if lo, err = degrees("--lon", lon, 180); err != nil {
					return err
				}
			}
			if at != "" {
				if t, err = time.Parse(time.RFC3339, at); err != nil {
					return fmt.Errorf("--time %q: give an RFC 3339 time, e.g. 2026-12-02T13:00:00Z", at)
				}
			}
			if t.IsZero() {
				t = now
			}
			names := strings.Split(model, ",")
			if strings.EqualFold(model, "all") {
				names = nil
				for _, m := range openmeteo.Models() {
					names = append(names, m.Name)
				}
			}
			cl, err := src.client()
			if err != nil {
				return err
			}
			f, err := fetchForecasts(cmd.Context(), cl, la, lo, t, names)
			if err != nil {
				return err
			}
			ps, err := f.profiles(t, now)
			if err != nil {
				return err
			}
			if out != "" {
				if err := writeProfiles(out, f, ps); err != nil {
					return err
				}
			}
			return showProfiles(cmd.OutOrStdout(), ps, asJSON)
		},
	}
	c.Flags().StringVar(&lat, "lat", "", "latitude, degrees north (default the mission's target)")
	c.Flags().StringVar(&lon, "lon", "", "longitude, degrees east (default the mission's target)")
	c.Flags().StringVar(&at, "time", "", "time the winds are for, RFC 3339 (default the mission's exit time, else now)")
	c.Flags().StringVar(&model, "model", "gfs", "gfs, icon, ecmwf, best (Open-Meteo's blend), a comma list, or all")
	c.Flags().StringVar(&out, "out", "", "also write the profile as halo's CSV (FILE; several models: FILE-MODEL.csv)")
	c.Flags().BoolVar(&asJSON, "json", false, "JSON: the profiles (and the comparison)")
	c.Flags().StringVar(&source, "source", "open-meteo", "open-meteo (model forecasts at --lat/--lon) or fb (the NWS FB winds-aloft bulletin of --station)")
	c.Flags().StringVar(&station, "station", "", "FB station (e.g. DEN), with --source fb")
	c.Flags().StringVar(&region, "region", "us", "FB bulletin region: "+strings.Join(fetch.FBRegions(), ", "))
	c.Flags().IntVar(&fcst, "fcst", 6, "FB forecast period, hours: 6, 12 or 24")
	src.addFlags(c)
	return c
}

// degrees parses a flag's angle: a number, or a number with deg.
func degrees(flag, s string, lim float64) (float64, error) {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		v, err = units.Parse(units.Angle, s)
	}
	if err != nil || !(math.Abs(v) <= lim) {
		return 0, fmt.Errorf("%s %q: give degrees within ±%.0f", flag, s, lim)
	}
	return v, nil
}

// writeProfiles writes each profile as CSV, atomically.
func writeProfiles(out string, f *forecasts, ps []*wind.Profile) error {
	for i, p := range ps {
		name := out
		if len(ps) > 1 {
			ext := filepath.Ext(out)
			name = strings.TrimSuffix(out, ext) + "-" + f.results[i].Model.Name + ext
		}
		if err := writeFileAtomic(name, func(w io.Writer) error { return render.WindsCSV(w, p) }); err != nil {
			return err
		}
	}
	return nil
}

func showProfiles(w io.Writer, ps []*wind.Profile, asJSON bool) error {
	var ds [][]wind.Disagreement
	if len(ps) > 1 {
		var err error
		if ds, err = compareModels(ps, 0, 0); err != nil {
			return err
		}
	}
	if asJSON {
		return render.WindModelsJSON(w, ps, compareMaxDirDeg, compareMaxSpeedMps, ds)
	}
	for _, p := range ps {
		if err := render.WindsText(w, p); err != nil {
			return err
		}
		fmt.Fprintln(w)
	}
	if ds != nil {
		return render.WindModelsText(w, ps, compareMaxDirDeg, compareMaxSpeedMps, ds)
	}
	return nil
}

// loadFetching loads the mission named by args (the embedded default when none)
// and, when it has winds.fetch, fetches its winds (see fetchedWinds); ps are the
// models' profiles at the exit (nil when the mission does not fetch).
func loadFetching(ctx context.Context, args []string, now time.Time, o windSource) (in plan.Inputs, f *forecasts, ps []*wind.Profile, err error) {
	path := ""
	if len(args) > 0 {
		path = args[0]
	}
	if in, err = load.Mission(path, now); err != nil {
		return in, nil, nil, err
	}
	f, ps, err = fetchedWinds(ctx, &in, o, now)
	return in, f, ps, err
}

// briefWinds gives the briefing the fetched models' profiles (for the winds'
// trust) and their spread between the ground and the exit (for the odds).
func briefWinds(opt *brief.Options, ps []*wind.Profile, m *mission.Mission) error {
	sp, err := spread(ps, m.Target.Elevation, m.Aircraft.Altitude)
	opt.WindSpread, opt.WindModels = sp, ps
	return err
}

// fetchFB fetches an FB bulletin (or reads the cache) and decodes the station's
// profile; the bulletin's month comes from when it was fetched.
func fetchFB(ctx context.Context, c *fetch.Client, req fetch.FBRequest, station string, now time.Time) (*wind.Profile, error) {
	r, err := c.FetchFB(ctx, req)
	if err != nil {
		return nil, err
	}
	p, _, err := windfile.Read(r.Name(req), r.Text, station, r.FetchedAt)
	if err != nil {
		return nil, err
	}
	how := "fetched"
	if r.FromCache {
		how = "from the cache, fetched"
	}
	p.Notes = append(p.Notes, fmt.Sprintf("%s %s (%s ago)", how, r.FetchedAt.Format("2006-01-02 15:04Z"), fetch.Ago(now.Sub(r.FetchedAt))))
	p.Notes = append(p.Notes, r.Notes...)
	return p, nil
}

// windsFetchFB is `halo winds fetch --source fb`.
func windsFetchFB(cmd *cobra.Command, src windSource, req fetch.FBRequest, station, out string, asJSON bool, now time.Time) error {
	if station == "" {
		return fmt.Errorf("--source fb: name the station (--station DEN)")
	}
	c, err := src.client()
	if err != nil {
		return err
	}
	p, err := fetchFB(cmd.Context(), c, req, station, now)
	if err != nil {
		return err
	}
	if out != "" {
		if err := writeFileAtomic(out, func(w io.Writer) error { return render.WindsCSV(w, p) }); err != nil {
			return err
		}
	}
	return showProfiles(cmd.OutOrStdout(), []*wind.Profile{p}, asJSON)
}
