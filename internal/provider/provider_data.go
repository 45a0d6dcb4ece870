package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/webex-terraform/terraform-provider-webex/internal/webex"
)

// recordingsAPI is what the data sources and the ephemeral resource need
// from the Webex client.
type recordingsAPI interface {
	GetRecording(ctx context.Context, id string, opts webex.GetRecordingOptions) (*webex.Recording, error)
	ListRecordings(ctx context.Context, opts webex.ListRecordingsOptions) ([]webex.Recording, error)
}

// providerData is what Configure hands to data sources and ephemeral resources.
type providerData struct {
	client   recordingsAPI
	timezone string
	baseURL  string
	// redactor is the client's: it knows this run's secrets.
	redactor *webex.Redactor
}

// providerDataFrom unpacks ProviderData; nil means the provider is not
// configured yet (validate time), which callers treat as "nothing to do".
func providerDataFrom(raw any) (*providerData, diag.Diagnostics) {
	var diags diag.Diagnostics
	if raw == nil {
		return nil, diags
	}
	data, ok := raw.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", raw))
		return nil, diags
	}
	return data, diags
}

// addReadError adds the diagnostic of a failed read, its every word
// through the redactor.
func (d *providerData) addReadError(diags *diag.Diagnostics, s readSubject, err error) {
	summary, detail := describeReadError(s, d.baseURL, err)
	diags.AddError(d.redactor.RedactCredentials(summary), d.redactor.RedactCredentials(detail))
}
