package webex

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"syscall"
	"time"

	"resenje.org/singleflight"
)

// RefreshCredentials are traded for access tokens as reads need them, at
// POST {BaseURL}/access_token (RFC 6749's refresh grant).
type RefreshCredentials struct {
	ClientID     string
	ClientSecret string
	RefreshToken string
}

// authenticator gives the access token of each request.
type authenticator interface {
	token(ctx context.Context) (string, error)
	// renew forgets stale, a token Webex refused; false when a new one
	// cannot help.
	renew(stale string) bool
}

// staticToken is an access token given as is.
type staticToken string

func (t staticToken) token(context.Context) (string, error) { return string(t), nil }
func (staticToken) renew(string) bool                       { return false }

// refreshingToken obtains access tokens when a read needs one: one token
// request at a time for every read of the client, whose outcome every
// waiting read gets. A failure (a refusal, or a transient failure that
// outlived its retries) is kept for the rest of the run, so that no read
// starts its own round of attempts.
type refreshingToken struct {
	client    *Client
	creds     RefreshCredentials
	url       *url.URL
	http      *http.Client // the token endpoint's: no redirects
	refreshes singleflight.Group[string, string]

	mu           sync.Mutex
	refreshToken string // the newest Webex gave
	current      string
	renewAt      time.Time
	failed       *TokenError
	// After a 401, renewPending marks the next token as renewed; when that
	// one is refused too, renewing stops helping (noRenewal).
	renewPending bool
	renewed      string
	noRenewal    bool
	// expiry is when the refresh token expires, as Webex last said;
	// expiryTold is set once RefreshTokenNotice has told it.
	expiry     time.Time
	expiryTold bool
}

const (
	// minTokenUse: an endpoint handing out expired tokens is not asked
	// again for every request.
	minTokenUse = time.Second
	// maxIssuedTokenLength: Webex's are a few hundred characters.
	maxIssuedTokenLength = 2 << 10
	// maxTokenLife is the longest life span believed.
	maxTokenLife = 100 * 365 * 24 * time.Hour
)

func newRefreshingToken(c *Client, creds RefreshCredentials, transport http.RoundTripper) *refreshingToken {
	return &refreshingToken{
		client: c, creds: creds, url: c.baseURL.JoinPath("access_token"), refreshToken: creds.RefreshToken,
		http: &http.Client{Transport: transport, CheckRedirect: func(*http.Request, []*http.Request) error {
			// The form carries the client secret: it goes nowhere but base_url.
			return &redirectError{reason: "the token endpoint answered with a redirect, which is not followed: the client secret is only sent to base_url"}
		}},
	}
}

func (t *refreshingToken) token(ctx context.Context) (string, error) {
	if token, err, ok := t.cached(); ok {
		return token, err
	}
	token, _, err := t.refreshes.Do(ctx, "", t.refresh)
	if err != nil && ctx.Err() != nil {
		return "", &CancelledError{Cause: ctx.Err()}
	}
	return token, err
}

// cached is the current token or the failure kept, if any.
func (t *refreshingToken) cached() (string, error, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	switch {
	case t.failed != nil:
		kept := *t.failed
		kept.Remembered = true
		return "", &kept, true
	case t.current != "" && time.Now().Before(t.renewAt):
		return t.current, nil, true
	}
	return "", nil, false
}

// refresh obtains a token for every read waiting; ctx ends when they have
// all gone. Transient failures (no answer, a refused connection, 5xx, 429,
// 423) are tried again within max_retries and retry_timeout.
func (t *refreshingToken) refresh(shared context.Context) (string, error) {
	if token, err, ok := t.cached(); ok {
		return token, err // a refresh that ended as this one began
	}
	ctx, cancel := context.WithTimeout(shared, t.client.retryTimeout)
	defer cancel()
	start, wait := time.Now(), t.client.retryWaitMin
	for attempt := 1; ; attempt++ {
		answer, e, asked, transient := t.request(ctx)
		if e == nil {
			return t.keep(answer, start, attempt)
		}
		delay := max(asked, wait)
		if transient && attempt <= t.client.maxRetries && fitsBudget(ctx, delay) && sleep(ctx, delay) == nil {
			wait = min(2*wait, t.client.retryWaitMax)
			continue
		}
		if shared.Err() != nil {
			return "", &CancelledError{Cause: shared.Err()} // not kept: nobody waits
		}
		switch {
		case ctx.Err() != nil:
			e.Reason += fmt.Sprintf("; retry_timeout (%s) ran out", t.client.retryTimeout)
		case transient && attempt <= t.client.maxRetries && asked >= wait: // its wait did not fit
			e.Reason += fmt.Sprintf("; it asked to wait %s, longer than retry_timeout leaves", asked.Round(time.Second))
		case transient && attempt <= t.client.maxRetries: // the backoff did not fit
			e.Reason += fmt.Sprintf("; retry_timeout (%s) leaves no time to wait %s for another try", t.client.retryTimeout, delay)
		case transient:
			e.Reason += "; max_retries ran out"
		}
		return "", t.fail(e, start, attempt)
	}
}

func (t *refreshingToken) fail(e *TokenError, start time.Time, attempts int) *TokenError {
	e.Attempts, e.Elapsed = attempts, time.Since(start)
	t.mu.Lock()
	defer t.mu.Unlock()
	t.failed = e
	return e
}

// tokenAnswer is the token endpoint's JSON: a token, or RFC 6749's error.
type tokenAnswer struct {
	AccessToken           string      `json:"access_token"`
	ExpiresIn             json.Number `json:"expires_in"`
	RefreshToken          string      `json:"refresh_token"`
	RefreshTokenExpiresIn json.Number `json:"refresh_token_expires_in"`
	Error                 string      `json:"error"`
	ErrorDescription      string      `json:"error_description"`
}

