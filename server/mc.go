package server

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"halo/brief"
	"halo/check"
	"halo/geo"
	"halo/mission"
	"halo/montecarlo"
)

// Job states.
const (
	JobQueued    = "queued" // waiting for one of the server's RunningJobs slots
	JobRunning   = "running"
	JobDone      = "done"
	JobFailed    = "failed"
	JobCancelled = "cancelled"
)

// job is one Monte Carlo run.
type job struct {
	id      string
	client  string // who started it (clientOf): its share is counted against it
	n, seed int
	created time.Time
	cancel  context.CancelFunc
	done    atomic.Int64
	total   int
	start   chan struct{} // closed when the job may run (a slot is its)

	// started is set, under jobs.mu, when the job takes a slot
	started bool

	mu       sync.Mutex
	status   string
	result   *montecarlo.Result
	cloud    [][][2]float64 // landing points per jumper, at most MaxCloud each
	verdict  judgement      // the plan judged with this job's odds
	onMap    mcMap          // the cloud and the ellipses in WGS84
	err      string
	finished time.Time
	fin      chan struct{} // closed when the job ends
}

// jobs holds the Monte Carlo jobs: at most max remembered (the oldest finished
// ones are forgotten first), at most maxRun running at once, at most perClient
// running or waiting for one client, at most maxQueue waiting in all. Waiting
// jobs start in the order they came. Lock order: jobs.mu before job.mu.
type jobs struct {
	mu        sync.Mutex
	max       int
	maxRun    int
	perClient int
	maxQueue  int
	running   int
	active    map[string]int // running or queued jobs per client
	queue     []*job
	order     []string
	byID      map[string]*job
}

func newJobs(max, maxRun, perClient, maxQueue int) *jobs {
	return &jobs{max: max, maxRun: maxRun, perClient: perClient, maxQueue: maxQueue,
		active: map[string]int{}, byID: map[string]*job{}}
}

var (
	// errClientBusy: the client has its share of jobs running or waiting.
	errClientBusy = errors.New("client busy")
	// errBusy: the queue is full, or every remembered job still runs.
	errBusy = errors.New("busy")
)

// add registers j for its client: started at once when a slot is free (its
// start channel closed, status running), else queued. It refuses a client over
// its share (errClientBusy) and a full queue (errBusy).
func (js *jobs) add(j *job) error {
	js.mu.Lock()
	defer js.mu.Unlock()
	if js.active[j.client] >= js.perClient {
		return errClientBusy
	}
	if js.running >= js.maxRun && len(js.queue) >= js.maxQueue {
		return errBusy
	}
	for len(js.order) >= js.max {
		// forget the oldest finished job
		k := -1
		for i, id := range js.order {
			if st := js.byID[id].state(); st != JobRunning && st != JobQueued {
				k = i
				break
			}
		}
		if k < 0 {
			return errBusy
		}
		delete(js.byID, js.order[k])
		js.order = append(js.order[:k], js.order[k+1:]...)
	}
	js.active[j.client]++
	js.order = append(js.order, j.id)
	js.byID[j.id] = j
	if js.running < js.maxRun {
		js.startLocked(j)
	} else {
		j.mu.Lock()
		j.status = JobQueued
		j.mu.Unlock()
		js.queue = append(js.queue, j)
	}
	return nil
}

func (js *jobs) startLocked(j *job) {
	js.running++
	j.started = true
	j.mu.Lock()
	j.status = JobRunning
	j.mu.Unlock()
	close(j.start)
}

func (js *jobs) get(id string) *job {
	js.mu.Lock()
	defer js.mu.Unlock()
	return js.byID[id]
}

// ended releases j's slot (or its place in the queue) and its client's share,
// and starts the next waiting jobs.
func (js *jobs) ended(j *job) {
	js.mu.Lock()
	defer js.mu.Unlock()
	if js.active[j.client]--; js.active[j.client] <= 0 {
		delete(js.active, j.client)
	}
	if j.started {
		js.running--
	} else {
		for i, q := range js.queue {
			if q == j {
				js.queue = append(js.queue[:i], js.queue[i+1:]...)
				break
			}
		}
	}
	for js.running < js.maxRun && len(js.queue) > 0 {
		next := js.queue[0]
		js.queue = js.queue[1:]
		js.startLocked(next)
	}
}

