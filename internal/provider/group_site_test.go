package provider

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

// Service apps read recordings through the group endpoints (group = true),
// naming the host by person_id or host_email; webex_recording reads from
// another site with site_url.

// checkGroupReads checks every request the simulator saw went to path
// (a prefix) and named the host as want: the personId query parameter,
// or the hostEmail header and no personId; never the hostEmail query
// parameter of the admin reads.
func checkGroupReads(t *testing.T, sim *simulator.Server, prefix string, personID, hostEmail string) {
	t.Helper()
	reqs := sim.Requests()
	if len(reqs) == 0 {
		t.Error("no request reached the simulator")
	}
	for _, r := range reqs {
		q, _ := url.ParseQuery(r.RawQuery)
		if !strings.HasPrefix(r.Path, prefix) || q.Get("personId") != personID || q.Has("hostEmail") || r.Header.Get("hostEmail") != hostEmail {
			t.Errorf("sent %s?%s with hostEmail header %q; want %s with personId %q and hostEmail header %q",
				r.Path, r.RawQuery, r.Header.Get("hostEmail"), prefix, personID, hostEmail)
		}
	}
}

// TestAccRecordingDataSource_groupByPersonID reads bob's recording as a
// service app, bob named by his Webex person id.
func TestAccRecordingDataSource_groupByPersonID(t *testing.T) {
	sim, baseURL := startSimulator(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(baseURL, simulator.ServiceAppToken) +
				recordingBlock("test", simulator.OtherHostRecordingID, `group = true`, `person_id = "`+simulator.BobPersonID+`"`),
			ConfigStateChecks: []statecheck.StateCheck{
				expect(exampleAddr, "id", knownvalue.StringExact(simulator.OtherHostRecordingID)),
				expect(exampleAddr, "group", knownvalue.Bool(true)),
				expect(exampleAddr, "person_id", knownvalue.StringExact(simulator.BobPersonID)),
				expect(exampleAddr, "host_email", knownvalue.Null()),
				expect(exampleAddr, "topic", knownvalue.StringExact("Bob's Private Sync")),
				expect(exampleAddr, "site_url", knownvalue.StringExact("site4-example.webex.com")),
				expect(exampleAddr, "share_to_me", knownvalue.Bool(false)),
				expect(exampleAddr, "temporary_direct_download_links", knownvalue.NotNull()),
			},
			Check: func(*terraform.State) error {
				checkGroupReads(t, sim, "/v1/group/recordings/"+simulator.OtherHostRecordingID, simulator.BobPersonID, "")
				return nil
			},
		}},
	})
}

// TestAccRecordingDataSource_groupByHostEmail reads bob's recording as a
// service app, bob named by the hostEmail header.
func TestAccRecordingDataSource_groupByHostEmail(t *testing.T) {
	sim, baseURL := startSimulator(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(baseURL, simulator.ServiceAppToken) +
				recordingBlock("test", simulator.OtherHostRecordingID, `group = true`, `host_email = "bob@example.com"`, `timezone = "Asia/Tokyo"`),
			ConfigStateChecks: []statecheck.StateCheck{
				expect(exampleAddr, "host_email", knownvalue.StringExact("bob@example.com")),
				expect(exampleAddr, "person_id", knownvalue.Null()),
				expect(exampleAddr, "topic", knownvalue.StringExact("Bob's Private Sync")),
				expect(exampleAddr, "create_time", knownvalue.StringExact("2024-03-06T18:30:00+09:00")),
			},
			Check: func(*terraform.State) error {
				checkGroupReads(t, sim, "/v1/group/recordings/"+simulator.OtherHostRecordingID, "", "bob@example.com")
				return nil
			},
		}},
	})
}

