package provider

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

// listNow is the simulator clock of the list tests, so that the default
// 7-day window and the generated createTimes are fixed.
var listNow = time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)

// startListSimulator starts a simulator with its clock at listNow.
func startListSimulator(t *testing.T) (*simulator.Server, string) {
	t.Helper()
	sim, baseURL := startSimulator(t)
	sim.SetClock(func() time.Time { return listNow })
	return sim, baseURL
}

// addRecordingBatch adds generated recordings and returns their ids, newest first.
func addRecordingBatch(t *testing.T, sim *simulator.Server, b simulator.RecordingBatch) []string {
	t.Helper()
	ids, err := sim.AddGeneratedRecordings(b)
	if err != nil {
		t.Fatal(err)
	}
	return ids
}

// recordingsBlock renders a data "webex_recordings" block.
func recordingsBlock(name string, lines ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "data \"webex_recordings\" %q {\n", name)
	for _, line := range lines {
		fmt.Fprintf(&b, "  %s\n", line)
	}
	b.WriteString("}\n")
	return b.String()
}

// listedIDs expects the recordings of data.webex_recordings.<name> to be
// exactly ids, in that order.
func listedIDs(name string, ids []string) statecheck.StateCheck {
	checks := make([]knownvalue.Check, len(ids))
	for i, id := range ids {
		checks[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{"id": knownvalue.StringExact(id)})
	}
	return statecheck.ExpectKnownValue("data.webex_recordings."+name, tfjsonpath.New("recordings"), knownvalue.ListExact(checks))
}

// listReads returns the List Recordings requests the simulator saw, grouped into
// reads: a read starts with a request that is not a followed next link.
func listReads(sim *simulator.Server) [][]simulator.Request {
	var reads [][]simulator.Request
	for _, r := range sim.Requests() {
		if r.Path != "/v1/recordings" {
			continue
		}
		q, _ := url.ParseQuery(r.RawQuery)
		if q.Get("offset") == "" || len(reads) == 0 {
			reads = append(reads, nil)
		}
		reads[len(reads)-1] = append(reads[len(reads)-1], r)
	}
	return reads
}

