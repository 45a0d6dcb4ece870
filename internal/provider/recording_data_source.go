package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

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

// RecordingDataSourceModel is the webex_recording block and its results,
// for the data source and the ephemeral resource alike.
type RecordingDataSourceModel struct {
	ID        types.String `tfsdk:"id"`
	HostEmail types.String `tfsdk:"host_email"`
	Timezone  types.String `tfsdk:"timezone"`
	recordingDetailsModel
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
		Attributes: dataSourceRecordingAttributes(recordingLookupInputs, recordingResultAttrs),
	}
}

func (d *RecordingDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	data, diags := providerDataFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	d.data = data
}

func (d *RecordingDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model RecordingDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(readRecording(ctx, d.data, "data source", &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}

// readRecording fills model's results from Get Recording Details. The
// data source and the ephemeral resource (kind says which) read alike.
func readRecording(ctx context.Context, data *providerData, kind string, model *RecordingDataSourceModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if data == nil {
		diags.AddError("Webex provider not configured",
			"The webex_recording "+kind+" was read before the provider was configured. This is a bug in the provider; please report it.")
		return diags
	}
	ctx = data.secrets.context(ctx)

	opts := webex.GetRecordingOptions{
		HostEmail: model.HostEmail.ValueString(),
		Timezone:  data.timezone,
	}
	if !model.Timezone.IsNull() {
		opts.Timezone = model.Timezone.ValueString()
	}
	rec, err := data.client.GetRecording(ctx, model.ID.ValueString(), opts)
	if err != nil {
		diags.AddError(describeReadError(recordingSubject(model.ID.ValueString(), opts.HostEmail), err))
		return diags
	}
	model.recordingDetailsModel = newRecordingDetailsModel(rec)
	return diags
}
