package simulator

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// The lists: GET /v1/recordings and /v1/admin/recordings, their POST
// .../query versions (query.go) and GET /v1/group/recordings (group.go).
// All sort by createTime, newest first, and split long results into pages
// linked by an RFC 5988 `Link: <...>; rel="next"` header, absolute and meant
// to be followed verbatim. Only FailNext failures for every request (id
// "") reach them.

const (
	// DefaultMaxPageSize is the lists' page size cap, as at Webex: the GET
	// lists lower a larger "max" to it (the query endpoints refuse it).
	DefaultMaxPageSize = 100
	// DefaultListMax is the page size when the request has no "max".
	DefaultListMax = 10
	// ListWindow is the default from/to span: with neither, the 7 days
	// before now (simulator clock); with only from, from plus 7 days; with
	// only to, to minus 7 days.
	ListWindow = 7 * 24 * time.Hour
	// MaxAdminListWindow is the longest from/to span of the GET admin and
	// group lists.
	MaxAdminListWindow = 30 * 24 * time.Hour
)

// listEndpoint is which list a request reads; the query endpoints read
// the user and admin lists.
type listEndpoint int

const (
	userList listEndpoint = iota
	adminList
	groupList
)

// listSettings are the lists' knobs; guarded by Server.mu.
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
	s.lists.maxPageSize = cmp.Or(max(n, 0), DefaultMaxPageSize)
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

// listQuery is a list request: its filters as sent (capitalized, named by
// fields), then what check resolves from them (lower case).
type listQuery struct {
	Max                                   *float64
	From, To, MeetingID, SiteURL          string
	IntegrationTag, HostEmail, Topic      string
	Format, ServiceType, Status, Timezone string // Timezone: the admin query's body only

	pageSize, offset int
	// from and to bound createTime; both zero for an admin list with a
	// meetingId, which ignores them.
	from, to time.Time
	// plainTopic: the GET lists' "limited support for special characters when
	// filtering recordings by topic", made visible as no match at all (notPlain).
	plainTopic bool
}

// fields are q's filters by name, in a GET list's URL and a query's body.
func (q *listQuery) fields() map[string]*string {
	return map[string]*string{"from": &q.From, "to": &q.To, "meetingId": &q.MeetingID, "siteUrl": &q.SiteURL,
		"integrationTag": &q.IntegrationTag, "hostEmail": &q.HostEmail, "topic": &q.Topic,
		"format": &q.Format, "serviceType": &q.ServiceType, "status": &q.Status}
}

// urlListQuery reads a GET list's filters; a non-empty string is the 400
// message.
func urlListQuery(v url.Values, e listEndpoint) (listQuery, string) {
	q := listQuery{plainTopic: true}
	for name, p := range q.fields() {
		*p = v.Get(name)
	}
	if e == groupList {
		// It takes neither: refused, so that a client sending them is seen.
		if v.Has("meetingId") || v.Has("status") {
			return q, "meetingId and status are not parameters of List Group Recordings."
		}
		q.Topic = "" // no longer a parameter either, and Webex now ignores it
	}
	if raw := v.Get("max"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil {
			return q, fmt.Sprintf("max must be equal to or greater than 1 and equal to or less than 100, got %q.", truncate(raw, 20))
		}
		q.Max = new(float64(n))
	}
	return q, ""
}

