package server

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"halo/internal/testdata"
)

// chromium finds the browser for the end-to-end test: $HALO_CHROMIUM, else
// Debian's /usr/bin/chromium. Missing: skip with a message, but fail under CI=1.
func chromium(t *testing.T) string {
	t.Helper()
	p := os.Getenv("HALO_CHROMIUM")
	if p == "" {
		p = "/usr/bin/chromium"
	}
	if _, err := os.Stat(p); err != nil {
		msg := fmt.Sprintf("no Chromium at %s (set HALO_CHROMIUM, or apt-get install -y chromium): the browser test cannot run", p)
		if os.Getenv("CI") == "1" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return p
}

// haloBin is the halo binary, built once for the tests that start it.
var haloBin struct {
	once sync.Once
	dir  string
	path string
	err  error
}

// TestMain removes the binary the tests built.
func TestMain(m *testing.M) {
	code := m.Run()
	if haloBin.dir != "" {
		os.RemoveAll(haloBin.dir)
	}
	os.Exit(code)
}

// startHalo builds the halo binary (once) and starts `halo serve` on a free
// loopback port with a fresh SQLite log; it returns the base URL.
func startHalo(t *testing.T, args ...string) string {
	t.Helper()
	dir := t.TempDir()
	haloBin.once.Do(func() {
		haloBin.dir, haloBin.err = os.MkdirTemp("", "halo-bin-")
		if haloBin.err != nil {
			return
		}
		haloBin.path = filepath.Join(haloBin.dir, "halo")
		if out, err := exec.Command("go", "build", "-o", haloBin.path, "../cmd/halo").CombinedOutput(); err != nil {
			haloBin.err = fmt.Errorf("go build ./cmd/halo: %v\n%s", err, out)
		}
	})
	if haloBin.err != nil {
		t.Fatal(haloBin.err)
	}
	bin := haloBin.path
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(dir, "log.db")}, args...)...)
	cmd.Env = append(os.Environ(), "HALO_TOKEN="+testToken)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-done
		}
	})
	urlc := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`listening on (http://[0-9.:]+)/`)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				urlc <- m[1]
			}
			t.Log("halo serve: " + sc.Text())
		}
	}()
	select {
	case u := <-urlc:
		return u
	case <-time.After(30 * time.Second):
		t.Fatal("halo serve did not say where it listens within 30 s")
	}
	return ""
}

