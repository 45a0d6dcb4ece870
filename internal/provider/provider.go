// Package provider maps between Terraform and the Webex API client. It
// knows nothing of HTTP: requests, retries and error decoding live in
// package webex.
package provider

import (
	"context"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/webex-terraform/terraform-provider-webex/internal/webex"
)

// envOtherProviderToken is where another Webex provider reads its token;
// seen without EnvAccessToken, it is a likely mix-up.
const envOtherProviderToken = "WEBEX_TOKEN"

// Environment variables that stand in for provider arguments.
const (
	EnvAccessToken    = "WEBEX_ACCESS_TOKEN"
	EnvBaseURL        = "WEBEX_BASE_URL"
	EnvTimezone       = "WEBEX_TIMEZONE"
	EnvMaxRetries     = "WEBEX_MAX_RETRIES"
	EnvRequestTimeout = "WEBEX_REQUEST_TIMEOUT"
	EnvRetryTimeout   = "WEBEX_RETRY_TIMEOUT"
)

// maxMaxRetries keeps a typo from turning one read into an endless loop.
const maxMaxRetries = 100

var (
	_ provider.Provider                       = (*WebexProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*WebexProvider)(nil)
	_ provider.ProviderWithConfigValidators   = (*WebexProvider)(nil)
)

// WebexProvider is the "webex" provider.
type WebexProvider struct {
	// version is set by the release build and sent in the User-Agent.
	version string
	// data is what Configure made, for listServer.
	data atomic.Pointer[providerData]
}

// WebexProviderModel is the provider block.
type WebexProviderModel struct {
	AccessToken    types.String         `tfsdk:"access_token"`
	ClientID       types.String         `tfsdk:"client_id"`
	ClientSecret   types.String         `tfsdk:"client_secret"`
	RefreshToken   types.String         `tfsdk:"refresh_token"`
	BaseURL        types.String         `tfsdk:"base_url"`
	Timezone       types.String         `tfsdk:"timezone"`
	MaxRetries     types.Int64          `tfsdk:"max_retries"`
	RequestTimeout timetypes.GoDuration `tfsdk:"request_timeout"`
	RetryTimeout   timetypes.GoDuration `tfsdk:"retry_timeout"`
}

// New returns the provider factory for version.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &WebexProvider{version: version} }
}

func (p *WebexProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "webex"
	resp.Version = p.version
}

func (p *WebexProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The Webex provider reads Webex meeting recordings through the " +
			"[Webex REST API](https://developer.webex.com/docs/api/v1/recordings) so their links and details " +
			"can feed other infrastructure.",
		Attributes: map[string]schema.Attribute{
			"access_token": schema.StringAttribute{
				MarkdownDescription: "Webex access token sent as `Authorization: Bearer`, without the `Bearer ` prefix. Falls back to the `" + EnvAccessToken +
					"` environment variable. White space around it, such as the line break at the end of a file read with `file()`, is dropped. The token needs `meeting:recordings_read` to read your own and shared recordings, " +
					"`meeting:admin_recordings_read` to read another host's recordings with `host_email`, or " +
					"`spark-compliance:meetings_read` for a compliance officer.",
				Optional:   true,
				Sensitive:  true,
				Validators: []validator.String{accessTokenValidator},
			},
			"client_id": schema.StringAttribute{
				MarkdownDescription: "Client id of the integration or service app whose `refresh_token` the provider uses to obtain access " +
					"tokens itself, instead of `access_token`. Falls back to the `" + EnvClientID + "` environment variable. " +
					"Needs `client_secret` and `refresh_token`.",
				Optional: true,
			},
			"client_secret": schema.StringAttribute{
				MarkdownDescription: "Client secret of the integration or service app. Falls back to the `" + EnvClientSecret +
					"` environment variable, where it is best kept.",
				Optional:  true,
				Sensitive: true,
			},
			"refresh_token": schema.StringAttribute{
				MarkdownDescription: "OAuth refresh token of the integration or service app, traded at `POST {base_url}/access_token` " +
					"for an access token when the first read needs one, and again when that expires. Falls back to the `" + EnvRefreshToken +
					"` environment variable, where it is best kept. Webex may hand out a new refresh token; the provider cannot " +
					"store it, so replace this one before it expires (the run warns 14 days ahead).",
				Optional:  true,
				Sensitive: true,
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "Root of the Webex API. Falls back to the `" + EnvBaseURL + "` environment variable, then to `" +
					webex.DefaultBaseURL + "`. Webex for Government (FedRAMP) uses `" + webex.FedRAMPBaseURL + "`. " +
					"Must be `https`; plain `http` is accepted only for a loopback address (`127.0.0.1`, `::1`, `localhost`), for local testing.",
				Optional:   true,
				Validators: []validator.String{baseURLValidator},
			},
			"timezone": schema.StringAttribute{
				MarkdownDescription: "Default [IANA time zone](https://www.iana.org/time-zones) name, such as `America/Los_Angeles`, " +
					"sent with every read so that times come back with that zone's offset. Falls back to the `" + EnvTimezone +
					"` environment variable; Webex answers in UTC when neither is set. A data source's own `timezone` overrides it.",
				Optional:   true,
				Validators: []validator.String{timezoneValidator},
			},
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How many times one request is retried, as [Rate limits and retries](#rate-limits-and-retries) "+
					"says. Falls back to the `%s` "+
					"environment variable; defaults to `%d`. `0` turns retries off.", EnvMaxRetries, webex.DefaultMaxRetries),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, maxMaxRetries)},
			},
			"request_timeout": schema.StringAttribute{
				CustomType: timetypes.GoDurationType{},
				MarkdownDescription: fmt.Sprintf("Time limit for one attempt of a request, response body included, as a Go duration "+
					"such as `30s`. Falls back to the `%s` environment variable; defaults to `%s`.", EnvRequestTimeout, webex.DefaultRequestTimeout),
				Optional:   true,
				Validators: []validator.String{positiveDurationValidator},
			},
			"retry_timeout": schema.StringAttribute{
				CustomType: timetypes.GoDurationType{},
				MarkdownDescription: fmt.Sprintf("Time limit for one request (a recording, or one page of a list) across all its attempts and waits, as a Go duration such as `5m` "+
					"(see [Rate limits and retries](#rate-limits-and-retries)). Falls back to the `%s` "+
					"environment variable; defaults to `%s`.", EnvRetryTimeout, durationString(webex.DefaultRetryTimeout)),
				Optional:   true,
				Validators: []validator.String{positiveDurationValidator},
			},
		},
	}
}