// check validates q as Webex does and resolves the page and the window;
// a non-empty string is the 400 message.
func (q *listQuery) check(e listEndpoint, query bool, offset string, now time.Time, maxPageSize int) string {
	q.MeetingID, q.HostEmail, q.SiteURL = strings.TrimSpace(q.MeetingID), strings.TrimSpace(q.HostEmail), strings.TrimSpace(q.SiteURL)
	q.pageSize = DefaultListMax
	if q.Max != nil {
		// Whole numbers, as the GET lists' integer max (the query page says
		// "number" and no more); only the GET lists lower a max above 100.
		if n := *q.Max; n != math.Trunc(n) || n < 1 || query && n > DefaultMaxPageSize {
			return fmt.Sprintf("max must be equal to or greater than 1 and equal to or less than 100, got %v.", n)
		}
		q.pageSize = int(min(*q.Max, DefaultMaxPageSize))
	}
	q.pageSize = min(q.pageSize, maxPageSize)
	if offset != "" {
		n, err := strconv.Atoi(offset)
		if err != nil || n < 0 {
			return fmt.Sprintf("Invalid page link: offset %q.", truncate(offset, 20))
		}
		q.offset = n
	}

	// The admin lists ignore from and to with a meetingId, as they do siteUrl.
	if e != adminList || q.MeetingID == "" {
		var err error
		if q.from, err = parseListTime(q.From); err != nil {
			return fmt.Sprintf("from %q is not an ISO 8601 date and time.", truncate(q.From, 40))
		}
		if q.to, err = parseListTime(q.To); err != nil {
			return fmt.Sprintf("to %q is not an ISO 8601 date and time.", truncate(q.To, 40))
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
			return "from cannot be after to."
		}
		// The admin query's page states no 30-day limit.
		if e != userList && !query && q.to.Sub(q.from) > MaxAdminListWindow {
			return "The interval between from and to must be within 30 days."
		}
	}

	if e == adminList && q.HostEmail != "" {
		return "hostEmail is not a parameter of the admin lists."
	}
	switch q.Status {
	case "":
		q.Status = RecordingAvailable
	case RecordingAvailable, RecordingDeleted:
	case RecordingPurged:
		// The spec: "The purged status only applies if the user calling
		// the API is a Compliance Officer and meetingId is specified."
		if e == userList && q.MeetingID == "" {
			return "status purged can only be listed for a meetingId, or by the admin lists."
		}
	default:
		return fmt.Sprintf("status %q is invalid; valid values are available, deleted and purged.", truncate(q.Status, 20))
	}
	if q.Format != "" && q.Format != FormatMP4 && q.Format != FormatARF {
		return fmt.Sprintf("format %q is invalid; valid values are MP4 and ARF.", truncate(q.Format, 20))
	}
	if q.ServiceType != "" && !slices.Contains([]string{ServiceMeetingCenter, ServiceEventCenter, ServiceSupportCenter, ServiceTrainingCenter}, q.ServiceType) {
		return fmt.Sprintf("serviceType %q is invalid; valid values are MeetingCenter, EventCenter, SupportCenter and TrainingCenter.", truncate(q.ServiceType, 20))
	}
	return ""
}

// parseListTime accepts the ISO 8601 forms clients send: RFC 3339 with or
// without fractional seconds. "" is the zero time.
func parseListTime(raw string) (time.Time, error) {
	if raw == "" {
		return time.Time{}, nil
	}
	return time.Parse(time.RFC3339Nano, raw)
}

// wireList is the body of a list answer.
type wireList struct {
	Items []wireRecording `json:"items"`
}

// listHandler serves the GET list e.
func (s *Server) listHandler(e listEndpoint) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.serveWithFaults(w, r, "", func(w http.ResponseWriter, r *http.Request) { s.listRecordings(w, r, e, false, nil) })
	}
}

// listRecordings answers a GET list or, with query, a query whose body is
// body, once faults have had their say.
func (s *Server) listRecordings(w http.ResponseWriter, r *http.Request, e listEndpoint, query bool, body []byte) {
	who, ok := s.authenticate(w, r)
	if !ok {
		return
	}
	compliance, admin := who.has(ScopeComplianceMeetingsRead), who.has(ScopeAdminRecordingsRead)
	switch {
	case e == groupList && !s.groupAccess(w, who):
		return
	case e == adminList && !admin && !compliance:
		s.missingScope(w, ScopeAdminRecordingsRead, "list recordings for an admin (or use "+ScopeComplianceMeetingsRead+")")
		return
	case e == userList && !admin && !compliance && !who.has(ScopeRecordingsRead):
		s.missingScope(w, ScopeRecordingsRead, "list recordings")
		return
	}

	q, status, msg := listQuery{}, http.StatusBadRequest, ""
	if query {
		q, status, msg = bodyListQuery(r, body, e)
	} else {
		q, msg = urlListQuery(r.URL.Query(), e)
	}
	if msg != "" {
		s.writeError(w, status, msg)
		return
	}
	loc, ok := s.location(w, cmp.Or(strings.TrimSpace(q.Timezone), r.Header.Get("timezone")))
	if !ok {
		return
	}
	s.mu.Lock()
	settings := s.lists
	s.mu.Unlock()
	if msg := q.check(e, query, r.URL.Query().Get("offset"), s.now(), settings.maxPageSize); msg != "" {
		s.writeError(w, http.StatusBadRequest, msg)
		return
	}
	if e == groupList {
		host, known, ok := s.groupHost(w, r)
		if !ok {
			return
		}
		if !known {
			// A person id of nobody known hosts nothing.
			writeJSON(w, http.StatusOK, wireList{Items: []wireRecording{}})
			return
		}
		q.HostEmail = host
	}
	switch {
	case e == userList && q.HostEmail != "" && !admin && !compliance:
		s.missingScope(w, ScopeAdminRecordingsRead, "use hostEmail")
		return
	case q.Status == RecordingPurged && !compliance:
		s.writeError(w, http.StatusForbidden, "Only a compliance officer can list purged recordings.",
			"Listing recordings with status purged needs the "+ScopeComplianceMeetingsRead+" scope.")
		return
	}

	pageItems, total := s.selectRecordings(q, who, e)
	out := wireList{Items: make([]wireRecording, 0, len(pageItems))}
	for _, st := range pageItems {
		shareToMe := e == userList && q.HostEmail == "" && !strings.EqualFold(st.host, who.email) && st.sharedTo(who.email)
		rec := st.rec         // render only reads it
		rec.DirectLinks = nil // lists never carry temporary links
		item := s.render(rec, shareToMe, loc, "")
		if e == adminList {
			// The admin lists name the host but have no password or shareToMe.
			item.HostEmail, item.HostDisplayName = st.host, hostDisplayName(st.host)
			item.Password, item.ShareToMe = "", nil
		}
		out.Items = append(out.Items, item)
	}

	end := q.offset + len(pageItems)
	nextOffset, hasNext := end, end < total
	if settings.repeatNextLink && q.offset >= q.pageSize {
		nextOffset, hasNext = q.pageSize, true
	}
	if hasNext {
		w.Header().Set("Link", "<"+nextLinkURL(r, q, query, nextOffset, settings.nextLinkOrigin)+`>; rel="next"`)
	}
	writeJSON(w, http.StatusOK, out)
}