// TestAccRecordingsDataSource_pagination lists 23 recordings served 10 a
// page: every read follows three pages and returns all 23, newest first,
// with the same values as webex_recording reads for the same id.
func TestAccRecordingsDataSource_pagination(t *testing.T) {
	sim, baseURL := startListSimulator(t)
	sim.SetMaxPageSize(10)
	ids := addRecordingBatch(t, sim, simulator.RecordingBatch{Count: 23, IntegrationTags: []string{"JIRA-1"}})
	const list, one = "data.webex_recordings.all", "data.webex_recording.newest"

	checks := []statecheck.StateCheck{
		listedIDs("all", ids),
		statecheck.ExpectSensitiveValue(list, tfjsonpath.New("passwords")),
		statecheck.ExpectKnownValue(list, tfjsonpath.New("passwords").AtMapKey(ids[22]), knownvalue.StringExact("Pa55w0rd!")),
		statecheck.ExpectKnownValue(list, tfjsonpath.New("passwords"), knownvalue.MapSizeExact(23)),
		statecheck.ExpectKnownValue(list, tfjsonpath.New("recordings").AtSliceIndex(22), knownvalue.ObjectExact(map[string]knownvalue.Check{
			"id": knownvalue.StringExact(ids[22]),
			// List Recordings names no host; only the admin list does.
			"host_email":           knownvalue.Null(),
			"host_display_name":    knownvalue.Null(),
			"meeting_id":           knownvalue.StringRegexp(regexp.MustCompile(`_I_`)),
			"scheduled_meeting_id": knownvalue.NotNull(),
			"meeting_series_id":    knownvalue.NotNull(),
			"topic":                knownvalue.StringRegexp(regexp.MustCompile(`^Generated recording \d+$`)),
			"create_time":          knownvalue.StringExact(listNow.Add(-23 * time.Hour).Format(time.RFC3339)),
			"time_recorded":        knownvalue.StringRegexp(rfc3339UTC),
			"site_url":             knownvalue.StringExact("site4-example.webex.com"),
			"download_url":         knownvalue.NotNull(),
			"playback_url":         knownvalue.NotNull(),
			"format":               knownvalue.StringExact("MP4"),
			"service_type":         knownvalue.StringExact("MeetingCenter"),
			"duration_seconds":     knownvalue.Int64Exact(1800),
			"size_bytes":           knownvalue.Int64Exact(52428800),
			"share_to_me":          knownvalue.Bool(false),
			"integration_tags":     knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("JIRA-1")}),
			"status":               knownvalue.StringExact("available"),
			// No temporary_direct_download_links and no password (it is in
			// passwords): ObjectExact fails on an extra key.
		})),
		statecheck.CompareValuePairs(list, tfjsonpath.New("passwords").AtMapKey(ids[0]), one, tfjsonpath.New("password"), compare.ValuesSame()),
	}
	for _, attr := range []string{"meeting_id", "scheduled_meeting_id", "meeting_series_id", "topic", "create_time", "time_recorded",
		"site_url", "download_url", "playback_url", "format", "service_type", "duration_seconds", "size_bytes",
		"share_to_me", "integration_tags", "status"} {
		checks = append(checks, statecheck.CompareValuePairs(
			list, tfjsonpath.New("recordings").AtSliceIndex(0).AtMapKey(attr),
			one, tfjsonpath.New(attr), compare.ValuesSame()))
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(baseURL, simulator.UserToken) + recordingsBlock("all") +
				recordingBlock("newest", ids[0]) + `
output "count" {
  value = length(data.webex_recordings.all.recordings)
}
`,
			ConfigStateChecks: append(checks, statecheck.ExpectKnownOutputValue("count", knownvalue.Int64Exact(23))),
			Check: func(*terraform.State) error {
				reads := listReads(sim)
				if len(reads) == 0 {
					t.Error("no list request reached the simulator")
				}
				for i, read := range reads {
					if len(read) != 3 {
						t.Errorf("read %d took %d requests, want 3 pages (10+10+3)", i+1, len(read))
					}
					if q, _ := url.ParseQuery(read[0].RawQuery); q.Get("max") != "100" || len(q) != 1 {
						t.Errorf("read %d began with query %q, want max=100 alone", i+1, read[0].RawQuery)
					}
					for _, r := range read {
						if r.Header.Get("Authorization") != "Bearer "+simulator.UserToken {
							t.Errorf("a page went out without the token")
						}
					}
				}
				return nil
			},
		}},
	})
}

