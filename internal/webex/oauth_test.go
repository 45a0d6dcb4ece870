package webex

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

func newRefreshClient(t *testing.T, baseURL, refreshToken string, mods ...func(*Config)) *Client {
	t.Helper()
	return newTestClient(t, baseURL, "", append([]func(*Config){func(cfg *Config) {
		cfg.Refresh = &RefreshCredentials{ClientID: simulator.OAuthClientID, ClientSecret: simulator.OAuthClientSecret, RefreshToken: refreshToken}
	}}, mods...)...)
}

// Many reads at once share one token, obtained once; the token and the
// refresh credentials are secrets from then on.
func TestRefresh_oneTokenForConcurrentReads(t *testing.T) {
	sim, baseURL := startSimulator(t)
	ids := addRecordings(t, sim, 30)
	c := newRefreshClient(t, baseURL, simulator.RefreshToken)
	var wg sync.WaitGroup
	readInBackground(t, c, &wg, ids...)
	wg.Wait()
	if n := sim.TokenRequests(); n != 1 {
		t.Errorf("%d token requests for 30 reads at once, want 1", n)
	}
	issued := strings.TrimPrefix(readsOf(sim)[0].Header.Get("Authorization"), "Bearer ")
	if !strings.HasPrefix(issued, "sim-issued-") {
		t.Fatalf("a read went out with %q, not an issued token", issued)
	}
	text := c.Redactor().Redact("a " + issued + " b " + simulator.OAuthClientSecret + " c " + simulator.RefreshToken)
	if text != "a REDACTED b REDACTED c REDACTED" {
		t.Errorf("the redactor does not know the run's secrets: %q", text)
	}
	expiry, ok := c.RefreshTokenExpiry()
	if !ok || time.Until(expiry) < 89*24*time.Hour {
		t.Errorf("refresh token expiry = %s, %v; want about 90 days from now", expiry, ok)
	}
}

// A token that expires during the run is renewed before it lapses; one
// that Webex ends early is renewed after the 401 it gets, once.
func TestRefresh_renewsExpiredAndRefusedTokens(t *testing.T) {
	sim, baseURL := startSimulator(t)
	c := newRefreshClient(t, baseURL, simulator.ShortLivedRefreshToken)
	ctx := context.Background()
	read := func() {
		t.Helper()
		if _, err := c.GetRecording(ctx, simulator.ExampleRecordingID, GetRecordingOptions{Fresh: true}); err != nil {
			t.Fatal(err)
		}
	}
	read()
	time.Sleep(simulator.ShortAccessTokenLifetime)
	read()
	if n := sim.TokenRequests(); n != 2 {
		t.Errorf("%d token requests, want 2: one before, one after the first token expired", n)
	}
	for _, r := range readsOf(sim) {
		if r.Status != 200 {
			t.Errorf("a read answered %d: the expired token was sent", r.Status)
		}
	}

	sim.ExpireIssuedTokens()
	sim.ResetRequests()
	read()
	if got := statuses(readsOf(sim)); len(got) != 2 || got[0] != 401 || got[1] != 200 {
		t.Errorf("statuses %v, want a 401 then a 200 with a renewed token", got)
	}
	if n := sim.TokenRequests(); n != 3 {
		t.Errorf("%d token requests, want 3", n)
	}

	// A token refused again after renewal is not renewed in a loop.
	c2 := newRefreshClient(t, baseURL, simulator.RefreshToken, func(cfg *Config) { cfg.MaxRetries = 0 })
	sim.ResetRequests()
	if err := sim.FailNext(simulator.SharedRecordingID, 2, 401, ""); err != nil {
		t.Fatal(err)
	}
	_, err := c2.GetRecording(ctx, simulator.SharedRecordingID, GetRecordingOptions{})
	if !isStatus(err, 401) || len(readsOf(sim)) != 2 {
		t.Errorf("err = %v after %d reads, want the second 401", err, len(readsOf(sim)))
	}
}

