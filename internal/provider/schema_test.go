package provider

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	ephschema "github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/webex-terraform/terraform-provider-webex/internal/webex"
)

// attrInfo is what must agree between schemas that show the same attribute.
type attrInfo struct {
	typ         string
	sensitive   bool
	computed    bool
	description string
}

func flattenDataSource(prefix string, attrs map[string]dsschema.Attribute, out map[string]attrInfo) {
	for name, a := range attrs {
		out[prefix+name] = attrInfo{a.GetType().String(), a.IsSensitive(), a.IsComputed(), a.GetMarkdownDescription()}
		switch n := a.(type) {
		case dsschema.SingleNestedAttribute:
			flattenDataSource(prefix+name+".", n.Attributes, out)
		case dsschema.ListNestedAttribute:
			flattenDataSource(prefix+name+"[].", n.NestedObject.Attributes, out)
		}
	}
}

func flattenEphemeral(prefix string, attrs map[string]ephschema.Attribute, out map[string]attrInfo) {
	for name, a := range attrs {
		out[prefix+name] = attrInfo{a.GetType().String(), a.IsSensitive(), a.IsComputed(), a.GetMarkdownDescription()}
		if n, ok := a.(ephschema.SingleNestedAttribute); ok {
			flattenEphemeral(prefix+name+".", n.Attributes, out)
		}
	}
}

