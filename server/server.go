// Package server is halo's HTTP face: a JSON API over the same domain code the
// CLI calls (load.FromBytes, plan.Solve, render.Sim, montecarlo.Run, the jump
// log) and a web page embedded in the binary (plain HTML, JS and SVG; nothing
// is fetched from the internet unless a map tile URL is configured).
//
// The server answers only its own page (security.go): the Host header must name
// it (DNS rebinding is refused with 421), an Origin or Sec-Fetch-Site from
// another site is refused (403), a request that changes state or costs work
// must be application/json, application/yaml or multipart/form-data (415), and
// every answer carries a Content-Security-Policy that allows the page's own
// files only, X-Frame-Options: DENY, X-Content-Type-Options: nosniff and
// Referrer-Policy: no-referrer.
//
// Safety: every request body is size-limited (MaxMissionBytes, MaxTrackBytes),
// plans run under a per-request time-out and a bound on concurrent solves, the
// plan cache is bounded by the bytes it holds (Config.CacheBytes), the Monte
// Carlo is capped (Config.MaxMCN) and runs as cancellable jobs, at most
// Config.ClientJobs per client and Config.RunningJobs in all, a panic in
// a handler is recovered into a logged 500, and anything that changes stored data
// needs the token (Authorization: Bearer T, compared in constant time). Reads are
// open unless Config.OpenReads is false, in which case they need the token too.
//
// Mission files sent to the server may not name other files (winds, soundings,
// airspace GeoJSON): put the data inline. load.FromBytes refuses the references.
package server

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"net"
	"net/http"
	"runtime"
	"runtime/debug"
	"sync"
	"time"

	"halo/store"
	"halo/version"
)

// Size limits of request bodies, bytes.
const (
	// MaxMissionBytes bounds a mission sent to /api/plan, /api/sim, /api/physio, /api/mc.
	MaxMissionBytes = 1 << 20
	// MaxTrackBytes bounds a /api/debrief upload (track files plus the mission).
	MaxTrackBytes = 32 << 20
	// MaxLogBytes bounds a POST /api/log body (an attempt with its tracks, base64).
	MaxLogBytes = 48 << 20
)

// Defaults of Config's zero fields.
const (
	DefaultMaxMCN      = 200_000
	DefaultPlanTimeout = 20 * time.Second
	DefaultCacheSize   = 128
	DefaultCacheBytes  = 64 << 20
	DefaultMaxJobs     = 64
	DefaultRunningJobs = 2
	DefaultClientJobs  = 1
	DefaultQueuedJobs  = 8
)

