package provider

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

// Refresh-token login under failure, through the real CLI: a token only
// when a read needs one, one outcome for every waiting read, the advice
// for the login in use, diagnostics on the argument at fault.

// cliDir writes config to a fresh directory and returns a function that
// runs the Terraform CLI there, as cliRun does, so that one test can run
// several commands on one state.
func cliDir(t *testing.T, config string) func(env []string, args ...string) (string, error) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	return func(env []string, args ...string) (string, error) {
		cmd := exec.CommandContext(t.Context(), examplesTerraformCLI(t), args...)
		cmd.Dir, cmd.Env = dir, append(devOverridesEnv(t), env...)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
}

func refreshEnv(refreshToken string) []string {
	return []string{EnvClientID + "=" + simulator.OAuthClientID, EnvClientSecret + "=" + simulator.OAuthClientSecret, EnvRefreshToken + "=" + refreshToken}
}

// A run that reads nothing from Webex sends nothing: a terraform_data fed
// by a recording is destroyed with -refresh=false after the refresh token
// was revoked.
func TestAccRefreshLogin_destroyWithoutReads(t *testing.T) {
	sim, baseURL := startSimulator(t)
	run := cliDir(t, requiredProviders+providerBlock(baseURL, "")+recordingBlock("test", simulator.ExampleRecordingID)+`
resource "terraform_data" "sync" {
  input = data.webex_recording.test.download_url
}
`)
	if out, err := run(refreshEnv(simulator.RefreshToken), "apply", "-auto-approve", "-no-color", "-input=false"); err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	sim.ResetRequests()
	before := sim.TokenRequests()
	out, err := run(refreshEnv(simulator.RevokedRefreshToken), "destroy", "-refresh=false", "-auto-approve", "-no-color", "-input=false")
	if err != nil || !strings.Contains(out, "Destroy complete! Resources: 1 destroyed.") {
		t.Fatalf("destroy -refresh=false with a revoked refresh token: %v\n%s", err, out)
	}
	if n, reqs := sim.TokenRequests()-before, len(sim.Requests()); n != 0 || reqs != 0 {
		t.Errorf("the destroy sent %d token request(s) and %d request(s) in all, want none", n, reqs)
	}
}

// Tokens that Webex mints and every read refuses (a revoked authorization,
// or base_url at another Webex cloud): the advice is for the refresh-token
// login, never access_token, and says a renewed token was refused too; the
// reads do not renew in a loop.
func TestAccRefreshLogin_obtainedTokenRefused(t *testing.T) {
	sim, baseURL := startSimulator(t)
	config := requiredProviders + providerBlock(baseURL, "", "max_retries = 0") +
		recordingBlock("a", simulator.ExampleRecordingID) + recordingBlock("b", simulator.SharedRecordingID) +
		recordingBlock("c", simulator.DeletedRecordingID)
	out, err := cliRun(t, config, refreshEnv(simulator.RejectedAccessRefreshToken), "plan", "-no-color", "-input=false", "-parallelism=1")
	if err == nil || !regexpMatch(`Webex refused the obtained access token[\s\S]*obtained with the refresh token, and to[\s\S]*a renewed one too[\s\S]*`+
		`authorization may have been revoked[\s\S]*base_url[\s\S]*Check WEBEX_CLIENT_ID and WEBEX_REFRESH_TOKEN`, out) {
		t.Fatalf("plan: %v, want the refresh-token login's 401 advice:\n%s", err, out)
	}
	if strings.Contains(out, "access_token") || strings.Contains(out, EnvAccessToken) {
		t.Errorf("the advice suggests the access token:\n%s", out)
	}
	if n := sim.TokenRequests(); n > 2 {
		t.Errorf("%d token requests for 3 reads, want at most 2: a renewal refused too is not tried again", n)
	}
}

// A token endpoint that hangs once the first token expires fails every
// waiting read within about one retry_timeout, with a handful of token
// requests whatever the number of reads, each error saying how many and
// over how long.
func TestAccRefreshLogin_hungTokenEndpoint(t *testing.T) {
	sim, baseURL := startSimulator(t)
	ids := addRecordingBatch(t, sim, simulator.RecordingBatch{Count: 50})
	sim.SetLatency(time.Second) // 5 waves of 10 reads: the plan outlives the first 3-second token
	config := requiredProviders + providerBlock(baseURL, "", `request_timeout = "2s"`, `retry_timeout = "8s"`) + `
data "webex_recording" "each" {
  for_each = toset(["` + strings.Join(ids, `", "`) + `"])
  id       = each.key
}
`
	start := time.Now()
	out, err := cliRun(t, config, refreshEnv(simulator.HangingRefreshToken), "plan", "-no-color", "-input=false")
	elapsed := time.Since(start)
	if err == nil || !regexpMatch(`Webex access token not obtained[\s\S]*request_timeout \(2s\)[\s\S]*retry_timeout \(8s\) ran out \(\d token request\(s\) in 8`, out) {
		t.Fatalf("plan: %v, want the hung endpoint's error:\n%s", err, out)
	}
	t.Logf("plan took %s with %d token requests; %d errors", elapsed.Round(time.Millisecond), sim.TokenRequests(), strings.Count(out, "Error: "))
	if n := sim.TokenRequests(); n > 6 {
		t.Errorf("%d token requests, want a handful: one refresh for every waiting read", n)
	}
	if elapsed > 30*time.Second {
		t.Errorf("the plan took %s, want about one retry_timeout past the first token", elapsed)
	}
}

// invalid_client goes on the client secret, or on the client id when
// Webex does not know it, named as the user gave it.
func TestAccRefreshLogin_invalidClient(t *testing.T) {
	_, baseURL := startSimulator(t)
	config := requiredProviders + providerBlock(baseURL, "") + recordingBlock("test", simulator.ExampleRecordingID)
	env := []string{EnvClientID + "=" + simulator.OAuthClientID, EnvClientSecret + "=wrong-secret", EnvRefreshToken + "=" + simulator.RefreshToken}
	out, err := cliRun(t, config, env, "plan", "-no-color", "-input=false")
	if err == nil || !regexpMatch(`Webex client secret refused[\s\S]*client secret in WEBEX_CLIENT_SECRET for the client id in[\s\S]*WEBEX_CLIENT_ID \(invalid_client\)`, out) ||
		strings.Contains(out, "wrong-secret") {
		t.Errorf("wrong secret: %v\n%s", err, out)
	}
	config = requiredProviders + providerBlock(baseURL, "", `client_id = "nobody"`) + recordingBlock("test", simulator.ExampleRecordingID)
	out, err = cliRun(t, config, env[1:], "plan", "-no-color", "-input=false")
	if err == nil || !regexpMatch(`Webex client id refused[\s\S]*does not know the client id in client_id \(invalid_client\)`, out) {
		t.Errorf("unknown client id: %v\n%s", err, out)
	}
}
