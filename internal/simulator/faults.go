package simulator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net"
	"net/http"
	"slices"
	"strconv"
	"time"

	"golang.org/x/time/rate"
)

// Faults imitate what a client meets in front of the real API (gateways,
// rate limiters, maintenance pages, broken networks). They apply before
// authentication, in this order: latency, global rate limit, per-recording
// rate limit, FailNext, body fault.

// BodyFaultKind selects how SetBodyFault breaks a response.
type BodyFaultKind int

const (
	// BodyNormal is no fault; setting it clears the body fault for that id.
	BodyNormal BodyFaultKind = iota
	// BodyHTMLMaintenance answers an HTML maintenance page (text/html, no
	// TrackingID), as a gateway does; BodyFault.Status defaults to 503.
	BodyHTMLMaintenance
	// BodyTruncatedJSON sends the normal answer cut in half (a complete HTTP
	// message whose JSON ends mid-way).
	BodyTruncatedJSON
	// BodyWrongContentType sends the normal answer labelled text/plain.
	BodyWrongContentType
	// BodyEmpty answers 200 with an empty body.
	BodyEmpty
	// BodyJSONArray answers 200 with the JSON [1,2,3].
	BodyJSONArray
	// BodyWrongFieldTypes answers 200 with {"id": 12, "sizeBytes": "big"}.
	BodyWrongFieldTypes
	// BodyOversized streams BodyFault.Size bytes (default 64 MiB) of
	// JSON-looking data without a Content-Length, never buffering it.
	BodyOversized
	// BodyConnectionReset hijacks the connection and closes it with linger 0
	// so the client sees a reset and no response.
	BodyConnectionReset
	// BodySlow sends the normal answer's headers at once, then trickles the
	// body over BodyFault.Duration (default 2s).
	BodySlow
	// BodyCustom answers BodyFault.Body with BodyFault.ContentType (default
	// JSON) and BodyFault.Status (default 200), for any other oddity.
	BodyCustom
	// BodyRedirect redirects to BodyFault.Location with BodyFault.Status
	// (default 307), as a misconfigured proxy might, to test what a client
	// carries across hosts.
	BodyRedirect
)

var bodyFaultNames = [...]string{
	"BodyNormal", "BodyHTMLMaintenance", "BodyTruncatedJSON", "BodyWrongContentType",
	"BodyEmpty", "BodyJSONArray", "BodyWrongFieldTypes", "BodyOversized",
	"BodyConnectionReset", "BodySlow", "BodyCustom", "BodyRedirect",
}

// String names the kind, for test output.
func (k BodyFaultKind) String() string {
	if k >= 0 && int(k) < len(bodyFaultNames) {
		return bodyFaultNames[k]
	}
	return "BodyFaultKind(" + strconv.Itoa(int(k)) + ")"
}

// Defaults for BodyFault fields left zero.
const (
	// DefaultOversizedBytes is the size BodyOversized streams by default.
	DefaultOversizedBytes = 64 << 20
	// DefaultSlowBodyDuration is how long BodySlow takes by default.
	DefaultSlowBodyDuration = 2 * time.Second
)

// BodyFault describes one broken-response fault for SetBodyFault.
type BodyFault struct {
	Kind BodyFaultKind
	// Status for BodyHTMLMaintenance (default 503), BodyCustom (default 200)
	// and BodyRedirect (default 307).
	Status int
	// Duration for BodySlow (default DefaultSlowBodyDuration).
	Duration time.Duration
	// Size in bytes for BodyOversized (default DefaultOversizedBytes).
	Size int64
	// ContentType and Body for BodyCustom.
	ContentType string
	Body        string
	// Location for BodyRedirect.
	Location string
	// Times is how many responses to break; 0 means every one until cleared.
	Times int
}

type failRule struct {
	id         string
	remaining  int
	status     int
	retryAfter string
}

// SetLatency delays every answer by d (0 disables), to test timeouts and
// concurrency. The wait ends early if the client cancels the request.
func (s *Server) SetLatency(d time.Duration) {
	s.latency.Store(int64(max(d, 0)))
}

// SetRateLimit limits all requests together to perSecond with the given
// burst (at least 1); excess requests get 429 with Retry-After in whole
// seconds. perSecond <= 0 removes the limit. The bucket starts full.
func (s *Server) SetRateLimit(perSecond float64, burst int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.global = newLimiter(perSecond, burst)
}

func newLimiter(perSecond float64, burst int) *rate.Limiter {
	if !(perSecond > 0) || math.IsInf(perSecond, 1) {
		return nil
	}
	return rate.NewLimiter(rate.Limit(perSecond), max(burst, 1))
}

