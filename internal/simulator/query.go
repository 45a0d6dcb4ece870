package simulator

import (
	"encoding/json"
	"io"
	"maps"
	"mime"
	"net/http"
	"slices"
	"strings"
)

// Query Recordings (POST /v1/recordings/query) and Query Recordings For an
// Admin or Compliance Officer (POST /v1/admin/recordings/query), published
// in 2026: the GET lists' filters as a JSON body, with their scopes,
// recording objects and order (lists.go), and topic matched whatever its
// characters. Unlike the GET lists:
//   - a missing or non-JSON body, or a Content-Type that is not JSON,
//     answers 415; a field of the wrong JSON type, 400;
//   - max is a JSON number from 1 to 100; outside that, 400;
//   - the admin query has no 30-day limit (its page states none), refuses
//     hostEmail, and may carry timezone in the body, which wins over the
//     header (the page is silent; the body is the more specific);
//   - the next link is the same path with only the page in its query
//     ("?offset=10"), to which the client POSTs the same body (the page
//     does not say how a next link is followed; this is the reading
//     chosen). A defaulted from/to is resolved again on each page.
//
// Field names match exactly. A field the endpoint does not have is
// ignored, as the GET lists ignore an unknown parameter (the page is
// silent on both); JSON null is the field left out.

// maxQueryBody bounds a query body, and so what the log keeps of it; a
// larger body answers 400.
const maxQueryBody = 16 << 10

// SetQueryEndpoints turns both query endpoints on (the default) or off:
// off, they answer 404 like any unknown path, as before Webex had them,
// for tests of a client's fallback to the GET lists. ClearFaults leaves
// the switch alone.
func (s *Server) SetQueryEndpoints(on bool) { s.queryOff.Store(!on) }

// queryHandler serves the query of the list e.
func (s *Server) queryHandler(e listEndpoint) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.queryOff.Load() {
			s.handleNotFound(w, r)
			return
		}
		// Read before faults, so the log has the body of a request that
		// FailNext refuses too.
		body, _ := io.ReadAll(io.LimitReader(r.Body, maxQueryBody+1))
		if sw, ok := w.(*statusWriter); ok {
			sw.body = string(body[:min(len(body), maxQueryBody)])
		}
		s.serveWithFaults(w, r, "", func(w http.ResponseWriter, r *http.Request) { s.listRecordings(w, r, e, true, body) })
	}
}

// bodyListQuery reads a query's filters from its body; a non-empty string
// is the message to answer with status.
func bodyListQuery(r *http.Request, body []byte, e listEndpoint) (q listQuery, status int, msg string) {
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case err != nil || mediaType != "application/json" && !strings.HasSuffix(mediaType, "+json"):
		return q, http.StatusUnsupportedMediaType, "The request body must be JSON, sent with Content-Type application/json."
	case len(body) > maxQueryBody:
		return q, http.StatusBadRequest, "The request body is larger than 16 KiB."
	case !json.Valid(body): // an empty body too
		return q, http.StatusUnsupportedMediaType, "The request body is missing or is not JSON."
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(body, &fields) != nil || fields == nil {
		return q, http.StatusBadRequest, "The request body must be a JSON object."
	}
	strs := q.fields()
	if e == adminList {
		strs["timezone"] = &q.Timezone
	}
	for _, name := range slices.Sorted(maps.Keys(fields)) {
		raw, p := fields[name], strs[name]
		switch {
		case string(raw) == "null":
		case name == "max":
			if q.Max = new(float64); json.Unmarshal(raw, q.Max) != nil {
				return q, http.StatusBadRequest, "max must be a number from 1 to 100."
			}
		case p != nil && json.Unmarshal(raw, p) != nil:
			return q, http.StatusBadRequest, name + " must be a string."
		}
	}
	return q, 0, ""
}
