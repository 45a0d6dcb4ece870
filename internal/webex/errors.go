package webex

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// Every error the client returns is one of the types below, or wraps one
// with the page of a list it happened on. Their text is already redacted
// (Redactor): server-sent text, tracking ids and URLs included.

// StatusText is "404 Not Found" for 404: how errors name a status.
func StatusText(code int) string {
	if text := http.StatusText(code); text != "" {
		return fmt.Sprintf("%d %s", code, text)
	}
	return fmt.Sprintf("%d", code)
}

// APIError is a non-2xx answer from the Webex API. It keeps what Webex
// support asks for (the tracking id) and what a user needs to act on
// (the status, Webex's message and the per-field descriptions).
type APIError struct {
	StatusCode int
	// Message is Webex's top-level "message".
	Message string
	// Descriptions are the "errors[].description" values.
	Descriptions []string
	// TrackingID comes from the body's "trackingId", else the TrackingID header.
	TrackingID string
	// RetryAfter is what a Retry-After header asked for, zero when absent.
	RetryAfter time.Duration
	// Attempts is how many requests were sent before giving up.
	Attempts int
	// BodyProblem says why the body was not a Webex error document
	// (an HTML maintenance page, say), empty when it was one.
	BodyProblem string
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Webex API answered %s", StatusText(e.StatusCode))
	if detail := e.Detail(); detail != "" {
		fmt.Fprintf(&b, ": %s", detail)
	}
	if e.BodyProblem != "" {
		fmt.Fprintf(&b, " (%s)", e.BodyProblem)
	}
	if e.Attempts > 1 {
		fmt.Fprintf(&b, " after %d attempts", e.Attempts)
	}
	if e.TrackingID != "" {
		fmt.Fprintf(&b, " [tracking id %s]", e.TrackingID)
	}
	return b.String()
}

// Detail joins Webex's message and the descriptions that add to it; a
// description that only repeats the message (give or take a full stop
// and case) is left out.
func (e *APIError) Detail() string {
	parts := make([]string, 0, 1+len(e.Descriptions))
	seen := map[string]bool{}
	for _, p := range append([]string{e.Message}, e.Descriptions...) {
		key := strings.ToLower(strings.TrimRight(strings.TrimSpace(p), "."))
		if key != "" && !seen[key] {
			seen[key] = true
			parts = append(parts, strings.TrimSpace(p))
		}
	}
	return strings.Join(parts, "; ")
}

// ResponseError is a 2xx answer whose body cannot be used: not JSON, cut
// short, too large, or of the wrong shape. Retrying would not help.
type ResponseError struct {
	StatusCode  int
	TrackingID  string
	ContentType string
	// Reason says what was wrong, in words a user can pass to support.
	Reason string
}

func (e *ResponseError) Error() string {
	msg := fmt.Sprintf("Webex API answered %s with an unusable body: %s", StatusText(e.StatusCode), e.Reason)
	if e.TrackingID != "" {
		msg += fmt.Sprintf(" [tracking id %s]", e.TrackingID)
	}
	return msg
}

// HoldError says a read stopped without waiting because Webex asked for
// a wait (a Retry-After on 429, 423 or 503) longer than the read's time
// budget allows: on this read's own answer (APIError is set), or on
// another read's, which holds every read of the client.
type HoldError struct {
	StatusCode int
	// RetryAfter is the wait Webex asked for.
	RetryAfter time.Duration
	// APIError is this read's own answer; nil when another read's answer
	// set the hold and this read sent nothing.
	APIError *APIError
}

func (e *HoldError) Error() string {
	who := "another read"
	if e.APIError != nil {
		who = "this read"
	}
	msg := fmt.Sprintf("Webex answered %s to %s with Retry-After %s, longer than the retry timeout leaves; the read stopped instead of waiting",
		StatusText(e.StatusCode), who, e.RetryAfter.Round(time.Second))
	if e.APIError != nil && e.APIError.TrackingID != "" {
		msg += fmt.Sprintf(" [tracking id %s]", e.APIError.TrackingID)
	}
	return msg
}

func (e *HoldError) Unwrap() error {
	if e.APIError == nil {
		return nil
	}
	return e.APIError
}

