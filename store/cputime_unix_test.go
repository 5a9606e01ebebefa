//go:build unix

package store

import (
	"syscall"
	"time"
)

// processCPU is the CPU time the test process has used (every thread: commands, the collector), so a
// benchmark can report its CPU time per operation, which a machine busy with other work inflates far
// less than the wall-clock time.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
