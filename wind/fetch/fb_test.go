package fetch

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"halo/internal/testdata"
	"halo/wind/windfile"
)

// The FBUS31 bulletin of 31 Jan 2026 01:58Z, served as the AWC Data API serves it.
func TestFetchFB(t *testing.T) {
	text := testdata.Read(t, "fb_ww_fbus31_kwno_310158.txt")
	var query string
	var n int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/data/windtemp" {
			http.NotFound(w, r)
			return
		}
		n++
		query = r.URL.RawQuery
		w.Write(text)
	}))
	defer srv.Close()
	dir := t.TempDir()
	c := New("", dir)
	c.AWCURL, c.Backoff = srv.URL, time.Millisecond
	fetched := time.Date(2026, 1, 31, 2, 10, 0, 0, time.UTC)
	c.Now = func() time.Time { return fetched }
	req := FBRequest{Region: "us", Fcst: 6}
	r, err := c.FetchFB(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if query != "fcst=06&level=low&region=us" {
		t.Errorf("query %q", query)
	}
	if !r.Based.Equal(time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)) || r.CacheFile == "" {
		t.Errorf("based %v, cache %q", r.Based, r.CacheFile)
	}
	// the fetched text is the file: the same DEN profile
	got, _, err := windfile.Read(r.Name(req), r.Text, "DEN", fetched)
	if err != nil {
		t.Fatal(err)
	}
	want, _, err := windfile.Read("fb.txt", text, "DEN", fetched)
	if err != nil {
		t.Fatal(err)
	}
	if g, w := got.Layers(), want.Layers(); len(g) != len(w) || g[0] != w[0] || !got.Issued.Equal(want.Issued) {
		t.Errorf("fetched %v, file %v", g, w)
	}
	// offline: the cache, with its age
	c.Offline = true
	c.Now = func() time.Time { return fetched.Add(3 * time.Hour) }
	off, err := c.FetchFB(context.Background(), req)
	if err != nil || !off.FromCache || n != 1 || !strings.Contains(strings.Join(off.Notes, " "), "fetched 3.0 h ago") {
		t.Errorf("offline: %v from cache %v, %d requests, notes %q", err, off != nil && off.FromCache, n, off.Notes)
	}
	if _, err := c.FetchFB(context.Background(), FBRequest{Region: "us", Fcst: 12}); err == nil || !strings.Contains(err.Error(), "no cached FB us 12h") {
		t.Errorf("offline, other period: %v", err)
	}
	if _, err := c.FetchFB(context.Background(), FBRequest{Region: "mars", Fcst: 6}); err == nil || !strings.Contains(err.Error(), "region") {
		t.Errorf("bad region: %v", err)
	}
}

func TestFetchFBNotABulletin(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<html><body>Service temporarily unavailable</body></html>"))
	}))
	defer srv.Close()
	c := New("", t.TempDir())
	c.AWCURL = srv.URL
	if _, err := c.FetchFB(context.Background(), FBRequest{Region: "us", Fcst: 6}); err == nil || !strings.Contains(err.Error(), "not an FB bulletin") {
		t.Errorf("an HTML page: %v", err)
	}
}
