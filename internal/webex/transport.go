package webex

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/cenkalti/backoff/v5"
)

// response is a 2xx answer, read in full.
type response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
	redactor   *Redactor
}

// unusable is the error for a 2xx answer whose body cannot be used, its
// reason in the client's words; each piece the server sent goes in
// through r.server. The shapes are redacted again once the pieces are in
// place: %q writes a tab as `\t`, whose t can finish a "ticket".
func (r *response) unusable(format string, args ...any) *ResponseError {
	return &ResponseError{
		StatusCode:  r.StatusCode,
		TrackingID:  serverText(r.redactor, r.Header.Get(trackingIDHeader), maxTrackingIDLength),
		ContentType: serverText(r.redactor, r.Header.Get("Content-Type"), maxMessageLength),
		Reason:      redactShapes(fmt.Sprintf(format, args...)),
	}
}

// server is a piece of text the server sent, redacted and cut.
func (r *response) server(s string) string { return serverText(r.redactor, s, maxMessageLength) }

// errBodyTooLarge marks a body past MaxResponseBytes.
var errBodyTooLarge = fmt.Errorf("the body is larger than %d MiB", MaxResponseBytes>>20)

// get sends one logical GET: it paces, retries what the retry policy
// allows, and returns a 2xx answer or the error of the last attempt.
//
// Retry policy, in one place:
//   - 429 and 423 wait for Retry-After (seconds or HTTP date); every other
//     read of this client waits too. Without the header: exponential backoff.
//   - 502, 503, 504, reset connections and timeouts: exponential backoff
//     with jitter (503 honours a Retry-After when present).
//   - everything else (400, 401, 403, 404, 410, 500, a refused
//     connection, an unknown host, TLS failures, ...): no retry.
//   - bounded by MaxRetries and RetryTimeout; a Retry-After beyond the
//     remaining time ends the read at once instead of sleeping into it,
//     and so does a hold that another read's Retry-After set.
func (c *Client) get(ctx context.Context, segments []string, query url.Values, header http.Header) (*response, error) {
	u, err := c.endpoint(segments, query)
	if err != nil {
		return nil, err
	}
	return c.getURL(ctx, u, header)
}

// getURL is get for a URL that is already built: one from endpoint, or a
// pagination link that checkNextLink has accepted. Every request to Webex
// goes through here, so every one is paced and retried the same way.
func (c *Client) getURL(ctx context.Context, u *url.URL, header http.Header) (*response, error) {
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, c.retryTimeout)
	defer cancel()

	attempts := 0
	renewed := false
	var lastErr error
	operation := func() (*response, error) {
		if err := c.pacer.wait(ctx); err != nil {
			return nil, backoff.Permanent(err)
		}
		attempts++
		resp, token, err := c.attempt(ctx, u, header, attempts)
		if !renewed && isStatus401(err) && c.auth.renew(token) {
			// The token expired before its time, or was revoked: a new
			// one may do, once, whatever max_retries says.
			renewed = true
			attempts++
			resp, _, err = c.attempt(ctx, u, header, attempts)
		}
		if err != nil {
			lastErr = err
		}
		return resp, err
	}
	policy := &backoff.ExponentialBackOff{
		InitialInterval:     c.retryWaitMin,
		RandomizationFactor: 0.5,
		Multiplier:          2,
		MaxInterval:         c.retryWaitMax,
	}
	resp, err := backoff.Retry(ctx, operation,
		backoff.WithBackOff(policy),
		backoff.WithMaxTries(uint(c.maxRetries)+1),
		backoff.WithMaxElapsedTime(c.retryTimeout),
		backoff.WithNotify(func(err error, wait time.Duration) {
			c.logger.Debug(ctx, "Webex request will be retried", map[string]any{
				"path":    c.redactor.Redact(u.EscapedPath()),
				"attempt": attempts,
				"wait":    wait.String(),
				"reason":  err.Error(),
			})
		}),
	)
	if err == nil {
		return resp, nil
	}

	var apiErr *APIError
	if errors.As(err, &apiErr) {
		apiErr.Attempts = attempts
	}
	var hold *HoldError
	switch {
	case parent.Err() != nil:
		return nil, &CancelledError{Attempts: attempts, Last: lastErrIfDifferent(lastErr, err), Cause: parent.Err()}
	case errors.As(err, &hold):
		return nil, hold
	case ctx.Err() != nil && (errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)):
		return nil, &RetryTimeoutError{Timeout: c.retryTimeout, Attempts: attempts, Last: lastErr}
	case apiErr != nil:
		return nil, apiErr
	}
	return nil, err
}

func lastErrIfDifferent(last, final error) error {
	if last == nil || errors.Is(final, last) {
		return nil
	}
	return last
}

func isStatus401(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusUnauthorized
}

