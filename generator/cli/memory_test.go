package cli

import (
	"runtime"
	"testing"
)

func TestCeiling(t *testing.T) {
	for _, tc := range []struct {
		live uint64
		want int64
	}{
		{0, memoryFloor},
		{10 << 20, memoryFloor},
		{memoryFloor * 2 / 3, memoryFloor},
		{100 << 20, 150 << 20},
		{1 << 30, 3 << 29},
		{1 << 63, 1 << 62},
	} {
		if got := ceiling(tc.live); got != tc.want {
			t.Errorf("ceiling(%d) = %d, want %d", tc.live, got, tc.want)
		}
	}
}

func TestAfterEachGC(t *testing.T) {
	calls := make(chan struct{}, 1)
	afterEachGC(func() {
		select {
		case calls <- struct{}{}:
		default:
		}
	})
	// Each collection finds the armed object unreachable; the hook re-arms itself, so
	// it runs again after the next one.
	for i := 0; i < 3; i++ {
		runtime.GC()
		<-calls
	}
	if liveHeap() == 0 {
		t.Error("liveHeap() = 0 after a collection")
	}
}