// request sends one token request, bounded by request_timeout, and says
// whether a failure is transient and how long the endpoint asked to wait.
func (t *refreshingToken) request(ctx context.Context) (tokenAnswer, *TokenError, time.Duration, bool) {
	c := t.client
	ctx, cancel := context.WithTimeout(ctx, c.requestTimeout)
	defer cancel()
	t.mu.Lock()
	form := url.Values{"grant_type": {"refresh_token"}, "client_id": {t.creds.ClientID},
		"client_secret": {t.creds.ClientSecret}, "refresh_token": {t.refreshToken}}
	t.mu.Unlock()
	var a tokenAnswer
	req, err := c.newRequest(ctx, request{method: http.MethodPost, url: t.url, body: []byte(form.Encode()),
		header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}}, "")
	if err == nil {
		var resp *http.Response
		if resp, err = t.http.Do(req); err == nil {
			defer resp.Body.Close()
			var body []byte
			if body, err = readBody(resp); err == nil {
				wait, _ := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
				code := resp.StatusCode // transient: 5xx, 429 and 423
				return a, t.answer(resp, body, &a), wait, code >= 500 || code == http.StatusTooManyRequests || code == http.StatusLocked
			}
		}
	}
	e := c.transportError(err)
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		e.Reason, e.Retried = fmt.Sprintf("no answer within request_timeout (%s)", c.requestTimeout), true
	}
	var redirect *redirectError
	return a, &TokenError{Reason: "the token endpoint could not be used: " + e.Reason},
		0, (e.Retried || errors.Is(err, syscall.ECONNREFUSED)) && !errors.As(err, &redirect)
}

// answer decodes the token endpoint's answer into a; nil for a token.
func (t *refreshingToken) answer(resp *http.Response, body []byte, a *tokenAnswer) *TokenError {
	c := t.client.creds
	jsonErr := json.Unmarshal(body, a)
	if resp.StatusCode == http.StatusOK && jsonErr == nil && a.AccessToken != "" && a.Error == "" {
		return nil
	}
	e := &TokenError{StatusCode: resp.StatusCode, TrackingID: field(c, resp.Header.Get(trackingIDHeader), trackingIDPattern),
		Code: field(c, a.Error, oauthCodePattern), Description: serverText(c, a.ErrorDescription)}
	e.Reason = "the token endpoint answered " + StatusText(resp.StatusCode)
	switch {
	case e.Code != "":
		e.Reason += " with " + e.Code
	case jsonErr != nil:
		e.Reason += " with a body that is not a JSON token answer"
	case resp.StatusCode == http.StatusOK:
		e.Reason += " without an access token"
	}
	if e.Description != "" {
		e.Reason += ": " + e.Description
	}
	return e
}

// keep makes a's token the current one.
func (t *refreshingToken) keep(a tokenAnswer, start time.Time, attempts int) (string, error) {
	if len(a.AccessToken) > maxIssuedTokenLength {
		return "", t.fail(&TokenError{Reason: "the token endpoint issued an access token longer than any Webex token"}, start, attempts)
	}
	if err := CheckAccessToken(a.AccessToken); err != nil {
		return "", t.fail(&TokenError{Reason: "the token endpoint issued an access token that cannot be used: " + err.Error()}, start, attempts)
	}
	// Whatever Webex hands out is a credential from now on.
	t.client.creds.add(false, a.AccessToken, a.RefreshToken)
	now := time.Now()
	t.mu.Lock()
	defer t.mu.Unlock()
	t.current, t.renewAt = a.AccessToken, now.Add(100*365*24*time.Hour) // without expires_in: until refused
	if life, ok := lifeSpan(a.ExpiresIn); ok {
		// A tenth of its life early, at most a minute: no request goes
		// out with a token about to lapse.
		t.renewAt = now.Add(life - min(time.Minute, life/10))
	}
	if t.renewAt.Before(now.Add(minTokenUse)) {
		t.renewAt = now.Add(minTokenUse)
	}
	if a.RefreshToken != "" && len(a.RefreshToken) <= maxIssuedTokenLength && CheckAccessToken(a.RefreshToken) == nil {
		t.refreshToken = a.RefreshToken
	}
	if life, ok := lifeSpan(a.RefreshTokenExpiresIn); ok && life > 0 {
		t.expiry = now.Add(life)
	}
	if t.renewPending {
		t.renewed, t.renewPending = a.AccessToken, false
	}
	return t.current, nil
}

// lifeSpan is a number of seconds the token endpoint gave, capped.
func lifeSpan(n json.Number) (time.Duration, bool) {
	s, err := n.Float64()
	if err != nil || s == 0 {
		return 0, false
	}
	return time.Duration(min(s, maxTokenLife.Seconds()) * float64(time.Second)), true
}

func (t *refreshingToken) renew(stale string) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.noRenewal || stale == t.renewed {
		t.noRenewal = true
		return false
	}
	if t.current == stale {
		t.current, t.renewPending = "", true
	}
	return true
}

// RefreshTokenNotice is when the refresh token expires, as the token
// endpoint said: once per client, after the first token that said so.
func (c *Client) RefreshTokenNotice() (time.Time, bool) {
	t, ok := c.auth.(*refreshingToken)
	if !ok {
		return time.Time{}, false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.expiry.IsZero() || t.expiryTold {
		return time.Time{}, false
	}
	t.expiryTold = true
	return t.expiry, true
}
