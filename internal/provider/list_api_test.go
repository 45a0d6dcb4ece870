package provider

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

// Webex's 2026 list API through the real CLI: Query Recordings for topics,
// group lists that no longer filter by topic, and per-recording locks.

// specialTopic holds every character the GET lists cannot filter by.
const specialTopic = `R&D #1: Q+A 100% "Über" ünd 'Ç'`

// TestAccRecordingsDataSource_topicWithSpecialCharacters finds every
// recording of a topic full of special characters across three pages of
// Query Recordings; against a Webex without the query endpoints, the same
// list falls back to GET with the same filters.
func TestAccRecordingsDataSource_topicWithSpecialCharacters(t *testing.T) {
	sim, baseURL := startListSimulator(t)
	sim.SetMaxPageSize(3)
	want := addRecordingBatch(t, sim, simulator.RecordingBatch{Count: 7, Topic: specialTopic})
	addRecordingBatch(t, sim, simulator.RecordingBatch{Count: 4, Topic: "R&D #2"})
	plain := addRecordingBatch(t, sim, simulator.RecordingBatch{Count: 2, Topic: "Weekly Sync"})
	config := providerBlock(baseURL, simulator.UserToken) +
		recordingsBlock("special", fmt.Sprintf("topic = %q", strings.ToLower(specialTopic))) +
		recordingsBlock("plain", `topic = "weekly sync"`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{listedIDs("special", want), listedIDs("plain", plain)},
				Check: func(*terraform.State) error {
					posts := 0
					for _, r := range sim.Requests() {
						if r.Method != http.MethodPost || r.Path != "/v1/recordings/query" || r.Status != 200 {
							t.Errorf("%s %s?%s answered %d, want POSTs to the query endpoint", r.Method, r.Path, r.RawQuery, r.Status)
						}
						if strings.Contains(r.Body, "ünd") {
							posts++
						}
					}
					if posts < 3 {
						t.Errorf("%d query pages of the special topic, want at least 3", posts)
					}
					return nil
				},
			},
			{
				// Without the query endpoints (an older or government cloud):
				// GET with the same filters, which finds the plain topic.
				PreConfig:         func() { sim.SetQueryEndpoints(false); sim.ResetRequests() },
				Config:            config,
				ConfigStateChecks: []statecheck.StateCheck{listedIDs("plain", plain)},
				Check: func(*terraform.State) error {
					var gets []string
					for _, r := range sim.Requests() {
						if r.Method == http.MethodGet {
							gets = append(gets, r.RawQuery)
						}
					}
					if len(gets) < 2 || !strings.Contains(strings.Join(gets, " "), "topic=r%26d+%231") {
						t.Errorf("GET lists %q, want both topics sent as the query string", gets)
					}
					return nil
				},
			},
		},
	})
}

// TestAccRecordingsDataSource_groupTopic: a group list with a topic
// returns only that topic's recordings, and no group request carries a
// topic, which Webex would ignore.
func TestAccRecordingsDataSource_groupTopic(t *testing.T) {
	sim, baseURL := startListSimulator(t)
	want := addRecordingBatch(t, sim, simulator.RecordingBatch{Count: 2, Topic: "Quarterly Review"})
	addRecordingBatch(t, sim, simulator.RecordingBatch{Count: 19, Topic: "Something else"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: providerBlock(baseURL, simulator.ServiceAppToken) + recordingsBlock("group", `group = true`,
				`host_email = "`+simulator.AliceEmail+`"`, `topic = "QUARTERLY review"`),
			ConfigStateChecks: []statecheck.StateCheck{listedIDs("group", want)},
			Check: func(*terraform.State) error {
				for _, r := range sim.Requests() {
					if r.Path != "/v1/group/recordings" || strings.Contains(r.RawQuery, "topic") {
						t.Errorf("request %s?%s, want group lists without a topic", r.Path, r.RawQuery)
					}
				}
				return nil
			},
		}},
	})
}

// TestAccRecordingDataSource_lockIsPerRecording: one recording locked for
// an hour among 18 others; the 18 are read, and the locked one fails alone
// within seconds, naming the wait.
func TestAccRecordingDataSource_lockIsPerRecording(t *testing.T) {
	sim, baseURL := startListSimulator(t)
	ids := addRecordingBatch(t, sim, simulator.RecordingBatch{Count: 19})
	locked := ids[9]
	if err := sim.FailNext(locked, 1, http.StatusLocked, "3600"); err != nil {
		t.Fatal(err)
	}
	sim.SetLatency(100 * time.Millisecond)
	config := requiredProviders + providerBlock(baseURL, simulator.UserToken) + `
data "webex_recording" "each" {
  for_each = toset(["` + strings.Join(ids, `", "`) + `"])
  id       = each.key
}
`
	start := time.Now()
	out, err := cliRun(t, config, nil, "plan", "-no-color", "-input=false")
	elapsed := time.Since(start)
	if err == nil || strings.Count(out, "Error: ") != 1 ||
		!regexpMatch(`Webex asked to wait longer than retry_timeout[\s\S]*423 Locked to the read of recording "`+locked+`"[\s\S]*wait 1h0m0s[\s\S]*the other reads of this run went on`, out) {
		t.Fatalf("plan: %v, want one error, for the locked recording:\n%s", err, out)
	}
	read := map[string]int{}
	for _, r := range sim.Requests() {
		read[r.RecordingID] = r.Status
	}
	for _, id := range ids {
		if want := map[bool]int{true: http.StatusLocked, false: http.StatusOK}[id == locked]; read[id] != want {
			t.Errorf("recording %s answered %d, want %d", id, read[id], want)
		}
	}
	if elapsed > 30*time.Second {
		t.Errorf("the plan took %s; the lock should fail its read at once", elapsed)
	}
}
