package provider

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/webex-terraform/terraform-provider-webex/internal/webex"
)

// readSubject says what a failed read was reading, so that its
// diagnostic can name it and point at the arguments to check.
type readSubject struct {
	// what names it in a sentence: `recording "4f91..."` or `the list of recordings`.
	what string
	// list is set for webex_recordings.
	list bool
	// hostEmail, admin and group are the arguments that change which
	// scope or access Webex wants.
	hostEmail string
	admin     bool
	// group is a read through the group endpoints, of the host that
	// personID or hostEmail names.
	group    bool
	personID string
	// siteURL is the site webex_recording reads from.
	siteURL string
	// inputs names the arguments to check when Webex calls the request invalid.
	inputs string
}

// recordingSubject is one recording read by id (webex_recording).
func recordingSubject(id string, opts webex.GetRecordingOptions) readSubject {
	s := readSubject{what: fmt.Sprintf("recording %q", id), hostEmail: opts.HostEmail, group: opts.Group, personID: opts.PersonID,
		siteURL: opts.SiteURL, inputs: "id, host_email, site_url and timezone"}
	if opts.Group {
		s.what = fmt.Sprintf("group recording %q", id)
		s.inputs = "id, person_id, host_email and timezone"
	}
	return s
}

// recordingListSubject is a list read (webex_recordings).
func recordingListSubject(opts webex.ListRecordingsOptions) readSubject {
	s := readSubject{what: "the list of recordings", list: true, hostEmail: opts.HostEmail, admin: opts.Admin,
		group: opts.Group, personID: opts.PersonID,
		inputs: "from and to (from before to), the filters (meeting_id, host_email, site_url, " +
			"integration_tag, topic, format, service_type, status) and timezone"}
	switch {
	case opts.Admin:
		s.what = "the admin list of recordings"
	case opts.Group:
		s.what = "the group list of recordings"
		s.inputs = "from and to (from before to, at most 30 days apart per request), person_id or host_email, the filters " +
			"(site_url, integration_tag, topic, format, service_type) and timezone"
	}
	return s
}

// host names the host a group read names.
func (s readSubject) host() string {
	if s.personID != "" {
		return "the person with id " + s.personID
	}
	return s.hostEmail
}

// describeReadError turns a client error into a diagnostic that names what
// was read, says what happened and what the provider did, says what to
// do, and carries the tracking id that Webex support asks for. Every piece
// of server text in err has been through the client's check already.
func describeReadError(s readSubject, data *providerData, err error) (summary, detail string) {
	subject := s.what
	var apiErr *webex.APIError
	var respErr *webex.ResponseError
	var cancelled *webex.CancelledError
	var timeout *webex.RetryTimeoutError
	var hold *webex.HoldError
	var transportErr *webex.TransportError
	var pageErr *webex.PaginationError
	var optErr *webex.OptionsError
	var tokenErr *webex.TokenError
	switch {
	case errors.As(err, &tokenErr):
		return describeTokenError(subject, data, tokenErr)
	case errors.As(err, &cancelled):
		return "Webex read cancelled", fmt.Sprintf("Reading %s was cancelled before it finished: Terraform was interrupted.", subject)
	case errors.As(err, &hold):
		return describeHold(subject, hold)
	case errors.As(err, &timeout):
		return "Webex read timed out", fmt.Sprintf("Reading %s %s. Webex may be rate limiting or unavailable; "+
			"try again later, or raise retry_timeout or max_retries in the provider block.", subject, clause(timeout.Error()))
	case errors.As(err, &transportErr):
		advice := "The provider did not retry: this fails the same way every time."
		if transportErr.Retried {
			advice = "The provider retried it as max_retries and retry_timeout allow; try again later."
		}
		return "Webex unreachable", fmt.Sprintf("Reading %s got no answer from Webex: %s. %s", subject, clause(transportErr.Reason), advice)
	case errors.As(err, &pageErr):
		return describePaginationError(subject, pageErr)
	case errors.As(err, &respErr):
		return "Unusable answer from Webex", fmt.Sprintf("Reading %s: Webex answered %s but the body could not be used: %s. "+
			"A proxy or a Webex maintenance page may be in the way; check base_url and try again later.%s",
			subject, webex.StatusText(respErr.StatusCode), clause(respErr.Reason), trackingSentence(respErr.TrackingID))
	case errors.As(err, &apiErr):
		return describeAPIError(s, data, apiErr)
	case errors.As(err, &optErr):
		summary := "Invalid recording arguments"
		if s.list {
			summary = "Invalid list arguments"
		}
		return summary, fmt.Sprintf("Reading %s was refused before any request: %s. Fix the arguments and try again.", subject, clause(optErr.Reason))
	}
	return "Webex read failed", fmt.Sprintf("Reading %s failed: %s", subject, sentence(err.Error()))
}

