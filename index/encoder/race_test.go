//go:build race

package encoder

// raceEnabled: the race detector makes sync.Pool drop what is put back, so
// allocation counts mean nothing.
const raceEnabled = true
