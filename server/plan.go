package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"halo/brief"
	"io"
	"math"
	"mime"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"halo/load"
	"halo/mission"
	"halo/plan"
	"halo/render"
)

// missionName is the file name a request's mission is given in messages.
func missionName(syntax string) string {
	if syntax == "json" {
		return "mission.json"
	}
	return "mission.yaml"
}

// readMission reads a mission body (YAML, or JSON, which is YAML) up to
// MaxMissionBytes and returns it with its syntax, "yaml" or "json".
func readMission(w http.ResponseWriter, r *http.Request) ([]byte, string, int, error) {
	syntax, code, err := missionSyntax(r.Header.Get("Content-Type"))
	if err != nil {
		return nil, "", code, err
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxMissionBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, "", http.StatusRequestEntityTooLarge, fmt.Errorf("mission larger than %d bytes (1 MiB); a mission file is at most %d", mbe.Limit, mission.MaxSize)
		}
		return nil, "", http.StatusBadRequest, fmt.Errorf("reading the request body: %w", err)
	}
	body, err = missionBytes(body, syntax)
	if err != nil {
		return nil, "", http.StatusBadRequest, err
	}
	return body, syntax, 0, nil
}

// missionSyntax maps a Content-Type to the mission's syntax: application/yaml
// or application/json, nothing else (415). A missing type, text/plain and
// application/x-www-form-urlencoded are what a page on another site can send
// without a CORS preflight; curl --data-binary sends the last unless told.
func missionSyntax(ct string) (string, int, error) {
	if strings.TrimSpace(ct) == "" {
		return "", http.StatusUnsupportedMediaType, errors.New("no Content-Type: send the mission as application/yaml or application/json (with curl: -H 'Content-Type: application/yaml')")
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return "", http.StatusUnsupportedMediaType, fmt.Errorf("Content-Type %q: %v; send application/yaml or application/json", ct, err)
	}
	switch mt {
	case "application/yaml":
		return "yaml", 0, nil
	case "application/json":
		return "json", 0, nil
	}
	return "", http.StatusUnsupportedMediaType, fmt.Errorf("Content-Type %q: send the mission as application/yaml or application/json (with curl: -H 'Content-Type: application/yaml')", mt)
}

// missionBytes checks a body before decoding. JSON must be valid JSON; its tab
// characters (only ever whitespace in valid JSON) become spaces, since YAML does
// not allow tabs for indentation. Line numbers are unchanged.
func missionBytes(body []byte, syntax string) ([]byte, error) {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, errors.New("empty body: send a mission (YAML or JSON); GET /api/missions/default gives one to start from")
	}
	if syntax == "json" {
		var v any
		if err := json.Unmarshal(body, &v); err != nil {
			var se *json.SyntaxError
			if errors.As(err, &se) {
				line := 1 + bytes.Count(body[:min(int(se.Offset), len(body))], []byte{'\n'})
				return nil, mission.Errors{{File: "mission.json", Line: line, Msg: "not valid JSON: " + se.Error()}}
			}
			return nil, mission.Errors{{File: "mission.json", Msg: "not valid JSON: " + err.Error()}}
		}
		if _, ok := v.(map[string]any); !ok {
			return nil, mission.Errors{{File: "mission.json", Line: 1, Msg: "a mission is a JSON object ({...})"}}
		}
		if bytes.IndexByte(body, '\t') >= 0 {
			body = bytes.ReplaceAll(body, []byte{'\t'}, []byte{' '})
		}
	}
	return body, nil
}

// solved returns the plan of the request's mission: from the cache, or decoded
// with file references refused (load.FromBytes, as the CLI loads files) and
// solved with plan.Solve at the current minute, under the plan time-out. On
// error the status is in code.
func (s *Server) solved(w http.ResponseWriter, r *http.Request) (*planEntry, int, error) {
	body, syntax, code, err := readMission(w, r)
	if err != nil {
		return nil, code, err
	}
	return s.solve(r.Context(), body, syntax)
}

