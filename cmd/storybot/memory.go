package main

import (
	"log/slog"
	"runtime/metrics"
)

// The default soft memory limit of the serving modes is baseMemoryLimit
// plus memoryPerHeap times the heap the index took once loaded: room for
// requests, a reload building a new index beside the old one, and
// GOGC=400's garbage, scaled to the corpus (about 140 MiB for a small one,
// 1.5 GiB at a million sentences), never so tight that the collector runs
// without end.
const (
	baseMemoryLimit = 128 << 20
	memoryPerHeap   = 3
)

// memoryLimit picks the Go runtime's soft memory limit: set (from
// GOMEMLIMIT) if it is not zero, else the default above. Near the limit
// the collector runs more often and gives memory back to the system, so
// that a burst of requests (or of forged ones) does not leave the process
// holding what GOGC=400 let it grow to.
func memoryLimit(set int64, log *slog.Logger) int64 {
	if set != 0 {
		log.Info("memory limit", "limit_mib", set>>20, "from", "GOMEMLIMIT")
		return set
	}
	heap := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(heap)
	limit := baseMemoryLimit + memoryPerHeap*int64(heap[0].Value.Uint64())
	log.Info("memory limit", "limit_mib", limit>>20, "heap_mib", heap[0].Value.Uint64()>>20, "from", "default (set GOMEMLIMIT to choose)")
	return limit
}
