package provider

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/webex-terraform/terraform-provider-webex/internal/webex"
)

// providerData is what Configure hands to data sources and ephemeral resources.
type providerData struct {
	client   *webex.Client
	timezone string
	baseURL  string
	// refresh is set for refresh-token login; sources says, for each of
	// its arguments, where its value came from (argument or variable).
	refresh bool
	sources map[string]string
}

// providerDataFrom unpacks ProviderData; nil means the provider is not
// configured yet (validate time).
func providerDataFrom(raw any) (*providerData, diag.Diagnostics) {
	var diags diag.Diagnostics
	data, ok := raw.(*providerData)
	if raw != nil && !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", raw))
	}
	return data, diags
}

// missing reports, and says in diags, that the provider was not
// configured before a read.
func (d *providerData) missing(diags *diag.Diagnostics) bool {
	if d == nil {
		diags.AddError("Webex provider not configured",
			"A Webex read came before the provider was configured. This is a bug in the provider; please report it.")
	}
	return d == nil
}

// tflogLogger sends the client's events to terraform-plugin-log, where
// TF_LOG=DEBUG shows them.
type tflogLogger struct{}

func (tflogLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(ctx, msg, fields)
}

// logContext makes every line logged under ctx (the client's events)
// hide the given credentials and anything shaped like a ticket or a
// password: a second layer behind the client's own handling of server
// text (DESIGN.md). The SDK's and the framework's loggers are their own.
func (d *providerData) logContext(ctx context.Context) context.Context {
	ctx = tflog.MaskFieldValuesWithFieldKeys(ctx, "access_token", "token", "authorization", "password")
	ctx = tflog.MaskAllFieldValuesRegexes(ctx, webex.SecretShapes...)
	ctx = tflog.MaskMessageRegexes(ctx, webex.SecretShapes...)
	if secrets := d.client.Credentials(); len(secrets) > 0 {
		ctx = tflog.MaskAllFieldValuesStrings(ctx, secrets...)
		ctx = tflog.MaskMessageStrings(ctx, secrets...)
	}
	return ctx
}

// refreshWarning is how close the refresh token's expiry must be for a
// run to warn about it.
const refreshWarning = 14 * 24 * time.Hour

// afterRead warns, once a run, on the first read that obtained a token,
// when the refresh token expires soon.
func (d *providerData) afterRead(diags *diag.Diagnostics) {
	expiry, ok := d.client.RefreshTokenNotice()
	if !ok || time.Until(expiry) >= refreshWarning {
		return
	}
	diags.AddWarning("Webex refresh token expires soon",
		fmt.Sprintf("Webex says the refresh token expires on %s, in %s. Terraform cannot store the new refresh token that Webex may "+
			"hand out, so the configured one must be replaced before then: authorize the integration again (or get a new token for the "+
			"service app) and update %s.", expiry.UTC().Format("2006-01-02 15:04 MST"), describeSpan(time.Until(expiry)), d.sources["refresh_token"]))
}

// describeSpan prints a span in days and hours (minutes under an hour),
// as a user thinks of it.
func describeSpan(d time.Duration) string {
	count := func(n int64, unit string) string {
		if n == 1 {
			return "1 " + unit
		}
		return fmt.Sprintf("%d %ss", n, unit)
	}
	switch {
	case d < 30*time.Second:
		return "less than a minute"
	case d < time.Hour:
		return count(int64(d.Round(time.Minute)/time.Minute), "minute")
	}
	const day = 24 * time.Hour
	d = d.Round(time.Hour)
	days, hours := int64(d/day), int64(d%day/time.Hour)
	switch {
	case days == 0:
		return count(hours, "hour")
	case hours == 0:
		return count(days, "day")
	}
	return count(days, "day") + " and " + count(hours, "hour")
}
