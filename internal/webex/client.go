// Package webex is a client for the Webex recordings API. It knows nothing
// of Terraform: it builds requests, retries, paces itself under rate
// limits, and turns answers into typed values and typed errors.
package webex

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/net/http/httpguts"
	"resenje.org/singleflight"
)

const (
	DefaultBaseURL = "https://webexapis.com/v1"       // commercial
	FedRAMPBaseURL = "https://api-usgov.webex.com/v1" // Webex for Government

	DefaultMaxRetries     = 10
	DefaultRequestTimeout = 30 * time.Second
	DefaultRetryTimeout   = 5 * time.Minute
	DefaultRetryWaitMin   = 1 * time.Second
	DefaultRetryWaitMax   = 30 * time.Second

	// MaxResponseBytes caps a body; a page of 100 recordings is 200 KiB.
	MaxResponseBytes = 4 << 20

	// ReadReuseWindow is how long an answer serves identical data source
	// reads: the duplicates of one plan, not a read after a change.
	ReadReuseWindow = time.Second

	maxRedirects     = 5
	trackingIDHeader = "TrackingID"
)

// Logger receives the client's events; it writes nowhere itself.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
}

// Config holds what a Client needs; zero values take the defaults. It
// authenticates with AccessToken or with Refresh, exactly one.
type Config struct {
	BaseURL     string
	AccessToken string
	Refresh     *RefreshCredentials
	UserAgent   string

	MaxRetries     int
	RequestTimeout time.Duration // one attempt, body included
	RetryTimeout   time.Duration // one request across its attempts and waits
	RetryWaitMin   time.Duration // the first backoff step
	RetryWaitMax   time.Duration // the longest backoff step

	Logger Logger
	// Transport replaces the HTTP transport, for tests.
	Transport http.RoundTripper
}

// Client talks to one Webex API root with one identity. It is safe for
// concurrent use, and concurrent reads share its pacing and its token.
type Client struct {
	baseURL   *url.URL
	auth      authenticator
	userAgent string
	creds     *credentials

	maxRetries     int
	requestTimeout time.Duration
	retryTimeout   time.Duration
	retryWaitMin   time.Duration
	retryWaitMax   time.Duration

	http   *http.Client
	logger Logger
	pacer  *pacer
	// reads lets identical reads in flight share one request; answers
	// keeps data source answers for ReadReuseWindow.
	reads   singleflight.Group[string, *Recording]
	answers sync.Map // read key → rememberedAnswer
	// noQuery: the query endpoints answered 404 or 405, so lists use GET;
	// noGet: a GET list answered 404 or 410, so lists use the query ones.
	noQuery, noGet atomic.Bool

	// The list bounds, which tests lower.
	maxListResults, maxListPages, maxListBytes int
}

// New checks cfg and returns a Client. It sends nothing.
func New(cfg Config) (*Client, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	base, err := ParseBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	accessToken := strings.TrimSpace(cfg.AccessToken)
	switch {
	case cfg.Refresh != nil && accessToken != "":
		return nil, errors.New("give an access token or refresh credentials, not both")
	case cfg.Refresh != nil:
		if cfg.Refresh.ClientID == "" || cfg.Refresh.ClientSecret == "" || cfg.Refresh.RefreshToken == "" {
			return nil, errors.New("refresh credentials need a client id, a client secret and a refresh token")
		}
	default:
		if err := CheckAccessToken(accessToken); err != nil {
			return nil, err
		}
	}
	if cfg.MaxRetries < 0 {
		return nil, fmt.Errorf("max retries must be zero or more, got %d", cfg.MaxRetries)
	}
	for _, d := range []time.Duration{cfg.RequestTimeout, cfg.RetryTimeout, cfg.RetryWaitMin, cfg.RetryWaitMax} {
		if d < 0 {
			return nil, fmt.Errorf("timeouts and waits must not be negative, got %s", d)
		}
	}
	c := &Client{
		baseURL:        base,
		userAgent:      cmp.Or(cfg.UserAgent, "terraform-provider-webex"),
		creds:          &credentials{},
		maxRetries:     cfg.MaxRetries,
		requestTimeout: cmp.Or(cfg.RequestTimeout, DefaultRequestTimeout),
		retryTimeout:   cmp.Or(cfg.RetryTimeout, DefaultRetryTimeout),
		retryWaitMin:   cmp.Or(cfg.RetryWaitMin, DefaultRetryWaitMin),
		retryWaitMax:   cmp.Or(cfg.RetryWaitMax, DefaultRetryWaitMax),
		logger:         cmp.Or[Logger](cfg.Logger, nopLogger{}),
		pacer:          newPacer(),
		maxListResults: MaxListResults,
		maxListPages:   MaxListPages,
		maxListBytes:   MaxListBytes,
	}
	transport := cmp.Or[http.RoundTripper](cfg.Transport, newTransport(c.requestTimeout))
	c.http = &http.Client{Transport: transport, Timeout: c.requestTimeout, CheckRedirect: checkRedirect}
	c.creds.add(true, accessToken)
	c.auth = staticToken(accessToken)
	if cfg.Refresh != nil {
		c.creds.add(true, cfg.Refresh.ClientSecret, cfg.Refresh.RefreshToken)
		c.auth = newRefreshingToken(c, *cfg.Refresh, transport)
	}
	return c, nil
}

