package provider

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/webex-terraform/terraform-provider-webex/internal/webex"
)

var (
	_ datasource.DataSource                     = (*RecordingsDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*RecordingsDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*RecordingsDataSource)(nil)
)

// maxMaxResults is the most recordings one list may return: the client's
// cap, checked here so that a larger max_results fails at validate.
const maxMaxResults = webex.MaxListResults

// RecordingsDataSource is the webex_recordings data source: Webex's "List
// Recordings", with admin "List Recordings For an Admin or Compliance
// Officer", with group "List Group Recordings", followed over every page.
type RecordingsDataSource struct {
	data *providerData
}

// RecordingsDataSourceModel is the webex_recordings block, for reading
// its arguments. Its results are built from the attribute table
// (recordingsValue), not reflected.
type RecordingsDataSourceModel struct {
	Admin          types.Bool   `tfsdk:"admin"`
	Group          types.Bool   `tfsdk:"group"`
	PersonID       types.String `tfsdk:"person_id"`
	From           types.String `tfsdk:"from"`
	To             types.String `tfsdk:"to"`
	MeetingID      types.String `tfsdk:"meeting_id"`
	HostEmail      types.String `tfsdk:"host_email"`
	SiteURL        types.String `tfsdk:"site_url"`
	IntegrationTag types.String `tfsdk:"integration_tag"`
	Topic          types.String `tfsdk:"topic"`
	Format         types.String `tfsdk:"format"`
	ServiceType    types.String `tfsdk:"service_type"`
	Status         types.String `tfsdk:"status"`
	Timezone       types.String `tfsdk:"timezone"`
	MaxResults     types.Int64  `tfsdk:"max_results"`
	Recordings     types.List   `tfsdk:"recordings"`
	Passwords      types.Map    `tfsdk:"passwords"`
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
		"`spark-compliance:meetings_read` (a compliance officer). With it, `host_email` is not allowed, `status` may be `purged` " +
		"(compliance officers only), and each recording carries `host_email` and `host_display_name` but no password or `share_to_me`. " +
		"Webex lists at most 30 days at once for admins: a longer `from`-`to` span is read as consecutive windows of 30 days, newest " +
		"first, and returned as one list. Not allowed with `group`. Defaults to `false`."
	descListGroup = "Set to `true` to read Webex's *List Group Recordings* (`GET /group/recordings`) instead of *List Recordings*, " +
		"as a service app with group recording access: the recordings of the host that `person_id` or `host_email` names (one of them " +
		"is required, not both), on `site_url` or on every site the service app manages. Webex lists only the host's own recordings in " +
		"the `available` status, not those shared with the host by others, so `meeting_id` and `status` are not allowed with it, nor " +
		"is `admin`. Each recording carries its password (in `passwords`) and `share_to_me`, but not `host_email` or " +
		"`host_display_name`. Webex lists at most 30 days at once: a longer `from`-`to` span is read as consecutive windows of 30 days, " +
		"newest first, and returned as one list. Defaults to `false`."
	descListPersonID = descPersonID + " Names the host whose recordings the group list reads; only allowed with `group = true`, and " +
		"not with `host_email`."
	descListFrom = "Lists recordings created at or after this time, in [RFC 3339](https://www.rfc-editor.org/rfc/rfc3339) format " +
		"such as `2025-03-01T00:00:00Z` or `2025-03-01T09:00:00+01:00`. Must be before `to`. " + descListWindowDefault
	descListTo = "Lists recordings created before this time (exclusive), in [RFC 3339](https://www.rfc-editor.org/rfc/rfc3339) format " +
		"such as `2025-03-08T00:00:00Z`. Must be after `from`. " + descListWindowDefault
	descListMeetingID = "Lists only the recordings of this meeting series, scheduled meeting or meeting instance (any of the three ids). " +
		"Webex then ignores `site_url`. Not allowed with `group`."
	descListHostEmail = "Lists the recordings of this host instead of the token's user. Needs the admin-level scope " +
		"`meeting:admin_recordings_read`: an admin may name a user of a site they manage. Not allowed with `admin`. With " +
		"`group = true`, it names the host whose recordings the group list reads (sent as Webex's `hostEmail` header), instead of " +
		"`person_id`."
	descListSiteURL        = "Lists the recordings of this Webex site, such as `example.webex.com`, instead of all the user's sites."
	descListIntegrationTag = "Lists only the recordings whose parent meeting carries this external key of an integration " +
		"(a Zendesk ticket id, a Jira id, ...). Webex lets only the integration that set a tag filter by it."
	descListTopic       = "Lists only the recordings with this topic; Webex compares without regard to case."
	descListFormat      = "Lists only the recordings of this file format: `MP4`, `ARF` or `UPLOADED`."
	descListServiceType = "Lists only the recordings of this service type: `MeetingCenter`, `EventCenter`, `SupportCenter` or `TrainingCenter`."
	descListStatus      = "Lists the recordings in this status: `available` (Webex's default), `deleted` (in the recycle bin) or, " +
		"with `admin` and a compliance officer's token, `purged`. Not allowed with `group`, which lists available recordings only."
	descListTimezone = "[IANA time zone](https://www.iana.org/time-zones) name, such as `America/Los_Angeles`, for the times in the " +
		"answer (`create_time`, `time_recorded`). Overrides the provider's `timezone`; Webex answers in UTC when neither is set. " +
		"It does not change how `from` and `to` are read: they carry their own offset."
	descListMaxResults = "Stops after this many recordings, newest first, and sends no request past them. Without it, every page is " +
		"read (at most 100,000 recordings)."
	descListRecordings = "The recordings, newest first (by `create_time`), each listed once, with the attributes of the `webex_recording` " +
		"data source except `temporary_direct_download_links`, which lists do not return, and `password`, which is in `passwords`; plus " +
		"`id`, `host_email` and `host_display_name`. An attribute that the list does not return is null (`host_email` outside the " +
		"admin list, say). An empty list when nothing matches."
	descListPasswords = "The recordings' passwords, by recording id, for the recordings whose list entry carries one " +
		"(Webex may return them masked, `********`). Sensitive, as one value: Terraform hides the whole map in plan output, and a " +
		"sensitive mark on every recording instead would make plans of large lists slow. The values are stored in the state. " +
		"Null with `admin`, whose list never returns passwords; read the recording with the `webex_recording` data source or " +
		"ephemeral resource for its password."
)

