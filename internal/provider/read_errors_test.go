package provider

import (
	"context"
	"errors"
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
	v1 := &providerData{baseURL: "https://webexapis.com/v1"}
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
			[]string{"410 Gone while reading the admin list of recordings", "not an answer Webex documents", "Check base_url"}},
		{"an answer Webex does not document", recordingSubject("a", webex.GetRecordingOptions{}), apiErr(418), "Webex read failed",
			[]string{"418 I'm a teapot while reading", "Check base_url", "tracking id"}},
		{"a 3xx the client does not follow", recordingSubject("a", webex.GetRecordingOptions{}), apiErr(304), "Webex read failed",
			[]string{"304 Not Modified while reading", "Check base_url"}},
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
		{"another read's hold", recordingSubject("abc", webex.GetRecordingOptions{}), &webex.HoldError{StatusCode: 503, RetryAfter: 10 * time.Minute},
			"Webex asked to wait longer than retry_timeout", []string{"Recording \"abc\" was not read", "503 Service Unavailable to another read", "wait 10m0s"}},
		{"a locked recording", recordingSubject("abc", webex.GetRecordingOptions{}), &webex.HoldError{StatusCode: 423, RetryAfter: time.Hour,
			APIError: &webex.APIError{StatusCode: 423}}, "Webex asked to wait longer than retry_timeout",
			[]string{"423 Locked to the read of recording \"abc\": it is locked for now", "wait 1h0m0s", "the other reads of this run went on"}},
		{"locked after retries", recordingSubject("abc", webex.GetRecordingOptions{}), &webex.APIError{StatusCode: 423, Attempts: 3},
			"Webex kept the recording locked", []string{"to each of 3 attempts", "temporarily unavailable"}},
		{"cancelled says so once", recordingSubject("abc", webex.GetRecordingOptions{}), &webex.CancelledError{Cause: context.Canceled},
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
		summary, detail := describeReadError(tc.subject, v1, tc.err)
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

// A 404 from a base_url that is not an API root leads with that cause.
func TestDescribeReadError_baseURLWithoutV1(t *testing.T) {
	summary, detail := describeReadError(recordingSubject("abc", webex.GetRecordingOptions{}), &providerData{baseURL: "https://webexapis.com"}, &webex.APIError{StatusCode: 404})
	if summary != "Webex API root not found" || !strings.Contains(detail, "base_url (https://webexapis.com) does not end in /v1") ||
		!strings.Contains(detail, "the API root looks wrong. Correct base_url") || strings.Contains(detail, "Webex found no") {
		t.Errorf("a base_url without /v1: %q\n%s", summary, detail)
	}
	if _, detail := describeReadError(recordingSubject("abc", webex.GetRecordingOptions{}), &providerData{baseURL: "https://webexapis.com/v1"}, &webex.APIError{StatusCode: 404}); strings.Contains(detail, "API root") {
		t.Errorf("a /v1 base_url got the hint:\n%s", detail)
	}
}

// With refresh-token login, a 401 says that a renewed token was refused
// too, points at the authorization, base_url and the refresh-token
// arguments where their values came from, and never at access_token; a
// token error goes on the argument at fault, named as it was given.
func TestDescribeReadError_refreshLogin(t *testing.T) {
	data := &providerData{baseURL: "https://webexapis.com/v1", refresh: true,
		sources: map[string]string{"client_id": "client_id", "client_secret": EnvClientSecret, "refresh_token": EnvRefreshToken}}
	subject := recordingSubject("abc", webex.GetRecordingOptions{})
	summary, detail := describeReadError(subject, data, &webex.APIError{StatusCode: 401})
	for _, want := range []string{"and to a renewed one too", "authorization may have been revoked", "base_url", "client_id", EnvRefreshToken} {
		if !strings.Contains(detail, want) {
			t.Errorf("401: %q lacks %q", detail, want)
		}
	}
	if strings.Contains(detail, "access_token") || strings.Contains(detail, EnvAccessToken) {
		t.Errorf("401 with refresh-token login suggests the access token: %q: %s", summary, detail)
	}
	for _, tc := range []struct {
		err      webex.TokenError
		summary  string
		mentions string
	}{
		{webex.TokenError{Code: "invalid_grant", Reason: "r", Attempts: 1}, "Webex refresh token refused", "refresh token in " + EnvRefreshToken},
		{webex.TokenError{Code: "invalid_client", Description: "The client secret is not valid.", Reason: "r", Attempts: 1},
			"Webex client secret refused", "client secret in " + EnvClientSecret + " for the client id in client_id"},
		{webex.TokenError{Code: "invalid_client", Description: "The client id is not known.", Reason: "r", Attempts: 1},
			"Webex client id refused", "client id in client_id"},
		{webex.TokenError{Reason: "no answer", Attempts: 3, Elapsed: 8 * time.Second, Remembered: true}, "Webex access token not obtained",
			"3 token request(s) in 8s"},
	} {
		summary, detail := describeReadError(subject, data, &tc.err)
		if summary != tc.summary || !strings.Contains(detail, tc.mentions) || strings.Contains(detail, "access_token") {
			t.Errorf("%+v: %q\n%s\nwant %q mentioning %q", tc.err, summary, detail, tc.summary, tc.mentions)
		}
		if tc.err.Remembered != strings.Contains(detail, "does not ask the token endpoint again") {
			t.Errorf("%+v: whether the error was kept is not said right:\n%s", tc.err, detail)
		}
	}
}

// Every diagnostic the provider writes reads as sentences: no doubled
// full stops, no ".;", whatever the client's text ends with.
func TestDiagnostics_readAsSentences(t *testing.T) {
	data := &providerData{baseURL: "https://webexapis.com/v1", sources: map[string]string{}}
	errs := []error{
		&webex.APIError{StatusCode: 400, Message: "Bad.", Descriptions: []string{"Worse."}, TrackingID: "T"},
		&webex.APIError{StatusCode: 401, Message: "The access token has expired."},
		&webex.ResponseError{StatusCode: 200, Reason: "the body is empty."},
		&webex.TransportError{Reason: "no answer from x in time (timeout)."},
		&webex.TokenError{Code: "invalid_grant", Reason: "the token endpoint answered 400 Bad Request with invalid_grant: expired.", Attempts: 1},
		&webex.RetryTimeoutError{Timeout: time.Second, Attempts: 2, Last: errors.New("boom.")},
		&webex.OptionsError{Reason: "status \"purged\" is listed by a compliance officer."},
		&webex.PaginationError{Page: 2, Err: webex.ErrForeignNextLink, Detail: "it points to x."},
		errors.New("something else."),
	}
	for _, err := range errs {
		for _, s := range []readSubject{recordingSubject("abc", webex.GetRecordingOptions{}), recordingListSubject(webex.ListRecordingsOptions{})} {
			summary, detail := describeReadError(s, data, err)
			for _, text := range []string{summary, detail} {
				if strings.Contains(text, "..") || strings.Contains(text, ".;") || strings.Contains(text, ". .") {
					t.Errorf("%T: %q", err, text)
				}
			}
		}
	}
	for _, rule := range []webex.OptionRule{webex.RuleGroupNeedsHost, webex.RuleFromBeforeTo, webex.RulePurgedNeedsAdmin, webex.RuleValue} {
		for _, d := range optionsDiagnostics("webex_recordings", &webex.OptionsError{Rule: rule, Reason: "from (a) must be before to (b)."}) {
			if text := d.Detail(); strings.Contains(text, "..") || strings.Contains(text, ".;") {
				t.Errorf("rule %d: %q", rule, text)
			}
		}
	}
}

// A Webex message shown once is not repeated by a description that only
// says it again, and several reads failing on one bad token each get a
// short error.
func TestDescribeReadError_shortAndOnce(t *testing.T) {
	err := &webex.APIError{StatusCode: 401, Message: "The access token has expired.", Descriptions: []string{"The access token has expired"}, TrackingID: "ROUTER_1"}
	_, detail := describeReadError(recordingSubject("abc", webex.GetRecordingOptions{}), &providerData{baseURL: "https://webexapis.com/v1"}, err)
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

// Settings from the environment that fail their checks say so in
// sentences that name the variable.
func TestResolveSettings_environmentProblemsReadAsSentences(t *testing.T) {
	env := map[string]string{EnvAccessToken: "Bearer abc", EnvBaseURL: "http://example.com/v1", EnvTimezone: "Mars/Base",
		EnvMaxRetries: "many", EnvRequestTimeout: "-1s", EnvRetryTimeout: "soon"}
	_, diags := resolveSettings(WebexProviderModel{}, func(name string) string { return env[name] })
	if len(diags) != len(env) {
		t.Errorf("%d diagnostics for %d bad variables: %v", len(diags), len(env), diags)
	}
	for _, d := range diags {
		detail := d.Detail()
		if !strings.Contains(detail, "WEBEX_") || strings.ToUpper(detail[:1]) != detail[:1] || !strings.HasSuffix(detail, ".") ||
			strings.Contains(detail, "..") || strings.Contains(detail, ".;") {
			t.Errorf("%s: %q", d.Summary(), detail)
		}
	}
}
