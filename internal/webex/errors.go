package webex

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Every error the client returns is one of these, or wraps one with the
// page of a list. Server text in them went through serverText.

// StatusText is "404 Not Found" for 404: how errors name a status.
func StatusText(code int) string {
	if text := http.StatusText(code); text != "" {
		return fmt.Sprintf("%d %s", code, text)
	}
	return fmt.Sprintf("%d", code)
}

// APIError is a non-2xx answer.
type APIError struct {
	StatusCode int
	// Message and Descriptions are "message" and "errors[].description".
	Message      string
	Descriptions []string
	TrackingID   string
	// RetryAfter is what a Retry-After header asked for, zero when absent.
	RetryAfter time.Duration
	// Attempts is how many requests were sent before giving up.
	Attempts int
	// BodyProblem says why the body was not a Webex error document.
	BodyProblem string
}

func (e *APIError) Error() string {
	msg := "Webex API answered " + StatusText(e.StatusCode)
	if detail := e.Detail(); detail != "" {
		msg += ": " + detail
	}
	if e.BodyProblem != "" {
		msg += " (" + e.BodyProblem + ")"
	}
	if e.Attempts > 1 {
		msg += fmt.Sprintf(" after %d attempts", e.Attempts)
	}
	return msg + trackingSuffix(e.TrackingID)
}

