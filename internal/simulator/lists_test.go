package simulator_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

// listNow is the simulator clock of the list tests.
var listNow = time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)

// startList starts a simulator whose clock stands still at listNow.
func startList(t *testing.T) (*simulator.Server, *httptest.Server) {
	t.Helper()
	sim, ts := start(t)
	clock, _ := frozenClock(listNow)
	sim.SetClock(clock)
	return sim, ts
}

type listItem struct {
	ID                           string         `json:"id"`
	MeetingID                    string         `json:"meetingId"`
	ScheduledMeetingID           string         `json:"scheduledMeetingId"`
	MeetingSeriesID              string         `json:"meetingSeriesId"`
	Topic                        string         `json:"topic"`
	CreateTime                   string         `json:"createTime"`
	HostEmail                    string         `json:"hostEmail"`
	HostDisplayName              string         `json:"hostDisplayName"`
	Password                     *string        `json:"password"`
	Status                       string         `json:"status"`
	ShareToMe                    bool           `json:"shareToMe"`
	TemporaryDirectDownloadLinks map[string]any `json:"temporaryDirectDownloadLinks"`
}

type listAnswer struct {
	Items *[]listItem `json:"items"`
}

var nextLinkRE = regexp.MustCompile(`^<(https?://[^>]+)>; rel="next"$`)

// listPage GETs one page and returns its items and next link ("" on the last page).
func listPage(t *testing.T, ts *httptest.Server, path, token string, header map[string]string) ([]listItem, string) {
	t.Helper()
	r := do(t, ts, req{path: path, token: token, header: header})
	if r.status != http.StatusOK {
		t.Fatalf("GET %s: status %d: %s", path, r.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type = %q", ct)
	}
	var a listAnswer
	if err := json.Unmarshal(r.body, &a); err != nil || a.Items == nil {
		t.Fatalf("GET %s: body %s is not {\"items\": [...]}: %v", path, r.body, err)
	}
	link := r.header.Get("Link")
	if link == "" {
		return *a.Items, ""
	}
	m := nextLinkRE.FindStringSubmatch(link)
	if m == nil {
		t.Fatalf("Link header %q is not <absolute URL>; rel=\"next\"", link)
	}
	return *a.Items, m[1]
}

// listAll follows every next link from path and returns the items and the
// number of pages.
func listAll(t *testing.T, ts *httptest.Server, path, token string) ([]listItem, int) {
	t.Helper()
	var all []listItem
	for pages := 1; ; pages++ {
		items, next := listPage(t, ts, path, token, nil)
		all = append(all, items...)
		if next == "" {
			return all, pages
		}
		if !strings.HasPrefix(next, ts.URL+"/") {
			t.Fatalf("next link %q leaves %s", next, ts.URL)
		}
		path = strings.TrimPrefix(next, ts.URL)
		if pages > 50 {
			t.Fatal("more than 50 pages")
		}
	}
}

func ids(items []listItem) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.ID
	}
	return out
}

