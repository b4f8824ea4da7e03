package server

import (
	"container/list"
	"crypto/sha256"
	"encoding/binary"
	"sync"
	"time"

	"halo/plan"
)

// planKey identifies a plan: the SHA-256 of the mission bytes as sent, their
// syntax (YAML or JSON) and the planning minute. A plan is a pure function of
// the mission and the planning time, and the server plans at the minute
// (Config.Now truncated), so two requests with the same key get the same plan.
type planKey [32]byte

func keyOf(body []byte, syntax string, now time.Time) planKey {
	h := sha256.New()
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(now.Unix()))
	h.Write(b[:])
	h.Write([]byte(syntax))
	h.Write([]byte{0})
	h.Write(body)
	var k planKey
	h.Sum(k[:0])
	return k
}

// planEntry is one solved (or failed) mission. ready is closed when plan or err
// is set; after that the entry is read-only except for the encodings cache.
type planEntry struct {
	ready chan struct{}
	in    plan.Inputs
	plan  *plan.Plan
	err   error
	// solveErr: err came from plan.Solve (the mission decoded but cannot be
	// flown: 422), not from decoding (400).
	solveErr bool

	mu  sync.Mutex
	enc map[string][]byte // encoded answers by variant ("plan", "plan+traces")
}

// MaxCachedAnswer is the largest encoded answer kept with a cached plan, bytes: with
// the cache's entry limit this bounds its memory (128 entries × 2 variants × 1 MiB).
const MaxCachedAnswer = 1 << 20

func newEntry() *planEntry { return &planEntry{ready: make(chan struct{})} }

// encoded returns the cached encoding of variant, or builds and keeps it.
func (e *planEntry) encoded(variant string, build func() ([]byte, error)) ([]byte, error) {
	e.mu.Lock()
	b, ok := e.enc[variant]
	e.mu.Unlock()
	if ok {
		return b, nil
	}
	b, err := build()
	if err != nil {
		return nil, err
	}
	if len(b) > MaxCachedAnswer {
		return b, nil // rebuilt per request: the cache's memory stays bounded
	}
	e.mu.Lock()
	if e.enc == nil {
		e.enc = map[string][]byte{}
	}
	e.enc[variant] = b
	e.mu.Unlock()
	return b, nil
}

// planCache is a fixed-size LRU of planEntry by planKey, with in-flight
// entries shared: concurrent requests for the same mission wait for one solve.
type planCache struct {
	mu   sync.Mutex
	max  int
	ll   *list.List // front = most recent; values *cacheItem
	byK  map[planKey]*list.Element
	hits uint64
	miss uint64
}

type cacheItem struct {
	k planKey
	e *planEntry
}

func newPlanCache(max int) *planCache {
	return &planCache{max: max, ll: list.New(), byK: map[planKey]*list.Element{}}
}

// get returns the entry for k and whether the caller must fill it (a new entry).
func (c *planCache) get(k planKey) (*planEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byK[k]; ok {
		c.ll.MoveToFront(el)
		c.hits++
		return el.Value.(*cacheItem).e, false
	}
	c.miss++
	e := newEntry()
	c.byK[k] = c.ll.PushFront(&cacheItem{k, e})
	for c.ll.Len() > c.max {
		old := c.ll.Back()
		c.ll.Remove(old)
		delete(c.byK, old.Value.(*cacheItem).k)
	}
	return e, true
}

// drop forgets k if it still maps to e (a solve that never started).
func (c *planCache) drop(k planKey, e *planEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byK[k]; ok && el.Value.(*cacheItem).e == e {
		c.ll.Remove(el)
		delete(c.byK, k)
	}
}

// stats returns hits and misses so far.
func (c *planCache) stats() (hits, misses uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits, c.miss
}