// describeTokenError says why no access token could be had, on which
// argument (or environment variable) the fault lies, and what to do.
func describeTokenError(subject string, data *providerData, e *webex.TokenError) (summary, detail string) {
	source := func(name string) string { return data.sources[name] }
	switch {
	case e.Code == "invalid_grant":
		summary = "Webex refresh token refused"
		detail = fmt.Sprintf("Webex refused the refresh token in %s (invalid_grant): it has expired or was revoked. Authorize the "+
			"integration again (or get a new token for the service app) and set the new refresh token in %s.", source("refresh_token"), source("refresh_token"))
	case e.Code == "invalid_client" && unknownClient(e.Description):
		summary = "Webex client id refused"
		detail = fmt.Sprintf("Webex does not know the client id in %s (invalid_client). Check it against the integration's or "+
			"service app's page on developer.webex.com.", source("client_id"))
	case e.Code == "invalid_client":
		summary = "Webex client secret refused"
		detail = fmt.Sprintf("Webex refused the client secret in %s for the client id in %s (invalid_client). Check it against the "+
			"integration's or service app's page on developer.webex.com.", source("client_secret"), source("client_id"))
	default:
		summary = "Webex access token not obtained"
		detail = "The provider could not obtain an access token with the refresh token. Check base_url and that Webex is reachable, " +
			"then run again."
	}
	kept := ""
	if e.Remembered {
		kept = " An earlier read of this run failed the same way; the provider does not ask the token endpoint again during this run."
	}
	return summary, fmt.Sprintf("Reading %s needed an access token. %s%s\n\nDetail: %s.%s", subject, detail, kept,
		strings.TrimSuffix(e.Error(), trackingSuffix(e.TrackingID)), trackingSentence(e.TrackingID))
}

// unknownClient reports whether an invalid_client's description says the
// client id itself is unknown, rather than its secret wrong.
func unknownClient(description string) bool {
	d := strings.ToLower(description)
	return (strings.Contains(d, "client id") || strings.Contains(d, "client_id")) && !strings.Contains(d, "secret")
}

// trackingSuffix is how a client error ends with its tracking id.
func trackingSuffix(id string) string {
	if id == "" {
		return ""
	}
	return " [tracking id " + id + "]"
}

// clause is text without the full stops at its end, to be followed by more.
func clause(text string) string { return strings.TrimRight(text, ".") }

// sentence ends text with a full stop, unless it ends with one already.
func sentence(text string) string {
	if strings.HasSuffix(text, ".") {
		return text
	}
	return text + "."
}

