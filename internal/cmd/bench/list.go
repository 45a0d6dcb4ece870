package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
	"github.com/webex-terraform/terraform-provider-webex/internal/webex"
)

// The list cases, on every engine of -list-tf: one webex_recordings data
// source, beside the same recordings read by Terraform alone. Both output
// the whole list, so Terraform does the same work with the values; the
// difference is the provider.

const (
	listCaseName = "list"
	jsonCaseName = "json"
)

// listNewest is the createTime of the newest list recording; each next one
// is a minute older, so 10,000 fit in Webex's default window of 7 days and
// the N newest are one from-to window.
var listNewest = time.Date(2021, 1, 4, 0, 0, 0, 0, time.UTC)

func listCaseSpecs(e *engine) []caseSpec {
	return []caseSpec{
		{name: listCaseName, config: listCaseName, provider: true, engine: e,
			about: "one `webex_recordings` over N recordings of one host (pages of 100), the list in an output (on each engine of `-list-tf`)"},
		{name: jsonCaseName, config: jsonCaseName, engine: e,
			about: "the same N recordings, as the provider's client reads them (Webex's field names), read by Terraform alone: " +
				"one JSON file, `jsondecode(file(...))`, the list in an output"},
	}
}

// listConfig is the configuration of a list case over the n newest list
// recordings: the data source, or (json) the recordings the provider's
// client reads for the same window, every page, with the attributes of the
// list under the field names Webex sends, in dir/recordings.json.
func (b *bench) listConfig(ctx context.Context, dir, kind string, n int) (string, error) {
	from, to := listNewest.Add(-time.Duration(n-1)*time.Minute), listNewest.Add(time.Second)
	if kind == listCaseName {
		return providerBlock + fmt.Sprintf(`data "webex_recordings" "all" {
  from = %q
  to   = %q
}

output "recordings" {
  value = data.webex_recordings.all.recordings
}
`, from.Format(time.RFC3339), to.Format(time.RFC3339)), nil
	}
	client, err := webex.New(webex.Config{BaseURL: b.sim.BaseURL, AccessToken: simulator.UserToken})
	if err != nil {
		return "", err
	}
	recs, err := client.ListRecordings(ctx, webex.ListRecordingsOptions{From: from, To: to})
	if err != nil {
		return "", fmt.Errorf("listing the simulator's recordings: %w", err)
	}
	if len(recs) != n {
		return "", fmt.Errorf("the simulator listed %d recordings for N=%d", len(recs), n)
	}
	// Only what the list has: no password, no temporary links.
	var items []map[string]any
	data, err := json.Marshal(recs)
	if err == nil {
		err = json.Unmarshal(data, &items)
	}
	for _, item := range items {
		delete(item, "password")
		delete(item, "temporaryDirectDownloadLinks")
	}
	if err == nil {
		data, err = json.Marshal(map[string]any{"items": items})
	}
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, "recordings.json"), data, 0o644)
	}
	return `locals {
  recordings = jsondecode(file("${path.module}/recordings.json")).items
}

output "recordings" {
  value = local.recordings
}
`, err
}
