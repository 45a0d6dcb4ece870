package provider

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

const exampleAddr = "data.webex_recording.test"

var rfc3339UTC = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$`)

// wrapped compiles an expected-error pattern so that each space also
// matches the line breaks Terraform puts into long diagnostics.
func wrapped(pattern string) *regexp.Regexp {
	return regexp.MustCompile(strings.ReplaceAll(pattern, " ", `\s+`))
}

func expect(addr, attr string, check knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(addr, tfjsonpath.New(attr), check)
}

// TestAccRecordingDataSource_example reads the reference's example
// recording and checks every attribute against it.
func TestAccRecordingDataSource_example(t *testing.T) {
	sim, baseURL := startSimulator(t)
	linkPattern := func(servlet string) knownvalue.Check {
		return knownvalue.StringRegexp(regexp.MustCompile(`^https://site4-example\.webex\.com/nbr/` + servlet +
			`\?siteid=2062842&recordid=305462&.*&ticket=[A-Za-z0-9%]+&timestamp=\d+&`))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(baseURL, simulator.UserToken) + recordingBlock("test", simulator.ExampleRecordingID),
			ConfigStateChecks: []statecheck.StateCheck{
				expect(exampleAddr, "id", knownvalue.StringExact("4f914b1dfe3c4d11a61730f18c0f5387")),
				expect(exampleAddr, "host_email", knownvalue.Null()),
				expect(exampleAddr, "timezone", knownvalue.Null()),
				expect(exampleAddr, "meeting_id", knownvalue.StringExact("f91b6edce9864428af084977b7c68291_I_166641849979635652")),
				expect(exampleAddr, "scheduled_meeting_id", knownvalue.StringExact("f91b6edce9864428af084977b7c68291_20200713T121500Z")),
				expect(exampleAddr, "meeting_series_id", knownvalue.StringExact("f91b6edce9864428af084977b7c68291")),
				expect(exampleAddr, "topic", knownvalue.StringExact("Example Topic")),
				expect(exampleAddr, "create_time", knownvalue.StringExact("2020-07-13T17:11:35Z")),
				expect(exampleAddr, "time_recorded", knownvalue.StringExact("2020-07-13T17:05:35Z")),
				expect(exampleAddr, "site_url", knownvalue.StringExact("site4-example.webex.com")),
				expect(exampleAddr, "download_url", knownvalue.StringExact("https://site4-example.webex.com/site4/lsr.php?RCID=b91990e37417bda24986e46cf43345ab")),
				expect(exampleAddr, "playback_url", knownvalue.StringExact("https://site4-example.webex.com/site4/ldr.php?RCID=69201a61d1d94a84aca18817261d1a73")),
				expect(exampleAddr, "password", knownvalue.StringExact("BgJep@43")),
				statecheck.ExpectSensitiveValue(exampleAddr, tfjsonpath.New("password")),
				expect(exampleAddr, "temporary_direct_download_links", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"recording_download_link":  linkPattern("MultiThreadDownloadServlet"),
					"audio_download_link":      linkPattern("downloadMedia.do"),
					"transcript_download_link": linkPattern("downloadMedia.do"),
					"expiration":               knownvalue.StringRegexp(rfc3339UTC),
				})),
				statecheck.ExpectSensitiveValue(exampleAddr, tfjsonpath.New("temporary_direct_download_links").AtMapKey("recording_download_link")),
				expect(exampleAddr, "format", knownvalue.StringExact("ARF")),
				expect(exampleAddr, "service_type", knownvalue.StringExact("MeetingCenter")),
				expect(exampleAddr, "duration_seconds", knownvalue.Int64Exact(18416)),
				expect(exampleAddr, "size_bytes", knownvalue.Int64Exact(168103)),
				expect(exampleAddr, "share_to_me", knownvalue.Bool(false)),
				expect(exampleAddr, "integration_tags", knownvalue.ListExact([]knownvalue.Check{
					knownvalue.StringExact("dbaeceebea5c4a63ac9d5ef1edfe36b9"),
					knownvalue.StringExact("85e1d6319aa94c0583a6891280e3437d"),
					knownvalue.StringExact("27226d1311b947f3a68d6bdf8e4e19a1"),
				})),
				expect(exampleAddr, "status", knownvalue.StringExact("available")),
			},
			Check: func(*terraform.State) error {
				// What went over the wire: the path, the token, the User-Agent, and no timezone header.
				for _, r := range sim.Requests() {
					if r.Path != "/v1/recordings/"+simulator.ExampleRecordingID {
						t.Errorf("unexpected request path %q", r.Path)
					}
					if got := r.Header.Get("Authorization"); got != "Bearer "+simulator.UserToken {
						t.Errorf("Authorization header = %q", got)
					}
					if got := r.Header.Get("User-Agent"); got != "terraform-provider-webex/test" {
						t.Errorf("User-Agent = %q, want terraform-provider-webex/test", got)
					}
					if got := r.Header.Get("timezone"); got != "" {
						t.Errorf("timezone header = %q, want none", got)
					}
					if r.RawQuery != "" {
						t.Errorf("query = %q, want none", r.RawQuery)
					}
				}
				return nil
			},
		}},
	})
}

