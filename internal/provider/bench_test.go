package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/webex-terraform/terraform-provider-webex/internal/webex"
)

func benchRecording() *webex.Recording {
	duration, size, shared := int64(18416), int64(168103), false
	return &webex.Recording{
		ID: "4f914b1dfe3c4d11a61730f18c0f5387", MeetingID: "f91b6edce9864428af084977b7c68291_I_166641849979635652",
		ScheduledMeetingID: "f91b6edce9864428af084977b7c68291_20200713T121500Z", MeetingSeriesID: "f91b6edce9864428af084977b7c68291",
		Topic: "Example Topic", CreateTime: "2020-07-13T17:11:35Z", TimeRecorded: "2020-07-13T17:05:35Z",
		SiteURL: "site4-example.webex.com", DownloadURL: "https://site4-example.webex.com/site4/lsr.php?RCID=b91990e37417bda24986e46cf43345ab",
		PlaybackURL: "https://site4-example.webex.com/site4/ldr.php?RCID=69201a61d1d94a84aca18817261d1a73", Password: "BgJep@43",
		TemporaryDirectDownloadLinks: &webex.TemporaryDirectDownloadLinks{
			RecordingDownloadLink: "https://site4-example.webex.com/nbr/MultiThreadDownloadServlet?ticket=x",
			AudioDownloadLink:     "https://site4-example.webex.com/nbr/downloadMedia.do?ticket=y",
			Expiration:            "2022-05-01T10:30:25Z",
		},
		Format: "ARF", ServiceType: "MeetingCenter", DurationSeconds: &duration, SizeBytes: &size, ShareToMe: &shared,
		IntegrationTags: []string{"dbaeceebea5c4a63ac9d5ef1edfe36b9", "85e1d6319aa94c0583a6891280e3437d"},
		Status:          "available",
	}
}

// BenchmarkRecordingToState builds a recording's value from the
// attribute table and writes it into data source state, as every read does.
func BenchmarkRecordingToState(b *testing.B) {
	ctx := context.Background()
	schema := dataSourceSchema(b, NewRecordingDataSource())
	config := nullConfig(ctx, schema.Type())
	rec := benchRecording()
	b.ReportAllocs()
	for b.Loop() {
		value, diags := blockValue(config, func(values map[string]tftypes.Value) { setRecordingValues(values, recordingAttrs, inDetails, rec) })
		state := tfsdk.State{Schema: schema}
		if diags.Append(state.Set(ctx, value)...); diags.HasError() {
			b.Fatal(diags)
		}
	}
}

// BenchmarkRecordingListToState writes a list of 1,000 recordings into
// webex_recordings state, as a list read does.
func BenchmarkRecordingListToState(b *testing.B) {
	ctx := context.Background()
	schema := dataSourceSchema(b, NewRecordingsDataSource())
	config := nullConfig(ctx, schema.Type())
	recs := make([]webex.Recording, 1000)
	for i := range recs {
		recs[i] = *benchRecording()
		recs[i].ID = fmt.Sprintf("%032x", i)
		recs[i].TemporaryDirectDownloadLinks = nil
	}
	b.ReportAllocs()
	for b.Loop() {
		value, diags := recordingsValue(config, recs, false)
		state := tfsdk.State{Schema: schema}
		if diags.Append(state.Set(ctx, value)...); diags.HasError() {
			b.Fatal(diags)
		}
	}
}
