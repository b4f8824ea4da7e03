package fetch

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"halo/wind/fb"
)

// DefaultAWCURL is the NWS Aviation Weather Center, whose Data API serves the FB
// winds-aloft bulletins (/api/data/windtemp); EnvAWCURL names the environment
// variable that points the client at a mirror.
const (
	DefaultAWCURL = "https://aviationweather.gov"
	EnvAWCURL     = "HALO_AWC_URL"
)

// FBRegions are the Data API's windtemp regions; FBForecasts its forecast hours.
func FBRegions() []string {
	return []string{"us", "bos", "mia", "chi", "dfw", "slc", "sfo", "alaska", "hawaii", "other_pac"}
}

// FBForecasts are the FB bulletins' forecast periods, hours.
func FBForecasts() []int { return []int{6, 12, 24} }

// FBRequest is an FB bulletin: the low-level (3,000 to 39,000 ft) winds and
// temperatures of a region for a forecast period.
type FBRequest struct {
	Region string // one of FBRegions
	Fcst   int    // hours, one of FBForecasts
}

func (r FBRequest) check() error {
	okR, okF := false, false
	for _, x := range FBRegions() {
		okR = okR || x == r.Region
	}
	for _, x := range FBForecasts() {
		okF = okF || x == r.Fcst
	}
	switch {
	case !okR:
		return fmt.Errorf("FB region %q: use %s", r.Region, strings.Join(FBRegions(), ", "))
	case !okF:
		return fmt.Errorf("FB forecast %d h: use 6, 12 or 24", r.Fcst)
	}
	return nil
}

// FBResult is a fetched (or cached) FB bulletin.
type FBResult struct {
	Text []byte
	// Based is the bulletin's model run (DATA BASED ON); Issued its heading time.
	Based, Issued time.Time
	FetchedAt     time.Time
	FromCache     bool
	CacheFile     string
	Notes         []string
}

// Name is how messages and profiles name the bulletin.
func (r *FBResult) Name(req FBRequest) string {
	return fmt.Sprintf("FB %s %02dh bulletin (aviationweather.gov)", req.Region, req.Fcst)
}

type cachedFB struct {
	Region    string    `json:"region"`
	Fcst      int       `json:"fcst_h"`
	Based     time.Time `json:"based"`
	Issued    time.Time `json:"issued"`
	FetchedAt time.Time `json:"fetched_at"`
	URL       string    `json:"url"`
	Text      string    `json:"text"`
}

// FetchFB gets the region's FB bulletin from the Aviation Weather Center (the
// client's AWCURL), caching it by region, period and model run; offline, the
// newest cached one with its age.
func (c *Client) FetchFB(ctx context.Context, req FBRequest) (*FBResult, error) {
	if err := req.check(); err != nil {
		return nil, err
	}
	if c.Offline {
		return c.fbFromCache(req)
	}
	q := url.Values{"region": {req.Region}, "level": {"low"}, "fcst": {fmt.Sprintf("%02d", req.Fcst)}}
	u := strings.TrimRight(c.AWCURL, "/") + "/api/data/windtemp?" + q.Encode()
	body, err := c.get(ctx, u)
	if err != nil {
		return nil, err
	}
	if !fb.IsFB(body) {
		first, _, _ := strings.Cut(strings.TrimSpace(string(body[:min(len(body), 200)])), "\n")
		return nil, fmt.Errorf("%s: not an FB bulletin (it starts %q): check the region and --awc-url", redact(u), first)
	}
	now := c.now()
	b, err := fb.Parse(bytes.NewReader(body), now)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", redact(u), err)
	}
	res := &FBResult{Text: body, Based: b.Based, Issued: b.Issued, FetchedAt: now}
	if c.CacheDir != "" && !b.Based.IsZero() {
		file := filepath.Join(c.CacheDir, fbKey(req)+"_based"+b.Based.Format("200601021504")+".json")
		cf := cachedFB{Region: req.Region, Fcst: req.Fcst, Based: b.Based, Issued: b.Issued, FetchedAt: now, URL: u, Text: string(body)}
		if err := writeJSON(file, cf); err != nil {
			res.Notes = append(res.Notes, fmt.Sprintf("not cached: %v", err))
		} else {
			res.CacheFile = file
		}
	}
	return res, nil
}

func fbKey(req FBRequest) string { return "fb_" + req.Region + "_" + strconv.Itoa(req.Fcst) }

func (c *Client) fbFromCache(req FBRequest) (*FBResult, error) {
	if c.CacheDir == "" {
		return nil, errors.New("offline without a cache directory: nothing to use")
	}
	files, _ := filepath.Glob(filepath.Join(c.CacheDir, fbKey(req)+"_based*.json"))
	var best *FBResult
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		var cf cachedFB
		if err := json.Unmarshal(data, &cf); err != nil || !fb.IsFB([]byte(cf.Text)) {
			return nil, fmt.Errorf("cache file %s is damaged: delete it", f)
		}
		if best == nil || cf.Based.After(best.Based) {
			best = &FBResult{Text: []byte(cf.Text), Based: cf.Based, Issued: cf.Issued, FetchedAt: cf.FetchedAt, FromCache: true, CacheFile: f}
		}
	}
	if best == nil {
		return nil, fmt.Errorf("offline: no cached FB %s %02dh bulletin in %s: fetch one while online", req.Region, req.Fcst, c.CacheDir)
	}
	now := c.now()
	best.Notes = append(best.Notes, fmt.Sprintf("offline: cached bulletin fetched %s ago (%s), data based on %s, %s old",
		Ago(now.Sub(best.FetchedAt)), best.FetchedAt.Format("2006-01-02 15:04Z"), best.Based.Format("2006-01-02 15:04Z"), Ago(now.Sub(best.Based))))
	return best, nil
}
