package webex

import (
	"context"
	"errors"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

// gaps returns the time between consecutive requests, as the server saw them.
func gaps(reqs []simulator.Request) []time.Duration {
	var out []time.Duration
	for i := 1; i < len(reqs); i++ {
		out = append(out, reqs[i].Time.Sub(reqs[i-1].Time))
	}
	return out
}

func statuses(reqs []simulator.Request) []int {
	out := make([]int, len(reqs))
	for i, r := range reqs {
		out[i] = r.Status
	}
	return out
}

func TestRetry_honoursRetryAfter(t *testing.T) {
	for _, status := range []int{http.StatusTooManyRequests, http.StatusLocked} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			t.Parallel()
			sim, baseURL := startSimulator(t)
			if err := sim.FailNext(simulator.ExampleRecordingID, 1, status, "1"); err != nil {
				t.Fatal(err)
			}
			c := newTestClient(t, baseURL, simulator.UserToken)
			if _, err := c.GetRecording(context.Background(), simulator.ExampleRecordingID, GetRecordingOptions{}); err != nil {
				t.Fatalf("GetRecording: %v", err)
			}
			reqs := sim.Requests()
			if got := statuses(reqs); len(got) != 2 || got[0] != status || got[1] != 200 {
				t.Fatalf("statuses = %v, want [%d 200]", got, status)
			}
			if g := gaps(reqs)[0]; g < 950*time.Millisecond || g > 1500*time.Millisecond {
				t.Errorf("retry came %s after the %d, want the 1s Retry-After", g, status)
			}
		})
	}
}

func TestRetry_retryAfterHTTPDate(t *testing.T) {
	sim, baseURL := startSimulator(t)
	// HTTP dates have one-second resolution: ask for 2s, expect 1s to 2s.
	date := time.Now().Add(2 * time.Second).UTC().Format(http.TimeFormat)
	if err := sim.FailNext(simulator.ExampleRecordingID, 1, http.StatusTooManyRequests, date); err != nil {
		t.Fatal(err)
	}
	c := newTestClient(t, baseURL, simulator.UserToken)
	if _, err := c.GetRecording(context.Background(), simulator.ExampleRecordingID, GetRecordingOptions{}); err != nil {
		t.Fatal(err)
	}
	if g := gaps(sim.Requests())[0]; g < 900*time.Millisecond || g > 2500*time.Millisecond {
		t.Errorf("retry came %s after the 429, want about the HTTP date %s", g, date)
	}
}

func TestRetry_backoffForTransientFaults(t *testing.T) {
	for _, status := range []int{http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			t.Parallel()
			sim, baseURL := startSimulator(t)
			if err := sim.FailNext("", 3, status, ""); err != nil {
				t.Fatal(err)
			}
			c := newTestClient(t, baseURL, simulator.UserToken, func(cfg *Config) {
				cfg.RetryWaitMin = 40 * time.Millisecond
				cfg.RetryWaitMax = time.Second
			})
			if _, err := c.GetRecording(context.Background(), simulator.ExampleRecordingID, GetRecordingOptions{}); err != nil {
				t.Fatalf("GetRecording: %v", err)
			}
			reqs := sim.Requests()
			if len(reqs) != 4 {
				t.Fatalf("%d attempts, want 4 (3 failures, then success)", len(reqs))
			}
			// Exponential with ±50% jitter: step n waits 40ms·2ⁿ·[0.5, 1.5].
			for i, g := range gaps(reqs) {
				base := 40 * time.Millisecond << i
				if g < base/2 || g > base*3/2+150*time.Millisecond {
					t.Errorf("wait %d = %s, want within [%s, %s]", i+1, g, base/2, base*3/2)
				}
			}
		})
	}
}

func TestRetry_connectionReset(t *testing.T) {
	sim, _ := startSimulator(t)
	requests := 0
	baseURL := withFault(t, sim, func(w http.ResponseWriter, r *http.Request) bool {
		if requests++; requests > 2 {
			return false
		}
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Fatal(err)
		}
		if tcp, ok := conn.(*net.TCPConn); ok {
			_ = tcp.SetLinger(0) // an RST, not a FIN
		}
		_ = conn.Close()
		return true
	})
	c := newTestClient(t, baseURL, simulator.UserToken)
	if _, err := c.GetRecording(context.Background(), simulator.ExampleRecordingID, GetRecordingOptions{}); err != nil {
		t.Fatalf("GetRecording after two resets: %v", err)
	}
	if requests != 3 {
		t.Errorf("%d attempts, want 3", requests)
	}
}