// Config configures a Server. The zero value serves with open reads (OpenReads
// must be set explicitly: see New), no token (writes refused), no log, no tiles.
type Config struct {
	// Token is the secret that unlocks writes (and reads when OpenReads is
	// false). Empty: writes are refused with 403.
	Token string
	// OpenReads lets anyone read (plan, sim, physio, mc, debrief, log list);
	// false requires the token for every /api call except GET /api (the
	// description) and GET /api/config.
	OpenReads bool
	// TileURL is a slippy-map tile template with {z}, {x}, {y} drawn under the
	// web page's map; empty draws the metric grid only. Its origin is the one
	// other origin the page's Content-Security-Policy allows (for images only).
	TileURL string
	// TileAttribution is the credit the tiles' licence asks for, shown on the
	// map (plain text); empty: the tile server's host.
	TileAttribution string
	// Addr is the address the server listens on (host:port, as net.Listen
	// resolved it). The Host header of a request must name the address its
	// connection arrived on (the loopback names too, for a loopback address);
	// Addr is the fallback when the connection's address is unknown. Empty and
	// unknown: only the loopback names are answered.
	Addr string
	// AllowHosts are further names the server answers to (--allow-host): "name"
	// on any port, or "name:port". Every other Host is refused with 421.
	AllowHosts []string
	// Log is the jump log; nil disables /api/log (404 with a message).
	Log store.Log
	// MaxMCN caps the Monte Carlo runs per request (0: DefaultMaxMCN).
	MaxMCN int
	// PlanTimeout bounds one plan solve (0: DefaultPlanTimeout).
	PlanTimeout time.Duration
	// PlanOdds is the Monte Carlo runs per jumper of every plan's odds (0:
	// brief.DefaultOdds, as `halo plan`; a large stick is capped as the CLI caps
	// it). `halo serve --odds N`.
	PlanOdds int
	// CacheSize is the most solved plans kept, keyed by the SHA-256 of the
	// mission (body and syntax) and the planning minute; 0 gives
	// DefaultCacheSize, negative disables the cache.
	CacheSize int
	// CacheBytes bounds the memory the plan cache holds, bytes (0:
	// DefaultCacheBytes, 64 MiB): each entry is accounted at the bytes it keeps
	// alive (plan, traces, decoded inputs, encoded answers, with the
	// allocator's rounding) and the least recently used are evicted first.
	CacheBytes int64
	// MaxSolves bounds concurrent plan solves (0: GOMAXPROCS); requests beyond
	// it wait (within their time-out).
	MaxSolves int
	// MaxJobs is how many Monte Carlo jobs are remembered (0: DefaultMaxJobs);
	// RunningJobs how many may run at once (0: DefaultRunningJobs); ClientJobs
	// how many one client (its remote address, or the token's holder) may have
	// running or waiting (0: DefaultClientJobs); QueuedJobs how many may wait
	// for a slot (0: DefaultQueuedJobs). A client over its share, or a full
	// queue, gets 429 with Retry-After.
	MaxJobs, RunningJobs, ClientJobs, QueuedJobs int
	// Now is the clock (nil: time.Now). Plans use it truncated to the minute.
	Now func() time.Time
	// Logger receives request errors and recovered panics (nil: log.Default()).
	Logger *log.Logger
}

// Server is the HTTP API and web page. Create it with New; it is safe for
// concurrent use. Close cancels running Monte Carlo jobs.
type Server struct {
	cfg     Config
	mux     *http.ServeMux
	handler http.Handler
	cache   *planCache
	solves  chan struct{}
	jobs    *jobs
	logger  *log.Logger
	tokenH  [32]byte
	// the Host check and the Content-Security-Policy (security.go)
	allow      []allowedHost
	listenIP   net.IP
	listenPort string
	csp        string
	closeMu    sync.Mutex
	closed     bool
}

//go:embed web
var webFS embed.FS

//go:embed openapi.json
var openAPI []byte

// New builds a Server. It refuses a configuration that would lock everyone out
// (reads closed and no token).
func New(cfg Config) (*Server, error) {
	if !cfg.OpenReads && cfg.Token == "" {
		return nil, errors.New("reads are closed (--open-reads=false) but there is no token: give --token or HALO_TOKEN, or open reads")
	}
	if cfg.MaxMCN <= 0 {
		cfg.MaxMCN = DefaultMaxMCN
	}
	if cfg.PlanTimeout <= 0 {
		cfg.PlanTimeout = DefaultPlanTimeout
	}
	if cfg.CacheSize == 0 {
		cfg.CacheSize = DefaultCacheSize
	}
	if cfg.CacheBytes == 0 {
		cfg.CacheBytes = DefaultCacheBytes
	}
	if cfg.MaxSolves <= 0 {
		cfg.MaxSolves = runtime.GOMAXPROCS(0)
	}
	if cfg.MaxJobs <= 0 {
		cfg.MaxJobs = DefaultMaxJobs
	}
	if cfg.RunningJobs <= 0 {
		cfg.RunningJobs = DefaultRunningJobs
	}
	if cfg.ClientJobs <= 0 {
		cfg.ClientJobs = DefaultClientJobs
	}
	if cfg.QueuedJobs <= 0 {
		cfg.QueuedJobs = DefaultQueuedJobs
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = log.Default()
	}
	s := &Server{cfg: cfg, mux: http.NewServeMux(), logger: cfg.Logger,
		solves: make(chan struct{}, cfg.MaxSolves), jobs: newJobs(cfg.MaxJobs, cfg.RunningJobs, cfg.ClientJobs, cfg.QueuedJobs)}
	if cfg.CacheSize > 0 && cfg.CacheBytes > 0 {
		s.cache = newPlanCache(cfg.CacheSize, cfg.CacheBytes)
	}
	var err error
	if s.allow, err = parseAllowHosts(cfg.AllowHosts); err != nil {
		return nil, err
	}
	if cfg.Addr != "" {
		h, p, err := net.SplitHostPort(cfg.Addr)
		if err != nil {
			return nil, fmt.Errorf("listen address %q: %w", cfg.Addr, err)
		}
		if h == "" {
			h = "::"
		}
		if h == "localhost" {
			h = "127.0.0.1"
		}
		s.listenIP, s.listenPort = net.ParseIP(h), p
	}
	to, err := tileOrigin(cfg.TileURL)
	if err != nil {
		return nil, err
	}
	s.csp = pageCSP(to)
	if cfg.Token != "" {
		s.tokenH = hashToken(cfg.Token)
	}
	s.routes()
	s.handler = s.guard(s.recoverer(s.fallback(s.mux)))
	return s, nil
}