func dataSourceSchema(t testing.TB, ds datasource.DataSource) dsschema.Schema {
	t.Helper()
	var resp datasource.SchemaResponse
	ds.Schema(context.Background(), datasource.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	if diags := resp.Schema.ValidateImplementation(context.Background()); diags.HasError() {
		t.Fatal(diags)
	}
	return resp.Schema
}

func ephemeralSchema(t *testing.T, r ephemeral.EphemeralResource) ephschema.Schema {
	t.Helper()
	var resp ephemeral.SchemaResponse
	r.Schema(context.Background(), ephemeral.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatal(resp.Diagnostics)
	}
	if diags := resp.Schema.ValidateImplementation(context.Background()); diags.HasError() {
		t.Fatal(diags)
	}
	return resp.Schema
}

// TestSchemas_agree checks that the webex_recording data source and
// ephemeral resource show the same attributes, that the objects of
// webex_recordings have the same attributes minus the temporary links plus
// the host, and that every attribute is described.
func TestSchemas_agree(t *testing.T) {
	recording := map[string]attrInfo{}
	flattenDataSource("", dataSourceSchema(t, NewRecordingDataSource()).Attributes, recording)
	eph := map[string]attrInfo{}
	flattenEphemeral("", ephemeralSchema(t, NewRecordingEphemeralResource()).Attributes, eph)
	if !maps.Equal(recording, eph) {
		t.Errorf("webex_recording data source and ephemeral resource differ:\n data source %v\n ephemeral   %v", recording, eph)
	}

	list := map[string]attrInfo{}
	flattenDataSource("", dataSourceSchema(t, NewRecordingsDataSource()).Attributes, list)
	items := map[string]attrInfo{}
	for name, info := range list {
		if rest, ok := strings.CutPrefix(name, "recordings[]."); ok {
			items[rest] = info
		}
	}
	for name, info := range recording {
		switch {
		case strings.HasPrefix(name, "temporary_direct_download_links"):
			if _, ok := items[name]; ok {
				t.Errorf("list objects have %s; lists carry no temporary links", name)
			}
		case name == "id" || name == "host_email" || name == "timezone":
			// Inputs of webex_recording; id and host_email are computed in list objects.
		default:
			if items[name] != info {
				t.Errorf("list object attribute %s = %+v, want %+v as in webex_recording", name, items[name], info)
			}
		}
	}
	for _, name := range []string{"id", "host_email"} {
		if info, ok := items[name]; !ok || !info.computed {
			t.Errorf("list objects lack a computed %s", name)
		}
	}
	if !items["password"].sensitive || !recording["temporary_direct_download_links.recording_download_link"].sensitive {
		t.Error("password and the download links must be sensitive")
	}

	for label, attrs := range map[string]map[string]attrInfo{"webex_recording": recording, "ephemeral webex_recording": eph, "webex_recordings": list} {
		for _, name := range slices.Sorted(maps.Keys(attrs)) {
			if attrs[name].description == "" {
				t.Errorf("%s: attribute %s has no MarkdownDescription", label, name)
			}
		}
	}
}

// TestModels_matchSchemas writes each model into its schema, as Read and
// Open do, so a drift between the attribute tables and the model structs
// fails here, without Terraform.
func TestModels_matchSchemas(t *testing.T) {
	ctx := context.Background()
	duration, size, shared := int64(18416), int64(168103), false
	rec := &webex.Recording{
		ID: "4f914b1dfe3c4d11a61730f18c0f5387", MeetingID: "m", ScheduledMeetingID: "s", MeetingSeriesID: "series",
		Topic: "Example Topic", CreateTime: "2020-07-13T17:11:35Z", TimeRecorded: "2020-07-13T17:05:35Z",
		SiteURL: "site4-example.webex.com", DownloadURL: "https://d", PlaybackURL: "https://p", Password: "pw",
		TemporaryDirectDownloadLinks: &webex.TemporaryDirectDownloadLinks{RecordingDownloadLink: "https://r?ticket=x", Expiration: "2022-05-01T10:30:25Z"},
		Format:                       "ARF", ServiceType: "MeetingCenter", DurationSeconds: &duration, SizeBytes: &size, ShareToMe: &shared,
		IntegrationTags: []string{"t"}, Status: "available", HostEmail: "alice@example.com",
	}

	dsSchema := dataSourceSchema(t, NewRecordingDataSource())
	state := tfsdk.State{Schema: dsSchema, Raw: tftypes.NewValue(dsSchema.Type().TerraformType(ctx), nil)}
	if diags := state.Set(ctx, &RecordingDataSourceModel{recordingDetailsModel: newRecordingDetailsModel(rec)}); diags.HasError() {
		t.Errorf("webex_recording data source: %v", diags)
	}

	ephSchema := ephemeralSchema(t, NewRecordingEphemeralResource())
	result := tfsdk.EphemeralResultData{Schema: ephSchema, Raw: tftypes.NewValue(ephSchema.Type().TerraformType(ctx), nil)}
	if diags := result.Set(ctx, &RecordingEphemeralResourceModel{recordingDetailsModel: newRecordingDetailsModel(rec)}); diags.HasError() {
		t.Errorf("webex_recording ephemeral resource: %v", diags)
	}

	listSchema := dataSourceSchema(t, NewRecordingsDataSource())
	state = tfsdk.State{Schema: listSchema, Raw: tftypes.NewValue(listSchema.Type().TerraformType(ctx), nil)}
	model := RecordingsDataSourceModel{Recordings: []recordingListItemModel{newRecordingListItemModel(rec), newRecordingListItemModel(&webex.Recording{ID: "x"})}}
	if diags := state.Set(ctx, &model); diags.HasError() {
		t.Errorf("webex_recordings: %v", diags)
	}
}

// TestProvider_registersEverything checks the type names Terraform sees.
func TestProvider_registersEverything(t *testing.T) {
	ctx := context.Background()
	p := New("test")()
	withEphemeral, ok := p.(provider.ProviderWithEphemeralResources)
	if !ok {
		t.Fatal("the provider does not offer ephemeral resources")
	}
	var names []string
	for _, f := range p.DataSources(ctx) {
		var resp datasource.MetadataResponse
		f().Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "webex"}, &resp)
		names = append(names, "data."+resp.TypeName)
	}
	for _, f := range withEphemeral.EphemeralResources(ctx) {
		var resp ephemeral.MetadataResponse
		f().Metadata(ctx, ephemeral.MetadataRequest{ProviderTypeName: "webex"}, &resp)
		names = append(names, "ephemeral."+resp.TypeName)
	}
	want := []string{"data.webex_recording", "data.webex_recordings", "ephemeral.webex_recording"}
	if !slices.Equal(slices.Sorted(slices.Values(names)), want) {
		t.Errorf("registered %v, want %v", names, want)
	}
}
