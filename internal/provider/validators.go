package provider

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"net/mail"
	"path"
	"strings"
	"time"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/webex-terraform/terraform-provider-webex/internal/webex"
)

// Custom validators for what the framework's validator packages cannot
// express. They run at validate time, before any request is sent, and
// skip values that are null or not yet known.

var (
	_ validator.String = rfc3339Validator{}
	_ validator.String = accessTokenValidator{}
	_ validator.String = baseURLValidator{}
	_ validator.String = timezoneValidator{}
	_ validator.String = emailValidator{}
	_ validator.String = recordingIDValidator{}
	_ validator.String = positiveDurationValidator{}
	_ validator.String = siteURLValidator{}
	_ validator.String = personIDValidator{}
)

// rfc3339Validator accepts a date and time in RFC 3339, the form Webex's
// from and to take; a date alone gets an example of the whole form.
type rfc3339Validator struct{}

func (rfc3339Validator) Description(context.Context) string {
	return "must be a date and time in RFC 3339 format, such as 2025-03-01T00:00:00Z"
}

func (v rfc3339Validator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (rfc3339Validator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	value := req.ConfigValue.ValueString()
	if _, err := time.Parse(time.RFC3339, value); err != nil {
		example := "2025-03-01T00:00:00Z or 2025-03-01T09:00:00+01:00"
		if d, err := time.Parse(time.DateOnly, value); err == nil {
			example = d.Format(time.RFC3339) + " (midnight UTC)"
		}
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid date and time",
			fmt.Sprintf("%q is not a date and time in RFC 3339 format: write the date, a T, the time and a time zone offset, such as %s.", value, example))
	}
}

// accessTokenValidator refuses, at validate time, a token that no request
// could carry, or one written with its "Bearer " scheme. Its messages
// never repeat the token.
type accessTokenValidator struct{}

func (accessTokenValidator) Description(context.Context) string {
	return "must be a Webex access token, without the Bearer prefix"
}

func (v accessTokenValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (accessTokenValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := checkAccessToken(strings.TrimSpace(req.ConfigValue.ValueString())); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Webex access token", "The provider argument access_token: "+err.Error())
	}
}

// checkAccessToken is webex.CheckAccessToken, plus a hint for a token
// pasted with its scheme.
func checkAccessToken(token string) error {
	if scheme, _, ok := strings.Cut(token, " "); ok && strings.EqualFold(scheme, "Bearer") {
		return errors.New(`the access token starts with "Bearer ": give the token alone; the provider sends "Bearer " itself`)
	}
	return webex.CheckAccessToken(token)
}

// baseURLValidator applies webex.ParseBaseURL: https, or http to loopback.
type baseURLValidator struct{}

func (baseURLValidator) Description(context.Context) string {
	return "must be an https URL, or an http URL to a loopback address"
}