func (s *Server) solve(ctx context.Context, body []byte, syntax string) (*planEntry, int, error) {
	now := s.cfg.Now().Truncate(time.Minute)
	var e *planEntry
	fresh := true
	var k planKey
	if s.cache != nil {
		k = keyOf(body, syntax, now)
		e, fresh = s.cache.get(k)
	} else {
		e = newEntry()
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.PlanTimeout)
	defer cancel()
	if fresh {
		// a slot for the solve, waiting within the time-out
		select {
		case s.solves <- struct{}{}:
		case <-ctx.Done():
			e.err = ctx.Err()
			if s.cache != nil {
				s.cache.drop(e)
			}
			close(e.ready)
			return nil, statusOf(e.err, false), e.err
		}
		go s.fill(e, body, syntax, now)
	}
	select {
	case <-e.ready:
	case <-ctx.Done():
		return nil, statusOf(ctx.Err(), false), ctx.Err()
	}
	if e.err != nil {
		if errors.Is(e.err, context.DeadlineExceeded) || errors.Is(e.err, context.Canceled) {
			return nil, statusOf(e.err, false), e.err
		}
		return nil, statusOf(e.err, e.solveErr), e.err
	}
	return e, 0, nil
}

// fill decodes and solves into e, then releases the solve slot. It runs on its
// own goroutine so that a request that times out is answered at once; the solve
// is shared through the cache, so it is bounded by its own deadline (twice the
// plan time-out) rather than by one request's: a mission that would plan forever
// frees its slot and is reported as an error.
func (s *Server) fill(e *planEntry, body []byte, syntax string, now time.Time) {
	defer func() {
		if v := recover(); v != nil {
			s.logger.Printf("halo serve: panic while planning: %v\n%s", v, debug.Stack())
			e.err = fmt.Errorf("internal error while planning (logged): %v", v)
			e.solveErr = true
		}
		<-s.solves
		if e.c != nil {
			// charge the cache what the entry keeps alive, before anyone reads it
			e.c.settle(e, retained(&e.in, e.plan, e.err))
		}
		close(e.ready)
	}()
	in, err := load.FromBytes(missionName(syntax), body, "", now)
	if err != nil {
		e.err = err
		return
	}
	e.in = in
	ctx, cancel := context.WithTimeout(context.Background(), 2*s.cfg.PlanTimeout)
	defer cancel()
	// the same briefing as `halo plan`: the plan, its default odds, one verdict
	opt := brief.Defaults()
	if s.cfg.PlanOdds > 0 {
		opt.Odds = s.cfg.PlanOdds
	}
	b, err := brief.Make(ctx, in, opt)
	if err != nil {
		e.err, e.solveErr = err, true
		return
	}
	if b.Odds != nil {
		b.Odds.Landings = nil // the landing clouds are for pictures: not kept in the cache
	}
	e.plan, e.brief = b.Plan, b
}

// PlanResponse is POST /api/plan: the plan (the same JSON as `halo plan --format
// json`) and, with ?traces=1, each jumper's trajectory, the map geometry in
// metres east and north of the target, and Geometry: render.PlanGeometry, the
// one geometry every picture of the plan is drawn from, in latitude/longitude
// (and metres from the target), which the page's map draws layer by layer.
type PlanResponse struct {
	*brief.Briefing
	Traces   []Trace          `json:"traces,omitempty"`
	Map      *PlanMap         `json:"map,omitempty"`
	Geometry *render.Geometry `json:"geometry,omitempty"`
	Winds    []WindBand       `json:"winds,omitempty"`
}

// WindBand is one reported wind layer placed for the map: where the first
// jumper's path passes its altitude (the release point above the exit, the
// planned landing below the path), in WGS84 degrees.
type WindBand struct {
	AltM     float64 `json:"alt_m"` // MSL
	FromDeg  float64 `json:"from_deg"`
	SpeedMps float64 `json:"speed_mps"`
	Variable bool    `json:"variable,omitempty"`
	Lat      float64 `json:"lat"`
	Lon      float64 `json:"lon"`
}

// windBands places the plan's reported wind layers along the first jumper's
// path (g.Paths with its samples), for the map's wind arrows.
func windBands(p *plan.Plan, g *render.Geometry) []WindBand {
	if p.Env == nil || p.Env.Wind == nil || p.Env.NoWinds {
		return nil
	}
	var out []WindBand
	for _, l := range p.Env.Wind.Layers() {
		b := WindBand{AltM: r1(l.Alt), FromDeg: r1(l.FromDeg), SpeedMps: r2(l.Speed), Variable: l.Variable,
			Lat: g.ReleasePoint.Lat, Lon: g.ReleasePoint.Lon}
		if len(g.Paths) > 0 {
			pts := g.Paths[0].Points
			for k, q := range pts {
				if q.Z <= l.Alt || k == len(pts)-1 {
					b.Lat, b.Lon = q.Lat, q.Lon
					break
				}
			}
		}
		out = append(out, b)
	}
	return out
}