// TransportError is a request that got no HTTP answer: the connection
// could not be made, or broke, or timed out.
type TransportError struct {
	// Reason says what went wrong, in words a user can act on.
	Reason string
	// Retried reports whether the failure is one the client retries
	// (a reset connection or a timeout).
	Retried bool
	err     error
}

func (e *TransportError) Error() string { return e.Reason }

// Unwrap gives errors.Is the original error (context.Canceled, say); its
// text is not redacted.
func (e *TransportError) Unwrap() error { return e.err }

// TokenError says an access token could not be obtained from the token
// endpoint. Code is the OAuth error ("invalid_grant": the refresh token has
// expired or was revoked; "invalid_client": the client id or secret is
// wrong), empty when the endpoint gave none or could not be reached.
type TokenError struct {
	Code       string
	StatusCode int
	// Reason says what went wrong; redacted.
	Reason     string
	TrackingID string
}

func (e *TokenError) Error() string {
	msg := "obtaining an access token: " + e.Reason
	if e.TrackingID != "" {
		msg += fmt.Sprintf(" [tracking id %s]", e.TrackingID)
	}
	return msg
}

// CancelledError says the read stopped because its caller gave up
// (Terraform was interrupted), not because Webex failed.
type CancelledError struct {
	Attempts int
	Last     error
	Cause    error
}

func (e *CancelledError) Error() string {
	msg := "the read was cancelled"
	if e.Attempts > 0 {
		msg += fmt.Sprintf(" after %d attempt(s)", e.Attempts)
	}
	if e.Last != nil {
		msg += "; the last attempt failed with: " + e.Last.Error()
	}
	return msg
}

func (e *CancelledError) Unwrap() error { return e.Cause }

// RetryTimeoutError says the read used up its total time budget.
type RetryTimeoutError struct {
	Timeout  time.Duration
	Attempts int
	Last     error
}

func (e *RetryTimeoutError) Error() string {
	msg := fmt.Sprintf("gave up after %s and %d attempt(s)", e.Timeout, e.Attempts)
	if e.Last != nil {
		msg += "; the last attempt failed with: " + e.Last.Error()
	}
	return msg
}

func (e *RetryTimeoutError) Unwrap() error { return e.Last }

// ErrInvalidID is returned before any request for an id that cannot be a
// single path segment of a Webex URL.
var ErrInvalidID = errors.New("invalid Webex id")

// ErrInvalidOptions is what every *OptionsError is, for errors.Is.
var ErrInvalidOptions = errors.New("invalid read options")

// OptionsError is options of a read that Webex would refuse or that
// contradict each other, found before any request
// (ListRecordingsOptions.Validate, GetRecordingOptions.Validate). The
// provider checks its arguments with the same rules and points at the
// argument that Option names.
type OptionsError struct {
	// Option is the field of the options at fault.
	Option string
	// With is the other field of the rule Option broke (the one it
	// conflicts with), empty when Option is wrong on its own. Option and
	// With together name the rule.
	With string
	// Reason says what is wrong, naming the API parameters.
	Reason string
}

func (e *OptionsError) Error() string { return "invalid read options: " + e.Reason }

// Is makes errors.Is(err, ErrInvalidOptions) hold.
func (e *OptionsError) Is(target error) bool { return target == ErrInvalidOptions }

// optionsError is an *OptionsError.
func optionsError(option, with, format string, args ...any) error {
	return &OptionsError{Option: option, With: with, Reason: fmt.Sprintf(format, args...)}
}

// Errors a PaginationError wraps, for errors.Is.
var (
	// ErrRepeatedNextLink: a next link pointed at a page already read,
	// which would loop forever.
	ErrRepeatedNextLink = errors.New("the next link repeats a page already read")
	// ErrForeignNextLink: a next link pointed away from the base URL's
	// scheme and host; following it would send the access token there.
	ErrForeignNextLink = errors.New("the next link points to another host")
	// ErrInvalidNextLink: a next link that is not a usable URL.
	ErrInvalidNextLink = errors.New("the next link is not a valid URL")
	// ErrTooManyPages: the list went past MaxListPages.
	ErrTooManyPages = errors.New("the list has too many pages")
	// ErrTooManyRecordings: the list went past MaxListResults.
	ErrTooManyRecordings = errors.New("the list has too many recordings")
)

