// Package fetch asks the Open-Meteo forecast API for a pressure-level wind profile
// and keeps what it gets in an on-disk cache. It is an adapter: the network and
// the file system live here; package wind/openmeteo reads the JSON and the domain
// packages never see a socket.
//
// The client times out, retries transient failures (network errors, HTTP 429 and
// 5xx, a reply cut short) with a doubling back-off, names itself with a
// User-Agent, and turns the API's error object and HTTP errors into messages that
// say what to do. The cache is one file per model, place (0.01°), UTC day and
// model run, written atomically (temporary file, then rename); Offline uses only
// the cache and reports how old the cached forecast is.
package fetch

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"halo/wind/openmeteo"
	"halo/wind/sounding"
)

// DefaultBaseURL is Open-Meteo's public API; EnvBaseURL names the environment
// variable that points the client at a mirror instead.
const (
	DefaultBaseURL = "https://api.open-meteo.com"
	EnvBaseURL     = "HALO_OPENMETEO_URL"
)

// DefaultUserAgent names halo to the server, as Open-Meteo's terms ask of API users.
const DefaultUserAgent = "halo-jump-planner (HALO/HAHO release-point planner; wind/fetch Open-Meteo client)"

// Defaults of a Client: per-request time-out, retries after the first try, and
// the first back-off (doubled each retry, at most MaxBackoff).
const (
	DefaultTimeout = 20 * time.Second
	DefaultRetries = 3
	DefaultBackoff = 500 * time.Millisecond
	MaxBackoff     = 8 * time.Second
	// MaxBody is the largest reply read, bytes (a day of 16 levels × 4 variables
	// is about 20 kB).
	MaxBody = 8 << 20
)

// Client fetches forecasts. The zero value is not usable: start from New.
type Client struct {
	BaseURL string // Open-Meteo
	AWCURL  string // the Aviation Weather Center (FB bulletins)

	HTTP      *http.Client
	UserAgent string
	// CacheDir holds the cache; "" keeps none (then Offline always fails).
	CacheDir string
	// Offline uses only the cache.
	Offline bool
	Retries int
	Backoff time.Duration
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// New is a client for base ("" for the env variable EnvBaseURL, else
// DefaultBaseURL; FB bulletins from EnvAWCURL, else DefaultAWCURL) with the
// default time-out, retries and User-Agent.
func New(base, cacheDir string) *Client {
	if base == "" {
		base = os.Getenv(EnvBaseURL)
	}
	if base == "" {
		base = DefaultBaseURL
	}
	awc := os.Getenv(EnvAWCURL)
	if awc == "" {
		awc = DefaultAWCURL
	}
	return &Client{BaseURL: strings.TrimRight(base, "/"), AWCURL: strings.TrimRight(awc, "/"), HTTP: &http.Client{Timeout: DefaultTimeout}, UserAgent: DefaultUserAgent,
		CacheDir: cacheDir, Retries: DefaultRetries, Backoff: DefaultBackoff}
}

// Request is what to fetch: one model's profile at a place for a time.
type Request struct {
	Lat, Lon float64 // degrees north, east
	At       time.Time
	Model    openmeteo.Model
}

// Result is a fetched (or cached) forecast.
type Result struct {
	Model    openmeteo.Model
	Response *openmeteo.Response
	// Run is the model run's initialisation time; zero when unknown.
	Run time.Time
	// FetchedAt is when the server gave the forecast (for a cached one, when it
	// was first fetched).
	FetchedAt time.Time
	FromCache bool
	CacheFile string // "" when not cached
	Notes     []string
}

// Age is how long ago the forecast was fetched, at now.
func (r *Result) Age(now time.Time) time.Duration { return now.Sub(r.FetchedAt) }

// cached is a cache file: the reply and what is known about it.
type cached struct {
	Model     string          `json:"model"`
	Lat       float64         `json:"lat"`
	Lon       float64         `json:"lon"`
	Run       time.Time       `json:"run"`
	FetchedAt time.Time       `json:"fetched_at"`
	URL       string          `json:"url"`
	Response  json.RawMessage `json:"response"`
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now().UTC()
	}
	return time.Now().UTC()
}

