package server

import (
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"
)

// ---------- the server answers only its own page ----------

// TestHostCheck: a DNS-rebinding page reaches a loopback server under its own
// host name (evil.example:PORT resolved to 127.0.0.1). Anything but the listen
// address, the loopback names of a loopback listener and the --allow-host
// names is refused with 421 and a JSON error before any handler runs.
func TestHostCheck(t *testing.T) {
	_, ts := newTest(t, func(c *Config) { c.AllowHosts = []string{"halo.example", "ops.example:8443"} })
	port := ts.URL[strings.LastIndex(ts.URL, ":")+1:]
	for _, c := range []struct {
		host string
		code int
	}{
		{"127.0.0.1:" + port, 200},
		{"localhost:" + port, 200},
		{"LOCALHOST:" + port, 200},
		{"[::1]:" + port, 200},
		{"halo.example", 200},
		{"halo.example:443", 200},
		{"ops.example:8443", 200},
		{"ops.example", 421},
		{"ops.example:80", 421},
		{"evil.example:" + port, 421},
		{"evil.example", 421},
		{"127.0.0.1.evil.example:" + port, 421},
		{"localhost.evil.example:" + port, 421},
		{"127.0.0.1:1", 421},
		{"localhost:1", 421},
		{"10.0.0.1:" + port, 421},
	} {
		for _, path := range []string{"/api/log", "/", "/api/config", "/api/nothing"} {
			req, _ := http.NewRequest("GET", ts.URL+path, nil)
			req.Host = c.host
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			want := c.code
			if want == 200 && path == "/api/nothing" {
				want = 404
			}
			if res.StatusCode != want {
				t.Errorf("Host %q GET %s: %d, want %d: %.200s", c.host, path, res.StatusCode, want, b)
				continue
			}
			r := reply{res.StatusCode, res.Header, b}
			if want == 421 {
				if e := r.errBody(t); !strings.Contains(e.Error, "--allow-host") {
					t.Errorf("421 does not say how to allow the name: %s", e.Error)
				}
			}
			secHeaders(t, fmt.Sprintf("Host %q GET %s", c.host, path), r.h)
		}
	}
	// a POST under a foreign name is refused before it is planned
	s, ts := newTest(t, nil)
	req, _ := http.NewRequest("POST", ts.URL+"/api/plan", strings.NewReader(string(readTestdata(t, "fallout.yaml"))))
	req.Host = "rebind.example:" + ts.URL[strings.LastIndex(ts.URL, ":")+1:]
	req.Header.Set("Content-Type", "application/yaml")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 421 {
		t.Errorf("rebound POST /api/plan: %d", res.StatusCode)
	}
	if h, m := s.cache.stats(); h+m != 0 {
		t.Errorf("the refused request reached the planner (%d cache look-ups)", h+m)
	}
}

