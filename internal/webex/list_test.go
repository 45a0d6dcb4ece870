package webex

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

// listClock is the simulator clock of the list tests.
var listClock = time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)

// startListSimulator serves a simulator whose clock stands at listClock,
// with n generated recordings of alice an hour apart, newest first.
func startListSimulator(t *testing.T, n int) (*simulator.Server, string, []string) {
	t.Helper()
	sim, baseURL := startSimulator(t)
	sim.SetClock(func() time.Time { return listClock })
	var ids []string
	if n > 0 {
		var err error
		if ids, err = sim.AddGeneratedRecordings(simulator.RecordingBatch{Count: n}); err != nil {
			t.Fatal(err)
		}
	}
	return sim, baseURL, ids
}

func recordingIDs(recs []Recording) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r.ID
	}
	return out
}

func TestListRecordings_query(t *testing.T) {
	sim, baseURL, _ := startListSimulator(t, 0)
	c := newTestClient(t, baseURL, simulator.AdminToken)
	berlin, _ := time.LoadLocation("Europe/Berlin")
	_, err := c.ListRecordings(context.Background(), ListRecordingsOptions{
		From:           time.Date(2025, 3, 1, 9, 0, 0, 0, berlin),
		To:             time.Date(2025, 3, 8, 0, 0, 0, 500_000_000, time.UTC),
		MeetingID:      "series-1",
		HostEmail:      "bob@example.com",
		SiteURL:        "site4-example.webex.com",
		IntegrationTag: "JIRA 42&x",
		Format:         FormatMP4,
		ServiceType:    ServiceTypeEventCenter,
		Status:         StatusDeleted,
		Timezone:       "Asia/Tokyo",
		MaxResults:     250,
	})
	if err != nil {
		t.Fatal(err)
	}
	reqs := sim.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests, want 1", len(reqs))
	}
	r := reqs[0]
	if r.Path != "/v1/recordings" || r.Header.Get("timezone") != "Asia/Tokyo" || r.Header.Get("Authorization") != "Bearer "+simulator.AdminToken {
		t.Errorf("request %s with timezone %q, auth %q", r.Path, r.Header.Get("timezone"), r.Header.Get("Authorization"))
	}
	got, _ := url.ParseQuery(r.RawQuery)
	want := url.Values{
		"max":            {"100"},
		"from":           {"2025-03-01T09:00:00+01:00"},
		"to":             {"2025-03-08T00:00:00.5Z"},
		"meetingId":      {"series-1"},
		"hostEmail":      {"bob@example.com"},
		"siteUrl":        {"site4-example.webex.com"},
		"integrationTag": {"JIRA 42&x"},
		"format":         {"MP4"},
		"serviceType":    {"EventCenter"},
		"status":         {"deleted"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("query %q\n got %v\nwant %v", r.RawQuery, got, want)
	}

	// Nothing optional: only max, no timezone header.
	sim.ResetRequests()
	if _, err := c.ListRecordings(context.Background(), ListRecordingsOptions{}); err != nil {
		t.Fatal(err)
	}
	if r := sim.Requests()[0]; r.RawQuery != "max=100" || r.Header.Get("timezone") != "" {
		t.Errorf("bare list sent query %q, timezone %q; want max=100 only", r.RawQuery, r.Header.Get("timezone"))
	}
}

func TestListRecordings_followsEveryPage(t *testing.T) {
	sim, baseURL, want := startListSimulator(t, 23)
	sim.SetMaxPageSize(10)
	logs := &recordingLogger{}
	c := newTestClient(t, baseURL, simulator.UserToken, func(cfg *Config) { cfg.Logger = logs })
	recs, err := c.ListRecordings(context.Background(), ListRecordingsOptions{Timezone: "UTC"})
	if err != nil {
		t.Fatal(err)
	}
	if got := recordingIDs(recs); !slices.Equal(got, want) {
		t.Fatalf("%d recordings %v\nwant all 23 newest first %v", len(got), got, want)
	}
	reqs := sim.Requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 3 pages (10+10+3)", len(reqs))
	}
	for i, r := range reqs {
		if r.Header.Get("Authorization") != "Bearer "+simulator.UserToken || r.Header.Get("timezone") != "UTC" {
			t.Errorf("page %d lacks the token or the timezone header", i+1)
		}
		q, _ := url.ParseQuery(r.RawQuery)
		if i > 0 && q.Get("offset") == "" {
			t.Errorf("page %d query %q is not the server's next link", i+1, r.RawQuery)
		}
	}
	for _, rec := range recs {
		// List Recordings names no host (only the admin list does) and
		// carries no temporary links, but a password and shareToMe.
		if rec.HostEmail != "" || rec.TemporaryDirectDownloadLinks != nil || rec.Password == "" || rec.ShareToMe == nil {
			t.Errorf("recording %s: hostEmail %q, links %v, password %q, shareToMe %v", rec.ID, rec.HostEmail, rec.TemporaryDirectDownloadLinks, rec.Password, rec.ShareToMe)
		}
	}
	if text := logs.text(); !strings.Contains(text, "Webex list read") || !strings.Contains(text, "pages=3") || !strings.Contains(text, "recordings=23") {
		t.Errorf("logs lack the list summary:\n%s", text)
	}
}

