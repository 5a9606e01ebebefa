// Command psn-client browses PlayStation Network trophies in the terminal. This file only wires the
// process to the cli package: signals, standard streams, the terminal checks and the exit status.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/term"

	"github.com/psnclient/psn-client/cli"
)

// version is replaced at release time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	// The first Ctrl-C (or SIGTERM) asks the command to stop cleanly; after it the default handling
	// is back, so a second one ends the process even while something does not listen (every write is
	// atomic: nothing is torn).
	go func() {
		<-ctx.Done()
		stop()
	}()
	cli.Version = version
	code := cli.Run(ctx, os.Args[1:], cli.Env{
		Stdin:  os.Stdin,
		Stdout: os.Stdout,
		Stderr: os.Stderr,
		Getenv: os.Getenv,
		IsTerminal: func(f any) bool {
			file, ok := f.(*os.File)
			return ok && term.IsTerminal(int(file.Fd()))
		},
		Width: func(f any) int {
			file, ok := f.(*os.File)
			if !ok {
				return 0
			}
			w, _, err := term.GetSize(int(file.Fd()))
			if err != nil {
				return 0
			}
			return w
		},
		ReadPassword: func() (string, error) {
			b, err := term.ReadPassword(int(os.Stdin.Fd()))
			return string(b), err
		},
	})
	stop()
	os.Exit(code)
}