func (p *WebexProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var config WebexProviderModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}

	// A value that another resource computes is unknown until apply. Ask
	// Terraform to defer where it can; otherwise say what to do.
	values, _ := configObject(req.Config.Raw)
	unknown := slices.DeleteFunc(slices.Sorted(maps.Keys(values)), func(name string) bool { return values[name].IsKnown() })
	if len(unknown) > 0 {
		if req.ClientCapabilities.DeferralAllowed {
			resp.Deferred = &provider.Deferred{Reason: provider.DeferredReasonProviderConfigUnknown}
			return
		}
		for _, name := range unknown {
			resp.Diagnostics.AddAttributeError(path.Root(name), "Unknown Webex provider argument",
				fmt.Sprintf("The provider cannot create its Webex API client because %s is not known until apply "+
					"(it comes from a resource that has not been created yet). Apply that resource first with -target, "+
					"set %s to a value known at plan time, or use its environment variable instead.", name, name))
		}
		return
	}

	settings, diags := resolveSettings(config, os.Getenv)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}

	client, err := webex.New(webex.Config{
		BaseURL:        settings.baseURL,
		AccessToken:    settings.accessToken,
		Refresh:        settings.refresh,
		UserAgent:      "terraform-provider-webex/" + p.version,
		MaxRetries:     settings.maxRetries,
		RequestTimeout: settings.requestTimeout,
		RetryTimeout:   settings.retryTimeout,
		Logger:         tflogLogger{},
	})
	if err != nil {
		resp.Diagnostics.AddError("Invalid Webex provider configuration", err.Error())
		return
	}
	// No request yet: the first read that needs a token obtains it, so a run
	// that reads nothing from Webex (a destroy, say) sends nothing.
	data := &providerData{client: client, timezone: settings.timezone, baseURL: settings.baseURL,
		refresh: settings.refresh != nil, sources: settings.sources}
	resp.DataSourceData = data
	resp.EphemeralResourceData = data
	p.data.Store(data)
}

// providerSettings is the provider block after environment fallbacks and defaults.
type providerSettings struct {
	credentials
	baseURL        string
	timezone       string
	maxRetries     int
	requestTimeout time.Duration
	retryTimeout   time.Duration
}