func TestListRecordings_maxResults(t *testing.T) {
	cases := []struct {
		max, pages int
		wantMax    string
	}{
		{5, 1, "5"},     // one page, just big enough
		{15, 2, "15"},   // capped at 10 a page by the server: two pages
		{23, 3, "23"},   // exactly all
		{500, 3, "100"}, // more than there are
	}
	for _, tc := range cases {
		sim, baseURL, want := startListSimulator(t, 23)
		sim.SetMaxPageSize(10)
		c := newTestClient(t, baseURL, simulator.UserToken)
		recs, err := c.ListRecordings(context.Background(), ListRecordingsOptions{MaxResults: tc.max})
		if err != nil {
			t.Fatal(err)
		}
		if got := recordingIDs(recs); !slices.Equal(got, want[:min(tc.max, 23)]) {
			t.Errorf("MaxResults %d: got %d recordings %v", tc.max, len(got), got)
		}
		reqs := sim.Requests()
		if len(reqs) != tc.pages {
			t.Errorf("MaxResults %d: %d requests, want %d", tc.max, len(reqs), tc.pages)
		}
		if q, _ := url.ParseQuery(reqs[0].RawQuery); q.Get("max") != tc.wantMax {
			t.Errorf("MaxResults %d: asked max=%s, want %s", tc.max, q.Get("max"), tc.wantMax)
		}
	}
}

func TestListRecordings_repeatedNextLinkEnds(t *testing.T) {
	sim, baseURL, _ := startListSimulator(t, 23)
	sim.SetMaxPageSize(10)
	sim.SetRepeatNextLink(true)
	c := newTestClient(t, baseURL, simulator.UserToken)
	done := make(chan error, 1)
	go func() {
		_, err := c.ListRecordings(context.Background(), ListRecordingsOptions{})
		done <- err
	}()
	var err error
	select {
	case err = <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("ListRecordings loops on a repeated next link")
	}
	var pagErr *PaginationError
	if !errors.Is(err, ErrRepeatedNextLink) || !errors.As(err, &pagErr) || pagErr.Page != 2 {
		t.Fatalf("err = %v, want a PaginationError for page 2 wrapping ErrRepeatedNextLink", err)
	}
	if !strings.Contains(err.Error(), "/v1/recordings") || strings.Contains(err.Error(), "offset=") {
		t.Errorf("error %q should name the path, without the query", err)
	}
	if n := len(sim.Requests()); n != 2 {
		t.Errorf("%d requests, want 2 (the repeat is caught before it is sent)", n)
	}
}

// A next link to another scheme, host or port is refused before anything
// is sent there: the token would go with it.
func TestListRecordings_foreignNextLinkRefused(t *testing.T) {
	other, otherURL := startSimulator(t)
	otherOrigin := strings.TrimSuffix(otherURL, simulator.PathPrefix)
	for name, origin := range map[string]func(base *url.URL) string{
		"other server": func(*url.URL) string { return otherOrigin },
		"other host":   func(base *url.URL) string { return "http://localhost:" + base.Port() },
		"other scheme": func(base *url.URL) string { return "https://" + base.Host },
		"other domain": func(*url.URL) string { return "https://evil.example.com" },
	} {
		t.Run(strings.ReplaceAll(name, " ", "_"), func(t *testing.T) {
			sim, baseURL, _ := startListSimulator(t, 23)
			sim.SetMaxPageSize(10)
			base, _ := url.Parse(baseURL)
			foreign := origin(base)
			if err := sim.SetNextLinkOrigin(foreign); err != nil {
				t.Fatal(err)
			}
			c := newTestClient(t, baseURL, simulator.UserToken)
			_, err := c.ListRecordings(context.Background(), ListRecordingsOptions{})
			if !errors.Is(err, ErrForeignNextLink) {
				t.Fatalf("err = %v, want ErrForeignNextLink", err)
			}
			if !strings.Contains(err.Error(), foreign) || strings.Contains(err.Error(), simulator.UserToken) {
				t.Errorf("error %q should name the foreign origin %s and never the token", err, foreign)
			}
			if n := len(sim.Requests()); n != 1 {
				t.Errorf("%d requests to the base URL, want 1", n)
			}
		})
	}
	if n := len(other.Requests()); n != 0 {
		t.Errorf("the other server received %d request(s); the token may have left", n)
	}
}