// TestHostCheckListener: a listener on a routable address accepts its own
// address and the configured names, not the loopback names; a wildcard
// listener accepts the address each connection arrived on.
func TestHostCheckListener(t *testing.T) {
	for _, c := range []struct {
		listen, local string
		allow         []string
		host          string
		code          int
	}{
		{"192.0.2.10:8080", "192.0.2.10:8080", nil, "192.0.2.10:8080", 200},
		{"192.0.2.10:8080", "192.0.2.10:8080", nil, "localhost:8080", 421},
		{"192.0.2.10:8080", "192.0.2.10:8080", nil, "127.0.0.1:8080", 421},
		{"192.0.2.10:8080", "192.0.2.10:8080", nil, "halo.example:8080", 421},
		{"192.0.2.10:8080", "192.0.2.10:8080", []string{"halo.example"}, "halo.example:8080", 200},
		{":8080", "192.0.2.10:8080", nil, "192.0.2.10:8080", 200},
		{":8080", "192.0.2.10:8080", nil, "192.0.2.11:8080", 421},
		{":8080", "127.0.0.1:8080", nil, "localhost:8080", 200},
		{"[::]:8080", "[2001:db8::1]:8080", nil, "[2001:db8::1]:8080", 200},
		{"[::]:8080", "[2001:db8::1]:8080", nil, "[2001:db8::2]:8080", 421},
		{"127.0.0.1:8080", "127.0.0.1:8080", nil, "localhost:8080", 200},
		{"127.0.0.1:8080", "127.0.0.1:8080", nil, "localhost", 421},
		{"127.0.0.1:8080", "127.0.0.1:8080", nil, "", 421},
		{"127.0.0.1:8080", "127.0.0.1:8080", nil, "127.0.0.1:8080:1", 421},
		{"127.0.0.1:8080", "127.0.0.1:8080", nil, "[127.0.0.1]:8080", 421},
		{"127.0.0.1:8080", "127.0.0.1:8080", nil, "user@127.0.0.1:8080", 421},
	} {
		s, err := New(Config{OpenReads: true, Addr: c.listen, AllowHosts: c.allow, Logger: log.New(io.Discard, "", 0)})
		if err != nil {
			t.Fatal(err)
		}
		req := httptest.NewRequest("GET", "/api/config", nil)
		req.Host = c.host
		la, err := net.ResolveTCPAddr("tcp", c.local)
		if err != nil {
			t.Fatal(err)
		}
		req = req.WithContext(context.WithValue(req.Context(), http.LocalAddrContextKey, la))
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		if rec.Code != c.code {
			t.Errorf("listen %s, connection to %s, allow %v, Host %q: %d, want %d", c.listen, c.local, c.allow, c.host, rec.Code, c.code)
		}
	}
	if _, err := New(Config{OpenReads: true, AllowHosts: []string{"bad name/x"}}); err == nil {
		t.Error("New accepted an --allow-host that is not a host name")
	}
}

