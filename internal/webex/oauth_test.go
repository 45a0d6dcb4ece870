package webex

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
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

// A client asks for a token when a read needs one, not before; many reads
// at once share one token request; the issued token and the refresh
// credentials are credentials from then on; the refresh token's expiry is
// told once.
func TestRefresh_oneTokenForConcurrentReads(t *testing.T) {
	sim, baseURL := startSimulator(t)
	ids := addRecordings(t, sim, 30)
	c := newRefreshClient(t, baseURL, simulator.RefreshToken)
	if _, ok := c.RefreshTokenNotice(); ok || sim.TokenRequests() != 0 {
		t.Fatalf("a new client asked for a token (%d requests) or knows an expiry", sim.TokenRequests())
	}
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
	for _, secret := range []string{issued, simulator.OAuthClientSecret, simulator.RefreshToken} {
		if !c.creds.quotedIn("x " + secret + " y") {
			t.Errorf("%q is not a credential of the client", secret)
		}
	}
	if expiry, ok := c.RefreshTokenNotice(); !ok || time.Until(expiry) < 89*24*time.Hour {
		t.Errorf("refresh token expiry = %s, %v; want about 90 days from now", expiry, ok)
	}
	if _, ok := c.RefreshTokenNotice(); ok {
		t.Error("the expiry was told twice")
	}
}

// A token that expires during the run is renewed before it lapses; one
// that Webex ends early is renewed after the 401 it gets, once; and when a
// renewed token is refused too, no later read renews again.
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

	c2 := newRefreshClient(t, baseURL, simulator.RefreshToken, func(cfg *Config) { cfg.MaxRetries = 0 })
	before := sim.TokenRequests()
	sim.ResetRequests()
	ids := []string{simulator.ExampleRecordingID, simulator.SharedRecordingID, simulator.DeletedRecordingID}
	for _, id := range ids {
		if err := sim.FailNext(id, 2, 401, ""); err != nil {
			t.Fatal(err)
		}
	}
	for _, id := range ids {
		if _, err := c2.GetRecording(ctx, id, GetRecordingOptions{}); !isStatus(err, 401) {
			t.Errorf("err = %v, want the 401", err)
		}
	}
	if n, reads := sim.TokenRequests()-before, len(readsOf(sim)); n != 2 || reads != 4 {
		t.Errorf("%d token requests and %d reads, want 2 and 4: renewed once, then no more", n, reads)
	}
}

// A refused refresh token or client, and an unreachable endpoint, give a
// TokenError that names the OAuth error and holds no secret, and every
// later read gets it at once, with no request.
func TestRefresh_errorsAreKept(t *testing.T) {
	sim, baseURL := startSimulator(t)
	cases := []struct {
		name, refreshToken, secret, code, want string
	}{
		{"expired refresh token", simulator.ExpiredRefreshToken, simulator.OAuthClientSecret, "invalid_grant", "invalid_grant: The refresh token has expired"},
		{"revoked refresh token", simulator.RevokedRefreshToken, simulator.OAuthClientSecret, "invalid_grant", "revoked"},
		{"wrong secret", simulator.RefreshToken, "not-the-secret", "invalid_client", "invalid_client"},
	}
	for _, tc := range cases {
		before := sim.TokenRequests()
		c := newTestClient(t, baseURL, "", func(cfg *Config) {
			cfg.Refresh = &RefreshCredentials{ClientID: simulator.OAuthClientID, ClientSecret: tc.secret, RefreshToken: tc.refreshToken}
		})
		for i := range 3 {
			_, err := c.GetRecording(context.Background(), simulator.ExampleRecordingID, GetRecordingOptions{})
			var tokenErr *TokenError
			if !errors.As(err, &tokenErr) || tokenErr.Code != tc.code || !strings.Contains(err.Error(), tc.want) || tokenErr.Remembered != (i > 0) {
				t.Errorf("%s, read %d: err = %v, want a TokenError %s saying %q", tc.name, i, err, tc.code, tc.want)
			}
			if err != nil && (strings.Contains(err.Error(), tc.refreshToken) || strings.Contains(err.Error(), tc.secret)) {
				t.Errorf("%s: the error repeats a secret: %v", tc.name, err)
			}
		}
		if n := sim.TokenRequests() - before; n != 1 {
			t.Errorf("%s: %d token requests for 3 reads, want 1", tc.name, n)
		}
	}
	if n := len(readsOf(sim)); n != 0 {
		t.Errorf("%d reads reached the simulator without a token", n)
	}
	closed := newRefreshClient(t, "http://127.0.0.1:1/v1", simulator.RefreshToken, func(cfg *Config) { cfg.MaxRetries = 1 })
	_, err := closed.auth.token(context.Background())
	var tokenErr *TokenError
	if !errors.As(err, &tokenErr) || !strings.Contains(err.Error(), "was refused") || tokenErr.Attempts != 2 {
		t.Errorf("unreachable: err = %v, want 2 attempts at a refused connection", err)
	}
}

