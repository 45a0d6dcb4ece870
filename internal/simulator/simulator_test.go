package simulator_test

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(t *testing.T) (m map[string]any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(r.body))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("decode %q: %v", r.body, err)
	}
	return m
}

// req is one request: path is appended to the server URL as is (already
// escaped); a body is sent as JSON unless header says otherwise.
type req struct {
	method, path, token, body string
	header                    map[string]string
}

// start serves a fresh simulator whose clock stands still at now (the real
// time when zero); advance moves it.
func start(t *testing.T, now time.Time) (sim *simulator.Server, ts *httptest.Server, advance func(time.Duration)) {
	sim = simulator.New()
	ts = httptest.NewServer(sim)
	t.Cleanup(ts.Close)
	var mu sync.Mutex
	if !now.IsZero() {
		sim.SetClock(func() time.Time { mu.Lock(); defer mu.Unlock(); return now })
	}
	return sim, ts, func(d time.Duration) { mu.Lock(); defer mu.Unlock(); now = now.Add(d) }
}

func do(t *testing.T, ts *httptest.Server, rq req) response {
	t.Helper()
	hr, err := http.NewRequest(cmp.Or(rq.method, http.MethodGet), ts.URL+rq.path, strings.NewReader(rq.body))
	if err != nil {
		t.Fatal(err)
	}
	if rq.token != "" {
		hr.Header.Set("Authorization", "Bearer "+rq.token)
	}
	if rq.body != "" {
		hr.Header.Set("Content-Type", "application/json")
	}
	for k, v := range rq.header {
		hr.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(hr)
	if err != nil {
		t.Fatalf("%s %s: %v", hr.Method, rq.path, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return response{resp.StatusCode, resp.Header, body}
}

func recPath(id string) string { return "/v1/recordings/" + url.PathEscape(id) }

func getRec(t *testing.T, ts *httptest.Server, id, token string) response {
	t.Helper()
	return do(t, ts, req{path: recPath(id), token: token})
}

var trackingRE = regexp.MustCompile(`^ROUTER_[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$`)

// assertWebexError checks the full shape of a Webex error answer.
func assertWebexError(t *testing.T, r response, status int, want string) {
	t.Helper()
	if r.status != status || r.header.Get("Content-Type") != "application/json" {
		t.Fatalf("status %d, Content-Type %q, want %d, application/json; body %s", r.status, r.header.Get("Content-Type"), status, r.body)
	}
	var e struct {
		Message    string
		Errors     []struct{ Description string }
		TrackingID string
	}
	m := r.json(t)
	if err := json.Unmarshal(r.body, &e); err != nil || len(m) != 3 || e.Message == "" || len(e.Errors) != 1 || e.Errors[0].Description == "" {
		t.Fatalf("bad error body %s", r.body)
	}
	if !strings.Contains(e.Message+" "+e.Errors[0].Description, want) {
		t.Errorf("error body %s lacks %q", r.body, want)
	}
	if !trackingRE.MatchString(e.TrackingID) || r.header.Get("TrackingID") != e.TrackingID {
		t.Errorf("trackingId %q, TrackingID header %q: want the same ROUTER_<UUID>", e.TrackingID, r.header.Get("TrackingID"))
	}
}

// referenceWithoutLinks is the reference page's example minus
// temporaryDirectDownloadLinks, which are fresh on every read.
const referenceWithoutLinks = `{ "id": "4f914b1dfe3c4d11a61730f18c0f5387", "meetingId": "f91b6edce9864428af084977b7c68291_I_166641849979635652", "scheduledMeetingId": "f91b6edce9864428af084977b7c68291_20200713T121500Z", "meetingSeriesId": "f91b6edce9864428af084977b7c68291", "topic": "Example Topic", "createTime": "2020-07-13T17:11:35Z", "timeRecorded": "2020-07-13T17:05:35Z", "siteUrl": "site4-example.webex.com", "downloadUrl": "https://site4-example.webex.com/site4/lsr.php?RCID=b91990e37417bda24986e46cf43345ab", "playbackUrl": "https://site4-example.webex.com/site4/ldr.php?RCID=69201a61d1d94a84aca18817261d1a73", "password": "BgJep@43", "format": "ARF", "serviceType": "MeetingCenter", "durationSeconds": 18416, "sizeBytes": 168103, "shareToMe": false, "integrationTags": [ "dbaeceebea5c4a63ac9d5ef1edfe36b9", "85e1d6319aa94c0583a6891280e3437d", "27226d1311b947f3a68d6bdf8e4e19a1" ], "status": "available" }`

func links(t *testing.T, m map[string]any) map[string]any {
	t.Helper()
	l, ok := m["temporaryDirectDownloadLinks"].(map[string]any)
	if !ok {
		t.Fatalf("no temporaryDirectDownloadLinks in %v", m)
	}
	return l
}

// The contract test: the example recording is the reference page's, field
// for field, in its order, with links of its shape, fresh on every read.
func TestExampleRecordingMatchesReference(t *testing.T) {
	_, ts, _ := start(t, time.Date(2022, 5, 1, 7, 30, 25, 0, time.UTC))
	const query = `siteid=2062842&recordid=305462&confid=137735449369118342&language=en_US&userid=3516472&serviceRecordID=305492&ticket=([A-Za-z0-9%]+)&timestamp=(\d+)&islogin=yes&isprevent=no&ispwd=yes`
	base, seen := `^https://site4-example\.webex\.com/nbr/`, map[string]bool{}
	for range 3 {
		r := getRec(t, ts, simulator.ExampleRecordingID, simulator.UserToken)
		if r.status != 200 || r.header.Get("Content-Type") != "application/json;charset=UTF-8" || !trackingRE.MatchString(r.header.Get("TrackingID")) {
			t.Fatalf("status %d, Content-Type %q, TrackingID %q", r.status, r.header.Get("Content-Type"), r.header.Get("TrackingID"))
		}
		if !bytes.HasPrefix(r.body, []byte(`{"id":"4f914b1dfe3c4d11a61730f18c0f5387","meetingId":`)) || bytes.Contains(r.body, []byte(`\u0026`)) {
			t.Errorf("field order or escaping differs from the reference: %.80s", r.body)
		}
		got, want := r.json(t), response{body: []byte(referenceWithoutLinks)}.json(t)
		l := links(t, got)
		if delete(got, "temporaryDirectDownloadLinks"); !reflect.DeepEqual(got, want) {
			t.Errorf("body differs from the reference\n got: %v\nwant: %v", got, want)
		}
		for key, re := range map[string]string{
			"recordingDownloadLink":  base + `MultiThreadDownloadServlet\?` + query + `$`,
			"audioDownloadLink":      base + `downloadMedia\.do\?` + query + `&mediaType=1$`,
			"transcriptDownloadLink": base + `downloadMedia\.do\?` + query + `&mediaType=2$`,
		} {
			m := regexp.MustCompile(re).FindStringSubmatch(fmt.Sprint(l[key]))
			if m == nil || seen[m[1]] || seen[m[2]] {
				t.Fatalf("%s = %v: not of the reference's shape, or its ticket or timestamp seen before", key, l[key])
			}
			seen[m[1]], seen[m[2]] = true, true
			raw, _ := url.QueryUnescape(m[1])
			if b, err := base64.StdEncoding.DecodeString(raw); err != nil || len(b) != 40 {
				t.Errorf("ticket %q is not base64 of 40 bytes", raw)
			}
		}
		if len(l) != 4 || l["expiration"] != "2022-05-01T10:30:25Z" {
			t.Errorf("links %v, want 3 links and the expiration 3 hours after the request", l)
		}
	}
}

// Each fixture and the hostEmail rules of Get Recording Details.
func TestFixtures(t *testing.T) {
	_, ts, _ := start(t, time.Time{})
	bob, alice := "hostEmail="+url.QueryEscape(simulator.BobEmail), "hostEmail=alice%40example.com"
	for _, c := range []struct {
		id, token, query string
		status           int
		want             string // "field=value" pairs; "-key": no such key, links included; a refusal's message
	}{
		{simulator.PreventDownloadRecordingID, simulator.UserToken, "", 200, "format=MP4 shareToMe=false -downloadUrl -temporaryDirectDownloadLinks"},
		{simulator.SharedRecordingID, simulator.UserToken, "", 200, "shareToMe=true"},
		{simulator.SharedRecordingID, simulator.AdminToken, bob, 200, "shareToMe=false"},
		{simulator.OtherHostRecordingID, simulator.UserToken, "", 404, ""},
		{simulator.OtherHostRecordingID, simulator.AdminToken, "", 404, ""},
		{simulator.OtherHostRecordingID, simulator.AdminToken, "hostEmail=BOB%40example.com", 200, "shareToMe=false"},
		{simulator.OtherHostRecordingID, simulator.AdminToken, alice, 404, ""},
		{simulator.OtherHostRecordingID, simulator.ComplianceToken, "", 200, ""},
		{simulator.ExampleRecordingID, simulator.UserToken, alice, 403, ""},
		{simulator.ExampleRecordingID, simulator.UserToken, "hostEmail=", 200, ""},
		{simulator.ExampleRecordingID, simulator.ComplianceToken, bob, 404, ""},
		{simulator.DeletedRecordingID, simulator.UserToken, "", 200, "status=deleted"},
		{simulator.PurgedRecordingID, simulator.UserToken, "", 410, ""},
		{simulator.PurgedRecordingID, simulator.AdminToken, alice, 410, ""},
		{simulator.PurgedRecordingID, simulator.ComplianceToken, "", 200, "status=purged"},
		{simulator.LargeUploadedRecordingID, simulator.UserToken, "", 200, "format=UPLOADED sizeBytes=6442450944 -integrationTags -audioDownloadLink -transcriptDownloadLink"},
		{"ffffffffffffffffffffffffffffffff", simulator.ComplianceToken, "", 404, ""},
		{simulator.ExampleRecordingID, simulator.ExpiredToken, "", 401, "expired"},
		{simulator.ExampleRecordingID, simulator.NoScopeToken, "", 403, simulator.ScopeRecordingsRead},
		{simulator.ExampleRecordingID, simulator.ServiceAppToken, "", 403, simulator.ScopeRecordingsRead},
		{simulator.ExampleRecordingID, simulator.AdminToken, "", 404, "could not be found"}, // without hostEmail: only own
	} {
		r := do(t, ts, req{path: recPath(c.id) + "?" + c.query, token: c.token})
		if c.status != 200 {
			assertWebexError(t, r, c.status, c.want)
			continue
		}
		if m := r.json(t); r.status != 200 || m["id"] != c.id {
			t.Errorf("%s as %s: status %d, id %v", c.id, c.token, r.status, m["id"])
		}
		for _, w := range strings.Fields(c.want) {
			k, v, _ := strings.Cut(w, "=")
			if absent, ok := strings.CutPrefix(k, "-"); ok && bytes.Contains(r.body, []byte(`"`+absent+`"`)) ||
				!ok && fmt.Sprint(r.json(t)[k]) != v {
				t.Errorf("%s as %s: want %s in %s", c.id, c.token, w, r.body)
			}
		}
	}
}

func TestTimezone(t *testing.T) {
	_, ts, _ := start(t, time.Date(2022, 5, 1, 7, 30, 25, 0, time.UTC))
	for zone, want := range map[string]string{
		"":                    "2020-07-13T17:11:35Z 2020-07-13T17:05:35Z 2022-05-01T10:30:25Z",
		"UTC":                 "2020-07-13T17:11:35Z 2020-07-13T17:05:35Z 2022-05-01T10:30:25Z",
		"America/Los_Angeles": "2020-07-13T10:11:35-07:00 2020-07-13T10:05:35-07:00 2022-05-01T03:30:25-07:00",
		"Asia/Kolkata":        "2020-07-13T22:41:35+05:30 2020-07-13T22:35:35+05:30 2022-05-01T16:00:25+05:30",
	} {
		m := do(t, ts, req{path: recPath(simulator.ExampleRecordingID), token: simulator.UserToken, header: map[string]string{"timezone": zone}}).json(t)
		if got := fmt.Sprint(m["createTime"], " ", m["timeRecorded"], " ", links(t, m)["expiration"]); got != want {
			t.Errorf("%q: got %s, want %s", zone, got, want)
		}
	}
	for _, bad := range []string{"Mars/Olympus_Mons", "Local", "../../etc/passwd", "/etc/localtime", strings.Repeat("A", 300)} {
		assertWebexError(t, do(t, ts, req{path: recPath(simulator.ExampleRecordingID), token: simulator.UserToken, header: map[string]string{"timezone": bad}}), 400, "timezone")
	}
}

func TestRouting(t *testing.T) {
	sim, ts, _ := start(t, time.Time{})
	// An escaped id stays one segment; a path that is not canonical gets a
	// plain 404, never a redirect to another endpoint.
	for p, wantID := range map[string]string{
		"/v1/recordings/..%2F..%2Fadmin%2Frecordings": "../../admin/recordings", "/v1/recordings/%2E%2E": "..",
		"/v1/recordings/a%3Fb%23c": "a?b#c", "/v1/recordings/../admin/recordings": "", "/v1/recordings/./x": "",
		"/v1//recordings/x": "", "/": "", "/v1/admin/recordings/x": "", "/v1/recordings/x/y": "", "/v2/recordings/x": "",
	} {
		sim.ResetRequests()
		assertWebexError(t, do(t, ts, req{path: p, token: simulator.UserToken}), 404, "")
		if reqs := sim.Requests(); len(reqs) != 1 || reqs[0].Path != p || reqs[0].RecordingID != wantID || reqs[0].Status != 404 {
			t.Errorf("%s: logged %+v", p, reqs)
		}
	}
	for _, p := range []string{recPath(simulator.ExampleRecordingID), "/v1/recordings", "/v1/group/recordings"} {
		r := do(t, ts, req{method: http.MethodPut, path: p, token: simulator.UserToken})
		if assertWebexError(t, r, 405, "method"); r.header.Get("Allow") != "GET, HEAD" {
			t.Errorf("Allow = %q", r.header.Get("Allow"))
		}
	}
	if r := do(t, ts, req{method: http.MethodHead, path: recPath(simulator.ExampleRecordingID), token: simulator.UserToken}); r.status != 200 {
		t.Errorf("HEAD = %d", r.status)
	}
}

func TestRequestLog(t *testing.T) {
	at := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	sim, ts, _ := start(t, at)
	r := do(t, ts, req{path: recPath(simulator.ExampleRecordingID) + "?hostEmail=x%40y", token: simulator.UserToken, header: map[string]string{"User-Agent": "test/1"}})
	if reqs := sim.Requests(); len(reqs) != 1 || !reqs[0].Time.Equal(at) || reqs[0].Method != "GET" || reqs[0].Path != recPath(simulator.ExampleRecordingID) ||
		reqs[0].RawQuery != "hostEmail=x%40y" || reqs[0].Status != 403 || reqs[0].RecordingID != simulator.ExampleRecordingID || reqs[0].Body != "" ||
		reqs[0].TrackingID != r.header.Get("TrackingID") || reqs[0].Header.Get("User-Agent") != "test/1" {
		t.Errorf("logged %+v", reqs)
	} else if reqs[0].Header.Set("User-Agent", "changed"); sim.Requests()[0].Header.Get("User-Agent") != "test/1" {
		t.Error("log shares header maps with callers")
	}
	sim.SetRequestLogLimit(3)
	for range 7 {
		getRec(t, ts, simulator.ExampleRecordingID, simulator.UserToken)
	}
	if n := len(sim.Requests()); n != 3 {
		t.Errorf("log holds %d, want 3", n)
	}
	sim.SetRequestLogLimit(0)
	getRec(t, ts, simulator.ExampleRecordingID, "")
	if n, s := len(sim.Requests()), sim.Stats(); n != 0 || s.Requests != 9 {
		t.Errorf("logging off: log holds %d, stats %+v", n, s)
	}
	if sim.ResetRequests(); sim.Stats().Requests != 0 {
		t.Errorf("stats after reset %+v", sim.Stats())
	}
}

// TestFaults runs steps: a fault set up, then a request and its status and
// Retry-After. Failures queue in order, an id's spare other ids, and they
// come before authentication, like a gateway's; the rate limit covers
// every path, and refused requests use no token.
func TestFaults(t *testing.T) {
	sim, ts, advance := start(t, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	const date = "Wed, 21 Oct 2015 07:28:00 GMT"
	example, shared := recPath(simulator.ExampleRecordingID), recPath(simulator.SharedRecordingID)
	limit := func(perSecond float64, burst int) func() { return func() { sim.SetRateLimit(perSecond, burst) } }
	for i, s := range []struct {
		setup       func()
		path, token string
		want        string // status and Retry-After
	}{
		{func() {
			_ = sim.FailNext(simulator.ExampleRecordingID, 2, 503, "2")
			_ = sim.FailNext(simulator.ExampleRecordingID, 1, 423, "")
			_ = sim.FailNext("", 1, 429, date)
			_ = sim.FailNext("", 1, 418, "")
		}, shared, simulator.UserToken, "429 " + date},
		{nil, example, "", "503 2"}, {nil, example, simulator.UserToken, "503 2"}, {nil, example, simulator.UserToken, "423 "},
		{nil, example, simulator.UserToken, "418 "}, {nil, example, simulator.UserToken, "200 "},
		{limit(1, 2), example, simulator.UserToken, "200 "}, {nil, example, simulator.UserToken, "200 "},
		{nil, example, simulator.UserToken, "429 1"}, {func() { advance(time.Second) }, example, simulator.UserToken, "200 "},
		{limit(0.25, 1), example, simulator.UserToken, "200 "}, {nil, "/v1/recordings", simulator.UserToken, "429 4"},
		{limit(3, 1), example, simulator.UserToken, "200 "}, {nil, example, simulator.UserToken, "429 1"}, // 1/3 s rounds up
		{limit(0, 0), example, simulator.UserToken, "200 "}, {nil, example, simulator.UserToken, "200 "},
		{func() {
			_ = sim.FailNext("", 5, 500, "")
			sim.SetLatency(time.Hour)
			sim.SetRateLimit(1e-9, 1)
			sim.ClearFaults()
		}, example, simulator.UserToken, "200 "},
	} {
		if s.setup != nil {
			s.setup()
		}
		r := do(t, ts, req{path: s.path, token: s.token})
		if got := fmt.Sprint(r.status, " ", r.header.Get("Retry-After")); got != s.want {
			t.Errorf("step %d: %s, want %s", i, got, s.want)
		} else if r.status != 200 {
			assertWebexError(t, r, r.status, "")
		}
	}
	if s := sim.Stats(); s.TooManyRequests != 4 {
		t.Errorf("stats %+v, want 4 rate-limited", s)
	}
	if sim.FailNext("", 0, 503, "") == nil || sim.FailNext("", 1, 200, "") == nil || sim.FailNext("", 1, 600, "") == nil {
		t.Error("FailNext took a count < 1 or a status outside 4xx and 5xx")
	}
}

func TestLatency(t *testing.T) {
	sim, ts, _ := start(t, time.Time{})
	sim.SetLatency(150 * time.Millisecond)
	if began := time.Now(); getRec(t, ts, simulator.ExampleRecordingID, simulator.UserToken).status != 200 || time.Since(began) < 150*time.Millisecond {
		t.Errorf("answered after %v", time.Since(began))
	}
	// A client that gives up ends the wait: logged with no status.
	sim.SetLatency(time.Hour)
	sim.ResetRequests()
	if resp, err := (&http.Client{Timeout: 50 * time.Millisecond}).Get(ts.URL + recPath(simulator.ExampleRecordingID)); err == nil {
		resp.Body.Close()
		t.Fatal("expected a timeout")
	}
	waitFor(t, func() bool { return len(sim.Requests()) == 1 && sim.Requests()[0].Status == 0 })
}

// waitFor polls cond for up to five seconds.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5s")
		}
	}
}

func TestListen(t *testing.T) {
	run, err := simulator.Listen("")
	if err != nil || !regexp.MustCompile(`^http://127\.0\.0\.1:\d+/v1$`).MatchString(run.BaseURL) {
		t.Fatalf("Listen: %v, %+v", err, run)
	}
	hr, _ := http.NewRequest(http.MethodGet, run.BaseURL+"/recordings/"+simulator.ExampleRecordingID, nil)
	hr.Header.Set("Authorization", "Bearer "+simulator.UserToken)
	if resp, err := http.DefaultClient.Do(hr); err != nil || resp.Body.Close() != nil || resp.StatusCode != 200 || len(run.Sim.Requests()) != 1 {
		t.Errorf("a read: %v, %v", resp, err)
	}
	if err := run.Close(); err != nil || <-run.Done() != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, err := http.Get(run.BaseURL); err == nil {
		t.Error("still serving after Close")
	}
	if _, err := simulator.Listen("256.0.0.1:bad"); err == nil {
		t.Error("bad address accepted")
	}
}

// The Authorization header takes a bearer token, whatever the scheme's case;
// with the siteUrl header, a recording of another site is not found.
func TestHeaders(t *testing.T) {
	_, ts, _ := start(t, time.Time{})
	user := "Bearer " + simulator.UserToken
	for _, c := range [][3]string{
		{"Authorization", "", "401"}, {"Authorization", "Bearer nope", "401"}, {"Authorization", "Basic " + simulator.UserToken, "401"},
		{"Authorization", "Bearer ", "401"}, {"Authorization", "bearer " + simulator.UserToken, "200"}, {"siteUrl", "", "200"},
		{"siteUrl", "site4-example.webex.com", "200"}, {"siteUrl", "SITE4-Example.webex.com", "200"}, {"siteUrl", "other-example.webex.com", "404"},
	} {
		r := do(t, ts, req{path: recPath(simulator.ExampleRecordingID), header: map[string]string{"Authorization": user, c[0]: c[1]}})
		if fmt.Sprint(r.status) != c[2] {
			t.Errorf("%s: %q: status %d, want %s", c[0], c[1], r.status, c[2])
		} else if r.status != 200 {
			assertWebexError(t, r, r.status, "")
		}
	}
}

// The temporary links of the recent fixtures point at the simulator, which
// serves them without an access token, as a provisioner's curl fetches them.
func TestRecentFixturesAndTheirDownloads(t *testing.T) {
	sim, ts, advance := start(t, time.Now())
	// The default 7-day window finds the recent fixtures, newest first, so
	// that `data "webex_recordings" "recent" {}` returns something; Fixtures
	// describes them all.
	items, _ := listPage(t, ts, req{path: "/v1/recordings", token: simulator.UserToken})
	if want := []string{simulator.AllHandsRecordingID, simulator.WeeklySyncRecordingID, simulator.CustomerCallRecordingID}; strings.Join(ids(items), ",") != strings.Join(want, ",") {
		t.Errorf("default window lists %v, want %v", ids(items), want)
	}
	fixtures := sim.Fixtures()
	for i, f := range fixtures {
		if f.ID == "" || f.Host == "" || f.Status == "" || f.Note == "" || f.CreateTime.IsZero() || i > 0 && f.CreateTime.After(fixtures[i-1].CreateTime) {
			t.Errorf("fixture %d %+v incomplete or not newest first", i, f)
		}
	}
	if len(fixtures) != 15 {
		t.Errorf("%d fixtures, want 15", len(fixtures))
	}
	l := links(t, getRec(t, ts, simulator.AllHandsRecordingID, simulator.UserToken).json(t))
	fetch := func(link any) response {
		path, ok := strings.CutPrefix(fmt.Sprint(link), ts.URL+"/nbr/")
		if !ok {
			t.Fatalf("link %q is not to the simulator's own origin %s", link, ts.URL)
		}
		return do(t, ts, req{path: "/nbr/" + path})
	}
	for key, wantType := range map[string]string{"recordingDownloadLink": "video/mp4", "audioDownloadLink": "audio/mp4", "transcriptDownloadLink": "text/plain; charset=utf-8"} {
		if r := fetch(l[key]); r.status != 200 || r.header.Get("Content-Type") != wantType || !strings.Contains(string(r.body), simulator.AllHandsRecordingID) || len(r.body) > 1024 {
			t.Errorf("%s: status %d, Content-Type %q, body %q; want 200, %s and a small file naming the recording", key, r.status, r.header.Get("Content-Type"), r.body, wantType)
		}
	}
	// A ticket is good for its own kind of file only.
	recording, _ := url.Parse(fmt.Sprint(l["recordingDownloadLink"]))
	audio, _ := url.Parse(fmt.Sprint(l["audioDownloadLink"]))
	q := audio.Query()
	for _, ticket := range []string{recording.Query().Get("ticket"), "SDJTSwAAAIUBSHkvL6Z5ddyBim5/HcJYcvn6IoXNEyCE2mAYQ5BlBg=="} {
		q.Set("ticket", ticket)
		audio.RawQuery = q.Encode()
		if r := fetch(audio.String()); r.status != 403 {
			t.Errorf("audio link with ticket %s: status %d, want 403", ticket, r.status)
		}
	}
	if r := fetch(ts.URL + "/nbr/downloadMedia.do?mediaType=3&ticket=x"); r.status != 404 {
		t.Errorf("unknown media type: status %d, want 404", r.status)
	}
	// Links expire 3 hours after the read, as the answer's expiration says.
	advance(3*time.Hour - time.Second)
	if r := fetch(l["recordingDownloadLink"]); r.status != 200 {
		t.Errorf("just before expiration: status %d, want 200", r.status)
	}
	advance(time.Second)
	if r := fetch(l["recordingDownloadLink"]); r.status != 410 || !strings.Contains(string(r.body), "expired") {
		t.Errorf("at expiration: status %d, body %q; want 410 saying it expired", r.status, r.body)
	}
}
