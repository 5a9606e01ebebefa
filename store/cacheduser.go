package store

import (
	"context"
	"strings"
)

// CachedUser is ResolveUser without a request: the answer ResolveUser would give from what is known
// already ("" and "me", a numeric ID, an online ID looked up within UserMaxAge or a friend's named within it), and false when it
// would have to ask PSN. The browser uses it to show an account's cached list in its first frame.
func (l *Library) CachedUser(nameOrID string) (Account, bool) {
	nameOrID = strings.TrimSpace(nameOrID)
	if isMe(nameOrID) || isAccountID(nameOrID) {
		a, err := l.ResolveUser(context.Background(), nameOrID) // neither case sends a request
		return a, err == nil
	}
	u, ok := l.loadUsers().Users[strings.ToLower(nameOrID)]
	if !ok || l.now().Sub(u.At) >= l.opt.UserMaxAge {
		if f, ok := l.friendByName(nameOrID, l.opt.UserMaxAge); ok {
			return Account{ID: f.AccountID, OnlineID: f.OnlineID}, true
		}
		return Account{}, false
	}
	return Account{ID: u.AccountID, OnlineID: u.OnlineID}, true
}
