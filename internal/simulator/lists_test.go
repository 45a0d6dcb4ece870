package simulator_test

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

// listNow is the simulator clock of the list tests.
var listNow = time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)

type listItem struct {
	ID, MeetingID, ScheduledMeetingID, CreateTime, HostEmail, HostDisplayName string
	Password                                                                  *string
	ShareToMe                                                                 bool
	TemporaryDirectDownloadLinks                                              map[string]any
}

var nextLinkRE = regexp.MustCompile(`^<(https?://[^>]+)>; rel="next"$`)

// listPage sends one list request; it returns the items and the next link
// ("" on the last page).
func listPage(t *testing.T, ts *httptest.Server, rq req) ([]listItem, string) {
	t.Helper()
	r := do(t, ts, rq)
	var a struct{ Items *[]listItem }
	link := nextLinkRE.FindStringSubmatch(r.header.Get("Link"))
	if err := json.Unmarshal(r.body, &a); r.status != 200 || err != nil || a.Items == nil || link == nil && r.header.Get("Link") != "" {
		t.Fatalf("%s %s: status %d, Link %q, body %s; want 200, {\"items\": [...]} and <absolute URL>; rel=\"next\" if any",
			rq.method, rq.path, r.status, r.header.Get("Link"), r.body)
	}
	if link == nil {
		return *a.Items, ""
	}
	return *a.Items, link[1]
}

