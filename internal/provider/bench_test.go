package provider

import (
	"context"
	"fmt"
	"net/http/httptest"
	"runtime/metrics"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
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

// BenchmarkReadRecordingsDataSource reads one webex_recordings of N
// recordings through the provider's protocol 6 server, as Terraform
// does (configure, then ReadDataSource with the configuration as
// msgpack), against the simulator in pages of 100: time, allocations, and
// the peak of heap in use during a read.
func BenchmarkReadRecordingsDataSource(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			ctx := context.Background()
			sim := simulator.New()
			sim.SetRequestLogLimit(0)
			if _, err := sim.AddGeneratedRecordings(simulator.RecordingBatch{Count: n, Spacing: time.Minute}); err != nil {
				b.Fatal(err)
			}
			srv := httptest.NewServer(sim)
			b.Cleanup(srv.Close)
			server := NewProtocol6Server("bench")()
			providerType := providerSchemaType(ctx, b, server)
			configure, err := tfprotov6.NewDynamicValue(providerType, tftypes.NewValue(providerType, map[string]tftypes.Value{
				"access_token": tftypes.NewValue(tftypes.String, simulator.UserToken),
				"base_url":     tftypes.NewValue(tftypes.String, srv.URL+simulator.PathPrefix),
			}))
			if err != nil {
				b.Fatal(err)
			}
			if resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: &configure}); err != nil || len(resp.Diagnostics) > 0 {
				b.Fatal(err, resp.Diagnostics)
			}
			listType := dataSourceSchema(b, NewRecordingsDataSource()).Type().TerraformType(ctx)
			values := nullConfig(ctx, dataSourceSchema(b, NewRecordingsDataSource()).Type())
			var fields map[string]tftypes.Value
			_ = values.As(&fields)
			fields["from"] = tftypes.NewValue(tftypes.String, time.Now().Add(-100*24*time.Hour).Format(time.RFC3339))
			fields["to"] = tftypes.NewValue(tftypes.String, time.Now().Format(time.RFC3339))
			config, err := tfprotov6.NewDynamicValue(listType, tftypes.NewValue(listType, fields))
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			var peak uint64
			for b.Loop() {
				stop := samplePeakHeap(&peak)
				resp, err := server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: "webex_recordings", Config: &config})
				stop()
				if err != nil || len(resp.Diagnostics) > 0 || len(resp.State.MsgPack) < n*100 {
					b.Fatal(err, resp.Diagnostics)
				}
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
		})
	}
}

// samplePeakHeap records the largest heap in use into peak until stop.
func samplePeakHeap(peak *uint64) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	go func() {
		defer close(finished)
		for {
			metrics.Read(sample)
			*peak = max(*peak, sample[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	return func() { close(done); <-finished }
}

// providerSchemaType is the Terraform type of the provider block.
func providerSchemaType(ctx context.Context, b *testing.B, server tfprotov6.ProviderServer) tftypes.Type {
	resp, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		b.Fatal(err)
	}
	return resp.Provider.ValueType()
}
