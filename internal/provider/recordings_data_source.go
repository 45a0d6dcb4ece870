package provider

import (
	"context"
	"math/big"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/webex-terraform/terraform-provider-webex/internal/webex"
)

var (
	_ datasource.DataSource                     = (*RecordingsDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*RecordingsDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*RecordingsDataSource)(nil)
)

// RecordingsDataSource is the webex_recordings data source: Webex's "List
// Recordings" (or "Query Recordings"), with admin "List Recordings For an
// Admin or Compliance Officer", with group "List Group Recordings",
// followed over every page.
type RecordingsDataSource struct {
	data *providerData
}

// NewRecordingsDataSource returns a webex_recordings data source.
func NewRecordingsDataSource() datasource.DataSource {
	return &RecordingsDataSource{}
}

func (d *RecordingsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_recordings"
}

const descListWindowDefault = "When `from` and `to` are both left out, Webex lists the recordings created in the last 7 days; " +
	"with only `from`, the 7 days that follow it; with only `to`, the 7 days before it."

// listArguments are webex_recordings' arguments, read into the client's
// list options; the rules that tie them together are the client's
// (webex.ListRecordingsOptions.Validate, see recordingsArgumentsValidator).
var listArguments = []argument[webex.ListRecordingsOptions]{
	{name: "admin", kind: argBool, description: "Set to `true` to read Webex's *List Recordings For an Admin or Compliance Officer* " +
		"(`/admin/recordings`) instead of *List Recordings* (`/recordings`): every recording of the site (`site_url`, else the caller's " +
		"preferred site), not only those hosted by or shared with the token's user. Needs the `meeting:admin_recordings_read` scope (an " +
		"admin) or `spark-compliance:meetings_read` (a compliance officer). With it, `host_email` is not allowed, `status` may be `purged` " +
		"(compliance officers only), and each recording carries `host_email` and `host_display_name` but no password or `share_to_me`. " +
		"Webex lists at most 30 days at once for admins: a longer `from`-`to` span is read as consecutive windows of 30 days, newest " +
		"first, and returned as one list (with `meeting_id`, Webex ignores `from` and `to`, and the list is one paged request). Not " +
		"allowed with `group`. Defaults to `false`.",
		set: setArgument(func(o *webex.ListRecordingsOptions, b bool) { o.Admin = b })},
	{name: "group", kind: argBool, description: "Set to `true` to read Webex's *List Group Recordings* (`GET /group/recordings`) instead " +
		"of *List Recordings*, as a service app with group recording access: the recordings of the host that `person_id` or `host_email` " +
		"names (one of them is required, not both), on `site_url` or on every site the service app manages. Webex lists only the host's " +
		"own recordings in the `available` status, not those shared with the host by others, so `meeting_id` and `status` are not " +
		"allowed with it, nor is `admin`. Each recording carries its password (in `passwords`) and `share_to_me`, but not `host_email` or " +
		"`host_display_name`. Webex lists at most 30 days at once: a longer `from`-`to` span is read as consecutive windows of 30 days, " +
		"newest first, and returned as one list. Defaults to `false`.",
		set: setArgument(func(o *webex.ListRecordingsOptions, b bool) { o.Group = b })},
	{name: "person_id", description: descPersonID + " Names the host whose recordings the group list reads; only allowed with " +
		"`group = true`, and not with `host_email`.",
		validators: []validator.String{personIDValidator},
		set:        setArgument(func(o *webex.ListRecordingsOptions, s string) { o.PersonID = s })},
	{name: "from", description: "Lists recordings created at or after this time, in [RFC 3339](https://www.rfc-editor.org/rfc/rfc3339) " +
		"format such as `2025-03-01T00:00:00Z` or `2025-03-01T09:00:00+01:00`, from 1970 on. Must be before `to`. " + descListWindowDefault,
		validators: []validator.String{rfc3339Validator},
		set:        setArgument(func(o *webex.ListRecordingsOptions, s string) { o.From, _ = time.Parse(time.RFC3339, s) })},
	{name: "to", description: "Lists recordings created before this time (exclusive), in [RFC 3339](https://www.rfc-editor.org/rfc/rfc3339) " +
		"format such as `2025-03-08T00:00:00Z`, from 1970 on. Must be after `from`. " + descListWindowDefault,
		validators: []validator.String{rfc3339Validator},
		set:        setArgument(func(o *webex.ListRecordingsOptions, s string) { o.To, _ = time.Parse(time.RFC3339, s) })},
	{name: "meeting_id", description: "Lists only the recordings of this meeting series, scheduled meeting or meeting instance (any of " +
		"the three ids). Webex then ignores `site_url`. Not allowed with `group`.",
		validators: []validator.String{filterValidator},
		set:        setArgument(func(o *webex.ListRecordingsOptions, s string) { o.MeetingID = s })},
	{name: "host_email", description: "Lists the recordings of this host instead of the token's user. Needs the admin-level scope " +
		"`meeting:admin_recordings_read`: an admin may name a user of a site they manage. Not allowed with `admin`. With `group = true`, " +
		"it names the host whose recordings the group list reads (sent as Webex's `hostEmail` header), instead of `person_id`.",
		validators: []validator.String{emailValidator},
		set:        setArgument(func(o *webex.ListRecordingsOptions, s string) { o.HostEmail = s })},
	{name: "site_url", description: "Lists the recordings of this Webex site, as a host name such as `example.webex.com` (without " +
		"`https://`, a path or a port), instead of all the user's sites.",
		validators: []validator.String{siteURLValidator},
		set:        setArgument(func(o *webex.ListRecordingsOptions, s string) { o.SiteURL = s })},
	{name: "integration_tag", description: "Lists only the recordings whose parent meeting carries this external key of an integration " +
		"(a Zendesk ticket id, a Jira id, ...). Webex lets only the integration that set a tag filter by it.",
		validators: []validator.String{filterValidator},
		set:        setArgument(func(o *webex.ListRecordingsOptions, s string) { o.IntegrationTag = s })},
	{name: "topic", description: "Lists only the recordings with this topic, without regard to case. Any character may be in it: " +
		"lists with a topic are read with Webex's *Query Recordings* (`POST /recordings/query`), whose filters travel in a JSON body, " +
		"because the GET lists do not filter topics with special characters reliably. Webex's *List Group Recordings* no longer filters " +
		"by topic, so with `group` the provider keeps the recordings whose topic equals this one, without regard to case.",
		validators: []validator.String{filterValidator},
		set:        setArgument(func(o *webex.ListRecordingsOptions, s string) { o.Topic = s })},
	{name: "format", description: "Lists only the recordings of this file format: `MP4` or `ARF` (the two the list operations filter by).",
		validators: []validator.String{stringvalidator.OneOf(webex.ListFormats...)},
		set:        setArgument(func(o *webex.ListRecordingsOptions, s string) { o.Format = s })},
	{name: "service_type", description: "Lists only the recordings of this service type: `MeetingCenter`, `EventCenter`, `SupportCenter` " +
		"or `TrainingCenter`.",
		validators: []validator.String{stringvalidator.OneOf(webex.ServiceTypes...)},
		set:        setArgument(func(o *webex.ListRecordingsOptions, s string) { o.ServiceType = s })},
	{name: "status", description: "Lists the recordings in this status: `available` (Webex's default), `deleted` (in the recycle bin) " +
		"or `purged`, which only a compliance officer lists: with `admin`, or with `meeting_id`. Not allowed with `group`, which lists " +
		"available recordings only.",
		validators: []validator.String{stringvalidator.OneOf(webex.Statuses...)},
		set:        setArgument(func(o *webex.ListRecordingsOptions, s string) { o.Status = s })},
	{name: "timezone", description: "[IANA time zone](https://www.iana.org/time-zones) name, such as `America/Los_Angeles`, for the times " +
		"in the answer (`create_time`, `time_recorded`). Overrides the provider's `timezone`; Webex answers in UTC when neither is set. " +
		"It does not change how `from` and `to` are read: they carry their own offset.",
		validators: []validator.String{timezoneValidator},
		set:        setArgument(func(o *webex.ListRecordingsOptions, s string) { o.Timezone = s })},
	{name: "max_results", kind: argNumber, description: "Stops after this many recordings, newest first, and sends no request past " +
		"them: a whole number from 1 to 100,000. Without it, every page is read, up to the provider's cap of 100,000 recordings; a " +
		"longer list fails with an error, since Terraform would have to hold it all in one plan. Stay under the cap with windows of " +
		"`from` and `to`, the filters, or `max_results`.",
		numberValidators: []validator.Number{maxResultsValidator},
		set: setArgument(func(o *webex.ListRecordingsOptions, n big.Float) {
			i, _ := n.Int64()
			o.MaxResults = int(i)
		})},
}

