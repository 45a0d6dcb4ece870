package simulator

import (
	"cmp"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// List Recordings (GET /v1/recordings), List Recordings For an Admin or
// Compliance Officer (GET /v1/admin/recordings) and List Group Recordings
// (GET /v1/group/recordings, see group.go).
//
// All sort by createTime, newest first, and split long results into
// pages linked by an RFC 5988 `Link: <...>; rel="next"` header. The next
// link is absolute, carries the resolved from/to window and an offset,
// and is meant to be followed verbatim. List requests take part in the
// faults set for every request (id ""), not in per-recording ones.

const (
	// DefaultMaxPageSize is the page size cap of both list endpoints, as
	// at Webex: a larger "max" is lowered to it.
	DefaultMaxPageSize = 100
	// DefaultListMax is the page size when the request has no "max".
	DefaultListMax = 10
	// ListWindow is the default from/to span: with neither, the 7 days
	// before now (simulator clock); with only from, from plus 7 days; with
	// only to, to minus 7 days.
	ListWindow = 7 * 24 * time.Hour
	// MaxAdminListWindow is the longest from/to span the admin and group
	// endpoints take.
	MaxAdminListWindow = 30 * 24 * time.Hour
)

// listEndpoint is which of the three lists a request reads.
type listEndpoint int

const (
	userList listEndpoint = iota
	adminList
	groupList
)

// name is the endpoint's name in error messages.
func (e listEndpoint) name() string {
	return [...]string{"List Recordings", "List Recordings For an Admin or Compliance Officer", "List Group Recordings"}[e]
}

// listSettings are the list endpoints' knobs; guarded by Server.mu.
type listSettings struct {
	maxPageSize    int
	repeatNextLink bool
	nextLinkOrigin string
}

// SetMaxPageSize caps list pages at n recordings (default
// DefaultMaxPageSize), so tests can see several pages with few
// recordings. n <= 0 restores the default. ClearFaults keeps it.
func (s *Server) SetMaxPageSize(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n <= 0 {
		n = DefaultMaxPageSize
	}
	s.lists.maxPageSize = n
}

// SetRepeatNextLink, when on, is a pagination fault: from the second page
// on, every page's next link is the first page's next link again, so a
// client that follows links blindly loops forever. ClearFaults turns it off.
func (s *Server) SetRepeatNextLink(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lists.repeatNextLink = on
}

// SetNextLinkOrigin is a pagination fault: next links point to origin
// ("scheme://host[:port]") instead of the host the request came to, as a
// hostile or misconfigured proxy might; a client must refuse to send its
// token there. "" restores normal links; ClearFaults does too.
func (s *Server) SetNextLinkOrigin(origin string) error {
	if origin != "" {
		u, err := url.Parse(origin)
		if err != nil || u.Scheme == "" || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
			return fmt.Errorf("simulator: next link origin %q must be scheme://host[:port]", origin)
		}
		origin = u.Scheme + "://" + u.Host
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lists.nextLinkOrigin = origin
	return nil
}

func (s *Server) currentListSettings() listSettings {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lists
}

// listHandler serves the list endpoint e.
func (s *Server) listHandler(e listEndpoint) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.serveWithFaults(w, r, "", func(w http.ResponseWriter, r *http.Request) { s.listRecordings(w, r, e) })
	}
}

// listQuery is a list request after validation.
type listQuery struct {
	pageSize  int
	offset    int
	from, to  time.Time
	meetingID string
	// hostEmail is the hostEmail query parameter, or for the group list
	// the host its personId or hostEmail header names.
	hostEmail      string
	siteURL        string
	integrationTag string
	topic          string
	format         string
	serviceType    string
	status         string
}

// wireList is the body of a list answer.
type wireList struct {
	Items []wireRecording `json:"items"`
}

