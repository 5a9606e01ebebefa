package psntest

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"
)

const signinURL = "https://my.account.sony.com/sonyacct/signin/"

// authorize answers GET /api/authz/v3/oauth/authorize: with a registered npsso cookie a 302 to the
// client's redirect URI with ?code=v3.XXXXXX&cid=…; otherwise a 302 to Sony's sign-in page with
// error=login_required&error_code=4165 (never an HTTP error). The client id, redirect URI and scope
// must be the server's (Options.ClientID…).
func (s *Server) authorize(c *call) response {
	q := c.r.URL.Query()
	if q.Get("client_id") != s.opts.ClientID || q.Get("response_type") != "code" || q.Get("redirect_uri") != s.opts.RedirectURI {
		return oauthError(http.StatusBadRequest, "invalid_request", "Invalid client_id, response_type or redirect_uri", 4098)
	}
	if sc := q.Get("scope"); sc != "" && sc != s.opts.Scope {
		return oauthError(http.StatusBadRequest, "invalid_scope", "Invalid scope", 4099)
	}
	cid := "00000000-0000-0000-0000-" + strings.ToLower(randomHex(12))
	h := http.Header{}
	h.Set("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate")
	var npsso string
	if ck, err := c.r.Cookie("npsso"); err == nil {
		npsso = ck.Value
	}
	account, ok := s.npsso[npsso]
	if !ok || npsso == "" {
		h.Set("Location", signinURL+"?"+c.r.URL.RawQuery+"&auth_ver=v3&error=login_required&error_code=4165"+
			"&error_description=User+is+not+authenticated&no_captcha=true&cid="+cid)
		return response{status: http.StatusFound, header: h}
	}
	code := "v3." + randomToken(5)[:6]
	s.codes[code] = tokenInfo{account: account, expires: s.opts.Now().Add(5 * time.Minute)}
	h.Set("Location", s.opts.RedirectURI+"/?code="+url.QueryEscape(code)+"&cid="+cid)
	return response{status: http.StatusFound, header: h}
}

// token answers POST /api/authz/v3/oauth/token for grant_type authorization_code and refresh_token.
func (s *Server) token(c *call) response {
	if c.r.Header.Get("Authorization") != "Basic "+base64.StdEncoding.EncodeToString([]byte(s.opts.ClientID+":"+s.opts.ClientSecret)) {
		return oauthError(http.StatusUnauthorized, "invalid_client", "Bad client credentials", 4102)
	}
	if err := c.r.ParseForm(); err != nil {
		return oauthError(http.StatusBadRequest, "invalid_request", "Malformed request body", 4098)
	}
	if sc := c.r.PostForm.Get("scope"); sc != "" && sc != s.opts.Scope {
		return oauthError(http.StatusBadRequest, "invalid_scope", "Invalid scope", 4099)
	}
	now := s.opts.Now()
	var creds Credentials
	switch c.r.PostForm.Get("grant_type") {
	case "authorization_code":
		code := c.r.PostForm.Get("code")
		ci, ok := s.codes[code]
		delete(s.codes, code)
		if !ok || !now.Before(ci.expires) {
			return oauthError(http.StatusBadRequest, "invalid_grant", "Invalid authorization code", 4156)
		}
		if ru := c.r.PostForm.Get("redirect_uri"); ru != "" && ru != s.opts.RedirectURI {
			return oauthError(http.StatusBadRequest, "invalid_grant", "Invalid redirect_uri", 4157)
		}
		creds = s.issueLocked(ci.account, time.Time{})
	case "refresh_token":
		rt := c.r.PostForm.Get("refresh_token")
		ri, ok := s.refresh[rt]
		if !ok || !now.Before(ri.expires) {
			return oauthError(http.StatusBadRequest, "invalid_grant", "Invalid refresh token", 4159)
		}
		creds = s.issueLocked(ri.account, ri.expires)
		creds.RefreshToken = rt
	default:
		return oauthError(http.StatusBadRequest, "unsupported_grant_type", "Unsupported grant type", 4099)
	}
	body, _ := json.Marshal(orderedObj{
		{"access_token", creds.AccessToken},
		{"token_type", "bearer"},
		{"expires_in", int(creds.AccessExpiresAt.Sub(now) / time.Second)},
		{"scope", s.opts.Scope},
		{"id_token", "eyJhbGciOiJub25lIn0." + randomToken(24) + "."},
		{"refresh_token", creds.RefreshToken},
		{"refresh_token_expires_in", int(creds.RefreshExpiresAt.Sub(now) / time.Second)},
	})
	res := jsonResponse(http.StatusOK, body)
	res.header.Set("Content-Type", "application/json;charset=UTF-8")
	res.header.Set("Cache-Control", "no-store")
	return res
}

// oauthError is the OAuth error body {"error","error_description","error_code"}.
func oauthError(status int, code, desc string, n int) response {
	body, _ := json.Marshal(orderedObj{{"error", code}, {"error_description", desc}, {"error_code", n}})
	res := jsonResponse(status, body)
	res.header.Set("Content-Type", "application/json;charset=UTF-8")
	return res
}

func randomHex(n int) string {
	const digits = "0123456789ABCDEF"
	b := []byte(randomToken(n))
	for i := range b {
		b[i] = digits[int(b[i])%16]
	}
	return string(b[:n])
}