// FailNext makes the next n requests for recording id (any request when id
// is "") fail with status, a 4xx or 5xx, and a Webex error body. A
// non-empty retryAfter is sent verbatim as Retry-After (seconds such as "2"
// or an HTTP date). Calls queue up; afterwards requests succeed again.
func (s *Server) FailNext(id string, n, status int, retryAfter string) error {
	if n <= 0 {
		return fmt.Errorf("simulator: FailNext count must be positive, got %d", n)
	}
	if status < 400 || status > 599 {
		return fmt.Errorf("simulator: FailNext status must be 4xx or 5xx, got %d", status)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failRules = append(s.failRules, failRule{id: id, remaining: n, status: status, retryAfter: retryAfter})
	return nil
}

// SetBodyFault breaks the responses for recording id ("" for every request
// that reaches a known route) as f describes; an id-specific fault wins over
// the "" one. Kind BodyNormal clears the fault for id.
func (s *Server) SetBodyFault(id string, f BodyFault) error {
	switch {
	case f.Kind < BodyNormal || f.Kind > BodyRedirect:
		return fmt.Errorf("simulator: unknown body fault kind %d", int(f.Kind))
	case f.Kind == BodyRedirect && f.Location == "":
		return fmt.Errorf("simulator: BodyRedirect needs a Location")
	case f.Status != 0 && (f.Status < 200 || f.Status > 599):
		return fmt.Errorf("simulator: body fault status must be 200-599, got %d", f.Status)
	case f.Times < 0 || f.Duration < 0 || f.Size < 0:
		return fmt.Errorf("simulator: body fault Times, Duration and Size must not be negative")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if f.Kind == BodyNormal {
		delete(s.bodyFaults, id)
		return nil
	}
	s.bodyFaults[id] = f
	return nil
}

// ClearFaults removes every fault: latency, rate limits, pending FailNext
// failures, body faults and the pagination faults (SetRepeatNextLink,
// SetNextLinkOrigin). Recordings, tokens, the page size cap and the log stay.
func (s *Server) ClearFaults() {
	s.latency.Store(0)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.global = nil
	s.failRules = nil
	s.bodyFaults = make(map[string]BodyFault)
	s.lists.repeatNextLink = false
	s.lists.nextLinkOrigin = ""
}

func (s *Server) globalLimiter() *rate.Limiter {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.global
}

// reserve takes a token from lim at now; when none is available it reports
// how long until one will be.
func (s *Server) reserve(lim *rate.Limiter, now time.Time) (time.Duration, bool) {
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
	res.CancelAt(now)
	return wait, true
}

func (s *Server) writeTooMany(w http.ResponseWriter, r *http.Request, wait time.Duration) {
	secs := max(int64(math.Ceil(wait.Seconds())), 1)
	w.Header().Set("Retry-After", strconv.FormatInt(secs, 10))
	s.writeError(w, r, http.StatusTooManyRequests,
		"Too many requests have been sent in a given amount of time and the request has been rate limited.",
		fmt.Sprintf("Rate limit exceeded; retry after %d seconds.", secs))
}

func (s *Server) takeFailure(id string) (failRule, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.failRules {
		fr := &s.failRules[i]
		if fr.id != "" && fr.id != id {
			continue
		}
		fr.remaining--
		out := *fr
		if fr.remaining <= 0 {
			s.failRules = slices.Delete(s.failRules, i, i+1)
		}
		return out, true
	}
	return failRule{}, false
}

func (s *Server) takeBodyFault(id string) (BodyFault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := id
	f, ok := s.bodyFaults[key]
	if !ok && id != "" {
		key = ""
		f, ok = s.bodyFaults[key]
	}
	if !ok {
		return BodyFault{}, false
	}
	if f.Times > 0 {
		left := f
		left.Times--
		if left.Times == 0 {
			delete(s.bodyFaults, key)
		} else {
			s.bodyFaults[key] = left
		}
	}
	return f, true
}

var failureMessages = map[int]string{
	http.StatusLocked:              "The requested resource is temporarily unavailable.",
	http.StatusTooManyRequests:     "Too many requests have been sent in a given amount of time and the request has been rate limited.",
	http.StatusInternalServerError: "Something went wrong on the server.",
	http.StatusBadGateway:          "The server received an invalid response from an upstream server while processing the request. Try again later.",
	http.StatusServiceUnavailable:  "Server is overloaded with requests. Try again later.",
	http.StatusGatewayTimeout:      "An upstream server failed to respond on time.",
}

// serveWithFaults lets FailNext and body faults take over the answer;
// otherwise core answers normally.
func (s *Server) serveWithFaults(w http.ResponseWriter, r *http.Request, id string, core http.HandlerFunc) {
	if fr, ok := s.takeFailure(id); ok {
		if fr.retryAfter != "" {
			w.Header().Set("Retry-After", fr.retryAfter)
		}
		msg, ok := failureMessages[fr.status]
		if !ok {
			msg = http.StatusText(fr.status)
			if msg == "" {
				msg = "Simulated failure."
			}
		}
		s.writeError(w, r, fr.status, msg, "Simulated failure ("+strconv.Itoa(fr.status)+").")
		return
	}
	f, ok := s.takeBodyFault(id)
	if !ok {
		core(w, r)
		return
	}
	s.writeBodyFault(w, r, id, f, core)
}

const maintenancePage = `<!DOCTYPE html>
<html><head><title>Webex | Scheduled Maintenance</title></head>
<body><h1>We'll be right back</h1><p>Webex is undergoing scheduled maintenance. Please try again later.</p></body></html>
`

func (s *Server) writeBodyFault(w http.ResponseWriter, r *http.Request, id string, f BodyFault, core http.HandlerFunc) {
	switch f.Kind {
	case BodyHTMLMaintenance:
		w.Header().Del(trackingHeader)
		writeRaw(w, statusOr(f.Status, http.StatusServiceUnavailable), "text/html; charset=utf-8", maintenancePage)
	case BodyEmpty:
		writeRaw(w, http.StatusOK, contentTypeJSON, "")
	case BodyJSONArray:
		writeRaw(w, http.StatusOK, contentTypeJSON, "[1,2,3]")
	case BodyWrongFieldTypes:
		writeRaw(w, http.StatusOK, contentTypeJSON, `{"id": 12, "sizeBytes": "big"}`)
	case BodyCustom:
		ct := f.ContentType
		if ct == "" {
			ct = contentTypeJSON
		}
		writeRaw(w, statusOr(f.Status, http.StatusOK), ct, f.Body)
	case BodyRedirect:
		w.Header().Set("Location", f.Location)
		w.WriteHeader(statusOr(f.Status, http.StatusTemporaryRedirect))
	case BodyOversized:
		streamOversized(w, r, id, f.Size)
	case BodyConnectionReset:
		s.resetConnection(w, r)
	case BodyTruncatedJSON, BodyWrongContentType, BodySlow:
		status, body := capture(w, r, core)
		switch f.Kind {
		case BodyTruncatedJSON:
			body = body[:len(body)/2]
		case BodyWrongContentType:
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		case BodySlow:
			d := f.Duration
			if d == 0 {
				d = DefaultSlowBodyDuration
			}
			writeSlowly(w, r, status, body, d)
			return
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(status)
		_, _ = w.Write(body)
	default:
		core(w, r)
	}
}

func statusOr(status, def int) int {
	if status == 0 {
		return def
	}
	return status
}

func writeRaw(w http.ResponseWriter, status int, contentType, body string) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// bufferedWriter collects core's answer so a fault can alter it.
type bufferedWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedWriter) Header() http.Header { return b.header }

func (b *bufferedWriter) WriteHeader(code int) {
	if b.status == 0 {
		b.status = code
	}
}

func (b *bufferedWriter) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}

// capture runs core into a buffer and copies its headers onto w.
func capture(w http.ResponseWriter, r *http.Request, core http.HandlerFunc) (int, []byte) {
	bw := &bufferedWriter{header: w.Header().Clone()}
	core(bw, r)
	for k, v := range bw.header {
		w.Header()[k] = v
	}
	return statusOr(bw.status, http.StatusOK), bw.body.Bytes()
}

func writeSlowly(w http.ResponseWriter, r *http.Request, status int, body []byte, d time.Duration) {
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	rc := http.NewResponseController(w)
	_ = rc.Flush()
	steps := min(len(body), 20)
	if steps == 0 {
		return
	}
	pause := d / time.Duration(steps)
	for i := range steps {
		if !sleepContext(r.Context(), pause) {
			return
		}
		if _, err := w.Write(body[i*len(body)/steps : (i+1)*len(body)/steps]); err != nil {
			return
		}
		if err := rc.Flush(); err != nil {
			return
		}
	}
}

// filler is shared, read-only padding for oversized bodies.
var filler = bytes.Repeat([]byte("x"), 32<<10)

func streamOversized(w http.ResponseWriter, r *http.Request, id string, size int64) {
	if size == 0 {
		size = DefaultOversizedBytes
	}
	idJSON, _ := json.Marshal(id) // a string always encodes
	prefix := []byte(`{"id":` + string(idJSON) + `,"topic":"`)
	suffix := []byte(`"}`)
	pad := size - int64(len(prefix)+len(suffix))

	w.Header().Set("Content-Type", contentTypeJSON)
	w.WriteHeader(http.StatusOK)
	if _, err := w.Write(prefix); err != nil {
		return
	}
	for pad > 0 {
		if r.Context().Err() != nil {
			return
		}
		n := min(pad, int64(len(filler)))
		if _, err := w.Write(filler[:n]); err != nil {
			return
		}
		pad -= n
	}
	_, _ = w.Write(suffix)
}

// resetConnection drops the TCP connection with an RST instead of answering.
func (s *Server) resetConnection(w http.ResponseWriter, r *http.Request) {
	if sw, ok := w.(*statusWriter); ok {
		sw.commit(0) // log it before the client can see the reset
	}
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		s.writeError(w, r, http.StatusInternalServerError,
			"Simulator cannot reset this connection (not a hijackable HTTP/1.x connection).")
		return
	}
	raw := conn
	if nc, ok := conn.(interface{ NetConn() net.Conn }); ok { // TLS
		raw = nc.NetConn()
	}
	if tc, ok := raw.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = raw.Close()
}
