package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral/schema"
)

var (
	_ ephemeral.EphemeralResource                     = (*RecordingEphemeralResource)(nil)
	_ ephemeral.EphemeralResourceWithConfigure        = (*RecordingEphemeralResource)(nil)
	_ ephemeral.EphemeralResourceWithConfigValidators = (*RecordingEphemeralResource)(nil)
)

// RecordingEphemeralResource is the webex_recording ephemeral resource:
// Webex's "Get Recording Details", read fresh at every plan and apply and
// never written to the plan or the state.
type RecordingEphemeralResource struct {
	data *providerData
}

// NewRecordingEphemeralResource returns a webex_recording ephemeral resource.
func NewRecordingEphemeralResource() ephemeral.EphemeralResource {
	return &RecordingEphemeralResource{}
}

func (r *RecordingEphemeralResource) Metadata(_ context.Context, req ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_recording"
}

func (r *RecordingEphemeralResource) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads the details of one Webex meeting recording (Webex API *Get Recording Details*, " +
			"`GET /recordings/{recordingId}`, or with `group` *Get Group Recording Details*) at every plan and apply, and keeps them out of the plan and the state. " +
			"It has the same arguments and attributes as the `webex_recording` data source. Use it for the temporary download " +
			"links (their `ticket` is a credential) and the password, where Terraform accepts ephemeral values: " +
			"provider configuration, provisioner and connection blocks, write-only arguments, and other ephemeral resources. " +
			"Needs Terraform 1.10 or later.",
		Attributes: ephemeralAttributes(recordingAttributes()),
	}
}

func (r *RecordingEphemeralResource) ConfigValidators(context.Context) []ephemeral.ConfigValidator {
	return []ephemeral.ConfigValidator{recordingArgumentsValidator}
}

func (r *RecordingEphemeralResource) Configure(_ context.Context, req ephemeral.ConfigureRequest, resp *ephemeral.ConfigureResponse) {
	r.data, resp.Diagnostics = providerDataFrom(req.ProviderData)
}

func (r *RecordingEphemeralResource) Open(ctx context.Context, req ephemeral.OpenRequest, resp *ephemeral.OpenResponse) {
	// A read of its own: the point is links that have just been issued.
	value, diags := readRecordingBlock(ctx, r.data, req.Config, true)
	if resp.Diagnostics.Append(diags...); !resp.Diagnostics.HasError() {
		resp.Result.Raw = value
	}
}
