package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
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
	obj, diags := readRecordingBlock(ctx, d.data, "data source", req.Config)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, obj)...)
}

// readRecordingBlock reads a webex_recording block, data source or
// ephemeral resource (kind says which): its inputs from config, then the
// recording, and returns the whole block as an object of config's schema.
// Inputs are read one attribute at a time and the result is built as an
// object, because decoding into and from the model struct through the
// framework's reflection costs more CPU than the rest of a read.
func readRecordingBlock(ctx context.Context, data *providerData, kind string, config tfsdk.Config) (types.Object, diag.Diagnostics) {
	var model RecordingDataSourceModel
	var diags diag.Diagnostics
	diags.Append(config.GetAttribute(ctx, path.Root("id"), &model.ID)...)
	diags.Append(config.GetAttribute(ctx, path.Root("host_email"), &model.HostEmail)...)
	diags.Append(config.GetAttribute(ctx, path.Root("timezone"), &model.Timezone)...)
	if !diags.HasError() {
		diags.Append(readRecording(ctx, data, kind, &model)...)
	}
	if diags.HasError() {
		return types.ObjectNull(nil), diags
	}
	obj, objDiags := model.objectValue(config.Schema.Type())
	diags.Append(objDiags...)
	return obj, diags
}

// objectValue is the model as a value of objectType, the schema's type.
func (m RecordingDataSourceModel) objectValue(objectType attr.Type) (types.Object, diag.Diagnostics) {
	var diags diag.Diagnostics
	ot, ok := objectType.(types.ObjectType)
	if !ok {
		diags.AddError("Unexpected schema type", fmt.Sprintf("The webex_recording schema type is %T, not an object. This is a bug in the provider; please report it.", objectType))
		return types.ObjectNull(nil), diags
	}
	values := make(map[string]attr.Value, len(ot.AttrTypes))
	values["id"] = m.ID
	values["host_email"] = m.HostEmail
	values["timezone"] = m.Timezone
	m.attributeValues(values)
	return types.ObjectValue(ot.AttrTypes, values)
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
