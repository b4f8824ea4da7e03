package main

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"halo/server"
)

// readmeLines are the lines of the README's sh code blocks, in order.
func readmeLines(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	in := false
	for _, l := range strings.Split(string(b), "\n") {
		switch {
		case strings.HasPrefix(l, "```sh"):
			in = true
		case strings.HasPrefix(l, "```"):
			in = false
		case in && strings.TrimSpace(l) != "":
			lines = append(lines, strings.TrimSpace(l))
		}
	}
	return lines
}

// The README's examples run as written, in order, in an empty folder: each
// `halo ...` line through the CLI (a > redirection writes the file), each
// `curl ...` line as the same request to the server (httptest), its answer
// 2xx and the field `| jq` picks not null. `go run ./cmd/halo` is halo;
// `halo serve` is the test server; other lines (go vet, go test) are left out.
func TestReadmeExamplesRun(t *testing.T) {
	lines := readmeLines(t)
	t.Chdir(t.TempDir())
	ts := httptest.NewUnstartedServer(nil)
	srv, err := server.New(server.Config{OpenReads: true, Addr: ts.Listener.Addr().String(), PlanOdds: 200})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	ts.Config.Handler = srv.Handler()
	ts.Start()
	defer ts.Close()
	ran := map[string]int{}
	for _, line := range lines {
		words, redirect, pipe := shellWords(line)
		if len(words) >= 3 && words[0] == "go" && words[1] == "run" && words[2] == "./cmd/halo" {
			words = append([]string{"halo"}, words[3:]...)
		}
		switch {
		case len(words) > 1 && words[0] == "halo" && words[1] == "serve":
			ran["serve"]++
		case len(words) > 0 && words[0] == "halo":
			stdout, stderr, err := runLine(t, words[1:])
			if err != nil {
				t.Errorf("%s: %v\n%s", line, err, stderr)
				continue
			}
			if redirect != "" {
				if err := os.WriteFile(redirect, []byte(stdout), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			ran["halo"]++
		case len(words) > 0 && words[0] == "curl":
			curl(t, ts, line, words[1:], pipe)
			ran["curl"]++
		}
	}
	if ran["halo"] < 8 || ran["curl"] < 3 || ran["serve"] != 1 {
		t.Errorf("ran %v: the README's examples were not found", ran)
	}
	// what the examples say they write
	for _, f := range []string{"fallout.yaml", "tracks/plan-talent.CSV", "jump.kml", "talent.csv", "landings.png", "talent.png", "jumps.db", "backup.json"} {
		if st, err := os.Stat(f); err != nil || st.Size() == 0 {
			t.Errorf("%s not written: %v", f, err)
		}
	}
}

// curl sends the request a README curl line describes to ts.
func curl(t *testing.T, ts *httptest.Server, line string, args []string, pipe string) {
	t.Helper()
	method, url := "", ""
	header := http.Header{}
	var body io.Reader
	var form *multipart.Writer
	var formBuf bytes.Buffer
	for i := 0; i < len(args); i++ {
		a := args[i]
		next := func() string {
			i++
			if i >= len(args) {
				t.Fatalf("%s: %s without a value", line, a)
			}
			return args[i]
		}
		switch {
		case a == "-s":
		case a == "-X":
			method = next()
		case a == "-H":
			k, v, _ := strings.Cut(next(), ":")
			header.Set(strings.TrimSpace(k), strings.TrimSpace(v))
		case a == "--data-binary":
			b, err := os.ReadFile(strings.TrimPrefix(next(), "@"))
			if err != nil {
				t.Fatalf("%s: %v", line, err)
			}
			body = bytes.NewReader(b)
		case a == "-F":
			if form == nil {
				form = multipart.NewWriter(&formBuf)
			}
			name, val, _ := strings.Cut(next(), "=")
			if f, ok := strings.CutPrefix(val, "@"); ok {
				b, err := os.ReadFile(f)
				if err != nil {
					t.Fatalf("%s: %v", line, err)
				}
				w, _ := form.CreateFormFile(name, filepath.Base(f))
				w.Write(b)
			} else {
				form.WriteField(name, val)
			}
		case strings.HasPrefix(a, "http://127.0.0.1:8080"):
			url = ts.URL + strings.TrimPrefix(a, "http://127.0.0.1:8080")
		default:
			t.Fatalf("%s: the test does not know curl's %q", line, a)
		}
	}
	if form != nil {
		form.Close()
		body = &formBuf
		header.Set("Content-Type", form.FormDataContentType())
	}
	if method == "" {
		method = http.MethodGet
		if body != nil {
			method = http.MethodPost
		}
	}
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header = header
	resp, err := ts.Client().Do(req)
	if err != nil {
		t.Fatalf("%s: %v", line, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode/100 != 2 {
		t.Errorf("%s: %s %.300s", line, resp.Status, b)
		return
	}
	if path, ok := strings.CutPrefix(pipe, "jq ."); ok {
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatalf("%s: %v", line, err)
		}
		for _, k := range strings.Split(path, ".") {
			m, _ := v.(map[string]any)
			v = m[k]
		}
		if v == nil {
			t.Errorf("%s: .%s is null in %.300s", line, path, b)
		}
	}
}