func (d *RecordingsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	nonEmpty := []validator.String{stringvalidator.LengthAtLeast(1)}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists Webex meeting recordings (Webex API *List Recordings*, `GET /recordings`, with `admin` " +
			"*List Recordings For an Admin or Compliance Officer*, `GET /admin/recordings`, or with `group` *List Group Recordings*, " +
			"`GET /group/recordings`), following every page of the answer. " +
			"By default it lists the recordings hosted by or shared with the token's user that were created in the last 7 days. " +
			"Lists carry no temporary download links: read one recording with the `webex_recording` data source or ephemeral " +
			"resource for those. The values, the passwords included, are stored in the state; the passwords are in one sensitive " +
			"map, `passwords`.",
		Attributes: map[string]schema.Attribute{
			"admin": schema.BoolAttribute{MarkdownDescription: descListAdmin, Optional: true},
			"group": schema.BoolAttribute{MarkdownDescription: descListGroup, Optional: true},
			"person_id": schema.StringAttribute{
				MarkdownDescription: descListPersonID, Optional: true, Validators: []validator.String{personIDValidator},
			},
			"from": schema.StringAttribute{MarkdownDescription: descListFrom, Optional: true, Validators: []validator.String{rfc3339Validator}},
			"to":   schema.StringAttribute{MarkdownDescription: descListTo, Optional: true, Validators: []validator.String{rfc3339Validator}},
			"meeting_id": schema.StringAttribute{
				MarkdownDescription: descListMeetingID, Optional: true, Validators: nonEmpty,
			},
			"host_email": schema.StringAttribute{
				MarkdownDescription: descListHostEmail, Optional: true, Validators: []validator.String{emailValidator},
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
				MarkdownDescription: descListTimezone, Optional: true, Validators: []validator.String{timezoneValidator},
			},
			"max_results": schema.Int64Attribute{
				MarkdownDescription: descListMaxResults, Optional: true,
				Validators: []validator.Int64{int64validator.Between(1, maxMaxResults)},
			},
			"recordings": schema.ListNestedAttribute{
				MarkdownDescription: descListRecordings,
				Computed:            true,
				NestedObject: schema.NestedAttributeObject{
					Attributes: dataSourceRecordingAttributes(nil, recordingAttrs, inList),
				},
			},
			"passwords": schema.MapAttribute{
				MarkdownDescription: descListPasswords,
				Computed:            true,
				Sensitive:           true,
				ElementType:         types.StringType,
			},
		},
	}
}

