package provider

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"math/big"
	"net/mail"
	slashpath "path"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

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
		resp.Diagnostics.AddAttributeError(req.Path, v.summary, sentence(capitalize(err.Error())))
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
	// filterValidator: a text a list filters by, not blank, without white
	// space around it, of a bounded length (webex.CheckFilter).
	filterValidator = stringCheck{"must be the text to match, without white space around it", "Invalid filter", webex.CheckFilter}
)

// checkRFC3339 checks a time of a list window. A time of the year 1 passes
// it, to be refused at read time (checkListWindow): Terraform before 1.6
// validates plantimestamp() as 0001-01-01T00:00:00Z, which the guides'
// timeadd(plantimestamp(), "-720h") would otherwise fail on.
func checkRFC3339(value string) error {
	if t, err := time.Parse(time.RFC3339, value); err == nil {
		if t.Year() <= 1 {
			return nil
		}
		return webex.CheckListTime(t)
	}
	example := "2025-03-01T00:00:00Z or 2025-03-01T09:00:00+01:00"
	if d, err := time.Parse(time.DateOnly, value); err == nil {
		example = d.Format(time.RFC3339) + " (midnight UTC)"
	}
	return fmt.Errorf("%q is not a date and time in RFC 3339 format: write the date, a T, the time and a time zone offset, such as %s", value, example)
}

// checkListWindow refuses, at read time and before any request, a from or
// to that checkRFC3339 let through: its time would read as unset.
func checkListWindow(config tftypes.Value) diag.Diagnostics {
	var diags diag.Diagnostics
	values, _ := configObject(config)
	for _, name := range []string{"from", "to"} {
		var s string
		if v := values[name]; !v.IsKnown() || v.IsNull() || v.As(&s) != nil {
			continue
		}
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			if err := webex.CheckListTime(t); err != nil {
				diags.AddError("Invalid date and time", fmt.Sprintf("The argument %s: %s", name, sentence(err.Error())))
			}
		}
	}
	return diags
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
	cleaned := strings.Trim(slashpath.Clean("/"+strings.ReplaceAll(strings.TrimSpace(name), " ", "_")), "/")
	for _, prefix := range []string{"posix/", "right/", "usr/share/zoneinfo/"} {
		cleaned = strings.TrimPrefix(cleaned, prefix)
	}
	var sameCity []string
	for zone := range ianaTimeZones {
		if strings.EqualFold(zone, cleaned) {
			return zone
		}
		if _, city, ok := strings.Cut(zone, "/"); ok && strings.EqualFold(slashpath.Base(city), cleaned) {
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

// maxResultsValidator: a whole number of recordings from 1 to the client's
// cap. max_results is a number, not an integer, in the schema, so that
// 2.5 gets this message rather than the framework's conversion error.
var maxResultsValidator = numberCheck{}

type numberCheck struct{}

func (numberCheck) Description(context.Context) string {
	return fmt.Sprintf("must be a whole number from 1 to %d", webex.MaxListResults)
}

func (v numberCheck) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v numberCheck) ValidateNumber(ctx context.Context, req validator.NumberRequest, resp *validator.NumberResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	n := req.ConfigValue.ValueBigFloat()
	if !n.IsInt() || n.Cmp(big.NewFloat(1)) < 0 || n.Cmp(big.NewFloat(webex.MaxListResults)) > 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid number of results",
			fmt.Sprintf("max_results is %s; it %s.", n.Text('g', -1), v.Description(ctx)))
	}
}

// argumentsValidator checks a block's arguments together at validate time
// with the client's own rules, and points at the argument at fault
// (optionsDiagnostics). Rules that depend on a value not known yet wait:
// Terraform validates again once it is known.
type argumentsValidator struct {
	description string
	validate    func(config tftypes.Value) diag.Diagnostics
}

var (
	_ datasource.ConfigValidator = argumentsValidator{}
	_ ephemeral.ConfigValidator  = argumentsValidator{}
)

func (v argumentsValidator) Description(context.Context) string         { return v.description }
func (v argumentsValidator) MarkdownDescription(context.Context) string { return v.description }

func (v argumentsValidator) ValidateDataSource(_ context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	resp.Diagnostics.Append(v.validate(req.Config.Raw)...)
}

func (v argumentsValidator) ValidateEphemeralResource(_ context.Context, req ephemeral.ValidateConfigRequest, resp *ephemeral.ValidateConfigResponse) {
	resp.Diagnostics.Append(v.validate(req.Config.Raw)...)
}

// anyUnknown reports whether any of names is in unknown.
func anyUnknown(unknown []string, names ...string) bool {
	return slices.ContainsFunc(names, func(s string) bool { return slices.Contains(unknown, s) })
}