func TestCheckNextLink(t *testing.T) {
	c := newTestClient(t, "https://webexapis.com/v1", "t")
	current, _ := url.Parse("https://webexapis.com/v1/recordings?max=100")
	good := map[string]string{
		"https://webexapis.com/v1/recordings?offset=100":     "https://webexapis.com/v1/recordings?offset=100",
		"https://WEBEXAPIS.com:443/v1/recordings?offset=100": "https://WEBEXAPIS.com:443/v1/recordings?offset=100",
		"/v1/recordings?offset=100":                          "https://webexapis.com/v1/recordings?offset=100",
		"?offset=100":                                        "https://webexapis.com/v1/recordings?offset=100",
		"https://webexapis.com/v1/recordings?a=%2F#frag":     "https://webexapis.com/v1/recordings?a=%2F",
	}
	for raw, want := range good {
		u, err := c.checkNextLink(current, raw, 1)
		if err != nil || u.String() != want {
			t.Errorf("checkNextLink(%q) = %v, %v; want %s", raw, u, err, want)
		}
	}
	bad := map[string]error{
		"http://webexapis.com/v1/recordings":          ErrForeignNextLink,
		"https://webexapis.com:8443/v1/recordings":    ErrForeignNextLink,
		"https://webexapis.com.evil.io/v1/x":          ErrForeignNextLink,
		"//evil.example.com/v1/recordings":            ErrForeignNextLink,
		"https://user:pw@webexapis.com/v1/recordings": ErrInvalidNextLink,
		"https://webexapis.com/%zz":                   ErrInvalidNextLink,
	}
	for raw, want := range bad {
		if _, err := c.checkNextLink(current, raw, 1); !errors.Is(err, want) {
			t.Errorf("checkNextLink(%q) err = %v, want %v", raw, err, want)
		} else if strings.Contains(err.Error(), "pw") {
			t.Errorf("error %q repeats credentials", err)
		}
	}
}

