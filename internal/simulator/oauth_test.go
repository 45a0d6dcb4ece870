package simulator_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

func TestTokenEndpoint(t *testing.T) {
	sim, ts, advance := start(t, time.Now())
	form := func(grant, clientID, secret, refresh string) string {
		return url.Values{"grant_type": {grant}, "client_id": {clientID}, "client_secret": {secret}, "refresh_token": {refresh}}.Encode()
	}
	token := func(body string) (int, map[string]any) {
		r := do(t, ts, req{method: http.MethodPost, path: "/v1/access_token", body: body, header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}})
		m := r.json(t)
		if (r.status == 400 || r.status == 401) && (m["error"] == nil || m["error_description"] == "" || !trackingRE.MatchString(fmt.Sprint(m["trackingId"]))) {
			t.Errorf("error body %s, want RFC 6749's with a tracking id", r.body)
		}
		return r.status, m
	}
	// mint trades refresh for an access token and reads a recording with
	// it; want is "expires_in refresh_token_expires_in read-status", or the
	// status and error of a refusal.
	mint := func(refresh, want string) string {
		status, m := token(form("refresh_token", simulator.OAuthClientID, simulator.OAuthClientSecret, refresh))
		got, access := fmt.Sprint(status, " ", m["error"]), fmt.Sprint(m["access_token"])
		if status == 200 {
			got = fmt.Sprint(m["expires_in"], " ", m["refresh_token_expires_in"], " ", getRec(t, ts, simulator.ExampleRecordingID, access).status)
			if m["token_type"] != "Bearer" || m["refresh_token"] != refresh || !strings.HasPrefix(access, "sim-issued") {
				t.Errorf("%s: answer %v", refresh, m)
			}
		}
		if got != want {
			t.Errorf("%s: got %q, want %q", refresh, got, want)
		}
		return access
	}
	const ok = "1209600 7776000 200" // 14 days, 90 days, a read that works
	mint(simulator.RefreshToken, ok)
	mint(simulator.ExpiringRefreshToken, "1209600 432000 200")
	mint(simulator.ExpiredOnArrivalRefreshToken, "-100 7776000 200")
	mint(simulator.ExpiredRefreshToken, "400 invalid_grant")
	mint(simulator.RevokedRefreshToken, "400 invalid_grant")
	mint("sim-no-such-token", "400 invalid_grant")
	mint(simulator.RevokedAfterUseRefreshToken, ok) // revoked once used
	mint(simulator.RevokedAfterUseRefreshToken, "400 invalid_grant")
	mint(simulator.RejectedAccessRefreshToken, "1209600 7776000 401") // minted, refused by every read
	mint(simulator.RejectedAccessRefreshToken, "1209600 7776000 401")
	if _, m := token(form("refresh_token", simulator.OAuthClientID, simulator.OAuthClientSecret, simulator.UnusableTokenRefreshToken)); !strings.Contains(fmt.Sprint(m["access_token"]), "\r\n") {
		t.Errorf("unusable token %q", m["access_token"])
	}
	short := mint(simulator.ShortLivedRefreshToken, "3 7776000 200")
	advance(simulator.ShortAccessTokenLifetime)
	assertWebexError(t, getRec(t, ts, simulator.ExampleRecordingID, short), 401, "expired")
	long := mint(simulator.RefreshToken, ok)
	sim.ExpireIssuedTokens()
	assertWebexError(t, getRec(t, ts, simulator.ExampleRecordingID, long), 401, "expired")

	// invalid_client tells an unknown client from a wrong secret.
	for _, c := range [][4]string{
		{"refresh_token", "nobody", simulator.OAuthClientSecret, "401 invalid_client The client id is not known."},
		{"refresh_token", simulator.OAuthClientID, "wrong", "401 invalid_client The client secret is not valid."},
		{"password", simulator.OAuthClientID, simulator.OAuthClientSecret, "400 unsupported_grant_type Only grant_type=refresh_token is supported here."},
	} {
		if status, m := token(form(c[0], c[1], c[2], simulator.RefreshToken)); fmt.Sprint(status, " ", m["error"], " ", m["error_description"]) != c[3] {
			t.Errorf("%v: %d %v", c, status, m)
		}
	}
	_ = sim.FailNext(simulator.TokenEndpoint, 1, 429, "1")
	if status, _ := token(form("refresh_token", simulator.OAuthClientID, simulator.OAuthClientSecret, simulator.RefreshToken)); status != 429 {
		t.Errorf("FailNext(TokenEndpoint): status %d", status)
	}

	// HangingRefreshToken answers once, then never, until the client gives
	// up; the handler then returns, logged without a status.
	mint(simulator.HangingRefreshToken, "3 7776000 200")
	if resp, err := (&http.Client{Timeout: 200 * time.Millisecond}).Post(ts.URL+"/v1/access_token", "application/x-www-form-urlencoded",
		strings.NewReader(form("refresh_token", simulator.OAuthClientID, simulator.OAuthClientSecret, simulator.HangingRefreshToken))); err == nil {
		resp.Body.Close()
		t.Fatalf("the hanging token's second request answered %d", resp.StatusCode)
	}
	waitFor(t, func() bool { reqs := sim.Requests(); return reqs[len(reqs)-1].Status == 0 })
	if n := sim.TokenRequests(); n != 19 {
		t.Errorf("TokenRequests = %d, want 19", n)
	}
}