func (js *jobs) cancelAll() {
	js.mu.Lock()
	defer js.mu.Unlock()
	for _, j := range js.byID {
		j.cancel()
	}
}

func (j *job) state() string {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.status
}

// clientOf names who sends r, for the Monte Carlo share: the token's holder
// when the request carries the server's token, else its remote address (an
// IPv6 client by its /64, the block one host usually has).
func (s *Server) clientOf(r *http.Request) string {
	if s.tokenOK(r) {
		return "token"
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip := net.ParseIP(host)
	if ip == nil {
		return "addr " + host
	}
	if ip.To4() == nil {
		ip = ip.Mask(net.CIDRMask(64, 128))
	}
	return "addr " + ip.String()
}

func newID() string {
	var b [12]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// MCStarted is the answer to POST /api/mc (202 Accepted).
type MCStarted struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	N      int    `json:"n"`
	Seed   int    `json:"seed"`
	Poll   string `json:"poll"`
	Events string `json:"events"`
}

// intParam reads a query integer within [lo, hi], def when absent.
func intParam(r *http.Request, name string, def, lo, hi int, why string) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, fmt.Errorf("%s=%q: not a whole number", name, v)
	}
	if n < lo || n > hi {
		return 0, fmt.Errorf("%s=%d: must be %d..%d%s", name, n, lo, hi, why)
	}
	return n, nil
}