func TestNextLink(t *testing.T) {
	cases := []struct {
		name   string
		values []string
		want   string
		ok     bool
	}{
		{"webex", []string{`<https://webexapis.com/v1/recordings?max=100&offset=100>; rel="next"`}, "https://webexapis.com/v1/recordings?max=100&offset=100", true},
		{"none", nil, "", false},
		{"only prev", []string{`<https://a/x?p=1>; rel="prev"`}, "", false},
		{"several in one", []string{`<https://a/first>; rel="first", <https://a/next?x=1,2>; rel="next", <https://a/last>; rel=last`}, "https://a/next?x=1,2", true},
		{"several headers", []string{`<https://a/prev>; rel="prev"`, `<https://a/n>; rel=next`}, "https://a/n", true},
		{"rel list and case", []string{`<https://a/n>; title="a, b; c"; REL="last Next"`}, "https://a/n", true},
		{"escaped quote", []string{`<https://a/p>; title="say \"hi\", rel=next"; rel="prev", <https://a/n>; rel="next"`}, "https://a/n", true},
		{"garbage before", []string{`garbage; rel="next", <https://a/n>; rel="next"`}, "https://a/n", true},
		{"unclosed", []string{`<https://a/n; rel="next"`}, "", false},
		{"relative", []string{`</v1/recordings?offset=10>; rel="next"`}, "/v1/recordings?offset=10", true},
	}
	for _, tc := range cases {
		h := http.Header{}
		for _, v := range tc.values {
			h.Add("Link", v)
		}
		got, ok := nextLink(h)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%s: nextLink = %q, %v; want %q, %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
}

func TestListRecordings_admin(t *testing.T) {
	sim, baseURL, _ := startListSimulator(t, 2)
	purged, err := sim.AddGeneratedRecordings(simulator.RecordingBatch{Count: 1, Status: simulator.RecordingPurged, Host: simulator.BobEmail})
	if err != nil {
		t.Fatal(err)
	}
	c := newTestClient(t, baseURL, simulator.ComplianceToken)
	recs, err := c.ListRecordings(context.Background(), ListRecordingsOptions{
		Admin: true, Status: StatusPurged,
		From: listClock.Add(-30 * 24 * time.Hour), To: listClock,
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := recordingIDs(recs); !slices.Equal(got, purged) || recs[0].HostEmail != simulator.BobEmail || recs[0].HostDisplayName != "Bob Example" {
		t.Errorf("purged list = %v (host %q, %q), want %v", got, recs[0].HostEmail, recs[0].HostDisplayName, purged)
	}
	if recs[0].Password != "" || recs[0].ShareToMe != nil {
		t.Errorf("admin list item has password %q, shareToMe %v; the admin list returns neither", recs[0].Password, recs[0].ShareToMe)
	}
	if r := sim.Requests()[0]; r.Path != "/v1/admin/recordings" {
		t.Errorf("path = %s, want /v1/admin/recordings", r.Path)
	}

	// An ordinary user is refused by Webex with a 403 that names the scope.
	user := newTestClient(t, baseURL, simulator.UserToken)
	_, err = user.ListRecordings(context.Background(), ListRecordingsOptions{Admin: true})
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 403 || !strings.Contains(apiErr.Detail(), "meeting:admin_recordings_read") {
		t.Errorf("err = %v, want Webex's 403", err)
	}
}

func TestListRecordings_invalidOptionsSendNothing(t *testing.T) {
	sim, baseURL, _ := startListSimulator(t, 0)
	c := newTestClient(t, baseURL, simulator.AdminToken)
	cases := map[string]ListRecordingsOptions{
		"admin with host":      {Admin: true, HostEmail: "bob@example.com"},
		"from after to":        {From: listClock, To: listClock.Add(-time.Hour)},
		"from equals to":       {From: listClock, To: listClock},
		"from before 1970":     {From: time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC)},
		"purged user list":     {Status: StatusPurged},
		"negative max":         {MaxResults: -1},
		"format UPLOADED":      {Format: FormatUploaded},
		"unknown service type": {ServiceType: "Webinar"},
		"blank topic":          {Topic: " "},
		"padded meeting id":    {MeetingID: " abc"},
		"long tag":             {IntegrationTag: strings.Repeat("x", MaxFilterLength+1)},
		"site as a URL":        {SiteURL: "https://example.webex.com/"},
	}
	for name, opts := range cases {
		var optErr *OptionsError
		if _, err := c.ListRecordings(context.Background(), opts); !errors.As(err, &optErr) {
			t.Errorf("%s: err = %v, want an OptionsError", name, err)
		}
	}
	if n := len(sim.Requests()); n != 0 {
		t.Errorf("%d requests for invalid options, want none", n)
	}
	// A compliance officer lists purged recordings of one meeting with the
	// user list, as the spec allows.
	if err := (ListRecordingsOptions{Status: StatusPurged, MeetingID: "m"}).Validate(); err != nil {
		t.Errorf("purged with a meeting id: %v", err)
	}
}

// A next page goes through the same pacing and retries as every read: a
// 429 on page 2 is waited out, not returned.
func TestListRecordings_nextPageIsRetried(t *testing.T) {
	sim, baseURL, want := startListSimulator(t, 15)
	sim.SetMaxPageSize(10)
	sim.SetClock(nil) // the rate limiter needs a running clock
	sim.SetRateLimit(1, 1)
	c := newTestClient(t, baseURL, simulator.UserToken)
	// Generated times are relative to listClock; list that window.
	recs, err := c.ListRecordings(context.Background(), ListRecordingsOptions{From: listClock.Add(-48 * time.Hour), To: listClock})
	if err != nil {
		t.Fatal(err)
	}
	if got := recordingIDs(recs); !slices.Equal(got, want) {
		t.Errorf("got %d recordings, want 15", len(got))
	}
	if got := statuses(sim.Requests()); !slices.Equal(got, []int{200, 429, 200}) {
		t.Errorf("statuses = %v, want [200 429 200]: page 2 retried after its 429", got)
	}

	// Without retries, the 429 of page 2 comes back, saying which page.
	sim.ResetRequests()
	time.Sleep(1100 * time.Millisecond)
	noRetry := newTestClient(t, baseURL, simulator.UserToken, func(cfg *Config) { cfg.MaxRetries = 0 })
	_, err = noRetry.ListRecordings(context.Background(), ListRecordingsOptions{From: listClock.Add(-48 * time.Hour), To: listClock})
	if !isStatus(err, http.StatusTooManyRequests) || !strings.Contains(err.Error(), "page 2") {
		t.Errorf("err = %v, want the 429 of page 2", err)
	}
}

func TestListRecordings_unusableBodies(t *testing.T) {
	for body, want := range map[string]string{
		`{"topic":"no items"}`:                     "no items array",
		`{"items":[{"id":"a"},{"topic":"no id"}]}`: "item 1 of the list has no recording id",
		`{"items":{"id":"a"}}`:                     `field "items" holds a JSON object where an array was expected`,
		`[1,2,3]`:                                  "wrong shape",
		`{"items":[{"id":"a"`:                      "ends early",
		`<html>maintenance</html>`:                 "text/html",
	} {
		sim, _, _ := startListSimulator(t, 3)
		baseURL := withFault(t, sim, func(w http.ResponseWriter, r *http.Request) bool {
			contentType := "application/json"
			if strings.HasPrefix(body, "<") {
				contentType = "text/html"
			}
			answer(w, 200, contentType, body)
			return true
		})
		c := newTestClient(t, baseURL, simulator.UserToken)
		_, err := c.ListRecordings(context.Background(), ListRecordingsOptions{})
		var respErr *ResponseError
		if !errors.As(err, &respErr) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v, want a ResponseError saying %q", body, err, want)
		}
	}
}

func TestListWindows(t *testing.T) {
	day := 24 * time.Hour
	to := listClock
	cases := []struct {
		name     string
		from, to time.Time
		want     []listWindow
	}{
		{"no ends", time.Time{}, time.Time{}, []listWindow{{}}},
		{"only from", to.Add(-90 * day), time.Time{}, []listWindow{{from: to.Add(-90 * day)}}},
		{"30 days exactly", to.Add(-30 * day), to, []listWindow{{to.Add(-30 * day), to}}},
		{"31 days", to.Add(-31 * day), to, []listWindow{{to.Add(-30 * day), to}, {to.Add(-31 * day), to.Add(-30 * day)}}},
		{"65 days", to.Add(-65 * day), to, []listWindow{
			{to.Add(-30 * day), to}, {to.Add(-60 * day), to.Add(-30 * day)}, {to.Add(-65 * day), to.Add(-60 * day)},
		}},
		{"90 days exactly", to.Add(-90 * day), to, []listWindow{
			{to.Add(-30 * day), to}, {to.Add(-60 * day), to.Add(-30 * day)}, {to.Add(-90 * day), to.Add(-60 * day)},
		}},
	}
	for _, tc := range cases {
		for _, opts := range []ListRecordingsOptions{{Admin: true}, {Group: true}} {
			opts.From, opts.To = tc.from, tc.to
			if got := opts.windows(); !slices.Equal(got, tc.want) {
				t.Errorf("%s: windows = %v, want %v", tc.name, got, tc.want)
			}
		}
	}
	// The user list has no span limit, and Webex ignores from and to when
	// the admin list has a meeting id: one paged request each.
	for _, opts := range []ListRecordingsOptions{{}, {Admin: true, MeetingID: "m"}} {
		opts.From, opts.To = to.Add(-65*day), to
		if got := opts.windows(); len(got) != 1 {
			t.Errorf("%+v split into %d windows, want 1", opts, len(got))
		}
	}
}

// checkSplitWindows checks that reqs read a 65-day span ending at to as
// three windows of at most 30 days, newest first, each from path (with
// personID, if any) and answered 200.
func checkSplitWindows(t *testing.T, reqs []simulator.Request, to time.Time, path, personID string) {
	t.Helper()
	var windows [][2]string
	for _, r := range reqs {
		q, _ := url.ParseQuery(r.RawQuery)
		windows = append(windows, [2]string{q.Get("from"), q.Get("to")})
		if r.Path != path || q.Get("personId") != personID || r.Status != http.StatusOK {
			t.Errorf("request %s?%s answered %d", r.Path, r.RawQuery, r.Status)
		}
	}
	day := 24 * time.Hour
	f := func(d time.Duration) string { return to.Add(-d).Format(time.RFC3339Nano) }
	if want := [][2]string{{f(30 * day), f(0)}, {f(60 * day), f(30 * day)}, {f(65 * day), f(60 * day)}}; !slices.Equal(windows, want) {
		t.Errorf("windows sent = %v\nwant %v", windows, want)
	}
}

// A 65-day admin span is read as three windows the admin list accepts,
// newest first, and returned as one list, a recording on a window edge
// once.
func TestListRecordings_adminSplitsLongSpans(t *testing.T) {
	sim, baseURL, _ := startListSimulator(t, 0)
	day := 24 * time.Hour
	from, to := listClock.Add(-65*day), listClock
	// Recordings every 5 days from to-1h back, one exactly on the edge
	// between the first and second window.
	ids, err := sim.AddGeneratedRecordings(simulator.RecordingBatch{Count: 13, Newest: to.Add(-time.Hour), Spacing: 5 * day})
	if err != nil {
		t.Fatal(err)
	}
	edge, err := sim.AddGeneratedRecordings(simulator.RecordingBatch{Count: 1, Newest: to.Add(-30 * day), Host: simulator.BobEmail})
	if err != nil {
		t.Fatal(err)
	}
	want := slices.Concat(ids[:6], edge, ids[6:])
	c := newTestClient(t, baseURL, simulator.AdminToken)
	recs, err := c.ListRecordings(context.Background(), ListRecordingsOptions{Admin: true, From: from, To: to})
	if err != nil {
		t.Fatal(err)
	}
	if got := recordingIDs(recs); !slices.Equal(got, want) {
		t.Errorf("ids = %v\nwant %v", got, want)
	}
	checkSplitWindows(t, sim.Requests(), to, "/v1/admin/recordings", "")

	// max_results reached in the second window: no third request.
	sim.ResetRequests()
	recs, err = c.ListRecordings(context.Background(), ListRecordingsOptions{Admin: true, From: from, To: to, MaxResults: 8})
	if err != nil {
		t.Fatal(err)
	}
	if got := recordingIDs(recs); !slices.Equal(got, want[:8]) {
		t.Errorf("max 8: ids = %v, want %v", got, want[:8])
	}
	if n := len(sim.Requests()); n != 2 {
		t.Errorf("max 8: %d requests, want 2 (the third window is never asked)", n)
	}
}

// A recording that comes back twice (on a window edge, or shifted across
// a page boundary while the list is read) is returned once.
func TestListRecordings_duplicatesListedOnce(t *testing.T) {
	sim, _, _ := startListSimulator(t, 0)
	requests := 0
	baseURL := withFault(t, sim, func(w http.ResponseWriter, r *http.Request) bool {
		requests++
		answer(w, 200, "application/json", `{"items":[{"id":"a","createTime":"2025-03-01T00:00:00Z"},{"id":"b","createTime":"2025-02-01T00:00:00Z"}]}`)
		return true
	})
	c := newTestClient(t, baseURL, simulator.AdminToken)
	recs, err := c.ListRecordings(context.Background(), ListRecordingsOptions{Admin: true, From: listClock.Add(-65 * 24 * time.Hour), To: listClock})
	if err != nil {
		t.Fatal(err)
	}
	if got := recordingIDs(recs); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("ids = %v, want [a b]: every window answered the same two", got)
	}
	if requests != 3 {
		t.Errorf("%d requests, want 3 windows", requests)
	}
}