func (v baseURLValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (baseURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := webex.ParseBaseURL(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Webex base URL", err.Error())
	}
}

// timezoneValidator accepts IANA time zone names that Go knows.
type timezoneValidator struct{}

func (timezoneValidator) Description(context.Context) string {
	return "must be an IANA time zone name such as America/Los_Angeles"
}

func (v timezoneValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (timezoneValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := checkTimezone(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid time zone", err.Error())
	}
}

// ianaTimeZoneList is the names of the IANA time zone database as Go
// embeds it (time/tzdata, from $GOROOT/lib/time/zoneinfo.zip), zones and
// their aliases, without "Factory", which names no place. The list, not
// the machine's own zone files, decides what is a time zone, so that what
// passes does not depend on where Terraform runs ("localtime",
// "posix/Europe/Berlin" and "right/UTC" are files, not zones).
// TestIANATimeZones_matchGo keeps it in step with Go.
//
//go:embed iana_time_zones.txt
var ianaTimeZoneList string

// ianaTimeZones is ianaTimeZoneList as a set.
var ianaTimeZones = func() map[string]bool {
	set := map[string]bool{}
	for _, name := range strings.Fields(ianaTimeZoneList) {
		set[name] = true
	}
	return set
}()

func checkTimezone(name string) error {
	const hint = "use an IANA time zone name such as UTC, Europe/Berlin or America/Los_Angeles"
	switch {
	case name == "":
		return fmt.Errorf("the time zone is empty; %s, or leave the argument out for UTC", hint)
	case ianaTimeZones[name]:
		return nil
	}
	if suggestion := suggestTimezone(name); suggestion != "" {
		return fmt.Errorf("%q is not a time zone name of the IANA time zone database; did you mean %q?", name, suggestion)
	}
	return fmt.Errorf("%q is not a time zone name of the IANA time zone database; %s", name, hint)
}

// suggestTimezone is the zone name meant by a near miss: other case,
// spaces, a path ("./UTC", "Europe//Berlin", "posix/Europe/Berlin"), or
// the city alone; "" when there is no single answer.
func suggestTimezone(name string) string {
	cleaned := strings.Trim(path.Clean("/"+strings.ReplaceAll(strings.TrimSpace(name), " ", "_")), "/")
	for _, prefix := range []string{"posix/", "right/", "usr/share/zoneinfo/"} {
		cleaned = strings.TrimPrefix(cleaned, prefix)
	}
	var sameCity []string
	for zone := range ianaTimeZones {
		if strings.EqualFold(zone, cleaned) {
			return zone
		}
		if _, city, ok := strings.Cut(zone, "/"); ok && strings.EqualFold(path.Base(city), cleaned) {
			sameCity = append(sameCity, zone)
		}
	}
	if len(sameCity) == 1 {
		return sameCity[0]
	}
	return ""
}

// emailValidator accepts a bare email address, as Webex's hostEmail takes.
type emailValidator struct{}

func (emailValidator) Description(context.Context) string {
	return "must be an email address such as host@example.com"
}

func (v emailValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (emailValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := checkEmail(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid email address", err.Error())
	}
}

func checkEmail(value string) error {
	addr, err := mail.ParseAddress(value)
	if err != nil || addr.Address != value || addr.Name != "" || !strings.Contains(value[strings.LastIndex(value, "@")+1:], ".") {
		return fmt.Errorf("%q is not an email address; give the host's address alone, such as host@example.com", value)
	}
	return nil
}

// recordingIDValidator rejects ids that cannot be a Webex recording id:
// empty, padded with spaces, or shaped like a path or URL.
type recordingIDValidator struct{}

func (recordingIDValidator) Description(context.Context) string {
	return "must be a Webex recording id such as 4f914b1dfe3c4d11a61730f18c0f5387"
}

func (v recordingIDValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (recordingIDValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := checkRecordingID(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid recording id", err.Error())
	}
}

func checkRecordingID(id string) error {
	const hint = "use the recording's id, such as 4f914b1dfe3c4d11a61730f18c0f5387 (the id field of a recording in the Webex API or the webex_recordings data source)"
	switch {
	case id == "":
		return fmt.Errorf("the recording id is empty; %s", hint)
	case strings.TrimSpace(id) != id || strings.ContainsAny(id, " \t\r\n"):
		return fmt.Errorf("the recording id %q contains spaces; %s", id, hint)
	case strings.ContainsAny(id, "/?#%") || id == "." || id == "..":
		return fmt.Errorf("the recording id %q looks like a path or URL, not an id; %s", id, hint)
	}
	return nil
}

// positiveDurationValidator rejects zero and negative durations, which
// would make every request fail at once.
type positiveDurationValidator struct{}

func (positiveDurationValidator) Description(context.Context) string {
	return "must be a positive duration"
}

func (v positiveDurationValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (positiveDurationValidator) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	d, err := time.ParseDuration(req.ConfigValue.ValueString())
	if err != nil {
		// timetypes.GoDuration reports unparsable values itself.
		return
	}
	if d <= 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration",
			fmt.Sprintf("%q must be a positive duration such as 30s or 5m.", req.ConfigValue.ValueString()))
	}
}

// siteURLValidator applies webex.CheckSiteURL: a Webex site's host name,
// such as example.webex.com, and no URL around it.
type siteURLValidator struct{}

func (siteURLValidator) Description(context.Context) string {
	return "must be the host name of a Webex site, such as example.webex.com"
}

func (v siteURLValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (siteURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := webex.CheckSiteURL(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Webex site", capitalize(err.Error())+".")
	}
}

// personIDValidator rejects a person id that cannot be one: empty or
// holding spaces. Webex takes two forms (Base64 and the raw UUID); which
// ids exist is Webex's to say.
type personIDValidator struct{}

func (personIDValidator) Description(context.Context) string {
	return "must be a Webex person id, Base64 or the raw UUID"
}

func (v personIDValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (personIDValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	const hint = "give the host's Webex person id alone, Base64 as the People API gives it (Y2lzY29zcGFyazovL3VzL1BFT1BMRS9...) or the raw UUID"
	switch id := req.ConfigValue.ValueString(); {
	case id == "":
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid person id", "The person id is empty; "+hint+".")
	case strings.ContainsFunc(id, unicode.IsSpace):
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid person id", fmt.Sprintf("The person id %q contains spaces; %s.", id, hint))
	}
}