// Handler returns the server's http.Handler (Host, Origin and body-type checks,
// security headers, routes, auth, panic recovery).
func (s *Server) Handler() http.Handler { return s.handler }

// HTTPServer returns an http.Server for addr with halo's time-outs: 10 s to read
// the headers, 2 min to read a body (a 32 MiB track on a slow link), 5 min to
// write a response (the Server-Sent Events stream lifts its own deadline), 2 min
// idle keep-alive.
func (s *Server) HTTPServer(addr string) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          s.logger,
	}
}

// Close cancels every running Monte Carlo job. The log is the caller's to close.
func (s *Server) Close() error {
	s.closeMu.Lock()
	defer s.closeMu.Unlock()
	if !s.closed {
		s.closed = true
		s.jobs.cancelAll()
	}
	return nil
}

func (s *Server) routes() {
	m := s.mux
	// the page and its assets: index at /, the rest under /assets/
	static, _ := fs.Sub(webFS, "web")
	page := noCache(etagged(static, http.FileServerFS(static)))
	m.Handle("GET /{$}", page)
	m.Handle("GET /assets/", http.StripPrefix("/assets", page))

	// description and configuration (always open: they reveal nothing stored)
	m.HandleFunc("GET /api", s.getOpenAPI)
	m.HandleFunc("GET /api/{$}", s.getOpenAPI)
	m.HandleFunc("GET /api/config", s.getConfig)
	m.HandleFunc("GET /api/mgrs", s.getMGRS) // a grid reference of a given point: nothing stored

	read := s.readAuth
	write := s.writeAuth
	m.Handle("GET /api/missions/default", read(http.HandlerFunc(s.getDefaultMission)))
	m.Handle("POST /api/plan", read(http.HandlerFunc(s.postPlan)))
	m.Handle("POST /api/sim", read(http.HandlerFunc(s.postSim)))
	m.Handle("POST /api/physio", read(http.HandlerFunc(s.postPhysio)))
	m.Handle("POST /api/mc", read(http.HandlerFunc(s.postMC)))
	m.Handle("GET /api/mc/{id}", read(http.HandlerFunc(s.getMC)))
	m.Handle("GET /api/mc/{id}/events", read(http.HandlerFunc(s.getMCEvents)))
	m.Handle("DELETE /api/mc/{id}", read(http.HandlerFunc(s.deleteMC)))
	s.debriefRoutes(m, read)
	m.Handle("GET /api/log", read(http.HandlerFunc(s.listLog)))
	m.Handle("GET /api/log/stats", read(http.HandlerFunc(s.logStats)))
	m.Handle("GET /api/log/{id}", read(http.HandlerFunc(s.getLog)))
	m.Handle("POST /api/log", write(jsonBody(http.HandlerFunc(s.postLog))))
}

func (s *Server) getOpenAPI(w http.ResponseWriter, r *http.Request) {
	doc, err := withBuild(openAPI, version.Get())
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write(doc)
}