// attempt sends the request once, and says which token it sent. Errors
// it returns are wrapped for backoff.Retry: permanent, retry-after, or
// plain (retry with backoff).
func (c *Client) attempt(ctx context.Context, u *url.URL, header http.Header, n int) (*response, string, error) {
	token, err := c.auth.token(ctx)
	if err != nil {
		return nil, "", backoff.Permanent(err)
	}
	resp, err := c.send(ctx, u, header, token, n)
	return resp, token, err
}

// send sends the request once with token.
func (c *Client) send(ctx context.Context, u *url.URL, header http.Header, token string, n int) (*response, error) {
	req, err := c.newRequest(ctx, u, header, token)
	if err != nil {
		return nil, backoff.Permanent(c.transportError(err))
	}
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		transportErr := c.transportError(err)
		c.logger.Debug(ctx, "Webex request failed", map[string]any{
			"method":   req.Method,
			"path":     c.redactor.Redact(u.EscapedPath()),
			"attempt":  n,
			"duration": time.Since(start).String(),
			"error":    transportErr.Error(),
		})
		if ctx.Err() != nil || !transportErr.Retried {
			return nil, backoff.Permanent(transportErr)
		}
		return nil, transportErr
	}
	defer resp.Body.Close()
	body, readErr := readBody(resp)

	fields := map[string]any{
		"method":      req.Method,
		"path":        c.redactor.Redact(u.EscapedPath()),
		"status":      resp.StatusCode,
		"attempt":     n,
		"duration":    time.Since(start).String(),
		"tracking_id": serverText(c.redactor, resp.Header.Get(trackingIDHeader), maxTrackingIDLength),
	}
	if readErr != nil {
		fields["body_error"] = c.redactor.Redact(readErr.Error())
	}
	c.logger.Debug(ctx, "Webex request", fields)

	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		ok := &response{StatusCode: resp.StatusCode, Header: resp.Header, Body: body, redactor: c.redactor}
		switch {
		case errors.Is(readErr, errBodyTooLarge):
			return nil, backoff.Permanent(ok.unusable("%s", readErr.Error()))
		case readErr != nil:
			// The connection broke mid-body: retried when it is a reset
			// or a timeout, like a failure before the answer.
			transportErr := c.transportError(readErr)
			transportErr.Reason = "reading the response body: " + transportErr.Reason
			if !transportErr.Retried {
				return nil, backoff.Permanent(transportErr)
			}
			return nil, transportErr
		}
		c.pacer.succeeded()
		return ok, nil
	}

	apiErr := decodeAPIError(c.redactor, resp, body, readErr)
	apiErr.Attempts = n
	if resp.StatusCode == http.StatusTooManyRequests {
		// Every read of this client holds back and slows down, not only this one.
		c.pacer.rateLimited(apiErr.RetryAfter)
	} else {
		c.pacer.succeeded()
	}
	switch {
	case asksToWait(resp.StatusCode):
		if apiErr.RetryAfter <= 0 {
			return nil, apiErr
		}
		c.pacer.hold(resp.StatusCode, apiErr.RetryAfter)
		if !fitsBudget(ctx, apiErr.RetryAfter) {
			return nil, backoff.Permanent(&HoldError{StatusCode: resp.StatusCode, RetryAfter: apiErr.RetryAfter, APIError: apiErr})
		}
		return nil, &retryAfterError{APIError: apiErr}
	case resp.StatusCode == http.StatusBadGateway || resp.StatusCode == http.StatusGatewayTimeout:
		return nil, apiErr
	}
	return nil, backoff.Permanent(apiErr)
}

// asksToWait: Webex did nothing with the request, and may say when to
// come back (429, 423, 503).
func asksToWait(code int) bool {
	return code == http.StatusTooManyRequests || code == http.StatusLocked || code == http.StatusServiceUnavailable
}

// fitsBudget reports whether ctx leaves time to wait d.
func fitsBudget(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return !ok || time.Until(deadline) >= d
}

// retryAfterError carries the APIError to the caller and the server's
// wait to backoff.Retry.
type retryAfterError struct{ *APIError }

func (e *retryAfterError) Unwrap() []error {
	return []error{e.APIError, &backoff.RetryAfterError{Duration: e.RetryAfter}}
}