// A page with more recordings than asked for is an error, not more to
// hold; and a list stops at its bound of recordings however it is paged.
func TestListRecordings_bounds(t *testing.T) {
	sim, _, _ := startListSimulator(t, 0)
	baseURL := withFault(t, sim, func(w http.ResponseWriter, r *http.Request) bool {
		answer(w, 200, "application/json", `{"items":[{"id":"a"},{"id":"b"},{"id":"c"}]}`)
		return true
	})
	c := newTestClient(t, baseURL, simulator.UserToken)
	_, err := c.ListRecordings(context.Background(), ListRecordingsOptions{MaxResults: 2})
	var respErr *ResponseError
	if !errors.As(err, &respErr) || !strings.Contains(err.Error(), "the page holds 3 recordings, more than the 2 the request asked for") {
		t.Errorf("oversized page: err = %v, want a ResponseError", err)
	}

	sim, baseURL, _ = startListSimulator(t, 12)
	sim.SetMaxPageSize(2)
	c = newTestClient(t, baseURL, simulator.UserToken)
	c.maxListResults = 5
	_, err = c.ListRecordings(context.Background(), ListRecordingsOptions{})
	if !errors.Is(err, ErrTooManyRecordings) || !strings.Contains(err.Error(), "stopped at 5 recordings") {
		t.Errorf("too many recordings: err = %v", err)
	}
	if n := len(sim.Requests()); n != 3 {
		t.Errorf("too many recordings: %d requests, want 3 (the page that went past the bound is the last)", n)
	}
	c.maxListResults, c.maxListPages = MaxListResults, 4
	_, err = c.ListRecordings(context.Background(), ListRecordingsOptions{})
	if !errors.Is(err, ErrTooManyPages) {
		t.Errorf("too many pages: err = %v", err)
	}
}

