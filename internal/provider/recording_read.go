package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// readRecordingBlock reads a webex_recording block, data source or
// ephemeral resource (fresh: read anew, see webex.GetRecordingOptions):
// its arguments from config, then the recording, and returns the whole
// block's value.
func readRecordingBlock(ctx context.Context, data *providerData, config tfsdk.Config, fresh bool) (tftypes.Value, diag.Diagnostics) {
	lookup, diags := recordingLookupFrom(config.Raw)
	if diags.HasError() {
		return tftypes.Value{}, diags
	}
	if data == nil {
		diags.AddError("Webex provider not configured",
			"webex_recording was read before the provider was configured. This is a bug in the provider; please report it.")
		return tftypes.Value{}, diags
	}
	opts := lookup.opts
	opts.Fresh = fresh
	if opts.Timezone == "" {
		opts.Timezone = data.timezone
	}
	rec, err := data.client.GetRecording(data.logContext(ctx), lookup.id, opts)
	if err != nil {
		data.addReadError(&diags, recordingSubject(lookup.id, opts), err)
		return tftypes.Value{}, diags
	}
	return blockValue(config.Raw, func(values map[string]tftypes.Value) { setRecordingValues(values, recordingAttrs, inDetails, rec) })
}