// TestCrossSite: "simple" cross-site requests (a form's POST, fetch without a
// preflight) and requests from other origins are refused before the handler:
// 415 for a body type a page can send without a CORS preflight, 403 for a
// foreign Origin or Sec-Fetch-Site other than same-origin/none.
func TestCrossSite(t *testing.T) {
	s, ts := newTest(t, nil)
	y := readTestdata(t, "fallout.yaml")
	own := ts.URL
	for _, c := range []struct {
		name   string
		method string
		path   string
		hdr    []string
		code   int
	}{
		{"form post", "POST", "/api/plan", []string{"Content-Type", "application/x-www-form-urlencoded"}, 415},
		{"text/plain", "POST", "/api/plan", []string{"Content-Type", "text/plain"}, 415},
		{"text/plain charset", "POST", "/api/mc", []string{"Content-Type", "text/plain;charset=UTF-8"}, 415},
		{"no content type", "POST", "/api/plan", nil, 415},
		{"no content type mc", "POST", "/api/mc?n=200000", nil, 415},
		{"form post mc", "POST", "/api/mc?n=200000", []string{"Content-Type", "application/x-www-form-urlencoded"}, 415},
		{"form post sim", "POST", "/api/sim", []string{"Content-Type", "application/x-www-form-urlencoded"}, 415},
		{"form post physio", "POST", "/api/physio", []string{"Content-Type", "text/plain"}, 415},
		{"text/plain debrief", "POST", "/api/debrief", []string{"Content-Type", "text/plain"}, 415},
		{"multipart to plan", "POST", "/api/plan", []string{"Content-Type", "multipart/form-data; boundary=x"}, 415},
		{"text/plain log", "POST", "/api/log", []string{"Content-Type", "text/plain", "Authorization", "Bearer " + testToken}, 415},
		{"no type log", "POST", "/api/log", []string{"Authorization", "Bearer " + testToken}, 415},
		{"yaml log", "POST", "/api/log", []string{"Content-Type", "application/yaml", "Authorization", "Bearer " + testToken}, 415},
		{"foreign origin", "POST", "/api/plan", []string{"Content-Type", "application/yaml", "Origin", "http://evil.example"}, 403},
		{"null origin", "POST", "/api/plan", []string{"Content-Type", "application/yaml", "Origin", "null"}, 403},
		{"other port", "POST", "/api/plan", []string{"Content-Type", "application/yaml", "Origin", "http://127.0.0.1:1"}, 403},
		{"other scheme host", "POST", "/api/plan", []string{"Content-Type", "application/yaml", "Origin", "http://localhost.evil.example"}, 403},
		{"cross-site", "POST", "/api/plan", []string{"Content-Type", "application/yaml", "Sec-Fetch-Site", "cross-site"}, 403},
		{"same-site", "POST", "/api/mc", []string{"Content-Type", "application/yaml", "Sec-Fetch-Site", "same-site"}, 403},
		{"cross-site GET log", "GET", "/api/log", []string{"Sec-Fetch-Site", "cross-site"}, 403},
		{"foreign origin GET log", "GET", "/api/log", []string{"Origin", "http://evil.example"}, 403},
		{"cross-site DELETE", "DELETE", "/api/mc/x", []string{"Origin", "http://evil.example"}, 403},
		{"own origin", "POST", "/api/plan", []string{"Content-Type", "application/yaml", "Origin", own, "Sec-Fetch-Site", "same-origin"}, 200},
		{"own origin json type", "POST", "/api/plan", []string{"Content-Type", "application/yaml; charset=utf-8", "Origin", own}, 200},
		{"curl", "POST", "/api/plan", []string{"Content-Type", "application/yaml"}, 200},
		{"typed URL", "GET", "/api/log", []string{"Sec-Fetch-Site", "none"}, 200},
		{"own DELETE", "DELETE", "/api/mc/x", []string{"Origin", own, "Sec-Fetch-Site", "same-origin"}, 404},
		{"page from a link", "GET", "/", []string{"Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "navigate"}, 200},
	} {
		t.Run(c.name, func(t *testing.T) {
			var body []byte
			if c.method == "POST" {
				body = y
			}
			r := do(t, c.method, ts.URL+c.path, body, c.hdr...)
			wantCode(t, r, c.code)
			if c.code >= 400 {
				r.errBody(t)
			}
			secHeaders(t, c.name, r.h)
		})
	}
	// a DELETE with a body is typed like a POST
	r := do(t, "DELETE", ts.URL+"/api/mc/x", []byte("x=1"), "Content-Type", "application/x-www-form-urlencoded")
	wantCode(t, r, 415)
	// nothing refused was planned or started
	if _, m := s.cache.stats(); m != 1 {
		t.Errorf("%d plans solved, want 1 (the accepted requests share one)", m)
	}
	s.jobs.mu.Lock()
	n := len(s.jobs.byID)
	s.jobs.mu.Unlock()
	if n != 0 {
		t.Errorf("%d Monte Carlo jobs started by refused requests", n)
	}
}

// secHeaders checks the headers every answer carries.
func secHeaders(t *testing.T, what string, h http.Header) {
	t.Helper()
	csp := h.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "script-src 'self'", "frame-ancestors 'none'", "form-action 'none'", "base-uri 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("%s: Content-Security-Policy %q lacks %s", what, csp, want)
		}
	}
	if strings.Contains(csp, "unsafe") || strings.Contains(csp, "*") || strings.Contains(csp, "data:") {
		t.Errorf("%s: Content-Security-Policy %q allows more than the page's own files", what, csp)
	}
	for k, v := range map[string]string{"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
		"Cross-Origin-Resource-Policy": "same-origin", "Cross-Origin-Opener-Policy": "same-origin"} {
		if got := h.Get(k); got != v {
			t.Errorf("%s: %s %q, want %q", what, k, got, v)
		}
	}
}