// A refused refresh token or client, and an unreachable endpoint, give a
// TokenError that names the OAuth error and holds no secret; nothing is
// read with them.
func TestRefresh_errors(t *testing.T) {
	sim, baseURL := startSimulator(t)
	cases := []struct {
		name, refreshToken, secret, code, want string
	}{
		{"expired refresh token", simulator.ExpiredRefreshToken, simulator.OAuthClientSecret, "invalid_grant", "invalid_grant: The refresh token has expired"},
		{"revoked refresh token", simulator.RevokedRefreshToken, simulator.OAuthClientSecret, "invalid_grant", "revoked"},
		{"wrong secret", simulator.RefreshToken, "not-the-secret", "invalid_client", "invalid_client"},
	}
	for _, tc := range cases {
		c := newTestClient(t, baseURL, "", func(cfg *Config) {
			cfg.Refresh = &RefreshCredentials{ClientID: simulator.OAuthClientID, ClientSecret: tc.secret, RefreshToken: tc.refreshToken}
		})
		err := c.Authenticate(context.Background())
		var tokenErr *TokenError
		if !errors.As(err, &tokenErr) || tokenErr.Code != tc.code || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want a TokenError %s saying %q", tc.name, err, tc.code, tc.want)
		}
		if err != nil && (strings.Contains(err.Error(), tc.refreshToken) || strings.Contains(err.Error(), tc.secret)) {
			t.Errorf("%s: the error repeats a secret: %v", tc.name, err)
		}
		if _, err := c.GetRecording(context.Background(), simulator.ExampleRecordingID, GetRecordingOptions{}); !errors.As(err, &tokenErr) {
			t.Errorf("%s: a read got %v, want the TokenError", tc.name, err)
		}
	}
	if n := len(readsOf(sim)); n != 0 {
		t.Errorf("%d reads reached the simulator without a token", n)
	}

	closed := newRefreshClient(t, "http://127.0.0.1:1/v1", simulator.RefreshToken)
	err := closed.Authenticate(context.Background())
	var tokenErr *TokenError
	if !errors.As(err, &tokenErr) || !strings.Contains(err.Error(), "the token endpoint could not be reached") {
		t.Errorf("unreachable: err = %v", err)
	}
}

// The token endpoint's redirects are not followed: the form carries the
// client secret.
func TestRefresh_noRedirects(t *testing.T) {
	other, otherURL := startSimulator(t)
	sim, baseURL := startSimulator(t)
	if err := sim.SetBodyFault(simulator.TokenEndpoint, simulator.BodyFault{Kind: simulator.BodyRedirect, Location: otherURL + "/access_token", Status: 307}); err != nil {
		t.Fatal(err)
	}
	c := newRefreshClient(t, baseURL, simulator.RefreshToken)
	err := c.Authenticate(context.Background())
	if err == nil || !strings.Contains(err.Error(), "redirect") {
		t.Errorf("err = %v, want a refused redirect", err)
	}
	if n := other.TokenRequests(); n != 0 {
		t.Errorf("the client secret went to another host %d time(s)", n)
	}
}

// readsOf is the simulator's requests other than the token endpoint's.
func readsOf(sim *simulator.Server) []simulator.Request {
	var out []simulator.Request
	for _, r := range sim.Requests() {
		if !strings.HasSuffix(r.Path, "/access_token") {
			out = append(out, r)
		}
	}
	return out
}

// A token request that Webex turns away with 429 is sent again after the
// Retry-After; one that fails otherwise is not, for it may have rotated
// the refresh token.
func TestRefresh_tokenRequestRetries(t *testing.T) {
	sim, baseURL := startSimulator(t)
	if err := sim.FailNext(simulator.TokenEndpoint, 1, 429, "1"); err != nil {
		t.Fatal(err)
	}
	c := newRefreshClient(t, baseURL, simulator.RefreshToken)
	start := time.Now()
	if err := c.Authenticate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n, d := sim.TokenRequests(), time.Since(start); n != 2 || d < 900*time.Millisecond {
		t.Errorf("%d token requests in %s, want 2, a second apart", n, d)
	}
	if err := sim.FailNext(simulator.TokenEndpoint, 1, 500, ""); err != nil {
		t.Fatal(err)
	}
	c = newRefreshClient(t, baseURL, simulator.RefreshToken)
	if err := c.Authenticate(context.Background()); err == nil || sim.TokenRequests() != 3 {
		t.Errorf("after a 500: err = %v, %d token requests; want the 500 and no retry", err, sim.TokenRequests())
	}
}