// describeHold is a read that stopped rather than wait for a Retry-After
// longer than its retry_timeout.
func describeHold(subject string, e *webex.HoldError) (summary, detail string) {
	wait := e.RetryAfter.Round(time.Second)
	var b strings.Builder
	if e.StatusCode == http.StatusLocked {
		fmt.Fprintf(&b, "Webex answered %s to the read of %s: it is locked for now, and Webex asked to wait %s (Retry-After) "+
			"before reading it again. That is longer than retry_timeout leaves, so the read stopped at once instead of waiting; "+
			"the other reads of this run went on.", webex.StatusText(e.StatusCode), subject, wait)
	} else if e.APIError != nil {
		fmt.Fprintf(&b, "Webex answered %s to the read of %s and asked to wait %s (Retry-After) before the next request. "+
			"That is longer than retry_timeout leaves, so the read stopped at once instead of waiting.",
			webex.StatusText(e.StatusCode), subject, wait)
	} else {
		fmt.Fprintf(&b, "%s was not read: Webex answered %s to another read of this provider and asked every read to wait %s "+
			"(Retry-After), longer than retry_timeout leaves, so the read stopped at once instead of waiting.",
			capitalize(subject), webex.StatusText(e.StatusCode), wait)
	}
	b.WriteString(" Try again once the wait is over, or set retry_timeout above it to let the provider wait.")
	if e.StatusCode == http.StatusTooManyRequests {
		b.WriteString(" Fewer reads at once (terraform -parallelism) make rate limits less likely.")
	}
	if e.APIError != nil {
		webexSaid(&b, e.APIError)
	}
	return "Webex asked to wait longer than retry_timeout", b.String()
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
	case errors.Is(e, webex.ErrTooManyPages), errors.Is(e, webex.ErrTooManyRecordings):
		summary = "Webex list too long"
		advice = "Narrow the list with from, to and the filters, or set max_results."
	default:
		summary = "Webex next page link unusable"
		advice = "This is a fault of Webex or of a proxy; try again later."
	}
	return summary, fmt.Sprintf("Reading %s stopped: %s. %s", subject, e.Error(), advice)
}

