package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/metrics"
	"strconv"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
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
		if _, err := recordingsState(config, recs, false); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadRecordingsDataSource reads one webex_recordings of N
// recordings through the provider's protocol 6 server, as Terraform does
// (configure, then ReadDataSource with the configuration as msgpack),
// from pages of 100 prepared beforehand, so that only the provider's work
// is measured: time, allocations, and the peak of heap in use during a
// read beyond what was in use before it (the prepared pages).
func BenchmarkReadRecordingsDataSource(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			ctx := context.Background()
			baseURL := servePreparedPages(b, n)
			server := NewProtocol6Server("bench")()
			providerType := providerSchemaType(ctx, b, server)
			providerValues := map[string]tftypes.Value{}
			for name, typ := range providerType.AttributeTypes {
				providerValues[name] = tftypes.NewValue(typ, nil)
			}
			providerValues["access_token"] = tftypes.NewValue(tftypes.String, "bench-token")
			providerValues["base_url"] = tftypes.NewValue(tftypes.String, baseURL)
			configure, err := tfprotov6.NewDynamicValue(providerType, tftypes.NewValue(providerType, providerValues))
			if err != nil {
				b.Fatal(err)
			}
			if resp, err := server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: &configure}); err != nil || len(resp.Diagnostics) > 0 {
				b.Fatal(err, resp.Diagnostics)
			}
			listType := recordingsType()
			config, err := tfprotov6.NewDynamicValue(listType, nullConfig(ctx, dataSourceSchema(b, NewRecordingsDataSource()).Type()))
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			var peak uint64
			var stateBytes int
			for b.Loop() {
				stop := samplePeakHeap(&peak)
				resp, err := server.ReadDataSource(ctx, &tfprotov6.ReadDataSourceRequest{TypeName: "webex_recordings", Config: &config})
				stop()
				if err != nil || len(resp.Diagnostics) > 0 || len(resp.State.MsgPack) < n*100 {
					for _, d := range resp.Diagnostics {
						b.Log(d.Summary, ": ", d.Detail)
					}
					b.Fatal(err)
				}
				stateBytes = len(resp.State.MsgPack)
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
			b.ReportMetric(float64(stateBytes)/float64(n), "state-B/rec")
		})
	}
}

// servePreparedPages serves a list of n recordings in pages of 100,
// linked by next links, and returns its base URL.
func servePreparedPages(b *testing.B, n int) string {
	var pages [][]byte
	for first := 0; first < n; first += 100 {
		items := make([]webex.Recording, min(100, n-first))
		for i := range items {
			items[i] = *benchRecording()
			items[i].TemporaryDirectDownloadLinks, items[i].ShareToMe = nil, nil
			items[i].ID = fmt.Sprintf("%032x", first+i)
			items[i].CreateTime = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Add(-time.Duration(first+i) * time.Minute).Format(time.RFC3339)
		}
		page, err := json.Marshal(map[string]any{"items": items})
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, page)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		if page+1 < len(pages) {
			w.Header().Set("Link", fmt.Sprintf(`<%s?page=%d>; rel="next"`, r.URL.Path, page+1))
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(pages[page])
	}))
	b.Cleanup(srv.Close)
	return srv.URL + "/v1"
}

// samplePeakHeap records into peak the largest heap in use beyond what is
// in use now, until stop.
func samplePeakHeap(peak *uint64) (stop func()) {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	runtime.GC()
	metrics.Read(sample)
	base := sample[0].Value.Uint64()
	done, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		for {
			metrics.Read(sample)
			*peak = max(*peak, sample[0].Value.Uint64()-min(base, sample[0].Value.Uint64()))
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
func providerSchemaType(ctx context.Context, b *testing.B, server tfprotov6.ProviderServer) tftypes.Object {
	resp, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil {
		b.Fatal(err)
	}
	object, _ := resp.Provider.ValueType().(tftypes.Object)
	return object
}
