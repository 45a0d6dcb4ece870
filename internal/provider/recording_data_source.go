package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
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

// RecordingDataSourceModel is the webex_recording block and its results.
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
	computedString := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
	}
	sensitiveString := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc, Computed: true, Sensitive: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the details of one Webex meeting recording (Webex API *Get Recording Details*, " +
			"`GET /recordings/{recordingId}`): its download and playback links, times, size, format and status. " +
			"Only recordings of meetings hosted by or shared with the authenticated user can be read, " +
			"unless an admin names the host with `host_email`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: descRecordingID + " Required.",
				Required:            true,
				Validators:          []validator.String{recordingIDValidator{}},
			},
			"host_email": schema.StringAttribute{
				MarkdownDescription: "Email address of the meeting host. Only used if the user or application calling the API has the " +
					"admin-level scope `meeting:admin_recordings_read`: an admin may name a user of a site they manage, " +
					"and Webex returns the recording details of that user.",
				Optional:   true,
				Validators: []validator.String{emailValidator{}},
			},
			"timezone": schema.StringAttribute{
				MarkdownDescription: "[IANA time zone](https://www.iana.org/time-zones) name, such as `America/Los_Angeles`, for the times " +
					"of this read (`create_time`, `time_recorded` and the links' `expiration`). Overrides the provider's `timezone`; " +
					"Webex answers in UTC when neither is set.",
				Optional:   true,
				Validators: []validator.String{timezoneValidator{}},
			},
			"meeting_id":           computedString(descMeetingID),
			"scheduled_meeting_id": computedString(descScheduledMeetingID),
			"meeting_series_id":    computedString(descMeetingSeriesID),
			"topic":                computedString(descTopic),
			"create_time":          computedString(descCreateTime),
			"time_recorded":        computedString(descTimeRecorded),
			"site_url":             computedString(descSiteURL),
			"download_url":         computedString(descDownloadURL),
			"playback_url":         computedString(descPlaybackURL),
			"password":             sensitiveString(descPassword),
			"temporary_direct_download_links": schema.SingleNestedAttribute{
				MarkdownDescription: descTemporaryLinks,
				Computed:            true,
				Attributes: map[string]schema.Attribute{
					"recording_download_link":  sensitiveString(descRecordingDownloadLink),
					"audio_download_link":      sensitiveString(descAudioDownloadLink),
					"transcript_download_link": sensitiveString(descTranscriptDownloadLink),
					"expiration":               computedString(descExpiration),
				},
			},
			"format":           computedString(descFormat),
			"service_type":     computedString(descServiceType),
			"duration_seconds": schema.Int64Attribute{MarkdownDescription: descDurationSeconds, Computed: true},
			"size_bytes":       schema.Int64Attribute{MarkdownDescription: descSizeBytes, Computed: true},
			"share_to_me":      schema.BoolAttribute{MarkdownDescription: descShareToMe, Computed: true},
			"integration_tags": schema.ListAttribute{MarkdownDescription: descIntegrationTags, Computed: true, ElementType: types.StringType},
			"status":           computedString(descStatus),
		},
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
	if d.data == nil {
		resp.Diagnostics.AddError("Webex provider not configured",
			"The webex_recording data source was read before the provider was configured. This is a bug in the provider; please report it.")
		return
	}
	ctx = d.data.secrets.context(ctx)

	opts := webex.GetRecordingOptions{
		HostEmail: model.HostEmail.ValueString(),
		Timezone:  d.data.timezone,
	}
	if !model.Timezone.IsNull() {
		opts.Timezone = model.Timezone.ValueString()
	}
	rec, err := d.data.client.GetRecording(ctx, model.ID.ValueString(), opts)
	if err != nil {
		summary, detail := describeReadError(model.ID.ValueString(), opts.HostEmail, err)
		resp.Diagnostics.AddError(summary, detail)
		return
	}
	model.recordingDetailsModel = newRecordingDetailsModel(rec)
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}