// TestAccRecordingDataSource_timezone checks the provider's default zone and
// a data source's own zone, which overrides it.
func TestAccRecordingDataSource_timezone(t *testing.T) {
	sim, baseURL := startSimulator(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(baseURL, simulator.UserToken, `timezone = "America/Los_Angeles"`) +
				recordingBlock("provider_zone", simulator.ExampleRecordingID) +
				recordingBlock("own_zone", simulator.ExampleRecordingID, `timezone = "Asia/Tokyo"`),
			ConfigStateChecks: []statecheck.StateCheck{
				expect("data.webex_recording.provider_zone", "create_time", knownvalue.StringExact("2020-07-13T10:11:35-07:00")),
				expect("data.webex_recording.provider_zone", "time_recorded", knownvalue.StringExact("2020-07-13T10:05:35-07:00")),
				expect("data.webex_recording.provider_zone", "temporary_direct_download_links",
					knownvalue.ObjectPartial(map[string]knownvalue.Check{"expiration": knownvalue.StringRegexp(regexp.MustCompile(`-0[78]:00$`))})),
				expect("data.webex_recording.own_zone", "timezone", knownvalue.StringExact("Asia/Tokyo")),
				expect("data.webex_recording.own_zone", "create_time", knownvalue.StringExact("2020-07-14T02:11:35+09:00")),
				expect("data.webex_recording.own_zone", "time_recorded", knownvalue.StringExact("2020-07-14T02:05:35+09:00")),
			},
			Check: func(*terraform.State) error {
				zones := map[string]bool{}
				for _, r := range sim.Requests() {
					zones[r.Header.Get("timezone")] = true
				}
				for _, want := range []string{"America/Los_Angeles", "Asia/Tokyo"} {
					if !zones[want] {
						t.Errorf("no request carried the timezone header %q; saw %v", want, zones)
					}
				}
				if zones[""] {
					t.Errorf("a request went out without the timezone header")
				}
				return nil
			},
		}},
	})
}

// TestAccRecordingDataSource_nullFields checks that what Webex leaves out
// is null: a prevent-downloading recording has no download URL and no
// links; an uploaded recording has only the MP4 link and no tags.
func TestAccRecordingDataSource_nullFields(t *testing.T) {
	_, baseURL := startSimulator(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(baseURL, simulator.UserToken) +
				recordingBlock("prevented", simulator.PreventDownloadRecordingID) +
				recordingBlock("uploaded", simulator.LargeUploadedRecordingID),
			ConfigStateChecks: []statecheck.StateCheck{
				expect("data.webex_recording.prevented", "download_url", knownvalue.Null()),
				expect("data.webex_recording.prevented", "temporary_direct_download_links", knownvalue.Null()),
				expect("data.webex_recording.prevented", "playback_url", knownvalue.NotNull()),
				expect("data.webex_recording.prevented", "format", knownvalue.StringExact("MP4")),
				expect("data.webex_recording.uploaded", "format", knownvalue.StringExact("UPLOADED")),
				expect("data.webex_recording.uploaded", "size_bytes", knownvalue.Int64Exact(6442450944)),
				expect("data.webex_recording.uploaded", "integration_tags", knownvalue.Null()),
				expect("data.webex_recording.uploaded", "temporary_direct_download_links", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"recording_download_link":  knownvalue.StringRegexp(regexp.MustCompile(`ticket=`)),
					"audio_download_link":      knownvalue.Null(),
					"transcript_download_link": knownvalue.Null(),
					"expiration":               knownvalue.StringRegexp(rfc3339UTC),
				})),
			},
		}},
	})
}