// TestAccRecordingEphemeralResource_group opens the ephemeral resource as a
// service app, by the raw UUID form of a person id.
func TestAccRecordingEphemeralResource_group(t *testing.T) {
	sim, baseURL := startSimulator(t)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   ephemeralVersionChecks,
		ProtoV6ProviderFactories: testAccEchoProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(baseURL, simulator.ServiceAppToken) +
				ephemeralRecordingBlock(simulator.OtherHostRecordingID, `group = true`, `person_id = "`+simulator.BobPersonUUID+`"`) + `
provider "echo" {
  data = ephemeral.webex_recording.test
}

resource "echo" "test" {}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data"), knownvalue.ObjectPartial(map[string]knownvalue.Check{
					"id":                              knownvalue.StringExact(simulator.OtherHostRecordingID),
					"person_id":                       knownvalue.StringExact(simulator.BobPersonUUID),
					"topic":                           knownvalue.StringExact("Bob's Private Sync"),
					"temporary_direct_download_links": knownvalue.NotNull(),
				})),
			},
			Check: func(*terraform.State) error {
				checkGroupReads(t, sim, "/v1/group/recordings/"+simulator.OtherHostRecordingID, simulator.BobPersonUUID, "")
				return nil
			},
		}},
	})
}

// TestAccRecordingsDataSource_group lists alice's recordings as a service
// app, by person id over a 65-day span (three windows of at most 30 days)
// and by host email: her own available recordings only, with passwords,
// and no host fields, which the group list does not return.
func TestAccRecordingsDataSource_group(t *testing.T) {
	sim, baseURL := startListSimulator(t)
	sim.SetMaxPageSize(4)
	day := 24 * time.Hour
	from, to := listNow.Add(-65*day), listNow
	alices := addRecordingBatch(t, sim, simulator.RecordingBatch{Count: 13, Newest: to.Add(-time.Hour), Spacing: 5 * day})
	addRecordingBatch(t, sim, simulator.RecordingBatch{Count: 2, Host: simulator.BobEmail, SharedWith: []string{simulator.AliceEmail}})
	addRecordingBatch(t, sim, simulator.RecordingBatch{Count: 1, Status: simulator.RecordingDeleted})
	window := []string{`group = true`, `from = "` + from.Format(time.RFC3339) + `"`, `to = "` + to.Format(time.RFC3339) + `"`}
	const byPerson, byEmail = "data.webex_recordings.by_person", "data.webex_recordings.by_email"

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(baseURL, simulator.ServiceAppToken) +
					recordingsBlock("by_person", append(window, `person_id = "`+simulator.AlicePersonID+`"`)...),
				ConfigStateChecks: []statecheck.StateCheck{
					listedIDs("by_person", alices),
					statecheck.ExpectKnownValue(byPerson, tfjsonpath.New("recordings").AtSliceIndex(0), knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"host_email":        knownvalue.Null(),
						"host_display_name": knownvalue.Null(),
						"share_to_me":       knownvalue.Bool(false),
						"status":            knownvalue.StringExact("available"),
					})),
					statecheck.ExpectSensitiveValue(byPerson, tfjsonpath.New("passwords")),
					statecheck.ExpectKnownValue(byPerson, tfjsonpath.New("passwords"), knownvalue.MapSizeExact(len(alices))),
				},
				Check: func(*terraform.State) error {
					checkGroupReads(t, sim, "/v1/group/recordings", simulator.AlicePersonID, "")
					windows := map[[2]string]bool{}
					for _, r := range sim.Requests() {
						q, _ := url.ParseQuery(r.RawQuery)
						f, _ := time.Parse(time.RFC3339, q.Get("from"))
						e, _ := time.Parse(time.RFC3339, q.Get("to"))
						if span := e.Sub(f); span <= 0 || span > 30*day {
							t.Errorf("asked from %s to %s, which the group list refuses", q.Get("from"), q.Get("to"))
						}
						windows[[2]string{q.Get("from"), q.Get("to")}] = true
					}
					if len(windows) != 3 {
						t.Errorf("asked %d windows, want 3 for 65 days", len(windows))
					}
					return nil
				},
			},
			{
				PreConfig: sim.ResetRequests,
				Config: providerBlock(baseURL, simulator.ServiceAppToken) +
					recordingsBlock("by_email", append(window, `host_email = "alice@example.com"`, `max_results = 5`)...),
				ConfigStateChecks: []statecheck.StateCheck{
					listedIDs("by_email", alices[:5]),
					statecheck.ExpectKnownValue(byEmail, tfjsonpath.New("passwords"), knownvalue.MapSizeExact(5)),
				},
				Check: func(*terraform.State) error {
					checkGroupReads(t, sim, "/v1/group/recordings", "", "alice@example.com")
					return nil
				},
			},
		},
	})
}

// TestAccRecording_groupAccessErrors checks what a token without group
// recording access, and a group read that finds nothing, are told.
func TestAccRecording_groupAccessErrors(t *testing.T) {
	_, baseURL := startListSimulator(t)
	tracking := `[\s\S]*Tracking ID \(give it to Webex support\): ROUTER_`
	denied := func(subject string) string {
		return `Webex access token lacks group recording access[\s\S]*Webex refused to read ` + subject +
			`: with group = true, only a service app with group recording access may read it, and this access token is not one. ` +
			`Use the credentials of such a service app, or remove group[\s\S]*Webex said: The service app does not have group recording access` +
			tracking
	}
	one := `group recording "` + simulator.OtherHostRecordingID + `"`
	person := `person_id = "` + simulator.BobPersonID + `"`
	cases := []struct {
		name, token, config, expect string
	}{
		{"service app without access", simulator.ServiceAppNoGroupToken,
			recordingBlock("test", simulator.OtherHostRecordingID, `group = true`, person), denied(one)},
		{"user token", simulator.UserToken,
			recordingBlock("test", simulator.OtherHostRecordingID, `group = true`, `host_email = "bob@example.com"`), denied(one)},
		{"list without access", simulator.ServiceAppNoGroupToken,
			recordingsBlock("test", `group = true`, person), denied("the group list of recordings")},
		{"shared by others", simulator.ServiceAppToken,
			recordingBlock("test", simulator.SharedRecordingID, `group = true`, `person_id = "`+simulator.AlicePersonID+`"`),
			`Webex recording not found[\s\S]*hosted by the person with id ` + simulator.AlicePersonID +
				`[\s\S]*only the host's own recordings in the available status, not those shared with the host by others` + tracking},
	}
	for _, tc := range cases {
		t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      providerBlock(baseURL, tc.token) + tc.config,
					ExpectError: wrapped(tc.expect),
				}},
			})
		})
	}
}

