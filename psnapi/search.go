package psnapi

import (
	"context"
	"encoding/json"
	"strings"
)

// Sony's universal search (persisted GraphQL of the PlayStation App), its players domain: the
// online ID lookup's fallback for the day the legacy profile2 host is retired.
const (
	opContextSearch   = "metGetContextSearchResults"
	hashContextSearch = "ac5fb2b82c4d086ca0d272fba34418ab327a7762dd2cd620e63f175bbc5aff10"
	searchContextUser = "MobileUniversalSearchSocial"
	searchDomainUsers = "SocialAllAccounts"
)

// UserSearchResult is a player the universal search found.
type UserSearchResult struct {
	AccountID   string `json:"accountId"`
	OnlineID    string `json:"onlineId"`
	DisplayName string `json:"displayName,omitempty"`
	AvatarURL   string `json:"avatarUrl,omitempty"`
	IsPlus      bool   `json:"isPsPlus,omitempty"`
}

// UserSearch is the first page of a player search (about 15 players, best matches first).
type UserSearch struct {
	Users   []UserSearchResult
	Next    string   // Sony's cursor for more results ("" when there are none)
	Skipped []string // results that could not be read
}

// userSearchAnswer reads universalContextSearch: its players domain, result by result.
type userSearchAnswer UserSearch

func (a *userSearchAnswer) UnmarshalJSON(b []byte) error {
	var aux struct {
		Results []struct {
			Domain        string            `json:"domain"`
			Next          string            `json:"next"`
			SearchResults []json.RawMessage `json:"searchResults"`
		} `json:"results"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return fieldError(err)
	}
	var out userSearchAnswer
	for _, d := range aux.Results {
		if d.Domain != searchDomainUsers {
			continue
		}
		out.Next = d.Next
		for i, raw := range d.SearchResults {
			var item struct {
				Result struct {
					AccountID   json.RawMessage `json:"accountId"`
					OnlineID    string          `json:"onlineId"`
					DisplayName string          `json:"displayName"`
					AvatarURL   string          `json:"avatarUrl"`
					IsPsPlus    bool            `json:"isPsPlus"`
				} `json:"result"`
			}
			err := errEmptyRecord
			if !rawIsNull(raw) {
				if err = json.Unmarshal(raw, &item); err == nil {
					var id string
					if id, err = readAccountID(item.Result.AccountID); err == nil && item.Result.OnlineID != "" {
						out.Users = append(out.Users, UserSearchResult{AccountID: id, OnlineID: item.Result.OnlineID,
							DisplayName: item.Result.DisplayName, AvatarURL: item.Result.AvatarURL, IsPlus: item.Result.IsPsPlus})
						continue
					}
					if err == nil {
						err = errNoOnlineID
					}
				}
			}
			out.Skipped = append(out.Skipped, skipLine("search result", i, raw, nil, err))
		}
	}
	*a = out
	return nil
}

var errNoOnlineID = errorString("no onlineId")

// SearchUsers asks Sony's universal search for players matching term (an online ID or a name):
// one request, the first page of results, best matches first.
func (c *Client) SearchUsers(ctx context.Context, term string) (UserSearch, error) {
	vars := map[string]any{"searchTerm": term, "searchContext": searchContextUser, "displayTitleLocale": "en-US"}
	var out userSearchAnswer
	_, err := c.graphQL(ctx, opContextSearch, hashContextSearch, "universalContextSearch", vars, &out)
	if err != nil {
		return UserSearch{}, err
	}
	return UserSearch(out), nil
}

// searchOnlineID finds the account whose online ID is exactly onlineID (case ignored) among the
// search's first results; none is a not-found *APIError from EndpointUserSearch.
func (c *Client) searchOnlineID(ctx context.Context, onlineID string) (Profile, error) {
	res, err := c.SearchUsers(ctx, onlineID)
	if err != nil {
		return Profile{}, err
	}
	for _, u := range res.Users {
		if strings.EqualFold(u.OnlineID, onlineID) {
			return Profile{OnlineID: u.OnlineID, AccountID: u.AccountID, AvatarURL: u.AvatarURL, IsPlus: u.IsPlus}, nil
		}
	}
	return Profile{}, &APIError{Kind: KindNotFound, Endpoint: EndpointUserSearch,
		Message: "no user named " + quoteShort(onlineID)}
}