// TestAccRecordingDataSource_sharingAndStatus covers a recording shared with
// the user, one in the recycle bin, and a purged one read by a compliance officer.
func TestAccRecordingDataSource_sharingAndStatus(t *testing.T) {
	_, baseURL := startSimulator(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(baseURL, simulator.UserToken) +
					recordingBlock("shared", simulator.SharedRecordingID) +
					recordingBlock("deleted", simulator.DeletedRecordingID),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("data.webex_recording.shared", "share_to_me", knownvalue.Bool(true)),
					expect("data.webex_recording.deleted", "status", knownvalue.StringExact("deleted")),
				},
			},
			{
				Config: providerBlock(baseURL, simulator.ComplianceToken) + recordingBlock("purged", simulator.PurgedRecordingID),
				ConfigStateChecks: []statecheck.StateCheck{
					expect("data.webex_recording.purged", "status", knownvalue.StringExact("purged")),
				},
			},
		},
	})
}

// TestAccRecordingDataSource_adminHostEmail reads another host's recording
// as an admin, which only works with host_email.
func TestAccRecordingDataSource_adminHostEmail(t *testing.T) {
	sim, baseURL := startSimulator(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(baseURL, simulator.AdminToken) +
				recordingBlock("test", simulator.OtherHostRecordingID, `host_email = "bob@example.com"`),
			ConfigStateChecks: []statecheck.StateCheck{
				expect(exampleAddr, "id", knownvalue.StringExact(simulator.OtherHostRecordingID)),
				expect(exampleAddr, "host_email", knownvalue.StringExact("bob@example.com")),
				expect(exampleAddr, "topic", knownvalue.NotNull()),
			},
			Check: func(*terraform.State) error {
				for _, r := range sim.Requests() {
					q, _ := url.ParseQuery(r.RawQuery)
					if got := q.Get("hostEmail"); got != "bob@example.com" {
						t.Errorf("hostEmail query = %q in %q", got, r.RawQuery)
					}
				}
				return nil
			},
		}},
	})
}

// TestAccRecordingDataSource_apiErrors checks that each error a user meets
// names the recording, says what to do and carries the tracking id.
func TestAccRecordingDataSource_apiErrors(t *testing.T) {
	_, baseURL := startSimulator(t)
	tracking := `[\s\S]*Tracking ID \(give it to Webex support\): ROUTER_`
	cases := []struct {
		name   string
		token  string
		id     string
		extra  []string
		expect string
	}{
		{"not found", simulator.UserToken, simulator.OtherHostRecordingID, nil,
			`Webex recording not found[\s\S]*"` + simulator.OtherHostRecordingID + `"[\s\S]*hosted by or shared with[\s\S]*set host_email` + tracking},
		{"not found for host", simulator.AdminToken, simulator.ExampleRecordingID, []string{`host_email = "bob@example.com"`},
			`Webex recording not found[\s\S]*hosted by bob@example.com` + tracking},
		{"expired token", simulator.ExpiredToken, simulator.ExampleRecordingID, nil,
			`Webex access token rejected[\s\S]*"` + simulator.ExampleRecordingID + `"[\s\S]*missing, invalid or expired[\s\S]*WEBEX_ACCESS_TOKEN` + tracking},
		{"unknown token", "not-a-real-token", simulator.ExampleRecordingID, nil,
			`Webex access token rejected[\s\S]*401 Unauthorized` + tracking},
		{"missing scope", simulator.NoScopeToken, simulator.ExampleRecordingID, nil,
			`Webex access token lacks a scope[\s\S]*"` + simulator.ExampleRecordingID + `"[\s\S]*meeting:recordings_read scope` + tracking},
		{"missing admin scope", simulator.UserToken, simulator.OtherHostRecordingID, []string{`host_email = "bob@example.com"`},
			`Webex access token lacks a scope[\s\S]*meeting:admin_recordings_read scope` + tracking},
		{"gone", simulator.UserToken, simulator.PurgedRecordingID, nil,
			`Webex recording is gone[\s\S]*"` + simulator.PurgedRecordingID + `"[\s\S]*purged[\s\S]*compliance officer` + tracking},
	}
	for _, tc := range cases {
		t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      providerBlock(baseURL, tc.token) + recordingBlock("test", tc.id, tc.extra...),
					ExpectError: wrapped(tc.expect),
				}},
			})
		})
	}
}

