// Package simulator is an in-memory imitation of the Webex recordings API.
//
// It exists so that the Webex client, the provider's acceptance tests, the
// demo and the benchmarks can make real HTTP round trips (authentication,
// scopes, hostEmail, time zones, Webex error bodies, rate limits and failed
// responses) without a Webex account or network access. It serves Get
// Recording Details, List Recordings and List Recordings For an Admin or
// Compliance Officer (filters, the default 7-day window, pages linked by
// RFC 5988 Link headers, and pagination faults; see lists.go), their group
// versions for service apps (group.go), and the temporary download links
// of the recordings whose links point at the simulator itself
// (downloads.go).
//
// Typical use in a test:
//
//	sim := simulator.New()
//	ts := httptest.NewServer(sim)
//	defer ts.Close()
//	baseURL := ts.URL + simulator.PathPrefix // "http://127.0.0.1:PORT/v1"
//
// Outside tests, Listen starts the simulator on a real socket.
//
// Every exported method is safe for concurrent use, including while the
// simulator is serving requests.
package simulator

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	// Embedded zone data, so the timezone header works on hosts without
	// /usr/share/zoneinfo.
	_ "time/tzdata"

	"golang.org/x/time/rate"
)

// PathPrefix is the path under which the simulator serves the API, mirroring
// https://webexapis.com/v1. A client's base URL is the server URL plus PathPrefix.
const PathPrefix = "/v1"

// defaultLogLimit bounds the request log so long benchmarks do not grow
// memory without limit.
const defaultLogLimit = 10000

// Request is one request as the simulator received and answered it. Tests use
// it to assert what the client actually sent (escaping, headers, retries).
type Request struct {
	// Time is when the simulator received the request (simulator clock).
	Time time.Time
	// Method is the HTTP method.
	Method string
	// Path is the escaped path as sent, e.g. "/v1/recordings/..%2Fx".
	Path string
	// RawQuery is the query string as sent, without the "?".
	RawQuery string
	// Header is a copy of the request headers.
	Header http.Header
	// RecordingID is the decoded {recordingId} path segment, or "" when the
	// request did not reach the Get Recording Details route.
	RecordingID string
	// Status is the HTTP status the simulator sent; 0 means no response was
	// written (the client went away first).
	Status int
	// TrackingID is the tracking id given to this request.
	TrackingID string
}

// Stats are cumulative counters, cheap to read, meant for benchmarks.
type Stats struct {
	// Requests is the number of requests received.
	Requests int64
	// TooManyRequests is the number of 429 answers sent, whatever caused them.
	TooManyRequests int64
}

// Server is the simulator. It implements http.Handler; create it with New.
type Server struct {
	mux *http.ServeMux

	latency   atomic.Int64 // time.Duration
	clock     atomic.Pointer[func() time.Time]
	lastStamp atomic.Int64 // last download-link timestamp handed out, in ms
	requests  atomic.Int64
	tooMany   atomic.Int64
	// tokenRequests counts the token endpoint's requests.
	tokenRequests atomic.Int64

	mu         sync.Mutex
	tokens     map[string]identity
	recordings map[string]storedRecording
	// newestFirst caches recordings sorted for the lists; nil after a change.
	newestFirst []storedRecording
	failRules   []failRule
	global      *rate.Limiter // nil when unlimited
	log         []Request
	logLimit    int
	lists       listSettings
	generated   int // recordings made by AddGeneratedRecordings so far
	// tickets are the download tickets issued for links to the simulator.
	tickets map[string]downloadTicket
	// fixtureNotes says, by id, what each built-in recording is there for.
	fixtureNotes map[string]string
}

