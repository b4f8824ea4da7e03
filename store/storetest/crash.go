package storetest

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"halo/store"
)

// OpenFunc opens an existing or new log by DSN, as the adapters' Open does.
type OpenFunc func(ctx context.Context, dsn string) (store.Log, error)

// The crash test's writer process is the test binary itself, started again
// with these variables set.
const (
	envChild = "HALO_STORETEST_CHILD" // "writer" in a writer process
	envDSN   = "HALO_STORETEST_DSN"   // the log it writes
	envTag   = "HALO_STORETEST_TAG"   // names its batches
)

// crashBatch is the number of attempts in each import of the crash test.
const crashBatch = 5

// ChildMain must be called first thing in the adapter test's TestMain. In the
// test process it returns at once; in a writer process started by RunCrash it
// writes batches to the log until it is killed, and never returns.
func ChildMain(open OpenFunc) {
	if os.Getenv(envChild) != "writer" {
		return
	}
	os.Exit(childWriter(open))
}

// childWriter imports batches of crashBatch attempts (each with three
// 64 KiB tracks), and every third round adds one attempt with AddAttempt,
// printing "begin TAG" before and "done TAG" after each write.
func childWriter(open OpenFunc) int {
	ctx := context.Background()
	l, err := open(ctx, os.Getenv(envDSN))
	if err != nil {
		fmt.Println("error", err)
		return 2
	}
	prefix := os.Getenv(envTag)
	for i := 0; ; i++ {
		tag := fmt.Sprintf("%s-%d", prefix, i)
		var buf bytes.Buffer
		n := crashBatch
		single := i%3 == 2
		if single {
			n = 1
		}
		d := bigDump(n, 64, 1, tag)
		if !single {
			if err := store.WriteDump(&buf, d, store.JSONLines); err != nil {
				fmt.Println("error", err)
				return 2
			}
		}
		fmt.Printf("begin %s\n", tag)
		if single {
			a := d.Attempts[0]
			a.ID, a.MissionID, a.MissionName = 0, 0, "crash-test"
			_, err = l.AddAttempt(ctx, a)
		} else {
			_, err = l.Import(ctx, &buf)
		}
		if err != nil {
			fmt.Println("error", tag, err)
			return 3
		}
		fmt.Printf("done %s\n", tag)
	}
}

// child is one writer process and what it said.
type child struct {
	cmd     *exec.Cmd
	mu      sync.Mutex
	begun   map[string]time.Time
	done    map[string]time.Duration
	last    string // the last line
	errLine string
	exited  chan struct{}
}

func (c *child) snapshot() (done int, last string, mean time.Duration, errLine string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var sum time.Duration
	for _, d := range c.done {
		sum += d
	}
	if len(c.done) > 0 {
		mean = sum / time.Duration(len(c.done))
	}
	return len(c.done), c.last, mean, c.errLine
}