// listRecordings implements the list endpoints once faults have had their say.
func (s *Server) listRecordings(w http.ResponseWriter, r *http.Request, endpoint listEndpoint) {
	who, ok := s.authenticate(w, r)
	if !ok {
		return
	}
	compliance := who.has(ScopeComplianceMeetingsRead)
	admin := who.has(ScopeAdminRecordingsRead)
	switch {
	case endpoint == groupList && !s.groupAccess(w, r, who):
		return
	case endpoint == adminList && !admin && !compliance:
		s.writeError(w, r, http.StatusForbidden,
			"Missing required scope: "+ScopeAdminRecordingsRead,
			"Listing recordings for an admin or compliance officer needs the "+ScopeAdminRecordingsRead+
				" or "+ScopeComplianceMeetingsRead+" scope.")
		return
	case endpoint == userList && !admin && !compliance && !who.has(ScopeRecordingsRead):
		s.writeError(w, r, http.StatusForbidden,
			"Missing required scope: "+ScopeRecordingsRead,
			"The access token does not grant the "+ScopeRecordingsRead+" scope required to list recordings.")
		return
	}

	loc, ok := s.requestLocation(w, r)
	if !ok {
		return
	}

	settings := s.currentListSettings()
	q, status, msg := parseListQuery(r.URL.Query(), endpoint, s.now(), settings.maxPageSize)
	if status != 0 {
		s.writeError(w, r, status, msg)
		return
	}
	if endpoint == groupList {
		host, known, ok := s.groupHost(w, r)
		if !ok {
			return
		}
		if !known {
			// A person id of nobody known hosts nothing.
			writeJSON(w, http.StatusOK, wireList{Items: []wireRecording{}})
			return
		}
		q.hostEmail = host
	}
	switch {
	case endpoint == userList && q.hostEmail != "" && !admin && !compliance:
		s.writeError(w, r, http.StatusForbidden,
			"Missing required scope: "+ScopeAdminRecordingsRead,
			"hostEmail may only be used with the "+ScopeAdminRecordingsRead+" scope.")
		return
	case q.status == RecordingPurged && !compliance:
		s.writeError(w, r, http.StatusForbidden,
			"Only a compliance officer can list purged recordings.",
			"Listing recordings with status purged needs the "+ScopeComplianceMeetingsRead+" scope.")
		return
	}

	pageItems, total := s.selectRecordings(q, who, endpoint)
	end := q.offset + len(pageItems)

	now := s.now()
	body := wireList{Items: make([]wireRecording, 0, len(pageItems))}
	for _, st := range pageItems {
		shareToMe := endpoint == userList && q.hostEmail == "" && !strings.EqualFold(st.host, who.email) && st.sharedTo(who.email)
		// render only reads rec; lists never carry temporary links.
		rec := st.rec
		rec.DirectLinks = nil
		item := s.render(rec, shareToMe, loc, now, "")
		if endpoint == adminList {
			// The admin list names the host but has no password or shareToMe.
			item.HostEmail, item.HostDisplayName = st.host, hostDisplayName(st.host)
			item.Password, item.ShareToMe = "", nil
		}
		body.Items = append(body.Items, item)
	}

	nextOffset, hasNext := end, end < total
	if settings.repeatNextLink && q.offset >= q.pageSize {
		nextOffset, hasNext = q.pageSize, true
	}
	if hasNext {
		w.Header().Set("Link", "<"+nextLinkURL(r, q, nextOffset, settings.nextLinkOrigin)+`>; rel="next"`)
	}
	writeJSON(w, http.StatusOK, body)
}

