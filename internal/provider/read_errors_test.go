package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/webex-terraform/terraform-provider-webex/internal/webex"
)

// TestDescribeReadError_lists checks the diagnostics of list reads that
// the acceptance tests do not reach: each names the list, says what to do
// and keeps the tracking id.
func TestDescribeReadError_lists(t *testing.T) {
	apiErr := func(status int) error {
		return fmt.Errorf("reading page 3 of the list: %w", &webex.APIError{StatusCode: status, Message: "msg", TrackingID: "ROUTER_X"})
	}
	cases := []struct {
		name    string
		subject readSubject
		err     error
		summary string
		detail  []string
	}{
		{"bad request", recordingListSubject("", false), apiErr(400), "Webex rejected the request",
			[]string{"the list of recordings as invalid", "from and to", "integration_tag", "Webex said: msg", "ROUTER_X"}},
		{"not found", recordingListSubject("", false), apiErr(404), "Webex list not found",
			[]string{"meeting_id and site_url"}},
		{"host scope", recordingListSubject("bob@example.com", false), apiErr(403), "Webex access token lacks a scope",
			[]string{"meeting:admin_recordings_read scope to read another host's recordings with host_email"}},
		{"gone is not a purged recording", recordingListSubject("", true), apiErr(410), "Webex read failed",
			[]string{"410 Gone while reading the admin list of recordings"}},
		{"too many pages", recordingListSubject("", false), &webex.PaginationError{Page: 1000, Err: webex.ErrTooManyPages}, "Webex list too long",
			[]string{"page 1000", "max_results"}},
		{"invalid options", recordingListSubject("", true), fmt.Errorf("%w: HostEmail cannot be combined with Admin", webex.ErrInvalidListOptions),
			"Invalid list arguments", []string{"before any request", "HostEmail cannot be combined with Admin"}},
		{"recording 400", recordingSubject("abc", ""), apiErr(400), "Webex rejected the request",
			[]string{`recording "abc" as invalid`, "id, host_email and timezone"}},
	}
	for _, tc := range cases {
		summary, detail := describeReadError(tc.subject, tc.err)
		if summary != tc.summary {
			t.Errorf("%s: summary %q, want %q", tc.name, summary, tc.summary)
		}
		for _, want := range tc.detail {
			if !strings.Contains(detail, want) {
				t.Errorf("%s: detail lacks %q:\n%s", tc.name, want, detail)
			}
		}
	}
}