// PaginationError says a list could not be followed to its end because
// a pagination link could not be trusted or the list grew past its
// bounds. It is never retried.
type PaginationError struct {
	// Page is the page (from 1) whose Link header was at fault.
	Page int
	// Err is one of ErrRepeatedNextLink, ErrForeignNextLink,
	// ErrInvalidNextLink, ErrTooManyPages or ErrTooManyRecordings.
	Err error
	// Detail adds what was seen, without query strings or credentials.
	Detail string
}

func (e *PaginationError) Error() string {
	msg := fmt.Sprintf("following the pages of the list: page %d: %s", e.Page, e.Err.Error())
	if e.Detail != "" {
		msg += " (" + e.Detail + ")"
	}
	return msg
}

func (e *PaginationError) Unwrap() error { return e.Err }

// Bounds on text the server sends, so that a diagnostic stays readable
// whatever comes back: Webex's tracking ids are a few dozen characters,
// its messages a sentence or two.
const (
	maxTrackingIDLength = 128
	maxMessageLength    = 1 << 10
	maxDescriptions     = 10
)

// serverText is text the server sent, redacted and cut to about limit
// bytes (on a rune boundary). It is cut once before redacting, so that
// redacting stays cheap, and again after: a secret that the first cut
// split lies past the second.
func serverText(r *Redactor, s string, limit int) string {
	s = r.Redact(cutText(s, limit+max(r.keepAround(), 2*maxLearnedLength)))
	if len(s) > limit {
		// The cut may end in a URL's "?" or a secret's key; and "…" could
		// extend a REDACTED into a value.
		s = redactShapes(cutOutsideRedacted(s, limit))
		if strings.HasSuffix(s, Redacted) {
			s += " "
		}
		s += "… (cut)"
	}
	return s
}

// cutOutsideRedacted cuts s as cutText does, but before a REDACTED the
// cut would split: half a marker could read as a secret's value.
func cutOutsideRedacted(s string, limit int) string {
	c := cutText(s, limit)
	for k := 1; k < len(Redacted) && k <= len(c); k++ {
		if strings.HasPrefix(s[len(c)-k:], Redacted) {
			return c[:len(c)-k]
		}
	}
	return c
}

func cutText(s string, limit int) string {
	if len(s) <= limit {
		return s
	}
	for limit > 0 && !utf8.RuneStart(s[limit]) {
		limit--
	}
	return s[:limit]
}

// webexErrorBody is the shape of every Webex error document.
type webexErrorBody struct {
	Message string `json:"message"`
	Errors  []struct {
		Description string `json:"description"`
	} `json:"errors"`
	TrackingID string `json:"trackingId"`
}

// decodeAPIError is the one place that turns a non-2xx answer into an
// APIError. A body that is not a Webex error document still gives an
// error with the status and the tracking id header. Every piece of text
// the server sent goes through r.
func decodeAPIError(r *Redactor, resp *http.Response, body []byte, readErr error) *APIError {
	apiErr := &APIError{
		StatusCode: resp.StatusCode,
		TrackingID: serverText(r, resp.Header.Get(trackingIDHeader), maxTrackingIDLength),
	}
	if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
		apiErr.RetryAfter = d
	}
	switch {
	case errors.Is(readErr, errBodyTooLarge):
		apiErr.BodyProblem = readErr.Error()
	case readErr != nil:
		apiErr.BodyProblem = serverText(r, readErr.Error(), maxMessageLength)
	case len(body) == 0:
		// Nothing more to say; the status speaks for itself.
	case !isJSONMediaType(resp.Header.Get("Content-Type")):
		apiErr.BodyProblem = fmt.Sprintf("the body was %s, not a Webex error document", describeMediaType(r, resp.Header.Get("Content-Type")))
	default:
		var doc webexErrorBody
		if err := json.Unmarshal(body, &doc); err != nil {
			apiErr.BodyProblem = "the body was not a valid Webex error document"
			break
		}
		apiErr.Message = serverText(r, doc.Message, maxMessageLength)
		for i, e := range doc.Errors {
			if i == maxDescriptions {
				break
			}
			apiErr.Descriptions = append(apiErr.Descriptions, serverText(r, e.Description, maxMessageLength))
		}
		if doc.TrackingID != "" {
			apiErr.TrackingID = serverText(r, doc.TrackingID, maxTrackingIDLength)
		}
	}
	return apiErr
}