// New returns a simulator loaded with the built-in tokens (UserToken,
// AdminToken, ComplianceToken, NoScopeToken, ExpiredToken, ServiceAppToken,
// ServiceAppNoGroupToken) and fixtures
// (ExampleRecordingID and the other *RecordingID constants), with no faults.
func New() *Server {
	s := &Server{
		tokens:     make(map[string]identity),
		recordings: make(map[string]storedRecording),
		logLimit:   defaultLogLimit,
		lists:      listSettings{maxPageSize: DefaultMaxPageSize},
	}
	s.installDefaults()
	s.mux = s.routes()
	return s
}

// routes builds the routing table. Go 1.22 patterns match on the escaped
// path, so "..%2Fpeople%2Fme" stays one {recordingId} segment.
func (s *Server) routes() *http.ServeMux {
	mux := http.NewServeMux()

	// Get Recording Details.
	mux.HandleFunc("GET "+PathPrefix+"/recordings/{recordingId}", s.handleGetRecording)
	mux.HandleFunc(PathPrefix+"/recordings/{recordingId}", s.handleMethodNotAllowed)

	// Present only so tests can prove that an escaped recording id never
	// reaches another endpoint.
	mux.HandleFunc("GET "+PathPrefix+"/people/me", s.handlePeopleMe)
	mux.HandleFunc(PathPrefix+"/people/me", s.handleMethodNotAllowed)

	// List Recordings, and List Recordings For an Admin or Compliance Officer.
	mux.HandleFunc("GET "+PathPrefix+"/recordings", s.listHandler(userList))
	mux.HandleFunc(PathPrefix+"/recordings", s.handleMethodNotAllowed)
	mux.HandleFunc("GET "+PathPrefix+"/admin/recordings", s.listHandler(adminList))
	mux.HandleFunc(PathPrefix+"/admin/recordings", s.handleMethodNotAllowed)

	// The token endpoint of integrations and service apps (oauth.go).
	mux.HandleFunc("POST "+PathPrefix+"/access_token", s.handleAccessToken)

	// Temporary direct download links to the simulator itself (downloads.go).
	mux.HandleFunc("GET /nbr/MultiThreadDownloadServlet", s.handleRecordingDownload)
	mux.HandleFunc("GET /nbr/downloadMedia.do", s.handleMediaDownload)

	// Get Group Recording Details and List Group Recordings, for service apps.
	mux.HandleFunc("GET "+PathPrefix+"/group/recordings/{recordingId}", s.handleGetGroupRecording)
	mux.HandleFunc(PathPrefix+"/group/recordings/{recordingId}", s.handleMethodNotAllowed)
	mux.HandleFunc("GET "+PathPrefix+"/group/recordings", s.listHandler(groupList))
	mux.HandleFunc(PathPrefix+"/group/recordings", s.handleMethodNotAllowed)

	mux.HandleFunc("/", s.handleNotFound)
	return mux
}

type trackingKey struct{}

// ServeHTTP answers one request: it logs it, applies latency and the global
// rate limit, rejects non-canonical paths, then routes it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	received := s.now()
	s.requests.Add(1)

	trackingID := newTrackingID()
	r = r.WithContext(context.WithValue(r.Context(), trackingKey{}, trackingID))
	// The request is logged when its status is decided, before the client
	// can see the answer, so a test that reads the log right after a call
	// always finds it; requests that get no answer are logged on return.
	sw := &statusWriter{ResponseWriter: w, onStatus: func(status int) { s.record(r, received, status, trackingID) }}
	sw.Header().Set(trackingHeader, trackingID)
	defer sw.commit(0)

	if !sleepContext(r.Context(), time.Duration(s.latency.Load())) {
		return // the client gave up while we were "busy"
	}
	if wait, limited := s.limited(s.now()); limited {
		s.writeTooMany(sw, r, wait)
		return
	}
	if !canonicalPath(r.URL.EscapedPath()) {
		// ServeMux would redirect "/v1/recordings/../people/me" to a cleaned
		// path; Webex has no such redirects, and following one would reach
		// a different endpoint, so answer 404 instead.
		s.handleNotFound(sw, r)
		return
	}
	s.mux.ServeHTTP(sw, r)
}