func TestRetry_noRetryForClientErrors(t *testing.T) {
	for _, status := range []int{400, 401, 403, 404, 409, 410, 500} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			t.Parallel()
			sim, baseURL := startSimulator(t)
			if err := sim.FailNext("", 5, status, "1"); err != nil {
				t.Fatal(err)
			}
			c := newTestClient(t, baseURL, simulator.UserToken)
			_, err := c.GetRecording(context.Background(), simulator.ExampleRecordingID, GetRecordingOptions{})
			if !isStatus(err, status) {
				t.Fatalf("err = %v, want status %d", err, status)
			}
			if n := len(sim.Requests()); n != 1 {
				t.Errorf("%d attempts for a %d, want 1", n, status)
			}
		})
	}
}

func TestRetry_givesUpAfterMaxRetries(t *testing.T) {
	sim, baseURL := startSimulator(t)
	if err := sim.FailNext("", 100, http.StatusServiceUnavailable, ""); err != nil {
		t.Fatal(err)
	}
	c := newTestClient(t, baseURL, simulator.UserToken, func(cfg *Config) { cfg.MaxRetries = 2 })
	_, err := c.GetRecording(context.Background(), simulator.ExampleRecordingID, GetRecordingOptions{})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 {
		t.Fatalf("err = %v, want the last 503", err)
	}
	if apiErr.Attempts != 3 || len(sim.Requests()) != 3 {
		t.Errorf("attempts = %d (server saw %d), want 3", apiErr.Attempts, len(sim.Requests()))
	}
	if !strings.Contains(err.Error(), "after 3 attempts") || !strings.Contains(err.Error(), "ROUTER_") {
		t.Errorf("error %q should give the attempts and the tracking id", err)
	}
}

// A Retry-After beyond the time budget ends the read at once instead of
// sleeping into the deadline.
func TestRetry_retryAfterBeyondBudgetFailsFast(t *testing.T) {
	sim, baseURL := startSimulator(t)
	if err := sim.FailNext("", 1, http.StatusTooManyRequests, "120"); err != nil {
		t.Fatal(err)
	}
	c := newTestClient(t, baseURL, simulator.UserToken, func(cfg *Config) { cfg.RetryTimeout = 3 * time.Second })
	start := time.Now()
	_, err := c.GetRecording(context.Background(), simulator.ExampleRecordingID, GetRecordingOptions{})
	if !isStatus(err, http.StatusTooManyRequests) {
		t.Fatalf("err = %v, want the 429", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("took %s; a 120s Retry-After against a 3s budget should fail at once", d)
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) && apiErr.RetryAfter != 120*time.Second {
		t.Errorf("RetryAfter = %s, want 2m0s", apiErr.RetryAfter)
	}
}

func TestRetry_totalTimeBudget(t *testing.T) {
	sim, baseURL := startSimulator(t)
	sim.SetLatency(300 * time.Millisecond)
	c := newTestClient(t, baseURL, simulator.UserToken, func(cfg *Config) {
		cfg.RequestTimeout = 100 * time.Millisecond
		cfg.RetryTimeout = 700 * time.Millisecond
		cfg.MaxRetries = 50
	})
	start := time.Now()
	_, err := c.GetRecording(context.Background(), simulator.ExampleRecordingID, GetRecordingOptions{})
	elapsed := time.Since(start)
	var timeout *RetryTimeoutError
	if !errors.As(err, &timeout) && !strings.Contains(err.Error(), "Timeout") {
		t.Fatalf("err = %v (%T), want a timeout", err, err)
	}
	if elapsed > 1500*time.Millisecond {
		t.Errorf("took %s, want the 700ms budget to hold", elapsed)
	}
	if n := len(sim.Requests()); n < 2 {
		t.Errorf("%d attempts, want the per-attempt timeout to be retried", n)
	}
}

func TestRetry_cancelStopsAtOnce(t *testing.T) {
	t.Run("during a request", func(t *testing.T) {
		sim, baseURL := startSimulator(t)
		sim.SetLatency(10 * time.Second)
		c := newTestClient(t, baseURL, simulator.UserToken)
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(100*time.Millisecond, cancel)
		start := time.Now()
		_, err := c.GetRecording(ctx, simulator.ExampleRecordingID, GetRecordingOptions{})
		checkCancelled(t, err, time.Since(start))
	})
	t.Run("during a Retry-After wait", func(t *testing.T) {
		sim, baseURL := startSimulator(t)
		if err := sim.FailNext("", 1, http.StatusTooManyRequests, "30"); err != nil {
			t.Fatal(err)
		}
		c := newTestClient(t, baseURL, simulator.UserToken, func(cfg *Config) { cfg.RetryTimeout = time.Minute })
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(200*time.Millisecond, cancel)
		start := time.Now()
		_, err := c.GetRecording(ctx, simulator.ExampleRecordingID, GetRecordingOptions{})
		checkCancelled(t, err, time.Since(start))
	})
}

func checkCancelled(t *testing.T, err error, elapsed time.Duration) {
	t.Helper()
	var cancelled *CancelledError
	if !errors.As(err, &cancelled) || !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v (%T), want a CancelledError wrapping context.Canceled", err, err)
	}
	if !strings.Contains(err.Error(), "cancelled") {
		t.Errorf("error %q should say it was cancelled", err)
	}
	if elapsed > time.Second {
		t.Errorf("returned %s after cancel, want at once", elapsed)
	}
}

