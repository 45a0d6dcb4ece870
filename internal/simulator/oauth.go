package simulator

import (
	"cmp"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"time"
)

// The token endpoint, POST /v1/access_token: an integration trades its
// refresh token for an access token (form fields grant_type=refresh_token,
// client_id, client_secret, refresh_token). Errors follow RFC 6749
// ({"error": "invalid_grant", ...}) with Webex's tracking id.

// The built-in integration and its refresh tokens, each one behaviour. The
// access tokens are alice's, with meeting:recordings_read.
const (
	OAuthClientID     = "sim-oauth-client-id"
	OAuthClientSecret = "sim-oauth-client-secret"

	RefreshToken                 = "sim-refresh-token"                    // access tokens for 14 days; it lives 90
	ExpiringRefreshToken         = "sim-refresh-token-expiring"           // RefreshToken with 5 days left
	ShortLivedRefreshToken       = "sim-refresh-token-short-lived"        // access tokens for ShortAccessTokenLifetime
	ExpiredRefreshToken          = "sim-refresh-token-expired"            // refused: invalid_grant
	RevokedRefreshToken          = "sim-refresh-token-revoked"            // refused: invalid_grant
	ExpiredOnArrivalRefreshToken = "sim-refresh-token-expired-on-arrival" // working access tokens, negative expires_in
	UnusableTokenRefreshToken    = "sim-refresh-token-unusable"           // an access token no header can carry
	// RevokedAfterUseRefreshToken gives one access token, then is refused
	// (invalid_grant) on every later request, as if revoked once used.
	RevokedAfterUseRefreshToken = "sim-refresh-token-revoked-after-use"
	// HangingRefreshToken's first request gives an access token that lives
	// ShortAccessTokenLifetime; every later one is never answered, until
	// the client gives up (give it a timeout: httptest.Server.Close waits).
	HangingRefreshToken = "sim-refresh-token-hanging"
	// RejectedAccessRefreshToken gives access tokens that every read
	// refuses with 401, as when the authorization is revoked after minting
	// or the tokens are of another Webex cloud than base_url.
	RejectedAccessRefreshToken = "sim-refresh-token-rejected-access"

	// ShortAccessTokenLifetime is how long ShortLivedRefreshToken's and
	// HangingRefreshToken's access tokens are valid.
	ShortAccessTokenLifetime = 3 * time.Second

	// TokenEndpoint is the id under which FailNext breaks the token
	// endpoint's answers.
	TokenEndpoint = "access_token"
)

// TokenRequests is how many requests the token endpoint received.
func (s *Server) TokenRequests() int64 { return s.tokenRequests.Load() }

func (s *Server) handleAccessToken(w http.ResponseWriter, r *http.Request) {
	s.tokenRequests.Add(1)
	s.serveWithFaults(w, r, TokenEndpoint, s.issueToken)
}

func (s *Server) issueToken(w http.ResponseWriter, r *http.Request) {
	refuse := func(status int, code, description string) {
		writeJSON(w, status, map[string]string{"error": code, "error_description": description, "trackingId": w.Header().Get(trackingHeader)})
	}
	refresh, uses := r.PostFormValue("refresh_token"), 0
	switch {
	case r.PostForm.Get("grant_type") != "refresh_token":
		refuse(http.StatusBadRequest, "unsupported_grant_type", "Only grant_type=refresh_token is supported here.")
		return
	// RFC 6749 section 5.2 counts an unknown client under invalid_client.
	case r.PostForm.Get("client_id") != OAuthClientID:
		refuse(http.StatusUnauthorized, "invalid_client", "The client id is not known.")
		return
	case r.PostForm.Get("client_secret") != OAuthClientSecret:
		refuse(http.StatusUnauthorized, "invalid_client", "The client secret is not valid.")
		return
	case refresh == RevokedAfterUseRefreshToken || refresh == HangingRefreshToken:
		s.mu.Lock()
		s.refreshUses[refresh]++
		uses = s.refreshUses[refresh]
		s.mu.Unlock()
	}

	lifetime, refreshLeft, expiresIn, token := 14*24*time.Hour, 90*24*time.Hour, int64(0), "sim-issued-"+randomHex(16)
	switch {
	case refresh == RefreshToken, refresh == RevokedAfterUseRefreshToken && uses == 1,
		refresh == RejectedAccessRefreshToken: // its tokens are never stored: every read answers 401
	case refresh == ExpiringRefreshToken:
		refreshLeft = 5 * 24 * time.Hour
	case refresh == ShortLivedRefreshToken, refresh == HangingRefreshToken && uses == 1:
		lifetime = ShortAccessTokenLifetime
	case refresh == ExpiredOnArrivalRefreshToken:
		expiresIn = -100
	case refresh == UnusableTokenRefreshToken:
		token = "sim-issued\r\nX-Injected: 1"
	case refresh == HangingRefreshToken:
		<-r.Context().Done() // until the client gives up or the server closes
		return
	case refresh == ExpiredRefreshToken:
		refuse(http.StatusBadRequest, "invalid_grant", "The refresh token has expired.")
		return
	default:
		refuse(http.StatusBadRequest, "invalid_grant", "The refresh token is not valid or has been revoked.")
		return
	}
	expiresIn = cmp.Or(expiresIn, int64(lifetime/time.Second))
	if refresh != RejectedAccessRefreshToken {
		s.mu.Lock()
		s.tokens[token] = identity{email: AliceEmail, scopes: []string{ScopeRecordingsRead}, expires: s.now().Add(lifetime)}
		s.mu.Unlock()
	}
	writeJSON(w, http.StatusOK, map[string]any{"access_token": token, "expires_in": expiresIn, "refresh_token": refresh,
		"refresh_token_expires_in": int64(refreshLeft / time.Second), "token_type": "Bearer"}) // Webex counts in seconds
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