// listAll follows every next link from rq, POSTing a query's body again,
// and returns the items and the number of pages.
func listAll(t *testing.T, ts *httptest.Server, rq req) (all []listItem, pages int) {
	t.Helper()
	for pages = 1; pages < 50; pages++ {
		items, next := listPage(t, ts, rq)
		if all = append(all, items...); next == "" {
			return all, pages
		}
		if !strings.HasPrefix(next, ts.URL+"/") {
			t.Fatalf("next link %q leaves %s", next, ts.URL)
		}
		rq.path = strings.TrimPrefix(next, ts.URL)
	}
	t.Fatal("50 pages")
	return nil, 0
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

var listPaths = map[bool]string{false: "/v1/recordings", true: "/v1/admin/recordings"}

// list and query send the same filters, written in a GET list's query
// syntax, to a GET list and to its query endpoint (the admin ones if admin).
func list(admin bool, token, fields string) req {
	return req{path: listPaths[admin] + "?" + fields, token: token}
}

func query(admin bool, token, fields string) req {
	v, _ := url.ParseQuery(fields)
	body := map[string]any{}
	for k := range v {
		body[k] = v.Get(k)
		if n, err := strconv.ParseFloat(v.Get(k), 64); k == "max" && err == nil {
			body[k] = n
		}
	}
	b, _ := json.Marshal(body)
	return req{method: http.MethodPost, path: listPaths[admin] + "/query", token: token, body: string(b)}
}

// listCase is a list request, sent as a GET list and as a query unless only
// names one method, and the ids it returns (in any order) or its refusal.
type listCase struct {
	admin               bool
	token, fields, only string
	want                []string
	status              int
	msg                 string
}

func checkLists(t *testing.T, ts *httptest.Server, cases []listCase) {
	t.Helper()
	for _, c := range cases {
		for _, rq := range []req{list(c.admin, c.token, c.fields), query(c.admin, c.token, c.fields)} {
			if c.only != "" && c.only != cmp.Or(rq.method, "GET") {
				continue
			}
			if c.status != 0 {
				assertWebexError(t, do(t, ts, rq), c.status, c.msg)
				continue
			}
			items, _ := listPage(t, ts, rq)
			if got, want := slices.Sorted(slices.Values(ids(items))), slices.Sorted(slices.Values(c.want)); !slices.Equal(got, want) {
				t.Errorf("%s %s %q: ids %v, want %v", cmp.Or(rq.method, "GET"), rq.path, c.fields, got, want)
			}
			// As the spec has it: the admin lists name the host and have no
			// password or shareToMe; the others the other way round.
			raw := string(do(t, ts, rq).body)
			for _, it := range items {
				adminShape := it.HostEmail != "" && it.HostDisplayName != "" && it.Password == nil && !strings.Contains(raw, "shareToMe")
				if c.admin != adminShape || !c.admin && it.Password == nil || it.TemporaryDirectDownloadLinks != nil {
					t.Errorf("%s %s: item %+v", cmp.Or(rq.method, "GET"), rq.path, it)
				}
			}
		}
	}
}

func TestLists_pagesAndOrder(t *testing.T) {
	sim, ts, _ := start(t, listNow)
	sim.SetMaxPageSize(10)
	want := addBatch(t, sim, simulator.RecordingBatch{Count: 23})
	// A GET list's next link carries the lowered max, the offset and the
	// resolved window; a query's, only the page (the body is POSTed again).
	if _, next := listPage(t, ts, list(false, simulator.UserToken, "max=100")); next != ts.URL+"/v1/recordings?from=2025-03-03T12%3A00%3A00Z&max=10&offset=10&to=2025-03-10T12%3A00%3A00Z" {
		t.Errorf("next link %q", next)
	}
	if _, next := listPage(t, ts, query(false, simulator.UserToken, "max=100")); next != ts.URL+"/v1/recordings/query?offset=10" {
		t.Errorf("query next link %q", next)
	}
	for _, rq := range []req{list(false, simulator.UserToken, "max=100"), query(false, simulator.UserToken, "max=100"),
		list(true, simulator.AdminToken, "max=100"), query(true, simulator.AdminToken, "max=100")} {
		if all, pages := listAll(t, ts, rq); pages != 3 || !slices.Equal(ids(all), want) {
			t.Errorf("%s %s: %d pages of %v\nwant 3 pages, newest first: %v", rq.method, rq.path, pages, ids(all), want)
		}
	}
	// Webex's default page size of 10; a GET max above the cap is lowered.
	sim.SetMaxPageSize(0)
	for i, rq := range []req{list(false, simulator.UserToken, ""), query(false, simulator.UserToken, ""), list(false, simulator.UserToken, "max=500"),
		list(false, simulator.UserToken, "max=3&offset=21"), list(false, simulator.UserToken, "offset=9223372036854775807")} {
		if items, _ := listPage(t, ts, rq); !slices.Equal(ids(items), [][]string{want[:10], want[:10], want, want[21:], {}}[i]) {
			t.Errorf("%s: ids %v, want %v", rq.path, ids(items), want)
		}
	}
}

func TestLists_filters(t *testing.T) {
	sim, ts, _ := start(t, listNow)
	with := func(b simulator.RecordingBatch) []string { b.Count = max(b.Count, 1); return addBatch(t, sim, b) }
	plain := with(simulator.RecordingBatch{Count: 2})
	inSeries := with(simulator.RecordingBatch{Count: 2, MeetingSeriesID: "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f"})
	tagged := with(simulator.RecordingBatch{IntegrationTags: []string{"JIRA-42", "ZD-7"}})
	topic := with(simulator.RecordingBatch{Topic: "Quarterly Review"})
	special := with(simulator.RecordingBatch{Topic: "Q&A: Café/Ünïcode 100%"})
	arf := with(simulator.RecordingBatch{Format: simulator.FormatARF})
	events := with(simulator.RecordingBatch{ServiceType: simulator.ServiceEventCenter})
	otherSite := with(simulator.RecordingBatch{SiteURL: "other-example.webex.com"})
	deleted := with(simulator.RecordingBatch{Status: simulator.RecordingDeleted})
	bobs := with(simulator.RecordingBatch{Host: simulator.BobEmail})
	sharedByBob := with(simulator.RecordingBatch{Host: simulator.BobEmail, SharedWith: []string{simulator.AliceEmail}})
	purged := with(simulator.RecordingBatch{MeetingSeriesID: "0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e", Status: simulator.RecordingPurged})
	old := with(simulator.RecordingBatch{Newest: listNow.AddDate(0, -2, 0), MeetingSeriesID: "0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d"})
	window := func(d time.Duration) string {
		return with(simulator.RecordingBatch{Topic: "Window", Newest: listNow.Add(d)})[0]
	}
	recent, sixDays, eightDays, future := window(-time.Hour), window(-6*24*time.Hour-23*time.Hour), window(-8*24*time.Hour), window(time.Minute)
	alices := slices.Concat(plain, inSeries, tagged, topic, special, arf, events, otherSite, []string{recent, sixDays})
	everyones := slices.Concat(alices, bobs, sharedByBob)
	items, _ := listPage(t, ts, list(false, simulator.UserToken, "meetingId=0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f"))
	scheduled, instance := url.QueryEscape(items[1].ScheduledMeetingID), url.QueryEscape(items[1].MeetingID)
	const alice, admin, compliance = simulator.UserToken, simulator.AdminToken, simulator.ComplianceToken
	checkLists(t, ts, []listCase{
		{false, alice, "max=100", "", slices.Concat(alices, sharedByBob), 0, ""},
		{false, alice, "meetingId=0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f", "", inSeries, 0, ""},
		{false, alice, "meetingId=" + scheduled, "", inSeries[1:], 0, ""},
		{false, alice, "meetingId=" + instance, "", inSeries[1:], 0, ""},
		{false, alice, "meetingId=0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f&siteUrl=other-example.webex.com", "", inSeries, 0, ""},
		{false, alice, "siteUrl=OTHER-example.webex.com", "", otherSite, 0, ""},
		{false, alice, "integrationTag=ZD-7", "", tagged, 0, ""},
		{false, alice, "topic=quarterly+review", "", topic, 0, ""},
		// The GET lists' "limited support for special characters" in topic.
		{false, alice, "topic=" + url.QueryEscape("q&a: café/üNÏCODE 100%"), "GET", nil, 0, ""},
		{false, alice, "topic=" + url.QueryEscape("q&a: café/üNÏCODE 100%"), "POST", special, 0, ""},
		{true, admin, "topic=" + url.QueryEscape("Q&A: Café/Ünïcode 100%"), "GET", nil, 0, ""},
		{true, admin, "topic=" + url.QueryEscape("Q&A: Café/Ünïcode 100%"), "POST", special, 0, ""},
		{false, alice, "format=ARF", "", arf, 0, ""},
		{false, alice, "serviceType=EventCenter", "", events, 0, ""},
		{false, alice, "status=deleted", "", deleted, 0, ""},
		{false, admin, "hostEmail=bob%40example.com", "", slices.Concat(bobs, sharedByBob), 0, ""},
		{false, compliance, "status=purged&hostEmail=alice%40example.com&meetingId=0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e", "", purged, 0, ""},
		// The window: 7 days before to, or after from; to exclusive.
		{false, alice, "topic=Window", "", []string{recent, sixDays}, 0, ""},
		{false, alice, "topic=Window&from=2025-03-01T00:00:00Z", "", []string{sixDays, eightDays}, 0, ""},
		{false, alice, "topic=Window&to=2025-03-05T00:00:00Z", "", []string{sixDays, eightDays}, 0, ""},
		{false, alice, "topic=Window&from=2025-03-01T00:00:00Z&to=2025-03-11T00:00:00Z", "", []string{future, recent, sixDays, eightDays}, 0, ""},
		{false, alice, "topic=Window&from=2025-03-01T00:00:00Z&to=2025-03-10T11:00:00Z", "", []string{sixDays, eightDays}, 0, ""},
		{false, alice, "topic=Window&from=2025-03-10T11%3A30%3A00%2B01%3A00&to=2025-03-10T11:30:00Z", "", []string{recent}, 0, ""},
		// The admin lists: every host; with meetingId, no window at all.
		{true, admin, "max=100", "", everyones, 0, ""},
		{true, compliance, "status=purged", "", purged, 0, ""},
		{true, admin, "max=100&from=2025-02-08T12:00:00Z&to=2025-03-10T12:00:00Z", "", append(everyones, eightDays), 0, ""},
		{true, admin, "meetingId=0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d", "", old, 0, ""},
		{true, admin, "meetingId=0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d0d&from=2025-03-01T00:00:00Z&to=2025-01-01T00:00:00Z", "", old, 0, ""},
		{true, admin, "max=100&from=2024-12-01T00:00:00Z&to=2025-03-11T00:00:00Z", "POST", slices.Concat(everyones, old, []string{eightDays, future}), 0, ""},
	})
	items, _ = listPage(t, ts, list(false, alice, "max=100"))
	for _, it := range items {
		if it.ShareToMe != slices.Contains(sharedByBob, it.ID) {
			t.Errorf("item %s: shareToMe %v", it.ID, it.ShareToMe)
		}
	}
	// The timezone header shifts the times, as for Get Recording Details.
	if items, _ := listPage(t, ts, req{path: "/v1/recordings?max=1", token: alice, header: map[string]string{"timezone": "Asia/Tokyo"}}); !strings.HasSuffix(items[0].CreateTime, "+09:00") {
		t.Errorf("createTime %v, want a +09:00 offset", items)
	}
}

func TestLists_refusals(t *testing.T) {
	_, ts, _ := start(t, listNow)
	const bad, alice = 400, simulator.UserToken
	checkLists(t, ts, []listCase{
		{true, alice, "", "", nil, 403, simulator.ScopeAdminRecordingsRead},
		{false, simulator.NoScopeToken, "", "", nil, 403, simulator.ScopeRecordingsRead},
		{false, simulator.ExpiredToken, "", "", nil, 401, "expired"},
		{true, simulator.AdminToken, "from=2025-02-01T00:00:00Z&to=2025-03-04T00:00:00Z", "GET", nil, bad, "30 days"},
		{true, simulator.AdminToken, "hostEmail=bob%40example.com", "", nil, bad, "hostEmail"},
		{false, alice, "hostEmail=bob%40example.com", "", nil, 403, simulator.ScopeAdminRecordingsRead},
		{true, simulator.AdminToken, "status=purged", "", nil, 403, "compliance officer"},
		{false, simulator.ComplianceToken, "status=purged", "", nil, bad, "meetingId"},
		{false, simulator.AdminToken, "status=purged&meetingId=x", "", nil, 403, "compliance officer"},
		{false, alice, "status=gone", "", nil, bad, "status"},
		{false, alice, "format=UPLOADED", "", nil, bad, "format"},
		{false, alice, "serviceType=Zoom", "", nil, bad, "serviceType"},
		{false, alice, "max=0", "", nil, bad, "max"},
		{false, alice, "max=ten", "", nil, bad, "max"},
		{false, alice, "max=101", "POST", nil, bad, "max"}, // the GET lists lower it
		{false, alice, "max=1.5", "", nil, bad, "max"},
		{false, alice, "from=yesterday", "", nil, bad, "from"},
		{false, alice, "from=2025-03-02T00:00:00Z&to=2025-03-01T00:00:00Z", "", nil, bad, "from cannot be after to"},
		{false, alice, "offset=-1", "GET", nil, bad, "offset"},
	})
	// A query's body: JSON, of the endpoint's field types; other fields,
	// nulls and JSON media types with parameters are fine. Then the page
	// and the timezone of a query.
	post := func(ct, body string) req {
		return req{method: http.MethodPost, path: "/v1/recordings/query", token: alice, body: body, header: map[string]string{"Content-Type": ct}}
	}
	for _, c := range []struct {
		rq     req
		status int
		want   string
	}{
		{post("", ""), 415, "JSON"}, {post("application/json", ""), 415, "JSON"}, {post("text/plain", `{}`), 415, "JSON"},
		{post("application/x-www-form-urlencoded", "max=10"), 415, "JSON"}, {post("application/json", `{"max": 10`), 415, "JSON"},
		{post("application/json", `[]`), bad, "object"}, {post("application/json", `{"max": "10"}`), bad, "max"},
		{post("application/json", `{"topic": 5}`), bad, "topic must be a string"},
		{post("application/json", `{"from": "`+strings.Repeat("x", 17<<10)+`"}`), bad, "larger"},
		{post("application/json; charset=utf-8", `{"max": null, "topic": null, "unknown": [1], "Max": "x"}`), 200, ""},
		{req{method: http.MethodPost, path: "/v1/recordings/query?offset=-1", token: alice, body: "{}"}, bad, "offset"},
		{req{path: "/v1/recordings", token: alice, header: map[string]string{"timezone": "Mars/Base"}}, bad, "timezone"},
		{req{method: http.MethodPost, path: "/v1/admin/recordings/query", token: simulator.AdminToken, body: `{"timezone": "Mars/Base"}`}, bad, "timezone"},
	} {
		if r := do(t, ts, c.rq); c.status != 200 {
			assertWebexError(t, r, c.status, c.want)
		} else if r.status != 200 {
			t.Errorf("body %s: status %d", c.rq.body, r.status)
		}
	}
}

func TestQueryEndpoints(t *testing.T) {
	sim, ts, _ := start(t, listNow)
	rq := query(false, simulator.UserToken, "topic=Weekly+Sync&max=5")
	// The log shows what was sent, even for a request FailNext refuses.
	_ = sim.FailNext("", 1, 503, "1")
	assertWebexError(t, do(t, ts, rq), 503, "")
	if reqs := sim.Requests(); len(reqs) != 1 || reqs[0].Body != rq.body || reqs[0].Method != http.MethodPost || reqs[0].Path != "/v1/recordings/query" {
		t.Errorf("logged %+v, want the body %s", reqs, rq.body)
	}
	// Off, both answer 404 like an unknown path; the GET lists still work.
	sim.SetQueryEndpoints(false)
	for _, rq := range []req{rq, query(true, simulator.AdminToken, "")} {
		assertWebexError(t, do(t, ts, rq), 404, "could not be found")
	}
	listPage(t, ts, list(false, simulator.UserToken, ""))
	sim.SetQueryEndpoints(true)
	listPage(t, ts, rq)
	// Only POST: a GET there is Get Recording Details of "query", or nothing.
	assertWebexError(t, do(t, ts, req{path: "/v1/recordings/query", token: simulator.UserToken}), 404, "")
	assertWebexError(t, do(t, ts, req{path: "/v1/admin/recordings/query", token: simulator.AdminToken}), 404, "")

	// The pagination faults, on the GET lists and the queries.
	sim.SetMaxPageSize(5)
	addBatch(t, sim, simulator.RecordingBatch{Count: 12})
	sim.SetRepeatNextLink(true)
	for _, rq := range []req{list(false, simulator.UserToken, ""), query(false, simulator.UserToken, "")} {
		_, first := listPage(t, ts, rq)
		rq.path = strings.TrimPrefix(first, ts.URL)
		if _, second := listPage(t, ts, rq); first == "" || second != first {
			t.Errorf("repeat fault: page 2's next link %q, want page 1's %q again", second, first)
		}
	}
	if err := sim.SetNextLinkOrigin("https://evil.example.com:8443"); err != nil {
		t.Fatal(err)
	}
	for _, rq := range []req{list(false, simulator.UserToken, ""), query(false, simulator.UserToken, "")} {
		if _, next := listPage(t, ts, rq); !strings.HasPrefix(next, "https://evil.example.com:8443"+strings.TrimSuffix(rq.path, "?")+"?") {
			t.Errorf("next link %q should point to the configured origin", next)
		}
	}
	for _, bad := range []string{"evil.example.com", "https://evil.example.com/path", "://", "https://x?y=1"} {
		if err := sim.SetNextLinkOrigin(bad); err == nil {
			t.Errorf("SetNextLinkOrigin(%q) accepted", bad)
		}
	}
	sim.ClearFaults()
	if all, pages := listAll(t, ts, list(false, simulator.UserToken, "")); len(all) != 12 || pages != 3 {
		t.Errorf("after ClearFaults: %d items in %d pages, want 12 in 3 (page size kept)", len(all), pages)
	}
}

func TestGroupRecordingDetails(t *testing.T) {
	decoded, err := base64.RawStdEncoding.DecodeString(simulator.BobPersonID)
	if simulator.PersonID(simulator.AliceEmail) != simulator.AlicePersonID || simulator.PersonUUID("BOB@example.com") != simulator.BobPersonUUID ||
		err != nil || string(decoded) != "ciscospark://us/PEOPLE/"+simulator.BobPersonUUID {
		t.Errorf("PersonID, PersonUUID and the constants disagree, or BobPersonID decodes to %q (%v), not the People API shape", decoded, err)
	}
	_, ts, _ := start(t, time.Time{})
	get := func(id, token, query, hostEmail string) response {
		return do(t, ts, req{path: "/v1/group/recordings/" + url.PathEscape(id) + "?" + query, token: token, header: map[string]string{"hostEmail": hostEmail}})
	}
	// Bob's private recording, named by each form of his person id and by
	// the hostEmail header: the whole recording, temporary links included.
	padded := url.QueryEscape(base64.StdEncoding.EncodeToString([]byte("ciscospark://us/PEOPLE/" + simulator.BobPersonUUID)))
	for _, c := range [][2]string{{"personId=" + simulator.BobPersonID}, {"personId=" + padded}, {"personId=" + simulator.BobPersonUUID},
		{"personId=" + strings.ToUpper(simulator.BobPersonUUID)}, {"", simulator.BobEmail}, {"", "Bob@Example.com"}} {
		r := get(simulator.OtherHostRecordingID, simulator.ServiceAppToken, c[0], c[1])
		if m := r.json(t); r.status != 200 || m["id"] != simulator.OtherHostRecordingID || m["shareToMe"] != false ||
			m["temporaryDirectDownloadLinks"] == nil || m["password"] == nil || m["hostEmail"] != nil {
			t.Errorf("%v: status %d, body %s", c, r.status, r.body)
		}
	}
	if r := get(simulator.SharedRecordingID, simulator.ServiceAppToken, "personId="+simulator.BobPersonID, ""); r.status != 200 {
		t.Errorf("the shared recording read for its host: status %d", r.status)
	}
	// Not found: another host's recording, one shared with the host by
	// others, deleted and purged ones, a person nobody knows.
	for _, c := range [][2]string{
		{simulator.ExampleRecordingID, simulator.BobPersonID}, {simulator.SharedRecordingID, simulator.AlicePersonID},
		{simulator.DeletedRecordingID, simulator.AlicePersonID}, {simulator.PurgedRecordingID, simulator.AlicePersonID},
		{simulator.ExampleRecordingID, simulator.PersonID("nobody@example.com")}, {simulator.ExampleRecordingID, "not-a-person-id"},
		{"0000", simulator.AlicePersonID},
	} {
		assertWebexError(t, get(c[0], simulator.ServiceAppToken, "personId="+url.QueryEscape(c[1]), ""), 404, "")
	}
}

func TestListGroupRecordings(t *testing.T) {
	sim, ts, _ := start(t, listNow)
	sim.SetMaxPageSize(5)
	alices := addBatch(t, sim, simulator.RecordingBatch{Count: 12, Topic: "Café"})
	addBatch(t, sim, simulator.RecordingBatch{Count: 3, Host: simulator.BobEmail, SharedWith: []string{simulator.AliceEmail}})
	addBatch(t, sim, simulator.RecordingBatch{Count: 1, Status: simulator.RecordingDeleted})
	// By person id or the hostEmail header (on every page): alice's own
	// available recordings, over three pages. topic is ignored, as Webex
	// does since the group list lost it.
	for _, rq := range []req{
		{path: "/v1/group/recordings?personId=" + simulator.AlicePersonID, token: simulator.ServiceAppToken},
		{path: "/v1/group/recordings?topic=nothing+like+it", token: simulator.ServiceAppToken, header: map[string]string{"hostEmail": simulator.AliceEmail}},
	} {
		items, pages := listAll(t, ts, rq)
		if !slices.Equal(ids(items), alices) || pages != 3 {
			t.Errorf("%+v: ids %v in %d pages, want alice's %v in 3", rq, ids(items), pages, alices)
		}
		for _, it := range items {
			if it.Password == nil || it.ShareToMe || it.HostEmail != "" || it.TemporaryDirectDownloadLinks != nil {
				t.Errorf("group item %+v", it)
			}
		}
	}
	if items, _ := listPage(t, ts, req{path: "/v1/group/recordings?personId=" + url.QueryEscape(simulator.PersonID("nobody@example.com")), token: simulator.ServiceAppToken}); len(items) != 0 {
		t.Errorf("unknown person: %d items, want none", len(items))
	}
	// Refusals, by both group endpoints unless only the list has the parameter.
	alice := "personId=" + simulator.AlicePersonID
	for _, c := range []struct {
		query, token, hostEmail string
		status                  int
		want                    string
		listOnly                bool
	}{
		{alice, simulator.ServiceAppNoGroupToken, "", 403, "group recording access", false},
		{alice, simulator.UserToken, "", 403, "group recording access", false},
		{alice, simulator.AdminToken, "", 403, "group recording access", false},
		{alice, simulator.ExpiredToken, "", 401, "expired", false},
		{"", simulator.ServiceAppToken, "", 400, "One of the personId parameter and hostEmail header", false},
		{alice, simulator.ServiceAppToken, simulator.AliceEmail, 400, "not both", false},
		{"hostEmail=alice%40example.com", simulator.ServiceAppToken, "", 400, "header", false},
		{alice + "&from=2025-02-01T00:00:00Z&to=2025-03-04T00:00:00Z", simulator.ServiceAppToken, "", 400, "30 days", true},
		{alice + "&meetingId=x", simulator.ServiceAppToken, "", 400, "meetingId and status are not parameters of List Group Recordings", true},
		{alice + "&status=available", simulator.ServiceAppToken, "", 400, "meetingId and status are not parameters", true},
	} {
		paths := []string{"/v1/group/recordings", "/v1/group/recordings/" + simulator.ExampleRecordingID}
		if c.listOnly {
			paths = paths[:1]
		}
		for _, p := range paths {
			assertWebexError(t, do(t, ts, req{path: p + "?" + c.query, token: c.token, header: map[string]string{"hostEmail": c.hostEmail}}), c.status, c.want)
		}
	}
}