// TestAccRecordingsDataSource_filters checks that each filter reaches Webex
// and narrows the list: each data source must list exactly its batch.
func TestAccRecordingsDataSource_filters(t *testing.T) {
	sim, baseURL := startListSimulator(t)
	series := "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f"
	add := func(b simulator.RecordingBatch) []string {
		if b.Count == 0 {
			b.Count = 2
		}
		return addRecordingBatch(t, sim, b)
	}
	plain := add(simulator.RecordingBatch{})
	inSeries := add(simulator.RecordingBatch{MeetingSeriesID: series})
	tagged := add(simulator.RecordingBatch{IntegrationTags: []string{"ZD-7"}})
	topic := add(simulator.RecordingBatch{Topic: "Quarterly Review"})
	arf := add(simulator.RecordingBatch{Format: simulator.FormatARF})
	uploaded := add(simulator.RecordingBatch{Format: simulator.FormatUploaded})
	events := add(simulator.RecordingBatch{ServiceType: simulator.ServiceEventCenter})
	otherSite := add(simulator.RecordingBatch{SiteURL: "other-example.webex.com"})
	deleted := add(simulator.RecordingBatch{Status: simulator.RecordingDeleted})
	bobs := add(simulator.RecordingBatch{Host: simulator.BobEmail})
	old := add(simulator.RecordingBatch{Count: 1, Newest: listNow.Add(-9 * 24 * time.Hour)})
	newestFirst := func(groups ...[]string) []string {
		// Every batch starts at the same createTime; the simulator then
		// orders by id, which is creation order here.
		var out []string
		for i := range 2 {
			for _, g := range groups {
				if i < len(g) {
					out = append(out, g[i])
				}
			}
		}
		return out
	}

	cases := []struct {
		name  string
		lines []string
		want  []string
	}{
		{"series", []string{`meeting_id = "` + series + `"`}, inSeries},
		{"tag", []string{`integration_tag = "ZD-7"`}, tagged},
		{"topic", []string{`topic = "quarterly review"`}, topic},
		{"arf", []string{`format = "ARF"`}, arf},
		{"events", []string{`service_type = "EventCenter"`}, events},
		{"site", []string{`site_url = "other-example.webex.com"`}, otherSite},
		{"deleted", []string{`status = "deleted"`}, deleted},
		{"default_window", nil, newestFirst(plain, inSeries, tagged, topic, arf, uploaded, events, otherSite)},
		{"old_window", []string{`from = "2025-02-28T00:00:00Z"`, `to = "2025-03-02T00:00:00+01:00"`}, old},
		{"only_from", []string{`from = "2025-02-27T00:00:00Z"`}, old},
	}
	var config strings.Builder
	config.WriteString(providerBlock(baseURL, simulator.UserToken))
	var checks []statecheck.StateCheck
	for _, tc := range cases {
		config.WriteString(recordingsBlock(tc.name, tc.lines...))
		checks = append(checks, listedIDs(tc.name, tc.want))
	}
	config.WriteString(recordingsBlock("tokyo", `timezone = "Asia/Tokyo"`, `max_results = 1`))
	checks = append(checks, statecheck.ExpectKnownValue("data.webex_recordings.tokyo", tfjsonpath.New("recordings"),
		knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"create_time": knownvalue.StringExact(listNow.Add(-time.Hour).In(mustLoadLocation(t, "Asia/Tokyo")).Format(time.RFC3339)),
		})})))
	config.WriteString(recordingsBlock("nothing", `topic = "No such topic"`))
	checks = append(checks, statecheck.ExpectKnownValue("data.webex_recordings.nothing", tfjsonpath.New("recordings"), knownvalue.ListSizeExact(0)))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{Config: config.String(), ConfigStateChecks: checks},
			{
				// An admin lists another host's recordings with host_email.
				Config: providerBlock(baseURL, simulator.AdminToken) + recordingsBlock("bob", `host_email = "bob@example.com"`),
				ConfigStateChecks: []statecheck.StateCheck{
					listedIDs("bob", bobs),
					// List Recordings returns no hostEmail, even for one host's list.
					statecheck.ExpectKnownValue("data.webex_recordings.bob", tfjsonpath.New("recordings").AtSliceIndex(0).AtMapKey("host_email"),
						knownvalue.Null()),
				},
			},
		},
	})
}

func mustLoadLocation(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// TestAccRecordingsDataSource_maxResults stops after max_results, and asks
// Webex for no bigger a page than it needs.
func TestAccRecordingsDataSource_maxResults(t *testing.T) {
	sim, baseURL := startListSimulator(t)
	sim.SetMaxPageSize(10)
	ids := addRecordingBatch(t, sim, simulator.RecordingBatch{Count: 23})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(baseURL, simulator.UserToken) + recordingsBlock("newest", `max_results = 15`),
			ConfigStateChecks: []statecheck.StateCheck{
				listedIDs("newest", ids[:15]),
			},
			Check: func(*terraform.State) error {
				for i, read := range listReads(sim) {
					if len(read) != 2 {
						t.Errorf("read %d took %d requests, want 2 (10 + 5 of the second page)", i+1, len(read))
					}
					if q, _ := url.ParseQuery(read[0].RawQuery); q.Get("max") != "15" {
						t.Errorf("read %d asked max=%s, want 15", i+1, q.Get("max"))
					}
				}
				return nil
			},
		}},
	})
}

