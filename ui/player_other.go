//go:build !unix

package ui

import (
	"context"
	"os/exec"
)

// startDetached starts argv with no terminal; a goroutine reaps it.
func startDetached(ctx context.Context, argv []string) error {
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait() //nolint:errcheck // the player's exit status is of no interest
	return nil
}