// One token request at a time for 100 readers, each getting its outcome:
// a token, or, from an endpoint that hangs, the same error, within about
// one retry_timeout and a handful of requests.
func TestRefresh_sharedByConcurrentReaders(t *testing.T) {
	var requests, inFlight atomic.Int32
	var hang atomic.Bool
	srv := httptestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if inFlight.Add(1) > 1 {
			t.Error("two token requests in flight at once")
		}
		defer inFlight.Add(-1)
		_, _ = io.ReadAll(r.Body) // so that the server sees the client leave
		if hang.Load() {
			<-r.Context().Done()
			return
		}
		time.Sleep(100 * time.Millisecond)
		answer(w, 200, "application/json", `{"access_token":"issued-token-`+r.Header.Get("User-Agent")+`","expires_in":3600}`)
	}))
	readers := func(c *Client) (tokens []string, errs []error) {
		var mu sync.Mutex
		var wg sync.WaitGroup
		for range 100 {
			wg.Go(func() {
				token, err := c.auth.token(context.Background())
				mu.Lock()
				defer mu.Unlock()
				tokens, errs = append(tokens, token), append(errs, err)
			})
		}
		wg.Wait()
		return tokens, errs
	}
	tokens, errs := readers(newRefreshClient(t, srv+"/v1", "refresh"))
	for i := range tokens {
		if errs[i] != nil || tokens[i] != "issued-token-terraform-provider-webex/test" {
			t.Fatalf("reader %d: %q, %v; want the one token, requested with the provider's User-Agent", i, tokens[i], errs[i])
		}
	}
	if n := requests.Load(); n != 1 {
		t.Errorf("%d token requests for 100 readers, want 1", n)
	}

	hang.Store(true)
	requests.Store(0)
	c := newRefreshClient(t, srv+"/v1", "refresh", func(cfg *Config) {
		cfg.RequestTimeout, cfg.RetryTimeout, cfg.RetryWaitMin = 300*time.Millisecond, 1200*time.Millisecond, 100*time.Millisecond
	})
	start := time.Now()
	_, errs = readers(c)
	elapsed := time.Since(start)
	var first *TokenError
	for i, err := range errs {
		var tokenErr *TokenError
		if !errors.As(err, &tokenErr) || !strings.Contains(err.Error(), "request_timeout (300ms)") || !strings.Contains(err.Error(), "retry_timeout (1.2s) ran out") {
			t.Fatalf("reader %d: err = %v, want the hung endpoint's TokenError", i, err)
		}
		if first == nil {
			first = tokenErr
		}
		if tokenErr.Attempts != first.Attempts {
			t.Errorf("reader %d saw %d attempts, another %d: not one outcome", i, tokenErr.Attempts, first.Attempts)
		}
	}
	if n := requests.Load(); n > 4 || elapsed > 3*time.Second {
		t.Errorf("%d token requests in %s, want a handful within about one retry_timeout", n, elapsed)
	}
	if _, err := c.auth.token(context.Background()); !strings.Contains(err.Error(), "request_timeout") || requests.Load() > 4 {
		t.Errorf("a later read: err = %v after %d requests, want the kept error and no request", err, requests.Load())
	}
}

// The token endpoint's redirects are not followed: the form carries the
// client secret.
func TestRefresh_noRedirects(t *testing.T) {
	other, otherURL := startSimulator(t)
	sim, _ := startSimulator(t)
	baseURL := withFault(t, sim, func(w http.ResponseWriter, r *http.Request) bool {
		http.Redirect(w, r, otherURL+"/access_token", http.StatusTemporaryRedirect)
		return true
	})
	c := newRefreshClient(t, baseURL, simulator.RefreshToken)
	_, err := c.auth.token(context.Background())
	if err == nil || !strings.Contains(err.Error(), "redirect") {
		t.Errorf("err = %v, want a refused redirect", err)
	}
	if n := other.TokenRequests(); n != 0 {
		t.Errorf("the client secret went to another host %d time(s)", n)
	}
}

