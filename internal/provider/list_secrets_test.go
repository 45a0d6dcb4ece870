package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

// TestAccProvider_traceLogsHoldNoSecretsForListsAndEphemeral runs a paged
// list, a broken pagination and the ephemeral resource at TF_LOG=TRACE and
// fails if the token, a recording password or a download ticket reaches
// any log line of Terraform or the provider. The lists run on every
// engine; the ephemeral resource only on those that know it.
func TestAccProvider_traceLogsHoldNoSecretsForListsAndEphemeral(t *testing.T) {
	secrets := map[string]string{"access token": simulator.UserToken, "list password": "L1stS3cret!", "recording password": "BgJep@43"}

	t.Run("lists", func(t *testing.T) {
		sim, baseURL := startListSimulator(t)
		sim.SetMaxPageSize(2)
		addRecordingBatch(t, sim, simulator.RecordingBatch{Count: 5, Password: "L1stS3cret!"})
		t.Setenv(EnvAccessToken, simulator.UserToken)
		traceLogs := captureTraceLogs(t)

		resource.Test(t, resource.TestCase{
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{
				{
					Config: providerBlock(baseURL, "") + recordingsBlock("all") + `
output "count" {
  value = length(data.webex_recordings.all.recordings)
}
`,
					Check: resource.TestCheckOutput("count", "5"),
				},
				{
					PreConfig:   func() { sim.SetRepeatNextLink(true) },
					Config:      providerBlock(baseURL, "") + recordingsBlock("loop"),
					ExpectError: regexp.MustCompile(`Webex pagination loops`),
				},
			},
			CheckDestroy: func(*terraform.State) error { return nil },
		})

		checkTraceLogs(t, traceLogs(), []string{`Webex list read`, `pages=3`, `/v1/recordings`}, secrets)
	})

	t.Run("ephemeral", func(t *testing.T) {
		_, baseURL := startListSimulator(t)
		t.Setenv(EnvAccessToken, simulator.UserToken)
		traceLogs := captureTraceLogs(t)

		resource.Test(t, resource.TestCase{
			TerraformVersionChecks:   ephemeralVersionChecks,
			ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
			Steps: []resource.TestStep{{
				Config: providerBlock(baseURL, "") + ephemeralRecordingBlock(simulator.ExampleRecordingID) + `
resource "terraform_data" "use" {
  provisioner "local-exec" {
    command = "test -n \"$LINK\""
    environment = {
      LINK = ephemeral.webex_recording.test.temporary_direct_download_links.audio_download_link
    }
  }
}
`,
			}},
			CheckDestroy: func(*terraform.State) error { return nil },
		})

		checkTraceLogs(t, traceLogs(), []string{`/v1/recordings/` + simulator.ExampleRecordingID}, secrets)
	})
}

// TestAccRecordingsDataSource_planHidesPasswords runs `terraform plan`
// and `apply` as a user does, with the provider built from this tree, over
// a list whose recordings carry passwords, and fails if a password shows
// in the CLI's output or in its TRACE log (Terraform's and the
// provider's), or if the passwords map handed to a resource is not shown
// as sensitive.
func TestAccRecordingsDataSource_planHidesPasswords(t *testing.T) {
	sim, baseURL := startSimulator(t)
	ids := addRecordingBatch(t, sim, simulator.RecordingBatch{Count: 3, Password: "Pl4nS3cret!"})
	config := requiredProviders + providerBlock(baseURL, "") + `
data "webex_recordings" "recent" {}

output "recordings" {
  value = data.webex_recordings.recent.recordings
}

# Where a user would see them: a resource argument in the plan.
resource "terraform_data" "passwords" {
  input = data.webex_recordings.recent.passwords
}
`
	logPath := filepath.Join(t.TempDir(), "trace.log")
	env := []string{EnvAccessToken + "=" + simulator.UserToken, "TF_LOG=TRACE", "TF_LOG_PATH=" + logPath}
	var output strings.Builder
	for _, args := range [][]string{{"plan", "-no-color", "-input=false"}, {"apply", "-no-color", "-input=false", "-auto-approve"}} {
		out, err := cliRun(t, config, env, args...)
		if err != nil {
			t.Fatalf("terraform %s: %v\n%s", args[0], err, out)
		}
		output.WriteString(out)
	}
	logs, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{ids[0], ids[2], `input\s+= \(sensitive value\)`} {
		if !regexp.MustCompile(want).MatchString(output.String()) {
			t.Errorf("the CLI output lacks %q; the test would prove nothing:\n%s", want, output.String())
		}
	}
	if strings.Contains(output.String(), "Pl4nS3cret!") {
		t.Errorf("a recording password appears in the CLI output:\n%s", output.String())
	}
	checkTraceLogs(t, string(logs), []string{"Webex list read", "/v1/recordings", "ReadDataSource"},
		map[string]string{"access token": simulator.UserToken, "list password": "Pl4nS3cret!"})
}