// Fetch gets req's forecast: from the cache when it holds the model's latest run
// for the place and day, else from the server (then caches it). Offline, it uses
// the newest cached run and says how old it is.
func (c *Client) Fetch(ctx context.Context, req Request) (*Result, error) {
	if err := checkPlace(req.Lat, req.Lon); err != nil {
		return nil, err
	}
	if c.Offline {
		return c.fromCache(req)
	}
	res := &Result{Model: req.Model}
	if req.Model.Meta != "" {
		run, err := c.run(ctx, req.Model)
		if err != nil {
			res.Notes = append(res.Notes, fmt.Sprintf("model run time unknown (%v): the winds' age cannot be judged", err))
		}
		res.Run = run
	} else {
		res.Notes = append(res.Notes, fmt.Sprintf("%s blends several models: no single run time, the winds' age cannot be judged", req.Model.API))
	}
	file := c.cacheFile(req, res.Run)
	if file != "" && !res.Run.IsZero() {
		if r, err := readCache(file); err == nil {
			r.Notes = append(r.Notes, res.Notes...)
			r.Notes = append(r.Notes, "the cache already holds this run: not fetched again")
			return r, nil
		}
	}
	u := c.BaseURL + "/v1/forecast?" + openmeteo.Query(req.Lat, req.Lon, req.Model, req.At).Encode()
	body, err := c.get(ctx, u)
	if err != nil {
		return nil, err
	}
	resp, err := openmeteo.Parse(body)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", redact(u), err)
	}
	res.Response, res.FetchedAt = resp, c.now()
	if file != "" {
		if err := writeJSON(file, cached{Model: req.Model.Name, Lat: req.Lat, Lon: req.Lon, Run: res.Run, FetchedAt: res.FetchedAt, URL: u, Response: body}); err != nil {
			res.Notes = append(res.Notes, fmt.Sprintf("not cached: %v", err))
		} else {
			res.CacheFile = file
		}
	}
	return res, nil
}

func checkPlace(lat, lon float64) error {
	if !(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180) {
		return fmt.Errorf("position %v, %v: latitude must be -90..90 and longitude -180..180 degrees", lat, lon)
	}
	return nil
}

// run asks the metadata API for the model's latest run.
func (c *Client) run(ctx context.Context, m openmeteo.Model) (time.Time, error) {
	body, err := c.get(ctx, c.BaseURL+"/data/"+m.Meta+"/static/meta.json")
	if err != nil {
		return time.Time{}, err
	}
	var meta struct {
		Init *int64 `json:"last_run_initialisation_time"`
	}
	if err := json.Unmarshal(body, &meta); err != nil || meta.Init == nil {
		return time.Time{}, fmt.Errorf("%s metadata has no last_run_initialisation_time", m.Meta)
	}
	t := time.Unix(*meta.Init, 0).UTC()
	if t.Year() < 2000 || t.After(c.now().Add(time.Hour)) {
		return time.Time{}, fmt.Errorf("%s metadata gives the run %s: not believable", m.Meta, t.Format(time.RFC3339))
	}
	return t, nil
}

// get fetches u, retrying transient failures.
func (c *Client) get(ctx context.Context, u string) ([]byte, error) {
	wait := c.Backoff
	var last error
	for try := 0; try <= c.Retries; try++ {
		if try > 0 {
			t := time.NewTimer(wait)
			select {
			case <-ctx.Done():
				t.Stop()
				return nil, fmt.Errorf("%s: %w (after: %v)", redact(u), ctx.Err(), last)
			case <-t.C:
			}
			wait = min(2*wait, MaxBackoff)
		}
		body, retry, err := c.once(ctx, u)
		if err == nil {
			return body, nil
		}
		last = err
		if !retry || ctx.Err() != nil {
			return nil, err
		}
	}
	return nil, fmt.Errorf("%w (gave up after %d tries; try again later, or --offline for the cache)", last, c.Retries+1)
}

// once is one request: the body, or an error and whether trying again may help.
func (c *Client) once(ctx context.Context, u string) ([]byte, bool, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, false, fmt.Errorf("%s: %w", redact(u), err)
	}
	req.Header.Set("User-Agent", c.UserAgent)
	req.Header.Set("Accept", "application/json, text/plain")
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return nil, true, fmt.Errorf("%s: %w", redact(u), err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxBody+1))
	if err != nil {
		return nil, true, fmt.Errorf("%s: the reply was cut short (%v)", redact(u), err)
	}
	if len(body) > MaxBody {
		return nil, false, fmt.Errorf("%s: the reply is over %d MB: not a forecast", redact(u), MaxBody>>20)
	}
	if resp.StatusCode == http.StatusOK {
		return body, false, nil
	}
	msg := fmt.Sprintf("%s: HTTP %s", redact(u), resp.Status)
	if _, perr := openmeteo.Parse(body); perr != nil {
		var ae *openmeteo.APIError
		if errors.As(perr, &ae) {
			msg += ": " + ae.Reason
		}
	}
	retry := resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500
	switch {
	case resp.StatusCode == http.StatusTooManyRequests:
		msg += " (the server's request limit: wait, or use --offline)"
	case resp.StatusCode == http.StatusNotFound:
		msg += " (no such endpoint: check --base-url / " + EnvBaseURL + ")"
	case resp.StatusCode >= 400 && resp.StatusCode < 500:
		msg += " (the request was refused: check the position, time and model)"
	}
	return nil, retry, errors.New(msg)
}

// redact drops the query from a URL for messages (the hourly list is long).
func redact(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return u
	}
	p.RawQuery = ""
	return p.String()
}

// cacheKey is the model, place (0.01°, about 1 km, finer than any model's grid)
// and UTC day; cacheFile adds the run.
func cacheKey(req Request) string {
	return fmt.Sprintf("%s_%+.2f_%+.2f_%s", req.Model.Name, req.Lat, req.Lon, req.At.UTC().Format("20060102"))
}

