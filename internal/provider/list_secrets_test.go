package provider

import (
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

// TestAccProvider_traceLogsHoldNoSecretsForListsAndEphemeral runs a paged
// list, a broken pagination and the ephemeral resource at TF_LOG=TRACE and
// fails if the token, a recording password or a download ticket reaches
// any log line of Terraform or the provider.
func TestAccProvider_traceLogsHoldNoSecretsForListsAndEphemeral(t *testing.T) {
	sim, baseURL := startListSimulator(t)
	sim.SetMaxPageSize(2)
	addRecordingBatch(t, sim, simulator.RecordingBatch{Count: 5, Password: "L1stS3cret!"})
	t.Setenv(EnvAccessToken, simulator.UserToken)
	traceLogs := captureTraceLogs(t)

	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   ephemeralVersionChecks,
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(baseURL, "") + recordingsBlock("all") + `
ephemeral "webex_recording" "test" {
  id = "` + simulator.ExampleRecordingID + `"
}

resource "terraform_data" "use" {
  provisioner "local-exec" {
    command = "test -n \"$LINK\""
    environment = {
      LINK = ephemeral.webex_recording.test.temporary_direct_download_links.audio_download_link
    }
  }
}

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

	checkTraceLogs(t, traceLogs(),
		[]string{`Webex list read`, `pages=3`, `/v1/recordings`, `/v1/recordings/` + simulator.ExampleRecordingID},
		map[string]string{"access token": simulator.UserToken, "list password": "L1stS3cret!", "recording password": "BgJep@43"})
}
