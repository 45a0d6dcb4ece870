package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/webex-terraform/terraform-provider-webex/internal/webex"
)

var (
	_ datasource.DataSource                     = (*RecordingsDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*RecordingsDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*RecordingsDataSource)(nil)
)

// maxMaxResults is the most recordings one list may return: the client's
// page limit times the page size.
const maxMaxResults = webex.MaxListPages * webex.MaxListPageSize

// RecordingsDataSource is the webex_recordings data source: Webex's "List
// Recordings", or with admin "List Recordings For an Admin or Compliance
// Officer", followed over every page.
type RecordingsDataSource struct {
	data *providerData
}

// RecordingsDataSourceModel is the webex_recordings block and its results.
type RecordingsDataSourceModel struct {
	Admin          types.Bool               `tfsdk:"admin"`
	From           timetypes.RFC3339        `tfsdk:"from"`
	To             timetypes.RFC3339        `tfsdk:"to"`
	MeetingID      types.String             `tfsdk:"meeting_id"`
	HostEmail      types.String             `tfsdk:"host_email"`
	SiteURL        types.String             `tfsdk:"site_url"`
	IntegrationTag types.String             `tfsdk:"integration_tag"`
	Topic          types.String             `tfsdk:"topic"`
	Format         types.String             `tfsdk:"format"`
	ServiceType    types.String             `tfsdk:"service_type"`
	Status         types.String             `tfsdk:"status"`
	Timezone       types.String             `tfsdk:"timezone"`
	MaxResults     types.Int64              `tfsdk:"max_results"`
	Recordings     []recordingListItemModel `tfsdk:"recordings"`
}

// NewRecordingsDataSource returns a webex_recordings data source.
func NewRecordingsDataSource() datasource.DataSource {
	return &RecordingsDataSource{}
}

func (d *RecordingsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_recordings"
}

const (
	descListWindowDefault = "When `from` and `to` are both left out, Webex lists the recordings created in the last 7 days; " +
		"with only `from`, the 7 days that follow it; with only `to`, the 7 days before it."
	descListAdmin = "Set to `true` to read Webex's *List Recordings For an Admin or Compliance Officer* (`GET /admin/recordings`) " +
		"instead of *List Recordings* (`GET /recordings`): every recording of the site (`site_url`, else the caller's preferred site), " +
		"not only those hosted by or shared with the token's user. Needs the `meeting:admin_recordings_read` scope (an admin) or " +
		"`spark-compliance:meetings_read` (a compliance officer). With it, `host_email` is not allowed, `from` and `to` may be " +
		"at most 30 days apart, and `status` may be `purged` (compliance officers only). Defaults to `false`."
	descListFrom = "Lists recordings created at or after this time, in [RFC 3339](https://www.rfc-editor.org/rfc/rfc3339) format " +
		"such as `2025-03-01T00:00:00Z` or `2025-03-01T09:00:00+01:00`. Must be before `to`. " + descListWindowDefault
	descListTo = "Lists recordings created before this time (exclusive), in [RFC 3339](https://www.rfc-editor.org/rfc/rfc3339) format " +
		"such as `2025-03-08T00:00:00Z`. Must be after `from`; with `admin`, at most 30 days after it. " + descListWindowDefault
	descListMeetingID = "Lists only the recordings of this meeting series, scheduled meeting or meeting instance (any of the three ids). " +
		"Webex then ignores `site_url`."
	descListHostEmail = "Lists the recordings of this host instead of the token's user. Needs the admin-level scope " +
		"`meeting:admin_recordings_read`: an admin may name a user of a site they manage. Not allowed with `admin`."
	descListSiteURL        = "Lists the recordings of this Webex site, such as `example.webex.com`, instead of all the user's sites."
	descListIntegrationTag = "Lists only the recordings whose parent meeting carries this external key of an integration " +
		"(a Zendesk ticket id, a Jira id, ...). Webex lets only the integration that set a tag filter by it."
	descListTopic       = "Lists only the recordings with this topic; Webex compares without regard to case."
	descListFormat      = "Lists only the recordings of this file format: `MP4`, `ARF` or `UPLOADED`."
	descListServiceType = "Lists only the recordings of this service type: `MeetingCenter`, `EventCenter`, `SupportCenter` or `TrainingCenter`."
	descListStatus      = "Lists the recordings in this status: `available` (Webex's default), `deleted` (in the recycle bin) or, " +
		"with `admin` and a compliance officer's token, `purged`."
	descListTimezone = "[IANA time zone](https://www.iana.org/time-zones) name, such as `America/Los_Angeles`, for the times in the " +
		"answer (`create_time`, `time_recorded`). Overrides the provider's `timezone`; Webex answers in UTC when neither is set. " +
		"It does not change how `from` and `to` are read: they carry their own offset."
	descListMaxResults = "Stops after this many recordings, newest first. Without it, every page is read (at most 100,000 recordings)."
	descListRecordings = "The recordings, newest first (by `create_time`), with the attributes of the `webex_recording` data source " +
		"except `temporary_direct_download_links`, which lists do not return, plus `id` and `host_email`. An empty list when nothing matches."
)

