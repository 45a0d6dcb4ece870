package simulator_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/webex-terraform/terraform-provider-webex/internal/simulator"
)

// --- helpers ---------------------------------------------------------------

type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(r.body))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("decode %q: %v", r.body, err)
	}
	return m
}

type req struct {
	method string
	path   string // appended to the server URL, sent as-is (already escaped)
	token  string
	header map[string]string
}

func start(t *testing.T) (*simulator.Server, *httptest.Server) {
	t.Helper()
	sim := simulator.New()
	ts := httptest.NewServer(sim)
	t.Cleanup(ts.Close)
	return sim, ts
}

func noRedirectClient() *http.Client {
	return &http.Client{
		Transport: &http.Transport{DisableKeepAlives: true},
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
		Timeout: 30 * time.Second,
	}
}

func doErr(ts *httptest.Server, client *http.Client, rq req) (response, error) {
	method := rq.method
	if method == "" {
		method = http.MethodGet
	}
	hr, err := http.NewRequest(method, ts.URL+rq.path, nil)
	if err != nil {
		return response{}, err
	}
	if rq.token != "" {
		hr.Header.Set("Authorization", "Bearer "+rq.token)
	}
	for k, v := range rq.header {
		hr.Header.Set(k, v)
	}
	resp, err := client.Do(hr)
	if err != nil {
		return response{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return response{status: resp.StatusCode, header: resp.Header, body: body}, err
}

func do(t *testing.T, ts *httptest.Server, rq req) response {
	t.Helper()
	r, err := doErr(ts, noRedirectClient(), rq)
	if err != nil {
		t.Fatalf("%s %s: %v", rq.method, rq.path, err)
	}
	return r
}

func recPath(id string) string { return "/v1/recordings/" + url.PathEscape(id) }

func getRec(t *testing.T, ts *httptest.Server, id, token string) response {
	t.Helper()
	return do(t, ts, req{path: recPath(id), token: token})
}

var trackingRE = regexp.MustCompile(`^ROUTER_[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$`)

// assertWebexError checks the full shape of a Webex error answer.
func assertWebexError(t *testing.T, r response, status int, wantInMessage string) {
	t.Helper()
	if r.status != status {
		t.Fatalf("status = %d, want %d; body %s", r.status, status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	m := r.json(t)
	if got := slices.Sorted(maps.Keys(m)); !slices.Equal(got, []string{"errors", "message", "trackingId"}) {
		t.Errorf("error keys = %v", got)
	}
	msg, _ := m["message"].(string)
	errs, _ := m["errors"].([]any)
	if msg == "" || len(errs) == 0 {
		t.Fatalf("bad error body %s", r.body)
	}
	desc, _ := errs[0].(map[string]any)["description"].(string)
	if desc == "" {
		t.Errorf("empty description in %s", r.body)
	}
	if wantInMessage != "" && !strings.Contains(msg+" "+desc, wantInMessage) {
		t.Errorf("message %q / description %q lack %q", msg, desc, wantInMessage)
	}
	id, _ := m["trackingId"].(string)
	if !trackingRE.MatchString(id) {
		t.Errorf("trackingId %q does not look like ROUTER_<UUID>", id)
	}
	if h := r.header.Get("TrackingID"); h != id {
		t.Errorf("TrackingID header %q != body trackingId %q", h, id)
	}
}

func frozenClock(t time.Time) (func() time.Time, func(time.Duration)) {
	var mu sync.Mutex
	now := t
	return func() time.Time {
			mu.Lock()
			defer mu.Unlock()
			return now
		}, func(d time.Duration) {
			mu.Lock()
			defer mu.Unlock()
			now = now.Add(d)
		}
}

// --- authentication ----------------------------------------------------------

func TestTokens(t *testing.T) {
	_, ts := start(t)
	tests := []struct {
		name   string
		auth   string // full Authorization header; "" sends none
		status int
		want   string
	}{
		{"missing header", "", 401, "valid access token"},
		{"unknown token", "Bearer nope", 401, "valid access token"},
		{"wrong scheme", "Basic " + simulator.UserToken, 401, "valid access token"},
		{"bearer without token", "Bearer ", 401, "valid access token"},
		{"expired", "Bearer " + simulator.ExpiredToken, 401, "expired"},
		{"no scope", "Bearer " + simulator.NoScopeToken, 403, simulator.ScopeRecordingsRead},
		{"user", "Bearer " + simulator.UserToken, 200, ""},
		{"lowercase scheme", "bearer " + simulator.UserToken, 200, ""},
		{"compliance", "Bearer " + simulator.ComplianceToken, 200, ""},
		{"admin without hostEmail sees only own", "Bearer " + simulator.AdminToken, 404, "could not be found"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := map[string]string{}
			if tc.auth != "" {
				h["Authorization"] = tc.auth
			}
			r := do(t, ts, req{path: recPath(simulator.ExampleRecordingID), header: h})
			if tc.status == 200 {
				if r.status != 200 {
					t.Fatalf("status %d: %s", r.status, r.body)
				}
				return
			}
			assertWebexError(t, r, tc.status, tc.want)
		})
	}
}

func TestPeopleMe(t *testing.T) {
	_, ts := start(t)
	r := do(t, ts, req{path: "/v1/people/me", token: simulator.UserToken})
	if r.status != 200 {
		t.Fatalf("status %d", r.status)
	}
	m := r.json(t)
	if m["id"] == "" || !reflect.DeepEqual(m["emails"], []any{simulator.AliceEmail}) {
		t.Errorf("body %s", r.body)
	}
	assertWebexError(t, do(t, ts, req{path: "/v1/people/me"}), 401, "")
	assertWebexError(t, do(t, ts, req{path: "/v1/people/me", token: simulator.ExpiredToken}), 401, "expired")
}

// --- the example and the fixtures -------------------------------------------

// referenceWithoutLinks is the reference page's example minus
// temporaryDirectDownloadLinks, which are fresh on every read.
const referenceWithoutLinks = `{ "id": "4f914b1dfe3c4d11a61730f18c0f5387", "meetingId": "f91b6edce9864428af084977b7c68291_I_166641849979635652", "scheduledMeetingId": "f91b6edce9864428af084977b7c68291_20200713T121500Z", "meetingSeriesId": "f91b6edce9864428af084977b7c68291", "topic": "Example Topic", "createTime": "2020-07-13T17:11:35Z", "timeRecorded": "2020-07-13T17:05:35Z", "siteUrl": "site4-example.webex.com", "downloadUrl": "https://site4-example.webex.com/site4/lsr.php?RCID=b91990e37417bda24986e46cf43345ab", "playbackUrl": "https://site4-example.webex.com/site4/ldr.php?RCID=69201a61d1d94a84aca18817261d1a73", "password": "BgJep@43", "format": "ARF", "serviceType": "MeetingCenter", "durationSeconds": 18416, "sizeBytes": 168103, "shareToMe": false, "integrationTags": [ "dbaeceebea5c4a63ac9d5ef1edfe36b9", "85e1d6319aa94c0583a6891280e3437d", "27226d1311b947f3a68d6bdf8e4e19a1" ], "status": "available" }`

const linkQuery = `siteid=2062842&recordid=305462&confid=137735449369118342&language=en_US&userid=3516472&serviceRecordID=305492&ticket=([A-Za-z0-9%]+)&timestamp=(\d+)&islogin=yes&isprevent=no&ispwd=yes`

var (
	recordingLinkRE  = regexp.MustCompile(`^https://site4-example\.webex\.com/nbr/MultiThreadDownloadServlet\?` + linkQuery + `$`)
	audioLinkRE      = regexp.MustCompile(`^https://site4-example\.webex\.com/nbr/downloadMedia\.do\?` + linkQuery + `&mediaType=1$`)
	transcriptLinkRE = regexp.MustCompile(`^https://site4-example\.webex\.com/nbr/downloadMedia\.do\?` + linkQuery + `&mediaType=2$`)
)

func links(t *testing.T, m map[string]any) map[string]any {
	t.Helper()
	l, ok := m["temporaryDirectDownloadLinks"].(map[string]any)
	if !ok {
		t.Fatalf("no temporaryDirectDownloadLinks in %v", m)
	}
	return l
}

func TestExampleRecordingMatchesReference(t *testing.T) {
	sim, ts := start(t)
	clock, _ := frozenClock(time.Date(2022, 5, 1, 7, 30, 25, 0, time.UTC))
	sim.SetClock(clock)

	r := getRec(t, ts, simulator.ExampleRecordingID, simulator.UserToken)
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json;charset=UTF-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	if !trackingRE.MatchString(r.header.Get("TrackingID")) {
		t.Errorf("TrackingID header %q", r.header.Get("TrackingID"))
	}
	if !bytes.HasPrefix(r.body, []byte(`{"id":"4f914b1dfe3c4d11a61730f18c0f5387","meetingId":`)) {
		t.Errorf("field order differs from the reference: %.80s", r.body)
	}
	if bytes.Contains(r.body, []byte(`\u0026`)) {
		t.Errorf("ampersands are escaped: %s", r.body)
	}

	got := r.json(t)
	l := links(t, got)
	delete(got, "temporaryDirectDownloadLinks")
	var want map[string]any
	dec := json.NewDecoder(strings.NewReader(referenceWithoutLinks))
	dec.UseNumber()
	if err := dec.Decode(&want); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("body differs from the reference\n got: %v\nwant: %v", got, want)
	}

	if len(l) != 4 {
		t.Errorf("links keys = %v", slices.Sorted(maps.Keys(l)))
	}
	for key, re := range map[string]*regexp.Regexp{
		"recordingDownloadLink":  recordingLinkRE,
		"audioDownloadLink":      audioLinkRE,
		"transcriptDownloadLink": transcriptLinkRE,
	} {
		s, _ := l[key].(string)
		if !re.MatchString(s) {
			t.Errorf("%s = %q does not have the reference's shape", key, s)
		}
	}
	if l["expiration"] != "2022-05-01T10:30:25Z" {
		t.Errorf("expiration = %v, want request time + 3h", l["expiration"])
	}
}

func TestFreshTicketsPerRead(t *testing.T) {
	_, ts := start(t)
	seen := map[string]bool{}
	stamps := map[string]bool{}
	for range 3 {
		l := links(t, getRec(t, ts, simulator.ExampleRecordingID, simulator.UserToken).json(t))
		for _, key := range []string{"recordingDownloadLink", "audioDownloadLink", "transcriptDownloadLink"} {
			s, _ := l[key].(string)
			m := regexp.MustCompile(`ticket=([^&]+)&timestamp=(\d+)&`).FindStringSubmatch(s)
			if m == nil {
				t.Fatalf("%s = %q", key, s)
			}
			if seen[m[1]] || stamps[m[2]] {
				t.Errorf("ticket %s or timestamp %s reused", m[1], m[2])
			}
			seen[m[1]], stamps[m[2]] = true, true
			raw, err := url.QueryUnescape(m[1])
			if err != nil {
				t.Fatal(err)
			}
			if b, err := base64.StdEncoding.DecodeString(raw); err != nil || len(b) != 40 {
				t.Errorf("ticket %q is not base64 of 40 bytes: %v", raw, err)
			}
		}
	}
}

func TestFixtures(t *testing.T) {
	_, ts := start(t)
	type check struct {
		id      string
		token   string
		query   string
		status  int
		fields  map[string]any // expected values (json.Number as string literal via fmt)
		absent  []string
		link    []string // keys expected in temporaryDirectDownloadLinks
		nolinks []string // keys expected absent from it
	}
	checks := []check{
		{
			id: simulator.PreventDownloadRecordingID, token: simulator.UserToken, status: 200,
			fields: map[string]any{"format": "MP4", "shareToMe": false, "status": "available"},
			absent: []string{"downloadUrl", "temporaryDirectDownloadLinks"},
		},
		{
			id: simulator.SharedRecordingID, token: simulator.UserToken, status: 200,
			fields: map[string]any{"shareToMe": true},
			link:   []string{"recordingDownloadLink", "audioDownloadLink", "transcriptDownloadLink", "expiration"},
		},
		{id: simulator.OtherHostRecordingID, token: simulator.UserToken, status: 404},
		{id: simulator.OtherHostRecordingID, token: simulator.AdminToken, status: 404},
		{
			id: simulator.OtherHostRecordingID, token: simulator.AdminToken, query: "hostEmail=" + url.QueryEscape(simulator.BobEmail),
			status: 200, fields: map[string]any{"shareToMe": false},
		},
		{
			id: simulator.DeletedRecordingID, token: simulator.UserToken, status: 200,
			fields: map[string]any{"status": "deleted"},
		},
		{id: simulator.PurgedRecordingID, token: simulator.UserToken, status: 410},
		{id: simulator.PurgedRecordingID, token: simulator.AdminToken, query: "hostEmail=alice%40example.com", status: 410},
		{
			id: simulator.PurgedRecordingID, token: simulator.ComplianceToken, status: 200,
			fields: map[string]any{"status": "purged", "shareToMe": false},
		},
		{
			id: simulator.OtherHostRecordingID, token: simulator.ComplianceToken, status: 200,
			fields: map[string]any{"shareToMe": false},
		},
		{
			id: simulator.LargeUploadedRecordingID, token: simulator.UserToken, status: 200,
			fields:  map[string]any{"format": "UPLOADED", "sizeBytes": "6442450944"},
			absent:  []string{"integrationTags"},
			link:    []string{"recordingDownloadLink", "expiration"},
			nolinks: []string{"audioDownloadLink", "transcriptDownloadLink"},
		},
		{id: "ffffffffffffffffffffffffffffffff", token: simulator.ComplianceToken, status: 404},
	}
	for _, c := range checks {
		t.Run(fmt.Sprintf("%s/%s/%s", c.id[:6], c.token, c.query), func(t *testing.T) {
			p := recPath(c.id)
			if c.query != "" {
				p += "?" + c.query
			}
			r := do(t, ts, req{path: p, token: c.token})
			if c.status != 200 {
				assertWebexError(t, r, c.status, "")
				return
			}
			if r.status != 200 {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			m := r.json(t)
			if m["id"] != c.id {
				t.Errorf("id = %v", m["id"])
			}
			for k, v := range c.fields {
				got := m[k]
				if n, ok := got.(json.Number); ok {
					got = n.String()
				}
				if got != v {
					t.Errorf("%s = %v, want %v", k, got, v)
				}
			}
			for _, k := range c.absent {
				if _, ok := m[k]; ok {
					t.Errorf("%s present, want absent", k)
				}
			}
			if c.link != nil {
				l := links(t, m)
				for _, k := range c.link {
					if s, _ := l[k].(string); s == "" {
						t.Errorf("link %s missing", k)
					}
				}
				for _, k := range c.nolinks {
					if _, ok := l[k]; ok {
						t.Errorf("link %s present, want absent", k)
					}
				}
			}
		})
	}
}

func TestHostEmailRules(t *testing.T) {
	_, ts := start(t)
	q := func(id, email string) string { return recPath(id) + "?hostEmail=" + url.QueryEscape(email) }

	r := do(t, ts, req{path: q(simulator.ExampleRecordingID, simulator.AliceEmail), token: simulator.UserToken})
	assertWebexError(t, r, 403, simulator.ScopeAdminRecordingsRead)

	if r := do(t, ts, req{path: q(simulator.OtherHostRecordingID, "BOB@example.com"), token: simulator.AdminToken}); r.status != 200 {
		t.Errorf("admin, matching host (case-insensitive): %d", r.status)
	}
	assertWebexError(t, do(t, ts, req{path: q(simulator.OtherHostRecordingID, simulator.AliceEmail), token: simulator.AdminToken}), 404, "")
	if r := do(t, ts, req{path: q(simulator.ExampleRecordingID, simulator.AliceEmail), token: simulator.ComplianceToken}); r.status != 200 {
		t.Errorf("compliance with hostEmail: %d", r.status)
	}
	assertWebexError(t, do(t, ts, req{path: q(simulator.ExampleRecordingID, simulator.BobEmail), token: simulator.ComplianceToken}), 404, "")
	// An admin reading the shared recording through its host sees shareToMe false.
	m := do(t, ts, req{path: q(simulator.SharedRecordingID, simulator.BobEmail), token: simulator.AdminToken}).json(t)
	if m["shareToMe"] != false {
		t.Errorf("shareToMe = %v", m["shareToMe"])
	}
	// Empty hostEmail is the same as none.
	if r := do(t, ts, req{path: recPath(simulator.ExampleRecordingID) + "?hostEmail=", token: simulator.UserToken}); r.status != 200 {
		t.Errorf("empty hostEmail: %d", r.status)
	}
}

func TestTimezone(t *testing.T) {
	sim, ts := start(t)
	clock, _ := frozenClock(time.Date(2022, 5, 1, 7, 30, 25, 0, time.UTC))
	sim.SetClock(clock)
	tests := []struct {
		zone                         string
		create, recorded, expiration string
	}{
		{"", "2020-07-13T17:11:35Z", "2020-07-13T17:05:35Z", "2022-05-01T10:30:25Z"},
		{"UTC", "2020-07-13T17:11:35Z", "2020-07-13T17:05:35Z", "2022-05-01T10:30:25Z"},
		{"America/Los_Angeles", "2020-07-13T10:11:35-07:00", "2020-07-13T10:05:35-07:00", "2022-05-01T03:30:25-07:00"},
		{"Asia/Kolkata", "2020-07-13T22:41:35+05:30", "2020-07-13T22:35:35+05:30", "2022-05-01T16:00:25+05:30"},
	}
	for _, tc := range tests {
		t.Run(tc.zone, func(t *testing.T) {
			h := map[string]string{}
			if tc.zone != "" {
				h["timezone"] = tc.zone
			}
			r := do(t, ts, req{path: recPath(simulator.ExampleRecordingID), token: simulator.UserToken, header: h})
			m := r.json(t)
			if m["createTime"] != tc.create || m["timeRecorded"] != tc.recorded || links(t, m)["expiration"] != tc.expiration {
				t.Errorf("got %v / %v / %v", m["createTime"], m["timeRecorded"], links(t, m)["expiration"])
			}
		})
	}
	for _, bad := range []string{"Mars/Olympus_Mons", "Local", "../../etc/passwd", "/etc/localtime", strings.Repeat("A", 300)} {
		t.Run("bad "+bad[:min(len(bad), 20)], func(t *testing.T) {
			r := do(t, ts, req{path: recPath(simulator.ExampleRecordingID), token: simulator.UserToken, header: map[string]string{"timezone": bad}})
			assertWebexError(t, r, 400, "timezone")
		})
	}
}

// --- routing -------------------------------------------------------------------

func TestEscapedIDStaysOneSegment(t *testing.T) {
	sim, ts := start(t)
	paths := map[string]string{
		"/v1/recordings/..%2F..%2Fpeople%2Fme": "../../people/me",
		"/v1/recordings/%2E%2E":                "..",
		"/v1/recordings/a%3Fb%23c":             "a?b#c",
		"/v1/recordings/../people/me":          "", // not canonical: no redirect, plain 404
		"/v1/recordings/./x":                   "",
		"/v1//recordings/x":                    "",
	}
	for p, wantID := range paths {
		sim.ResetRequests()
		r := do(t, ts, req{path: p, token: simulator.UserToken})
		assertWebexError(t, r, 404, "")
		reqs := sim.Requests()
		if len(reqs) != 1 {
			t.Fatalf("%s: %d requests logged", p, len(reqs))
		}
		if reqs[0].Path != p || reqs[0].RecordingID != wantID || reqs[0].Status != 404 {
			t.Errorf("%s: logged %+v", p, reqs[0])
		}
		for _, rq := range reqs {
			if rq.Path == "/v1/people/me" {
				t.Errorf("%s reached /v1/people/me", p)
			}
		}
	}
	// The client's own escaping produces exactly the one-segment form.
	sim.ResetRequests()
	_ = getRec(t, ts, "../../people/me", simulator.UserToken)
	if got := sim.Requests()[0].Path; got != "/v1/recordings/..%2F..%2Fpeople%2Fme" {
		t.Errorf("path = %q", got)
	}
}

func TestUnknownRoutesAndMethods(t *testing.T) {
	_, ts := start(t)
	for _, p := range []string{"/", "/v1", "/v1/admin", "/v1/admin/recordings/x", "/v1/recordings/x/y", "/v2/recordings/x", "/v1/people/me/"} {
		assertWebexError(t, do(t, ts, req{path: p, token: simulator.UserToken}), 404, "")
	}
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch} {
		r := do(t, ts, req{method: m, path: recPath(simulator.ExampleRecordingID), token: simulator.UserToken})
		assertWebexError(t, r, 405, "method")
		if r.header.Get("Allow") != "GET, HEAD" {
			t.Errorf("Allow = %q", r.header.Get("Allow"))
		}
		assertWebexError(t, do(t, ts, req{method: m, path: "/v1/people/me", token: simulator.UserToken}), 405, "")
	}
	if r := do(t, ts, req{method: http.MethodHead, path: recPath(simulator.ExampleRecordingID), token: simulator.UserToken}); r.status != 200 {
		t.Errorf("HEAD = %d", r.status)
	}
}

// --- request log ----------------------------------------------------------------

func TestRequestLog(t *testing.T) {
	sim, ts := start(t)
	clock, _ := frozenClock(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC))
	sim.SetClock(clock)
	r := do(t, ts, req{
		path:   recPath(simulator.ExampleRecordingID) + "?hostEmail=x%40y",
		token:  simulator.UserToken,
		header: map[string]string{"timezone": "UTC", "User-Agent": "test/1"},
	})
	reqs := sim.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	got := reqs[0]
	if !got.Time.Equal(clock()) || got.Method != "GET" || got.Path != recPath(simulator.ExampleRecordingID) ||
		got.RawQuery != "hostEmail=x%40y" || got.Status != 403 || got.RecordingID != simulator.ExampleRecordingID ||
		got.TrackingID != r.header.Get("TrackingID") || got.Header.Get("User-Agent") != "test/1" ||
		got.Header.Get("Authorization") != "Bearer "+simulator.UserToken {
		t.Errorf("logged %+v", got)
	}
	// The returned headers are copies.
	got.Header.Set("User-Agent", "changed")
	if sim.Requests()[0].Header.Get("User-Agent") != "test/1" {
		t.Error("log shares header maps with callers")
	}
	if s := sim.Stats(); s.Requests != 1 || s.TooManyRequests != 0 {
		t.Errorf("stats %+v", s)
	}

	sim.SetRequestLogLimit(3)
	for range 7 {
		do(t, ts, req{path: "/v1/people/me", token: simulator.UserToken})
	}
	if n := len(sim.Requests()); n != 3 {
		t.Errorf("log holds %d, want 3", n)
	}
	sim.SetRequestLogLimit(0)
	do(t, ts, req{path: "/v1/people/me"})
	if n := len(sim.Requests()); n != 0 {
		t.Errorf("log holds %d with logging off", n)
	}
	if s := sim.Stats(); s.Requests != 9 {
		t.Errorf("stats %+v", s)
	}
	sim.ResetRequests()
	if s := sim.Stats(); s.Requests != 0 {
		t.Errorf("stats after reset %+v", s)
	}
}

// --- faults ----------------------------------------------------------------------

func TestRateLimit(t *testing.T) {
	sim, ts := start(t)
	clock, advance := frozenClock(time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	sim.SetClock(clock)

	sim.SetRateLimit(1, 2)
	for i := range 2 {
		if r := getRec(t, ts, simulator.ExampleRecordingID, simulator.UserToken); r.status != 200 {
			t.Fatalf("request %d: %d", i, r.status)
		}
	}
	r := getRec(t, ts, simulator.ExampleRecordingID, simulator.UserToken)
	assertWebexError(t, r, 429, "")
	if ra := r.header.Get("Retry-After"); ra != "1" {
		t.Errorf("Retry-After = %q, want 1", ra)
	}
	// Rejected requests do not consume tokens.
	advance(time.Second)
	if r := getRec(t, ts, simulator.ExampleRecordingID, simulator.UserToken); r.status != 200 {
		t.Errorf("after waiting: %d", r.status)
	}

	sim.SetRateLimit(0.25, 1)
	getRec(t, ts, simulator.ExampleRecordingID, simulator.UserToken)
	r = getRec(t, ts, simulator.ExampleRecordingID, simulator.UserToken)
	if r.status != 429 || r.header.Get("Retry-After") != "4" {
		t.Errorf("0.25/s: %d Retry-After %q", r.status, r.header.Get("Retry-After"))
	}
	// The global limit covers every path.
	assertWebexError(t, do(t, ts, req{path: "/v1/people/me", token: simulator.UserToken}), 429, "")

	sim.SetRateLimit(3, 1) // wait of 1/3 s rounds up to 1
	advance(time.Minute)
	getRec(t, ts, simulator.ExampleRecordingID, simulator.UserToken)
	if r := getRec(t, ts, simulator.ExampleRecordingID, simulator.UserToken); r.header.Get("Retry-After") != "1" {
		t.Errorf("Retry-After = %q, want 1", r.header.Get("Retry-After"))
	}
	if s := sim.Stats(); s.TooManyRequests != 4 {
		t.Errorf("stats %+v, want 4 rate-limited", s)
	}

	sim.SetRateLimit(0, 0)
	for range 5 {
		if r := getRec(t, ts, simulator.ExampleRecordingID, simulator.UserToken); r.status != 200 {
			t.Fatalf("unlimited: %d", r.status)
		}
	}
}

func TestFailNext(t *testing.T) {
	sim, ts := start(t)
	if err := sim.FailNext(simulator.ExampleRecordingID, 2, 503, "2"); err != nil {
		t.Fatal(err)
	}
	if err := sim.FailNext(simulator.ExampleRecordingID, 1, 423, ""); err != nil {
		t.Fatal(err)
	}
	if r := getRec(t, ts, simulator.SharedRecordingID, simulator.UserToken); r.status != 200 {
		t.Errorf("other id failed: %d", r.status)
	}
	for i := range 2 {
		r := getRec(t, ts, simulator.ExampleRecordingID, simulator.UserToken)
		assertWebexError(t, r, 503, "")
		if r.header.Get("Retry-After") != "2" {
			t.Errorf("failure %d: Retry-After %q", i, r.header.Get("Retry-After"))
		}
	}
	r := getRec(t, ts, simulator.ExampleRecordingID, simulator.UserToken)
	assertWebexError(t, r, 423, "")
	if _, ok := r.header["Retry-After"]; ok {
		t.Error("unexpected Retry-After")
	}
	if r := getRec(t, ts, simulator.ExampleRecordingID, simulator.UserToken); r.status != 200 {
		t.Errorf("after failures: %d", r.status)
	}

	const date = "Wed, 21 Oct 2015 07:28:00 GMT"
	if err := sim.FailNext("", 1, 429, date); err != nil {
		t.Fatal(err)
	}
	r = do(t, ts, req{path: "/v1/people/me", token: simulator.UserToken})
	assertWebexError(t, r, 429, "")
	if r.header.Get("Retry-After") != date {
		t.Errorf("Retry-After = %q", r.header.Get("Retry-After"))
	}
	if s := sim.Stats(); s.TooManyRequests != 1 {
		t.Errorf("stats %+v", s)
	}
	// Failures come before authentication, like a gateway's.
	_ = sim.FailNext("", 1, 502, "")
	assertWebexError(t, getRec(t, ts, simulator.ExampleRecordingID, ""), 502, "")

	for _, bad := range [][2]int{{0, 503}, {1, 200}, {1, 99}, {1, 600}, {-1, 500}} {
		if err := sim.FailNext("", bad[0], bad[1], ""); err == nil {
			t.Errorf("FailNext(n=%d, status=%d) accepted", bad[0], bad[1])
		}
	}
	_ = sim.FailNext("", 5, 500, "")
	sim.ClearFaults()
	if r := getRec(t, ts, simulator.ExampleRecordingID, simulator.UserToken); r.status != 200 {
		t.Errorf("ClearFaults left failures: %d", r.status)
	}
}

func TestLatency(t *testing.T) {
	sim, ts := start(t)
	sim.SetLatency(150 * time.Millisecond)
	began := time.Now()
	if r := getRec(t, ts, simulator.ExampleRecordingID, simulator.UserToken); r.status != 200 {
		t.Fatal(r.status)
	}
	if d := time.Since(began); d < 150*time.Millisecond {
		t.Errorf("answered after %v", d)
	}

	sim.SetLatency(10 * time.Second)
	sim.ResetRequests()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	hr, _ := http.NewRequestWithContext(ctx, http.MethodGet, ts.URL+recPath(simulator.ExampleRecordingID), nil)
	began = time.Now()
	if resp, err := http.DefaultClient.Do(hr); err == nil {
		resp.Body.Close()
		t.Fatal("expected timeout")
	}
	// The handler notices the cancellation instead of sleeping 10s.
	deadline := time.Now().Add(5 * time.Second)
	for len(sim.Requests()) == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	reqs := sim.Requests()
	if len(reqs) != 1 || reqs[0].Status != 0 {
		t.Errorf("log %+v", reqs)
	}
	if d := time.Since(began); d > 5*time.Second {
		t.Errorf("handler slept through cancellation (%v)", d)
	}
	sim.SetLatency(0)
}

func TestListen(t *testing.T) {
	run, err := simulator.Listen("")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(run.BaseURL, "http://127.0.0.1:") || !strings.HasSuffix(run.BaseURL, "/v1") {
		t.Errorf("BaseURL %q", run.BaseURL)
	}
	hr, _ := http.NewRequest(http.MethodGet, run.BaseURL+"/people/me", nil)
	hr.Header.Set("Authorization", "Bearer "+simulator.UserToken)
	resp, err := http.DefaultClient.Do(hr)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("status %d", resp.StatusCode)
	}
	if n := len(run.Sim.Requests()); n != 1 {
		t.Errorf("%d requests logged", n)
	}
	if err := run.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-run.Done():
		if err != nil {
			t.Errorf("serve: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("serve loop did not stop")
	}
	if _, err := http.Get(run.BaseURL + "/people/me"); err == nil {
		t.Error("still serving after Close")
	}
	if _, err := simulator.Listen("256.0.0.1:bad"); err == nil {
		t.Error("bad address accepted")
	}
}
