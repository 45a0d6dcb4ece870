// Package simulator is an in-memory imitation of the Webex recordings API, so
// that the Webex client, the provider's acceptance tests, the demo and the
// benchmarks make real HTTP round trips without a Webex account: Get
// Recording Details, the lists and queries (lists.go, query.go), their group
// versions (group.go), the token endpoint (oauth.go), the temporary
// download links (downloads.go), and faults (faults.go). Typical use:
//
//	sim := simulator.New()
//	ts := httptest.NewServer(sim)
//	defer ts.Close()
//	baseURL := ts.URL + simulator.PathPrefix // "http://127.0.0.1:PORT/v1"
//
// Listen serves it on a real socket. Every exported method is safe for
// concurrent use, also while serving.
package simulator

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "time/tzdata" // the timezone header works without /usr/share/zoneinfo

	"golang.org/x/time/rate"
)

// PathPrefix is the path under which the simulator serves the API, mirroring
// https://webexapis.com/v1. A client's base URL is the server URL plus PathPrefix.
const PathPrefix = "/v1"

// Request is one request as the simulator received and answered it. Tests use
// it to assert what the client actually sent (escaping, headers, retries).
type Request struct {
	Time        time.Time   // when the simulator received it (simulator clock)
	Method      string      // the HTTP method
	Path        string      // the escaped path as sent, e.g. "/v1/recordings/..%2Fx"
	RawQuery    string      // the query string as sent, without the "?"
	Header      http.Header // a copy of the request headers
	Body        string      // a query endpoint's request body as sent, cut at 16 KiB; "" for the others
	RecordingID string      // the decoded {recordingId} path segment, if the route has one
	Status      int         // the status sent; 0 when the client went away before an answer
	TrackingID  string      // the tracking id given to the request
}

// Stats are cumulative counters, cheap to read, meant for benchmarks.
type Stats struct {
	Requests        int64 // requests received
	TooManyRequests int64 // 429 answers sent, whatever caused them
}

// Server is the simulator. It implements http.Handler; create it with New.
type Server struct {
	mux *http.ServeMux

	latency       atomic.Int64 // time.Duration
	clock         atomic.Pointer[func() time.Time]
	lastStamp     atomic.Int64 // last download-link timestamp handed out, in ms
	requests      atomic.Int64
	tooMany       atomic.Int64
	tokenRequests atomic.Int64
	queryOff      atomic.Bool // SetQueryEndpoints(false)

	mu         sync.Mutex
	tokens     map[string]identity
	recordings map[string]storedRecording
	// newestFirst caches recordings sorted for the lists; nil after a change.
	newestFirst  []storedRecording
	matched      map[string][]storedRecording // by query, for newestFirst
	failRules    []failRule
	global       *rate.Limiter // nil when unlimited
	log          []Request
	logLimit     int
	lists        listSettings
	generated    int                       // recordings made by AddGeneratedRecordings so far
	tickets      map[string]downloadTicket // issued for links to the simulator
	fixtureNotes map[string]string         // by id, what each built-in recording is there for
	refreshUses  map[string]int            // requests of the refresh tokens that change once used
}

// New returns a simulator loaded with the built-in tokens (UserToken and
// the other *Token constants) and fixtures (ExampleRecordingID and the
// other *RecordingID constants), with no faults.
func New() *Server {
	s := &Server{
		tokens:      make(map[string]identity),
		recordings:  make(map[string]storedRecording),
		logLimit:    10000, // bounded, so long benchmarks do not grow memory without limit
		lists:       listSettings{maxPageSize: DefaultMaxPageSize},
		tickets:     make(map[string]downloadTicket),
		refreshUses: make(map[string]int),
	}
	s.installDefaults()
	s.mux = s.routes()
	return s
}

// routes builds the routing table. Go 1.22 patterns match on the escaped
// path, so "..%2Fadmin%2Frecordings" stays one {recordingId} segment.
func (s *Server) routes() *http.ServeMux {
	mux := http.NewServeMux()
	handle := func(pattern string, h http.HandlerFunc) {
		mux.HandleFunc("GET "+PathPrefix+pattern, h)
		mux.HandleFunc(PathPrefix+pattern, s.handleMethodNotAllowed)
	}
	handle("/recordings/{recordingId}", s.handleGetRecording)
	handle("/recordings", s.listHandler(userList))
	handle("/admin/recordings", s.listHandler(adminList))
	handle("/group/recordings/{recordingId}", s.handleGetGroupRecording)
	handle("/group/recordings", s.listHandler(groupList))

	mux.HandleFunc("POST "+PathPrefix+"/recordings/query", s.queryHandler(userList))
	mux.HandleFunc("POST "+PathPrefix+"/admin/recordings/query", s.queryHandler(adminList))
	mux.HandleFunc("POST "+PathPrefix+"/access_token", s.handleAccessToken)
	mux.HandleFunc("GET /nbr/MultiThreadDownloadServlet", s.handleDownload)
	mux.HandleFunc("GET /nbr/downloadMedia.do", s.handleDownload)
	mux.HandleFunc("/", s.handleNotFound)
	return mux
}

