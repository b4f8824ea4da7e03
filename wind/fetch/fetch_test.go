package fetch

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"halo/internal/testdata"
	"halo/wind/openmeteo"
)

var (
	run   = time.Date(2022, 8, 1, 12, 0, 0, 0, time.UTC)
	now   = time.Date(2022, 8, 1, 17, 0, 0, 0, time.UTC)
	gfs   = openmeteo.Models()[0]
	place = Request{Lat: -25, Lon: 135, At: time.Date(2022, 8, 1, 13, 10, 0, 0, time.UTC), Model: gfs}
)

// server serves the metadata and the forecast; forecast decides each forecast
// reply (n counts the forecast requests, from 1).
type server struct {
	*httptest.Server
	forecasts atomic.Int32
	metas     atomic.Int32
	ua        atomic.Value
	query     atomic.Value
}

func newServer(t *testing.T, forecast func(w http.ResponseWriter, n int)) *server {
	s := &server{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.ua.Store(r.UserAgent())
		switch {
		case r.URL.Path == "/data/ncep_gfs025/static/meta.json":
			s.metas.Add(1)
			fmt.Fprintf(w, `{"last_run_initialisation_time": %d, "last_run_availability_time": %d}`, run.Unix(), run.Add(4*time.Hour).Unix())
		case r.URL.Path == "/v1/forecast":
			s.query.Store(r.URL.Query())
			forecast(w, int(s.forecasts.Add(1)))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

func serveFile(t *testing.T, name string) func(http.ResponseWriter, int) {
	data := testdata.Read(t, name)
	return func(w http.ResponseWriter, _ int) { w.Write(data) }
}

func client(base, dir string) *Client {
	c := New(base, dir)
	c.Backoff = time.Millisecond
	c.Now = func() time.Time { return now }
	return c
}

func TestFetchCachesAndReusesTheRun(t *testing.T) {
	s := newServer(t, serveFile(t, "openmeteo_derived_gsl_gfs_2022080112.json"))
	dir := t.TempDir()
	c := client(s.URL, dir)
	r, err := c.Fetch(context.Background(), place)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Run.Equal(run) || r.FromCache || r.CacheFile == "" {
		t.Fatalf("run %v from cache %v file %q", r.Run, r.FromCache, r.CacheFile)
	}
	if ua, _ := s.ua.Load().(string); !strings.Contains(ua, "halo") {
		t.Errorf("User-Agent %q does not name halo", ua)
	}
	if q := s.query.Load().(url.Values); q["models"][0] != "gfs_seamless" || q["start_date"][0] != "2022-07-31" {
		t.Errorf("query %v", q)
	}
	sd, err := r.Response.Profile(openmeteo.Options{At: place.At, Run: r.Run})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(sd.Profile.Layers()); n != 16 {
		t.Errorf("%d layers, want 16", n)
	}
	// the same run again: from the cache, the forecast not asked for
	r2, err := c.Fetch(context.Background(), place)
	if err != nil {
		t.Fatal(err)
	}
	if !r2.FromCache || s.forecasts.Load() != 1 {
		t.Errorf("second fetch: from cache %v, %d forecast requests", r2.FromCache, s.forecasts.Load())
	}
	// nothing half-written is left beside the cache file
	left, _ := filepath.Glob(filepath.Join(dir, ".tmp-*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

func TestOffline(t *testing.T) {
	s := newServer(t, serveFile(t, "openmeteo_derived_gsl_gfs_2022080112.json"))
	dir := t.TempDir()
	off := client(s.URL, dir)
	off.Offline = true
	if _, err := off.Fetch(context.Background(), place); err == nil || !strings.Contains(err.Error(), "no cached gfs forecast") {
		t.Fatalf("offline with an empty cache: %v", err)
	}
	on := client(s.URL, dir)
	on.Now = func() time.Time { return now.Add(-90 * time.Minute) }
	if _, err := on.Fetch(context.Background(), place); err != nil {
		t.Fatal(err)
	}
	before := s.forecasts.Load() + s.metas.Load()
	r, err := off.Fetch(context.Background(), place)
	if err != nil {
		t.Fatal(err)
	}
	if s.forecasts.Load()+s.metas.Load() != before {
		t.Error("offline asked the server")
	}
	notes := strings.Join(r.Notes, "\n")
	if !r.FromCache || !r.Run.Equal(run) || !strings.Contains(notes, "fetched 1.5 h ago") || !strings.Contains(notes, "5.0 h old") {
		t.Errorf("offline result: from cache %v run %v notes %q", r.FromCache, r.Run, notes)
	}
	// the next day's exit finds the reply asked for the day before (it reaches
	// 09Z on 2 Aug); a day later nothing covers it
	next := place
	next.At = time.Date(2022, 8, 2, 6, 0, 0, 0, time.UTC)
	if r, err := off.Fetch(context.Background(), next); err != nil || !r.Run.Equal(run) {
		t.Errorf("the next day offline: %v", err)
	}
	next.At = next.At.AddDate(0, 0, 1)
	if _, err := off.Fetch(context.Background(), next); err == nil {
		t.Error("3 Aug offline: a reply that ends 2 Aug 09Z was used")
	}
	// a damaged cache file is named, not used
	os.WriteFile(r.CacheFile, []byte(`{"model": "gfs", "response": {"hourly"`), 0o644)
	if _, err := off.Fetch(context.Background(), place); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("damaged cache: %v", err)
	}
}

func TestFetchErrors(t *testing.T) {
	good := testdata.Read(t, "openmeteo_derived_gsl_gfs_2022080112.json")
	tests := []struct {
		name      string
		reply     func(w http.ResponseWriter, n int)
		want      string // in the error; "" for success
		forecasts int32  // requests made
	}{
		{"api error is not retried", func(w http.ResponseWriter, _ int) {
			w.WriteHeader(http.StatusBadRequest)
			w.Write([]byte(`{"error":true,"reason":"Latitude must be in range of -90 to 90°. Given: 95.0."}`))
		}, "HTTP 400 Bad Request: Latitude must be in range", 1},
		{"503 then success", func(w http.ResponseWriter, n int) {
			if n < 3 {
				http.Error(w, "busy", http.StatusServiceUnavailable)
				return
			}
			w.Write(good)
		}, "", 3},
		{"429 until giving up", func(w http.ResponseWriter, _ int) {
			http.Error(w, `{"error":true,"reason":"Daily API request limit exceeded."}`, http.StatusTooManyRequests)
		}, "Daily API request limit exceeded. (the server's request limit", 4},
		{"reply cut short", func(w http.ResponseWriter, _ int) {
			w.Header().Set("Content-Length", fmt.Sprint(len(good)))
			w.Write(good[:len(good)/3])
		}, "cut short", 4},
		{"truncated JSON with 200", func(w http.ResponseWriter, _ int) { w.Write(good[:len(good)/2]) }, "truncated", 1},
		{"html error page", func(w http.ResponseWriter, _ int) { w.Write([]byte("<html>maintenance</html>")) }, "not an Open-Meteo JSON", 1},
	}
	for _, tc := range tests {
		s := newServer(t, tc.reply)
		_, err := client(s.URL, t.TempDir()).Fetch(context.Background(), place)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: got %v, want %q", tc.name, err, tc.want)
		}
		if got := s.forecasts.Load(); got != tc.forecasts {
			t.Errorf("%s: %d forecast requests, want %d", tc.name, got, tc.forecasts)
		}
	}
}

func TestUnknownRunIsSaid(t *testing.T) {
	s := newServer(t, serveFile(t, "openmeteo_derived_gsl_gfs_2022080112.json"))
	best, _ := openmeteo.LookupModel("best")
	req := place
	req.Model = best
	r, err := client(s.URL, t.TempDir()).Fetch(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Run.IsZero() || !strings.Contains(strings.Join(r.Notes, " "), "no single run time") {
		t.Errorf("best_match: run %v notes %q", r.Run, r.Notes)
	}
}

func TestBaseURLFromEnv(t *testing.T) {
	t.Setenv(EnvBaseURL, "http://mirror.example/")
	if c := New("", ""); c.BaseURL != "http://mirror.example" {
		t.Errorf("base %q", c.BaseURL)
	}
	if c := New("http://flag.example", ""); c.BaseURL != "http://flag.example" {
		t.Errorf("the flag does not win over the env: %q", c.BaseURL)
	}
}
