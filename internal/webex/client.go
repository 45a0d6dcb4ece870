// Package webex is a small client for the Webex recordings API. It knows
// nothing of Terraform: it builds requests, retries what may be retried,
// paces itself under rate limits and turns answers into typed values and
// typed errors.
package webex

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"golang.org/x/net/http/httpguts"
	"resenje.org/singleflight"
)

const (
	// DefaultBaseURL is the commercial Webex API root.
	DefaultBaseURL = "https://webexapis.com/v1"
	// FedRAMPBaseURL is the Webex for Government API root.
	FedRAMPBaseURL = "https://api-usgov.webex.com/v1"

	// DefaultMaxRetries is how many times a read is retried after the first attempt.
	DefaultMaxRetries = 10
	// DefaultRequestTimeout bounds one attempt, body included.
	DefaultRequestTimeout = 30 * time.Second
	// DefaultRetryTimeout bounds one read across all attempts and waits.
	DefaultRetryTimeout = 5 * time.Minute
	// DefaultRetryWaitMin is the first backoff step without a Retry-After.
	DefaultRetryWaitMin = 1 * time.Second
	// DefaultRetryWaitMax caps one backoff step without a Retry-After.
	DefaultRetryWaitMax = 30 * time.Second

	// MaxResponseBytes caps a response body. A recording is a few KiB of
	// JSON; anything past this is refused rather than held in memory.
	MaxResponseBytes = 4 << 20

	// ReadReuseWindow is how long a data source read's answer serves
	// identical reads: long enough for the duplicates of one plan, which
	// Terraform reads together, and short enough that a read Terraform
	// makes after a resource changed the recording (depends_on) asks
	// Webex again.
	ReadReuseWindow = time.Second

	// maxRedirects is how many redirects one request follows.
	maxRedirects = 5

	trackingIDHeader = "TrackingID"
)

// Logger receives the client's diagnostic events. The provider routes them
// to terraform-plugin-log; the client itself never writes anywhere.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
}

// Config holds what a Client needs. Zero values take the defaults above.
// It authenticates with AccessToken or with Refresh, exactly one.
type Config struct {
	BaseURL     string
	AccessToken string
	Refresh     *RefreshCredentials
	UserAgent   string

	MaxRetries     int
	RequestTimeout time.Duration
	RetryTimeout   time.Duration
	RetryWaitMin   time.Duration
	RetryWaitMax   time.Duration

	Logger Logger
	// Redactor hides the secrets of this run in every error and log line;
	// nil makes one that knows AccessToken or Refresh's secrets. Either
	// way it learns every token the client obtains.
	Redactor *Redactor
	// Transport replaces the HTTP transport, for tests.
	Transport http.RoundTripper
}

// Client talks to one Webex API root with one identity. It is safe for
// concurrent use, and concurrent reads share its pacing and its token.
type Client struct {
	baseURL   *url.URL
	auth      authenticator
	userAgent string

	maxRetries     int
	requestTimeout time.Duration
	retryTimeout   time.Duration
	retryWaitMin   time.Duration
	retryWaitMax   time.Duration

	http     *http.Client
	logger   Logger
	redactor *Redactor
	pacer    *pacer
	// reads lets identical reads in flight share one request, which stops
	// when the last of them gives up; answers keeps what data source reads
	// returned for ReadReuseWindow, so N data sources naming one recording
	// in one plan cost one request.
	reads   singleflight.Group[string, *Recording]
	answers sync.Map // read key → rememberedAnswer

	// maxListResults, maxListPages and maxListBytes are MaxListResults,
	// MaxListPages and MaxListBytes; tests lower them.
	maxListResults int
	maxListPages   int
	maxListBytes   int
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
	for name, d := range map[string]time.Duration{
		"request timeout": cfg.RequestTimeout,
		"retry timeout":   cfg.RetryTimeout,
		"retry wait min":  cfg.RetryWaitMin,
		"retry wait max":  cfg.RetryWaitMax,
	} {
		if d < 0 {
			return nil, fmt.Errorf("%s must not be negative, got %s", name, d)
		}
	}
	c := &Client{
		baseURL:        base,
		userAgent:      cfg.UserAgent,
		maxRetries:     cfg.MaxRetries,
		requestTimeout: orDefault(cfg.RequestTimeout, DefaultRequestTimeout),
		retryTimeout:   orDefault(cfg.RetryTimeout, DefaultRetryTimeout),
		retryWaitMin:   orDefault(cfg.RetryWaitMin, DefaultRetryWaitMin),
		retryWaitMax:   orDefault(cfg.RetryWaitMax, DefaultRetryWaitMax),
		logger:         cfg.Logger,
		redactor:       cfg.Redactor,
		pacer:          newPacer(),

		maxListResults: MaxListResults,
		maxListPages:   MaxListPages,
		maxListBytes:   MaxListBytes,
	}
	if c.userAgent == "" {
		c.userAgent = "terraform-provider-webex"
	}
	if c.logger == nil {
		c.logger = nopLogger{}
	}
	if c.redactor == nil {
		c.redactor = NewRedactor()
	}
	transport := cfg.Transport
	if transport == nil {
		transport = newTransport(c.requestTimeout)
	}
	c.http = &http.Client{
		Transport:     transport,
		Timeout:       c.requestTimeout,
		CheckRedirect: checkRedirect,
	}
	if cfg.Refresh == nil {
		c.redactor.Add(accessToken)
		c.auth = staticToken(accessToken)
		return c, nil
	}
	c.redactor.Add(cfg.Refresh.ClientSecret, cfg.Refresh.RefreshToken)
	tokenHTTP := &http.Client{
		Transport: &tokenEndpointTransport{client: c, base: transport},
		// The form carries the client secret: it goes nowhere but the
		// token endpoint.
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return &redirectError{reason: "the token endpoint answered with a redirect, which is not followed: the client secret is only sent to base_url"}
		},
	}
	c.auth = newRefreshingToken(base, *cfg.Refresh, tokenHTTP, c.redactor)
	return c, nil
}

