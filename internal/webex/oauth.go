package webex

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// RefreshCredentials authenticate with an OAuth refresh token, as an
// integration or a service app does: the client obtains access tokens from
// POST {BaseURL}/access_token and renews them as they expire.
type RefreshCredentials struct {
	ClientID     string
	ClientSecret string
	RefreshToken string
}

// authenticator gives the access token of each request.
type authenticator interface {
	// token is the access token to send now.
	token(ctx context.Context) (string, error)
	// renew forgets stale, a token Webex refused, so the next request gets
	// a new one; it reports whether a new one can be had at all.
	renew(stale string) bool
}

// staticToken is an access token given as is.
type staticToken string

func (t staticToken) token(context.Context) (string, error) { return string(t), nil }
func (staticToken) renew(string) bool                       { return false }

// refreshingToken obtains access tokens with a refresh token, one at a
// time for all reads of the client, and keeps each until shortly before it
// expires. golang.org/x/oauth2 speaks the protocol (the form, the answer,
// the error document); the caching is here so that a token Webex refuses
// can be dropped, and a wait for the token ends with the caller's context.
type refreshingToken struct {
	config   oauth2.Config
	http     *http.Client // the token endpoint's: no redirects, retries only where safe
	redactor *Redactor

	lock         chan struct{} // held while reading or renewing the token
	refreshToken string        // the newest Webex gave
	current      *oauth2.Token
	renewAt      time.Time
	// refreshExpiry is when the refresh token expires, as the last
	// answer said; zero when it did not say.
	refreshExpiry time.Time

	mu sync.Mutex // guards refreshExpiry for readers outside the lock
}

// Webex answers refresh_token_expires_in beside the standard fields.
const refreshTokenExpiresIn = "refresh_token_expires_in"

func newRefreshingToken(base *url.URL, creds RefreshCredentials, httpClient *http.Client, redactor *Redactor) *refreshingToken {
	return &refreshingToken{
		config: oauth2.Config{
			ClientID:     creds.ClientID,
			ClientSecret: creds.ClientSecret,
			Endpoint: oauth2.Endpoint{
				TokenURL: base.JoinPath("access_token").String(),
				// Webex takes client_id and client_secret as form fields.
				AuthStyle: oauth2.AuthStyleInParams,
			},
		},
		http:         httpClient,
		redactor:     redactor,
		lock:         make(chan struct{}, 1),
		refreshToken: creds.RefreshToken,
	}
}