func (d *RecordingsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	nonEmpty := []validator.String{stringvalidator.LengthAtLeast(1)}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists Webex meeting recordings (Webex API *List Recordings*, `GET /recordings`, or with `admin` " +
			"*List Recordings For an Admin or Compliance Officer*, `GET /admin/recordings`), following every page of the answer. " +
			"By default it lists the recordings hosted by or shared with the token's user that were created in the last 7 days. " +
			"Lists carry no temporary download links: read one recording with the `webex_recording` data source or ephemeral " +
			"resource for those. The values, the passwords included, are stored in the state.",
		Attributes: map[string]schema.Attribute{
			"admin": schema.BoolAttribute{MarkdownDescription: descListAdmin, Optional: true},
			"from":  schema.StringAttribute{MarkdownDescription: descListFrom, Optional: true, CustomType: timetypes.RFC3339Type{}},
			"to":    schema.StringAttribute{MarkdownDescription: descListTo, Optional: true, CustomType: timetypes.RFC3339Type{}},
			"meeting_id": schema.StringAttribute{
				MarkdownDescription: descListMeetingID, Optional: true, Validators: nonEmpty,
			},
			"host_email": schema.StringAttribute{
				MarkdownDescription: descListHostEmail, Optional: true, Validators: []validator.String{emailValidator{}},
			},
			"site_url":        schema.StringAttribute{MarkdownDescription: descListSiteURL, Optional: true, Validators: nonEmpty},
			"integration_tag": schema.StringAttribute{MarkdownDescription: descListIntegrationTag, Optional: true, Validators: nonEmpty},
			"topic":           schema.StringAttribute{MarkdownDescription: descListTopic, Optional: true, Validators: nonEmpty},
			"format": schema.StringAttribute{
				MarkdownDescription: descListFormat, Optional: true,
				Validators: []validator.String{stringvalidator.OneOf(webex.FormatMP4, webex.FormatARF, webex.FormatUploaded)},
			},
			"service_type": schema.StringAttribute{
				MarkdownDescription: descListServiceType, Optional: true,
				Validators: []validator.String{stringvalidator.OneOf(webex.ServiceTypeMeetingCenter, webex.ServiceTypeEventCenter,
					webex.ServiceTypeSupportCenter, webex.ServiceTypeTrainingCenter)},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: descListStatus, Optional: true,
				Validators: []validator.String{stringvalidator.OneOf(webex.StatusAvailable, webex.StatusDeleted, webex.StatusPurged)},
			},
			"timezone": schema.StringAttribute{
				MarkdownDescription: descListTimezone, Optional: true, Validators: []validator.String{timezoneValidator{}},
			},
			"max_results": schema.Int64Attribute{
				MarkdownDescription: descListMaxResults, Optional: true,
				Validators: []validator.Int64{int64validator.Between(1, maxMaxResults)},
			},
			"recordings": schema.ListNestedAttribute{
				MarkdownDescription: descListRecordings,
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: dataSourceRecordingAttributes(nil, recordingListItemAttrs),
				},
			},
		},
	}
}

func (d *RecordingsDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{recordingsWindowValidator{}, recordingsAdminValidator{}}
}

func (d *RecordingsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	data, diags := providerDataFrom(req.ProviderData)
	resp.Diagnostics.Append(diags...)
	d.data = data
}

func (d *RecordingsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var model RecordingsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if d.data == nil {
		resp.Diagnostics.AddError("Webex provider not configured",
			"The webex_recordings data source was read before the provider was configured. This is a bug in the provider; please report it.")
		return
	}
	ctx = d.data.secrets.context(ctx)

	opts := webex.ListRecordingsOptions{
		Admin:          model.Admin.ValueBool(),
		MeetingID:      model.MeetingID.ValueString(),
		HostEmail:      model.HostEmail.ValueString(),
		SiteURL:        model.SiteURL.ValueString(),
		IntegrationTag: model.IntegrationTag.ValueString(),
		Topic:          model.Topic.ValueString(),
		Format:         model.Format.ValueString(),
		ServiceType:    model.ServiceType.ValueString(),
		Status:         model.Status.ValueString(),
		Timezone:       d.data.timezone,
		MaxResults:     int(model.MaxResults.ValueInt64()),
	}
	if !model.Timezone.IsNull() {
		opts.Timezone = model.Timezone.ValueString()
	}
	opts.From, _ = rfc3339Time(model.From)
	opts.To, _ = rfc3339Time(model.To)

	recs, err := d.data.client.ListRecordings(ctx, opts)
	if err != nil {
		resp.Diagnostics.AddError(describeReadError(recordingListSubject(opts.HostEmail, opts.Admin), err))
		return
	}
	model.Recordings = make([]recordingListItemModel, len(recs))
	for i := range recs {
		model.Recordings[i] = newRecordingListItemModel(&recs[i])
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &model)...)
}

