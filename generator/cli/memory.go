package cli

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// How a build uses memory. A build allocates a lot of short-lived memory per page (the
// Markdown's syntax tree, the page's HTML) and keeps little (the arranged handbook, the
// search index, the journal's records): about 2.5 KB a page. Go's collector lets the
// heap grow to a multiple of what it kept before collecting again, so the peak is
// mostly garbage waiting, and grows with the handbook.
//
// tuneGC sets two bounds on that:
//
//   - GOGC=200: while the heap is small, it may grow to three times what is kept between
//     collections rather than twice. Collecting half as often saves about a tenth of the
//     time of a small handbook's build.
//   - A soft memory limit (debug.SetMemoryLimit) of memoryFloor, raised after every
//     collection to half as much again as what the collection kept (ceiling). Below the
//     limit the collector paces itself by GOGC; near it, it collects sooner. The
//     limit follows what is kept, so a handbook that needs more than memoryFloor is
//     never starved: the collector runs more often, about once for every half of the
//     kept heap allocated, rather than without pause.
//
// On the generated handbooks of docs/performance.md this keeps the peak near 125 MiB at
// 10,000 pages (155 MiB with GOGC alone) with no measurable change in time, and under
// 300 MiB at 50,000 (about 650 MiB with GOGC alone) for a third to a half more time.
// Setting GOGC or GOMEMLIMIT in the environment replaces the matching bound: GOMEMLIMIT
// fixes the limit (GOMEMLIMIT=off lifts it), GOGC the growth.
const (
	memoryFloor = 112 << 20
	// memorySlack is the share of the kept heap that the limit adds above it: 2 is a
	// half.
	memorySlack = 2
)

// ceiling returns the soft memory limit after a collection that kept live bytes.
func ceiling(live uint64) int64 {
	limit := live + live/memorySlack
	if limit < memoryFloor {
		return memoryFloor
	}
	if limit > uint64(1<<62) {
		return 1 << 62
	}
	return int64(limit)
}

var tuneOnce sync.Once

// tuneGC sets the collector's bounds for a build (see above); the limit is updated
// after each collection for as long as the process runs.
func tuneGC() {
	tuneOnce.Do(func() {
		if _, ok := os.LookupEnv("GOGC"); !ok {
			debug.SetGCPercent(200)
		}
		if _, ok := os.LookupEnv("GOMEMLIMIT"); !ok {
			debug.SetMemoryLimit(memoryFloor)
			afterEachGC(func() { debug.SetMemoryLimit(ceiling(liveHeap())) })
		}
	})
}

// liveHeap returns the bytes the last collection kept (0 before the first).
func liveHeap() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// afterEachGC calls f after every garbage collection from now on, on the runtime's
// cleanup goroutine: each call first arms the next with a new object for the collector
// to find unreachable.
func afterEachGC(f func()) {
	type sentinel struct{ _ [16]byte } // not a tiny allocation, so that it is freed alone
	var arm func()
	arm = func() {
		runtime.AddCleanup(new(sentinel), func(struct{}) {
			arm() // first, so that a collection while f runs is not missed
			f()
		}, struct{}{})
	}
	arm()
}