// TestAccRecording_invalidGroupAndSiteArguments checks that invalid
// arguments and combinations fail at validate time, before any request,
// on the data sources and the ephemeral resource alike. The provider block
// has no token: had validation let the configuration through, the plan
// would fail on the missing token instead.
func TestAccRecording_invalidGroupAndSiteArguments(t *testing.T) {
	person := `person_id = "` + simulator.AlicePersonID + `"`
	one := []struct {
		name   string
		lines  []string
		expect string
	}{
		{"group without host", []string{`group = true`},
			`group needs person_id or host_email[\s\S]*With group = true, webex_recording reads Webex's Get Group Recording Details[\s\S]*Set person_id`},
		{"group with both", []string{`group = true`, person, `host_email = "alice@example.com"`},
			`person_id and host_email cannot both be set[\s\S]*Remove person_id or host_email`},
		{"person_id without group", []string{person},
			`person_id needs group[\s\S]*Set group = true, or remove person_id`},
		{"person_id with group false", []string{`group = false`, person}, `person_id needs group`},
		{"site_url with group", []string{`group = true`, person, `site_url = "example.webex.com"`},
			`site_url cannot be used with group[\s\S]*Get Group Recording Details takes no site[\s\S]*Remove site_url`},
		{"site_url as a URL", []string{`site_url = "https://example.webex.com/"`},
			`Invalid Webex site[\s\S]*"https://example.webex.com/" is not a Webex site host name; give the host name alone: "example.webex.com"`},
		{"site_url without a dot", []string{`site_url = "example"`}, `Invalid Webex site[\s\S]*such as example.webex.com`},
		{"empty person_id", []string{`group = true`, `person_id = ""`}, `Invalid person id[\s\S]*The person id is empty`},
		{"person_id with spaces", []string{`group = true`, `person_id = "Y2lz Y29z"`}, `Invalid person id[\s\S]*contains spaces`},
	}
	list := []struct {
		name   string
		lines  []string
		expect string
	}{
		{"list group and admin", []string{`group = true`, `admin = true`, person},
			`group cannot be used with admin[\s\S]*two different endpoints`},
		{"list group without host", []string{`group = true`},
			`group needs person_id or host_email[\s\S]*webex_recordings reads Webex's List Group Recordings`},
		{"list group with both", []string{`group = true`, person, `host_email = "alice@example.com"`}, `person_id and host_email cannot both be set`},
		{"list person_id without group", []string{person}, `person_id needs group`},
		{"list group with meeting_id", []string{`group = true`, person, `meeting_id = "0f0f"`},
			`meeting_id cannot be used with group[\s\S]*List Group Recordings has no meeting filter`},
		{"list group with status", []string{`group = true`, person, `status = "available"`},
			`status cannot be used with group[\s\S]*available recordings only`},
	}
	// Only the ephemeral cases need an engine that knows ephemeral blocks;
	// the data source cases run on every engine.
	type testCase struct {
		name, config, expect string
		versionChecks        []tfversion.TerraformVersionCheck
	}
	var cases []testCase
	for _, tc := range one {
		cases = append(cases,
			testCase{tc.name, recordingBlock("test", simulator.ExampleRecordingID, tc.lines...), tc.expect, nil},
			testCase{"ephemeral " + tc.name, ephemeralRecordingBlock(simulator.ExampleRecordingID, tc.lines...), tc.expect, ephemeralVersionChecks})
	}
	for _, tc := range list {
		cases = append(cases, testCase{tc.name, recordingsBlock("test", tc.lines...), tc.expect, nil})
	}
	for _, tc := range cases {
		t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			sim, baseURL := startSimulator(t)
			resource.ParallelTest(t, resource.TestCase{
				TerraformVersionChecks:   tc.versionChecks,
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      providerBlock(baseURL, "") + tc.config,
					PlanOnly:    true,
					ExpectError: wrapped(tc.expect),
				}},
			})
			if n := len(sim.Requests()); n != 0 {
				t.Errorf("%d request(s) reached the simulator; invalid arguments must fail before any request", n)
			}
		})
	}
}