// parseListQuery checks the query as Webex does; a non-zero status is the
// error to answer, with its message.
func parseListQuery(v url.Values, endpoint listEndpoint, now time.Time, maxPageSize int) (listQuery, int, string) {
	bad := func(msg string) (listQuery, int, string) { return listQuery{}, http.StatusBadRequest, msg }
	q := listQuery{
		meetingID:      strings.TrimSpace(v.Get("meetingId")),
		hostEmail:      strings.TrimSpace(v.Get("hostEmail")),
		siteURL:        strings.TrimSpace(v.Get("siteUrl")),
		integrationTag: v.Get("integrationTag"),
		topic:          v.Get("topic"),
		format:         v.Get("format"),
		serviceType:    v.Get("serviceType"),
		status:         v.Get("status"),
	}

	q.pageSize = DefaultListMax
	if raw := v.Get("max"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 1 {
			return bad(fmt.Sprintf("max must be equal to or greater than 1 and equal to or less than 100, got %q.", truncate(raw, 20)))
		}
		q.pageSize = min(n, DefaultMaxPageSize)
	}
	q.pageSize = min(q.pageSize, maxPageSize)
	if raw := v.Get("offset"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 0 {
			return bad(fmt.Sprintf("Invalid page link: offset %q.", truncate(raw, 20)))
		}
		q.offset = n
	}

	var err error
	if q.from, err = parseListTime(v.Get("from")); err != nil {
		return bad(fmt.Sprintf("from %q is not an ISO 8601 date and time.", truncate(v.Get("from"), 40)))
	}
	if q.to, err = parseListTime(v.Get("to")); err != nil {
		return bad(fmt.Sprintf("to %q is not an ISO 8601 date and time.", truncate(v.Get("to"), 40)))
	}
	switch {
	case q.from.IsZero() && q.to.IsZero():
		q.to = now.Truncate(time.Second)
		q.from = q.to.Add(-ListWindow)
	case q.to.IsZero():
		q.to = q.from.Add(ListWindow)
	case q.from.IsZero():
		q.from = q.to.Add(-ListWindow)
	}
	if q.from.After(q.to) {
		return bad("from cannot be after to.")
	}
	if endpoint != userList && q.to.Sub(q.from) > MaxAdminListWindow {
		return bad("The interval between from and to must be within 30 days.")
	}

	if endpoint == adminList && q.hostEmail != "" {
		return bad("hostEmail is not a parameter of " + endpoint.name() + ".")
	}
	if endpoint == groupList {
		// Not parameters of the group list, which lists available
		// recordings only; refused so that a client sending them is seen.
		// hostEmail is a header there (groupHost).
		for _, name := range []string{"meetingId", "status"} {
			if v.Has(name) {
				return bad(name + " is not a parameter of " + endpoint.name() + ".")
			}
		}
	}
	switch q.status {
	case "":
		q.status = RecordingAvailable
	case RecordingAvailable, RecordingDeleted:
	case RecordingPurged:
		if endpoint != adminList {
			return bad("status purged can only be listed through List Recordings For an Admin or Compliance Officer.")
		}
	default:
		return bad(fmt.Sprintf("status %q is invalid; valid values are available, deleted and purged.", truncate(q.status, 20)))
	}
	if q.format != "" && !slices.Contains([]string{FormatMP4, FormatARF, FormatUploaded}, q.format) {
		return bad(fmt.Sprintf("format %q is invalid; valid values are MP4 and ARF.", truncate(q.format, 20)))
	}
	if q.serviceType != "" && !slices.Contains([]string{ServiceMeetingCenter, ServiceEventCenter, ServiceSupportCenter, ServiceTrainingCenter}, q.serviceType) {
		return bad(fmt.Sprintf("serviceType %q is invalid; valid values are MeetingCenter, EventCenter, SupportCenter and TrainingCenter.", truncate(q.serviceType, 20)))
	}
	return q, 0, ""
}

// parseListTime accepts the ISO 8601 forms clients send: RFC 3339 with or
// without fractional seconds. "" is the zero time.
func parseListTime(raw string) (time.Time, error) {
	if raw == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339Nano, raw)
}

// selectRecordings returns the recordings on the page of q, newest first,
// and how many match in all. The entries are shared with the store: read
// them, never change them.
func (s *Server) selectRecordings(q listQuery, who identity, endpoint listEndpoint) (page []storedRecording, total int) {
	s.mu.Lock()
	all := s.byNewestLocked()
	s.mu.Unlock()
	for i := range all {
		if !listMatches(q, &all[i], who, endpoint) {
			continue
		}
		if total >= q.offset && total-q.offset < q.pageSize {
			page = append(page, all[i])
		}
		total++
	}
	return page, total
}

// byNewestLocked is every stored recording, newest first (then by id),
// sorted once after each change rather than on every page of a list, so a
// list of 10,000 recordings is served as fast as Webex would. s.mu is held.
func (s *Server) byNewestLocked() []storedRecording {
	if s.newestFirst == nil {
		s.newestFirst = slices.SortedFunc(maps.Values(s.recordings), func(a, b storedRecording) int {
			if c := b.rec.CreateTime.Compare(a.rec.CreateTime); c != 0 {
				return c
			}
			return cmp.Compare(a.rec.ID, b.rec.ID)
		})
	}
	return s.newestFirst
}

func listMatches(q listQuery, st *storedRecording, who identity, endpoint listEndpoint) bool {
	rec := st.rec
	switch {
	case endpoint == adminList:
	case q.hostEmail != "":
		// For the group list too: the host's own recordings, not those
		// shared with them by others.
		if !strings.EqualFold(st.host, q.hostEmail) {
			return false
		}
	default:
		if !strings.EqualFold(st.host, who.email) && !st.sharedTo(who.email) {
			return false
		}
	}
	if rec.Status != q.status {
		return false
	}
	if rec.CreateTime.Before(q.from) || !rec.CreateTime.Before(q.to) {
		return false
	}
	if q.meetingID != "" {
		// meetingId wins over siteUrl, which Webex then ignores.
		if q.meetingID != rec.MeetingID && q.meetingID != rec.ScheduledMeetingID && q.meetingID != rec.MeetingSeriesID {
			return false
		}
	} else if q.siteURL != "" && !strings.EqualFold(q.siteURL, rec.SiteURL) {
		return false
	}
	if q.integrationTag != "" && !slices.Contains(rec.IntegrationTags, q.integrationTag) {
		return false
	}
	if q.topic != "" && !strings.EqualFold(q.topic, rec.Topic) {
		return false
	}
	if q.format != "" && q.format != rec.Format {
		return false
	}
	if q.serviceType != "" && q.serviceType != rec.ServiceType {
		return false
	}
	return true
}

