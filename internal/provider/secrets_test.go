package provider

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

// ticketValue matches a download ticket that was not masked.
var ticketValue = regexp.MustCompile(`ticket=[^&\s"]`)

// TestAccProvider_traceLogsHoldNoSecrets runs a read, a retry and a failed
// read at TF_LOG=TRACE and fails if the token, the recording password or a
// download ticket reaches any log line of Terraform or the provider.
func TestAccProvider_traceLogsHoldNoSecrets(t *testing.T) {
	sim, baseURL := startSimulator(t)
	if err := sim.FailNext(simulator.ExampleRecordingID, 1, http.StatusTooManyRequests, "1"); err != nil {
		t.Fatal(err)
	}
	// The token comes from the environment, as it should in real use: the
	// test harness itself logs the configuration text.
	t.Setenv(EnvAccessToken, simulator.UserToken)
	traceLogs := captureTraceLogs(t)

	config := providerBlock(baseURL, "") + recordingBlock("test", simulator.ExampleRecordingID) + `
output "password_length" {
  value = nonsensitive(length(data.webex_recording.test.password))
}
`
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: config,
				Check:  resource.TestCheckOutput("password_length", "8"),
			},
			{
				Config:      providerBlock(baseURL, "") + recordingBlock("missing", simulator.OtherHostRecordingID),
				ExpectError: regexp.MustCompile(`Webex recording not found`),
			},
		},
		CheckDestroy: func(*terraform.State) error { return nil },
	})

	checkTraceLogs(t, traceLogs(),
		[]string{`Webex request`, `status=429`, `tracking_id=ROUTER_`, `/v1/recordings/` + simulator.ExampleRecordingID},
		map[string]string{"access token": simulator.UserToken, "recording password": "BgJep@43"})
}

// captureTraceLogs sends Terraform's and the provider's logs at TRACE to
// files for this test, and returns a function that reads them all.
func captureTraceLogs(t *testing.T) func() string {
	t.Helper()
	logDir := t.TempDir()
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_LOG_PATH_MASK", filepath.Join(logDir, "%s.log"))
	return func() string {
		files, err := filepath.Glob(filepath.Join(logDir, "*"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no log files written under %s (%v)", logDir, err)
		}
		var all strings.Builder
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			all.Write(b)
		}
		return all.String()
	}
}

// checkTraceLogs fails the test if logs lack any of wants (without them the
// test would prove nothing), or hold any of secrets or a download ticket.
func checkTraceLogs(t *testing.T, logs string, wants []string, secrets map[string]string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(logs, want) {
			t.Errorf("TRACE logs lack %q; the test would prove nothing", want)
		}
	}
	for name, secret := range secrets {
		if i := strings.Index(logs, secret); i >= 0 {
			t.Errorf("the %s appears in the TRACE logs: ...%s...", name, logs[max(i-300, 0):min(i+50, len(logs))])
		}
	}
	if loc := ticketValue.FindStringIndex(logs); loc != nil {
		t.Errorf("a download ticket appears in the TRACE logs: ...%s...", logs[max(loc[0]-200, 0):min(loc[1]+20, len(logs))])
	}
}