// rfc3339Time is v's time, and whether v holds one (not null, not unknown,
// and valid; the custom type has already reported an invalid value).
func rfc3339Time(v timetypes.RFC3339) (time.Time, bool) {
	if v.IsNull() || v.IsUnknown() {
		return time.Time{}, false
	}
	t, diags := v.ValueRFC3339Time()
	return t, !diags.HasError()
}

// checkRecordingsWindow checks from before to and, with admin, at most 30
// days between them. Unknown values are skipped.
func checkRecordingsWindow(fromValue, toValue timetypes.RFC3339, admin types.Bool) diag.Diagnostics {
	var diags diag.Diagnostics
	from, okFrom := rfc3339Time(fromValue)
	to, okTo := rfc3339Time(toValue)
	if !okFrom || !okTo {
		return diags
	}
	if !from.Before(to) {
		diags.AddAttributeError(path.Root("to"), "Invalid recording time window",
			fmt.Sprintf("from (%s) must be before to (%s): webex_recordings lists the recordings created from from (inclusive) "+
				"to to (exclusive). Swap them, or move to later.", fromValue.ValueString(), toValue.ValueString()))
		return diags
	}
	if admin.ValueBool() && to.Sub(from) > webex.MaxAdminListWindow {
		diags.AddAttributeError(path.Root("to"), "Recording time window too long for admin",
			fmt.Sprintf("With admin = true, Webex lists at most 30 days at once, but from %s to %s is %s. "+
				"Narrow the window, or use one webex_recordings data source per 30 days.",
				fromValue.ValueString(), toValue.ValueString(), describeSpan(to.Sub(from))))
	}
	return diags
}

// checkRecordingsAdmin checks the arguments that depend on admin.
func checkRecordingsAdmin(admin types.Bool, hostEmail, status types.String) diag.Diagnostics {
	var diags diag.Diagnostics
	if admin.IsUnknown() {
		return diags
	}
	if admin.ValueBool() && !hostEmail.IsNull() && !hostEmail.IsUnknown() {
		diags.AddAttributeError(path.Root("host_email"), "host_email cannot be used with admin",
			"With admin = true, webex_recordings reads Webex's List Recordings For an Admin or Compliance Officer, which lists "+
				"the recordings of every host of the site and has no host_email filter. Remove host_email, or remove admin "+
				"to list one host's recordings (that needs the meeting:admin_recordings_read scope).")
	}
	if !admin.ValueBool() && status.ValueString() == webex.StatusPurged {
		diags.AddAttributeError(path.Root("status"), "status \"purged\" needs admin",
			"Only a compliance officer can list purged recordings, and only through the admin list. Set admin = true and use "+
				"a token with the spark-compliance:meetings_read scope, or choose status \"available\" or \"deleted\".")
	}
	return diags
}

// describeSpan prints a span in days and hours, as a user thinks of it.
func describeSpan(d time.Duration) string {
	const day = 24 * time.Hour
	days, rest := int64(d/day), d%day
	if rest == 0 {
		return fmt.Sprintf("%d days", days)
	}
	return fmt.Sprintf("%d days and %s", days, rest)
}

// recordingsWindowValidator checks from and to of webex_recordings at
// validate time, before any request.
type recordingsWindowValidator struct{}

var _ datasource.ConfigValidator = recordingsWindowValidator{}

func (recordingsWindowValidator) Description(context.Context) string {
	return "from must be before to; with admin, at most 30 days before it"
}

func (v recordingsWindowValidator) MarkdownDescription(ctx context.Context) string {
	return "`from` must be before `to`; with `admin`, at most 30 days before it"
}

func (recordingsWindowValidator) ValidateDataSource(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var from, to timetypes.RFC3339
	var admin types.Bool
	resp.Diagnostics.Append(getConfigAttributes(ctx, req.Config, map[string]any{"from": &from, "to": &to, "admin": &admin})...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(checkRecordingsWindow(from, to, admin)...)
}

// recordingsAdminValidator checks the arguments of webex_recordings that
// depend on admin, at validate time.
type recordingsAdminValidator struct{}

var _ datasource.ConfigValidator = recordingsAdminValidator{}

func (recordingsAdminValidator) Description(context.Context) string {
	return "host_email is not allowed with admin; status purged needs admin"
}

func (recordingsAdminValidator) MarkdownDescription(context.Context) string {
	return "`host_email` is not allowed with `admin`; `status = \"purged\"` needs `admin`"
}

func (recordingsAdminValidator) ValidateDataSource(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var admin types.Bool
	var hostEmail, status types.String
	resp.Diagnostics.Append(getConfigAttributes(ctx, req.Config, map[string]any{"admin": &admin, "host_email": &hostEmail, "status": &status})...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(checkRecordingsAdmin(admin, hostEmail, status)...)
}

// getConfigAttributes reads top-level attributes of config into targets.
func getConfigAttributes(ctx context.Context, config tfsdk.Config, targets map[string]any) diag.Diagnostics {
	var diags diag.Diagnostics
	for name, target := range targets {
		diags.Append(config.GetAttribute(ctx, path.Root(name), target)...)
	}
	return diags
}
