package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/webex-terraform/terraform-provider-webex/internal/webex"
)

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

// logContext makes every line the provider logs under ctx (the client's
// events, through tflogLogger) hide this run's secrets and anything shaped
// like one: a second layer behind the client's own redaction. The SDK's
// and the framework's loggers are their own; these masks do not reach them.
func (d *providerData) logContext(ctx context.Context) context.Context {
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, sensitiveFieldKeys...)
	ctx = tflog.MaskAllFieldValuesRegexes(ctx, webex.SecretPatterns...)
	ctx = tflog.MaskMessageRegexes(ctx, webex.SecretPatterns...)
	if secrets := d.redactor.Secrets(); len(secrets) > 0 {
		ctx = tflog.MaskAllFieldValuesStrings(ctx, secrets...)
		ctx = tflog.MaskMessageStrings(ctx, secrets...)
	}
	return ctx
}
