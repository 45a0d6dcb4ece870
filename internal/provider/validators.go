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

// Validators for what the framework's validator packages cannot express.
// They all have one shape, stringCheck: a check function whose error is
// the diagnostic's detail. They run at validate time, before any request
// is sent, and skip values that are null or not yet known.

// stringCheck validates a string argument with check.
type stringCheck struct {
	// description says what a valid value is.
	description string
	// summary is the diagnostic's summary when check fails.
	summary string
	check   func(string) error
}

var _ validator.String = stringCheck{}

func (v stringCheck) Description(context.Context) string         { return v.description }
func (v stringCheck) MarkdownDescription(context.Context) string { return v.description }

func (v stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := v.check(req.ConfigValue.ValueString()); err != nil {
		detail := capitalize(err.Error())
		if !strings.HasSuffix(detail, ".") {
			detail += "."
		}
		resp.Diagnostics.AddAttributeError(req.Path, v.summary, detail)
	}
}

var (
	// rfc3339Validator: a date and time in RFC 3339, the form Webex's
	// from and to take; a date alone gets an example of the whole form.
	rfc3339Validator = stringCheck{"must be a date and time in RFC 3339 format, such as 2025-03-01T00:00:00Z", "Invalid date and time", checkRFC3339}
	// accessTokenValidator: a token a request can carry, without its
	// "Bearer " scheme. Its messages never repeat the token.
	accessTokenValidator = stringCheck{"must be a Webex access token, without the Bearer prefix", "Invalid Webex access token",
		func(token string) error {
			if err := checkAccessToken(strings.TrimSpace(token)); err != nil {
				return fmt.Errorf("the provider argument access_token: %w", err)
			}
			return nil
		}}
	// baseURLValidator: https, or http to loopback (webex.ParseBaseURL).
	baseURLValidator = stringCheck{"must be an https URL, or an http URL to a loopback address", "Invalid Webex base URL",
		func(s string) error { _, err := webex.ParseBaseURL(s); return err }}
	timezoneValidator         = stringCheck{"must be an IANA time zone name such as America/Los_Angeles", "Invalid time zone", checkTimezone}
	emailValidator            = stringCheck{"must be an email address such as host@example.com", "Invalid email address", checkEmail}
	recordingIDValidator      = stringCheck{"must be a Webex recording id such as 4f914b1dfe3c4d11a61730f18c0f5387", "Invalid recording id", checkRecordingID}
	positiveDurationValidator = stringCheck{"must be a positive duration", "Invalid duration", checkPositiveDuration}
	// siteURLValidator: a Webex site's host name, such as
	// example.webex.com, and no URL around it (webex.CheckSiteURL).
	siteURLValidator  = stringCheck{"must be the host name of a Webex site, such as example.webex.com", "Invalid Webex site", webex.CheckSiteURL}
	personIDValidator = stringCheck{"must be a Webex person id, Base64 or the raw UUID", "Invalid person id", checkPersonID}
)

func checkRFC3339(value string) error {
	if _, err := time.Parse(time.RFC3339, value); err != nil {
		example := "2025-03-01T00:00:00Z or 2025-03-01T09:00:00+01:00"
		if d, err := time.Parse(time.DateOnly, value); err == nil {
			example = d.Format(time.RFC3339) + " (midnight UTC)"
		}
		return fmt.Errorf("%q is not a date and time in RFC 3339 format: write the date, a T, the time and a time zone offset, such as %s", value, example)
	}
	return nil
}

// checkAccessToken is webex.CheckAccessToken, plus a hint for a token
// pasted with its scheme.
func checkAccessToken(token string) error {
	if scheme, _, ok := strings.Cut(token, " "); ok && strings.EqualFold(scheme, "Bearer") {
		return errors.New(`the access token starts with "Bearer ": give the token alone; the provider sends "Bearer " itself`)
	}
	return webex.CheckAccessToken(token)
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

func checkEmail(value string) error {
	addr, err := mail.ParseAddress(value)
	if err != nil || addr.Address != value || addr.Name != "" || !strings.Contains(value[strings.LastIndex(value, "@")+1:], ".") {
		return fmt.Errorf("%q is not an email address; give the host's address alone, such as host@example.com", value)
	}
	return nil
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

func checkPositiveDuration(value string) error {
	// An unparsable value is timetypes.GoDuration's to report.
	if d, err := time.ParseDuration(value); err == nil && d <= 0 {
		return fmt.Errorf("%q must be a positive duration such as 30s or 5m", value)
	}
	return nil
}

func checkPersonID(id string) error {
	const hint = "give the host's Webex person id alone, Base64 as the People API gives it (Y2lzY29zcGFyazovL3VzL1BFT1BMRS9...) or the raw UUID"
	switch {
	case id == "":
		return errors.New("the person id is empty; " + hint)
	case strings.ContainsFunc(id, unicode.IsSpace):
		return fmt.Errorf("the person id %q contains spaces; %s", id, hint)
	}
	return nil
}
