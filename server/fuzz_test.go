package server

import (
	"bytes"
	"encoding/json"
	"io"
	"log"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
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

// FuzzHandlers sends requests with random methods, paths, headers (Host,
// Content-Type, Origin, Sec-Fetch-Site, Authorization) and bodies through the
// whole handler stack. Whatever comes in: no panic and no 500; every answer
// carries the security headers; a Host that is not the server's is 421; a
// foreign Origin or a cross-site fetch never gets a 2xx; a POST whose body a
// page on another site could send without a preflight (no type, text/plain,
// form-encoded) never gets a 2xx; API errors are JSON with a message.
//
//	go test ./server -run '^$' -fuzz FuzzHandlers -fuzztime 60s -fuzzminimizetime 5s -parallel 1
func FuzzHandlers(f *testing.F) {
	y := readTestdata(f, "fallout.yaml")
	mp := "--b\r\nContent-Disposition: form-data; name=\"track\"; filename=\"t.csv\"\r\n\r\nnot a track\r\n--b--\r\n"
	for _, s := range []struct {
		method, path, host, ct, origin, sfs string
		auth                                bool
		body                                []byte
	}{
		{"POST", "/api/plan", "127.0.0.1:8080", "application/yaml", "", "", false, y},
		{"POST", "/api/plan", "127.0.0.1:8080", "application/yaml", "http://127.0.0.1:8080", "same-origin", false, []byte("name: x\n")},
		{"POST", "/api/plan", "evil.example:8080", "application/yaml", "http://evil.example:8080", "same-origin", false, y},
		{"POST", "/api/plan", "127.0.0.1:8080", "text/plain", "", "", false, y},
		{"POST", "/api/plan", "127.0.0.1:8080", "", "", "", false, y},
		{"POST", "/api/mc?n=20&workers=1", "127.0.0.1:8080", "application/x-www-form-urlencoded", "", "", false, y},
		{"POST", "/api/mc?n=20&workers=1", "localhost:8080", "application/yaml", "null", "", false, y},
		{"POST", "/api/sim", "[::1]:8080", "application/json", "", "cross-site", false, []byte("{}")},
		{"POST", "/api/debrief", "127.0.0.1:8080", "multipart/form-data; boundary=b", "", "", false, []byte(mp)},
		{"POST", "/api/debrief", "127.0.0.1:8080", "multipart/form-data; boundary=b", "https://evil.example", "cross-site", false, []byte(mp)},
		{"POST", "/api/log", "127.0.0.1:8080", "application/json", "", "", true, []byte(`{"mission":"x"}`)},
		{"POST", "/api/log", "127.0.0.1:8080", "text/plain", "", "", true, []byte(`{"mission":"x"}`)},
		{"DELETE", "/api/mc/x", "127.0.0.1:8080", "", "", "", false, nil},
		{"GET", "/api/log", "127.0.0.1:8080", "", "", "same-site", false, nil},
		{"GET", "/", "127.0.0.1.rebind.example:8080", "", "", "", false, nil},
		{"GET", "/", "127.0.0.1:8080", "", "", "cross-site", false, nil},
		{"GET", "/api/config", "", "", "", "", false, nil},
		{"PUT", "/api/log/1", "127.0.0.1:8080", "application/json", "", "", true, []byte("{}")},
	} {
		f.Add(s.method, s.path, s.host, s.ct, s.origin, s.sfs, s.auth, s.body)
	}
	s, err := New(Config{OpenReads: true, Token: "t", Addr: "127.0.0.1:8080", Now: func() time.Time { return fixedNow },
		Logger: log.New(io.Discard, "", 0), PlanTimeout: 10 * time.Second, MaxMCN: 50, CacheSize: 64})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	h := s.Handler()
	f.Fuzz(func(t *testing.T, method, path, host, ct, origin, sfs string, auth bool, body []byte) {
		if !validMethod(method) || !strings.HasPrefix(path, "/") || strings.ContainsAny(path, " \r\n\t#") {
			return // not a request net/http would parse
		}
		if u, err := url.ParseRequestURI(path); err != nil || u.Host != "" {
			return
		}
		for _, v := range []string{host, ct, origin, sfs} {
			if !validHeaderValue(v) {
				return
			}
		}
		req := httptest.NewRequest(method, path, bytes.NewReader(body))
		req.Host = host
		setIf := func(k, v string) {
			if v != "" {
				req.Header.Set(k, v)
			}
		}
		setIf("Content-Type", ct)
		setIf("Origin", origin)
		setIf("Sec-Fetch-Site", sfs)
		if auth {
			req.Header.Set("Authorization", "Bearer t")
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		code := rec.Code
		if code >= 500 {
			t.Fatalf("%s %s (Host %q, type %q): %d %.300s", method, path, host, ct, code, rec.Body)
		}
		hh := rec.Header()
		if hh.Get("Content-Security-Policy") == "" || hh.Get("X-Frame-Options") != "DENY" || hh.Get("X-Content-Type-Options") != "nosniff" || hh.Get("Referrer-Policy") == "" {
			t.Fatalf("%s %s: answer %d without the security headers: %v", method, path, code, hh)
		}
		hostName, port, ok := hostPort(host)
		if !ok || port != "8080" || !isLoopbackName(hostName) {
			if code != http.StatusMisdirectedRequest {
				t.Fatalf("%s %s with Host %q: %d, want 421", method, path, host, code)
			}
			return
		}
		ok2xx := code >= 200 && code < 300
		if origin != "" && !sameOrigin(origin, host) && ok2xx {
			t.Fatalf("Origin %q (Host %q) was answered %d", origin, host, code)
		}
		if s := strings.ToLower(sfs); s != "" && s != "same-origin" && s != "none" && ok2xx && isAPI(req.URL.Path) {
			t.Fatalf("Sec-Fetch-Site %q was answered %d", sfs, code)
		}
		if method == "POST" && ok2xx {
			mt, _, _ := mime.ParseMediaType(ct)
			if mt != "application/json" && mt != "application/yaml" && mt != "multipart/form-data" {
				t.Fatalf("POST %s with Content-Type %q was answered %d", path, ct, code)
			}
		}
		if code >= 400 && isAPI(req.URL.Path) {
			var e ErrorBody
			if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error == "" {
				t.Fatalf("%s %s: error %d is not JSON with a message: %.300s", method, path, code, rec.Body)
			}
		}
	})
}

// validHeaderValue: what net/http would send or accept as a header value.
func validHeaderValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < ' ' && c != '\t' || c == 0x7f {
			return false
		}
	}
	return v == strings.TrimSpace(v)
}

