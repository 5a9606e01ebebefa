//go:build unix

package ui

import (
	"context"
	"os/exec"
	"syscall"
)

// startDetached starts argv with no terminal (nil stdin, stdout and stderr) in its own session, so it
// outlives the TUI and never reads its keys; a goroutine reaps it.
func startDetached(ctx context.Context, argv []string) error {
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	if err := cmd.Start(); err != nil {
		return err
	}
	go cmd.Wait() //nolint:errcheck // the player's exit status is of no interest
	return nil
}
