package webex

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

// TestPacing_learnsTheRateLimit reads 100 recordings, 10 at a time as
// Terraform does, from a server that allows 20 a second. After the first
// wave of 429s the client must settle at the server's pace: few 429s, and a
// total time near 100/20 seconds.
func TestPacing_learnsTheRateLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("takes about 5 seconds")
	}
	const n, perSecond, parallel = 100, 20, 10
	sim, baseURL := startSimulator(t)
	ids := addRecordings(t, sim, n)
	sim.SetRateLimit(perSecond, perSecond)
	c := newTestClient(t, baseURL, simulator.UserToken, func(cfg *Config) { cfg.MaxRetries = 10 })

	work := make(chan string)
	var wg sync.WaitGroup
	start := time.Now()
	for range parallel {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for id := range work {
				if _, err := c.GetRecording(context.Background(), id, GetRecordingOptions{}); err != nil {
					t.Errorf("read %s: %v", id, err)
				}
			}
		}()
	}
	for _, id := range ids {
		work <- id
	}
	close(work)
	wg.Wait()
	elapsed := time.Since(start)
	stats := sim.Stats()
	t.Logf("%d reads at %d req/s, %d at once: %s, %d requests, %d answered 429", n, perSecond, parallel, elapsed.Round(time.Millisecond), stats.Requests, stats.TooManyRequests)

	// The first wave can meet one 429 per read in flight; after it, at most
	// an upward probe may overshoot. Without pacing every second brings a
	// new wave, five times as many.
	if limit := int64(parallel + 2); stats.TooManyRequests > limit {
		t.Errorf("%d 429s, want at most %d: the client should learn the pace after the first wave", stats.TooManyRequests, limit)
	}
	// The server lets a burst of 20 through, then 20 a second, and its
	// Retry-After rounds up to whole seconds: 5s is the ideal. Allow 1.5×
	// for the race detector and a busy machine.
	if elapsed > 7500*time.Millisecond {
		t.Errorf("took %s, want at most 7.5s (1.5 × %d/%d s): the learned pace is too slow", elapsed, n, perSecond)
	}
}

func TestPacer_unit(t *testing.T) {
	p := newPacer()
	ctx := context.Background()
	// Unpaced at first: no wait.
	start := time.Now()
	for range 5 {
		if err := p.wait(ctx); err != nil {
			t.Fatal(err)
		}
		p.succeeded()
	}
	if d := time.Since(start); d > 50*time.Millisecond {
		t.Errorf("an unpaced pacer waited %s", d)
	}
	// A 429 after 5 quick successes with Retry-After 1s teaches 5 per
	// second (5 in the 1s wait) and holds everyone for 1s.
	p.rateLimited(time.Second)
	if got := float64(p.limiter.Limit()); got < 4 || got > 5.1 {
		t.Errorf("learned %.2f req/s, want about 5", got)
	}
	// A 429 during the hold is the same wave: nothing new is learned.
	before := p.limiter.Limit()
	p.rateLimited(time.Second)
	if p.limiter.Limit() != before {
		t.Errorf("a 429 of the same wave changed the pace from %.2f to %.2f", before, p.limiter.Limit())
	}
	start = time.Now()
	if err := p.wait(ctx); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < 950*time.Millisecond {
		t.Errorf("waited %s, want the 1s hold", d)
	}
	// A read that cannot outlive a hold fails at once, naming what set it.
	p.hold(http.StatusLocked, time.Minute)
	cctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	start = time.Now()
	var hold *HoldError
	if err := p.wait(cctx); !errors.As(err, &hold) || hold.StatusCode != http.StatusLocked || hold.RetryAfter != time.Minute || time.Since(start) > 10*time.Millisecond {
		t.Errorf("wait under a hold longer than its deadline: err %v after %s, want a HoldError at once", err, time.Since(start))
	}
	// Cancelling ends a wait at once.
	cctx, cancel = context.WithCancel(ctx)
	time.AfterFunc(20*time.Millisecond, cancel)
	start = time.Now()
	if err := p.wait(cctx); !errors.Is(err, context.Canceled) || time.Since(start) > 500*time.Millisecond {
		t.Errorf("wait under a cancelled context: err %v after %s", err, time.Since(start))
	}
}
