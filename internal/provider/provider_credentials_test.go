package provider

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

// refreshBlock renders a provider block with refresh-token credentials;
// extra lines go inside it.
func refreshBlock(baseURL, refreshToken string, extra ...string) string {
	return providerBlock(baseURL, "", append([]string{
		`client_id     = "` + simulator.OAuthClientID + `"`,
		`client_secret = "` + simulator.OAuthClientSecret + `"`,
		`refresh_token = "` + refreshToken + `"`,
	}, extra...)...)
}

// issuedTokensUsed checks that every read carried a token the token
// endpoint issued, and returns them.
func issuedTokensUsed(t *testing.T, sim *simulator.Server) []string {
	t.Helper()
	var tokens []string
	for _, r := range sim.Requests() {
		if strings.HasSuffix(r.Path, "/access_token") {
			continue
		}
		token, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !strings.HasPrefix(token, "sim-issued-") {
			t.Errorf("a read went out with %q, not an issued token", token)
		}
		tokens = append(tokens, token)
	}
	return tokens
}

// TestAccProvider_refreshToken authenticates with refresh-token
// credentials from the provider block, then from the environment.
func TestAccProvider_refreshToken(t *testing.T) {
	for _, from := range []string{"arguments", "environment"} {
		t.Run(from, func(t *testing.T) {
			sim, baseURL := startSimulator(t)
			block := refreshBlock(baseURL, simulator.RefreshToken)
			if from == "environment" {
				t.Setenv(EnvClientID, simulator.OAuthClientID)
				t.Setenv(EnvClientSecret, simulator.OAuthClientSecret)
				t.Setenv(EnvRefreshToken, simulator.RefreshToken)
				block = providerBlock(baseURL, "")
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:            block + recordingBlock("test", simulator.ExampleRecordingID),
					ConfigStateChecks: []statecheck.StateCheck{expect(exampleAddr, "topic", knownvalue.StringExact("Example Topic"))},
					Check: func(*terraform.State) error {
						if len(issuedTokensUsed(t, sim)) == 0 {
							t.Error("no read reached the simulator")
						}
						return nil
					},
				}},
			})
		})
	}
}

// TestAccProvider_refreshTokenExpiresDuringAPlan runs one plan of 50 reads
// through the CLI while the access tokens last 3 seconds: every read
// succeeds, and the token endpoint is asked about once per token lifetime
// (twice), not once per read.
func TestAccProvider_refreshTokenExpiresDuringAPlan(t *testing.T) {
	sim, baseURL := startSimulator(t)
	ids := addRecordingBatch(t, sim, simulator.RecordingBatch{Count: 50})
	// 25 waves of 2 reads, 150ms each: the plan outlives the first token.
	// The latency stays well under the margin by which a token is renewed
	// early (a tenth of its life, 300ms), so that no request arrives with a
	// token that lapsed on the way, even on a loaded machine (with 2-second
	// tokens, a 50ms slack was once not enough).
	sim.SetLatency(150 * time.Millisecond)
	config := requiredProviders + refreshBlock(baseURL, simulator.ShortLivedRefreshToken) + `
data "webex_recording" "each" {
  for_each = toset([` + `"` + strings.Join(ids, `", "`) + `"` + `])
  id       = each.key
}
`
	start := time.Now()
	out, err := cliRun(t, config, nil, "plan", "-no-color", "-input=false", "-parallelism=2")
	if err != nil {
		t.Fatalf("terraform plan: %v\n%s", err, out)
	}
	elapsed := time.Since(start)
	reads := issuedTokensUsed(t, sim)
	distinct := map[string]bool{}
	for _, token := range reads {
		distinct[token] = true
	}
	calls := sim.TokenRequests()
	t.Logf("%d reads with %d distinct tokens, %d token requests, plan took %s", len(reads), len(distinct), calls, elapsed.Round(time.Millisecond))
	// Every recording is read. On a machine loaded enough to hold a request
	// past the margin by which a token is renewed early, Webex answers it 401
	// and the read renews the token once: the plan still succeeds.
	answered, refused := map[string]bool{}, int64(0)
	for _, r := range sim.Requests() {
		switch {
		case strings.HasSuffix(r.Path, "/access_token"):
		case r.Status == 200:
			answered[r.RecordingID] = true
		case r.Status == 401:
			refused++
		default:
			t.Errorf("%s answered %d", r.Path, r.Status)
		}
	}
	if len(answered) != 50 || int64(len(reads)) != 50+refused {
		t.Errorf("%d recordings read in %d reads with %d refused, want all 50, each once or after one 401", len(answered), len(reads), refused)
	}
	// One token, then a new one each time it nears its end (or is refused).
	if most := 1 + refused + int64(elapsed/(simulator.ShortAccessTokenLifetime*9/10)); calls < 2 || calls > most {
		t.Errorf("%d token requests, want 2 (at most %d on a slow machine): one per token lifetime, not one per read", calls, most)
	}
}

