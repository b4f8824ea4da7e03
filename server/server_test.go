package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goccy/go-yaml"

	"halo/brief"
	"halo/load"
	"halo/mission"
	"halo/plan"
	"halo/render"
	"halo/store/sqlite"

	"halo/internal/testdata"
)

const testToken = "s3cret-test-token"

// fixedNow is the planning time of the tests (the minute the server plans at).
var fixedNow = time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(testdata.Path(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// newTest starts a server with a SQLite log in a temporary directory. mod
// changes the configuration before New.
func newTest(t testing.TB, mod func(*Config)) (*Server, *httptest.Server) {
	t.Helper()
	l, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "log.db"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := Config{Token: testToken, OpenReads: true, Log: l, Now: func() time.Time { return fixedNow },
		Logger: log.New(io.Discard, "", 0)}
	if mod != nil {
		mod(&cfg)
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(func() { ts.Close(); s.Close(); l.Close() })
	return s, ts
}

type reply struct {
	code int
	h    http.Header
	body []byte
}

func (r reply) json(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("answer is not JSON (%v): %.300s", err, r.body)
	}
}

func (r reply) errBody(t testing.TB) ErrorBody {
	t.Helper()
	var e ErrorBody
	r.json(t, &e)
	if e.Error == "" {
		t.Fatalf("error answer without a message: %s", r.body)
	}
	return e
}

func do(t testing.TB, method, url string, body []byte, hdr ...string) reply {
	t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return reply{res.StatusCode, res.Header, b}
}

func wantCode(t testing.TB, r reply, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("status %d, want %d: %.600s", r.code, code, r.body)
	}
}

var yamlCT = []string{"Content-Type", "application/yaml"}

// cliPlanJSON is what `halo plan --format json` prints for the mission at the
// tests' planning time: the same load + solve + render path.
func cliPlanJSON(t testing.TB, name string, data []byte) map[string]any {
	t.Helper()
	in, err := load.FromBytes(name, data, "", fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	p, err := brief.Make(context.Background(), in, brief.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := render.JSON(&buf, p); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(buf.Bytes(), &m); err != nil {
		t.Fatal(err)
	}
	stripTimes(m)
	return m
}

// stripTimes drops what depends on the clock and the machine: the solve time and
// the odds' elapsed time, rate and worker count (the odds themselves do not
// depend on the workers).
func stripTimes(m map[string]any) {
	delete(m, "solve_time_s")
	if o, ok := m["odds"].(map[string]any); ok {
		delete(o, "elapsed_s")
		delete(o, "jumps_per_s")
		delete(o, "workers")
	}
}

func TestPlanSameAsCLI(t *testing.T) {
	s, ts := newTest(t, nil)
	y := readTestdata(t, "fallout.yaml")
	r := do(t, "POST", ts.URL+"/api/plan", y, yamlCT...)
	wantCode(t, r, 200)
	var got map[string]any
	r.json(t, &got)
	stripTimes(got)
	want := cliPlanJSON(t, "mission.yaml", y)
	gb, _ := json.Marshal(got)
	wb, _ := json.Marshal(want)
	if !bytes.Equal(gb, wb) {
		t.Errorf("the server's plan differs from the CLI's JSON\nserver: %.400s\ncli:    %.400s", gb, wb)
	}
	if v := r.h.Get("X-Halo-Verdict"); v != want["verdict"] {
		t.Errorf("X-Halo-Verdict %q, want %q", v, want["verdict"])
	}
	if _, ok := got["traces"]; ok {
		t.Error("traces without ?traces=1")
	}
	// the second request is a cache hit and answers the same bytes
	r2 := do(t, "POST", ts.URL+"/api/plan", y, yamlCT...)
	wantCode(t, r2, 200)
	if !bytes.Equal(r.body, r2.body) {
		t.Error("cached answer differs from the first")
	}
	if hits, misses := s.cache.stats(); hits != 1 || misses != 1 {
		t.Errorf("cache hits %d misses %d, want 1 and 1", hits, misses)
	}
}

func TestPlanTraces(t *testing.T) {
	_, ts := newTest(t, nil)
	r := do(t, "POST", ts.URL+"/api/plan?traces=1", readTestdata(t, "fallout.yaml"), yamlCT...)
	wantCode(t, r, 200)
	var p struct {
		Jumpers      []plan.JumperPlan `json:"jumpers"`
		ReleasePoint plan.ReleasePoint `json:"release_point"`
		Traces       []Trace           `json:"traces"`
		Map          *PlanMap          `json:"map"`
	}
	r.json(t, &p)
	if len(p.Traces) != len(p.Jumpers) || len(p.Traces) != 2 {
		t.Fatalf("%d traces for %d jumpers", len(p.Traces), len(p.Jumpers))
	}
	for i, tr := range p.Traces {
		if tr.Jumper != p.Jumpers[i].Name || len(tr.Samples) < 100 || len(tr.LatLon) != len(tr.Samples) {
			t.Errorf("trace %d: jumper %q, %d samples, %d lat/lon", i, tr.Jumper, len(tr.Samples), len(tr.LatLon))
			continue
		}
		first, last := tr.Samples[0], tr.Samples[len(tr.Samples)-1]
		// starts at the exit altitude (25,000 ft = 7620 m), ends on the ground (60 m)
		if first[3] < 7600 || first[3] > 7640 || last[3] > 61 || last[3] < 59 {
			t.Errorf("trace %d: altitude %.1f .. %.1f m, want 7620 .. 60", i, first[3], last[3])
		}
		if len(tr.Phases) < 3 || tr.Phases[0].Phase != "freefall" {
			t.Errorf("trace %d: phases %v", i, tr.Phases)
		}
	}
	if p.Map == nil {
		t.Fatal("no map")
	}
	if d := p.Map.ReleasePoint[0] - p.ReleasePoint.EM; d*d > 0.01 {
		t.Errorf("map release point e %.1f, plan %.1f", p.Map.ReleasePoint[0], p.ReleasePoint.EM)
	}
	if len(p.Map.JumpRun) != 4 {
		t.Errorf("jump run has %d points, want 4", len(p.Map.JumpRun))
	}
}

// yamlToJSON turns the mission into JSON, as a web client would send it.
func yamlToJSON(t testing.TB, y []byte) []byte {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(y, &v); err != nil {
		t.Fatal(err)
	}
	b, err := json.MarshalIndent(v, "", "\t")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestPlanJSONMission(t *testing.T) {
	_, ts := newTest(t, nil)
	y := readTestdata(t, "fallout.yaml")
	j := yamlToJSON(t, y)
	ry := do(t, "POST", ts.URL+"/api/plan", y, yamlCT...)
	rj := do(t, "POST", ts.URL+"/api/plan", j, "Content-Type", "application/json")
	wantCode(t, ry, 200)
	wantCode(t, rj, 200)
	var py, pj plan.Plan
	ry.json(t, &py)
	rj.json(t, &pj)
	if py.ReleasePoint != pj.ReleasePoint || py.Verdict != pj.Verdict {
		t.Errorf("JSON mission planned differently: %+v %s vs %+v %s", pj.ReleasePoint, pj.Verdict, py.ReleasePoint, py.Verdict)
	}
	// compact JSON too
	var v any
	json.Unmarshal(j, &v)
	compact, _ := json.Marshal(v)
	wantCode(t, do(t, "POST", ts.URL+"/api/plan", compact, "Content-Type", "application/json"), 200)
}

func TestPlanBadMission(t *testing.T) {
	_, ts := newTest(t, nil)
	bad := readTestdata(t, "bad.yaml")
	r := do(t, "POST", ts.URL+"/api/plan", bad, yamlCT...)
	wantCode(t, r, 400)
	e := r.errBody(t)
	_, err := mission.Decode("mission.yaml", bad)
	me, ok := err.(mission.Errors)
	if !ok {
		t.Fatalf("decoder error %T", err)
	}
	if len(e.Errors) != len(me) || len(me) < 10 {
		t.Fatalf("%d errors in the answer, the decoder finds %d", len(e.Errors), len(me))
	}
	for i, fe := range e.Errors {
		if fe.File != me[i].File || fe.Line != me[i].Line || fe.Path != me[i].Path || fe.Msg != me[i].Msg {
			t.Errorf("error %d: %+v, decoder %+v", i, fe, me[i])
		}
		if fe.Line <= 0 {
			t.Errorf("error %d has no line: %+v", i, fe)
		}
	}
	if e.Error != me.Error() {
		t.Errorf("message differs from the CLI's:\n%s\n%s", e.Error, me.Error())
	}
}

func TestPlanRequestErrors(t *testing.T) {
	_, ts := newTest(t, nil)
	y := readTestdata(t, "fallout.yaml")
	// a mission whose aircraft is stopped by the wind: decodes, cannot be flown
	unfly := strings.NewReplacer("heading: auto ", "heading: 90 deg ",
		"{altitude: 24000 ft, from: 270 deg, speed: 48 kt", "{altitude: 24000 ft, from: 90 deg, speed: 71.5264 m/s",
		"{altitude: 30000 ft, from: 268 deg, speed: 58 kt", "{altitude: 30000 ft, from: 90 deg, speed: 71.5264 m/s").Replace(string(y))
	ys := string(y)
	fileRef := ys[:strings.Index(ys, "winds:")] + "winds:\n  file: winds.txt\n" + ys[strings.Index(ys, "jumpers:"):]
	big := append(bytes.Repeat([]byte("# padding\n"), MaxMissionBytes/10), y...)
	for _, c := range []struct {
		name, ct string
		body     []byte
		code     int
		msg      string
	}{
		{"empty", "application/yaml", nil, 400, "empty body"},
		{"blank", "application/yaml", []byte("  \n\n"), 400, "empty body"},
		{"too large", "application/yaml", big, 413, "larger than"},
		{"content type", "image/png", y, 415, "Content-Type"},
		{"bad content type", "a/b/c;;", y, 415, "Content-Type"},
		{"file reference", "application/yaml", []byte(fileRef), 400, "file references are not allowed"},
		{"text/yaml", "text/yaml", y, 415, "application/yaml"},
		{"no content type", "", y, 415, "Content-Type"},
		{"not YAML", "application/yaml", []byte("name: [unclosed\n"), 400, "not valid YAML"},
		{"not a mapping", "application/yaml", []byte("- 1\n- 2\n"), 400, ""},
		{"bad JSON", "application/json", []byte("{\n\"name\": \"x\",\n}"), 400, "not valid JSON"},
		{"JSON array", "application/json", []byte("[1,2]"), 400, "JSON object"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := do(t, "POST", ts.URL+"/api/plan", c.body, "Content-Type", c.ct)
			wantCode(t, r, c.code)
			e := r.errBody(t)
			if !strings.Contains(e.Error, c.msg) {
				t.Errorf("message %q does not say %q", e.Error, c.msg)
			}
		})
	}
	// an aircraft stopped by the wind is a plan, NO-GO with the reason (it was a
	// 422 with no plan): the input decodes and every value is in range
	r := do(t, "POST", ts.URL+"/api/plan", []byte(unfly), "Content-Type", "application/yaml")
	wantCode(t, r, 200)
	if v := r.h.Get("X-Halo-Verdict"); v != "NO-GO" || !strings.Contains(string(r.body), "jump run ground speed") {
		t.Errorf("stopped aircraft: verdict %q, body %.300s", v, r.body)
	}
	// the JSON syntax error is located on its line
	r = do(t, "POST", ts.URL+"/api/plan", []byte("{\n\"name\": \"x\",\n}"), "Content-Type", "application/json")
	if e := r.errBody(t); len(e.Errors) != 1 || e.Errors[0].Line != 3 {
		t.Errorf("bad JSON located at %+v, want line 3", e.Errors)
	}
}

func TestPlanTimeout(t *testing.T) {
	_, ts := newTest(t, func(c *Config) { c.PlanTimeout = time.Millisecond; c.CacheSize = -1 })
	// a HAHO comparison makes the solve take far longer than the 1 ms time-out even
	// on a loaded machine, where timers fire late
	y := append(readTestdata(t, "fallout.yaml"), []byte("\nhaho: {open_at: 20000 ft}\n")...)
	r := do(t, "POST", ts.URL+"/api/plan", y, yamlCT...)
	wantCode(t, r, 504)
	if e := r.errBody(t); !strings.Contains(e.Error, "longer than") {
		t.Errorf("message %q", e.Error)
	}
}

func TestMethodsAndNotFound(t *testing.T) {
	_, ts := newTest(t, nil)
	r := do(t, "DELETE", ts.URL+"/api/plan", nil)
	wantCode(t, r, 405)
	if r.h.Get("Allow") == "" || !strings.Contains(r.errBody(t).Error, "not allowed") {
		t.Errorf("405 without Allow or message: %v %s", r.h, r.body)
	}
	wantCode(t, do(t, "GET", ts.URL+"/api/plan", nil), 405)
	wantCode(t, do(t, "GET", ts.URL+"/api/nothing", nil), 404)
	do(t, "GET", ts.URL+"/api/nothing", nil).errBody(t)
	wantCode(t, do(t, "GET", ts.URL+"/nothing.html", nil), 404)
	wantCode(t, do(t, "POST", ts.URL+"/", nil), 405)
}

func TestSim(t *testing.T) {
	_, ts := newTest(t, nil)
	y := readTestdata(t, "fallout.yaml")
	r := do(t, "POST", ts.URL+"/api/sim", y, yamlCT...)
	wantCode(t, r, 200)
	var rep render.SimReport
	r.json(t, &rep)
	if len(rep.Jumpers) != 2 || rep.Jumpers[0].FreefallS < 60 || rep.Jumpers[0].FreefallS > 180 {
		t.Errorf("sim report %+v", rep)
	}
	r = do(t, "POST", ts.URL+"/api/sim?jumper=camera", y, yamlCT...)
	wantCode(t, r, 200)
	r.json(t, &rep)
	if len(rep.Jumpers) != 1 || rep.Jumpers[0].Name != "camera" {
		t.Errorf("?jumper=camera gave %+v", rep.Jumpers)
	}
	wantCode(t, do(t, "POST", ts.URL+"/api/sim?jumper=nobody", y, yamlCT...), 404)
	wantCode(t, do(t, "POST", ts.URL+"/api/sim", readTestdata(t, "bad.yaml"), yamlCT...), 400)
}

func TestPhysio(t *testing.T) {
	_, ts := newTest(t, nil)
	y := readTestdata(t, "fallout.yaml")
	r := do(t, "POST", ts.URL+"/api/physio", y, yamlCT...)
	wantCode(t, r, 200)
	var m map[string]any
	r.json(t, &m)
	if m["jumper"] != "talent" || m["tr360_peak"] == nil || m["dcs_risk"] == nil || m["prebreathe_table"] == nil {
		t.Errorf("physio answer lacks the CLI's fields: %.300s", r.body)
	}
	r = do(t, "POST", ts.URL+"/api/physio?jumper=camera", y, yamlCT...)
	r.json(t, &m)
	if m["jumper"] != "camera" {
		t.Errorf("jumper %v", m["jumper"])
	}
	wantCode(t, do(t, "POST", ts.URL+"/api/physio?jumper=nobody", y, yamlCT...), 404)
}

func TestDefaultMissionAndPage(t *testing.T) {
	_, ts := newTest(t, nil)
	r := do(t, "GET", ts.URL+"/api/missions/default", nil)
	wantCode(t, r, 200)
	want, _ := mission.Builtin("fallout")
	if !bytes.Equal(r.body, want) || !strings.HasPrefix(r.h.Get("Content-Type"), "application/yaml") {
		t.Errorf("default mission differs from the embedded one (%s)", r.h.Get("Content-Type"))
	}
	r = do(t, "GET", ts.URL+"/", nil)
	wantCode(t, r, 200)
	for _, id := range []string{`id="verdict"`, `id="map"`, `id="checks"`, `id="mission"`, "/assets/app.js"} {
		if !bytes.Contains(r.body, []byte(id)) {
			t.Errorf("page lacks %s", id)
		}
	}
	for _, a := range []string{"/assets/app.js", "/assets/style.css"} {
		r = do(t, "GET", ts.URL+a, nil)
		wantCode(t, r, 200)
		if len(r.body) < 500 {
			t.Errorf("%s is %d bytes", a, len(r.body))
		}
	}
	var cfg ConfigInfo
	r = do(t, "GET", ts.URL+"/api/config", nil)
	wantCode(t, r, 200)
	r.json(t, &cfg)
	if !cfg.OpenReads || !cfg.Writable || !cfg.Log || cfg.MaxMCN != DefaultMaxMCN {
		t.Errorf("config %+v", cfg)
	}
}

// TestOpenAPI checks that the description is OpenAPI 3 and names exactly the
// routes the server has.
func TestOpenAPI(t *testing.T) {
	s, ts := newTest(t, nil)
	r := do(t, "GET", ts.URL+"/api", nil)
	wantCode(t, r, 200)
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	r.json(t, &doc)
	// the statuses every request may get from the Host, Origin and body-type checks
	var statuses struct {
		Paths map[string]map[string]struct {
			Responses map[string]any `json:"responses"`
		} `json:"paths"`
		Components struct {
			Headers map[string]any `json:"headers"`
		} `json:"components"`
	}
	r.json(t, &statuses)
	for p, ops := range statuses.Paths {
		for m, op := range ops {
			want := []string{"421", "403"}
			if m == "post" {
				want = append(want, "415")
			}
			for _, code := range want {
				if op.Responses[code] == nil {
					t.Errorf("%s %s: no %s in the description", m, p, code)
				}
			}
		}
	}
	for _, h := range []string{"Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"} {
		if statuses.Components.Headers[h] == nil {
			t.Errorf("the description does not describe the %s header", h)
		}
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Errorf("openapi %q", doc.OpenAPI)
	}
	described := map[string]bool{}
	for p, ops := range doc.Paths {
		for m := range ops {
			described[strings.ToUpper(m)+" "+p] = true
		}
	}
	routes := []string{"GET /api", "GET /api/config", "GET /api/mgrs", "GET /api/missions/default", "POST /api/plan", "POST /api/sim", "POST /api/physio",
		"POST /api/mc", "GET /api/mc/{id}", "DELETE /api/mc/{id}", "GET /api/mc/{id}/events", "POST /api/debrief",
		"GET /api/log", "POST /api/log", "GET /api/log/stats", "GET /api/log/{id}"}
	for _, rt := range routes {
		if !described[rt] {
			t.Errorf("route %s is not in the OpenAPI description", rt)
		}
		delete(described, rt)
		method, path, _ := strings.Cut(rt, " ")
		req := httptest.NewRequest(method, strings.ReplaceAll(path, "{id}", "1"), nil)
		if _, pat := s.mux.Handler(req); pat == "" {
			t.Errorf("route %s is described but not served", rt)
		}
	}
	for d := range described {
		t.Errorf("the description has %s, which the test does not know", d)
	}
}

func TestRecover(t *testing.T) {
	s, _ := newTest(t, nil)
	h := s.recoverer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != 500 || !strings.Contains(rec.Body.String(), `"error"`) {
		t.Errorf("panic answered %d %s", rec.Code, rec.Body)
	}
}

// TestMarshalNaN: an answer holding NaN or an infinity (which encoding/json
// refuses) is written with those numbers as null, through internal/jsonnan
// (whose own tests cover the struct rules), ending with a newline like the
// encoding/json path.
func TestMarshalNaN(t *testing.T) {
	nan := func() float64 { var z float64; return z / z }()
	for _, c := range []struct {
		v    any
		want string
	}{
		{map[string]any{"b": []float64{1, nan}, "a": 2.5}, `{"a":2.5,"b":[1,null]}`},
		{map[string]float64{"k": 1}, `{"k":1}`},
	} {
		b, err := marshalJSON(c.v)
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != c.want+"\n" {
			t.Errorf("got  %s\nwant %s", b, c.want)
		}
	}
}

// ---------- Monte Carlo ----------

func startMC(t *testing.T, ts *httptest.Server, q string) MCStarted {
	t.Helper()
	r := do(t, "POST", ts.URL+"/api/mc?"+q, readTestdata(t, "fallout.yaml"), yamlCT...)
	wantCode(t, r, 202)
	var st MCStarted
	r.json(t, &st)
	if st.ID == "" || r.h.Get("Location") != "/api/mc/"+st.ID {
		t.Fatalf("started %+v, Location %q", st, r.h.Get("Location"))
	}
	return st
}

func waitMC(t *testing.T, ts *httptest.Server, id string) MCStatus {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		r := do(t, "GET", ts.URL+"/api/mc/"+id, nil)
		wantCode(t, r, 200)
		var st MCStatus
		r.json(t, &st)
		if st.Status != JobRunning && st.Status != JobQueued {
			return st
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("Monte Carlo job did not finish in 60 s")
	return MCStatus{}
}

func TestMC(t *testing.T) {
	_, ts := newTest(t, func(c *Config) { c.MaxMCN = 5000 })
	st := startMC(t, ts, "n=300&seed=7")
	got := waitMC(t, ts, st.ID)
	if got.Status != JobDone || got.Result == nil || got.Result.N != 300 || got.Done != 300 || got.Total != 300 {
		t.Fatalf("job ended %+v", got)
	}
	if len(got.Landings) != 2 || len(got.Landings[0]) != 300 {
		t.Errorf("landings: %d jumpers", len(got.Landings))
	}
	if p := got.Result.Overall.PInTarget; p < 0 || p > 1 {
		t.Errorf("p_in_target %v", p)
	}
	// the same seed gives the same numbers
	got2 := waitMC(t, ts, startMC(t, ts, "n=300&seed=7").ID)
	if got2.Result.Overall.CEPM != got.Result.Overall.CEPM {
		t.Errorf("seed 7 twice: CEP %v and %v", got.Result.Overall.CEPM, got2.Result.Overall.CEPM)
	}
	// ?landings=0
	r := do(t, "GET", ts.URL+"/api/mc/"+st.ID+"?landings=0", nil)
	if bytes.Contains(r.body, []byte(`"landings"`)) {
		t.Error("landings=0 still sends them")
	}
	for _, q := range []string{"n=0", "n=5001", "n=abc", "seed=-1", "workers=1000"} {
		r := do(t, "POST", ts.URL+"/api/mc?"+q, readTestdata(t, "fallout.yaml"), yamlCT...)
		wantCode(t, r, 400)
		if q == "n=5001" && !strings.Contains(r.errBody(t).Error, "cap") {
			t.Errorf("n above the cap: %s", r.body)
		}
	}
	wantCode(t, do(t, "POST", ts.URL+"/api/mc", readTestdata(t, "bad.yaml"), yamlCT...), 400)
	wantCode(t, do(t, "GET", ts.URL+"/api/mc/nope", nil), 404)
	wantCode(t, do(t, "DELETE", ts.URL+"/api/mc/nope", nil), 404)
	wantCode(t, do(t, "GET", ts.URL+"/api/mc/nope/events", nil), 404)
}

func TestMCEventsAndCancel(t *testing.T) {
	_, ts := newTest(t, func(c *Config) { c.RunningJobs = 1 })
	st := startMC(t, ts, "n=200000&workers=1")
	// a second job while one runs: 429
	r := do(t, "POST", ts.URL+"/api/mc?n=10", readTestdata(t, "fallout.yaml"), yamlCT...)
	wantCode(t, r, 429)
	if r.h.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
	// the event stream reports progress; cancel while reading it
	res, err := http.Get(ts.URL + st.Events)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events Content-Type %q", ct)
	}
	sc := bufio.NewScanner(res.Body)
	var events []string
	cancelled := false
	var end MCStatus
	for sc.Scan() {
		line := sc.Text()
		if ev, ok := strings.CutPrefix(line, "event: "); ok {
			events = append(events, ev)
			if ev == "progress" && !cancelled && len(events) >= 2 {
				cancelled = true
				wantCode(t, do(t, "DELETE", ts.URL+"/api/mc/"+st.ID, nil), 200)
			}
		}
		if d, ok := strings.CutPrefix(line, "data: "); ok && events[len(events)-1] == "end" {
			if err := json.Unmarshal([]byte(d), &end); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(events) < 3 || events[0] != "progress" || events[len(events)-1] != "end" {
		t.Errorf("events %v", events)
	}
	if end.Status != JobCancelled || end.Done >= end.Total {
		t.Errorf("end event %+v, want cancelled before the end", end)
	}
	if got := waitMC(t, ts, st.ID); got.Status != JobCancelled || got.Result != nil {
		t.Errorf("after DELETE: %+v", got)
	}
	// the slot is free again
	waitMC(t, ts, startMC(t, ts, "n=10").ID)
}

// ---------- debrief ----------

func multipartBody(t testing.TB, parts map[string][]byte, files map[string]string) ([]byte, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range parts {
		if fn, ok := files[k]; ok {
			w, _ := mw.CreateFormFile(k, fn)
			w.Write(v)
		} else {
			mw.WriteField(k, string(v))
		}
	}
	mw.Close()
	return buf.Bytes(), mw.FormDataContentType()
}

func TestDebrief(t *testing.T) {
	_, ts := newTest(t, nil)
	tr := readTestdata(t, "richo-08-22-35.CSV")
	y := readTestdata(t, "fallout.yaml")
	body, ct := multipartBody(t, map[string][]byte{"track": tr, "mission": y, "jumper": []byte("talent")},
		map[string]string{"track": "08-22-35.CSV", "mission": "fallout.yaml"})
	r := do(t, "POST", ts.URL+"/api/debrief", body, "Content-Type", ct)
	wantCode(t, r, 200)
	var d struct {
		Report map[string]any `json:"report"`
		Track  DebriefTrack   `json:"track"`
	}
	r.json(t, &d)
	if d.Report["format"] != "FlySight 1" || d.Report["jumper"] != "talent" || d.Report["elsewhere"] == nil {
		t.Errorf("report: format %v jumper %v elsewhere %v", d.Report["format"], d.Report["jumper"], d.Report["elsewhere"])
	}
	if ff, _ := d.Report["freefall_s"].(float64); ff < 40 || ff > 60 {
		t.Errorf("free fall %v s; the track's is about 50 s", d.Report["freefall_s"])
	}
	if d.Track.Frame != "target" || len(d.Track.Samples) < 1000 || d.Track.DistanceM == nil || *d.Track.DistanceM < 1e6 {
		t.Errorf("track: frame %q, %d samples, distance %v", d.Track.Frame, len(d.Track.Samples), d.Track.DistanceM)
	}
	// without a mission: the track alone, drawn around its end
	body, ct = multipartBody(t, map[string][]byte{"track": tr}, map[string]string{"track": "08-22-35.CSV"})
	r = do(t, "POST", ts.URL+"/api/debrief", body, "Content-Type", ct)
	wantCode(t, r, 200)
	d.Track = DebriefTrack{}
	r.json(t, &d)
	if d.Track.Frame != "track end" || d.Track.DistanceM != nil {
		t.Errorf("track alone: frame %q", d.Track.Frame)
	}
	last := d.Track.Samples[len(d.Track.Samples)-1]
	if last[1]*last[1]+last[2]*last[2] > 1 {
		t.Errorf("track alone does not end at its frame's origin: %v", last)
	}
	for _, c := range []struct {
		name  string
		parts map[string][]byte
		code  int
	}{
		{"no track", map[string][]byte{"mission": y}, 400},
		{"garbage track", map[string][]byte{"track": []byte("this is not a track\n1,2,3\n")}, 400},
		{"bad mission", map[string][]byte{"track": tr, "mission": readTestdata(t, "bad.yaml")}, 400},
		{"unknown field", map[string][]byte{"track": tr, "colour": []byte("red")}, 400},
	} {
		t.Run(c.name, func(t *testing.T) {
			body, ct := multipartBody(t, c.parts, map[string]string{"track": "t.csv"})
			r := do(t, "POST", ts.URL+"/api/debrief", body, "Content-Type", ct)
			wantCode(t, r, c.code)
			r.errBody(t)
		})
	}
	wantCode(t, do(t, "POST", ts.URL+"/api/debrief", tr, "Content-Type", "text/csv"), 415)
	wantCode(t, do(t, "POST", ts.URL+"/api/debrief", y, "Content-Type", "application/yaml"), 415)
	huge, ct := multipartBody(t, map[string][]byte{"track": bytes.Repeat([]byte("x"), MaxTrackBytes+1)}, map[string]string{"track": "big.csv"})
	wantCode(t, do(t, "POST", ts.URL+"/api/debrief", huge, "Content-Type", ct), 413)
}

// ---------- the jump log and auth ----------

func attemptJSON(t testing.TB, extra map[string]any) []byte {
	a := map[string]any{"date": "2026-11-25T14:51:00+04:00", "outcome": "success",
		"jumpers": []map[string]any{{"name": "talent", "role": "talent", "result": map[string]any{"landing_error_m": 12.5, "freefall_s": 121.0, "planned_freefall_s": 118.0}}}}
	for k, v := range extra {
		a[k] = v
	}
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestLog(t *testing.T) {
	_, ts := newTest(t, nil)
	auth := []string{"Authorization", "Bearer " + testToken, "Content-Type", "application/json"}
	r := do(t, "GET", ts.URL+"/api/log", nil)
	wantCode(t, r, 200)
	if !bytes.Contains(r.body, []byte(`"attempts":[]`)) {
		t.Errorf("empty log: %s", r.body)
	}
	body := attemptJSON(t, map[string]any{"mission_yaml": string(readTestdata(t, "fallout.yaml"))})
	// writes need the token
	jsonCT := []string{"Content-Type", "application/json"}
	wantCode(t, do(t, "POST", ts.URL+"/api/log", body, jsonCT...), 401)
	wantCode(t, do(t, "POST", ts.URL+"/api/log", body, "Authorization", "Bearer wrong", "Content-Type", "application/json"), 401)
	wantCode(t, do(t, "POST", ts.URL+"/api/log", body, "Authorization", testToken, "Content-Type", "application/json"), 401)
	r = do(t, "POST", ts.URL+"/api/log", body, auth...)
	wantCode(t, r, 201)
	var a struct {
		ID             int64  `json:"id"`
		Mission        string `json:"mission"`
		MissionVersion int    `json:"mission_version"`
	}
	r.json(t, &a)
	if a.ID <= 0 || a.Mission != "fallout" || a.MissionVersion != 1 || r.h.Get("Location") != fmt.Sprintf("/api/log/%d", a.ID) {
		t.Errorf("stored %+v, Location %q", a, r.h.Get("Location"))
	}
	// a second attempt at the same mission by name; the same text is the same version
	wantCode(t, do(t, "POST", ts.URL+"/api/log", attemptJSON(t, map[string]any{"mission": "fallout", "date": "2026-11-26T14:51:00+04:00"}), auth...), 201)
	wantCode(t, do(t, "POST", ts.URL+"/api/log", attemptJSON(t, map[string]any{"mission_yaml": string(readTestdata(t, "fallout.yaml")), "date": "2026-11-27T14:51:00+04:00"}), auth...), 201)
	r = do(t, "GET", ts.URL+"/api/log?mission=fallout", nil)
	wantCode(t, r, 200)
	var list struct {
		Attempts []struct {
			ID             int64 `json:"id"`
			MissionVersion int   `json:"mission_version"`
		} `json:"attempts"`
	}
	r.json(t, &list)
	if len(list.Attempts) != 3 || list.Attempts[2].MissionVersion != 1 {
		t.Errorf("list %+v", list)
	}
	wantCode(t, do(t, "GET", fmt.Sprintf("%s/api/log/%d", ts.URL, a.ID), nil), 200)
	wantCode(t, do(t, "GET", ts.URL+"/api/log/999", nil), 404)
	wantCode(t, do(t, "GET", ts.URL+"/api/log/abc", nil), 404)
	r = do(t, "GET", ts.URL+"/api/log/stats?mission=fallout", nil)
	wantCode(t, r, 200)
	var st struct {
		Attempts int `json:"attempts"`
		Points   []struct {
			LandingErrorM *float64 `json:"landing_error_m"`
		} `json:"points"`
		Trends []struct{ Metric string } `json:"trends"`
	}
	r.json(t, &st)
	if st.Attempts != 3 || len(st.Points) != 3 || st.Points[0].LandingErrorM == nil || *st.Points[0].LandingErrorM != 12.5 || len(st.Trends) == 0 {
		t.Errorf("stats %s", r.body)
	}
	for _, c := range []struct {
		name string
		body []byte
		code int
		msg  string
	}{
		{"not JSON", []byte("{"), 400, "not valid JSON"},
		{"unknown field", attemptJSON(t, map[string]any{"mission": "fallout", "colour": "red"}), 400, "colour"},
		{"bad outcome", attemptJSON(t, map[string]any{"mission": "fallout", "outcome": "meh"}), 400, "outcome"},
		{"no mission", attemptJSON(t, nil), 400, "no mission"},
		{"unknown mission", attemptJSON(t, map[string]any{"mission": "nope"}), 400, "not found"},
		{"bad mission yaml", attemptJSON(t, map[string]any{"mission_yaml": string(readTestdata(t, "bad.yaml"))}), 400, "mission_yaml:"},
		{"names disagree", attemptJSON(t, map[string]any{"mission": "x", "mission_yaml": string(readTestdata(t, "fallout.yaml"))}), 400, "agree"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := do(t, "POST", ts.URL+"/api/log", c.body, auth...)
			wantCode(t, r, c.code)
			if e := r.errBody(t); !strings.Contains(e.Error, c.msg) {
				t.Errorf("message %q does not say %q", e.Error, c.msg)
			}
		})
	}
	wantCode(t, do(t, "GET", ts.URL+"/api/log?outcome=meh", nil), 400)
	wantCode(t, do(t, "GET", ts.URL+"/api/log?from=yesterday", nil), 400)
	wantCode(t, do(t, "GET", ts.URL+"/api/log?limit=-1", nil), 400)
	// nothing was stored by the refused requests
	r = do(t, "GET", ts.URL+"/api/log", nil)
	r.json(t, &list)
	if len(list.Attempts) != 3 {
		t.Errorf("%d attempts after refused writes, want 3", len(list.Attempts))
	}
}

func TestAuthModes(t *testing.T) {
	y := readTestdata(t, "fallout.yaml")
	// no token configured: writes are disabled (403), reads open
	_, ts := newTest(t, func(c *Config) { c.Token = "" })
	wantCode(t, do(t, "POST", ts.URL+"/api/log", attemptJSON(t, map[string]any{"mission": "fallout"}), "Authorization", "Bearer x", "Content-Type", "application/json"), 403)
	wantCode(t, do(t, "GET", ts.URL+"/api/log", nil), 200)
	// closed reads: every /api call but the description and config needs the token
	_, ts = newTest(t, func(c *Config) { c.OpenReads = false })
	auth := []string{"Authorization", "Bearer " + testToken}
	for _, c := range []struct{ method, path string }{{"GET", "/api/log"}, {"GET", "/api/log/stats"}, {"GET", "/api/log/1"},
		{"POST", "/api/plan"}, {"POST", "/api/sim"}, {"POST", "/api/physio"}, {"POST", "/api/mc"}, {"GET", "/api/mc/x"},
		{"DELETE", "/api/mc/x"}, {"GET", "/api/mc/x/events"}, {"POST", "/api/debrief"}, {"GET", "/api/missions/default"}} {
		r := do(t, c.method, ts.URL+c.path, y, yamlCT...)
		wantCode(t, r, 401)
		if r.h.Get("WWW-Authenticate") == "" {
			t.Errorf("%s %s: 401 without WWW-Authenticate", c.method, c.path)
		}
	}
	wantCode(t, do(t, "POST", ts.URL+"/api/plan", y, append(yamlCT, auth...)...), 200)
	wantCode(t, do(t, "GET", ts.URL+"/api/log", nil, auth...), 200)
	wantCode(t, do(t, "GET", ts.URL+"/api/log", nil, "Authorization", "bearer "+testToken), 200)
	wantCode(t, do(t, "GET", ts.URL+"/api", nil), 200)
	wantCode(t, do(t, "GET", ts.URL+"/api/config", nil), 200)
	wantCode(t, do(t, "GET", ts.URL+"/", nil), 200)
	// closed reads without a token would lock everyone out
	if _, err := New(Config{OpenReads: false}); err == nil {
		t.Error("New accepted closed reads without a token")
	}
	// no log attached
	_, ts = newTest(t, func(c *Config) { c.Log = nil })
	r := do(t, "GET", ts.URL+"/api/log", nil)
	wantCode(t, r, 404)
	if !strings.Contains(r.errBody(t).Error, "--db") {
		t.Errorf("no-log message: %s", r.body)
	}
}

// TestConcurrent plans the same and different missions from many goroutines
// (run with -race).
func TestConcurrent(t *testing.T) {
	// 200 runs of odds per plan: the test is about concurrency, not the odds
	_, ts := newTest(t, func(c *Config) { c.CacheSize = 4; c.ClientJobs = 2; c.PlanOdds = 200 })
	y := readTestdata(t, "fallout.yaml")
	var variants [][]byte
	for _, alt := range []string{"25000 ft", "24000 ft", "23000 ft", "22000 ft", "21000 ft", "20000 ft"} {
		variants = append(variants, []byte(strings.Replace(string(y), "altitude: 25000 ft", "altitude: "+alt, 1)))
	}
	var wg sync.WaitGroup
	// Monte Carlo jobs and the other endpoints on the same cached plan meanwhile
	var jobIDs []string
	for range 2 {
		r := do(t, "POST", ts.URL+"/api/mc?n=300", y, yamlCT...)
		wantCode(t, r, 202)
		var st MCStarted
		r.json(t, &st)
		jobIDs = append(jobIDs, st.ID)
	}
	for _, p := range []string{"/api/sim", "/api/physio", "/api/plan?traces=1"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if r := do(t, "POST", ts.URL+p, y, yamlCT...); r.code != 200 {
				t.Errorf("%s: %d", p, r.code)
			}
		}()
	}
	verdicts := make([]string, 48)
	for i := range verdicts {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			path := "/api/plan"
			if i%3 == 0 {
				path += "?traces=1"
			}
			r := do(t, "POST", ts.URL+path, variants[i%len(variants)], yamlCT...)
			if r.code != 200 {
				t.Errorf("request %d: %d %.200s", i, r.code, r.body)
				return
			}
			verdicts[i] = r.h.Get("X-Halo-Verdict")
		}(i)
	}
	wg.Wait()
	for _, id := range jobIDs {
		if st := waitMC(t, ts, id); st.Status != JobDone || len(st.Landings) != 2 {
			t.Errorf("job %s: %s, %d clouds", id, st.Status, len(st.Landings))
		}
	}
	for i := range verdicts {
		if j := i % len(variants); verdicts[i] != verdicts[j] {
			t.Errorf("request %d verdict %q, request %d %q: same mission", i, verdicts[i], j, verdicts[j])
		}
	}
}

func TestHTTPServerTimeouts(t *testing.T) {
	s, _ := newTest(t, nil)
	hs := s.HTTPServer("127.0.0.1:0")
	if hs.ReadHeaderTimeout <= 0 || hs.ReadTimeout <= 0 || hs.WriteTimeout <= 0 || hs.IdleTimeout <= 0 || hs.MaxHeaderBytes <= 0 {
		t.Errorf("time-outs missing: %+v", hs)
	}
	if hs.Handler == nil {
		t.Error("no handler")
	}
}

// TestSSEOutlivesWriteTimeout: the event stream lifts the server's write
// deadline, so a job that ends after WriteTimeout still streams to its end.
// The job is held in the queue behind a long one (one running slot) until the
// stream has been open for twice the write time-out, and its status proves it
// had not started then; only then is the long job cancelled. Jobs are started
// and cancelled through a server without a write time-out, so a slow machine
// cannot cut those answers.
func TestSSEOutlivesWriteTimeout(t *testing.T) {
	s, ts := newTest(t, func(c *Config) {
		c.RunningJobs, c.ClientJobs = 1, 2
	})
	hs := s.HTTPServer("127.0.0.1:0")
	hs.WriteTimeout = 100 * time.Millisecond
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go hs.Serve(ln)
	defer hs.Close()
	blocker := startMC(t, ts, "n=200000&workers=1") // seconds of work at the least: cancelled below
	defer do(t, "DELETE", ts.URL+"/api/mc/"+blocker.ID, nil)
	st := startMC(t, ts, "n=100&workers=1")
	status := func() string {
		var m MCStatus
		do(t, "GET", ts.URL+"/api/mc/"+st.ID+"?landings=0", nil).json(t, &m)
		return m.Status
	}
	if got := status(); got != JobQueued {
		t.Fatalf("second job %q, want %q behind the first", got, JobQueued)
	}
	opened := time.Now()
	res, err := http.Get("http://" + ln.Addr().String() + st.Events)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	rd := bufio.NewReader(res.Body)
	if line, err := rd.ReadString('\n'); err != nil || line != "event: progress\n" {
		t.Fatalf("first line %q, %v", line, err)
	}
	// the connection's write deadline (set when its request was read) passes
	time.Sleep(2*hs.WriteTimeout - time.Since(opened))
	if got := status(); got != JobQueued {
		t.Fatalf("job %q before the write deadline passed: the test would prove nothing", got)
	}
	wantCode(t, do(t, "DELETE", ts.URL+"/api/mc/"+blocker.ID, nil), 200)
	b, err := io.ReadAll(rd)
	if err != nil {
		t.Fatalf("stream cut after %v: %v", time.Since(opened), err)
	}
	if !bytes.Contains(b, []byte("event: end")) || !bytes.Contains(b, []byte(`"status":"done"`)) {
		t.Errorf("stream of %v ended without the end event of a done job: %.300s", time.Since(opened), b)
	}
}
