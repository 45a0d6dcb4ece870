package webex

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"golang.org/x/net/http/httpguts"
)

// OptionRule names a rule of the read options, which the client checks
// before any request (no request or JSON body Webex would refuse leaves
// it) and the provider at validate time, pointing at the argument at fault.
type OptionRule int

const (
	_                      OptionRule = iota
	RuleGroupNeedsHost                // Group without PersonID or HostEmail
	RuleGroupHostTwice                // Group with PersonID and HostEmail
	RulePersonIDNeedsGroup            // PersonID without Group
	RuleSiteURLWithGroup              // SiteURL with Group on Get Group Recording Details
	RuleGroupWithAdmin                // Group with Admin
	RuleHostEmailWithAdmin            // HostEmail with Admin
	RuleMeetingIDWithGroup            // MeetingID with Group
	RuleStatusWithGroup               // Status with Group
	RulePurgedNeedsAdmin              // Status purged without Admin or MeetingID
	RuleFromBeforeTo                  // From not before To
	RuleValue                         // Option's value itself: see Reason
)

// OptionsError is a broken rule: Option is the field at fault, and Reason
// says what is wrong, naming the API parameters.
type OptionsError struct {
	Rule           OptionRule
	Option, Reason string
}

func (e *OptionsError) Error() string { return "invalid read options: " + e.Reason }

func optionsError(rule OptionRule, option, format string, args ...any) error {
	return &OptionsError{Rule: rule, Option: option, Reason: fmt.Sprintf(format, args...)}
}

// Values the list operations take, as Webex's OpenAPI document enumerates them.
var (
	ListFormats  = []string{FormatMP4, FormatARF}
	ServiceTypes = []string{ServiceTypeMeetingCenter, ServiceTypeEventCenter, ServiceTypeSupportCenter, ServiceTypeTrainingCenter}
	Statuses     = []string{StatusAvailable, StatusDeleted, StatusPurged}
)

const (
	// MaxFilterLength bounds a text filter (topic, meeting id, tag).
	MaxFilterLength = 256
	// earliestYear: Go's zero time (year 1) would read as unset, and an
	// admin span of centuries as thousands of requests.
	earliestYear = 1970
)

// Validate applies the rules of Get Recording Details and Get Group
// Recording Details. A zero field is not checked.
func (o GetRecordingOptions) Validate() error {
	if err := checkGroupHost(o.Group, o.PersonID, o.HostEmail, "Get Group Recording Details"); err != nil {
		return err
	}
	switch {
	case o.Group && o.SiteURL != "":
		return optionsError(RuleSiteURLWithGroup, "SiteURL", "Get Group Recording Details takes no siteUrl header")
	case o.SiteURL != "":
		if err := CheckSiteURL(o.SiteURL); err != nil {
			return optionsError(RuleValue, "SiteURL", "%s", err.Error())
		}
	}
	return nil
}

// checkGroupHost applies the host rules that the group list and Get Group
// Recording Details share; endpoint names the one called.
func checkGroupHost(group bool, personID, hostEmail, endpoint string) error {
	switch {
	case group && personID != "" && hostEmail != "":
		return optionsError(RuleGroupHostTwice, "PersonID", "%s names the host by personId or by the hostEmail header, not both", endpoint)
	case group && personID == "" && hostEmail == "":
		return optionsError(RuleGroupNeedsHost, "Group", "%s needs the host: personId or the hostEmail header", endpoint)
	case !group && personID != "":
		return optionsError(RulePersonIDNeedsGroup, "PersonID", "personId is a parameter of %s only", endpoint)
	case group && !httpguts.ValidHeaderFieldValue(hostEmail):
		return optionsError(RuleValue, "HostEmail", "the host email holds characters an HTTP header cannot carry")
	}
	return nil
}