func validMethod(m string) bool {
	if m == "" {
		return false
	}
	for _, c := range m {
		if !(c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// FuzzHostCheck: whatever the Host header, a loopback server with no
// --allow-host answers only to a loopback name on its own port, and an Origin
// is its own only for the same host and port.
func FuzzHostCheck(f *testing.F) {
	for _, h := range []string{"127.0.0.1:8080", "localhost:8080", "[::1]:8080", "localhost.:8080", "LOCALHOST:8080", "evil.example:8080",
		"127.0.0.1.nip.io:8080", "[::ffff:127.0.0.1]:8080", "127.1:8080", "0x7f.0.0.1:8080", "localhost:08080", "[::1]", ":8080", "[", "a:b:c", "localhost:8080@evil"} {
		f.Add(h, "http://"+h)
	}
	s, err := New(Config{OpenReads: true, Addr: "127.0.0.1:8080", Logger: log.New(io.Discard, "", 0)})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, host, origin string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.Host = host
		if s.hostOK(r) {
			h, p, ok := hostPort(host)
			if !ok || p != "8080" || !isLoopbackName(h) {
				t.Fatalf("Host %q answered (%q, %q, %v)", host, h, p, ok)
			}
			if h != "localhost" {
				if ip := net.ParseIP(h); ip == nil || !ip.IsLoopback() {
					t.Fatalf("Host %q answered as %q", host, h)
				}
			}
		}
		if sameOrigin(origin, host) {
			u, err := url.Parse(origin)
			if err != nil {
				t.Fatalf("Origin %q is not a URL but taken for Host %q", origin, host)
			}
			oh, _, _ := hostPort(u.Host)
			rh, _, _ := hostPort(host)
			if oh != rh || oh == "" {
				t.Fatalf("Origin %q taken for Host %q", origin, host)
			}
		}
	})
}
