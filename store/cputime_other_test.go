//go:build !unix

package store

import "time"

// processCPU is not measured here (the metric reads 0).
func processCPU() time.Duration { return 0 }