// Trace is one jumper's simulated trajectory every plan.TraceStep seconds.
// Samples are [t_s, e_m, n_m, z_m, speed_mps, mach]: t from the jumper's own
// exit (add ExitOffsetS for the time from the green light), e and n metres east
// and north of the target, z altitude MSL, ground speed, Mach number. LatLon is
// the same path in WGS84 degrees [lat, lon]. Phases gives the index of the first
// sample of each flight phase.
type Trace struct {
	Jumper      string        `json:"jumper"`
	Role        string        `json:"role"`
	ExitOffsetS float64       `json:"exit_offset_s"`
	Columns     []string      `json:"columns"`
	Samples     [][6]float64  `json:"samples"`
	LatLon      [][2]float64  `json:"latlon"`
	Phases      []PhaseChange `json:"phases"`
}

// PhaseChange marks where a phase starts in Trace.Samples.
type PhaseChange struct {
	Phase string `json:"phase"`
	Index int    `json:"index"`
}

// PlanMap is the plan's geometry in the target's east-north frame, metres.
type PlanMap struct {
	ReleasePoint [2]float64    `json:"release_point_enu_m"`
	JumpRun      [][2]float64  `json:"jump_run_enu_m"` // run-in start, release, last exit, turn-away
	GreenLight   [2][2]float64 `json:"green_light_enu_m"`
	Exits        [][2]float64  `json:"exits_enu_m"`    // each jumper's exit, plan order
	Landings     [][2]float64  `json:"landings_enu_m"` // each jumper's planned landing
	Airspace     []MapArea     `json:"airspace"`
}

// MapArea is an airspace polygon: rings[0] the outer boundary, the rest holes.
type MapArea struct {
	Name  string         `json:"name"`
	Rings [][][2]float64 `json:"rings_enu_m"`
}

func r1(x float64) float64 { return math.Round(x*10) / 10 }
func r2(x float64) float64 { return math.Round(x*100) / 100 }

// tracesOf builds the trajectories and map of p from its geometry
// (render.PlanGeometry), rounded: 0.1 m, 0.01 s and m/s, 1e-7 degrees.
func tracesOf(p *plan.Plan) ([]Trace, *PlanMap, error) {
	g, err := render.PlanGeometry(p)
	if err != nil {
		return nil, nil, err
	}
	en := func(q render.Point) [2]float64 { return [2]float64{r1(q.E), r1(q.N)} }
	var out []Trace
	for _, path := range g.Paths {
		t := Trace{Jumper: path.Name, Role: path.Role, ExitOffsetS: path.ExitOffsetS,
			Columns: []string{"t_s", "e_m", "n_m", "z_m", "speed_mps", "mach"},
			Samples: make([][6]float64, len(path.Points)), LatLon: make([][2]float64, len(path.Points))}
		for k, sm := range path.Points {
			t.Samples[k] = [6]float64{r2(sm.T), r1(sm.E), r1(sm.N), r1(sm.Z), r2(sm.Speed), math.Round(sm.Mach*1e4) / 1e4}
			t.LatLon[k] = [2]float64{math.Round(sm.Lat*1e7) / 1e7, math.Round(sm.Lon*1e7) / 1e7}
		}
		for _, ph := range path.Phases {
			t.Phases = append(t.Phases, PhaseChange{ph.Phase, ph.Index})
		}
		out = append(out, t)
	}
	m := &PlanMap{ReleasePoint: en(g.ReleasePoint), JumpRun: [][2]float64{},
		GreenLight: [2][2]float64{en(g.GreenLight[0]), en(g.GreenLight[1])},
		Exits:      [][2]float64{}, Landings: [][2]float64{}, Airspace: []MapArea{}}
	for _, q := range g.JumpRun {
		m.JumpRun = append(m.JumpRun, en(q))
	}
	for _, q := range g.Exits {
		m.Exits = append(m.Exits, en(q))
	}
	for _, q := range g.Landings {
		m.Landings = append(m.Landings, en(q))
	}
	for _, a := range g.Airspace {
		ma := MapArea{Name: a.Name}
		for _, ring := range a.Rings {
			rr := make([][2]float64, len(ring))
			for k, q := range ring {
				rr[k] = en(q)
			}
			ma.Rings = append(ma.Rings, rr)
		}
		m.Airspace = append(m.Airspace, ma)
	}
	return out, m, nil
}