// postMC solves the mission (cached like /api/plan) and starts a Monte Carlo
// job on it: ?n=RUNS (default 10000, at most Config.MaxMCN), ?seed=S (default
// 1), ?workers=W (default all cores).
func (s *Server) postMC(w http.ResponseWriter, r *http.Request) {
	n, err := intParam(r, "n", 10000, 1, s.cfg.MaxMCN, fmt.Sprintf(" (this server's cap per request is %d runs; halo mc on your own machine has no such cap)", s.cfg.MaxMCN))
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	seed, err := intParam(r, "seed", 1, 0, math.MaxInt32, "")
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	workers, err := intParam(r, "workers", 0, 0, 64, "")
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	e, code, err := s.solved(w, r)
	if err != nil {
		s.answerErr(w, r, code, err)
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	j := &job{id: newID(), client: s.clientOf(r), n: n, seed: seed, total: n, created: time.Now(), cancel: cancel,
		status: JobQueued, start: make(chan struct{}), fin: make(chan struct{})}
	if err := s.jobs.add(j); err != nil {
		cancel()
		w.Header().Set("Retry-After", "10")
		if errors.Is(err, errClientBusy) {
			writeError(w, http.StatusTooManyRequests, fmt.Sprintf("this client already has %d Monte Carlo job(s) running or waiting, its share on this server; wait for it to finish or cancel it (DELETE /api/mc/{id})", s.cfg.ClientJobs))
			return
		}
		writeError(w, http.StatusTooManyRequests, fmt.Sprintf("the server is busy: %d Monte Carlo jobs are running and %d waiting; try again later", s.cfg.RunningJobs, s.cfg.QueuedJobs))
		return
	}
	// more goroutines than cores only adds scheduling: the results are the same
	// for a seed whatever the count
	workers = min(workers, runtime.GOMAXPROCS(0))
	go s.runJob(ctx, j, e.brief, e.in.Mission, workers)
	loc := "/api/mc/" + j.id
	w.Header().Set("Location", loc)
	writeJSON(w, http.StatusAccepted, MCStarted{ID: j.id, Status: j.state(), N: n, Seed: seed, Poll: loc, Events: loc + "/events"})
}

func (s *Server) runJob(ctx context.Context, j *job, b *brief.Briefing, m *mission.Mission, workers int) {
	p := b.Plan
	var res *montecarlo.Result
	var err error
	select {
	case <-j.start:
	case <-ctx.Done():
	}
	func() {
		if ctx.Err() != nil {
			err = ctx.Err() // cancelled while it waited
			return
		}
		defer func() {
			if v := recover(); v != nil {
				s.logger.Printf("halo serve: panic in Monte Carlo job %s: %v\n%s", j.id, v, debug.Stack())
				err = fmt.Errorf("internal error in the Monte Carlo (logged): %v", v)
			}
		}()
		res, err = montecarlo.Run(ctx, p, m, montecarlo.Options{N: j.n, Seed: uint64(j.seed), Workers: workers,
			Progress: func(done, total int) { j.done.Store(int64(done)) }})
	}()
	var cloud [][][2]float64
	var jd judgement
	var om mcMap
	if err == nil {
		// keep only the thinned cloud: 200,000 runs' landings are 6 MB a jumper
		cloud = thin(res.Landings)
		res.Landings = nil
		jd = judgeWithOdds(b.Checks, res, m)
		if p.Env != nil {
			om = mapOf(p.Env.Frame, res, cloud)
		}
	}
	j.mu.Lock()
	switch {
	case err == nil:
		j.status, j.result, j.cloud, j.verdict, j.onMap = JobDone, res, cloud, jd, om
		j.done.Store(int64(j.total))
	case ctx.Err() != nil:
		j.status, j.err = JobCancelled, "cancelled"
	default:
		j.status, j.err = JobFailed, err.Error()
	}
	j.finished = time.Now()
	j.mu.Unlock()
	j.cancel()
	s.jobs.ended(j)
	close(j.fin)
}

// MCStatus is GET /api/mc/{id}.
type MCStatus struct {
	ID       string             `json:"id"`
	Status   string             `json:"status"`
	Done     int                `json:"done"`
	Total    int                `json:"total"`
	ElapsedS float64            `json:"elapsed_s"`
	Error    string             `json:"error,omitempty"`
	Result   *montecarlo.Result `json:"result,omitempty"`
	// Landings are up to MaxCloud landing points per jumper (e, n metres from
	// the target), every k-th run, for drawing the cloud; ?landings=0 omits them.
	Landings [][][2]float64 `json:"landings,omitempty"`
	mcMap
	judgement
}

// mcMap is a done job's landing cloud (the points of Landings) and its 50 % and
// 95 % ellipses in WGS84 [lat, lon] degrees, placed with the plan's own frame
// (geo.Frame.ToGeodetic), for the page's map.
type mcMap struct {
	LandingsLatLon [][][2]float64 `json:"landings_latlon,omitempty"`
	Ellipses       []MCEllipse    `json:"ellipses,omitempty"`
}

// MCEllipse is one jumper's landing ellipse as a closed ring of 73 points.
type MCEllipse struct {
	Jumper  string       `json:"jumper"`
	Percent int          `json:"percent"` // 50 or 95
	Ring    [][2]float64 `json:"ring"`
}

// mapOf places the thinned cloud and every jumper's ellipses with frame f.
func mapOf(f geo.Frame, res *montecarlo.Result, cloud [][][2]float64) mcMap {
	ll := func(e, n float64) [2]float64 {
		lat, lon, _ := f.ToGeodetic(e, n, 0)
		return [2]float64{math.Round(lat*1e7) / 1e7, math.Round(lon*1e7) / 1e7}
	}
	var m mcMap
	for _, pts := range cloud {
		out := make([][2]float64, len(pts))
		for i, q := range pts {
			out[i] = ll(q[0], q[1])
		}
		m.LandingsLatLon = append(m.LandingsLatLon, out)
	}
	for _, st := range res.Jumpers {
		for _, el := range []struct {
			pct int
			e   montecarlo.Ellipse
		}{{50, st.Ellipse50}, {95, st.Ellipse95}} {
			if math.IsNaN(el.e.MajorM) || math.IsNaN(el.e.MinorM) {
				continue
			}
			// the major semi-axis along its bearing (clockwise from north), the minor across it
			sb, cb := math.Sincos(el.e.BearingDeg * math.Pi / 180)
			ring := make([][2]float64, 0, 73)
			for k := 0; k <= 72; k++ {
				s, c := math.Sincos(float64(k) * 5 * math.Pi / 180)
				a, b := el.e.MajorM*c, el.e.MinorM*s
				ring = append(ring, ll(st.MPI.E+a*sb+b*cb, st.MPI.N+a*cb-b*sb))
			}
			m.Ellipses = append(m.Ellipses, MCEllipse{Jumper: st.Name, Percent: el.pct, Ring: ring})
		}
	}
	return m
}

// judgement is a plan's checks, verdict and reasons with a job's odds in place
// of the briefing's own study (done jobs only).
type judgement struct {
	Checks  []check.Check `json:"checks,omitempty"`
	Verdict string        `json:"verdict,omitempty"`
	Reasons []string      `json:"reasons,omitempty"`
}

// judgeWithOdds judges the briefing's checks with the odds checks of res
// (montecarlo.Checks) in place of those of the briefing's default study, by the
// rule of brief.Make (check.Settle, check.Verdict, check.Reasons): a Monte Carlo
// run in the page moves the checks and the verdict as its numbers say. The odds
// checks are those named "odds" or "odds: ...".
func judgeWithOdds(briefChecks []check.Check, res *montecarlo.Result, m *mission.Mission) judgement {
	var cs []check.Check
	for _, c := range briefChecks {
		if c.Name != "odds" && !strings.HasPrefix(c.Name, "odds: ") {
			cs = append(cs, c)
		}
	}
	cs = check.Settle(append(cs, montecarlo.Checks(res, m)...))
	return judgement{Checks: cs, Verdict: check.Verdict(cs), Reasons: check.Reasons(cs)}
}

// MaxCloud is the most landing points per jumper GET /api/mc/{id} returns.
const MaxCloud = 2000

func (j *job) snapshot(withLandings bool) MCStatus {
	j.mu.Lock()
	defer j.mu.Unlock()
	st := MCStatus{ID: j.id, Status: j.status, Done: int(j.done.Load()), Total: j.total, Error: j.err, Result: j.result, judgement: j.verdict}
	end := time.Now()
	if !j.finished.IsZero() {
		end = j.finished
	}
	st.ElapsedS = math.Round(end.Sub(j.created).Seconds()*1000) / 1000
	st.Ellipses = j.onMap.Ellipses
	if withLandings {
		st.Landings, st.LandingsLatLon = j.cloud, j.onMap.LandingsLatLon
	}
	return st
}

// thin keeps every k-th landing point of each jumper, at most MaxCloud, rounded
// to 0.1 m.
func thin(landings [][][2]float64) [][][2]float64 {
	var out [][][2]float64
	for _, ls := range landings {
		step := max(1, (len(ls)+MaxCloud-1)/MaxCloud)
		pts := make([][2]float64, 0, len(ls)/step+1)
		for i := 0; i < len(ls); i += step {
			pts = append(pts, [2]float64{r1(ls[i][0]), r1(ls[i][1])})
		}
		out = append(out, pts)
	}
	return out
}

func (s *Server) jobOr404(w http.ResponseWriter, r *http.Request) *job {
	id := r.PathValue("id")
	j := s.jobs.get(id)
	if j == nil {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no Monte Carlo job %q (finished jobs are forgotten after the %d most recent)", id, s.cfg.MaxJobs))
	}
	return j
}

func (s *Server) getMC(w http.ResponseWriter, r *http.Request) {
	j := s.jobOr404(w, r)
	if j == nil {
		return
	}
	writeJSON(w, http.StatusOK, j.snapshot(r.URL.Query().Get("landings") != "0"))
}

func (s *Server) deleteMC(w http.ResponseWriter, r *http.Request) {
	j := s.jobOr404(w, r)
	if j == nil {
		return
	}
	j.cancel()
	select {
	case <-j.fin:
	case <-time.After(5 * time.Second):
	case <-r.Context().Done():
	}
	writeJSON(w, http.StatusOK, j.snapshot(false))
}

// getMCEvents streams a job's progress as Server-Sent Events: "progress" events
// with {done, total} at most every 200 ms while it runs, then one "end" event
// with the status (as GET /api/mc/{id} without the result), then the stream
// closes. The server's write time-out is lifted for this response.
func (s *Server) getMCEvents(w http.ResponseWriter, r *http.Request) {
	j := s.jobOr404(w, r)
	if j == nil {
		return
	}
	rc := http.NewResponseController(w)
	rc.SetWriteDeadline(time.Time{}) // an SSE stream lasts as long as the job
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	send := func(event string, v any) error {
		b, err := marshalJSON(v)
		if err != nil {
			return err
		}
		if _, err := fmt.Fprintf(w, "event: %s\ndata: %s\n", event, b); err != nil {
			return err
		}
		return rc.Flush()
	}
	type progress struct {
		Done  int `json:"done"`
		Total int `json:"total"`
	}
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	last := -1
	for {
		if d := int(j.done.Load()); d != last {
			last = d
			if send("progress", progress{d, j.total}) != nil {
				return
			}
		}
		select {
		case <-j.fin:
			send("progress", progress{int(j.done.Load()), j.total})
			send("end", j.snapshot(false))
			return
		case <-r.Context().Done():
			return
		case <-tick.C:
		}
	}
}
