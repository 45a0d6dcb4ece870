package provider

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

// What a hostile or broken server must not get away with, through the
// real CLI.

// TestAccHostile_secretsStayOutOfDiagnostics has the server echo the
// access token (without "Bearer") in a 401 and its tracking id, and send
// a redirect loop whose links carry a download ticket, and bytes after a
// whole answer that no request asked for (which net/http reports through
// the standard logger): neither the CLI's output nor its TRACE log
// (Terraform's and the provider's) may hold the token or the ticket.
func TestAccHostile_secretsStayOutOfDiagnostics(t *testing.T) {
	const ticket = "T1CKETSECRET"
	baseURL := startFaultySimulator(t, func(w http.ResponseWriter, r *http.Request) bool {
		switch strings.TrimPrefix(r.URL.Path, "/v1/recordings/") {
		case simulator.ExampleRecordingID:
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = w.Write([]byte(`{"message":"Token ` + simulator.UserToken + ` has expired","trackingId":"ROUTER_` + simulator.UserToken + `"}`))
		case simulator.SharedRecordingID:
			http.Redirect(w, r, r.URL.Path+"?ticket="+ticket, http.StatusTemporaryRedirect)
		case simulator.DeletedRecordingID:
			conn, buf, err := http.NewResponseController(w).Hijack()
			if err != nil {
				t.Error(err)
				return true
			}
			defer conn.Close()
			body := `{"id":"` + simulator.DeletedRecordingID + `"}`
			fmt.Fprintf(buf, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
			fmt.Fprintf(buf, "HTTP/1.1 401 Unauthorized\r\nX-Echo: Bearer %s ticket=%s\r\n\r\n", simulator.UserToken, ticket)
			_ = buf.Flush()
		default:
			return false
		}
		return true
	})
	logPath := filepath.Join(t.TempDir(), "trace.log")
	config := requiredProviders + providerBlock(baseURL, "") +
		recordingBlock("echo", simulator.ExampleRecordingID) + recordingBlock("loop", simulator.SharedRecordingID) +
		recordingBlock("unsolicited", simulator.DeletedRecordingID)
	out, err := cliRun(t, config, []string{EnvAccessToken + "=" + simulator.UserToken, "TF_LOG=TRACE", "TF_LOG_PATH=" + logPath},
		"plan", "-no-color", "-input=false")
	if err == nil {
		t.Fatalf("the plan succeeded:\n%s", out)
	}
	for _, want := range []string{"Webex access token rejected", "Webex said: [withheld: the server's text quoted a credential", "more than 5 redirects"} {
		if !strings.Contains(out, want) {
			t.Errorf("the CLI output lacks %q; the test would prove nothing:\n%s", want, out)
		}
	}
	for name, secret := range map[string]string{"access token": simulator.UserToken, "download ticket": ticket} {
		if strings.Contains(out, secret) {
			t.Errorf("the %s appears in the CLI output:\n%s", name, out)
		}
	}
	logs, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	checkTraceLogs(t, string(logs), []string{"Webex access token rejected", "more than 5 redirects"},
		map[string]string{"access token": simulator.UserToken, "download ticket": ticket})
}

// TestAccHostile_tokenFromFile reads the token with file(), trailing line
// break and all: it is trimmed, not retried for minutes.
func TestAccHostile_tokenFromFile(t *testing.T) {
	sim, baseURL := startSimulator(t)
	tokenFile := filepath.Join(t.TempDir(), "token.txt")
	if err := os.WriteFile(tokenFile, []byte(simulator.UserToken+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(baseURL, "", `access_token = file("`+filepath.ToSlash(tokenFile)+`")`) +
				recordingBlock("test", simulator.ExampleRecordingID),
			ConfigStateChecks: []statecheck.StateCheck{expect(exampleAddr, "topic", knownvalue.StringExact("Example Topic"))},
			Check: func(*terraform.State) error {
				for _, r := range sim.Requests() {
					if got := r.Header.Get("Authorization"); got != "Bearer "+simulator.UserToken {
						t.Errorf("Authorization = %q, want the token without its line break", got)
					}
				}
				return nil
			},
		}},
	})
}

// TestAccHostile_invalidTokens refuses, before any request, a token that
// a header cannot carry or that was pasted with its scheme, naming where
// it came from and never repeating it.
func TestAccHostile_invalidTokens(t *testing.T) {
	sim, baseURL := startSimulator(t)
	cases := map[string]struct {
		config, env, expect string
	}{
		"control character": {config: "abc\\u0007def", expect: `Invalid Webex access token[\s\S]*access_token[\s\S]*control character`},
		"bearer prefix":     {config: "Bearer abcdef", expect: `Invalid Webex access token[\s\S]*starts with "Bearer "[\s\S]*give the token alone`},
		"from env":          {env: "Bearer abcdef", expect: `Invalid Webex access token[\s\S]*WEBEX_ACCESS_TOKEN environment variable[\s\S]*"Bearer "`},
	}
	for name, tc := range cases {
		t.Run(strings.ReplaceAll(name, " ", "_"), func(t *testing.T) {
			block := providerBlock(baseURL, "", `access_token = "`+tc.config+`"`)
			if tc.env != "" {
				t.Setenv(EnvAccessToken, tc.env)
				block = providerBlock(baseURL, "")
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      block + recordingBlock("test", simulator.ExampleRecordingID),
					ExpectError: wrapped(tc.expect),
				}},
				ErrorCheck: func(err error) error {
					if strings.Contains(err.Error(), "abcdef") || strings.Contains(err.Error(), "abc\a") {
						t.Errorf("the error repeats the token: %v", err)
					}
					return err
				},
			})
		})
	}
	if n := len(sim.Requests()); n != 0 {
		t.Errorf("%d request(s) reached the simulator with an unusable token", n)
	}
}

