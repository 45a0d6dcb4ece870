package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/webex-terraform/terraform-provider-webex/internal/webex"
)

var (
	_ datasource.DataSource                     = (*RecordingDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*RecordingDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*RecordingDataSource)(nil)
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

// recordingLookup is what a webex_recording block reads: the id and the
// options of the read.
type recordingLookup struct {
	id   string
	opts webex.GetRecordingOptions
}

// recordingArguments are the arguments of webex_recording, data source and
// ephemeral resource alike. The rules that tie them together are the
// client's (webex.GetRecordingOptions.Validate, see recordingArgumentsValidator).
var recordingArguments = []argument[recordingLookup]{
	{name: "id", description: descRecordingID + " Required.", required: true, validators: []validator.String{recordingIDValidator},
		set: setArgument(func(l *recordingLookup, s string) { l.id = s })},
	{name: "group", kind: argBool, description: "Set to `true` to read Webex's *Get Group Recording Details* " +
		"(`GET /group/recordings/{recordingId}`) instead of *Get Recording Details*, as a service app with group recording access: " +
		"the recording of the host that `person_id` or `host_email` names (one of them is required, not both). Webex finds only the " +
		"host's own recordings in the `available` status, not those shared with the host by others. `site_url` is not allowed with it. " +
		"Defaults to `false`.",
		set: setArgument(func(l *recordingLookup, b bool) { l.opts.Group = b })},
	{name: "person_id", description: descPersonID + " Only allowed with `group = true`, and not with `host_email`.",
		validators: []validator.String{personIDValidator},
		set:        setArgument(func(l *recordingLookup, s string) { l.opts.PersonID = s })},
	{name: "host_email", description: "Email address of the meeting host. Without `group`, only used if the user or application calling " +
		"the API has the admin-level scope `meeting:admin_recordings_read`: an admin may name a user of a site they manage, " +
		"and Webex returns the recording details of that user. With `group = true`, it names the host of the group read " +
		"(sent as Webex's `hostEmail` header), instead of `person_id`.",
		validators: []validator.String{emailValidator},
		set:        setArgument(func(l *recordingLookup, s string) { l.opts.HostEmail = s })},
	{name: "site_url", computed: true, description: "The Webex site to read the recording from, as a host name such as " +
		"`example.webex.com` (without `https://`, a path or a port), sent as Webex's `siteUrl` header; without it, Webex reads the " +
		"recording from the site its id implies. Not allowed with `group`. The attribute keeps the value as written; when it is " +
		"not set, it holds the recording's site as Webex returned it.",
		validators: []validator.String{siteURLValidator},
		set:        setArgument(func(l *recordingLookup, s string) { l.opts.SiteURL = s })},
	{name: "timezone", description: "[IANA time zone](https://www.iana.org/time-zones) name, such as `America/Los_Angeles`, for the times " +
		"of this read (`create_time`, `time_recorded` and the links' `expiration`). Overrides the provider's `timezone`; " +
		"Webex answers in UTC when neither is set.",
		validators: []validator.String{timezoneValidator},
		set:        setArgument(func(l *recordingLookup, s string) { l.opts.Timezone = s })},
}

// recordingAttributes are webex_recording's arguments and attributes.
func recordingAttributes() map[string]schema.Attribute {
	return recordingSchemas(argumentSchemas(recordingArguments), recordingAttrs, inDetails)
}

func (d *RecordingDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_recording"
}

func (d *RecordingDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the details of one Webex meeting recording (Webex API *Get Recording Details*, " +
			"`GET /recordings/{recordingId}`): its download and playback links, times, size, format and status. " +
			"Only recordings of meetings hosted by or shared with the authenticated user can be read, " +
			"unless an admin names the host with `host_email`, or a service app with group recording access reads with `group` " +
			"(*Get Group Recording Details*, `GET /group/recordings/{recordingId}`). The values, the password and the temporary download links " +
			"included, are stored in the state; to use the links without storing them, use the `webex_recording` ephemeral resource.",
		Attributes: recordingAttributes(),
	}
}

func (d *RecordingDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{recordingArgumentsValidator}
}

func (d *RecordingDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.data, resp.Diagnostics = providerDataFrom(req.ProviderData)
}

func (d *RecordingDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	value, diags := readRecordingBlock(ctx, d.data, req.Config, false)
	if resp.Diagnostics.Append(diags...); !resp.Diagnostics.HasError() {
		resp.State.Raw = value
	}
}

// readRecordingBlock reads a webex_recording block, data source or
// ephemeral resource (fresh: a read of its own, see
// webex.GetRecordingOptions): its arguments from config, then the
// recording, and returns the whole block's value.
func readRecordingBlock(ctx context.Context, data *providerData, config tfsdk.Config, fresh bool) (tftypes.Value, diag.Diagnostics) {
	lookup, _, diags := readArguments(config.Raw, recordingArguments)
	if diags.HasError() || data.missing(&diags) {
		return tftypes.Value{}, diags
	}
	lookup.opts.Fresh = fresh
	if lookup.opts.Timezone == "" {
		lookup.opts.Timezone = data.timezone
	}
	rec, err := data.client.GetRecording(data.logContext(ctx), lookup.id, lookup.opts)
	data.afterRead(&diags)
	if err != nil {
		diags.AddError(describeReadError(recordingSubject(lookup.id, lookup.opts), data, err))
		return tftypes.Value{}, diags
	}
	value, valueDiags := blockValue(config.Raw, func(values map[string]tftypes.Value) {
		setRecordingValues(values, recordingAttrs, inDetails, rec)
	})
	return value, append(diags, valueDiags...)
}