// A server that sends short pages (2 recordings where 100 were asked for)
// costs the memory of what it sent, not 100 recordings' room a page: at
// the page bound, that would be a few hundred MiB for a small list.
func TestListRecordings_shortPagesKeepWhatTheyHold(t *testing.T) {
	sim, baseURL, _ := startListSimulator(t, 12)
	sim.SetMaxPageSize(2)
	l := &listRead{client: newTestClient(t, baseURL, simulator.UserToken), seenURLs: map[[sha256.Size]byte]bool{},
		seenIDs: map[string]bool{}, header: http.Header{}}
	if err := l.readWindow(context.Background(), listWindow{}); err != nil {
		t.Fatal(err)
	}
	if len(l.kept) != 6 {
		t.Errorf("%d pages kept, want 6", len(l.kept))
	}
	for i, page := range l.kept {
		if len(page) != 2 || cap(page) > 4 {
			t.Errorf("page %d: %d recordings kept in room for %d, want 2 in about 2", i, len(page), cap(page))
		}
	}
}

// FuzzNextLink feeds arbitrary Link headers to the parser and the link
// check: nothing may panic, and an accepted link stays on the base host.
func FuzzNextLink(f *testing.F) {
	for _, seed := range []string{
		`<https://webexapis.com/v1/recordings?max=100&offset=100>; rel="next"`,
		`<https://a/p>; title="say \"hi\", rel=next"; rel="prev", <https://a/n>; rel="next"`,
		`</v1/recordings?offset=1>; rel=next, <//evil.example.com/x>; rel="next"`,
		`<`, `;;;,,,<>`, `<https://webexapis.com:443/%zz>; rel="next`, "<\x00>; rel=next",
	} {
		f.Add(seed)
	}
	c, err := New(Config{BaseURL: "https://webexapis.com/v1", AccessToken: "t"})
	if err != nil {
		f.Fatal(err)
	}
	current, _ := url.Parse("https://webexapis.com/v1/recordings?max=100")
	f.Fuzz(func(t *testing.T, header string) {
		h := http.Header{}
		h.Add("Link", header)
		link, ok := nextLink(h)
		if !ok {
			return
		}
		u, err := c.checkNextLink(current, link, 1)
		if err != nil {
			return
		}
		if !strings.EqualFold(u.Hostname(), "webexapis.com") || u.Scheme != "https" || portOf(u) != "443" || u.User != nil {
			t.Errorf("accepted %q from %q", u, header)
		}
	})
}