// ServeHTTP answers one request: it logs it, applies latency and the global
// rate limit, rejects non-canonical paths, then routes it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.requests.Add(1)
	sw := &statusWriter{ResponseWriter: w, s: s, r: r, received: s.now()}
	sw.Header().Set(trackingHeader, newTrackingID())
	defer sw.commit(0)

	if !sleepContext(r.Context(), time.Duration(s.latency.Load())) {
		return // the client gave up while we were "busy"
	}
	if wait, limited := s.limited(s.now()); limited {
		s.writeTooMany(sw, wait)
		return
	}
	if !canonicalPath(r.URL.EscapedPath()) {
		// ServeMux would redirect "/v1/recordings/../admin/recordings" to a
		// cleaned path, another endpoint; Webex has no such redirects, so
		// answer 404 instead.
		s.handleNotFound(sw, r)
		return
	}
	s.mux.ServeHTTP(sw, r)
}

// canonicalPath reports whether p is absolute and free of empty, "." and ".."
// segments (checked on the escaped form, so "%2E%2E" is just an odd id).
func canonicalPath(p string) bool {
	segs := strings.Split(p, "/")
	return len(segs) > 1 && segs[0] == "" && !slices.ContainsFunc(segs[1:], func(seg string) bool { return seg == "" || seg == "." || seg == ".." })
}

func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	s.writeError(w, http.StatusNotFound, msgNotFound)
}

func (s *Server) handleMethodNotAllowed(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Allow", "GET, HEAD")
	s.writeError(w, http.StatusMethodNotAllowed,
		"The request was made to a resource using an HTTP request method that is not supported.")
}

// SetClock replaces the clock used for request times, link expirations and
// timestamps, token lifetimes and the rate limit, so tests can make them
// deterministic. nil restores time.Now. Latency always uses real time.
func (s *Server) SetClock(now func() time.Time) { s.clock.Store(&now) }

func (s *Server) now() time.Time {
	if f := s.clock.Load(); f != nil && *f != nil {
		return (*f)()
	}
	return time.Now()
}

// Requests returns a copy of the request log, oldest first (at most the
// log limit, see SetRequestLogLimit).
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := slices.Clone(s.log[max(0, len(s.log)-s.logLimit):])
	for i := range out {
		out[i].Header = out[i].Header.Clone()
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
	s.logLimit = max(n, 0)
	s.trimLogLocked()
}

// Stats returns the cumulative counters since New or the last ResetRequests.
func (s *Server) Stats() Stats {
	return Stats{Requests: s.requests.Load(), TooManyRequests: s.tooMany.Load()}
}

// commit logs the request with status (0: no answer) unless already logged.
func (w *statusWriter) commit(status int) {
	if w.committed {
		return
	}
	w.committed = true
	s, r := w.s, w.r
	if status == http.StatusTooManyRequests {
		s.tooMany.Add(1)
	}
	entry := Request{Time: w.received, Method: r.Method, Path: r.URL.EscapedPath(), RawQuery: r.URL.RawQuery, Header: r.Header.Clone(),
		Body: w.body, RecordingID: r.PathValue("recordingId"), Status: status, TrackingID: w.Header().Get(trackingHeader)}
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
	if len(s.log) > s.logLimit {
		s.log = append([]Request(nil), s.log[len(s.log)-s.logLimit:]...)
	}
}

// statusWriter logs its request, once, when its status is decided: before
// the client can see the answer, so a test that reads the log right after
// a call always finds it. A request that gets no answer is logged on return.
type statusWriter struct {
	http.ResponseWriter
	s         *Server
	r         *http.Request
	received  time.Time
	body      string // a query endpoint's request body, for the log
	committed bool
}

func (w *statusWriter) WriteHeader(code int) {
	w.commit(code)
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.commit(http.StatusOK)
	return w.ResponseWriter.Write(b)
}

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
		return ctx.Err() == nil
	case <-ctx.Done():
		return false
	}
}
