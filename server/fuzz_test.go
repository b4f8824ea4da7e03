package server

import (
	"bytes"
	"encoding/json"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// FuzzPlanHandler feeds random bodies (and content types) to POST /api/plan
// and POST /api/plan?traces=1 through the whole handler stack: the answer must
// be JSON with a 200 or a 4xx, never a panic, a 500, or a plan slower than 10 s
// (504). Seeds: the default mission as YAML and JSON, the many-mistakes file,
// and small edge cases.
//
//	go test ./server -run '^$' -fuzz FuzzPlanHandler -fuzztime 60s -fuzzminimizetime 5s -parallel 1
//
// (Each new-coverage input is minimized by re-planning it many times; the
// default minimization budget of 60 s would eat the whole run.)
func FuzzPlanHandler(f *testing.F) {
	y := readTestdata(f, "fallout.yaml")
	f.Add(y, uint8(0))
	f.Add(yamlToJSON(f, y), uint8(1))
	f.Add(readTestdata(f, "bad.yaml"), uint8(0))
	f.Add([]byte("name: x\n"), uint8(2))
	f.Add([]byte("{}"), uint8(1))
	f.Add([]byte(strings.Replace(string(y), "open_at: 2000 ft", "open_at: 30000 ft", 1)), uint8(0))
	f.Add([]byte(strings.Replace(string(y), "mass: 90 kg", "mass: 1e308 kg", 1)), uint8(0))
	f.Add([]byte(strings.Replace(string(y), "airspeed: 160 mph", "airspeed: 0.001 mph", 1)), uint8(3))
	f.Add([]byte(strings.Replace(string(y), "winds:", "airspace:\n  - name: box\n    points: [{lat: 24.2, lon: 54.5}, {lat: 24.2, lon: 54.7}, {lat: 24.3, lon: 54.6}]\nwinds:", 1)), uint8(0))
	f.Add([]byte("\t\"a\"\n"), uint8(1))
	s, err := New(Config{OpenReads: true, Token: "t", Now: func() time.Time { return fixedNow },
		Logger: log.New(io.Discard, "", 0), PlanTimeout: 10 * time.Second, CacheSize: 64})
	if err != nil {
		f.Fatal(err)
	}
	h := s.Handler()
	cts := []string{"application/yaml", "application/json", "", "text/plain", "application/yaml; charset=utf-8", "application/x-www-form-urlencoded"}
	f.Fuzz(func(t *testing.T, body []byte, sel uint8) {
		path := "/api/plan"
		if sel&0x80 != 0 {
			path += "?traces=1"
		}
		req := httptest.NewRequest("POST", path, bytes.NewReader(body))
		req.Host = "127.0.0.1:8080"
		ct := cts[int(sel&0x7f)%len(cts)]
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		switch rec.Code {
		case http.StatusOK, http.StatusBadRequest, http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity:
			if !strings.HasPrefix(ct, "application/yaml") && !strings.HasPrefix(ct, "application/json") {
				t.Fatalf("Content-Type %q was taken (%d)", ct, rec.Code)
			}
		case http.StatusUnsupportedMediaType:
			if strings.HasPrefix(ct, "application/yaml") || strings.HasPrefix(ct, "application/json") {
				t.Fatalf("Content-Type %q refused", ct)
			}
		default:
			t.Fatalf("status %d for body %q: %s", rec.Code, body, rec.Body)
		}
		var v map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
			t.Fatalf("answer is not JSON (%v): %.300s", err, rec.Body)
		}
		if rec.Code != http.StatusOK {
			if msg, _ := v["error"].(string); msg == "" {
				t.Fatalf("error %d without a message: %s", rec.Code, rec.Body)
			}
		} else if v["verdict"] != "GO" && v["verdict"] != "NO-GO" {
			t.Fatalf("plan without a verdict: %.300s", rec.Body)
		}
	})
}