// When one read is told to wait, reads that start meanwhile wait too
// instead of walking into the same limit.
func TestPacing_otherReadsWaitForRetryAfter(t *testing.T) {
	sim, baseURL := startSimulator(t)
	if err := sim.FailNext(simulator.ExampleRecordingID, 1, http.StatusTooManyRequests, "1"); err != nil {
		t.Fatal(err)
	}
	c := newTestClient(t, baseURL, simulator.UserToken)
	var wg sync.WaitGroup
	readInBackground(t, c, &wg, simulator.ExampleRecordingID)
	// Wait for the client to have the 429 (the simulator logs it as it
	// answers, before the client reads it), then start other reads.
	waitFor(t, func() bool {
		c.pacer.mu.Lock()
		defer c.pacer.mu.Unlock()
		return !c.pacer.until.IsZero()
	})
	limited := sim.Requests()[0].Time
	readInBackground(t, c, &wg, simulator.SharedRecordingID, simulator.DeletedRecordingID, simulator.PreventDownloadRecordingID)
	wg.Wait()
	for _, r := range sim.Requests()[1:] {
		if d := r.Time.Sub(limited); d < 950*time.Millisecond {
			t.Errorf("request for %s went out %s after the 429; it should have waited the 1s Retry-After", r.RecordingID, d)
		}
	}
}

// Identical reads that overlap share one request; different ones do not.
func TestDedupe_identicalReadsShareOneRequest(t *testing.T) {
	sim, baseURL := startSimulator(t)
	sim.SetLatency(200 * time.Millisecond)
	c := newTestClient(t, baseURL, simulator.UserToken)
	var wg sync.WaitGroup
	results := make([]*Recording, 10)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			opts := GetRecordingOptions{}
			if i%2 == 1 {
				opts.Timezone = "Asia/Tokyo"
			}
			rec, err := c.GetRecording(context.Background(), simulator.ExampleRecordingID, opts)
			if err != nil {
				t.Errorf("read %d: %v", i, err)
			}
			results[i] = rec
		}()
	}
	wg.Wait()
	if n := len(sim.Requests()); n != 2 {
		t.Errorf("%d requests, want 2 (one per distinct timezone)", n)
	}
	// Callers get their own copies.
	if results[0] != nil && results[2] != nil {
		results[0].IntegrationTags[0] = "changed"
		if results[2].IntegrationTags[0] == "changed" {
			t.Error("shared reads returned the same slice to two callers")
		}
	}
}