// TestSecurityHeaders: every answer, the page, its assets, the API and every
// error (including a recovered panic), carries the same security headers.
func TestSecurityHeaders(t *testing.T) {
	s, ts := newTest(t, nil)
	for _, c := range []struct{ method, path string }{{"GET", "/"}, {"GET", "/assets/app.js"}, {"GET", "/assets/style.css"},
		{"GET", "/api"}, {"GET", "/api/config"}, {"GET", "/api/nothing"}, {"DELETE", "/api/plan"}, {"GET", "/assets/nothing.js"},
		{"GET", "/api/mc/x"}, {"GET", "/api/mc/x/events"}, {"POST", "/api/log"}} {
		secHeaders(t, c.method+" "+c.path, do(t, c.method, ts.URL+c.path, nil).h)
	}
	// the page needs nothing inline: no style= or inline script for the policy to allow
	page := do(t, "GET", ts.URL+"/", nil).body
	for _, bad := range []string{"style=", "<script>", "onclick", "onload", "javascript:"} {
		if strings.Contains(string(page), bad) {
			t.Errorf("the page has %q, which its Content-Security-Policy refuses", bad)
		}
	}
	// a recovered panic answers with them too
	h := s.guard(s.recoverer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") })))
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/api/config", nil)
	req.Host = "127.0.0.1:8080"
	h.ServeHTTP(rec, req)
	if rec.Code != 500 {
		t.Errorf("panic: %d", rec.Code)
	}
	secHeaders(t, "panic", rec.Header())
	// a tile server is the one other origin the page may load images from
	_, ts = newTest(t, func(c *Config) { c.TileURL = "https://tiles.example:8443/osm/{z}/{x}/{y}.png" })
	csp := do(t, "GET", ts.URL+"/", nil).h.Get("Content-Security-Policy")
	if !strings.Contains(csp, "img-src 'self' https://tiles.example:8443") {
		t.Errorf("with --tile-url the policy does not allow its images: %q", csp)
	}
	if strings.Contains(csp, "connect-src 'self' https://tiles") || strings.Contains(csp, "script-src 'self' https://tiles") {
		t.Errorf("the tile origin is allowed for more than images: %q", csp)
	}
}

// ---------- Monte Carlo jobs per client ----------

// clientFrom is an HTTP client whose connections come from the loopback
// address ip (127.0.0.2, ...): another client as the server sees it.
func clientFrom(t *testing.T, ip string) *http.Client {
	t.Helper()
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 10 * time.Second}
	return &http.Client{Transport: &http.Transport{DialContext: d.DialContext}}
}

func doAs(t *testing.T, c *http.Client, method, url string, body []byte, hdr ...string) reply {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return reply{res.StatusCode, res.Header, b}
}

func mcStart(t *testing.T, c *http.Client, ts *httptest.Server, q string, hdr ...string) (MCStarted, reply) {
	t.Helper()
	r := doAs(t, c, "POST", ts.URL+"/api/mc?"+q, readTestdata(t, "fallout.yaml"), append(yamlCT, hdr...)...)
	var st MCStarted
	if r.code == 202 {
		r.json(t, &st)
	}
	return st, r
}

func mcStatus(t *testing.T, ts *httptest.Server, id string) MCStatus {
	t.Helper()
	r := do(t, "GET", ts.URL+"/api/mc/"+id+"?landings=0", nil)
	wantCode(t, r, 200)
	var st MCStatus
	r.json(t, &st)
	return st
}

// TestMCPerClient: one client with two long jobs used to fill the server's two
// slots and lock everyone else out for minutes. Now a client has at most
// ClientJobs running or waiting (over it: 429 with Retry-After, for that client
// only), and a second client's job runs while the first has its maximum.
func TestMCPerClient(t *testing.T) {
	_, ts := newTest(t, func(c *Config) { c.MaxMCN = 200_000 })
	a, b := clientFrom(t, "127.0.0.1"), clientFrom(t, "127.0.0.2")
	big, r := mcStart(t, a, ts, "n=200000&workers=1")
	wantCode(t, r, 202)
	defer do(t, "DELETE", ts.URL+"/api/mc/"+big.ID, nil)
	// the same client's second long job: refused, not queued behind everyone
	_, r = mcStart(t, a, ts, "n=200000&workers=1")
	wantCode(t, r, 429)
	if r.h.Get("Retry-After") == "" || !strings.Contains(r.errBody(t).Error, "this client") {
		t.Errorf("429 for the client over its share: Retry-After %q, %s", r.h.Get("Retry-After"), r.body)
	}
	// another client's job runs to the end while the first client's still runs
	small, r := mcStart(t, b, ts, "n=200&workers=1")
	wantCode(t, r, 202)
	if got := waitMC(t, ts, small.ID); got.Status != JobDone || got.Result == nil || got.Result.N != 200 {
		t.Fatalf("second client's job: %+v", got)
	}
	if st := mcStatus(t, ts, big.ID); st.Status != JobRunning {
		t.Fatalf("the first client's long job is %s; the test needs it running", st.Status)
	}
	// the token holder is its own client, whatever address it comes from
	tok, r := mcStart(t, a, ts, "n=200&workers=1", "Authorization", "Bearer "+testToken)
	wantCode(t, r, 202)
	if got := waitMC(t, ts, tok.ID); got.Status != JobDone {
		t.Fatalf("token holder's job: %+v", got)
	}
}

