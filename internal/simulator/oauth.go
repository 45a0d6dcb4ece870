package simulator

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"time"
)

// The token endpoint, POST /v1/access_token: an integration or service app
// trades its refresh token for an access token (grant_type=refresh_token,
// client_id, client_secret, refresh_token as form fields). Errors follow
// RFC 6749 ({"error": "invalid_grant", ...}) with Webex's tracking id.

// The built-in integration and its refresh tokens.
const (
	// OAuthClientID and OAuthClientSecret identify the built-in integration.
	OAuthClientID     = "sim-oauth-client-id"
	OAuthClientSecret = "sim-oauth-client-secret"
	// RefreshToken is alice's: access tokens for 14 days, the refresh
	// token itself for 90.
	RefreshToken = "sim-refresh-token"
	// ExpiringRefreshToken is RefreshToken with 5 days left.
	ExpiringRefreshToken = "sim-refresh-token-expiring"
	// ShortLivedRefreshToken gives access tokens that live
	// ShortAccessTokenLifetime, so a run outlives them.
	ShortLivedRefreshToken = "sim-refresh-token-short-lived"
	// ExpiredRefreshToken and RevokedRefreshToken are refused (invalid_grant).
	ExpiredRefreshToken = "sim-refresh-token-expired"
	RevokedRefreshToken = "sim-refresh-token-revoked"
	// Hostile answers: ExpiredOnArrivalRefreshToken gives working access
	// tokens whose expires_in is negative; UnusableTokenRefreshToken gives
	// an access token no header can carry.
	ExpiredOnArrivalRefreshToken = "sim-refresh-token-expired-on-arrival"
	UnusableTokenRefreshToken    = "sim-refresh-token-unusable"

	// ShortAccessTokenLifetime is how long ShortLivedRefreshToken's access
	// tokens are valid.
	ShortAccessTokenLifetime = 3 * time.Second
)

const (
	accessTokenLifetime  = 14 * 24 * time.Hour
	refreshTokenLifetime = 90 * 24 * time.Hour
)

// tokenAnswer is the token endpoint's success body.
type tokenAnswer struct {
	AccessToken           string `json:"access_token"`
	ExpiresIn             int64  `json:"expires_in"`
	RefreshToken          string `json:"refresh_token"`
	RefreshTokenExpiresIn int64  `json:"refresh_token_expires_in"`
	TokenType             string `json:"token_type"`
}

// oauthError is RFC 6749's error document, with Webex's tracking id.
type oauthError struct {
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description"`
	TrackingID       string `json:"trackingId"`
}

// TokenEndpoint is the id under which FailNext breaks the
// token endpoint's answers.
const TokenEndpoint = "access_token"

// TokenRequests is how many requests the token endpoint received.
func (s *Server) TokenRequests() int64 { return s.tokenRequests.Load() }

func (s *Server) handleAccessToken(w http.ResponseWriter, r *http.Request) {
	s.tokenRequests.Add(1)
	s.serveWithFaults(w, r, TokenEndpoint, s.issueToken)
}

func (s *Server) issueToken(w http.ResponseWriter, r *http.Request) {
	refuse := func(status int, code, description string) {
		writeJSON(w, status, oauthError{Error: code, ErrorDescription: description, TrackingID: trackingIDOf(r)})
	}
	if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "refresh_token" {
		refuse(http.StatusBadRequest, "unsupported_grant_type", "Only grant_type=refresh_token is supported here.")
		return
	}
	if r.PostForm.Get("client_id") != OAuthClientID || r.PostForm.Get("client_secret") != OAuthClientSecret {
		refuse(http.StatusUnauthorized, "invalid_client", "The client id or client secret is not valid.")
		return
	}
	lifetime, refreshLeft := accessTokenLifetime, refreshTokenLifetime
	token, expiresIn := "sim-issued-"+randomHex(16), int64(0)
	switch r.PostForm.Get("refresh_token") {
	case RefreshToken:
	case ExpiringRefreshToken:
		refreshLeft = 5 * 24 * time.Hour
	case ShortLivedRefreshToken:
		lifetime = ShortAccessTokenLifetime
	case ExpiredOnArrivalRefreshToken:
		expiresIn = -100
	case UnusableTokenRefreshToken:
		token = "sim-issued\r\nX-Injected: 1"
	case ExpiredRefreshToken:
		refuse(http.StatusBadRequest, "invalid_grant", "The refresh token has expired.")
		return
	default:
		refuse(http.StatusBadRequest, "invalid_grant", "The refresh token is not valid or has been revoked.")
		return
	}
	if expiresIn == 0 {
		expiresIn = int64(lifetime / time.Second)
	}
	s.mu.Lock()
	s.tokens[token] = identity{email: AliceEmail, scopes: []string{ScopeRecordingsRead}, expires: s.now().Add(lifetime)}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, tokenAnswer{
		AccessToken:  token,
		ExpiresIn:    expiresIn,
		RefreshToken: r.PostForm.Get("refresh_token"),
		// Webex answers in seconds.
		RefreshTokenExpiresIn: int64(refreshLeft / time.Second),
		TokenType:             "Bearer",
	})
}

// ExpireIssuedTokens makes every access token the token endpoint has
// issued answer 401 from now on, as when Webex ends tokens early.
func (s *Server) ExpireIssuedTokens() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for token, id := range s.tokens {
		if !id.expires.IsZero() {
			id.expired = true
			s.tokens[token] = id
		}
	}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
