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

	"golang.org/x/sync/singleflight"
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

	trackingIDHeader = "TrackingID"
)

// Logger receives the client's diagnostic events. The provider routes them
// to terraform-plugin-log; the client itself never writes anywhere.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
}

// Config holds what a Client needs. Zero values take the defaults above.
type Config struct {
	BaseURL     string
	AccessToken string
	UserAgent   string

	MaxRetries     int
	RequestTimeout time.Duration
	RetryTimeout   time.Duration
	RetryWaitMin   time.Duration
	RetryWaitMax   time.Duration

	Logger Logger
	// Transport replaces the HTTP transport, for tests.
	Transport http.RoundTripper
}

// Client talks to one Webex API root with one token. It is safe for
// concurrent use, and concurrent reads share its pacing.
type Client struct {
	baseURL   *url.URL
	token     string
	userAgent string

	maxRetries   int
	retryTimeout time.Duration
	retryWaitMin time.Duration
	retryWaitMax time.Duration

	http   *http.Client
	logger Logger
	pacer  *pacer
	// reads lets identical reads in flight share one request; recordings
	// keeps what they returned for the life of the client, which Terraform
	// creates anew for every plan and apply, so N data sources naming one
	// recording cost one request per run.
	reads      singleflight.Group
	recordings sync.Map // read key → *Recording

	// maxListResults and maxListPages are MaxListResults and MaxListPages;
	// tests lower them.
	maxListResults int
	maxListPages   int
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
	if strings.TrimSpace(cfg.AccessToken) == "" {
		return nil, errors.New("an access token is required")
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
		baseURL:      base,
		token:        cfg.AccessToken,
		userAgent:    cfg.UserAgent,
		maxRetries:   cfg.MaxRetries,
		retryTimeout: orDefault(cfg.RetryTimeout, DefaultRetryTimeout),
		retryWaitMin: orDefault(cfg.RetryWaitMin, DefaultRetryWaitMin),
		retryWaitMax: orDefault(cfg.RetryWaitMax, DefaultRetryWaitMax),
		logger:       cfg.Logger,
		pacer:        newPacer(),

		maxListResults: MaxListResults,
		maxListPages:   MaxListPages,
	}
	if c.userAgent == "" {
		c.userAgent = "terraform-provider-webex"
	}
	if c.logger == nil {
		c.logger = nopLogger{}
	}
	transport := cfg.Transport
	if transport == nil {
		transport = newTransport(orDefault(cfg.RequestTimeout, DefaultRequestTimeout))
	}
	c.http = &http.Client{
		Transport:     transport,
		Timeout:       orDefault(cfg.RequestTimeout, DefaultRequestTimeout),
		CheckRedirect: checkRedirect,
	}
	return c, nil
}

func orDefault(d, def time.Duration) time.Duration {
	if d == 0 {
		return def
	}
	return d
}

type nopLogger struct{}

func (nopLogger) Debug(context.Context, string, map[string]any) {}

// ParseBaseURL accepts an https URL, or an http URL whose host is a
// loopback address (for local simulators). Anything else would send the
// bearer token in clear text over a network.
func ParseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("base URL %q is not a valid URL: %w", raw, err)
	}
	if u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, fmt.Errorf("base URL %q must be an absolute https URL such as %s", raw, DefaultBaseURL)
	}
	if u.User != nil {
		return nil, fmt.Errorf("base URL %q must not contain credentials; set the access token instead", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("base URL %q must not have a query or fragment", raw)
	}
	if u.Scheme == "http" && !isLoopbackHost(u.Hostname()) {
		return nil, fmt.Errorf("base URL %q uses http, which would send the access token unencrypted; use https (http is allowed only for loopback addresses such as 127.0.0.1 or localhost)", raw)
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
	if len(via) >= 5 {
		return &redirectError{reason: "stopped after 5 redirects"}
	}
	first := via[0]
	if first.URL.Scheme == "https" && req.URL.Scheme != "https" {
		return &redirectError{reason: "refusing to follow a redirect from https to " + req.URL.Scheme}
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

// newRequest is the one place that builds requests to Webex.
func (c *Client) newRequest(ctx context.Context, u *url.URL, header http.Header) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	for k, vs := range header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	return req, nil
}