// TestAccProvider_credentialConflicts: mixed or partial credentials fail
// before any request, saying what to set or remove.
func TestAccProvider_credentialConflicts(t *testing.T) {
	sim, baseURL := startSimulator(t)
	cases := map[string]struct {
		block  string
		env    map[string]string
		expect string
	}{
		"token and refresh in the block": {
			block:  providerBlock(baseURL, simulator.UserToken, `refresh_token = "x"`),
			expect: `Conflicting Webex credentials[\s\S]*sets access_token and also refresh_token[\s\S]*remove access_token`,
		},
		"partial refresh in the block": {
			block:  providerBlock(baseURL, "", `client_id = "x"`),
			expect: `Incomplete Webex refresh-token credentials[\s\S]*Missing: client_secret \(or WEBEX_CLIENT_SECRET\), refresh_token \(or WEBEX_REFRESH_TOKEN\)`,
		},
		"partial refresh in the environment": {
			block:  providerBlock(baseURL, ""),
			env:    map[string]string{EnvRefreshToken: "x"},
			expect: `Incomplete Webex refresh-token credentials[\s\S]*Missing: client_id \(or WEBEX_CLIENT_ID\), client_secret`,
		},
		"both in the environment": {
			block:  providerBlock(baseURL, ""),
			env:    map[string]string{EnvAccessToken: "abc", EnvClientID: "a", EnvClientSecret: "b", EnvRefreshToken: "c"},
			expect: `Conflicting Webex credentials[\s\S]*Both WEBEX_ACCESS_TOKEN and the refresh-token variables`,
		},
	}
	for name, tc := range cases {
		t.Run(strings.ReplaceAll(name, " ", "_"), func(t *testing.T) {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      tc.block + recordingBlock("test", simulator.ExampleRecordingID),
					PlanOnly:    true,
					ExpectError: wrapped(tc.expect),
				}},
			})
		})
	}
	if n := len(sim.Requests()); n != 0 {
		t.Errorf("%d request(s) reached the simulator with conflicting credentials", n)
	}
}

// TestAccProvider_refreshTokenRefused: an expired refresh token fails
// every read with what to do, on the argument at fault, after one token
// request; no read is sent.
func TestAccProvider_refreshTokenRefused(t *testing.T) {
	sim, baseURL := startSimulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: refreshBlock(baseURL, simulator.ExpiredRefreshToken) + recordingBlock("a", simulator.ExampleRecordingID) +
				recordingBlock("b", simulator.SharedRecordingID),
			ExpectError: wrapped(`Webex refresh token refused[\s\S]*needed an access token[\s\S]*refresh token in refresh_token \(invalid_grant\)[\s\S]*expired or was revoked` +
				`[\s\S]*Authorize the integration again[\s\S]*1 token request\(s\)[\s\S]*Tracking ID \(give it to Webex support\): ROUTER_`),
		}},
	})
	if n := sim.TokenRequests(); n != 1 {
		t.Errorf("%d token requests for two reads, want 1: the refusal is kept", n)
	}
	if n := len(issuedTokensUsed(t, sim)); n != 0 {
		t.Errorf("%d reads were sent without a token", n)
	}
}

// TestAccProvider_refreshSecretsStayOutOfLogs runs plans at TF_LOG=TRACE
// with a refresh token about to expire, then with a refused one: the run
// warns of the expiry, and neither the CLI's output nor the TRACE log
// holds the client secret, the refresh token or any access token issued.
func TestAccProvider_refreshSecretsStayOutOfLogs(t *testing.T) {
	sim, baseURL := startSimulator(t)
	logPath := filepath.Join(t.TempDir(), "trace.log")
	env := []string{"TF_LOG=TRACE", "TF_LOG_PATH=" + logPath,
		EnvClientID + "=" + simulator.OAuthClientID, EnvClientSecret + "=" + simulator.OAuthClientSecret}
	config := requiredProviders + providerBlock(baseURL, "") + recordingBlock("test", simulator.ExampleRecordingID)
	out, err := cliRun(t, config, append(env, EnvRefreshToken+"="+simulator.ExpiringRefreshToken), "plan", "-no-color", "-input=false")
	if err != nil {
		t.Fatalf("terraform plan: %v\n%s", err, out)
	}
	if !regexpMatch(`Warning: Webex refresh token expires soon[\s\S]*expires on \d{4}-\d\d-\d\d[\s\S]*in 5 days[\s\S]*update WEBEX_REFRESH_TOKEN\.`, out) {
		t.Errorf("the plan does not warn of the expiring refresh token:\n%s", out)
	}
	refused, err := cliRun(t, config, append(env, EnvRefreshToken+"="+simulator.RevokedRefreshToken), "plan", "-no-color", "-input=false")
	if err == nil || !strings.Contains(refused, "Webex refresh token refused") {
		t.Fatalf("a revoked refresh token did not fail the plan: %v\n%s", err, refused)
	}
	logs, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	secrets := map[string]string{
		"client secret": simulator.OAuthClientSecret, "refresh token": simulator.ExpiringRefreshToken,
		"revoked refresh token": simulator.RevokedRefreshToken,
	}
	for i, token := range issuedTokensUsed(t, sim) {
		secrets["issued access token "+string(rune('0'+i))] = token
	}
	if len(secrets) < 4 {
		t.Fatal("no access token was issued; the test would prove nothing")
	}
	for name, secret := range secrets {
		if strings.Contains(out+refused, secret) {
			t.Errorf("the %s appears in the CLI output", name)
		}
	}
	// The TRACE log is checkTraceLogs' to check.
	checkTraceLogs(t, string(logs), []string{"Webex request", "/v1/recordings/" + simulator.ExampleRecordingID}, secrets)
}

func regexpMatch(pattern, text string) bool { return wrapped(pattern).MatchString(text) }

// A span reads as a user says it: rounded, in minutes under an hour.
func TestDescribeSpan(t *testing.T) {
	for d, want := range map[time.Duration]string{
		59 * time.Second:                               "1 minute",
		30 * time.Minute:                               "30 minutes",
		100 * time.Minute:                              "2 hours",
		86400*time.Second - time.Second:                "1 day",
		4*24*time.Hour + 23*time.Hour:                  "4 days and 23 hours",
		4*24*time.Hour + 23*time.Hour + 59*time.Minute: "5 days",
	} {
		if got := describeSpan(d); got != want {
			t.Errorf("describeSpan(%s) = %q, want %q", d, got, want)
		}
	}
}
