package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"

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
		Attributes: dataSourceRecordingAttributes(recordingLookupInputs, recordingAttrs, inDetails),
	}
}

func (d *RecordingDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{recordingArgumentsValidator{}}
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

// recordingArgumentsValidator checks the arguments of webex_recording,
// data source and ephemeral resource, together at validate time, before
// any request, with the client's own rules
// (webex.GetRecordingOptions.Validate), and points at the argument at
// fault. Rules that depend on a value not known yet wait: Terraform
// validates again once it is known.
type recordingArgumentsValidator struct{}

var (
	_ datasource.ConfigValidator = recordingArgumentsValidator{}
	_ ephemeral.ConfigValidator  = recordingArgumentsValidator{}
)

func (recordingArgumentsValidator) Description(context.Context) string {
	return "group needs person_id or host_email, not both; person_id needs group; site_url is not allowed with group"
}

func (recordingArgumentsValidator) MarkdownDescription(context.Context) string {
	return "`group` needs `person_id` or `host_email`, not both; `person_id` needs `group`; `site_url` is not allowed with `group`"
}

func (v recordingArgumentsValidator) ValidateDataSource(_ context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	resp.Diagnostics.Append(v.validate(req.Config)...)
}

func (v recordingArgumentsValidator) ValidateEphemeralResource(_ context.Context, req ephemeral.ValidateConfigRequest, resp *ephemeral.ValidateConfigResponse) {
	resp.Diagnostics.Append(v.validate(req.Config)...)
}

func (recordingArgumentsValidator) validate(config tfsdk.Config) diag.Diagnostics {
	lookup, diags := recordingLookupFrom(config.Raw)
	if diags.HasError() {
		return diags
	}
	opts := lookup.opts
	if lookup.isUnknown("group", "person_id", "host_email") {
		// Which endpoint is read, and for whom, is not known yet.
		opts.Group, opts.PersonID = false, ""
	}
	var optErr *webex.OptionsError
	if err := opts.Validate(); errors.As(err, &optErr) {
		if p, summary, detail, ok := recordingOptionError(optErr); ok {
			diags.AddAttributeError(p, summary, detail)
		}
	}
	return diags
}

// recordingOptionError turns a broken rule of webex_recording's arguments
// into the argument at fault, a summary and what to do; ok is false for
// a rule an argument's own validator reports.
func recordingOptionError(e *webex.OptionsError) (p path.Path, summary, detail string, ok bool) {
	const block = "webex_recording"
	const endpoint = "Get Group Recording Details"
	switch e.Option + "/" + e.With {
	case "Group/":
		p, summary, detail = groupNeedsHost(block, endpoint)
	case "PersonID/HostEmail":
		p, summary, detail = groupHostTwice()
	case "PersonID/":
		p, summary, detail = personIDNeedsGroup(block, endpoint)
	case "SiteURL/Group":
		return path.Root("site_url"), "site_url cannot be used with group",
			"Webex's Get Group Recording Details takes no site. Remove site_url, or remove group to read the recording " +
				"with Get Recording Details as the token's user.", true
	case "SiteURL/":
		// siteURLValidator reports it, with a suggestion.
		return path.Empty(), "", "", false
	default:
		p, summary, detail = path.Empty(), "Invalid webex_recording arguments", capitalize(e.Reason)+"."
	}
	return p, summary, detail, true
}

// groupNeedsHost, groupHostTwice and personIDNeedsGroup are the group
// rules that webex_recording and webex_recordings share.
func groupNeedsHost(block, endpoint string) (path.Path, string, string) {
	return path.Root("group"), "group needs person_id or host_email",
		fmt.Sprintf("With group = true, %s reads Webex's %s, which needs the host whose recordings to read. Set person_id to the "+
			"host's Webex person id, or host_email to the host's email address.", block, endpoint)
}

func groupHostTwice() (path.Path, string, string) {
	return path.Root("person_id"), "person_id and host_email cannot both be set",
		"A group read names the host by Webex person id or by email address, not both. Remove person_id or host_email."
}

func personIDNeedsGroup(block, endpoint string) (path.Path, string, string) {
	return path.Root("person_id"), "person_id needs group",
		fmt.Sprintf("Only Webex's %s takes a person id, and only a service app with group recording access may read it. "+
			"Set group = true, or remove person_id to read %s as the token's user.", endpoint, block)
}