// TestMCQueue: beyond the global limit a job within its client's share waits
// in a bounded queue ("queued") and runs when a slot frees; a full queue is
// 429 with Retry-After; a queued job can be cancelled.
func TestMCQueue(t *testing.T) {
	_, ts := newTest(t, func(c *Config) { c.RunningJobs = 1; c.QueuedJobs = 1 })
	a, b, c := clientFrom(t, "127.0.0.1"), clientFrom(t, "127.0.0.2"), clientFrom(t, "127.0.0.3")
	big, r := mcStart(t, a, ts, "n=200000&workers=1")
	wantCode(t, r, 202)
	waiting, r := mcStart(t, b, ts, "n=200&workers=1")
	wantCode(t, r, 202)
	if waiting.Status != JobQueued {
		t.Fatalf("second client's job is %q while the only slot is taken; want %q", waiting.Status, JobQueued)
	}
	if st := mcStatus(t, ts, waiting.ID); st.Status != JobQueued || st.Done != 0 {
		t.Fatalf("queued job: %+v", st)
	}
	_, r = mcStart(t, c, ts, "n=200&workers=1")
	wantCode(t, r, 429)
	if r.h.Get("Retry-After") == "" {
		t.Error("429 for a full queue without Retry-After")
	}
	// the long job ends: the queued one runs to the end
	wantCode(t, do(t, "DELETE", ts.URL+"/api/mc/"+big.ID, nil), 200)
	if got := waitMC(t, ts, waiting.ID); got.Status != JobDone || got.Result == nil {
		t.Fatalf("queued job after the slot freed: %+v", got)
	}
	// a queued job cancelled before it ran
	big, r = mcStart(t, a, ts, "n=200000&workers=1")
	wantCode(t, r, 202)
	waiting, r = mcStart(t, b, ts, "n=200&workers=1")
	wantCode(t, r, 202)
	wantCode(t, do(t, "DELETE", ts.URL+"/api/mc/"+waiting.ID, nil), 200)
	if st := mcStatus(t, ts, waiting.ID); st.Status != JobCancelled {
		t.Errorf("cancelled queued job: %+v", st)
	}
	// its place in the queue is free again
	third, r := mcStart(t, c, ts, "n=200&workers=1")
	wantCode(t, r, 202)
	wantCode(t, do(t, "DELETE", ts.URL+"/api/mc/"+big.ID, nil), 200)
	if got := waitMC(t, ts, third.ID); got.Status != JobDone {
		t.Fatalf("third client's job: %+v", got)
	}
}

// ---------- the plan cache, bounded by bytes ----------

// bigMission is fallout.yaml with n jumpers; v makes each mission distinct
// (another cache key and plan).
func bigMission(t testing.TB, n, v int) []byte {
	y := string(readTestdata(t, "fallout.yaml"))
	i, k := strings.Index(y, "jumpers:"), strings.Index(y, "oxygen:")
	var b strings.Builder
	b.WriteString(strings.Replace(y[:i], "name: fallout", fmt.Sprintf("name: big-%d", v), 1))
	b.WriteString("jumpers:\n")
	for j := range n {
		fmt.Fprintf(&b, "  - {name: j%02d, role: jumper, mass: %d kg, drag: belly, open_at: %d ft, canopy: {type: ram-air, airspeed: 11 m/s, sink: 5 m/s, deploy_time: 3 s, deploy_loss: 300 ft}}\n",
			j, 80+j%20+v%7, 2000+100*(j%10))
	}
	b.WriteString(y[k:])
	return []byte(b.String())
}

