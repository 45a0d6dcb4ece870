package provider

import (
	"context"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/webex-terraform/terraform-provider-webex/internal/webex"
)

// Custom validators for what the framework's validator packages cannot
// express. They run at validate time, before any request is sent, and
// skip values that are null or not yet known.

var (
	_ validator.String = baseURLValidator{}
	_ validator.String = timezoneValidator{}
	_ validator.String = emailValidator{}
	_ validator.String = recordingIDValidator{}
	_ validator.String = positiveDurationValidator{}
)

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

func checkTimezone(name string) error {
	const hint = "use an IANA time zone name such as UTC, Europe/Berlin or America/Los_Angeles"
	switch {
	case name == "":
		return fmt.Errorf("the time zone is empty; %s, or leave the argument out for UTC", hint)
	case strings.TrimSpace(name) != name:
		return fmt.Errorf("the time zone %q has leading or trailing spaces; %s", name, hint)
	case name == "Local":
		// Go's "Local" is this machine's zone, which Webex does not know.
		return fmt.Errorf("%q is not an IANA time zone name; %s", name, hint)
	}
	if _, err := time.LoadLocation(name); err != nil {
		return fmt.Errorf("%q is not a time zone in the IANA time zone database; %s", name, hint)
	}
	return nil
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
