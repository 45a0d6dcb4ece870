package webex

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

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
	fmt.Fprintf(&b, "Webex API answered %s", statusText(e.StatusCode))
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

// Detail joins Webex's message and the descriptions that add to it.
func (e *APIError) Detail() string {
	parts := make([]string, 0, 1+len(e.Descriptions))
	if e.Message != "" {
		parts = append(parts, e.Message)
	}
	for _, d := range e.Descriptions {
		if d != "" && d != e.Message {
			parts = append(parts, d)
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
	msg := fmt.Sprintf("Webex API answered %s with an unusable body: %s", statusText(e.StatusCode), e.Reason)
	if e.TrackingID != "" {
		msg += fmt.Sprintf(" [tracking id %s]", e.TrackingID)
	}
	return msg
}

// ErrInvalidID is returned before any request for an id that cannot be a
// single path segment of a Webex URL.
var ErrInvalidID = errors.New("invalid Webex id")

// IsStatus reports whether err is an APIError with the given status.
func IsStatus(err error, status int) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == status
}

func statusText(code int) string {
	if text := http.StatusText(code); text != "" {
		return fmt.Sprintf("%d %s", code, text)
	}
	return fmt.Sprintf("HTTP %d", code)
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
// error with the status and the tracking id header.
func decodeAPIError(resp *http.Response, body []byte, readErr error) *APIError {
	apiErr := &APIError{
		StatusCode: resp.StatusCode,
		TrackingID: resp.Header.Get(trackingIDHeader),
	}
	if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
		apiErr.RetryAfter = d
	}
	switch {
	case readErr != nil:
		apiErr.BodyProblem = readErr.Error()
	case len(body) == 0:
		// Nothing more to say; the status speaks for itself.
	case !isJSONMediaType(resp.Header.Get("Content-Type")):
		apiErr.BodyProblem = fmt.Sprintf("the body was %s, not a Webex error document", describeMediaType(resp.Header.Get("Content-Type")))
	default:
		var doc webexErrorBody
		if err := json.Unmarshal(body, &doc); err != nil {
			apiErr.BodyProblem = "the body was not a valid Webex error document"
			break
		}
		apiErr.Message = redact(doc.Message)
		for _, e := range doc.Errors {
			apiErr.Descriptions = append(apiErr.Descriptions, redact(e.Description))
		}
		if doc.TrackingID != "" {
			apiErr.TrackingID = doc.TrackingID
		}
	}
	return apiErr
}