func liveHeap() uint64 {
	var ms runtime.MemStats
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// TestPlanCacheBytes: a 32-jumper plan keeps about 4.7 MB alive; the cache used
// to hold 128 of them whatever their size (600 MB). Now it accounts each
// entry's retained bytes (plan, traces, inputs, encoded answers) and evicts by
// bytes: with many large plans cached, the live heap grows by no more than
// CacheBytes.
func TestPlanCacheBytes(t *testing.T) {
	if testing.Short() {
		t.Skip("plans 12 32-jumper missions")
	}
	const bound = 32 << 20
	// the plans carry 200 runs of odds per jumper, not the default: the test
	// measures the cache, not the Monte Carlo
	quiet := log.New(io.Discard, "", 0)
	warm, err := New(Config{PlanOdds: 200, OpenReads: true, Now: func() time.Time { return fixedNow }, Logger: quiet, CacheSize: -1})
	if err != nil {
		t.Fatal(err)
	}
	post := func(s *Server, path string, body []byte) {
		req := httptest.NewRequest("POST", path, strings.NewReader(string(body)))
		req.Host = "127.0.0.1:8080"
		req.Header.Set("Content-Type", "application/yaml")
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, req)
		if rec.Code != 200 {
			t.Fatalf("%s: %d %.300s", path, rec.Code, rec.Body)
		}
	}
	// first use of every package-level table happens here, not in the measurement
	post(warm, "/api/plan?traces=1", bigMission(t, 32, 999))
	missions := make([][]byte, 12)
	for i := range missions {
		missions[i] = bigMission(t, 32, i)
	}
	base := liveHeap()
	s, err := New(Config{PlanOdds: 200, OpenReads: true, Now: func() time.Time { return fixedNow }, Logger: quiet, CacheBytes: bound})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range missions {
		post(s, "/api/plan", m)
		post(s, "/api/sim", m)
	}
	grew := int64(liveHeap()) - int64(base)
	entries, held := s.cache.usage()
	t.Logf("%d plans cached, %d bytes accounted; live heap grew %d bytes (bound %d)", entries, held, grew, bound)
	// the heap also holds what is not the cache: the server itself, its
	// per-client limiters and the runtime's own growth (a few tens of KiB);
	// 1 MiB of them, 3 % of the bound, is not a cache that undercounts
	const other = 1 << 20
	if grew > bound+other {
		t.Errorf("the live heap grew by %.1f MiB with the cache bounded at %.1f MiB (and %.1f MiB for the rest)", float64(grew)/(1<<20), float64(bound)/(1<<20), float64(other)/(1<<20))
	}
	if held > bound {
		t.Errorf("the cache accounts %d bytes, over its bound %d", held, bound)
	}
	if entries < 2 || held < bound/3 {
		t.Errorf("only %d plans (%d bytes) cached: the test no longer fills the cache", entries, held)
	}
	// the accounting is honest: what it counts covers what the heap holds
	if grew > held+1<<20 {
		t.Errorf("the heap grew %d bytes, the cache accounts for %d", grew, held)
	}
	runtime.KeepAlive(s)
	runtime.KeepAlive(missions)
}