// TestAccHostile_otherRecordingRefused: an answer about another recording
// is an error naming both ids, never stored under the id asked for.
func TestAccHostile_otherRecordingRefused(t *testing.T) {
	baseURL := startFaultySimulator(t, func(w http.ResponseWriter, r *http.Request) bool {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"id":"SOME-OTHER-RECORDING","password":"n0t-y0urs"}`))
		return true
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      providerBlock(baseURL, simulator.UserToken) + recordingBlock("test", simulator.ExampleRecordingID),
			ExpectError: wrapped(`Unusable answer from Webex[\s\S]*recording "SOME-OTHER-RECORDING", but recording "` + simulator.ExampleRecordingID + `" was asked for`),
		}},
	})
}

// TestAccHostile_longRetryAfterStopsEveryRead: one read gets a 429 with
// Retry-After of an hour; it fails at once, and so do the reads Terraform
// starts after it, instead of each waiting out its retry_timeout.
func TestAccHostile_longRetryAfterStopsEveryRead(t *testing.T) {
	sim, baseURL := startSimulator(t)
	if err := sim.FailNext(simulator.ExampleRecordingID, 1, http.StatusTooManyRequests, "3600"); err != nil {
		t.Fatal(err)
	}
	// All reads wait for apply (depends_on resources being created); the
	// three later ones start after the first read's answer.
	config := providerBlock(baseURL, simulator.UserToken, `retry_timeout = "30s"`) + `
resource "terraform_data" "first" {}

resource "terraform_data" "later" {
  provisioner "local-exec" {
    command = "sleep 1"
  }
}

data "webex_recording" "first" {
  id         = "` + simulator.ExampleRecordingID + `"
  depends_on = [terraform_data.first]
}

data "webex_recording" "later" {
  for_each   = toset(["` + simulator.SharedRecordingID + `", "` + simulator.DeletedRecordingID + `", "` + simulator.PreventDownloadRecordingID + `"])
  id         = each.key
  depends_on = [terraform_data.later]
}
`
	own := `429 Too Many Requests to the read of recording "` + simulator.ExampleRecordingID + `" and asked to wait 1h0m0s`
	other := `was not read: Webex answered 429 Too Many Requests to another read of this provider and asked every read to wait 1h0m0s`
	start := time.Now()
	// Not parallel: the time measured must be this test's own.
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      config,
			ExpectError: wrapped(`(?:` + own + `[\s\S]*` + other + `|` + other + `[\s\S]*` + own + `)`),
		}},
	})
	if d := time.Since(start); d > 25*time.Second {
		t.Errorf("took %s: the reads behind the hold should fail at once, not wait out retry_timeout", d)
	}
	if n := requestsTo(sim, "/v1/recordings/"); n != 1 {
		t.Errorf("%d requests, want 1: the reads behind the hold could not have waited for it", n)
	}
}

// TestAccHostile_dependsOnReadsFresh: a data source that depends_on a
// resource whose provisioner changed the recording reads the change, not
// the answer an earlier read of the same apply got.
func TestAccHostile_dependsOnReadsFresh(t *testing.T) {
	sim, baseURL := startSimulator(t)
	var once sync.Once
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		// Stands in for the provisioner: it changes the recording once
		// the first read has been answered.
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
			if requestsTo(sim, "/v1/recordings/"+simulator.ExampleRecordingID) > 0 {
				once.Do(func() {
					_ = sim.UpdateRecording(simulator.ExampleRecordingID, func(r *simulator.Recording) { r.Topic = "Renamed by the provisioner" })
				})
				return
			}
		}
	}()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(baseURL, simulator.UserToken) + `
resource "terraform_data" "start" {}

data "webex_recording" "before" {
  id         = "` + simulator.ExampleRecordingID + `"
  depends_on = [terraform_data.start]
}

resource "terraform_data" "rename" {
  depends_on = [data.webex_recording.before]
  provisioner "local-exec" {
    command = "sleep 2"
  }
}

data "webex_recording" "after" {
  id         = "` + simulator.ExampleRecordingID + `"
  depends_on = [terraform_data.rename]
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				expect("data.webex_recording.after", "topic", knownvalue.StringExact("Renamed by the provisioner")),
				expect("data.webex_recording.before", "topic", knownvalue.StringExact("Example Topic")),
			},
		}},
	})
}