// ephemeralRecordingBlock renders an ephemeral "webex_recording" "test" block.
func ephemeralRecordingBlock(id string, lines ...string) string {
	return strings.Replace(recordingBlock("test", id, lines...), `data "webex_recording"`, `ephemeral "webex_recording"`, 1)
}

// TestAccRecordingDataSource_groupKnownAtApply gives group a value known
// only at apply, and person_id one known at once: validation waits for
// group instead of refusing person_id without it, and the read is a group
// read.
func TestAccRecordingDataSource_groupKnownAtApply(t *testing.T) {
	sim, baseURL := startSimulator(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(baseURL, simulator.ServiceAppToken) + `
resource "terraform_data" "group" {
  input = true
}
` + recordingBlock("test", simulator.OtherHostRecordingID, `group = terraform_data.group.output`, `person_id = "`+simulator.BobPersonID+`"`) +
				recordingsBlock("test", `group = terraform_data.group.output`, `person_id = "`+simulator.BobPersonID+`"`),
			ConfigStateChecks: []statecheck.StateCheck{
				expect(exampleAddr, "topic", knownvalue.StringExact("Bob's Private Sync")),
				statecheck.ExpectKnownValue("data.webex_recordings.test", tfjsonpath.New("recordings"), knownvalue.NotNull()),
			},
			Check: func(*terraform.State) error {
				checkGroupReads(t, sim, "/v1/group/recordings", simulator.BobPersonID, "")
				return nil
			},
		}},
	})
}