// nextLinkURL builds the absolute link to the page at offset, carrying the
// resolved window so that every page lists the same set.
func nextLinkURL(r *http.Request, q listQuery, offset int, origin string) string {
	v := r.URL.Query()
	v.Set("from", q.from.UTC().Format(time.RFC3339Nano))
	v.Set("to", q.to.UTC().Format(time.RFC3339Nano))
	v.Set("max", strconv.Itoa(q.pageSize))
	v.Set("offset", strconv.Itoa(offset))
	if origin == "" {
		origin = requestOrigin(r)
	}
	return origin + r.URL.EscapedPath() + "?" + v.Encode()
}

// RecordingBatch describes recordings for AddGeneratedRecordings. Zero
// fields take the defaults given.
type RecordingBatch struct {
	// Count is how many recordings to add (at least 1).
	Count int
	// Newest is the createTime of the first recording; each next one is
	// Spacing older. Default: the simulator clock's now minus one hour.
	Newest time.Time
	// Spacing between consecutive createTimes. Default: one hour.
	Spacing time.Duration
	// Host hosts them. Default: AliceEmail.
	Host string
	// SharedWith are people they are shared with.
	SharedWith []string
	// Topic is every recording's topic. Default: "Generated recording N",
	// N counting every generated recording of the simulator from 1.
	Topic string
	// Format, ServiceType and Status default to MP4, MeetingCenter and available.
	Format      string
	ServiceType string
	Status      string
	// SiteURL defaults to site4-example.webex.com.
	SiteURL string
	// IntegrationTags default to none (the key left out).
	IntegrationTags []string
	// MeetingSeriesID puts them all in one meeting series; by default each
	// has its own.
	MeetingSeriesID string
	// Password defaults to "Pa55w0rd!".
	Password string
}

// AddGeneratedRecordings adds b.Count recordings built from the fixture
// shape (download and playback URLs, temporary links for Get Recording
// Details) and returns their ids, newest first, which is the order the
// list endpoints return them in.
func (s *Server) AddGeneratedRecordings(b RecordingBatch) ([]string, error) {
	if b.Count < 1 {
		return nil, fmt.Errorf("simulator: RecordingBatch.Count must be at least 1, got %d", b.Count)
	}
	if b.Spacing < 0 {
		return nil, fmt.Errorf("simulator: RecordingBatch.Spacing must not be negative, got %s", b.Spacing)
	}
	newest := b.Newest
	if newest.IsZero() {
		newest = s.now().Add(-time.Hour)
	}
	newest = newest.UTC().Truncate(time.Second)
	spacing := cmp.Or(b.Spacing, time.Hour)
	host := cmp.Or(b.Host, AliceEmail)

	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]string, b.Count)
	for i := range ids {
		s.generated++
		n := s.generated
		id := fmt.Sprintf("6e6e%028x", n)
		series := cmp.Or(b.MeetingSeriesID, fmt.Sprintf("5e5e%028x", n))
		rec := fixture(id, series, cmp.Or(b.Topic, fmt.Sprintf("Generated recording %d", n)),
			newest.Add(-time.Duration(i)*spacing), strconv.Itoa(600000+n))
		rec.Format = cmp.Or(b.Format, FormatMP4)
		rec.ServiceType = cmp.Or(b.ServiceType, ServiceMeetingCenter)
		rec.Status = cmp.Or(b.Status, RecordingAvailable)
		rec.Password = cmp.Or(b.Password, rec.Password)
		if b.SiteURL != "" {
			rec.SiteURL = b.SiteURL
		}
		rec.IntegrationTags = slices.Clone(b.IntegrationTags)
		s.recordings[id] = storedRecording{rec: rec, host: host, sharedWith: slices.Clone(b.SharedWith)}
		s.newestFirst = nil
		ids[i] = id
	}
	return ids, nil
}
