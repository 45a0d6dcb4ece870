package webex

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

// header builds a header from name, value pairs.
func header(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i < len(kv); i += 2 {
		h.Set(kv[i], kv[i+1])
	}
	return h
}

// startSimulator serves a fresh simulator for one test.
func startSimulator(t *testing.T) (*simulator.Server, string) {
	t.Helper()
	sim := simulator.New()
	return sim, httptestServer(t, sim) + simulator.PathPrefix
}

// httptestServer serves h until the test or benchmark ends.
func httptestServer(tb testing.TB, h http.Handler) string {
	tb.Helper()
	srv := httptest.NewServer(h)
	tb.Cleanup(srv.Close)
	return srv.URL
}

// newTestClient returns a client for baseURL with short waits, so retry
// tests take milliseconds; mods adjust the config.
func newTestClient(t *testing.T, baseURL, token string, mods ...func(*Config)) *Client {
	t.Helper()
	cfg := Config{
		BaseURL:      baseURL,
		AccessToken:  token,
		UserAgent:    "terraform-provider-webex/test",
		MaxRetries:   3,
		RetryWaitMin: 20 * time.Millisecond,
		RetryWaitMax: 200 * time.Millisecond,
		RetryTimeout: 10 * time.Second,
	}
	for _, m := range mods {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// recordingLogger keeps every log event, for tests of what gets logged.
type recordingLogger struct {
	mu     sync.Mutex
	events []logEvent
}

type logEvent struct {
	msg    string
	fields map[string]any
}

func (l *recordingLogger) Debug(_ context.Context, msg string, fields map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.events = append(l.events, logEvent{msg: msg, fields: fields})
}

func (l *recordingLogger) text() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	var b strings.Builder
	for _, e := range l.events {
		b.WriteString(e.msg)
		for k, v := range e.fields {
			fmt.Fprintf(&b, " %s=%v", k, v)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// addRecordings stores n copies of the example recording under new ids,
// hosted by the simulator's user, and returns the ids.
func addRecordings(t *testing.T, sim *simulator.Server, n int) []string {
	t.Helper()
	ids := make([]string, n)
	for i := range ids {
		rec := simulator.ExampleRecording()
		rec.ID = fmt.Sprintf("%032x", 0xfeed000+i)
		if err := sim.AddRecording(rec, simulator.AliceEmail); err != nil {
			t.Fatal(err)
		}
		ids[i] = rec.ID
	}
	return ids
}

// readInBackground starts one read of each id on wg, each failing t on
// error; the caller waits on wg.
func readInBackground(t *testing.T, c *Client, wg *sync.WaitGroup, ids ...string) {
	for _, id := range ids {
		wg.Go(func() {
			if _, err := c.GetRecording(context.Background(), id, GetRecordingOptions{}); err != nil {
				t.Errorf("read %s: %v", id, err)
			}
		})
	}
}

// withFault serves sim behind fault, an inline handler of one test: the
// requests it answers (it returns true) never reach the simulator.
func withFault(t *testing.T, sim http.Handler, fault func(w http.ResponseWriter, r *http.Request) bool) string {
	t.Helper()
	return httptestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !fault(w, r) {
			sim.ServeHTTP(w, r)
		}
	})) + simulator.PathPrefix
}

// answer writes status, contentType and body, with a tracking id.
func answer(w http.ResponseWriter, status int, contentType, body string) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("TrackingID", "ROUTER_TEST-1")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}