// queryServer answers POST .../query with pages of the ids given, two a
// page, linked by next links to the same path; every request goes to
// seen. A nil pages list answers 404, as a deployment without the query
// endpoints; GET lists answer getStatus (or an empty page when it is 200).
type queryServer struct {
	pages     [][]string
	getStatus int
	nextGET   bool // next links are answered 405 to POST
	seen      []*http.Request
	bodies    []map[string]any
}

func (s *queryServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.seen = append(s.seen, r)
	body := map[string]any{}
	if r.Method == http.MethodPost {
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil || r.Header.Get("Content-Type") != "application/json" {
			answer(w, 415, "application/json", `{"message":"want JSON"}`)
			return
		}
	}
	s.bodies = append(s.bodies, body)
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	switch {
	case !strings.HasSuffix(r.URL.Path, "/query"):
		if s.getStatus != 200 {
			answer(w, s.getStatus, "application/json", `{"message":"no"}`)
			return
		}
		answer(w, 200, "application/json", `{"items":[{"id":"from-get","createTime":"2025-01-01T00:00:00Z"}]}`)
		return
	case s.pages == nil:
		answer(w, 404, "application/json", `{"message":"The requested resource could not be found."}`)
		return
	case s.nextGET && page > 0 && r.Method == http.MethodPost:
		answer(w, 405, "application/json", `{"message":"Method not allowed"}`)
		return
	}
	var items []string
	for i, id := range s.pages[page] {
		items = append(items, fmt.Sprintf(`{"id":%q,"createTime":"2025-01-%02dT00:00:00Z"}`, id, 28-2*page-i))
	}
	if page+1 < len(s.pages) {
		w.Header().Set("Link", fmt.Sprintf(`<%s?page=%d>; rel="next"`, r.URL.Path, page+1))
	}
	answer(w, 200, "application/json", `{"items":[`+strings.Join(items, ",")+`]}`)
}

// A list with a topic POSTs its filters as JSON to the query endpoint, and
// POSTs the same body to every next link; the topic's characters go as
// they are.
func TestListRecordings_topicUsesQuery(t *testing.T) {
	const topic = `R&D #1: Q+A 100% "Über"`
	for _, admin := range []bool{false, true} {
		s := &queryServer{pages: [][]string{{"a", "b"}, {"c", "d"}, {"e"}}, getStatus: 200}
		c := newTestClient(t, httptestServer(t, s)+"/v1", simulator.AdminToken)
		opts := ListRecordingsOptions{Admin: admin, Topic: topic, Format: FormatMP4, From: listClock.Add(-24 * time.Hour), To: listClock, Timezone: "UTC", MaxResults: 250}
		if !admin {
			opts.HostEmail = "bob@example.com"
		}
		recs, err := c.ListRecordings(context.Background(), opts)
		if err != nil || !slices.Equal(recordingIDs(recs), []string{"a", "b", "c", "d", "e"}) {
			t.Fatalf("admin %v: %v, %v", admin, recordingIDs(recs), err)
		}
		path := map[bool]string{false: "/v1/recordings/query", true: "/v1/admin/recordings/query"}[admin]
		for i, r := range s.seen {
			if r.Method != http.MethodPost || r.URL.Path != path || r.Header.Get("timezone") != "UTC" {
				t.Errorf("admin %v, request %d: %s %s", admin, i, r.Method, r.URL)
			}
			want := map[string]any{"max": float64(100), "topic": topic, "format": "MP4",
				"from": listClock.Add(-24 * time.Hour).Format(time.RFC3339Nano), "to": listClock.Format(time.RFC3339Nano)}
			if !admin {
				want["hostEmail"] = "bob@example.com"
			}
			if !reflect.DeepEqual(s.bodies[i], want) {
				t.Errorf("admin %v, request %d: body %v, want %v", admin, i, s.bodies[i], want)
			}
		}
	}
	// A next link that refuses POST is read with GET, once.
	s := &queryServer{pages: [][]string{{"a", "b"}, {"c"}}, nextGET: true}
	c := newTestClient(t, httptestServer(t, s)+"/v1", simulator.UserToken)
	recs, err := c.ListRecordings(context.Background(), ListRecordingsOptions{Topic: "x"})
	if err != nil || !slices.Equal(recordingIDs(recs), []string{"a", "b", "c"}) || len(s.seen) != 3 || s.seen[2].Method != http.MethodGet {
		t.Errorf("next link refusing POST: %v, %v after %d requests", recordingIDs(recs), err, len(s.seen))
	}
}