// TestAccRecordingsDataSource_admin reads the admin list as an admin and,
// for purged recordings, as a compliance officer; an ordinary user is
// told which scope is missing.
func TestAccRecordingsDataSource_admin(t *testing.T) {
	sim, baseURL := startListSimulator(t)
	sim.SetMaxPageSize(3)
	alices := addRecordingBatch(t, sim, simulator.RecordingBatch{Count: 4})
	bobs := addRecordingBatch(t, sim, simulator.RecordingBatch{Count: 3, Host: simulator.BobEmail, Newest: listNow.Add(-10 * time.Minute)})
	purged := addRecordingBatch(t, sim, simulator.RecordingBatch{Count: 1, Status: simulator.RecordingPurged, Newest: listNow.Add(-20 * 24 * time.Hour)})
	everyone := []string{bobs[0], alices[0], bobs[1], alices[1], bobs[2], alices[2], alices[3]}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(baseURL, simulator.AdminToken) + recordingsBlock("site", `admin = true`),
				ConfigStateChecks: []statecheck.StateCheck{
					listedIDs("site", everyone),
					// The admin list names the host, and has no password or shareToMe: null, never "" or false.
					statecheck.ExpectKnownValue("data.webex_recordings.site", tfjsonpath.New("recordings").AtSliceIndex(0), knownvalue.ObjectPartial(map[string]knownvalue.Check{
						"id":                knownvalue.StringExact(bobs[0]),
						"host_email":        knownvalue.StringExact(simulator.BobEmail),
						"host_display_name": knownvalue.StringExact("Bob Example"),
						"share_to_me":       knownvalue.Null(),
					})),
					statecheck.ExpectKnownValue("data.webex_recordings.site", tfjsonpath.New("recordings").AtSliceIndex(1).AtMapKey("host_display_name"),
						knownvalue.StringExact("Alice Example")),
					statecheck.ExpectKnownValue("data.webex_recordings.site", tfjsonpath.New("passwords"), knownvalue.Null()),
				},
				Check: func(*terraform.State) error {
					if n := requestsTo(sim, "/v1/admin/recordings"); n == 0 {
						t.Error("admin = true did not read /v1/admin/recordings")
					}
					if n := requestsTo(sim, "/v1/recordings"); n != 0 {
						t.Errorf("admin = true also read /v1/recordings %d time(s)", n)
					}
					return nil
				},
			},
			{
				Config: providerBlock(baseURL, simulator.ComplianceToken) + recordingsBlock("purged",
					`admin = true`, `status = "purged"`, `from = "2025-02-10T12:00:00Z"`, `to = "2025-03-12T12:00:00Z"`),
				ConfigStateChecks: []statecheck.StateCheck{
					listedIDs("purged", purged),
					statecheck.ExpectKnownValue("data.webex_recordings.purged", tfjsonpath.New("recordings").AtSliceIndex(0).AtMapKey("status"),
						knownvalue.StringExact("purged")),
				},
			},
			{
				Config: providerBlock(baseURL, simulator.UserToken) + recordingsBlock("denied", `admin = true`),
				ExpectError: wrapped(`Webex access token lacks a scope[\s\S]*the admin list of recordings[\s\S]*meeting:admin_recordings_read` +
					`[\s\S]*spark-compliance:meetings_read[\s\S]*Tracking ID \(give it to Webex support\): ROUTER_`),
			},
			{
				Config:      providerBlock(baseURL, simulator.AdminToken) + recordingsBlock("purged", `admin = true`, `status = "purged"`),
				ExpectError: wrapped(`Webex access token lacks a scope[\s\S]*status = "purged" needs the compliance officer`),
			},
		},
	})
}

