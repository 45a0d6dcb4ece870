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

// request is one logical request to Webex, all of whose attempts are paced
// and retried alike (docs/index.md's "Rate limits and retries").
type request struct {
	method string // GET, or POST with a JSON body
	url    *url.URL
	header http.Header
	body   []byte
}

// response is a 2xx answer, read in full.
type response struct {
	StatusCode int
	Header     http.Header
	Body       []byte
	creds      *credentials
}

// unusable is a 2xx answer's error; server text in args is r.server's.
func (r *response) unusable(format string, args ...any) *ResponseError {
	return &ResponseError{StatusCode: r.StatusCode, TrackingID: field(r.creds, r.Header.Get(trackingIDHeader), trackingIDPattern),
		Reason: fmt.Sprintf(format, args...)}
}

func (r *response) server(s string) string { return serverText(r.creds, s) }

// errBodyTooLarge marks a body past MaxResponseBytes.
var errBodyTooLarge = fmt.Errorf("the body is larger than %d MiB", MaxResponseBytes>>20)

// do sends req: paced, retried within MaxRetries and RetryTimeout, a
// refused token renewed once. It returns a 2xx answer or the last error.
func (c *Client) do(ctx context.Context, req request) (*response, error) {
	parent := ctx
	ctx, cancel := context.WithTimeout(ctx, c.retryTimeout)
	defer cancel()

	attempts, renewed := 0, false
	var lastErr error
	operation := func() (*response, error) {
		if err := c.pacer.wait(ctx); err != nil {
			return nil, backoff.Permanent(err)
		}
		attempts++
		resp, token, err := c.attempt(ctx, parent, req, attempts)
		if !renewed && isStatus(err, http.StatusUnauthorized) && c.auth.renew(token) {
			// The token expired before its time or was revoked: a new one
			// may do, once, whatever max_retries says.
			renewed = true
			attempts++
			resp, _, err = c.attempt(ctx, parent, req, attempts)
		}
		if err != nil {
			lastErr = err
		}
		return resp, err
	}
	resp, err := backoff.Retry(ctx, operation,
		backoff.WithBackOff(&backoff.ExponentialBackOff{InitialInterval: c.retryWaitMin, RandomizationFactor: 0.5, Multiplier: 2, MaxInterval: c.retryWaitMax}),
		backoff.WithMaxTries(uint(c.maxRetries)+1),
		backoff.WithMaxElapsedTime(c.retryTimeout),
		backoff.WithNotify(func(err error, wait time.Duration) {
			c.logger.Debug(ctx, "Webex request will be retried", map[string]any{
				"path": c.logPath(req.url), "attempt": attempts, "wait": wait.String(), "reason": err.Error()})
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
		return nil, &CancelledError{Cause: parent.Err()}
	case errors.As(err, &hold):
		return nil, hold
	case ctx.Err() != nil && (errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled)):
		return nil, &RetryTimeoutError{Timeout: c.retryTimeout, Attempts: attempts, Last: lastErr}
	case apiErr != nil:
		return nil, apiErr
	}
	return nil, err
}

func isStatus(err error, code int) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == code
}

// attempt sends req once and says with which token; its errors are
// wrapped for backoff.Retry: permanent, with a Retry-After, or plain.
func (c *Client) attempt(ctx, parent context.Context, req request, n int) (*response, string, error) {
	// A token is shared by every read: waiting for it ends when the read is
	// cancelled, not when its own retry_timeout does (the refresh has one).
	token, err := c.auth.token(parent)
	if err != nil {
		return nil, "", backoff.Permanent(err)
	}
	httpReq, err := c.newRequest(ctx, req, token)
	if err != nil {
		return nil, token, backoff.Permanent(c.transportError(err))
	}
	start := time.Now()
	fields := map[string]any{"method": req.method, "path": c.logPath(req.url), "attempt": n}
	resp, err := c.http.Do(httpReq)
	if err != nil {
		transportErr := c.transportError(err)
		fields["duration"], fields["error"] = time.Since(start).String(), transportErr.Error()
		c.logger.Debug(ctx, "Webex request failed", fields)
		if ctx.Err() != nil || !transportErr.Retried {
			return nil, token, backoff.Permanent(transportErr)
		}
		return nil, token, transportErr
	}
	defer resp.Body.Close()
	body, readErr := readBody(resp)
	fields["status"], fields["duration"] = resp.StatusCode, time.Since(start).String()
	fields["tracking_id"] = field(c.creds, resp.Header.Get(trackingIDHeader), trackingIDPattern)
	c.logger.Debug(ctx, "Webex request", fields)

	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		ok := &response{StatusCode: resp.StatusCode, Header: resp.Header, Body: body, creds: c.creds}
		switch {
		case errors.Is(readErr, errBodyTooLarge):
			return nil, token, backoff.Permanent(ok.unusable("%s", readErr.Error()))
		case readErr != nil:
			// The connection broke mid-body: retried like a failure before
			// the answer when it is a reset or a timeout.
			transportErr := c.transportError(readErr)
			transportErr.Reason = "reading the response body: " + transportErr.Reason
			if !transportErr.Retried {
				return nil, token, backoff.Permanent(transportErr)
			}
			return nil, token, transportErr
		}
		c.pacer.succeeded()
		return ok, token, nil
	}

	apiErr := decodeAPIError(c.creds, resp, body, readErr)
	apiErr.Attempts = n
	switch code := resp.StatusCode; code {
	case http.StatusTooManyRequests, http.StatusServiceUnavailable, http.StatusLocked:
		if code == http.StatusTooManyRequests {
			c.pacer.rateLimited(apiErr.RetryAfter)
		} else {
			c.pacer.succeeded()
		}
		if apiErr.RetryAfter <= 0 {
			return nil, token, apiErr
		}
		if code != http.StatusLocked {
			// Webex's limits for the token: every read of the client holds.
			c.pacer.hold(code, apiErr.RetryAfter)
		}
		if !fitsBudget(ctx, apiErr.RetryAfter) {
			return nil, token, backoff.Permanent(&HoldError{StatusCode: code, RetryAfter: apiErr.RetryAfter, APIError: apiErr})
		}
		return nil, token, &retryAfterError{APIError: apiErr}
	case http.StatusBadGateway, http.StatusGatewayTimeout:
		c.pacer.succeeded()
		return nil, token, apiErr
	}
	c.pacer.succeeded()
	return nil, token, backoff.Permanent(apiErr)
}

