package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/webex-terraform/terraform-provider-webex/internal/webex"
)

// The provider authenticates one way: with an access token, or with the
// refresh token of an integration or service app, its client id and its
// client secret, from which it obtains access tokens itself.

// Environment variables of the refresh-token credentials.
const (
	EnvClientID     = "WEBEX_CLIENT_ID"
	EnvClientSecret = "WEBEX_CLIENT_SECRET"
	EnvRefreshToken = "WEBEX_REFRESH_TOKEN"
)

// credentialArg is one argument of the refresh-token credentials.
type credentialArg struct {
	name, env string
	value     func(WebexProviderModel) types.String
}

var refreshArgs = []credentialArg{
	{"client_id", EnvClientID, func(m WebexProviderModel) types.String { return m.ClientID }},
	{"client_secret", EnvClientSecret, func(m WebexProviderModel) types.String { return m.ClientSecret }},
	{"refresh_token", EnvRefreshToken, func(m WebexProviderModel) types.String { return m.RefreshToken }},
}

// credentials is how the provider authenticates: accessToken, or refresh,
// with where each of refresh's values came from (sources: the argument's
// name, or its environment variable's), for the diagnostics that name it.
type credentials struct {
	accessToken string
	refresh     *webex.RefreshCredentials
	sources     map[string]string
}

// resolveCredentials picks the way of authenticating and its values: what
// the provider block sets decides the way; without any, the environment
// does. A value missing from the block comes from its environment
// variable. Mixed or partial credentials are an error that says what to
// set or remove. Unknown values are left alone (validate time).
func resolveCredentials(config WebexProviderModel, getenv func(string) string) (credentials, diag.Diagnostics) {
	var diags diag.Diagnostics
	var c credentials
	blockToken := !config.AccessToken.IsNull()
	var blockRefresh, unknown []string
	for _, a := range refreshArgs {
		switch v := a.value(config); {
		case v.IsUnknown():
			unknown = append(unknown, a.name)
		case !v.IsNull():
			blockRefresh = append(blockRefresh, a.name)
		}
	}
	if config.AccessToken.IsUnknown() || len(unknown) > 0 {
		return c, diags
	}
	if blockToken && len(blockRefresh) > 0 {
		diags.AddAttributeError(path.Root("access_token"), "Conflicting Webex credentials",
			fmt.Sprintf("The provider block sets access_token and also %s. The provider authenticates one way: remove access_token "+
				"to use the refresh token (for automation), or remove client_id, client_secret and refresh_token to use the access token.",
				strings.Join(blockRefresh, " and ")))
		return c, diags
	}
	envRefresh := false
	for _, a := range refreshArgs {
		envRefresh = envRefresh || getenv(a.env) != ""
	}
	useRefresh := len(blockRefresh) > 0 || (!blockToken && envRefresh)
	if !useRefresh {
		c.accessToken = strings.TrimSpace(stringSetting(config.AccessToken, getenv(EnvAccessToken)))
		return c, diags
	}
	if !blockToken && len(blockRefresh) == 0 && getenv(EnvAccessToken) != "" {
		diags.AddAttributeError(path.Root("access_token"), "Conflicting Webex credentials",
			fmt.Sprintf("Both %s and the refresh-token variables (%s, %s, %s) are set. The provider authenticates one way: "+
				"unset %s to use the refresh token, or unset the others to use the access token.",
				EnvAccessToken, EnvClientID, EnvClientSecret, EnvRefreshToken, EnvAccessToken))
		return c, diags
	}
	values := map[string]string{}
	c.sources = map[string]string{}
	var missing []string
	for _, a := range refreshArgs {
		values[a.name] = strings.TrimSpace(stringSetting(a.value(config), getenv(a.env)))
		c.sources[a.name] = a.env
		if !a.value(config).IsNull() {
			c.sources[a.name] = a.name
		}
		if values[a.name] == "" {
			missing = append(missing, fmt.Sprintf("%s (or %s)", a.name, a.env))
		}
	}
	if len(missing) > 0 {
		diags.AddAttributeError(path.Root(refreshArgs[0].name), "Incomplete Webex refresh-token credentials",
			fmt.Sprintf("Refresh-token authentication needs client_id, client_secret and refresh_token, each in the provider block or "+
				"its environment variable. Missing: %s. Set them, or authenticate with access_token instead.", strings.Join(missing, ", ")))
		return c, diags
	}
	c.refresh = &webex.RefreshCredentials{ClientID: values["client_id"], ClientSecret: values["client_secret"], RefreshToken: values["refresh_token"]}
	return c, diags
}

// credentialsValidator finds mixed or partial credentials when Terraform
// validates the configuration, before anything is sent.
type credentialsValidator struct{ getenv func(string) string }

var _ provider.ConfigValidator = credentialsValidator{}

// credentialsRule is credentialsValidator's description.
const credentialsRule = "access_token, or client_id, client_secret and refresh_token, not both"

func (credentialsValidator) Description(context.Context) string         { return credentialsRule }
func (credentialsValidator) MarkdownDescription(context.Context) string { return credentialsRule }

func (v credentialsValidator) ValidateProvider(ctx context.Context, req provider.ValidateConfigRequest, resp *provider.ValidateConfigResponse) {
	var config WebexProviderModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &config)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Only what the block says can be wrong before the run: the
	// environment may still supply a missing token.
	if config.AccessToken.IsNull() && config.ClientID.IsNull() && config.ClientSecret.IsNull() && config.RefreshToken.IsNull() {
		return
	}
	_, diags := resolveCredentials(config, v.getenv)
	resp.Diagnostics.Append(diags...)
}