// Transient failures (429 after its Retry-After, 5xx) are tried again; a
// refusal is not.
func TestRefresh_tokenRequestRetries(t *testing.T) {
	sim, baseURL := startSimulator(t)
	for _, status := range []int{429, 500, 503} {
		before := sim.TokenRequests()
		if err := sim.FailNext(simulator.TokenEndpoint, 1, status, "1"); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		if _, err := newRefreshClient(t, baseURL, simulator.RefreshToken).auth.token(context.Background()); err != nil {
			t.Fatal(err)
		}
		if n, d := sim.TokenRequests()-before, time.Since(start); n != 2 || d < 900*time.Millisecond {
			t.Errorf("after a %d: %d token requests in %s, want 2, a second apart", status, n, d)
		}
	}
	before := sim.TokenRequests()
	if _, err := newRefreshClient(t, baseURL, simulator.RevokedRefreshToken).auth.token(context.Background()); err == nil || sim.TokenRequests()-before != 1 {
		t.Errorf("a refusal: err = %v after %d requests, want 1", err, sim.TokenRequests()-before)
	}
}

// A token endpoint that answers tokens already expired, or unusable ones,
// or trickles its body, or asks for a long wait, cannot make the client
// ask for a token per request, send a broken header, hang past
// request_timeout, or hide why.
func TestRefresh_hostileTokenEndpoint(t *testing.T) {
	sim, baseURL := startSimulator(t)
	ids := addRecordings(t, sim, 20)
	c := newRefreshClient(t, baseURL, simulator.ExpiredOnArrivalRefreshToken)
	for _, id := range ids {
		if _, err := c.GetRecording(context.Background(), id, GetRecordingOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	if n := sim.TokenRequests(); n > 2 {
		t.Errorf("%d token requests for 20 quick reads with tokens that say they expired, want 1 or 2", n)
	}
	if _, err := newRefreshClient(t, baseURL, simulator.UnusableTokenRefreshToken).auth.token(context.Background()); err == nil || !strings.Contains(err.Error(), "cannot be used") {
		t.Errorf("an unusable issued token: err = %v", err)
	}

	trickle := withFault(t, sim, func(w http.ResponseWriter, r *http.Request) bool {
		w.Header().Set("Content-Length", "100")
		w.WriteHeader(200)
		_, _ = w.Write([]byte(`{"access_token":`))
		_ = http.NewResponseController(w).Flush()
		<-r.Context().Done()
		return true
	})
	c = newRefreshClient(t, trickle, simulator.RefreshToken, func(cfg *Config) { cfg.RequestTimeout = 500 * time.Millisecond; cfg.MaxRetries = 0 })
	start := time.Now()
	if _, err := c.auth.token(context.Background()); err == nil || !strings.Contains(err.Error(), "request_timeout (500ms)") || time.Since(start) > 3*time.Second {
		t.Errorf("a trickling token body: err = %v after %s, want a TokenError naming request_timeout, within it", err, time.Since(start))
	}

	if err := sim.FailNext(simulator.TokenEndpoint, 1, 429, "3600"); err != nil {
		t.Fatal(err)
	}
	if _, err := newRefreshClient(t, baseURL, simulator.RefreshToken).auth.token(context.Background()); err == nil || !strings.Contains(err.Error(), "asked to wait 1h0m0s, longer than retry_timeout leaves") {
		t.Errorf("a long Retry-After from the token endpoint: err = %v, want the wait named", err)
	}
	if err := sim.FailNext(simulator.TokenEndpoint, 2, 429, "1"); err != nil {
		t.Fatal(err)
	}
	c = newRefreshClient(t, baseURL, simulator.RefreshToken, func(cfg *Config) { cfg.MaxRetries = 1 })
	if _, err := c.auth.token(context.Background()); err == nil || !strings.Contains(err.Error(), "max_retries ran out") {
		t.Errorf("429s past max_retries: err = %v, want max_retries named", err)
	}
	// Retries left, but the backoff passes retry_timeout: that is what stopped it.
	if err := sim.FailNext(simulator.TokenEndpoint, 2, 503, ""); err != nil {
		t.Fatal(err)
	}
	c = newRefreshClient(t, baseURL, simulator.RefreshToken, func(cfg *Config) {
		cfg.MaxRetries, cfg.RetryTimeout, cfg.RetryWaitMin = 5, time.Second, 2*time.Second
	})
	if _, err := c.auth.token(context.Background()); err == nil || !strings.Contains(err.Error(), "retry_timeout (1s) leaves no time to wait 2s") {
		t.Errorf("a backoff past retry_timeout: err = %v, want retry_timeout named", err)
	}
}

// Only a life span Webex could mean counts.
func TestLifeSpan(t *testing.T) {
	for value, ok := range map[string]bool{"100": true, "-5": true, "9.3e12": true, "0": false, "": false, "x": false} {
		d, got := lifeSpan(json.Number(value))
		if got != ok || d > maxTokenLife {
			t.Errorf("%q: %s, %v; want ok %v, at most %s", value, d, got, ok, maxTokenLife)
		}
	}
}
