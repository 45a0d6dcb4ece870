package provider

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/webex-terraform/terraform-provider-webex/internal/webex"
)

// readSubject says what a failed read was reading, so that its
// diagnostic can name it and point at the arguments to check.
type readSubject struct {
	// what names it in a sentence: `recording "4f91..."` or `the list of recordings`.
	what string
	// list is set for webex_recordings.
	list bool
	// hostEmail and admin are the arguments that change which scope Webex wants.
	hostEmail string
	admin     bool
	// inputs names the arguments to check when Webex calls the request invalid.
	inputs string
}

// recordingSubject is one recording read by id (webex_recording).
func recordingSubject(id, hostEmail string) readSubject {
	return readSubject{what: fmt.Sprintf("recording %q", id), hostEmail: hostEmail, inputs: "id, host_email and timezone"}
}

// recordingListSubject is a list read (webex_recordings).
func recordingListSubject(hostEmail string, admin bool) readSubject {
	what := "the list of recordings"
	if admin {
		what = "the admin list of recordings"
	}
	return readSubject{what: what, list: true, hostEmail: hostEmail, admin: admin,
		inputs: "from and to (from before to; with admin, at most 30 days apart), the filters (meeting_id, host_email, site_url, " +
			"integration_tag, topic, format, service_type, status) and timezone"}
}

// describeReadError turns a client error into a diagnostic that names
// what was read, says what happened and what to do, and carries the
// tracking id that Webex support asks for.
func describeReadError(s readSubject, err error) (summary, detail string) {
	subject := s.what
	var apiErr *webex.APIError
	var respErr *webex.ResponseError
	var cancelled *webex.CancelledError
	var timeout *webex.RetryTimeoutError
	var pageErr *webex.PaginationError
	switch {
	case errors.As(err, &cancelled):
		return "Webex read cancelled", fmt.Sprintf("Reading %s was cancelled before it finished (Terraform was interrupted). %s", subject, cancelled.Error())
	case errors.As(err, &timeout):
		return "Webex read timed out", fmt.Sprintf("Reading %s %s. Webex may be rate limiting or unavailable; "+
			"try again later, or raise retry_timeout or max_retries in the provider block.", subject, timeout.Error())
	case errors.As(err, &pageErr):
		return describePaginationError(subject, pageErr)
	case errors.As(err, &respErr):
		return "Unusable answer from Webex", fmt.Sprintf("Reading %s: Webex answered %s but the body could not be used: %s. "+
			"A proxy or a Webex maintenance page may be in the way; check base_url and try again later.%s",
			subject, statusLine(respErr.StatusCode), respErr.Reason, trackingSentence(respErr.TrackingID))
	case errors.As(err, &apiErr):
		return describeAPIError(s, apiErr)
	case errors.Is(err, webex.ErrInvalidListOptions):
		return "Invalid list arguments", fmt.Sprintf("Reading %s was refused before any request: %s. Fix the arguments and try again.", subject, err.Error())
	}
	return "Webex read failed", fmt.Sprintf("Reading %s failed: %s", subject, err.Error())
}

func describePaginationError(subject string, e *webex.PaginationError) (summary, detail string) {
	var advice string
	switch {
	case errors.Is(e, webex.ErrForeignNextLink):
		summary = "Webex next page link refused"
		advice = "The provider only sends the access token to the scheme and host of base_url, so it stopped. " +
			"Check base_url: a proxy in front of Webex may be rewriting the Link header."
	case errors.Is(e, webex.ErrRepeatedNextLink):
		summary = "Webex pagination loops"
		advice = "Following it would loop forever, so the provider stopped. This is a fault of Webex or of a proxy; " +
			"try again later, or narrow the list with from, to and the filters, or set max_results."
	case errors.Is(e, webex.ErrTooManyPages):
		summary = "Webex list too long"
		advice = "Narrow the list with from, to and the filters, or set max_results."
	default:
		summary = "Webex next page link unusable"
		advice = "This is a fault of Webex or of a proxy; try again later."
	}
	return summary, fmt.Sprintf("Reading %s stopped: %s. %s", subject, e.Error(), advice)
}