// Detail joins the message and the descriptions that add to it, each
// without its closing full stop.
func (e *APIError) Detail() string {
	var parts []string
	seen := map[string]bool{}
	for _, p := range append([]string{e.Message}, e.Descriptions...) {
		p = strings.TrimRight(strings.TrimSpace(p), ".")
		if key := strings.ToLower(p); key != "" && !seen[key] {
			seen[key] = true
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, "; ")
}

func trackingSuffix(id string) string {
	if id == "" {
		return ""
	}
	return " [tracking id " + id + "]"
}

// ResponseError is a 2xx answer whose body cannot be used.
type ResponseError struct {
	StatusCode int
	TrackingID string
	Reason     string
}

func (e *ResponseError) Error() string {
	return fmt.Sprintf("Webex API answered %s with an unusable body: %s%s", StatusText(e.StatusCode), e.Reason, trackingSuffix(e.TrackingID))
}

// HoldError is a read that stopped instead of waiting for a Retry-After
// past its retry_timeout: its own answer's (APIError), or for 429 and 503
// another read's, which holds every read of the client.
type HoldError struct {
	StatusCode int
	RetryAfter time.Duration
	APIError   *APIError
}

func (e *HoldError) Error() string {
	who, tracking := "another read", ""
	if e.APIError != nil {
		who, tracking = "this read", trackingSuffix(e.APIError.TrackingID)
	}
	return fmt.Sprintf("Webex answered %s to %s with Retry-After %s, longer than the retry timeout leaves; the read stopped instead of waiting%s",
		StatusText(e.StatusCode), who, e.RetryAfter.Round(time.Second), tracking)
}

func (e *HoldError) Unwrap() error {
	if e.APIError == nil {
		return nil
	}
	return e.APIError
}

// TransportError is a request that got no HTTP answer.
type TransportError struct {
	Reason  string
	Retried bool // a reset or a timeout, which the client retries
	err     error
}

func (e *TransportError) Error() string { return e.Reason }

// Unwrap gives errors.Is the original error (context.Canceled, say).
func (e *TransportError) Unwrap() error { return e.err }

// TokenError says no access token could be had from the token endpoint.
type TokenError struct {
	// Code is the OAuth error ("invalid_grant", "invalid_client"), if any.
	Code, Description  string
	StatusCode         int
	TrackingID, Reason string
	// Attempts and Elapsed are the token requests made and their time.
	Attempts int
	Elapsed  time.Duration
	// Remembered: an earlier read got this error; the client asks no more.
	Remembered bool
}

func (e *TokenError) Error() string {
	return fmt.Sprintf("obtaining an access token: %s (%d token request(s) in %s)%s",
		e.Reason, e.Attempts, e.Elapsed.Round(100*time.Millisecond), trackingSuffix(e.TrackingID))
}

// CancelledError is a read that stopped because its caller gave up.
type CancelledError struct{ Cause error }

func (e *CancelledError) Error() string { return "the read was cancelled" }

func (e *CancelledError) Unwrap() error { return e.Cause }

// RetryTimeoutError is a read that used up retry_timeout.
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

// ErrInvalidID: an id that cannot be one path segment, refused unsent.
var ErrInvalidID = errors.New("invalid Webex id")

// Errors a PaginationError wraps.
var (
	ErrRepeatedNextLink  = errors.New("the next link repeats a page already read")
	ErrForeignNextLink   = errors.New("the next link points to another host")
	ErrInvalidNextLink   = errors.New("the next link is not a valid URL")
	ErrTooManyPages      = errors.New("the list has too many pages")
	ErrTooManyRecordings = errors.New("the list has too many recordings")
)

// PaginationError is a list that could not be followed to its end: a next
// link could not be trusted, or the list grew past its bounds.
type PaginationError struct {
	Page   int // the page (from 1) whose Link header was at fault
	Err    error
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

// Bounds on server text: Webex's messages are a sentence or two.
const (
	maxMessageLength = 1 << 10
	maxDescriptions  = 10
)

var (
	trackingIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$`)
	oauthCodePattern  = regexp.MustCompile(`^[a-z][a-z_]{0,39}$`)
	mediaTypePattern  = regexp.MustCompile(`^[a-z0-9][a-z0-9.+-]{0,39}/[a-z0-9][a-z0-9.+-]{0,79}$`)
)

// field is a structured field of the server's: kept when it matches
// pattern and quotes no credential, else dropped.
func field(c *credentials, s string, pattern *regexp.Regexp) string {
	if !pattern.MatchString(s) || c.quotedIn(s) {
		return ""
	}
	return s
}

// describeMediaType names a Content-Type in an error.
func describeMediaType(c *credentials, contentType string) string {
	if contentType == "" {
		return "without a Content-Type"
	}
	if t := field(c, strings.ToLower(strings.TrimSpace(strings.Split(contentType, ";")[0])), mediaTypePattern); t != "" {
		return t
	}
	return "of an unrecognised Content-Type"
}

// decodeAPIError is the one place that turns a non-2xx answer into an
// APIError, whatever its body.
func decodeAPIError(c *credentials, resp *http.Response, body []byte, readErr error) *APIError {
	e := &APIError{StatusCode: resp.StatusCode, TrackingID: field(c, resp.Header.Get(trackingIDHeader), trackingIDPattern)}
	if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
		e.RetryAfter = d
	}
	var doc struct {
		Message string `json:"message"`
		Errors  []struct {
			Description string `json:"description"`
		} `json:"errors"`
		TrackingID string `json:"trackingId"`
	}
	switch {
	case readErr != nil:
		e.BodyProblem = serverText(c, readErr.Error())
	case len(body) == 0:
	case !isJSON(resp.Header.Get("Content-Type")):
		e.BodyProblem = fmt.Sprintf("the body was %s, not a Webex error document", describeMediaType(c, resp.Header.Get("Content-Type")))
	case json.Unmarshal(body, &doc) != nil:
		e.BodyProblem = "the body was not a valid Webex error document"
	default:
		e.Message = serverText(c, doc.Message)
		for _, d := range doc.Errors[:min(len(doc.Errors), maxDescriptions)] {
			e.Descriptions = append(e.Descriptions, serverText(c, d.Description))
		}
		if id := field(c, doc.TrackingID, trackingIDPattern); id != "" {
			e.TrackingID = id
		}
	}
	return e
}

// printable replaces what a terminal acts on in server text: control
// characters, bidirectional and other format marks, invalid UTF-8.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return ' '
		} else if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return utf8.RuneError
		}
		return r
	}, strings.ToValidUTF8(s, string(utf8.RuneError)))
}