func addBatch(t *testing.T, sim *simulator.Server, b simulator.RecordingBatch) []string {
	t.Helper()
	got, err := sim.AddGeneratedRecordings(b)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestListRecordings_pagesAndOrder(t *testing.T) {
	sim, ts := startList(t)
	sim.SetMaxPageSize(10)
	want := addBatch(t, sim, simulator.RecordingBatch{Count: 23, Spacing: time.Hour})

	items, next := listPage(t, ts, "/v1/recordings?max=100", simulator.UserToken, nil)
	if len(items) != 10 || next == "" {
		t.Fatalf("first page: %d items, next %q; want 10 and a next link", len(items), next)
	}
	u, err := url.Parse(next)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if u.Path != "/v1/recordings" || q.Get("max") != "10" || q.Get("offset") != "10" ||
		q.Get("from") != "2025-03-03T12:00:00Z" || q.Get("to") != "2025-03-10T12:00:00Z" {
		t.Errorf("next link %q should carry the lowered max, the offset and the resolved 7-day window", next)
	}

	all, pages := listAll(t, ts, "/v1/recordings?max=100", simulator.UserToken)
	if pages != 3 {
		t.Errorf("%d pages, want 3 (10+10+3)", pages)
	}
	if got := ids(all); !slices.Equal(got, want) {
		t.Errorf("ids = %v\nwant newest first %v", got, want)
	}
	for i, it := range all {
		if it.HostEmail != "" {
			t.Errorf("item %d hostEmail = %q; List Recordings items have none (the admin list's do)", i, it.HostEmail)
		}
		if it.TemporaryDirectDownloadLinks != nil {
			t.Errorf("item %d carries temporaryDirectDownloadLinks; lists never do", i)
		}
		if i > 0 && all[i-1].CreateTime < it.CreateTime {
			t.Errorf("items %d and %d are not newest first: %s < %s", i-1, i, all[i-1].CreateTime, it.CreateTime)
		}
	}

	// Without max, Webex's default page size of 10 applies; above the cap, the cap.
	if items, _ := listPage(t, ts, "/v1/recordings", simulator.UserToken, nil); len(items) != simulator.DefaultListMax {
		t.Errorf("no max: %d items, want %d", len(items), simulator.DefaultListMax)
	}
	sim.SetMaxPageSize(0) // back to 100
	if items, next := listPage(t, ts, "/v1/recordings?max=500", simulator.UserToken, nil); len(items) != 23 || next != "" {
		t.Errorf("max=500: %d items, next %q; want all 23 on one page", len(items), next)
	}
	if items, _ := listPage(t, ts, "/v1/recordings?max=3&offset=21", simulator.UserToken, nil); !slices.Equal(ids(items), want[21:]) {
		t.Errorf("last page by offset = %v, want %v", ids(items), want[21:])
	}
}

func TestListRecordings_defaultWindow(t *testing.T) {
	sim, ts := startList(t)
	at := func(d time.Duration) string {
		return addBatch(t, sim, simulator.RecordingBatch{Count: 1, Newest: listNow.Add(d)})[0]
	}
	recent := at(-time.Hour)
	sixDays := at(-6*24*time.Hour - 23*time.Hour)
	eightDays := at(-8 * 24 * time.Hour)
	future := at(time.Minute)
	_ = future

	cases := []struct {
		name, query string
		want        []string
	}{
		{"neither: the 7 days before now", "", []string{recent, sixDays}},
		{"only from: from plus 7 days", "from=2025-03-01T00:00:00Z", []string{sixDays, eightDays}},
		{"only to: to minus 7 days", "to=2025-03-05T00:00:00Z", []string{sixDays, eightDays}},
		{"both", "from=2025-03-01T00:00:00Z&to=2025-03-11T00:00:00Z", []string{future, recent, sixDays, eightDays}},
		{"to is exclusive", "from=2025-03-01T00:00:00Z&to=" + url.QueryEscape(listNow.Add(-time.Hour).Format(time.RFC3339)), []string{sixDays, eightDays}},
		{"offsets count", "from=" + url.QueryEscape("2025-03-10T11:30:00+01:00") + "&to=2025-03-10T11:30:00Z", []string{recent}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			items, _ := listPage(t, ts, "/v1/recordings?max=100&"+tc.query, simulator.UserToken, nil)
			if got := ids(items); !slices.Equal(got, tc.want) {
				t.Errorf("ids = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestListRecordings_filters(t *testing.T) {
	sim, ts := startList(t)
	series := "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f"
	base := simulator.RecordingBatch{Count: 2}
	with := func(mod func(*simulator.RecordingBatch)) []string {
		b := base
		mod(&b)
		return addBatch(t, sim, b)
	}
	plain := with(func(*simulator.RecordingBatch) {})
	inSeries := with(func(b *simulator.RecordingBatch) { b.MeetingSeriesID = series })
	tagged := with(func(b *simulator.RecordingBatch) { b.IntegrationTags = []string{"JIRA-42", "ZD-7"} })
	topic := with(func(b *simulator.RecordingBatch) { b.Topic = "Quarterly Review" })
	arf := with(func(b *simulator.RecordingBatch) { b.Format = simulator.FormatARF })
	events := with(func(b *simulator.RecordingBatch) { b.ServiceType = simulator.ServiceEventCenter })
	otherSite := with(func(b *simulator.RecordingBatch) { b.SiteURL = "other-example.webex.com" })
	deleted := with(func(b *simulator.RecordingBatch) { b.Status = simulator.RecordingDeleted })
	bobs := with(func(b *simulator.RecordingBatch) { b.Host = simulator.BobEmail })
	sharedByBob := with(func(b *simulator.RecordingBatch) {
		b.Host = simulator.BobEmail
		b.SharedWith = []string{simulator.AliceEmail}
	})

	var scheduled, instance string
	for _, it := range func() []listItem {
		items, _ := listPage(t, ts, "/v1/recordings?max=100&meetingId="+series, simulator.UserToken, nil)
		return items
	}() {
		if it.ID == inSeries[1] {
			scheduled, instance = it.ScheduledMeetingID, it.MeetingID
		}
	}
	if scheduled == "" {
		t.Fatal("meeting series filter did not return the series' recordings")
	}

	cases := []struct {
		name, token, query string
		want               []string
	}{
		{"meetingId series", simulator.UserToken, "meetingId=" + series, inSeries},
		{"meetingId scheduled", simulator.UserToken, "meetingId=" + url.QueryEscape(scheduled), inSeries[1:]},
		{"meetingId instance", simulator.UserToken, "meetingId=" + url.QueryEscape(instance), inSeries[1:]},
		{"meetingId wins over siteUrl", simulator.UserToken, "meetingId=" + series + "&siteUrl=other-example.webex.com", inSeries},
		{"siteUrl", simulator.UserToken, "siteUrl=OTHER-example.webex.com", otherSite},
		{"integrationTag", simulator.UserToken, "integrationTag=ZD-7", tagged},
		{"topic ignores case", simulator.UserToken, "topic=quarterly+review", topic},
		{"format", simulator.UserToken, "format=ARF", arf},
		{"serviceType", simulator.UserToken, "serviceType=EventCenter", events},
		{"status deleted", simulator.UserToken, "status=deleted", deleted},
		{"hostEmail as admin", simulator.AdminToken, "hostEmail=bob%40example.com", slices.Concat(bobs, sharedByBob)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			items, _ := listPage(t, ts, "/v1/recordings?max=100&"+tc.query, tc.token, nil)
			if got := ids(items); !slices.Equal(slices.Sorted(slices.Values(got)), slices.Sorted(slices.Values(tc.want))) {
				t.Errorf("ids = %v, want %v", got, tc.want)
			}
		})
	}

	// Alice sees her own and what is shared with her, with shareToMe set.
	items, _ := listPage(t, ts, "/v1/recordings?max=100", simulator.UserToken, nil)
	got := map[string]listItem{}
	for _, it := range items {
		got[it.ID] = it
	}
	for _, id := range slices.Concat(plain, inSeries, tagged, topic, arf, events, otherSite, sharedByBob) {
		if _, ok := got[id]; !ok {
			t.Errorf("alice's list lacks %s", id)
		}
	}
	for _, id := range slices.Concat(deleted, bobs) {
		if _, ok := got[id]; ok {
			t.Errorf("alice's list holds %s (deleted or bob's unshared)", id)
		}
	}
	if it := got[sharedByBob[0]]; !it.ShareToMe {
		t.Errorf("shared item = %+v, want shareToMe", it)
	}
	if it := got[plain[0]]; it.ShareToMe {
		t.Errorf("own item has shareToMe")
	}

	// The timezone header shifts the times, as for Get Recording Details.
	items, _ = listPage(t, ts, "/v1/recordings?max=1", simulator.UserToken, map[string]string{"timezone": "Asia/Tokyo"})
	if len(items) != 1 || !strings.HasSuffix(items[0].CreateTime, "+09:00") {
		t.Errorf("createTime %v, want a +09:00 offset", items)
	}
}

func TestListAdminRecordings(t *testing.T) {
	sim, ts := startList(t)
	alices := addBatch(t, sim, simulator.RecordingBatch{Count: 3})
	bobs := addBatch(t, sim, simulator.RecordingBatch{Count: 2, Host: simulator.BobEmail})
	purged := addBatch(t, sim, simulator.RecordingBatch{Count: 1, Status: simulator.RecordingPurged})

	for _, token := range []string{simulator.AdminToken, simulator.ComplianceToken} {
		items, _ := listPage(t, ts, "/v1/admin/recordings?max=100", token, nil)
		if got, want := slices.Sorted(slices.Values(ids(items))), slices.Sorted(slices.Values(slices.Concat(alices, bobs))); !slices.Equal(got, want) {
			t.Errorf("%s: ids = %v, want every host's %v", token, got, want)
		}
		// As the spec has it: the host named, no password, no shareToMe.
		for _, it := range items {
			wantHost := map[bool]string{true: simulator.BobEmail, false: simulator.AliceEmail}[slices.Contains(bobs, it.ID)]
			if it.HostEmail != wantHost || it.HostDisplayName == "" || it.Password != nil {
				t.Errorf("%s: admin item %s has hostEmail %q, hostDisplayName %q, password %v", token, it.ID, it.HostEmail, it.HostDisplayName, it.Password)
			}
		}
	}
	if raw := do(t, ts, req{path: "/v1/admin/recordings?max=100", token: simulator.AdminToken}).body; bytes.Contains(raw, []byte("shareToMe")) || bytes.Contains(raw, []byte("password")) {
		t.Errorf("the admin list sends shareToMe or password: %s", raw)
	}
	items, _ := listPage(t, ts, "/v1/admin/recordings?status=purged", simulator.ComplianceToken, nil)
	if !slices.Equal(ids(items), purged) {
		t.Errorf("compliance purged = %v, want %v", ids(items), purged)
	}
	if items, _ := listPage(t, ts, "/v1/admin/recordings?from=2025-02-08T12:00:00Z&to=2025-03-10T12:00:00Z", simulator.AdminToken, nil); len(items) != 5 {
		t.Errorf("a 30-day window: %d items, want 5", len(items))
	}

	cases := []struct {
		name, path, token string
		status            int
		want              string
	}{
		{"user token", "/v1/admin/recordings", simulator.UserToken, 403, simulator.ScopeAdminRecordingsRead},
		{"more than 30 days", "/v1/admin/recordings?from=2025-02-01T00:00:00Z&to=2025-03-04T00:00:00Z", simulator.AdminToken, 400, "30 days"},
		{"hostEmail", "/v1/admin/recordings?hostEmail=bob%40example.com", simulator.AdminToken, 400, "hostEmail"},
		{"purged needs compliance", "/v1/admin/recordings?status=purged", simulator.AdminToken, 403, "compliance officer"},
		{"purged not on the user list", "/v1/recordings?status=purged", simulator.ComplianceToken, 400, "purged"},
		{"bad status", "/v1/recordings?status=gone", simulator.UserToken, 400, "status"},
		{"bad format", "/v1/recordings?format=MKV", simulator.UserToken, 400, "format"},
		{"bad serviceType", "/v1/recordings?serviceType=Zoom", simulator.UserToken, 400, "serviceType"},
		{"max zero", "/v1/recordings?max=0", simulator.UserToken, 400, "max"},
		{"max not a number", "/v1/recordings?max=ten", simulator.UserToken, 400, "max"},
		{"bad from", "/v1/recordings?from=yesterday", simulator.UserToken, 400, "from"},
		{"from after to", "/v1/recordings?from=2025-03-02T00:00:00Z&to=2025-03-01T00:00:00Z", simulator.UserToken, 400, "from cannot be after to"},
		{"bad offset", "/v1/recordings?offset=-1", simulator.UserToken, 400, "offset"},
		{"hostEmail without admin scope", "/v1/recordings?hostEmail=bob%40example.com", simulator.UserToken, 403, simulator.ScopeAdminRecordingsRead},
		{"no scope", "/v1/recordings", simulator.NoScopeToken, 403, simulator.ScopeRecordingsRead},
		{"expired", "/v1/recordings", simulator.ExpiredToken, 401, "expired"},
		{"bad timezone", "/v1/recordings", simulator.UserToken, 0, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.status == 0 {
				r := do(t, ts, req{path: tc.path, token: tc.token, header: map[string]string{"timezone": "Mars/Base"}})
				assertWebexError(t, r, 400, "imezone")
				return
			}
			assertWebexError(t, do(t, ts, req{path: tc.path, token: tc.token}), tc.status, tc.want)
		})
	}
	for _, p := range []string{"/v1/recordings", "/v1/admin/recordings"} {
		r := do(t, ts, req{method: http.MethodPost, path: p, token: simulator.AdminToken})
		assertWebexError(t, r, 405, "method")
	}
	// An offset past the end, even an absurd one, is an empty page.
	if items, next := listPage(t, ts, "/v1/recordings?offset=9223372036854775807", simulator.UserToken, nil); len(items) != 0 || next != "" {
		t.Errorf("offset past the end: %d items, next %q", len(items), next)
	}
}

func TestListRecordings_paginationFaults(t *testing.T) {
	sim, ts := startList(t)
	sim.SetMaxPageSize(5)
	addBatch(t, sim, simulator.RecordingBatch{Count: 12})

	sim.SetRepeatNextLink(true)
	_, first := listPage(t, ts, "/v1/recordings?max=100", simulator.UserToken, nil)
	_, second := listPage(t, ts, strings.TrimPrefix(first, ts.URL), simulator.UserToken, nil)
	if first == "" || second != first {
		t.Errorf("repeat fault: page 2's next link %q, want page 1's %q again", second, first)
	}

	if err := sim.SetNextLinkOrigin("https://evil.example.com:8443"); err != nil {
		t.Fatal(err)
	}
	sim.SetRepeatNextLink(false)
	_, next := listPage(t, ts, "/v1/recordings?max=100", simulator.UserToken, nil)
	if !strings.HasPrefix(next, "https://evil.example.com:8443/v1/recordings?") {
		t.Errorf("next link %q should point to the configured origin", next)
	}
	for _, bad := range []string{"evil.example.com", "https://evil.example.com/path", "://", "https://x?y=1"} {
		if err := sim.SetNextLinkOrigin(bad); err == nil {
			t.Errorf("SetNextLinkOrigin(%q) accepted", bad)
		}
	}

	sim.SetRepeatNextLink(true)
	sim.ClearFaults()
	all, pages := listAll(t, ts, "/v1/recordings?max=100", simulator.UserToken)
	if len(all) != 12 || pages != 3 {
		t.Errorf("after ClearFaults: %d items in %d pages, want 12 in 3 (page size kept)", len(all), pages)
	}
}