// resolveSettings applies the environment fallbacks and checks what only
// becomes known here (values from the environment skip schema validation).
func resolveSettings(config WebexProviderModel, getenv func(string) string) (providerSettings, diag.Diagnostics) {
	creds, diags := resolveCredentials(config, getenv)
	s := providerSettings{
		credentials:    creds,
		baseURL:        stringSetting(config.BaseURL, getenv(EnvBaseURL)),
		timezone:       stringSetting(config.Timezone, getenv(EnvTimezone)),
		maxRetries:     webex.DefaultMaxRetries,
		requestTimeout: webex.DefaultRequestTimeout,
		retryTimeout:   webex.DefaultRetryTimeout,
	}

	switch {
	case diags.HasError(), s.refresh != nil:
	case s.accessToken == "":
		detail := "The provider needs Webex credentials: an access token in access_token or the " + EnvAccessToken +
			" environment variable (a personal access token from https://developer.webex.com works for testing), or, for automation, " +
			"an integration's or service app's client_id, client_secret and refresh_token (or " + EnvClientID + ", " + EnvClientSecret +
			" and " + EnvRefreshToken + "). The token needs the meeting:recordings_read scope (meeting:admin_recordings_read to use host_email)."
		if getenv(envOtherProviderToken) != "" {
			detail += " " + envOtherProviderToken + " is set, but this provider reads " + EnvAccessToken +
				" (" + envOtherProviderToken + " is another Webex provider's variable): export " + EnvAccessToken + " instead."
		}
		diags.AddAttributeError(path.Root("access_token"), "Missing Webex access token", detail)
	default:
		if err := checkAccessToken(s.accessToken); err != nil {
			diags.AddAttributeError(path.Root("access_token"), "Invalid Webex access token",
				settingProblem("access_token", config.AccessToken, EnvAccessToken, err))
		}
	}
	if s.baseURL == "" {
		s.baseURL = webex.DefaultBaseURL
	} else if _, err := webex.ParseBaseURL(s.baseURL); err != nil {
		diags.AddAttributeError(path.Root("base_url"), "Invalid Webex base URL", settingProblem("base_url", config.BaseURL, EnvBaseURL, err))
	}
	if s.timezone != "" {
		if err := checkTimezone(s.timezone); err != nil {
			diags.AddAttributeError(path.Root("timezone"), "Invalid time zone", settingProblem("timezone", config.Timezone, EnvTimezone, err))
		}
	}

	switch {
	case !config.MaxRetries.IsNull():
		s.maxRetries = int(config.MaxRetries.ValueInt64())
	case getenv(EnvMaxRetries) != "":
		n, err := strconv.Atoi(strings.TrimSpace(getenv(EnvMaxRetries)))
		if err != nil || n < 0 || n > maxMaxRetries {
			diags.AddAttributeError(path.Root("max_retries"), "Invalid "+EnvMaxRetries,
				fmt.Sprintf("%s must be a whole number from 0 to %d, got %q.", EnvMaxRetries, maxMaxRetries, getenv(EnvMaxRetries)))
		} else {
			s.maxRetries = n
		}
	}
	s.requestTimeout = durationSetting(&diags, "request_timeout", config.RequestTimeout, EnvRequestTimeout, getenv, s.requestTimeout)
	s.retryTimeout = durationSetting(&diags, "retry_timeout", config.RetryTimeout, EnvRetryTimeout, getenv, s.retryTimeout)
	return s, diags
}

func stringSetting(v types.String, env string) string {
	if !v.IsNull() {
		return v.ValueString()
	}
	return env
}

// settingProblem says what is wrong with a setting, naming where it came
// from: the provider argument, or its environment variable.
func settingProblem(name string, v types.String, env string, err error) string {
	source := "The " + env + " environment variable"
	if !v.IsNull() {
		source = "The provider argument " + name
	}
	return sentence(source + ": " + err.Error())
}

func durationSetting(diags *diag.Diagnostics, name string, v timetypes.GoDuration, env string, getenv func(string) string, def time.Duration) time.Duration {
	if !v.IsNull() {
		d, ds := v.ValueGoDuration()
		diags.Append(ds...)
		return d
	}
	raw := strings.TrimSpace(getenv(env))
	if raw == "" {
		return def
	}
	d, err := time.ParseDuration(raw)
	if err != nil || d <= 0 {
		diags.AddAttributeError(path.Root(name), "Invalid "+env,
			fmt.Sprintf("%s must be a positive Go duration such as 30s or 5m, got %q.", env, raw))
		return def
	}
	return d
}

// durationString prints 5m0s as 5m, as a user would write it.
func durationString(d time.Duration) string {
	switch {
	case d != 0 && d%time.Minute == 0:
		return fmt.Sprintf("%dm", d/time.Minute)
	case d%time.Second == 0:
		return fmt.Sprintf("%ds", d/time.Second)
	}
	return d.String()
}

func (p *WebexProvider) ConfigValidators(context.Context) []provider.ConfigValidator {
	return []provider.ConfigValidator{credentialsValidator{getenv: os.Getenv}}
}

func (p *WebexProvider) Resources(context.Context) []func() resource.Resource {
	return nil
}

func (p *WebexProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{NewRecordingDataSource, NewRecordingsDataSource}
}

func (p *WebexProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{NewRecordingEphemeralResource}
}