// TestAccRecordingsDataSource_invalidConfig checks that invalid arguments
// and combinations fail at validate time, before any request. The provider
// block has no token: had validation let the configuration through, the
// plan would fail on the missing token instead, so each expected message
// can only come from validation.
func TestAccRecordingsDataSource_invalidConfig(t *testing.T) {
	cases := []struct {
		name   string
		lines  []string
		expect string
	}{
		{"from after to", []string{`from = "2025-03-02T00:00:00Z"`, `to = "2025-03-01T00:00:00Z"`},
			`Invalid recording time window[\s\S]*from \(2025-03-02T00:00:00Z\) must be before to \(2025-03-01T00:00:00Z\)`},
		{"from equals to in another offset", []string{`from = "2025-03-01T01:00:00+01:00"`, `to = "2025-03-01T00:00:00Z"`},
			`Invalid recording time window[\s\S]*must be before to`},
		{"admin with host_email", []string{`admin = true`, `host_email = "bob@example.com"`},
			`host_email cannot be used with admin[\s\S]*no host_email filter`},
		{"purged without admin", []string{`status = "purged"`},
			`status "purged" needs admin or meeting_id[\s\S]*Set admin = true \(or meeting_id\)[\s\S]*spark-compliance:meetings_read`},
		{"from not RFC 3339", []string{`from = "2024-03-01"`}, `Invalid date and time[\s\S]*"2024-03-01" is not a date and time in RFC 3339[\s\S]*such as 2024-03-01T00:00:00Z \(midnight UTC\)`},
		{"bad status", []string{`status = "gone"`}, `value must be one of`},
		{"bad format", []string{`format = "MKV"`}, `value must be one of`},
		{"bad service type", []string{`service_type = "Zoom"`}, `value must be one of`},
		{"max_results zero", []string{`max_results = 0`}, `Invalid number of results[\s\S]*max_results is 0; it must be a whole number from 1 to 100000\.`},
		{"max_results over the cap", []string{`max_results = 500000`}, `max_results is 500000; it must be a whole number from 1 to 100000\.`},
		{"fractional max_results", []string{`max_results = 2.5`}, `max_results is 2\.5; it must be a whole number from 1 to 100000\.`},
		{"empty topic", []string{`topic = ""`}, `Invalid filter[\s\S]*The value is blank; give the text to match, or leave the argument out\.`},
		{"blank meeting id", []string{`meeting_id = " "`}, `Invalid filter[\s\S]*The value is blank`},
		{"padded integration tag", []string{`integration_tag = " ZD-7"`}, `Invalid filter[\s\S]*has white space around it`},
		{"long topic", []string{`topic = "` + strings.Repeat("x", 300) + `"`}, `Invalid filter[\s\S]*300 bytes long, more than the 256`},
		{"from before 1970", []string{`from = "1969-12-31T23:59:59Z"`}, `Invalid date and time[\s\S]*1969-12-31T23:59:59Z is outside the years 1970 to 9999`},
		{"format UPLOADED", []string{`format = "UPLOADED"`}, `value must be one of: \["MP4" "ARF"\], got: "UPLOADED"`},
		{"site_url as a URL", []string{`site_url = "https://example.webex.com/"`}, `Invalid Webex site[\s\S]*give the host name alone: "example.webex.com"`},
		{"bad host_email", []string{`host_email = "bob"`}, `Invalid email address`},
		{"bad timezone", []string{`timezone = "Mars/Base"`}, `Invalid time zone`},
	}
	for _, tc := range cases {
		t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			sim, baseURL := startListSimulator(t)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      providerBlock(baseURL, "") + recordingsBlock("test", tc.lines...),
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

// TestAccRecordingsDataSource_brokenPagination checks that a next link
// that repeats, or that leaves the base URL's host, ends the read with a
// clear error instead of a loop or a leaked token.
func TestAccRecordingsDataSource_brokenPagination(t *testing.T) {
	cases := []struct {
		name   string
		fault  func(*simulator.Server) error
		expect string
	}{
		{"repeated", func(s *simulator.Server) error { s.SetRepeatNextLink(true); return nil },
			`Webex pagination loops[\s\S]*the list of recordings stopped[\s\S]*page 2[\s\S]*repeats a page already read[\s\S]*loop forever`},
		{"foreign host", func(s *simulator.Server) error { return s.SetNextLinkOrigin("https://evil.example.com") },
			`Webex next page link refused[\s\S]*points to https://evil.example.com[\s\S]*only sends the access token to the scheme and host of base_url`},
	}
	for _, tc := range cases {
		t.Run(strings.ReplaceAll(tc.name, " ", "_"), func(t *testing.T) {
			sim, baseURL := startListSimulator(t)
			sim.SetMaxPageSize(10)
			addRecordingBatch(t, sim, simulator.RecordingBatch{Count: 23})
			if err := tc.fault(sim); err != nil {
				t.Fatal(err)
			}
			start := time.Now()
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      providerBlock(baseURL, simulator.UserToken) + recordingsBlock("all"),
					ExpectError: wrapped(tc.expect),
				}},
			})
			if d := time.Since(start); d > time.Minute {
				t.Errorf("took %s; a broken next link must end the read at once", d)
			}
			for i, read := range listReads(sim) {
				if want := map[string]int{"repeated": 2, "foreign host": 1}[tc.name]; len(read) != want {
					t.Errorf("read %d sent %d requests, want %d", i+1, len(read), want)
				}
			}
		})
	}
}