// TestBrowser drives the web page in headless Chromium against `halo serve`:
// plan the default mission, check the verdict and the map, change the wind and
// see the release point move, run the Monte Carlo, upload a real track and see
// it drawn, open the attempt log, and save a screenshot.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	exe := chromium(t)
	// a local tile server (a 1x1 PNG for every tile) stands in for --tile-url
	var tileMu sync.Mutex
	tiles := map[string]bool{}
	tileSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tileMu.Lock()
		tiles[r.URL.Path] = true
		tileMu.Unlock()
		w.Header().Set("Content-Type", "image/png")
		w.Write(onePixelPNG)
	}))
	defer tileSrv.Close()
	base := startHalo(t, "--tile-url", tileSrv.URL+"/tiles/{z}/{x}/{y}.png")

	// the API's verdict for the default mission, for comparison with the page
	y := readTestdata(t, "fallout.yaml")
	res, err := http.Post(base+"/api/plan", "application/yaml", strings.NewReader(string(y)))
	if err != nil {
		t.Fatal(err)
	}
	var want struct {
		Verdict string `json:"verdict"`
		Jumpers []any  `json:"jumpers"`
		Checks  []any  `json:"checks"`
	}
	json.NewDecoder(res.Body).Decode(&want)
	res.Body.Close()
	// one attempt in the log, for the trend chart
	req, _ := http.NewRequest("POST", base+"/api/log", strings.NewReader(string(attemptJSON(t, map[string]any{"mission_yaml": string(y)}))))
	req.Header.Set("Authorization", "Bearer "+testToken)
	req.Header.Set("Content-Type", "application/json")
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != 201 {
		t.Fatalf("adding an attempt: %v %v", err, res)
	}

	bctx := newBrowser(t, exe, 1500, 1100)
	ctx, cancel := context.WithTimeout(bctx, 3*time.Minute)
	defer cancel()

	count := func(sel string) int {
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](fmt.Sprintf("document.querySelectorAll(%q).length", sel)))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	text := func(id string) string {
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf("document.getElementById(%q).textContent", id)))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	poll := func(what, expr string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(60*time.Second))); err != nil {
			t.Fatalf("%s: waiting for %s: %v", what, expr, err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/")); err != nil {
		t.Fatal(err)
	}
	poll("planning the default mission in the page", `/^(GO|NO-GO)$/.test(document.getElementById("verdict").textContent)`)
	if v := text("verdict"); v != want.Verdict {
		t.Errorf("page verdict %q, API %q", v, want.Verdict)
	}
	for _, sel := range []string{"#map", "#map path.release-point", "#map path.jump-run", "#map path.green-light", "#map path.red-light", "#map path.target", "#map .leaflet-control-scale", "#plot-alt polyline", "#plot-mach polyline"} {
		if count(sel) == 0 {
			t.Errorf("the page has no %s", sel)
		}
	}
	if n := count("#map path.trajectory"); n != len(want.Jumpers) {
		t.Errorf("%d trajectories drawn for %d jumpers", n, len(want.Jumpers))
	}
	// the tiles under the map: the page asked for the tile holding the target
	// (24.10 N, 54.60 E) at the zoom it drew
	poll("map tiles", `document.querySelectorAll("#map img.leaflet-tile").length > 0`)
	tileMu.Lock()
	var z, tx0, ty0 int
	found := false
	for p := range tiles {
		if _, err := fmt.Sscanf(p, "/tiles/%d/%d/%d.png", &z, &tx0, &ty0); err == nil && z > 0 {
			n := float64(int(1) << z)
			lat := 24.10 * math.Pi / 180
			tx := int((54.60 + 180) / 360 * n)
			ty := int((1 - math.Log(math.Tan(lat)+1/math.Cos(lat))/math.Pi) / 2 * n)
			if tx0 == tx && ty0 == ty {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("no request for the target's tile among %v", tiles)
	}
	tileMu.Unlock()
	if n := count("#checks tbody tr"); n != len(want.Checks) {
		t.Errorf("%d check rows for %d checks", n, len(want.Checks))
	}

	// change the wind in the YAML: the release point moves upwind of the target
	rp := func() (e, n float64) {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => { const d = document.getElementById("map").dataset; return [+d.releaseE, +d.releaseLat]; })()`))
		if err != nil || len(v) != 2 {
			t.Fatalf("reading the release point: %v %v", v, err)
		}
		return v[0], v[1]
	}
	e0, n0 := rp()
	if e0 >= 0 {
		t.Errorf("with westerly winds the release point is at e = %.0f m; it should be west of the target", e0)
	}
	if err := chromedp.Do(ctx,
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := chromedp.Evaluate[chromedp.Void](`(() => { const m = document.getElementById("mission"); m.value = m.value.replace(/from: \d+ deg/g, "from: 90 deg"); })()`)(ctx, tg)
			return err
		}),
		chromedp.Click(chromedp.ID("plan-btn")),
	); err != nil {
		t.Fatalf("replanning with easterly winds: %v", err)
	}
	poll("replanning with easterly winds", fmt.Sprintf(`+document.getElementById("map").dataset.releaseE !== %v`, e0))
	e1, n1 := rp()
	if e1 <= 0 || e1-e0 < 1000 {
		t.Errorf("easterly winds moved the release point from (%.0f, %.0f) to (%.0f, %.0f); it should be well east of the target", e0, n0, e1, n1)
	}

	// debrief: upload a real FlySight track flown in California against this
	// mission (Arabian desert): drawn, with a warning that it was flown elsewhere
	trackFile, err := filepath.Abs(testdata.Path(t, "richo-08-22-35.CSV"))
	if err != nil {
		t.Fatal(err)
	}
	debrief := func() {
		t.Helper()
		if err := chromedp.Do(ctx,
			chromedp.Click(chromedp.ID("t-debrief")),
			chromedp.Evaluate[chromedp.Void](`document.getElementById("debrief-status").textContent = ""`),
			chromedp.SetUploadFiles(chromedp.ID("track-file"), []string{trackFile}),
			chromedp.Click(chromedp.ID("debrief-btn")),
		); err != nil {
			t.Fatalf("debrief upload: %v", err)
		}
		poll("debrief upload", `document.getElementById("debrief-status").textContent.includes("points")`)
		if s := text("debrief-status"); !strings.Contains(s, "FlySight") {
			t.Errorf("debrief status %q", s)
		}
		if count("#map path.track") != 1 {
			t.Error("the track is not drawn on the map")
		}
	}
	debrief()
	if count("#track-far") != 1 {
		t.Error("no warning that the track was flown far from the mission's target")
	}

	// move the target to the track's drop zone (Central Valley, California: the
	// track lands at 37.7310 N, 121.3343 W, 6 m MSL) and plan again
	if err := chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`(() => { const m = document.getElementById("mission"); m.value = m.value.replace(/target: \{[^}]*\}/, "target: {lat: 37.7310, lon: -121.3343, elevation: 6 m, radius: 50 m}"); })()`),
		chromedp.Click(chromedp.ID("plan-btn")),
	); err != nil {
		t.Fatal(err)
	}
	poll("replanning at the track's drop zone", `document.getElementById("status").textContent.startsWith("planned") && +document.getElementById("map").dataset.releaseE !== `+fmt.Sprint(e1))

	// Monte Carlo: the landing cloud and its ellipses
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.ID("t-mc")),
		chromedp.SetValue(chromedp.ID("mc-n"), "400"),
		chromedp.Click(chromedp.ID("mc-run")),
	); err != nil {
		t.Fatalf("Monte Carlo in the page: %v", err)
	}
	poll("Monte Carlo in the page", `document.querySelectorAll("#map path.ellipse95").length > 0`)
	cloud := func() int {
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`+document.getElementById("map").dataset.cloudPoints`))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	if cloud() < 400*len(want.Jumpers) || count("#map path.ellipse95") != len(want.Jumpers) || count("#mc-results table") != 1 {
		t.Errorf("Monte Carlo cloud: %d points, %d 95%% ellipses", cloud(), count("#map path.ellipse95"))
	}

	// the track again, now on its own drop zone: drawn on the plan's map, no warning
	debrief()
	if count("#track-far") != 0 {
		t.Error("a track flown on the mission's drop zone is reported as far away")
	}
	if cloud() == 0 || count("#map path.trajectory") != len(want.Jumpers) {
		t.Error("the debrief removed the plan or the Monte Carlo cloud from the map")
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	shot := filepath.Join(t.TempDir(), "halo-page.png")
	if err := os.WriteFile(shot, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot of the page after plan, Monte Carlo and debrief: %s (%d bytes)", shot, len(png))

	// attempt log with the trend chart
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("t-log"))); err != nil {
		t.Fatal(err)
	}
	poll("attempt log", `document.getElementById("log-status").textContent.includes("attempts")`)
	if count("#log-table tbody tr") != 1 || count("#trend circle") != 1 {
		t.Errorf("log tab: %d rows, %d trend points; want 1 and 1", count("#log-table tbody tr"), count("#trend circle"))
	}

	// back to the default mission, with an airspace polygon: drawn on the map
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("reset-btn"))); err != nil {
		t.Fatal(err)
	}
	poll("default mission again", `document.getElementById("mission").value.includes("lat: 24.10") && +document.getElementById("map").dataset.releaseE === `+fmt.Sprint(e0))
	if err := chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`(() => { const m = document.getElementById("mission"); m.value = m.value.replace("\nwinds:", "\nairspace:\n  - name: range R-1\n    points: [{lat: 24.15, lon: 54.62}, {lat: 24.15, lon: 54.66}, {lat: 24.18, lon: 54.64}]\nwinds:"); })()`),
		chromedp.Click(chromedp.ID("plan-btn")),
	); err != nil {
		t.Fatal(err)
	}
	poll("plan with an airspace", `document.querySelectorAll("#map path.airspace").length === 1`)

	// a mistake in the mission: every error listed with its line, no verdict
	if err := chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`(() => { const m = document.getElementById("mission"); m.value = m.value.replace("mass: 90 kg", "mass: 12 kg").replace("radius: 50 m", "radius: 50"); })()`),
		chromedp.Click(chromedp.ID("plan-btn")),
	); err != nil {
		t.Fatal(err)
	}
	poll("a bad mission", `!document.getElementById("errors").hidden`)
	errs, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#errors li")].map((li) => li.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(errs) != 2 || !strings.Contains(strings.Join(errs, "|"), "jumpers[0].mass") || !strings.HasPrefix(errs[0], "line ") {
		t.Errorf("errors shown: %q", errs)
	}
	if v := text("verdict"); v != "no plan" {
		t.Errorf("verdict %q after a bad mission", v)
	}
	violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__csp`))
	if err != nil {
		t.Fatal(err)
	}
	if len(violations) > 0 {
		t.Errorf("the page broke its Content-Security-Policy: %q", violations)
	}
	if os.Getenv("HALO_SCREENSHOT") != "" {
		os.WriteFile(os.Getenv("HALO_SCREENSHOT"), png, 0o644)
	}
}

