package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/webex-terraform/terraform-provider-webex/internal/webex"
)

var (
	_ datasource.DataSource              = (*RecordingDataSource)(nil)
	_ datasource.DataSourceWithConfigure = (*RecordingDataSource)(nil)
)

// RecordingDataSource is the webex_recording data source: Webex's "Get
// Recording Details" for one recording id.
type RecordingDataSource struct {
	data *providerData
}

// NewRecordingDataSource returns a webex_recording data source.
func NewRecordingDataSource() datasource.DataSource {
	return &RecordingDataSource{}
}

func (d *RecordingDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_recording"
}

func (d *RecordingDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the details of one Webex meeting recording (Webex API *Get Recording Details*, " +
			"`GET /recordings/{recordingId}`): its download and playback links, times, size, format and status. " +
			"Only recordings of meetings hosted by or shared with the authenticated user can be read, " +
			"unless an admin names the host with `host_email`. The values, the password and the temporary download links " +
			"included, are stored in the state; to use the links without storing them, use the `webex_recording` ephemeral resource.",
		Attributes: dataSourceRecordingAttributes(recordingLookupInputs, recordingAttrs, inDetails),
	}
}

func (d *RecordingDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	data, diags := providerDataFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	d.data = data
}

func (d *RecordingDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	value, diags := readRecordingBlock(ctx, d.data, req.Config, false)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, value)...)
}

// readRecordingBlock reads a webex_recording block, data source or
// ephemeral resource (fresh: read anew, see webex.GetRecordingOptions):
// its inputs from config, then the recording, and returns the whole
// block's value.
func readRecordingBlock(ctx context.Context, data *providerData, config tfsdk.Config, fresh bool) (tftypes.Value, diag.Diagnostics) {
	var id, hostEmail, timezone types.String
	diags := getConfigAttributes(ctx, config, map[string]any{"id": &id, "host_email": &hostEmail, "timezone": &timezone})
	if diags.HasError() {
		return tftypes.Value{}, diags
	}
	if data == nil {
		diags.AddError("Webex provider not configured",
			"webex_recording was read before the provider was configured. This is a bug in the provider; please report it.")
		return tftypes.Value{}, diags
	}
	opts := webex.GetRecordingOptions{HostEmail: hostEmail.ValueString(), Timezone: data.timezone, Fresh: fresh}
	if !timezone.IsNull() {
		opts.Timezone = timezone.ValueString()
	}
	rec, err := data.client.GetRecording(data.logContext(ctx), id.ValueString(), opts)
	if err != nil {
		data.addReadError(&diags, recordingSubject(id.ValueString(), opts.HostEmail), err)
		return tftypes.Value{}, diags
	}
	return blockValue(config.Raw, func(values map[string]tftypes.Value) { setRecordingValues(values, recordingAttrs, inDetails, rec) })
}
