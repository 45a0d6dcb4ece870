package webex

import (
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

const (
	// MaxListPageSize is the largest page the list endpoints serve
	// (their "max" parameter is 1 to 100). The client asks for it, or for
	// MaxResults when that is smaller, so a list takes as few requests as
	// it can.
	MaxListPageSize = 100

	// MaxListResults bounds how many recordings one list holds in memory,
	// however the server pages them.
	MaxListResults = 100_000

	// MaxListBytes bounds the answers of one list, whatever their size per
	// recording: 100,000 recordings of Webex's size fit.
	MaxListBytes = 128 << 20

	// maxNextLinkLength bounds a next link; Webex's are a few hundred bytes.
	maxNextLinkLength = 16 << 10

	// MaxListPages bounds how many pages one list follows, so a server
	// that hands out endless distinct next links cannot hold a run forever.
	// It still lets MaxListResults through at Webex's default page of 10.
	MaxListPages = MaxListResults / 10

	// DefaultListWindow is the window Webex lists when From and To are
	// left out: the 7 days before now. With only From, To defaults to
	// From plus 7 days; with only To, From defaults to To minus 7 days.
	DefaultListWindow = 7 * 24 * time.Hour

	// MaxAdminListWindow is the longest From-To span the admin list
	// accepts in one request. ListRecordings splits longer spans.
	MaxAdminListWindow = 30 * 24 * time.Hour

	// MaxGroupListWindow is the longest From-To span the group list
	// accepts in one request. ListRecordings splits longer spans.
	MaxGroupListWindow = 30 * 24 * time.Hour
)

// ListRecordingsOptions are the inputs of List Recordings
// (GET /recordings), with Admin of List Recordings For an Admin or
// Compliance Officer (GET /admin/recordings), and with Group of List Group
// Recordings (GET /group/recordings). Zero values are not sent.
type ListRecordingsOptions struct {
	// Admin lists through the admin endpoint: every recording of the
	// admin's or compliance officer's site rather than the caller's own.
	// It needs meeting:admin_recordings_read or
	// spark-compliance:meetings_read and takes no HostEmail. Its answers
	// carry the host (HostEmail, HostDisplayName) but no Password or
	// ShareToMe.
	Admin bool
	// Group lists through the group endpoint, as a service app with group
	// recording access: the recordings of the host that PersonID or
	// HostEmail (then sent as the hostEmail header) names, one of them,
	// not both. Webex lists only available recordings that the host was
	// not shared by others; the group list takes no MeetingID or Status
	// and cannot go with Admin.
	Group bool
	// PersonID is the host's Webex person id, Base64 as the People API
	// gives it or the raw UUID. Group lists only.
	PersonID string
	// From (inclusive) and To (exclusive) bound the recordings' createTime.
	// See DefaultListWindow for what Webex does when they are zero. With
	// Admin or Group, a span longer than MaxAdminListWindow or
	// MaxGroupListWindow is read as consecutive windows.
	From time.Time
	To   time.Time
	// MeetingID is a meeting series, scheduled meeting or meeting instance
	// id; Webex then ignores SiteURL.
	MeetingID string
	// HostEmail lists another host's recordings; it needs the
	// meeting:admin_recordings_read scope and cannot go with Admin. With
	// Group, it names the host whose recordings the group list reads.
	HostEmail string
	// SiteURL is the Webex site to list, such as example.webex.com.
	SiteURL string
	// IntegrationTag is an external key of the parent meeting.
	IntegrationTag string
	// Topic matches the recording topic, without regard to case.
	Topic string
	// Format is FormatMP4, FormatARF or FormatUploaded.
	Format string
	// ServiceType is one of the ServiceType* constants.
	ServiceType string
	// Status is StatusAvailable (Webex's default), StatusDeleted, or, for
	// a compliance officer with Admin, StatusPurged.
	Status string
	// Timezone is an IANA zone name for the times in the answer.
	Timezone string
	// MaxResults stops the list after that many recordings; 0 lists all
	// (at most MaxListResults).
	MaxResults int
}

// Validate applies the rules of the list endpoints that can be checked
// before any request. A zero field is not checked, so a caller may
// validate what it knows so far. It returns a *OptionsError.
func (o ListRecordingsOptions) Validate() error {
	switch {
	case o.MaxResults < 0 || o.MaxResults > MaxListResults:
		return optionsError("MaxResults", "", "the maximum number of results must be from 1 to %d, got %d", MaxListResults, o.MaxResults)
	case o.Admin && o.Group:
		return optionsError("Group", "Admin", "the group list and the admin list are different endpoints; choose one")
	case o.Admin && o.HostEmail != "":
		return optionsError("HostEmail", "Admin", "hostEmail cannot be combined with the admin list, which has no hostEmail filter and already covers every host of the site")
	}
	if err := checkGroupHost(o.Group, o.PersonID, o.HostEmail, "the group list"); err != nil {
		return err
	}
	switch {
	case o.Group && o.MeetingID != "":
		return optionsError("MeetingID", "Group", "meetingId is not a parameter of the group list")
	case o.Group && o.Status != "":
		return optionsError("Status", "Group", "status is not a parameter of the group list, which lists available recordings only")
	case o.Status == StatusPurged && !o.Admin:
		return optionsError("Status", "", "status %q can only be listed by a compliance officer, through the admin list", StatusPurged)
	case !o.From.IsZero() && !o.To.IsZero() && !o.From.Before(o.To):
		return optionsError("To", "", "from (%s) must be before to (%s)", o.From.Format(time.RFC3339Nano), o.To.Format(time.RFC3339Nano))
	}
	return nil
}

func (o ListRecordingsOptions) query(from, to time.Time) url.Values {
	q := url.Values{}
	q.Set("max", strconv.Itoa(o.pageSize()))
	if !from.IsZero() {
		q.Set("from", from.Format(time.RFC3339Nano))
	}
	if !to.IsZero() {
		q.Set("to", to.Format(time.RFC3339Nano))
	}
	hostEmail := o.HostEmail
	if o.Group {
		// The group list takes it as a header (see header).
		hostEmail = ""
	}
	for name, value := range map[string]string{
		"personId":       o.PersonID,
		"meetingId":      o.MeetingID,
		"hostEmail":      hostEmail,
		"siteUrl":        o.SiteURL,
		"integrationTag": o.IntegrationTag,
		"topic":          o.Topic,
		"format":         o.Format,
		"serviceType":    o.ServiceType,
		"status":         o.Status,
	} {
		setIfNotEmpty(q, name, value)
	}
	return q
}

// header is the headers of every request of the list.
func (o ListRecordingsOptions) header() http.Header {
	h := http.Header{}
	setIfNotEmpty(h, "timezone", o.Timezone)
	if o.Group {
		setIfNotEmpty(h, "hostEmail", o.HostEmail)
	}
	return h
}

// endpoint is the path of the list and the longest From-To span it
// accepts in one request (0: any).
func (o ListRecordingsOptions) endpoint() ([]string, time.Duration) {
	switch {
	case o.Admin:
		return []string{"admin", "recordings"}, MaxAdminListWindow
	case o.Group:
		return []string{"group", "recordings"}, MaxGroupListWindow
	}
	return []string{"recordings"}, 0
}

// pageSize is the "max" a list asks for: a full page, or MaxResults when
// that is smaller.
func (o ListRecordingsOptions) pageSize() int {
	if o.MaxResults > 0 && o.MaxResults < MaxListPageSize {
		return o.MaxResults
	}
	return MaxListPageSize
}

// listWindow is one [from, to) span that a list endpoint accepts in one
// read; zero ends are left for Webex to default.
type listWindow struct{ from, to time.Time }

// listWindows splits [from, to) into consecutive windows of at most span,
// newest first, the order Webex sorts recordings in. Without both ends,
// or with span zero, it is the one window as given.
func listWindows(from, to time.Time, span time.Duration) []listWindow {
	if span <= 0 || from.IsZero() || to.IsZero() || to.Sub(from) <= span {
		return []listWindow{{from, to}}
	}
	var out []listWindow
	for end := to; end.After(from); end = end.Add(-span) {
		out = append(out, listWindow{from: later(from, end.Add(-span)), to: end})
	}
	return out
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// listPage is the body of one page of a list.
type listPage struct {
	Items *[]Recording `json:"items"`
}

// ListRecordings lists recordings, newest first as Webex sorts them. It
// follows every `Link: <...>; rel="next"` page, through the same pacing
// and retries as every other read, until the last page or MaxResults,
// and stops requesting as soon as MaxResults is reached. An admin or group
// span longer than Webex accepts is read as consecutive windows, newest
// first.
// A recording listed twice (on a window edge, or shifted by a page
// boundary while the list was read) is returned once.
//
// A next link must stay on the base URL's scheme and host and must not
// repeat a page already read, a page must not hold more recordings than
// asked for, and the list must stay within MaxListPages and
// MaxListResults; otherwise the list fails with a *PaginationError or a
// *ResponseError rather than send the token elsewhere, loop or grow
// without bound. The recordings never carry temporary download links.
func (c *Client) ListRecordings(ctx context.Context, opts ListRecordingsOptions) ([]Recording, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	segments, span := opts.endpoint()
	l := &listRead{client: c, opts: opts, header: opts.header(), seenURLs: map[[sha256.Size]byte]bool{}, seenIDs: map[string]bool{}}
	windows := listWindows(opts.From, opts.To, span)
	for _, w := range windows {
		first, err := c.endpoint(segments, opts.query(w.from, w.to))
		if err != nil {
			return nil, err
		}
		if err := l.readWindow(ctx, first); err != nil {
			return nil, err
		}
		if l.full() {
			break
		}
	}
	c.logger.Debug(ctx, "Webex list read", map[string]any{
		"path":       c.baseURL.EscapedPath() + "/" + strings.Join(segments, "/"),
		"recordings": len(l.out),
		"pages":      l.pages,
		"windows":    len(windows),
	})
	return l.out, nil
}

// listRead is one ListRecordings call in progress.
type listRead struct {
	client   *Client
	opts     ListRecordingsOptions
	header   http.Header
	out      []Recording
	pages    int
	bytes    int // of the pages' bodies, against MaxListBytes
	seenURLs map[[sha256.Size]byte]bool
	seenIDs  map[string]bool
}

// full reports whether MaxResults recordings have been read.
func (l *listRead) full() bool {
	return l.opts.MaxResults > 0 && len(l.out) >= l.opts.MaxResults
}

// readWindow follows one window's pages from first until its last page
// or until the list is full.
func (l *listRead) readWindow(ctx context.Context, next *url.URL) error {
	l.visit(next) // each window's first URL is its own (from and to differ)
	for {
		l.pages++
		if l.pages > l.client.maxListPages {
			return &PaginationError{Page: l.pages - 1, Err: ErrTooManyPages,
				Detail: fmt.Sprintf("stopped after %d pages; narrow the filters or set a maximum number of results", l.client.maxListPages)}
		}
		resp, err := l.client.getURL(ctx, next, l.header)
		if err != nil {
			if l.pages > 1 {
				return fmt.Errorf("reading page %d of the list: %w", l.pages, err)
			}
			return err
		}
		if l.bytes += len(resp.Body); l.bytes > l.client.maxListBytes {
			return &PaginationError{Page: l.pages, Err: ErrTooManyRecordings,
				Detail: fmt.Sprintf("stopped at %d MiB of answers; narrow the filters or set a maximum number of results", l.client.maxListBytes>>20)}
		}
		items, err := decodeListPage(resp, l.opts.pageSize())
		if err != nil {
			return err
		}
		for i := range items {
			l.client.redactor.learnRecording(&items[i])
			if l.seenIDs[items[i].ID] {
				continue
			}
			if len(l.out) == l.client.maxListResults {
				return &PaginationError{Page: l.pages, Err: ErrTooManyRecordings,
					Detail: fmt.Sprintf("stopped at %d recordings; narrow the filters or set a maximum number of results", l.client.maxListResults)}
			}
			l.seenIDs[items[i].ID] = true
			l.out = append(l.out, items[i])
			if l.full() {
				return nil
			}
		}
		link, ok := nextLink(resp.Header)
		if !ok {
			return nil
		}
		if next, err = l.client.checkNextLink(next, link, l.pages); err != nil {
			return err
		}
		if !l.visit(next) {
			return &PaginationError{Page: l.pages, Err: ErrRepeatedNextLink,
				Detail: "Webex sent the link to " + serverText(l.client.redactor, describeURL(next), maxMessageLength) + " again; stopping instead of looping"}
		}
	}
}

// visit marks u as read; false when it was already.
func (l *listRead) visit(u *url.URL) bool {
	key := sha256.Sum256([]byte(u.String()))
	if l.seenURLs[key] {
		return false
	}
	l.seenURLs[key] = true
	return true
}

// decodeListPage decodes one page of a list whose request asked for at
// most pageSize recordings.
func decodeListPage(resp *response, pageSize int) ([]Recording, error) {
	var page listPage
	if err := decodeJSON(resp, &page); err != nil {
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

// checkNextLink resolves a next link against the page it came from and
// accepts it only on the base URL's scheme and host.
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
	if u.User != nil {
		return nil, &PaginationError{Page: page, Err: ErrInvalidNextLink, Detail: "it carries credentials"}
	}
	if !sameOrigin(u, c.baseURL) {
		return nil, &PaginationError{Page: page, Err: ErrForeignNextLink,
			Detail: fmt.Sprintf("it points to %s, not %s; the access token is only sent to the base URL's host", serverText(c.redactor, originOf(u), maxMessageLength), originOf(c.baseURL))}
	}
	return u, nil
}

// sameOrigin compares scheme, host and port, with default ports filled in.
func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) &&
		strings.EqualFold(a.Hostname(), b.Hostname()) &&
		portOf(a) == portOf(b)
}

func portOf(u *url.URL) string {
	if p := u.Port(); p != "" {
		return p
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return "443"
	case "http":
		return "80"
	}
	return ""
}

func originOf(u *url.URL) string {
	return strings.ToLower(u.Scheme) + "://" + u.Host
}

// describeURL names a URL without its query, which is the server's business.
func describeURL(u *url.URL) string {
	return originOf(u) + u.EscapedPath()
}

// relParam is the rel parameter of a link, quoted or not.
var relParam = regexp.MustCompile(`(?i);\s*rel\s*=\s*(?:"([^"]*)"|([^";,\s]+))`)

// nextLink is the target of the rel="next" link in the Link headers, as
// Webex sends them: `<url>; rel="next"`, several links separated by
// commas, a rel parameter possibly naming several relation types. A
// target is taken whole between < and >, so a comma inside it does not
// split; a link's parameters run to the next <. checkNextLink decides
// whether the target may be followed.
func nextLink(h http.Header) (string, bool) {
	for _, value := range h.Values("Link") {
		for {
			start := strings.IndexByte(value, '<')
			if start < 0 {
				break
			}
			end := strings.IndexByte(value[start:], '>')
			if end < 0 {
				break
			}
			target := strings.TrimSpace(value[start+1 : start+end])
			value = value[start+end+1:]
			params, _, _ := strings.Cut(value, "<")
			for _, m := range relParam.FindAllStringSubmatch(params, -1) {
				for _, rel := range strings.Fields(m[1] + " " + m[2]) {
					if strings.EqualFold(rel, "next") && target != "" {
						return target, true
					}
				}
			}
		}
	}
	return "", false
}
