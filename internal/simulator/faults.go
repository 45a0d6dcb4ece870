package simulator

import (
	"cmp"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"time"

	"golang.org/x/time/rate"
)

// Faults imitate gateways and rate limiters in front of the API. They apply
// before authentication: latency, the global rate limit, FailNext. Broken
// bodies are for a test's own httptest handler, beside its assertions.

type failRule struct {
	id, retryAfter    string
	remaining, status int
}

// SetLatency delays every answer by d (0 disables), to test timeouts and
// concurrency. The wait ends early if the client cancels the request.
func (s *Server) SetLatency(d time.Duration) { s.latency.Store(int64(max(d, 0))) }

// SetRateLimit limits all requests together to perSecond with the given
// burst (at least 1); excess requests get 429 with Retry-After in whole
// seconds. perSecond <= 0 removes the limit. The bucket starts full.
func (s *Server) SetRateLimit(perSecond float64, burst int) {
	var lim *rate.Limiter
	if perSecond > 0 && !math.IsInf(perSecond, 1) {
		lim = rate.NewLimiter(rate.Limit(perSecond), max(burst, 1))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.global = lim
}

// FailNext makes the next n requests for recording id (any request when id
// is "", the token endpoint's when id is TokenEndpoint) fail with status, a
// 4xx or 5xx, and a Webex error body. A non-empty retryAfter is sent
// verbatim as Retry-After (seconds such as "2" or an HTTP date). Calls
// queue up; afterwards requests succeed again.
func (s *Server) FailNext(id string, n, status int, retryAfter string) error {
	if n <= 0 || status < 400 || status > 599 {
		return fmt.Errorf("simulator: FailNext needs a positive count (got %d) and a 4xx or 5xx status (got %d)", n, status)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failRules = append(s.failRules, failRule{id: id, retryAfter: retryAfter, remaining: n, status: status})
	return nil
}

// ClearFaults removes every fault: latency, the rate limit, pending
// FailNext failures and the pagination faults (SetRepeatNextLink,
// SetNextLinkOrigin). Recordings, tokens, the page size cap, the query
// endpoints switch and the log stay.
func (s *Server) ClearFaults() {
	s.latency.Store(0)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.global, s.failRules = nil, nil
	s.lists.repeatNextLink, s.lists.nextLinkOrigin = false, ""
}

// limited takes a token from the global limiter at now; when none is
// available it reports how long until one will be.
func (s *Server) limited(now time.Time) (time.Duration, bool) {
	s.mu.Lock()
	lim := s.global
	s.mu.Unlock()
	if lim == nil {
		return 0, false
	}
	res := lim.ReserveN(now, 1)
	if !res.OK() {
		return time.Second, true
	}
	wait := res.DelayFrom(now)
	if wait <= 0 {
		return 0, false
	}
	res.CancelAt(now) // a refused request does not use up a token
	return wait, true
}

func (s *Server) writeTooMany(w http.ResponseWriter, wait time.Duration) {
	secs := max(int64(math.Ceil(wait.Seconds())), 1)
	w.Header().Set("Retry-After", strconv.FormatInt(secs, 10))
	s.writeError(w, http.StatusTooManyRequests, failureMessages[http.StatusTooManyRequests],
		fmt.Sprintf("Rate limit exceeded; retry after %d seconds.", secs))
}

var failureMessages = map[int]string{
	http.StatusLocked:              "The requested resource is temporarily unavailable.",
	http.StatusTooManyRequests:     "Too many requests have been sent in a given amount of time and the request has been rate limited.",
	http.StatusInternalServerError: "Something went wrong on the server.",
	http.StatusBadGateway:          "The server received an invalid response from an upstream server while processing the request. Try again later.",
	http.StatusServiceUnavailable:  "Server is overloaded with requests. Try again later.",
	http.StatusGatewayTimeout:      "An upstream server failed to respond on time.",
}

// serveWithFaults lets the first FailNext failure for id take over the
// answer; otherwise core answers.
func (s *Server) serveWithFaults(w http.ResponseWriter, r *http.Request, id string, core http.HandlerFunc) {
	s.mu.Lock()
	i := slices.IndexFunc(s.failRules, func(fr failRule) bool { return fr.id == "" || fr.id == id })
	var fr failRule
	if i >= 0 {
		s.failRules[i].remaining--
		fr = s.failRules[i]
		if fr.remaining <= 0 {
			s.failRules = slices.Delete(s.failRules, i, i+1)
		}
	}
	s.mu.Unlock()
	if i < 0 {
		core(w, r)
		return
	}
	if fr.retryAfter != "" {
		w.Header().Set("Retry-After", fr.retryAfter)
	}
	msg := cmp.Or(failureMessages[fr.status], http.StatusText(fr.status), "Simulated failure.")
	s.writeError(w, fr.status, msg, "Simulated failure ("+strconv.Itoa(fr.status)+").")
}
