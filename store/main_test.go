package store

import (
	"os"
	"testing"
)

// TestMain removes the trophy index benchmarks' shared library (built once per test binary).
func TestMain(m *testing.M) {
	code := m.Run()
	if tixFixture.root != "" {
		os.RemoveAll(tixFixture.root)
	}
	os.Exit(code)
}