func TestHostileResponses(t *testing.T) {
	maintenance := "<html><title>Webex | Scheduled Maintenance</title></html>"
	cases := []struct {
		name   string
		answer func(w http.ResponseWriter)
		status int
		want   string
	}{
		{"HTML page 200", func(w http.ResponseWriter) { answer(w, 200, "text/html", maintenance) }, 200, "text/html, not application/json (an HTML page"},
		{"HTML page 503", func(w http.ResponseWriter) { answer(w, 503, "text/html", maintenance) }, 503, "the body was text/html, not a Webex error document"},
		{"truncated JSON", func(w http.ResponseWriter) { answer(w, 200, "application/json", `{"id":"abc","topic":"cut`) }, 200, "ends early"},
		{"wrong content type", func(w http.ResponseWriter) { answer(w, 200, "text/plain", `{"id":"x"}`) }, 200, "text/plain, not application/json"},
		{"empty", func(w http.ResponseWriter) { answer(w, 200, "application/json", "") }, 200, "the body is empty"},
		{"JSON array", func(w http.ResponseWriter) { answer(w, 200, "application/json", "[1,2,3]") }, 200, "wrong shape: the top level holds a JSON array where an object was expected"},
		{"a number out of range", func(w http.ResponseWriter) { answer(w, 200, "application/json", `{"id": "x", "sizeBytes": 1e400}`) }, 200, `a number out of range: field "sizeBytes" holds 1e400, out of range for a whole number`},
		{"wrong field types", func(w http.ResponseWriter) { answer(w, 200, "application/json", `{"id": 12, "sizeBytes": "big"}`) }, 200, `wrong shape: field "id" holds a JSON number where a string was expected`},
		{"no id", func(w http.ResponseWriter) { answer(w, 200, "application/json", `{"topic":"no id"}`) }, 200, "no recording id"},
		{"oversized", func(w http.ResponseWriter) {
			w.Header().Set("TrackingID", "ROUTER_TEST-1")
			_, _ = w.Write([]byte(`{"id":"x","topic":"`))
			for range 64 << 10 {
				if _, err := w.Write(make([]byte, 1<<10)); err != nil {
					return
				}
			}
		}, 200, "larger than 4 MiB"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sim, _ := startSimulator(t)
			baseURL := withFault(t, sim, func(w http.ResponseWriter, r *http.Request) bool { tc.answer(w); return true })
			c := newTestClient(t, baseURL, simulator.UserToken, func(cfg *Config) { cfg.MaxRetries = 1 })
			var before runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			_, err := c.GetRecording(context.Background(), simulator.ExampleRecordingID, GetRecordingOptions{})
			elapsed := time.Since(start)
			var after runtime.MemStats
			runtime.ReadMemStats(&after)
			if err == nil {
				t.Fatal("a broken answer was accepted")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not say %q", err, tc.want)
			}
			if !strings.Contains(err.Error(), http.StatusText(tc.status)) {
				t.Errorf("error %q does not give the status %d", err, tc.status)
			}
			if !strings.Contains(err.Error(), "tracking id ROUTER_TEST-1") {
				t.Errorf("error %q lacks the tracking id", err)
			}
			if elapsed > 3*time.Second {
				t.Errorf("took %s, want a fast failure", elapsed)
			}
			if grown := after.TotalAlloc - before.TotalAlloc; grown > 32<<20 {
				t.Errorf("allocated %d MiB for one broken answer", grown>>20)
			}
		})
	}
}

func TestSlowBodyHitsRequestTimeout(t *testing.T) {
	sim, _ := startSimulator(t)
	requests := 0
	baseURL := withFault(t, sim, func(w http.ResponseWriter, r *http.Request) bool {
		requests++
		w.Header().Set("Content-Length", "100")
		w.WriteHeader(200)
		_, _ = w.Write([]byte(`{"id":`))
		_ = http.NewResponseController(w).Flush()
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
		return true
	})
	c := newTestClient(t, baseURL, simulator.UserToken, func(cfg *Config) {
		cfg.RequestTimeout = 200 * time.Millisecond
		cfg.MaxRetries = 1
	})
	start := time.Now()
	_, err := c.GetRecording(context.Background(), simulator.ExampleRecordingID, GetRecordingOptions{})
	if err == nil {
		t.Fatal("a body slower than the request timeout was accepted")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %s, want about 2 × 200ms", d)
	}
	if requests != 2 {
		t.Errorf("%d attempts, want 2 (a timed-out attempt is retried once): %v", requests, err)
	}
}

func TestLogs_areUsefulAndHoldNoSecrets(t *testing.T) {
	sim, baseURL := startSimulator(t)
	if err := sim.FailNext("", 1, http.StatusTooManyRequests, "1"); err != nil {
		t.Fatal(err)
	}
	logs := &recordingLogger{}
	c := newTestClient(t, baseURL, simulator.UserToken, func(cfg *Config) { cfg.Logger = logs })
	rec, err := c.GetRecording(context.Background(), simulator.ExampleRecordingID, GetRecordingOptions{})
	if err != nil {
		t.Fatal(err)
	}
	text := logs.text()
	for _, want := range []string{"method=GET", "path=/v1/recordings/" + simulator.ExampleRecordingID, "status=429", "status=200", "attempt=2", "wait=", "tracking_id=ROUTER_"} {
		if !strings.Contains(text, want) {
			t.Errorf("logs lack %q:\n%s", want, text)
		}
	}
	for _, secret := range []string{simulator.UserToken, rec.Password, "ticket="} {
		if strings.Contains(text, secret) {
			t.Errorf("logs contain the secret %q:\n%s", secret, text)
		}
	}
}
