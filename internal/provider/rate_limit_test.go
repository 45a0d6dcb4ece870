package provider

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

// TestAccRecordingDataSource_manyUnderRateLimit reads 60 recordings from a
// simulator that allows 20 requests a second: the plan must complete with
// every recording read, and the provider must pace itself rather than hammer
// the limit.
func TestAccRecordingDataSource_manyUnderRateLimit(t *testing.T) {
	const n, perSecond = 60, 20
	sim, baseURL := startSimulator(t)
	ids := make([]string, n)
	for i := range ids {
		rec := simulator.ExampleRecording()
		rec.ID = fmt.Sprintf("%032x", 0xabc000+i)
		rec.Topic = fmt.Sprintf("Recording %d", i)
		if err := sim.AddRecording(rec, simulator.AliceEmail); err != nil {
			t.Fatal(err)
		}
		ids[i] = fmt.Sprintf("%q", rec.ID)
	}
	sim.SetRateLimit(perSecond, perSecond)

	var start time.Time
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		PreCheck:                 func() { start = time.Now() },
		Steps: []resource.TestStep{{
			Config: providerBlock(baseURL, simulator.UserToken) + `
locals {
  ids = [` + strings.Join(ids, ", ") + `]
}

data "webex_recording" "many" {
  count = length(local.ids)
  id    = local.ids[count.index]
}

output "topics" {
  value = length(distinct([for r in data.webex_recording.many : r.topic if r.status == "available"]))
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownOutputValue("topics", knownvalue.Int64Exact(n)),
			},
			Check: func(*terraform.State) error {
				stats := sim.Stats()
				t.Logf("%d recordings at %d req/s: %d requests, %d answered 429, %s",
					n, perSecond, stats.Requests, stats.TooManyRequests, time.Since(start).Round(time.Millisecond))
				// Terraform sends at most 10 reads at once, so the first wave
				// can meet up to 10 429s; after that the pacer has learned
				// the limit and no more should come.
				if stats.TooManyRequests > 10 {
					t.Errorf("%d of %d requests were rate limited: more than one wave; the provider should pace itself", stats.TooManyRequests, stats.Requests)
				}
				return nil
			},
		}},
	})
}