// withBuild is the OpenAPI description doc with the server's build (version,
// commit, date, Go) as info.x-halo-build, so a client can tell which halo
// answers (every plan names it too, as "planner").
func withBuild(doc []byte, b version.Info) ([]byte, error) {
	var top, info map[string]json.RawMessage
	if err := json.Unmarshal(doc, &top); err != nil {
		return nil, fmt.Errorf("openapi.json: %w", err)
	}
	if err := json.Unmarshal(top["info"], &info); err != nil {
		return nil, fmt.Errorf("openapi.json: info: %w", err)
	}
	bj, err := json.Marshal(b)
	if err != nil {
		return nil, err
	}
	info["x-halo-build"] = bj
	if top["info"], err = json.Marshal(info); err != nil {
		return nil, err
	}
	return json.MarshalIndent(top, "", " ")
}

// ConfigInfo is GET /api/config: what the web page needs to know.
type ConfigInfo struct {
	TileURL   string `json:"tile_url"`
	TileAttr  string `json:"tile_attribution"`
	OpenReads bool   `json:"open_reads"`
	Writable  bool   `json:"writable"` // a token is configured
	MaxMCN    int    `json:"max_mc_n"`
	Log       bool   `json:"log"` // a jump log is attached
	Debrief   bool   `json:"debrief"`
	Version   string `json:"version"`
}

func (s *Server) getConfig(w http.ResponseWriter, r *http.Request) {
	v := version.Get().Version
	writeJSON(w, http.StatusOK, ConfigInfo{TileURL: s.cfg.TileURL, TileAttr: s.cfg.TileAttribution, OpenReads: s.cfg.OpenReads, Writable: s.cfg.Token != "",
		MaxMCN: s.cfg.MaxMCN, Log: s.cfg.Log != nil, Debrief: debriefAvailable, Version: v})
}

// recoverer turns a panic in a handler into a logged 500: a last resort, every
// bad input is meant to get its own 4xx before this.
func (s *Server) recoverer(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.logger.Printf("halo serve: panic in %s %s: %v\n%s", r.Method, r.URL.Path, v, debug.Stack())
				writeError(w, http.StatusInternalServerError, "internal error (logged); please report it with the request")
			}
		}()
		h.ServeHTTP(w, r)
	})
}

// noCache makes browsers revalidate the page's files: they change with the
// binary (etagged lets the revalidation answer 304).
func noCache(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		h.ServeHTTP(w, r)
	})
}

// fallback refuses a routed request whose body type a cross-site page could
// send (bodyTypeOK, 415) and answers what no route takes (404, and 405 for a path served with
// other methods) in JSON with the Allow header, instead of the mux's plain text.
func (s *Server) fallback(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, pattern := mux.Handler(r)
		if pattern != "" {
			if msg := bodyTypeOK(r); msg != "" {
				writeError(w, http.StatusUnsupportedMediaType, msg)
				return
			}
			mux.ServeHTTP(w, r)
			return
		}
		rec := &headerRec{h: http.Header{}}
		h.ServeHTTP(rec, r)
		switch rec.code {
		case http.StatusMethodNotAllowed:
			allow := rec.h.Get("Allow")
			w.Header().Set("Allow", allow)
			writeError(w, http.StatusMethodNotAllowed, fmt.Sprintf("%s is not allowed on %s; allowed: %s", r.Method, r.URL.Path, allow))
		case http.StatusNotFound, 0:
			writeError(w, http.StatusNotFound, fmt.Sprintf("nothing at %s %s; GET /api describes the API", r.Method, r.URL.Path))
		default: // a redirect (cleaned path) or other mux answer: pass it on
			for k, v := range rec.h {
				w.Header()[k] = v
			}
			w.WriteHeader(rec.code)
		}
	})
}

// headerRec records the status and headers of the mux's own 404/405 handler.
type headerRec struct {
	h    http.Header
	code int
}

func (r *headerRec) Header() http.Header { return r.h }
func (r *headerRec) Write(b []byte) (int, error) {
	if r.code == 0 {
		r.code = http.StatusOK
	}
	return len(b), nil
}
func (r *headerRec) WriteHeader(code int) {
	if r.code == 0 {
		r.code = code
	}
}