// selectRecordings returns the page of q, newest first, and how many match
// in all. The matches of a query are kept until the recordings change, so
// that reading its pages one after another is linear in the list, as at
// Webex. The entries are shared with the store: read them, never change them.
func (s *Server) selectRecordings(q listQuery, who identity, e listEndpoint) (page []storedRecording, total int) {
	k := q
	k.offset, k.pageSize, k.Max = 0, 0, nil
	key := fmt.Sprintf("%d %s %+v", e, who.email, k)
	s.mu.Lock() // held while matching, so that matches never outlive a change of the recordings
	defer s.mu.Unlock()
	all, matched := s.byNewestLocked(), s.matched[key]
	if matched == nil {
		matched = []storedRecording{}
		for i := range all {
			if listMatches(q, &all[i], who, e) {
				matched = append(matched, all[i])
			}
		}
		s.matched[key] = matched
	}
	start := min(q.offset, len(matched))
	return matched[start : start+min(q.pageSize, len(matched)-start)], len(matched)
}

// byNewestLocked is every stored recording, newest first (then by id),
// sorted once after each change rather than on every page of a list, so a
// list of 10,000 recordings is served as fast as Webex would. s.mu is held.
func (s *Server) byNewestLocked() []storedRecording {
	if s.newestFirst == nil {
		s.newestFirst = slices.SortedFunc(maps.Values(s.recordings), func(a, b storedRecording) int {
			return cmp.Or(b.rec.CreateTime.Compare(a.rec.CreateTime), cmp.Compare(a.rec.ID, b.rec.ID))
		})
		s.matched = map[string][]storedRecording{}
	}
	return s.newestFirst
}

func listMatches(q listQuery, st *storedRecording, who identity, e listEndpoint) bool {
	rec := &st.rec
	switch {
	case e == adminList:
	case q.HostEmail != "":
		// For the group list too: the host's own recordings, not those
		// shared with them by others.
		if !strings.EqualFold(st.host, q.HostEmail) {
			return false
		}
	case !strings.EqualFold(st.host, who.email) && !st.sharedTo(who.email):
		return false
	}
	switch {
	case rec.Status != q.Status,
		!q.from.IsZero() && (rec.CreateTime.Before(q.from) || !rec.CreateTime.Before(q.to)),
		// meetingId wins over siteUrl, which Webex then ignores.
		q.MeetingID != "" && q.MeetingID != rec.MeetingID && q.MeetingID != rec.ScheduledMeetingID && q.MeetingID != rec.MeetingSeriesID,
		q.MeetingID == "" && q.SiteURL != "" && !strings.EqualFold(q.SiteURL, rec.SiteURL),
		q.IntegrationTag != "" && !slices.Contains(rec.IntegrationTags, q.IntegrationTag),
		q.Topic != "" && (q.plainTopic && strings.ContainsFunc(q.Topic, notPlain) || !strings.EqualFold(q.Topic, rec.Topic)),
		q.Format != "" && q.Format != rec.Format,
		q.ServiceType != "" && q.ServiceType != rec.ServiceType:
		return false
	}
	return true
}

