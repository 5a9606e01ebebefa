//go:build !unix

package store

func probeFileSizeLimit(string) error { return nil }