// Credentials returns the credentials the client was given, for log masks.
func (c *Client) Credentials() []string {
	c.creds.mu.RLock()
	defer c.creds.mu.RUnlock()
	return slices.Clone(c.creds.given)
}

type nopLogger struct{}

func (nopLogger) Debug(context.Context, string, map[string]any) {}

// CheckAccessToken refuses an access token no request could carry: empty,
// or holding a character an HTTP header cannot (a line break from a file).
// Its errors never repeat the token.
func CheckAccessToken(token string) error {
	if strings.TrimSpace(token) == "" {
		return errors.New("the access token is empty")
	}
	if httpguts.ValidHeaderFieldValue("Bearer " + token) {
		return nil
	}
	for i, r := range token {
		if r < ' ' && r != '\t' || r == 0x7f {
			return fmt.Errorf("the access token holds a control character (%U) at position %d, which an HTTP header cannot carry; "+
				"copy the token again, without line breaks", r, i+1)
		}
	}
	return errors.New("the access token holds characters an HTTP header cannot carry")
}

// ParseBaseURL accepts an https URL, or http to a loopback address (local
// simulators). Its errors never repeat credentials written into the URL.
func ParseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	switch {
	case err != nil:
		return nil, fmt.Errorf("the base URL is not a valid URL (%s); write it like %s", lastLine(err), DefaultBaseURL)
	case u.User != nil:
		return nil, errors.New("the base URL must not contain a user name or password; remove them (the provider " +
			"authenticates with the access token, and a proxy takes its credentials from HTTPS_PROXY)")
	case u.Host == "" || (u.Scheme != "https" && u.Scheme != "http"):
		return nil, fmt.Errorf("base URL %q must be an absolute https URL such as %s", u.String(), DefaultBaseURL)
	case u.RawQuery != "" || u.Fragment != "":
		return nil, fmt.Errorf("base URL %q must not have a query or fragment", originOf(u)+u.EscapedPath())
	case u.Scheme == "http" && !isLoopbackHost(u.Hostname()):
		return nil, fmt.Errorf("base URL %q uses http, which would send the access token unencrypted; use https "+
			"(http is allowed only for loopback addresses such as 127.0.0.1 or localhost)", u.String())
	}
	u.Path, u.RawPath = strings.TrimRight(u.Path, "/"), ""
	return u, nil
}

func isLoopbackHost(host string) bool {
	ip := net.ParseIP(host)
	return strings.EqualFold(host, "localhost") || ip != nil && ip.IsLoopback()
}

// newTransport bounds every phase of a request, so none can hang a run.
func newTransport(requestTimeout time.Duration) *http.Transport {
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   32,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: requestTimeout,
		ExpectContinueTimeout: 1 * time.Second,
	}
}

// checkRedirect drops Authorization whenever a redirect leaves the
// original host (Go keeps it for subdomains), and refuses https to http.
func checkRedirect(req *http.Request, via []*http.Request) error {
	// via holds the original and each redirect followed so far.
	if len(via) > maxRedirects {
		return &redirectError{reason: fmt.Sprintf("more than %d redirects in a row", maxRedirects)}
	}
	if via[0].URL.Scheme == "https" && req.URL.Scheme != "https" {
		return &redirectError{reason: fmt.Sprintf("refusing to follow a redirect from https to %s://%s", req.URL.Scheme, req.URL.Host)}
	}
	if !strings.EqualFold(req.URL.Host, via[0].URL.Host) {
		req.Header.Del("Authorization")
	}
	return nil
}

// endpoint is baseURL plus path segments, each escaped on its own so that
// an id can never add segments or climb the path.
func (c *Client) endpoint(query url.Values, segments ...string) (*url.URL, error) {
	u := *c.baseURL
	rawPath := u.EscapedPath()
	for _, s := range segments {
		if s == "" || s == "." || s == ".." {
			return nil, fmt.Errorf("%w %q: it must be a non-empty single path segment", ErrInvalidID, s)
		}
		u.Path += "/" + s
		rawPath += "/" + url.PathEscape(s)
	}
	u.RawPath, u.RawQuery = rawPath, query.Encode()
	return &u, nil
}

// newRequest is the one place that builds a request to Webex; token is the
// access token to send, none for the token endpoint.
func (c *Client) newRequest(ctx context.Context, r request, token string) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, r.method, r.url.String(), bytes.NewReader(r.body))
	if err != nil {
		return nil, err
	}
	for k, vs := range r.header {
		req.Header[k] = vs
	}
	if r.body != nil && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	return req, nil
}