// canonicalPath reports whether p is absolute and free of empty, "." and ".."
// segments (checked on the escaped form, so "%2E%2E" is just an odd id).
func canonicalPath(p string) bool {
	if !strings.HasPrefix(p, "/") {
		return false
	}
	for _, seg := range strings.Split(p[1:], "/") {
		if seg == "" || seg == "." || seg == ".." {
			return false
		}
	}
	return true
}

func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	s.writeError(w, r, http.StatusNotFound, msgNotFound)
}

func (s *Server) handleMethodNotAllowed(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Allow", "GET, HEAD")
	s.writeError(w, r, http.StatusMethodNotAllowed,
		"The request was made to a resource using an HTTP request method that is not supported.")
}

// SetClock replaces the clock used for request times, createTime-independent
// values (link expiration and timestamps) and rate-limit bookkeeping, so tests
// can make them deterministic. nil restores time.Now. Latency always uses
// real time.
func (s *Server) SetClock(now func() time.Time) {
	if now == nil {
		s.clock.Store(nil)
		return
	}
	s.clock.Store(&now)
}

func (s *Server) now() time.Time {
	if f := s.clock.Load(); f != nil {
		return (*f)()
	}
	return time.Now()
}

// Requests returns a copy of the request log, oldest first (at most the
// log limit, see SetRequestLogLimit).
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	log := s.log[max(0, len(s.log)-s.logLimit):]
	out := make([]Request, len(log))
	for i, r := range log {
		r.Header = r.Header.Clone()
		out[i] = r
	}
	return out
}

// ResetRequests empties the request log and zeroes the Stats counters, so a
// test can look only at the requests of its own step.
func (s *Server) ResetRequests() {
	s.mu.Lock()
	s.log = nil
	s.mu.Unlock()
	s.requests.Store(0)
	s.tooMany.Store(0)
}

// SetRequestLogLimit keeps only the newest n requests in the log (default
// 10000); n <= 0 stops logging entirely, for long benchmarks. Stats keep
// counting either way.
func (s *Server) SetRequestLogLimit(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n < 0 {
		n = 0
	}
	s.logLimit = n
	s.trimLogLocked()
}

// Stats returns the cumulative counters since New or the last ResetRequests.
func (s *Server) Stats() Stats {
	return Stats{Requests: s.requests.Load(), TooManyRequests: s.tooMany.Load()}
}

func (s *Server) record(r *http.Request, received time.Time, status int, trackingID string) {
	if status == http.StatusTooManyRequests {
		s.tooMany.Add(1)
	}
	entry := Request{
		Time:        received,
		Method:      r.Method,
		Path:        r.URL.EscapedPath(),
		RawQuery:    r.URL.RawQuery,
		Header:      r.Header.Clone(),
		RecordingID: r.PathValue("recordingId"),
		Status:      status,
		TrackingID:  trackingID,
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.logLimit == 0 {
		return
	}
	s.log = append(s.log, entry)
	// Trim lazily (at twice the limit) so appends stay amortised O(1).
	if len(s.log) >= 2*s.logLimit {
		s.trimLogLocked()
	}
}

func (s *Server) trimLogLocked() {
	if len(s.log) <= s.logLimit {
		return
	}
	s.log = append([]Request(nil), s.log[len(s.log)-s.logLimit:]...)
}

// statusWriter reports the status sent, once, so the log can show it.
type statusWriter struct {
	http.ResponseWriter
	onStatus  func(status int)
	committed bool
}

// commit logs the request with status (0: no answer) unless already logged.
func (w *statusWriter) commit(status int) {
	if !w.committed {
		w.committed = true
		w.onStatus(status)
	}
}

func (w *statusWriter) WriteHeader(code int) {
	w.commit(code)
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.commit(http.StatusOK)
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach Flush and Hijack.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// sleepContext waits for d or until ctx is done; it reports whether the
// full wait elapsed with ctx still alive.
func sleepContext(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
