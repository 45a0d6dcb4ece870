package webex

import (
	"context"
	"sync"
	"time"
)

// pacer holds back every request of one client while Webex has asked it to
// wait. Terraform reads many data sources at once; when one of them is told
// to back off (429 or 423 with Retry-After), sending the others anyway
// would only earn more 429s.
type pacer struct {
	mu    sync.Mutex
	until time.Time
}

func newPacer() *pacer { return &pacer{} }

// hold makes every request wait at least d from now.
func (p *pacer) hold(d time.Duration) {
	until := time.Now().Add(d)
	p.mu.Lock()
	defer p.mu.Unlock()
	if until.After(p.until) {
		p.until = until
	}
}

// wait returns when no hold is in force, or when ctx ends.
func (p *pacer) wait(ctx context.Context) error {
	for {
		p.mu.Lock()
		d := time.Until(p.until)
		p.mu.Unlock()
		if d <= 0 {
			return ctx.Err()
		}
		timer := time.NewTimer(d)
		select {
		case <-ctx.Done():
			timer.Stop()
			return ctx.Err()
		case <-timer.C:
		}
	}
}
