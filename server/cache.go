package server

import (
	"container/list"
	"crypto/sha256"
	"encoding/binary"
	"halo/brief"
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
	// brief is the plan with its odds (brief.Make, as `halo plan`); brief.Plan is plan
	brief *brief.Briefing
	err   error
	// solveErr: err came from plan.Solve (the mission decoded but cannot be
	// flown: 422), not from decoding (400).
	solveErr bool

	// the cache holding the entry under k, nil when uncached
	c *planCache
	k planKey

	mu  sync.Mutex
	enc map[string][]byte // encoded answers by variant ("plan", "plan+traces")
}

// MaxCachedAnswer is the largest encoded answer kept with a cached plan, bytes;
// a larger one (a many-jumper plan's traces) is encoded again per request.
const MaxCachedAnswer = 1 << 20

// entryOverhead is what an entry costs besides its plan, inputs and answers:
// the entry, its list element and map slot, its channel and the answers' map.
const entryOverhead = 1024

func newEntry() *planEntry { return &planEntry{ready: make(chan struct{})} }

// encoded returns the cached encoding of variant, or builds it and keeps it
// when the cache has room for its bytes.
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
	if len(b) > MaxCachedAnswer || e.c == nil {
		return b, nil // rebuilt per request
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if old, ok := e.enc[variant]; ok {
		return old, nil // built meanwhile by another request
	}
	if e.c.grow(e, sizeClass(int64(cap(b)))+sizeClass(int64(len(variant)))+64) {
		if e.enc == nil {
			e.enc = map[string][]byte{}
		}
		e.enc[variant] = b
	}
	return b, nil
}

// planCache is an LRU of planEntry by planKey bounded by entries (max) and by
// the bytes its entries keep alive (maxBytes), with in-flight entries shared:
// concurrent requests for the same mission wait for one solve. An entry is
// charged entryOverhead while it is solved, then the bytes its plan and inputs
// retain (retained), then each encoded answer kept with it. No entry larger
// than a quarter of maxBytes is kept (it is answered, then dropped).
type planCache struct {
	mu       sync.Mutex
	max      int
	maxBytes int64
	bytes    int64
	ll       *list.List // front = most recent; values *cacheItem
	byK      map[planKey]*list.Element
	hits     uint64
	miss     uint64
}

type cacheItem struct {
	k    planKey
	e    *planEntry
	size int64 // bytes charged
}

func newPlanCache(max int, maxBytes int64) *planCache {
	return &planCache{max: max, maxBytes: maxBytes, ll: list.New(), byK: map[planKey]*list.Element{}}
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
	e.c, e.k = c, k
	c.byK[k] = c.ll.PushFront(&cacheItem{k: k, e: e, size: entryOverhead})
	c.bytes += entryOverhead
	c.evict()
	return e, true
}

// evict drops the least recently used entries until both bounds hold.
// Called with c.mu held.
func (c *planCache) evict() {
	for c.ll.Len() > 0 && (c.ll.Len() > c.max || c.bytes > c.maxBytes) {
		c.remove(c.ll.Back())
	}
}

func (c *planCache) remove(el *list.Element) {
	it := el.Value.(*cacheItem)
	c.ll.Remove(el)
	delete(c.byK, it.k)
	c.bytes -= it.size
}

// lookup returns e's element if e is still cached. Called with c.mu held.
func (c *planCache) lookup(e *planEntry) *list.Element {
	if el, ok := c.byK[e.k]; ok && el.Value.(*cacheItem).e == e {
		return el
	}
	return nil
}

// settle charges a filled entry at size bytes (what its plan and inputs keep
// alive), dropping it if it alone would take more than a quarter of the bound.
func (c *planCache) settle(e *planEntry, size int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el := c.lookup(e)
	if el == nil {
		return
	}
	it := el.Value.(*cacheItem)
	size += entryOverhead
	if size > c.maxBytes/4 {
		c.remove(el)
		return
	}
	c.bytes += size - it.size
	it.size = size
	c.ll.MoveToFront(el)
	c.evict()
}

// grow charges n more bytes to e (an encoded answer kept with it), evicting
// others as needed. It reports false, charging nothing, when e is no longer
// cached or would grow past a quarter of the bound.
func (c *planCache) grow(e *planEntry, n int64) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	el := c.lookup(e)
	if el == nil {
		return false
	}
	it := el.Value.(*cacheItem)
	if it.size+n > c.maxBytes/4 {
		return false
	}
	it.size += n
	c.bytes += n
	c.ll.MoveToFront(el)
	c.evict()
	return true
}

// drop forgets e if it is still cached (a solve that never started).
func (c *planCache) drop(e *planEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el := c.lookup(e); el != nil {
		c.remove(el)
	}
}

// stats returns hits and misses so far.
func (c *planCache) stats() (hits, misses uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.hits, c.miss
}

// usage returns the entries cached and the bytes charged to them.
func (c *planCache) usage() (entries int, bytes int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ll.Len(), c.bytes
}
