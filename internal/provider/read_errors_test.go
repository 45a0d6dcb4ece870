package provider

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

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
		{"bad request", recordingListSubject(webex.ListRecordingsOptions{}), apiErr(400), "Webex rejected the request",
			[]string{"the list of recordings as invalid", "from and to", "integration_tag", "Webex said: msg", "ROUTER_X"}},
		{"not found", recordingListSubject(webex.ListRecordingsOptions{}), apiErr(404), "Webex list not found",
			[]string{"meeting_id and site_url"}},
		{"host scope", recordingListSubject(webex.ListRecordingsOptions{HostEmail: "bob@example.com"}), apiErr(403), "Webex access token lacks a scope",
			[]string{"meeting:admin_recordings_read scope to read another host's recordings with host_email"}},
		{"gone is not a purged recording", recordingListSubject(webex.ListRecordingsOptions{Admin: true}), apiErr(410), "Webex read failed",
			[]string{"410 Gone while reading the admin list of recordings"}},
		{"too many pages", recordingListSubject(webex.ListRecordingsOptions{}), &webex.PaginationError{Page: 1000, Err: webex.ErrTooManyPages}, "Webex list too long",
			[]string{"page 1000", "max_results"}},
		{"invalid options", recordingListSubject(webex.ListRecordingsOptions{Admin: true}), &webex.OptionsError{Option: "HostEmail", Reason: "hostEmail cannot be combined with the admin list"},
			"Invalid list arguments", []string{"before any request", "hostEmail cannot be combined with the admin list"}},
		{"500 is not retried", recordingSubject("abc", webex.GetRecordingOptions{}), apiErr(500), "Webex API error",
			[]string{"500 Internal Server Error", "does not retry", "tracking id"}},
		{"503 retried", recordingSubject("abc", webex.GetRecordingOptions{}), &webex.APIError{StatusCode: 503, Attempts: 4}, "Webex API unavailable",
			[]string{"to each of 4 attempts", "raise max_retries"}},
		{"429 without retries", recordingSubject("abc", webex.GetRecordingOptions{}), &webex.APIError{StatusCode: 429, Attempts: 1}, "Webex kept rate limiting the read",
			[]string{"max_retries = 0 does not retry"}},
		{"own hold", recordingSubject("abc", webex.GetRecordingOptions{}), &webex.HoldError{StatusCode: 429, RetryAfter: time.Hour,
			APIError: &webex.APIError{StatusCode: 429, TrackingID: "ROUTER_H"}}, "Webex asked to wait longer than retry_timeout",
			[]string{"429 Too Many Requests to the read of recording \"abc\"", "wait 1h0m0s (Retry-After)", "stopped at once", "ROUTER_H", "-parallelism"}},
		{"another read's hold", recordingSubject("abc", webex.GetRecordingOptions{}), &webex.HoldError{StatusCode: 423, RetryAfter: 10 * time.Minute},
			"Webex asked to wait longer than retry_timeout", []string{"Recording \"abc\" was not read", "423 Locked to another read", "wait 10m0s"}},
		{"cancelled says so once", recordingSubject("abc", webex.GetRecordingOptions{}), &webex.CancelledError{Attempts: 2, Cause: context.Canceled},
			"Webex read cancelled", []string{"Reading recording \"abc\" was cancelled before it finished: Terraform was interrupted."}},
		{"invalid recording options", recordingSubject("abc", webex.GetRecordingOptions{Group: true}),
			&webex.OptionsError{Option: "Group", Reason: "a group read needs the host: personId or the hostEmail header"},
			"Invalid recording arguments", []string{`reading group recording "abc" was refused before any request`, "a group read needs the host"}},
		{"group 400", recordingSubject("abc", webex.GetRecordingOptions{Group: true, PersonID: "p"}), apiErr(400), "Webex rejected the request",
			[]string{"id, person_id, host_email and timezone"}},
		{"group list 400", recordingListSubject(webex.ListRecordingsOptions{Group: true, PersonID: "p"}), apiErr(400), "Webex rejected the request",
			[]string{"the group list of recordings as invalid", "at most 30 days apart", "person_id or host_email"}},
		{"recording 400", recordingSubject("abc", webex.GetRecordingOptions{}), apiErr(400), "Webex rejected the request",
			[]string{`recording "abc" as invalid`, "id, host_email, site_url and timezone"}},
	}
	for _, tc := range cases {
		summary, detail := describeReadError(tc.subject, "https://webexapis.com/v1", tc.err)
		if summary != tc.summary {
			t.Errorf("%s: summary %q, want %q", tc.name, summary, tc.summary)
		}
		for _, want := range tc.detail {
			if !strings.Contains(strings.ToLower(detail), strings.ToLower(want)) {
				t.Errorf("%s: detail lacks %q:\n%s", tc.name, want, detail)
			}
		}
		if strings.Count(detail, "cancelled") > 1 {
			t.Errorf("%s: says cancelled more than once:\n%s", tc.name, detail)
		}
	}
}

// A 404 from a base_url that is not an API root says so.
func TestDescribeReadError_baseURLWithoutV1(t *testing.T) {
	_, detail := describeReadError(recordingSubject("abc", webex.GetRecordingOptions{}), "https://webexapis.com", &webex.APIError{StatusCode: 404})
	if !strings.Contains(detail, "base_url (https://webexapis.com) does not end in /v1") || !strings.Contains(detail, "the API root looks wrong") {
		t.Errorf("detail lacks the base_url hint:\n%s", detail)
	}
	if _, detail := describeReadError(recordingSubject("abc", webex.GetRecordingOptions{}), "https://webexapis.com/v1", &webex.APIError{StatusCode: 404}); strings.Contains(detail, "API root") {
		t.Errorf("a /v1 base_url got the hint:\n%s", detail)
	}
}

// A Webex message shown once is not repeated by a description that only
// says it again, and several reads failing on one bad token each get a
// short error.
func TestDescribeReadError_shortAndOnce(t *testing.T) {
	err := &webex.APIError{StatusCode: 401, Message: "The access token has expired.", Descriptions: []string{"The access token has expired"}, TrackingID: "ROUTER_1"}
	_, detail := describeReadError(recordingSubject("abc", webex.GetRecordingOptions{}), "https://webexapis.com/v1", err)
	if n := strings.Count(detail, "has expired"); n != 1 {
		t.Errorf("Webex's message appears %d times:\n%s", n, detail)
	}
	if lines := strings.Count(detail, "\n") + 1; lines > 4 || len(detail) > 400 {
		t.Errorf("a 401 takes %d lines and %d characters; it is repeated for every read, so keep it short:\n%s", lines, len(detail), detail)
	}
	for _, sentence := range strings.Split(detail, ". ") {
		if s := strings.TrimSpace(sentence); s != "" && strings.ToUpper(s[:1]) != s[:1] {
			t.Errorf("a sentence starts in lower case: %q", s)
		}
	}
}

// A token in WEBEX_TOKEN, the other Webex provider's variable, gets a
// hint when WEBEX_ACCESS_TOKEN is missing.
func TestResolveSettings_otherProvidersTokenVariable(t *testing.T) {
	_, diags := resolveSettings(WebexProviderModel{}, func(name string) string {
		return map[string]string{"WEBEX_TOKEN": "abc"}[name]
	})
	if !diags.HasError() || !strings.Contains(diags[0].Detail(), "WEBEX_TOKEN is set, but this provider reads WEBEX_ACCESS_TOKEN") {
		t.Errorf("diags = %v, want the WEBEX_TOKEN hint", diags)
	}
}
