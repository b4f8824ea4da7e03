// Command loadplan is a bounded loopback load test of POST /api/plan: C
// concurrent clients send the same mission for a fixed duration and it reports
// plans per second and latency percentiles (p50, p95, p99, max).
//
// By default it starts halo's server in this process on 127.0.0.1 (a random
// port, real TCP and HTTP/1.1 keep-alive) twice: with the plan cache (the server
// keeps solved plans keyed by the SHA-256 of the request body and the planning
// minute; identical requests after the first are answered from memory) and
// without it (every request decoded and solved: the planner's own rate). The
// client and the server share the machine's cores.
//
//	go run ./bench/loadplan                      # both, 10 s each, 16 clients
//	go run ./bench/loadplan -mode cached -c 32 -d 5s
//	go run ./bench/loadplan -url http://127.0.0.1:8080   # an external halo serve
//
// Against an external server "uncached" makes every body unique (a comment
// line with a counter), so the server's cache never hits.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"halo/mission"
	"halo/server"
)

func main() {
	url := flag.String("url", "", "base URL of a running halo serve (default: start one in this process on loopback)")
	dur := flag.Duration("d", 10*time.Second, "duration of each run")
	conc := flag.Int("c", 16, "concurrent clients (1..256)")
	mode := flag.String("mode", "both", "cached, uncached or both")
	missionFile := flag.String("mission", "", "mission file to plan (default the embedded fallout)")
	traces := flag.Bool("traces", false, "ask for ?traces=1 (the web page's request: trajectories included, ~300 kB)")
	flag.Parse()
	if *conc < 1 || *conc > 256 || *dur <= 0 || *dur > 10*time.Minute {
		log.Fatal("loadplan: -c must be 1..256 and -d at most 10m")
	}
	body, err := mission.Builtin("fallout")
	if *missionFile != "" {
		body, err = os.ReadFile(*missionFile)
	}
	if err != nil {
		log.Fatal(err)
	}
	path := "/api/plan"
	if *traces {
		path += "?traces=1"
	}
	var modes []string
	switch *mode {
	case "both":
		modes = []string{"cached", "uncached"}
	case "cached", "uncached":
		modes = []string{*mode}
	default:
		log.Fatalf("loadplan: -mode %q: cached, uncached or both", *mode)
	}
	fmt.Printf("loadplan: POST %s, %d clients, %s per run, GOMAXPROCS %d (client and server share the cores), mission %d bytes\n",
		path, *conc, *dur, runtime.GOMAXPROCS(0), len(body))
	for _, m := range modes {
		base, stop := *url, func() {}
		if base == "" {
			base, stop = startServer(m == "cached")
		}
		r := run(base+path, body, *conc, *dur, m == "uncached" && *url != "")
		stop()
		r.print(m)
	}
}

// startServer serves halo on a loopback port in this process.
func startServer(cache bool) (string, func()) {
	size := server.DefaultCacheSize
	if !cache {
		size = -1
	}
	s, err := server.New(server.Config{OpenReads: true, CacheSize: size, Logger: log.New(io.Discard, "", 0)})
	if err != nil {
		log.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	hs := s.HTTPServer(ln.Addr().String())
	go hs.Serve(ln)
	return "http://" + ln.Addr().String(), func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		hs.Shutdown(ctx)
		s.Close()
	}
}

type result struct {
	n, errs   int
	firstErr  string
	elapsed   time.Duration
	latencies []time.Duration
}

func run(url string, body []byte, conc int, dur time.Duration, unique bool) result {
	tr := &http.Transport{MaxIdleConns: conc, MaxIdleConnsPerHost: conc, DisableCompression: true, IdleConnTimeout: time.Minute}
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	defer tr.CloseIdleConnections()
	var seq atomic.Int64
	post := func() error {
		b := body
		if unique {
			b = append([]byte(fmt.Sprintf("# loadplan request %d\n", seq.Add(1))), body...)
		}
		res, err := client.Post(url, "application/yaml", bytes.NewReader(b))
		if err != nil {
			return err
		}
		_, err = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if err == nil && res.StatusCode != 200 {
			err = fmt.Errorf("HTTP %d", res.StatusCode)
		}
		return err
	}
	if err := post(); err != nil { // warm up (and fill the cache)
		log.Fatalf("loadplan: first request: %v", err)
	}
	var mu sync.Mutex
	var all result
	var wg sync.WaitGroup
	t0 := time.Now()
	deadline := t0.Add(dur)
	for range conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var lat []time.Duration
			errs, first := 0, ""
			for time.Now().Before(deadline) {
				s := time.Now()
				err := post()
				d := time.Since(s)
				if err != nil {
					errs++
					if first == "" {
						first = err.Error()
					}
					continue
				}
				lat = append(lat, d)
			}
			mu.Lock()
			all.latencies = append(all.latencies, lat...)
			all.errs += errs
			if all.firstErr == "" {
				all.firstErr = first
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	all.elapsed = time.Since(t0)
	all.n = len(all.latencies)
	sort.Slice(all.latencies, func(i, j int) bool { return all.latencies[i] < all.latencies[j] })
	return all
}

func (r result) pct(p float64) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	i := int(p/100*float64(len(r.latencies))+0.5) - 1
	return r.latencies[max(0, min(i, len(r.latencies)-1))]
}

func (r result) print(mode string) {
	rate := float64(r.n) / r.elapsed.Seconds()
	ms := func(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/1e6) }
	fmt.Printf("%-8s %6.0f plans/s  (%d ok, %d errors in %.1f s)  latency p50 %s  p95 %s  p99 %s  max %s\n",
		mode, rate, r.n, r.errs, r.elapsed.Seconds(), ms(r.pct(50)), ms(r.pct(95)), ms(r.pct(99)), ms(r.pct(100)))
	if r.errs > 0 {
		fmt.Printf("%-8s first error: %s\n", mode, r.firstErr)
	}
	if mode == "cached" {
		met := "MISSED"
		if rate >= 2000 && r.pct(99) < 50*time.Millisecond {
			met = "MET"
		}
		fmt.Printf("%-8s target >= 2000 plans/s with p99 < 50 ms: %s (answered from the plan cache: the same mission in the same minute is solved once)\n", mode, met)
	} else {
		fmt.Printf("%-8s no cache: every request decoded and solved by plan.Solve\n", mode)
	}
}