// RunCrash checks that killing writers mid-write never damages the log. In
// each of three rounds it starts two writer processes (the test binary run
// again; see ChildMain) that write the log at dsn at the same time, waits
// until each has finished a few writes, kills both with SIGKILL at a random
// moment inside a write, then opens the log and checks it: Check passes
// (SQLite's integrity_check included), every finished batch is there whole,
// and the batch a writer was killed in is either whole or absent.
func RunCrash(t *testing.T, dsn string, open OpenFunc) {
	if testing.Short() {
		t.Skip("crash test skipped in -short mode")
	}
	ctx := ctxT(t)
	l, err := open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.AddMission(ctx, store.Mission{Name: "crash-test", YAML: missionYAML(0)}); err != nil {
		t.Fatal(err)
	}
	l.Close()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	allDone := map[string]bool{}
	inFlight := map[string]bool{}
	for round := 0; round < 3; round++ {
		var kids []*child
		for k := 0; k < 2; k++ {
			c := &child{begun: map[string]time.Time{}, done: map[string]time.Duration{}, exited: make(chan struct{})}
			c.cmd = exec.Command(exe, "-test.run=^$")
			c.cmd.Env = append(os.Environ(), envChild+"=writer", envDSN+"="+dsn, fmt.Sprintf("%s=r%dw%d", envTag, round, k))
			c.cmd.Stderr = os.Stderr
			out, err := c.cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := c.cmd.Start(); err != nil {
				t.Fatal(err)
			}
			go func() {
				sc := bufio.NewScanner(out)
				for sc.Scan() {
					line := sc.Text()
					f := strings.Fields(line)
					c.mu.Lock()
					c.last = line
					switch {
					case len(f) == 2 && f[0] == "begin":
						c.begun[f[1]] = time.Now()
					case len(f) == 2 && f[0] == "done":
						c.done[f[1]] = time.Since(c.begun[f[1]])
					case len(f) > 0 && f[0] == "error":
						c.errLine = line
					}
					c.mu.Unlock()
				}
				_ = c.cmd.Wait()
				close(c.exited)
			}()
			kids = append(kids, c)
		}
		// Let each writer finish 3 writes, then kill it inside the next one,
		// at a random point within a typical write's duration.
		deadline := time.Now().Add(90 * time.Second)
		killed := make([]bool, len(kids))
		for left := len(kids); left > 0; {
			if time.Now().After(deadline) {
				for _, c := range kids {
					_ = c.cmd.Process.Kill()
				}
				t.Fatalf("round %d: writers did not make progress within 90 s", round)
			}
			for i, c := range kids {
				if killed[i] {
					continue
				}
				n, last, mean, errLine := c.snapshot()
				if errLine != "" {
					t.Fatalf("round %d: writer %d failed: %s", round, i, errLine)
				}
				select {
				case <-c.exited:
					t.Fatalf("round %d: writer %d exited by itself", round, i)
				default:
				}
				if n >= 3 && strings.HasPrefix(last, "begin ") {
					time.Sleep(time.Duration(rng.Float64() * float64(mean)))
					_ = c.cmd.Process.Kill() // SIGKILL
					killed[i] = true
					left--
				}
			}
			time.Sleep(time.Millisecond)
		}
		for i, c := range kids {
			<-c.exited
			_, last, mean, _ := c.snapshot()
			c.mu.Lock()
			for tag := range c.done {
				allDone[tag] = true
			}
			if f := strings.Fields(last); len(f) == 2 && f[0] == "begin" {
				inFlight[f[1]] = true
			}
			c.mu.Unlock()
			t.Logf("round %d writer %d: killed after %q (a write took %v on average)", round, i, last, mean.Round(time.Millisecond))
		}
		verifyCrashLog(t, dsn, open, allDone, inFlight)
	}
}

func verifyCrashLog(t *testing.T, dsn string, open OpenFunc, done, inFlight map[string]bool) {
	t.Helper()
	ctx := ctxT(t)
	l, err := open(ctx, dsn)
	if err != nil {
		t.Fatalf("reopening the log after the kill: %v", err)
	}
	defer l.Close()
	if err := l.Check(ctx); err != nil {
		t.Fatalf("log damaged after the kill: %v", err)
	}
	as, err := l.ListAttempts(ctx, store.Filter{MissionName: "crash-test"})
	if err != nil {
		t.Fatal(err)
	}
	type batch struct{ want, got int }
	batches := map[string]*batch{}
	for _, a := range as {
		var tag string
		var size int
		if _, err := fmt.Sscanf(a.Notes, "batch %s size %d", &tag, &size); err != nil {
			t.Fatalf("attempt %d notes %q: %v", a.ID, a.Notes, err)
		}
		b := batches[tag]
		if b == nil {
			b = &batch{want: size}
			batches[tag] = b
		}
		b.got++
		if len(a.Jumpers) != 3 {
			t.Errorf("attempt %d (%s) has %d jumpers, want 3", a.ID, tag, len(a.Jumpers))
		}
		for _, j := range a.Jumpers {
			if j.Track == nil || j.Track.Size == 0 {
				t.Errorf("attempt %d (%s) jumper %s lost its track", a.ID, tag, j.Name)
			}
		}
	}
	var tags []string
	for tag, b := range batches {
		tags = append(tags, tag)
		if b.got != b.want {
			t.Errorf("batch %s has %d of its %d attempts: a write was torn", tag, b.got, b.want)
		}
		if !done[tag] && !inFlight[tag] {
			t.Errorf("batch %s is in the log but no writer began it", tag)
		}
	}
	for tag := range done {
		if batches[tag] == nil {
			t.Errorf("batch %s was reported done but is not in the log", tag)
		}
	}
	present := 0
	for tag := range inFlight {
		if batches[tag] != nil {
			present++
		}
	}
	sort.Strings(tags)
	t.Logf("log whole after the kill: %d attempts in %d batches; %d of %d writes cut by the kill were committed before it, the rest left nothing",
		len(as), len(batches), present, len(inFlight))
}

// Required reports whether a missing database server must fail the tests
// instead of skipping them: in CI (CI set to anything but "" / "0" /
// "false") or when HALO_REQUIRE_POSTGRES is set likewise.
func Required() bool {
	for _, k := range []string{"CI", "HALO_REQUIRE_POSTGRES"} {
		v := strings.ToLower(strings.TrimSpace(os.Getenv(k)))
		if v != "" && v != "0" && v != "false" {
			if b, err := strconv.ParseBool(v); err == nil && !b {
				continue
			}
			return true
		}
	}
	return false
}
