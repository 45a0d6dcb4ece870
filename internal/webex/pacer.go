package webex

import (
	"context"
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// pacer spaces the requests of one client under Webex's rate limits.
//
// Terraform reads up to ten data sources at once. When Webex answers one of
// them 429 or 503 with Retry-After (Webex's limits for the token; a 423 is one
// resource's, and only its read waits), every read of the client holds back for
// that long, instead of each walking into the same limit. A 429 also teaches
// the pacer the rate Webex sustains: it then spaces requests at that rate
// (a token bucket from golang.org/x/time/rate), lowers it if 429s go on, and
// probes upwards while none come, so a long plan settles just under the
// limit rather than bursting into it every second.
type pacer struct {
	limiter *rate.Limiter

	mu    sync.Mutex
	until time.Time // no request starts before this
	// holdCause is the answer that set until, for the error of a read
	// that cannot wait that long.
	holdCause holdCause
	// Requests that succeeded since window began; at a 429 they give the
	// rate the server let through.
	window    time.Time
	successes int
	// lastChange is when the rate was last set, for the upward probe.
	lastChange time.Time
}

const (
	// minPace is the slowest the pacer goes, so a burst of 429s can never
	// stall a plan.
	minPace = rate.Limit(0.5)
	// paceProbeInterval is how long the pacer waits without a 429 before
	// trying a faster pace.
	paceProbeInterval = 5 * time.Second
	// paceProbeFactor is how much faster each probe goes.
	paceProbeFactor = 1.1
	// paceBackoffFactor is how much slower the pacer goes when 429s come
	// although it already paces.
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