// TestAccRecordingDataSource_invalidInput checks that bad input fails at
// validate or plan time with a clear message, before any request is sent.
func TestAccRecordingDataSource_invalidInput(t *testing.T) {
	cases := []struct {
		name     string
		provider []string
		baseURL  string
		id       string
		extra    []string
		expect   string
	}{
		{name: "empty id", id: "", expect: `Invalid recording id[\s\S]*The recording id is empty`},
		{name: "path id", id: "../../people/me", expect: `Invalid recording id[\s\S]*looks like a path or URL`},
		{name: "padded id", id: " 4f914b1dfe3c4d11a61730f18c0f5387", expect: `Invalid recording id[\s\S]*contains spaces`},
		{name: "host email", id: simulator.ExampleRecordingID, extra: []string{`host_email = "bob at example.com"`},
			expect: `Invalid email address[\s\S]*"bob at example.com" is not an email address`},
		{name: "timezone", id: simulator.ExampleRecordingID, extra: []string{`timezone = "Mars/Olympus_Mons"`},
			expect: `Invalid time zone[\s\S]*"Mars/Olympus_Mons" is not a time zone name of the IANA`},
		{name: "provider timezone", id: simulator.ExampleRecordingID, provider: []string{`timezone = "PST8PDT-ish"`},
			expect: `Invalid time zone[\s\S]*IANA time zone name`},
		{name: "http base url", id: simulator.ExampleRecordingID, baseURL: "http://webexapis.example.com/v1",
			expect: `Invalid Webex base URL[\s\S]*unencrypted[\s\S]*use https`},
		{name: "max retries", id: simulator.ExampleRecordingID, provider: []string{`max_retries = -1`},
			expect: `max_retries[\s\S]*between 0 and 100`},
		{name: "request timeout", id: simulator.ExampleRecordingID, provider: []string{`request_timeout = "soon"`},
			expect: `(?i)invalid.*duration|time: invalid duration`},
		{name: "negative retry timeout", id: simulator.ExampleRecordingID, provider: []string{`retry_timeout = "-5s"`},
			expect: `must be a positive duration`},
	}
	for _, tc := range cases {
		t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			sim, baseURL := startSimulator(t)
			if tc.baseURL != "" {
				baseURL = tc.baseURL
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      providerBlock(baseURL, simulator.UserToken, tc.provider...) + recordingBlock("test", tc.id, tc.extra...),
					PlanOnly:    true,
					ExpectError: wrapped(tc.expect),
				}},
			})
			if n := len(sim.Requests()); n != 0 {
				t.Errorf("%d request(s) reached the simulator; invalid input must fail before any request", n)
			}
		})
	}
}

// TestAccProvider_environment configures the provider from WEBEX_* variables
// alone, with an empty provider block.
func TestAccProvider_environment(t *testing.T) {
	sim, baseURL := startSimulator(t)
	t.Setenv(EnvAccessToken, simulator.UserToken)
	t.Setenv(EnvBaseURL, baseURL)
	t.Setenv(EnvTimezone, "Europe/Berlin")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock("", "") + recordingBlock("test", simulator.ExampleRecordingID),
			ConfigStateChecks: []statecheck.StateCheck{
				expect(exampleAddr, "create_time", knownvalue.StringExact("2020-07-13T19:11:35+02:00")),
			},
			Check: func(*terraform.State) error {
				if n := len(sim.Requests()); n == 0 {
					t.Error("no request reached the simulator named by WEBEX_BASE_URL")
				}
				for _, r := range sim.Requests() {
					if got := r.Header.Get("Authorization"); got != "Bearer "+simulator.UserToken {
						t.Errorf("Authorization = %q, want the WEBEX_ACCESS_TOKEN token", got)
					}
				}
				return nil
			},
		}},
	})
}

// TestAccProvider_configOverridesEnvironment checks that provider arguments
// win over the environment.
func TestAccProvider_configOverridesEnvironment(t *testing.T) {
	_, baseURL := startSimulator(t)
	t.Setenv(EnvAccessToken, simulator.ExpiredToken)
	t.Setenv(EnvBaseURL, "https://webexapis.invalid/v1")
	t.Setenv(EnvTimezone, "Europe/Berlin")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(baseURL, simulator.UserToken, `timezone = "UTC"`) + recordingBlock("test", simulator.ExampleRecordingID),
			ConfigStateChecks: []statecheck.StateCheck{
				expect(exampleAddr, "create_time", knownvalue.StringExact("2020-07-13T17:11:35Z")),
			},
		}},
	})
}