func (d *RecordingsDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{recordingsArgumentsValidator{}}
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
	opts := model.listOptions()
	if opts.Timezone == "" {
		opts.Timezone = d.data.timezone
	}
	recs, err := d.data.client.ListRecordings(d.data.logContext(ctx), opts)
	if err != nil {
		d.data.addReadError(&resp.Diagnostics, recordingListSubject(opts), err)
		return
	}
	state, diags := recordingsValue(req.Config.Raw, recs, opts.Admin)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// recordingsValue is the block's value: its arguments as configured, the
// recordings and their passwords.
func recordingsValue(config tftypes.Value, recs []webex.Recording, admin bool) (tftypes.Value, diag.Diagnostics) {
	return blockValue(config, func(values map[string]tftypes.Value) {
		values["recordings"] = recordingListValue(recs)
		values["passwords"] = recordingPasswords(recs, admin)
	})
}

// listOptions are the model's arguments as client options; what is null
// or not known yet is left zero.
func (m RecordingsDataSourceModel) listOptions() webex.ListRecordingsOptions {
	opts := webex.ListRecordingsOptions{
		Admin:          m.Admin.ValueBool(),
		Group:          m.Group.ValueBool(),
		PersonID:       m.PersonID.ValueString(),
		MeetingID:      m.MeetingID.ValueString(),
		HostEmail:      m.HostEmail.ValueString(),
		SiteURL:        m.SiteURL.ValueString(),
		IntegrationTag: m.IntegrationTag.ValueString(),
		Topic:          m.Topic.ValueString(),
		Format:         m.Format.ValueString(),
		ServiceType:    m.ServiceType.ValueString(),
		Status:         m.Status.ValueString(),
		Timezone:       m.Timezone.ValueString(),
		MaxResults:     int(m.MaxResults.ValueInt64()),
	}
	opts.From = rfc3339Time(m.From)
	opts.To = rfc3339Time(m.To)
	return opts
}

// recordingPasswords is the passwords map: one sensitive value for the
// whole list rather than a mark on every recording. Null for the admin
// list, which never returns passwords.
func recordingPasswords(recs []webex.Recording, admin bool) tftypes.Value {
	mapType := tftypes.Map{ElementType: tftypes.String}
	if admin {
		return tftypes.NewValue(mapType, nil)
	}
	passwords := make(map[string]tftypes.Value)
	for i := range recs {
		if recs[i].Password != "" {
			passwords[recs[i].ID] = tftypes.NewValue(tftypes.String, recs[i].Password)
		}
	}
	return tftypes.NewValue(mapType, passwords)
}

// rfc3339Time is v's time; zero when v is null, unknown or invalid (its
// validator has already reported an invalid value).
func rfc3339Time(v types.String) time.Time {
	if v.IsNull() || v.IsUnknown() {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, v.ValueString())
	if err != nil {
		return time.Time{}
	}
	return t
}

// recordingsArgumentsValidator checks the arguments of webex_recordings
// at validate time, before any request, with the client's own list rules
// (webex.ListRecordingsOptions.Validate), and points at the argument at
// fault. Values not known yet are skipped; Terraform validates again
// once they are.
type recordingsArgumentsValidator struct{}

var _ datasource.ConfigValidator = recordingsArgumentsValidator{}

func (recordingsArgumentsValidator) Description(context.Context) string {
	return "from must be before to; host_email is not allowed with admin; status purged needs admin; group needs person_id or " +
		"host_email, not both, and allows no admin, meeting_id or status; person_id needs group"
}

func (recordingsArgumentsValidator) MarkdownDescription(context.Context) string {
	return "`from` must be before `to`; `host_email` is not allowed with `admin`; `status = \"purged\"` needs `admin`; `group` needs " +
		"`person_id` or `host_email`, not both, and allows no `admin`, `meeting_id` or `status`; `person_id` needs `group`"
}

func (recordingsArgumentsValidator) ValidateDataSource(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	var model RecordingsDataSourceModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	opts := model.listOptions()
	// max_results has its own schema validator.
	opts.MaxResults = 0
	if model.Admin.IsUnknown() || model.Group.IsUnknown() || model.PersonID.IsUnknown() || model.HostEmail.IsUnknown() {
		// Which list is read, and for whom, is not known yet: the rules
		// that depend on it wait until it is.
		opts.Admin, opts.Group, opts.HostEmail, opts.PersonID, opts.Status = false, false, "", "", ""
	}
	var optErr *webex.OptionsError
	if err := opts.Validate(); errors.As(err, &optErr) {
		resp.Diagnostics.AddAttributeError(listOptionError(model, optErr))
	}
}

// listOptionError turns a broken list rule into the argument at fault,
// a summary and what to do.
func listOptionError(m RecordingsDataSourceModel, e *webex.OptionsError) (path.Path, string, string) {
	const block, endpoint = "webex_recordings", "List Group Recordings"
	switch e.Option + "/" + e.With {
	case "Group/Admin":
		return path.Root("group"), "group cannot be used with admin",
			"With admin = true, webex_recordings reads Webex's admin list; with group = true, its group list: two different " +
				"endpoints. Remove one of them."
	case "Group/":
		return groupNeedsHost(block, endpoint)
	case "PersonID/HostEmail":
		return groupHostTwice()
	case "PersonID/":
		return personIDNeedsGroup(block, endpoint)
	case "MeetingID/Group":
		return path.Root("meeting_id"), "meeting_id cannot be used with group",
			"Webex's List Group Recordings has no meeting filter. Remove meeting_id; to keep one meeting's recordings, filter " +
				"the list by meeting_series_id or meeting_id in a for expression."
	case "Status/Group":
		return path.Root("status"), "status cannot be used with group",
			"Webex's List Group Recordings has no status filter: it lists available recordings only. Remove status."
	case "To/":
		return path.Root("to"), "Invalid recording time window",
			fmt.Sprintf("from (%s) must be before to (%s): webex_recordings lists the recordings created from from (inclusive) "+
				"to to (exclusive). Swap them, or move to later.", m.From.ValueString(), m.To.ValueString())
	case "HostEmail/Admin":
		return path.Root("host_email"), "host_email cannot be used with admin",
			"With admin = true, webex_recordings reads Webex's List Recordings For an Admin or Compliance Officer, which lists " +
				"the recordings of every host of the site and has no host_email filter. Remove host_email, or remove admin " +
				"to list one host's recordings (that needs the meeting:admin_recordings_read scope)."
	case "Status/":
		return path.Root("status"), "status \"purged\" needs admin",
			"Only a compliance officer can list purged recordings, and only through the admin list. Set admin = true and use " +
				"a token with the spark-compliance:meetings_read scope, or choose status \"available\" or \"deleted\"."
	}
	return path.Empty(), "Invalid webex_recordings arguments", e.Reason + "."
}