// transportError turns a request that got no answer into a
// *TransportError that says what went wrong, and whether it may pass on a
// retry: only reset or broken connections and timeouts do. A refused
// connection, an unknown host, a TLS failure or a request Go refuses to
// send will fail the same way every time.
func (c *Client) transportError(err error) *TransportError {
	// The host the request went to: base_url's, or a redirect's.
	host := c.baseURL.Host
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		if u, perr := url.Parse(urlErr.URL); perr == nil && u.Host != "" {
			host = u.Host
		}
	}
	check := "check base_url"
	if !strings.EqualFold(host, c.baseURL.Host) {
		check = "a redirect from base_url led there"
	}
	// Only what the server may have chosen is redacted (a redirect's host,
	// Go's words that quote the answer), so the client's words stay whole.
	server := func(s string) string { return serverText(c.redactor, s, maxMessageLength) }
	host, detail := server(host), server(lastLine(err))
	var reason string
	retried := false
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	var unknownAuthority x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalidCert x509.CertificateInvalidError
	var recordErr tls.RecordHeaderError
	var redirect *redirectError
	var netErr net.Error
	switch {
	case errors.As(err, &redirect):
		reason = "a redirect was refused: " + server(redirect.reason)
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		reason = fmt.Sprintf("the host %s was not found (DNS); %s", server(dnsErr.Name), check)
	case errors.Is(err, syscall.ECONNREFUSED):
		reason = fmt.Sprintf("the connection to %s was refused: nothing accepts connections there; %s", host, check)
	case errors.As(err, &certErr), errors.As(err, &unknownAuthority), errors.As(err, &hostErr), errors.As(err, &invalidCert):
		reason = fmt.Sprintf("the TLS certificate of %s is not trusted (%s); %s, or the proxy in between", host, detail, check)
	case errors.As(err, &recordErr), strings.Contains(lastLine(err), "server gave HTTP response to HTTPS client"):
		reason = fmt.Sprintf("%s answered an https request in plain http; base_url says https, but the port serves http", host)
	case errors.As(err, &netErr) && netErr.Timeout():
		reason, retried = fmt.Sprintf("no answer from %s in time (%s)", host, detail), true
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNABORTED), errors.Is(err, syscall.EPIPE),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), isHTTP2Reset(err):
		reason, retried = fmt.Sprintf("the connection to %s broke (%s)", host, detail), true
	default:
		reason = detail
	}
	return &TransportError{Reason: reason, Retried: retried, err: err}
}

// isHTTP2Reset reports a request that an HTTP/2 server reset or abandoned
// (RST_STREAM, GOAWAY): a reset connection of HTTP/1.1 by another name.
// net/http's HTTP/2 errors are not exported, hence their text, without
// the URL (which a redirect lets the server choose).
func isHTTP2Reset(err error) bool {
	text := lastLine(err)
	return strings.Contains(text, "stream error: stream ID") || strings.Contains(text, "http2: server sent GOAWAY") ||
		strings.Contains(text, "http2: client connection lost")
}

// lastLine is the innermost reason of an error chain such as
// `Get "https://...": dial tcp 127.0.0.1:1: connect: connection refused`,
// without the URL that url.Error puts in front.
func lastLine(err error) string {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		return urlErr.Err.Error()
	}
	return err.Error()
}

// redirectError is a redirect the client refuses to follow.
type redirectError struct{ reason string }

func (e *redirectError) Error() string { return e.reason }

// readBody reads at most MaxResponseBytes, and fails fast when the
// declared length is already past it.
func readBody(resp *http.Response) ([]byte, error) {
	if resp.ContentLength > MaxResponseBytes {
		return nil, errBodyTooLarge
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxResponseBytes+1))
	if err != nil {
		return body, err
	}
	if len(body) > MaxResponseBytes {
		return nil, errBodyTooLarge
	}
	return body, nil
}

func isJSONMediaType(contentType string) bool {
	mediaType, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	return mediaType == "application/json" || strings.HasSuffix(mediaType, "+json")
}

func describeMediaType(r *Redactor, contentType string) string {
	if contentType == "" {
		return "without a Content-Type"
	}
	if mediaType, _, err := mime.ParseMediaType(contentType); err == nil {
		return serverText(r, mediaType, maxMessageLength)
	}
	return redactShapes(fmt.Sprintf("of Content-Type %q", serverText(r, contentType, maxMessageLength)))
}

// maxRetryAfterSeconds caps a Retry-After at a day; any budget ends first.
const maxRetryAfterSeconds = 24 * 60 * 60

// parseRetryAfter reads a Retry-After value: delay-seconds or an HTTP date.
func parseRetryAfter(value string, now time.Time) (time.Duration, bool) {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0, false
	}
	if seconds, err := strconv.ParseInt(value, 10, 64); err == nil {
		if seconds < 0 {
			return 0, false
		}
		// Cap absurd values so the multiplication cannot overflow.
		return time.Duration(min(seconds, maxRetryAfterSeconds)) * time.Second, true
	} else if errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(value, "-") {
		// Too many digits for int64: longer than any budget.
		return maxRetryAfterSeconds * time.Second, true
	}
	when, err := http.ParseTime(value)
	if err != nil {
		return 0, false
	}
	if d := when.Sub(now); d > 0 {
		return min(d, maxRetryAfterSeconds*time.Second), true
	}
	return 0, true
}
