package provider

import (
	"context"
	"fmt"
	"regexp"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

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
	secrets  secretMasker
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

// tflogLogger sends the client's events to terraform-plugin-log, where
// TF_LOG=DEBUG shows them.
type tflogLogger struct{}

func (tflogLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(ctx, msg, fields)
}

// sensitiveFieldKeys are log field names whose values are always masked.
var sensitiveFieldKeys = []string{
	"access_token", "token", "authorization", "password",
	"recording_download_link", "audio_download_link", "transcript_download_link",
}

// passwordJSONPattern matches a recording password inside a JSON body, in
// case a body ever reaches a log line.
var passwordJSONPattern = regexp.MustCompile(`"password"\s*:\s*"(?:[^"\\]|\\.)*"`)

// secretMasker makes every log line written under its context hide the
// access token, passwords and download tickets, whatever code logs them.
type secretMasker struct {
	token string
}

func newSecretMasker(token string) secretMasker { return secretMasker{token: token} }

func (m secretMasker) context(ctx context.Context, extra ...string) context.Context {
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, sensitiveFieldKeys...)
	ctx = tflog.MaskAllFieldValuesRegexes(ctx, webex.TicketPattern, passwordJSONPattern)
	ctx = tflog.MaskMessageRegexes(ctx, webex.TicketPattern, passwordJSONPattern)
	secrets := make([]string, 0, 1+len(extra))
	for _, s := range append([]string{m.token}, extra...) {
		if s != "" {
			secrets = append(secrets, s)
		}
	}
	if len(secrets) > 0 {
		ctx = tflog.MaskAllFieldValuesStrings(ctx, secrets...)
		ctx = tflog.MaskMessageStrings(ctx, secrets...)
	}
	return ctx
}
