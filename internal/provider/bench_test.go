package provider

import (
	"context"
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

// BenchmarkRecordingToState maps a recording to the Terraform model and
// writes it into data source state, as every read does.
func BenchmarkRecordingToState(b *testing.B) {
	ctx := context.Background()
	schema := dataSourceSchema(b, NewRecordingDataSource())
	rec := benchRecording()
	b.ReportAllocs()
	for b.Loop() {
		state := tfsdk.State{Schema: schema, Raw: tftypes.NewValue(schema.Type().TerraformType(ctx), nil)}
		model := RecordingDataSourceModel{recordingDetailsModel: newRecordingDetailsModel(rec)}
		obj, diags := model.objectValue(schema.Type())
		if diags.HasError() {
			b.Fatal(diags)
		}
		if diags := state.Set(ctx, obj); diags.HasError() {
			b.Fatal(diags)
		}
	}
}

// BenchmarkRecordingModel is the provider's own mapping, without the
// framework's state encoding.
func BenchmarkRecordingModel(b *testing.B) {
	rec := benchRecording()
	b.ReportAllocs()
	for b.Loop() {
		_ = newRecordingDetailsModel(rec)
	}
}
