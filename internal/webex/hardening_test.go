package webex

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

// A Retry-After that no read can outlive fails the read that got it at
// once, naming the status and the wait. For 429 and 503, Webex's limits
// for the token, every read behind the hold fails at once too; a 423 is
// one recording's lock, and the other reads go on.
func TestHold_longRetryAfterFailsAtOnce(t *testing.T) {
	for _, status := range []int{http.StatusTooManyRequests, http.StatusLocked, http.StatusServiceUnavailable} {
		t.Run(StatusText(status), func(t *testing.T) {
			sim, baseURL := startSimulator(t)
			if err := sim.FailNext(simulator.ExampleRecordingID, 1, status, "3600"); err != nil {
				t.Fatal(err)
			}
			c := newTestClient(t, baseURL, simulator.UserToken, func(cfg *Config) { cfg.RetryTimeout = 20 * time.Second })
			ctx := context.Background()
			start := time.Now()
			_, err := c.GetRecording(ctx, simulator.ExampleRecordingID, GetRecordingOptions{})
			var hold *HoldError
			if !errors.As(err, &hold) || hold.APIError == nil || hold.StatusCode != status || hold.RetryAfter != time.Hour ||
				!strings.Contains(err.Error(), "this read with Retry-After 1h0m0s") {
				t.Fatalf("first read: err = %v, want this read's HoldError for %d with Retry-After 1h", err, status)
			}
			var wg sync.WaitGroup
			for _, id := range []string{simulator.SharedRecordingID, simulator.DeletedRecordingID, simulator.PreventDownloadRecordingID} {
				wg.Go(func() {
					_, err := c.GetRecording(ctx, id, GetRecordingOptions{})
					var hold *HoldError
					switch {
					case status == http.StatusLocked && err != nil:
						t.Errorf("read of %s beside a locked recording: %v, want it read", id, err)
					case status != http.StatusLocked && (!errors.As(err, &hold) || hold.APIError != nil || hold.StatusCode != status ||
						!strings.Contains(err.Error(), "Retry-After 1h0m0s") || !strings.Contains(err.Error(), "another read")):
						t.Errorf("read of %s behind the hold: err = %v, want a HoldError naming %d and the hour", id, err, status)
					}
				})
			}
			wg.Wait()
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("took %s; every read should end at once", d)
			}
			if n, want := len(sim.Requests()), map[bool]int{true: 4, false: 1}[status == http.StatusLocked]; n != want {
				t.Errorf("%d requests, want %d", n, want)
			}
		})
	}
}

// A Retry-After too large for int64 is longer than any budget, not absent.
func TestHold_hugeRetryAfterIsLong(t *testing.T) {
	sim, baseURL := startSimulator(t)
	if err := sim.FailNext(simulator.ExampleRecordingID, 1, http.StatusTooManyRequests, "99999999999999999999999"); err != nil {
		t.Fatal(err)
	}
	c := newTestClient(t, baseURL, simulator.UserToken)
	_, err := c.GetRecording(context.Background(), simulator.ExampleRecordingID, GetRecordingOptions{})
	var hold *HoldError
	if !errors.As(err, &hold) || hold.RetryAfter < time.Hour {
		t.Errorf("err = %v, want a HoldError with a long Retry-After", err)
	}
	if n := len(sim.Requests()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

// Failures that no retry can fix fail on the first attempt, saying what
// is wrong; only resets and timeouts are retried.
func TestTransport_permanentFailuresAreNotRetried(t *testing.T) {
	// A port nothing listens on.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + l.Addr().String() + "/v1"
	l.Close()
	// An https base URL at a port that speaks plain http.
	plain := httptest.NewServer(http.NotFoundHandler())
	defer plain.Close()
	httpsToHTTP := strings.Replace(plain.URL, "http://", "https://", 1) + "/v1"

	dnsFailure := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return nil, &net.OpError{Op: "dial", Net: "tcp", Err: &net.DNSError{Err: "no such host", Name: r.URL.Hostname(), IsNotFound: true}}
	})
	cases := []struct {
		name      string
		baseURL   string
		transport http.RoundTripper
		want      string
	}{
		{"connection refused", closed, nil, "was refused"},
		{"https to an http port", httpsToHTTP, nil, "answered an https request in plain http"},
		{"unknown host", "https://nonexistent.example.invalid/v1", dnsFailure, "the host nonexistent.example.invalid was not found (DNS)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			calls := 0
			transport := tc.transport
			if transport == nil {
				transport = http.DefaultTransport
			}
			c := newTestClient(t, tc.baseURL, simulator.UserToken, func(cfg *Config) {
				cfg.MaxRetries, cfg.RetryTimeout = 10, 30*time.Second
				cfg.Transport = roundTripFunc(func(r *http.Request) (*http.Response, error) { calls++; return transport.RoundTrip(r) })
			})
			start := time.Now()
			_, err := c.GetRecording(context.Background(), simulator.ExampleRecordingID, GetRecordingOptions{})
			var transportErr *TransportError
			if !errors.As(err, &transportErr) || transportErr.Retried || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want a TransportError saying %q", err, tc.want)
			}
			if calls != 1 || time.Since(start) > 2*time.Second {
				t.Errorf("%d attempts in %s, want 1 at once", calls, time.Since(start))
			}
		})
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// A token a header cannot carry is refused before any request, without
// repeating it; surrounding white space (a token read from a file) is
// dropped.
func TestNew_accessTokenHygiene(t *testing.T) {
	for _, token := range []string{"abc\ndef", "abc\x00def", "abc\rdef", "   "} {
		if _, err := New(Config{AccessToken: token}); err == nil || strings.Contains(err.Error(), "abc") {
			t.Errorf("token %q: err = %v, want a refusal that does not repeat the token", token, err)
		}
	}
	sim, baseURL := startSimulator(t)
	c := newTestClient(t, baseURL, simulator.UserToken+"\n")
	if _, err := c.GetRecording(context.Background(), simulator.ExampleRecordingID, GetRecordingOptions{}); err != nil {
		t.Fatalf("a token with a trailing newline: %v", err)
	}
	if got := sim.Requests()[0].Header.Get("Authorization"); got != "Bearer "+simulator.UserToken {
		t.Errorf("Authorization = %q, want the trimmed token", got)
	}
}

