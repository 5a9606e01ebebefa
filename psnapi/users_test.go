package psnapi

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"testing"
)

func TestResolveUser(t *testing.T) {
	e := newEnv(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/userProfile/v1/users/EvangelionKills/profile2":
			if r.URL.Query().Get("fields") != "accountId,onlineId,currentOnlineId" {
				t.Errorf("fields = %q", r.URL.Query().Get("fields"))
			}
			writeJSON(w, 200, `{"profile": {"onlineId": "EvangelionKills", "accountId": "6074310610488045645", "currentOnlineId": "kerksten"}}`)
		case "/userProfile/v1/users/dfhlidsahfdszh/profile2":
			writeJSON(w, 404, `{"error": {"code": 2105356, "message": "User not found (user: 'dfhlidsahfdszh')"}}`)
		default:
			t.Errorf("unexpected %s", r.URL.Path)
		}
	})
	ctx := context.Background()
	for in, want := range map[string]Profile{
		"":                    {AccountID: "me", IsMe: true},
		"me":                  {AccountID: "me", IsMe: true},
		" ME ":                {AccountID: "me", IsMe: true},
		"6515971742264256071": {AccountID: "6515971742264256071"},
	} {
		got, err := e.client.ResolveUser(ctx, in)
		if err != nil || got != want {
			t.Errorf("ResolveUser(%q) = %+v, %v", in, got, err)
		}
	}
	if n := len(e.requests()); n != 0 {
		t.Fatalf("%d requests for me and numeric ids, want none", n)
	}
	got, err := e.client.ResolveUser(ctx, "EvangelionKills")
	if err != nil || got != (Profile{OnlineID: "EvangelionKills", AccountID: "6074310610488045645", CurrentOnlineID: "kerksten"}) {
		t.Errorf("online ID: %+v, %v", got, err)
	}
	_, err = e.client.ResolveUser(ctx, "dfhlidsahfdszh")
	var ae *APIError
	if !IsNotFound(err) || KindOf(err) != KindNotFound || !errors.As(err, &ae) || ae.Code != 2105356 {
		t.Errorf("unknown user: %v", err)
	}
	before := len(e.requests())
	for _, bad := range []string{"a", "has space", "../../api", "x/y", "toolongonlineid12345", "名前です"} {
		if _, err := e.client.ResolveUser(ctx, bad); !IsNotFound(err) {
			t.Errorf("ResolveUser(%q) = %v", bad, err)
		}
	}
	if len(e.requests()) != before {
		t.Error("impossible online IDs were sent")
	}
}

func TestIsAccountID(t *testing.T) {
	for s, want := range map[string]bool{
		"6515971742264256071": true, "93330175277685226": true, "0": true, "18446744073709551615": true,
		"": false, "me": false, "123a": false, "-1": false, "184467440737095516150": false, " 1": false,
	} {
		if IsAccountID(s) != want {
			t.Errorf("IsAccountID(%q) = %v", s, !want)
		}
	}
}

// profiles answers without the account id; profile2 has "plus": 0/1 and avatarUrls.
func TestProfileShapes(t *testing.T) {
	const profiles = `{"onlineId": "VaultTec_Trading", "aboutMe": "r/Fallout76Marketplace Moderator", "avatars": [{"size": "s", "url": "http://s.png"}, {"size": "xl", "url": "http://xl.png"}, {"size": "l", "url": "http://l.png"}, {"size": "m", "url": "http://m.png"}], "languages": ["en-US"], "isPlus": true, "isOfficiallyVerified": false, "isMe": false}`
	e := newEnv(t, expectRequest(t, "/api/userProfile/v1/internal/users/8520698476712646544/profiles", nil, profiles))
	got, err := e.client.ProfileByAccountID(context.Background(), "8520698476712646544")
	if err != nil {
		t.Fatal(err)
	}
	deepEqual(t, "profiles", got, Profile{OnlineID: "VaultTec_Trading", AccountID: "8520698476712646544",
		AboutMe: "r/Fallout76Marketplace Moderator", IsPlus: true, AvatarURL: "http://l.png"})

	e = newEnv(t, expectRequest(t, "/api/userProfile/v1/internal/users/me/profiles", nil,
		`{"onlineId": "VaultTec-Co", "isPlus": false, "isMe": true}`))
	got, err = e.client.ProfileByAccountID(context.Background(), "me")
	if err != nil || got.AccountID != "me" || !got.IsMe || got.OnlineID != "VaultTec-Co" {
		t.Errorf("me: %+v, %v", got, err)
	}

	var p Profile
	if err := decodeJSON("p", []byte(`{"onlineId": "x", "accountId": "1", "plus": 1, "avatarUrls": [{"size": "l", "avatarUrl": "http://a.png"}]}`), &p); err != nil {
		t.Fatal(err)
	}
	if !p.IsPlus || p.AvatarURL != "http://a.png" {
		t.Errorf("profile2 shape: %+v", p)
	}
	if err := decodeJSON("p", []byte(`{"onlineId": "x", "plus": 0}`), &p); err != nil || p.IsPlus {
		t.Errorf("plus 0: %+v %v", p, err)
	}
	// Our own JSON (a cache) reads back the same.
	data, _ := json.Marshal(Profile{OnlineID: "x", AccountID: "1", IsPlus: true, AvatarURL: "http://a.png", IsMe: true})
	var back Profile
	if err := decodeJSON("p", data, &back); err != nil || back != (Profile{OnlineID: "x", AccountID: "1", IsPlus: true, AvatarURL: "http://a.png", IsMe: true}) {
		t.Errorf("round trip: %+v %v", back, err)
	}
}
