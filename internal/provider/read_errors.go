package provider

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/webex-terraform/terraform-provider-webex/internal/webex"
)

// describeReadError turns a client error into a diagnostic that names the
// recording, says what happened and what to do, and carries the tracking
// id that Webex support asks for.
func describeReadError(id, hostEmail string, err error) (summary, detail string) {
	subject := fmt.Sprintf("recording %q", id)
	var apiErr *webex.APIError
	var respErr *webex.ResponseError
	var cancelled *webex.CancelledError
	var timeout *webex.RetryTimeoutError
	switch {
	case errors.As(err, &cancelled):
		return "Webex read cancelled", fmt.Sprintf("Reading %s was cancelled before it finished (Terraform was interrupted). %s", subject, cancelled.Error())
	case errors.As(err, &timeout):
		return "Webex read timed out", fmt.Sprintf("Reading %s %s. Webex may be rate limiting or unavailable; "+
			"try again later, or raise retry_timeout or max_retries in the provider block.", subject, timeout.Error())
	case errors.As(err, &respErr):
		return "Unusable answer from Webex", fmt.Sprintf("Reading %s: Webex answered %s but the body could not be used: %s. "+
			"A proxy or a Webex maintenance page may be in the way; check base_url and try again later.%s",
			subject, statusLine(respErr.StatusCode), respErr.Reason, trackingSentence(respErr.TrackingID))
	case errors.As(err, &apiErr):
		return describeAPIError(subject, hostEmail, apiErr)
	}
	return "Webex read failed", fmt.Sprintf("Reading %s failed: %s", subject, err.Error())
}

func describeAPIError(subject, hostEmail string, e *webex.APIError) (summary, detail string) {
	var b strings.Builder
	switch e.StatusCode {
	case http.StatusNotFound:
		summary = "Webex recording not found"
		if hostEmail != "" {
			fmt.Fprintf(&b, "Webex found no %s hosted by %s. Check the id and host_email.", subject, hostEmail)
		} else {
			fmt.Fprintf(&b, "Webex found no %s that is hosted by or shared with the user of this access token. "+
				"Check the id; if the recording belongs to another host and you are a Webex admin, set host_email to the host's address "+
				"(this needs the meeting:admin_recordings_read scope).", subject)
		}
	case http.StatusUnauthorized:
		summary = "Webex access token rejected"
		fmt.Fprintf(&b, "Webex refused to read %s because the access token is missing, invalid or expired. "+
			"Set a valid token in access_token or %s; personal access tokens expire after 12 hours, "+
			"and OAuth tokens must be refreshed.", subject, EnvAccessToken)
	case http.StatusForbidden:
		summary = "Webex access token lacks a scope"
		scope := "meeting:recordings_read"
		if hostEmail != "" {
			scope = "meeting:admin_recordings_read"
		}
		fmt.Fprintf(&b, "Webex refused to read %s: the access token is not allowed to make this read. "+
			"It needs the %s scope", subject, scope)
		if hostEmail != "" {
			b.WriteString(" to read another host's recording with host_email (or spark-compliance:meetings_read for a compliance officer)")
		}
		b.WriteString("; grant it to the integration or use a token of a user who has it.")
	case http.StatusGone:
		summary = "Webex recording is gone"
		fmt.Fprintf(&b, "Webex says %s no longer exists: it has been purged from the recycle bin. "+
			"Only a compliance officer can read purged recordings; remove the data source or change the id.", subject)
	case http.StatusBadRequest:
		summary = "Webex rejected the request"
		fmt.Fprintf(&b, "Webex refused the request for %s as invalid. Check id, host_email and timezone.", subject)
	case http.StatusTooManyRequests, http.StatusLocked:
		summary = "Webex kept rate limiting the read"
		fmt.Fprintf(&b, "Webex answered %s to every attempt to read %s. Try again later, lower terraform's -parallelism, "+
			"or raise max_retries or retry_timeout in the provider block.", statusLine(e.StatusCode), subject)
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout, http.StatusInternalServerError:
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