func describeAPIError(s readSubject, e *webex.APIError) (summary, detail string) {
	subject := s.what
	hostEmail := s.hostEmail
	var b strings.Builder
	switch {
	case e.StatusCode == http.StatusNotFound && s.list:
		summary = "Webex list not found"
		fmt.Fprintf(&b, "Webex answered 404 Not Found to reading %s. Check base_url, and meeting_id and site_url if set.", subject)
	case e.StatusCode == http.StatusNotFound:
		summary = "Webex recording not found"
		if hostEmail != "" {
			fmt.Fprintf(&b, "Webex found no %s hosted by %s. Check the id and host_email.", subject, hostEmail)
		} else {
			fmt.Fprintf(&b, "Webex found no %s that is hosted by or shared with the user of this access token. "+
				"Check the id; if the recording belongs to another host and you are a Webex admin, set host_email to the host's address "+
				"(this needs the meeting:admin_recordings_read scope).", subject)
		}
	case e.StatusCode == http.StatusUnauthorized:
		summary = "Webex access token rejected"
		fmt.Fprintf(&b, "Webex refused to read %s because the access token is missing, invalid or expired. "+
			"Set a valid token in access_token or %s; personal access tokens expire after 12 hours, "+
			"and OAuth tokens must be refreshed.", subject, EnvAccessToken)
	case e.StatusCode == http.StatusForbidden:
		summary = "Webex access token lacks a scope"
		fmt.Fprintf(&b, "Webex refused to read %s: the access token is not allowed to make this read. ", subject)
		switch {
		case s.admin:
			b.WriteString("It needs the meeting:admin_recordings_read scope (an admin) or spark-compliance:meetings_read " +
				"(a compliance officer) to use admin = true; status = \"purged\" needs the compliance officer")
		case hostEmail != "":
			b.WriteString("It needs the meeting:admin_recordings_read scope to read another host's recordings with host_email " +
				"(or spark-compliance:meetings_read for a compliance officer)")
		default:
			b.WriteString("It needs the meeting:recordings_read scope")
		}
		b.WriteString("; grant it to the integration or use a token of a user who has it.")
	case e.StatusCode == http.StatusGone && !s.list:
		summary = "Webex recording is gone"
		fmt.Fprintf(&b, "Webex says %s no longer exists: it has been purged from the recycle bin. "+
			"Only a compliance officer can read purged recordings; remove the data source or change the id.", subject)
	case e.StatusCode == http.StatusBadRequest:
		summary = "Webex rejected the request"
		fmt.Fprintf(&b, "Webex refused the request for %s as invalid. Check %s.", subject, s.inputs)
	case e.StatusCode == http.StatusTooManyRequests, e.StatusCode == http.StatusLocked:
		summary = "Webex kept rate limiting the read"
		fmt.Fprintf(&b, "Webex answered %s to every attempt to read %s. Try again later, lower terraform's -parallelism, "+
			"or raise max_retries or retry_timeout in the provider block.", statusLine(e.StatusCode), subject)
	case e.StatusCode == http.StatusBadGateway, e.StatusCode == http.StatusServiceUnavailable,
		e.StatusCode == http.StatusGatewayTimeout, e.StatusCode == http.StatusInternalServerError:
		summary = "Webex API unavailable"
		fmt.Fprintf(&b, "Webex answered %s while reading %s. This is a fault on Webex's side; try again later, "+
			"or raise max_retries or retry_timeout in the provider block.", statusLine(e.StatusCode), subject)
	default:
		summary = "Webex read failed"
		fmt.Fprintf(&b, "Webex answered %s while reading %s.", statusLine(e.StatusCode), subject)
	}
	fmt.Fprintf(&b, "\n\nHTTP status: %s", statusLine(e.StatusCode))
	if detail := e.Detail(); detail != "" {
		fmt.Fprintf(&b, "\nWebex said: %s", detail)
	}
	if e.BodyProblem != "" {
		fmt.Fprintf(&b, "\nResponse: %s", e.BodyProblem)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, "\nAttempts: %d", e.Attempts)
	}
	b.WriteString(trackingSentence(e.TrackingID))
	return summary, b.String()
}

func statusLine(code int) string {
	if text := http.StatusText(code); text != "" {
		return fmt.Sprintf("%d %s", code, text)
	}
	return fmt.Sprintf("%d", code)
}

func trackingSentence(trackingID string) string {
	if trackingID == "" {
		return ""
	}
	return "\nTracking ID (give it to Webex support): " + trackingID
}
