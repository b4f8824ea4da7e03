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
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

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
		// the release point's metres east of the target, and its latitude
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
		// the flown exit, opening and landing beside the plan's
		if n := count("#map path.flown"); n != 3 {
			t.Errorf("%d of the flown exit, opening and landing drawn", n)
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
	// the checks and the badge follow the run's odds, in plain words
	if s := text("verdict-basis"); !strings.Contains(s, "your run: 400 simulated jumps") {
		t.Errorf("after the Monte Carlo the verdict is based on %q", s)
	}
	said, err := chromedp.Run(ctx, chromedp.Evaluate[string](pageTextJS))
	if err != nil {
		t.Fatal(err)
	}
	noProgramNames(t, said)
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
	// readable axes: whole attempt numbers, short altitude labels (never "12800000")
	ticks, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#trend .xtick, #trend .ytick, #plot-alt .ytick")].map((e) => e.getAttribute("class") + " " + e.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	if len(ticks) < 4 {
		t.Errorf("axis labels %q", ticks)
	}
	for _, tk := range ticks {
		cls, v, _ := strings.Cut(tk, " ")
		if cls == "xtick" && strings.Contains(v, ".") || len(v) > 5 {
			t.Errorf("axis label %q (%s)", v, cls)
		}
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

// TestPageScreens opens the page at a laptop's 1366×768 and a phone's 390×844 with
// no tile server (the built-in basemap only) and checks what the issue asked of
// the team's working screen: the verdict and its reasons in the first
// viewport, nothing wider than the screen, the map's layers drawn by Leaflet,
// zoom by the button and "fit the landing area", the built-in border of a
// mission near one (border.yaml: Al Ain, 4 km from the UAE–Oman border), the
// cursor readout with MGRS, the tabs by arrow keys, and no program field names
// in the page's text. A screenshot at each size goes to $HALO_ARTIFACTS (or
// the test's temporary directory).
func TestPageScreens(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	exe := chromium(t)
	base := startHalo(t)
	border := readTestdata(t, "border.yaml")
	shots := os.Getenv("HALO_ARTIFACTS")
	if shots == "" {
		shots = t.TempDir()
	}
	for _, sz := range []struct {
		name   string
		w, h   int
		mobile bool
	}{{"laptop", 1366, 768, false}, {"phone", 390, 844, true}} {
		t.Run(sz.name, func(t *testing.T) {
			bctx := newBrowser(t, exe, sz.w, sz.h)
			ctx, cancel := context.WithTimeout(bctx, 2*time.Minute)
			defer cancel()
			vp := []chromedp.EmulateViewportOption{}
			if sz.mobile {
				vp = append(vp, chromedp.EmulateScale(3), chromedp.EmulateMobile, chromedp.EmulateTouch)
			}
			if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(sz.w), int64(sz.h), vp...), chromedp.Navigate(base+"/")); err != nil {
				t.Fatal(err)
			}
			eval := func(what, expr string) float64 {
				t.Helper()
				v, err := chromedp.Run(ctx, chromedp.Evaluate[float64](expr))
				if err != nil {
					t.Fatalf("%s: %v", what, err)
				}
				return v
			}
			poll := func(what, expr string) {
				t.Helper()
				if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(60*time.Second))); err != nil {
					t.Fatalf("%s: waiting for %s: %v", what, expr, err)
				}
			}
			poll("planning the example mission", `/^(GO|NO-GO)$/.test(document.getElementById("verdict").textContent)`)
			if w := eval("page width", `document.documentElement.scrollWidth`); w > float64(sz.w) {
				t.Errorf("the page is %.0f px wide on a %d px screen", w, sz.w)
			}
			for _, id := range []string{"verdict", "why"} {
				if b := eval(id, `document.getElementById("`+id+`").getBoundingClientRect().bottom`); b > float64(sz.h) || b <= 0 {
					t.Errorf("#%s ends at %.0f px: not in the first %d px", id, b, sz.h)
				}
			}
			if n := eval("reasons", `document.querySelectorAll("#reasons li").length`); n == 0 {
				t.Error("no reasons under the verdict")
			}
			// the layers, as Leaflet drew them (SVG paths with the layer's class)
			for sel, want := range map[string]float64{"path.target": 1, "path.release-point": 1, "path.jump-run": 1, "path.green-light": 1,
				"path.red-light": 1, "path.trajectory": 2, "path.opening": 2, "path.landing": 2, ".wind-arrow": 8, ".leaflet-control-scale": 1} {
				if n := eval(sel, `document.querySelectorAll("#map `+sel+`").length`); n != want {
					t.Errorf("%d %s on the map, want %.0f", int(n), sel, want)
				}
			}
			// a layer the geometry gains later (a canopy footprint, a landing
			// pattern, a cut-away point) is drawn by its shape and named
			if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`{
				const p = structuredClone(state.plan), t = p.geometry.Target;
				const at = (dn, de) => ({Lat: t.Lat + dn, Lon: t.Lon + de, E: 0, N: 0});
				p.geometry.CanopyFootprint = [at(0.01, 0), at(0, 0.01), at(-0.01, 0), at(0, -0.01)];
				p.geometry.LandingPattern = {Name: "left-hand", Legs: [at(0.002, 0), at(0.002, 0.002), at(0, 0)]};
				p.geometry.Paths[0].CutAway = at(0.003, 0.003);
				HaloMap.drawPlan(p, {keepView: true});
			}`)); err != nil {
				t.Fatal(err)
			}
			for sel, want := range map[string]float64{"path.extra-canopy-footprint": 1, "path.extra-landing-pattern-legs": 1, "path.extra-cut-away": 1} {
				if n := eval(sel, `document.querySelectorAll("#map `+sel+`").length`); n != want {
					t.Errorf("%d %s on the map, want %.0f", int(n), sel, want)
				}
			}
			if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`drawMap(true)`)); err != nil {
				t.Fatal(err)
			}
			if n := eval("extras", `document.querySelectorAll("#map path.extra").length`); n != 0 {
				t.Errorf("%.0f extra layers left after drawing the plan again", n)
			}
			// the plan's own canopy layer: the opening point, the canopy's reach,
			// the pattern, the cut-away finder and the reserve's reach
			for sel, want := range map[string]float64{"path.opening-point": 1, "path.canopy-reach": 1, "path.pattern": 1,
				"path.cut-away": 1, "path.reserve-landing": 1, "path.reserve-reach": 1, "path.holding-area": 1} {
				if n := eval(sel, `document.querySelectorAll("#map `+sel+`").length`); n != want {
					t.Errorf("%d %s on the map, want %.0f", int(n), sel, want)
				}
			}
			zoom := func() float64 { return eval("zoom", `HaloMap.leaflet().getZoom()`) }
			z0 := zoom()
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".leaflet-control-zoom-in"))); err != nil {
				t.Fatal(err)
			}
			// (Leaflet drops a zoom asked for while it animates one)
			poll("zooming in", fmt.Sprintf(`HaloMap.leaflet().getZoom() > %v && !document.querySelector("#map .leaflet-zoom-anim")`, z0))
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("fit-landing"))); err != nil {
				t.Fatal(err)
			}
			poll("fit the landing area", fmt.Sprintf(`HaloMap.leaflet().getZoom() > %v + 1 && !document.querySelector("#map .leaflet-zoom-anim")`, z0))
			// the cursor readout: lat/lon at once, the MGRS reference from the server
			if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`void HaloMap.leaflet().fire("mousemove", {latlng: L.latLng(24.1, 54.6)})`)); err != nil {
				t.Fatal(err)
			}
			poll("cursor readout", `/24\.10000° N, 54\.60000° E · MGRS 40R/.test(document.getElementById("readout").textContent)`)
			// the tabs: arrow keys move the selection
			if err := chromedp.Do(ctx, chromedp.Focus(chromedp.ID("t-plan")), chromedp.KeyEvent(kb.ArrowRight)); err != nil {
				t.Fatal(err)
			}
			poll("arrow key on the tabs", `document.getElementById("t-mc").getAttribute("aria-selected") === "true" && !document.getElementById("tab-mc").hidden && document.activeElement.id === "t-mc"`)
			// no program names in what the page says (the mission editor aside)
			text, err := chromedp.Run(ctx, chromedp.Evaluate[string](pageTextJS))
			if err != nil {
				t.Fatal(err)
			}
			noProgramNames(t, text)
			// WCAG AA: text at least 4.5:1 against its background (3:1 when large)
			low, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](contrastJS))
			if err != nil {
				t.Fatal(err)
			}
			if len(low) > 0 {
				t.Errorf("text below the WCAG AA contrast: %q", low)
			}
			png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			shot := filepath.Join(shots, "halo-page-"+sz.name+".png")
			if err := os.WriteFile(shot, png, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("screenshot at %d×%d: %s", sz.w, sz.h, shot)

			// a mission 4 km from a border: the built-in basemap draws it in view
			js, _ := json.Marshal(string(border))
			if err := chromedp.Do(ctx,
				chromedp.Evaluate[chromedp.Void](`document.getElementById("mission").value = `+string(js)),
				chromedp.Click(chromedp.ID("plan-btn")),
			); err != nil {
				t.Fatal(err)
			}
			poll("planning the border mission", `document.getElementById("mission-name").textContent === "al-ain-border" && document.getElementById("status").textContent.startsWith("planned")`)
			poll("the border on the map", `[...document.querySelectorAll("#map path.basemap-border")].some((p) => (p.getAttribute("d") || "").length > 20) && !document.querySelector("#map .leaflet-zoom-anim")`)
			png, err = chromedp.Run(ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(shots, "halo-page-"+sz.name+"-border.png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
			// on paper: the verdict, its reasons and the map; no editor, no controls
			if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
				return err
			})); err != nil {
				t.Fatal(err)
			}
			printed, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`["editor", "why", "map", "verdict"].map((id) => getComputedStyle(document.getElementById(id)).display)`))
			if err != nil {
				t.Fatal(err)
			}
			if len(printed) != 4 || printed[0] != "none" || printed[1] == "none" || printed[2] == "none" || printed[3] == "none" {
				t.Errorf("printed: editor, reasons, map, verdict displayed as %q; want the editor alone hidden", printed)
			}
			violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__csp`))
			if err != nil {
				t.Fatal(err)
			}
			if len(violations) > 0 {
				t.Errorf("the page broke its Content-Security-Policy: %q", violations)
			}
		})
	}
}

// pageTextJS is the text the page says, hidden tabs included, the mission
// editor aside: every text node, one space between them.
const pageTextJS = `[...document.querySelectorAll("header, #why, #mapbox, #work, footer")].map((e) => {
  const w = document.createTreeWalker(e, NodeFilter.SHOW_TEXT), out = [];
  while (w.nextNode()) out.push(w.currentNode.nodeValue);
  return out.join(" ");
}).join("\n")`

// noProgramNames fails the test for the names of the program's fields and
// files in what the page says: snake_case names (cep_m), mission keys with their
// section (limits.min_open, uncertainty.landing), a Markdown file's name (the
// page once cited the project's notes by file instead of a source), undefined,
// NaN.
func noProgramNames(t *testing.T, text string) {
	t.Helper()
	for _, re := range []string{`\b[a-z]+_[a-z0-9_]+\b`, `(?i)\b[a-z0-9_-]+\.md\b`, `\b[a-z]{3,}(\[\d*\])?\.[a-z_]{2,}\b`, `undefined|NaN`} {
		if m := regexp.MustCompile(re).FindAllString(text, 5); len(m) > 0 {
			t.Errorf("the page says %q (%s)", m, re)
		}
	}
}

// contrastJS lists the page's visible text (outside the map's drawing and the
// plots) whose colour contrasts with its background less than WCAG 2.1 AA asks:
// 4.5:1, or 3:1 for large text (24 px, or 18.66 px bold). The background is the
// first opaque one among the element and its ancestors; disabled controls are
// exempt, as WCAG exempts them.
const contrastJS = `(() => {
  const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
  const lin = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const lum = (c) => { const m = rgb(c); return 0.2126 * lin(m[0]) + 0.7152 * lin(m[1]) + 0.0722 * lin(m[2]); };
  const bg = (e) => { for (; e; e = e.parentElement) { const c = getComputedStyle(e).backgroundColor, m = rgb(c); if (m.length === 3 || (m.length === 4 && m[3] > 0.5)) return c; } return "rgb(255, 255, 255)"; };
  const low = [];
  document.querySelectorAll("header *, #why *, #work *, #legend *, #map .leaflet-control *, footer *").forEach((e) => {
    if (![...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) return;
    if (e.closest("svg") || e.disabled || !e.getClientRects().length) return;
    const s = getComputedStyle(e), a = lum(s.color), b = lum(bg(e));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(s.fontSize), large = size >= 24 || (size >= 18.66 && +s.fontWeight >= 700);
    if (ratio < (large ? 3 : 4.5)) low.push(e.tagName.toLowerCase() + " " + JSON.stringify(e.textContent.trim().slice(0, 40)) + " " + ratio.toFixed(2) + ":1");
  });
  return low;
})()`

// TestPageForm: the mission form and the YAML editor stay in step both ways.
// The form shows the file's values as written; an edit of the file shows in the
// form; winds changed in the form are written into the file (its comments
// kept) and move the release point when planned; a jumper added in the form
// is planned and drawn, and removed again. Every control has a label.
func TestPageForm(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	exe := chromium(t)
	base := startHalo(t)
	ctx, cancel := context.WithTimeout(newBrowser(t, exe, 1366, 768), 2*time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1366, 768), chromedp.Navigate(base+"/")); err != nil {
		t.Fatal(err)
	}
	poll := func(what, expr string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(60*time.Second))); err != nil {
			t.Fatalf("%s: waiting for %s: %v", what, expr, err)
		}
	}
	do := func(what, js string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void]("{ "+js+" }")); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	// type sets an input's value as typing would, with its input event
	const typeJS = `const type = (el, v) => { el.value = v; el.dispatchEvent(new Event("input", {bubbles: true})); };`
	poll("planning the example mission", `/^(GO|NO-GO)$/.test(document.getElementById("verdict").textContent)`)
	poll("the form", `document.getElementById("f-target-lat").value === "24.10" && document.getElementById("f-target-elevation").value === "60 m" && document.querySelectorAll("#f-winds tbody tr").length === 8 && document.querySelectorAll("#f-jumpers tbody tr").length === 2`)
	unlabelled, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("input, select, textarea, button")].filter((e) => !e.labels?.length && !e.getAttribute("aria-label") && !e.textContent.trim()).map((e) => e.outerHTML.slice(0, 80))`))
	if err != nil {
		t.Fatal(err)
	}
	if len(unlabelled) > 0 {
		t.Errorf("controls without a label: %q", unlabelled)
	}

	// the file to the form
	do("editing the file", typeJS+`const m = document.getElementById("mission"); type(m, m.value.replace("lat: 24.10", "lat: 24.20"));`)
	poll("the form follows the file", `document.getElementById("f-target-lat").value === "24.20"`)
	do("editing the form", typeJS+`type(document.getElementById("f-target-lat"), "24.10");`)
	poll("the file follows the form", `document.getElementById("mission").value.includes("lat: 24.10,")`)

	// winds from the east, typed in the form
	do("easterly winds in the form", typeJS+`document.querySelectorAll('#f-winds input[data-field="from"]').forEach((i) => type(i, "90 deg"));`)
	poll("the winds in the file", `(document.getElementById("mission").value.match(/from: 90 deg/g) || []).length === 8 && document.getElementById("mission").value.includes("# WGS84 degrees")`)
	do("planning", `document.getElementById("plan-btn").click()`)
	poll("the release point east of the target", `document.getElementById("status").textContent.startsWith("planned") && +document.getElementById("map").dataset.releaseE > 1000`)

	// a third jumper, added and removed in the form
	do("adding a jumper", `document.getElementById("f-jumper-add").click()`)
	poll("a third jumper", `document.querySelectorAll("#f-jumpers tbody tr").length === 3 && document.getElementById("mission").value.includes("name: jumper3")`)
	do("planning", `document.getElementById("plan-btn").click()`)
	poll("three paths", `document.querySelectorAll("#map path.trajectory").length === 3`)
	do("removing the jumper", `document.querySelector('#f-jumpers button[aria-label="remove jumper 3"]').click()`)
	poll("two jumpers again", `document.querySelectorAll("#f-jumpers tbody tr").length === 2 && !document.getElementById("mission").value.includes("jumper3")`)
	violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`window.__csp`))
	if err != nil {
		t.Fatal(err)
	}
	if len(violations) > 0 {
		t.Errorf("the page broke its Content-Security-Policy: %q", violations)
	}
}

// TestPageTilesFail: with a tile server that does not answer, the page says
// the tiles did not load, keeps the built-in basemap and credits the tiles as
// --tile-attribution says.
func TestPageTilesFail(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	exe := chromium(t)
	dead := httptest.NewServer(http.NotFoundHandler())
	url := dead.URL
	dead.Close() // nothing listens there any more
	base := startHalo(t, "--tile-url", url+"/{z}/{x}/{y}.png", "--tile-attribution", "© Test Tiles contributors")
	ctx, cancel := context.WithTimeout(newBrowser(t, exe, 1366, 768), 2*time.Minute)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/")); err != nil {
		t.Fatal(err)
	}
	for what, expr := range map[string]string{
		"the notice":      `!document.getElementById("map-notice").hidden && document.getElementById("map-notice").textContent.includes("did not load")`,
		"the basemap":     `[...document.querySelectorAll("#map path.basemap-coast, #map path.basemap-land")].length >= 2`,
		"the attribution": `document.querySelector("#map .leaflet-control-attribution").textContent.includes("© Test Tiles contributors")`,
	} {
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(60*time.Second))); err != nil {
			t.Errorf("%s: waiting for %s: %v", what, expr, err)
		}
	}
}
