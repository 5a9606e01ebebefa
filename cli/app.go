// Package cli is psn-client's command line: the cobra command tree, plain and JSON output, and the
// wiring of psnapi, store and ui that each command needs. main only calls Run.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/psnclient/psn-client/ui"
)

// Exit statuses of the external contract.
const (
	ExitOK    = 0
	ExitError = 1
	ExitUsage = 2
	// ExitStopped: Ctrl-C (or SIGTERM) stopped the command; it said what was kept.
	ExitStopped = 130
)

// Version is set by main (and by -ldflags at release time).
var Version = "dev"

// Env is everything a run touches outside the process, so tests drive the same entry point as the binary.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	// IsTerminal reports whether the stream is a terminal (stdin, stdout, stderr).
	IsTerminal func(f any) bool
	// Width reports a terminal stream's columns (0 when unknown).
	Width func(f any) int
	// ReadPassword reads a line without echo from the terminal stdin.
	ReadPassword func() (string, error)
	// Now and Sleep are the clock and the waiting (default time.Now and a timer), for tests.
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
}

// usageError marks errors that exit with status 2 and print the command's usage.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// valueError is a usage error about one flag's value: one line (naming the flag, what it needs
// and where the help is) says all, so Run prints no usage after it.
type valueError struct{ err error }

func (e valueError) Error() string { return e.err.Error() }
func (e valueError) Unwrap() error { return e.err }

// flagValueError turns pflag's "invalid argument "abc" for "--limit" flag: strconv.ParseInt: …"
// into "--limit needs a whole number, not "abc" (see psn-client next --help)".
func flagValueError(cmd *cobra.Command, err error) error {
	var iv *pflag.InvalidValueError
	if !errors.As(err, &iv) {
		return usageError{err}
	}
	need := "a valid " + iv.GetFlag().Value.Type()
	switch iv.GetFlag().Value.Type() {
	case "int", "int64", "int32", "uint", "uint64":
		need = "a whole number"
	case "duration":
		need = "a duration such as 30s or 5m"
	case "bool":
		need = "true or false"
	}
	return valueError{fmt.Errorf("--%s needs %s, not %q (see %s --help)", iv.GetFlag().Name, need, iv.GetValue(), cmd.CommandPath())}
}

// silentError is an error already reported to the user.
type silentError struct{ code int }

func (e silentError) Error() string { return fmt.Sprintf("exit %d", e.code) }

// Run executes the command line args (without the program name) and returns the exit status.
func Run(ctx context.Context, args []string, env Env) int {
	env = env.withDefaults()
	root, g := newRoot(env)
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		printNotes(env, g.notes)
		return ExitOK
	}
	var silent silentError
	if errors.As(err, &silent) {
		return silent.code
	}
	if stopped, ok := asStopped(ctx, err); ok {
		fmt.Fprintf(env.Stderr, "psn-client: %s\n", ui.VisibleLine(stopped))
		return ExitStopped
	}
	var short valueError
	if errors.As(err, &short) {
		fmt.Fprintf(env.Stderr, "psn-client: %s\n", ui.VisibleLine(err.Error()))
		return ExitUsage
	}
	var usage usageError
	if errors.As(err, &usage) || isCobraUsageError(err) {
		fmt.Fprintf(env.Stderr, "psn-client: %s\n", ui.VisibleLine(err.Error()))
		if cmd != nil {
			fmt.Fprintf(env.Stderr, "\n%s", cmd.UsageString())
		}
		return ExitUsage
	}
	// One line, whole: a newline in a title's name must not hide the cause after it (VisibleLine
	// joins the lines and shows control characters escaped).
	fmt.Fprintf(env.Stderr, "psn-client: %s\n", ui.VisibleLine(userMessage(err)))
	return ExitError
}

// isCobraUsageError recognises the errors cobra itself returns for bad commands and arguments.
func isCobraUsageError(err error) bool {
	s := err.Error()
	return strings.HasPrefix(s, "unknown command") || strings.HasPrefix(s, "unknown flag") ||
		strings.HasPrefix(s, "unknown shorthand flag") || strings.Contains(s, "arg(s), received") ||
		strings.HasPrefix(s, "invalid argument") || strings.HasPrefix(s, "flag needs an argument")
}