// TestAccRecordingDataSource_siteURL sends site_url as Webex's siteUrl
// header and keeps it in the state as configured, even where Webex writes
// the site otherwise; a recording of another site is not found there.
func TestAccRecordingDataSource_siteURL(t *testing.T) {
	sim, baseURL := startSimulator(t)
	const configured = "SITE4-Example.webex.com"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(baseURL, simulator.UserToken) +
					recordingBlock("test", simulator.ExampleRecordingID, `site_url = "`+configured+`"`) +
					recordingBlock("answer", simulator.PreventDownloadRecordingID),
				ConfigStateChecks: []statecheck.StateCheck{
					expect(exampleAddr, "site_url", knownvalue.StringExact(configured)),
					expect(exampleAddr, "topic", knownvalue.StringExact("Example Topic")),
					// Not set: the site Webex returned.
					expect("data.webex_recording.answer", "site_url", knownvalue.StringExact("site4-example.webex.com")),
				},
				Check: func(*terraform.State) error {
					sites := map[string][]string{}
					for _, r := range sim.Requests() {
						id := strings.TrimPrefix(r.Path, "/v1/recordings/")
						if !slices.Contains(sites[id], r.Header.Get("siteUrl")) {
							sites[id] = append(sites[id], r.Header.Get("siteUrl"))
						}
						if r.RawQuery != "" {
							t.Errorf("query %q, want none: siteUrl is a header", r.RawQuery)
						}
					}
					if got := sites[simulator.ExampleRecordingID]; !slices.Equal(got, []string{configured}) {
						t.Errorf("siteUrl headers for the recording with site_url: %q, want [%q]", got, configured)
					}
					if got := sites[simulator.PreventDownloadRecordingID]; !slices.Equal(got, []string{""}) {
						t.Errorf("siteUrl headers for the recording without site_url: %q, want none", got)
					}
					return nil
				},
			},
			{
				Config:      providerBlock(baseURL, simulator.UserToken) + recordingBlock("test", simulator.ExampleRecordingID, `site_url = "other-example.webex.com"`),
				ExpectError: wrapped(`Webex recording not found[\s\S]*recording "` + simulator.ExampleRecordingID + `" on site other-example.webex.com[\s\S]*Check the id and site_url`),
			},
		},
	})
}

// TestAccRecordingEphemeralResource_siteURL sends site_url from the
// ephemeral resource too, and gives it back as configured.
func TestAccRecordingEphemeralResource_siteURL(t *testing.T) {
	sim, baseURL := startSimulator(t)
	resource.ParallelTest(t, resource.TestCase{
		TerraformVersionChecks:   ephemeralVersionChecks,
		ProtoV6ProviderFactories: testAccEchoProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(baseURL, simulator.UserToken) + ephemeralRecordingBlock(simulator.ExampleRecordingID, `site_url = "site4-example.webex.com"`) + `
provider "echo" {
  data = ephemeral.webex_recording.test.site_url
}

resource "echo" "test" {}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("echo.test", tfjsonpath.New("data"), knownvalue.StringExact("site4-example.webex.com")),
			},
			Check: func(*terraform.State) error {
				for _, r := range sim.Requests() {
					if got := r.Header.Get("siteUrl"); got != "site4-example.webex.com" {
						return fmt.Errorf("siteUrl header = %q, want site4-example.webex.com", got)
					}
				}
				return nil
			},
		}},
	})
}
