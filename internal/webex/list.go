package webex

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Bounds of a list whatever the server sends: recordings, bytes (100,000
// of Webex's size fit), pages (MaxListResults in pages of 10), a next
// link's length, and a page's recordings ("max" is 1-100).
const (
	MaxListResults    = 100_000
	MaxListBytes      = 128 << 20
	MaxListPages      = MaxListResults / 10
	maxNextLinkLength = 16 << 10
	MaxListPageSize   = 100
	// MaxSplitWindow is the longest From-To span the admin and group lists
	// take in one request; ListRecordings reads longer spans in windows.
	MaxSplitWindow = 30 * 24 * time.Hour
)

// ListRecordingsOptions are the inputs of List Recordings (GET /recordings,
// or with a Topic, POST /recordings/query), with Admin of List Recordings
// For an Admin or Compliance Officer (/admin/recordings), and with Group of
// List Group Recordings (GET /group/recordings). Zero values are not sent.
type ListRecordingsOptions struct {
	// Admin lists every recording of the site (an admin or compliance
	// officer); its answers carry the host but no Password or ShareToMe.
	Admin bool
	// Group lists the available recordings of the host that PersonID or
	// HostEmail (then the hostEmail header) names, as a service app.
	Group    bool
	PersonID string
	// From (inclusive) and To (exclusive) bound createTime; zero ones are
	// Webex's to default (a window of 7 days).
	From, To time.Time
	// MeetingID is a meeting series, scheduled meeting or instance id;
	// Webex then ignores SiteURL, and the admin list From and To.
	MeetingID string
	// HostEmail lists another host's recordings (an admin), or with Group
	// names the host.
	HostEmail      string
	SiteURL        string
	IntegrationTag string
	// Topic matches the topic without regard to case. Webex filters the
	// group list by it no more: the client does.
	Topic       string
	Format      string // one of ListFormats
	ServiceType string // one of ServiceTypes
	Status      string // one of Statuses
	// Timezone is an IANA zone name for the answer's times.
	Timezone string
	// MaxResults stops the list after that many recordings; 0 lists all.
	MaxResults int
}

// pageSize is the "max" a list asks for.
func (o ListRecordingsOptions) pageSize() int {
	if o.MaxResults > 0 && o.MaxResults < MaxListPageSize && (!o.Group || o.Topic == "") {
		return o.MaxResults
	}
	return MaxListPageSize
}

// params are the parameters of a list's window [from, to), by their API
// names: the query string of GET, and the body of POST .../query.
func (o ListRecordingsOptions) params(from, to time.Time) map[string]string {
	p := map[string]string{"max": strconv.Itoa(o.pageSize()), "meetingId": o.MeetingID, "hostEmail": o.HostEmail,
		"siteUrl": o.SiteURL, "integrationTag": o.IntegrationTag, "topic": o.Topic, "format": o.Format,
		"serviceType": o.ServiceType, "status": o.Status}
	if o.Group {
		// The group list takes the host as a header, and no topic.
		p["personId"], p["hostEmail"], p["topic"] = o.PersonID, "", ""
	}
	for name, t := range map[string]time.Time{"from": from, "to": to} {
		if !t.IsZero() {
			p[name] = t.Format(time.RFC3339Nano)
		}
	}
	maps.DeleteFunc(p, func(_, v string) bool { return v == "" })
	return p
}

// listWindow is a [from, to) span read in one paged request.
type listWindow struct{ from, to time.Time }

// windows splits [From, To) into windows of at most MaxSplitWindow, newest
// first, for the admin and group lists; any other list is one window.
func (o ListRecordingsOptions) windows() []listWindow {
	if !o.Admin && !o.Group || o.MeetingID != "" || o.From.IsZero() || o.To.IsZero() || o.To.Sub(o.From) <= MaxSplitWindow {
		return []listWindow{{o.From, o.To}}
	}
	var out []listWindow
	for end := o.To; end.After(o.From); end = end.Add(-MaxSplitWindow) {
		from := end.Add(-MaxSplitWindow)
		if from.Before(o.From) {
			from = o.From
		}
		out = append(out, listWindow{from, end})
	}
	return out
}

// ListRecordings lists recordings, newest first by createTime, following
// every next link until the last page or MaxResults, each recording once.
// Lists with a Topic use the query endpoints, whose JSON body carries any
// character; the others GET, whose behaviour is known. When the query
// endpoints answer 404 or 405, or a GET list 404 or 410, the list (and
// every later one) uses the other. A next link must keep base_url's scheme
// and host and not repeat a page, a page must not hold more than asked
// for, and the bounds hold: otherwise it fails (*PaginationError,
// *ResponseError) rather than send the token elsewhere, loop or grow.
func (c *Client) ListRecordings(ctx context.Context, opts ListRecordingsOptions) ([]Recording, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	l := &listRead{client: c, opts: opts, seenURLs: map[[sha256.Size]byte]bool{}, seenIDs: map[string]bool{}, header: http.Header{}}
	setIfNotEmpty(l.header, "timezone", opts.Timezone)
	if opts.Group {
		setIfNotEmpty(l.header, "hostEmail", opts.HostEmail)
	}
	windows := opts.windows()
	for i := 0; i < len(windows) && !l.full(); i++ {
		if err := l.readWindow(ctx, windows[i]); err != nil {
			return nil, err
		}
	}
	out := slices.Concat(l.kept...) // one array of the list's size, not one grown page by page
	l.kept = nil                    // the pages go while it is sorted
	out = sortNewestFirst(out)
	c.logger.Debug(ctx, "Webex list read", map[string]any{"recordings": len(out), "pages": l.pages, "windows": len(windows)})
	return out, nil
}

// listRead is one ListRecordings call in progress.
type listRead struct {
	client   *Client
	opts     ListRecordingsOptions
	header   http.Header
	kept     [][]Recording // the recordings kept, page by page
	count    int           // of the recordings kept
	pages    int
	bytes    int // of the pages' bodies, against MaxListBytes
	seenURLs map[[sha256.Size]byte]bool
	seenIDs  map[string]bool
}

func (l *listRead) full() bool { return l.opts.MaxResults > 0 && l.count >= l.opts.MaxResults }

// first is the request of a window's first page: GET, or POST to query.
func (l *listRead) first(w listWindow, query bool) (request, error) {
	segments := []string{"recordings"}
	switch {
	case l.opts.Admin:
		segments = []string{"admin", "recordings"}
	case l.opts.Group:
		segments = []string{"group", "recordings"}
	}
	params := l.opts.params(w.from, w.to)
	if !query {
		q := url.Values{}
		for name, v := range params {
			q.Set(name, v)
		}
		u, err := l.client.endpoint(q, segments...)
		return request{method: http.MethodGet, url: u, header: l.header}, err
	}
	body := map[string]any{}
	for name, v := range params {
		body[name] = v
	}
	body["max"] = l.opts.pageSize()
	encoded, err := json.Marshal(body)
	if err != nil {
		return request{}, err
	}
	u, err := l.client.endpoint(nil, append(segments, "query")...)
	return request{method: http.MethodPost, url: u, header: l.header, body: encoded}, err
}

// readWindow reads a window's pages until its last or until the list is full.
func (l *listRead) readWindow(ctx context.Context, w listWindow) error {
	c := l.client
	query := !l.opts.Group && !c.noQuery.Load() && (l.opts.Topic != "" || c.noGet.Load())
	req, err := l.first(w, query)
	if err != nil {
		return err
	}
	resp, err := l.page(ctx, req)
	other := false
	switch {
	case query && (isStatus(err, http.StatusNotFound) || isStatus(err, http.StatusMethodNotAllowed)):
		c.noQuery.Store(true) // a deployment without the query endpoints
		other = true
	case !query && !l.opts.Group && !c.noQuery.Load() && (isStatus(err, http.StatusNotFound) || isStatus(err, http.StatusGone)):
		c.noGet.Store(true) // the GET lists retired
		other = true
	}
	if other {
		if req, err = l.first(w, !query); err != nil {
			return err
		}
		l.pages--
		resp, err = l.page(ctx, req)
	}
	for {
		if err != nil {
			return err
		}
		items, decodeErr := decodeListPage(resp, l.opts.pageSize())
		if decodeErr != nil {
			return decodeErr
		}
		kept := items[:0] // in place, in the page's own array
		for i := 0; i < len(items) && !l.full(); i++ {
			switch {
			case l.seenIDs[items[i].ID]:
				continue
			case l.opts.Group && l.opts.Topic != "" && !strings.EqualFold(items[i].Topic, l.opts.Topic):
				continue // Webex's own topic filter: case-insensitive equality
			case l.count == c.maxListResults:
				return &PaginationError{Page: l.pages, Err: ErrTooManyRecordings,
					Detail: fmt.Sprintf("stopped at %d recordings; narrow the filters or set a maximum number of results", c.maxListResults)}
			}
			l.seenIDs[items[i].ID] = true
			kept = append(kept, items[i])
			l.count++
		}
		if len(kept) < cap(kept)/2 {
			kept = slices.Clone(kept) // a short page keeps only what it holds, not 100 recordings' room
		}
		l.kept = append(l.kept, kept)
		link, ok := nextLink(resp.Header)
		if !ok || l.full() {
			return nil
		}
		if req.url, err = c.checkNextLink(req.url, link, l.pages); err != nil {
			return err
		}
		// A next link to a query endpoint is POSTed again with the same
		// body; any other is a GET.
		if !strings.HasSuffix(req.url.Path, "/query") {
			req.method, req.body = http.MethodGet, nil
		}
		resp, err = l.page(ctx, req)
		if req.method == http.MethodPost && isStatus(err, http.StatusMethodNotAllowed) {
			req.method, req.body = http.MethodGet, nil
			l.pages--
			resp, err = l.page(ctx, req)
		}
	}
}

// page reads one page of the list.
func (l *listRead) page(ctx context.Context, req request) (*response, error) {
	c := l.client
	key := sha256.Sum256([]byte(req.method + " " + req.url.String()))
	switch l.pages++; {
	case l.seenURLs[key]:
		return nil, &PaginationError{Page: l.pages - 1, Err: ErrRepeatedNextLink,
			Detail: "Webex sent the link to " + serverText(c.creds, originOf(req.url)+req.url.EscapedPath()) + " again; stopping instead of looping"}
	case l.pages > c.maxListPages:
		return nil, &PaginationError{Page: l.pages - 1, Err: ErrTooManyPages,
			Detail: fmt.Sprintf("stopped after %d pages; narrow the filters or set a maximum number of results", c.maxListPages)}
	}
	l.seenURLs[key] = true
	resp, err := c.do(ctx, req)
	if err != nil {
		if l.pages > 1 {
			return nil, fmt.Errorf("reading page %d of the list: %w", l.pages, err)
		}
		return nil, err
	}
	if l.bytes += len(resp.Body); l.bytes > c.maxListBytes {
		return nil, &PaginationError{Page: l.pages, Err: ErrTooManyRecordings,
			Detail: fmt.Sprintf("stopped at %d MiB of answers; narrow the filters or set a maximum number of results", c.maxListBytes>>20)}
	}
	return resp, nil
}

// decodeListPage decodes a page of pageSize recordings at most into an array of that size.
func decodeListPage(resp *response, pageSize int) ([]Recording, error) {
	items := make([]Recording, 0, pageSize)
	page := struct {
		Items *[]Recording `json:"items"`
	}{&items}
	err := decodeJSON(resp, &page)
	if err == nil && page.Items != nil && len(*page.Items) == 0 {
		page.Items = nil // no recordings: was there an items array?
		err = decodeJSON(resp, &page)
	}
	if err != nil {
		return nil, err
	}
	switch {
	case page.Items == nil:
		return nil, resp.unusable("the JSON has no items array, so it is not a list of recordings")
	case len(*page.Items) > pageSize:
		return nil, resp.unusable("the page holds %d recordings, more than the %d the request asked for", len(*page.Items), pageSize)
	}
	for i, rec := range *page.Items {
		if rec.ID == "" {
			return nil, resp.unusable("item %d of the list has no recording id, so it is not a recording", i)
		}
	}
	return *page.Items, nil
}

// sortNewestFirst is recs by createTime, newest first, keeping the
// order of equal times; a time that does not parse sorts last.
func sortNewestFirst(recs []Recording) []Recording {
	at, order := make([]int64, len(recs)), make([]int, len(recs))
	for i := range recs {
		at[i], order[i] = math.MinInt64, i
		if t, err := time.Parse(time.RFC3339, recs[i].CreateTime); err == nil {
			at[i] = t.UnixNano()
		}
	}
	newestFirst := func(a, b int64) int { return cmp.Compare(b, a) }
	if slices.IsSortedFunc(at, newestFirst) {
		return recs
	}
	slices.SortStableFunc(order, func(i, j int) int { return newestFirst(at[i], at[j]) })
	sorted := make([]Recording, len(recs))
	for i, k := range order {
		sorted[i] = recs[k]
	}
	return sorted
}

// checkNextLink resolves a next link against the page it came from and
// accepts it only on base_url's scheme and host.
func (c *Client) checkNextLink(current *url.URL, raw string, page int) (*url.URL, error) {
	if len(raw) > maxNextLinkLength {
		return nil, &PaginationError{Page: page, Err: ErrInvalidNextLink, Detail: fmt.Sprintf("it is %d bytes long", len(raw))}
	}
	ref, err := url.Parse(raw)
	if err != nil {
		return nil, &PaginationError{Page: page, Err: ErrInvalidNextLink, Detail: "it could not be parsed"}
	}
	u := current.ResolveReference(ref)
	u.Fragment, u.RawFragment = "", ""
	switch {
	case u.User != nil:
		return nil, &PaginationError{Page: page, Err: ErrInvalidNextLink, Detail: "it carries credentials"}
	case !strings.EqualFold(u.Scheme, c.baseURL.Scheme) || !strings.EqualFold(u.Hostname(), c.baseURL.Hostname()) || portOf(u) != portOf(c.baseURL):
		return nil, &PaginationError{Page: page, Err: ErrForeignNextLink, Detail: fmt.Sprintf("it points to %s, not %s; the access token is only sent to the base URL's host",
			serverText(c.creds, originOf(u)), originOf(c.baseURL))}
	}
	return u, nil
}

func portOf(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	return map[string]string{"https": "443", "http": "80"}[strings.ToLower(u.Scheme)]
}

func originOf(u *url.URL) string { return strings.ToLower(u.Scheme) + "://" + u.Host }

// linkValue is a link of a Link header: its target and its parameters;
// relParam is its rel parameter, quoted or not.
var (
	linkValue = regexp.MustCompile(`<([^>]*)>([^<]*)`)
	relParam  = regexp.MustCompile(`(?i);\s*rel\s*=\s*(?:"([^"]*)"|([^";,\s]+))`)
)

// nextLink is the target of the rel="next" link of the Link headers as
// Webex sends them (`<url>; rel="next"`, comma-separated, a rel naming one
// or more types), a target taken whole between < and >; checkNextLink
// decides whether it may be followed.
func nextLink(h http.Header) (string, bool) {
	for _, value := range h.Values("Link") {
		for _, link := range linkValue.FindAllStringSubmatch(value, -1) {
			for _, m := range relParam.FindAllStringSubmatch(link[2], -1) {
				isNext := func(rel string) bool { return strings.EqualFold(rel, "next") }
				if target := strings.TrimSpace(link[1]); target != "" && slices.ContainsFunc(strings.Fields(m[1]+" "+m[2]), isNext) {
					return target, true
				}
			}
		}
	}
	return "", false
}