func (c *Client) cacheFile(req Request, run time.Time) string {
	if c.CacheDir == "" {
		return ""
	}
	r := "run-unknown-" + c.now().Format("20060102T150405")
	if !run.IsZero() {
		r = "run" + run.UTC().Format("2006010215")
	}
	return filepath.Join(c.CacheDir, cacheKey(req)+"_"+r+".json")
}

func readCache(file string) (*Result, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	var cf cached
	if err := json.Unmarshal(b, &cf); err != nil {
		return nil, fmt.Errorf("cache file %s is damaged (%v): delete it", file, err)
	}
	resp, err := openmeteo.Parse(cf.Response)
	if err != nil {
		return nil, fmt.Errorf("cache file %s: %w", file, err)
	}
	m, err := openmeteo.LookupModel(cf.Model)
	if err != nil {
		return nil, fmt.Errorf("cache file %s: %w", file, err)
	}
	return &Result{Model: m, Response: resp, Run: cf.Run, FetchedAt: cf.FetchedAt, FromCache: true, CacheFile: file}, nil
}

// fromCache is the newest cached run for req's model, place and day.
func (c *Client) fromCache(req Request) (*Result, error) {
	if c.CacheDir == "" {
		return nil, errors.New("offline without a cache directory: nothing to use")
	}
	// a reply covers the day before to the day after the day it was asked for
	var files []string
	for _, d := range []int{-1, 0, 1} {
		q := req
		q.At = req.At.AddDate(0, 0, d)
		f, _ := filepath.Glob(filepath.Join(c.CacheDir, cacheKey(q)+"_run*.json"))
		files = append(files, f...)
	}
	var best *Result
	var errs []string
	for _, f := range files {
		r, err := readCache(f)
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		if ts := r.Response.Times; req.At.Before(ts[0].Add(-time.Hour)) || req.At.After(ts[len(ts)-1].Add(time.Hour)) {
			continue // another day's reply that does not reach req.At
		}
		if best == nil || r.Run.After(best.Run) || (r.Run.Equal(best.Run) && r.FetchedAt.After(best.FetchedAt)) {
			best = r
		}
	}
	if best == nil {
		msg := fmt.Sprintf("offline: no cached %s forecast for %.2f, %.2f on %s in %s: fetch one while online", req.Model.Name, req.Lat, req.Lon, req.At.UTC().Format("2006-01-02"), c.CacheDir)
		if len(errs) > 0 {
			msg += " (" + strings.Join(errs, "; ") + ")"
		}
		return nil, errors.New(msg)
	}
	now := c.now()
	age := fmt.Sprintf("offline: cached forecast fetched %s ago (%s)", Ago(now.Sub(best.FetchedAt)), best.FetchedAt.Format("2006-01-02 15:04Z"))
	if best.Run.IsZero() {
		age += ", model run unknown"
	} else {
		age += fmt.Sprintf(", model run %s, %s old", best.Run.Format("2006-01-02 15Z"), Ago(now.Sub(best.Run)))
	}
	best.Notes = append(best.Notes, age)
	return best, nil
}

// Ago writes a forecast's age d in minutes under an hour, else hours to 0.1 h;
// a negative d (a clock behind the cache's) is 0.
func Ago(d time.Duration) string {
	d = max(d, 0)
	h := d.Hours()
	if math.Abs(h) < 1 {
		return fmt.Sprintf("%.0f min", d.Minutes())
	}
	return fmt.Sprintf("%.1f h", h)
}

// writeJSON writes a cache file atomically: a temporary file in the same
// directory, synced, then renamed over the name, so a reader never sees half a file.
func writeJSON(file string, cf any) (err error) {
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	b, err := json.Marshal(cf)
	if err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(file), ".tmp-*.json")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if _, err = f.Write(b); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), file)
}

// Profile is the forecast's profile (and temperature levels) at the hour nearest
// at. Its source names the model, run and valid time; its notes say where the
// forecast came from (server or cache) and how long ago it was fetched, at now.
func (r *Result) Profile(at, now time.Time) (*sounding.Sounding, error) {
	s, err := r.Response.Profile(openmeteo.Options{Model: r.suffix(), Name: r.Model.API, At: at, Run: r.Run})
	if err != nil {
		return nil, err
	}
	how := "fetched"
	if r.FromCache {
		how = "from the cache, fetched"
	}
	p := s.Profile
	p.Notes = append(p.Notes, fmt.Sprintf("%s %s (%s ago); grid point %.3f, %.3f", how, r.FetchedAt.Format("2006-01-02 15:04Z"), Ago(now.Sub(r.FetchedAt)), r.Response.Lat, r.Response.Lon))
	p.Notes = append(p.Notes, r.Notes...)
	return s, nil
}

// suffix is the key suffix of the model in the response: "" when the response has
// unsuffixed keys (one model asked for), else the model's API name.
func (r *Result) suffix() string {
	for _, m := range r.Response.Models {
		if m == "" {
			return ""
		}
	}
	return r.Model.API
}
