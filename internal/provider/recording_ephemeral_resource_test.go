package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/echoprovider"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

// Ephemeral resources need Terraform 1.10; older engines skip with a reason.
var ephemeralVersionChecks = []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_10_0)}

// testAccEchoProviderFactories adds terraform-plugin-testing's echo
// provider, which copies an ephemeral value into a test resource's state:
// the only way to look at an ephemeral resource's values in a test.
var testAccEchoProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"webex": testAccProtoV6ProviderFactories["webex"],
	"echo":  echoprovider.NewProviderServer(),
}

// TestAccRecordingEphemeralResource_values checks every attribute of the
// ephemeral webex_recording through the echo provider.
func TestAccRecordingEphemeralResource_values(t *testing.T) {
	_, baseURL := startSimulator(t)
	link := func(servlet string) knownvalue.Check {
		return knownvalue.StringRegexp(regexp.MustCompile(`^https://site4-example\.webex\.com/nbr/` + servlet + `\?.*&ticket=[A-Za-z0-9%]+&`))
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   ephemeralVersionChecks,
		ProtoV6ProviderFactories: testAccEchoProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(baseURL, simulator.UserToken) + `
ephemeral "webex_recording" "test" {
  id       = "` + simulator.ExampleRecordingID + `"
  timezone = "America/Los_Angeles"
}

ephemeral "webex_recording" "uploaded" {
  id = "` + simulator.LargeUploadedRecordingID + `"
}

provider "echo" {
  data = {
    example  = ephemeral.webex_recording.test
    uploaded = ephemeral.webex_recording.uploaded
  }
}

resource "echo" "test" {}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("example"), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"id":                   knownvalue.StringExact(simulator.ExampleRecordingID),
					"group":                knownvalue.Null(),
					"person_id":            knownvalue.Null(),
					"host_email":           knownvalue.Null(),
					"timezone":             knownvalue.StringExact("America/Los_Angeles"),
					"meeting_id":           knownvalue.StringExact("f91b6edce9864428af084977b7c68291_I_166641849979635652"),
					"scheduled_meeting_id": knownvalue.StringExact("f91b6edce9864428af084977b7c68291_20200713T121500Z"),
					"meeting_series_id":    knownvalue.StringExact("f91b6edce9864428af084977b7c68291"),
					"topic":                knownvalue.StringExact("Example Topic"),
					"create_time":          knownvalue.StringExact("2020-07-13T10:11:35-07:00"),
					"time_recorded":        knownvalue.StringExact("2020-07-13T10:05:35-07:00"),
					"site_url":             knownvalue.StringExact("site4-example.webex.com"),
					"download_url":         knownvalue.StringExact("https://site4-example.webex.com/site4/lsr.php?RCID=b91990e37417bda24986e46cf43345ab"),
					"playback_url":         knownvalue.StringExact("https://site4-example.webex.com/site4/ldr.php?RCID=69201a61d1d94a84aca18817261d1a73"),
					"password":             knownvalue.StringExact("BgJep@43"),
					"temporary_direct_download_links": knownvalue.ObjectExact(map[string]knownvalue.Check{
						"recording_download_link":  link("MultiThreadDownloadServlet"),
						"audio_download_link":      link("downloadMedia.do"),
						"transcript_download_link": link("downloadMedia.do"),
						"expiration":               knownvalue.StringRegexp(regexp.MustCompile(`-0[78]:00$`)),
					}),
					"format":           knownvalue.StringExact("ARF"),
					"service_type":     knownvalue.StringExact("MeetingCenter"),
					"duration_seconds": knownvalue.Int64Exact(18416),
					"size_bytes":       knownvalue.Int64Exact(168103),
					"share_to_me":      knownvalue.Bool(false),
					"integration_tags": knownvalue.ListSizeExact(3),
					"status":           knownvalue.StringExact("available"),
				})),
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("uploaded"), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"size_bytes":       knownvalue.Int64Exact(6442450944),
					"integration_tags": knownvalue.Null(),
					"temporary_direct_download_links": knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"audio_download_link": knownvalue.Null(),
					}),
				})),
			},
		}},
	})
}

// TestAccRecordingEphemeralResource_notInState uses the ephemeral links and
// password in a provisioner's environment, where ephemeral values are
// allowed, proves they arrived, and then finds none of them in the state.
func TestAccRecordingEphemeralResource_notInState(t *testing.T) {
	sim, baseURL := startSimulator(t)
	marker := filepath.Join(t.TempDir(), "download.txt")
	config := providerBlock(baseURL, simulator.UserToken) + `
ephemeral "webex_recording" "test" {
  id = "` + simulator.ExampleRecordingID + `"
}

resource "terraform_data" "download" {
  input = "` + simulator.ExampleRecordingID + `"

  provisioner "local-exec" {
    # Record what arrived without printing it: the link's host and whether a ticket and the password came.
    command = <<-EOT
      case "$LINK" in https://site4-example.webex.com/nbr/*ticket=*) echo link-ok > "$MARKER" ;; *) echo link-missing > "$MARKER" ;; esac
      [ "$PASSWORD" = "BgJep@43" ] && echo password-ok >> "$MARKER" || true
    EOT
    environment = {
      LINK     = ephemeral.webex_recording.test.temporary_direct_download_links.recording_download_link
      PASSWORD = ephemeral.webex_recording.test.password
      MARKER   = "` + filepath.ToSlash(marker) + `"
    }
  }
}
`
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   ephemeralVersionChecks,
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: config,
			ConfigStateChecks: []statecheck.StateCheck{
				// The recording id is in the state on purpose (the input), so
				// the check cannot pass on an empty state.
				expectStateLacks(simulator.ExampleRecordingID, map[string]*regexp.Regexp{
					"a download link": regexp.MustCompile(`/nbr/(MultiThreadDownloadServlet|downloadMedia\.do)`),
					"a ticket":        regexp.MustCompile(`ticket=`),
					"the password":    regexp.MustCompile(regexp.QuoteMeta("BgJep@43")),
					"a link's host":   regexp.MustCompile(`site4-example\.webex\.com`),
				}),
				statecheck.ExpectKnownValue("terraform_data.download", tfjsonpath.New("output"), knownvalue.StringExact(simulator.ExampleRecordingID)),
			},
			Check: func(*terraform.State) error {
				got, err := os.ReadFile(marker)
				if err != nil {
					return fmt.Errorf("the provisioner did not run: %w", err)
				}
				if string(got) != "link-ok\npassword-ok\n" {
					return fmt.Errorf("the provisioner saw %q; the ephemeral link and password did not arrive", got)
				}
				// Read fresh: at least once at plan and once at apply.
				if n := requestsTo(sim, "/v1/recordings/"+simulator.ExampleRecordingID); n < 2 {
					return fmt.Errorf("%d read(s) of the recording, want one per plan and apply", n)
				}
				return nil
			},
		}},
	})
}

// expectStateLacks fails when the state, as `terraform show -json` gives
// it (sensitive values in full), matches any of the patterns, or when it
// does not hold mustHold (so an empty state cannot pass).
func expectStateLacks(mustHold string, patterns map[string]*regexp.Regexp) statecheck.StateCheck {
	return stateLacks{mustHold: mustHold, patterns: patterns}
}

type stateLacks struct {
	mustHold string
	patterns map[string]*regexp.Regexp
}

func (c stateLacks) CheckState(_ context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	var raw strings.Builder
	enc := json.NewEncoder(&raw)
	enc.SetEscapeHTML(false) // keep "&ticket=" as it is, not "\u0026ticket="
	if err := enc.Encode(req.State); err != nil {
		resp.Error = err
		return
	}
	state := raw.String()
	if !strings.Contains(state, c.mustHold) {
		resp.Error = fmt.Errorf("the state does not hold %q; the check would prove nothing:\n%s", c.mustHold, state)
		return
	}
	var found []string
	for what, re := range c.patterns {
		if loc := re.FindStringIndex(state); loc != nil {
			found = append(found, fmt.Sprintf("%s (...%s...)", what, state[max(loc[0]-80, 0):min(loc[1]+20, len(state))]))
		}
	}
	if len(found) > 0 {
		resp.Error = fmt.Errorf("the state holds ephemeral values: %s", strings.Join(found, "; "))
	}
}

// TestAccRecordingEphemeralResource_eachOpenReads: two identical ephemeral
// blocks opened at once are two requests, each with links of its own, as
// the docs promise; the data source shares identical reads instead.
func TestAccRecordingEphemeralResource_eachOpenReads(t *testing.T) {
	sim, baseURL := startSimulator(t)
	sim.SetLatency(200 * time.Millisecond) // both opens are in flight at once
	block := func(name string) string {
		return `ephemeral "webex_recording" "` + name + `" {
  id = "` + simulator.AllHandsRecordingID + `"
}
`
	}
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   ephemeralVersionChecks,
		ProtoV6ProviderFactories: testAccEchoProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(baseURL, simulator.UserToken) + block("a") + block("b") + `
provider "echo" {
  data = {
    same = ephemeral.webex_recording.a.temporary_direct_download_links.recording_download_link == ephemeral.webex_recording.b.temporary_direct_download_links.recording_download_link
  }
}

resource "echo" "test" {}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data").AtMapKey("same"), knownvalue.Bool(false)),
			},
			Check: func(*terraform.State) error {
				if n := requestsTo(sim, "/v1/recordings/"+simulator.AllHandsRecordingID); n < 2 || n%2 != 0 {
					t.Errorf("%d requests for the two blocks, want two per plan or apply", n)
				}
				return nil
			},
		}},
	})
}