func describeAPIError(s readSubject, data *providerData, e *webex.APIError) (summary, detail string) {
	subject := s.what
	status := webex.StatusText(e.StatusCode)
	var b strings.Builder
	switch {
	case e.StatusCode == http.StatusNotFound && !strings.HasSuffix(strings.TrimRight(data.baseURL, "/"), "/v1"):
		summary = "Webex API root not found"
		fmt.Fprintf(&b, "Webex answered %s to reading %s, and base_url (%s) does not end in /v1 as Webex's API root does (%s): "+
			"the API root looks wrong. Correct base_url; if it is right, check %s.", status, subject, data.baseURL, webex.DefaultBaseURL, s.inputs)
	case e.StatusCode == http.StatusNotFound && s.list:
		summary = "Webex list not found"
		fmt.Fprintf(&b, "Webex answered %s to reading %s. Check base_url, and meeting_id and site_url if set.", status, subject)
	case e.StatusCode == http.StatusNotFound && s.group:
		summary = "Webex recording not found"
		fmt.Fprintf(&b, "Webex found no %s hosted by %s. A group read finds only the host's own recordings in the available status, "+
			"not those shared with the host by others. Check the id, and person_id or host_email.", subject, s.host())
	case e.StatusCode == http.StatusNotFound && s.siteURL != "":
		summary = "Webex recording not found"
		fmt.Fprintf(&b, "Webex found no %s on site %s. Check the id and site_url; without site_url, Webex reads the recording "+
			"from the site its id implies.", subject, s.siteURL)
	case e.StatusCode == http.StatusNotFound && s.hostEmail != "":
		summary = "Webex recording not found"
		fmt.Fprintf(&b, "Webex found no %s hosted by %s. Check the id and host_email.", subject, s.hostEmail)
	case e.StatusCode == http.StatusNotFound:
		summary = "Webex recording not found"
		fmt.Fprintf(&b, "Webex found no %s that is hosted by or shared with the user of this access token. "+
			"Check the id; if the recording belongs to another host and you are a Webex admin, set host_email to the host's address "+
			"(this needs the meeting:admin_recordings_read scope).", subject)
	case e.StatusCode == http.StatusUnauthorized && data.refresh:
		summary = "Webex refused the obtained access token"
		fmt.Fprintf(&b, "Webex answered %s to reading %s with an access token the provider obtained with the refresh token, and to "+
			"a renewed one too. The authorization may have been revoked, or its user deactivated: authorize the integration (or the "+
			"service app) again. If base_url points at another Webex cloud than the one that issued the token, correct base_url. "+
			"Check %s and %s.", status, subject, data.sources["client_id"], data.sources["refresh_token"])
	case e.StatusCode == http.StatusUnauthorized:
		summary = "Webex access token rejected"
		fmt.Fprintf(&b, "Webex answered %s to reading %s: the access token is missing, invalid or expired. "+
			"Set a valid token in access_token or %s.", status, subject, EnvAccessToken)
	case e.StatusCode == http.StatusForbidden && s.group:
		summary = "Webex access token lacks group recording access"
		fmt.Fprintf(&b, "Webex refused to read %s: with group = true, only a service app with group recording access may read it, "+
			"and this access token is not one. Use the credentials of such a service app, or remove group (and person_id) "+
			"to read as the token's user.", subject)
	case e.StatusCode == http.StatusForbidden:
		summary = "Webex access token lacks a scope"
		fmt.Fprintf(&b, "Webex refused to read %s: the access token is not allowed to make this read. ", subject)
		switch {
		case s.admin:
			b.WriteString("It needs the meeting:admin_recordings_read scope (an admin) or spark-compliance:meetings_read " +
				"(a compliance officer) to use admin = true; status = \"purged\" needs the compliance officer")
		case s.hostEmail != "":
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
	case e.StatusCode == http.StatusLocked:
		summary = "Webex kept the recording locked"
		fmt.Fprintf(&b, "Webex answered %s %s: the recording is temporarily unavailable. Try again later, "+
			"or raise max_retries or retry_timeout in the provider block.", status, toEachAttempt(subject, e.Attempts))
	case e.StatusCode == http.StatusTooManyRequests:
		summary = "Webex kept rate limiting the read"
		fmt.Fprintf(&b, "Webex answered %s %s. Try again later, lower terraform's -parallelism, "+
			"or raise max_retries or retry_timeout in the provider block.", status, toEachAttempt(subject, e.Attempts))
	case e.StatusCode == http.StatusBadGateway, e.StatusCode == http.StatusServiceUnavailable, e.StatusCode == http.StatusGatewayTimeout:
		summary = "Webex API unavailable"
		fmt.Fprintf(&b, "Webex answered %s %s. This is a fault on Webex's side; try again later, "+
			"or raise max_retries or retry_timeout in the provider block.", status, toEachAttempt(subject, e.Attempts))
	case e.StatusCode >= 500:
		summary = "Webex API error"
		fmt.Fprintf(&b, "Webex answered %s while reading %s. This is a fault on Webex's side, and the provider does not "+
			"retry it; try again later, and ask Webex support if it persists (with the tracking id, when there is one).", status, subject)
	default:
		summary = "Webex read failed"
		fmt.Fprintf(&b, "Webex answered %s while reading %s, which is not an answer Webex documents for this read. Check base_url "+
			"(a proxy in front of Webex may be answering instead); if it is right, try again later, and ask Webex support if it "+
			"persists (with the tracking id, when there is one).", status, subject)
	}
	webexSaid(&b, e)
	return summary, b.String()
}

// toEachAttempt says who got the answer: "to each of 3 attempts to read
// X", or "to the read of X" when there was one attempt (max_retries = 0).
func toEachAttempt(subject string, attempts int) string {
	if attempts > 1 {
		return fmt.Sprintf("to each of %d attempts to read %s", attempts, subject)
	}
	return fmt.Sprintf("to the read of %s, which max_retries = 0 does not retry", subject)
}

// webexSaid adds what Webex said, if anything, and the tracking id.
func webexSaid(b *strings.Builder, e *webex.APIError) {
	if detail := e.Detail(); detail != "" {
		fmt.Fprintf(b, "\n\nWebex said: %s", sentence(detail))
	}
	if e.BodyProblem != "" {
		fmt.Fprintf(b, "\nResponse: %s", e.BodyProblem)
	}
	b.WriteString(trackingSentence(e.TrackingID))
}

func trackingSentence(trackingID string) string {
	if trackingID == "" {
		return ""
	}
	return "\nTracking ID (give it to Webex support): " + trackingID
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