func (e Env) withDefaults() Env {
	if e.Stdin == nil {
		e.Stdin = os.Stdin
	}
	if e.Stdout == nil {
		e.Stdout = os.Stdout
	}
	if e.Stderr == nil {
		e.Stderr = os.Stderr
	}
	if e.Getenv == nil {
		e.Getenv = os.Getenv
	}
	if e.IsTerminal == nil {
		e.IsTerminal = func(any) bool { return false }
	}
	if e.Now == nil {
		e.Now = time.Now
	}
	if e.Sleep == nil {
		e.Sleep = sleepCtx
	}
	return e
}

func (e Env) width(f any) int {
	if e.Width == nil {
		return 0
	}
	return e.Width(f)
}

// globalFlags are accepted by every command.
type globalFlags struct {
	demo    bool
	user    string
	json    bool
	compare string
	notes   []string // what the store repaired during the run
	// refresh and offline are the data commands' cache policy (see policy).
	refresh, offline bool
	// background declares the process background-only (sync, watch): it keeps no interactive
	// reserve for itself.
	background bool
	// tui: the browser runs, which shows waits in its status bar (no wait line on stderr).
	tui bool
}

func newRoot(env Env) (*cobra.Command, *globalFlags) {
	g := &globalFlags{}
	root := &cobra.Command{
		Use:   "psn-client",
		Short: "Browse your PlayStation Network trophies in the terminal",
		Long: `psn-client browses PlayStation Network trophies: titles, trophy groups (DLC), rarity, dates,
PS5 progress, Game Help hints and videos, and a side-by-side comparison with a friend.

Run it without a command for the interactive browser. Log in once with "psn-client login",
or try it with "psn-client --demo", which needs no account and no network.`,
		Version:       Version,
		SilenceErrors: true,
		SilenceUsage:  true,
		Args:          noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runBrowse(cmd.Context(), env, g)
		},
	}
	root.SetIn(env.Stdin)
	root.SetOut(env.Stdout)
	root.SetErr(env.Stderr)
	root.SetVersionTemplate("psn-client {{.Version}}\n")
	root.SetFlagErrorFunc(flagValueError)
	root.PersistentFlags().BoolVar(&g.demo, "demo", false, "use the built-in demo account and fake server (no login, no network)")
	root.Flags().StringVar(&g.user, "user", "", "browse another account: PSN online ID or numeric account ID")
	root.Flags().StringVar(&g.compare, "compare", "", "start in compare mode with this online ID or account ID")

	root.AddCommand(
		newLoginCmd(env, g),
		newLogoutCmd(env, g),
		newTitlesCmd(env, g),
		newTrophiesCmd(env, g),
		newSummaryCmd(env, g),
		newSyncCmd(env, g),
		newExportCmd(env, g),
		newNextCmd(env, g),
		newWatchCmd(env, g),
		newSearchCmd(env, g),
		newRecentCmd(env, g),
		newStatsCmd(env, g),
		newFriendsCmd(env, g),
	)
	root.CompletionOptions.HiddenDefaultCmd = false
	return root, g
}

// printNotes tells, in one line after a successful command, what the store repaired on the way
// (corrupt cache files discarded and fetched again, an unreadable config). A failed command prints
// only its error.
func printNotes(env Env, notes []string) {
	switch len(notes) {
	case 0:
	case 1:
		fmt.Fprintf(env.Stderr, "psn-client: note: %s\n", ui.CleanLine(notes[0]))
	default:
		fmt.Fprintf(env.Stderr, "psn-client: note: %s (and %d more like it)\n", ui.CleanLine(notes[0]), len(notes)-1)
	}
}

// addUserFlags gives a data command its --user and --json flags.
func addUserFlags(cmd *cobra.Command, g *globalFlags, withJSON bool) {
	cmd.Flags().StringVar(&g.user, "user", "", "PSN online ID or numeric account ID (default: the logged-in account)")
	if withJSON {
		cmd.Flags().BoolVar(&g.json, "json", false, "print JSON instead of a table")
	}
}

func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageError{fmt.Errorf("unexpected argument %q for %q", args[0], cmd.CommandPath())}
	}
	return nil
}

func minimumArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < n {
			return usageError{fmt.Errorf("%s needs %s", cmd.CommandPath(), what)}
		}
		return nil
	}
}
