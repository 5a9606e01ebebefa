package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/psnclient/psn-client/store"
)

func newFriendsCmd(env Env, g *globalFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "friends",
		Short: "Your friends: online IDs and account IDs (names cached for good)",
		Long: `friends lists your PSN friends by name, with their account IDs (what --user and compare take).
The list itself is one request per 1,000 friends and follows the cache rule (fresh for 5 minutes;
--refresh, --offline). Each friend's name costs one request the first time, and is cached for good:
listing your friends again costs no request for names. --user lists another account's friends when
that account shows its list.`,
		Example: "  psn-client friends\n  psn-client friends --json | jq -r '.[].onlineId'",
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := openSession(cmd.Context(), env, g, true)
			if err != nil {
				return err
			}
			defer s.Close()
			fl, err := s.friends(cmd.Context())
			s.endWaits()
			if err != nil {
				return err
			}
			defer s.noteCached(fl.Offline, fl.Err, fl.FetchedAt)
			friends := sortFriends(fl.Friends)
			if g.json {
				out := make([]jsonFriend, len(friends))
				for i, f := range friends {
					out[i] = friendJSON(f)
				}
				return writeJSON(env.Stdout, out)
			}
			writeFriendsTable(env.Stdout, friends)
			if fl.Unnamed > 0 {
				fmt.Fprintf(env.Stderr, "%s not named yet (run friends again without --offline)\n", plural(fl.Unnamed, "friend", "friends"))
			}
			return nil
		},
	}
	addUserFlags(cmd, g, true)
	addPolicyFlags(cmd, g)
	return cmd
}

// friends reads the friends list under the session's policy and names every friend not named yet
// (one request each, once), saying first what that costs.
func (s *session) friends(ctx context.Context) (store.FriendList, error) {
	fl, err := s.lib.Friends(ctx, s.account.ID, s.policy)
	switch {
	case errors.Is(err, store.ErrFriendsPrivate):
		return fl, userError{fmt.Sprintf("%s's friends list is private", s.displayName())}
	case err != nil:
		return fl, s.explain(s.notCached(err, "the friends list is"))
	}
	if fl.Unnamed == 0 || s.policy == store.Offline {
		return fl, nil
	}
	fmt.Fprintf(s.env.Stderr, "naming %s: %s, once (names are kept)\n", plural(fl.Unnamed, "friend", "friends"),
		plural(fl.Unnamed, "request", "requests"))
	if _, err := s.lib.NameFriends(ctx, fl.Friends, nil); err != nil {
		if ctx.Err() != nil {
			return fl, stoppedError{"stopped: the names that arrived are kept"}
		}
		return fl, s.explain(err)
	}
	named, _, err := s.lib.CachedFriends(s.account.ID)
	if err != nil {
		return fl, err
	}
	named.Offline, named.Err = fl.Offline, fl.Err
	return named, nil
}

// sortFriends orders friends by name (case ignored), those without a name (closed accounts) last.
func sortFriends(in []store.Friend) []store.Friend {
	out := append([]store.Friend(nil), in...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if (a.OnlineID == "") != (b.OnlineID == "") {
			return a.OnlineID != ""
		}
		return strings.ToLower(a.OnlineID) < strings.ToLower(b.OnlineID)
	})
	return out
}

func writeFriendsTable(w io.Writer, friends []store.Friend) {
	t := newTable("ONLINE ID", "ACCOUNT ID")
	for _, f := range friends {
		name := f.OnlineID
		switch {
		case f.NoProfile:
			name = "(no profile)"
		case name == "":
			name = "(not named yet)"
		}
		t.add(name, f.AccountID)
	}
	t.write(w)
}

// jsonFriend is friends --json (README.md documents it).
type jsonFriend struct {
	AccountID string  `json:"accountId"`
	OnlineID  *string `json:"onlineId"` // null: not named yet, or no profile
	AvatarURL string  `json:"avatarUrl,omitempty"`
	IsPlus    bool    `json:"isPlus"`
}

func friendJSON(f store.Friend) jsonFriend {
	j := jsonFriend{AccountID: f.AccountID, AvatarURL: f.AvatarURL, IsPlus: f.IsPlus}
	if f.OnlineID != "" {
		name := f.OnlineID
		j.OnlineID = &name
	}
	return j
}