// recordingArgumentsValidator checks the arguments of webex_recording, data
// source and ephemeral resource (webex.GetRecordingOptions.Validate).
var recordingArgumentsValidator = argumentsValidator{
	description: "group needs person_id or host_email, not both; person_id needs group; site_url is not allowed with group",
	validate: func(config tftypes.Value) diag.Diagnostics {
		lookup, unknown, diags := readArguments(config, recordingArguments)
		if anyUnknown(unknown, "group", "person_id", "host_email") {
			// Which endpoint is read, and for whom, is not known yet.
			lookup.opts.Group, lookup.opts.PersonID = false, ""
		}
		return append(diags, optionsDiagnostics("webex_recording", lookup.opts.Validate())...)
	},
}

// recordingsArgumentsValidator checks the arguments of webex_recordings
// (webex.ListRecordingsOptions.Validate).
var recordingsArgumentsValidator = argumentsValidator{
	description: "from must be before to; host_email is not allowed with admin; status purged needs admin or meeting_id; group needs " +
		"person_id or host_email, not both, and allows no admin, meeting_id or status; person_id needs group",
	validate: func(config tftypes.Value) diag.Diagnostics {
		opts, unknown, diags := readArguments(config, listArguments)
		if anyUnknown(unknown, "admin", "group", "person_id", "host_email", "meeting_id") {
			// Which list is read, and for whom, is not known yet.
			opts.Admin, opts.Group, opts.HostEmail, opts.PersonID, opts.Status = false, false, "", "", ""
		}
		return append(diags, optionsDiagnostics("webex_recordings", opts.Validate())...)
	},
}

// optionsDiagnostics turns a broken rule of the read options into a
// diagnostic on the argument at fault, saying what to do. A value wrong on
// its own (RuleValue) is its argument's validator's to report.
func optionsDiagnostics(block string, err error) diag.Diagnostics {
	var e *webex.OptionsError
	if !errors.As(err, &e) || e.Rule == webex.RuleValue {
		return nil
	}
	groupRead := map[string]string{"webex_recording": "Get Group Recording Details", "webex_recordings": "List Group Recordings"}[block]
	p, summary, detail := path.Empty(), "Invalid "+block+" arguments", sentence(capitalize(e.Reason))
	switch e.Rule {
	case webex.RuleGroupNeedsHost:
		p, summary = path.Root("group"), "group needs person_id or host_email"
		detail = fmt.Sprintf("With group = true, %s reads Webex's %s, which needs the host whose recordings to read. Set person_id "+
			"to the host's Webex person id, or host_email to the host's email address.", block, groupRead)
	case webex.RuleGroupHostTwice:
		p, summary = path.Root("person_id"), "person_id and host_email cannot both be set"
		detail = "A group read names the host by Webex person id or by email address, not both. Remove person_id or host_email."
	case webex.RulePersonIDNeedsGroup:
		p, summary = path.Root("person_id"), "person_id needs group"
		detail = fmt.Sprintf("Only Webex's %s takes a person id, and only a service app with group recording access may read it. "+
			"Set group = true, or remove person_id to read %s as the token's user.", groupRead, block)
	case webex.RuleSiteURLWithGroup:
		p, summary = path.Root("site_url"), "site_url cannot be used with group"
		detail = "Webex's Get Group Recording Details takes no site. Remove site_url, or remove group to read the recording " +
			"with Get Recording Details as the token's user."
	case webex.RuleGroupWithAdmin:
		p, summary = path.Root("group"), "group cannot be used with admin"
		detail = "With admin = true, webex_recordings reads Webex's admin list; with group = true, its group list: two different " +
			"endpoints. Remove one of them."
	case webex.RuleMeetingIDWithGroup:
		p, summary = path.Root("meeting_id"), "meeting_id cannot be used with group"
		detail = "Webex's List Group Recordings has no meeting filter. Remove meeting_id; to keep one meeting's recordings, filter " +
			"the list by meeting_series_id or meeting_id in a for expression."
	case webex.RuleStatusWithGroup:
		p, summary = path.Root("status"), "status cannot be used with group"
		detail = "Webex's List Group Recordings has no status filter: it lists available recordings only. Remove status."
	case webex.RuleFromBeforeTo:
		p, summary = path.Root("to"), "Invalid recording time window"
		detail = "The time window is empty: " + clause(e.Reason) + ". webex_recordings lists the recordings created from from (inclusive) " +
			"to to (exclusive). Swap from and to, or make to later than from."
	case webex.RuleHostEmailWithAdmin:
		p, summary = path.Root("host_email"), "host_email cannot be used with admin"
		detail = "With admin = true, webex_recordings reads Webex's List Recordings For an Admin or Compliance Officer, which lists " +
			"the recordings of every host of the site and has no host_email filter. Remove host_email, or remove admin to list one " +
			"host's recordings (that needs the meeting:admin_recordings_read scope)."
	case webex.RulePurgedNeedsAdmin:
		p, summary = path.Root("status"), "status \"purged\" needs admin or meeting_id"
		detail = "Only a compliance officer can list purged recordings: through the admin list, or one meeting's with meeting_id. " +
			"Set admin = true (or meeting_id) and use a token with the spark-compliance:meetings_read scope, or choose status " +
			"\"available\" or \"deleted\"."
	}
	return diag.Diagnostics{diag.NewAttributeErrorDiagnostic(p, summary, detail)}
}