func (t *refreshingToken) token(ctx context.Context) (string, error) {
	select {
	case t.lock <- struct{}{}:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	defer func() { <-t.lock }()
	if t.current != nil && time.Now().Before(t.renewAt) {
		return t.current.AccessToken, nil
	}
	tok, err := t.config.TokenSource(context.WithValue(ctx, oauth2.HTTPClient, t.http),
		&oauth2.Token{RefreshToken: t.refreshToken}).Token()
	if err != nil {
		return "", t.tokenError(ctx, err)
	}
	if err := checkIssuedToken(tok.AccessToken); err != nil {
		return "", &TokenError{Reason: "the token endpoint issued an access token that cannot be used: " + err.Error()}
	}
	// Whatever Webex hands out is a secret from now on.
	t.redactor.addIssued(tok.AccessToken, tok.RefreshToken)
	if tok.RefreshToken != "" && checkIssuedToken(tok.RefreshToken) == nil {
		t.refreshToken = tok.RefreshToken
	}
	now := time.Now()
	t.current, t.renewAt = tok, renewTime(now, tok.Expiry)
	if earliest := now.Add(minTokenUse); t.renewAt.Before(earliest) {
		t.renewAt = earliest
	}
	if seconds, ok := numberExtra(tok, refreshTokenExpiresIn); ok {
		t.mu.Lock()
		t.refreshExpiry = now.Add(time.Duration(seconds) * time.Second)
		t.mu.Unlock()
	}
	return tok.AccessToken, nil
}

const (
	// minTokenUse is how long an issued token is used at least, whatever
	// its expires_in says, so that a token endpoint answering tokens that
	// are already expired cannot be asked again for every request; a 401
	// still renews it.
	minTokenUse = time.Second
	// maxIssuedTokenLength bounds an issued token: Webex's are a few
	// hundred characters.
	maxIssuedTokenLength = 8 << 10
	// maxRefreshTokenLife is the longest refresh token life believed.
	maxRefreshTokenLife = 100 * 365 * 24 * time.Hour
)

// checkIssuedToken refuses a token no request could carry, or too long
// to be one. Its errors never repeat the token.
func checkIssuedToken(token string) error {
	if len(token) > maxIssuedTokenLength {
		return fmt.Errorf("it is %d bytes long, more than any access token", len(token))
	}
	return CheckAccessToken(token)
}

// renewTime is when to stop using a token that expires at expiry: a tenth
// of its life early, at most a minute, so that no request goes out with a
// token about to lapse. A token without an expiry is kept.
func renewTime(now, expiry time.Time) time.Time {
	if expiry.IsZero() {
		return now.Add(100 * 365 * 24 * time.Hour)
	}
	return expiry.Add(-min(time.Minute, expiry.Sub(now)/10))
}

func (t *refreshingToken) renew(stale string) bool {
	t.lock <- struct{}{}
	defer func() { <-t.lock }()
	if t.current != nil && t.current.AccessToken == stale {
		t.current = nil
	}
	return true
}

// expiry is when the refresh token expires, if Webex said.
func (t *refreshingToken) expiry() (time.Time, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.refreshExpiry, !t.refreshExpiry.IsZero()
}

// numberExtra is a field of the token answer that holds seconds: a JSON
// number, or a number in a form-encoded answer. Values that cannot be a
// life span (negative, not finite, absurd) count as absent.
func numberExtra(tok *oauth2.Token, key string) (float64, bool) {
	var n float64
	switch v := tok.Extra(key).(type) {
	case float64:
		n = v
	case int64:
		n = float64(v)
	case string:
		if _, err := fmt.Sscan(v, &n); err != nil {
			return 0, false
		}
	default:
		return 0, false
	}
	if math.IsNaN(n) || n <= 0 || n > maxRefreshTokenLife.Seconds() {
		return 0, false
	}
	return n, true
}

// tokenError turns a failed token request into a *TokenError whose text
// holds no secret (the answer's body may echo them).
func (t *refreshingToken) tokenError(ctx context.Context, err error) error {
	switch {
	case errors.Is(ctx.Err(), context.Canceled):
		return &CancelledError{Cause: ctx.Err()}
	case ctx.Err() != nil:
		return &TokenError{Reason: "the token endpoint did not answer in time (retry_timeout)"}
	}
	var retrieve *oauth2.RetrieveError
	if errors.As(err, &retrieve) {
		// The answer's fields are the server's: redacted and cut one by
		// one, around the client's own words.
		e := &TokenError{Code: serverText(t.redactor, retrieve.ErrorCode, maxTrackingIDLength)}
		if retrieve.Response != nil {
			e.StatusCode = retrieve.Response.StatusCode
			e.TrackingID = serverText(t.redactor, retrieve.Response.Header.Get(trackingIDHeader), maxTrackingIDLength)
		}
		e.Reason = "the token endpoint answered " + StatusText(e.StatusCode)
		if e.Code != "" {
			e.Reason += " with " + e.Code
		}
		if retrieve.ErrorDescription != "" {
			e.Reason += ": " + serverText(t.redactor, retrieve.ErrorDescription, maxMessageLength)
		}
		if retrieve.Response != nil && asksToWait(e.StatusCode) {
			if wait, ok := parseRetryAfter(retrieve.Response.Header.Get("Retry-After"), time.Now()); ok && wait > 0 {
				why := "max_retries ran out"
				if !fitsBudget(ctx, wait) {
					why = "longer than retry_timeout leaves"
				}
				e.Reason += fmt.Sprintf(" (it asked to wait %s; %s)", wait.Round(time.Second), why)
			}
		}
		// The code and the description, joined by ": ", can form a shape
		// that neither has alone.
		e.Reason = redactShapes(e.Reason)
		return e
	}
	var transportErr *TransportError
	if errors.As(err, &transportErr) {
		return &TokenError{Reason: "the token endpoint could not be reached: " + transportErr.Reason}
	}
	return &TokenError{Reason: "the token endpoint could not be used: " +
		serverText(t.redactor, strings.TrimPrefix(lastLine(err), "oauth2: cannot fetch token: "), maxMessageLength)}
}

// tokenEndpointTransport sends token requests. A refresh request may have
// rotated the refresh token once it reached Webex, so it is only sent
// again when it surely did not: on 429, 423 or 503 (Webex did nothing,
// and may say when to come back) and when a connection timed out before
// it was made. Its failures come back as *TransportError.
type tokenEndpointTransport struct {
	client *Client
	base   http.RoundTripper
}

func (t *tokenEndpointTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	wait := t.client.retryWaitMin
	for attempt := 0; ; attempt++ {
		try := req.Clone(ctx)
		if attempt > 0 && req.GetBody != nil {
			body, err := req.GetBody()
			if err != nil {
				return nil, err
			}
			try.Body = body
		}
		// Each attempt, body included, is bounded by request_timeout.
		attemptCtx, cancel := context.WithTimeout(ctx, t.client.requestTimeout)
		resp, err := t.base.RoundTrip(try.WithContext(attemptCtx))
		if err != nil {
			cancel()
		} else {
			resp.Body = attemptBody{resp.Body, attemptCtx, cancel, t.client.requestTimeout}
		}
		delay, again := retryTokenRequest(resp, err, wait)
		if again && attempt < t.client.maxRetries && fitsBudget(ctx, delay) {
			if resp != nil {
				resp.Body.Close()
			}
			if err := sleep(ctx, delay); err != nil {
				return nil, t.client.transportError(err)
			}
			wait = min(2*wait, t.client.retryWaitMax)
			continue
		}
		if err != nil {
			return nil, t.client.transportError(err)
		}
		return resp, nil
	}
}

// retryTokenRequest says whether a token request may be sent again, and
// after how long.
func retryTokenRequest(resp *http.Response, err error, backoff time.Duration) (time.Duration, bool) {
	var opErr *net.OpError
	switch {
	case err != nil:
		return backoff, errors.As(err, &opErr) && opErr.Op == "dial" && opErr.Timeout()
	case asksToWait(resp.StatusCode):
		if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return d, true
		}
		return backoff, true
	}
	return 0, false
}

// attemptBody is the body of one attempt: closing it ends the attempt's
// context, and a read that the attempt's deadline cut says so.
type attemptBody struct {
	io.ReadCloser
	ctx     context.Context
	cancel  context.CancelFunc
	timeout time.Duration
}

func (b attemptBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF && errors.Is(b.ctx.Err(), context.DeadlineExceeded) {
		err = fmt.Errorf("no answer within request_timeout (%s)", b.timeout)
	}
	return n, err
}

func (b attemptBody) Close() error {
	defer b.cancel()
	return b.ReadCloser.Close()
}