// TestAccProvider_invalidEnvironment checks that bad WEBEX_* values fail
// with a message that names the variable.
func TestAccProvider_invalidEnvironment(t *testing.T) {
	sim, baseURL := startSimulator(t)
	cases := map[string]struct{ name, value, expect string }{
		"base url":   {EnvBaseURL, "http://10.1.2.3/v1", `Invalid Webex base URL[\s\S]*WEBEX_BASE_URL environment variable[\s\S]*use https`},
		"timezone":   {EnvTimezone, "Nowhere/Special", `Invalid time zone[\s\S]*WEBEX_TIMEZONE environment variable`},
		"retries":    {EnvMaxRetries, "many", `WEBEX_MAX_RETRIES must be a whole number`},
		"timeout":    {EnvRequestTimeout, "0s", `WEBEX_REQUEST_TIMEOUT must be a positive Go duration`},
		"retry time": {EnvRetryTimeout, "forever", `WEBEX_RETRY_TIMEOUT must be a positive Go duration`},
	}
	for label, tc := range cases {
		t.Run(strings.ReplaceAll(label, " ", "_"), func(t *testing.T) {
			t.Setenv(tc.name, tc.value)
			block := providerBlock(baseURL, simulator.UserToken)
			if tc.name == EnvBaseURL {
				block = providerBlock("", simulator.UserToken)
			}
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      block + recordingBlock("test", simulator.ExampleRecordingID),
					ExpectError: wrapped(tc.expect),
				}},
			})
		})
	}
	if n := len(sim.Requests()); n != 0 {
		t.Errorf("%d request(s) reached the simulator despite invalid configuration", n)
	}
}

// TestAccProvider_missingToken checks the message that names both ways of
// giving a token.
func TestAccProvider_missingToken(t *testing.T) {
	_, baseURL := startSimulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      providerBlock(baseURL, "") + recordingBlock("test", simulator.ExampleRecordingID),
			ExpectError: wrapped(`Missing Webex access token[\s\S]*access_token[\s\S]*WEBEX_ACCESS_TOKEN`),
		}},
	})
}

// TestAccProvider_unknownToken gives the provider a token that is only known
// after apply; Terraform must get a clear error, not a crash.
func TestAccProvider_unknownToken(t *testing.T) {
	_, baseURL := startSimulator(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: `
resource "terraform_data" "token" {
  input = "` + simulator.UserToken + `"
}

provider "webex" {
  base_url     = "` + baseURL + `"
  access_token = terraform_data.token.output
}
` + recordingBlock("test", simulator.ExampleRecordingID),
			ExpectError: wrapped(`Unknown Webex provider argument[\s\S]*access_token is not known until apply`),
		}},
	})
}

// TestAccRecordingDataSource_feedsResources is the point of the provider:
// the recording's links flow into another resource.
func TestAccRecordingDataSource_feedsResources(t *testing.T) {
	_, baseURL := startSimulator(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(baseURL, simulator.UserToken) + recordingBlock("test", simulator.ExampleRecordingID) + `
resource "terraform_data" "sync_job" {
  input = {
    download_url = data.webex_recording.test.download_url
    playback_url = data.webex_recording.test.playback_url
  }
}

output "playback_url" {
  value = terraform_data.sync_job.output.playback_url
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("terraform_data.sync_job", tfjsonpath.New("output"), knownvalue.ObjectExact(map[string]knownvalue.Check{
					"download_url": knownvalue.StringExact("https://site4-example.webex.com/site4/lsr.php?RCID=b91990e37417bda24986e46cf43345ab"),
					"playback_url": knownvalue.StringExact("https://site4-example.webex.com/site4/ldr.php?RCID=69201a61d1d94a84aca18817261d1a73"),
				})),
				statecheck.ExpectKnownOutputValue("playback_url", knownvalue.StringExact("https://site4-example.webex.com/site4/ldr.php?RCID=69201a61d1d94a84aca18817261d1a73")),
			},
		}},
	})
}