// newBrowser starts headless Chromium (exe) with a window of w×h pixels and
// returns its context; every Content-Security-Policy violation of the pages it
// opens is recorded in window.__csp. The browser ends with the test.
func newBrowser(t *testing.T, exe string, w, h int) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(filepath.Join(t.TempDir(), "chromium-profile")),
		chromedp.WindowSize(w, h),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	bctx, cancel := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	t.Cleanup(cancel)
	// the first Run starts the browser and must have no time-out of its own
	if err := chromedp.Do(bctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatalf("starting Chromium %s: %v", exe, err)
	}
	// the policy must allow everything the page does, and nothing more
	if err := chromedp.Do(bctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
			Source: `window.__csp = []; document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI));`})
		return err
	})); err != nil {
		t.Fatal(err)
	}
	return bctx
}

// onePixelPNG is a 1x1 grey PNG served as every map tile.
var onePixelPNG, _ = base64.StdEncoding.DecodeString("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGO4BwAA0gDRyCr7fgAAAABJRU5ErkJggg==")

// TestServeHostAndHeaders starts `halo serve` with --allow-host and checks its
// wiring: the loopback names on the port it picked and the allowed name are
// answered, a rebinding name is refused with 421, every answer has the
// security headers, and a form-encoded POST is refused with 415.
func TestServeHostAndHeaders(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts halo serve")
	}
	base := startHalo(t, "--allow-host", "halo.example", "--allow-host", "ops.example:8443")
	port := base[strings.LastIndex(base, ":")+1:]
	for _, c := range []struct {
		host string
		code int
	}{{"127.0.0.1:" + port, 200}, {"localhost:" + port, 200}, {"halo.example", 200}, {"ops.example:8443", 200},
		{"ops.example", 421}, {"rebind.example:" + port, 421}, {"localhost:1", 421}} {
		req, _ := http.NewRequest("GET", base+"/api/log", nil)
		req.Host = c.host
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != c.code {
			t.Errorf("Host %q: %d, want %d", c.host, res.StatusCode, c.code)
		}
		secHeaders(t, "halo serve, Host "+c.host, res.Header)
	}
	res, err := http.Post(base+"/api/plan", "application/x-www-form-urlencoded", strings.NewReader(string(readTestdata(t, "fallout.yaml"))))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 415 {
		t.Errorf("form-encoded POST /api/plan: %d, want 415", res.StatusCode)
	}
}