// Without the query endpoints, a list with a topic uses GET with the same
// filters, and the client remembers it; when the GET lists are retired, a
// list without a topic uses the query endpoint.
func TestListRecordings_queryFallbacks(t *testing.T) {
	s := &queryServer{getStatus: 200}
	c := newTestClient(t, httptestServer(t, s)+"/v1", simulator.UserToken)
	for range 2 {
		if recs, err := c.ListRecordings(context.Background(), ListRecordingsOptions{Topic: "R&D"}); err != nil || len(recs) != 1 {
			t.Fatalf("%v, %v", recs, err)
		}
	}
	if len(s.seen) != 3 || s.seen[1].URL.Query().Get("topic") != "R&D" || s.seen[2].Method != http.MethodGet {
		t.Errorf("requests %d; want a POST, a GET with the topic, then GET only", len(s.seen))
	}

	s = &queryServer{pages: [][]string{{"q"}}, getStatus: 410}
	c = newTestClient(t, httptestServer(t, s)+"/v1", simulator.UserToken)
	for range 2 {
		if recs, err := c.ListRecordings(context.Background(), ListRecordingsOptions{}); err != nil || recordingIDs(recs)[0] != "q" {
			t.Fatalf("%v, %v", recs, err)
		}
	}
	if len(s.seen) != 3 || s.seen[0].Method != http.MethodGet || s.seen[1].Method != http.MethodPost || s.seen[2].Method != http.MethodPost {
		t.Errorf("requests %d; want a GET, then POST only", len(s.seen))
	}

	// Neither: the first error stands, and nothing loops.
	s = &queryServer{getStatus: 404}
	c = newTestClient(t, httptestServer(t, s)+"/v1", simulator.UserToken)
	if _, err := c.ListRecordings(context.Background(), ListRecordingsOptions{Topic: "x"}); !isStatus(err, 404) || len(s.seen) != 2 {
		t.Errorf("err = %v after %d requests, want a 404 after 2", err, len(s.seen))
	}
}

// Webex no longer filters group lists by topic: the client never sends it
// there, and keeps the recordings whose topic matches, without regard to
// case; max_results counts those.
func TestListRecordings_groupTopicFilteredByTheClient(t *testing.T) {
	var queries []url.Values
	srv := httptestServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		queries = append(queries, r.URL.Query())
		answer(w, 200, "application/json", `{"items":[{"id":"1","topic":"Weekly Sync"},{"id":"2","topic":"weekly SYNC"},`+
			`{"id":"3","topic":"Weekly Sync 2"},{"id":"4","topic":"ÉTÉ"},{"id":"5","topic":"été"}]}`)
	}))
	c := newTestClient(t, srv+"/v1", simulator.ServiceAppToken)
	for topic, want := range map[string][]string{"weekly sync": {"1", "2"}, "Été": {"4", "5"}} {
		recs, err := c.ListRecordings(context.Background(), ListRecordingsOptions{Group: true, PersonID: "p", Topic: topic})
		if err != nil || !slices.Equal(recordingIDs(recs), want) {
			t.Errorf("topic %q: %v, %v; want %v", topic, recordingIDs(recs), err, want)
		}
	}
	recs, err := c.ListRecordings(context.Background(), ListRecordingsOptions{Group: true, PersonID: "p", Topic: "weekly sync", MaxResults: 1})
	if err != nil || !slices.Equal(recordingIDs(recs), []string{"1"}) {
		t.Errorf("max 1: %v, %v", recordingIDs(recs), err)
	}
	for _, q := range queries {
		if q.Has("topic") || q.Get("max") != "100" {
			t.Errorf("group list sent %v, want no topic and full pages", q)
		}
	}
}

// Lists come back newest first by createTime, whatever order the pages
// came in; equal times keep their order.
func TestSortNewestFirst(t *testing.T) {
	recs := []Recording{{ID: "old", CreateTime: "2025-01-01T00:00:00Z"}, {ID: "new", CreateTime: "2025-03-01T09:00:00+09:00"},
		{ID: "bad", CreateTime: "yesterday"}, {ID: "mid1", CreateTime: "2025-02-01T00:00:00Z"}, {ID: "mid2", CreateTime: "2025-02-01T01:00:00+01:00"}}
	recs = sortNewestFirst(recs)
	if got := recordingIDs(recs); !slices.Equal(got, []string{"new", "mid1", "mid2", "old", "bad"}) {
		t.Errorf("order %v", got)
	}
}