// TestAccRecordingsDataSource_invalidWindowKnownAtApply gives from and to
// that are unknown until apply: Terraform validates the data source again
// once they are known, and the config validator refuses them there, with
// the same message, before any request.
func TestAccRecordingsDataSource_invalidWindowKnownAtApply(t *testing.T) {
	sim, baseURL := startListSimulator(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(baseURL, simulator.AdminToken) + `
resource "terraform_data" "window" {
  input = {
    from = "2025-03-04T00:00:00Z"
    to   = "2025-02-01T00:00:00Z"
  }
}
` + recordingsBlock("test", `admin = true`, `from = terraform_data.window.output.from`, `to = terraform_data.window.output.to`),
			ExpectError: wrapped(`Invalid recording time window[\s\S]*from \(2025-03-04T00:00:00Z\) must be before to \(2025-02-01T00:00:00Z\)`),
		}},
	})
	if n := len(sim.Requests()); n != 0 {
		t.Errorf("%d request(s) reached the simulator; the window must be refused before any request", n)
	}
}

// TestAccRecordingsDataSource_thousands lists 1,200 recordings (12 pages
// of 100) through the real CLI: every one, newest first, each once, with
// its password in the one passwords map.
func TestAccRecordingsDataSource_thousands(t *testing.T) {
	const n = 1200
	sim, baseURL := startListSimulator(t)
	ids := addRecordingBatch(t, sim, simulator.RecordingBatch{Count: n, Spacing: time.Minute})
	const list = "data.webex_recordings.all"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(baseURL, simulator.UserToken) + recordingsBlock("all") + `
output "count" {
  value = length(data.webex_recordings.all.recordings)
}
output "distinct" {
  value = length(distinct(data.webex_recordings.all.recordings[*].id))
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("count", knownvalue.Int64Exact(n)),
				statecheck.ExpectKnownOutputValue("distinct", knownvalue.Int64Exact(n)),
				statecheck.ExpectKnownValue(list, tfjsonpath.New("recordings").AtSliceIndex(0).AtMapKey("id"), knownvalue.StringExact(ids[0])),
				statecheck.ExpectKnownValue(list, tfjsonpath.New("recordings").AtSliceIndex(n-1).AtMapKey("id"), knownvalue.StringExact(ids[n-1])),
				statecheck.ExpectKnownValue(list, tfjsonpath.New("passwords"), knownvalue.MapSizeExact(n)),
			},
			Check: func(*terraform.State) error {
				reads := listReads(sim)
				if len(reads) == 0 {
					t.Error("no list request reached the simulator")
				}
				for i, read := range reads {
					if len(read) != n/100 {
						t.Errorf("read %d took %d requests, want %d pages of 100", i+1, len(read), n/100)
					}
				}
				return nil
			},
		}},
	})
}

// adminWindowReads groups the admin list requests that asked for pages of
// pageMax into reads: a read starts with the window that ends at to.
func adminWindowReads(sim *simulator.Server, to time.Time, pageMax string) [][]url.Values {
	var reads [][]url.Values
	for _, r := range sim.Requests() {
		q, _ := url.ParseQuery(r.RawQuery)
		if r.Path != "/v1/admin/recordings" || q.Get("max") != pageMax {
			continue
		}
		if q.Get("to") == to.Format(time.RFC3339) || len(reads) == 0 {
			reads = append(reads, nil)
		}
		reads[len(reads)-1] = append(reads[len(reads)-1], q)
	}
	return reads
}

// TestAccRecordingsDataSource_adminLongSpan lists 65 days as an admin:
// Webex takes at most 30 days at once, so each read asks three windows,
// newest first, and returns one list in which a recording on a window
// edge appears once. max_results reached in the second window sends no
// third request.
func TestAccRecordingsDataSource_adminLongSpan(t *testing.T) {
	sim, baseURL := startListSimulator(t)
	day := 24 * time.Hour
	from, to := listNow.Add(-65*day), listNow
	ids := addRecordingBatch(t, sim, simulator.RecordingBatch{Count: 13, Newest: to.Add(-time.Hour), Spacing: 5 * day})
	edge := addRecordingBatch(t, sim, simulator.RecordingBatch{Count: 1, Newest: to.Add(-30 * day), Host: simulator.BobEmail})
	want := slices.Concat(ids[:6], edge, ids[6:])
	window := []string{`admin = true`, `from = "` + from.Format(time.RFC3339) + `"`, `to = "` + to.Format(time.RFC3339) + `"`}

	checkReads := func(pageMax string, windows int) {
		reads := adminWindowReads(sim, to, pageMax)
		if len(reads) == 0 {
			t.Errorf("no admin list request with max=%s reached the simulator", pageMax)
		}
		for i, read := range reads {
			if len(read) != windows {
				t.Errorf("max=%s: read %d asked %d windows, want %d", pageMax, i+1, len(read), windows)
			}
			for _, q := range read {
				f, _ := time.Parse(time.RFC3339, q.Get("from"))
				e, _ := time.Parse(time.RFC3339, q.Get("to"))
				if span := e.Sub(f); span <= 0 || span > 30*day {
					t.Errorf("max=%s: read %d asked from %s to %s, which the admin list refuses", pageMax, i+1, q.Get("from"), q.Get("to"))
				}
			}
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(baseURL, simulator.AdminToken) + recordingsBlock("quarter", window...) +
				recordingsBlock("first8", append(window, `max_results = 8`)...),
			ConfigStateChecks: []statecheck.StateCheck{
				listedIDs("quarter", want),
				statecheck.ExpectKnownValue("data.webex_recordings.quarter", tfjsonpath.New("recordings").AtSliceIndex(6).AtMapKey("host_display_name"),
					knownvalue.StringExact("Bob Example")),
				listedIDs("first8", want[:8]),
			},
		}},
	})
	checkReads("100", 3)
	checkReads("8", 2)
}

// TestAccRecordingsDataSource_zeroTimeRefused: from at Go's zero time,
// which Terraform before 1.6 also gives for plantimestamp() at validate
// time, is refused when the list is read, before any request, instead of
// reading as unset (the last 7 days).
func TestAccRecordingsDataSource_zeroTimeRefused(t *testing.T) {
	sim, baseURL := startListSimulator(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      providerBlock(baseURL, simulator.UserToken) + recordingsBlock("test", `from = "0001-01-01T00:00:00Z"`, `to = "2025-03-01T00:00:00Z"`),
			ExpectError: wrapped(`Invalid date and time[\s\S]*The argument from: 0001-01-01T00:00:00Z is outside the years 1970 to 9999 that a list takes\.`),
		}},
	})
	if n := len(sim.Requests()); n != 0 {
		t.Errorf("%d requests; the window should be refused before any", n)
	}
}