// Validate applies the rules of the list endpoints. A zero field is not
// checked, so that a caller may validate what it knows so far.
func (o ListRecordingsOptions) Validate() error {
	switch {
	case o.MaxResults < 0 || o.MaxResults > MaxListResults:
		return optionsError(RuleValue, "MaxResults", "the maximum number of results must be from 1 to %d, got %d", MaxListResults, o.MaxResults)
	case o.Admin && o.Group:
		return optionsError(RuleGroupWithAdmin, "Group", "the group list and the admin list are different endpoints; choose one")
	case o.Admin && o.HostEmail != "":
		return optionsError(RuleHostEmailWithAdmin, "HostEmail", "hostEmail cannot be combined with the admin list, which has no hostEmail filter and already covers every host of the site")
	}
	if err := checkGroupHost(o.Group, o.PersonID, o.HostEmail, "the group list"); err != nil {
		return err
	}
	switch {
	case o.Group && o.MeetingID != "":
		return optionsError(RuleMeetingIDWithGroup, "MeetingID", "meetingId is not a parameter of the group list")
	case o.Group && o.Status != "":
		return optionsError(RuleStatusWithGroup, "Status", "status is not a parameter of the group list, which lists available recordings only")
	case o.Status == StatusPurged && !o.Admin && o.MeetingID == "":
		return optionsError(RulePurgedNeedsAdmin, "Status", "status %q is listed by a compliance officer, through the admin list or with meetingId", StatusPurged)
	case !o.From.IsZero() && !o.To.IsZero() && !o.From.Before(o.To):
		return optionsError(RuleFromBeforeTo, "To", "from (%s) must be before to (%s)", o.From.Format(time.RFC3339Nano), o.To.Format(time.RFC3339Nano))
	}
	for i, t := range []time.Time{o.From, o.To} {
		if err := CheckListTime(t); !t.IsZero() && err != nil {
			return optionsError(RuleValue, []string{"From", "To"}[i], "%s", err.Error())
		}
	}
	for i, v := range []string{o.MeetingID, o.IntegrationTag, o.Topic} {
		if err := CheckFilter(v); v != "" && err != nil {
			return optionsError(RuleValue, []string{"MeetingID", "IntegrationTag", "Topic"}[i], "%s", err.Error())
		}
	}
	if err := CheckSiteURL(o.SiteURL); o.SiteURL != "" && err != nil {
		return optionsError(RuleValue, "SiteURL", "%s", err.Error())
	}
	for _, f := range []struct {
		name, value string
		allowed     []string
	}{{"Format", o.Format, ListFormats}, {"ServiceType", o.ServiceType, ServiceTypes}, {"Status", o.Status, Statuses}} {
		if f.value != "" && !slices.Contains(f.allowed, f.value) {
			return optionsError(RuleValue, f.name, "%q is not one of %s", f.value, strings.Join(f.allowed, ", "))
		}
	}
	return nil
}

// CheckListTime refuses a time of a list window before 1970 or past 9999.
func CheckListTime(t time.Time) error {
	if t.Year() < earliestYear || t.Year() > 9999 {
		return fmt.Errorf("%s is outside the years %d to 9999 that a list takes", t.Format(time.RFC3339), earliestYear)
	}
	return nil
}

// CheckFilter refuses a text filter that would match nothing for a reason
// the user cannot see: blank, padded with white space, or too long.
func CheckFilter(s string) error {
	switch {
	case strings.TrimSpace(s) == "":
		return errors.New("the value is blank; give the text to match, or leave the argument out")
	case strings.TrimSpace(s) != s:
		return fmt.Errorf("%q has white space around it, which Webex would match too; remove it", s)
	case len(s) > MaxFilterLength:
		return fmt.Errorf("the value is %d bytes long, more than the %d a filter takes", len(s), MaxFilterLength)
	}
	return nil
}

// CheckSiteURL accepts a Webex site's host name, such as example.webex.com;
// for a URL or host:port around one, its error suggests the name alone.
func CheckSiteURL(site string) error {
	switch {
	case site == "":
		return errors.New("the Webex site is empty; give its host name, such as example.webex.com")
	case isHostName(site):
		return nil
	}
	raw := strings.TrimSpace(site)
	if !strings.Contains(raw, "://") {
		raw = "https://" + raw
	}
	if u, err := url.Parse(raw); err == nil && isHostName(strings.TrimSuffix(u.Hostname(), ".")) {
		return fmt.Errorf("%q is not a Webex site host name; give the host name alone: %q", site, strings.TrimSuffix(u.Hostname(), "."))
	}
	return fmt.Errorf("%q is not a Webex site host name; give the host name alone, such as example.webex.com, without a scheme, path or port", site)
}

// isHostName reports whether s is a DNS host name of at least two labels,
// the last not all digits (so not an IP address).
func isHostName(s string) bool {
	labels := strings.Split(s, ".")
	if len(s) > 253 || len(labels) < 2 {
		return false
	}
	for _, label := range labels {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' ||
			strings.ContainsFunc(label, func(r rune) bool {
				return (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') && (r < '0' || r > '9') && r != '-'
			}) {
			return false
		}
	}
	return strings.ContainsFunc(labels[len(labels)-1], func(r rune) bool { return r < '0' || r > '9' })
}