// logPath is a path for a log line; a next link's is the server's.
func (c *Client) logPath(u *url.URL) string {
	return serverText(c.creds, u.EscapedPath())
}

// fitsBudget reports whether ctx leaves time to wait d.
func fitsBudget(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return !ok || time.Until(deadline) >= d
}

// retryAfterError carries an APIError and its wait to backoff.Retry.
type retryAfterError struct{ *APIError }

func (e *retryAfterError) Unwrap() []error {
	return []error{e.APIError, &backoff.RetryAfterError{Duration: e.RetryAfter}}
}

// transportError says why a request got no answer, and whether a retry
// may help: only for resets and timeouts.
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
	server := func(s string) string { return serverText(c.creds, s) }
	host, detail := server(host), server(lastLine(err))
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	var unknownAuthority x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalidCert x509.CertificateInvalidError
	var recordErr tls.RecordHeaderError
	var redirect *redirectError
	var netErr net.Error
	e := &TransportError{Reason: detail, err: err}
	switch {
	case errors.As(err, &redirect):
		e.Reason = "a redirect was refused: " + server(redirect.reason)
	case errors.As(err, &dnsErr) && dnsErr.IsNotFound:
		e.Reason = fmt.Sprintf("the host %s was not found (DNS); %s", server(dnsErr.Name), check)
	case errors.Is(err, syscall.ECONNREFUSED):
		e.Reason = fmt.Sprintf("the connection to %s was refused: nothing accepts connections there; %s", host, check)
	case errors.As(err, &certErr), errors.As(err, &unknownAuthority), errors.As(err, &hostErr), errors.As(err, &invalidCert):
		e.Reason = fmt.Sprintf("the TLS certificate of %s is not trusted (%s); %s, or the proxy in between", host, detail, check)
	case errors.As(err, &recordErr), strings.Contains(lastLine(err), "server gave HTTP response to HTTPS client"):
		e.Reason = fmt.Sprintf("%s answered an https request in plain http; base_url says https, but the port serves http", host)
	case errors.As(err, &netErr) && netErr.Timeout():
		e.Reason, e.Retried = fmt.Sprintf("no answer from %s in time (%s)", host, detail), true
	case errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNABORTED), errors.Is(err, syscall.EPIPE),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), isHTTP2Reset(err):
		e.Reason, e.Retried = fmt.Sprintf("the connection to %s broke (%s)", host, detail), true
	}
	return e
}

// isHTTP2Reset reports an HTTP/2 reset or abandoned stream, by the text of
// net/http's unexported errors (without the URL, which the server chose).
func isHTTP2Reset(err error) bool {
	text := lastLine(err)
	return strings.Contains(text, "stream error: stream ID") || strings.Contains(text, "http2: server sent GOAWAY") ||
		strings.Contains(text, "http2: client connection lost")
}

// lastLine is an error's innermost reason, without url.Error's URL.
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

// readBody reads at most MaxResponseBytes.
func readBody(resp *http.Response) ([]byte, error) {
	if resp.ContentLength > MaxResponseBytes {
		return nil, errBodyTooLarge
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxResponseBytes+1))
	if err == nil && len(body) > MaxResponseBytes {
		return nil, errBodyTooLarge
	}
	return body, err
}

func isJSON(contentType string) bool {
	t, _, err := mime.ParseMediaType(contentType)
	return err == nil && (t == "application/json" || strings.HasSuffix(t, "+json"))
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
		return time.Duration(min(seconds, maxRetryAfterSeconds)) * time.Second, true
	} else if errors.Is(err, strconv.ErrRange) && !strings.HasPrefix(value, "-") {
		return maxRetryAfterSeconds * time.Second, true // too many digits: longer than any budget
	}
	when, err := http.ParseTime(value)
	if err != nil {
		return 0, false
	}
	return min(max(when.Sub(now), 0), maxRetryAfterSeconds*time.Second), true
}