// TestRetained: the accounting of reachable memory counts each allocation
// once, at its size class, through pointers, slices, strings, maps and
// interfaces, including unexported fields.
func TestRetained(t *testing.T) {
	type node struct {
		xs   []float64
		name string
		next *node
		any  any
	}
	xs := make([]float64, 1000) // 8000 bytes: the 8192 size class
	shared := &node{xs: xs}
	two := []*node{shared, shared} // the same node twice: counted once
	m := map[string][]float64{"a": xs}
	str := strings.Repeat("x", 100) // 112 class
	for _, c := range []struct {
		name     string
		v        any
		min, max int64
	}{
		{"nil", nil, 0, 0},
		{"slice", &xs, 8192 + 24, 8192 + 32},
		{"string", &str, 112 + 16, 112 + 16},
		{"shared node", &two, 8192, 8192 + 64 + 80 + 32},
		{"cycle", func() any { n := &node{name: ""}; n.next = n; return n }(), 48, 80}, // name: a string header in the node
		{"map", &m, 8192, 8192 + 1024},
		{"interface", &node{any: xs}, 8192 + 24, 8192 + 128},
		{"array of scalars", &[4]float64{}, 32, 32},
	} {
		got := retained(c.v)
		if got < c.min || got > c.max {
			t.Errorf("%s: %d bytes, want %d..%d", c.name, got, c.min, c.max)
		}
	}
	for _, c := range []struct{ n, want int64 }{{0, 0}, {1, 8}, {8, 8}, {9, 16}, {8000, 8192}, {32768, 32768}, {32769, 40960}} {
		if got := sizeClass(c.n); got != c.want {
			t.Errorf("sizeClass(%d) = %d, want %d", c.n, got, c.want)
		}
	}
}

// TestPlanCacheEvictsByBytes: the least recently used entries go first when
// the bytes exceed the bound; an entry over a quarter of the bound is not kept;
// an encoded answer is charged to its entry, and not kept once the entry is gone.
func TestPlanCacheEvictsByBytes(t *testing.T) {
	const mb = 1 << 20
	c := newPlanCache(100, 10*mb)
	key := func(i int) planKey { return keyOf([]byte{byte(i)}, "yaml", fixedNow) }
	add := func(i int, size int64) *planEntry {
		e, fresh := c.get(key(i))
		if !fresh {
			t.Fatalf("entry %d already cached", i)
		}
		c.settle(e, size)
		return e
	}
	cached := func(i int) bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		_, ok := c.byK[key(i)]
		return ok
	}
	e0 := add(0, 2*mb)
	add(1, 2*mb)
	add(2, 2*mb)
	if n, b := c.usage(); n != 3 || b != 6*mb+3*entryOverhead {
		t.Fatalf("3 entries of 2 MiB: %d entries, %d bytes", n, b)
	}
	c.get(key(0)) // 0 is now the most recent
	add(3, 2*mb)
	add(4, 2*mb) // 10 MiB and overheads: over the bound, 1 (least recent) goes
	if cached(1) || !cached(0) || !cached(2) || !cached(4) {
		t.Errorf("after eviction: 0 %v 1 %v 2 %v 4 %v; want 1 evicted", cached(0), cached(1), cached(2), cached(4))
	}
	if _, b := c.usage(); b > 10*mb {
		t.Errorf("%d bytes held, bound %d", b, 10*mb)
	}
	big := add(5, 3*mb) // over a quarter of 10 MiB
	if cached(5) {
		t.Error("an entry over a quarter of the bound was kept")
	}
	// an answer kept with a cached entry is charged; with a dropped one, not kept
	_, before := c.usage()
	ans := make([]byte, 100_000)
	if b, _ := e0.encoded("plan", func() ([]byte, error) { return ans, nil }); len(b) != len(ans) {
		t.Fatal("encoded answer lost")
	}
	if _, after := c.usage(); after-before < 100_000 {
		t.Errorf("an encoded answer of 100 kB added %d bytes", after-before)
	}
	big.c = c
	big.encoded("plan", func() ([]byte, error) { return ans, nil })
	if big.enc != nil {
		t.Error("an answer was kept with an entry no longer cached")
	}
	huge := make([]byte, MaxCachedAnswer+1)
	e0.encoded("plan+traces", func() ([]byte, error) { return huge, nil })
	if _, ok := e0.enc["plan+traces"]; ok {
		t.Error("an answer over MaxCachedAnswer was kept")
	}
}