func (d *RecordingsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	attributes := argumentSchemas(listArguments)
	attributes["recordings"] = schema.ListNestedAttribute{
		MarkdownDescription: "The recordings, newest first by `create_time` (as Webex sorts them; the provider keeps that order " +
			"across pages and windows), each listed once, with the attributes of the `webex_recording` data source except " +
			"`temporary_direct_download_links`, which lists do not return, and `password`, which is in `passwords`; plus `id`, " +
			"`host_email` and `host_display_name`. An attribute that the list does not return is null (`host_email` outside the " +
			"admin list, say). An empty list when nothing matches.",
		Computed:     true,
		NestedObject: schema.NestedAttributeObject{Attributes: recordingSchemas(map[string]schema.Attribute{}, recordingAttrs, inList)},
	}
	attributes["passwords"] = schema.MapAttribute{
		MarkdownDescription: "The recordings' passwords, by recording id, for the recordings whose list entry carries one " +
			"(Webex may return them masked, `********`). Sensitive, as one value: Terraform hides the whole map in plan output, and a " +
			"sensitive mark on every recording instead would make plans of large lists slow. The values are stored in the state. " +
			"Null with `admin`, whose list never returns passwords; read the recording with the `webex_recording` data source or " +
			"ephemeral resource for its password.",
		Computed: true, Sensitive: true, ElementType: types.StringType,
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists Webex meeting recordings (Webex API *List Recordings* and *Query Recordings*, with `admin` " +
			"*List Recordings For an Admin or Compliance Officer*, or with `group` *List Group Recordings*), following every page of " +
			"the answer. By default it lists the recordings hosted by or shared with the token's user that were created in the last 7 " +
			"days. Lists carry no temporary download links: read one recording with the `webex_recording` data source or ephemeral " +
			"resource for those. The values, the passwords included, are stored in the state; the passwords are in one sensitive map, " +
			"`passwords`.",
		Attributes: attributes,
	}
}

func (d *RecordingsDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{recordingsArgumentsValidator}
}

func (d *RecordingsDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data, resp.Diagnostics = providerDataFrom(req.ProviderData)
}

func (d *RecordingsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	// listServer answers a configured provider's reads: this one reports that it is not.
	state, diags := readRecordingListState(ctx, d.data, req.Config.Raw)
	if resp.Diagnostics.Append(diags...); !diags.HasError() {
		var err error
		if resp.State.Raw, err = (&tfprotov6.DynamicValue{MsgPack: state}).Unmarshal(recordingsType()); err != nil {
			resp.Diagnostics.AddError("Unexpected state value", "The list could not be decoded ("+err.Error()+"). This is a bug in the provider; please report it.")
		}
	}
}

// listRecordings reads a webex_recordings block's arguments from config,
// and then the list.
func listRecordings(ctx context.Context, data *providerData, config tftypes.Value) (webex.ListRecordingsOptions, []webex.Recording, diag.Diagnostics) {
	opts, _, diags := readArguments(config, listArguments)
	if diags.Append(checkListWindow(config)...); diags.HasError() || data.missing(&diags) {
		return opts, nil, diags
	}
	if opts.Timezone == "" {
		opts.Timezone = data.timezone
	}
	recs, err := data.client.ListRecordings(data.logContext(ctx), opts)
	data.afterRead(&diags)
	if err != nil {
		diags.AddError(describeReadError(recordingListSubject(opts), data, err))
	}
	return opts, recs, diags
}