// servedGeometry is the plan's geometry (render.PlanGeometry) as the page gets
// it: every field as PlanGeometry builds it, except each path's samples, which
// Traces already carries (rounded) in latitude/longitude.
func servedGeometry(g *render.Geometry) *render.Geometry {
	c := *g
	c.Paths = make([]render.Path, len(g.Paths))
	for i, path := range g.Paths {
		path.Points = nil
		c.Paths[i] = path
	}
	return &c
}

func wantTraces(r *http.Request) bool {
	switch strings.ToLower(r.URL.Query().Get("traces")) {
	case "1", "true", "yes":
		return true
	}
	return false
}

func (s *Server) postPlan(w http.ResponseWriter, r *http.Request) {
	e, code, err := s.solved(w, r)
	if err != nil {
		s.answerErr(w, r, code, err)
		return
	}
	variant, traces := "plan", wantTraces(r)
	if traces {
		variant = "plan+traces"
	}
	b, err := e.encoded(variant, func() ([]byte, error) {
		resp := PlanResponse{Briefing: e.brief}
		if traces {
			var err error
			if resp.Traces, resp.Map, err = tracesOf(e.plan); err != nil {
				return nil, err
			}
			var g *render.Geometry
			if g, err = render.PlanGeometry(e.plan); err != nil {
				return nil, err
			}
			resp.Geometry, resp.Winds = servedGeometry(g), windBands(e.plan, g)
		}
		return marshalJSON(resp)
	})
	if err != nil {
		writeError(w, http.StatusInternalServerError, "encoding the plan: "+err.Error())
		return
	}
	w.Header().Set("X-Halo-Verdict", e.plan.Verdict)
	writeRaw(w, http.StatusOK, b)
}

// answerErr writes err with code (from solved) and its located problems.
func (s *Server) answerErr(w http.ResponseWriter, r *http.Request, code int, err error) {
	if code == 0 {
		code = http.StatusBadRequest
	}
	body := ErrorBody{Error: err.Error()}
	var me mission.Errors
	if errors.As(err, &me) {
		for _, fe := range me {
			body.Errors = append(body.Errors, FieldError{File: fe.File, Line: fe.Line, Path: fe.Path, Msg: fe.Msg})
		}
	}
	switch code {
	case http.StatusGatewayTimeout:
		body.Error = fmt.Sprintf("the plan took longer than %s; the server is busy or the mission is too hard: try again, or simplify it (fewer jumpers, no haho)", s.cfg.PlanTimeout)
	case 499:
		return // the client has gone
	}
	writeJSON(w, code, body)
}

func (s *Server) postSim(w http.ResponseWriter, r *http.Request) {
	e, code, err := s.solved(w, r)
	if err != nil {
		s.answerErr(w, r, code, err)
		return
	}
	rep, err := render.Sim(e.plan, r.URL.Query().Get("jumper"))
	if err != nil {
		writeError(w, http.StatusNotFound, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, rep)
}

// PhysioResponse is POST /api/physio: one jumper's assessment (the same JSON as
// `halo physio --json`), the first jumper unless ?jumper=NAME.
type PhysioResponse = render.PhysioJSON

func (s *Server) postPhysio(w http.ResponseWriter, r *http.Request) {
	e, code, err := s.solved(w, r)
	if err != nil {
		s.answerErr(w, r, code, err)
		return
	}
	rep, err := render.Physio(e.plan, r.URL.Query().Get("jumper"))
	if err != nil {
		writeError(w, http.StatusNotFound, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, rep)
}

func (s *Server) getDefaultMission(w http.ResponseWriter, r *http.Request) {
	b, err := mission.Builtin("fallout")
	if err != nil {
		writeError(w, http.StatusInternalServerError, err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	w.Write(b)
}
