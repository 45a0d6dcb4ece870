package webex

import (
	"context"
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// pacer spaces the requests of one client under Webex's rate limits. When
// Webex answers a read 429 or 503 with Retry-After (its limits for the
// token; a 423 is one resource's), every read of the client holds back,
// instead of each walking into the same limit. A 429 also teaches it the
// rate Webex sustains: it then paces requests at that rate (a token bucket
// of golang.org/x/time/rate), slower if 429s go on, faster while none
// come, so that a long plan settles just under the limit.
type pacer struct {
	limiter *rate.Limiter

	mu        sync.Mutex
	until     time.Time // no request starts before this
	holdCause holdCause // what set until
	// Requests that succeeded since window began give, at a 429, the rate
	// Webex let through.
	window     time.Time
	successes  int
	lastChange time.Time // of the rate, for the upward probe
}

// The pace: never slower than minPace, so that 429s cannot stall a plan;
// paceProbeFactor faster after paceProbeInterval without a 429;
// paceBackoffFactor slower when 429s come although it paces.
const (
	minPace           = rate.Limit(0.5)
	paceProbeInterval = 5 * time.Second
	paceProbeFactor   = 1.1
	paceBackoffFactor = 0.8
)

func newPacer() *pacer {
	return &pacer{limiter: rate.NewLimiter(rate.Inf, 1)}
}

// holdCause is an answer that asked every read to hold off.
type holdCause struct {
	statusCode int
	retryAfter time.Duration
}

// wait returns when the request may go: after any hold, and at the pace.
// A read whose context ends before the hold does fails at once with a
// *HoldError instead of waiting for nothing.
func (p *pacer) wait(ctx context.Context) error {
	for {
		p.mu.Lock()
		if p.window.IsZero() {
			p.window = time.Now()
		}
		d := time.Until(p.until)
		cause := p.holdCause
		p.mu.Unlock()
		if d <= 0 {
			break
		}
		if !fitsBudget(ctx, d) {
			return &HoldError{StatusCode: cause.statusCode, RetryAfter: cause.retryAfter}
		}
		if err := sleep(ctx, d); err != nil {
			return err
		}
	}
	r := p.limiter.Reserve()
	if err := sleep(ctx, r.Delay()); err != nil {
		r.Cancel()
		return err
	}
	return nil
}

// succeeded counts a request that Webex did not rate-limit.
func (p *pacer) succeeded() {
	now := time.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	p.successes++
	if limit := p.limiter.Limit(); limit != rate.Inf && now.Sub(p.lastChange) >= paceProbeInterval {
		p.limiter.SetLimitAt(now, limit*paceProbeFactor)
		p.lastChange = now
	}
}

// hold makes every request wait at least d from now, as an answer of
// statusCode with Retry-After d asked (429 or 503).
func (p *pacer) hold(statusCode int, d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.extendLocked(time.Now().Add(d), holdCause{statusCode: statusCode, retryAfter: d})
}

// rateLimited handles a 429 that asked for a wait of retryAfter (zero
// when Webex gave none).
func (p *pacer) rateLimited(retryAfter time.Duration) {
	now := time.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	cause := holdCause{statusCode: http.StatusTooManyRequests, retryAfter: retryAfter}
	if now.Before(p.until) {
		// A request sent before the hold began: the same wave, nothing new
		// to learn.
		p.extendLocked(now.Add(retryAfter), cause)
		return
	}
	current := p.limiter.Limit()
	next := current
	if p.successes > 0 {
		// The server let this many through since the last 429 and now asks
		// for a wait: it refills about that many in that wait, or in the
		// time they took if that was longer. That rate it can sustain.
		span := max(now.Sub(p.window), retryAfter, time.Second)
		next = rate.Limit(float64(p.successes) / span.Seconds())
	}
	if current != rate.Inf && next >= current {
		// Pacing at current still ran into the limit: go slower.
		next = current * paceBackoffFactor
	}
	if next != rate.Inf {
		p.limiter.SetLimitAt(now, max(next, minPace))
		p.lastChange = now
	}
	p.extendLocked(now.Add(retryAfter), cause)
	p.window = now.Add(retryAfter)
	p.successes = 0
}

func (p *pacer) extendLocked(until time.Time, cause holdCause) {
	if until.After(p.until) {
		p.until, p.holdCause = until, cause
	}
}

// sleep waits for d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C:
		return nil
	}
}