// Authenticate obtains an access token now, when the client uses refresh
// credentials, so that a refused or unreachable token endpoint shows once,
// before any read. With an access token it does nothing.
func (c *Client) Authenticate(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, c.retryTimeout)
	defer cancel()
	_, err := c.auth.token(ctx)
	return err
}

// RefreshTokenExpiry is when the refresh token expires, as the token
// endpoint last said; false when it did not say or there is none.
func (c *Client) RefreshTokenExpiry() (time.Time, bool) {
	if t, ok := c.auth.(*refreshingToken); ok {
		return t.expiry()
	}
	return time.Time{}, false
}

func orDefault(d, def time.Duration) time.Duration {
	if d == 0 {
		return def
	}
	return d
}

type nopLogger struct{}

func (nopLogger) Debug(context.Context, string, map[string]any) {}

// CheckAccessToken refuses an access token that no request could carry:
// empty, or holding a character an HTTP header cannot (a line break from
// a file, say). Its errors never repeat the token.
func CheckAccessToken(token string) error {
	if strings.TrimSpace(token) == "" {
		return errors.New("the access token is empty")
	}
	if !httpguts.ValidHeaderFieldValue("Bearer " + token) {
		for i, r := range token {
			if r < ' ' && r != '\t' || r == 0x7f {
				return fmt.Errorf("the access token holds a control character (%U) at position %d, which an HTTP header cannot carry; "+
					"copy the token again, without line breaks", r, i+1)
			}
		}
		return errors.New("the access token holds characters an HTTP header cannot carry")
	}
	return nil
}

// ParseBaseURL accepts an https URL, or an http URL whose host is a
// loopback address (for local simulators). Anything else would send the
// bearer token in clear text over a network. Its errors never repeat
// credentials written into the URL.
func ParseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("the base URL is not a valid URL (%s); write it like %s", lastLine(err), DefaultBaseURL)
	}
	if u.User != nil {
		return nil, errors.New("the base URL must not contain a user name or password; remove them (the provider " +
			"authenticates with the access token, and a proxy takes its credentials from HTTPS_PROXY)")
	}
	shown := u.String()
	if u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("base URL %q must be an absolute https URL such as %s", shown, DefaultBaseURL)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("base URL %q must not have a query or fragment", describeURL(u))
	}
	if u.Scheme == "http" && !isLoopbackHost(u.Hostname()) {
		return nil, fmt.Errorf("base URL %q uses http, which would send the access token unencrypted; use https (http is allowed only for loopback addresses such as 127.0.0.1 or localhost)", shown)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u, nil
}

func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// newTransport sets the timeouts a provider needs so that no phase of a
// request can hang a terraform run.
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

// checkRedirect drops the Authorization header whenever a redirect leaves
// the original host (Go's default keeps it for subdomains) and refuses to
// follow a redirect from https to http.
func checkRedirect(req *http.Request, via []*http.Request) error {
	// via holds the requests sent so far: the original and each redirect
	// followed, so a 6th redirect finds maxRedirects+1 of them.
	if len(via) > maxRedirects {
		return &redirectError{reason: fmt.Sprintf("more than %d redirects in a row", maxRedirects)}
	}
	first := via[0]
	if first.URL.Scheme == "https" && req.URL.Scheme != "https" {
		return &redirectError{reason: fmt.Sprintf("refusing to follow a redirect from https to %s://%s", req.URL.Scheme, req.URL.Host)}
	}
	if !strings.EqualFold(req.URL.Host, first.URL.Host) {
		req.Header.Del("Authorization")
	}
	return nil
}

// endpoint builds the URL of baseURL + path segments. Each segment is
// escaped on its own, so an id can never add segments or climb the path.
func (c *Client) endpoint(segments []string, query url.Values) (*url.URL, error) {
	u := *c.baseURL
	rawPath := u.EscapedPath()
	path := u.Path
	for _, s := range segments {
		if s == "" || s == "." || s == ".." {
			return nil, fmt.Errorf("%w %q: it must be a non-empty single path segment", ErrInvalidID, s)
		}
		path += "/" + s
		rawPath += "/" + url.PathEscape(s)
	}
	u.Path, u.RawPath = path, rawPath
	if len(query) > 0 {
		u.RawQuery = query.Encode()
	}
	return &u, nil
}

// Redactor is the client's redactor, for the callers' own text.
func (c *Client) Redactor() *Redactor { return c.redactor }

// newRequest is the one place that builds requests to Webex; token is
// the access token to send.
func (c *Client) newRequest(ctx context.Context, u *url.URL, header http.Header, token string) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	for k, vs := range header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	return req, nil
}