// Text the server controls never carries a URL's query or the token into
// an error: here a transport failure on page 2 of a list, whose URL
// holds the query of the next link.
func TestErrors_transportFailureHidesTheURLQuery(t *testing.T) {
	sim, baseURL, _ := startListSimulator(t, 15)
	sim.SetMaxPageSize(10)
	pages := 0
	c := newTestClient(t, baseURL, simulator.UserToken, func(cfg *Config) {
		cfg.MaxRetries = 0
		cfg.Transport = roundTripFunc(func(r *http.Request) (*http.Response, error) {
			pages++
			if pages == 2 {
				return nil, &url.Error{Op: "Get", URL: r.URL.String() + "&ticket=SECRET", Err: errors.New("bad certificate for " + r.URL.String())}
			}
			return http.DefaultTransport.RoundTrip(r)
		})
	})
	_, err := c.ListRecordings(context.Background(), ListRecordingsOptions{From: listClock.Add(-48 * time.Hour), To: listClock})
	if err == nil || !strings.Contains(err.Error(), "page 2") {
		t.Fatalf("err = %v, want a failure on page 2", err)
	}
	for _, leak := range []string{"SECRET", "offset=", "max="} {
		if strings.Contains(err.Error(), leak) {
			t.Errorf("error %q shows %q from the URL's query", err, leak)
		}
	}
}

// When every caller of a shared read has gone (Ctrl-C), the request
// stops too, instead of running on until retry_timeout.
func TestDedupe_sharedReadStopsWhenItsLastCallerLeaves(t *testing.T) {
	sim, baseURL := startSimulator(t)
	sim.SetLatency(10 * time.Second)
	c := newTestClient(t, baseURL, simulator.UserToken, func(cfg *Config) { cfg.RetryTimeout = 30 * time.Second })
	first, cancelFirst := context.WithCancel(context.Background())
	second, cancelSecond := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for _, ctx := range []context.Context{first, second} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.GetRecording(ctx, simulator.ExampleRecordingID, GetRecordingOptions{})
			var cancelled *CancelledError
			if !errors.As(err, &cancelled) {
				t.Errorf("err = %v, want a CancelledError", err)
			}
		}()
	}
	waitFor(t, func() bool { return sim.Stats().Requests == 1 })
	// Both callers wait on the one request before the first leaves (on a
	// busy machine the second goroutine may only now reach the read).
	time.Sleep(300 * time.Millisecond)
	cancelFirst()
	time.Sleep(200 * time.Millisecond)
	if reqs := sim.Requests(); len(reqs) != 0 {
		t.Fatalf("the shared request ended while a caller still waited: %+v", reqs)
	}
	cancelSecond()
	wg.Wait()
	// The simulator logs a request it could not answer when the client
	// goes away.
	waitFor(t, func() bool { return len(sim.Requests()) == 1 })
	if r := sim.Requests()[0]; r.Status != 0 {
		t.Errorf("the request was answered %d; it should have been abandoned", r.Status)
	}
}

// waitFor polls cond for up to two seconds.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 2s")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