// nextLinkURL builds the absolute link to the page at offset. A GET list's
// link carries the resolved window, so that every page lists the same set;
// a query's carries only the offset, the body being POSTed again.
func nextLinkURL(r *http.Request, q listQuery, query bool, offset int, origin string) string {
	v := url.Values{}
	if !query {
		v = r.URL.Query()
		if !q.from.IsZero() {
			v.Set("from", q.from.UTC().Format(time.RFC3339Nano))
			v.Set("to", q.to.UTC().Format(time.RFC3339Nano))
		}
		v.Set("max", strconv.Itoa(q.pageSize))
	}
	v.Set("offset", strconv.Itoa(offset))
	return cmp.Or(origin, requestOrigin(r)) + r.URL.EscapedPath() + "?" + v.Encode()
}

// hostDisplayName is the display name the admin lists give a host:
// "Alice Example" for alice@example.com.
func hostDisplayName(email string) string {
	local, _, _ := strings.Cut(email, "@")
	if local == "" {
		return ""
	}
	return strings.ToUpper(local[:1]) + local[1:] + " Example"
}

// RecordingBatch describes recordings for AddGeneratedRecordings; zero
// fields take the defaults given.
type RecordingBatch struct {
	Count int // how many, at least 1
	// Newest is the first one's createTime (default: the simulator clock's
	// now minus an hour); each next one is Spacing (default an hour) older.
	Newest  time.Time
	Spacing time.Duration
	// Host hosts them (default AliceEmail); they are shared with SharedWith.
	Host       string
	SharedWith []string
	// Topic defaults to "Generated recording N", N counting the
	// simulator's generated recordings from 1.
	Topic                       string
	Format, ServiceType, Status string   // default MP4, MeetingCenter, available
	SiteURL                     string   // default site4-example.webex.com
	IntegrationTags             []string // default none (the key left out)
	MeetingSeriesID             string   // one series for all; default one each
	Password                    string   // default "Pa55w0rd!"
}

// AddGeneratedRecordings adds b.Count recordings in the fixtures' shape
// (download and playback URLs, temporary links for Get Recording Details)
// and returns their ids, newest first as the lists return them.
func (s *Server) AddGeneratedRecordings(b RecordingBatch) ([]string, error) {
	if b.Count < 1 || b.Spacing < 0 {
		return nil, fmt.Errorf("simulator: RecordingBatch needs a Count of at least 1 (got %d) and no negative Spacing (got %s)", b.Count, b.Spacing)
	}
	newest := cmp.Or(b.Newest, s.now().Add(-time.Hour)).UTC().Truncate(time.Second)
	s.mu.Lock()
	defer s.mu.Unlock()
	ids := make([]string, b.Count)
	for i := range ids {
		s.generated++
		n := s.generated
		ids[i] = fmt.Sprintf("6e6e%028x", n)
		rec := fixture(ids[i], cmp.Or(b.MeetingSeriesID, fmt.Sprintf("5e5e%028x", n)),
			cmp.Or(b.Topic, fmt.Sprintf("Generated recording %d", n)),
			newest.Add(-time.Duration(i)*cmp.Or(b.Spacing, time.Hour)), strconv.Itoa(600000+n))
		rec.Format = cmp.Or(b.Format, FormatMP4)
		rec.ServiceType = cmp.Or(b.ServiceType, ServiceMeetingCenter)
		rec.Status = cmp.Or(b.Status, RecordingAvailable)
		rec.Password = cmp.Or(b.Password, rec.Password)
		rec.SiteURL = cmp.Or(b.SiteURL, rec.SiteURL)
		rec.IntegrationTags = slices.Clone(b.IntegrationTags)
		s.recordings[ids[i]] = storedRecording{rec: rec, host: cmp.Or(b.Host, AliceEmail), sharedWith: slices.Clone(b.SharedWith)}
	}
	s.newestFirst = nil
	return ids, nil
}

// notPlain reports a character the GET lists' topic filter cannot match.
func notPlain(c rune) bool {
	return c != ' ' && (c < '0' || c > '9') && (c < 'a' || c > 'z') && (c < 'A' || c > 'Z')
}
